//! Secondary indexes, all in the one key-only `index` table.
//!
//! A key is a tag byte, the indexed value, a NUL, and the barcode. Only what a lookup needs is
//! indexed: a status only when it is not `ready`, a module only when set. What a check-out or
//! a check-in changes (the location) and a barcode's history (linked through the ledger, see
//! `rows::encode_stock`) are not in it, so a scan leaves this table alone.

use chrono::NaiveDate;

use crate::domain::stock::life_end;

use super::rows::{StockRow, date};

/// The kinds of secondary index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Owner = b'o' as isize,
    Item = b'i' as isize,
    Module = b'm' as isize,
    /// Only statuses other than ready.
    Status = b's' as isize,
    /// Assets by life-end date (YYYYMMDD).
    LifeEnd = b'e' as isize,
    /// Lots by expiry date (YYYYMMDD).
    Expiry = b'x' as isize,
}

/// The key prefix for every entry of `tag` with `value`.
pub fn prefix(tag: Tag, value: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(2 + value.len() + 16);
    k.push(tag as u8);
    k.extend_from_slice(value.as_bytes());
    k.push(0);
    k
}

fn key(tag: Tag, value: &str, barcode: &str) -> Vec<u8> {
    let mut k = prefix(tag, value);
    k.extend_from_slice(barcode.as_bytes());
    k
}

/// The value used for a date in keys: sorts as the date does.
pub fn date_value(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The barcode at the end of a stock index key that starts with `prefix`.
pub fn barcode_of<'k>(key: &'k [u8], prefix: &[u8]) -> Option<&'k str> {
    std::str::from_utf8(key.get(prefix.len()..)?).ok()
}

/// Every index key of one stock row. `life_years` is its item's service life.
pub fn stock_keys(barcode: &str, row: &StockRow<'_>, life_years: Option<u32>) -> Vec<Vec<u8>> {
    let mut keys = Vec::with_capacity(6);
    match row {
        StockRow::Asset(a) => {
            keys.push(key(Tag::Owner, a.owner, barcode));
            keys.push(key(Tag::Item, a.item, barcode));
            if let Some(m) = a.module {
                keys.push(key(Tag::Module, m, barcode));
            }
            let status = a.status();
            if status != crate::domain::AssetStatus::Ready {
                keys.push(key(
                    Tag::Status,
                    crate::domain::Vocabulary::en(status),
                    barcode,
                ));
            }
            if let (Some(c), Some(y)) = (date(a.commissioned), life_years)
                && let Some(end) = life_end(c, y)
            {
                keys.push(key(Tag::LifeEnd, &date_value(end), barcode));
            }
        }
        StockRow::Lot(l) => {
            keys.push(key(Tag::Owner, l.owner, barcode));
            keys.push(key(Tag::Item, l.item, barcode));
            if let Some(m) = l.module {
                keys.push(key(Tag::Module, m, barcode));
            }
            if let Some(e) = date(l.expires) {
                keys.push(key(Tag::Expiry, &date_value(e), barcode));
            }
        }
    }
    keys
}
