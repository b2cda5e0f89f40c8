//! A stock value as this engine stores it, borrowed from the stored bytes (its text is not
//! copied), and the small codes its fields are kept in: dates as day numbers, decimals as 16
//! bytes, enums as a byte. The port sees it as the domain's [`StockRef`].

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use depot_domain::stock::{AssetRef, LotRef, StockRef};
use depot_domain::vocab::{AssetStatus, Vocabulary};
use depot_domain::{Asset, Lot, Stock};

pub fn day(d: Option<NaiveDate>) -> Option<i32> {
    d.map(|d| chrono::Datelike::num_days_from_ce(&d))
}

pub fn date(d: Option<i32>) -> Option<NaiveDate> {
    d.and_then(NaiveDate::from_num_days_from_ce_opt)
}

pub fn dec(d: Decimal) -> [u8; 16] {
    d.serialize()
}

pub fn undec(b: [u8; 16]) -> Decimal {
    Decimal::deserialize(b)
}

/// An enum stored as its position in `Vocabulary::ALL`.
pub fn idx<T: Vocabulary>(v: T) -> u8 {
    T::ALL.iter().position(|x| *x == v).unwrap_or(0) as u8
}

pub fn from_idx<T: Vocabulary>(i: u8) -> Result<T, String> {
    T::ALL
        .get(usize::from(i))
        .copied()
        .ok_or_else(|| format!("enumeration value {i} out of range"))
}

/// An asset as stored; borrows its text from the stored bytes so that a full scan allocates
/// nothing per row.
#[derive(Serialize, Deserialize, Debug, Clone, Copy)]
pub struct AssetRow<'a> {
    pub item: &'a str,
    pub serial: Option<&'a str>,
    pub owner: &'a str,
    pub location: Option<&'a str>,
    pub module: Option<&'a str>,
    pub status: u8,
    pub commissioned: Option<i32>,
    pub last_inspected: Option<i32>,
    pub plate: Option<&'a str>,
    pub due: Option<i32>,
}

/// A lot as stored.
#[derive(Serialize, Deserialize, Debug, Clone, Copy)]
pub struct LotRow<'a> {
    pub item: &'a str,
    pub lot: Option<&'a str>,
    pub owner: &'a str,
    pub module: Option<&'a str>,
    pub quantity: [u8; 16],
    pub expires: Option<i32>,
    pub received: Option<i32>,
}

/// Bytes of a [`Head`] at the start of a stock value.
pub const HEAD_BYTES: usize = 16;

/// A stock row as stored after its history head.
#[derive(Serialize, Deserialize, Debug, Clone, Copy)]
pub enum StockRow<'a> {
    #[serde(borrow)]
    Asset(AssetRow<'a>),
    #[serde(borrow)]
    Lot(LotRow<'a>),
}

impl<'a> AssetRow<'a> {
    pub fn status(&self) -> AssetStatus {
        status_of(self.status)
    }
}

/// The status an asset row stores as `i`.
pub fn status_of(i: u8) -> AssetStatus {
    from_idx(i).unwrap_or(AssetStatus::Ready)
}

impl<'a> LotRow<'a> {
    pub fn quantity(&self) -> Decimal {
        undec(self.quantity)
    }
}

impl<'a> StockRow<'a> {
    pub fn from_domain(s: &'a Stock) -> Self {
        match s {
            Stock::Asset(a) => StockRow::Asset(AssetRow {
                item: a.item.as_str(),
                serial: a.serial.as_deref(),
                owner: a.owner.as_str(),
                location: a.location.as_ref().map(|l| l.as_str()),
                module: a.module.as_ref().map(|m| m.as_str()),
                status: idx(a.status),
                commissioned: day(a.commissioned),
                last_inspected: day(a.last_inspected),
                plate: a.plate.as_deref(),
                due: day(a.due),
            }),
            Stock::Lot(l) => StockRow::Lot(LotRow {
                item: l.item.as_str(),
                lot: l.lot.as_deref(),
                owner: l.owner.as_str(),
                module: l.module.as_ref().map(|m| m.as_str()),
                quantity: dec(l.quantity),
                expires: day(l.expires),
                received: day(l.received),
            }),
        }
    }

    pub fn into_domain(self, barcode: &str) -> Stock {
        let s = |v: Option<&str>| v.map(str::to_owned);
        match self {
            StockRow::Asset(a) => Stock::Asset(Asset {
                barcode: barcode.into(),
                item: a.item.into(),
                serial: s(a.serial),
                owner: a.owner.into(),
                location: a.location.map(Into::into),
                module: a.module.map(Into::into),
                status: a.status(),
                commissioned: date(a.commissioned),
                last_inspected: date(a.last_inspected),
                plate: s(a.plate),
                due: date(a.due),
            }),
            StockRow::Lot(l) => Stock::Lot(Lot {
                barcode: barcode.into(),
                item: l.item.into(),
                lot: s(l.lot),
                owner: l.owner.into(),
                module: l.module.map(Into::into),
                quantity: l.quantity(),
                expires: date(l.expires),
                received: date(l.received),
            }),
        }
    }
}

impl<'a> StockRow<'a> {
    /// The row as the port hands it out.
    pub fn to_ref(self, barcode: &'a str) -> StockRef<'a> {
        match self {
            StockRow::Asset(a) => StockRef::Asset(AssetRef {
                barcode,
                item: a.item,
                serial: a.serial,
                owner: a.owner,
                location: a.location,
                module: a.module,
                status: a.status(),
                commissioned: date(a.commissioned),
                last_inspected: date(a.last_inspected),
                plate: a.plate,
                due: date(a.due),
            }),
            StockRow::Lot(l) => StockRef::Lot(LotRef {
                barcode,
                item: l.item,
                lot: l.lot,
                owner: l.owner,
                module: l.module,
                quantity: l.quantity(),
                expires: date(l.expires),
                received: date(l.received),
            }),
        }
    }
}
