//! What a failed connection says about TLS: whether the handshake failed (so `prefer` and
//! `allow` try again in plain), and the certificate problem in words, in both languages.

use super::{SslMode, Tls};
use rustls::CertificateError;

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
