//! Damage on purpose, for the tests that prove `verify` catches it (redb's `tamper_*`).
//!
//! The ledger refuses UPDATE and DELETE by a trigger: these switch the transaction's triggers
//! (and with them the foreign keys' checks) off with `session_replication_role = replica`,
//! which only a superuser may do, so depot's own role cannot do it (nor these functions for it).

use depot_domain::{Movement, Stock};
use depot_store::hq::HqMovement;
use depot_store::{StockView, StoreError};

use crate::convert::MovementCols;
use crate::query;
use crate::writer::PgWriter;

impl PgWriter<'_> {
    fn untriggered(&self) -> Result<(), StoreError> {
        self.with(|c| {
            Ok(c.client
                .batch_execute("SET LOCAL session_replication_role = replica")?)
        })
    }

    /// Overwrites a stored stock row without a movement (its head kept).
    #[doc(hidden)]
    pub fn tamper_stock(&mut self, s: &Stock) -> Result<(), StoreError> {
        let head = self.stock_head(s.barcode().as_str())?.map(|(h, _)| h);
        let life = StockView::item(self, s.item().as_str())?.and_then(|i| i.life_years);
        self.put_stock(Some(s), s, life, head.unwrap_or_default())
    }

    /// Overwrites a stored movement, keeping its link to the one before it.
    #[doc(hidden)]
    pub fn tamper_movement(&mut self, m: &Movement) -> Result<(), StoreError> {
        self.untriggered()?;
        self.forget_moves();
        let cols = MovementCols::of(m, 0);
        self.with(|c| {
            // Every column but `before` (the 17th), which the movement keeps.
            Ok(c.execute(
                "UPDATE ledger SET at = $2, at_offset = $3, action = $4, barcode = $5, \
                 item = $6, quantity = $7, from_place = $8, to_place = $9, operator = $10, \
                 reference = $11, reason = $12, change_keys = $13, change_values = $14, \
                 prev_hash = $15, hash = $16 WHERE seq = $1",
                &cols.params()[..16],
            )?)
        })?;
        Ok(())
    }

    /// Removes the last movements of the ledger, from `seq` on.
    #[doc(hidden)]
    pub fn tamper_truncate(&mut self, seq: u64) -> Result<(), StoreError> {
        self.untriggered()?;
        self.forget_moves();
        self.with(|c| {
            Ok(c.execute(
                "DELETE FROM ledger WHERE seq >= $1",
                &[&(seq.min(i64::MAX as u64) as i64)],
            )?)
        })?;
        self.head.set(self.with(query::ledger_head)?);
        Ok(())
    }

    /// Points a stored movement's history link elsewhere (0: nowhere).
    #[doc(hidden)]
    pub fn tamper_link(&mut self, seq: u64, prev: u64) -> Result<(), StoreError> {
        self.untriggered()?;
        let before = (prev != 0).then_some(prev as i64);
        self.with(|c| {
            Ok(c.execute(
                "UPDATE ledger SET before = $2 WHERE seq = $1",
                &[&(seq as i64), &before],
            )?)
        })?;
        Ok(())
    }

    /// Overwrites a held movement of a depot at headquarters (the held ledger is append-only
    /// by the same trigger as the ledger).
    #[doc(hidden)]
    pub fn tamper_hq_movement(&mut self, depot: &str, m: &HqMovement) -> Result<(), StoreError> {
        self.untriggered()?;
        let seq = i64::try_from(m.seq).unwrap_or(i64::MAX);
        let f = m.fields();
        let (prev, hash) = (m.prev_hash.as_slice(), m.hash.as_slice());
        self.with(|c| {
            Ok(c.execute(
                "UPDATE hq_movements SET at = $3, action = $4, barcode = $5, item = $6, \
                 quantity = $7, from_place = $8, to_place = $9, operator = $10, \
                 reference = $11, reason = $12, detail = $13, prev_hash = $14, hash = $15 \
                 WHERE depot = $1 AND seq = $2",
                &[
                    &depot, &seq, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8],
                    &f[9], &f[10], &prev, &hash,
                ],
            )?)
        })?;
        Ok(())
    }
}
