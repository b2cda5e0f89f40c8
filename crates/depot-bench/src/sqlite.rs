//! The SQLite side of the comparisons: the register in SQLite (rusqlite, bundled), with the
//! tables and indexes that depot keeps, and an import of the same exchange files doing the
//! same work as depot's: parse every cell, check barcodes, items, owners and modules, write
//! each asset and lot with its index entries and one opening movement in a SHA-256 chain, all
//! in one transaction that is rolled back if any row is bad.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, Transaction, params};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use depot_service::export::csv::{ASSETS_HEADER, LOTS_HEADER};

use crate::BenchResult;
use crate::child::{Outcome, remove_db};

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
struct Known {
    places: HashSet<String>,
    modules: HashSet<String>,
    /// Item → (serial?, life in years).
    items: HashMap<String, (bool, Option<i32>)>,
}

/// A csv reader over `dir/name` and the column index of each of `names` (missing: an error).
fn open(
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

fn opt(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

fn date(s: &str) -> Result<Option<NaiveDate>, String> {
    match opt(s) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|e| format!("date {s}: {e}")),
    }
}

/// Commissioned + life years; 29 February ends on 28 February.
fn life_end(c: NaiveDate, years: i32) -> Option<NaiveDate> {
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

/// Imports the exchange files of `dir` into a new SQLite database `db`.
pub fn import(dir: &Path, db: &Path) -> BenchResult<Outcome> {
    let start = Instant::now();
    let mut conn = create(db)?;
    let tx = conn.transaction()?;
    let mut known = Known::default();
    let mut rows = reference(&tx, dir, &mut known)?;
    let mut chain = Chain {
        seq: 0,
        prev: [0; 32],
        buf: Vec::with_capacity(256),
    };
    let mut bad = Vec::new();
    let mut seen = HashSet::new();
    let at = chrono::Local::now()
        .fixed_offset()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    rows += assets(&tx, dir, &known, &mut seen, &mut chain, &at, &mut bad)?;
    rows += lots(&tx, dir, &known, &mut seen, &mut chain, &at, &mut bad)?;
    if !bad.is_empty() {
        tx.rollback()?;
        let first: Vec<_> = bad.iter().take(5).cloned().collect();
        return Err(format!("{} bad rows: {}", bad.len(), first.join("; ")).into());
    }
    let write = start.elapsed().as_secs_f64();
    let t = Instant::now();
    tx.commit()?;
    let commit = t.elapsed().as_secs_f64();
    let t = Instant::now();
    conn.close().map_err(|(_, e)| e)?;
    let close = t.elapsed().as_secs_f64();
    Ok(Outcome {
        seconds: start.elapsed().as_secs_f64(),
        phases: vec![
            ("read+check+write".into(), write),
            ("commit".into(), commit),
            ("close (checkpoint)".into(), close),
        ],
        rows,
        ..Outcome::default()
    })
}

/// Modules, units, warehouses and the catalogue: small, loaded first and remembered.
fn reference(tx: &Transaction<'_>, dir: &Path, k: &mut Known) -> BenchResult<u64> {
    let mut n = 0;
    let (mut r, c) = open(dir, "modules.csv", &["code", "name_zh", "name_en"])?;
    let mut st = tx.prepare("INSERT INTO modules VALUES (?1, ?2, ?3)")?;
    for rec in r.records() {
        let rec = rec?;
        st.execute(params![&rec[c[0]], &rec[c[1]], &rec[c[2]]])?;
        k.modules.insert(rec[c[0]].trim().to_owned());
        n += 1;
    }
    let (mut r, c) = open(
        dir,
        "units.csv",
        &["code", "name", "kind", "parent", "class"],
    )?;
    let mut st = tx.prepare("INSERT INTO units VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for rec in r.records() {
        let rec = rec?;
        st.execute(params![
            &rec[c[0]],
            &rec[c[1]],
            &rec[c[2]],
            opt(&rec[c[3]]),
            opt(&rec[c[4]])
        ])?;
        k.places.insert(rec[c[0]].trim().to_owned());
        n += 1;
    }
    let cols = ["code", "name", "level", "unit", "agreement", "partner"];
    let (mut r, c) = open(dir, "warehouses.csv", &cols)?;
    let mut st = tx.prepare("INSERT INTO warehouses VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for rec in r.records() {
        let rec = rec?;
        if !k.places.contains(rec[c[3]].trim()) {
            return Err(format!("warehouses.csv: unknown unit {}", &rec[c[3]]).into());
        }
        st.execute(params![
            &rec[c[0]],
            &rec[c[1]],
            &rec[c[2]],
            &rec[c[3]],
            rec[c[4]].trim() == "yes",
            opt(&rec[c[5]])
        ])?;
        k.places.insert(rec[c[0]].trim().to_owned());
        n += 1;
    }
    let cols = [
        "item",
        "name",
        "category",
        "tracking",
        "uom",
        "life_years",
        "inspect_days",
        "high_end",
        "unit_price",
    ];
    let (mut r, c) = open(dir, "catalog.csv", &cols)?;
    let mut st = tx.prepare("INSERT INTO catalog VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
    for rec in r.records() {
        let rec = rec?;
        let life: Option<i32> = opt(&rec[c[5]]).map(str::parse).transpose()?;
        let inspect: Option<i32> = opt(&rec[c[6]]).map(str::parse).transpose()?;
        let price: Option<Decimal> = opt(&rec[c[8]]).map(Decimal::from_str_exact).transpose()?;
        st.execute(params![
            &rec[c[0]],
            &rec[c[1]],
            &rec[c[2]],
            &rec[c[3]],
            &rec[c[4]],
            life,
            inspect,
            rec[c[7]].trim() == "yes",
            price.map(|p| p.to_string())
        ])?;
        k.items.insert(
            rec[c[0]].trim().to_owned(),
            (rec[c[3]].trim() == "serial", life),
        );
        n += 1;
    }
    Ok(n)
}

const LEDGER_INSERT: &str = "INSERT INTO ledger VALUES \
    (?1, ?2, 'opening', ?3, ?4, ?5, NULL, ?6, 'bench', NULL, ?7, ?8, ?9, ?10)";

/// Checks a barcode: printable ASCII, 1–32 characters, unique across assets and lots.
fn check_barcode(bc: &str, seen: &mut HashSet<String>) -> Result<(), String> {
    if bc.is_empty() || bc.len() > 32 || !bc.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(format!("bad barcode {bc}"));
    }
    if !seen.insert(bc.to_owned()) {
        return Err(format!("duplicate barcode {bc}"));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn assets(
    tx: &Transaction<'_>,
    dir: &Path,
    k: &Known,
    seen: &mut HashSet<String>,
    chain: &mut Chain,
    at: &str,
    bad: &mut Vec<String>,
) -> BenchResult<u64> {
    let (mut r, c) = open(dir, "assets.csv", ASSETS_HEADER)?;
    let mut insert = tx.prepare(
        "INSERT INTO assets VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, ?11)",
    )?;
    let mut ledger = tx.prepare(LEDGER_INSERT)?;
    let mut rec = csv::StringRecord::new();
    let (mut n, mut det, mut reason) = (0, String::new(), String::new());
    while r.read_record(&mut rec)? {
        n += 1;
        let line = rec.position().map_or(0, |p| p.line());
        let row = |i: usize| rec[c[i]].trim();
        let checked = (|| -> Result<_, String> {
            let bc = row(0);
            check_barcode(bc, seen)?;
            let (serial_item, life) = *k.items.get(row(1)).ok_or("unknown item")?;
            if !serial_item {
                return Err("a lot item in assets.csv".into());
            }
            if !k.places.contains(row(3)) {
                return Err(format!("unknown owner {}", row(3)));
            }
            if let Some(m) = opt(row(5))
                && !k.modules.contains(m)
            {
                return Err(format!("unknown module {m}"));
            }
            let status = match opt(row(6)).unwrap_or("ready") {
                s @ ("ready" | "maintenance" | "out_of_service" | "retired") => s,
                s => return Err(format!("unknown status {s}")),
            };
            let commissioned = date(row(7))?;
            let inspected = date(row(8))?;
            let end = match (commissioned, life) {
                (Some(c), Some(y)) => life_end(c, y),
                (None, Some(_)) => return Err("commissioned required".into()),
                _ => None,
            };
            Ok((status, commissioned, inspected, end))
        })();
        let (status, commissioned, inspected, end) = match checked {
            Ok(v) => v,
            Err(e) => {
                bad.push(format!("assets.csv:{line}: {e}"));
                continue;
            }
        };
        let (c_text, i_text) = (
            commissioned.map(|d| d.to_string()).unwrap_or_default(),
            inspected.map(|d| d.to_string()).unwrap_or_default(),
        );
        insert.execute(params![
            row(0),
            row(1),
            opt(row(2)),
            row(3),
            opt(row(4)),
            opt(row(5)),
            status,
            opt(&c_text),
            opt(&i_text),
            opt(row(9)),
            end.map(|d| d.to_string())
        ])?;
        detail(
            &mut det,
            &[
                ("serial", row(2)),
                ("plate", row(9)),
                ("module", row(5)),
                ("status", if status == "ready" { "" } else { status }),
                ("commissioned", &c_text),
                ("last_inspected", &i_text),
                ("location", row(4)),
            ],
        );
        reason.clear();
        reason.push_str("imported from assets.csv:");
        reason.push_str(&line.to_string());
        let fields = [
            at,
            "opening",
            row(0),
            row(1),
            "1",
            "",
            row(3),
            "bench",
            "",
            &reason,
            &det,
        ];
        let (prev, hash) = chain.seal(fields);
        ledger.execute(params![
            chain.seq as i64,
            at,
            row(0),
            row(1),
            "1",
            row(3),
            &reason,
            &det,
            &prev[..],
            &hash[..]
        ])?;
    }
    Ok(n)
}

#[allow(clippy::too_many_arguments)]
fn lots(
    tx: &Transaction<'_>,
    dir: &Path,
    k: &Known,
    seen: &mut HashSet<String>,
    chain: &mut Chain,
    at: &str,
    bad: &mut Vec<String>,
) -> BenchResult<u64> {
    let (mut r, c) = open(dir, "lots.csv", LOTS_HEADER)?;
    let mut insert = tx.prepare("INSERT INTO lots VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
    let mut ledger = tx.prepare(LEDGER_INSERT)?;
    let mut rec = csv::StringRecord::new();
    let (mut n, mut det, mut reason) = (0, String::new(), String::new());
    while r.read_record(&mut rec)? {
        n += 1;
        let line = rec.position().map_or(0, |p| p.line());
        let row = |i: usize| rec[c[i]].trim();
        let checked = (|| -> Result<_, String> {
            check_barcode(row(0), seen)?;
            let (serial_item, _) = *k.items.get(row(1)).ok_or("unknown item")?;
            if serial_item {
                return Err("a serial item in lots.csv".into());
            }
            if !k.places.contains(row(3)) {
                return Err(format!("unknown owner {}", row(3)));
            }
            if let Some(m) = opt(row(4))
                && !k.modules.contains(m)
            {
                return Err(format!("unknown module {m}"));
            }
            let q = Decimal::from_str_exact(row(5)).map_err(|e| e.to_string())?;
            if q.is_sign_negative() && !q.is_zero() {
                return Err("negative quantity".into());
            }
            Ok((q.normalize().to_string(), date(row(6))?, date(row(7))?))
        })();
        let (quantity, expires, received) = match checked {
            Ok(v) => v,
            Err(e) => {
                bad.push(format!("lots.csv:{line}: {e}"));
                continue;
            }
        };
        let (e_text, r_text) = (
            expires.map(|d| d.to_string()).unwrap_or_default(),
            received.map(|d| d.to_string()).unwrap_or_default(),
        );
        insert.execute(params![
            row(0),
            row(1),
            opt(row(2)),
            row(3),
            opt(row(4)),
            &quantity,
            opt(&e_text),
            opt(&r_text)
        ])?;
        detail(
            &mut det,
            &[
                ("lot", row(2)),
                ("module", row(4)),
                ("expires", &e_text),
                ("received", &r_text),
            ],
        );
        reason.clear();
        reason.push_str("imported from lots.csv:");
        reason.push_str(&line.to_string());
        let fields = [
            at,
            "opening",
            row(0),
            row(1),
            &quantity,
            "",
            row(3),
            "bench",
            "",
            &reason,
            &det,
        ];
        let (prev, hash) = chain.seal(fields);
        ledger.execute(params![
            chain.seq as i64,
            at,
            row(0),
            row(1),
            &quantity,
            row(3),
            &reason,
            &det,
            &prev[..],
            &hash[..]
        ])?;
    }
    Ok(n)
}
