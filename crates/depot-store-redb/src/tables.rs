//! Every table of the database, in one place.
//!
//! Values are postcard-encoded row structs (`rows.rs`), never the domain structs themselves.
//! Secondary indexes live together in one key-only table whose keys start with a tag byte
//! (`index.rs`), which a scan leaves alone (see there).

use redb::TableDefinition;

/// `schema_version`, `magic`, `created`, written once by `init`; and what the services keep
/// there through `Writer::put_meta` (the bundle watermark). A scan rewrites only the stock and
/// ledger trees (the ledger head is the ledger's last row).
pub const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
pub const UNITS: TableDefinition<&str, &[u8]> = TableDefinition::new("units");
pub const WAREHOUSES: TableDefinition<&str, &[u8]> = TableDefinition::new("warehouses");
pub const MODULES: TableDefinition<&str, &[u8]> = TableDefinition::new("modules");
pub const CATALOG: TableDefinition<&str, &[u8]> = TableDefinition::new("catalog");
/// Assets and lots by barcode: one table, so a barcode is unique across both.
pub const STOCK: TableDefinition<&str, &[u8]> = TableDefinition::new("stock");
/// The ledger by sequence number, append-only.
pub const LEDGER: TableDefinition<u64, &[u8]> = TableDefinition::new("ledger");
/// Secondary indexes: tag byte, indexed value, barcode (see `index.rs`).
pub const INDEX: TableDefinition<&[u8], ()> = TableDefinition::new("index");
/// Standard lines keyed by scope, module and what.
pub const STANDARDS: TableDefinition<&str, &[u8]> = TableDefinition::new("standards");
/// Targets keyed by metric, scope and deadline.
pub const TARGETS: TableDefinition<&str, &[u8]> = TableDefinition::new("targets");

/// Operators by name: role and optional PIN hash.
pub const OPERATORS: TableDefinition<&str, &[u8]> = TableDefinition::new("operators");
/// Refused actions and operator changes, outside the stock ledger.
pub const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");
/// Stock counts by number.
pub const COUNTS: TableDefinition<u64, &[u8]> = TableDefinition::new("counts");
/// What a count found: count number (8 bytes, big-endian) then barcode; value the quantity.
pub const COUNT_SCANS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("count_scans");
/// What a count decided when it closed: count number (8 bytes, big-endian) then barcode;
/// value a `CountLineRow`. Made by the first close that writes one; read as empty while
/// missing, as older versions of depot never open it.
pub const COUNT_LINES: TableDefinition<&[u8], &[u8]> = TableDefinition::new("count_lines");
/// Kits (packed module boxes) by their own barcode.
pub const KITS: TableDefinition<&str, &[u8]> = TableDefinition::new("kits");

/// The digest's recipients, by audience (a unit's code or a role's word) and address.
pub const RECIPIENTS: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("recipients");
/// What was last sent to each recipient, by audience and address.
pub const DIGESTS_SENT: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("digests_sent");
/// The lines below standard of the digest last sent to each recipient, by audience and
/// address: one row of them all.
pub const DIGEST_LINES: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("digest_lines");

/// Headquarters: the depots enrolled, by code (`store::hq`).
pub const HQ_DEPOTS: TableDefinition<&str, &[u8]> = TableDefinition::new("hq_depots");
/// Headquarters: every bundle ingested, by depot and manifest hash.
pub const HQ_BUNDLES: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("hq_bundles");
/// Headquarters: each depot's ledger as its bundles carried it, by depot and seq.
pub const HQ_MOVEMENTS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("hq_movements");
/// Headquarters: the seqs of each depot's movements that name a shipment
/// (`HqMovement::of_shipments`), by depot and seq: what `report transit` reads.
pub const HQ_SHIPMENT_SEQS: TableDefinition<(&str, u64), ()> =
    TableDefinition::new("hq_shipment_seqs");
/// Headquarters: how far each depot's movements are indexed in `HQ_SHIPMENT_SEQS` (every seq
/// up to this one); the movements above it are read whole. A database written before the
/// index, or by an older depot, is indexed by the next ingest of the depot.
pub const HQ_SHIPMENT_INDEXED: TableDefinition<&str, u64> =
    TableDefinition::new("hq_shipment_indexed");
/// Headquarters: the snapshot files of each depot's latest bundle, by depot and file name.
pub const HQ_FILES: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("hq_files");
/// Headquarters: the figures of every bundle ingested, by depot and manifest hash.
pub const HQ_FIGURES: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("hq_figures");
/// A unit's or warehouse's location, by its code.
pub const PLACE_LOCATIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("place_locations");
/// The travel-time table, by from and to.
pub const TRAVEL_TIMES: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("travel_times");

/// Every table keyed by text with an encoded row for its value, in one list, so that code that
/// walks every table (creating them, a digest in the tests) cannot miss one.
pub const TEXT_KEYED: [TableDefinition<&str, &[u8]>; 10] = [
    META, UNITS, WAREHOUSES, MODULES, CATALOG, STOCK, STANDARDS, TARGETS, OPERATORS, KITS,
];

/// The version of the layout above; a database of a newer one is refused on open.
///
/// 2: a stock value starts with its barcode's last movement, and movements link to the one
/// before them of the same barcode, instead of a history index; no location index.
/// 3: a stock value's head keeps the time of that last movement too.
///
/// The headquarters tables (`HQ_*`, the index of shipment movements too), the digest's recipients and what was sent to them (and
/// its lines below standard), and the places' locations and travel times,
/// came later without a new version: they are made by the
/// first write that needs them, read as empty while missing, and older versions of depot
/// never open them. So did the shipments' movement `ship` and status `away`: enums are kept
/// as their position in the vocabulary, and both were added at its end, so every stored value
/// reads as before (an older depot refuses the new positions as out of range).
pub const SCHEMA_VERSION: u32 = 3;
/// Marks a file as a depot database.
pub const MAGIC: &[u8] = b"depot register";
