//! The stock of a replay of the ledger, kept as the readiness engine reads it and changed in
//! place movement by movement, so that a trend takes the figures at each of its dates from the
//! same [`Snapshot`] instead of building a fresh one from a million records per date.
//!
//! Each barcode keeps its full state, which [`crate::replay::apply_in_place`] changes, beside
//! its compact record in the snapshot; a record is brought up to date from the state when the
//! figures are next taken, once however many movements touched it in between.

use chrono::NaiveDate;

use super::builder::{SnapshotBuilder, index_places};
use super::snapshot::{AssetRec, Cell, FxMap, LotRec, NO_PLACE, Snapshot};
use super::trend::{Reference, TrendError};
use crate::Tracking;
use crate::movement::MovementRef;
use crate::replay::{apply_in_place, apply_ref, apply_to_its_item};
use crate::stock::{Stock, day_number, is_checked_out, over_age_from};

/// One barcode of the replay.
struct Held {
    stock: Stock,
    /// Its record: an index of the snapshot's assets, or of its lots (by the stock's kind).
    rec: u32,
    /// Its item's id in the snapshot (a barcode keeps its item).
    item: u32,
    /// Changed since its record was last brought up to date.
    stale: bool,
}

/// Where [`Live::find`] found a barcode, for [`Live::apply`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    /// Its index in `held`; `None`: a new barcode.
    held: Option<u32>,
    /// The day the movement counts from.
    pub from: NaiveDate,
}

/// A barcode kept in the map's own memory (barcodes are at most 32 characters): a look-up
/// compares it where it probes instead of following a pointer to it. Over a million barcodes
/// that pointer was a cache miss per movement, as dear as the rest of the replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Code {
    len: u8,
    bytes: [u8; 32],
}

impl Code {
    fn of(code: &str) -> Option<Code> {
        let mut bytes = [0u8; 32];
        bytes
            .get_mut(..code.len())?
            .copy_from_slice(code.as_bytes());
        Some(Code {
            len: code.len() as u8,
            bytes,
        })
    }
}

/// A barcode met: its index in `held` ([`NOT_HELD`]: met only once every date was taken), and
/// the day its movements so far count from.
#[derive(Debug, Clone, Copy)]
struct Entry {
    held: u32,
    from: NaiveDate,
}

const NOT_HELD: u32 = u32::MAX;

/// Every barcode met, by code.
#[derive(Default)]
struct Barcodes {
    short: FxMap<Code, Entry>,
    /// Longer codes (none in a valid register, but the ledger is read as it is).
    long: FxMap<Box<str>, Entry>,
}

impl Barcodes {
    fn get(&self, code: &str) -> Option<Entry> {
        match Code::of(code) {
            Some(c) => self.short.get(&c).copied(),
            None => self.long.get(code).copied(),
        }
    }

    /// Sets the entry of `code`: `held` for a new one, the day its movements count from.
    fn set(&mut self, code: &str, held: u32, from: NaiveDate) {
        let fresh = Entry { held, from };
        let e = match Code::of(code) {
            Some(c) => self.short.entry(c).or_insert(fresh),
            None => self.long.entry(code.into()).or_insert(fresh),
        };
        e.from = from;
    }
}

/// The replayed stock and its snapshot.
pub(super) struct Live {
    b: SnapshotBuilder,
    /// How each catalogue item is tracked, by code.
    tracking: FxMap<String, Tracking>,
    cells: FxMap<(u32, u32, u16), u32>,
    barcodes: Barcodes,
    held: Vec<Held>,
    stale: Vec<u32>,
    /// Places and cells when the snapshot was last indexed.
    indexed: (usize, usize),
}

impl Live {
    /// No stock yet, on the reference data `r`.
    pub fn new(r: &Reference) -> Self {
        let mut b = r.builder();
        b.close();
        b.s.module_names = r.modules.clone();
        let indexed = (b.s.places.len(), 0);
        Live {
            b,
            tracking: r
                .catalog
                .iter()
                .map(|i| (i.code.to_string(), i.tracking))
                .collect(),
            cells: FxMap::default(),
            barcodes: Barcodes::default(),
            held: Vec::new(),
            stale: Vec::new(),
            indexed,
        }
    }

    /// The barcode of `m` among the replayed stock, and the day from which `m` counts: its
    /// own, or a later one of its barcode's last movement.
    pub fn find(&self, m: &MovementRef<'_>) -> Found {
        let own = m.at.date_naive();
        let entry = self.barcodes.get(m.barcode);
        let from = match entry.map(|e| e.from) {
            Some(last) if last > own => last,
            _ => own,
        };
        Found {
            held: entry.map(|e| e.held),
            from,
        }
    }

    /// Notes that `m`, found by [`Self::find`], counts from its day without applying it: once
    /// every date is taken a movement changes no figure, only when its barcode's later
    /// movements count from (a date alone never applies a movement after it either).
    pub fn pass(&mut self, m: &MovementRef<'_>, found: Found) {
        let held = found.held.unwrap_or(NOT_HELD);
        self.barcodes.set(m.barcode, held, found.from);
    }

    /// Applies `m`, found by [`Self::find`]; an error leaves the replay unusable.
    pub fn apply(&mut self, m: &MovementRef<'_>, found: Found) -> Result<(), TrendError> {
        let Some(h) = found.held.filter(|&h| h != NOT_HELD) else {
            return self.create(m, found.from);
        };
        self.barcodes.set(m.barcode, h, found.from);
        let same = self.b.s.item_ids.get(m.item).copied();
        let held = &mut self.held[h as usize];
        if same == Some(held.item) {
            // Its own item, compared by number: the text of the barcode's item is not read.
            apply_to_its_item(&mut held.stock, m)?;
        } else {
            // The barcode's item was catalogued when it was created: only another item needs
            // the catalogue (its error comes first, as a replay from scratch gives it).
            if held.stock.item().as_str() != m.item && !self.tracking.contains_key(m.item) {
                return Err(not_in_catalogue(m));
            }
            apply_in_place(&mut held.stock, m)?;
        }
        if !held.stale {
            held.stale = true;
            self.stale.push(h);
        }
        Ok(())
    }

    fn create(&mut self, m: &MovementRef<'_>, from: NaiveDate) -> Result<(), TrendError> {
        let t = *self
            .tracking
            .get(m.item)
            .ok_or_else(|| not_in_catalogue(m))?;
        let stock = apply_ref(None, m, t)?;
        let item = self.b.item(m.item);
        let s = &mut self.b.s;
        let rec = match stock {
            Stock::Asset(_) => {
                s.asset_barcodes.push(m.barcode);
                s.assets.push(AssetRec {
                    cell: u32::MAX,
                    status: crate::AssetStatus::Ready,
                    checked_out: false,
                    over_age_from: i32::MAX,
                    commissioned: None,
                    last_inspected: None,
                    due: None,
                    location: NO_PLACE,
                });
                s.assets.len() - 1
            }
            Stock::Lot(_) => {
                s.lot_barcodes.push(m.barcode);
                s.lots.push(LotRec {
                    cell: u32::MAX,
                    quantity: Default::default(),
                    expires: None,
                });
                s.lots.len() - 1
            }
        };
        let h = self.held.len() as u32;
        self.held.push(Held {
            stock,
            rec: rec as u32,
            item,
            stale: true,
        });
        self.stale.push(h);
        self.barcodes.set(m.barcode, h, from);
        Ok(())
    }

    /// The snapshot of the stock replayed so far.
    pub fn snapshot(&mut self) -> &Snapshot {
        for h in std::mem::take(&mut self.stale) {
            self.refresh(h as usize);
        }
        let s = &mut self.b.s;
        if self.indexed != (s.places.len(), s.cells.len()) {
            index_places(s);
            self.indexed = (s.places.len(), s.cells.len());
        }
        &self.b.s
    }

    /// Brings the record of barcode `h` up to date with its state.
    fn refresh(&mut self, h: usize) {
        let held = &mut self.held[h];
        held.stale = false;
        let (item, rec) = (held.item, held.rec as usize);
        let day = |d: Option<NaiveDate>| d.map(day_number);
        match &held.stock {
            Stock::Asset(a) => {
                let owner = self.b.place(a.owner.as_str());
                let module = self.b.module(a.module.as_ref().map(|m| m.as_str()));
                let checked_out = is_checked_out(&a.owner, a.location.as_ref());
                let location = match &a.location {
                    Some(l) if checked_out => self.b.location(l.as_str()),
                    _ => NO_PLACE,
                };
                let was = self.b.s.assets[rec].cell;
                let cell = cell(&mut self.cells, &mut self.b.s, was, (owner, item, module));
                let commissioned = day(a.commissioned);
                let life = self.b.s.items[item as usize].life_years;
                self.b.s.assets[rec] = AssetRec {
                    cell,
                    status: a.status,
                    checked_out,
                    over_age_from: over_age_from(commissioned, life),
                    commissioned,
                    last_inspected: day(a.last_inspected),
                    due: day(a.due),
                    location,
                };
            }
            Stock::Lot(l) => {
                let owner = self.b.place(l.owner.as_str());
                let module = self.b.module(l.module.as_ref().map(|m| m.as_str()));
                let was = self.b.s.lots[rec].cell;
                let cell = cell(&mut self.cells, &mut self.b.s, was, (owner, item, module));
                self.b.s.lots[rec] = LotRec {
                    cell,
                    quantity: l.quantity,
                    expires: day(l.expires),
                };
            }
        }
    }
}

/// The id of the (owner, item, module) cell of a record whose cell `was` (`u32::MAX`: none
/// yet), a new one if stock has not been there yet. A cell stock has left stays, with nothing
/// in it.
fn cell(
    cells: &mut FxMap<(u32, u32, u16), u32>,
    s: &mut Snapshot,
    was: u32,
    (owner, item, module): (u32, u32, u16),
) -> u32 {
    let same = |c: &Cell| c.owner == owner && c.item == item && c.module == module;
    if s.cells.get(was as usize).is_some_and(same) {
        return was;
    }
    *cells.entry((owner, item, module)).or_insert_with(|| {
        s.cells.push(Cell {
            owner,
            item,
            module,
        });
        s.cells.len() as u32 - 1
    })
}

fn not_in_catalogue(m: &MovementRef<'_>) -> TrendError {
    TrendError::NotInCatalogue {
        barcode: m.barcode.to_string(),
        item: m.item.to_string(),
    }
}
