//! The readiness report on PostgreSQL (issue 13): `service::readiness::load` (one streaming
//! read of a snapshot) and the engine, over the register imported by `pg register`, cold and
//! then warm (best of `--runs`), in this process; beside it, in the same run, the same report
//! on the redb register of the other benchmarks (the same fixture). The two headlines must be
//! the same: the run fails loudly when they differ.
//!
//! Goal: warm under 2 s.

use std::ops::ControlFlow;
use std::time::Instant;

use depot_service::readiness;
use depot_service::store::{Access, End, Location, StoreError};

use crate::pg::{self, Server};
use crate::readiness::{Args, depot_once};
use crate::report::{Goal, Report};
use crate::{BenchResult, Common, fixture};

pub fn run(common: &Common, server: &Server, args: &Args) -> BenchResult<Report> {
    let f = fixture::base(common)?;
    let url = pg::register(common, server, &f)?;
    let mut rep = Report::new("pg-readiness");
    rep.setup(
        "assets / lots / units",
        format!("{} / {} / {}", common.assets, common.lots, common.units),
    );
    rep.setup("as of", args.as_of);
    rep.setup("server", pg::server_setup(&url)?);
    rep.setup("load average at start (1/5/15 min)", pg::load_average());

    let store = depot_service::store::at(&Location::parse(&url), Access::ReadOnly)?;
    let (cold, on_pg) = depot_once(&store, args.as_of)?;
    let (mut warm, mut load, mut engine) = (f64::MAX, 0.0, 0.0);
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        let snap = readiness::load(&store)?;
        let l = t.elapsed().as_secs_f64();
        std::hint::black_box(readiness::readiness(&snap, args.as_of, 90));
        let all = t.elapsed().as_secs_f64();
        if all < warm {
            (warm, load, engine) = (all, l, all - l);
        }
    }
    // The floor of the load: the stock rows streamed once, decoded, nothing built.
    let t = Instant::now();
    let mut rows = 0u64;
    store
        .read()?
        .scan_stock(End::First, |_, _| -> Result<_, StoreError> {
            rows += 1;
            Ok(ControlFlow::Continue(()))
        })?;
    let stream = t.elapsed().as_secs_f64();
    drop(store);

    let redb = depot_service::store::open_read_only(&f.depot)?;
    let mut redb_warm = f64::MAX;
    let (_, on_redb) = depot_once(&redb, args.as_of)?;
    for _ in 0..args.runs.max(1) {
        redb_warm = redb_warm.min(depot_once(&redb, args.as_of)?.0);
    }
    rep.setup("load average at the end", pg::load_average());

    rep.setup("postgres headline", on_pg.text());
    rep.setup("redb headline", on_redb.text());
    let same = on_pg.same(&on_redb);
    rep.setup("same headline", if same { "yes" } else { "NO" });
    rep.info("postgres readiness cold (first in process)", cold, "s");
    rep.goal("postgres readiness warm", warm, "s", Goal::AtMost(2.0));
    rep.info("  postgres snapshot (load)", load, "s");
    rep.info("  engine", engine, "s");
    rep.info(
        &format!("stream of the {rows} stock rows alone"),
        stream,
        "s",
    );
    rep.info("redb readiness warm (same run)", redb_warm, "s");
    rep.info("ratio postgres / redb (warm)", warm / redb_warm, "x");

    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("pg readiness: results in {}", saved.display());
    if !same {
        return Err(format!(
            "PostgreSQL and redb disagree on the headline: postgres {} / redb {}",
            on_pg.text(),
            on_redb.text()
        )
        .into());
    }
    Ok(rep)
}
