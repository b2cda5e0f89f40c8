//! Write transactions: one [`PgWriter`] per transaction, holding the lock on the ledger's
//! chain row from its first statement to its commit (see `PgStore::write`).

mod copies;
mod ledger;
mod lookup;
mod turn;

pub(crate) use turn::{Commit, Turn};

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::thread::JoinHandle;

use depot_domain::movement::Movement;
use depot_domain::{CatalogItem, Module, Stock, Unit, Warehouse};
use depot_store::{Head, OperatorRecord, StockView, StoreError};

use crate::batch::Batch;
use crate::cache::{Generation, Kind, Known};
use crate::conn::{Conn, Pool};
use crate::convert::{self, MovementCols};
use crate::literal;
use crate::query::{self, Res};
use crate::statements::{APPEND, APPEND_AND_PUT, PUT};
use copies::{Copies, Whole};

/// An open write transaction.
pub struct PgWriter<'s> {
    pub(crate) pool: &'s Pool,
    /// The connection; `None` while it is away sending a batch (`away`), or lost with the
    /// thread that had it.
    pub(crate) conn: RefCell<Option<Conn>>,
    /// A full batch being sent on a thread of its own, which gives the connection back with
    /// the outcome: the server takes those rows while this thread checks and seals the next.
    away: RefCell<Option<Away>>,
    /// The ledger's last movement: as locked, then as this transaction appended.
    pub(crate) head: Cell<(u64, [u8; 32])>,
    /// The chain row as locked; written back at the end when `head` moved on.
    pub(crate) locked: Cell<(u64, [u8; 32])>,
    /// The catalogue items this transaction read or wrote.
    pub(crate) items: RefCell<Copies<CatalogItem>>,
    /// The units and the warehouses this transaction read or wrote: the port's `apply` asks
    /// for a new owner's unit (then warehouse) at every movement that moves a row or makes a
    /// new one, a round trip each without these. The store's copies (`cache.rs`) do not serve
    /// a transaction that changed reference data, as an import does.
    pub(crate) units: RefCell<Copies<Unit>>,
    pub(crate) warehouses: RefCell<Copies<Warehouse>>,
    /// The generation of the reference data as locked, while the store's copies of it
    /// (`cache.rs`) may be read and filled: `None` once this transaction changed reference data
    /// (and in the one that creates the register).
    pub(crate) generation: Option<Generation>,
    /// Whether this transaction wrote a new generation (it does so once).
    pub(crate) changed_reference: bool,
    /// The stock rows read or written last (`None`: no such row), most recent first: a scan
    /// reads its own row three times (the look-up, the repeat guard, the apply). Every write of
    /// a stock row passes `put_stock`, and other writers wait for the chain lock, so a copy is
    /// never stale.
    recent: RefCell<Recent>,
    /// The operator looked up last, and what was found.
    pub(crate) operator: RefCell<Option<(String, Option<OperatorRecord>)>>,
    /// Stock rows and movements not yet sent, while batching.
    pub(crate) batch: RefCell<Option<Batch>>,
    /// Movements read with their barcode's stock row, or appended, most recent first: the
    /// repeat guard asks for the last movement of the row it has just read. A movement never
    /// changes once written.
    moves: RefCell<Vec<Movement>>,
    /// A movement appended and not yet sent (with the barcode's movement before it): sent with
    /// its stock row, which follows it, in one statement.
    pending: RefCell<Option<(Movement, u64)>>,
    /// The last movement appended with the stock row it left, not yet sent: sent with the
    /// COMMIT, in its simple query (`commit_text`), when nothing else needs the server first;
    /// else before whatever does (`raw`).
    deferred: RefCell<Option<Deferred>>,
    /// This transaction's id, chosen here and stored with its commit (`commits`): after a
    /// connection that broke at the COMMIT, it tells whether the commit happened.
    pub(crate) id: [u8; 16],
    /// What the transaction read as it began, while it has yet to take its turn in the chain
    /// (`turn.rs`); `None` once it holds the chain's lock.
    pub(crate) turn: RefCell<Option<Turn>>,
    /// Whether the head read as the transaction began was handed out to seal a movement.
    handed: Cell<bool>,
    /// Whether what the transaction read changed before its turn: it is run again.
    pub(crate) conflict: Cell<bool>,
}

/// A movement (with its barcode's movement before it) and the stock row it left (with its
/// item's service life and its head), waiting to be sent together.
pub(crate) struct Deferred {
    pub(crate) mv: Movement,
    pub(crate) before: u64,
    pub(crate) stock: depot_domain::Stock,
    pub(crate) life_years: Option<u32>,
    pub(crate) head: Head,
}

impl Deferred {
    /// The statement that appends the movement and stores the row, its values as literals,
    /// executing the session's plan of it (`chain::plans`).
    fn literal(&self) -> String {
        format!("EXECUTE depot_put({})", self.arguments())
    }

    /// The movement's columns and then the stock row's, as literals separated by commas: the
    /// arguments of the session's plans `depot_put` and `depot_place`.
    pub(crate) fn arguments(&self) -> String {
        let m = MovementCols::of(&self.mv, self.before).literals();
        let s = convert::StockCols::of(&self.stock, self.life_years, self.head).literals();
        format!("{}, {}", &m[1..m.len() - 1], &s[1..s.len() - 1])
    }

    /// Sends it on `c`, with parameters.
    fn send(&self, c: &mut Conn) -> Res<()> {
        let m = MovementCols::of(&self.mv, self.before);
        let s = convert::StockCols::of(&self.stock, self.life_years, self.head);
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> =
            m.params().into_iter().chain(s.params()).collect();
        c.execute(APPEND_AND_PUT, &params)?;
        Ok(())
    }
}

/// A thread sending a batch: it gives back the connection and how the sending went.
type Away = JoinHandle<(Conn, Res<()>)>;

/// Stock rows by barcode (`None`: no such row), most recent first.
type Recent = Vec<(String, Option<(Head, Stock)>)>;

const RECENT: usize = 2;

impl<'s> PgWriter<'s> {
    pub(crate) fn new(pool: &'s Pool, conn: Conn, head: (u64, [u8; 32])) -> Self {
        // The clock first (big-endian nanoseconds), so that ids arrive in order and the commits'
        // index grows at its end; then random bytes, or the process and the head should the
        // system give no randomness.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let mut id = [0u8; 16];
        id[..8].copy_from_slice(&(now.as_nanos() as u64).to_be_bytes());
        if getrandom::fill(&mut id[8..]).is_err() {
            id[8..12].copy_from_slice(&std::process::id().to_le_bytes());
            id[12..].copy_from_slice(&(head.0 as u32).to_le_bytes());
        }
        PgWriter {
            id,
            pool,
            conn: RefCell::new(Some(conn)),
            away: RefCell::default(),
            head: Cell::new(head),
            locked: Cell::new(head),
            items: RefCell::default(),
            units: RefCell::default(),
            warehouses: RefCell::default(),
            generation: None,
            changed_reference: false,
            recent: RefCell::default(),
            operator: RefCell::default(),
            batch: RefCell::default(),
            moves: RefCell::default(),
            pending: RefCell::default(),
            deferred: RefCell::default(),
            turn: RefCell::default(),
            handed: Cell::default(),
            conflict: Cell::default(),
        }
    }

    /// A copy of reference data from the store's cache, if this transaction may use it.
    pub(crate) fn cached<T: Clone>(&self, kind: Kind<T>, key: &str) -> Option<Option<T>> {
        let g = self.generation.as_ref()?;
        self.pool.cache.get(g, kind, key)
    }

    /// Reference data read from the server, as `read` gives it, kept in the store's cache when
    /// this transaction may fill it.
    pub(crate) fn remembered<T: Clone>(
        &self,
        kind: Kind<T>,
        key: &str,
        read: impl FnOnce(&mut Conn) -> Res<Option<T>>,
    ) -> Result<Option<T>, StoreError> {
        if let Some(found) = self.cached(kind, key) {
            return Ok(found);
        }
        // Reference data, which the generation checked at the turn covers.
        let found = self.peek(read)?;
        if let Some(g) = &self.generation {
            self.pool.cache.put(g, kind, key, found.clone());
        }
        Ok(found)
    }

    /// Before this transaction changes operators, the catalogue, units or warehouses: writes a
    /// new generation of the reference data (once), so that every program's copies of it are
    /// dropped at its next transaction, and stops using this program's.
    pub(crate) fn changes_reference(&mut self) -> Result<(), StoreError> {
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

    /// Reference data from this transaction's copies (`mine`), else as
    /// [`Self::remembered`] finds it, then kept among this transaction's copies; after many
    /// codes not among them, the `whole` table read at once.
    fn ours<T: Clone>(
        &self,
        mine: &RefCell<Copies<T>>,
        kind: Kind<T>,
        key: &str,
        read: impl FnOnce(&mut Conn) -> Res<Option<T>>,
        whole: Whole<T>,
    ) -> Result<Option<T>, StoreError> {
        let mut m = mine.borrow_mut();
        if let Some(found) = m.get(key) {
            return Ok(found);
        }
        if let Some((all, code)) = whole.filter(|_| m.missed(&whole)) {
            m.fill(self.peek(all)?, code);
            return Ok(m.get(key).flatten());
        }
        let found = self.remembered(kind, key, read)?;
        m.keep(key, found.clone());
        Ok(found)
    }

    /// A catalogue item: from this transaction, the store's copies, or the server.
    pub(crate) fn item_of(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        self.ours(&self.items, items, code, |c| query::item(c, code), None)
    }

    /// Runs `f` on the connection, with everything batched sent first (so that it reads what
    /// this transaction wrote): for reads of the stock and the ledger, which a batch holds
    /// back. Other tables are read and written with [`Self::raw`].
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Conn) -> Res<T>) -> Result<T, StoreError> {
        self.settle()?;
        self.raw(f)
    }

    /// Runs `f` on the connection as it is (once back from sending a batch, and after the
    /// deferred movement and stock row, if any, were sent), once this transaction has taken
    /// its turn in the chain (`turn.rs`).
    pub(crate) fn raw<T>(&self, f: impl FnOnce(&mut Conn) -> Res<T>) -> Result<T, StoreError> {
        self.take_turn()?;
        self.home()?;
        let mut conn = self.conn.borrow_mut();
        let c = conn.as_mut().ok_or_else(lost)?;
        let deferred = self.deferred.borrow_mut().take();
        if let Some(d) = deferred {
            d.send(c).map_err(|e| e.at(&self.pool.target))?;
        }
        f(c).map_err(|e| e.at(&self.pool.target))
    }

    /// Runs `f`, a read of reference data (covered by the generation a turn checks), on the
    /// connection as it is, without taking this transaction's turn nor sending what waits.
    pub(crate) fn peek<T>(&self, f: impl FnOnce(&mut Conn) -> Res<T>) -> Result<T, StoreError> {
        self.home()?;
        let mut conn = self.conn.borrow_mut();
        let c = conn.as_mut().ok_or_else(lost)?;
        f(c).map_err(|e| e.at(&self.pool.target))
    }

    /// Waits for the batch being sent, if one is, and takes the connection back: the sending's
    /// failure is this transaction's.
    pub(crate) fn home(&self) -> Result<(), StoreError> {
        let Some(away) = self.away.borrow_mut().take() else {
            return Ok(());
        };
        let (c, sent) = away.join().map_err(|_| lost())?;
        *self.conn.borrow_mut() = Some(c);
        sent.map_err(|e| e.at(&self.pool.target))
    }

    /// Sends the batch on a thread of its own, with the connection, while this one goes on
    /// (after the batch sent before, if it is still away).
    pub(crate) fn send_behind(&self) -> Result<(), StoreError> {
        self.home()?;
        let out = match self.batch.borrow_mut().as_mut() {
            Some(b) if !b.is_empty() => b.take(),
            _ => return Ok(()),
        };
        let mut c = self.conn.borrow_mut().take().ok_or_else(lost)?;
        let away = std::thread::Builder::new()
            .name("depot copy".to_owned())
            .spawn(move || {
                let sent = out.send(&mut c);
                (c, sent)
            })
            .map_err(|e| StoreError::Db(format!("no thread to send a batch on: {e}")))?;
        *self.away.borrow_mut() = Some(away);
        Ok(())
    }

    /// Sends what is batched, if anything, the movement and stock row deferred, and the
    /// movement appended last if it waits for its stock row.
    pub(crate) fn settle(&self) -> Result<(), StoreError> {
        if self.deferred.borrow().is_some() {
            // `raw` sends it first.
            self.raw(|_| Ok(()))?;
        }
        if let Some((mv, before)) = self.pending.borrow_mut().take() {
            let m = MovementCols::of(&mv, before);
            self.raw(|c| Ok(c.execute(APPEND, &m.params())?))?;
        }
        self.home()?;
        let out = match self.batch.borrow_mut().as_mut() {
            Some(b) if !b.is_empty() => b.take(),
            _ => return Ok(()),
        };
        self.raw(|c| out.send(c))
    }

    /// Ends the transaction's work: sends what is batched and moves the chain row to the
    /// ledger's new head.
    pub(crate) fn finish(&mut self) -> Result<(), StoreError> {
        self.settle()?;
        if self.head.get() != self.locked.get() {
            let (seq, hash) = self.head.get();
            self.raw(|c| {
                Ok(c.execute(
                    "UPDATE chain SET seq = $1, hash = $2",
                    &[&(seq as i64), &hash.as_slice()],
                )?)
            })?;
            self.locked.set(self.head.get());
        }
        Ok(())
    }

    /// Ends the transaction's work as [`Self::finish`] does, except that the chain row's move
    /// is returned, with the transaction's id and the COMMIT, as the text of one simple query
    /// (one round trip); a transaction that has yet to take its turn places its movement in
    /// that query (`turn.rs`).
    pub(crate) fn commit_text(&mut self) -> Result<Commit, StoreError> {
        if self.waits_for_turn() && self.pending.get_mut().is_none() {
            return match self.deferred.get_mut().take() {
                Some(d) if self.conn.get_mut().as_ref().is_some_and(|c| c.plans) => {
                    self.placed_text(d)
                }
                Some(d) => {
                    *self.deferred.get_mut() = Some(d);
                    self.locked_text().map(Commit::Text)
                }
                None => Ok(Commit::Nothing),
            };
        }
        self.locked_text().map(Commit::Text)
    }

    /// [`Self::commit_text`] for a transaction that holds the chain's lock.
    fn locked_text(&mut self) -> Result<String, StoreError> {
        // The last movement and its stock row go in this text; nothing is batched or pending
        // while one waits (`put_stock` defers only outside a batch, taking the pending one).
        let planned = self.conn.get_mut().as_ref().is_some_and(|c| c.plans);
        // A session without the plans (the one that creates the register, which moves
        // nothing) sends it on its own.
        let deferred = self.deferred.get_mut().take_if(|_| planned);
        self.settle()?;
        let (seq, hash) = self.head.get();
        let mut text = deferred.map(|d| d.literal() + "; ").unwrap_or_default();
        text.push_str(&format!(
            "INSERT INTO commits (id, last_seq) VALUES ({}, {seq}); ",
            literal::one(&self.id.as_slice())
        ));
        if self.head.get() != self.locked.get() {
            self.locked.set(self.head.get());
            text.push_str(&format!(
                "UPDATE chain SET seq = {seq}, hash = {}; ",
                literal::one(&hash.as_slice())
            ));
        }
        text.push_str("COMMIT");
        Ok(text)
    }
}

/// The connection went with a thread that failed.
fn lost() -> StoreError {
    StoreError::Db("the connection was lost with the thread sending a batch".to_owned())
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
        let whole: Whole<Unit> = Some((query::units, |u| u.code.as_str()));
        self.ours(&self.units, units, code, |c| query::unit(c, code), whole)
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        let whole: Whole<Warehouse> = Some((query::warehouses, |w| w.code.as_str()));
        self.ours(
            &self.warehouses,
            warehouses,
            code,
            |c| query::warehouse(c, code),
            whole,
        )
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        self.peek(|c| query::module(c, code))
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        self.peek(query::modules)
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
pub(crate) fn operators(k: &mut Known) -> &mut HashMap<String, Option<OperatorRecord>> {
    &mut k.operators
}
