//! The SQLite side of the headquarters benchmark: the same bundles' rows imported into SQLite
//! (rusqlite, bundled), as a headquarters could keep them without depot. Every data row of each
//! bundle's six CSV files goes into a table of its own with the file's columns (all text, as
//! the files carry them) and the depot's code in front; the movements keyed by (depot, seq) as
//! depot's `hq_movements` is; the manifest into a bundles table. One transaction per bundle,
//! prepared statements, and the settings of the register benchmark's SQLite: WAL,
//! `synchronous=FULL` (a commit is durable, as depot's is), a 128 MiB page cache.
//!
//! SQLite checks nothing: no signature, no file hash or row count, no movement hash or chain.
//! Depot's ingest does all of these (and keeps the snapshot files whole rather than row by row).

use std::path::Path;
use std::time::Instant;

use rusqlite::{Connection, params_from_iter};

use depot_exchange::bundle::Manifest;
use depot_exchange::bundle::manifest::FILES;
use depot_service::hq;

use crate::BenchResult;
use crate::child::{Outcome, remove_db};

/// The same page cache as the register benchmark's SQLite and depot's redb.
const CACHE_KIB: i64 = 128 * 1024;

fn table(file: &str) -> String {
    format!("hq_{}", file.trim_end_matches(".csv"))
}

/// Imports the rows of every bundle under `bundles` into a new SQLite database `db`. Runs in
/// the child process `child hq-sqlite`.
pub fn import(bundles: &Path, db: &Path) -> BenchResult<Outcome> {
    let start = Instant::now();
    remove_db(db)?;
    let mut conn = Connection::open(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    let dirs = hq::bundles_in(&[bundles.to_path_buf()]);
    let first = dirs.first().ok_or("no bundles")?;
    // The tables, with the columns of the first bundle's files.
    let mut schema = String::from(
        "CREATE TABLE hq_bundles(depot TEXT NOT NULL, manifest_sha256 TEXT NOT NULL, \
         manifest BLOB NOT NULL, PRIMARY KEY (depot, manifest_sha256));\n",
    );
    let mut inserts = Vec::new();
    for name in FILES {
        let mut r = csv::Reader::from_path(first.join(name))?;
        let cols: Vec<String> = r.headers()?.iter().map(|h| format!("\"{h}\"")).collect();
        let key = if name == "movements.csv" {
            ", PRIMARY KEY (depot, seq)"
        } else {
            ""
        };
        schema.push_str(&format!(
            "CREATE TABLE {}(depot TEXT NOT NULL, {}{key});\n",
            table(name),
            cols.iter()
                .map(|c| format!("{c} TEXT"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let marks: Vec<String> = (1..=cols.len() + 1).map(|i| format!("?{i}")).collect();
        inserts.push((
            name,
            cols.len(),
            format!("INSERT INTO {} VALUES ({})", table(name), marks.join(", ")),
        ));
    }
    conn.execute_batch(&schema)?;
    let mut rows = 0u64;
    let mut rec = csv::StringRecord::new();
    for dir in &dirs {
        let manifest = std::fs::read(dir.join("manifest.json"))?;
        let m = Manifest::parse(&manifest).map_err(|e| format!("{}: {e}", dir.display()))?;
        let code = m.body.depot.code.as_str();
        let tx = conn.transaction()?;
        for (name, width, sql) in &inserts {
            let mut st = tx.prepare_cached(sql)?;
            let mut r = csv::Reader::from_path(dir.join(name))?;
            if r.headers()?.len() != *width {
                return Err(format!("{}: {name} has other columns", dir.display()).into());
            }
            while r.read_record(&mut rec)? {
                st.execute(params_from_iter(std::iter::once(code).chain(rec.iter())))?;
                rows += 1;
            }
        }
        tx.execute(
            "INSERT INTO hq_bundles VALUES (?1, ?2, ?3)",
            (
                code,
                depot_exchange::bundle::manifest::sha256_hex(&manifest),
                &manifest,
            ),
        )?;
        tx.commit()?;
    }
    let write = start.elapsed().as_secs_f64();
    let t = Instant::now();
    conn.close().map_err(|(_, e)| e)?;
    let close = t.elapsed().as_secs_f64();
    Ok(Outcome {
        seconds: start.elapsed().as_secs_f64(),
        phases: vec![
            ("read and write, a transaction a bundle".into(), write),
            ("close (checkpoint)".into(), close),
        ],
        rows,
        ..Outcome::default()
    })
}
