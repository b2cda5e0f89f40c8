//! The library's error type: every message says what was wrong, where, and what to do.

use depot_domain::Lang;
use depot_domain::msg::service::ServiceMsg;
use std::path::PathBuf;

use crate::store::StoreError;
use depot_domain::ItemCode;
use depot_domain::replay::ReplayError;

/// Anything the library reports to a user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Replay(#[from] ReplayError),
    #[error("{}", self.own(Lang::En).unwrap_or_default())]
    UnknownItem(ItemCode),
    #[error("{}", self.own(Lang::En).unwrap_or_default())]
    UnknownOwner(depot_domain::PlaceCode),
    #[error("{}", self.own(Lang::En).unwrap_or_default())]
    NoOperator,
    #[error("{}", self.own(Lang::En).unwrap_or_default())]
    Refused {
        operator: String,
        role: depot_domain::access::Role,
        action: String,
    },
    #[error("{}", self.own(Lang::En).unwrap_or_default())]
    UnknownOperator(String),
    #[error(transparent)]
    Workflow(#[from] crate::workflow::WorkflowError),
    #[error("{}", self.own(Lang::En).unwrap_or_default())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Read(#[from] depot_exchange::ReadError),
    #[error(transparent)]
    Write(#[from] depot_exchange::WriteError),
    #[error(transparent)]
    Fractional(#[from] depot_domain::units::Fractional),
    #[error("{}", self.own(Lang::En).unwrap_or_default())]
    WrongPin(String),
    #[error("{0}")]
    Invalid(String),
    /// A refusal of the message catalogue.
    #[error("{}", .0.say(Lang::En))]
    Msg(ServiceMsg),
    /// A ledger that does not verify.
    #[error("{0}")]
    Verify(Box<crate::verify::VerifyReport>),
    /// A refusal of the message catalogue whose arguments are said differently in each
    /// language.
    #[error("{}", .0.say(Lang::En))]
    Phrase(Phrase),
    /// A refusal said in both languages by a layer or a front end that does not yet say it
    /// from the catalogue (see [`Error::said`]).
    #[error("{en}")]
    Said { en: String, zh: String },
    #[error(transparent)]
    Label(#[from] depot_label::LabelError),
    #[error(transparent)]
    Bundle(#[from] depot_exchange::bundle::BundleError),
    /// A bundle headquarters refused.
    #[error(transparent)]
    Hq(#[from] crate::hq::Refusal),
    /// A bundle not written for its as-of date.
    #[error(transparent)]
    AsOf(#[from] crate::bundle::AsOfError),
    /// A directive of headquarters refused, or its key's enrolment.
    #[error("{}", .0.say(Lang::En))]
    Directive(Box<depot_domain::msg::directive::DirectiveMsg>),
    /// Stopped by Ctrl+C or a signal (see `interrupt`); says what the stop left behind.
    #[error("{}", self.own(Lang::En).unwrap_or_default())]
    Interrupted(ServiceMsg),
}

/// A message of the catalogue whose arguments are said differently in each language (a list,
/// a word of the vocabulary, another layer's error): made in the language it is said in.
#[derive(Clone)]
pub struct Phrase(std::sync::Arc<dyn Fn(Lang) -> ServiceMsg + Send + Sync>);

impl Phrase {
    pub fn new(f: impl Fn(Lang) -> ServiceMsg + Send + Sync + 'static) -> Self {
        Phrase(std::sync::Arc::new(f))
    }

    /// The message, its arguments in `lang`.
    pub fn msg(&self, lang: Lang) -> ServiceMsg {
        (self.0)(lang)
    }

    /// The message in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        self.msg(lang).say(lang)
    }
}

impl std::fmt::Debug for Phrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Phrase").field(&self.msg(Lang::En)).finish()
    }
}

/// How `lang` joins the items of a list.
pub(crate) fn join(items: &[String], lang: Lang) -> String {
    depot_domain::msg::workflow::join(items, lang)
}

/// The library's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A refusal in English and in Chinese; `zh()` gives the Chinese. For the callers that do
    /// not yet say theirs from the catalogue; a service says [`Error::Msg`].
    pub fn said(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Error::Said {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// A refusal of the catalogue whose arguments are said in the reader's language.
    pub fn phrase(f: impl Fn(Lang) -> ServiceMsg + Send + Sync + 'static) -> Self {
        Error::Phrase(Phrase::new(f))
    }

    /// A directive refused (boxed: the error stays small).
    pub fn directive(m: depot_domain::msg::directive::DirectiveMsg) -> Self {
        Error::Directive(Box::new(m))
    }

    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl Error {
    /// The message in `lang` of an error this crate words itself (from the message
    /// catalogue); `None` for one that wraps another layer's error, which says itself.
    fn own(&self, lang: Lang) -> Option<String> {
        let m = match self {
            Error::UnknownItem(i) => ServiceMsg::UnknownItem {
                item: i.to_string(),
            },
            Error::UnknownOwner(p) => ServiceMsg::UnknownOwner {
                place: p.to_string(),
            },
            Error::NoOperator => ServiceMsg::NoOperator,
            Error::Refused {
                operator,
                role,
                action,
            } => ServiceMsg::Refused {
                operator: operator.clone(),
                role: match lang {
                    Lang::En => role.to_string(),
                    Lang::Zh => depot_domain::Vocabulary::zh(*role).to_owned(),
                },
                action: match lang {
                    Lang::En => action.clone(),
                    Lang::Zh => crate::audit_words::action_zh(action)
                        .map_or_else(|| ServiceMsg::ThisAction.say(lang), str::to_owned),
                },
            },
            Error::UnknownOperator(o) => ServiceMsg::UnknownOperator {
                operator: o.clone(),
            },
            Error::Io { path, source } => ServiceMsg::Io {
                path: path.display().to_string(),
                error: depot_domain::io_said(source, lang),
            },
            Error::WrongPin(name) => ServiceMsg::WrongPin {
                operator: name.clone(),
            },
            Error::Msg(m) => m.clone(),
            Error::Phrase(p) => p.msg(lang),
            Error::Interrupted(outcome) => ServiceMsg::Interrupted {
                outcome: outcome.say(lang),
            },
            _ => return None,
        };
        Some(m.say(lang))
    }

    /// The message in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => self.zh(),
        }
    }

    /// The message in Chinese where one is written, else the English one.
    pub fn zh(&self) -> String {
        if let Some(own) = self.own(Lang::Zh) {
            return own;
        }
        match self {
            Error::Workflow(w) => w.zh(),
            Error::Store(s) => s.zh(),
            Error::Fractional(f) => f.zh(),
            Error::Hq(r) => r.zh(),
            Error::AsOf(e) => e.zh(),
            Error::Bundle(b) => crate::hq::bundle_zh(b),
            Error::Said { zh, .. } => zh.clone(),
            Error::Directive(m) => m.say(Lang::Zh),
            Error::Verify(r) => r.zh(),
            Error::Read(r) => r.zh(),
            Error::Write(w) => w.zh(),
            Error::Label(l) => l.say(Lang::Zh),
            e => e.to_string(),
        }
    }
}

impl From<depot_domain::replay::StepError> for Error {
    fn from(e: depot_domain::replay::StepError) -> Self {
        match e {
            depot_domain::replay::StepError::Replay(r) => r.into(),
            depot_domain::replay::StepError::Fractional(f) => f.into(),
        }
    }
}

impl From<crate::store::ApplyError> for Error {
    fn from(e: crate::store::ApplyError) -> Self {
        use crate::store::ApplyError;
        match e {
            ApplyError::Store(e) => e.into(),
            ApplyError::Step(e) => e.into(),
            ApplyError::Replay(e) => e.into(),
            ApplyError::UnknownItem(i) => Error::UnknownItem(i),
            ApplyError::UnknownOwner(p) => Error::UnknownOwner(p),
        }
    }
}

impl From<depot_exchange::FileError> for Error {
    fn from(e: depot_exchange::FileError) -> Self {
        match e {
            depot_exchange::FileError::Read(e) => e.into(),
            depot_exchange::FileError::Write(e) => e.into(),
        }
    }
}

impl From<depot_exchange::bundle::KeyError> for Error {
    fn from(e: depot_exchange::bundle::KeyError) -> Self {
        match e {
            depot_exchange::bundle::KeyError::Io { path, source } => Error::Io { path, source },
            depot_exchange::bundle::KeyError::Said { en, zh } => Error::Said { en, zh },
        }
    }
}

impl From<depot_report::ReportError> for Error {
    fn from(e: depot_report::ReportError) -> Self {
        match e {
            depot_report::ReportError::Io { path, source } => Error::Io { path, source },
            depot_report::ReportError::Said { en, zh } => Error::Said { en, zh },
            depot_report::ReportError::Write(e) => e.into(),
        }
    }
}
