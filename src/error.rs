//! The library's error type: every message says what was wrong, where, and what to do.

use std::path::PathBuf;

use crate::domain::ItemCode;
use crate::domain::replay::ReplayError;
use crate::store::StoreError;

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
        "no operator named: give --operator NAME or set DEPOT_OPERATOR; every write names who made it"
    )]
    NoOperator,
    #[error("operator {operator} ({role}) may not {action}; ask an officer")]
    Refused {
        operator: String,
        role: crate::domain::access::Role,
        action: String,
    },
    #[error(
        "operator {0} is not registered; an officer adds operators with `depot operator add NAME --role ROLE`"
    )]
    UnknownOperator(String),
    #[error(transparent)]
    Workflow(#[from] crate::service::workflow::WorkflowError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Read(#[from] crate::exchange::ReadError),
    #[error(transparent)]
    Write(#[from] crate::exchange::WriteError),
    #[error("{0}")]
    Invalid(String),
}

/// The library's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
