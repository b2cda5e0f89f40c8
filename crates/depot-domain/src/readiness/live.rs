//! The stock of a replay of the ledger, kept as the readiness engine reads it and changed in
//! place movement by movement, so that a trend takes the figures at each of its dates from the
//! same [`Snapshot`] instead of building a fresh one from a million records per date.
//!
//! Each barcode keeps a compact state ([`Kept`]: places and modules as numbers of the
//! snapshot, dates as day numbers, nothing the figures do not read), which the replay's own
//! rules change ([`crate::replay::apply_kept`]), beside its record in the snapshot; a record is
//! brought up to date from the state when the figures are next taken, once however many
//! movements touched it in between.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::builder::{SnapshotBuilder, index_places};
use super::reference::{Reference, TrendError};
use super::snapshot::{AssetRec, Cell, FxMap, LotRec, NO_PLACE, Snapshot};
use crate::movement::MovementRef;
use crate::replay::{Kept, KeptAsset, KeptKind, KeptLot, ReplayError, apply_kept, create};
use crate::stock::{day_number, over_age_from};
use crate::{AssetStatus, Barcode, Tracking};

/// An asset as the replay keeps it.
#[derive(Debug, Clone, Copy)]
struct Asset {
    /// A place id of the snapshot.
    owner: u32,
    /// A location id of the snapshot, or [`NO_PLACE`].
    location: u32,
    module: u16,
    status: AssetStatus,
    commissioned: Option<i32>,
    last_inspected: Option<i32>,
    due: Option<i32>,
}

/// A lot as the replay keeps it.
#[derive(Debug, Clone, Copy)]
struct Lot {
    owner: u32,
    module: u16,
    quantity: Decimal,
    expires: Option<i32>,
}

#[derive(Debug, Clone, Copy)]
enum State {
    Asset(Asset),
    Lot(Lot),
}

fn day(d: Option<NaiveDate>) -> Option<i32> {
    d.map(day_number)
}

impl Kept for State {
    type Asset = Asset;
    type Lot = Lot;
    type Cx = SnapshotBuilder;

    fn asset(_: &MovementRef<'_>, owner: &str, b: &mut SnapshotBuilder) -> Self {
        State::Asset(Asset {
            owner: b.place(owner),
            location: NO_PLACE,
            module: b.module(None),
            status: AssetStatus::Ready,
            commissioned: None,
            last_inspected: None,
            due: None,
        })
    }

    fn lot(m: &MovementRef<'_>, owner: &str, b: &mut SnapshotBuilder) -> Self {
        State::Lot(Lot {
            owner: b.place(owner),
            module: b.module(None),
            quantity: m.quantity,
            expires: None,
        })
    }

    fn kind(&mut self) -> KeptKind<'_, Asset, Lot> {
        match self {
            State::Asset(a) => KeptKind::Asset(a),
            State::Lot(l) => KeptKind::Lot(l),
        }
    }
}

impl KeptAsset for Asset {
    type Cx = SnapshotBuilder;
    fn status(&self) -> AssetStatus {
        self.status
    }
    fn set_status(&mut self, s: AssetStatus) {
        self.status = s;
    }
    fn set_owner(&mut self, code: &str, b: &mut SnapshotBuilder) {
        self.owner = b.place(code);
    }
    fn set_location(&mut self, code: Option<&str>, b: &mut SnapshotBuilder) {
        self.location = code.map_or(NO_PLACE, |c| b.location(c));
    }
    fn set_module(&mut self, code: Option<&str>, b: &mut SnapshotBuilder) {
        self.module = b.module(code);
    }
    fn set_due(&mut self, d: Option<NaiveDate>) {
        self.due = day(d);
    }
    fn set_commissioned(&mut self, d: Option<NaiveDate>) {
        self.commissioned = day(d);
    }
    fn set_last_inspected(&mut self, d: Option<NaiveDate>) {
        self.last_inspected = day(d);
    }
    // The figures read neither.
    fn set_serial(&mut self, _: Option<&str>) {}
    fn set_plate(&mut self, _: Option<&str>) {}
}

impl KeptLot for Lot {
    type Cx = SnapshotBuilder;
    fn quantity(&self) -> Decimal {
        self.quantity
    }
    fn set_quantity(&mut self, q: Decimal) {
        self.quantity = q;
    }
    fn set_owner(&mut self, code: &str, b: &mut SnapshotBuilder) {
        self.owner = b.place(code);
    }
    fn set_module(&mut self, code: Option<&str>, b: &mut SnapshotBuilder) {
        self.module = b.module(code);
    }
    fn set_expires(&mut self, d: Option<NaiveDate>) {
        self.expires = day(d);
    }
    // The figures read neither.
    fn set_received(&mut self, _: Option<NaiveDate>) {}
    fn set_lot_no(&mut self, _: Option<&str>) {}
}

/// A barcode the replay holds.
struct Held {
    state: State,
    /// Its record: an index of the snapshot's assets, or of its lots (by the state's kind).
    rec: u32,
    /// Its item's id in the snapshot (a barcode keeps its item).
    item: u32,
    /// Changed since its record was last brought up to date.
    stale: bool,
}

/// A barcode met, by its number ([`super::Numbers`]): the day its movements so far count from, and
/// what the replay holds of it (`None`: met only once every date was taken). One place for
/// both, so that a movement touches one slot of memory.
struct Slot {
    from: NaiveDate,
    held: Option<Held>,
}

/// Where [`Live::find`] found a barcode, for [`Live::apply`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    /// Its number.
    n: u32,
    /// The day the movement counts from.
    pub from: NaiveDate,
}

/// The replayed stock and its snapshot.
pub(super) struct Live {
    b: SnapshotBuilder,
    /// How each catalogue item is tracked, by code.
    tracking: FxMap<String, Tracking>,
    cells: FxMap<(u32, u32, u16), u32>,
    /// By barcode number.
    slots: Vec<Slot>,
    /// Numbers of barcodes whose record is out of date.
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
            slots: Vec::new(),
            stale: Vec::new(),
            indexed,
        }
    }

    /// The barcode of `m`, numbered `n` ([`super::Numbers`]: a number not met yet is the next one),
    /// and the day from which `m` counts: its own, or a later one of its barcode's last
    /// movement.
    pub fn find(&mut self, m: &MovementRef<'_>, n: u32) -> Found {
        let own = m.at.date_naive();
        let from = match self.slots.get(n as usize) {
            Some(slot) => slot.from.max(own),
            None => {
                debug_assert_eq!(
                    n as usize,
                    self.slots.len(),
                    "barcodes are numbered in turn"
                );
                self.slots.push(Slot {
                    from: own,
                    held: None,
                });
                own
            }
        };
        Found { n, from }
    }

    /// Notes that `m`, found by [`Self::find`], counts from its day without applying it: once
    /// every date is taken a movement changes no figure, only when its barcode's later
    /// movements count from (a date alone never applies a movement after it either).
    pub fn pass(&mut self, found: Found) {
        self.slots[found.n as usize].from = found.from;
    }

    /// Applies `m`, found by [`Self::find`]; an error leaves the replay unusable.
    pub fn apply(&mut self, m: &MovementRef<'_>, found: Found) -> Result<(), TrendError> {
        let slot = &mut self.slots[found.n as usize];
        slot.from = found.from;
        let Some(held) = &mut slot.held else {
            return self.create(m, found.n);
        };
        let item = &self.b.s.items[held.item as usize].code;
        if item.as_str() != m.item {
            // A barcode keeps its item; another item is an error, once the catalogue has
            // been asked (its error comes first, as a replay from scratch gives it).
            if !self.tracking.contains_key(m.item) {
                return Err(not_in_catalogue(m));
            }
            return Err(ReplayError::ItemMismatch(
                Barcode::new(m.barcode),
                item.to_string(),
                m.item.to_owned(),
            )
            .into());
        }
        apply_kept(&mut held.state, m, &mut self.b)?;
        if !held.stale {
            held.stale = true;
            self.stale.push(found.n);
        }
        Ok(())
    }

    fn create(&mut self, m: &MovementRef<'_>, n: u32) -> Result<(), TrendError> {
        let t = *self
            .tracking
            .get(m.item)
            .ok_or_else(|| not_in_catalogue(m))?;
        let state: State = create(m, t, &mut self.b)?;
        let item = self.b.item(m.item);
        let s = &mut self.b.s;
        let rec = match state {
            State::Asset(_) => {
                s.asset_barcodes.push(m.barcode);
                s.assets.push(AssetRec {
                    cell: u32::MAX,
                    status: AssetStatus::Ready,
                    checked_out: false,
                    over_age_from: i32::MAX,
                    commissioned: None,
                    last_inspected: None,
                    due: None,
                    location: NO_PLACE,
                });
                s.assets.len() - 1
            }
            State::Lot(_) => {
                s.lot_barcodes.push(m.barcode);
                s.lots.push(LotRec {
                    cell: u32::MAX,
                    quantity: Default::default(),
                    expires: None,
                });
                s.lots.len() - 1
            }
        };
        self.slots[n as usize].held = Some(Held {
            state,
            rec: rec as u32,
            item,
            stale: true,
        });
        self.stale.push(n);
        Ok(())
    }

    /// Whether a movement has been applied (each creates its barcode's record): the ledger has
    /// begun.
    pub fn begun(&self) -> bool {
        !(self.b.s.assets.is_empty() && self.b.s.lots.is_empty())
    }

    /// The snapshot of the stock replayed so far.
    pub fn snapshot(&mut self) -> &Snapshot {
        // In the order of the numbers: barcodes and their records are kept in the order first
        // met, so both are walked from the front to the back instead of at random.
        let mut stale = std::mem::take(&mut self.stale);
        stale.sort_unstable();
        for &n in &stale {
            self.refresh(n as usize);
        }
        stale.clear();
        self.stale = stale;
        let s = &mut self.b.s;
        if self.indexed != (s.places.len(), s.cells.len()) {
            index_places(s);
            self.indexed = (s.places.len(), s.cells.len());
        }
        &self.b.s
    }

    /// Brings the record of barcode number `n` up to date with its state.
    fn refresh(&mut self, n: usize) {
        let Some(held) = &mut self.slots[n].held else {
            return;
        };
        held.stale = false;
        let (item, rec) = (held.item, held.rec as usize);
        let s = &mut self.b.s;
        match held.state {
            State::Asset(a) => {
                // Checked out: somewhere other than its owner (a location named as its owner
                // is at home).
                let checked_out = a.location != NO_PLACE
                    && s.locations[a.location as usize] != s.places[a.owner as usize].code;
                let was = s.assets[rec].cell;
                let cell = cell(&mut self.cells, s, was, (a.owner, item, a.module));
                let life = s.items[item as usize].life_years;
                s.assets[rec] = AssetRec {
                    cell,
                    status: a.status,
                    checked_out,
                    over_age_from: over_age_from(a.commissioned, life),
                    commissioned: a.commissioned,
                    last_inspected: a.last_inspected,
                    due: a.due,
                    location: if checked_out { a.location } else { NO_PLACE },
                };
            }
            State::Lot(l) => {
                let was = s.lots[rec].cell;
                let cell = cell(&mut self.cells, s, was, (l.owner, item, l.module));
                s.lots[rec] = LotRec {
                    cell,
                    quantity: l.quantity,
                    expires: l.expires,
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
