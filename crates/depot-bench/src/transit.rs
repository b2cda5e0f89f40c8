//! `report transit` at headquarters: a headquarters database (the hq benchmark's, `hq.redb`,
//! copied first: opening it for writing indexes its shipment movements once), then what the
//! report reads of every depot's ledger, the way it read before (every movement each depot
//! sent) and the way it reads now (only the movements that name a shipment), and the report
//! itself. With `--pg` the same on a PostgreSQL headquarters database.
//!
//! Goal: the report under 1 s.

use std::path::PathBuf;
use std::time::Instant;

use depot_report::ReportKind;
use depot_report::words::Lang;
use depot_service::hq::report::{HqSpec, build};
use depot_service::store::{Access, Location, Store};

use crate::BenchResult;
use crate::report::{Goal, Report};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A headquarters database on redb (`depot-bench hq` leaves one); it is copied into
    /// `--dir` and the copy measured.
    #[arg(long, default_value = "/tmp/depot-bench-hq/hq.redb")]
    pub db: PathBuf,
    /// Where the copy and the results go.
    #[arg(long, default_value = "/tmp/depot-bench-transit")]
    pub dir: PathBuf,
    /// A headquarters database on PostgreSQL (its URL), measured too.
    #[arg(long)]
    pub pg: Option<String>,
}

/// What one engine's database gave.
struct Measured {
    depots: usize,
    every: (f64, usize),
    shipments: (f64, usize),
    report: f64,
    rows: usize,
}

/// The seconds `f` takes, and what it gave.
fn timed<T>(f: impl FnOnce() -> BenchResult<T>) -> BenchResult<(f64, T)> {
    let start = Instant::now();
    let out = f()?;
    Ok((start.elapsed().as_secs_f64(), out))
}

fn measure(store: &Store) -> BenchResult<Measured> {
    let depots: Vec<(String, u64)> = store
        .read()?
        .hq_depots()?
        .into_iter()
        .filter_map(|d| d.last.map(|l| (d.code, l.last_seq)))
        .collect();
    let every = timed(|| {
        let r = store.read()?;
        let mut n = 0;
        for (code, last) in &depots {
            n += r.hq_movements(code, 1, *last)?.len();
        }
        Ok(n)
    })?;
    let shipments = timed(|| {
        let r = store.read()?;
        let mut n = 0;
        for (code, last) in &depots {
            n += r.hq_shipment_movements(code, 1, *last)?.len();
        }
        Ok(n)
    })?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).ok_or("bad date")?;
    let spec = HqSpec {
        kind: ReportKind::Transit,
        depot: None,
        today,
        stale_days: 45,
    };
    // The best of three.
    let mut report = (f64::MAX, 0);
    for _ in 0..3 {
        let (t, r) = timed(|| Ok(build(store, &spec, Lang::En)?))?;
        let rows = r.sections.iter().map(|s| s.rows.len()).sum();
        if t < report.0 {
            report = (t, rows);
        }
    }
    Ok(Measured {
        depots: depots.len(),
        every,
        shipments,
        report: report.0,
        rows: report.1,
    })
}

fn put(rep: &mut Report, engine: &str, m: &Measured) {
    rep.setup(&format!("{engine} depots"), m.depots);
    rep.setup(&format!("{engine} movements held"), m.every.1);
    rep.setup(
        &format!("{engine} movements naming a shipment"),
        m.shipments.1,
    );
    rep.info(
        &format!("{engine} read every movement (before)"),
        m.every.0,
        "s",
    );
    rep.info(
        &format!("{engine} read the shipment movements (now)"),
        m.shipments.0,
        "s",
    );
    rep.goal(
        &format!("{engine} report transit"),
        m.report,
        "s",
        Goal::AtMost(1.0),
    );
    rep.setup(&format!("{engine} report rows"), m.rows);
}

pub fn run(args: &Args) -> BenchResult<()> {
    std::fs::create_dir_all(&args.dir)?;
    let copy = args.dir.join("hq.redb");
    std::fs::copy(&args.db, &copy)?;
    let mut rep = Report::new("transit");
    rep.setup("database", args.db.display());
    let (indexed, store) = timed(|| {
        Ok(depot_service::store::at(
            &Location::from(copy.as_path()),
            Access::Existing,
        )?)
    })?;
    rep.info(
        "redb first opening (indexes the shipment movements once)",
        indexed,
        "s",
    );
    let m = measure(&store)?;
    put(&mut rep, "redb", &m);
    drop(store);
    std::fs::remove_file(&copy)?;
    if let Some(url) = &args.pg {
        let at: Location = url.parse()?;
        let store = depot_service::store::at(&at, Access::Existing)?;
        let m = measure(&store)?;
        put(&mut rep, "postgres", &m);
    }
    print!("{}", rep.table());
    let saved = rep.save(&args.dir)?;
    println!("   results: {}", saved.display());
    Ok(())
}
