//! Service functions: one user action each, one durable write transaction each. The CLI and
//! the terminal UI call these and nothing below them; the services return data, and the
//! store (`store`) is reached through them only.

pub mod error;
pub mod interrupt;
pub mod store;

pub mod access;
pub mod audit_words;
pub mod backup;
pub mod bundle;
pub mod count;
pub mod digest;
pub mod digest_send;
pub mod directive;
pub mod export;
pub mod hq;
pub mod import;
pub mod item;
mod key_path;
pub mod kit;
pub mod label;
pub mod migrate;
pub mod notify;
pub mod places;
pub mod query;
pub mod readiness;
pub mod scan;
pub mod ship;
pub mod status;
pub mod trend;
pub mod verify;
pub mod workflow;

#[cfg(test)]
mod engine_tests;

use chrono::{DateTime, FixedOffset};

use depot_domain::Operator;
pub use error::{Error, Result};

/// Where a write's time comes from. A context carries its clock, not a time, so a context kept
/// for a session, a scan stream or a long import cannot stamp a later write with an earlier
/// moment: the service reads the clock once per action, when its write transaction has begun
/// (see [`Ctx::pinned`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The machine's local time, read at each action.
    Local,
    /// One moment for every action (tests, replays).
    Fixed(DateTime<FixedOffset>),
}

impl Clock {
    /// The time now by this clock.
    pub fn read(&self) -> DateTime<FixedOffset> {
        match self {
            // Whole seconds: the ledger's precision (its hash and its exports say seconds), and
            // what either engine keeps exactly.
            Clock::Local => {
                chrono::SubsecRound::trunc_subsecs(chrono::Local::now().fixed_offset(), 0)
            }
            Clock::Fixed(t) => *t,
        }
    }
}

/// Who acts, and by which clock: every write carries the operator and the clock's time when
/// the write was made.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub operator: Operator,
    pub clock: Clock,
}

impl Ctx {
    /// A context for `operator` on the local clock; an empty name is refused.
    pub fn new(operator: Option<&str>) -> Result<Ctx> {
        let op = operator
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or(Error::NoOperator)?;
        Ok(Ctx {
            operator: Operator::new(op),
            clock: Clock::Local,
        })
    }

    /// A context for `operator` whose every action is stamped `at`.
    pub fn fixed(operator: impl Into<Operator>, at: DateTime<FixedOffset>) -> Ctx {
        Ctx {
            operator: operator.into(),
            clock: Clock::Fixed(at),
        }
    }

    /// The time now by this context's clock.
    pub fn stamp(&self) -> DateTime<FixedOffset> {
        self.clock.read()
    }

    /// This context with its clock read once and held: what one action runs with once its
    /// write transaction has begun, so all its stamps are one moment, no earlier than the
    /// writes committed before it.
    pub fn pinned(&self) -> Ctx {
        Ctx::fixed(self.operator.clone(), self.stamp())
    }
}
