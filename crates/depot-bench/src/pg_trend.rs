//! The trend on PostgreSQL: `depot report trend` over 24 months by month on the trend register
//! (`trend_fixture`: ten million movements spread over the two years of the dates) moved into
//! the database `depot_bench_span` with `depot migrate`'s service (timed, once: later runs
//! reuse it), cold, then warm, and the bare read of its ledger, as `trend` measures it on
//! redb. With `--shared`, on the register `pg register` imports instead (its ledger is dated
//! after every date: the read alone).
//!
//! Goal: warm under 3 s, as on redb.

use std::time::Instant;

use depot_service::store::{Access, Location};

use crate::pg::{self, Server};
use crate::report::{Goal, Report};
use crate::trend::{Args, measure};
use crate::{BenchResult, Common, fixture, trend_fixture};

/// The database the trend register is moved into.
const SPAN_DB: &str = "depot_bench_span";
/// Beside the trend register: the server it was moved to.
const MOVED: &str = "pg-span.migrated";

pub fn run(common: &Common, server: &Server, args: &Args) -> BenchResult<Report> {
    let f = fixture::base(common)?;
    let (url, moved) = if args.shared {
        (pg::register(common, server, &f)?, None)
    } else {
        span(common, server, args)?
    };
    let mut rep = Report::new("pg-trend");
    rep.setup(
        "assets / lots / units",
        format!("{} / {} / {}", common.assets, common.lots, common.units),
    );
    rep.setup(
        "register",
        if args.shared {
            "pg register's (its ledger after every date)"
        } else {
            "the trend register, moved with depot migrate"
        },
    );
    if let Some(secs) = moved {
        rep.info(
            "depot migrate of the trend register into PostgreSQL (verify included)",
            secs,
            "s",
        );
    }
    rep.setup("server", pg::server_setup(&url)?);
    rep.setup("load average at start (1/5/15 min)", pg::load_average());
    let store = depot_service::store::at(&Location::parse(&url), Access::ReadOnly)?;
    let (mut rep, warm) = measure(rep, &store, args)?;
    rep.setup("load average at the end", pg::load_average());
    rep.goal(
        "postgres trend warm, 24 months by month (best)",
        warm.best,
        "s",
        Goal::AtMost(3.0),
    );
    rep.info("postgres trend warm (median)", warm.median, "s");
    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("pg trend: results in {}", saved.display());
    Ok(rep)
}

/// The URL of the trend register on `server`, moved there first (with `depot migrate`'s
/// service, the copy verified) unless an earlier run left it; with the seconds the move took.
fn span(common: &Common, server: &Server, args: &Args) -> BenchResult<(String, Option<f64>)> {
    let db = trend_fixture::span(common, args.span.ledger)?;
    let marker = db.with_file_name(MOVED);
    let url = pg::with_database(&server.server, SPAN_DB);
    let was = std::fs::read_to_string(&marker).unwrap_or_default();
    if was.trim() == server.server.trim() && pg::holds_stock(&url) {
        eprintln!("pg trend: reusing the trend register in the database {SPAN_DB}");
        return Ok((url, None));
    }
    eprintln!("pg trend: moving {} into {SPAN_DB} (timed)", db.display());
    let url = pg::recreate(server, SPAN_DB)?;
    let from = depot_service::store::open_read_only(&db)?;
    let to = depot_service::store::at(&Location::parse(&url), Access::Create)?;
    let t = Instant::now();
    let moved = depot_service::migrate::migrate(&from, &to, &mut |_| {})?;
    let secs = t.elapsed().as_secs_f64();
    if !moved.verified.ok() {
        return Err(format!(
            "the moved trend register does not verify: {:?}",
            moved.verified
        )
        .into());
    }
    eprintln!(
        "pg trend: moved {} movements and {} rows in {secs:.0} s",
        moved.movements, moved.stock
    );
    std::fs::write(&marker, format!("{}\n", server.server))?;
    Ok((url, Some(secs)))
}
