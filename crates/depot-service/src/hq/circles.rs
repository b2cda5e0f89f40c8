//! Headquarters' response circles over the whole service: every depot's units and warehouses
//! with their locations, from its latest bundle (schema version 2: `units.csv`,
//! `warehouses.csv`, `travel_times.csv`), each warehouse module's saturation counted from the
//! same bundle's `readiness.csv` lines, and the domain's circles over them
//! (`depot_domain::readiness::circles_of`, the depot's own report's function). The province
//! is the whole service, each depot's top unit its city, its brigades the counties; a unit's
//! nearest stocked warehouse may be another depot's.
//!
//! A code that two depots' files both use (each depot keeps its own codes) is shown as
//! `DEPOT/CODE` wherever it appears; a code used by one depot only stays as it is. A depot's
//! travel-time table names only places of its own register (its import checks that), so two
//! depots' tables never give the same pair; should they, the bundle written later is taken.
//! A pair no table gives is estimated.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset};
use depot_domain::geo::{GeoPoint, PlaceLocation, TravelTime};
use depot_domain::readiness::{
    CircleSpec, Circles, Snapshot, SnapshotBuilder, Stocked, Tally, Within, circles_of,
};
use depot_domain::{StationClass, Unit, UnitCode, UnitKind, Vocabulary, Warehouse, WarehouseLevel};
use depot_exchange::columns::{TRAVEL_TIMES, UNITS, WAREHOUSES};
use rust_decimal::Decimal;

use super::figures::{damaged, decimal, file, readiness_lines, records};
use crate::Result;
use crate::store::hq::HqDepot;
use crate::store::{Reader, Store};

/// The code of the province, the whole service, above every depot's top unit.
pub const PROVINCE: &str = "*";

/// One depot's part of the service's circles.
#[derive(Debug, Clone)]
pub struct DepotPlaces {
    pub depot: HqDepot,
    /// Its top unit in the snapshot (its city), when its latest bundle carried places.
    pub seat: Option<u32>,
    /// Units and warehouses its latest bundle carried (0: none, a version-1 bundle or none yet).
    pub units: usize,
    pub warehouses: usize,
    pub travel_times: usize,
}

impl DepotPlaces {
    /// Whether its latest bundle carried places.
    pub fn has_places(&self) -> bool {
        self.units > 0
    }
}

/// The service's circles: the snapshot of every depot's places, and the plan over it.
#[derive(Debug, Clone)]
pub struct ServiceCircles {
    pub snap: Snapshot,
    pub plan: Circles,
    /// Enrolled depots in code order.
    pub depots: Vec<DepotPlaces>,
    /// Per place id of `snap`: the depot (an index into `depots`) it belongs to; `None` for
    /// the province.
    pub owner: Vec<Option<usize>>,
}

impl ServiceCircles {
    /// The depot that place `p` belongs to.
    pub fn depot_of(&self, p: u32) -> Option<&HqDepot> {
        self.owner
            .get(p as usize)
            .copied()
            .flatten()
            .map(|i| &self.depots[i].depot)
    }
}

/// What one depot's files give.
#[derive(Default)]
struct Places {
    units: Vec<Unit>,
    warehouses: Vec<Warehouse>,
    points: Vec<(String, GeoPoint)>,
    times: Vec<TravelTime>,
    /// Per warehouse code and module code: its lines.
    reserves: BTreeMap<(String, String), Tally>,
}

/// The circles over every depot (`only`: the units of that depot only; its nearest warehouse
/// may still be another depot's).
/// `spec_of` makes the circles' spec once the service's modules are known (a module asked for
/// by its code or name).
pub fn service_circles(
    store: &Store,
    only: Option<&str>,
    spec_of: impl FnOnce(&Snapshot) -> Result<CircleSpec>,
) -> Result<ServiceCircles> {
    let r = store.read()?;
    let mut all: Vec<HqDepot> = r.hq_depots()?;
    all.sort_by(|a, b| a.code.cmp(&b.code));
    let mut read: Vec<Places> = Vec::with_capacity(all.len());
    for d in &all {
        read.push(match &d.last {
            Some(_) => places_of(&r, &d.code)?,
            None => Places::default(),
        });
    }
    // Codes that more than one depot uses are qualified with the depot's code.
    let mut users: HashMap<&str, usize> = HashMap::new();
    for p in &read {
        let mut mine: Vec<&str> = p.units.iter().map(|u| u.code.as_str()).collect();
        mine.extend(p.warehouses.iter().map(|w| w.code.as_str()));
        mine.sort_unstable();
        mine.dedup();
        for c in mine {
            *users.entry(c).or_default() += 1;
        }
    }
    let qualify = |depot: &str, code: &str| -> String {
        if users.get(code).copied().unwrap_or(0) > 1 {
            format!("{depot}/{code}")
        } else {
            code.to_owned()
        }
    };
    // Headquarters' own corps names the province, if its register has one; else the report
    // names it in its language.
    let province_name = r
        .units()?
        .into_iter()
        .find(|u| u.parent.is_none() && u.kind == UnitKind::Corps)
        .map(|u| u.name)
        .unwrap_or_default();
    let mut units = vec![Unit {
        code: UnitCode::new(PROVINCE),
        name: province_name,
        kind: UnitKind::Corps,
        parent: None,
        class: None,
    }];
    let mut warehouses = Vec::new();
    let mut owner_of: HashMap<String, usize> = HashMap::new();
    let mut locations = Vec::new();
    for (i, (d, p)) in all.iter().zip(&read).enumerate() {
        let q = |c: &str| qualify(&d.code, c);
        for u in &p.units {
            let code = q(u.code.as_str());
            owner_of.insert(code.clone(), i);
            units.push(Unit {
                code: UnitCode::new(code),
                name: u.name.clone(),
                kind: u.kind,
                parent: Some(UnitCode::new(
                    u.parent
                        .as_ref()
                        .map_or(PROVINCE.to_owned(), |x| q(x.as_str())),
                )),
                class: u.class,
            });
        }
        for w in &p.warehouses {
            let code = q(w.code.as_str());
            owner_of.insert(code.clone(), i);
            let mut w = w.clone();
            w.unit = UnitCode::new(q(w.unit.as_str()));
            w.code = depot_domain::WarehouseCode::new(code);
            warehouses.push(w);
        }
        for (c, point) in &p.points {
            locations.push(PlaceLocation {
                code: q(c),
                point: *point,
            });
        }
    }
    let mut snap = SnapshotBuilder::new(&units, &warehouses, &[], Vec::new(), Vec::new()).finish();
    snap.module_names = r.modules()?;
    snap.set_geo(&locations, &merged_times(&all, &read, &qualify));
    let owner: Vec<Option<usize>> = snap
        .places
        .iter()
        .map(|p| owner_of.get(&p.code).copied())
        .collect();
    // Modules get their ids in code order, after "none".
    let mut modules: Vec<&str> = read
        .iter()
        .flat_map(|p| p.reserves.keys().map(|(_, m)| m.as_str()))
        .collect();
    modules.sort_unstable();
    modules.dedup();
    snap.modules.extend(modules.iter().map(|m| (*m).to_owned()));
    let spec = spec_of(&snap)?;
    let mut stocked = Vec::new();
    for (d, p) in all.iter().zip(&read) {
        for ((wh, m), t) in &p.reserves {
            let (Some(place), Some(module)) = (
                snap.place_id(&qualify(&d.code, wh)),
                snap.modules.iter().position(|x| x == m),
            ) else {
                continue;
            };
            stocked.push(Stocked::of(&snap, place, module as u16, t, spec.threshold));
        }
    }
    stocked.sort_by_key(|x| (x.warehouse, x.module));
    let depots: Vec<DepotPlaces> = all
        .into_iter()
        .zip(&read)
        .map(|(depot, p)| DepotPlaces {
            seat: snap.place_id(&qualify(&depot.code, &depot.code)),
            units: p.units.len(),
            warehouses: p.warehouses.len(),
            travel_times: p.times.len(),
            depot,
        })
        .collect();
    let seat = only.map(|code| {
        depots
            .iter()
            .find(|d| d.depot.code == code)
            .and_then(|d| d.seat)
    });
    let plan = match seat {
        None => circles_of(&snap, stocked, Within::Everything, spec),
        Some(Some(seat)) => circles_of(&snap, stocked, Within::Place(seat), spec),
        // A depot whose bundle carried no places has no units to look at: the warehouses'
        // reserves, and nothing else.
        Some(None) => Circles {
            units: Vec::new(),
            areas: Vec::new(),
            unlocated: Vec::new(),
            from_table: 0,
            estimated: 0,
            ..circles_of(&snap, stocked, Within::Everything, spec)
        },
    };
    let mut plan = plan;
    // The province is no place of a depot: it has no location of its own to miss.
    plan.unlocated.retain(|p| owner[*p as usize].is_some());
    Ok(ServiceCircles {
        snap,
        plan,
        depots,
        owner,
    })
}

/// Every depot's travel times, one per pair of places: where two depots' tables give the same
/// pair (either way round), the table of the bundle written later; within one table, as the
/// depot's own report reads it.
fn merged_times(
    all: &[HqDepot],
    read: &[Places],
    qualify: &dyn Fn(&str, &str) -> String,
) -> Vec<TravelTime> {
    let written = |d: &HqDepot| {
        d.last
            .as_ref()
            .and_then(|l| DateTime::<FixedOffset>::parse_from_rfc3339(&l.created).ok())
    };
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|i| (written(&all[*i]), all[*i].code.clone()));
    let mut pairs: BTreeMap<(String, String), (usize, Vec<TravelTime>)> = BTreeMap::new();
    for i in order {
        for t in &read[i].times {
            let (from, to) = (qualify(&all[i].code, &t.from), qualify(&all[i].code, &t.to));
            let key = if from <= to {
                (from.clone(), to.clone())
            } else {
                (to.clone(), from.clone())
            };
            let slot = pairs.entry(key).or_insert((i, Vec::new()));
            if slot.0 != i {
                *slot = (i, Vec::new());
            }
            slot.1.push(TravelTime {
                from,
                to,
                minutes: t.minutes,
            });
        }
    }
    pairs.into_values().flat_map(|(_, v)| v).collect()
}

/// The places of `depot`'s latest bundle and its warehouses' reserve lines.
fn places_of(r: &Reader, depot: &str) -> Result<Places> {
    let mut p = Places::default();
    let names = |cols: &[depot_exchange::reader::ColumnSpec]| -> Vec<&'static str> {
        cols.iter().map(|c| c.name).collect()
    };
    let point = |name: &str, line: u64, lat: &str, lon: &str| -> Result<Option<GeoPoint>> {
        if lat.is_empty() && lon.is_empty() {
            return Ok(None);
        }
        let (lat, lon) = (
            decimal(depot, name, line, lat)?,
            decimal(depot, name, line, lon)?,
        );
        GeoPoint::new(lat, lon)
            .map(Some)
            .map_err(|e| damaged(depot, name, line, e))
    };
    const U: &str = "units.csv";
    let bytes = file(r, depot, U)?.unwrap_or_default();
    if !bytes.is_empty() {
        records(depot, U, &bytes, &names(UNITS), |rec, line| {
            let cell = |i: usize| rec.get(i).unwrap_or_default();
            let kind = UnitKind::from_word(cell(2))
                .ok_or_else(|| damaged(depot, U, line, format!("kind {:?}", cell(2))))?;
            let class = match cell(4) {
                "" => None,
                c => Some(
                    StationClass::from_word(c)
                        .ok_or_else(|| damaged(depot, U, line, format!("class {c:?}")))?,
                ),
            };
            if let Some(x) = point(U, line, cell(5), cell(6))? {
                p.points.push((cell(0).to_owned(), x));
            }
            p.units.push(Unit {
                code: UnitCode::new(cell(0)),
                name: cell(1).to_owned(),
                kind,
                parent: Some(cell(3)).filter(|x| !x.is_empty()).map(UnitCode::new),
                class,
            });
            Ok(())
        })?;
    }
    const W: &str = "warehouses.csv";
    let bytes = file(r, depot, W)?.unwrap_or_default();
    if !bytes.is_empty() {
        records(depot, W, &bytes, &names(WAREHOUSES), |rec, line| {
            let cell = |i: usize| rec.get(i).unwrap_or_default();
            let level = WarehouseLevel::from_word(cell(2))
                .ok_or_else(|| damaged(depot, W, line, format!("level {:?}", cell(2))))?;
            if let Some(x) = point(W, line, cell(6), cell(7))? {
                p.points.push((cell(0).to_owned(), x));
            }
            p.warehouses.push(Warehouse {
                code: depot_domain::WarehouseCode::new(cell(0)),
                name: cell(1).to_owned(),
                level,
                unit: UnitCode::new(cell(3)),
                agreement: cell(4) == "yes",
                partner: Some(cell(5)).filter(|x| !x.is_empty()).map(str::to_owned),
            });
            Ok(())
        })?;
    }
    const T: &str = "travel_times.csv";
    let bytes = file(r, depot, T)?.unwrap_or_default();
    if !bytes.is_empty() {
        records(depot, T, &bytes, &names(TRAVEL_TIMES), |rec, line| {
            let cell = |i: usize| rec.get(i).unwrap_or_default();
            let minutes: Decimal = decimal(depot, T, line, cell(2))?;
            p.times.push(TravelTime {
                from: cell(0).to_owned(),
                to: cell(1).to_owned(),
                minutes,
            });
            Ok(())
        })?;
    }
    let ours: std::collections::HashSet<&str> =
        p.warehouses.iter().map(|w| w.code.as_str()).collect();
    let mut reserves: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for l in readiness_lines(r, depot)? {
        if l.module.is_empty() || !ours.contains(l.scope.as_str()) {
            continue;
        }
        reserves
            .entry((l.scope, l.module))
            .or_default()
            .add_line(l.required, l.held, l.ready);
    }
    p.reserves = reserves;
    Ok(p)
}
