//! Write transactions: one [`PgWriter`] per transaction, holding the lock on the ledger's
//! chain row from its first statement to its commit (see `PgStore::write`).

use std::cell::RefCell;
use std::collections::HashMap;

use crate::domain::movement::Movement;
use crate::domain::{Barcode, CatalogItem, Module, Stock, Tracking, Unit, Warehouse};
use crate::store::{Head, OperatorRecord, StockView, StoreError, Tag};

use super::batch::Batch;
use super::conn::{Conn, Pool};
use super::convert::{MovementCols, StockCols, col};
use super::query::{self, Res};

/// An open write transaction.
pub struct PgWriter<'s> {
    pub(super) pool: &'s Pool,
    pub(super) conn: RefCell<Conn>,
    /// The ledger's last movement: as locked, then as this transaction appended.
    pub(super) head: (u64, [u8; 32]),
    /// The chain row as locked; written back at the end when `head` moved on.
    pub(super) locked: (u64, [u8; 32]),
    pub(super) items: RefCell<HashMap<String, Option<CatalogItem>>>,
    /// The stock rows read or written last (`None`: no such row), most recent first: a scan
    /// reads its own row three times (the look-up, the repeat guard, the apply). Every write of
    /// a stock row passes `put_stock`, and other writers wait for the chain lock, so a copy is
    /// never stale.
    recent: RefCell<Recent>,
    /// The operator looked up last, and what was found.
    pub(super) operator: RefCell<Option<(String, Option<OperatorRecord>)>>,
    /// Stock rows and movements not yet sent, while batching.
    pub(super) batch: RefCell<Option<Batch>>,
}

/// Stock rows by barcode (`None`: no such row), most recent first.
type Recent = Vec<(String, Option<(Head, Stock)>)>;

const RECENT: usize = 2;

impl<'s> PgWriter<'s> {
    pub(super) fn new(pool: &'s Pool, conn: Conn, head: (u64, [u8; 32])) -> Self {
        PgWriter {
            pool,
            conn: RefCell::new(conn),
            head,
            locked: head,
            items: RefCell::default(),
            recent: RefCell::default(),
            operator: RefCell::default(),
            batch: RefCell::default(),
        }
    }

    /// Runs `f` on the connection, with everything batched sent first (so that it reads what
    /// this transaction wrote): for reads of the stock and the ledger, which a batch holds
    /// back. Other tables are read and written with [`Self::raw`].
    pub(super) fn with<T>(&self, f: impl FnOnce(&mut Conn) -> Res<T>) -> Result<T, StoreError> {
        self.settle()?;
        self.raw(f)
    }

    /// Runs `f` on the connection as it is.
    pub(super) fn raw<T>(&self, f: impl FnOnce(&mut Conn) -> Res<T>) -> Result<T, StoreError> {
        f(&mut self.conn.borrow_mut()).map_err(|e| e.at(&self.pool.target))
    }

    /// Sends what is batched, if anything.
    pub(super) fn settle(&self) -> Result<(), StoreError> {
        let mut batch = self.batch.borrow_mut();
        match batch.as_mut() {
            Some(b) if !b.is_empty() => b.flush(&mut self.conn.borrow_mut(), self.pool),
            _ => Ok(()),
        }
    }

    /// Ends the transaction's work: sends what is batched and moves the chain row to the
    /// ledger's new head.
    pub(super) fn finish(&mut self) -> Result<(), StoreError> {
        self.settle()?;
        if self.head != self.locked {
            let (seq, hash) = self.head;
            self.raw(|c| {
                Ok(c.execute(
                    "UPDATE chain SET seq = $1, hash = $2",
                    &[&(seq as i64), &hash.as_slice()],
                )?)
            })?;
            self.locked = self.head;
        }
        Ok(())
    }

    /// A barcode's stock row and its head: from the batch, the recent copies, or the server.
    pub fn stock_head(&self, barcode: &str) -> Result<Option<(Head, Stock)>, StoreError> {
        if let Some(b) = self.batch.borrow().as_ref() {
            if let Some(found) = b.stock(barcode) {
                return Ok(Some(found));
            }
            if b.absent(barcode) {
                return Ok(None);
            }
            if let Some(found) = b.ahead(barcode) {
                return Ok(found);
            }
        }
        let mut recent = self.recent.borrow_mut();
        if let Some(i) = recent.iter().position(|(b, _)| b == barcode) {
            recent[..=i].rotate_right(1);
            return Ok(recent[0].1.clone());
        }
        let mut batch = self.batch.borrow_mut();
        let found = match batch.as_mut() {
            // A batch that asks in barcode order (an import) reads the rows ahead.
            Some(b) => {
                if b.ascending(barcode) {
                    self.raw(|c| {
                        b.read_ahead(c, barcode)?;
                        Ok(b.ahead(barcode).flatten())
                    })?
                } else {
                    self.raw(|c| query::stock(c, barcode))?
                }
            }
            None => self.raw(|c| query::stock(c, barcode))?,
        };
        drop(batch);
        if found.is_none()
            && let Some(b) = self.batch.borrow_mut().as_mut()
        {
            self.raw(|c| Ok(b.missed(c)?))?;
        }
        remember(&mut recent, barcode, found.clone());
        Ok(found)
    }

    /// The number of the ledger's last movement and its hash, as this transaction sees it.
    pub fn ledger_head(&mut self) -> Result<(u64, [u8; 32]), StoreError> {
        Ok(self.head)
    }

    /// The next sequence number the ledger will give.
    pub fn next_seq(&mut self) -> Result<u64, StoreError> {
        Ok(self.head.0 + 1)
    }

    /// Appends a sealed movement, whose barcode's movement before it is `before` (0: none). It
    /// must follow the ledger's head.
    pub fn append(&mut self, mv: &Movement, before: u64) -> Result<(), StoreError> {
        if mv.seq != self.head.0 + 1 || mv.prev_hash != self.head.1 {
            return Err(StoreError::Db(format!(
                "movement {} does not follow the ledger's last movement {}: it was sealed for another place in the chain; nothing was saved",
                mv.seq, self.head.0
            )));
        }
        if let Some(b) = self.batch.get_mut().as_mut() {
            b.push_movement(mv.clone(), before);
            if b.is_full() {
                self.settle()?;
            }
            self.head = (mv.seq, mv.hash);
            return Ok(());
        }
        {
            let m = MovementCols::of(mv, before);
            self.raw(|c| {
                Ok(c.execute(
                    "INSERT INTO ledger (seq, at, at_offset, action, barcode, item, quantity, \
                     from_place, to_place, operator, reference, reason, change_keys, \
                     change_values, prev_hash, hash, before) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                     $16, $17)",
                    &m.params(),
                )?)
            })?;
        }
        self.head = (mv.seq, mv.hash);
        Ok(())
    }

    /// Stores a barcode's state `after` its last movement `head`, in place of `before` (as
    /// stored until now); `life_years` is its item's service life (for the life-end look-up).
    pub fn put_stock(
        &mut self,
        before: Option<&Stock>,
        after: &Stock,
        life_years: Option<u32>,
        head: Head,
    ) -> Result<(), StoreError> {
        let barcode = after.barcode().as_str();
        remember(self.recent.get_mut(), barcode, Some((head, after.clone())));
        if let Some(b) = self.batch.get_mut().as_mut() {
            b.wrote(after, head);
            b.push_stock(after.clone(), life_years, head, before.is_none());
            return Ok(());
        }
        let s = StockCols::of(after, life_years, head);
        self.raw(|c| {
            Ok(c.execute(
                "INSERT INTO stock (barcode, kind, item, owner, module, serial, location, status, \
                 commissioned, last_inspected, plate, due, lot, quantity, expires, received, \
                 life_end, head_seq, head_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                 $17, $18, $19) \
                 ON CONFLICT (barcode) DO UPDATE SET kind = excluded.kind, item = excluded.item, \
                 owner = excluded.owner, module = excluded.module, serial = excluded.serial, \
                 location = excluded.location, status = excluded.status, \
                 commissioned = excluded.commissioned, last_inspected = excluded.last_inspected, \
                 plate = excluded.plate, due = excluded.due, lot = excluded.lot, \
                 quantity = excluded.quantity, expires = excluded.expires, \
                 received = excluded.received, life_end = excluded.life_end, \
                 head_seq = excluded.head_seq, head_at = excluded.head_at",
                &s.params(),
            )?)
        })?;
        Ok(())
    }

    /// The tracking and service life of an item, and whether it counts pieces, from the cache
    /// of this transaction.
    pub(super) fn cached_item(
        &mut self,
        code: &str,
    ) -> Result<Option<(Tracking, Option<u32>, bool)>, StoreError> {
        if !self.items.get_mut().contains_key(code) {
            let i = self.raw(|c| query::item(c, code))?;
            self.items.get_mut().insert(code.to_owned(), i);
        }
        Ok(self.items.get_mut().get(code).and_then(|i| {
            i.as_ref().map(|i| {
                (
                    i.tracking,
                    i.life_years,
                    crate::domain::units::counts_pieces(&i.uom),
                )
            })
        }))
    }

    /// The last movement of a barcode, if any.
    pub fn last_movement(&self, barcode: &str) -> Result<Option<Movement>, StoreError> {
        match self.stock_head(barcode)? {
            Some((head, _)) if head.seq != 0 => self.movement(head.seq),
            _ => Ok(None),
        }
    }

    /// The movement numbered `seq`: from the batch, or from the server.
    fn movement(&self, seq: u64) -> Result<Option<Movement>, StoreError> {
        if let Some(m) = self.batch.borrow().as_ref().and_then(|b| b.movement(seq)) {
            return Ok(Some(m));
        }
        self.raw(|c| query::movement(c, seq))
    }

    /// The last movement of a barcode if it was made less than `secs` seconds from `now`
    /// (either way). The time is kept with the stock row, so an older one costs no ledger read.
    pub fn last_movement_near(
        &self,
        barcode: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
        secs: i64,
    ) -> Result<Option<Movement>, StoreError> {
        let Some((head, _)) = self.stock_head(barcode)? else {
            return Ok(None);
        };
        if head.seq == 0 || (now.timestamp() - head.at).abs() >= secs {
            return Ok(None);
        }
        self.movement(head.seq)
    }

    /// Known barcodes close to `code` (for "did you mean"): its neighbours in barcode order and
    /// the codes that share most of its prefix, ranked by edit distance.
    pub fn nearest_barcodes(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
        let keep = code.len().saturating_sub(3).max(1);
        let prefix: String = code.chars().take(keep).collect();
        let cands = self.with(|c| {
            let mut out: Vec<String> = Vec::new();
            let queries: [(&'static str, &str, i64); 3] = [
                (
                    "SELECT barcode FROM stock WHERE barcode >= $1 ORDER BY barcode LIMIT $2",
                    code,
                    64,
                ),
                (
                    "SELECT barcode FROM stock WHERE barcode < $1 ORDER BY barcode DESC LIMIT $2",
                    code,
                    64,
                ),
                (
                    "SELECT barcode FROM stock WHERE barcode >= $1 ORDER BY barcode LIMIT $2",
                    &prefix,
                    4096,
                ),
            ];
            for (i, (q, from, limit)) in queries.into_iter().enumerate() {
                for r in c.query(q, &[&from, &limit])? {
                    let b: String = col(&r, 0, "stock")?;
                    if i == 2 && !b.starts_with(&prefix) {
                        break;
                    }
                    out.push(b);
                }
            }
            Ok(out)
        })?;
        Ok(crate::domain::scan::nearest(
            code,
            cands.iter().map(String::as_str),
            n,
        ))
    }

    /// Unit and warehouse codes close to `code`.
    pub fn nearest_places(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
        let cands = self.raw(|c| {
            let mut out = Vec::new();
            for q in [
                "SELECT code FROM units ORDER BY code",
                "SELECT code FROM warehouses ORDER BY code",
            ] {
                for r in c.query(q, &[])? {
                    out.push(col::<String>(&r, 0, "places")?);
                }
            }
            Ok(out)
        })?;
        Ok(crate::domain::scan::nearest(
            code,
            cands.iter().map(String::as_str),
            n,
        ))
    }

    /// The barcodes whose `tag` has `value`, in barcode order.
    pub fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
        self.with(|c| query::barcodes_by(c, tag, value))
    }

    /// The assets checked out to `place`, in barcode order.
    pub fn checked_out_to(&self, place: &str) -> Result<Vec<Barcode>, StoreError> {
        self.with(|c| {
            let rows = c.query(
                "SELECT barcode FROM stock WHERE kind = 'asset' AND location = $1 \
                 ORDER BY barcode",
                &[&place],
            )?;
            rows.iter()
                .map(|r| Ok(Barcode::new(col::<&str>(r, 0, "stock")?)))
                .collect()
        })
    }

    /// The movements of one barcode, oldest first.
    pub fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
        self.with(|c| query::history(c, barcode))
    }
}

fn remember(recent: &mut Recent, barcode: &str, value: Option<(Head, Stock)>) {
    recent.retain(|(b, _)| b != barcode);
    recent.truncate(RECENT - 1);
    recent.insert(0, (barcode.to_owned(), value));
}

impl StockView for PgWriter<'_> {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError> {
        Ok(self.stock_head(barcode)?.map(|(_, s)| s))
    }
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        if let Some(i) = self.items.borrow().get(code) {
            return Ok(i.clone());
        }
        self.raw(|c| query::item(c, code))
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        self.raw(|c| query::unit(c, code))
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        self.raw(|c| query::warehouse(c, code))
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        self.raw(|c| query::module(c, code))
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        self.raw(query::modules)
    }
}
