//! What the PostgreSQL scan benchmark drives: a terminal that checks an asset out and back in,
//! through depot's services or plain SQL, as one operator.

use crate::BenchResult;

pub const OPERATOR: &str = "bench";

/// A terminal: checks an asset out to a place, and back in.
pub trait Terminal {
    fn out(&mut self, code: &str, to: &str) -> BenchResult<()>;
    fn back(&mut self, code: &str) -> BenchResult<()>;
}
