//! Why a workflow refuses, each message saying what to do; the words are the message
//! catalogue's ([`WorkflowMsg`]), said in the reader's language.

use depot_domain::Lang;
use depot_domain::msg::workflow::{self as words, Doing, WorkflowMsg};
use depot_domain::vocab::Vocabulary;
use depot_domain::{Action, AssetStatus};
use rust_decimal::Decimal;

/// Why a workflow refuses; each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("{}", self.say(Lang::En))]
    UnknownBarcode {
        barcode: String,
        nearest: Vec<String>,
    },
    #[error("{}", self.say(Lang::En))]
    UnknownPlace { code: String, nearest: Vec<String> },
    #[error("{}", self.say(Lang::En))]
    AlreadyOut {
        barcode: String,
        location: String,
        /// Who checked it out and when (HH:MM:SS, or the date when not today): at another
        /// terminal, the moment before, perhaps.
        by: Option<(String, String)>,
    },
    #[error("{}", self.say(Lang::En))]
    NotOut { barcode: String },
    /// Shipped to another depot: it comes back only with a shipment from there.
    #[error("{}", self.say(Lang::En))]
    ShippedAway {
        barcode: String,
        depot: String,
        doing: Doing,
    },
    #[error("{}", self.say(Lang::En))]
    Unavailable {
        barcode: String,
        status: AssetStatus,
        doing: Doing,
    },
    #[error("{}", self.say(Lang::En))]
    IsLot { barcode: String, doing: Doing },
    #[error("{}", self.say(Lang::En))]
    IsAsset { barcode: String, doing: Doing },
    #[error("{}", self.say(Lang::En))]
    SamePlace { barcode: String, code: String },
    #[error("{}", self.say(Lang::En))]
    Insufficient {
        barcode: String,
        have: Decimal,
        want: Decimal,
    },
    #[error("{}", self.say(Lang::En))]
    BadQuantity(Decimal),
    #[error("{}", self.say(Lang::En))]
    Repeat {
        barcode: String,
        action: Action,
        at: String,
    },
    #[error(transparent)]
    Date(#[from] depot_domain::dates::DateError),
    /// No module goes by the name given: the modules there are, as `(code, Chinese name,
    /// English name)`.
    #[error("{}", self.say(Lang::En))]
    NoSuchModule {
        given: String,
        modules: Vec<(String, String, String)>,
    },
    /// A movement that cannot be undone.
    #[error("{}", self.say(Lang::En))]
    CannotUndo(Action),
    /// A count's close found codes nobody decided about.
    #[error("{}", self.say(Lang::En))]
    Undecided { id: u64, barcodes: Vec<String> },
    /// A kit's code that is not a code.
    #[error("{}", self.say(Lang::En))]
    KitCode(depot_domain::ids::CodeError),
    /// A rule's refusal, from the message catalogue.
    #[error("{}", .0.say(Lang::En))]
    Msg(WorkflowMsg),
}

/// "checked out", "issued" …: an action as it reads when done.
pub fn done_word(a: Action) -> &'static str {
    match a {
        Action::Opening => "opened",
        Action::Receive => "received",
        Action::Checkout => "checked out",
        Action::Checkin => "checked in",
        Action::Transfer => "transferred",
        Action::Issue => "issued",
        Action::Inspect => "inspected",
        Action::RepairStart => "sent to repair",
        Action::RepairDone => "returned from repair",
        Action::Adjust => "adjusted",
        Action::Writeoff => "written off",
        Action::Update => "updated",
        Action::Ship => "shipped",
    }
}

impl From<WorkflowMsg> for WorkflowError {
    fn from(m: WorkflowMsg) -> Self {
        WorkflowError::Msg(m)
    }
}

impl WorkflowError {
    /// The reason in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let maybe = |n: &[String]| {
            if n.is_empty() {
                String::new()
            } else {
                WorkflowMsg::DidYouMean {
                    codes: words::join(n, lang),
                }
                .say(lang)
            }
        };
        let m = match self {
            WorkflowError::UnknownBarcode { barcode, nearest } => WorkflowMsg::UnknownBarcode {
                barcode: barcode.clone(),
                maybe: maybe(nearest),
            },
            WorkflowError::UnknownPlace { code, nearest } => WorkflowMsg::UnknownPlace {
                code: code.clone(),
                maybe: maybe(nearest),
            },
            WorkflowError::AlreadyOut {
                barcode,
                location,
                by,
            } => WorkflowMsg::AlreadyOut {
                barcode: barcode.clone(),
                location: location.clone(),
                by: by
                    .as_ref()
                    .map(|(who, at)| {
                        WorkflowMsg::OutBy {
                            who: who.clone(),
                            at: at.clone(),
                        }
                        .say(lang)
                    })
                    .unwrap_or_default(),
            },
            WorkflowError::NotOut { barcode } => WorkflowMsg::NotOut {
                barcode: barcode.clone(),
            },
            WorkflowError::ShippedAway {
                barcode,
                depot,
                doing,
            } => WorkflowMsg::ShippedAway {
                barcode: barcode.clone(),
                depot: depot.clone(),
                doing: doing.say(lang),
            },
            WorkflowError::Unavailable {
                barcode,
                status,
                doing,
            } => WorkflowMsg::Unavailable {
                barcode: barcode.clone(),
                status: match lang {
                    Lang::En => status.to_string(),
                    Lang::Zh => status.zh().to_owned(),
                },
                doing: doing.say(lang),
            },
            WorkflowError::IsLot { barcode, doing } => WorkflowMsg::IsLot {
                barcode: barcode.clone(),
                doing: doing.say(lang),
            },
            WorkflowError::IsAsset { barcode, doing } => WorkflowMsg::IsAsset {
                barcode: barcode.clone(),
                doing: doing.say(lang),
            },
            WorkflowError::SamePlace { barcode, code } => WorkflowMsg::SamePlace {
                barcode: barcode.clone(),
                code: code.clone(),
            },
            WorkflowError::Insufficient {
                barcode,
                have,
                want,
            } => WorkflowMsg::Insufficient {
                barcode: barcode.clone(),
                have: have.normalize().to_string(),
                want: want.normalize().to_string(),
            },
            WorkflowError::BadQuantity(q) => WorkflowMsg::BadQuantity { got: q.to_string() },
            WorkflowError::Repeat {
                barcode,
                action,
                at,
            } => WorkflowMsg::Repeat {
                barcode: barcode.clone(),
                done: match lang {
                    Lang::En => done_word(*action).to_owned(),
                    Lang::Zh => action.zh().to_owned(),
                },
                at: at.clone(),
            },
            WorkflowError::Date(e) => {
                return match lang {
                    Lang::En => e.to_string(),
                    Lang::Zh => e.zh(),
                };
            }
            WorkflowError::NoSuchModule { given, modules } => WorkflowMsg::NoSuchModule {
                given: given.clone(),
                modules: match lang {
                    Lang::En => modules
                        .iter()
                        .map(|(code, zh, en)| format!("{code} ({zh}, {en})"))
                        .collect::<Vec<_>>()
                        .join("; "),
                    Lang::Zh => modules
                        .iter()
                        .map(|(code, zh, _)| format!("{zh}（`{code}`）"))
                        .collect::<Vec<_>>()
                        .join("；"),
                },
            },
            WorkflowError::CannotUndo(action) => WorkflowMsg::CannotUndo {
                action: match lang {
                    Lang::En => action.to_string(),
                    Lang::Zh => action.zh().to_owned(),
                },
            },
            WorkflowError::Undecided { id, barcodes } => WorkflowMsg::Undecided {
                id: id.to_string(),
                list: words::join(barcodes, lang),
            },
            WorkflowError::KitCode(e) => WorkflowMsg::KitCode {
                problem: match lang {
                    Lang::En => e.to_string(),
                    Lang::Zh => e.zh(),
                },
            },
            WorkflowError::Msg(m) => m.clone(),
        };
        m.say(lang)
    }

    /// The reason in Chinese, for the Chinese interface.
    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }
}
