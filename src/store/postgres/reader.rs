//! Read snapshots: one REPEATABLE READ, READ ONLY transaction on a connection of its own, so a
//! report sees one state of the register and never waits for a scan (nor a scan for it).

use std::ops::ControlFlow;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{
    Barcode, CatalogItem, Module, Movement, StandardLine, Stock, Target, Unit, Warehouse,
};
use crate::store::{
    AssetScan, AuditEntry, Claims, CountRecord, End, Head, KitRecord, LotScan, OperatorRecord,
    StockRow, StockScan, StockView, StoreError, Tag,
};

use super::conn::{Conn, Pool};
use super::convert::{self, col};
use super::query::{self, Res};

/// How many rows a paged walk (`for_each_stock`, `for_each_movement`) fetches at a time: the
/// connection is free between pages, so `f` may read this snapshot too.
const PAGE: i64 = 2000;

/// A consistent read-only snapshot of the register on the server.
pub struct PgReader {
    pool: Arc<Pool>,
    conn: Mutex<Option<Conn>>,
}

impl Drop for PgReader {
    fn drop(&mut self) {
        let conn = self
            .conn
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(mut c) = conn
            && c.client.batch_execute("COMMIT").is_ok()
        {
            self.pool.give(c);
        }
    }
}

impl PgReader {
    pub(super) fn begin(pool: &Arc<Pool>) -> Result<PgReader, StoreError> {
        let mut c = pool.take()?;
        c.client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(|e| pool.error(e))?;
        Ok(PgReader {
            pool: Arc::clone(pool),
            conn: Mutex::new(Some(c)),
        })
    }

    /// Runs `f` on this snapshot's connection.
    fn with<T>(&self, f: impl FnOnce(&mut Conn) -> Res<T>) -> Result<T, StoreError> {
        let mut guard = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let c = guard.as_mut().ok_or_else(|| {
            StoreError::Db(format!(
                "the connection to PostgreSQL at {} is closed; open the database again",
                self.pool.target.shown
            ))
        })?;
        f(c).map_err(|e| e.at(&self.pool.target))
    }

    pub fn units(&self) -> Result<Vec<Unit>, StoreError> {
        self.with(query::units)
    }

    pub fn warehouses(&self) -> Result<Vec<Warehouse>, StoreError> {
        self.with(query::warehouses)
    }

    pub fn modules(&self) -> Result<Vec<Module>, StoreError> {
        self.with(query::modules)
    }

    pub fn catalog(&self) -> Result<Vec<CatalogItem>, StoreError> {
        self.with(query::catalog)
    }

    pub fn standards(&self) -> Result<Vec<StandardLine>, StoreError> {
        self.with(query::standards)
    }

    pub fn targets(&self) -> Result<Vec<Target>, StoreError> {
        self.with(query::targets)
    }

    /// Visits every asset and lot in barcode order; stops at the first error `f` returns.
    pub fn for_each_stock<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&str, StockRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_stock_linked(|barcode, row, _| f(barcode, row))
    }

    /// [`Self::for_each_stock`], with what each row keeps of its barcode's last movement. Reads
    /// a page at a time, in barcode order from where the last page ended.
    pub fn for_each_stock_linked<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&str, StockRow<'_>, Head) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut after: Option<String> = None;
        loop {
            // Two statements, not one with `$1 IS NULL OR barcode > $1`: a generic plan of
            // that one could not start the index scan where the last page ended.
            let rows = self.with(|c| {
                Ok(match &after {
                    None => c.query(
                        concat!(
                            "SELECT ",
                            convert::stock_cols!(),
                            " FROM stock ORDER BY barcode LIMIT $1"
                        ),
                        &[&PAGE],
                    )?,
                    Some(a) => c.query(
                        concat!(
                            "SELECT ",
                            convert::stock_cols!(),
                            " FROM stock WHERE barcode > $1 ORDER BY barcode LIMIT $2"
                        ),
                        &[a, &PAGE],
                    )?,
                })
            })?;
            for r in &rows {
                let (barcode, row, head) = convert::stock_row(r)?;
                f(barcode, row, head)?;
            }
            match rows.last() {
                Some(r) if rows.len() as i64 == PAGE => after = Some(col(r, 0, "stock")?),
                _ => return Ok(()),
            }
        }
    }

    /// How many barcodes the register holds.
    pub fn stock_count(&self) -> Result<u64, StoreError> {
        self.with(query::stock_count)
    }

    /// Visits the ledger from `since` (inclusive) on, in order.
    pub fn for_each_movement<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(Movement) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_movement_linked(since, |m, _| f(m))
    }

    /// [`Self::for_each_movement`], with the sequence number of the same barcode's movement
    /// before each one (0: none).
    pub fn for_each_movement_linked<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(Movement, u64) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut from = since.min(i64::MAX as u64) as i64;
        loop {
            let rows = self.with(|c| {
                Ok(c.query(
                    concat!(
                        "SELECT ",
                        convert::movement_cols!(),
                        " FROM ledger WHERE seq >= $1 ORDER BY seq LIMIT $2"
                    ),
                    &[&from, &PAGE],
                )?)
            })?;
            for r in &rows {
                let (m, before) = convert::movement(r)?;
                from = m.seq as i64 + 1;
                f(m, before)?;
            }
            if (rows.len() as i64) < PAGE {
                return Ok(());
            }
        }
    }

    /// The number of the last movement, and its hash (0 and zeros for an empty ledger).
    pub fn ledger_head(&self) -> Result<(u64, [u8; 32]), StoreError> {
        self.with(query::ledger_head)
    }

    /// The movements of one barcode, oldest first.
    pub fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
        self.with(|c| query::history(c, barcode))
    }

    /// The barcodes whose `tag` has `value`, in barcode order.
    pub fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
        self.with(|c| query::barcodes_by(c, tag, value))
    }

    /// Barcodes whose life end or expiry falls in `from..=to`, with the date.
    pub fn barcodes_by_date(
        &self,
        tag: Tag,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, Barcode)>, StoreError> {
        self.with(|c| query::barcodes_by_date(c, tag, from, to))
    }

    /// Every barcode that starts with `prefix`, up to `limit` of them (for "did you mean").
    pub fn barcodes_starting(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<Barcode>, StoreError> {
        self.with(|c| query::barcodes_starting(c, prefix, limit))
    }

    /// A value of the meta table.
    pub fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|c| query::meta(c, key))
    }

    pub fn operators(&self) -> Result<Vec<OperatorRecord>, StoreError> {
        self.with(query::operators)
    }

    pub fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
        self.with(|c| query::operator(c, name))
    }

    /// The audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.with(query::audit_log)
    }

    pub fn counts(&self) -> Result<Vec<CountRecord>, StoreError> {
        self.with(query::counts)
    }

    pub fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
        self.with(|c| query::count_scans(c, id))
    }

    /// The barcodes and kit codes equal to `code` ignoring ASCII case, up to `limit` of them.
    pub fn codes_ignoring_case(&self, code: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        self.with(|c| query::codes_ignoring_case(c, code, limit))
    }

    pub fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
        self.with(|c| query::kit(c, code))
    }

    pub fn kits(&self) -> Result<Vec<KitRecord>, StoreError> {
        self.with(query::kits)
    }

    /// Streams the stock from one end of the barcode order, in one query, until `f` breaks
    /// off. The connection is busy meanwhile: `f` must not read this snapshot (it waits for
    /// the stream). Rows arrive as the server sends them; none are held beyond the current.
    fn stream<E: From<StoreError>>(
        &self,
        from: End,
        mut f: impl FnMut(&postgres::Row) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        let mut guard = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let target = &self.pool.target;
        let c = guard.as_mut().ok_or_else(|| {
            StoreError::Db(format!(
                "the connection to PostgreSQL at {} is closed; open the database again",
                target.shown
            ))
        })?;
        let q = match from {
            End::First => concat!(
                "SELECT ",
                convert::stock_cols!(),
                " FROM stock ORDER BY barcode"
            ),
            End::Last => concat!(
                "SELECT ",
                convert::stock_cols!(),
                " FROM stock ORDER BY barcode DESC"
            ),
        };
        let pg = |e| super::conn::error(target, e);
        let stmt = c.prepare(q).map_err(pg)?;
        let none: [&(dyn postgres::types::ToSql + Sync); 0] = [];
        let mut rows = c.client.query_raw(&stmt, none).map_err(pg)?;
        while let Some(r) =
            postgres::fallible_iterator::FallibleIterator::next(&mut rows).map_err(pg)?
        {
            if f(&r)?.is_break() {
                break;
            }
        }
        Ok(())
    }

    /// Visits assets and lots from one end of the barcode order until `f` breaks off or
    /// returns an error.
    pub fn scan_stock<E: From<StoreError>>(
        &self,
        from: End,
        mut f: impl FnMut(&str, StockScan<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        self.stream(from, |r| {
            let (barcode, row, _) = convert::stock_row(r)?;
            f(barcode, scan_of(row))
        })
    }

    /// [`Self::scan_stock`] over the rows `claims` gives out. The snapshot streams from one
    /// connection, so the first caller holds it while it claims; a second caller, from the
    /// other end, then finds every row claimed: each row is visited once across the two.
    pub fn scan_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(&str, StockScan<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.claimed(from, claims, |r| {
            let (barcode, row, _) = convert::stock_row(r)?;
            f(barcode, scan_of(row))
        })
    }

    /// [`Self::for_each_stock`] over the rows `claims` gives out, from one end.
    pub fn for_each_stock_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(&str, StockRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.claimed(from, claims, |r| {
            let (barcode, row, _) = convert::stock_row(r)?;
            f(barcode, row)
        })
    }

    fn claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(&postgres::Row) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut left = 0;
        self.stream(from, |r| {
            if left == 0 {
                left = claims.claim();
                if left == 0 {
                    return Ok(ControlFlow::Break(()));
                }
            }
            left -= 1;
            f(r)?;
            Ok(ControlFlow::Continue(()))
        })
    }
}

/// A stock row as a scan reads it: its text as bytes.
fn scan_of(row: StockRow<'_>) -> StockScan<'_> {
    fn b(s: Option<&str>) -> Option<&[u8]> {
        s.map(str::as_bytes)
    }
    match row {
        StockRow::Asset(a) => StockScan::Asset(AssetScan {
            item: a.item.as_bytes(),
            serial: b(a.serial),
            owner: a.owner.as_bytes(),
            location: b(a.location),
            module: b(a.module),
            status: a.status,
            commissioned: a.commissioned,
            last_inspected: a.last_inspected,
            plate: b(a.plate),
            due: a.due,
        }),
        StockRow::Lot(l) => StockScan::Lot(LotScan {
            item: l.item.as_bytes(),
            lot: b(l.lot),
            owner: l.owner.as_bytes(),
            module: b(l.module),
            quantity: l.quantity,
            expires: l.expires,
            received: l.received,
        }),
    }
}

impl StockView for PgReader {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError> {
        Ok(self.with(|c| query::stock(c, barcode))?.map(|(_, s)| s))
    }
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        self.with(|c| query::item(c, code))
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        self.with(|c| query::unit(c, code))
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        self.with(|c| query::warehouse(c, code))
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        self.with(|c| query::module(c, code))
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        PgReader::modules(self)
    }
}
