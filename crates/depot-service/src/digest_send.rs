//! `depot digest --send`: each recipient's digest (their role's or their unit's), sent by mail
//! or webhook when it differs from the last one sent to them, its lines below standard said
//! against that one's (new, worse, better; the unchanged counted). What was sent (a fingerprint
//! of the content, its lines below standard, and when) is kept in the database with an entry in
//! the audit log, in one transaction after the delivery; a delivery that fails is logged and leaves what was sent as it was, so the next
//! run tries it again. A digest is never skipped, and sent twice only when the run dies (or the
//! database refuses the record) after the server took it: a message taken cannot be taken
//! back, so the next run says it again rather than risk saying nothing.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use depot_domain::Lang;
use depot_domain::msg::service::ServiceMsg;
use depot_domain::notify::DigestLine;
use depot_domain::notify::{Audience, Channel};
use depot_notify::Failure;
use depot_notify::mail::Mail;
pub use depot_notify::mail::MailServer;
use depot_report::digest::{CHANGE_FACTS, DigestSpec};
use depot_report::digest_change::{Changes, Since};
use depot_report::table::{FactValue, Report};
use depot_report::{Format, Output};

use crate::access::act;
use crate::audit_words::both;
use crate::notify::{Recipient, recipients};
use crate::store::{AuditEntry, SentRecord, Store};
use crate::{Ctx, Error, Result};

/// What a run asks for: the day, how far ahead, and how old a bundle is stale.
#[derive(Debug, Clone)]
pub struct SendSpec {
    pub as_of: NaiveDate,
    /// Days ahead for inspections and lots (`None`: the digest's defaults).
    pub within: Option<u32>,
    pub stale_days: i64,
    /// The rows a section lists for each place at most (`0`: all).
    pub per_place: usize,
    /// List the lines below standard unchanged since the digest last sent too (with
    /// `per_place` 0 they are listed anyway).
    pub unchanged: bool,
    /// The language the digests are written in.
    pub lang: Lang,
    /// Where mail goes out; `None`: a mail recipient's delivery fails, saying so.
    pub mail: Option<MailServer>,
}

/// What became of one recipient's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent; what its lines below standard did since the one sent before (`None`: the first
    /// sent, or a digest without them).
    Sent(Option<Changes>),
    /// The same as the one sent then (its time).
    Unchanged(String),
    /// Not delivered, and why; tried again on the next run.
    Failed(ServiceMsg),
}

/// A recipient and what became of their digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub recipient: Recipient,
    pub outcome: Outcome,
}

/// The digest `r` gets.
fn spec_for(r: &Recipient, s: &SendSpec) -> DigestSpec {
    let (scope, role) = match &r.audience {
        Audience::Role(role) => (None, Some(*role)),
        Audience::Place(code) => (Some(code.clone()), None),
    };
    DigestSpec {
        scope,
        role,
        as_of: s.as_of,
        inspect_days: s.within.unwrap_or(DigestSpec::INSPECT_DAYS),
        lot_days: s.within.unwrap_or(DigestSpec::LOT_DAYS),
        per_place: s.per_place,
        unchanged: s.unchanged || s.per_place == 0,
    }
}

/// What a digest says, as a hex SHA-256: its figures and rows, not the day it is as of (the
/// same things needing action on another day are not news), nor what changed since the one
/// sent before; its lines below standard by their figures, every one (`lines`), whichever
/// are listed.
pub fn fingerprint(report: &Report, lines: &[DigestLine]) -> String {
    let mut h = Sha256::new();
    let skipped = |key: &str| key == "as_of" || CHANGE_FACTS.contains(&key);
    for f in report.facts.iter().filter(|f| !skipped(f.key)) {
        if let FactValue::Cell(v) = &f.value {
            h.update(format!("{}={}|{}\n", f.key, v.data(report.lang), f.detail));
        }
    }
    for s in report.sections.iter().filter(|s| s.key != "resolved") {
        h.update(format!("[{}]\n", s.key));
        if s.key == "shortfalls" {
            continue;
        }
        for row in &s.rows {
            let cells: Vec<String> = row.iter().map(|c| c.data(report.lang)).collect();
            h.update(cells.join("\u{1f}"));
            h.update("\n");
        }
    }
    for l in lines {
        h.update(format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\n",
            l.unit, l.module, l.what, l.required, l.held, l.ready
        ));
    }
    depot_domain::movement::hex(&h.finalize())
}

/// A delivery's failure by `channel`, said.
fn said(f: Failure, channel: Channel) -> ServiceMsg {
    match f {
        Failure::Status { status, body } => ServiceMsg::WebhookStatus {
            status: status.to_string(),
            body,
        },
        Failure::Robot { code, message } => ServiceMsg::RobotRefused {
            code: code.to_string(),
            message,
        },
        Failure::Transport(error) if channel == Channel::Mail => ServiceMsg::MailNotTaken { error },
        Failure::Transport(error) => ServiceMsg::WebhookUnreachable { error },
        Failure::Server(error) => ServiceMsg::MailServerUrl { error },
        Failure::Certificate(error) => ServiceMsg::MailCertificate { error },
        Failure::Address(address) => ServiceMsg::NotMailAddress { address },
    }
}

/// The digest's workbook, as bytes: written beside the system's other temporary files and
/// read back.
fn workbook(report: &Report) -> Result<Vec<u8>> {
    let mut id = [0u8; 8];
    getrandom::fill(&mut id).map_err(|e| {
        Error::Msg(ServiceMsg::NoRandomness {
            error: e.to_string(),
        })
    })?;
    let path = std::env::temp_dir().join(format!(
        "depot-digest-{}.xlsx",
        depot_domain::movement::hex(&id)
    ));
    depot_report::xlsx::write_report(report, &path)?;
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e));
    // A file left behind in the temporary folder is harmless; the bytes are what count.
    let _ = std::fs::remove_file(&path);
    bytes
}

/// Delivers `report` to `r` by its channel: `Err` when it cannot be built, `Ok(Err)` when it
/// was not delivered.
fn deliver(
    r: &Recipient,
    report: &Report,
    s: &SendSpec,
    depot: &str,
) -> Result<Result<(), ServiceMsg>> {
    if r.channel == Channel::Mail {
        let Some(server) = &s.mail else {
            return Ok(Err(ServiceMsg::NoMailServer));
        };
        let name = format!("{}-{depot}-{}.xlsx", report.key, s.as_of.format("%Y%m%d"));
        let mail = Mail {
            to: &r.address,
            subject: &report.title,
            html: depot_report::html(report),
            attachment: (&name, workbook(report)?),
        };
        return Ok(depot_notify::mail::send(server, mail).map_err(|f| said(f, r.channel)));
    }
    let json_out = Output {
        format: Format::Json,
        section: None,
        out: None,
        width: 0,
        excel: false,
    };
    let json = depot_report::output::write(report, &json_out, s.lang, (depot, s.as_of))?;
    let body = depot_notify::robot::body(r.channel, report, &json);
    Ok(depot_notify::post(r.channel, &r.address, &body).map_err(|f| said(f, r.channel)))
}

/// Sends each recipient's digest that changed since the last one sent to them; `depot`: the
/// database's name, as the digest's files are named.
pub fn send(store: &Store, ctx: &Ctx, s: &SendSpec, depot: &str) -> Result<Vec<Delivery>> {
    // Any role sends it, as the operator the log names: one registered (an unknown name is
    // refused, and the refusal logged).
    act(store, ctx, "digest send", |w, ctx| {
        match w.operator(ctx.operator.as_str())? {
            Some(_) => Ok(()),
            None => Err(Error::UnknownOperator(ctx.operator.to_string())),
        }
    })?;
    let mut out = Vec::new();
    for r in recipients(store)? {
        let spec = spec_for(&r, s);
        let since = r.sent.as_ref().map(|sent| Since {
            at: &sent.at,
            lines: &sent.lines,
        });
        let built = crate::digest::build_since(store, &spec, since, s.stale_days, s.lang)?;
        let mut report = built.report;
        let print = fingerprint(&report, &built.lines);
        if let Some(sent) = r.sent.as_ref().filter(|sent| sent.fingerprint == print) {
            let at = sent.at.clone();
            out.push(Delivery {
                recipient: r,
                outcome: Outcome::Unchanged(at),
            });
            continue;
        }
        // A mail's page and workbook draw the rates of the last months; taken after the
        // fingerprint, whose digest is what needs action, not dates that move with the day.
        if r.channel == Channel::Mail {
            crate::digest::add_trend(store, &spec, &mut report, s.lang)?;
        }
        let done = deliver(&r, &report, s, depot)?;
        let action = format!("digest send {} {}", r.audience.key(), r.address);
        let recorded = store.write(|w| -> Result<()> {
            let at = ctx.stamp();
            let outcome = match &done {
                Ok(()) => {
                    w.put_digest_sent(&SentRecord {
                        audience: r.audience.key().to_owned(),
                        address: r.address.clone(),
                        fingerprint: print.clone(),
                        at: at.to_rfc3339(),
                        lines: built.lines.clone(),
                    })?;
                    both("sent", "已发送")
                }
                Err(m) => both(
                    &format!("failed: {}", m.say(Lang::En)),
                    &format!("失败：{}", m.say(Lang::Zh)),
                ),
            };
            w.audit(&AuditEntry {
                at,
                operator: ctx.operator.to_string(),
                action: action.clone(),
                outcome,
            })?;
            Ok(())
        });
        // Delivered but not recorded: the next run sends it again (the one way a digest goes
        // twice); this run stops, so that it is the only one.
        match recorded {
            Err(e) if done.is_ok() => {
                return Err(Error::Msg(ServiceMsg::SentNotRecorded {
                    audience: r.audience.key().to_owned(),
                    address: r.address.clone(),
                    error: e.say(s.lang),
                }));
            }
            other => other?,
        }
        out.push(Delivery {
            recipient: r,
            outcome: match done {
                Ok(()) => Outcome::Sent(built.changes),
                Err(m) => Outcome::Failed(m),
            },
        });
    }
    Ok(out)
}
