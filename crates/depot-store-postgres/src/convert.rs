//! Rows of the server's tables to and from the domain, and to the port's row views.
//!
//! Every SELECT of a table names its columns in the order of the constant beside it, and the
//! conversions read them by position.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use postgres::Row;
use postgres::types::{FromSql, ToSql};
use rust_decimal::Decimal;

use depot_domain::movement::{Change, Movement, MovementRef, NewMovement};
use depot_domain::stock::{AssetRef, LotRef, StockRef};
use depot_domain::{
    AssetStatus, CatalogItem, Module, StandardLine, Stock, Target, Unit, Vocabulary, Warehouse,
};
use depot_store::{Head, StoreError};

use crate::cells::{Cell, Cells};
use crate::literal::Value;

/// A column that does not hold what depot wrote there.
pub fn corrupt(table: &'static str, key: impl ToString, reason: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table,
        key: key.to_string(),
        reason: reason.to_string(),
    }
}

/// Column `i` of `row`, as `T`.
pub fn col<'r, T: FromSql<'r>>(
    row: &'r Row,
    i: usize,
    table: &'static str,
) -> Result<T, StoreError> {
    row.try_get(i)
        .map_err(|e| corrupt(table, format!("column {i}"), e))
}

/// Column `i` of `row`, in either format (`cells`), as `T`.
pub fn cell<'r, R: Cells, T: Cell<'r>>(
    row: &'r R,
    i: usize,
    table: &'static str,
) -> Result<T, StoreError> {
    row.cell(i)
        .map_err(|e| corrupt(table, format!("column {i}"), e))
}

/// A word of a vocabulary, as stored.
pub fn word<T: Vocabulary>(
    s: &str,
    table: &'static str,
    key: impl ToString,
) -> Result<T, StoreError> {
    T::ALL
        .iter()
        .copied()
        .find(|v| v.en() == s)
        .ok_or_else(|| corrupt(table, key, format!("unknown value '{s}'")))
}

pub use crate::literal::{hex, unhex};

/// Seconds since the epoch as a time PostgreSQL keeps (whole seconds, as redb keeps them).
pub fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

macro_rules! unit_cols {
    () => {
        "code, name, kind, parent, class"
    };
}
pub(crate) use unit_cols;

pub fn unit(r: &Row) -> Result<Unit, StoreError> {
    let code: &str = col(r, 0, "units")?;
    Ok(Unit {
        code: code.into(),
        name: col(r, 1, "units")?,
        kind: word(col(r, 2, "units")?, "units", code)?,
        parent: col::<Option<&str>>(r, 3, "units")?.map(Into::into),
        class: match col::<Option<&str>>(r, 4, "units")? {
            Some(c) => Some(word(c, "units", code)?),
            None => None,
        },
    })
}

macro_rules! warehouse_cols {
    () => {
        "code, name, level, unit, agreement, partner"
    };
}
pub(crate) use warehouse_cols;

pub fn warehouse(r: &Row) -> Result<Warehouse, StoreError> {
    let code: &str = col(r, 0, "warehouses")?;
    Ok(Warehouse {
        code: code.into(),
        name: col(r, 1, "warehouses")?,
        level: word(col(r, 2, "warehouses")?, "warehouses", code)?,
        unit: col::<&str>(r, 3, "warehouses")?.into(),
        agreement: col(r, 4, "warehouses")?,
        partner: col(r, 5, "warehouses")?,
    })
}

macro_rules! module_cols {
    () => {
        "code, name_zh, name_en"
    };
}
pub(crate) use module_cols;

pub fn module(r: &Row) -> Result<Module, StoreError> {
    Ok(Module {
        code: col::<&str>(r, 0, "modules")?.into(),
        name_zh: col(r, 1, "modules")?,
        name_en: col(r, 2, "modules")?,
    })
}

macro_rules! catalog_cols {
    () => {
        "code, name, category, tracking, uom, life_years, inspect_days, high_end, unit_price"
    };
}
pub(crate) use catalog_cols;

fn u32_of(v: Option<i64>, table: &'static str, key: &str) -> Result<Option<u32>, StoreError> {
    v.map(|n| u32::try_from(n).map_err(|e| corrupt(table, key, e)))
        .transpose()
}

pub fn item(r: &Row) -> Result<CatalogItem, StoreError> {
    let code: &str = col(r, 0, "catalog")?;
    Ok(CatalogItem {
        code: code.into(),
        name: col(r, 1, "catalog")?,
        category: word(col(r, 2, "catalog")?, "catalog", code)?,
        tracking: word(col(r, 3, "catalog")?, "catalog", code)?,
        uom: col(r, 4, "catalog")?,
        life_years: u32_of(col(r, 5, "catalog")?, "catalog", code)?,
        inspect_days: u32_of(col(r, 6, "catalog")?, "catalog", code)?,
        high_end: col(r, 7, "catalog")?,
        unit_price: col(r, 8, "catalog")?,
    })
}

macro_rules! standard_cols {
    () => {
        "scope, module, what, required"
    };
}
pub(crate) use standard_cols;

pub fn standard(r: &Row) -> Result<StandardLine, StoreError> {
    let scope: &str = col(r, 0, "standards")?;
    let module: &str = col(r, 1, "standards")?;
    let what: &str = col(r, 2, "standards")?;
    let key = format!("{scope}\u{1f}{module}\u{1f}{what}");
    Ok(StandardLine {
        scope: scope.parse().map_err(|e| corrupt("standards", &key, e))?,
        module: (!module.is_empty()).then(|| module.into()),
        what: what.parse().map_err(|e| corrupt("standards", &key, e))?,
        required: col(r, 3, "standards")?,
    })
}

macro_rules! target_cols {
    () => {
        "metric, scope, deadline, source, target"
    };
}
pub(crate) use target_cols;

pub fn target(r: &Row) -> Result<Target, StoreError> {
    let metric: &str = col(r, 0, "targets")?;
    let scope: &str = col(r, 1, "targets")?;
    let source: &str = col(r, 3, "targets")?;
    Ok(Target {
        metric: word(metric, "targets", scope)?,
        scope: scope.parse().map_err(|e| corrupt("targets", scope, e))?,
        deadline: col(r, 2, "targets")?,
        source: (!source.is_empty()).then(|| source.to_owned()),
        target: col(r, 4, "targets")?,
    })
}

macro_rules! stock_cols {
    () => {
        "barcode, kind, item, owner, module, serial, location, status, \
     commissioned, last_inspected, plate, due, lot, quantity, expires, received, head_seq, head_at"
    };
}
pub(crate) use stock_cols;

/// How many columns `stock_cols!` names: where the columns of a row joined after them begin.
pub const STOCK_COLS: usize = 18;

/// An asset status from the word the table keeps.
pub fn status_of(s: &str) -> Option<AssetStatus> {
    AssetStatus::ALL.iter().copied().find(|v| v.en() == s)
}

/// A stock row as the port's view, borrowing its text from `r`, with its head.
pub fn stock_row<R: Cells>(r: &R) -> Result<(StockRef<'_>, Head), StoreError> {
    const T: &str = "stock";
    let barcode: &str = cell(r, 0, T)?;
    let kind: &str = cell(r, 1, T)?;
    let date = |i| cell::<_, Option<NaiveDate>>(r, i, T);
    let row = match kind {
        "asset" => {
            let status: &str = cell::<_, Option<&str>>(r, 7, T)?.unwrap_or("ready");
            StockRef::Asset(AssetRef {
                barcode,
                item: cell(r, 2, T)?,
                serial: cell(r, 5, T)?,
                owner: cell(r, 3, T)?,
                location: cell(r, 6, T)?,
                module: cell(r, 4, T)?,
                status: status_of(status)
                    .ok_or_else(|| corrupt(T, barcode, format!("status '{status}'")))?,
                commissioned: date(8)?,
                last_inspected: date(9)?,
                plate: cell(r, 10, T)?,
                due: date(11)?,
            })
        }
        "lot" => StockRef::Lot(LotRef {
            barcode,
            item: cell(r, 2, T)?,
            lot: cell(r, 12, T)?,
            owner: cell(r, 3, T)?,
            module: cell(r, 4, T)?,
            quantity: cell::<_, Option<Decimal>>(r, 13, T)?.unwrap_or_default(),
            expires: date(14)?,
            received: date(15)?,
        }),
        other => return Err(corrupt(T, barcode, format!("kind '{other}'"))),
    };
    Ok((row, head(r, 16)?))
}

/// The [`Head`] in columns `i` (seq) and `i + 1` (time).
pub fn head<R: Cells>(r: &R, i: usize) -> Result<Head, StoreError> {
    let seq: Option<i64> = cell(r, i, "stock")?;
    let at: DateTime<Utc> = cell(r, i + 1, "stock")?;
    Ok(Head {
        seq: seq.map_or(0, |s| s as u64),
        at: at.timestamp(),
    })
}

/// A stock row with its head, as domain values.
pub fn stock<R: Cells>(r: &R) -> Result<(Head, Stock), StoreError> {
    let (row, head) = stock_row(r)?;
    Ok((head, row.to_stock()))
}

macro_rules! movement_cols {
    () => {
        "seq, at, at_offset, action, barcode, item, quantity, \
     from_place, to_place, operator, reference, reason, change_keys, change_values, prev_hash, \
     hash, before"
    };
}
pub(crate) use movement_cols;

/// The columns of a ledger row a replay reads ([`movement_ref`]): not the hashes, the operator,
/// the reference, the reason, nor where from.
macro_rules! movement_ref_cols {
    () => {
        "seq, at, at_offset, action, barcode, item, quantity, to_place, change_keys, \
         change_values, before"
    };
}
pub(crate) use movement_ref_cols;

/// A ledger row of the `movement_ref_cols!` as a replay reads it: its number, the number of its
/// barcode's movement before it (0: none), and the movement, its texts lent from the row and
/// its changes parsed into `changes` (cleared first).
pub fn movement_ref<'r>(
    r: &'r Row,
    changes: &'r mut Vec<Change>,
) -> Result<(u64, u64, MovementRef<'r>), StoreError> {
    const T: &str = "ledger";
    let seq: i64 = cell(r, 0, T)?;
    let at: DateTime<Utc> = cell(r, 1, T)?;
    let offset: i32 = cell(r, 2, T)?;
    let offset = FixedOffset::east_opt(offset).ok_or_else(|| corrupt(T, seq, "bad offset"))?;
    let keys: Vec<&str> = r.try_get(8).map_err(|e| corrupt(T, seq, e))?;
    let values: Vec<&str> = r.try_get(9).map_err(|e| corrupt(T, seq, e))?;
    changes.clear();
    for (k, v) in keys.into_iter().zip(values) {
        changes.push(Change::parse_str(k, v).map_err(|e| corrupt(T, seq, e))?);
    }
    let before: Option<i64> = cell(r, 10, T)?;
    let m = MovementRef {
        at: at.with_timezone(&offset),
        action: word(cell(r, 3, T)?, T, seq)?,
        barcode: cell(r, 4, T)?,
        item: cell(r, 5, T)?,
        quantity: cell(r, 6, T)?,
        to: cell(r, 7, T)?,
        changes,
    };
    Ok((seq as u64, before.map_or(0, |b| b as u64), m))
}

/// A movement and the sequence number of its barcode's movement before it (0: none).
pub fn movement(r: &Row) -> Result<(Movement, u64), StoreError> {
    movement_at(r, 0)
}

/// [`movement`] of the `movement_cols!` from column `first` of `r` on.
pub fn movement_at<R: Cells>(r: &R, first: usize) -> Result<(Movement, u64), StoreError> {
    const T: &str = "ledger";
    let seq: i64 = cell(r, first, T)?;
    let at: DateTime<Utc> = cell(r, first + 1, T)?;
    let offset: i32 = cell(r, first + 2, T)?;
    let offset = FixedOffset::east_opt(offset).ok_or_else(|| corrupt(T, seq, "bad offset"))?;
    let keys: Vec<String> = cell(r, first + 12, T)?;
    let values: Vec<String> = cell(r, first + 13, T)?;
    let mut changes = Vec::with_capacity(keys.len());
    for (k, v) in keys.iter().zip(values) {
        changes.push(Change::parse(k, v).map_err(|e| corrupt(T, seq, e))?);
    }
    let body = NewMovement {
        at: at.with_timezone(&offset),
        action: word(cell(r, first + 3, T)?, T, seq)?,
        barcode: cell::<_, &str>(r, first + 4, T)?.into(),
        item: cell::<_, &str>(r, first + 5, T)?.into(),
        quantity: cell(r, first + 6, T)?,
        from: cell::<_, Option<&str>>(r, first + 7, T)?.map(Into::into),
        to: cell::<_, Option<&str>>(r, first + 8, T)?.map(Into::into),
        operator: cell::<_, &str>(r, first + 9, T)?.into(),
        reference: cell(r, first + 10, T)?,
        reason: cell(r, first + 11, T)?,
        changes,
    };
    let before: Option<i64> = cell(r, first + 16, T)?;
    Ok((
        Movement {
            seq: seq as u64,
            body,
            prev_hash: cell(r, first + 14, T)?,
            hash: cell(r, first + 15, T)?,
        },
        before.map_or(0, |b| b as u64),
    ))
}

/// The columns of a stock row, for writing, in the table's order (`stock_cols!`): an insert,
/// an upsert and a COPY send [`StockCols::params`].
pub struct StockCols<'a> {
    barcode: &'a str,
    kind: &'static str,
    item: &'a str,
    owner: &'a str,
    module: Option<&'a str>,
    serial: Option<&'a str>,
    location: Option<&'a str>,
    status: Option<&'static str>,
    commissioned: Option<NaiveDate>,
    last_inspected: Option<NaiveDate>,
    plate: Option<&'a str>,
    due: Option<NaiveDate>,
    lot: Option<&'a str>,
    quantity: Option<Decimal>,
    expires: Option<NaiveDate>,
    received: Option<NaiveDate>,
    life_end: Option<NaiveDate>,
    head_seq: Option<i64>,
    head_at: DateTime<Utc>,
}

impl<'a> StockCols<'a> {
    /// `s` as columns after its last movement `head`; `life_years` is its item's service life.
    pub fn of(s: &'a Stock, life_years: Option<u32>, head: Head) -> Self {
        let (head_seq, head_at) = ((head.seq != 0).then_some(head.seq as i64), instant(head.at));
        match s {
            Stock::Asset(a) => StockCols {
                barcode: a.barcode.as_str(),
                kind: "asset",
                item: a.item.as_str(),
                owner: a.owner.as_str(),
                module: a.module.as_ref().map(|m| m.as_str()),
                serial: a.serial.as_deref(),
                location: a.location.as_ref().map(|l| l.as_str()),
                status: Some(a.status.en()),
                commissioned: a.commissioned,
                last_inspected: a.last_inspected,
                plate: a.plate.as_deref(),
                due: a.due,
                lot: None,
                quantity: None,
                expires: None,
                received: None,
                life_end: a
                    .commissioned
                    .zip(life_years)
                    .and_then(|(c, y)| depot_domain::stock::life_end(c, y)),
                head_seq,
                head_at,
            },
            Stock::Lot(l) => StockCols {
                barcode: l.barcode.as_str(),
                kind: "lot",
                item: l.item.as_str(),
                owner: l.owner.as_str(),
                module: l.module.as_ref().map(|m| m.as_str()),
                serial: None,
                location: None,
                status: None,
                commissioned: None,
                last_inspected: None,
                plate: None,
                due: None,
                lot: l.lot.as_deref(),
                quantity: Some(l.quantity),
                expires: l.expires,
                received: l.received,
                life_end: None,
                head_seq,
                head_at,
            },
        }
    }

    /// The 19 values of the row, in the table's column order.
    /// The row's values, in the table's column order.
    fn values(&self) -> [&(dyn Value + Sync); 19] {
        [
            &self.barcode,
            &self.kind,
            &self.item,
            &self.owner,
            &self.module,
            &self.serial,
            &self.location,
            &self.status,
            &self.commissioned,
            &self.last_inspected,
            &self.plate,
            &self.due,
            &self.lot,
            &self.quantity,
            &self.expires,
            &self.received,
            &self.life_end,
            &self.head_seq,
            &self.head_at,
        ]
    }

    /// The row's values as literals (`literal`).
    pub fn literals(&self) -> String {
        crate::literal::list(&self.values())
    }

    /// The row's values as parameters.
    pub fn params(&self) -> [&(dyn ToSql + Sync); 19] {
        crate::literal::params(self.values())
    }
}

/// The columns of a movement, for writing, in the table's order (`movement_cols!`): an insert
/// and a COPY send [`MovementCols::params`].
pub struct MovementCols<'a> {
    m: &'a Movement,
    seq: i64,
    at: DateTime<Utc>,
    offset: i32,
    action: &'static str,
    barcode: &'a str,
    item: &'a str,
    from: Option<&'a str>,
    to: Option<&'a str>,
    operator: &'a str,
    keys: Vec<String>,
    values: Vec<String>,
    prev_hash: &'a [u8],
    hash: &'a [u8],
    before: Option<i64>,
}

impl<'a> MovementCols<'a> {
    /// `m` as columns; `before` is the same barcode's movement before it (0: none).
    pub fn of(m: &'a Movement, before: u64) -> Self {
        let b = &m.body;
        MovementCols {
            m,
            seq: m.seq as i64,
            at: instant(b.at.timestamp()),
            offset: b.at.offset().local_minus_utc(),
            action: b.action.en(),
            barcode: b.barcode.as_str(),
            item: b.item.as_str(),
            from: b.from.as_ref().map(|p| p.as_str()),
            to: b.to.as_ref().map(|p| p.as_str()),
            operator: b.operator.as_str(),
            keys: b.changes.iter().map(|c| c.key().to_owned()).collect(),
            values: b.changes.iter().map(Change::value).collect(),
            prev_hash: m.prev_hash.as_slice(),
            hash: m.hash.as_slice(),
            before: (before != 0).then_some(before as i64),
        }
    }

    /// The row's values, in the table's column order.
    fn values(&self) -> [&(dyn Value + Sync); 17] {
        let b = &self.m.body;
        [
            &self.seq,
            &self.at,
            &self.offset,
            &self.action,
            &self.barcode,
            &self.item,
            &b.quantity,
            &self.from,
            &self.to,
            &self.operator,
            &b.reference,
            &b.reason,
            &self.keys,
            &self.values,
            &self.prev_hash,
            &self.hash,
            &self.before,
        ]
    }

    /// The row's values as literals (`literal`).
    pub fn literals(&self) -> String {
        crate::literal::list(&self.values())
    }

    /// The 17 values of the row, in the table's column order, as parameters.
    pub fn params(&self) -> [&(dyn ToSql + Sync); 17] {
        crate::literal::params(self.values())
    }
}
