//! Whom the digest goes to and how: a recipient's audience (a role, or a unit or warehouse
//! with everything below it) and its channel (mail, or a webhook of one of three shapes).

use crate::access::Role;
use crate::vocab::{Vocabulary, vocabulary};

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

#[cfg(test)]
mod tests {
    use super::*;

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
