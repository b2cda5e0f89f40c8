//! The engine: one pass over the stock into per-(owner, item, module) counters, the lines of
//! the standards evaluated from the counters, then the figures rolled up the hierarchy.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::AssetStatus;
use crate::stock::{
    day_number, expired_on, inspection_overdue_on, is_asset_ready, is_held, past_due_on,
};

use super::figures::{Figures, LineStatus, Tally, category_index};
use super::snapshot::{AssetRec, LineDef, PlaceKind, Snapshot};

/// What the stock of one (owner, item, module) cell comes to on the report date.
#[derive(Debug, Clone, Copy, Default)]
pub struct CellFigures {
    /// Assets held and ready.
    pub pieces: u32,
    pub pieces_ready: u32,
    /// Quantity of lots held and ready (not expired).
    pub quantity: Decimal,
    pub quantity_ready: Decimal,
    held: Decimal,
    ready: Decimal,
}

impl CellFigures {
    /// Pieces and quantity held.
    pub fn held(&self) -> Decimal {
        self.held
    }
    /// Pieces and quantity ready.
    pub fn ready(&self) -> Decimal {
        self.ready
    }
}

/// The per-asset counters of a place, kept small so that the pass over a million assets in
/// barcode order (owners at random) stays in cache: an asset touches the eight counters of its
/// place and the three of its category, two cache lines at most.
#[derive(Debug, Clone, Copy, Default)]
struct PlaceCount {
    pieces: u32,
    ready: u32,
    checked_out: u32,
    past_due: u32,
    maintenance: u32,
    out_of_service: u32,
    over_age: u32,
    overdue: u32,
    /// Per category: pieces, high-end pieces, over-age pieces, ready pieces.
    cat: [[u32; 4]; 9],
}

impl PlaceCount {
    fn add(&mut self, o: &PlaceCount) {
        self.pieces += o.pieces;
        self.ready += o.ready;
        self.checked_out += o.checked_out;
        self.past_due += o.past_due;
        self.maintenance += o.maintenance;
        self.out_of_service += o.out_of_service;
        self.over_age += o.over_age;
        self.overdue += o.overdue;
        for (c, x) in self.cat.iter_mut().zip(&o.cat) {
            c[0] += x[0];
            c[1] += x[1];
            c[2] += x[2];
            c[3] += x[3];
        }
    }
}

/// What a run of assets adds up to: pieces and ready pieces per cell, and the counters of
/// each place.
struct AssetCounts {
    cells: Vec<[u32; 2]>,
    places: Vec<PlaceCount>,
}

impl AssetCounts {
    fn add(&mut self, o: &AssetCounts) {
        for (c, x) in self.cells.iter_mut().zip(&o.cells) {
            c[0] += x[0];
            c[1] += x[1];
        }
        for (p, x) in self.places.iter_mut().zip(&o.places) {
            p.add(x);
        }
    }
}

/// What the pass over the assets reads and counts for one cell, side by side: an asset's
/// cell is one random access instead of two (the cell, then its counters).
#[derive(Debug, Clone, Copy)]
struct CellCount {
    owner: u32,
    pieces: u32,
    ready: u32,
    category: u8,
    high_end: bool,
    inspect_days: Option<u32>,
}

/// Counts the held assets of `assets` (a run of `s.assets`) as of day number `d`.
fn tally(s: &Snapshot, assets: &[AssetRec], d: i32) -> AssetCounts {
    let mut cells: Vec<CellCount> = s
        .cells
        .iter()
        .map(|c| {
            let item = &s.items[c.item as usize];
            CellCount {
                owner: c.owner,
                pieces: 0,
                ready: 0,
                category: category_index(item.category) as u8,
                high_end: item.high_end,
                inspect_days: item.inspect_days,
            }
        })
        .collect();
    let mut pc = vec![PlaceCount::default(); s.places.len()];
    for a in assets {
        if !is_held(a.status) {
            continue;
        }
        let cell = &mut cells[a.cell as usize];
        let over_age = d >= a.over_age_from;
        let overdue = inspection_overdue_on(a.last_inspected, cell.inspect_days, d);
        let ready = is_asset_ready(a.status, a.checked_out, over_age, overdue);
        cell.pieces += 1;
        cell.ready += u32::from(ready);
        let p = &mut pc[cell.owner as usize];
        p.pieces += 1;
        p.ready += u32::from(ready);
        p.checked_out += u32::from(a.checked_out);
        p.past_due += u32::from(past_due_on(a.status, a.checked_out, a.due, d));
        p.maintenance += u32::from(a.status == AssetStatus::Maintenance);
        p.out_of_service += u32::from(a.status == AssetStatus::OutOfService);
        p.over_age += u32::from(over_age);
        p.overdue += u32::from(overdue);
        let c = &mut p.cat[usize::from(cell.category)];
        c[0] += 1;
        c[1] += u32::from(cell.high_end);
        c[2] += u32::from(over_age);
        c[3] += u32::from(ready);
    }
    AssetCounts {
        cells: cells.iter().map(|c| [c.pieces, c.ready]).collect(),
        places: pc,
    }
}

/// One line of a standard at one place, evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineResult {
    pub held: Decimal,
    pub ready: Decimal,
}

impl LineResult {
    /// The line's standing against what it requires.
    pub fn status(&self, required: Decimal) -> LineStatus {
        LineStatus::of(required, self.held, self.ready)
    }
}

/// Where a report looks: everything, or a unit with all below it, or one warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Within {
    Everything,
    Place(u32),
}

/// The readiness of the register as of one date.
#[derive(Debug, Clone)]
pub struct Readiness {
    pub as_of: NaiveDate,
    /// Days ahead that count as "expiring".
    pub expiry_days: u32,
    pub cells: Vec<CellFigures>,
    /// Parallel to [`Snapshot::lines`].
    pub lines: Vec<LineResult>,
    /// Per place: its own figures.
    pub own: Vec<Figures>,
    /// Per place: its own and everything below it (warehouses count for the unit that runs
    /// them).
    pub total: Vec<Figures>,
    pub everything: Figures,
}

impl Readiness {
    pub fn figures(&self, w: Within) -> &Figures {
        match w {
            Within::Everything => &self.everything,
            Within::Place(p) => &self.total[p as usize],
        }
    }
}

/// Whether `place` lies in `w`.
pub fn within(s: &Snapshot, place: u32, w: Within) -> bool {
    match w {
        Within::Everything => true,
        Within::Place(p) => s.within(place, p),
    }
}

/// Computes the readiness of `s` as of `on`; lots expiring within `expiry_days` days of `on`
/// (and not yet expired) count as expiring.
pub fn evaluate(s: &Snapshot, on: NaiveDate, expiry_days: u32) -> Readiness {
    let two = crate::two_threads_for(s.assets.len() as u64);
    evaluate_in(s, on, expiry_days, two)
}

/// [`evaluate`], with the assets counted on two threads (each half of them) or on one.
pub fn evaluate_in(s: &Snapshot, on: NaiveDate, expiry_days: u32, two: bool) -> Readiness {
    let d = day_number(on);
    let soon = d.saturating_add(i32::try_from(expiry_days).unwrap_or(i32::MAX));
    let (counts, pc) = if two {
        let (front, back) = s.assets.split_at(s.assets.len() / 2);
        let (mut a, b) = crate::both(|| tally(s, front, d), || tally(s, back, d));
        a.add(&b);
        (a.cells, a.places)
    } else {
        let t = tally(s, &s.assets, d);
        (t.cells, t.places)
    };

    let mut cells: Vec<CellFigures> = counts
        .iter()
        .map(|c| CellFigures {
            pieces: c[0],
            pieces_ready: c[1],
            ..CellFigures::default()
        })
        .collect();
    let mut own = vec![Figures::default(); s.places.len()];
    for (f, p) in own.iter_mut().zip(&pc) {
        let st = &mut f.stock;
        st.pieces = u64::from(p.pieces);
        st.pieces_ready = u64::from(p.ready);
        st.checked_out = u64::from(p.checked_out);
        st.past_due = u64::from(p.past_due);
        st.maintenance = u64::from(p.maintenance);
        st.out_of_service = u64::from(p.out_of_service);
        st.over_age = u64::from(p.over_age);
        st.inspection_overdue = u64::from(p.overdue);
        for (c, x) in f.categories.iter_mut().zip(&p.cat) {
            c.pieces = u64::from(x[0]);
            c.high_end = u64::from(x[1]);
            c.over_age = u64::from(x[2]);
            c.pieces_ready = u64::from(x[3]);
        }
    }

    for l in &s.lots {
        let cell = s.cells[l.cell as usize];
        let expired = expired_on(l.expires, d);
        let c = &mut cells[l.cell as usize];
        c.quantity += l.quantity;
        if !expired {
            c.quantity_ready += l.quantity;
        }
        let st = &mut own[cell.owner as usize].stock;
        st.lots += 1;
        st.lots_expired += u64::from(expired);
        st.lots_expiring += u64::from(!expired && l.expires.is_some_and(|e| e <= soon));
    }
    for c in &mut cells {
        c.held = Decimal::from(c.pieces) + c.quantity;
        c.ready = Decimal::from(c.pieces_ready) + c.quantity_ready;
    }

    let lines = if two {
        // Two runs of places with as many lines each (most lines are the warehouses' baselines).
        let half = s.line_start.last().map_or(0, |&n| n / 2);
        let k = s.line_start.partition_point(|&n| n < half).min(own.len());
        let (front, back) = own.split_at_mut(k);
        let (mut lines, rest) = crate::both(
            || evaluate_lines(s, &cells, front, 0),
            || evaluate_lines(s, &cells, back, k),
        );
        lines.extend(rest);
        lines
    } else {
        evaluate_lines(s, &cells, &mut own, 0)
    };

    // Roll up: deepest places first, each adding its total into its parent's.
    let mut total = own.clone();
    let mut order: Vec<u32> = (0..s.places.len() as u32).collect();
    order.sort_unstable_by_key(|p| std::cmp::Reverse(s.places[*p as usize].depth));
    let mut everything = Figures::default();
    for p in order {
        let t = std::mem::take(&mut total[p as usize]);
        match s.places[p as usize].parent {
            Some(parent) => total[parent as usize] += &t,
            None => everything += &t,
        }
        total[p as usize] = t;
    }

    Readiness {
        as_of: on,
        expiry_days,
        cells,
        lines,
        own,
        total,
        everything,
    }
}

/// What `cells` hold for line `l` at its place.
pub fn line_stock(s: &Snapshot, cells: &[CellFigures], l: &LineDef) -> LineResult {
    let (mut held, mut ready) = (Decimal::ZERO, Decimal::ZERO);
    for &c in s.cells_of(l.place) {
        if s.counts_for(l, &s.cells[c as usize]) {
            held += cells[c as usize].held();
            ready += cells[c as usize].ready();
        }
    }
    LineResult { held, ready }
}

/// Evaluates the lines of the places `first..` given their figures `own`, and adds them to
/// those figures: the results of their lines, in order.
fn evaluate_lines(
    s: &Snapshot,
    cells: &[CellFigures],
    own: &mut [Figures],
    first: usize,
) -> Vec<LineResult> {
    let mut out = Vec::new();
    for (p, f) in (first..).zip(own.iter_mut()) {
        let range = s.lines_of(p as u32);
        if range.is_empty() {
            continue;
        }
        let warehouse = s.places[p].kind == PlaceKind::Warehouse;
        // Per category: has lines, has an unequipped line.
        let (mut has, mut short) = (0u16, 0u16);
        for l in &s.lines[range] {
            let r = line_stock(s, cells, l);
            f.lines.add_line(l.required, r.held, r.ready);
            if warehouse {
                f.reserve.add_line(l.required, r.held, r.ready);
            }
            let ci = category_index(s.line_category(l));
            f.categories[ci].lines.add_line(l.required, r.held, r.ready);
            has |= 1 << ci;
            if !r.status(l.required).equipped() {
                short |= 1 << ci;
            }
            out.push(r);
        }
        f.places_with_lines = 1;
        f.places_compliant = u32::from(short == 0);
        for (ci, c) in f.categories.iter_mut().enumerate() {
            if has & (1 << ci) != 0 {
                c.places_with_lines = 1;
                c.places_compliant = u32::from(short & (1 << ci) == 0);
            }
        }
    }
    out
}

/// The reserve of each warehouse in `w` by module: its lines of that module tallied (lines are
/// ordered by place and module), in that order. The tally's equipped rate is the module's
/// saturation 饱和度.
pub fn warehouse_modules(s: &Snapshot, r: &Readiness, w: Within) -> Vec<(u32, u16, Tally)> {
    let mut out: Vec<(u32, u16, Tally)> = Vec::new();
    for (l, x) in s.lines.iter().zip(&r.lines) {
        if s.place(l.place).kind != PlaceKind::Warehouse || !within(s, l.place, w) {
            continue;
        }
        match out.last_mut() {
            Some((p, m, t)) if *p == l.place && *m == l.module => {
                t.add_line(l.required, x.held, x.ready)
            }
            _ => {
                let mut t = Tally::default();
                t.add_line(l.required, x.held, x.ready);
                out.push((l.place, l.module, t));
            }
        }
    }
    out
}
