//! Readiness from the store: one pass over the stock into a [`Snapshot`], then the engine of
//! `domain::readiness`. The CLI reports, the readiness and replacement exports and the terminal
//! UI all call these.

use chrono::NaiveDate;
use depot_domain::msg::service::ServiceMsg;

use crate::Error;
use crate::Result;
use crate::store::{Claims, End, Reader, Store, StoreError};
use depot_domain::readiness::{
    self, Budget, Order, Plan, Readiness, ReplacementRow, Shortfall, Snapshot, SnapshotBuilder,
    StockPass, TargetResult, Within,
};
use depot_domain::stock::StockScan;

/// Rows a reading thread claims at a time.
const BLOCK: u64 = 4096;

/// Reads the register into a snapshot: the reference data, then one pass over every asset and
/// lot (no allocation per row but the barcode text appended to one string). A large register
/// is read on two threads, one from each end of the barcode order, in the same read snapshot.
pub fn snapshot(r: &Reader) -> Result<Snapshot> {
    snapshot_in(
        r,
        depot_domain::two_threads_for(r.stock_count()?).then_some(BLOCK),
    )
}

/// A snapshot read on one thread, or on two that claim `block` rows at a time.
fn snapshot_in(r: &Reader, two: Option<u64>) -> Result<Snapshot> {
    let mut b = SnapshotBuilder::new(
        &r.units()?,
        &r.warehouses()?,
        &r.catalog()?,
        r.standards()?,
        r.targets()?,
    );
    let rows = r.stock_count()?;
    let claims = Claims::new(rows, two.unwrap_or(rows));
    let room = usize::try_from(rows).unwrap_or(0);
    let mut front = b.pass(Order::Ascending);
    front.reserve(room);
    if two.is_some() {
        let mut back = b.pass(Order::Descending);
        back.reserve(room);
        let (front, back) = depot_domain::both(
            || read(r, End::First, front, &claims),
            || read(r, End::Last, back, &claims),
        );
        b.take(front?);
        b.take(back?);
    } else {
        b.take(read(r, End::First, front, &claims)?);
    }
    let mut s = b.finish();
    s.module_names = r.modules()?;
    s.set_geo(&r.locations()?, &r.travel_times()?);
    Ok(s)
}

/// Reads rows from one end of the register into `pass` while `claims` has rows to give out.
fn read(r: &Reader, from: End, mut pass: StockPass, claims: &Claims) -> Result<StockPass> {
    r.scan_claimed(from, claims, |barcode, row| -> Result<()> {
        match row {
            StockScan::Asset(a) => pass.asset(
                barcode,
                a.item,
                a.owner,
                a.location,
                a.module,
                a.status,
                a.commissioned,
                a.last_inspected,
                a.due,
            ),
            StockScan::Lot(l) => {
                pass.lot(barcode, l.item, l.owner, l.module, l.quantity, l.expires)
            }
        }
        .map_err(|e| StoreError::Corrupt {
            table: "stock",
            key: barcode.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(())
    })?;
    pass.close();
    Ok(pass)
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
            Error::Msg(ServiceMsg::NoSuchScope {
                code: c.to_string(),
            })
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::Ctx;
    use crate::import::files as import;
    use depot_exchange::{InputEncoding, sample};

    /// Everything of a snapshot but its look-up maps, as text.
    fn shown(s: &Snapshot) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            s.places,
            s.items,
            s.modules,
            s.locations,
            s.cells,
            s.assets,
            s.asset_barcodes,
            s.lots,
            s.lot_barcodes,
            s.lines,
            s.cells_by_place,
            s.place_start,
            s.line_start
        )
    }

    #[test]
    fn two_threads_count_the_same_readiness_as_one() {
        let store = crate::store::in_memory().unwrap();
        let ctx = Ctx::new(Some("t")).unwrap();
        import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false).unwrap();
        let s = load(&store).unwrap();
        for on in ["2026-11-23", "2031-02-28"] {
            let on: NaiveDate = on.parse().unwrap();
            let one = readiness::evaluate_in(&s, on, 90, false);
            let two = readiness::evaluate_in(&s, on, 90, true);
            assert!(one.everything.stock.pieces > 3000);
            assert_eq!(format!("{one:?}"), format!("{two:?}"), "{on}");
        }
    }

    #[test]
    fn two_threads_read_the_same_snapshot_as_one() {
        let store = crate::store::in_memory().unwrap();
        let ctx = Ctx::new(Some("t")).unwrap();
        import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false).unwrap();
        let r = store.read().unwrap();
        let one = snapshot_in(&r, None).unwrap();
        assert!(!one.assets.is_empty() && !one.lots.is_empty() && !one.locations.is_empty());
        for block in [1, 2, 7, 500, 100_000] {
            let two = snapshot_in(&r, Some(block)).unwrap();
            assert_eq!(shown(&one), shown(&two), "block of {block}");
        }
    }
}
