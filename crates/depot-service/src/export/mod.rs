//! Reading the register for an export: one read snapshot, streamed in domain terms. The rows
//! are borrowed from the pages they are read from (nothing is allocated per row), so an export
//! of a million rows goes out as it is read, never collected.

pub mod csv;
mod options;
pub mod places;
pub mod readiness;
mod tables;
pub mod xlsx;

use chrono::NaiveDate;

use crate::Result;
use crate::store::{Claims, End, Reader, Store};
use depot_domain::readiness::Snapshot;
use depot_domain::stock::StockRef;
use depot_domain::{CatalogItem, Movement, Unit, Warehouse};

/// An extract of the register: everything an export reads, from one snapshot, so that the
/// rows of a file agree with each other however long it takes to write them.
pub struct Extract {
    r: Reader,
    /// The last movement an export of the ledger reads (a bundle's cut); none: the last.
    until: Option<u64>,
}

/// Why a walk over the ledger ended early: its end was reached, or an error.
enum Walk {
    End,
    Failed(crate::Error),
}

impl From<crate::store::StoreError> for Walk {
    fn from(e: crate::store::StoreError) -> Self {
        Walk::Failed(e.into())
    }
}

impl Extract {
    /// Opens a read snapshot of `store` for an export.
    pub fn open(store: &Store) -> Result<Extract> {
        Ok(Extract {
            r: store.read()?,
            until: None,
        })
    }

    /// This extract with its ledger ending at movement `last`: what a bundle carries when
    /// later movements are dated after its as-of date.
    pub fn until(self, last: u64) -> Extract {
        Extract {
            until: Some(last),
            ..self
        }
    }

    /// The last movement, in ledger order, of the run from `first` on whose every movement
    /// is dated (its own offset's date) on or before `on`, and its hash: movement
    /// `first - 1` (0 and 64 zero bits for none) when the first is already later. Reads no
    /// further than the first movement dated after `on`.
    pub fn last_on_or_before(&self, first: u64, on: NaiveDate) -> Result<(u64, [u8; 32])> {
        let mut last = (0, [0u8; 32]);
        let walk =
            self.r
                .for_each_movement(first.saturating_sub(1).max(1), |m| -> Result<(), Walk> {
                    if m.seq >= first && m.body.at.date_naive() > on {
                        return Err(Walk::End);
                    }
                    last = (m.seq, m.hash);
                    Ok(())
                });
        match walk {
            Ok(()) | Err(Walk::End) => Ok(last),
            Err(Walk::Failed(e)) => Err(e),
        }
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
    pub fn modules(&self) -> Result<Vec<depot_domain::Module>> {
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
        self.r.for_each_stock(&mut f)
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
            self.r.for_each_stock_claimed(from, &claims, f)
        };
        let (ahead, behind) = depot_domain::both(
            || claimed(End::First, &mut front),
            || claimed(End::Last, &mut back),
        );
        ahead.and(behind)
    }

    /// The ledger from movement `since` (inclusive) on, in order, up to the extract's end
    /// ([`Self::until`]).
    pub fn for_each_movement(
        &self,
        since: u64,
        mut f: impl FnMut(Movement) -> Result<()>,
    ) -> Result<()> {
        let Some(until) = self.until else {
            return self.r.for_each_movement(since, f);
        };
        if since > until {
            return Ok(());
        }
        let walk = self.r.for_each_movement(since, |m| -> Result<(), Walk> {
            if m.seq > until {
                return Err(Walk::End);
            }
            f(m).map_err(Walk::Failed)
        });
        match walk {
            Ok(()) | Err(Walk::End) => Ok(()),
            Err(Walk::Failed(e)) => Err(e),
        }
    }
}
