//! Service functions: one user action each, one durable write transaction each. The CLI and
//! the terminal UI call these and nothing below them.

pub mod access;
pub mod backup;
pub mod count;
pub mod import;
pub mod item;
pub mod kit;
pub mod places;
pub mod query;
pub mod readiness;
pub mod scan;
pub mod verify;
pub mod workflow;

use chrono::{DateTime, FixedOffset};

use crate::domain::Operator;
use crate::{Error, Result};

/// Who acts, and when: every write carries both.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub operator: Operator,
    pub now: DateTime<FixedOffset>,
}

impl Ctx {
    /// A context for `operator` at the current local time; an empty name is refused.
    pub fn now(operator: Option<&str>) -> Result<Ctx> {
        let op = operator
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or(Error::NoOperator)?;
        Ok(Ctx {
            operator: Operator::new(op),
            now: chrono::Local::now().fixed_offset(),
        })
    }

    /// `ctx` stamped with the local time now, for an action about to be made.
    pub fn at_now(ctx: Ctx) -> Ctx {
        Ctx {
            now: chrono::Local::now().fixed_offset(),
            ..ctx
        }
    }
}
