//! The digest on the benchmark register (run with the readiness benchmark, on the same
//! register): the whole service's, as the officer reads it by mail (built, then its HTML page),
//! with at most [`DigestSpec::PER_PLACE`] rows of each place in a section, and, for comparison,
//! once with every row (`--top 0`).
//!
//! Goal: the whole service's digest warm under 1 s (the best of the warm runs; their median
//! beside it).

use std::time::Instant;

use chrono::NaiveDate;
use depot_report::digest::DigestSpec;
use depot_report::words::Lang;
use depot_service::hq::figures::STALE_DAYS;
use depot_service::store::Store;

use crate::BenchResult;
use crate::report::{Goal, Report};

/// One digest of everything, built and written as HTML: seconds, rows listed, bytes of HTML.
fn once(store: &Store, on: NaiveDate, per_place: usize) -> BenchResult<(f64, usize, usize)> {
    let spec = DigestSpec {
        scope: None,
        role: None,
        as_of: on,
        inspect_days: DigestSpec::INSPECT_DAYS,
        lot_days: DigestSpec::LOT_DAYS,
        per_place,
        unchanged: true,
    };
    let t = Instant::now();
    let report = depot_service::digest::build(store, &spec, STALE_DAYS, Lang::En)?;
    let page = depot_report::html(&report);
    let secs = t.elapsed().as_secs_f64();
    let rows = report.sections.iter().map(|s| s.rows.len()).sum();
    Ok((secs, rows, page.len()))
}

/// Adds the digest's figures to `rep`.
pub fn measure(store: &Store, on: NaiveDate, runs: u32, rep: &mut Report) -> BenchResult<()> {
    let (cold, rows, bytes) = once(store, on, DigestSpec::PER_PLACE)?;
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        times.push(once(store, on, DigestSpec::PER_PLACE)?.0);
    }
    times.sort_by(f64::total_cmp);
    let (warm, median) = (times[0], times[times.len() / 2]);
    let (all, all_rows, all_bytes) = once(store, on, 0)?;
    rep.setup(
        "digest rows listed (HTML bytes)",
        format!(
            "{rows} ({bytes}) with {} a place; {all_rows} ({all_bytes}) with every row",
            DigestSpec::PER_PLACE
        ),
    );
    rep.info("digest of everything cold", cold, "s");
    rep.goal("digest of everything warm", warm, "s", Goal::AtMost(1.0));
    rep.info("digest of everything warm, median", median, "s");
    rep.info("digest of everything, every row (--top 0)", all, "s");
    Ok(())
}

/// `depot-bench digest`: the digest's figures alone, on the readiness benchmark's register.
pub fn run(common: &crate::Common, args: &crate::dated::Args) -> BenchResult<()> {
    let f = crate::fixture::base(common)?;
    let store = depot_service::store::open(&f.depot)?;
    let mut rep = Report::new("digest");
    rep.setup("as of", args.as_of);
    measure(&store, args.as_of, args.runs, &mut rep)?;
    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("digest: results in {}", saved.display());
    Ok(())
}
