//! What a headquarters database keeps of the depots that send it bundles: each depot's
//! enrolment (its public key) and where its last bundle left off, every bundle's manifest as
//! received, the depot's ledger as the bundles carried it, and the snapshot files of its latest
//! bundle, byte for byte as signed (so that headquarters can check them again at any time).
//!
//! Each bundle's figures are kept too ([`HqFigures`]), so that headquarters can show how a
//! depot's figures went from bundle to bundle (`depot report trend --by depot`).
//!
//! The same tables exist on both engines; a depot's own register leaves them empty.

use chrono::NaiveDate;
use depot_domain::readiness::Tally;
use rust_decimal::Decimal;

/// A depot enrolled at headquarters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqDepot {
    /// The depot's code: its register's top unit, as its manifests name it.
    pub code: String,
    pub name: String,
    /// The Ed25519 public key its bundles must be signed with.
    pub public_key: [u8; 32],
    /// When and by whom the key was enrolled (RFC 3339, whole seconds).
    pub enrolled: String,
    pub enrolled_by: String,
    /// Where the last bundle ingested left off; `None` before the first.
    pub last: Option<HqLast>,
}

/// Where a depot's last ingested bundle left off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqLast {
    /// Lower-case hex SHA-256 of that bundle's `manifest.json`: the next bundle's `previous`.
    pub manifest_sha256: String,
    /// The last movement held, and its hash.
    pub last_seq: u64,
    pub head_hash: [u8; 32],
    /// The date its snapshot files are for, and when the depot wrote it (RFC 3339).
    pub as_of: NaiveDate,
    pub created: String,
    /// When headquarters ingested it (RFC 3339, whole seconds).
    pub ingested: String,
    /// Its `replacements.csv` counted once, at ingest: the pieces due by the end of the as-of
    /// year (overdue ones too), and their cost (pieces without a price not counted).
    pub due: u64,
    pub due_cost: Decimal,
}

/// One bundle ingested, kept for the record: its manifest as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqBundle {
    pub depot: String,
    /// Lower-case hex SHA-256 of `manifest`.
    pub manifest_sha256: String,
    /// The bytes of the bundle's `manifest.json`, as received.
    pub manifest: Vec<u8>,
    pub first_seq: u64,
    pub last_seq: u64,
    pub as_of: NaiveDate,
    pub created: String,
    pub full: bool,
    pub ingested: String,
    pub ingested_by: String,
}

/// What headquarters holds of the depot a bundle comes from, as an ingest looks it up before
/// anything else ([`crate::WriteTx::hq_look_up`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HqFound {
    /// The depot is enrolled under the bundle's code; `bundle` is the bundle itself when it
    /// was ingested before (by its manifest's hash).
    Enrolled {
        depot: Box<HqDepot>,
        bundle: Option<Box<HqBundle>>,
    },
    /// No depot is enrolled under the bundle's code; `same_key` are the codes of those
    /// enrolled with the bundle's key (the same depot under another code), in code order.
    New { same_key: Vec<String> },
}

/// A movement of a depot's ledger as its bundle carried it: the text of each column of
/// `movements.csv`, and the hashes. The hash can be recomputed from the text
/// ([`depot_domain::movement::text_chain_hash`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HqMovement {
    pub seq: u64,
    pub at: String,
    pub action: String,
    pub barcode: String,
    pub item: String,
    pub quantity: String,
    pub from: String,
    pub to: String,
    pub operator: String,
    pub reference: String,
    pub reason: String,
    pub detail: String,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
}

/// The actions of the movements a report of shipments reads (`ship`, `receive`, `update`),
/// as the ledger writes them; only those with a reference (a shipment's id) count.
pub const SHIPMENT_ACTIONS: [&str; 3] = ["ship", "receive", "update"];

impl HqMovement {
    /// Whether a report of shipments reads this movement: a ship, a receipt or an update
    /// that names a shipment ([`SHIPMENT_ACTIONS`] with a reference).
    pub fn of_shipments(&self) -> bool {
        !self.reference.is_empty() && SHIPMENT_ACTIONS.contains(&self.action.as_str())
    }

    /// The movement's columns in the order its hash covers them (seq first).
    pub fn fields(&self) -> [&str; 11] {
        [
            &self.at,
            &self.action,
            &self.barcode,
            &self.item,
            &self.quantity,
            &self.from,
            &self.to,
            &self.operator,
            &self.reference,
            &self.reason,
            &self.detail,
        ]
    }

    /// The movement `seq` of the columns [`Self::fields`] gives, in their order.
    pub fn from_fields(
        seq: u64,
        fields: [String; 11],
        prev_hash: [u8; 32],
        hash: [u8; 32],
    ) -> Self {
        let [
            at,
            action,
            barcode,
            item,
            quantity,
            from,
            to,
            operator,
            reference,
            reason,
            detail,
        ] = fields;
        HqMovement {
            seq,
            at,
            action,
            barcode,
            item,
            quantity,
            from,
            to,
            operator,
            reference,
            reason,
            detail,
            prev_hash,
            hash,
        }
    }

    /// Whether `hash` is the one the text and `prev_hash` give.
    pub fn hash_is_valid(&self) -> bool {
        depot_domain::movement::text_chain_hash(self.seq, &self.fields(), &self.prev_hash)
            == self.hash
    }
}

/// The snapshot files a bundle carries besides its movements, which headquarters keeps from
/// each depot's latest bundle: the last three, the places, from bundles of schema version 2
/// on ([`PLACE_FILES`]; after a version-1 bundle they are kept empty).
pub const SNAPSHOT_FILES: [&str; 8] = [
    "inventory.csv",
    "assets.csv",
    "lots.csv",
    "readiness.csv",
    "replacements.csv",
    "units.csv",
    "warehouses.csv",
    "travel_times.csv",
];

/// The places of a depot's latest bundle: its units and warehouses with their locations, and
/// its travel-time table.
pub const PLACE_FILES: [&str; 3] = ["units.csv", "warehouses.csv", "travel_times.csv"];

/// The figures one bundle carried, counted when headquarters ingested it, from its
/// `readiness.csv` (the lines), `inventory.csv` (the pieces) and `assets.csv` (which items
/// are pieces): kept for every bundle, where the files are kept of the latest only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HqFigures {
    pub depot: String,
    /// The bundle's manifest hash: which bundle (`HqBundle::manifest_sha256`).
    pub manifest_sha256: String,
    /// The date the bundle's figures are for, and when the depot wrote it (RFC 3339).
    pub as_of: NaiveDate,
    pub created: String,
    /// Every line of every standard, for every unit and warehouse.
    pub all: Tally,
    /// Units and warehouses with lines, and those with every line equipped.
    pub scopes: u32,
    pub compliant: u32,
    /// Pieces (serialized assets) held, ready, and past their service life.
    pub pieces: u64,
    pub pieces_ready: u64,
    pub over_age: u64,
    /// The lines of each reserve module, in module code order.
    pub modules: Vec<(String, Tally)>,
}

#[cfg(test)]
mod tests {
    use super::HqMovement;

    /// A movement made of its own fields is itself: the two keep one order.
    #[test]
    fn from_fields_undoes_fields() {
        let text = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
        let m = HqMovement::from_fields(7, text.map(str::to_owned), [1; 32], [2; 32]);
        assert_eq!(m.fields(), text);
        assert_eq!((m.seq, m.prev_hash, m.hash), (7, [1; 32], [2; 32]));
        let again = HqMovement::from_fields(7, m.fields().map(str::to_owned), [1; 32], [2; 32]);
        assert_eq!(again, m);
    }
}
