//! One pass over the stock, or over one end of it: each row is tied to its (owner, item,
//! module) cell by a single look-up of the three codes together, and the codes are interned
//! only when [`super::SnapshotBuilder::take`] takes the pass in. Two passes can run on two
//! threads, one from each end of the barcode order, and be taken in one after the other.

use std::str::Utf8Error;

use rust_decimal::Decimal;

use crate::domain::AssetStatus;
use crate::domain::stock::{is_checked_out, over_age_from};

use super::snapshot::{Arena, AssetRec, FxMap, LotRec, NO_PLACE};

/// Length of a cell key held in place.
const KEY: usize = 32;

/// The order in which a pass is given its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Ascending barcodes: the first rows of the register, or all of them.
    Ascending,
    /// Descending barcodes: the last rows of the register, from the end.
    Descending,
}

/// The assets and lots of one pass, their cells and locations numbered by the pass itself.
pub struct StockPass {
    order: Order,
    /// Service life of each catalogue item (an unknown item has none).
    lives: FxMap<Box<str>, Option<u32>>,
    /// Cells by owner, item and module ([`StockPass::cell`]), and those whose codes are too
    /// long for [`KEY`] bytes.
    cell_ids: FxMap<(u64, u64, u64, u64), u32>,
    long_cell_ids: FxMap<Box<[u8]>, u32>,
    /// The key of the row at hand, when it is long.
    key: Vec<u8>,
    /// Owner, item and module of each cell, three texts a cell.
    pub(super) cell_codes: Arena,
    cell_lives: Vec<Option<u32>>,
    /// For a descending pass: the number of the latest row (so the first in barcode order) of
    /// each cell, then of each location.
    pub(super) cell_seen: Vec<u32>,
    location_ids: FxMap<Box<[u8]>, u32>,
    pub(super) locations: Arena,
    pub(super) location_seen: Vec<u32>,
    rows: u32,
    over_age: OverAgeMemo,
    /// Cells and locations in the pass's numbering.
    pub(super) assets: Vec<AssetRec>,
    pub(super) asset_barcodes: Arena,
    pub(super) lots: Vec<LotRec>,
    pub(super) lot_barcodes: Arena,
}

impl StockPass {
    pub(super) fn new(order: Order, lives: FxMap<Box<str>, Option<u32>>) -> Self {
        StockPass {
            order,
            lives,
            cell_ids: FxMap::default(),
            long_cell_ids: FxMap::default(),
            key: Vec::new(),
            cell_codes: Arena::default(),
            cell_lives: Vec::new(),
            cell_seen: Vec::new(),
            location_ids: FxMap::default(),
            locations: Arena::default(),
            location_seen: Vec::new(),
            rows: 0,
            over_age: OverAgeMemo::default(),
            assets: Vec::new(),
            asset_barcodes: Arena::default(),
            lots: Vec::new(),
            lot_barcodes: Arena::default(),
        }
    }

    pub fn order(&self) -> Order {
        self.order
    }

    /// No row yet.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Makes room for `n` assets or lots.
    pub fn reserve(&mut self, n: usize) {
        self.assets.reserve(n);
        self.asset_barcodes.reserve(n, n * 12);
    }

    /// The cells, in the order they first appear in barcode order.
    pub(super) fn cells_in_barcode_order(&self) -> Vec<u32> {
        self.in_barcode_order(&self.cell_seen)
    }

    /// The locations, in the order they first appear in barcode order.
    pub(super) fn locations_in_barcode_order(&self) -> Vec<u32> {
        self.in_barcode_order(&self.location_seen)
    }

    /// Ids numbered as met, in the order of their first row in barcode order: for a
    /// descending pass, by their latest row (`seen`, distinct row numbers), latest first.
    fn in_barcode_order(&self, seen: &[u32]) -> Vec<u32> {
        let ids = 0..seen.len() as u32;
        if self.order == Order::Ascending {
            return ids.collect();
        }
        let mut by_row = vec![u32::MAX; self.rows as usize];
        for (id, &row) in ids.zip(seen) {
            by_row[row as usize] = id;
        }
        by_row
            .into_iter()
            .rev()
            .filter(|&id| id != u32::MAX)
            .collect()
    }

    /// The cell of a row, and the service life of its item; a code is checked as UTF-8 when
    /// its cell is first met.
    fn cell(
        &mut self,
        owner: &[u8],
        item: &[u8],
        module: Option<&[u8]>,
    ) -> Result<(u32, Option<u32>), Utf8Error> {
        let m = module.unwrap_or_default();
        // Owner, item and module apart by 0xff, a byte that UTF-8 text never holds; a key that
        // fits in KEY bytes is padded with 0xff and kept in the table itself.
        let len = owner.len() + item.len() + m.len() + 2;
        let next = self.cell_lives.len() as u32;
        let id = if len <= KEY {
            let mut key = [0xff; KEY];
            key[..owner.len()].copy_from_slice(owner);
            key[owner.len() + 1..owner.len() + 1 + item.len()].copy_from_slice(item);
            key[len - m.len()..len].copy_from_slice(m);
            let mut words = [0u64; KEY / 8];
            for (w, b) in words.iter_mut().zip(key.chunks_exact(8)) {
                let mut word = [0; 8];
                word.copy_from_slice(b);
                *w = u64::from_le_bytes(word);
            }
            *self
                .cell_ids
                .entry((words[0], words[1], words[2], words[3]))
                .or_insert(next)
        } else {
            self.key.clear();
            for part in [owner, &[0xff], item, &[0xff], m] {
                self.key.extend_from_slice(part);
            }
            match self.long_cell_ids.get(self.key.as_slice()) {
                Some(&id) => id,
                None => {
                    self.long_cell_ids.insert(self.key.as_slice().into(), next);
                    next
                }
            }
        };
        if id == next {
            let (owner, item) = (std::str::from_utf8(owner)?, std::str::from_utf8(item)?);
            self.cell_codes.push(owner);
            self.cell_codes.push(item);
            self.cell_codes.push(std::str::from_utf8(m)?);
            self.cell_lives
                .push(self.lives.get(item).copied().flatten());
            self.cell_seen.push(0);
        }
        if self.order == Order::Descending {
            self.cell_seen[id as usize] = self.rows;
        }
        Ok((id, self.cell_lives[id as usize]))
    }

    fn location(&mut self, code: &[u8]) -> Result<u32, Utf8Error> {
        let id = match self.location_ids.get(code) {
            Some(&id) => id,
            None => {
                let id = self.location_seen.len() as u32;
                self.locations.push(std::str::from_utf8(code)?);
                self.location_ids.insert(code.into(), id);
                self.location_seen.push(0);
                id
            }
        };
        if self.order == Order::Descending {
            self.location_seen[id as usize] = self.rows;
        }
        Ok(id)
    }

    /// Adds one asset, its codes as stored (an error: a code that is not UTF-8); dates are day
    /// numbers ([`crate::domain::stock::day_number`]).
    #[allow(clippy::too_many_arguments)]
    pub fn asset(
        &mut self,
        barcode: &str,
        item: &[u8],
        owner: &[u8],
        location: Option<&[u8]>,
        module: Option<&[u8]>,
        status: AssetStatus,
        commissioned: Option<i32>,
        last_inspected: Option<i32>,
        due: Option<i32>,
    ) -> Result<(), Utf8Error> {
        let (cell, life) = self.cell(owner, item, module)?;
        let checked_out = is_checked_out(owner, location);
        let location = match location {
            Some(l) if checked_out => self.location(l)?,
            _ => NO_PLACE,
        };
        self.rows += 1;
        self.assets.push(AssetRec {
            cell,
            status,
            checked_out,
            over_age_from: self.over_age.from(commissioned, life),
            commissioned,
            last_inspected,
            due,
            location,
        });
        self.asset_barcodes.push(barcode);
        Ok(())
    }

    /// Adds one lot, its codes as stored.
    pub fn lot(
        &mut self,
        barcode: &str,
        item: &[u8],
        owner: &[u8],
        module: Option<&[u8]>,
        quantity: Decimal,
        expires: Option<i32>,
    ) -> Result<(), Utf8Error> {
        let (cell, _) = self.cell(owner, item, module)?;
        self.rows += 1;
        self.lots.push(LotRec {
            cell,
            quantity,
            expires,
        });
        self.lot_barcodes.push(barcode);
        Ok(())
    }
}

/// [`over_age_from`] remembered for recent (commissioned, life) pairs: a register has a few
/// thousand commissioning dates and a handful of service lives, and the calendar sum is the
/// dearest part of a row.
struct OverAgeMemo(Vec<(i32, u32, i32)>);

impl Default for OverAgeMemo {
    fn default() -> Self {
        OverAgeMemo(vec![(0, u32::MAX, 0); 1 << 14])
    }
}

impl OverAgeMemo {
    fn from(&mut self, commissioned: Option<i32>, life: Option<u32>) -> i32 {
        let (Some(c), Some(y)) = (commissioned, life) else {
            return over_age_from(commissioned, life);
        };
        let slot = (c as u32 ^ y.wrapping_mul(0x9e37_79b9)) as usize & (self.0.len() - 1);
        match self.0[slot] {
            (mc, my, end) if mc == c && my == y => end,
            _ => {
                let end = over_age_from(commissioned, life);
                self.0[slot] = (c, y, end);
                end
            }
        }
    }
}
