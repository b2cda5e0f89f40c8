//! Reads inside a write transaction: the last movement of a barcode, near codes for "did you
//! mean", barcodes by index, a barcode's history, and the ledger's head.

use super::Writer;
use crate::Db;
use crate::StoreError;
use crate::index::Tag;
use crate::rows::{self, StockRow};
use depot_domain::movement::Movement;
use redb::ReadableTable;

impl<'t> Writer<'t> {
    /// The last movement of a barcode, if any.
    pub fn last_movement(&self, barcode: &str) -> Result<Option<Movement>, StoreError> {
        Ok(crate::read::history(&self.stock, &self.ledger, barcode, 1)?.pop())
    }

    /// The last movement of a barcode if it was made less than `secs` seconds from `now`
    /// (either way). The time is kept with the stock row, so an older one costs no ledger
    /// read: this is what every scan asks to tell a repeat from a new scan.
    pub fn last_movement_near(
        &self,
        barcode: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
        secs: i64,
    ) -> Result<Option<Movement>, StoreError> {
        let Some(head) = self.with_stock(barcode, |v| {
            v.map(|b| Ok(rows::decode_stock(barcode, b)?.0)).transpose()
        })?
        else {
            return Ok(None);
        };
        if head.seq == 0 || (now.timestamp() - head.at).abs() >= secs {
            return Ok(None);
        }
        Ok(crate::read::history_from(&self.ledger, barcode, head.seq, 1)?.pop())
    }

    /// Known barcodes close to `code` (for "did you mean"): its neighbours in key order and
    /// the codes that share most of its prefix, ranked by edit distance. Bounded work on any
    /// size of register.
    pub fn nearest_barcodes(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
        let mut cands: Vec<String> = Vec::new();
        for e in self.stock.range(code..).db()?.take(64) {
            cands.push(e.db()?.0.value().to_owned());
        }
        for e in self.stock.range(..code).db()?.rev().take(64) {
            cands.push(e.db()?.0.value().to_owned());
        }
        let keep = code.len().saturating_sub(3).max(1);
        let prefix: String = code.chars().take(keep).collect();
        for e in self.stock.range(prefix.as_str()..).db()?.take(4096) {
            let k = e.db()?.0.value().to_owned();
            if !k.starts_with(&prefix) {
                break;
            }
            cands.push(k);
        }
        Ok(depot_domain::scan::nearest(
            code,
            cands.iter().map(String::as_str),
            n,
        ))
    }

    /// Unit and warehouse codes close to `code`.
    pub fn nearest_places(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
        let mut cands = Vec::new();
        for t in [&self.units, &self.warehouses] {
            for e in t.iter().db()? {
                cands.push(e.db()?.0.value().to_owned());
            }
        }
        Ok(depot_domain::scan::nearest(
            code,
            cands.iter().map(String::as_str),
            n,
        ))
    }

    /// The barcodes whose index entry of `tag` has `value`, in barcode order.
    pub fn barcodes_by(
        &self,
        tag: Tag,
        value: &str,
    ) -> Result<Vec<depot_domain::Barcode>, StoreError> {
        self.debug_assert_no_pending();
        crate::read::barcodes_by(&self.index, tag, value)
    }

    /// The assets checked out to `place`, in barcode order. No index keeps locations (a scan
    /// would have to rewrite it), so this reads the whole stock: for opening a count, not for
    /// every scan.
    pub fn checked_out_to(&self, place: &str) -> Result<Vec<depot_domain::Barcode>, StoreError> {
        let mut out = Vec::new();
        for entry in self.stock.iter().db()? {
            let (k, v) = entry.db()?;
            if let (_, StockRow::Asset(a)) = rows::decode_stock(k.value(), v.value())?
                && a.location == Some(place)
            {
                out.push(depot_domain::Barcode::new(k.value()));
            }
        }
        Ok(out)
    }

    /// The movements of one barcode, oldest first.
    pub fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
        crate::read::history(&self.stock, &self.ledger, barcode, usize::MAX)
    }

    /// The next sequence number the ledger will give.
    pub fn next_seq(&mut self) -> Result<u64, StoreError> {
        Ok(self.ledger_head()?.0 + 1)
    }

    /// The number and hash of the ledger's last movement, where the next one is chained.
    pub fn ledger_head(&mut self) -> Result<(u64, [u8; 32]), StoreError> {
        match self.head {
            Some(h) => Ok(h),
            None => {
                let h = crate::read::ledger_last(&self.ledger)?;
                self.head = Some(h);
                Ok(h)
            }
        }
    }
}
