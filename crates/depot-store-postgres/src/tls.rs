//! TLS to the server, as libpq's `sslmode` has it (rustls, no OpenSSL):
//!
//! - `disable`: plain;
//! - `allow`, `prefer` (the default): TLS when the server offers it, no certificate check, plain
//!   when it does not or the handshake fails;
//! - `require`: TLS or nothing, no certificate check; with a CA to check against
//!   (`sslrootcert`, `PGSSLROOTCERT`, `~/.postgresql/root.crt`) it checks as `verify-ca`, as
//!   libpq does;
//! - `verify-ca`: the certificate must be signed by the CA of `sslrootcert` (or
//!   `PGSSLROOTCERT`, or `~/.postgresql/root.crt`), else by one the system trusts;
//! - `verify-full`: that, and the certificate must name the host of the URL.
//!
//! The `postgres` crate knows neither `verify-*` nor `sslrootcert`: [`Tls::take`] takes them
//! out of the URL before it is parsed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{CertificateError, ClientConfig, RootCertStore};
use tokio_postgres_rustls::MakeRustlsConnect;

mod verify;
use verify::{AnyCertificate, AnyName};

/// What the URL (or `PGSSLMODE`) asks for, in libpq's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Option<SslMode> {
        Some(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    /// The mode the `postgres` crate is given: it negotiates; the verifier does the checking.
    pub fn negotiation(self) -> postgres::config::SslMode {
        match self {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Allow | SslMode::Prefer => postgres::config::SslMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                postgres::config::SslMode::Require
            }
        }
    }
}

/// How a store speaks to its server: the mode, and the connector for TLS (none: plain only).
#[derive(Clone)]
pub struct Tls {
    pub mode: SslMode,
    /// Whose signature a certificate needs, as said in messages ("the CA in /etc/…").
    pub roots: Option<Said>,
    pub connector: Option<MakeRustlsConnect>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("mode", &self.mode)
            .field("roots", &self.roots)
            .finish_non_exhaustive()
    }
}

impl Tls {
    /// `url` without `sslmode` and `sslrootcert`, and what they (or `PGSSLMODE`,
    /// `PGSSLROOTCERT`, from `var`) ask for; a client certificate is refused. An error says
    /// what is wrong, without the URL.
    pub fn take(url: &str, var: impl Fn(&str) -> Option<String>) -> Result<(String, Tls), Said> {
        let (rest, mut params) = take_params(url, &["sslmode", "sslrootcert", "sslcert", "sslkey"]);
        let (key, cert) = (params.pop().flatten(), params.pop().flatten());
        if key.is_some() || cert.is_some() {
            return Err(Said::new(
                "depot cannot log in with a client certificate (sslcert, sslkey) yet; give the role a password (in the URL, PGPASSWORD or ~/.pgpass)",
                "depot 暂不能用客户端证书（`sslcert`、`sslkey`）登录；请给该角色设置密码（写在 URL、`PGPASSWORD` 或 `~/.pgpass` 中）",
            ));
        }
        let root = params.pop().flatten().or_else(|| var("PGSSLROOTCERT"));
        let root = root.filter(|r| !r.is_empty());
        let mode_text = params.pop().flatten().or_else(|| var("PGSSLMODE"));
        let mode = match mode_text.as_deref().filter(|m| !m.is_empty()) {
            None => SslMode::Prefer,
            Some(m) => SslMode::parse(m).ok_or_else(|| {
                Said::new(
                    format!(
                        "sslmode={m} is not one of disable, allow, prefer, require, verify-ca, verify-full"
                    ),
                    format!(
                        "`sslmode={m}` 不是 `disable`、`allow`、`prefer`、`require`、`verify-ca`、`verify-full` 之一"
                    ),
                )
            })?,
        };
        let tls = Tls::new(mode, root.as_deref(), var("HOME").map(PathBuf::from))?;
        Ok((rest, tls))
    }

    fn new(mode: SslMode, root: Option<&str>, home: Option<PathBuf>) -> Result<Tls, Said> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let any = || -> Arc<dyn ServerCertVerifier> {
            Arc::new(AnyCertificate(provider.signature_verification_algorithms))
        };
        let (verifier, roots) = match mode {
            SslMode::Disable => {
                return Ok(Tls {
                    mode,
                    roots: None,
                    connector: None,
                });
            }
            SslMode::Allow | SslMode::Prefer => (any(), None),
            // libpq's require checks the CA when there is one to check against.
            SslMode::Require if root.is_none() && default_root(home.as_deref()).is_none() => {
                (any(), None)
            }
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
                let (store, said) = roots(root, home)?;
                let webpki = WebPkiServerVerifier::builder_with_provider(
                    Arc::new(store),
                    Arc::clone(&provider),
                )
                .build()
                .map_err(|e| {
                    Said::new(
                        format!("the trusted certificates ({}) cannot be used: {e}", said.en),
                        format!("受信任的证书（{}）无法使用（`{e}`）", said.zh),
                    )
                })?;
                let verifier: Arc<dyn ServerCertVerifier> = match mode {
                    SslMode::VerifyFull => webpki,
                    _ => Arc::new(AnyName(webpki)),
                };
                (verifier, Some(said))
            }
        };
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| {
                Said::new(
                    format!("TLS cannot be set up: {e}"),
                    format!("无法建立 TLS（`{e}`）"),
                )
            })?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        Ok(Tls {
            mode,
            roots,
            connector: Some(MakeRustlsConnect::new(config)),
        })
    }
}

/// The certificates a server's must be signed by, and how to name them in a message: the file
/// given, libpq's `~/.postgresql/root.crt`, or the system's (also for `sslrootcert=system`).
fn roots(given: Option<&str>, home: Option<PathBuf>) -> Result<(RootCertStore, Said), Said> {
    let file = match given {
        Some("system") => None,
        Some(f) => Some(PathBuf::from(f)),
        None => default_root(home.as_deref()),
    };
    let mut store = RootCertStore::empty();
    if let Some(file) = file {
        let said = Said::new(
            format!("the CA in {}", file.display()),
            format!("`{}` 中的 CA", file.display()),
        );
        for cert in read_pem(&file)? {
            store.add(cert).map_err(|e| {
                Said::new(
                    format!(
                        "{} holds a certificate that cannot be used ({e})",
                        file.display()
                    ),
                    format!("`{}` 中有无法使用的证书（`{e}`）", file.display()),
                )
            })?;
        }
        return Ok((store, said));
    }
    let found = rustls_native_certs::load_native_certs();
    let (added, _) = store.add_parsable_certificates(found.certs);
    if added == 0 {
        return Err(Said::new(
            "there is no trusted CA on this system to check the server's certificate against; give the CA's file with sslrootcert=/path/ca.pem in the URL (or PGSSLROOTCERT)",
            "本系统没有可用来核对服务器证书的受信任 CA；请在 URL 中用 `sslrootcert=/path/ca.pem`（或 `PGSSLROOTCERT`）给出 CA 文件",
        ));
    }
    Ok((
        store,
        Said::new("a CA this system trusts", "本系统信任的 CA"),
    ))
}

/// A sentence in English and in Chinese: why TLS cannot be set up as the URL asks, or how
/// the trusted certificates are named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub en: String,
    pub zh: String,
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl Said {
    fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Said {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// libpq's CA file when none is given: `~/.postgresql/root.crt`, if there is one.
fn default_root(home: Option<&Path>) -> Option<PathBuf> {
    home.map(|h| h.join(".postgresql/root.crt"))
        .filter(|f| f.is_file())
}

fn read_pem(file: &Path) -> Result<Vec<CertificateDer<'static>>, Said> {
    let shown = file.display();
    let certs = CertificateDer::pem_file_iter(file)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            Said::new(
                format!("the CA file {shown} (sslrootcert) cannot be read: {e}"),
                format!("CA 文件 `{shown}`（`sslrootcert`）无法读取（`{e}`）"),
            )
        })?;
    if certs.is_empty() {
        return Err(Said::new(
            format!(
                "the CA file {shown} (sslrootcert) holds no certificate (PEM, -----BEGIN CERTIFICATE-----)"
            ),
            format!(
                "CA 文件 `{shown}`（`sslrootcert`）中没有证书（应为 PEM 格式，以 `-----BEGIN CERTIFICATE-----` 开头）"
            ),
        ));
    }
    Ok(certs)
}

/// `url` without the parameters named by `keys`, and their values (the last of each), in a
/// URL's query (percent-encoded) or a `key=value` string.
fn take_params(url: &str, keys: &[&str]) -> (String, Vec<Option<String>>) {
    let mut found = vec![None; keys.len()];
    let mut keep = |pair: &str, decode: bool| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match keys.iter().position(|key| *key == k.trim()) {
            Some(i) => {
                found[i] = Some(if decode {
                    percent_decode(v)
                } else {
                    v.to_owned()
                });
                false
            }
            None => true,
        }
    };
    if url.contains("://") {
        let Some((base, query)) = url.split_once('?') else {
            return (url.to_owned(), found);
        };
        let rest: Vec<&str> = query.split('&').filter(|p| keep(p, true)).collect();
        let url = match rest.is_empty() {
            true => base.to_owned(),
            false => format!("{base}?{}", rest.join("&")),
        };
        (url, found)
    } else {
        let rest: Vec<&str> = url.split_whitespace().filter(|p| keep(p, false)).collect();
        (rest.join(" "), found)
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(x)) => {
                out.push(x);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `e` is a failed TLS handshake (or a host name TLS cannot use), after which libpq's
/// `prefer` and `allow` try again in plain.
pub fn handshake_failed(tls: &Tls, e: &postgres::Error) -> bool {
    if !matches!(tls.mode, SslMode::Allow | SslMode::Prefer) {
        return false;
    }
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = cur {
        if rustls_error(s).is_some() || s.is::<rustls::pki_types::InvalidDnsNameError>() {
            return true;
        }
        cur = s.source();
    }
    false
}

fn rustls_error<'a>(s: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    s.downcast_ref::<rustls::Error>().or_else(|| {
        s.downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
            .and_then(|i| i.downcast_ref::<rustls::Error>())
    })
}

/// What went wrong with TLS in `e`, if it was TLS, in a user's words (never the password):
/// in English and in Chinese.
pub fn explain(at: &str, tls: &Tls, unix: bool, e: &postgres::Error) -> Option<(String, String)> {
    let mode = tls.mode.name();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = cur {
        if let Some(r) = rustls_error(s) {
            return Some(certificate(at, tls, r));
        }
        if s.is::<rustls::pki_types::InvalidDnsNameError>() {
            return Some((
                format!(
                    "the host of {at} is not a name TLS can check a certificate against (sslmode={mode}); give the server's DNS name or IP address"
                ),
                format!(
                    "`{at}` 的主机不是 TLS 能据以核对证书的名称（`sslmode={mode}`）；请给出服务器的 DNS 名称或 IP 地址"
                ),
            ));
        }
        if s.to_string().contains("server does not support TLS") {
            return Some(if unix {
                (
                    format!(
                        "PostgreSQL does not speak TLS over a Unix socket ({at}), and the URL asks for it (sslmode={mode}); give the server's host name to use TLS, or leave sslmode out for the socket"
                    ),
                    format!(
                        "PostgreSQL 在 Unix 套接字（`{at}`）上不使用 TLS，而 URL 要求 TLS（`sslmode={mode}`）；要用 TLS 请给出服务器的主机名，用套接字则去掉 `sslmode`"
                    ),
                )
            } else {
                (
                    format!(
                        "PostgreSQL at {at} does not speak TLS, and the URL asks for it (sslmode={mode}); ask its administrator to turn TLS on (ssl = on in postgresql.conf), or, on a trusted network only, connect with sslmode=prefer or disable"
                    ),
                    format!(
                        "`{at}` 上的 PostgreSQL 未开启 TLS，而 URL 要求 TLS（`sslmode={mode}`）；请其管理员开启 TLS（`postgresql.conf` 中的 `ssl = on`），或仅在可信网络中用 `sslmode=prefer` 或 `disable` 连接"
                    ),
                )
            });
        }
        cur = s.source();
    }
    None
}

fn certificate(at: &str, tls: &Tls, r: &rustls::Error) -> (String, String) {
    let (roots, roots_zh) = tls
        .roots
        .as_ref()
        .map_or(("a trusted CA", "受信任的 CA"), |r| {
            (r.en.as_str(), r.zh.as_str())
        });
    match r {
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => (
            format!(
                "the certificate of PostgreSQL at {at} is made out to another host name ({r}); connect with a host name the certificate names, or check only its CA with sslmode=verify-ca"
            ),
            format!(
                "`{at}` 上 PostgreSQL 的证书是颁发给另一个主机名的（`{r}`）；请用证书上写明的主机名连接，或用 `sslmode=verify-ca` 只核对其 CA"
            ),
        ),
        rustls::Error::InvalidCertificate(
            CertificateError::UnknownIssuer | CertificateError::BadSignature,
        ) => (
            format!(
                "the certificate of PostgreSQL at {at} is not trusted: it is not signed by {roots} ({r}); give the CA that signed it with sslrootcert=/path/ca.pem in the URL (or PGSSLROOTCERT), from the server's administrator"
            ),
            format!(
                "`{at}` 上 PostgreSQL 的证书不受信任：它不是由 {roots_zh} 签发的（`{r}`）；请向服务器管理员索取签发它的 CA，并在 URL 中用 `sslrootcert=/path/ca.pem`（或 `PGSSLROOTCERT`）给出"
            ),
        ),
        rustls::Error::InvalidCertificate(c) => (
            format!(
                "the certificate of PostgreSQL at {at} is not accepted ({c:?}: {r}); ask the server's administrator to renew or fix it"
            ),
            format!(
                "`{at}` 上 PostgreSQL 的证书未被接受（`{c:?}: {r}`）；请服务器管理员更新或修正它"
            ),
        ),
        _ => (
            format!(
                "TLS with PostgreSQL at {at} failed ({r}); check that the server's TLS is set up (ssl = on, a certificate and key) and that the port is PostgreSQL's"
            ),
            format!(
                "与 `{at}` 上 PostgreSQL 的 TLS 连接失败（`{r}`）；请检查服务器的 TLS 是否已配置（`ssl = on`、证书和私钥），以及该端口是否是 PostgreSQL 的"
            ),
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sslmode_and_sslrootcert_leave_the_url_and_the_variables_fill_in() {
        let (rest, found) = take_params(
            "postgres://u:p@h:5/d?sslmode=verify-full&application_name=x&sslrootcert=%2Ftmp%2Fa%20b.pem",
            &["sslmode", "sslrootcert"],
        );
        assert_eq!(rest, "postgres://u:p@h:5/d?application_name=x");
        assert_eq!(found[0].as_deref(), Some("verify-full"));
        assert_eq!(found[1].as_deref(), Some("/tmp/a b.pem"));
        let (rest, found) = take_params("postgres://h/d?sslmode=disable", &["sslmode"]);
        assert_eq!(
            (rest.as_str(), found[0].as_deref()),
            ("postgres://h/d", Some("disable"))
        );
        let (rest, found) = take_params("host=h sslmode=require dbname=d", &["sslmode"]);
        assert_eq!(
            (rest.as_str(), found[0].as_deref()),
            ("host=h dbname=d", Some("require"))
        );

        let none = |_: &str| None;
        let (_, t) = Tls::take("postgres://h/d", none).unwrap();
        assert_eq!(t.mode, SslMode::Prefer);
        assert!(t.connector.is_some());
        let (_, t) = Tls::take("postgres://h/d", |k: &str| {
            (k == "PGSSLMODE").then(|| "disable".to_owned())
        })
        .unwrap();
        assert!(t.mode == SslMode::Disable && t.connector.is_none());
        let (_, t) = Tls::take("postgres://h/d?sslmode=require", |k: &str| {
            (k == "PGSSLMODE").then(|| "disable".to_owned())
        })
        .unwrap();
        assert_eq!(t.mode, SslMode::Require);
        let e = Tls::take("postgres://h/d?sslmode=sure", none).unwrap_err();
        assert!(
            e.en.contains("sslmode=sure") && e.en.contains("verify-full") && e.zh.contains("之一"),
            "{e}"
        );
        let e = Tls::take(
            "postgres://h/d?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem",
            none,
        )
        .unwrap_err();
        assert!(
            e.en.contains("/nonexistent/ca.pem") && e.en.contains("cannot be read"),
            "{e}"
        );
        // require checks the CA of ~/.postgresql/root.crt where there is one, as libpq's.
        let home = tempfile::tempdir().unwrap();
        assert!(Tls::new(SslMode::Require, None, Some(home.path().into())).is_ok());
        std::fs::create_dir(home.path().join(".postgresql")).unwrap();
        std::fs::write(
            home.path().join(".postgresql/root.crt"),
            "not a certificate",
        )
        .unwrap();
        let e = Tls::new(SslMode::Require, None, Some(home.path().into())).unwrap_err();
        assert!(
            e.en.contains("root.crt") && e.en.contains("holds no certificate"),
            "{e}"
        );
    }
}
