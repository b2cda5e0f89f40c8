//! The trend benchmark: readiness over time, `depot report trend` over 24 months by month, on
//! the shared register (a million assets, ten million ledger rows): the ledger read once, in
//! its order, and the figures taken at each date as the movements pass it
//! (`service::trend`).
//!
//! Goal: warm under 3 s.

use std::time::Instant;

use chrono::{Months, NaiveDate};
use depot_domain::readiness::Every;
use depot_service::trend::{TrendSpec, trend};

use crate::fixture;
use crate::report::{Goal, Report};
use crate::{BenchResult, Common};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The last date of the trend (the synthetic register is drawn up around 2026-11-01).
    #[arg(long, default_value = "2026-11-01")]
    pub to: NaiveDate,
    /// Months before `--to` the trend starts.
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// Warm runs; the best is reported.
    #[arg(long, default_value_t = 2)]
    pub runs: u32,
}

pub fn run(common: &Common, args: &Args) -> BenchResult<Report> {
    let f = fixture::base(common)?;
    let mut rep = Report::new("trend");
    let from = args
        .to
        .checked_sub_months(Months::new(args.months))
        .ok_or("--months reaches before the calendar")?;
    let spec = TrendSpec {
        from,
        to: args.to,
        every: Every::Month,
        scope: None,
    };
    rep.setup(
        "assets / lots / units",
        format!("{} / {} / {}", common.assets, common.lots, common.units),
    );
    rep.setup("dates", format!("{from} to {} by month", args.to));
    let store = depot_service::store::open(&f.depot)?;
    let t = Instant::now();
    let first = trend(&store, &spec)?;
    let cold = t.elapsed().as_secs_f64();
    rep.setup("ledger movements", first.movements);
    rep.setup("dates taken", first.points.len());
    rep.setup(
        "each date alone (ledger out of date order)",
        if first.each_date_alone { "yes" } else { "no" },
    );
    if let Some(p) = first.points.last().and_then(|p| p.figures.as_ref()) {
        rep.setup(
            "last date",
            format!(
                "pieces {}, over-age {}, equipped {:?}",
                p.stock.pieces,
                p.stock.over_age,
                p.equipped_rate().map(|r| r.round_dp(2).to_string())
            ),
        );
    }
    let mut warm = f64::MAX;
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        std::hint::black_box(trend(&store, &spec)?);
        warm = warm.min(t.elapsed().as_secs_f64());
    }
    rep.info("trend cold (first in process)", cold, "s");
    rep.goal(
        "trend warm, 24 months by month",
        warm,
        "s",
        Goal::AtMost(3.0),
    );
    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("trend: results in {}", saved.display());
    Ok(rep)
}
