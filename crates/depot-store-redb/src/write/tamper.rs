//! Writes that bypass the ledger's rule, only for the tests that prove `verify` catches what
//! they leave behind.

use super::Writer;
use crate::Db;
use crate::StoreError;
use crate::rows::{self, Head, MovementRow, StockRow};
use depot_domain::Stock;
use depot_domain::movement::Movement;
use redb::ReadableTable;

impl<'t> Writer<'t> {
    /// Overwrites a stored stock row without a movement. Only for tests that prove `verify`
    /// catches a state that the ledger does not explain.
    #[doc(hidden)]
    pub fn tamper_stock(&mut self, s: &Stock) -> Result<(), StoreError> {
        let barcode = s.barcode().as_str();
        let head = match self.stock.get(barcode).db()? {
            Some(v) => rows::decode_stock(barcode, v.value())?.0,
            None => Head::default(),
        };
        let value = rows::encode_stock(&StockRow::from_domain(s), head);
        self.stock.insert(barcode, value.as_slice()).db()?;
        self.recent.get_mut().put(barcode, Some(value));
        Ok(())
    }

    /// Overwrites a stored movement (keeping its link to the one before it). Only for tests
    /// that prove `verify` catches it.
    #[doc(hidden)]
    pub fn tamper_movement(&mut self, m: &Movement) -> Result<(), StoreError> {
        let prev = match self.ledger.get(m.seq).db()? {
            Some(v) => rows::decode::<MovementRow>("ledger", &m.seq.to_string(), v.value())?.prev,
            None => 0,
        };
        self.ledger
            .insert(
                m.seq,
                rows::encode(&MovementRow::from_domain(m, prev)).as_slice(),
            )
            .db()?;
        Ok(())
    }
}

impl Writer<'_> {
    /// Removes the last movements of the ledger, from `seq` on. Only for tests that prove
    /// `verify` catches a ledger cut short.
    #[doc(hidden)]
    pub fn tamper_truncate(&mut self, seq: u64) -> Result<(), StoreError> {
        self.ledger.retain_in(seq.., |_, _| false).db()?;
        self.head = None;
        Ok(())
    }

    /// Points a stored movement's history link elsewhere. Only for tests that prove `verify`
    /// catches a broken history.
    #[doc(hidden)]
    pub fn tamper_link(&mut self, seq: u64, prev: u64) -> Result<(), StoreError> {
        let Some(bytes) = self.ledger.get(seq).db()?.map(|v| v.value().to_vec()) else {
            return Ok(());
        };
        let mut row: MovementRow = rows::decode_movement(seq, &bytes)?;
        row.prev = prev;
        self.ledger
            .insert(seq, rows::encode(&row).as_slice())
            .db()?;
        Ok(())
    }
}
