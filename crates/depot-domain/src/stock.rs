//! Stock: serialized assets and quantities held in lots, and the date rules that apply to them.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

use super::ids::{Barcode, ItemCode, ModuleCode, PlaceCode};
use super::vocab::AssetStatus;

/// One serialized, barcoded piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub barcode: Barcode,
    pub item: ItemCode,
    pub serial: Option<String>,
    /// The unit or warehouse it belongs to and counts for.
    pub owner: PlaceCode,
    /// Where it is now when it is not at its owner: it is checked out there.
    pub location: Option<PlaceCode>,
    pub module: Option<ModuleCode>,
    pub status: AssetStatus,
    pub commissioned: Option<NaiveDate>,
    pub last_inspected: Option<NaiveDate>,
    pub plate: Option<String>,
    /// The expected return date of a check-out.
    pub due: Option<NaiveDate>,
}

/// A barcoded quantity of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lot {
    pub barcode: Barcode,
    pub item: ItemCode,
    pub lot: Option<String>,
    pub owner: PlaceCode,
    pub module: Option<ModuleCode>,
    pub quantity: Decimal,
    pub expires: Option<NaiveDate>,
    pub received: Option<NaiveDate>,
}

/// What a barcode stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stock {
    Asset(Asset),
    Lot(Lot),
}

impl Stock {
    pub fn barcode(&self) -> &Barcode {
        match self {
            Stock::Asset(a) => &a.barcode,
            Stock::Lot(l) => &l.barcode,
        }
    }
    pub fn item(&self) -> &ItemCode {
        match self {
            Stock::Asset(a) => &a.item,
            Stock::Lot(l) => &l.item,
        }
    }
    pub fn owner(&self) -> &PlaceCode {
        match self {
            Stock::Asset(a) => &a.owner,
            Stock::Lot(l) => &l.owner,
        }
    }
    pub fn module(&self) -> Option<&ModuleCode> {
        match self {
            Stock::Asset(a) => a.module.as_ref(),
            Stock::Lot(l) => l.module.as_ref(),
        }
    }
}

/// An asset borrowed from where it is read: what a streaming read (an export of a million
/// rows) hands out without copying its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssetRef<'a> {
    pub barcode: &'a str,
    pub item: &'a str,
    pub serial: Option<&'a str>,
    pub owner: &'a str,
    pub location: Option<&'a str>,
    pub module: Option<&'a str>,
    pub status: AssetStatus,
    pub commissioned: Option<NaiveDate>,
    pub last_inspected: Option<NaiveDate>,
    pub plate: Option<&'a str>,
    pub due: Option<NaiveDate>,
}

/// A lot borrowed from where it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LotRef<'a> {
    pub barcode: &'a str,
    pub item: &'a str,
    pub lot: Option<&'a str>,
    pub owner: &'a str,
    pub module: Option<&'a str>,
    pub quantity: Decimal,
    pub expires: Option<NaiveDate>,
    pub received: Option<NaiveDate>,
}

/// What a barcode stands for, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockRef<'a> {
    Asset(AssetRef<'a>),
    Lot(LotRef<'a>),
}

impl<'a> StockRef<'a> {
    pub fn barcode(&self) -> &'a str {
        match self {
            StockRef::Asset(a) => a.barcode,
            StockRef::Lot(l) => l.barcode,
        }
    }
    pub fn item(&self) -> &'a str {
        match self {
            StockRef::Asset(a) => a.item,
            StockRef::Lot(l) => l.item,
        }
    }
    pub fn owner(&self) -> &'a str {
        match self {
            StockRef::Asset(a) => a.owner,
            StockRef::Lot(l) => l.owner,
        }
    }
    pub fn module(&self) -> Option<&'a str> {
        match self {
            StockRef::Asset(a) => a.module,
            StockRef::Lot(l) => l.module,
        }
    }
}

impl StockRef<'_> {
    /// The stock row this view borrows, as an owned value.
    pub fn to_stock(&self) -> Stock {
        let s = |v: Option<&str>| v.map(str::to_owned);
        match *self {
            StockRef::Asset(a) => Stock::Asset(Asset {
                barcode: a.barcode.into(),
                item: a.item.into(),
                serial: s(a.serial),
                owner: a.owner.into(),
                location: a.location.map(Into::into),
                module: a.module.map(Into::into),
                status: a.status,
                commissioned: a.commissioned,
                last_inspected: a.last_inspected,
                plate: s(a.plate),
                due: a.due,
            }),
            StockRef::Lot(l) => Stock::Lot(Lot {
                barcode: l.barcode.into(),
                item: l.item.into(),
                lot: s(l.lot),
                owner: l.owner.into(),
                module: l.module.map(Into::into),
                quantity: l.quantity,
                expires: l.expires,
                received: l.received,
            }),
        }
    }
}

/// An asset as a full scan of the stock reads it: its codes as the bytes they are kept in
/// (the reader checks as text only the codes it keeps, once each: checking every text of a
/// million rows was a sixth of the readiness snapshot's work), its dates as day numbers
/// ([`day_number`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssetScan<'a> {
    pub item: &'a [u8],
    pub serial: Option<&'a [u8]>,
    pub owner: &'a [u8],
    pub location: Option<&'a [u8]>,
    pub module: Option<&'a [u8]>,
    pub status: AssetStatus,
    pub commissioned: Option<i32>,
    pub last_inspected: Option<i32>,
    pub plate: Option<&'a [u8]>,
    pub due: Option<i32>,
}

/// A lot as a full scan of the stock reads it (see [`AssetScan`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LotScan<'a> {
    pub item: &'a [u8],
    pub lot: Option<&'a [u8]>,
    pub owner: &'a [u8],
    pub module: Option<&'a [u8]>,
    pub quantity: Decimal,
    pub expires: Option<i32>,
    pub received: Option<i32>,
}

/// A stock row as a full scan reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockScan<'a> {
    Asset(AssetScan<'a>),
    Lot(LotScan<'a>),
}

impl<'a> StockRef<'a> {
    /// This row as a full scan reads it.
    pub fn scan(&self) -> StockScan<'a> {
        fn b(s: Option<&str>) -> Option<&[u8]> {
            s.map(str::as_bytes)
        }
        match *self {
            StockRef::Asset(a) => StockScan::Asset(AssetScan {
                item: a.item.as_bytes(),
                serial: b(a.serial),
                owner: a.owner.as_bytes(),
                location: b(a.location),
                module: b(a.module),
                status: a.status,
                commissioned: a.commissioned.map(day_number),
                last_inspected: a.last_inspected.map(day_number),
                plate: b(a.plate),
                due: a.due.map(day_number),
            }),
            StockRef::Lot(l) => StockScan::Lot(LotScan {
                item: l.item.as_bytes(),
                lot: b(l.lot),
                owner: l.owner.as_bytes(),
                module: b(l.module),
                quantity: l.quantity,
                expires: l.expires.map(day_number),
                received: l.received.map(day_number),
            }),
        }
    }
}

/// The end of a service life: commissioned plus whole calendar years; a 29 February start ends
/// on 28 February of a common year.
pub fn life_end(commissioned: NaiveDate, life_years: u32) -> Option<NaiveDate> {
    commissioned.checked_add_months(Months::new(life_years.checked_mul(12)?))
}

/// A date as the store and the readiness engine keep it: days from the common era.
pub fn day_number(d: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&d)
}

/// The day number from which a piece is over-age: [`i32::MAX`] (never) without a service life
/// or a commissioned date; [`i32::MIN`] (always) when the life end falls off the calendar.
pub fn over_age_from(commissioned: Option<i32>, life_years: Option<u32>) -> i32 {
    match (commissioned, life_years) {
        (Some(c), Some(y)) => NaiveDate::from_num_days_from_ce_opt(c)
            .and_then(|c| life_end(c, y))
            .map_or(i32::MIN, day_number),
        _ => i32::MAX,
    }
}

/// Over-age on `on`: from the life end on.
pub fn is_over_age(
    commissioned: Option<NaiveDate>,
    life_years: Option<u32>,
    on: NaiveDate,
) -> bool {
    day_number(on) >= over_age_from(commissioned.map(day_number), life_years)
}

/// Inspection overdue on `on`: the item has an interval and the last inspection is missing or
/// more than that many days before `on`.
pub fn is_inspection_overdue(
    last_inspected: Option<NaiveDate>,
    inspect_days: Option<u32>,
    on: NaiveDate,
) -> bool {
    inspection_overdue_on(last_inspected.map(day_number), inspect_days, day_number(on))
}

/// [`is_inspection_overdue`] on day numbers.
pub fn inspection_overdue_on(
    last_inspected: Option<i32>,
    inspect_days: Option<u32>,
    on: i32,
) -> bool {
    match (inspect_days, last_inspected) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(days), Some(last)) => i64::from(on) - i64::from(last) > i64::from(days),
    }
}

/// A lot is good through its expiry date and expired from the day after.
pub fn is_expired(expires: Option<NaiveDate>, on: NaiveDate) -> bool {
    expired_on(expires.map(day_number), day_number(on))
}

/// [`is_expired`] on day numbers.
pub fn expired_on(expires: Option<i32>, on: i32) -> bool {
    expires.is_some_and(|e| on > e)
}

/// Checked out: the asset has a location other than its owner.
pub fn is_checked_out<T: PartialEq + ?Sized>(owner: &T, location: Option<&T>) -> bool {
    location.is_some_and(|l| l != owner)
}

/// Held: counted for its owner at all (every asset but a retired one or one away at another
/// depot; every lot).
pub fn is_held(status: AssetStatus) -> bool {
    !matches!(status, AssetStatus::Retired | AssetStatus::Away)
}

/// Past due, on day `on`: a held asset (not retired) checked out with a return date before
/// `on`; due on `on` itself is not yet late. One rule for the figure the readiness engine
/// counts and the list behind it (the readiness report's section, the dashboard's popup).
pub fn past_due_on(status: AssetStatus, checked_out: bool, due: Option<i32>, on: i32) -> bool {
    is_held(status) && checked_out && due.is_some_and(|due| due < on)
}

/// Ready, for an asset: held, status ready, at its owner, not over-age, inspection not
/// overdue. (A lot is ready while it is not expired.)
pub fn is_asset_ready(
    status: AssetStatus,
    checked_out: bool,
    over_age: bool,
    inspection_overdue: bool,
) -> bool {
    status == AssetStatus::Ready && !checked_out && !over_age && !inspection_overdue
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn life_end_keeps_calendar_years_and_clamps_leap_day() {
        assert_eq!(life_end(d("2010-03-15"), 12), Some(d("2022-03-15")));
        assert_eq!(life_end(d("2016-02-29"), 3), Some(d("2019-02-28")));
        assert_eq!(life_end(d("2016-02-29"), 4), Some(d("2020-02-29")));
    }

    #[test]
    fn over_age_from_the_life_end_on() {
        let c = Some(d("2014-06-01"));
        assert!(!is_over_age(c, Some(12), d("2026-05-31")));
        assert!(is_over_age(c, Some(12), d("2026-06-01")));
        assert!(!is_over_age(c, None, d("2099-01-01")));
        assert!(!is_over_age(None, Some(1), d("2099-01-01")));
    }

    #[test]
    fn inspection_overdue_after_the_interval() {
        let last = Some(d("2025-11-23"));
        assert!(!is_inspection_overdue(last, Some(365), d("2026-11-23")));
        assert!(is_inspection_overdue(last, Some(364), d("2026-11-23")));
        assert!(is_inspection_overdue(None, Some(365), d("2026-11-23")));
        assert!(!is_inspection_overdue(None, None, d("2026-11-23")));
    }

    /// The list behind the dashboard's figure once took every checked-out asset with a past
    /// return date, retired ones too, while the figure counted only held assets: the list
    /// could name more check-outs than the figure said. A retired asset counts for no one, so
    /// it is not past due either; and an asset due today is not late until tomorrow.
    #[test]
    fn past_due_is_held_checked_out_and_after_the_return_date() {
        let on = day_number(d("2026-11-23"));
        let due = Some(day_number(d("2026-11-20")));
        assert!(past_due_on(AssetStatus::Ready, true, due, on));
        assert!(past_due_on(AssetStatus::Maintenance, true, due, on));
        assert!(!past_due_on(AssetStatus::Retired, true, due, on));
        assert!(!past_due_on(AssetStatus::Ready, false, due, on));
        assert!(!past_due_on(AssetStatus::Ready, true, None, on));
        assert!(!past_due_on(AssetStatus::Ready, true, Some(on), on));
        assert!(past_due_on(AssetStatus::Ready, true, Some(on - 1), on));
    }

    #[test]
    fn lot_good_through_expiry() {
        assert!(!is_expired(Some(d("2026-11-23")), d("2026-11-23")));
        assert!(is_expired(Some(d("2026-11-23")), d("2026-11-24")));
        assert!(!is_expired(None, d("2026-11-24")));
    }
}
