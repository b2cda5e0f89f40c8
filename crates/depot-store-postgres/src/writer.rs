//! Write transactions: one [`PgWriter`] per transaction, holding the lock on the ledger's
//! chain row from its first statement to its commit (see `PgStore::write`).

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::types::ToSql;

use depot_domain::movement::Movement;
use depot_domain::{Barcode, CatalogItem, Module, Stock, Tracking, Unit, Warehouse};
use depot_store::{Head, OperatorRecord, StockView, StoreError, Tag};

use crate::batch::Batch;
use crate::cache::{Generation, Kind, Known};
use crate::conn::{Conn, Pool};
use crate::convert::{self, MovementCols, StockCols, col};
use crate::query::{self, Res};

/// An open write transaction.
pub struct PgWriter<'s> {
    pub(super) pool: &'s Pool,
    pub(super) conn: RefCell<Conn>,
    /// The ledger's last movement: as locked, then as this transaction appended.
    pub(super) head: (u64, [u8; 32]),
    /// The chain row as locked; written back at the end when `head` moved on.
    pub(super) locked: (u64, [u8; 32]),
    /// The catalogue items this transaction read or wrote.
    pub(super) items: RefCell<HashMap<String, Option<CatalogItem>>>,
    /// The generation of the reference data as locked, while the store's copies of it
    /// (`cache.rs`) may be read and filled: `None` once this transaction changed reference data
    /// (and in the one that creates the register).
    pub(super) generation: Option<Generation>,
    /// Whether this transaction wrote a new generation (it does so once).
    pub(super) changed_reference: bool,
    /// The stock rows read or written last (`None`: no such row), most recent first: a scan
    /// reads its own row three times (the look-up, the repeat guard, the apply). Every write of
    /// a stock row passes `put_stock`, and other writers wait for the chain lock, so a copy is
    /// never stale.
    recent: RefCell<Recent>,
    /// The operator looked up last, and what was found.
    pub(super) operator: RefCell<Option<(String, Option<OperatorRecord>)>>,
    /// Stock rows and movements not yet sent, while batching.
    pub(super) batch: RefCell<Option<Batch>>,
    /// Movements read with their barcode's stock row, or appended, most recent first: the
    /// repeat guard asks for the last movement of the row it has just read. A movement never
    /// changes once written.
    moves: RefCell<Vec<Movement>>,
    /// A movement appended and not yet sent (with the barcode's movement before it): sent with
    /// its stock row, which follows it, in one statement.
    pending: RefCell<Option<(Movement, u64)>>,
}

/// Stock rows by barcode (`None`: no such row), most recent first.
type Recent = Vec<(String, Option<(Head, Stock)>)>;

const RECENT: usize = 2;

/// Appends a movement (`MovementCols::params`).
const APPEND: &str = "INSERT INTO ledger (seq, at, at_offset, action, barcode, item, quantity, \
     from_place, to_place, operator, reference, reason, change_keys, change_values, prev_hash, \
     hash, before) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";

/// The upsert of a stock row (`StockCols::params`), its parameters from `$` and the number.
macro_rules! put_stock {
    ($p:literal) => {
        concat!(
            "INSERT INTO stock (barcode, kind, item, owner, module, serial, location, status, \
             commissioned, last_inspected, plate, due, lot, quantity, expires, received, \
             life_end, head_seq, head_at) VALUES (",
            $p,
            ") ON CONFLICT (barcode) DO UPDATE SET kind = excluded.kind, \
             item = excluded.item, owner = excluded.owner, module = excluded.module, \
             serial = excluded.serial, location = excluded.location, status = excluded.status, \
             commissioned = excluded.commissioned, last_inspected = excluded.last_inspected, \
             plate = excluded.plate, due = excluded.due, lot = excluded.lot, \
             quantity = excluded.quantity, expires = excluded.expires, \
             received = excluded.received, life_end = excluded.life_end, \
             head_seq = excluded.head_seq, head_at = excluded.head_at"
        )
    };
}

/// Stores a stock row.
const PUT: &str = put_stock!(
    "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19"
);

/// Appends a movement and stores the stock row it leaves (the row's head is checked against
/// the ledger at commit, so the order within the statement does not matter).
const APPEND_AND_PUT: &str = concat!(
    "WITH appended AS (INSERT INTO ledger (seq, at, at_offset, action, barcode, item, \
     quantity, from_place, to_place, operator, reference, reason, change_keys, change_values, \
     prev_hash, hash, before) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)) ",
    put_stock!(
        "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, \
         $35, $36"
    )
);

impl<'s> PgWriter<'s> {
    pub(super) fn new(pool: &'s Pool, conn: Conn, head: (u64, [u8; 32])) -> Self {
        PgWriter {
            pool,
            conn: RefCell::new(conn),
            head,
            locked: head,
            items: RefCell::default(),
            generation: None,
            changed_reference: false,
            recent: RefCell::default(),
            operator: RefCell::default(),
            batch: RefCell::default(),
            moves: RefCell::default(),
            pending: RefCell::default(),
        }
    }

    /// A copy of reference data from the store's cache, if this transaction may use it.
    pub(super) fn cached<T: Clone>(&self, kind: Kind<T>, key: &str) -> Option<Option<T>> {
        let g = self.generation.as_ref()?;
        self.pool.cache.get(g, kind, key)
    }

    /// Reference data read from the server, as `read` gives it, kept in the store's cache when
    /// this transaction may fill it.
    pub(super) fn remembered<T: Clone>(
        &self,
        kind: Kind<T>,
        key: &str,
        read: impl FnOnce(&mut Conn) -> Res<Option<T>>,
    ) -> Result<Option<T>, StoreError> {
        if let Some(found) = self.cached(kind, key) {
            return Ok(found);
        }
        let found = self.raw(read)?;
        if let Some(g) = &self.generation {
            self.pool.cache.put(g, kind, key, found.clone());
        }
        Ok(found)
    }

    /// Before this transaction changes operators, the catalogue, units or warehouses: writes a
    /// new generation of the reference data (once), so that every program's copies of it are
    /// dropped at its next transaction, and stops using this program's.
    pub(super) fn changes_reference(&mut self) -> Result<(), StoreError> {
        self.generation = None;
        self.pool.cache.forget();
        if self.changed_reference {
            return Ok(());
        }
        let mut value = [0u8; 16];
        getrandom::fill(&mut value).map_err(|e| {
            StoreError::said(
                format!("no random bytes from the system: {e}"),
                format!("系统未提供随机数（`{e}`）；请稍后重试"),
            )
        })?;
        self.raw(|c| {
            Ok(c.execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&crate::cache::GENERATION, &value.as_slice()],
            )?)
        })?;
        self.changed_reference = true;
        Ok(())
    }

    /// A catalogue item: from this transaction, the store's copies, or the server.
    pub(super) fn item_of(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        if let Some(i) = self.items.borrow().get(code) {
            return Ok(i.clone());
        }
        let i = self.remembered(items, code, |c| query::item(c, code))?;
        self.items.borrow_mut().insert(code.to_owned(), i.clone());
        Ok(i)
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

    /// Sends what is batched, if anything, and the movement appended last if it waits for its
    /// stock row.
    pub(super) fn settle(&self) -> Result<(), StoreError> {
        if let Some((mv, before)) = self.pending.borrow_mut().take() {
            let m = MovementCols::of(&mv, before);
            self.raw(|c| Ok(c.execute(APPEND, &m.params())?))?;
        }
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

    /// Ends the transaction's work as [`Self::finish`] does, except that the chain row's move
    /// is returned, with the COMMIT, as the text of one simple query (one round trip).
    pub(super) fn commit_text(&mut self) -> Result<String, StoreError> {
        self.settle()?;
        if self.head == self.locked {
            return Ok("COMMIT".to_owned());
        }
        let (seq, hash) = self.head;
        self.locked = self.head;
        Ok(format!(
            "UPDATE chain SET seq = {seq}, hash = decode('{}', 'hex'); COMMIT",
            convert::hex(&hash)
        ))
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
                    self.stock_read(barcode)?
                }
            }
            None => self.stock_read(barcode)?,
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

    /// A stock row from the server, with its last movement when that was made in the last
    /// minute (by the server's clock), which the repeat guard asks for next.
    fn stock_read(&self, barcode: &str) -> Result<Option<(Head, Stock)>, StoreError> {
        let q = concat!(
            "SELECT s.*, l.* FROM (SELECT ",
            convert::stock_cols!(),
            " FROM stock WHERE barcode = $1) s LEFT JOIN LATERAL (SELECT ",
            convert::movement_cols!(),
            " FROM ledger WHERE seq = s.head_seq AND s.head_at > now() - interval '1 minute') l \
             ON true"
        );
        let Some(r) = self.raw(|c| Ok(c.query_opt(q, &[&barcode])?))? else {
            return Ok(None);
        };
        let found = convert::stock(&r)?;
        if col::<Option<i64>>(&r, convert::STOCK_COLS, "ledger")?.is_some() {
            let (m, _) = convert::movement_at(&r, convert::STOCK_COLS)?;
            self.saw(m);
        }
        Ok(Some(found))
    }

    /// Keeps a movement among the recent ones.
    fn saw(&self, m: Movement) {
        let mut moves = self.moves.borrow_mut();
        moves.retain(|k| k.seq != m.seq);
        moves.truncate(RECENT - 1);
        moves.insert(0, m);
    }

    /// Forgets the recent movements (the ledger was rewritten, in a test of `verify`).
    pub(super) fn forget_moves(&mut self) {
        self.moves.get_mut().clear();
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
            return Err(StoreError::said(
                format!(
                    "movement {} does not follow the ledger's last movement {}: it was sealed for another place in the chain; nothing was saved",
                    mv.seq, self.head.0
                ),
                format!(
                    "第 {} 笔记录接不上台账的最后一笔（第 {} 笔）：它是为哈希链中的另一个位置封存的；未保存任何内容",
                    mv.seq, self.head.0
                ),
            ));
        }
        if let Some(b) = self.batch.get_mut().as_mut() {
            b.push_movement(mv.clone(), before);
            if b.is_full() {
                self.settle()?;
            }
            self.head = (mv.seq, mv.hash);
            return Ok(());
        }
        // One movement waits at a time: its stock row comes next, and goes with it.
        self.settle()?;
        self.saw(mv.clone());
        *self.pending.get_mut() = Some((mv.clone(), before));
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
        let pending = self
            .pending
            .get_mut()
            .take_if(|(m, _)| m.body.barcode == *after.barcode());
        if let Some((mv, before)) = pending {
            // The movement and the state it left its barcode in: one round trip.
            let m = MovementCols::of(&mv, before);
            let params: Vec<&(dyn ToSql + Sync)> =
                m.params().into_iter().chain(s.params()).collect();
            self.raw(|c| Ok(c.execute(APPEND_AND_PUT, &params)?))?;
            return Ok(());
        }
        self.settle()?;
        self.raw(|c| Ok(c.execute(PUT, &s.params())?))?;
        Ok(())
    }

    /// The tracking and service life of an item, and whether it counts pieces, from the cache
    /// of this transaction.
    pub(super) fn cached_item(
        &mut self,
        code: &str,
    ) -> Result<Option<(Tracking, Option<u32>, bool)>, StoreError> {
        Ok(self.item_of(code)?.map(|i| {
            (
                i.tracking,
                i.life_years,
                depot_domain::units::counts_pieces(&i.uom),
            )
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
        if let Some((m, _)) = self.pending.borrow().as_ref().filter(|(m, _)| m.seq == seq) {
            return Ok(Some(m.clone()));
        }
        if let Some(m) = self.moves.borrow().iter().find(|m| m.seq == seq) {
            return Ok(Some(m.clone()));
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
        Ok(depot_domain::scan::nearest(
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
        Ok(depot_domain::scan::nearest(
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
        self.item_of(code)
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        self.remembered(units, code, |c| query::unit(c, code))
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        self.remembered(warehouses, code, |c| query::warehouse(c, code))
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        self.raw(|c| query::module(c, code))
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        self.raw(query::modules)
    }
}

/// Where the store's cache keeps each kind of reference data.
fn items(k: &mut Known) -> &mut HashMap<String, Option<CatalogItem>> {
    &mut k.items
}
fn units(k: &mut Known) -> &mut HashMap<String, Option<Unit>> {
    &mut k.units
}
fn warehouses(k: &mut Known) -> &mut HashMap<String, Option<Warehouse>> {
    &mut k.warehouses
}
pub(super) fn operators(k: &mut Known) -> &mut HashMap<String, Option<OperatorRecord>> {
    &mut k.operators
}
