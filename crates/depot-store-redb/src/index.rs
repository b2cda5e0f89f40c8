//! Secondary indexes, all in the one key-only `index` table.
//!
//! A key is a tag byte, the indexed value, a NUL, and the barcode. Only what a lookup needs is
//! indexed: a status only when it is not `ready`, a module only when set. What a check-out or
//! a check-in changes (the location) and a barcode's history (linked through the ledger, see
//! `rows::encode_stock`) are not in it, so a scan leaves this table alone.

use chrono::NaiveDate;

use depot_domain::stock::life_end;

use crate::rows::{StockRow, date};
pub(crate) use depot_store::Tag;

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

/// What of one stock row is indexed. Two rows with equal `Indexed` have the same keys, so a
/// movement that changes none of it (a check-out, a check-in) leaves the index alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indexed<'a> {
    owner: &'a str,
    item: &'a str,
    module: Option<&'a str>,
    /// Assets: the status, when not ready.
    status: Option<&'static str>,
    /// Assets: the life-end date; lots: the expiry.
    date: Option<(Tag, NaiveDate)>,
}

impl<'a> Indexed<'a> {
    /// The indexed part of `row`. `life_years` is its item's service life.
    pub fn of(row: &StockRow<'a>, life_years: Option<u32>) -> Self {
        match row {
            StockRow::Asset(a) => {
                let status = a.status();
                Indexed {
                    owner: a.owner,
                    item: a.item,
                    module: a.module,
                    status: (status != depot_domain::AssetStatus::Ready)
                        .then(|| depot_domain::Vocabulary::en(status)),
                    date: date(a.commissioned)
                        .zip(life_years)
                        .and_then(|(c, y)| life_end(c, y))
                        .map(|end| (Tag::LifeEnd, end)),
                }
            }
            StockRow::Lot(l) => Indexed {
                owner: l.owner,
                item: l.item,
                module: l.module,
                status: None,
                date: date(l.expires).map(|e| (Tag::Expiry, e)),
            },
        }
    }

    /// Every index key of the row, ending with `barcode`.
    pub fn keys(&self, barcode: &str) -> Vec<Vec<u8>> {
        let mut keys = Vec::with_capacity(5);
        keys.push(key(Tag::Owner, self.owner, barcode));
        keys.push(key(Tag::Item, self.item, barcode));
        if let Some(m) = self.module {
            keys.push(key(Tag::Module, m, barcode));
        }
        if let Some(s) = self.status {
            keys.push(key(Tag::Status, s, barcode));
        }
        if let Some((tag, d)) = self.date {
            keys.push(key(tag, &date_value(d), barcode));
        }
        keys
    }
}
