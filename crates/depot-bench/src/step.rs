//! The steps a child process runs (the bench binary re-executed with a hidden subcommand):
//! each measured on its own, reported as one JSON line.

use crate::BenchResult;
use crate::child::{Outcome, cpu_seconds, landed, peak_rss_kb, remove_db};
use clap::Subcommand;
use depot_exchange::InputEncoding;
use depot_exchange::columns::Kind;
use depot_service::Ctx;
use depot_service::import::files::{self as import, Source, sources_in};
use depot_service::store::Location;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    /// `import register BOOK` into a new database DB holding the sample's reference data.
    OnboardRegister { book: PathBuf, db: PathBuf },
    /// `import assets CSV` into a new database DB holding the sample's reference data.
    OnboardCsv { csv: PathBuf, db: PathBuf },
}

pub fn run(step: Step) -> BenchResult<()> {
    let mut out = match step {
        Step::DepotImport { dir, db } => depot_import(&dir, &db)?,
        Step::SqliteImport { dir, db } => crate::sqlite_import::import(&dir, &db)?,
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
        Step::OnboardRegister { book, db } => crate::onboard::register_step(&book, &db)?,
        Step::OnboardCsv { csv, db } => crate::onboard::csv_step(&csv, &db)?,
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
