//! One pass over the stock, or over one end of it. Each row's owner, item and module are
//! numbered by the pass in small maps of the codes it has met (some thousands of owners, some
//! hundreds of items, a handful of modules: maps that stay in the CPU caches), each code
//! checked as UTF-8 when first met. The rows' (owner, item, module) cells are numbered later,
//! for every pass at once ([`super::cells`]), without a look-up in a map of all the cells per
//! row. Two passes can run on two threads, one from each end of the barcode order.

use std::str::Utf8Error;

use rust_decimal::Decimal;

use crate::AssetStatus;
use crate::stock::{is_checked_out, over_age_from};

use super::snapshot::{Arena, AssetRec, FxMap, LotRec, NO_PLACE};

/// The order in which a pass is given its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Ascending barcodes: the first rows of the register, or all of them.
    Ascending,
    /// Descending barcodes: the last rows of the register, from the end.
    Descending,
}

/// Module of a row that has none, in [`RowKey::module`].
pub(super) const NO_CODE: u32 = u32::MAX;

/// The owner, item and module of a row, numbered by its pass.
#[derive(Debug, Clone, Copy)]
pub(super) struct RowKey {
    pub owner: u32,
    pub item: u32,
    /// [`NO_CODE`]: no module.
    pub module: u32,
}

/// A code of up to 16 bytes, read as two words without copying it: its first and last 8 bytes
/// (or 4, or single bytes), which overlap in a shorter code; with its length, they tell any
/// two such codes apart. A map keyed by it hashes two words and compares them in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Short {
    a: u64,
    b: u64,
    len: u64,
}

impl Short {
    #[inline]
    fn of(code: &[u8]) -> Option<Short> {
        let four = |w: Option<&[u8; 4]>| Some(u64::from(u32::from_le_bytes(*w?)));
        let eight = |w: Option<&[u8; 8]>| Some(u64::from_le_bytes(*w?));
        let (a, b) = match code.len() {
            0 => (0, 0),
            n @ 1..=3 => {
                let byte = |i: usize| code.get(i).map_or(0, |&b| u64::from(b));
                (byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16), 0)
            }
            4..=7 => (
                four(code.first_chunk())? | (four(code.last_chunk())? << 32),
                0,
            ),
            8..=16 => (eight(code.first_chunk())?, eight(code.last_chunk())?),
            _ => return None,
        };
        Some(Short {
            a,
            b,
            len: code.len() as u64,
        })
    }
}

impl std::hash::Hash for Short {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u64(self.a);
        h.write_u64(self.b ^ (self.len << 56));
    }
}

/// Codes numbered in the order a pass meets them.
#[derive(Default)]
pub(super) struct Codes {
    short: FxMap<Short, u32>,
    long: FxMap<Box<[u8]>, u32>,
    pub texts: Arena,
    /// The row a code was first met in, and in a descending pass the latest row it was met in
    /// (its first in barcode order).
    seen: Vec<u32>,
}

impl Codes {
    /// The number of `code`, met in row `row`; a new code is checked as UTF-8.
    #[inline]
    fn id(&mut self, code: &[u8], row: u32, descending: bool) -> Result<u32, Utf8Error> {
        let short = Short::of(code);
        let known = match short {
            Some(k) => self.short.get(&k),
            None => self.long.get(code),
        };
        let Some(&id) = known else {
            let id = self.seen.len() as u32;
            self.texts.push(std::str::from_utf8(code)?);
            match short {
                Some(k) => self.short.insert(k, id),
                None => self.long.insert(code.into(), id),
            };
            self.seen.push(row);
            return Ok(id);
        };
        if descending {
            self.seen[id as usize] = row;
        }
        Ok(id)
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// The numbers, in the order of their codes' first rows in barcode order.
    pub fn in_barcode_order(&self, order: Order) -> Vec<u32> {
        let mut ids: Vec<u32> = (0..self.seen.len() as u32).collect();
        if order == Order::Descending {
            // A row has one code of a kind: no two codes share a latest row.
            ids.sort_unstable_by_key(|&id| std::cmp::Reverse(self.seen[id as usize]));
        }
        ids
    }
}

/// The assets and lots of one pass, their codes numbered by the pass itself. Until the cells
/// are numbered, the `cell` of an asset or a lot is its row in the pass (an index of `keys`).
/// [`StockPass::close`] then groups the rows by owner, on the thread that read them.
pub struct StockPass {
    order: Order,
    /// Service life of each catalogue item (an unknown item has none).
    lives: FxMap<Box<str>, Option<u32>>,
    pub(super) owners: Codes,
    pub(super) items: Codes,
    item_lives: Vec<Option<u32>>,
    pub(super) modules: Codes,
    pub(super) locations: Codes,
    /// Owner, item and module of each row, until the pass is closed.
    pub(super) keys: Vec<RowKey>,
    /// Once closed: the rows by owner, as (place in the pass's barcode order, item, module),
    /// in barcode order within an owner; those of owner `o` are
    /// `by_owner[owner_start[o]..owner_start[o + 1]]`.
    pub(super) by_owner: Vec<(u32, u32, u32)>,
    pub(super) owner_start: Vec<u32>,
    over_age: OverAgeMemo,
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
            owners: Codes::default(),
            items: Codes::default(),
            item_lives: Vec::new(),
            modules: Codes::default(),
            locations: Codes::default(),
            keys: Vec::new(),
            by_owner: Vec::new(),
            owner_start: Vec::new(),
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
        self.rows() == 0
    }

    /// How many assets and lots it holds.
    pub(super) fn rows(&self) -> usize {
        self.keys.len() + self.by_owner.len()
    }

    /// Groups the rows by owner (a counting sort), to be called on the thread that read them
    /// (taking the pass in does it otherwise). No row can be added after.
    pub fn close(&mut self) {
        if self.keys.is_empty() {
            return;
        }
        let mut start = vec![0u32; self.owners.len() + 1];
        for k in &self.keys {
            start[k.owner as usize + 1] += 1;
        }
        for o in 0..self.owners.len() {
            start[o + 1] += start[o];
        }
        let mut next = start.clone();
        let mut by_owner = vec![(0, 0, 0); self.keys.len()];
        let mut put = |at: usize, k: &RowKey| {
            let slot = &mut next[k.owner as usize];
            by_owner[*slot as usize] = (at as u32, k.item, k.module);
            *slot += 1;
        };
        if self.order == Order::Descending {
            self.keys
                .iter()
                .rev()
                .enumerate()
                .for_each(|(at, k)| put(at, k));
        } else {
            self.keys.iter().enumerate().for_each(|(at, k)| put(at, k));
        }
        self.by_owner = by_owner;
        self.owner_start = start;
        self.keys = Vec::new();
    }

    /// Makes room for `n` assets or lots.
    pub fn reserve(&mut self, n: usize) {
        self.keys.reserve(n);
        self.assets.reserve(n);
        self.asset_barcodes.reserve(n, n * 12);
    }

    /// Numbers the owner, item and module of the next row, and gives the service life of its
    /// item; a code is checked as UTF-8 when first met.
    fn key(
        &mut self,
        owner: &[u8],
        item: &[u8],
        module: Option<&[u8]>,
    ) -> Result<(u32, Option<u32>), Utf8Error> {
        debug_assert!(self.by_owner.is_empty(), "a row added to a closed pass");
        let row = self.keys.len() as u32;
        let descending = self.order == Order::Descending;
        let owner = self.owners.id(owner, row, descending)?;
        let first = self.items.len();
        let item = self.items.id(item, row, descending)?;
        if self.items.len() > first {
            let life = self.lives.get(self.items.texts.get(item as usize));
            self.item_lives.push(life.copied().flatten());
        }
        let module = match module {
            Some(m) => self.modules.id(m, row, descending)?,
            None => NO_CODE,
        };
        self.keys.push(RowKey {
            owner,
            item,
            module,
        });
        Ok((row, self.item_lives[item as usize]))
    }

    /// Adds one asset, its codes as stored (an error: a code that is not UTF-8); dates are day
    /// numbers ([`crate::stock::day_number`]).
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
        let (row, life) = self.key(owner, item, module)?;
        let checked_out = is_checked_out(owner, location);
        let location = match location {
            Some(l) if checked_out => {
                let descending = self.order == Order::Descending;
                self.locations.id(l, row, descending)?
            }
            _ => NO_PLACE,
        };
        self.assets.push(AssetRec {
            cell: row,
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
        let (row, _) = self.key(owner, item, module)?;
        self.lots.push(LotRec {
            cell: row,
            quantity,
            expires,
        });
        self.lot_barcodes.push(barcode);
        Ok(())
    }
}

/// [`over_age_from`] remembered per service life and commissioning day: a register has some
/// thousands of commissioning dates and a handful of service lives, and the calendar sum is
/// the dearest part of a row. Each life keeps the day it ends on for a window of commissioning
/// days, from [`BEFORE`] days before the first one met; a day outside is worked out each time.
#[derive(Default)]
struct OverAgeMemo(Vec<(u32, i32, Vec<i32>)>);

/// How far back of the first commissioning day met a life's window reaches.
const BEFORE: i32 = 1 << 14;
/// How many commissioning days a life's window holds at most.
const WINDOW: usize = 1 << 16;
/// Not worked out yet: no day number of the calendar, nor [`over_age_from`]'s "never" or
/// "always".
const UNKNOWN: i32 = i32::MIN + 1;

impl OverAgeMemo {
    fn from(&mut self, commissioned: Option<i32>, life: Option<u32>) -> i32 {
        let (Some(c), Some(y)) = (commissioned, life) else {
            return over_age_from(commissioned, life);
        };
        let k = match self.0.iter().position(|m| m.0 == y) {
            Some(k) => k,
            None => {
                self.0.push((y, c.saturating_sub(BEFORE), Vec::new()));
                self.0.len() - 1
            }
        };
        let (_, start, ends) = &mut self.0[k];
        let day = c.checked_sub(*start).and_then(|i| usize::try_from(i).ok());
        let Some(i) = day.filter(|&i| i < WINDOW) else {
            return over_age_from(commissioned, life);
        };
        if i >= ends.len() {
            ends.resize(i + 1, UNKNOWN);
        }
        if ends[i] == UNKNOWN {
            ends[i] = over_age_from(commissioned, life);
        }
        ends[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_answers_as_over_age_from() {
        let mut memo = OverAgeMemo::default();
        let days = [
            738_000,
            730_000,
            738_000 - BEFORE - 1,
            738_000 + 70_000,
            i32::MIN,
            i32::MAX,
        ];
        for round in 0..2 {
            for &c in &days {
                for life in [None, Some(0), Some(8), Some(15), Some(u32::MAX)] {
                    for c in [Some(c), None] {
                        let want = over_age_from(c, life);
                        assert_eq!(memo.from(c, life), want, "{c:?} {life:?} round {round}");
                    }
                }
            }
        }
    }
}
