//! Reading the register for an export: one read snapshot, streamed in domain terms. The rows
//! are borrowed from the pages they are read from (nothing is allocated per row), so an export
//! of a million rows goes out as it is read, never collected.

use crate::Result;
use crate::domain::readiness::Snapshot;
use crate::domain::stock::{AssetRef, LotRef, StockRef};
use crate::domain::{CatalogItem, Movement, Unit, Warehouse};
use crate::store::{Claims, End, Reader, StockRow, Store};

/// An extract of the register: everything an export reads, from one snapshot, so that the
/// rows of a file agree with each other however long it takes to write them.
pub struct Extract {
    r: Reader,
}

/// A day number as the store keeps it, as a date.
fn day(d: Option<i32>) -> Option<chrono::NaiveDate> {
    d.and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
}

/// A stored row in domain terms, still borrowed.
fn stock_ref<'a>(barcode: &'a str, row: StockRow<'a>) -> StockRef<'a> {
    match row {
        StockRow::Asset(a) => StockRef::Asset(AssetRef {
            barcode,
            item: a.item,
            serial: a.serial,
            owner: a.owner,
            location: a.location,
            module: a.module,
            status: a.status(),
            commissioned: day(a.commissioned),
            last_inspected: day(a.last_inspected),
            plate: a.plate,
            due: day(a.due),
        }),
        StockRow::Lot(l) => StockRef::Lot(LotRef {
            barcode,
            item: l.item,
            lot: l.lot,
            owner: l.owner,
            module: l.module,
            quantity: l.quantity(),
            expires: day(l.expires),
            received: day(l.received),
        }),
    }
}

impl Extract {
    /// Opens a read snapshot of `store` for an export.
    pub fn open(store: &Store) -> Result<Extract> {
        Ok(Extract { r: store.read()? })
    }

    /// How many assets and lots the register holds.
    pub fn stock_count(&self) -> Result<u64> {
        Ok(self.r.stock_count()?)
    }

    /// How many movements the ledger holds (the number of the last).
    pub fn movement_count(&self) -> Result<u64> {
        Ok(self.r.ledger_head()?.0)
    }

    /// The ledger's last movement and its hash, in this snapshot.
    pub fn ledger_head(&self) -> Result<(u64, [u8; 32])> {
        Ok(self.r.ledger_head()?)
    }

    /// The snapshot itself, for the services that read more than an export does.
    pub(super) fn reader(&self) -> &Reader {
        &self.r
    }

    pub fn catalog(&self) -> Result<Vec<CatalogItem>> {
        Ok(self.r.catalog()?)
    }

    pub fn units(&self) -> Result<Vec<Unit>> {
        Ok(self.r.units()?)
    }

    /// The modules with their names (a Chinese workbook names them).
    pub fn modules(&self) -> Result<Vec<crate::domain::Module>> {
        Ok(self.r.modules()?)
    }

    pub fn warehouses(&self) -> Result<Vec<Warehouse>> {
        Ok(self.r.warehouses()?)
    }

    /// The readiness snapshot (the readiness and replacement exports).
    pub fn readiness(&self) -> Result<Snapshot> {
        super::readiness::snapshot(&self.r)
    }

    /// Every asset and lot in barcode order; stops at the first error `f` returns.
    pub fn for_each_stock(&self, mut f: impl FnMut(StockRef<'_>) -> Result<()>) -> Result<()> {
        self.r
            .for_each_stock(|barcode, row| f(stock_ref(barcode, row)))
    }

    /// Every asset and lot once, in barcode order from both ends at the same time: `front`
    /// gets the rows from the first barcode on, here, and `back` those from the last barcode
    /// backwards, on a thread beside; each takes `block` rows at a time until they meet, so
    /// neither waits for the other. `front`'s error is returned before `back`'s.
    pub fn stock_from_both_ends<F, B>(&self, block: u64, mut front: F, mut back: B) -> Result<()>
    where
        F: FnMut(StockRef<'_>) -> Result<()>,
        B: FnMut(StockRef<'_>) -> Result<()> + Send,
    {
        let claims = Claims::new(self.r.stock_count()?, block);
        let claimed = |from: End, f: &mut dyn FnMut(StockRef<'_>) -> Result<()>| {
            self.r
                .for_each_stock_claimed(from, &claims, |barcode, row| f(stock_ref(barcode, row)))
        };
        let (ahead, behind) = crate::both(
            || claimed(End::First, &mut front),
            || claimed(End::Last, &mut back),
        );
        ahead.and(behind)
    }

    /// The ledger from movement `since` (inclusive) on, in order.
    pub fn for_each_movement(
        &self,
        since: u64,
        f: impl FnMut(Movement) -> Result<()>,
    ) -> Result<()> {
        self.r.for_each_movement(since, f)
    }
}
