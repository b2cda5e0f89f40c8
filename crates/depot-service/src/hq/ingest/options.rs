//! What an ingest is asked to do, and what it did with each bundle.

use chrono::NaiveDate;

/// How to ingest.
#[derive(Debug, Clone, Copy, Default)]
pub struct IngestOptions {
    /// Enrol a depot not seen before with the key its bundle carries.
    pub trust_new: bool,
}

/// What ingesting one bundle did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingested {
    /// Taken in: the depot's snapshot replaced, its movements appended.
    New {
        depot: String,
        name: String,
        as_of: NaiveDate,
        first_seq: u64,
        last_seq: u64,
        /// Movements appended (a full bundle's already held ones are not counted).
        appended: u64,
        /// The depot was enrolled by this bundle (`--trust-new`), with this fingerprint.
        enrolled: Option<String>,
    },
    /// Already ingested before: nothing changed.
    Again {
        depot: String,
        as_of: NaiveDate,
        ingested: String,
    },
}
