//! A digest by mail: an HTML body with the digest's tables and its xlsx workbook attached,
//! sent through an SMTP server given as a URL, as lettre reads one: `smtp://USER:PASSWORD@HOST:587?tls=required`
//! (STARTTLS, then the login), `smtps://…@HOST:465` (TLS from the start), or plain
//! `smtp://HOST:25` for a relay on the same machine. The server's certificate is checked
//! against the public roots, and against the one given (PEM) where the server's is signed by an
//! authority of the organisation's own.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::Failure;

/// How long the server may take before the delivery counts as failed.
const TIMEOUT: Duration = Duration::from_secs(60);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Where mail goes out: the server's URL, the sender's address, and a certificate (PEM) its
/// TLS is trusted by beside the public roots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailServer {
    pub url: String,
    pub from: String,
    pub ca: Option<Vec<u8>>,
}

/// The TLS the URL asks for (`None`: none), trusting `pem` too.
fn tls_trusting(url: &str, pem: &[u8]) -> Result<Option<Tls>, Failure> {
    let url = url::Url::parse(url).map_err(|e| Failure::Server(e.to_string()))?;
    let host = url
        .host_str()
        .ok_or_else(|| Failure::Server(url.to_string()))?;
    let tls = url
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    let cert = Certificate::from_pem(pem).map_err(|e| Failure::Certificate(e.to_string()))?;
    let params = TlsParameters::builder(host.to_owned())
        .add_root_certificate(cert)
        .build()
        .map_err(|e| Failure::Certificate(e.to_string()))?;
    Ok(match (url.scheme(), tls.as_deref()) {
        ("smtps", _) => Some(Tls::Wrapper(params)),
        (_, Some("required")) => Some(Tls::Required(params)),
        (_, Some("opportunistic")) => Some(Tls::Opportunistic(params)),
        _ => None,
    })
}

/// One message: its subject, its HTML page, and the workbook attached by its file name.
pub struct Mail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub html: String,
    pub attachment: (&'a str, Vec<u8>),
}

/// Sends `mail` through `server`.
pub fn send(server: &MailServer, mail: Mail<'_>) -> Result<(), Failure> {
    let from: Mailbox = server
        .from
        .parse()
        .map_err(|_| Failure::Address(server.from.clone()))?;
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|_| Failure::Address(mail.to.to_owned()))?;
    let (name, bytes) = mail.attachment;
    let kind = ContentType::parse(XLSX).map_err(|e| Failure::Transport(e.to_string()))?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject)
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::html(mail.html))
                .singlepart(Attachment::new(name.to_owned()).body(bytes, kind)),
        )
        .map_err(|e| Failure::Transport(e.to_string()))?;
    let mut transport = SmtpTransport::from_url(&server.url)
        .map_err(|e| Failure::Server(e.to_string()))?
        .timeout(Some(TIMEOUT));
    if let Some(tls) = server
        .ca
        .as_deref()
        .map(|pem| tls_trusting(&server.url, pem))
        .transpose()?
        .flatten()
    {
        transport = transport.tls(tls);
    }
    let transport = transport.build();
    transport
        .send(&message)
        .map(|_| ())
        .map_err(|e| Failure::Transport(e.to_string()))
}
