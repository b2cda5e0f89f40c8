//! One row of an exchange file parsed into its record: every cell's problem is reported (file,
//! line, column, value, reason), and only a row with none goes into the bundle.

use super::{Bundle, Origin};
use crate::columns::Kind;
use crate::fields::{
    FieldError, fold_code, parse_asset_status, parse_bool, parse_code, parse_date, parse_decimal,
    parse_enum, parse_quantity, parse_u32,
};
use crate::problems::{Problems, RowError};
use crate::reader::Row;
use depot_domain::ids::BARCODE_MAX;
use depot_domain::msg::exchange::ExchangeMsg;
use depot_domain::{
    Asset, AssetStatus, CatalogItem, Category, GeoPoint, Lot, Metric, Module, PlaceLocation, Scope,
    StandardLine, StationClass, Target, TargetScope, Tracking, TravelTime, Unit, UnitKind,
    Warehouse, WarehouseLevel, What,
};
use rust_decimal::Decimal;

/// The longest code other than a barcode.
const CODE_MAX: usize = 64;

fn origin(row: &Row<'_>) -> Origin {
    Origin {
        file: row.file().to_owned(),
        line: row.line,
        sheet: row.sheet().map(Into::into),
    }
}

fn code_cell(s: &str) -> Result<String, FieldError> {
    parse_code(s, Some(CODE_MAX))
}

fn barcode(s: &str) -> Result<String, FieldError> {
    parse_code(s, Some(BARCODE_MAX))
}

/// A module cell: a code, or a name (which may be Chinese) that `module_alias` resolves.
fn module_cell(s: &str) -> Result<String, FieldError> {
    code_cell(s).or_else(|e| {
        let t = s.trim();
        if t.is_empty() || t.chars().count() > CODE_MAX {
            Err(e)
        } else {
            Ok(t.to_owned())
        }
    })
}

/// A module as a file gives it: its code, or its Chinese or English name, of a module in this
/// import's modules.csv (which may rename one) or else of one the database knows (the
/// shipped eight and earlier imports, under their current names), by `domain::module_code`;
/// anything else is left for the check to name.
fn module_alias(b: &Bundle, known: &[depot_domain::Module], given: String) -> String {
    let mut all: Vec<depot_domain::Module> = b.modules.iter().map(|(_, m)| m.clone()).collect();
    all.extend(known.iter().cloned());
    depot_domain::module_code(&all, &given).map_or(given, |c| c.to_string())
}

fn text(s: &str) -> Result<String, FieldError> {
    Ok(s.trim().to_owned())
}

fn non_negative(s: &str) -> Result<rust_decimal::Decimal, FieldError> {
    let d = parse_decimal(s)?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(FieldError::said(ExchangeMsg::MustNotBeNegative));
    }
    Ok(d)
}

fn degrees(s: &str, max: i64, out: ExchangeMsg) -> Result<Decimal, FieldError> {
    let d = parse_decimal(s)?;
    if d.abs() > Decimal::from(max) {
        return Err(FieldError::said(out));
    }
    Ok(d)
}

fn minutes(s: &str) -> Result<Decimal, FieldError> {
    let d = parse_decimal(s)?;
    if d <= Decimal::ZERO {
        return Err(FieldError::said(ExchangeMsg::MinutesPositive));
    }
    Ok(d)
}

/// The optional `lat` and `lon` of a units or warehouses row: both or neither.
fn location(row: &Row<'_>) -> Result<Option<GeoPoint>, RowError> {
    let lat = row.optional("lat", |s| degrees(s, 90, ExchangeMsg::LatitudeRange))?;
    let lon = row.optional("lon", |s| degrees(s, 180, ExchangeMsg::LongitudeRange))?;
    match (lat, lon) {
        (None, None) => Ok(None),
        (Some(lat), Some(lon)) => GeoPoint::new(lat, lon)
            .map(Some)
            .map_err(|_| row.error("lat", FieldError::said(ExchangeMsg::LatitudeRange))),
        (Some(_), None) => Err(row.error("lon", FieldError::said(ExchangeMsg::LatLonPair))),
        (None, Some(_)) => Err(row.error("lat", FieldError::said(ExchangeMsg::LatLonPair))),
    }
}

/// Keeps a place's location beside its row.
fn located(b: &mut Bundle, o: &Origin, code: &str, point: Option<GeoPoint>) {
    if let Some(point) = point {
        b.locations.push((
            o.clone(),
            PlaceLocation {
                code: code.to_owned(),
                point,
            },
        ));
    }
}

/// Collects the parse results of one row: all its errors, or the value.
struct Cells<'p> {
    problems: &'p mut Problems,
    ok: bool,
}

impl Cells<'_> {
    fn take<T>(&mut self, r: Result<T, RowError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.ok = false;
                self.problems.push(e);
                None
            }
        }
    }
}

/// Parses one row of a file of `kind` into the bundle, or its problems into `problems`.
pub fn parse(
    kind: Kind,
    row: &Row<'_>,
    b: &mut Bundle,
    known: &[depot_domain::Module],
    problems: &mut Problems,
) {
    {
        let o = origin(row);
        let mut c = Cells { problems, ok: true };
        match kind {
            Kind::Modules => {
                let code = c.take(row.required("code", code_cell));
                let zh = c.take(row.required("name_zh", text));
                let en = c.take(row.required("name_en", text));
                if let (Some(code), Some(name_zh), Some(name_en)) = (code, zh, en) {
                    b.modules.push((
                        o,
                        Module {
                            code: code.as_str().into(),
                            name_zh,
                            name_en,
                        },
                    ));
                }
            }
            Kind::Units => {
                let code = c.take(row.required("code", code_cell));
                let name = c.take(row.required("name", text));
                let kind = c.take(row.required("kind", parse_enum::<UnitKind>));
                let parent = c.take(row.optional("parent", code_cell));
                let class = c.take(row.optional("class", parse_enum::<StationClass>));
                let point = c.take(location(row));
                if let (
                    Some(code),
                    Some(name),
                    Some(kind),
                    Some(parent),
                    Some(class),
                    Some(point),
                ) = (code, name, kind, parent, class, point)
                {
                    located(b, &o, &code, point);
                    b.units.push((
                        o,
                        Unit {
                            code: code.as_str().into(),
                            name,
                            kind,
                            parent: parent.map(|p| p.as_str().into()),
                            class,
                        },
                    ));
                }
            }
            Kind::Warehouses => {
                let code = c.take(row.required("code", code_cell));
                let name = c.take(row.required("name", text));
                let level = c.take(row.required("level", parse_enum::<WarehouseLevel>));
                let unit = c.take(row.required("unit", code_cell));
                let agreement = c.take(row.optional("agreement", parse_bool));
                let partner = c.take(row.optional("partner", text));
                let point = c.take(location(row));
                if let (
                    Some(code),
                    Some(name),
                    Some(level),
                    Some(unit),
                    Some(agreement),
                    Some(partner),
                    Some(point),
                ) = (code, name, level, unit, agreement, partner, point)
                {
                    located(b, &o, &code, point);
                    let w = Warehouse {
                        code: code.as_str().into(),
                        name,
                        level,
                        unit: unit.as_str().into(),
                        agreement: agreement.unwrap_or(false),
                        partner,
                    };
                    b.warehouses.push((o, w));
                }
            }
            Kind::TravelTimes => {
                let from = c.take(row.required("from", code_cell));
                let to = c.take(row.required("to", code_cell));
                let minutes = c.take(row.required("minutes", minutes));
                if let (Some(from), Some(to), Some(minutes)) = (from, to, minutes) {
                    b.travel_times.push((o, TravelTime { from, to, minutes }));
                }
            }
            Kind::Catalog => {
                let item = c.take(row.required("item", code_cell));
                let name = c.take(row.required("name", text));
                let category = c.take(row.required("category", parse_enum::<Category>));
                let tracking = c.take(row.required("tracking", parse_enum::<Tracking>));
                let uom = c.take(row.required("uom", text));
                let life = c.take(row.optional("life_years", parse_u32));
                let inspect = c.take(row.optional("inspect_days", parse_u32));
                let high_end = c.take(row.optional("high_end", parse_bool));
                let price = c.take(row.optional("unit_price", non_negative));
                if let (
                    Some(item),
                    Some(name),
                    Some(category),
                    Some(tracking),
                    Some(uom),
                    Some(life_years),
                    Some(inspect_days),
                    Some(high_end),
                    Some(unit_price),
                ) = (
                    item, name, category, tracking, uom, life, inspect, high_end, price,
                ) {
                    let it = CatalogItem {
                        code: item.as_str().into(),
                        name,
                        category,
                        tracking,
                        uom,
                        life_years,
                        inspect_days,
                        high_end: high_end.unwrap_or(false),
                        unit_price,
                    };
                    b.catalog.push((o, it));
                }
            }
            Kind::Assets => {
                let bc = c.take(row.required("barcode", barcode));
                let item = c.take(row.required("item", code_cell));
                let serial = c.take(row.optional("serial", text));
                let owner = c.take(row.required("owner", code_cell));
                let location = c.take(row.optional("location", code_cell));
                let module = c
                    .take(row.optional("module", module_cell))
                    .map(|m| m.map(|m| module_alias(b, known, m)));
                let status = c.take(row.optional("status", parse_asset_status));
                let commissioned = c.take(row.optional("commissioned", parse_date));
                let last = c.take(row.optional("last_inspected", parse_date));
                let plate = c.take(row.optional("plate", text));
                if let (
                    Some(bc),
                    Some(item),
                    Some(serial),
                    Some(owner),
                    Some(location),
                    Some(module),
                    Some(status),
                    Some(commissioned),
                    Some(last_inspected),
                    Some(plate),
                ) = (
                    bc,
                    item,
                    serial,
                    owner,
                    location,
                    module,
                    status,
                    commissioned,
                    last,
                    plate,
                ) {
                    let a = Asset {
                        barcode: bc.as_str().into(),
                        item: item.as_str().into(),
                        serial,
                        owner: owner.as_str().into(),
                        location: location.map(|l| l.as_str().into()),
                        module: module.map(|m| m.as_str().into()),
                        status: status.unwrap_or(AssetStatus::Ready),
                        commissioned,
                        last_inspected,
                        plate,
                        due: None,
                    };
                    b.assets.push((o, a));
                }
            }
            Kind::Lots => {
                let bc = c.take(row.required("barcode", barcode));
                let item = c.take(row.required("item", code_cell));
                let lot = c.take(row.optional("lot", text));
                let owner = c.take(row.required("owner", code_cell));
                let module = c
                    .take(row.optional("module", module_cell))
                    .map(|m| m.map(|m| module_alias(b, known, m)));
                let quantity = c.take(row.required("quantity", parse_quantity));
                let expires = c.take(row.optional("expires", parse_date));
                let received = c.take(row.optional("received", parse_date));
                if let (
                    Some(bc),
                    Some(item),
                    Some(lot),
                    Some(owner),
                    Some(module),
                    Some(quantity),
                    Some(expires),
                    Some(received),
                ) = (bc, item, lot, owner, module, quantity, expires, received)
                {
                    let l = Lot {
                        barcode: bc.as_str().into(),
                        item: item.as_str().into(),
                        lot,
                        owner: owner.as_str().into(),
                        module: module.map(|m| m.as_str().into()),
                        quantity,
                        expires,
                        received,
                    };
                    b.lots.push((o, l));
                }
            }
            Kind::Standards => {
                let scope = c.take(row.required("scope", |s| {
                    fold_code(s)
                        .parse::<Scope>()
                        .map_err(|e| FieldError::new(e.to_string(), e.zh()))
                }));
                let module = c
                    .take(row.optional("module", module_cell))
                    .map(|m| m.map(|m| module_alias(b, known, m)));
                let what = c.take(row.required("what", |s| {
                    fold_code(s)
                        .parse::<What>()
                        .map_err(|e| FieldError::new(e.to_string(), e.zh()))
                }));
                let required = c.take(row.required("required", |s| {
                    let d = parse_quantity(s)?;
                    if d.is_zero() {
                        return Err(FieldError::said(ExchangeMsg::StandardZero));
                    }
                    Ok(d)
                }));
                if let (Some(scope), Some(module), Some(what), Some(required)) =
                    (scope, module, what, required)
                {
                    if module.is_some() && !matches!(scope, Scope::Warehouse(_)) {
                        c.take::<()>(Err(
                            row.error("module", FieldError::said(ExchangeMsg::ModuleNotWarehouse))
                        ));
                    } else {
                        b.standards.push((
                            o,
                            StandardLine {
                                scope,
                                module: module.map(|m| m.as_str().into()),
                                what,
                                required,
                            },
                        ));
                    }
                }
            }
            Kind::Targets => {
                let metric = c.take(row.required("metric", parse_enum::<Metric>));
                let scope = c.take(Ok::<_, RowError>(row.get("scope").unwrap_or("")).and_then(
                    |s| {
                        fold_code(s)
                            .parse::<TargetScope>()
                            .map_err(|e| row.error("scope", FieldError::new(e.to_string(), e.zh())))
                    },
                ));
                let target = c.take(row.required("target", non_negative));
                let deadline = c.take(row.required("deadline", parse_date));
                let source = c.take(row.optional("source", text));
                if let (Some(metric), Some(scope), Some(target), Some(deadline), Some(source)) =
                    (metric, scope, target, deadline, source)
                {
                    b.targets.push((
                        o,
                        Target {
                            metric,
                            scope,
                            target,
                            deadline,
                            source,
                        },
                    ));
                }
            }
        }
        let _ = c.ok;
    }
}
