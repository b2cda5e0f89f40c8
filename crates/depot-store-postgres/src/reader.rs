//! Read snapshots: one REPEATABLE READ, READ ONLY transaction on a connection of its own, so a
//! report sees one state of the register and never waits for a scan (nor a scan for it).

use std::ops::ControlFlow;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use depot_domain::movement::MovementRef;
use depot_domain::stock::{StockRef, StockScan};
use depot_domain::{
    Barcode, CatalogItem, Module, Movement, StandardLine, Stock, Target, Unit, Warehouse,
};
use depot_store::{
    AuditEntry, Claims, CountLine, CountRecord, End, Head, KitRecord, OperatorRecord, StockView,
    StoreError, Tag,
};
use postgres::fallible_iterator::FallibleIterator;

use crate::conn::{Conn, Pool};
use crate::convert::{self, col};
use crate::query::{self, Res};

/// How many rows a paged walk (`for_each_stock`; the ledger where the snapshot cannot be
/// shared) fetches at a time: the connection is free between pages, so `f` may read this
/// snapshot too.
const PAGE: i64 = 2000;

/// How many movements a read of the ledger asks for in one query (`windows`): a window streams,
/// and one broken off early is drained before the next query (a fraction of a second).
const WINDOW: i64 = if cfg!(test) { 2 } else { 65_536 };

/// A consistent read-only snapshot of the register on the server.
pub struct PgReader {
    pool: Arc<Pool>,
    conn: Mutex<Option<Conn>>,
    /// The snapshot's id once exported for a second reader (`None` inside: it could not be).
    exported: OnceLock<Option<String>>,
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
        const BEGIN: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
        let mut c = pool.take()?;
        match c.client.batch_execute(BEGIN) {
            Ok(()) => {}
            // A pooled connection that the server closed meanwhile (a restart): a new one.
            Err(e) if crate::conn::is_gone(&e) => {
                c = pool.connect()?;
                c.client.batch_execute(BEGIN).map_err(|e| pool.error(e))?;
            }
            Err(e) => return Err(pool.error(e)),
        }
        #[cfg(any(test, feature = "testing"))]
        crate::testing::fault(pool, &mut c, crate::testing::Moment::Read);
        Ok(PgReader {
            pool: Arc::clone(pool),
            conn: Mutex::new(Some(c)),
            exported: OnceLock::new(),
        })
    }

    /// Runs `f` on this snapshot's connection.
    pub(super) fn with<T>(&self, f: impl FnOnce(&mut Conn) -> Res<T>) -> Result<T, StoreError> {
        let mut guard = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let c = guard.as_mut().ok_or_else(|| self.closed())?;
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
        mut f: impl FnMut(StockRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_stock_linked(|row, _| f(row))
    }

    /// [`Self::for_each_stock`], with what each row keeps of its barcode's last movement. Reads
    /// a page at a time, in barcode order from where the last page ended.
    pub fn for_each_stock_linked<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(StockRef<'_>, Head) -> Result<(), E>,
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
                let (row, head) = convert::stock_row(r)?;
                f(row, head)?;
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
    /// before each one (0: none). The ledger streams, a [`WINDOW`] at a time, on a connection
    /// of its own that shares this snapshot (the server sends rows while this side decodes
    /// them, and `f` may still read this snapshot on its own connection); where the snapshot
    /// cannot be shared, in pages on this one.
    pub fn for_each_movement_linked<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(Movement, u64) -> Result<(), E>,
    ) -> Result<(), E> {
        let target = &self.pool.target;
        let Some(mut side) = self.side()? else {
            return self.paged_movements(since, f);
        };
        let sql = concat!(
            "SELECT ",
            convert::movement_cols!(),
            " FROM ledger WHERE seq >= $1 AND seq < $2 ORDER BY seq"
        );
        let out = windows(&mut side, target, sql, since, |r| {
            let (m, before) = convert::movement(r)?;
            f(m, before)?;
            Ok(ControlFlow::Continue(()))
        });
        if side.client.batch_execute("COMMIT").is_ok() {
            self.pool.give(side);
        }
        out
    }

    /// [`Self::for_each_movement_linked`] in pages on this snapshot's connection.
    fn paged_movements<E: From<StoreError>>(
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

    /// The id of this snapshot for another connection to share, exported once (`None`: it
    /// could not be).
    fn exported(&self, c: &mut Conn) -> Option<String> {
        self.exported
            .get_or_init(|| {
                c.query_opt("SELECT pg_export_snapshot()", &[])
                    .ok()
                    .flatten()
                    .and_then(|r| r.try_get::<_, String>(0).ok())
            })
            .clone()
    }

    /// A connection of its own in this snapshot, for a long read that streams (`None`: the
    /// snapshot could not be shared).
    fn side(&self) -> Result<Option<Conn>, StoreError> {
        let id = match self.exported.get() {
            Some(id) => id.clone(),
            None => self.with(|c| Ok(self.exported(c)))?,
        };
        let Some(id) = id else {
            return Ok(None);
        };
        Ok(Some(self.joined(&id)?))
    }

    /// A connection from the pool in the snapshot exported as `id`.
    fn joined(&self, id: &str) -> Result<Conn, StoreError> {
        let begin = format!(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{}'",
            id.replace('\'', "")
        );
        let mut side = self.pool.take()?;
        match side.client.batch_execute(&begin) {
            Ok(()) => {}
            // A pooled connection that the server closed meanwhile: a new one.
            Err(e) if crate::conn::is_gone(&e) => {
                side = self.pool.connect()?;
                side.client
                    .batch_execute(&begin)
                    .map_err(|e| self.pool.error(e))?;
            }
            Err(e) => return Err(self.pool.error(e)),
        }
        Ok(side)
    }

    /// [`Self::for_each_movement_linked`] as a replay reads it
    /// ([`depot_store::ReadTx::visit_movement_refs`]): only the columns a replay needs, each
    /// movement lent from its row, the ledger asked for a [`WINDOW`] at a time and each window
    /// streamed (the server sends rows while this side decodes them), until `f` breaks off.
    /// `f` must not read this snapshot: its connection is busy streaming.
    pub fn for_each_movement_ref<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(u64, u64, MovementRef<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        let mut guard = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let c = guard.as_mut().ok_or_else(|| self.closed())?;
        let sql = concat!(
            "SELECT ",
            convert::movement_ref_cols!(),
            " FROM ledger WHERE seq >= $1 AND seq < $2 ORDER BY seq"
        );
        let mut changes = Vec::new();
        windows(c, &self.pool.target, sql, since, |r| {
            let (seq, prev, m) = convert::movement_ref(r, &mut changes)?;
            f(seq, prev, m)
        })
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

    pub fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
        self.with(|c| query::count_lines(c, id))
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

    /// Streams the stock from one end of the barcode order until `f` breaks off (see
    /// [`stream_on`]). The connection is held meanwhile: `f` must not read this snapshot (it
    /// would wait for the stream).
    fn stream<E: From<StoreError>>(
        &self,
        from: End,
        f: impl FnMut(&postgres::Row) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        let mut guard = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let c = guard.as_mut().ok_or_else(|| self.closed())?;
        stream_on(c, &self.pool.target, from, f)
    }

    fn closed(&self) -> StoreError {
        StoreError::said(
            format!(
                "the connection to PostgreSQL at {} is closed; open the database again",
                self.pool.target.shown
            ),
            format!(
                "与 {} 上的 PostgreSQL 的连接已关闭；请重新打开数据库",
                self.pool.target.shown
            ),
        )
    }

    /// Visits assets and lots from one end of the barcode order until `f` breaks off or
    /// returns an error.
    pub fn scan_stock<E: From<StoreError>>(
        &self,
        from: End,
        mut f: impl FnMut(&str, StockScan<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        self.stream(from, |r| {
            let (row, _) = convert::stock_row(r)?;
            f(row.barcode(), row.scan())
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
            let (row, _) = convert::stock_row(r)?;
            f(row.barcode(), row.scan())
        })
    }

    /// [`Self::for_each_stock`] over the rows `claims` gives out, from one end.
    pub fn for_each_stock_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(StockRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.claimed(from, claims, |r| {
            let (row, _) = convert::stock_row(r)?;
            f(row)
        })
    }

    /// Streams the rows `claims` gives out from one end. The first caller streams on this
    /// snapshot's connection, after exporting the snapshot; a second caller, finding it busy,
    /// streams the same snapshot from the other end on a connection of its own (`SET
    /// TRANSACTION SNAPSHOT`), so that the two ends are read at once, as on redb.
    fn claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(&postgres::Row) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut left = 0;
        let mut take = |r: &postgres::Row| {
            if left == 0 {
                left = claims.claim();
                if left == 0 {
                    return Ok(ControlFlow::Break(()));
                }
            }
            left -= 1;
            f(r)?;
            Ok(ControlFlow::Continue(()))
        };
        let target = &self.pool.target;
        loop {
            let free = match self.conn.try_lock() {
                Ok(g) => Some(g),
                Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => None,
            };
            if let Some(mut guard) = free {
                let c = guard.as_mut().ok_or_else(|| self.closed())?;
                self.exported(c);
                return stream_on(c, target, from, take);
            }
            match self.exported.get() {
                Some(Some(id)) => {
                    let mut side = self.joined(id)?;
                    stream_on(&mut side, target, from, &mut take)?;
                    if side.client.batch_execute("COMMIT").is_ok() {
                        self.pool.give(side);
                    }
                    return Ok(());
                }
                // The snapshot could not be exported: wait for the connection.
                Some(None) => {
                    let mut guard = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
                    let c = guard.as_mut().ok_or_else(|| self.closed())?;
                    return stream_on(c, target, from, take);
                }
                // The other caller is about to export it.
                None => std::thread::sleep(std::time::Duration::from_millis(1)),
            }
        }
    }
}

/// How many rows a stream fetches at a time.
const FETCH: usize = 4096;

/// Streams the stock on `c` from one end of the barcode order until `f` breaks off, through a
/// cursor a few thousand rows at a time: never more in memory, and a stream broken off (two
/// ends meeting) stops the server's work there, where a plain query would go on sending the
/// rest of the table. A cursor also asks the planner for the first rows fast: the index in
/// barcode order, not a sort of the whole table.
/// Visits the rows `sql` gives for each window of sequence numbers (`$1` the first, `$2` the
/// one after the last) from `since` on, [`WINDOW`] at a time, each window streamed, until `f`
/// breaks off or a window comes back short (the ledger's numbers have no gap). A window broken
/// off is drained by the next statement on `c`.
fn windows<E: From<StoreError>>(
    c: &mut Conn,
    target: &crate::conn::Target,
    sql: &'static str,
    since: u64,
    mut f: impl FnMut(&postgres::Row) -> Result<ControlFlow<()>, E>,
) -> Result<(), E> {
    let pg = |e| crate::conn::error(target, e);
    let stmt = c.prepare(sql).map_err(pg)?;
    let mut from = since.min(i64::MAX as u64) as i64;
    loop {
        let to = from.saturating_add(WINDOW);
        let params: [&(dyn postgres::types::ToSql + Sync); 2] = [&from, &to];
        let mut rows = c.client.query_raw(&stmt, params).map_err(pg)?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(pg)? {
            n += 1;
            if f(&r)?.is_break() {
                return Ok(());
            }
        }
        if n < WINDOW {
            return Ok(());
        }
        from = to;
    }
}

fn stream_on<E: From<StoreError>>(
    c: &mut Conn,
    target: &crate::conn::Target,
    from: End,
    mut f: impl FnMut(&postgres::Row) -> Result<ControlFlow<()>, E>,
) -> Result<(), E> {
    let declare = match from {
        End::First => concat!(
            "CLOSE ALL; DECLARE depot_stock NO SCROLL CURSOR FOR SELECT ",
            convert::stock_cols!(),
            " FROM stock ORDER BY barcode"
        ),
        End::Last => concat!(
            "CLOSE ALL; DECLARE depot_stock NO SCROLL CURSOR FOR SELECT ",
            convert::stock_cols!(),
            " FROM stock ORDER BY barcode DESC"
        ),
    };
    let pg = |e| crate::conn::error(target, e);
    c.client.batch_execute(declare).map_err(pg)?;
    let fetch = format!("FETCH {FETCH} FROM depot_stock");
    loop {
        let rows = c.client.query(fetch.as_str(), &[]).map_err(pg)?;
        for r in &rows {
            if f(r)?.is_break() {
                c.client.batch_execute("CLOSE depot_stock").map_err(pg)?;
                return Ok(());
            }
        }
        if rows.len() < FETCH {
            c.client.batch_execute("CLOSE depot_stock").map_err(pg)?;
            return Ok(());
        }
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
