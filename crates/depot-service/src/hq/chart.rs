//! Readiness over time as the headquarters dashboard draws it: one point at each date a bundle
//! is as of, from the figures headquarters keeps of every bundle (the same ones `report trend
//! --by depot` shows), for the whole service or for one depot.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use depot_domain::readiness::Figures;

use super::trend::{At, Judged, at, figures, judge_on, kept};
use crate::Result;
use crate::store::Store;

/// The figures at one date of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub on: NaiveDate,
    /// Every depot's figures on this date pooled (each line weighing the same, as in the row
    /// for the whole service), or the one depot's; `None`: no depot has figures on it yet.
    pub figures: Option<Figures>,
    /// The depots with figures on this date, and those enrolled (of the depot asked for).
    pub with_figures: usize,
    pub depots: usize,
    /// Headquarters' targets judged on those figures on this date: for the whole service those
    /// set for every depot, for one depot those and its own (as `report trend --by depot`).
    pub targets: Vec<Judged>,
}

/// The chart from `from` to `to` of every depot (of `only`, when given): a point at each
/// date from `from` to `to` that a bundle of theirs is as of, and at `to` last, in one read
/// snapshot. A depot's figures on a date are those of its last bundle as of that date or
/// before, as the trend by depot takes them.
pub fn chart(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    only: Option<&str>,
) -> Result<Vec<ChartPoint>> {
    let r = store.read()?;
    let targets = r.targets()?;
    let mut dates = BTreeSet::from([to]);
    let mut depots = Vec::new();
    for d in r.hq_depots()? {
        if only.is_some_and(|o| o != d.code) {
            continue;
        }
        let bundles = r.hq_bundles(&d.code)?;
        dates.extend(
            bundles
                .iter()
                .map(|b| b.as_of)
                .filter(|on| (from..=to).contains(on)),
        );
        let kept = kept(&r, &d)?;
        depots.push((bundles, kept));
    }
    Ok(dates
        .into_iter()
        .map(|on| {
            let mut pooled: Option<Figures> = None;
            let mut with_figures = 0;
            for (bundles, kept) in &depots {
                if let At::Bundle(f) = at(bundles, kept, on) {
                    *pooled.get_or_insert_with(Figures::default) += &figures(&f);
                    with_figures += 1;
                }
            }
            ChartPoint {
                on,
                targets: judge_on(&targets, only, pooled.as_ref(), on),
                figures: pooled,
                with_figures,
                depots: depots.len(),
            }
        })
        .collect())
}
