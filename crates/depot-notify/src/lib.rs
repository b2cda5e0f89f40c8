//! The digest delivered where people are: by mail ([`mail`]: its HTML page, its workbook
//! attached), or a webhook's POST of the digest's JSON, or of a WeCom or DingTalk group
//! robot's message made from its headline figures and its counts by place ([`robot`]). Says nothing to people itself: a failure comes back as data
//! ([`Failure`]) for the service to say in the reader's language.

pub mod mail;
pub mod robot;
mod webhook;

pub use webhook::post;

/// Why a delivery failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server answered with a status other than 2xx; `body`: the start of its answer.
    Status { status: u16, body: String },
    /// A group robot answered 200 but refused the message (its `errcode` and `errmsg`).
    Robot { code: i64, message: String },
    /// No answer: the address could not be reached, the connection broke, or the mail server
    /// refused the message.
    Transport(String),
    /// The mail server's URL cannot be read.
    Server(String),
    /// The certificate to trust for the mail server cannot be read.
    Certificate(String),
    /// A mail address cannot be read.
    Address(String),
}
