//! Response circles (响应圈): the plans ask that reserves reach anywhere in a county within
//! 30 minutes, in a city within an hour and in the province within two. For every unit with a
//! location and every reserve module: the nearest warehouse whose saturation of the module is
//! at or above a threshold, and how long the road takes, from the travel-time table where it
//! gives one (either direction) and else estimated ([`Roads`]); then for every county (a
//! brigade 大队), city (a detachment 支队) and the province (the corps 总队): the nearest such
//! warehouse to its seat and the units in it that lie outside its circle.
//!
//! A unit's own circle is that of the lowest of these that it is or lies in (a station under a
//! brigade: 30 minutes). Any warehouse of the register may serve any unit: reserves move.

use rust_decimal::Decimal;

use crate::UnitKind;
use crate::geo::Roads;

use super::engine::{Readiness, Within, warehouse_modules, within};
use super::figures::{Tally, percent};
use super::snapshot::{NO_MODULE, PlaceKind, Snapshot};

/// The level of an area and its circle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CircleLevel {
    Province,
    City,
    County,
}

impl CircleLevel {
    /// The circle in minutes: county 30, city 60, province 120.
    pub fn minutes(self) -> f64 {
        match self {
            CircleLevel::County => 30.0,
            CircleLevel::City => 60.0,
            CircleLevel::Province => 120.0,
        }
    }

    /// The area a unit of `kind` is the seat of, if any.
    pub fn of(kind: UnitKind) -> Option<CircleLevel> {
        match kind {
            UnitKind::Corps => Some(CircleLevel::Province),
            UnitKind::Detachment => Some(CircleLevel::City),
            UnitKind::Brigade => Some(CircleLevel::County),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            CircleLevel::County => "county",
            CircleLevel::City => "city",
            CircleLevel::Province => "province",
        }
    }
}

/// What a circles report is asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CircleSpec {
    /// One module, or every module that some warehouse has a baseline of.
    pub module: Option<u16>,
    /// The saturation (percent) at or above which a warehouse's module counts as stocked.
    pub threshold: Decimal,
    pub roads: Roads,
}

impl Default for CircleSpec {
    fn default() -> Self {
        CircleSpec {
            module: None,
            threshold: CircleSpec::THRESHOLD,
            roads: Roads::default(),
        }
    }
}

impl CircleSpec {
    /// The saturation a warehouse's module needs to count when none is asked for, percent.
    pub const THRESHOLD: Decimal = Decimal::from_parts(80, 0, 0, false, 0);
}

/// The nearest stocked warehouse and the time to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    pub warehouse: u32,
    pub minutes: f64,
    /// From the distance, not the travel-time table.
    pub estimated: bool,
}

/// One unit and one module.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitReach {
    pub unit: u32,
    pub module: u16,
    /// The unit's own circle.
    pub circle: CircleLevel,
    /// `None`: no stocked warehouse of the module can be reached (none, or none located).
    pub reach: Option<Reach>,
}

impl UnitReach {
    /// Whether the nearest stocked warehouse lies within `level`'s circle.
    pub fn inside(&self, level: CircleLevel) -> bool {
        self.reach.is_some_and(|r| r.minutes <= level.minutes())
    }
}

/// One area (county, city, province) and one module.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRow {
    /// The brigade, detachment or corps.
    pub area: u32,
    pub level: CircleLevel,
    pub module: u16,
    /// The nearest stocked warehouse to the area's seat (the unit itself), if it has a location.
    pub seat: Option<Reach>,
    /// Units with a location in the area (the seat included).
    pub units: u32,
    /// Those outside the area's circle: indexes into [`Circles::units`].
    pub outside: Vec<u32>,
}

/// A warehouse's reserve of one module and whether it counts as stocked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stocked {
    pub warehouse: u32,
    pub module: u16,
    pub saturation: Option<Decimal>,
    /// At or above the threshold.
    pub enough: bool,
    pub located: bool,
}

/// The response circles of a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Circles {
    pub spec: CircleSpec,
    /// The modules looked at.
    pub modules: Vec<u16>,
    /// Every warehouse's reserve of those modules.
    pub stocked: Vec<Stocked>,
    /// A row per unit with a location and module, units in register order.
    pub units: Vec<UnitReach>,
    /// Province first, then cities, then counties, each in register order.
    pub areas: Vec<AreaRow>,
    /// Units of the scope without a location.
    pub unlocated: Vec<u32>,
    /// Travel times taken from the table, and estimated, over the nearest warehouses found.
    pub from_table: u32,
    pub estimated: u32,
}

impl Circles {
    /// circle_coverage: unit-module rows whose nearest stocked warehouse lies within the
    /// unit's own circle, percent; `None` when there are none.
    pub fn coverage(&self) -> Option<Decimal> {
        self.coverage_in(None)
    }

    /// The coverage of one module's rows, or of all.
    pub fn coverage_in(&self, module: Option<u16>) -> Option<Decimal> {
        let rows = self
            .units
            .iter()
            .filter(|u| module.is_none_or(|m| u.module == m));
        let (n, inside) = rows.fold((0u64, 0u64), |(n, i), u| {
            (n + 1, i + u64::from(u.inside(u.circle)))
        });
        percent(Decimal::from(inside), Decimal::from(n))
    }

    /// Rows outside their own circle.
    pub fn outside(&self) -> usize {
        self.units.iter().filter(|u| !u.inside(u.circle)).count()
    }
}

/// The travel time from warehouse `wh` to place `p`: the table's, either way round, or an
/// estimate when both have a location.
pub fn travel(s: &Snapshot, roads: Roads, wh: u32, p: u32) -> Option<(f64, bool)> {
    let g = &s.geo;
    if let Some(m) = g.table.get(&(wh, p)).or_else(|| g.table.get(&(p, wh))) {
        return Some((*m, false));
    }
    Some((roads.minutes(g.point(wh)?, g.point(p)?), true))
}

impl Stocked {
    /// Warehouse `warehouse`'s reserve of `module` whose lines add up to `lines`: its
    /// saturation (the mean over the lines of min(held / required, 1)) against `threshold`.
    pub fn of(
        s: &Snapshot,
        warehouse: u32,
        module: u16,
        lines: &Tally,
        threshold: Decimal,
    ) -> Self {
        let saturation = lines.equipped_rate();
        Stocked {
            warehouse,
            module,
            saturation,
            enough: saturation.is_some_and(|x| x >= threshold),
            located: s.geo.point(warehouse).is_some(),
        }
    }
}

/// The circles of the units in `w` as of the readiness `r`.
pub fn circles(s: &Snapshot, r: &Readiness, w: Within, spec: CircleSpec) -> Circles {
    let stocked: Vec<Stocked> = warehouse_modules(s, r, Within::Everything)
        .into_iter()
        .map(|(p, m, t)| Stocked::of(s, p, m, &t, spec.threshold))
        .collect();
    circles_of(s, stocked, w, spec)
}

/// The circles of the units in `w`, given every warehouse's reserve of each module (its
/// lines' figures counted elsewhere: headquarters counts them from the depots' bundles).
/// Reserves of no module, and of modules `spec` does not ask for, are left out.
pub fn circles_of(s: &Snapshot, stocked: Vec<Stocked>, w: Within, spec: CircleSpec) -> Circles {
    let stocked: Vec<Stocked> = stocked
        .into_iter()
        .filter(|x| x.module != NO_MODULE && spec.module.is_none_or(|m| m == x.module))
        .collect();
    let mut modules: Vec<u16> = stocked.iter().map(|x| x.module).collect();
    modules.sort_unstable();
    modules.dedup();
    if let Some(m) = spec.module.filter(|m| !modules.contains(m)) {
        modules.push(m);
    }
    // The stocked warehouses, once each, and which of them serve each module.
    let mut serving: Vec<u32> = stocked
        .iter()
        .filter(|x| x.enough)
        .map(|x| x.warehouse)
        .collect();
    serving.sort_unstable();
    serving.dedup();
    let by_module: Vec<Vec<usize>> = modules
        .iter()
        .map(|m| {
            stocked
                .iter()
                .filter(|x| x.enough && x.module == *m)
                .filter_map(|x| serving.binary_search(&x.warehouse).ok())
                .collect()
        })
        .collect();

    let mut out = Circles {
        spec,
        modules: modules.clone(),
        stocked,
        units: Vec::new(),
        areas: Vec::new(),
        unlocated: Vec::new(),
        from_table: 0,
        estimated: 0,
    };
    // Areas in scope, province first, each with a slot per module.
    let mut area_of: Vec<Option<u32>> = vec![None; s.places.len()];
    let mut areas: Vec<(CircleLevel, u32)> = s
        .places
        .iter()
        .enumerate()
        .filter_map(|(p, place)| match place.kind {
            PlaceKind::Unit(k, _) => CircleLevel::of(k).map(|l| (l, p as u32)),
            _ => None,
        })
        .filter(|(_, p)| within(s, *p, w))
        .collect();
    areas.sort_by_key(|(l, p)| (*l, *p));
    for (i, (level, p)) in areas.iter().enumerate() {
        area_of[*p as usize] = Some(i as u32);
        for m in &modules {
            out.areas.push(AreaRow {
                area: *p,
                level: *level,
                module: *m,
                seat: None,
                units: 0,
                outside: Vec::new(),
            });
        }
    }
    let nm = modules.len();
    let mut times: Vec<Option<(f64, bool)>> = vec![None; serving.len()];
    for (u, place) in s.places.iter().enumerate() {
        let u = u as u32;
        if !matches!(place.kind, PlaceKind::Unit(..)) || !within(s, u, w) {
            continue;
        }
        if s.geo.point(u).is_none() {
            out.unlocated.push(u);
            continue;
        }
        for (t, wh) in times.iter_mut().zip(&serving) {
            *t = travel(s, spec.roads, *wh, u);
        }
        // The unit's areas, lowest first: its own circle is the first.
        let mut mine: Vec<u32> = Vec::new();
        let mut cur = Some(u);
        while let Some(c) = cur {
            if let Some(a) = area_of[c as usize] {
                mine.push(a);
            }
            cur = s.places[c as usize].parent;
        }
        let circle = lowest_circle(s, u);
        for (k, m) in modules.iter().enumerate() {
            let reach = by_module[k]
                .iter()
                .filter_map(|&i| times[i].map(|(t, est)| (t, est, serving[i])))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)))
                .map(|(minutes, estimated, warehouse)| Reach {
                    warehouse,
                    minutes,
                    estimated,
                });
            match reach {
                Some(r) if r.estimated => out.estimated += 1,
                Some(_) => out.from_table += 1,
                None => {}
            }
            let row = UnitReach {
                unit: u,
                module: *m,
                circle,
                reach,
            };
            let index = out.units.len() as u32;
            for a in &mine {
                let area = &mut out.areas[*a as usize * nm + k];
                area.units += 1;
                if area.area == u {
                    area.seat = reach;
                }
                if !row.inside(area.level) {
                    area.outside.push(index);
                }
            }
            out.units.push(row);
        }
    }
    out
}

/// The circle of the lowest area that unit `u` is or lies in; the province's when none.
fn lowest_circle(s: &Snapshot, u: u32) -> CircleLevel {
    let mut cur = Some(u);
    while let Some(c) = cur {
        if let PlaceKind::Unit(k, _) = s.places[c as usize].kind
            && let Some(l) = CircleLevel::of(k)
        {
            return l;
        }
        cur = s.places[c as usize].parent;
    }
    CircleLevel::Province
}
