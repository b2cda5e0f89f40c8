//! A full scan of the stock that leaves text unchecked: codes come as the stored bytes, for a
//! reader that checks only the codes it keeps, once each. The readiness snapshot reads a
//! million rows this way; checking every text of every row as UTF-8 was a sixth of its work.

use crate::Db;
use std::ops::ControlFlow;

use crate::StoreError;
use crate::read::Reader;
use crate::rows;
use crate::tables::STOCK;
pub(crate) use depot_domain::stock::{AssetScan, LotScan, StockScan};
pub(crate) use depot_store::{Claims, End};

/// Postcard's encoding of a [`crate::StockRow`], read field by field without serde's visitors
/// (a third of the time of decoding a row): the variant and lengths as varints, an option as
/// a 0 or 1 byte before its value, an i32 zigzagged into a varint, a byte array as its bytes.
struct Postcard<'a>(&'a [u8]);

impl<'a> Postcard<'a> {
    #[inline(always)]
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    #[inline(always)]
    fn varint(&mut self, max_bytes: u32) -> Option<u64> {
        let first = self.byte()?;
        if first & 0x80 == 0 {
            return Some(u64::from(first));
        }
        let mut out = u64::from(first & 0x7f);
        for i in 1..max_bytes {
            let b = self.byte()?;
            out |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Some(out);
            }
        }
        None
    }

    #[inline(always)]
    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.varint(5)?).ok()
    }

    #[inline(always)]
    fn i32(&mut self) -> Option<i32> {
        let n = self.u32()?;
        Some(((n >> 1) as i32) ^ -((n & 1) as i32))
    }

    #[inline(always)]
    fn text(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.varint(10)?).ok()?;
        let (t, rest) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = rest;
        Some(t)
    }

    #[inline(always)]
    fn bytes16(&mut self) -> Option<[u8; 16]> {
        let mut out = [0; 16];
        out.copy_from_slice(self.0.get(..16)?);
        self.0 = self.0.get(16..)?;
        Some(out)
    }

    #[inline(always)]
    fn option<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.byte()? {
            0 => Some(None),
            1 => f(self).map(Some),
            _ => None,
        }
    }

    fn stock(&mut self) -> Option<StockScan<'a>> {
        Some(match self.u32()? {
            0 => StockScan::Asset(AssetScan {
                item: self.text()?,
                serial: self.option(Self::text)?,
                owner: self.text()?,
                location: self.option(Self::text)?,
                module: self.option(Self::text)?,
                status: crate::row_view::status_of(self.byte()?),
                commissioned: self.option(Self::i32)?,
                last_inspected: self.option(Self::i32)?,
                plate: self.option(Self::text)?,
                due: self.option(Self::i32)?,
            }),
            1 => StockScan::Lot(LotScan {
                item: self.text()?,
                lot: self.option(Self::text)?,
                owner: self.text()?,
                module: self.option(Self::text)?,
                quantity: rows::undec(self.bytes16()?),
                expires: self.option(Self::i32)?,
                received: self.option(Self::i32)?,
            }),
            _ => return None,
        })
    }
}

/// Reads a value of the stock table stored under `barcode`: the row after its history head
/// (see [`rows::encode_stock`]).
pub fn decode<'a>(barcode: &str, value: &'a [u8]) -> Result<StockScan<'a>, StoreError> {
    let row = value.get(rows::HEAD_BYTES..).unwrap_or_default();
    Postcard(row).stock().ok_or_else(|| StoreError::Corrupt {
        table: "stock",
        key: barcode.to_owned(),
        reason: "not a stock row".to_owned(),
    })
}

impl Reader {
    /// Visits the stored stock values from one end of the barcode order (ascending from the
    /// first, descending from the last) until `f` breaks off or returns an error, borrowing
    /// each from its page.
    fn stock_values<E: From<StoreError>>(
        &self,
        from: End,
        mut f: impl FnMut(&str, &[u8]) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        let t = self.txn().open_table(STOCK).db()?;
        let mut it = redb::ReadableTable::iter(&t).db()?;
        while let Some(entry) = match from {
            End::First => it.next(),
            End::Last => it.next_back(),
        } {
            let (k, v) = entry.db()?;
            if f(k.value(), v.value())?.is_break() {
                break;
            }
        }
        Ok(())
    }

    /// [`Self::stock_values`] over the rows `claims` gives out: from one end while claimed
    /// blocks last, so that two threads reading from the two ends visit every row once.
    fn claimed_values<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(&str, &[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut left = 0;
        self.stock_values(from, |barcode, value| {
            if left == 0 {
                left = claims.claim();
                if left == 0 {
                    return Ok(ControlFlow::Break(()));
                }
            }
            left -= 1;
            f(barcode, value)?;
            Ok(ControlFlow::Continue(()))
        })
    }

    /// Visits assets and lots from one end of the barcode order until `f` breaks off or
    /// returns an error, borrowing each row from its page. Two threads can scan one reader,
    /// one from each end.
    pub fn scan_stock<E: From<StoreError>>(
        &self,
        from: End,
        mut f: impl FnMut(&str, StockScan<'_>) -> Result<ControlFlow<()>, E>,
    ) -> Result<(), E> {
        self.stock_values(from, |barcode, value| f(barcode, decode(barcode, value)?))
    }

    /// [`Self::scan_stock`] over the rows `claims` gives out.
    pub fn scan_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(&str, StockScan<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.claimed_values(from, claims, |barcode, value| {
            f(barcode, decode(barcode, value)?)
        })
    }

    /// [`Reader::for_each_stock`] over the rows `claims` gives out, from one end.
    pub fn for_each_stock_claimed<E: From<StoreError>>(
        &self,
        from: End,
        claims: &Claims,
        mut f: impl FnMut(&str, crate::StockRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.claimed_values(from, claims, |barcode, value| {
            f(barcode, rows::decode_stock(barcode, value)?.1)
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::row_view::{AssetRow, LotRow, StockRow};

    #[test]
    fn a_scan_reads_what_a_stock_row_wrote() {
        let a = StockRow::Asset(AssetRow {
            item: "V1",
            serial: Some("S-1"),
            owner: "ZHAN-1",
            location: Some("INC-9"),
            module: Some("water"),
            status: 1,
            commissioned: Some(738_000),
            last_inspected: None,
            plate: Some("川A12345"),
            due: Some(739_000),
        });
        match decode("b", &rows::encode_stock(&a, rows::Head { seq: 7, at: 1 })).unwrap() {
            StockScan::Asset(s) => {
                assert_eq!(s.item, b"V1");
                assert_eq!(s.serial, Some(&b"S-1"[..]));
                assert_eq!(s.owner, b"ZHAN-1");
                assert_eq!(s.location, Some(&b"INC-9"[..]));
                assert_eq!(s.module, Some(&b"water"[..]));
                assert_eq!(s.status, crate::row_view::status_of(1));
                assert_eq!(s.commissioned, Some(738_000));
                assert_eq!(s.last_inspected, None);
                assert_eq!(s.plate, Some("川A12345".as_bytes()));
                assert_eq!(s.due, Some(739_000));
            }
            StockScan::Lot(_) => panic!("an asset read as a lot"),
        }
        let q = rust_decimal::Decimal::new(1275, 2);
        let l = StockRow::Lot(LotRow {
            item: "A1",
            lot: None,
            owner: "CK",
            module: Some("petro"),
            quantity: q.serialize(),
            expires: Some(740_000),
            received: Some(737_000),
        });
        match decode("b", &rows::encode_stock(&l, rows::Head { seq: 7, at: 1 })).unwrap() {
            StockScan::Lot(s) => {
                assert_eq!((s.item, s.lot, s.owner), (&b"A1"[..], None, &b"CK"[..]));
                assert_eq!(s.module, Some(&b"petro"[..]));
                assert_eq!(s.quantity, q);
                assert_eq!((s.expires, s.received), (Some(740_000), Some(737_000)));
            }
            StockScan::Asset(_) => panic!("a lot read as an asset"),
        }
        let mut extreme = rows::encode_stock(
            &StockRow::Asset(AssetRow {
                commissioned: Some(i32::MIN),
                last_inspected: Some(i32::MAX),
                due: Some(-1),
                location: None,
                ..match a {
                    StockRow::Asset(a) => a,
                    StockRow::Lot(_) => unreachable!(),
                }
            }),
            rows::Head {
                seq: u64::MAX,
                at: i64::MIN,
            },
        );
        match decode("b", &extreme).unwrap() {
            StockScan::Asset(s) => {
                assert_eq!(s.commissioned, Some(i32::MIN));
                assert_eq!(s.last_inspected, Some(i32::MAX));
                assert_eq!((s.due, s.location), (Some(-1), None));
            }
            StockScan::Lot(_) => panic!("an asset read as a lot"),
        }
        extreme.truncate(extreme.len() - 1);
        assert!(decode("b", &extreme).is_err());
        assert!(decode("b", &[2]).is_err());
        assert!(decode("b", &[[0; 15].as_slice(), &[1, 2]].concat()).is_err());
    }
}
