//! `depot notify`: the digest's recipients, by role or by unit, added, listed and removed.

use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use super::{language, refuse};
use depot_domain::msg::cli::notify::CliNotifyMsg;
use depot_domain::notify::{Audience, Channel};
use depot_domain::{Lang, Vocabulary};
use depot_service::digest_send::{Outcome, SendSpec};
use depot_service::store::Store;
use depot_service::{Ctx, Result, notify};

#[derive(Debug, Subcommand)]
pub enum NotifyCmd {
    /// Send the digest of a role or a unit to a mail address or a webhook (officers).
    Add {
        /// A role (quartermaster, officer, auditor) or a unit's or warehouse's code: whose
        /// digest is sent.
        #[arg(value_name = "FOR")]
        for_whom: String,
        /// How it is sent.
        #[arg(value_enum)]
        channel: ChannelArg,
        /// The mail address, or the webhook's URL.
        address: String,
        /// What the webhook receives: the digest's JSON, or a WeCom or DingTalk group robot's
        /// message (default json).
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
    },
    /// Who gets the digest, and when it was last sent to each.
    List,
    /// Stop sending a role's or a unit's digest to an address (officers).
    Remove {
        #[arg(value_name = "FOR")]
        for_whom: String,
        address: String,
    },
}

/// The ways a digest is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChannelArg {
    Mail,
    Webhook,
}

/// What a webhook receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Json,
    Wecom,
    Dingtalk,
}

/// The channel of a recipient added with `channel` and `kind`.
fn channel_of(channel: ChannelArg, kind: Option<KindArg>) -> Result<Channel> {
    Ok(match (channel, kind) {
        (ChannelArg::Mail, None) => Channel::Mail,
        (ChannelArg::Mail, Some(_)) => return Err(refuse(CliNotifyMsg::KindIsForWebhooks)),
        (ChannelArg::Webhook, None | Some(KindArg::Json)) => Channel::Json,
        (ChannelArg::Webhook, Some(KindArg::Wecom)) => Channel::WeCom,
        (ChannelArg::Webhook, Some(KindArg::Dingtalk)) => Channel::DingTalk,
    })
}

/// An audience in the reader's language: a role's word, or the place's code.
fn shown_audience(a: &Audience, lang: Lang) -> String {
    match (a, lang) {
        (Audience::Role(r), Lang::Zh) => r.zh().to_owned(),
        _ => a.key().to_owned(),
    }
}

fn shown_channel(c: Channel, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => c.zh(),
        Lang::En => c.en(),
    }
}

pub(super) fn notify_cmd(store: &Store, op: Option<&str>, cmd: NotifyCmd) -> Result<ExitCode> {
    let lang = language();
    match cmd {
        NotifyCmd::Add {
            for_whom,
            channel,
            address,
            kind,
        } => {
            let channel = channel_of(channel, kind)?;
            let ctx = Ctx::new(op)?;
            let r = notify::add(store, &ctx, &for_whom, channel, &address)?;
            let said = CliNotifyMsg::Added {
                audience: shown_audience(&r.audience, lang),
                channel: shown_channel(r.channel, lang).to_owned(),
                address: r.address,
            };
            println!("{}", said.say(lang));
        }
        NotifyCmd::Remove { for_whom, address } => {
            let ctx = Ctx::new(op)?;
            notify::remove(store, &ctx, &for_whom, &address)?;
            let said = CliNotifyMsg::Removed {
                audience: shown_audience(&Audience::parse(&for_whom), lang),
                address: address.trim().to_owned(),
            };
            println!("{}", said.say(lang));
        }
        NotifyCmd::List => {
            let all = notify::recipients(store)?;
            if all.is_empty() {
                println!("{}", CliNotifyMsg::NoRecipients.say(lang));
            }
            for r in all {
                let sent = match &r.sent {
                    Some(s) => CliNotifyMsg::LastSent { at: s.at.clone() },
                    None => CliNotifyMsg::NotSentYet,
                };
                let said = CliNotifyMsg::Listed {
                    audience: shown_audience(&r.audience, lang),
                    channel: shown_channel(r.channel, lang).to_owned(),
                    address: r.address,
                    sent: sent.say(lang),
                };
                println!("{}", said.say(lang));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `depot digest --send`: each recipient's digest sent if it changed; each outcome said, a
/// failure on standard error (and the exit code 1).
pub(super) fn send(
    store: &Store,
    op: Option<&str>,
    spec: &SendSpec,
    depot: &str,
) -> Result<ExitCode> {
    let lang = language();
    let ctx = Ctx::new(op)?;
    let done = depot_service::digest_send::send(store, &ctx, spec, depot)?;
    if done.is_empty() {
        println!("{}", CliNotifyMsg::NoRecipients.say(lang));
    }
    let mut failed = false;
    for d in done {
        let r = d.recipient;
        let audience = shown_audience(&r.audience, lang);
        match d.outcome {
            Outcome::Sent(changes) => {
                let said = CliNotifyMsg::Sent {
                    audience,
                    channel: shown_channel(r.channel, lang).to_owned(),
                    address: r.address,
                };
                println!("{}", said.say(lang));
                if let Some(n) = changes {
                    let said = CliNotifyMsg::LinesChanged {
                        new: n.new.to_string(),
                        worse: n.worse.to_string(),
                        better: n.better.to_string(),
                        resolved: n.resolved.to_string(),
                        unchanged: n.unchanged.to_string(),
                    };
                    println!("{}", said.say(lang));
                }
            }
            Outcome::Unchanged(at) => {
                let said = CliNotifyMsg::Unchanged {
                    audience,
                    address: r.address,
                    at,
                };
                println!("{}", said.say(lang));
            }
            Outcome::Failed(why) => {
                failed = true;
                let said = CliNotifyMsg::SendFailed {
                    audience,
                    address: r.address,
                    error: why.say(lang),
                };
                eprintln!("{}", said.say(lang));
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
