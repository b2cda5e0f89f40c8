//! The register as the readiness engine reads it: every code interned to a small integer id,
//! every date a day number, one compact record per asset and per lot, and each record tied to
//! its (owner, item, module) cell, so that the engine counts into an array instead of a map.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::pass::{Order, StockPass};
use crate::domain::{
    AssetStatus, CatalogItem, Category, Scope, StandardLine, StationClass, Target, Tracking, Unit,
    UnitKind, Warehouse, What,
};

/// Module id of stock that has no module (and of a line for any module).
pub const NO_MODULE: u16 = 0;
/// Location id of an asset that is not checked out.
pub const NO_PLACE: u32 = u32::MAX;

/// A fast hash map for short trusted keys (foldhash: the maps here are filled from already
/// validated codes).
pub type FxMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// What a place of the hierarchy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Unit(UnitKind, Option<StationClass>),
    Warehouse,
    /// A code that stock or a standard names but the register does not hold.
    Unknown,
}

/// A unit or a warehouse.
#[derive(Debug, Clone)]
pub struct Place {
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    /// The parent unit; for a warehouse, the unit that runs it.
    pub parent: Option<u32>,
    /// 0 for a root.
    pub depth: u32,
}

/// An (owner, item, module) combination that stock exists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub owner: u32,
    pub item: u32,
    pub module: u16,
}

/// One asset, compact.
#[derive(Debug, Clone, Copy)]
pub struct AssetRec {
    pub cell: u32,
    pub status: AssetStatus,
    /// It has a location other than its owner.
    pub checked_out: bool,
    /// Day number from which it is over-age ([`over_age_from`]).
    pub over_age_from: i32,
    pub commissioned: Option<i32>,
    pub last_inspected: Option<i32>,
    /// The expected return of a check-out.
    pub due: Option<i32>,
    /// Where it is when checked out: an id of [`Snapshot::locations`], or [`NO_PLACE`].
    pub location: u32,
}

/// One lot, compact.
#[derive(Debug, Clone, Copy)]
pub struct LotRec {
    pub cell: u32,
    pub quantity: Decimal,
    pub expires: Option<i32>,
}

/// What a line counts, interned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineWhat {
    Item(u32),
    Category(Category),
}

/// A line of a standard applied to one place: a class line gives one per station of the class.
#[derive(Debug, Clone)]
pub struct LineDef {
    pub place: u32,
    /// [`NO_MODULE`]: stock of any module counts.
    pub module: u16,
    pub what: LineWhat,
    pub required: Decimal,
    /// The line of the standard it comes from (index into [`Snapshot::standards`]).
    pub source: u32,
}

/// Short texts kept end to end in one string (barcodes: no allocation per record).
#[derive(Debug, Clone, Default)]
pub struct Arena {
    text: String,
    ends: Vec<u32>,
}

impl Arena {
    pub(super) fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }
    /// Makes room for `n` more texts of `bytes` in all.
    pub(super) fn reserve(&mut self, n: usize, bytes: usize) {
        self.ends.reserve(n);
        self.text.reserve(bytes);
    }
    /// Appends the texts of `other`, last first if `reversed`.
    pub(super) fn append(&mut self, other: &Arena, reversed: bool) {
        self.reserve(other.ends.len(), other.text.len());
        if other.ends.is_empty() {
            return;
        }
        if !reversed {
            let base = self.text.len() as u32;
            self.text.push_str(&other.text);
            self.ends.extend(other.ends.iter().map(|e| base + e));
            return;
        }
        let mut end = other.text.len();
        for start in other
            .ends
            .iter()
            .rev()
            .skip(1)
            .map(|&e| e as usize)
            .chain([0])
        {
            self.push(other.text.get(start..end).unwrap_or(""));
            end = start;
        }
    }
    /// How many texts it holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// The `i`th text.
    pub fn get(&self, i: usize) -> &str {
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0) as usize
        };
        self.text.get(start..end).unwrap_or("")
    }
}

/// The register, ready for the engine.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Units first, then warehouses, then unknown codes.
    pub places: Vec<Place>,
    pub items: Vec<CatalogItem>,
    /// Module codes; id 0 is "none".
    pub modules: Vec<String>,
    /// Where checked-out assets are (places, vehicles, incidents).
    pub locations: Vec<String>,
    pub cells: Vec<Cell>,
    pub assets: Vec<AssetRec>,
    pub asset_barcodes: Arena,
    pub lots: Vec<LotRec>,
    pub lot_barcodes: Arena,
    pub standards: Vec<StandardLine>,
    /// The standards applied to places, ordered by place, module and line of the standard.
    pub lines: Vec<LineDef>,
    pub targets: Vec<Target>,
    /// Cell ids ordered by owner; those of place `p` are `cells_by_place[place_start[p]..
    /// place_start[p + 1]]`.
    pub cells_by_place: Vec<u32>,
    pub place_start: Vec<u32>,
    /// Line ids of place `p`: `line_start[p]..line_start[p + 1]` (lines are ordered by place).
    pub line_start: Vec<u32>,
    place_ids: FxMap<String, u32>,
    item_ids: FxMap<String, u32>,
}

/// Builds a [`Snapshot`]: the reference data first, then every asset and lot, either row by
/// row ([`SnapshotBuilder::asset`], [`SnapshotBuilder::lot`]) or in passes over the stock
/// ([`SnapshotBuilder::pass`], [`SnapshotBuilder::take`]).
pub struct SnapshotBuilder {
    s: Snapshot,
    module_ids: FxMap<String, u16>,
    location_ids: FxMap<String, u32>,
    cell_ids: FxMap<u64, u32>,
    /// The rows given one by one.
    rows: StockPass,
}

impl SnapshotBuilder {
    pub fn new(
        units: &[Unit],
        warehouses: &[Warehouse],
        catalog: &[CatalogItem],
        standards: Vec<StandardLine>,
        targets: Vec<Target>,
    ) -> Self {
        let mut s = Snapshot {
            places: Vec::with_capacity(units.len() + warehouses.len()),
            items: Vec::with_capacity(catalog.len()),
            modules: vec![String::new()],
            locations: Vec::new(),
            cells: Vec::new(),
            assets: Vec::new(),
            asset_barcodes: Arena::default(),
            lots: Vec::new(),
            lot_barcodes: Arena::default(),
            standards,
            lines: Vec::new(),
            targets,
            cells_by_place: Vec::new(),
            place_start: Vec::new(),
            line_start: Vec::new(),
            place_ids: FxMap::default(),
            item_ids: FxMap::default(),
        };
        for u in units {
            s.place_ids
                .insert(u.code.to_string(), s.places.len() as u32);
            s.places.push(Place {
                code: u.code.to_string(),
                name: u.name.clone(),
                kind: PlaceKind::Unit(u.kind, u.class),
                parent: None,
                depth: 0,
            });
        }
        for w in warehouses {
            s.place_ids
                .insert(w.code.to_string(), s.places.len() as u32);
            s.places.push(Place {
                code: w.code.to_string(),
                name: w.name.clone(),
                kind: PlaceKind::Warehouse,
                parent: None,
                depth: 0,
            });
        }
        let parents: Vec<Option<u32>> = units
            .iter()
            .map(|u| u.parent.as_ref().map(|p| p.as_str()))
            .chain(warehouses.iter().map(|w| Some(w.unit.as_str())))
            .map(|p| p.and_then(|p| s.place_ids.get(p).copied()))
            .collect();
        for (p, parent) in s.places.iter_mut().zip(parents) {
            p.parent = parent;
        }
        set_depths(&mut s.places);
        for c in catalog {
            s.item_ids.insert(c.code.to_string(), s.items.len() as u32);
            s.items.push(c.clone());
        }
        let mut b = SnapshotBuilder {
            s,
            module_ids: FxMap::default(),
            location_ids: FxMap::default(),
            cell_ids: FxMap::default(),
            rows: StockPass::new(Order::Ascending, FxMap::default()),
        };
        b.rows = b.pass(Order::Ascending);
        b
    }

    /// Makes room for `n` more assets and lots given row by row (the store knows its count).
    pub fn reserve(&mut self, n: usize) {
        self.rows.reserve(n);
    }

    /// An empty pass over stock that comes in `order`, to be taken in with
    /// [`SnapshotBuilder::take`].
    pub fn pass(&self, order: Order) -> StockPass {
        let lives = self
            .s
            .items
            .iter()
            .map(|i| (Box::from(i.code.as_str()), i.life_years))
            .collect();
        StockPass::new(order, lives)
    }

    /// Takes in the rows of a pass. Passes are taken in barcode order: a pass that ran from the
    /// end of the register comes after those that ran from its start. The places, items,
    /// modules, cells and locations get the ids they would have got row by row.
    pub fn take(&mut self, pass: StockPass) {
        if !self.rows.is_empty() {
            let fresh = self.pass(Order::Ascending);
            let rows = std::mem::replace(&mut self.rows, fresh);
            self.take(rows);
        }
        let mut cells = vec![0u32; pass.cell_seen.len()];
        for c in pass.cells_in_barcode_order() {
            let code = |k: usize| pass.cell_codes.get(3 * c as usize + k);
            let module = code(2);
            cells[c as usize] = self.cell(code(0), code(1), Some(module).filter(|m| !m.is_empty()));
        }
        let mut locations = vec![NO_PLACE; pass.location_seen.len()];
        for l in pass.locations_in_barcode_order() {
            locations[l as usize] = self.location(pass.locations.get(l as usize));
        }
        let renumber = |a: &AssetRec| AssetRec {
            cell: cells[a.cell as usize],
            location: locations
                .get(a.location as usize)
                .copied()
                .unwrap_or(NO_PLACE),
            ..*a
        };
        let lot = |l: &LotRec| LotRec {
            cell: cells[l.cell as usize],
            ..*l
        };
        let s = &mut self.s;
        let reversed = pass.order() == Order::Descending;
        if !reversed && s.assets.is_empty() && s.lots.is_empty() {
            // The first rows taken in: the pass's own lists, renumbered in place.
            s.assets = pass.assets;
            s.assets.iter_mut().for_each(|a| *a = renumber(a));
            s.lots = pass.lots;
            s.lots.iter_mut().for_each(|l| *l = lot(l));
            s.asset_barcodes = pass.asset_barcodes;
            s.lot_barcodes = pass.lot_barcodes;
        } else if !reversed {
            s.assets.extend(pass.assets.iter().map(renumber));
            s.lots.extend(pass.lots.iter().map(lot));
            s.asset_barcodes.append(&pass.asset_barcodes, false);
            s.lot_barcodes.append(&pass.lot_barcodes, false);
        } else {
            s.assets.extend(pass.assets.iter().rev().map(renumber));
            s.lots.extend(pass.lots.iter().rev().map(lot));
            s.asset_barcodes.append(&pass.asset_barcodes, true);
            s.lot_barcodes.append(&pass.lot_barcodes, true);
        }
    }

    fn place(&mut self, code: &str) -> u32 {
        if let Some(&id) = self.s.place_ids.get(code) {
            return id;
        }
        let id = self.s.places.len() as u32;
        self.s.place_ids.insert(code.to_owned(), id);
        self.s.places.push(Place {
            code: code.to_owned(),
            name: String::new(),
            kind: PlaceKind::Unknown,
            parent: None,
            depth: 0,
        });
        id
    }

    fn item(&mut self, code: &str) -> u32 {
        if let Some(&id) = self.s.item_ids.get(code) {
            return id;
        }
        let id = self.s.items.len() as u32;
        self.s.item_ids.insert(code.to_owned(), id);
        self.s.items.push(CatalogItem {
            code: code.into(),
            name: String::new(),
            category: Category::Other,
            tracking: Tracking::Serial,
            uom: String::new(),
            life_years: None,
            inspect_days: None,
            high_end: false,
            unit_price: None,
        });
        id
    }

    fn module(&mut self, code: Option<&str>) -> u16 {
        let Some(code) = code.filter(|c| !c.is_empty()) else {
            return NO_MODULE;
        };
        if let Some(&id) = self.module_ids.get(code) {
            return id;
        }
        let id = self.s.modules.len() as u16;
        self.module_ids.insert(code.to_owned(), id);
        self.s.modules.push(code.to_owned());
        id
    }

    fn cell(&mut self, owner: &str, item: &str, module: Option<&str>) -> u32 {
        let cell = Cell {
            owner: self.place(owner),
            item: self.item(item),
            module: self.module(module),
        };
        let key =
            (u64::from(cell.owner) << 40) | (u64::from(cell.item) << 16) | u64::from(cell.module);
        if let Some(&id) = self.cell_ids.get(&key) {
            return id;
        }
        let id = self.s.cells.len() as u32;
        self.cell_ids.insert(key, id);
        self.s.cells.push(cell);
        id
    }

    fn location(&mut self, code: &str) -> u32 {
        if let Some(&id) = self.location_ids.get(code) {
            return id;
        }
        let id = self.s.locations.len() as u32;
        self.location_ids.insert(code.to_owned(), id);
        self.s.locations.push(code.to_owned());
        id
    }

    /// Adds one asset; dates are day numbers ([`crate::domain::stock::day_number`]).
    #[allow(clippy::too_many_arguments)]
    pub fn asset(
        &mut self,
        barcode: &str,
        item: &str,
        owner: &str,
        location: Option<&str>,
        module: Option<&str>,
        status: AssetStatus,
        commissioned: Option<i32>,
        last_inspected: Option<i32>,
        due: Option<i32>,
    ) {
        // Text is UTF-8 already: no error can come back.
        let _ = self.rows.asset(
            barcode,
            item.as_bytes(),
            owner.as_bytes(),
            location.map(str::as_bytes),
            module.map(str::as_bytes),
            status,
            commissioned,
            last_inspected,
            due,
        );
    }

    /// Adds one lot.
    pub fn lot(
        &mut self,
        barcode: &str,
        item: &str,
        owner: &str,
        module: Option<&str>,
        quantity: Decimal,
        expires: Option<i32>,
    ) {
        let _ = self.rows.lot(
            barcode,
            item.as_bytes(),
            owner.as_bytes(),
            module.map(str::as_bytes),
            quantity,
            expires,
        );
    }

    /// Applies the standards to places and indexes cells and lines by place.
    pub fn finish(mut self) -> Snapshot {
        let rows = std::mem::replace(
            &mut self.rows,
            StockPass::new(Order::Ascending, FxMap::default()),
        );
        self.take(rows);
        let stations: Vec<(u32, StationClass)> = self
            .s
            .places
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match p.kind {
                PlaceKind::Unit(_, Some(c)) => Some((i as u32, c)),
                _ => None,
            })
            .collect();
        let standards = std::mem::take(&mut self.s.standards);
        let mut lines = Vec::new();
        for (n, l) in standards.iter().enumerate() {
            let module = self.module(l.module.as_ref().map(|m| m.as_str()));
            let what = match &l.what {
                What::Item(i) => LineWhat::Item(self.item(i.as_str())),
                What::Category(c) => LineWhat::Category(*c),
            };
            let mut push = |place| {
                lines.push(LineDef {
                    place,
                    module,
                    what,
                    required: l.required,
                    source: n as u32,
                })
            };
            match &l.scope {
                Scope::Class(c) => stations
                    .iter()
                    .filter(|(_, sc)| sc == c)
                    .for_each(|(p, _)| push(*p)),
                Scope::Unit(u) => push(self.place(u.as_str())),
                Scope::Warehouse(w) => push(self.place(w.as_str())),
            }
        }
        self.s.standards = standards;
        lines.sort_by_key(|l| (l.place, l.module, l.source));
        self.s.lines = lines;

        let n = self.s.places.len();
        let mut start = vec![0u32; n + 1];
        for l in &self.s.lines {
            start[l.place as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        self.s.line_start = start;

        let mut start = vec![0u32; n + 1];
        for c in &self.s.cells {
            start[c.owner as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut by_place = vec![0u32; self.s.cells.len()];
        for (id, c) in self.s.cells.iter().enumerate() {
            let slot = &mut next[c.owner as usize];
            by_place[*slot as usize] = id as u32;
            *slot += 1;
        }
        self.s.cells_by_place = by_place;
        self.s.place_start = start;
        self.s
    }
}

/// Depths from the roots; a parent chain that loops is cut where it meets itself.
fn set_depths(places: &mut [Place]) {
    let mut depth: Vec<Option<u32>> = vec![None; places.len()];
    for i in 0..places.len() {
        let mut chain: Vec<usize> = Vec::new();
        let mut cur = Some(i);
        // The depth of the first ancestor above the chain whose depth is known; None: the
        // chain ends at a root.
        let mut base = None;
        while let Some(c) = cur {
            if let Some(d) = depth[c] {
                base = Some(d);
                break;
            }
            if let Some(k) = chain.iter().position(|x| *x == c) {
                places[c].parent = None;
                chain.truncate(k + 1);
                break;
            }
            chain.push(c);
            cur = places[c].parent.map(|p| p as usize);
        }
        for (j, c) in chain.iter().rev().enumerate() {
            depth[*c] = Some(base.map_or(j as u32, |b| b + 1 + j as u32));
        }
    }
    for (p, d) in places.iter_mut().zip(depth) {
        p.depth = d.unwrap_or(0);
    }
}

impl Snapshot {
    /// The id of a unit or warehouse code.
    pub fn place_id(&self, code: &str) -> Option<u32> {
        self.place_ids.get(code).copied()
    }

    /// The id of a catalogue item.
    pub fn item_id(&self, code: &str) -> Option<u32> {
        self.item_ids.get(code).copied()
    }

    pub fn place(&self, id: u32) -> &Place {
        &self.places[id as usize]
    }

    pub fn item(&self, id: u32) -> &CatalogItem {
        &self.items[id as usize]
    }

    pub fn module(&self, id: u16) -> &str {
        self.modules.get(usize::from(id)).map_or("", String::as_str)
    }

    /// The cells of place `p`.
    pub fn cells_of(&self, p: u32) -> &[u32] {
        let (a, b) = (
            self.place_start[p as usize] as usize,
            self.place_start[p as usize + 1] as usize,
        );
        &self.cells_by_place[a..b]
    }

    /// The line ids of place `p`.
    pub fn lines_of(&self, p: u32) -> std::ops::Range<usize> {
        self.line_start[p as usize] as usize..self.line_start[p as usize + 1] as usize
    }

    /// Whether `place` is `scope` or lies below it (a warehouse lies below the unit that runs
    /// it).
    pub fn within(&self, place: u32, scope: u32) -> bool {
        let mut cur = Some(place);
        while let Some(c) = cur {
            if c == scope {
                return true;
            }
            cur = self.places[c as usize].parent;
        }
        false
    }

    /// The category of what a line counts.
    pub fn line_category(&self, l: &LineDef) -> Category {
        match l.what {
            LineWhat::Item(i) => self.items[i as usize].category,
            LineWhat::Category(c) => c,
        }
    }

    /// Whether stock of `cell` counts for line `l` (owner aside).
    pub fn counts_for(&self, l: &LineDef, cell: &Cell) -> bool {
        (l.module == NO_MODULE || l.module == cell.module)
            && match l.what {
                LineWhat::Item(i) => cell.item == i,
                LineWhat::Category(c) => self.items[cell.item as usize].category == c,
            }
    }

    /// What a line counts, as the standards file writes it.
    pub fn what_text(&self, l: &LineDef) -> String {
        match l.what {
            LineWhat::Item(i) => self.items[i as usize].code.to_string(),
            LineWhat::Category(c) => format!("category:{c}"),
        }
    }

    pub fn asset_barcode(&self, i: usize) -> &str {
        self.asset_barcodes.get(i)
    }

    pub fn lot_barcode(&self, i: usize) -> &str {
        self.lot_barcodes.get(i)
    }
}
