//! Builds a [`Snapshot`]: the reference data first, then the stock in passes, then the
//! standards applied to the places.

use rust_decimal::Decimal;

use super::pass::{Order, StockPass};
use super::snapshot::{Arena, FxMap, LineDef, LineWhat, NO_MODULE, Place, PlaceKind, Snapshot};
use crate::{
    AssetStatus, CatalogItem, Category, Scope, StandardLine, StationClass, Target, Tracking, Unit,
    Warehouse, What,
};

/// Builds a [`Snapshot`]: the reference data first, then every asset and lot, either row by
/// row ([`SnapshotBuilder::asset`], [`SnapshotBuilder::lot`]) or in passes over the stock
/// ([`SnapshotBuilder::pass`], [`SnapshotBuilder::take`]).
pub struct SnapshotBuilder {
    pub(super) s: Snapshot,
    module_ids: FxMap<String, u16>,
    location_ids: FxMap<String, u32>,
    /// The rows given one by one.
    rows: StockPass,
    /// The passes taken in, in barcode order.
    passes: Vec<StockPass>,
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
            module_names: Vec::new(),
            cells_by_place: Vec::new(),
            place_start: Vec::new(),
            line_start: Vec::new(),
            geo: Default::default(),
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
            rows: StockPass::new(Order::Ascending, FxMap::default()),
            passes: Vec::new(),
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
    /// modules, cells and locations get the ids they would have got row by row, when
    /// [`SnapshotBuilder::finish`] numbers them.
    pub fn take(&mut self, pass: StockPass) {
        self.take_rows();
        self.passes.push(pass);
    }

    /// Takes in the rows given one by one, if any.
    fn take_rows(&mut self) {
        if !self.rows.is_empty() {
            let fresh = self.pass(Order::Ascending);
            let rows = std::mem::replace(&mut self.rows, fresh);
            self.passes.push(rows);
        }
    }

    pub(super) fn place(&mut self, code: &str) -> u32 {
        intern(&mut self.s.place_ids, &mut self.s.places, code, || Place {
            code: code.to_owned(),
            name: String::new(),
            kind: PlaceKind::Unknown,
            parent: None,
            depth: 0,
        })
    }

    pub(super) fn item(&mut self, code: &str) -> u32 {
        intern(&mut self.s.item_ids, &mut self.s.items, code, || {
            CatalogItem {
                code: code.into(),
                name: String::new(),
                category: Category::Other,
                tracking: Tracking::Serial,
                uom: String::new(),
                life_years: None,
                inspect_days: None,
                high_end: false,
                unit_price: None,
            }
        })
    }

    pub(super) fn module(&mut self, code: Option<&str>) -> u16 {
        let Some(code) = code.filter(|c| !c.is_empty()) else {
            return NO_MODULE;
        };
        intern(&mut self.module_ids, &mut self.s.modules, code, || {
            code.to_owned()
        })
    }

    pub(super) fn location(&mut self, code: &str) -> u32 {
        intern(&mut self.location_ids, &mut self.s.locations, code, || {
            code.to_owned()
        })
    }

    /// Adds one asset; dates are day numbers ([`crate::stock::day_number`]).
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
        self.close();
        self.s
    }

    /// [`Self::finish`], keeping the builder: its codes can still be interned into the
    /// snapshot (a replay adds places, modules and locations as it meets them, and indexes
    /// them with [`index_places`]).
    pub(super) fn close(&mut self) {
        self.take_rows();
        let passes = std::mem::take(&mut self.passes);
        self.take_in(passes);
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
        index_places(&mut self.s);
    }
}

/// Indexes the lines (ordered by place) and the cells of `s` by place.
pub(super) fn index_places(s: &mut Snapshot) {
    let n = s.places.len();
    let mut start = vec![0u32; n + 1];
    for l in &s.lines {
        start[l.place as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    s.line_start = start;

    let mut start = vec![0u32; n + 1];
    for c in &s.cells {
        start[c.owner as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut by_place = vec![0u32; s.cells.len()];
    for (id, c) in s.cells.iter().enumerate() {
        let slot = &mut next[c.owner as usize];
        by_place[*slot as usize] = id as u32;
        *slot += 1;
    }
    s.cells_by_place = by_place;
    s.place_start = start;
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

/// A number given to codes in the order they are met.
trait Id: Copy {
    fn nth(n: usize) -> Self;
}

impl Id for u16 {
    fn nth(n: usize) -> Self {
        n as u16
    }
}

impl Id for u32 {
    fn nth(n: usize) -> Self {
        n as u32
    }
}

/// The number of `code` in `ids`; a new code gets the next number, and `new()` is pushed onto
/// `list`, which that number indexes.
fn intern<I: Id, T>(
    ids: &mut FxMap<String, I>,
    list: &mut Vec<T>,
    code: &str,
    new: impl FnOnce() -> T,
) -> I {
    if let Some(&id) = ids.get(code) {
        return id;
    }
    let id = I::nth(list.len());
    ids.insert(code.to_owned(), id);
    list.push(new());
    id
}
