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
    #[error("item {0} is not in the catalogue; import it with `depot import catalog FILE` first")]
    UnknownItem(ItemCode),
    #[error(
        "{0} is not a unit or a warehouse of this register, so nothing can belong to it; import it first (`depot import units FILE` or `depot import warehouses FILE`)"
    )]
    UnknownOwner(depot_domain::PlaceCode),
    #[error(
        "no operator named: give --operator NAME or set DEPOT_OPERATOR; every write names who made it"
    )]
    NoOperator,
    #[error("operator {operator} ({role}) may not {action}; ask an officer")]
    Refused {
        operator: String,
        role: depot_domain::access::Role,
        action: String,
    },
    #[error(
        "operator {0} is not registered; an officer adds operators with `depot operator add NAME --role ROLE`"
    )]
    UnknownOperator(String),
    #[error(transparent)]
    Workflow(#[from] crate::workflow::WorkflowError),
    #[error("{path}: {source}")]
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
    #[error(
        "wrong or missing PIN for operator {0}: give the PIN {0} was given (a script sets DEPOT_PIN); forgotten it? an officer sets a new one with `depot operator add {0} --role ROLE --pin NEW`. Refusals are audited, and after three in 15 minutes each attempt waits longer"
    )]
    WrongPin(String),
    #[error("{0}")]
    Invalid(String),
    /// A refusal its finder says in both languages (see [`Error::said`]).
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
    /// Stopped by Ctrl+C or a signal (see `interrupt`); says what the stop left behind.
    #[error("{}", interrupted(.0, Lang::En))]
    Interrupted(ServiceMsg),
}

/// A stop and what it left behind, in `lang`.
fn interrupted(outcome: &ServiceMsg, lang: Lang) -> String {
    ServiceMsg::Interrupted {
        outcome: outcome.say(lang),
    }
    .say(lang)
}

/// The library's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A refusal in English and in Chinese; `zh()` gives the Chinese.
    pub fn said(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Error::Said {
            en: en.into(),
            zh: zh.into(),
        }
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
    /// The message in Chinese where one is written, else the English one.
    pub fn zh(&self) -> String {
        match self {
            Error::Workflow(w) => w.zh(),
            Error::Store(s) => s.zh(),
            Error::Refused {
                operator,
                role,
                action,
            } => {
                format!(
                    "操作员 {operator}（{}）无权执行：{}，请联系管理员",
                    depot_domain::Vocabulary::zh(*role),
                    crate::audit_words::action_zh(action).unwrap_or("此操作")
                )
            }
            Error::UnknownOperator(o) => {
                format!("操作员 {o} 未登记；请管理员用 `depot operator add` 添加")
            }
            Error::UnknownItem(i) => format!("品类 {i} 不在装备目录中"),
            Error::UnknownOwner(p) => format!(
                "{p} 不是本登记簿中的单位或储备库，物资不能归属于它；请先导入（`depot import units 文件` 或 `depot import warehouses 文件`）"
            ),
            Error::Fractional(f) => f.zh(),
            Error::Hq(r) => r.zh(),
            Error::AsOf(e) => e.zh(),
            Error::Bundle(b) => crate::hq::bundle_zh(b),
            Error::WrongPin(name) => format!(
                "操作员 {name} 的密码错误或未填写：请输入为 {name} 设置的密码（脚本中设置 DEPOT_PIN）；忘记密码请管理员用 `depot operator add {name} --role 角色 --pin 新密码` 重设。每次拒绝都记入审计日志，15 分钟内失败三次后每次尝试都要等待更久"
            ),
            Error::Said { zh, .. } => zh.clone(),
            Error::Read(r) => r.zh(),
            Error::Write(w) => w.zh(),
            Error::Io { path, source } => format!(
                "{}：{}",
                path.display(),
                depot_exchange::error::io_zh(source)
            ),
            Error::NoOperator => "未指定操作员：请用 --operator 或 DEPOT_OPERATOR".to_owned(),
            Error::Interrupted(outcome) => interrupted(outcome, Lang::Zh),
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
