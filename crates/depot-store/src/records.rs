//! The records of the work around the ledger: operators, the audit log, stock counts, kits.

use chrono::{DateTime, FixedOffset};
use depot_domain::access::Role;
use depot_domain::notify::DigestLine;
use rust_decimal::Decimal;

/// A registered operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorRecord {
    pub name: String,
    pub role: Role,
    /// The PIN, when the operator has one.
    pub pin: Option<Pin>,
}

/// An operator's PIN as a reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pin {
    /// Its salt and PBKDF2 hash.
    Hash([u8; 16], [u8; 32]),
    /// Set, and withheld by the server: a PostgreSQL terminal's role may not read it (the
    /// server checks a PIN itself, see `Database::sign_in`). Never written back.
    Withheld,
}

/// What a server that checks sign-ins itself answered (see `Database::sign_in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIn {
    /// Signed in: the operator's role.
    Role(Role),
    /// The register has no operators yet: signed in as its first officer, whom the first
    /// action registers.
    First,
    UnknownOperator,
    /// The operator has a PIN and none was given.
    NoProof,
    WrongPin,
    /// Too many wrong PINs lately: the attempt was not checked; the next may be made after
    /// `secs` seconds. `failures`: the recent failures that are why.
    Wait {
        secs: u64,
        failures: u32,
    },
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<FixedOffset>,
    pub operator: String,
    pub action: String,
    pub outcome: String,
}

/// A stock count: what is counted and whether it is still open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRecord {
    pub id: u64,
    /// The unit or warehouse counted.
    pub scope: String,
    pub module: Option<String>,
    pub opened_at: String,
    pub opened_by: String,
    /// When and by whom the differences were posted; None while open.
    pub closed: Option<(String, String)>,
}

/// One line of what a count decided when it closed: a barcode it expected or found there.
/// Kept so that a closed count shows, for good, what it expected, found and decided then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountLine {
    pub barcode: String,
    /// The quantity the register expected there at the close; None: not expected there.
    pub expected: Option<Decimal>,
    /// Whom it belonged to at the close.
    pub owner: String,
    /// What the close did with it, in the service's words (a decision about an unexpected
    /// item, or a note such as a missing asset put out of service); None: nothing.
    pub decision: Option<String>,
}

/// A kit: a barcoded box and the assets and lot quantities packed in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KitRecord {
    pub code: String,
    pub name: String,
    pub owner: String,
    pub module: Option<String>,
    /// Barcode and quantity (1 for an asset).
    pub contents: Vec<(String, Decimal)>,
}

/// What a stock value keeps of its barcode's last movement: its sequence number (the head of
/// the barcode's history, which the movements link backwards) and its time (seconds since the
/// epoch), so a repeated scan is told from a new one without reading the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Head {
    pub seq: u64,
    pub at: i64,
}

/// Someone the digest is sent to: a unit's or warehouse's (with everything below it) or a
/// role's, by mail or by a webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientRecord {
    /// A unit or warehouse code, or a role's English word (`officer`).
    pub audience: String,
    /// The mail address or the webhook's URL.
    pub address: String,
    /// How it is delivered, in the service's words (`mail`, `json`, `wecom`, `dingtalk`).
    pub channel: String,
}

/// What was last sent to a recipient (its audience and address): the fingerprint of the
/// digest's content and when it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRecord {
    pub audience: String,
    pub address: String,
    pub fingerprint: String,
    /// RFC 3339.
    pub at: String,
    /// The lines below standard that digest counted (listed or not), as they stood: what the
    /// next one says changed; read back in (unit, module, what) order. Empty for a digest
    /// without them (a quartermaster's).
    pub lines: Vec<DigestLine>,
}
