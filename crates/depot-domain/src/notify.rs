//! Whom the digest goes to and how: a recipient's audience (a role, or a unit or warehouse
//! with everything below it) and its channel (mail, or a webhook of one of three shapes).

use crate::access::Role;
use crate::vocab::{Vocabulary, vocabulary};
use rust_decimal::Decimal;

vocabulary! {
    /// How a digest reaches a recipient: by mail, or a webhook's POST of the digest's JSON, or
    /// of a WeCom or DingTalk group robot's message.
    Channel {
        Mail = "mail" / "邮件",
        Json = "json" / "JSON",
        WeCom = "wecom" / "企业微信",
        DingTalk = "dingtalk" / "钉钉",
    }
}

impl Channel {
    /// Whether the channel's address is a webhook's URL (else a mail address).
    pub fn is_webhook(self) -> bool {
        self != Channel::Mail
    }
}

/// Whose digest a recipient gets: a role's (the sections it may act on) or a place's (a unit
/// or warehouse, with everything below it). A role is told by its word, as `depot digest
/// --for` tells it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Audience {
    Role(Role),
    Place(String),
}

impl Audience {
    /// The audience a word names: a role's word (English or Chinese), else a place's code.
    pub fn parse(word: &str) -> Audience {
        let word = word.trim();
        match Role::from_word(word) {
            Some(r) => Audience::Role(r),
            None => Audience::Place(word.to_owned()),
        }
    }

    /// As the database keeps it: a role's English word, or the place's code.
    pub fn key(&self) -> &str {
        match self {
            Audience::Role(r) => r.en(),
            Audience::Place(code) => code,
        }
    }
}

/// A line of a standard below it, as a digest counts it: the place, the module and what the
/// line is for (by their codes, as the digest shows them), and its figures. What a digest sent
/// counted is kept, and the next one says what changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    pub unit: String,
    /// The module's code; empty for a unit's line.
    pub module: String,
    /// An item's code or `category:NAME`.
    pub what: String,
    pub required: Decimal,
    pub held: Decimal,
    pub ready: Decimal,
}

impl DigestLine {
    /// What the line is, whatever its figures.
    pub fn key(&self) -> (&str, &str, &str) {
        (&self.unit, &self.module, &self.what)
    }

    /// How far it is from its standard: the ready pieces it lacks, then the pieces held.
    fn gap(&self) -> (Decimal, Decimal) {
        (
            (self.required - self.ready).max(Decimal::ZERO),
            (self.required - self.held).max(Decimal::ZERO),
        )
    }
}

/// What became of a line below standard since the digest last sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineChange {
    /// It was not below standard then (or not there).
    New,
    /// Further from its standard: fewer ready (or more required), or as many ready and fewer
    /// held.
    Worse,
    /// Nearer its standard, still below it.
    Better,
    Unchanged,
}

impl LineChange {
    /// `now` against the same line in the digest sent (`None`: it was not below standard
    /// then).
    pub fn of(then: Option<&DigestLine>, now: &DigestLine) -> LineChange {
        let Some(then) = then else {
            return LineChange::New;
        };
        match now.gap().cmp(&then.gap()) {
            std::cmp::Ordering::Greater => LineChange::Worse,
            std::cmp::Ordering::Less => LineChange::Better,
            std::cmp::Ordering::Equal => LineChange::Unchanged,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(required: i64, held: i64, ready: i64) -> DigestLine {
        DigestLine {
            unit: "ZHAN-1".into(),
            module: String::new(),
            what: "category:vehicle".into(),
            required: required.into(),
            held: held.into(),
            ready: ready.into(),
        }
    }

    #[test]
    fn a_line_is_new_worse_better_or_unchanged_by_how_far_it_is_from_its_standard() {
        let then = line(6, 5, 4);
        assert_eq!(LineChange::of(None, &then), LineChange::New);
        assert_eq!(
            LineChange::of(Some(&then), &line(6, 5, 3)),
            LineChange::Worse
        );
        // More required is further away too.
        assert_eq!(
            LineChange::of(Some(&then), &line(7, 5, 4)),
            LineChange::Worse
        );
        // As many ready, fewer held.
        assert_eq!(
            LineChange::of(Some(&then), &line(6, 4, 4)),
            LineChange::Worse
        );
        assert_eq!(
            LineChange::of(Some(&then), &line(6, 5, 5)),
            LineChange::Better
        );
        assert_eq!(
            LineChange::of(Some(&then), &line(6, 6, 4)),
            LineChange::Better
        );
        assert_eq!(
            LineChange::of(Some(&then), &line(6, 5, 4)),
            LineChange::Unchanged
        );
        // Held beyond what is required is no nearer.
        assert_eq!(
            LineChange::of(Some(&line(6, 7, 4)), &line(6, 8, 4)),
            LineChange::Unchanged
        );
    }

    #[test]
    fn a_role_is_told_by_its_word_and_anything_else_is_a_place() {
        assert_eq!(Audience::parse(" 管理员 "), Audience::Role(Role::Officer));
        assert_eq!(Audience::parse("officer").key(), "officer");
        assert_eq!(
            Audience::parse("ZHAN-1"),
            Audience::Place("ZHAN-1".to_owned())
        );
        assert_eq!(Channel::from_word("WeCom"), Some(Channel::WeCom));
        assert!(!Channel::Mail.is_webhook() && Channel::DingTalk.is_webhook());
    }
}
