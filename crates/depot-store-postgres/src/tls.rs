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
use rustls::{ClientConfig, RootCertStore};
use tokio_postgres_rustls::MakeRustlsConnect;

pub(crate) mod failure;
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
