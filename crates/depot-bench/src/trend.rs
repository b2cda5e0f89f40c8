//! The trend benchmark: readiness over time, `depot report trend` over 24 months by month, on
//! the trend register (`trend_fixture`: a million assets, ten million ledger rows spread over
//! the two years of the dates), or with `--shared` on the shared register (whose ledger is
//! dated after every date): the ledger read once, in its order, and the figures taken at each
//! date as the movements pass it (`service::trend`).
//!
//! Goal: warm under 3 s.

use std::time::Instant;

use chrono::{Months, NaiveDate};
use depot_domain::readiness::Every;
use depot_service::store::Store;
use depot_service::trend::{TrendSpec, trend};

use crate::report::{Goal, Report};
use crate::{BenchResult, Common};
use crate::{fixture, trend_fixture};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The last date of the trend (the synthetic register is drawn up around 2026-11-01).
    #[arg(long, default_value = "2026-11-01")]
    pub to: NaiveDate,
    /// Months before `--to` the trend starts.
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// Warm runs; the best and the median are reported.
    #[arg(long, default_value_t = 3)]
    pub runs: u32,
    /// On the shared register of the other benchmarks instead of the trend register (`pg
    /// trend`: the one `pg register` imports).
    #[arg(long)]
    pub shared: bool,
    #[command(flatten)]
    pub span: crate::trend_fixture::Args,
}

pub fn run(common: &Common, args: &Args) -> BenchResult<Report> {
    let f = fixture::base(common)?;
    let db = if args.shared {
        f.depot.clone()
    } else {
        trend_fixture::span(common, args.span.ledger)?
    };
    let mut rep = Report::new("trend");
    rep.setup(
        "assets / lots / units",
        format!("{} / {} / {}", common.assets, common.lots, common.units),
    );
    rep.setup("register", db.display().to_string());
    rep.setup(
        "load average at start (1/5/15 min)",
        crate::pg::load_average(),
    );
    // The registers are shared: read only.
    let store = depot_service::store::open_read_only(&db)?;
    let (mut rep, warm) = measure(rep, &store, args)?;
    rep.setup("load average at the end", crate::pg::load_average());
    rep.goal(
        "trend warm, 24 months by month (best)",
        warm.best,
        "s",
        Goal::AtMost(3.0),
    );
    rep.info("trend warm (median)", warm.median, "s");
    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("trend: results in {}", saved.display());
    Ok(rep)
}

/// The best and the median of the warm runs.
pub struct Warm {
    pub best: f64,
    pub median: f64,
}

/// Runs the trend of `args` on `store`, cold then warm, and the bare read of its ledger (the
/// floor: every movement decoded, nothing replayed).
pub fn measure(mut rep: Report, store: &Store, args: &Args) -> BenchResult<(Report, Warm)> {
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
    rep.setup("dates", format!("{from} to {} by month", args.to));
    let t = Instant::now();
    let first = trend(store, &spec)?;
    let cold = t.elapsed().as_secs_f64();
    rep.setup("ledger movements", first.movements);
    rep.setup("dates taken", first.points.len());
    rep.setup(
        "each date alone (ledger out of date order)",
        if first.each_date_alone { "yes" } else { "no" },
    );
    let pieces: Vec<String> = first
        .points
        .iter()
        .map(|p| p.figures.as_ref().map_or(0, |f| f.stock.pieces).to_string())
        .collect();
    rep.setup("pieces at each date", pieces.join(" "));
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
    let mut runs = Vec::new();
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        std::hint::black_box(trend(store, &spec)?);
        runs.push(t.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    let warm = Warm {
        best: runs[0],
        median: runs[runs.len() / 2],
    };
    rep.setup(
        "warm runs (s)",
        runs.iter()
            .map(|r| format!("{r:.2}"))
            .collect::<Vec<_>>()
            .join(" "),
    );
    // The floor: the ledger read as the trend reads it, nothing else.
    let t = Instant::now();
    let (mut n, mut first_day, mut last_day) = (0u64, None, None);
    store
        .read()?
        .for_each_movement_ref(1, |_, _, m| -> depot_service::Result<()> {
            n += 1;
            let day = m.at.date_naive();
            first_day = first_day.or(Some(day));
            last_day = Some(day);
            Ok(())
        })?;
    let floor = t.elapsed().as_secs_f64();
    rep.setup(
        "ledger dated (first / last movement)",
        format!("{first_day:?} / {last_day:?}"),
    );
    rep.info("trend cold (first in process)", cold, "s");
    rep.info(&format!("read of the {n} movements alone"), floor, "s");
    Ok((rep, warm))
}
