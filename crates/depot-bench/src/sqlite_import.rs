//! The SQLite import of the exchange files: every cell parsed and checked as depot's import
//! does, each asset and lot written with one opening movement in a SHA-256 chain, in one
//! transaction.

use crate::BenchResult;
use crate::child::Outcome;
use crate::sqlite::{
    Chain, Known, LEDGER_INSERT, check_barcode, create, date, detail, life_end, open, opt,
};
use depot_service::export::csv::{ASSETS_HEADER, LOTS_HEADER};
use rusqlite::{Transaction, params};
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

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
