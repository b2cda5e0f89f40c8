//! The response circles report (应急响应圈): for every county, city and the province, the
//! nearest warehouse that holds each module at or above a saturation threshold, its travel
//! time against the circle and the units outside it; then every unit's nearest warehouse, the
//! warehouses' modules and the units without a location, from
//! [`depot_domain::readiness::circles`].

use crate::column::Col;
use crate::parts::{Names, report};
use crate::table::{Cell, Report, Section};
use crate::words::{Lang, W, cols as c, l};
use depot_domain::readiness::{
    self as rd, CircleLevel, CircleSpec, Circles, Reach, Snapshot, Within,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

/// The columns of this report only.
mod cols {
    use crate::column::{Col, Kind, word_col};
    use crate::words::W;
    pub const AREA: Col = word_col("area", W::ColArea, Kind::Code);
    pub const AREA_NAME: Col = word_col("area_name", W::ColAreaName, Kind::Text);
    pub const LEVEL: Col = word_col("level", W::ColLevel, Kind::Code);
    pub const LEVEL_NAME: Col = word_col("level_name", W::ColLevelName, Kind::Text);
    pub const CIRCLE: Col = word_col("circle_minutes", W::ColCircleMin, Kind::Num);
    pub const MINUTES: Col = word_col("minutes", W::ColMinutes, Kind::Num);
    pub const ESTIMATED: Col = word_col("estimated", W::ColEstimated, Kind::Bool);
    pub const WITHIN: Col = word_col("within", W::ColWithin, Kind::Bool);
    pub const UNITS: Col = word_col("units", W::ColLocatedUnits, Kind::Num);
    pub const OUTSIDE: Col = word_col("outside", W::ColOutside, Kind::Num);
    pub const OUTSIDE_UNITS: Col = word_col("outside_units", W::ColOutsideUnits, Kind::List);
    pub const UNIT: Col = word_col("unit", W::ColOutsideUnit, Kind::Code);
    pub const UNIT_NAME: Col = word_col("unit_name", W::ColOutsideUnitName, Kind::Text);
    pub const STOCKED: Col = word_col("counts", W::ColStocked, Kind::Bool);
    pub const LOCATED: Col = word_col("located", W::ColLocated, Kind::Bool);
    pub const DEPOT: Col = word_col("warehouse_depot", W::ColWarehouseDepot, Kind::Code);
    pub const DEPOT_NAME: Col =
        word_col("warehouse_depot_name", W::ColWarehouseDepotName, Kind::Text);
}

/// Who a warehouse (a place id) belongs to, in a report over several depots (headquarters'):
/// the depot's code and name.
pub type DepotOf<'a> = &'a dyn Fn(u32) -> Option<(String, String)>;

/// The words of a circle's level.
pub fn level_word(level: CircleLevel) -> W {
    match level {
        CircleLevel::County => W::LevelCounty,
        CircleLevel::City => W::LevelCity,
        CircleLevel::Province => W::LevelProvince,
    }
}

/// Minutes as a report shows them: one decimal place.
pub fn minutes(m: f64) -> Decimal {
    Decimal::from_f64(m).unwrap_or_default().round_dp(1)
}

fn dec(x: f64) -> Decimal {
    Decimal::from_f64(x).unwrap_or_default().normalize()
}

pub(crate) fn circles(
    s: &Snapshot,
    w: Within,
    on: chrono::NaiveDate,
    spec: CircleSpec,
    lang: Lang,
) -> Report {
    let rdn = rd::evaluate(s, on, 0);
    let plan = rd::circles(s, &rdn, w, spec);
    circles_report(s, &plan, None, lang)
}

/// The circles report of `plan`, made on `s`; with `depot`, each warehouse's depot beside it.
pub fn circles_report(s: &Snapshot, plan: &Circles, depot: Option<DepotOf>, lang: Lang) -> Report {
    let nm = Names { s, lang };
    let mut r = report(W::TitleCircles, lang);
    facts(&mut r, plan, lang);
    // The warehouse, its depot when the report has depots, the minutes and whether estimated.
    let whose = |wh: u32| -> Vec<Cell> {
        match depot {
            None => Vec::new(),
            Some(f) => match f(wh) {
                Some((code, name)) => vec![Cell::text(code), Cell::text(name)],
                None => vec![Cell::Empty, Cell::Empty],
            },
        }
    };
    let n_depot = if depot.is_some() { 2 } else { 0 };
    let reach = |x: Option<Reach>| -> Vec<Cell> {
        match x {
            Some(x) => {
                let mut v: Vec<Cell> = nm.place(x.warehouse).into();
                v.extend(whose(x.warehouse));
                v.extend([Cell::Num(minutes(x.minutes)), Cell::Bool(x.estimated)]);
                v
            }
            None => vec![Cell::Empty; 4 + n_depot],
        }
    };
    let with_depot = |mut v: Vec<Col>| -> Vec<Col> {
        if depot.is_some()
            && let Some(i) = v.iter().position(|c| c.key == c::WAREHOUSE_NAME.key)
        {
            v.splice(i + 1..i + 1, [cols::DEPOT, cols::DEPOT_NAME]);
        }
        v
    };

    let mut sec = Section::new(
        "areas",
        W::SecCircleAreas.get(lang),
        with_depot(vec![
            cols::AREA,
            cols::AREA_NAME,
            cols::LEVEL,
            cols::LEVEL_NAME,
            cols::CIRCLE,
            c::MODULE,
            c::MODULE_NAME,
            c::WAREHOUSE,
            c::WAREHOUSE_NAME,
            cols::MINUTES,
            cols::ESTIMATED,
            cols::WITHIN,
            cols::UNITS,
            cols::OUTSIDE,
            cols::OUTSIDE_UNITS,
        ]),
    );
    for a in &plan.areas {
        let mut row: Vec<Cell> = nm.place(a.area).into();
        row.extend([
            Cell::text(a.level.key()),
            Cell::text(level_word(a.level).get(lang)),
            Cell::Num(dec(a.level.minutes())),
        ]);
        row.extend(nm.module(a.module));
        row.extend(reach(a.seat));
        let seat_inside = a.seat.map(|x| x.minutes <= a.level.minutes());
        row.push(seat_inside.map_or(Cell::Empty, Cell::Bool));
        let outside: Vec<(String, String)> = a
            .outside
            .iter()
            .map(|i| {
                let p = s.place(plan.units[*i as usize].unit);
                (p.code.clone(), p.name.clone())
            })
            .collect();
        row.extend([
            Cell::int(a.units),
            Cell::int(a.outside.len()),
            Cell::Places(outside),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);

    // The units outside each area's circle, one a row: the areas' lists as CSV takes them.
    let mut sec = Section::new(
        "outside_units",
        W::SecCircleOutside.get(lang),
        vec![
            cols::AREA,
            cols::AREA_NAME,
            c::MODULE,
            c::MODULE_NAME,
            cols::UNIT,
            cols::UNIT_NAME,
            cols::MINUTES,
            cols::ESTIMATED,
        ],
    );
    for a in &plan.areas {
        for i in &a.outside {
            let u = &plan.units[*i as usize];
            let mut row: Vec<Cell> = nm.place(a.area).into();
            row.extend(nm.module(a.module));
            row.extend(nm.place(u.unit));
            let cells = reach(u.reach);
            row.extend(cells[cells.len() - 2..].iter().cloned());
            sec.rows.push(row);
        }
    }
    r.sections.push(sec);

    let mut sec = Section::new(
        "units",
        W::SecCircleUnits.get(lang),
        with_depot(vec![
            c::UNIT,
            c::UNIT_NAME,
            c::MODULE,
            c::MODULE_NAME,
            cols::LEVEL,
            cols::CIRCLE,
            c::WAREHOUSE,
            c::WAREHOUSE_NAME,
            cols::MINUTES,
            cols::ESTIMATED,
            cols::WITHIN,
        ]),
    );
    for u in &plan.units {
        let mut row: Vec<Cell> = nm.place(u.unit).into();
        row.extend(nm.module(u.module));
        row.extend([
            Cell::text(u.circle.key()),
            Cell::Num(dec(u.circle.minutes())),
        ]);
        row.extend(reach(u.reach));
        row.push(Cell::Bool(u.inside(u.circle)));
        sec.rows.push(row);
    }
    r.sections.push(sec);

    let mut sec = Section::new(
        "stocked",
        W::SecCircleStocked.get(lang),
        with_depot(vec![
            c::WAREHOUSE,
            c::WAREHOUSE_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::SATURATION,
            cols::STOCKED,
            cols::LOCATED,
        ]),
    );
    for x in &plan.stocked {
        let mut row: Vec<Cell> = nm.place(x.warehouse).into();
        row.extend(whose(x.warehouse));
        row.extend(nm.module(x.module));
        row.extend([
            Cell::Pct(x.saturation),
            Cell::Bool(x.enough),
            Cell::Bool(x.located),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);

    let mut sec = Section::new(
        "unlocated",
        W::SecUnlocated.get(lang),
        vec![c::UNIT, c::UNIT_NAME],
    );
    for u in &plan.unlocated {
        sec.rows.push(nm.place(*u).into());
    }
    r.sections.push(sec);
    r.notes.push(W::NoteCircles.get(lang).to_owned());
    r
}

/// The headline figures: what the report assumed, and what it found.
fn facts(r: &mut Report, plan: &Circles, lang: Lang) {
    let spec = plan.spec;
    r.fact(
        "threshold",
        l(lang, W::FigStockedFrom),
        Cell::Pct(Some(spec.threshold)),
        "",
    );
    r.fact(
        "road_factor",
        l(lang, W::FigRoadFactor),
        Cell::Num(dec(spec.roads.factor)),
        "",
    );
    r.fact(
        "speed_kmh",
        l(lang, W::FigSpeed),
        Cell::Num(dec(spec.roads.kmh)),
        "",
    );
    r.fact(
        "circle_coverage",
        l(lang, W::FigCircleCoverage),
        Cell::Pct(plan.coverage()),
        "",
    );
    r.fact(
        "unit_modules",
        l(lang, W::FigUnitModules),
        Cell::int(plan.units.len()),
        "",
    );
    r.fact(
        "outside",
        l(lang, W::FigOutsideCircle),
        Cell::int(plan.outside()),
        "",
    );
    r.fact(
        "unlocated",
        l(lang, W::FigUnlocated),
        Cell::int(plan.unlocated.len()),
        "",
    );
    r.fact(
        "from_table",
        l(lang, W::FigFromTable),
        Cell::int(plan.from_table),
        "",
    );
    r.fact(
        "estimated",
        l(lang, W::FigEstimated),
        Cell::int(plan.estimated),
        "",
    );
}
