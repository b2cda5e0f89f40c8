//! A digest by mail: an HTML body with the digest's tables and its xlsx workbook attached,
//! sent through an SMTP server given as a URL, as lettre reads one: `smtp://USER:PASSWORD@HOST:587?tls=required`
//! (STARTTLS, then the login), `smtps://…@HOST:465` (TLS from the start), or plain
//! `smtp://HOST:25` for a relay on the same machine.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};

use crate::Failure;

/// How long the server may take before the delivery counts as failed.
const TIMEOUT: Duration = Duration::from_secs(60);

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Where mail goes out: the server's URL and the sender's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailServer {
    pub url: String,
    pub from: String,
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
    let transport = SmtpTransport::from_url(&server.url)
        .map_err(|e| Failure::Server(e.to_string()))?
        .timeout(Some(TIMEOUT))
        .build();
    transport
        .send(&message)
        .map(|_| ())
        .map_err(|e| Failure::Transport(e.to_string()))
}
