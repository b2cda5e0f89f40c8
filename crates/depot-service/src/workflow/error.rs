//! Why a workflow refuses, each message saying what to do, in both languages.

use depot_domain::vocab::Vocabulary;
use depot_domain::{Action, AssetStatus};
use rust_decimal::Decimal;

/// Why a workflow refuses; each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("unknown barcode {barcode}{}", did_you_mean(.nearest))]
    UnknownBarcode {
        barcode: String,
        nearest: Vec<String>,
    },
    #[error("unknown place {code}: not a unit, warehouse or vehicle{}", did_you_mean(.nearest))]
    UnknownPlace { code: String, nearest: Vec<String> },
    #[error("{barcode} is already checked out to {location}{}; check it in first", by_whom(.by))]
    AlreadyOut {
        barcode: String,
        location: String,
        /// Who checked it out and when (HH:MM:SS, or the date when not today): at another
        /// terminal, the moment before, perhaps.
        by: Option<(String, String)>,
    },
    #[error("{barcode} is not checked out")]
    NotOut { barcode: String },
    #[error("{barcode} is {status} and cannot be {doing}")]
    Unavailable {
        barcode: String,
        status: AssetStatus,
        doing: &'static str,
    },
    #[error("{barcode} is a lot; lots are issued or transferred, not {doing}")]
    IsLot {
        barcode: String,
        doing: &'static str,
    },
    #[error("{barcode} is a single asset; {doing} takes a lot")]
    IsAsset {
        barcode: String,
        doing: &'static str,
    },
    #[error("{barcode} already belongs to {code}")]
    SamePlace { barcode: String, code: String },
    #[error("lot {barcode} holds {}; {} cannot be taken from it", .have.normalize(), .want.normalize())]
    Insufficient {
        barcode: String,
        have: Decimal,
        want: Decimal,
    },
    #[error("the quantity must be more than zero (got {0})")]
    BadQuantity(Decimal),
    #[error("repeat scan: {barcode} was already {} at {at}; not applied again", done_word(*.action))]
    Repeat {
        barcode: String,
        action: Action,
        at: String,
    },
    #[error(transparent)]
    Date(#[from] depot_domain::dates::DateError),
    #[error("{0}")]
    Rule(String),
    /// A rule's refusal said in both languages (see [`WorkflowError::said`]).
    #[error("{en}")]
    Said { en: String, zh: String },
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
    }
}

impl WorkflowError {
    /// A rule's refusal in English and in Chinese.
    pub fn said(en: impl Into<String>, zh: impl Into<String>) -> Self {
        WorkflowError::Said {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The reason in Chinese, for the Chinese interface.
    pub fn zh(&self) -> String {
        let maybe = |n: &[String]| {
            if n.is_empty() {
                String::new()
            } else {
                format!("；您要找的是不是 {}？", n.join("、"))
            }
        };
        match self {
            WorkflowError::UnknownBarcode { barcode, nearest } => {
                format!("未知条码 {barcode}{}", maybe(nearest))
            }
            WorkflowError::UnknownPlace { code, nearest } => {
                format!("未知去向 {code}：不是单位、储备库或车辆{}", maybe(nearest))
            }
            WorkflowError::AlreadyOut {
                barcode,
                location,
                by,
            } => {
                let by = by
                    .as_ref()
                    .map(|(who, at)| format!("（{who} 于 {at} 办理）"))
                    .unwrap_or_default();
                format!("{barcode} 已借出至 {location}{by}，请先归还")
            }
            WorkflowError::NotOut { barcode } => format!("{barcode} 未借出"),
            WorkflowError::Unavailable {
                barcode, status, ..
            } => format!("{barcode} 状态为{}，不能办理", status.zh()),
            WorkflowError::IsLot { barcode, .. } => format!("{barcode} 是批次物资，只能调用或调拨"),
            WorkflowError::IsAsset { barcode, .. } => {
                format!("{barcode} 是单件装备，此操作需要批次物资")
            }
            WorkflowError::SamePlace { barcode, code } => format!("{barcode} 已属于 {code}"),
            WorkflowError::Insufficient {
                barcode,
                have,
                want,
            } => format!(
                "批次 {barcode} 仅余 {}，不够 {}",
                have.normalize(),
                want.normalize()
            ),
            WorkflowError::BadQuantity(q) => format!("数量必须大于零（输入为 {q}）"),
            WorkflowError::Repeat {
                barcode,
                action,
                at,
            } => format!("重复扫码：{barcode} 已于 {at} {}，未重复办理", action.zh()),
            WorkflowError::Date(e) => e.zh(),
            WorkflowError::Rule(r) => r.clone(),
            WorkflowError::Said { zh, .. } => zh.clone(),
        }
    }
}

fn did_you_mean(n: &[String]) -> String {
    if n.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", n.join(", "))
    }
}

fn by_whom(by: &Option<(String, String)>) -> String {
    by.as_ref()
        .map(|(who, at)| format!(" (by {who} at {at})"))
        .unwrap_or_default()
}
