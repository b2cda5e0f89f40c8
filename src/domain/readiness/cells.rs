//! The passes taken into a snapshot: their codes interned in the order of their first rows in
//! barcode order, and each row's (owner, item, module) cell numbered the same way, as row by
//! row. Cells are numbered without a look-up per row in a map of every cell (half a million in
//! the synthetic register, a map of some 20 MB whose look-ups mostly missed the CPU caches):
//! the rows are grouped by owner with a counting sort, the cells of one owner are told apart in
//! a small map, and the rows are then walked in barcode order, each cell taking the next number
//! at its first row.

use super::builder::SnapshotBuilder;
use super::pass::{Codes, NO_CODE, Order, RowKey, StockPass};
use super::snapshot::{AssetRec, Cell, FxMap, LotRec, NO_MODULE, NO_PLACE};

/// The snapshot's ids of the codes a pass numbered.
struct Ids {
    owners: Vec<u32>,
    items: Vec<u32>,
    modules: Vec<u16>,
    locations: Vec<u32>,
}

impl Ids {
    fn cell(&self, k: &RowKey) -> Cell {
        Cell {
            owner: self.owners[k.owner as usize],
            item: self.items[k.item as usize],
            module: match k.module {
                NO_CODE => NO_MODULE,
                m => self.modules[m as usize],
            },
        }
    }
}

/// Calls `f` with the cell of every row of `passes`, in barcode order.
fn each_row(passes: &[StockPass], ids: &[Ids], mut f: impl FnMut(Cell)) {
    for (pass, ids) in passes.iter().zip(ids) {
        if pass.order() == Order::Descending {
            pass.keys.iter().rev().for_each(|k| f(ids.cell(k)));
        } else {
            pass.keys.iter().for_each(|k| f(ids.cell(k)));
        }
    }
}

/// The ids `id` gives the codes of `codes`, asked in the order of their first rows in barcode
/// order.
fn renumber<T: Copy + Default>(
    codes: &Codes,
    order: Order,
    mut id: impl FnMut(&str) -> T,
) -> Vec<T> {
    let mut out = vec![T::default(); codes.len()];
    for c in codes.in_barcode_order(order) {
        out[c as usize] = id(codes.texts.get(c as usize));
    }
    out
}

impl SnapshotBuilder {
    /// Takes in the rows of `passes`, given in barcode order: codes interned, cells numbered,
    /// assets and lots appended in barcode order.
    pub(super) fn take_in(&mut self, passes: Vec<StockPass>) {
        let ids: Vec<Ids> = passes.iter().map(|p| self.ids(p)).collect();
        let cells = self.number_cells(&passes, &ids);
        let mut base = 0;
        for (pass, ids) in passes.into_iter().zip(&ids) {
            let n = pass.keys.len();
            self.append(pass, ids, &cells[base..base + n]);
            base += n;
        }
    }

    fn ids(&mut self, pass: &StockPass) -> Ids {
        let order = pass.order();
        Ids {
            owners: renumber(&pass.owners, order, |c| self.place(c)),
            items: renumber(&pass.items, order, |c| self.item(c)),
            modules: renumber(&pass.modules, order, |c| self.module(Some(c))),
            locations: renumber(&pass.locations, order, |c| self.location(c)),
        }
    }

    /// Numbers the cells of every row of `passes`, pushing each new one to the snapshot's:
    /// the cell of each row, in barcode order.
    fn number_cells(&mut self, passes: &[StockPass], ids: &[Ids]) -> Vec<u32> {
        let rows: usize = passes.iter().map(|p| p.keys.len()).sum();
        // Rows grouped by owner, in barcode order within an owner: a counting sort.
        let places = self.s.places.len();
        let mut start = vec![0u32; places + 1];
        each_row(passes, ids, |c| start[c.owner as usize + 1] += 1);
        for p in 0..places {
            start[p + 1] += start[p];
        }
        let mut next = start.clone();
        let mut by_owner = vec![(0u32, 0u64); rows];
        let mut row = 0u32;
        each_row(passes, ids, |c| {
            let slot = &mut next[c.owner as usize];
            by_owner[*slot as usize] = (row, (u64::from(c.item) << 16) | u64::from(c.module));
            *slot += 1;
            row += 1;
        });
        // The first row of each row's cell: its owner's first row with its item and module.
        let mut first = vec![0u32; rows];
        let mut seen: FxMap<u64, u32> = FxMap::default();
        for w in start.windows(2) {
            seen.clear();
            for &(row, item_module) in &by_owner[w[0] as usize..w[1] as usize] {
                first[row as usize] = *seen.entry(item_module).or_insert(row);
            }
        }
        drop(by_owner);
        // Each cell numbered at its first row; `first` becomes the cell of each row.
        let cells = &mut self.s.cells;
        let mut row = 0;
        each_row(passes, ids, |c| {
            let f = first[row] as usize;
            first[row] = if f == row {
                cells.push(c);
                (cells.len() - 1) as u32
            } else {
                first[f]
            };
            row += 1;
        });
        first
    }

    /// Appends the assets and lots of `pass` in barcode order, given the cells of its rows in
    /// barcode order.
    fn append(&mut self, pass: StockPass, ids: &Ids, cells: &[u32]) {
        let reversed = pass.order() == Order::Descending;
        let cell = |row: u32| match reversed {
            false => cells[row as usize],
            true => cells[cells.len() - 1 - row as usize],
        };
        let asset = |a: &AssetRec| AssetRec {
            cell: cell(a.cell),
            location: ids
                .locations
                .get(a.location as usize)
                .copied()
                .unwrap_or(NO_PLACE),
            ..*a
        };
        let lot = |l: &LotRec| LotRec {
            cell: cell(l.cell),
            ..*l
        };
        let s = &mut self.s;
        if !reversed && s.assets.is_empty() && s.lots.is_empty() {
            // The first rows taken in: the pass's own lists, renumbered in place.
            s.assets = pass.assets;
            s.assets.iter_mut().for_each(|a| *a = asset(a));
            s.lots = pass.lots;
            s.lots.iter_mut().for_each(|l| *l = lot(l));
            s.asset_barcodes = pass.asset_barcodes;
            s.lot_barcodes = pass.lot_barcodes;
        } else if !reversed {
            s.assets.extend(pass.assets.iter().map(asset));
            s.lots.extend(pass.lots.iter().map(lot));
            s.asset_barcodes.append(&pass.asset_barcodes, false);
            s.lot_barcodes.append(&pass.lot_barcodes, false);
        } else {
            s.assets.extend(pass.assets.iter().rev().map(asset));
            s.lots.extend(pass.lots.iter().rev().map(lot));
            s.asset_barcodes.append(&pass.asset_barcodes, true);
            s.lot_barcodes.append(&pass.lot_barcodes, true);
        }
    }
}
