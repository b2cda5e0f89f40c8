//! Readiness from the store: one pass over the stock into a [`Snapshot`], then the engine of
//! `domain::readiness`. The CLI reports, the readiness and replacement exports and the terminal
//! UI all call these.

use chrono::NaiveDate;

use crate::Error;
use crate::Result;
use crate::domain::readiness::{
    self, Budget, Plan, Readiness, ReplacementRow, Shortfall, Snapshot, SnapshotBuilder,
    TargetResult, Within,
};
use crate::store::{Reader, StockRow, Store};

/// Reads the register into a snapshot: the reference data, then one pass over every asset and
/// lot (no allocation per row but the barcode text appended to one string).
pub fn snapshot(r: &Reader) -> Result<Snapshot> {
    let mut b = SnapshotBuilder::new(
        &r.units()?,
        &r.warehouses()?,
        &r.catalog()?,
        r.standards()?,
        r.targets()?,
    );
    r.for_each_stock(|barcode, row| -> Result<()> {
        match row {
            StockRow::Asset(a) => b.asset(
                barcode,
                a.item,
                a.owner,
                a.location,
                a.module,
                a.status(),
                a.commissioned,
                a.last_inspected,
                a.due,
            ),
            StockRow::Lot(l) => b.lot(barcode, l.item, l.owner, l.module, l.quantity(), l.expires),
        }
        Ok(())
    })?;
    Ok(b.finish())
}

/// Snapshot of a store (a fresh read transaction).
pub fn load(store: &Store) -> Result<Snapshot> {
    snapshot(&store.read()?)
}

/// The scope named by a unit or warehouse code; `None`: everything.
pub fn scope(s: &Snapshot, code: Option<&str>) -> Result<Within> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(Within::Everything),
        Some(c) => s.place_id(c).map(Within::Place).ok_or_else(|| {
            Error::Invalid(format!(
                "no unit or warehouse has the code '{c}'; `depot status` counts what the register holds"
            ))
        }),
    }
}

/// The full readiness as of `on` (lots expiring within `days` days count as expiring).
pub fn readiness(s: &Snapshot, on: NaiveDate, days: u32) -> Readiness {
    readiness::evaluate(s, on, days)
}

/// Every target of the register, judged as of `on`.
pub fn targets(s: &Snapshot, on: NaiveDate) -> Vec<TargetResult> {
    readiness::judge_targets(s, on)
}

/// The lines not met in `w`, with where a transfer could cover them.
pub fn shortfalls(s: &Snapshot, r: &Readiness, w: Within) -> Vec<Shortfall> {
    readiness::shortfalls(s, r, w)
}

/// Every held piece with a service life, by life-end year, in `w`.
pub fn replacements(s: &Snapshot, w: Within) -> Vec<ReplacementRow> {
    readiness::replacements(s, w)
}

/// The budgeted replacement plan for `w`.
pub fn plan(s: &Snapshot, w: Within, on: NaiveDate, budgets: &[Budget]) -> Plan {
    readiness::plan(s, w, on, budgets)
}
