//! Bulk writes: new stock rows and movements kept in memory while a writer batches, and sent
//! with binary `COPY … FROM STDIN` inside the writer's transaction (an import is all or
//! nothing with it).

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use postgres::types::{ToSql, Type};

use depot_domain::Stock;
use depot_domain::movement::Movement;
use depot_store::Head;

use crate::conn::Conn;
use crate::convert::{self, MovementCols, StockCols};
use crate::copy_in::CopyIn;
use crate::query::Fail;

/// How many movements a batch keeps before it sends them (and the stock rows with them).
const ROWS: usize = if cfg!(test) { 50 } else { 20_000 };

/// After how many look-ups of barcodes that the server did not have a batch reads every
/// barcode's fingerprint (see [`Batch::absent`]).
const MISSES: u32 = 256;

/// What a batching writer has not sent yet.
#[derive(Default)]
pub struct Batch {
    /// Stock rows to write, by barcode.
    stock: HashMap<String, Pending>,
    ledger: Vec<(Movement, u64)>,
    /// Fingerprints of every barcode the stock holds, once read. An import asks for each new
    /// barcode's row, which is not there: a round trip each, the most of an import's time. A
    /// barcode whose fingerprint is missing is surely new; one that is there is asked for.
    /// Exact while the writer holds the chain lock: no other depot writer adds rows meanwhile,
    /// and this one adds its own here.
    known: Option<HashSet<u64, foldhash::fast::FixedState>>,
    misses: u32,
    /// Stock rows read ahead, for a batch that asks in barcode order.
    window: Option<Window>,
    /// The barcode asked for last.
    asked: Option<String>,
}

/// Every stock row from `from` to `to` (`None`: the end of the table) as the server had them
/// when read, and as this transaction changed them since; with the batch's new rows, the
/// answer for any barcode in that range, there or not. An import asks for its rows in barcode order: a few hundred rows read
/// at once instead of a round trip each.
struct Window {
    from: String,
    to: Option<String>,
    rows: HashMap<String, (Head, Stock)>,
}

impl Window {
    fn covers(&self, barcode: &str) -> bool {
        barcode >= self.from.as_str() && self.to.as_deref().is_none_or(|t| barcode <= t)
    }
}

/// A stock row to write: its state, its item's service life, its head, and whether it is new
/// (sent with COPY) or changes a row the server has (sent with COPY to a temporary table and
/// one UPDATE).
struct Pending {
    stock: Stock,
    life_years: Option<u32>,
    head: Head,
    new: bool,
}

/// How many rows a batch reads ahead.
const AHEAD: i64 = if cfg!(test) { 7 } else { 512 };

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.stock.is_empty() && self.ledger.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.ledger.len() >= ROWS || self.stock.len() >= ROWS
    }

    /// A barcode's row, when it is in the batch.
    pub fn stock(&self, barcode: &str) -> Option<(Head, Stock)> {
        self.stock.get(barcode).map(|p| (p.head, p.stock.clone()))
    }

    /// Keeps a stock row to write; `new` when the server has none (a row already kept stays as
    /// it was kept, new or not).
    pub fn push_stock(&mut self, s: Stock, life_years: Option<u32>, head: Head, new: bool) {
        let barcode = s.barcode().as_str();
        if let Some(k) = &mut self.known {
            k.insert(fingerprint(barcode));
        }
        let new = self.stock.get(barcode).map_or(new, |p| p.new);
        self.stock.insert(
            barcode.to_owned(),
            Pending {
                stock: s,
                life_years,
                head,
                new,
            },
        );
    }

    /// The movement numbered `seq`, when it is in the batch.
    pub fn movement(&self, seq: u64) -> Option<Movement> {
        let first = self.ledger.first()?.0.seq;
        let i = usize::try_from(seq.checked_sub(first)?).ok()?;
        self.ledger.get(i).map(|(m, _)| m.clone())
    }

    /// The row of `barcode` (`Some(None)`: none) when it is in the rows read ahead.
    pub fn ahead(&self, barcode: &str) -> Option<Option<(Head, Stock)>> {
        let w = self.window.as_ref().filter(|w| w.covers(barcode))?;
        Some(w.rows.get(barcode).cloned())
    }

    /// Whether `barcode` comes after the one asked for before (and notes it).
    pub fn ascending(&mut self, barcode: &str) -> bool {
        let up = self.asked.as_deref().is_none_or(|a| a < barcode);
        self.asked = Some(barcode.to_owned());
        up
    }

    /// Reads the rows from `barcode` on, a window's worth.
    pub fn read_ahead(&mut self, c: &mut Conn, barcode: &str) -> Result<(), Fail> {
        let rows = c.query(
            concat!(
                "SELECT ",
                convert::stock_cols!(),
                " FROM stock WHERE barcode >= $1 ORDER BY barcode LIMIT $2"
            ),
            &[&barcode, &AHEAD],
        )?;
        let mut window = Window {
            from: barcode.to_owned(),
            to: None,
            rows: HashMap::with_capacity(rows.len()),
        };
        for r in &rows {
            let (head, s) = convert::stock(r)?;
            window.rows.insert(s.barcode().to_string(), (head, s));
        }
        if rows.len() as i64 == AHEAD {
            window.to = rows
                .last()
                .map(|r| convert::col::<String>(r, 0, "stock"))
                .transpose()?;
        }
        self.window = Some(window);
        Ok(())
    }

    /// Notes that this transaction stored `s` after `head`, for the rows read ahead: a row
    /// read there is changed there. (A new row stays in the batch, which is asked first, until
    /// it is sent; sending forgets the window.)
    pub fn wrote(&mut self, s: &Stock, head: Head) {
        let barcode = s.barcode().as_str();
        if let Some(row) = self.window.as_mut().and_then(|w| w.rows.get_mut(barcode)) {
            *row = (head, s.clone());
        }
    }

    /// Whether `barcode` surely has no row (in the batch or on the server).
    pub fn absent(&self, barcode: &str) -> bool {
        self.known
            .as_ref()
            .is_some_and(|k| !k.contains(&fingerprint(barcode)))
            && !self.stock.contains_key(barcode)
    }

    /// Counts a barcode the server did not have; after enough of them, reads the
    /// fingerprints of all (one streamed query).
    pub fn missed(&mut self, c: &mut Conn) -> Result<(), postgres::Error> {
        self.misses += 1;
        if self.known.is_some() || self.misses < MISSES {
            return Ok(());
        }
        let mut known = HashSet::with_hasher(foldhash::fast::FixedState::default());
        let none: [&(dyn ToSql + Sync); 0] = [];
        let stmt = c.prepare("SELECT barcode FROM stock")?;
        let mut rows = c.client.query_raw(&stmt, none)?;
        while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            known.insert(fingerprint(r.try_get::<_, &str>(0)?));
        }
        known.extend(self.stock.keys().map(|b| fingerprint(b)));
        self.known = Some(known);
        Ok(())
    }

    pub fn push_movement(&mut self, m: Movement, before: u64) {
        self.ledger.push((m, before));
    }

    /// Takes the movements and stock rows to send, and empties the batch.
    pub fn take(&mut self) -> Outgoing {
        // The window does not know the new rows sent now.
        self.window = None;
        Outgoing {
            ledger: std::mem::replace(&mut self.ledger, Vec::with_capacity(ROWS)),
            stock: std::mem::replace(&mut self.stock, HashMap::with_capacity(ROWS)),
        }
    }
}

/// Movements and stock rows taken from a batch, to be sent (by the writer's thread, or by one
/// of their own while the writer goes on: see `PgWriter::send_behind`).
pub struct Outgoing {
    ledger: Vec<(Movement, u64)>,
    /// Stock rows to write, by barcode.
    stock: HashMap<String, Pending>,
}

impl Outgoing {
    /// Sends the movements, then the stock rows that point at them.
    pub fn send(self, c: &mut Conn) -> Result<(), Fail> {
        self.send_ledger(c)?;
        self.send_stock(c, true)?;
        self.send_changes(c)
    }

    fn send_ledger(&self, c: &mut Conn) -> Result<(), Fail> {
        if self.ledger.is_empty() {
            return Ok(());
        }
        let sink = c.client.copy_in(
            "COPY ledger (seq, at, at_offset, action, barcode, item, quantity, from_place, \
             to_place, operator, reference, reason, change_keys, change_values, prev_hash, hash, \
             before) FROM STDIN (FORMAT binary)",
        )?;
        let types = [
            Type::INT8,
            Type::TIMESTAMPTZ,
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::NUMERIC,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
            Type::BYTEA,
            Type::BYTEA,
            Type::INT8,
        ];
        let mut w = CopyIn::new(sink, &types);
        for (mv, before) in &self.ledger {
            w.write(&MovementCols::of(mv, *before).params())?;
        }
        w.finish()?;
        Ok(())
    }

    /// Changed rows: into a temporary table with COPY, then over their rows in one UPDATE.
    fn send_changes(&self, c: &mut Conn) -> Result<(), Fail> {
        if self.stock.values().all(|p| p.new) {
            return Ok(());
        }
        c.client.batch_execute(
            "CREATE TEMPORARY TABLE depot_changes (LIKE stock INCLUDING DEFAULTS) ON COMMIT DROP",
        )?;
        self.send_stock(c, false)?;
        c.client.batch_execute(
            "UPDATE stock s SET kind = c.kind, item = c.item, owner = c.owner, \
             module = c.module, serial = c.serial, location = c.location, status = c.status, \
             commissioned = c.commissioned, last_inspected = c.last_inspected, plate = c.plate, \
             due = c.due, lot = c.lot, quantity = c.quantity, expires = c.expires, \
             received = c.received, life_end = c.life_end, head_seq = c.head_seq, \
             head_at = c.head_at \
             FROM depot_changes c WHERE s.barcode = c.barcode; \
             DROP TABLE depot_changes",
        )?;
        Ok(())
    }

    /// The new rows (`new`) into the stock, or the changed ones into `depot_changes`.
    fn send_stock(&self, c: &mut Conn, new: bool) -> Result<(), Fail> {
        // In barcode order: each page of the primary key is then filled once.
        let mut rows: Vec<_> = self.stock.iter().filter(|(_, p)| p.new == new).collect();
        if rows.is_empty() {
            return Ok(());
        }
        rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let sink = c.client.copy_in(if new {
            "COPY stock (barcode, kind, item, owner, module, serial, location, status, \
             commissioned, last_inspected, plate, due, lot, quantity, expires, received, \
             life_end, head_seq, head_at) FROM STDIN (FORMAT binary)"
        } else {
            "COPY depot_changes (barcode, kind, item, owner, module, serial, location, status, \
             commissioned, last_inspected, plate, due, lot, quantity, expires, received, \
             life_end, head_seq, head_at) FROM STDIN (FORMAT binary)"
        })?;
        let types = [
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::DATE,
            Type::DATE,
            Type::TEXT,
            Type::DATE,
            Type::TEXT,
            Type::NUMERIC,
            Type::DATE,
            Type::DATE,
            Type::DATE,
            Type::INT8,
            Type::TIMESTAMPTZ,
        ];
        let mut w = CopyIn::new(sink, &types);
        for (_, p) in rows {
            w.write(&StockCols::of(&p.stock, p.life_years, p.head).params())?;
        }
        w.finish()?;
        Ok(())
    }
}

fn fingerprint(barcode: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(barcode)
}
