//! The PostgreSQL import (issue 13): the synthetic register (1M assets, 100k lots, with its
//! units, warehouses, modules and catalogue) imported into a new database by depot's real import
//! path (`service::import::files::import`, the import service, in a child process so its peak memory
//! is its own), beside the engine's floor: `psql \copy` of the same stock and ledger rows into
//! the same tables (same keys, foreign keys, indexes and append-only trigger) of a second
//! database.
//!
//! The floor's input files are the rows depot wrote, dumped with `\copy … TO` in the tables'
//! column order (text format; the ledger's rows in its order, as its link trigger takes them)
//! before the floor runs: byte for byte the rows the floor would
//! otherwise have to compute (the ledger's hashes and links). The floor's database gets the same
//! reference rows first (units, warehouses, modules, catalogue, through depot, untimed); only
//! the two copies are timed, in one transaction (`psql -1`, as depot's import is one).
//!
//! Goal: depot's import at most 2× the floor's time.

use std::time::Instant;

use depot_exchange::InputEncoding;
use depot_exchange::columns::Kind;
use depot_service::Ctx;
use depot_service::import::files::{self as import, Source, sources_in};
use depot_service::store::{Access, Location};

use crate::fixture::{self, path};
use crate::pg::{self, Server};
use crate::report::{Goal, Report};
use crate::{BenchResult, Common, child};

pub fn run(common: &Common, server: &Server) -> BenchResult<Report> {
    let f = fixture::base(common)?;
    let mut rep = Report::new("pg-register");
    rep.setup(
        "assets / lots / units",
        format!("{} / {} / {}", common.assets, common.lots, common.units),
    );
    rep.setup("load average at start (1/5/15 min)", pg::load_average());
    let disk = pg::fdatasync_p50(&f.dir, 200)?;
    rep.info("disk: fdatasync of 4 KB p50 at start", disk * 1000.0, "ms");

    eprintln!(
        "pg register: importing with depot (child process) into {}",
        pg::DB
    );
    let url = pg::recreate(server, pg::DB)?;
    rep.setup("server", pg::server_setup(&url)?);
    let d = child::spawn(&["depot-import", &path(&f.dir), &url])?;
    rep.setup("load average after depot's import", pg::load_average());

    let ledger = f.dir.join("pg-floor-ledger.copy");
    let stock = f.dir.join("pg-floor-stock.copy");
    eprintln!("pg register: dumping the rows depot wrote for the floor");
    pg::psql(
        &url,
        false,
        &[
            // In the ledger's order: the floor's database refuses a movement that does not
            // follow the one before it, and a plain dump comes in the order the server scans
            // the table, which need not be the ledger's (seen: movement 468 on line 46).
            format!(
                "\\copy (SELECT * FROM depot.ledger ORDER BY seq) TO '{}'",
                ledger.display()
            ),
            format!("\\copy depot.stock TO '{}'", stock.display()),
        ],
    )?;
    // The standards for the later benchmarks (not part of the timed import, as on redb).
    fixture::depot_standards_at(&f.dir, &url)?;
    pg::mark_imported(&f.dir, server)?;

    eprintln!("pg register: the floor, psql \\copy into {}", pg::FLOOR_DB);
    let floor_url = pg::recreate(server, pg::FLOOR_DB)?;
    reference_rows(&f.dir, &floor_url)?;
    let t = Instant::now();
    pg::psql(
        &floor_url,
        true,
        &[
            format!("\\copy depot.ledger FROM '{}'", ledger.display()),
            format!("\\copy depot.stock FROM '{}'", stock.display()),
        ],
    )?;
    let floor = t.elapsed().as_secs_f64();
    rep.setup("load average after the floor", pg::load_average());
    let bytes = std::fs::metadata(&ledger)?.len() + std::fs::metadata(&stock)?.len();
    std::fs::remove_file(&ledger)?;
    std::fs::remove_file(&stock)?;
    pg::drop_database(server, pg::FLOOR_DB)?;

    let rows = d.rows as f64;
    rep.info("depot import (wall)", d.seconds, "s");
    for (name, secs) in &d.phases {
        rep.info(&format!("  depot {name}"), *secs, "s");
    }
    rep.info("depot import CPU (client)", d.cpu_seconds, "s");
    rep.info("depot import rate", rows / d.seconds, "rows/s");
    rep.info("depot import peak RSS", d.peak_rss_kb as f64 / 1024.0, "MB");
    rep.info("floor: psql \\copy ledger + stock", floor, "s");
    rep.info("floor input (text COPY files)", bytes as f64 / 1e6, "MB");
    rep.goal(
        "ratio depot / floor (time)",
        d.seconds / floor,
        "x",
        Goal::AtMost(2.0),
    );

    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("pg register: results in {}", saved.display());
    Ok(rep)
}

/// The units, warehouses, modules and catalogue of the register, imported by depot into the
/// new database at `url` (the rows the stock's foreign keys point at).
fn reference_rows(dir: &std::path::Path, url: &str) -> BenchResult<()> {
    let store = depot_service::store::at(&Location::parse(url), Access::Create)?;
    let ctx = Ctx::new(Some("bench"))?;
    let mut sources = sources_in(dir)?;
    sources.retain(|s| {
        matches!(
            s,
            Source::File(
                Kind::Units | Kind::Warehouses | Kind::Modules | Kind::Catalog,
                _
            )
        )
    });
    let report = import::import(&store, &ctx, &sources, InputEncoding::Auto, false)?;
    if !report.landed() {
        return Err("the floor's reference rows did not land".into());
    }
    Ok(())
}
