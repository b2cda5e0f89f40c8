//! The trend on PostgreSQL: `depot report trend` over 24 months by month on the register
//! imported by `pg register` (its ledger is the import's openings and whatever `pg scan`
//! added), cold, then warm, and the bare read of its ledger, as `trend` measures it on redb.
//!
//! Goal: warm under 3 s, as on redb.

use depot_service::store::{Access, Location};

use crate::pg::{self, Server};
use crate::report::{Goal, Report};
use crate::trend::{Args, measure};
use crate::{BenchResult, Common, fixture};

pub fn run(common: &Common, server: &Server, args: &Args) -> BenchResult<Report> {
    let f = fixture::base(common)?;
    let url = pg::register(common, server, &f)?;
    let mut rep = Report::new("pg-trend");
    rep.setup(
        "assets / lots / units",
        format!("{} / {} / {}", common.assets, common.lots, common.units),
    );
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
