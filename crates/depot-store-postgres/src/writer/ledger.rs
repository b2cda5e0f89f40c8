//! The stock and the ledger inside a write transaction: a barcode's stored state and head,
//! the chain's head and next sequence number, appending a movement and storing the stock row
//! it leaves.

use super::{PUT, PgWriter, RECENT, remember};
use crate::convert::{self, StockCols, col};
use depot_domain::movement::Movement;
use depot_domain::{Stock, Tracking};
use depot_store::{Head, StoreError};

impl<'s> PgWriter<'s> {
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
        let q = crate::chain::hint!();
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

    /// Keeps what the chain's lock read of a barcode (`chain::lock`): its stock row, as
    /// [`Self::stock_head`] would read it, and its recent last movement.
    pub(crate) fn read_with_lock(&mut self, (barcode, row, last): crate::chain::Hinted) {
        if let Some(m) = last {
            self.saw(m);
        }
        remember(self.recent.get_mut(), &barcode, row);
    }

    /// Keeps a movement among the recent ones.
    fn saw(&self, m: Movement) {
        let mut moves = self.moves.borrow_mut();
        moves.retain(|k| k.seq != m.seq);
        moves.truncate(RECENT - 1);
        moves.insert(0, m);
    }

    /// Forgets the recent movements (the ledger was rewritten, in a test of `verify`).
    pub(crate) fn forget_moves(&mut self) {
        self.moves.get_mut().clear();
    }

    /// The number of the ledger's last movement and its hash, as this transaction sees it.
    pub fn ledger_head(&mut self) -> Result<(u64, [u8; 32]), StoreError> {
        self.hand_out_head()?;
        Ok(self.head.get())
    }

    /// The next sequence number the ledger will give (a new lot's barcode is made of it: the
    /// turn is taken first).
    pub fn next_seq(&mut self) -> Result<u64, StoreError> {
        self.take_turn()?;
        Ok(self.head.get().0 + 1)
    }

    /// Appends a sealed movement, whose barcode's movement before it is `before` (0: none). It
    /// must follow the ledger's head.
    pub fn append(&mut self, mv: &Movement, before: u64) -> Result<(), StoreError> {
        let head = self.head.get();
        if mv.seq != head.0 + 1 || mv.prev_hash != head.1 {
            return Err(StoreError::said(
                format!(
                    "movement {} does not follow the ledger's last movement {}: it was sealed for another place in the chain; nothing was saved",
                    mv.seq, head.0
                ),
                format!(
                    "第 {} 笔记录接不上台账的最后一笔（第 {} 笔）：它是为哈希链中的另一个位置封存的；未保存任何内容",
                    mv.seq, head.0
                ),
            ));
        }
        if let Some(b) = self.batch.get_mut().as_mut() {
            b.push_movement(mv.clone(), before);
            let full = b.is_full();
            self.head.set((mv.seq, mv.hash));
            if full {
                self.send_behind()?;
            }
            return Ok(());
        }
        // One movement waits at a time: its stock row comes next, and goes with it.
        self.settle()?;
        self.saw(mv.clone());
        *self.pending.get_mut() = Some((mv.clone(), before));
        self.head.set((mv.seq, mv.hash));
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
            if self.deferred.get_mut().is_some() {
                // One waits at a time: the one before goes first.
                self.raw(|_| Ok(()))?;
            }
            // The movement and the state it left its barcode in go together, with the COMMIT
            // when nothing else needs the server before it (`commit_text`).
            *self.deferred.get_mut() = Some(super::Deferred {
                mv,
                before,
                stock: after.clone(),
                life_years,
                head,
            });
            return Ok(());
        }
        self.settle()?;
        self.raw(|c| Ok(c.execute(PUT, &s.params())?))?;
        Ok(())
    }

    /// The tracking and service life of an item, and whether it counts pieces, from the cache
    /// of this transaction.
    pub(crate) fn cached_item(
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
}
