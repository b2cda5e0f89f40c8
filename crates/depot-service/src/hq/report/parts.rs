//! What headquarters' reports are built from: the empty report, a depot's cells and row,
//! ages and dates, and the depots a report covers.

use super::words::state_word;
use crate::Result;
use crate::hq::figures::{DepotFigures, DepotState};
use crate::store::Store;
use crate::store::hq::HqDepot;
use chrono::NaiveDate;
use depot_report::table::{Cell, Report};
use depot_report::words::{Lang, pick};

pub(super) fn report(title: (&'static str, &'static str), lang: Lang) -> Report {
    Report {
        title: pick(lang, title.0, title.1).to_owned(),
        lang,
        ..Report::default()
    }
}

pub(super) fn age(s: DepotState) -> Cell {
    match s {
        DepotState::NoBundle => Cell::Empty,
        DepotState::Current { days } | DepotState::Stale { days } => Cell::int(days),
    }
}

/// The date part of an RFC 3339 time.
fn date_of(rfc3339: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.date_naive())
}

pub(super) fn depot_cells(d: &HqDepot) -> [Cell; 2] {
    [Cell::text(d.code.clone()), Cell::text(d.name.clone())]
}

pub(super) fn depot_row(f: &DepotFigures, lang: Lang) -> Vec<Cell> {
    let d = &f.depot;
    let last = d.last.as_ref();
    let mut row: Vec<Cell> = depot_cells(d).into();
    row.extend([
        Cell::opt_date(last.map(|l| l.as_of)),
        Cell::opt_date(last.and_then(|l| date_of(&l.created))),
        age(f.state),
        Cell::text(state_word(f.state, lang)),
    ]);
    if last.is_none() {
        row.extend(std::iter::repeat_n(Cell::Empty, 9));
        return row;
    }
    row.extend([
        Cell::int(f.tally.lines),
        Cell::int(f.tally.equipped),
        Cell::Pct(f.tally.equipped_rate()),
        Cell::Pct(f.tally.ready_coverage()),
        Cell::Pct(f.compliance_rate()),
        Cell::Pct(f.saturation()),
        Cell::int(f.short_lines()),
        Cell::int(f.due),
        Cell::Money(f.due_cost),
    ]);
    row
}

/// The depots asked for, in code order.
pub(super) fn depots(store: &Store, only: Option<&str>) -> Result<Vec<HqDepot>> {
    Ok(store
        .read()?
        .hq_depots()?
        .into_iter()
        .filter(|d| only.is_none_or(|o| o == d.code))
        .collect())
}
