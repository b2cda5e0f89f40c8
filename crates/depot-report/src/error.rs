//! The reports' error: a file that could not be written, or a request that cannot be met, in
//! English and in Chinese.

use std::path::PathBuf;

use depot_exchange::WriteError;

/// Why a report was not made or not written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{en}")]
    Said { en: String, zh: String },
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl ReportError {
    /// A refusal in English and in Chinese.
    pub fn said(en: impl Into<String>, zh: impl Into<String>) -> Self {
        ReportError::Said {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// A refusal from the message catalogue: `say` renders it in a language.
    pub fn says(say: impl Fn(depot_domain::Lang) -> String) -> Self {
        ReportError::Said {
            en: say(depot_domain::Lang::En),
            zh: say(depot_domain::Lang::Zh),
        }
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            ReportError::Io { path, source } => {
                format!("{}：{}", path.display(), depot_domain::io_zh(source))
            }
            ReportError::Said { zh, .. } => zh.clone(),
            ReportError::Write(w) => w.zh(),
        }
    }

    /// An I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ReportError::Io {
            path: path.into(),
            source,
        }
    }
}

/// A report's result.
pub type Result<T, E = ReportError> = std::result::Result<T, E>;
