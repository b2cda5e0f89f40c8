//! Reads inside a write transaction: the last movement of a barcode, near codes for "did you
//! mean", barcodes by index, checked-out assets and a barcode's history.

use super::PgWriter;
use crate::convert::col;
use crate::query::{self};
use depot_domain::Barcode;
use depot_domain::movement::Movement;
use depot_store::{StoreError, Tag};

impl<'s> PgWriter<'s> {
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

    /// The lots of `item` that `owner` holds, in barcode order: one query.
    pub fn lots_at(&self, item: &str, owner: &str) -> Result<Vec<depot_domain::Lot>, StoreError> {
        self.with(|c| query::lots_at(c, item, owner))
    }

    /// The movements of one barcode, oldest first.
    pub fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
        self.with(|c| query::history(c, barcode))
    }
}
