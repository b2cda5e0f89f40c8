//! Measured steps run in a child process (the bench binary re-executed with a hidden
//! subcommand): the child's peak resident memory (`VmHWM`) is then the step's own, not the
//! generator's or the other database's. A child prints one JSON line; the parent reads it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use clap::Subcommand;
use serde::{Deserialize, Serialize};

use depot_exchange::InputEncoding;
use depot_exchange::columns::Kind;
use depot_service::Ctx;
use depot_service::import::files::{self as import, Source, sources_in};
use depot_service::store::Location;

use crate::BenchResult;

#[derive(Debug, Clone, Subcommand)]
pub enum Step {
    /// Import the exchange files of DIR into a new depot database DB (a file, or a
    /// `postgres://` URL of an empty database).
    DepotImport { dir: PathBuf, db: PathBuf },
    /// Export the assets of the depot database DB to OUT.
    DepotExport { db: PathBuf, out: PathBuf },
    /// Import the exchange files of DIR into a new SQLite database DB.
    SqliteImport { dir: PathBuf, db: PathBuf },
    /// `depot scan --mode out --to TO` (or `--mode in` without TO) on the depot database DB,
    /// reading its codes from standard input: the same function as the real command.
    DepotScan {
        db: PathBuf,
        #[arg(long)]
        to: Option<String>,
    },
    /// Check-outs and check-ins on the PostgreSQL database URL of the codes in CODES (one
    /// `barcode<TAB>station` a line), each a transaction, through depot's services or (with
    /// `--plain`) as plain SQL; says `ready` on standard output, waits for a line on standard
    /// input, then scans and reports its latencies as one JSON line.
    PgScan {
        url: String,
        codes: PathBuf,
        #[arg(long)]
        plain: bool,
    },
    /// Ingest every bundle under BUNDLES into a new headquarters database DB (a file, or a
    /// `postgres://` URL of an empty database), `--trust-new`.
    HqIngest { bundles: PathBuf, db: PathBuf },
    /// The consolidated readiness of the headquarters database DB, twice (cold, then warm).
    HqReadiness { db: PathBuf },
    /// The rows of every bundle under BUNDLES into a new SQLite database DB.
    HqSqlite { bundles: PathBuf, db: PathBuf },
}

/// What a child reports.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// Wall time of the whole step.
    pub seconds: f64,
    /// Parts of the step, where the step can tell them apart.
    pub phases: Vec<(String, f64)>,
    /// Peak resident set, in kB.
    pub peak_rss_kb: u64,
    /// CPU time (user + system): on a shared machine, steadier than the wall time.
    #[serde(default)]
    pub cpu_seconds: f64,
    /// Rows written.
    pub rows: u64,
}

pub fn run(step: Step) -> BenchResult<()> {
    let mut out = match step {
        Step::DepotImport { dir, db } => depot_import(&dir, &db)?,
        Step::SqliteImport { dir, db } => crate::sqlite::import(&dir, &db)?,
        Step::DepotExport { db, out } => Outcome {
            seconds: crate::register::depot_export(&db, &out)?,
            ..Outcome::default()
        },
        // Answers one line per code on standard output, like `depot scan`; no JSON line.
        Step::DepotScan { db, to } => return crate::scan::depot_scan_child(&db, to),
        Step::PgScan { url, codes, plain } => return crate::pg_scan::child(&url, &codes, plain),
        Step::HqIngest { bundles, db } => crate::hq::ingest(&bundles, &db)?,
        Step::HqReadiness { db } => crate::hq::readiness(&db)?,
        Step::HqSqlite { bundles, db } => crate::hq_sqlite::import(&bundles, &db)?,
    };
    out.peak_rss_kb = peak_rss_kb().unwrap_or(0);
    out.cpu_seconds = cpu_seconds().unwrap_or(0.0);
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}

fn depot_import(dir: &Path, db: &Path) -> BenchResult<Outcome> {
    if Location::from(db).file().is_some() {
        remove_db(db)?;
    }
    let start = Instant::now();
    let store = depot_service::store::open_or_create(db)?;
    let ctx = Ctx::new(Some("bench"))?;
    // The files SQLite imports too: the shared fixture of the other benchmarks leaves its
    // standards in the same folder.
    let mut sources = sources_in(dir)?;
    sources.retain(|s| !matches!(s, Source::File(Kind::Standards | Kind::Targets, _)));
    let report = import::import(&store, &ctx, &sources, InputEncoding::Auto, false)?;
    landed(&report, "the depot import")?;
    let seconds = start.elapsed().as_secs_f64();
    let rows = report.summary.as_ref().map_or(0, |s| {
        s.kinds
            .iter()
            .map(|(_, c)| c.new + c.changed + c.same)
            .sum()
    });
    Ok(Outcome {
        seconds,
        phases: report
            .timings
            .iter()
            .map(|(n, d)| ((*n).to_owned(), d.as_secs_f64()))
            .collect(),
        rows,
        ..Outcome::default()
    })
}

/// Removes a database file and its SQLite companions, if there.
/// An error naming the first five problems when the import `report` tells of did not land.
pub fn landed(report: &import::Report, what: &str) -> BenchResult<()> {
    if report.landed() {
        return Ok(());
    }
    let first: Vec<String> = report
        .problems
        .iter()
        .take(5)
        .map(|p| format!("{}:{}: {}", p.file, p.line, p.reason))
        .collect();
    Err(format!("{what} did not land: {}", first.join("; ")).into())
}

pub fn remove_db(db: &Path) -> BenchResult<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

/// This process's peak resident set (`VmHWM`), in kB.
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// This process's CPU time so far (user + system), from `/proc/self/stat`.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(ticks as f64 / 100.0)
}

/// Runs `step` in a child process and returns what it reports.
pub fn spawn(args: &[&str]) -> BenchResult<Outcome> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .arg("child")
        .args(args)
        .stderr(Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err(format!("child step {args:?} failed ({})", out.status).into());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or("");
    Ok(serde_json::from_str(last)?)
}
