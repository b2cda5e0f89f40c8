//! The assets and lots of an import, held compactly: a million rows must fit beside redb's
//! cache. Each row is a fixed-size record; its own text (barcode, serial, plate, lot number)
//! sits in one shared buffer, and the codes that repeat (item, owner, location, module, file
//! name) are stored once and referred to by number.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use depot_domain::{Asset, AssetStatus, Lot};

use super::Origin;

/// Text shared by the rows of one list.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Arena {
    text: String,
    /// Repeated codes and file names; 0 stands for none.
    codes: Vec<Box<str>>,
    numbers: HashMap<Box<str>, u32>,
}

impl Arena {
    fn code(&mut self, s: &str) -> u32 {
        if let Some(n) = self.numbers.get(s) {
            return *n;
        }
        if self.codes.is_empty() {
            self.codes.push("".into());
        }
        let n = u32::try_from(self.codes.len()).unwrap_or(u32::MAX);
        self.codes.push(s.into());
        self.numbers.insert(s.into(), n);
        n
    }

    fn opt_code(&mut self, s: Option<&str>) -> u32 {
        s.map_or(0, |s| self.code(s))
    }

    fn name(&self, n: u32) -> &str {
        self.codes.get(n as usize).map_or("", |s| s)
    }

    fn opt_name(&self, n: u32) -> Option<&str> {
        (n != 0).then(|| self.name(n))
    }

    /// Appends the row's own text: the barcode and up to two optional cells.
    fn texts(&mut self, barcode: &str, a: Option<&str>, b: Option<&str>) -> Texts {
        let start = self.text.len() as u64;
        let len =
            |s: Option<&str>| s.map_or(u32::MAX, |s| s.len().min(u32::MAX as usize - 1) as u32);
        self.text.push_str(barcode);
        self.text.push_str(a.unwrap_or(""));
        self.text.push_str(b.unwrap_or(""));
        Texts {
            start,
            barcode: barcode.len() as u32,
            a: len(a),
            b: len(b),
        }
    }

    fn slice(&self, from: u64, len: u32) -> &str {
        let from = from as usize;
        self.text.get(from..from + len as usize).unwrap_or("")
    }

    fn barcode(&self, t: &Texts) -> &str {
        self.slice(t.start, t.barcode)
    }

    fn a(&self, t: &Texts) -> Option<String> {
        (t.a != u32::MAX).then(|| self.slice(t.start + u64::from(t.barcode), t.a).to_owned())
    }

    fn b(&self, t: &Texts) -> Option<String> {
        let skip = u64::from(t.barcode) + u64::from(if t.a == u32::MAX { 0 } else { t.a });
        (t.b != u32::MAX).then(|| self.slice(t.start + skip, t.b).to_owned())
    }
}

/// Where a row's text starts and the lengths of its parts (`u32::MAX`: none).
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    start: u64,
    barcode: u32,
    a: u32,
    b: u32,
}

/// A kind of row that a [`Rows`] list holds.
pub trait Compact: Sized {
    #[doc(hidden)]
    type Packed: Copy;
    #[doc(hidden)]
    fn pack(&self, arena: &mut Arena) -> Self::Packed;
    #[doc(hidden)]
    fn unpack(p: &Self::Packed, arena: &Arena) -> Self;
    #[doc(hidden)]
    fn texts(p: &Self::Packed) -> &Texts;
}

/// A row's place in its file: the file's number in the arena and the line.
#[derive(Debug, Clone, Copy)]
struct At {
    file: u32,
    /// The sheet's name in the arena, 0 for none.
    sheet: u32,
    line: u64,
}

/// An append-only list of imported assets or lots, each with its origin.
#[derive(Debug)]
pub struct Rows<T: Compact> {
    arena: Arena,
    rows: Vec<(At, T::Packed)>,
}

impl<T: Compact> Default for Rows<T> {
    fn default() -> Self {
        Self {
            arena: Arena::default(),
            rows: Vec::new(),
        }
    }
}

impl<T: Compact> Rows<T> {
    pub fn push(&mut self, (origin, row): (Origin, T)) {
        let at = At {
            file: self.arena.code(&origin.file),
            sheet: origin.sheet.as_deref().map_or(0, |s| self.arena.code(s)),
            line: origin.line,
        };
        let packed = row.pack(&mut self.arena);
        self.rows.push((at, packed));
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The barcode of the row at `i`, without building the row.
    pub fn barcode(&self, i: usize) -> &str {
        self.rows
            .get(i)
            .map_or("", |(_, p)| self.arena.barcode(T::texts(p)))
    }

    /// The origin of the row at `i`.
    pub fn origin(&self, i: usize) -> Option<Origin> {
        let (at, _) = self.rows.get(i)?;
        Some(Origin {
            file: self.arena.name(at.file).to_owned(),
            line: at.line,
            sheet: self.arena.opt_name(at.sheet).map(Into::into),
        })
    }

    /// The row at `i` with its origin.
    pub fn get(&self, i: usize) -> Option<(Origin, T)> {
        let (_, p) = self.rows.get(i)?;
        Some((self.origin(i)?, T::unpack(p, &self.arena)))
    }

    /// Every row with its origin, in the order pushed.
    pub fn iter(&self) -> impl Iterator<Item = (Origin, T)> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct PackedAsset {
    texts: Texts,
    item: u32,
    owner: u32,
    location: u32,
    module: u32,
    commissioned: Option<NaiveDate>,
    last_inspected: Option<NaiveDate>,
    due: Option<NaiveDate>,
    status: AssetStatus,
}

impl Compact for Asset {
    type Packed = PackedAsset;

    fn pack(&self, arena: &mut Arena) -> PackedAsset {
        PackedAsset {
            texts: arena.texts(
                self.barcode.as_str(),
                self.serial.as_deref(),
                self.plate.as_deref(),
            ),
            item: arena.code(self.item.as_str()),
            owner: arena.code(self.owner.as_str()),
            location: arena.opt_code(self.location.as_ref().map(|l| l.as_str())),
            module: arena.opt_code(self.module.as_ref().map(|m| m.as_str())),
            commissioned: self.commissioned,
            last_inspected: self.last_inspected,
            due: self.due,
            status: self.status,
        }
    }

    fn unpack(p: &PackedAsset, arena: &Arena) -> Asset {
        Asset {
            barcode: arena.barcode(&p.texts).into(),
            item: arena.name(p.item).into(),
            serial: arena.a(&p.texts),
            owner: arena.name(p.owner).into(),
            location: arena.opt_name(p.location).map(Into::into),
            module: arena.opt_name(p.module).map(Into::into),
            status: p.status,
            commissioned: p.commissioned,
            last_inspected: p.last_inspected,
            plate: arena.b(&p.texts),
            due: p.due,
        }
    }

    fn texts(p: &PackedAsset) -> &Texts {
        &p.texts
    }
}

#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct PackedLot {
    texts: Texts,
    item: u32,
    owner: u32,
    module: u32,
    quantity: Decimal,
    expires: Option<NaiveDate>,
    received: Option<NaiveDate>,
}

impl Compact for Lot {
    type Packed = PackedLot;

    fn pack(&self, arena: &mut Arena) -> PackedLot {
        PackedLot {
            texts: arena.texts(self.barcode.as_str(), self.lot.as_deref(), None),
            item: arena.code(self.item.as_str()),
            owner: arena.code(self.owner.as_str()),
            module: arena.opt_code(self.module.as_ref().map(|m| m.as_str())),
            quantity: self.quantity,
            expires: self.expires,
            received: self.received,
        }
    }

    fn unpack(p: &PackedLot, arena: &Arena) -> Lot {
        Lot {
            barcode: arena.barcode(&p.texts).into(),
            item: arena.name(p.item).into(),
            lot: arena.a(&p.texts),
            owner: arena.name(p.owner).into(),
            module: arena.opt_name(p.module).map(Into::into),
            quantity: p.quantity,
            expires: p.expires,
            received: p.received,
        }
    }

    fn texts(p: &PackedLot) -> &Texts {
        &p.texts
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn origin(line: u64) -> Origin {
        Origin {
            file: "assets.csv".into(),
            line,
            sheet: None,
        }
    }

    #[test]
    fn rows_come_back_as_pushed() {
        let a = Asset {
            barcode: "B1".into(),
            item: "I".into(),
            serial: Some(String::new()),
            owner: "U".into(),
            location: Some("X".into()),
            module: None,
            status: AssetStatus::Maintenance,
            commissioned: NaiveDate::from_ymd_opt(2020, 2, 29),
            last_inspected: None,
            plate: Some("京A".into()),
            due: None,
        };
        let b = Asset {
            barcode: "B2".into(),
            serial: None,
            plate: None,
            location: None,
            module: Some("water".into()),
            ..a.clone()
        };
        let mut rows = Rows::default();
        rows.push((origin(2), a.clone()));
        rows.push((origin(3), b.clone()));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows.barcode(1), "B2");
        let back: Vec<_> = rows.iter().collect();
        assert_eq!(back, vec![(origin(2), a), (origin(3), b)]);
        let l = Lot {
            barcode: "L1".into(),
            item: "I".into(),
            lot: Some("B-7".into()),
            owner: "W".into(),
            module: None,
            quantity: Decimal::new(125, 1),
            expires: None,
            received: NaiveDate::from_ymd_opt(2024, 1, 1),
        };
        let mut lots = Rows::default();
        lots.push((origin(9), l.clone()));
        assert_eq!(lots.get(0), Some((origin(9), l)));
    }
}
