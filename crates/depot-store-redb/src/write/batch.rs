//! Batched index writes: while a bulk load runs, new index keys are collected and written in
//! key order, some megabytes at a time.

use super::{BATCH_KEYS, Writer};
use crate::Db;
use crate::StoreError;

impl<'t> Writer<'t> {
    /// From here to [`Self::end_batch`], new index keys are collected and written in key
    /// order, some megabytes at a time. The one index table holds keys of every kind (owner,
    /// item, life end, history …), so the keys of one stock row land on as many pages far
    /// apart; a million rows in a row would dirty more pages than redb's cache holds, and have
    /// them written out and read back again and again. Sorted, each batch sweeps the tree once.
    /// Nothing may read the index (`history`, `barcodes_by`, `last_movement`) meanwhile: the
    /// batch is not visible yet.
    pub fn begin_batch(&mut self) {
        self.pending.get_or_insert_default();
    }

    /// Writes the keys collected since [`Self::begin_batch`] and stops collecting.
    pub fn end_batch(&mut self) -> Result<(), StoreError> {
        let flushed = self.flush_index();
        self.pending = None;
        flushed
    }

    pub(super) fn insert_index(&mut self, key: &[u8]) -> Result<(), StoreError> {
        let Some(p) = &mut self.pending else {
            self.index.insert(key, ()).db()?;
            return Ok(());
        };
        p.push(key);
        if p.keys.len() >= BATCH_KEYS {
            self.flush_index()?;
        }
        Ok(())
    }

    /// Writes the collected index keys in key order.
    pub(super) fn flush_index(&mut self) -> Result<(), StoreError> {
        let Some(p) = &mut self.pending else {
            return Ok(());
        };
        p.sort();
        for k in &p.keys {
            self.index.insert(p.key(k), ()).db()?;
        }
        p.keys.clear();
        p.bytes.clear();
        Ok(())
    }

    pub(super) fn debug_assert_no_pending(&self) {
        debug_assert!(
            self.pending.as_ref().is_none_or(|p| p.keys.is_empty()),
            "the index is read while a batch of keys is pending"
        );
    }
}
