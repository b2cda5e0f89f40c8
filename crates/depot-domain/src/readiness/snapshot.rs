//! The register as the readiness engine reads it: every code interned to a small integer id,
//! every date a day number, one compact record per asset and per lot, and each record tied to
//! its (owner, item, module) cell, so that the engine counts into an array instead of a map.

use std::collections::HashMap;

use rust_decimal::Decimal;

pub use super::arena::Arena;
use crate::geo::{PlaceLocation, TravelTime};
use crate::{AssetStatus, CatalogItem, Category, StandardLine, StationClass, Target, UnitKind};

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
    /// The modules the register knows, with their names (for reports; the engine reads codes).
    pub module_names: Vec<crate::Module>,
    /// Cell ids ordered by owner; those of place `p` are `cells_by_place[place_start[p]..
    /// place_start[p + 1]]`.
    pub cells_by_place: Vec<u32>,
    pub place_start: Vec<u32>,
    /// Line ids of place `p`: `line_start[p]..line_start[p + 1]` (lines are ordered by place).
    pub line_start: Vec<u32>,
    /// Where places are and the travel times between them, for the response circles.
    pub geo: Geo,
    pub(super) place_ids: FxMap<String, u32>,
    pub(super) item_ids: FxMap<String, u32>,
}

/// Where places are and the travel times the service's map system gives between them, by
/// place id.
#[derive(Debug, Clone, Default)]
pub struct Geo {
    /// Per place id: its location in degrees (latitude, longitude), when it has one.
    pub points: Vec<Option<(f64, f64)>>,
    /// Minutes from one place to another, as the travel-time table gives them.
    pub table: FxMap<(u32, u32), f64>,
}

impl Geo {
    /// The location of place `p` in degrees, if it has one.
    pub fn point(&self, p: u32) -> Option<(f64, f64)> {
        self.points.get(p as usize).copied().flatten()
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

    /// The Chinese (`zh`) or English name of module `id`; its code when it has none.
    pub fn module_name(&self, id: u16, zh: bool) -> &str {
        let code = self.module(id);
        self.module_names
            .iter()
            .find(|m| m.code.as_str() == code)
            .map(|m| if zh { &m.name_zh } else { &m.name_en })
            .filter(|n| !n.is_empty())
            .map_or(code, String::as_str)
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

    /// Takes in the places' locations and the travel-time table; codes the register does not
    /// hold are left out (the store keeps both tied to its places).
    pub fn set_geo(&mut self, locations: &[PlaceLocation], times: &[TravelTime]) {
        use rust_decimal::prelude::ToPrimitive;
        let mut geo = Geo {
            points: vec![None; self.places.len()],
            table: FxMap::default(),
        };
        for l in locations {
            if let Some(p) = self.place_id(&l.code) {
                geo.points[p as usize] = Some(l.point.degrees());
            }
        }
        for t in times {
            if let (Some(a), Some(b), Some(m)) = (
                self.place_id(&t.from),
                self.place_id(&t.to),
                t.minutes.to_f64(),
            ) {
                geo.table.insert((a, b), m);
            }
        }
        self.geo = geo;
    }
}
