//! The SQLite side of the comparisons: the register in SQLite (rusqlite, bundled), with the
//! tables and indexes that depot keeps, and an import of the same exchange files doing the
//! same work as depot's: parse every cell, check barcodes, items, owners and modules, write
//! each asset and lot with its index entries and one opening movement in a SHA-256 chain, all
//! in one transaction that is rolled back if any row is bad.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::BenchResult;
use crate::child::remove_db;

/// The register's tables. Indexes mirror depot's `index` table: by owner, location (only
/// while checked out), item, module (only when set), status (only when not ready), life end,
/// expiry, and the ledger by barcode (history).
pub const SCHEMA: &str = r#"
CREATE TABLE modules(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL);
CREATE TABLE units(code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    parent TEXT, class TEXT);
CREATE TABLE warehouses(code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,
    unit TEXT NOT NULL, agreement INTEGER NOT NULL, partner TEXT);
CREATE TABLE catalog(item TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL,
    tracking TEXT NOT NULL, uom TEXT NOT NULL, life_years INTEGER, inspect_days INTEGER,
    high_end INTEGER NOT NULL, unit_price TEXT);
CREATE TABLE assets(barcode TEXT PRIMARY KEY, item TEXT NOT NULL, serial TEXT,
    owner TEXT NOT NULL, location TEXT, module TEXT, status TEXT NOT NULL,
    commissioned TEXT, last_inspected TEXT, plate TEXT, due TEXT, life_end TEXT);
CREATE TABLE lots(barcode TEXT PRIMARY KEY, item TEXT NOT NULL, lot TEXT,
    owner TEXT NOT NULL, module TEXT, quantity TEXT NOT NULL, expires TEXT, received TEXT);
CREATE TABLE ledger(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL,
    barcode TEXT NOT NULL, item TEXT NOT NULL, quantity TEXT NOT NULL, "from" TEXT, "to" TEXT,
    operator TEXT NOT NULL, reference TEXT, reason TEXT, detail TEXT NOT NULL,
    prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
CREATE INDEX assets_owner ON assets(owner);
CREATE INDEX assets_location ON assets(location) WHERE location IS NOT NULL;
CREATE INDEX assets_item ON assets(item);
CREATE INDEX assets_module ON assets(module) WHERE module IS NOT NULL;
CREATE INDEX assets_status ON assets(status) WHERE status <> 'ready';
CREATE INDEX assets_life_end ON assets(life_end) WHERE life_end IS NOT NULL;
CREATE INDEX lots_owner ON lots(owner);
CREATE INDEX lots_item ON lots(item);
CREATE INDEX lots_module ON lots(module) WHERE module IS NOT NULL;
CREATE INDEX lots_expires ON lots(expires) WHERE expires IS NOT NULL;
CREATE INDEX ledger_history ON ledger(barcode, seq);
"#;

/// The same page cache as depot's (128 MiB), so that neither side wins on memory alone.
const CACHE_KIB: i64 = 128 * 1024;

/// Opens a new SQLite register: WAL, `synchronous=FULL` (a commit is durable, as depot's is).
pub fn create(db: &Path) -> BenchResult<Connection> {
    remove_db(db)?;
    let conn = Connection::open(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

/// What the reference files say, for checking the stock rows.
#[derive(Default)]
pub(crate) struct Known {
    pub(super) places: HashSet<String>,
    pub(super) modules: HashSet<String>,
    /// Item → (serial?, life in years).
    pub(super) items: HashMap<String, (bool, Option<i32>)>,
}

/// A csv reader over `dir/name` and the column index of each of `names` (missing: an error).
pub(crate) fn open(
    dir: &Path,
    name: &str,
    names: &[&str],
) -> BenchResult<(csv::Reader<std::fs::File>, Vec<usize>)> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(dir.join(name))?;
    let header = r.headers()?.clone();
    let mut idx = Vec::with_capacity(names.len());
    for n in names {
        let i = header
            .iter()
            .position(|h| h.trim() == *n)
            .ok_or_else(|| format!("{name}: no column {n}"))?;
        idx.push(i);
    }
    Ok((r, idx))
}

pub(crate) fn opt(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

pub(crate) fn date(s: &str) -> Result<Option<NaiveDate>, String> {
    match opt(s) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|e| format!("date {s}: {e}")),
    }
}

/// Commissioned + life years; 29 February ends on 28 February.
pub(crate) fn life_end(c: NaiveDate, years: i32) -> Option<NaiveDate> {
    let y = c.year() + years;
    NaiveDate::from_ymd_opt(y, c.month(), c.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, c.month(), 28))
}

/// The ledger chain: the same canonical encoding and SHA-256 as depot's movements.
pub struct Chain {
    pub seq: u64,
    pub prev: [u8; 32],
    pub buf: Vec<u8>,
}

impl Chain {
    /// Seals the fields (seq, at, action, barcode, item, quantity, from, to, operator,
    /// reference, reason, detail) after the previous hash; returns (prev, hash).
    pub fn seal(&mut self, fields: [&str; 11]) -> ([u8; 32], [u8; 32]) {
        self.seq += 1;
        self.buf.clear();
        let seq = self.seq.to_string();
        for f in std::iter::once(seq.as_str()).chain(fields) {
            self.buf.extend_from_slice(f.len().to_string().as_bytes());
            self.buf.push(b':');
            self.buf.extend_from_slice(f.as_bytes());
        }
        let mut h = Sha256::new();
        h.update(self.prev);
        h.update(&self.buf);
        let hash: [u8; 32] = h.finalize().into();
        let prev = std::mem::replace(&mut self.prev, hash);
        (prev, hash)
    }
}

/// `key=value;…` with `%`, `;` and `=` escaped, as depot's movement detail.
pub fn detail(out: &mut String, pairs: &[(&str, &str)]) {
    out.clear();
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        if !out.is_empty() {
            out.push(';');
        }
        out.push_str(k);
        out.push('=');
        for ch in v.chars() {
            match ch {
                '%' => out.push_str("%25"),
                ';' => out.push_str("%3B"),
                '=' => out.push_str("%3D"),
                _ => out.push(ch),
            }
        }
    }
}

pub(crate) const LEDGER_INSERT: &str = "INSERT INTO ledger VALUES \
    (?1, ?2, 'opening', ?3, ?4, ?5, NULL, ?6, 'bench', NULL, ?7, ?8, ?9, ?10)";
/// Checks a barcode: printable ASCII, 1–32 characters, unique across assets and lots.
pub(crate) fn check_barcode(bc: &str, seen: &mut HashSet<String>) -> Result<(), String> {
    if bc.is_empty() || bc.len() > 32 || !bc.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(format!("bad barcode {bc}"));
    }
    if !seen.insert(bc.to_owned()) {
        return Err(format!("duplicate barcode {bc}"));
    }
    Ok(())
}
