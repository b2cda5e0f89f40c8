//! The engine: one pass over the stock into per-(owner, item, module) counters, the lines of
//! the standards evaluated from the counters, then the figures rolled up the hierarchy.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::AssetStatus;
use crate::domain::stock::{
    day_number, expired_on, inspection_overdue_on, is_asset_ready, is_held,
};

use super::figures::{Figures, category_index};
use super::snapshot::{LineDef, PlaceKind, Snapshot};

/// What the stock of one (owner, item, module) cell comes to on the report date.
#[derive(Debug, Clone, Copy, Default)]
pub struct CellFigures {
    /// Assets held and ready.
    pub pieces: u32,
    pub pieces_ready: u32,
    /// Quantity of lots held and ready (not expired).
    pub quantity: Decimal,
    pub quantity_ready: Decimal,
}

impl CellFigures {
    pub fn held(&self) -> Decimal {
        Decimal::from(self.pieces) + self.quantity
    }
    pub fn ready(&self) -> Decimal {
        Decimal::from(self.pieces_ready) + self.quantity_ready
    }
}

/// One line of a standard at one place, evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineResult {
    pub held: Decimal,
    pub ready: Decimal,
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
    let d = day_number(on);
    let soon = d.saturating_add(i32::try_from(expiry_days).unwrap_or(i32::MAX));
    let mut cells = vec![CellFigures::default(); s.cells.len()];
    let mut own = vec![Figures::default(); s.places.len()];

    for a in &s.assets {
        if !is_held(a.status) {
            continue;
        }
        let cell = s.cells[a.cell as usize];
        let item = &s.items[cell.item as usize];
        let over_age = d >= a.over_age_from;
        let overdue = inspection_overdue_on(a.last_inspected, item.inspect_days, d);
        let ready = is_asset_ready(a.status, a.checked_out, over_age, overdue);
        let c = &mut cells[a.cell as usize];
        c.pieces += 1;
        c.pieces_ready += u32::from(ready);
        let f = &mut own[cell.owner as usize];
        let st = &mut f.stock;
        st.pieces += 1;
        st.pieces_ready += u64::from(ready);
        st.checked_out += u64::from(a.checked_out);
        st.past_due += u64::from(a.checked_out && a.due.is_some_and(|due| due < d));
        st.maintenance += u64::from(a.status == AssetStatus::Maintenance);
        st.out_of_service += u64::from(a.status == AssetStatus::OutOfService);
        st.over_age += u64::from(over_age);
        st.inspection_overdue += u64::from(overdue);
        let cat = &mut f.categories[category_index(item.category)];
        cat.pieces += 1;
        cat.high_end += u64::from(item.high_end);
        cat.over_age += u64::from(over_age);
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

    let lines = evaluate_lines(s, &cells, &mut own);

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

fn evaluate_lines(s: &Snapshot, cells: &[CellFigures], own: &mut [Figures]) -> Vec<LineResult> {
    let mut out = Vec::with_capacity(s.lines.len());
    for (p, f) in own.iter_mut().enumerate() {
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
            if r.held < l.required {
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
