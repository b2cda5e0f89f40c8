//! The passes taken into a snapshot: their codes interned in the order of their first rows in
//! barcode order, and each row's (owner, item, module) cell numbered the same way, as row by
//! row. Cells are numbered without a look-up per row in a map of every cell (half a million in
//! the synthetic register, a map of some 20 MB whose look-ups mostly missed the CPU caches):
//! each pass has grouped its rows by owner on its own thread ([`StockPass::close`]); here the
//! rows of one owner, from every pass, are told apart by item and module in a small table,
//! and the rows are then walked in barcode order, each cell taking the next number at its
//! first row.

use super::builder::SnapshotBuilder;
use super::pass::{Codes, NO_CODE, Order, StockPass};
use super::snapshot::{AssetRec, Cell, FxMap, LotRec, NO_MODULE, NO_PLACE};

/// Largest items × modules for which the cells of an owner are told apart in a table indexed
/// by item and module (a larger catalogue uses a map).
const DENSE: usize = 1 << 20;

/// The snapshot's ids of the codes a pass numbered.
struct Ids {
    owners: Vec<u32>,
    items: Vec<u32>,
    modules: Vec<u16>,
    locations: Vec<u32>,
}

impl Ids {
    fn module(&self, m: u32) -> u16 {
        match m {
            NO_CODE => NO_MODULE,
            m => self.modules[m as usize],
        }
    }
}

/// The cells of one owner, told apart by item and module: the number of each cell met so far
/// (numbers in the order met, for every owner in turn).
struct Groups {
    modules: usize,
    /// Indexed by item and module: the owner it was last met for, and its number.
    table: Vec<(u32, u32)>,
    map: FxMap<u64, u32>,
    owner: u32,
    cells: Vec<Cell>,
}

impl Groups {
    fn new(items: usize, modules: usize, dense: usize) -> Self {
        let size = items.checked_mul(modules).filter(|&n| n <= dense);
        Groups {
            modules,
            table: vec![(u32::MAX, 0); size.unwrap_or(0)],
            map: FxMap::default(),
            owner: u32::MAX,
            cells: Vec::new(),
        }
    }

    /// Starts on the cells of `owner`.
    fn owner(&mut self, owner: u32) {
        self.owner = owner;
        self.map.clear();
    }

    /// The number of the cell of (item, module) of the owner at hand.
    #[inline]
    fn cell(&mut self, item: u32, module: u16) -> u32 {
        let next = self.cells.len() as u32;
        let n = if self.table.is_empty() {
            let key = (u64::from(item) << 16) | u64::from(module);
            *self.map.entry(key).or_insert(next)
        } else {
            let slot = &mut self.table[item as usize * self.modules + usize::from(module)];
            if slot.0 != self.owner {
                *slot = (self.owner, next);
            }
            slot.1
        };
        if n == next {
            self.cells.push(Cell {
                owner: self.owner,
                item,
                module,
            });
        }
        n
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
    pub(super) fn take_in(&mut self, mut passes: Vec<StockPass>) {
        passes.iter_mut().for_each(StockPass::close);
        let ids: Vec<Ids> = passes.iter().map(|p| self.ids(p)).collect();
        let cells = self.number_cells(&passes, &ids, DENSE);
        let mut base = 0;
        for (pass, ids) in passes.into_iter().zip(&ids) {
            let n = pass.rows();
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

    /// Numbers the cells of every row of the closed `passes`, pushing each to the snapshot's
    /// cells: the cell of each row, in barcode order. The cells of an owner are told apart in
    /// a table when items × modules is at most `dense`.
    fn number_cells(&mut self, passes: &[StockPass], ids: &[Ids], dense: usize) -> Vec<u32> {
        let rows: usize = passes.iter().map(StockPass::rows).sum();
        // Each pass's number of each place, if it met it as an owner.
        let places = self.s.places.len();
        let locals: Vec<Vec<u32>> = ids
            .iter()
            .map(|ids| {
                let mut local = vec![u32::MAX; places];
                for (l, &g) in ids.owners.iter().enumerate() {
                    local[g as usize] = l as u32;
                }
                local
            })
            .collect();
        // The group of each row: its cell, numbered in the order met, owner by owner.
        let mut groups = Groups::new(self.s.items.len(), self.s.modules.len(), dense);
        let mut group = vec![0u32; rows];
        for owner in 0..places {
            groups.owner(owner as u32);
            let mut base = 0;
            for ((pass, ids), local) in passes.iter().zip(ids).zip(&locals) {
                let l = local[owner] as usize;
                if let (Some(&a), Some(&b)) = (pass.owner_start.get(l), pass.owner_start.get(l + 1))
                {
                    for &(at, item, module) in &pass.by_owner[a as usize..b as usize] {
                        let cell = groups.cell(ids.items[item as usize], ids.module(module));
                        group[base + at as usize] = cell;
                    }
                }
                base += pass.rows();
            }
        }
        // Renumbered in the order of their first rows: `group` becomes the cell of each row.
        let mut number = vec![u32::MAX; groups.cells.len()];
        let cells = &mut self.s.cells;
        cells.reserve(groups.cells.len());
        for g in &mut group {
            let n = &mut number[*g as usize];
            if *n == u32::MAX {
                *n = cells.len() as u32;
                cells.push(groups.cells[*g as usize]);
            }
            *g = *n;
        }
        group
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_and_a_map_tell_cells_apart_alike() {
        let (items, modules) = (13, 5);
        let mut seed = 11u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) % n) as u32
        };
        let rows: Vec<(u32, u32, u16)> = (0..5000)
            .map(|_| (next(40), next(items), next(modules) as u16))
            .collect();
        let numbered = |dense: usize| {
            let mut g = Groups::new(items as usize, modules as usize, dense);
            assert_eq!(g.table.is_empty(), dense == 0);
            let mut out = Vec::new();
            for owner in 0..40 {
                g.owner(owner);
                for &(_, item, module) in rows.iter().filter(|r| r.0 == owner) {
                    out.push(g.cell(item, module));
                }
            }
            (out, g.cells)
        };
        let (table, map) = (numbered(DENSE), numbered(0));
        assert_eq!(table, map);
        let distinct: std::collections::HashSet<_> = rows.iter().collect();
        assert_eq!(table.1.len(), distinct.len());
    }
}
