//! The headquarters benchmark (issue 14): a thousand depots' signed bundles (`hq_fixture`),
//! each ingested in turn by `service::hq::ingest` (`--trust-new`) into a new headquarters
//! database on redb and on PostgreSQL, in a child process per engine (wall time, CPU time, peak
//! memory); beside them SQLite importing the same rows (`hq_sqlite`); then the consolidated
//! readiness read back from each headquarters database, cold and warm.
//!
//! The consolidated readiness is headquarters' own report of every depot's figures
//! (`service::hq::figures::overview`: each depot's latest `readiness.csv` and
//! `replacements.csv`, as `depot hq depots` lists them), with the lines of
//! all depots added up for a headline.
//!
//! Goals: ingest at least as fast as SQLite; peak memory under 512 MB; the consolidated
//! readiness under 5 s warm, on either engine.

use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use postgres::{Client, NoTls};

use chrono::NaiveDate;

use depot_domain::readiness::Tally;
use depot_service::Ctx;
use depot_service::hq::figures::DepotFigures;
use depot_service::hq::{self, IngestOptions, Ingested};
use depot_service::store::{Access, Location, Store};

use crate::child::{self, Outcome, remove_db};
use crate::pg::{self, Server};
use crate::report::{Goal, Report};
use crate::{BenchResult, hq_fixture};

/// The headquarters database made on PostgreSQL (dropped at the end of a run).
const PG_DB: &str = "depot_bench_hq";

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Where the bundles, the databases and the results go.
    #[arg(long, default_value = "/tmp/depot-bench-hq")]
    pub dir: PathBuf,
    /// Depots, each with a bundle of its own.
    #[arg(long, default_value_t = 1000)]
    pub depots: u64,
    /// Assets in each depot's register.
    #[arg(long, default_value_t = 10_000)]
    pub assets: u64,
    /// Admin URL of a PostgreSQL server on which the database `depot_bench_hq` may be made and
    /// dropped (`tools/pg.sh start` exports one as DEPOT_TEST_PG); without one the PostgreSQL
    /// side is left out.
    #[arg(long, env = "DEPOT_TEST_PG")]
    pub server: Option<String>,
    /// The sides to run, of redb, pg, sqlite.
    #[arg(long, value_delimiter = ',', default_value = "redb,pg,sqlite")]
    pub only: Vec<String>,
}

/// One engine's measures.
struct Side {
    ingest: Outcome,
    readiness: Outcome,
    size_mb: f64,
}

pub fn run(args: &Args) -> BenchResult<Report> {
    std::fs::create_dir_all(&args.dir)?;
    let mut rep = Report::new("hq");
    let f = hq_fixture::bundles(&args.dir, args.depots, args.assets)?;
    let bundles = path(&f.dir);
    rep.setup(
        "bundles",
        format!(
            "{} depots, {} assets, {} movements, {} CSV rows in all, {:.0} MB in {}",
            f.depots,
            f.assets,
            f.movements,
            f.rows,
            mb(f.bytes),
            f.dir.display()
        ),
    );
    if f.made_in > 0.0 {
        rep.info("make the missing bundles", f.made_in, "s");
    }
    let wants = |s: &str| args.only.iter().any(|o| o == s);

    let redb = if wants("redb") {
        let db = args.dir.join("hq.redb");
        rep.setup("load before redb", pg::load_average());
        eprintln!("hq: ingesting on redb");
        let ingest = child::spawn(&["hq-ingest", &bundles, &path(&db)])?;
        rep.setup("load before redb readiness", pg::load_average());
        let readiness = child::spawn(&["hq-readiness", &path(&db)])?;
        let size_mb = mb(std::fs::metadata(&db)?.len());
        Some(Side {
            ingest,
            readiness,
            size_mb,
        })
    } else {
        None
    };

    let on_pg = match (&args.server, wants("pg")) {
        (Some(server), true) => {
            let server = Server {
                server: server.clone(),
            };
            let url = pg::recreate(&server, PG_DB)?;
            rep.setup("server", pg::server_setup(&url)?);
            rep.setup("load before postgres", pg::load_average());
            eprintln!("hq: ingesting on PostgreSQL");
            let ingest = child::spawn(&["hq-ingest", &bundles, &url])?;
            rep.setup("load before postgres readiness", pg::load_average());
            let readiness = child::spawn(&["hq-readiness", &url])?;
            let size_mb = pg_size_mb(&url)?;
            pg::drop_database(&server, PG_DB)?;
            Some(Side {
                ingest,
                readiness,
                size_mb,
            })
        }
        (None, true) => {
            eprintln!("hq: no --server (or DEPOT_TEST_PG): the PostgreSQL side is left out");
            None
        }
        _ => None,
    };

    let sqlite = if wants("sqlite") {
        let db = args.dir.join("hq.sqlite");
        rep.setup("load before sqlite", pg::load_average());
        eprintln!("hq: importing the same rows with SQLite");
        let o = child::spawn(&["hq-sqlite", &bundles, &path(&db)])?;
        let size = mb(std::fs::metadata(&db)?.len());
        remove_db(&db)?;
        Some((o, size))
    } else {
        None
    };
    rep.setup("load at the end", pg::load_average());

    for (engine, side) in [("redb", &redb), ("postgres", &on_pg)] {
        let Some(s) = side else { continue };
        let i = &s.ingest;
        rep.info(&format!("{engine} ingest"), i.seconds, "s");
        for (name, v) in &i.phases {
            rep.info(&format!("  {engine} {name}"), *v, "s");
        }
        rep.info(&format!("{engine} ingest CPU (client)"), i.cpu_seconds, "s");
        rep.info(
            &format!("{engine} ingest rate"),
            f.rows as f64 / i.seconds,
            "rows/s",
        );
        if let Some((sq, _)) = &sqlite {
            rep.goal(
                &format!("{engine} ingest / sqlite (rate)"),
                sq.seconds / i.seconds,
                "x",
                Goal::AtLeast(1.0),
            );
        }
        rep.goal(
            &format!("{engine} ingest peak memory"),
            i.peak_rss_kb as f64 / 1024.0,
            "MB",
            Goal::AtMost(512.0),
        );
        rep.info(&format!("{engine} database size"), s.size_mb, "MB");
        let r = &s.readiness;
        let phase = |n: &str| r.phases.iter().find(|(k, _)| k == n).map_or(0.0, |p| p.1);
        rep.info(
            &format!("{engine} readiness cold (first in process)"),
            phase("cold"),
            "s",
        );
        rep.goal(
            &format!("{engine} readiness warm"),
            phase("warm"),
            "s",
            Goal::AtMost(5.0),
        );
        for part in [
            "read both files of every depot",
            "readiness_lines of every depot",
            "replacements of every depot",
        ] {
            rep.info(&format!("  {engine} {part} (warm)"), phase(part), "s");
        }
        rep.info(
            &format!("{engine} the service's chart (hq dashboard Tab)"),
            phase("chart"),
            "s",
        );
        rep.setup(
            &format!("{engine} report reads"),
            format!(
                "{:.0} MB of readiness.csv and replacements.csv, {} replacement rows",
                phase("MB read"),
                phase("replacement rows")
            ),
        );
        rep.info(
            &format!("{engine} readiness peak memory"),
            r.peak_rss_kb as f64 / 1024.0,
            "MB",
        );
        rep.setup(
            &format!("{engine} consolidated readiness"),
            format!(
                "{} depots, {} lines, equipped rate {:.2} %",
                phase("depots"),
                phase("lines"),
                phase("equipped %")
            ),
        );
    }
    if let Some((sq, size)) = &sqlite {
        rep.info("sqlite import", sq.seconds, "s");
        rep.info("sqlite import CPU", sq.cpu_seconds, "s");
        rep.info("sqlite import rate", sq.rows as f64 / sq.seconds, "rows/s");
        rep.info(
            "sqlite import peak memory",
            sq.peak_rss_kb as f64 / 1024.0,
            "MB",
        );
        rep.info("sqlite database size", *size, "MB");
    }

    print!("{}", rep.table());
    let saved = rep.save(&args.dir)?;
    eprintln!("hq: results in {}", saved.display());
    Ok(rep)
}

/// Ingests every bundle under `bundles` into a new headquarters database `db`, one bundle a
/// transaction as `depot hq ingest DIR…` does. Runs in the child process `child hq-ingest`.
pub fn ingest(bundles: &Path, db: &Path) -> BenchResult<Outcome> {
    if Location::from(db).file().is_some() {
        remove_db(db)?;
    }
    let start = Instant::now();
    let store = depot_service::store::open_or_create(db)?;
    let ctx = Ctx::new(Some("bench"))?;
    let dirs = hq::bundles_in(&[bundles.to_path_buf()]);
    let found = start.elapsed().as_secs_f64();
    let bar = ProgressBar::new(dirs.len() as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} bundles, {eta} left",
        )
        .map_err(|e| e.to_string())?
        .progress_chars("=> "),
    );
    let mut times = Vec::with_capacity(dirs.len());
    let mut appended = 0;
    let mut failed: Option<String> = None;
    // As `depot hq ingest` does: the next bundle read and checked while one is taken in.
    let mut t = Instant::now();
    hq::ingest_each(
        &store,
        &ctx,
        &dirs,
        IngestOptions { trust_new: true },
        |d, out| {
            match out {
                Ok(Ingested::New { appended: a, .. }) => appended += a,
                Ok(Ingested::Again { depot, .. }) => {
                    failed = Some(format!(
                        "{}: depot {depot} was ingested already",
                        d.display()
                    ));
                    return std::ops::ControlFlow::Break(());
                }
                Err(e) => {
                    failed = Some(format!("{}: {e}", d.display()));
                    return std::ops::ControlFlow::Break(());
                }
            }
            times.push(t.elapsed().as_secs_f64());
            t = Instant::now();
            bar.inc(1);
            std::ops::ControlFlow::Continue(())
        },
    )?;
    if let Some(f) = failed {
        return Err(f.into());
    }
    bar.finish();
    drop(store);
    let seconds = start.elapsed().as_secs_f64();
    let tenth = (times.len() / 10).max(1);
    let head: f64 = times.iter().take(tenth).sum();
    let tail: f64 = times.iter().rev().take(tenth).sum();
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let q = |p: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    Ok(Outcome {
        seconds,
        phases: vec![
            ("open and list the bundles".into(), found),
            (format!("first {tenth} bundles"), head),
            (format!("last {tenth} bundles"), tail),
            ("bundle p50".into(), q(0.5)),
            ("bundle p99".into(), q(0.99)),
            ("bundle max".into(), q(1.0)),
        ],
        rows: appended,
        ..Outcome::default()
    })
}

/// The consolidated readiness of the headquarters database `db`, twice in one process: cold
/// (the first report after opening) and warm. Runs in the child process `child hq-readiness`.
pub fn readiness(db: &Path) -> BenchResult<Outcome> {
    let store = depot_service::store::at(&Location::from(db), Access::ReadOnly)?;
    let t = Instant::now();
    let (depots, total) = consolidated(&store)?;
    let cold = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let (again, total2) = consolidated(&store)?;
    let warm = t.elapsed().as_secs_f64();
    if again.len() != depots.len() || total2 != total {
        return Err("the second reading of the readiness differs from the first".into());
    }
    let rate = total.equipped_rate().unwrap_or_default();
    // Where the report's time goes, each part warm and on its own: the two files read from the
    // store, then each parsed by the report's own functions.
    let r = store.read()?;
    let codes: Vec<String> = depots.iter().map(|f| f.depot.code.clone()).collect();
    let t = Instant::now();
    let mut bytes = 0;
    for c in &codes {
        for name in ["readiness.csv", "replacements.csv"] {
            bytes += r.hq_file(c, name)?.map_or(0, |b| b.len());
        }
    }
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for c in &codes {
        std::hint::black_box(hq::figures::readiness_lines(&r, c)?);
    }
    let lines = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut replacements = 0;
    for c in &codes {
        replacements += hq::figures::replacements(&r, c)?.len();
    }
    let repl = t.elapsed().as_secs_f64();
    // The terminal UI's chart of the whole service (Tab at headquarters): each depot's kept
    // figures at each bundle's date of the last 24 months, pooled; on its last date the same
    // lines as the consolidated readiness.
    let (y, m, d) = hq_fixture::AS_OF;
    let today = NaiveDate::from_ymd_opt(y, m, d).ok_or("bad as-of date")?;
    let from = today
        .checked_sub_months(chrono::Months::new(24))
        .unwrap_or(today);
    let t = Instant::now();
    let points = hq::chart::chart(&store, from, today, None)?;
    let chart = t.elapsed().as_secs_f64();
    if points
        .last()
        .and_then(|p| p.figures.as_ref())
        .map(|f| f.lines)
        != Some(total)
    {
        return Err("the chart's last date differs from the consolidated readiness".into());
    }
    Ok(Outcome {
        seconds: cold + warm,
        phases: vec![
            ("cold".into(), cold),
            ("warm".into(), warm),
            ("read both files of every depot".into(), read),
            ("MB read".into(), bytes as f64 / (1024.0 * 1024.0)),
            ("readiness_lines of every depot".into(), lines),
            ("replacements of every depot".into(), repl),
            ("replacement rows".into(), replacements as f64),
            ("chart".into(), chart),
            ("chart dates".into(), points.len() as f64),
            ("depots".into(), depots.len() as f64),
            ("lines".into(), f64::from(total.lines)),
            ("equipped %".into(), rate.try_into().unwrap_or(0.0)),
        ],
        rows: depots.len() as u64,
        ..Outcome::default()
    })
}

/// Every depot's figures as headquarters reports them (`service::hq::figures::overview`, which
/// reads each depot's `readiness.csv` and `replacements.csv` of its latest bundle): one per
/// depot, in code order, and the lines of them all.
pub fn consolidated(store: &Store) -> BenchResult<(Vec<DepotFigures>, Tally)> {
    let (y, m, d) = hq_fixture::AS_OF;
    let today = NaiveDate::from_ymd_opt(y, m, d).ok_or("bad as-of date")?;
    let depots = hq::figures::overview(store, today, hq::figures::STALE_DAYS)?;
    let mut total = Tally::default();
    for f in &depots {
        total += &f.tally;
    }
    Ok((depots, total))
}

fn pg_size_mb(url: &str) -> BenchResult<f64> {
    let mut c = Client::connect(url, NoTls)?;
    let r = c.query_one("SELECT pg_database_size(current_database())", &[])?;
    Ok(mb(r.get::<_, i64>(0) as u64))
}

fn path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
