//! The digest's recipients: added, listed and removed by an officer, each change audited.
//! Whom a recipient is for (an [`Audience`]) and how it is reached (a [`Channel`]) are the
//! domain's; the database keeps them as words.

use depot_domain::access::Permission;
use depot_domain::msg::service::ServiceMsg;
use depot_domain::notify::{Audience, Channel};
use depot_domain::vocab::Vocabulary;

use crate::access::{act, authorize};
use crate::audit_words::both;
use crate::store::{AuditEntry, RecipientRecord, SentRecord, Store, StoreError};
use crate::workflow::holder;
use crate::{Ctx, Error, Result};

/// Someone the digest goes to, and what was last sent to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub audience: Audience,
    pub channel: Channel,
    /// The mail address or the webhook's URL.
    pub address: String,
    /// What was last sent, if anything.
    pub sent: Option<SentRecord>,
}

/// A recipient as the database keeps it, read back.
fn recipient(r: RecipientRecord, sent: Option<SentRecord>) -> Result<Recipient> {
    let channel = Channel::from_word(&r.channel).ok_or_else(|| StoreError::Corrupt {
        table: "recipients",
        key: format!("{} {}", r.audience, r.address),
        reason: format!("channel '{}'", r.channel),
    })?;
    Ok(Recipient {
        audience: Audience::parse(&r.audience),
        channel,
        address: r.address,
        sent,
    })
}

/// Every recipient, by audience then address, with what was last sent to each.
pub fn recipients(store: &Store) -> Result<Vec<Recipient>> {
    let r = store.read()?;
    let mut sent = r.digests_sent()?.into_iter().peekable();
    let mut out = Vec::new();
    for rec in r.recipients()? {
        // Both lists come in the same (audience, address) order.
        while sent
            .peek()
            .is_some_and(|s| (&s.audience, &s.address) < (&rec.audience, &rec.address))
        {
            sent.next();
        }
        let this = sent.next_if(|s| s.audience == rec.audience && s.address == rec.address);
        out.push(recipient(rec, this)?);
    }
    Ok(out)
}

/// The address as kept: trimmed, and checked to be what the channel reaches.
fn address_for(channel: Channel, address: &str) -> Result<String> {
    let address = address.trim();
    let ok = if channel.is_webhook() {
        let rest = address
            .strip_prefix("https://")
            .or_else(|| address.strip_prefix("http://"));
        rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
    } else {
        address.split_once('@').is_some_and(|(name, domain)| {
            !name.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !address.contains(char::is_whitespace)
        })
    };
    match (ok, channel.is_webhook()) {
        (true, _) => Ok(address.to_owned()),
        (false, true) => Err(Error::Msg(ServiceMsg::NotWebhookUrl {
            address: address.to_owned(),
        })),
        (false, false) => Err(Error::Msg(ServiceMsg::NotMailAddress {
            address: address.to_owned(),
        })),
    }
}

/// Adds a recipient of `audience` (a role's word, or a unit's or warehouse's code) reached by
/// `channel` at `address`, or changes the channel of the one there; an officer's, audited.
pub fn add(
    store: &Store,
    ctx: &Ctx,
    audience: &str,
    channel: Channel,
    address: &str,
) -> Result<Recipient> {
    let audience = Audience::parse(audience);
    let address = address_for(channel, address)?;
    let what = format!("notify add {} {address}", audience.key());
    act(store, ctx, &what, |w, ctx| {
        authorize(w, ctx, Permission::Manage, "manage digest recipients")?;
        if let Audience::Place(code) = &audience {
            holder(w, code)?;
        }
        w.put_recipient(&RecipientRecord {
            audience: audience.key().to_owned(),
            address: address.clone(),
            channel: channel.en().to_owned(),
        })?;
        w.audit(&AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: what.clone(),
            outcome: both(
                &format!("channel {}", channel.en()),
                &format!("渠道 {}", channel.zh()),
            ),
        })?;
        let sent = w.digest_sent(audience.key(), &address)?;
        Ok(Recipient {
            audience: audience.clone(),
            channel,
            address: address.clone(),
            sent,
        })
    })
}

/// Removes the recipient of `audience` at `address`, and what was sent to it; an officer's,
/// audited.
pub fn remove(store: &Store, ctx: &Ctx, audience: &str, address: &str) -> Result<()> {
    let audience = Audience::parse(audience);
    let address = address.trim();
    let what = format!("notify remove {} {address}", audience.key());
    act(store, ctx, &what, |w, ctx| {
        authorize(w, ctx, Permission::Manage, "manage digest recipients")?;
        if !w.remove_recipient(audience.key(), address)? {
            return Err(Error::Msg(ServiceMsg::NoRecipient {
                audience: audience.key().to_owned(),
                address: address.to_owned(),
            }));
        }
        w.audit(&AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: what.clone(),
            outcome: both("removed", "已移除"),
        })?;
        Ok(())
    })
}
