//! What a headquarters report is asked for.

use chrono::NaiveDate;
use depot_report::ReportKind;

/// What a headquarters report is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqSpec {
    pub kind: ReportKind,
    /// One depot only (its code); `None`: every depot.
    pub depot: Option<String>,
    /// The date ages are counted to (today).
    pub today: NaiveDate,
    /// A depot whose last bundle was written more than this many days before `today` is stale.
    pub stale_days: i64,
}
