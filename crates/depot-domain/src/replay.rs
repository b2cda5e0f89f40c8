//! What a movement does to the stock it names. The services compute every new state with
//! [`apply`], and `verify` replays the ledger with it, so the stored state and the ledger can
//! only agree or be caught disagreeing.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ids::{Barcode, ItemCode, ModuleCode, PlaceCode};
use super::movement::{Action, Change, MovementRef, NewMovement};
use super::stock::{Asset, Lot, Stock};
use super::vocab::{AssetStatus, Tracking};

/// Why a movement cannot apply to the state it finds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("barcode {0} already exists; a {1} movement cannot create it again")]
    Exists(Barcode, Action),
    #[error("barcode {0} does not exist before this {1} movement")]
    Missing(Barcode, Action),
    #[error("a {0} movement does not apply to {1}")]
    WrongKind(Action, &'static str),
    #[error("{0} cannot be set on {1}")]
    WrongAttribute(&'static str, &'static str),
    #[error("lot {0} would go negative ({1})")]
    Negative(Barcode, Decimal),
    #[error(
        "a {0} movement moves a quantity, which cannot be negative ({1}); only an adjust is signed"
    )]
    NegativeQuantity(Action, Decimal),
    #[error("a {0} movement needs a receiver (to)")]
    NoReceiver(Action),
    #[error("barcode {0} is item {1}, but the movement names item {2}")]
    ItemMismatch(Barcode, String, String),
}

/// The state after `m`, given the state before it (None: the barcode is new) and how its item
/// is tracked.
pub fn apply(
    before: Option<&Stock>,
    m: &NewMovement,
    tracking: Tracking,
) -> Result<Stock, ReplayError> {
    apply_ref(before, &m.view(), tracking)
}

/// [`apply`] of a movement as a replay reads it.
pub fn apply_ref(
    before: Option<&Stock>,
    m: &MovementRef<'_>,
    tracking: Tracking,
) -> Result<Stock, ReplayError> {
    match before {
        Some(s) => {
            let mut after = s.clone();
            apply_in_place(&mut after, m)?;
            Ok(after)
        }
        None => create(m, tracking, &mut ()),
    }
}

/// [`apply_ref`] to a barcode that exists, in place: `s` becomes the state after `m`. On an
/// error `s` is left part-way and must not be used (a replay stops there).
pub fn apply_in_place(s: &mut Stock, m: &MovementRef<'_>) -> Result<(), ReplayError> {
    if s.item().as_str() != m.item {
        return Err(ReplayError::ItemMismatch(
            Barcode::new(m.barcode),
            s.item().to_string(),
            m.item.to_owned(),
        ));
    }
    apply_kept(s, m, &mut ())
}

/// A barcode's state as a replay keeps it. The rules of what a movement does are written once
/// ([`create`], [`apply_kept`]) for every way of keeping it: the full [`Stock`] the services
/// store, and the compact records a trend replays a whole ledger into (places and modules as
/// numbers of its snapshot, dates as day numbers, nothing it does not count).
pub trait Kept: Sized {
    type Asset: KeptAsset<Cx = Self::Cx>;
    type Lot: KeptLot<Cx = Self::Cx>;
    /// What turns codes into the kept form (`()` for [`Stock`]).
    type Cx;
    /// A new asset of `m`'s barcode and item at `owner`, ready, with nothing else set.
    fn asset(m: &MovementRef<'_>, owner: &str, cx: &mut Self::Cx) -> Self;
    /// A new lot of `m`'s barcode and item at `owner`, of `m`'s quantity, with nothing else set.
    fn lot(m: &MovementRef<'_>, owner: &str, cx: &mut Self::Cx) -> Self;
    fn kind(&mut self) -> KeptKind<'_, Self::Asset, Self::Lot>;
}

/// An asset or a lot of a [`Kept`] state.
pub enum KeptKind<'a, A, L> {
    Asset(&'a mut A),
    Lot(&'a mut L),
}

/// An asset's fields as a replay changes them.
pub trait KeptAsset {
    type Cx;
    fn status(&self) -> AssetStatus;
    fn set_status(&mut self, s: AssetStatus);
    fn set_owner(&mut self, code: &str, cx: &mut Self::Cx);
    fn set_location(&mut self, code: Option<&str>, cx: &mut Self::Cx);
    fn set_module(&mut self, code: Option<&str>, cx: &mut Self::Cx);
    fn set_due(&mut self, d: Option<NaiveDate>);
    fn set_commissioned(&mut self, d: Option<NaiveDate>);
    fn set_last_inspected(&mut self, d: Option<NaiveDate>);
    fn set_serial(&mut self, v: Option<&str>);
    fn set_plate(&mut self, v: Option<&str>);
}

/// A lot's fields as a replay changes them.
pub trait KeptLot {
    type Cx;
    fn quantity(&self) -> Decimal;
    fn set_quantity(&mut self, q: Decimal);
    fn set_owner(&mut self, code: &str, cx: &mut Self::Cx);
    fn set_module(&mut self, code: Option<&str>, cx: &mut Self::Cx);
    fn set_expires(&mut self, d: Option<NaiveDate>);
    fn set_received(&mut self, d: Option<NaiveDate>);
    fn set_lot_no(&mut self, v: Option<&str>);
}

/// The state of a barcode `m` creates (its first movement), its item tracked as `tracking`.
pub fn create<S: Kept>(
    m: &MovementRef<'_>,
    tracking: Tracking,
    cx: &mut S::Cx,
) -> Result<S, ReplayError> {
    if !matches!(
        m.action,
        Action::Opening | Action::Receive | Action::Transfer
    ) {
        return Err(ReplayError::Missing(Barcode::new(m.barcode), m.action));
    }
    let owner = receiver(m)?;
    let mut s = match tracking {
        Tracking::Serial => S::asset(m, owner, cx),
        Tracking::Lot => {
            if m.quantity.is_sign_negative() {
                return Err(ReplayError::Negative(Barcode::new(m.barcode), m.quantity));
            }
            S::lot(m, owner, cx)
        }
    };
    set_all(&mut s, m, cx)?;
    Ok(s)
}

/// Applies `m` to `s` once the caller knows that `m` names the item of `s` (a replay that
/// keeps each barcode's item as a number compares those, without reading the text). On an
/// error `s` is left part-way and must not be used.
pub fn apply_kept<S: Kept>(
    s: &mut S,
    m: &MovementRef<'_>,
    cx: &mut S::Cx,
) -> Result<(), ReplayError> {
    match s.kind() {
        KeptKind::Asset(a) => apply_asset(a, m, cx)?,
        KeptKind::Lot(l) => apply_lot(l, m, cx)?,
    }
    set_all(s, m, cx)
}

/// [`apply_kept`] of the full state.
pub fn apply_to_its_item(s: &mut Stock, m: &MovementRef<'_>) -> Result<(), ReplayError> {
    apply_kept(s, m, &mut ())
}

fn receiver<'a>(m: &MovementRef<'a>) -> Result<&'a str, ReplayError> {
    m.to.ok_or(ReplayError::NoReceiver(m.action))
}

fn apply_asset<A: KeptAsset>(
    a: &mut A,
    m: &MovementRef<'_>,
    cx: &mut A::Cx,
) -> Result<(), ReplayError> {
    match m.action {
        // A piece away at another depot comes back (or, first sent from there, arrives) by
        // a receipt: it is its receiver's again, here and ready.
        Action::Receive if a.status() == AssetStatus::Away => {
            a.set_owner(receiver(m)?, cx);
            a.set_location(None, cx);
            a.set_due(None);
            a.set_status(AssetStatus::Ready);
        }
        Action::Opening | Action::Receive => {
            return Err(ReplayError::Exists(Barcode::new(m.barcode), m.action));
        }
        Action::Checkout => a.set_location(Some(receiver(m)?), cx),
        Action::Ship => {
            a.set_location(Some(receiver(m)?), cx);
            a.set_status(AssetStatus::Away);
        }
        Action::Checkin => {
            a.set_location(None, cx);
            a.set_due(None);
        }
        Action::Transfer => {
            a.set_owner(receiver(m)?, cx);
            a.set_location(None, cx);
            a.set_due(None);
        }
        Action::RepairStart => a.set_status(AssetStatus::Maintenance),
        Action::RepairDone => a.set_status(AssetStatus::Ready),
        Action::Writeoff => {
            a.set_status(AssetStatus::Retired);
            a.set_location(None, cx);
        }
        Action::Inspect | Action::Adjust | Action::Update => {}
        Action::Issue => return Err(ReplayError::WrongKind(m.action, "an asset")),
    }
    Ok(())
}

fn take<L: KeptLot>(l: &mut L, m: &MovementRef<'_>, q: Decimal) -> Result<(), ReplayError> {
    let left = l.quantity() - q;
    if left.is_sign_negative() && !left.is_zero() {
        return Err(ReplayError::Negative(Barcode::new(m.barcode), left));
    }
    l.set_quantity(left);
    Ok(())
}

fn apply_lot<L: KeptLot>(
    l: &mut L,
    m: &MovementRef<'_>,
    cx: &mut L::Cx,
) -> Result<(), ReplayError> {
    // A negative receive, issue or transfer would run the lot the wrong way (a receive of -30
    // could take it below zero unchecked).
    if m.action != Action::Adjust && m.quantity.is_sign_negative() && !m.quantity.is_zero() {
        return Err(ReplayError::NegativeQuantity(m.action, m.quantity));
    }
    match m.action {
        Action::Opening => return Err(ReplayError::Exists(Barcode::new(m.barcode), m.action)),
        Action::Receive => l.set_quantity(l.quantity() + m.quantity),
        Action::Issue | Action::Writeoff => take(l, m, m.quantity)?,
        // The whole lot changes owner; a part splits off under a new barcode.
        Action::Transfer if m.quantity == l.quantity() => l.set_owner(receiver(m)?, cx),
        Action::Transfer => take(l, m, m.quantity)?,
        Action::Adjust => take(l, m, -m.quantity)?,
        Action::Inspect | Action::Update => {}
        // A lot goes out and comes back whole (a kit's own lot): it stays its owner's and
        // counts there, as a checked-out asset does; the movement records where it went.
        Action::Checkout | Action::Checkin if m.quantity != l.quantity() => {
            return Err(ReplayError::WrongKind(m.action, "part of a lot"));
        }
        Action::Checkout => {
            receiver(m)?;
        }
        Action::Checkin => {}
        // A lot leaves whole for another depot: nothing of it is left here.
        Action::Ship if m.quantity != l.quantity() => {
            return Err(ReplayError::WrongKind(m.action, "part of a lot"));
        }
        Action::Ship => {
            receiver(m)?;
            l.set_quantity(Decimal::ZERO);
        }
        Action::RepairStart | Action::RepairDone => {
            return Err(ReplayError::WrongKind(m.action, "a lot"));
        }
    }
    Ok(())
}

/// The attribute changes of `m`, in order.
fn set_all<S: Kept>(s: &mut S, m: &MovementRef<'_>, cx: &mut S::Cx) -> Result<(), ReplayError> {
    match s.kind() {
        KeptKind::Asset(a) => {
            for c in m.changes {
                match c {
                    Change::Serial(v) => a.set_serial(v.as_deref()),
                    Change::Plate(v) => a.set_plate(v.as_deref()),
                    Change::Module(v) => a.set_module(v.as_ref().map(|v| v.as_str()), cx),
                    Change::Status(v) => a.set_status(*v),
                    Change::Commissioned(v) => a.set_commissioned(*v),
                    Change::LastInspected(v) => a.set_last_inspected(*v),
                    Change::Location(v) => a.set_location(v.as_ref().map(|v| v.as_str()), cx),
                    Change::Due(v) => a.set_due(*v),
                    Change::Owner(v) => a.set_owner(v.as_str(), cx),
                    c => return Err(ReplayError::WrongAttribute(c.key(), "an asset")),
                }
            }
        }
        KeptKind::Lot(l) => {
            for c in m.changes {
                match c {
                    Change::Module(v) => l.set_module(v.as_ref().map(|v| v.as_str()), cx),
                    Change::Owner(v) => l.set_owner(v.as_str(), cx),
                    Change::LotNo(v) => l.set_lot_no(v.as_deref()),
                    Change::Expires(v) => l.set_expires(*v),
                    Change::Received(v) => l.set_received(*v),
                    c => return Err(ReplayError::WrongAttribute(c.key(), "a lot")),
                }
            }
        }
    }
    Ok(())
}

impl Kept for Stock {
    type Asset = Asset;
    type Lot = Lot;
    type Cx = ();

    fn asset(m: &MovementRef<'_>, owner: &str, _: &mut ()) -> Self {
        Stock::Asset(Asset {
            barcode: Barcode::new(m.barcode),
            item: ItemCode::new(m.item),
            serial: None,
            owner: PlaceCode::new(owner),
            location: None,
            module: None,
            status: AssetStatus::Ready,
            commissioned: None,
            last_inspected: None,
            plate: None,
            due: None,
        })
    }

    fn lot(m: &MovementRef<'_>, owner: &str, _: &mut ()) -> Self {
        Stock::Lot(Lot {
            barcode: Barcode::new(m.barcode),
            item: ItemCode::new(m.item),
            lot: None,
            owner: PlaceCode::new(owner),
            module: None,
            quantity: m.quantity,
            expires: None,
            received: None,
        })
    }

    fn kind(&mut self) -> KeptKind<'_, Asset, Lot> {
        match self {
            Stock::Asset(a) => KeptKind::Asset(a),
            Stock::Lot(l) => KeptKind::Lot(l),
        }
    }
}

impl KeptAsset for Asset {
    type Cx = ();
    fn status(&self) -> AssetStatus {
        self.status
    }
    fn set_status(&mut self, s: AssetStatus) {
        self.status = s;
    }
    fn set_owner(&mut self, code: &str, _: &mut ()) {
        self.owner = PlaceCode::new(code);
    }
    fn set_location(&mut self, code: Option<&str>, _: &mut ()) {
        self.location = code.map(PlaceCode::new);
    }
    fn set_module(&mut self, code: Option<&str>, _: &mut ()) {
        self.module = code.map(ModuleCode::new);
    }
    fn set_due(&mut self, d: Option<NaiveDate>) {
        self.due = d;
    }
    fn set_commissioned(&mut self, d: Option<NaiveDate>) {
        self.commissioned = d;
    }
    fn set_last_inspected(&mut self, d: Option<NaiveDate>) {
        self.last_inspected = d;
    }
    fn set_serial(&mut self, v: Option<&str>) {
        self.serial = v.map(str::to_owned);
    }
    fn set_plate(&mut self, v: Option<&str>) {
        self.plate = v.map(str::to_owned);
    }
}

impl KeptLot for Lot {
    type Cx = ();
    fn quantity(&self) -> Decimal {
        self.quantity
    }
    fn set_quantity(&mut self, q: Decimal) {
        self.quantity = q;
    }
    fn set_owner(&mut self, code: &str, _: &mut ()) {
        self.owner = PlaceCode::new(code);
    }
    fn set_module(&mut self, code: Option<&str>, _: &mut ()) {
        self.module = code.map(ModuleCode::new);
    }
    fn set_expires(&mut self, d: Option<NaiveDate>) {
        self.expires = d;
    }
    fn set_received(&mut self, d: Option<NaiveDate>) {
        self.received = d;
    }
    fn set_lot_no(&mut self, v: Option<&str>) {
        self.lot = v.map(str::to_owned);
    }
}

/// The attribute changes that turn `from` into `to` (for a new barcode, `from` is its bare
/// opening state).
pub fn asset_changes(from: Option<&Asset>, to: &Asset) -> Vec<Change> {
    let mut c = Vec::new();
    let f = |get: &dyn Fn(&Asset) -> bool| from.is_none_or(get);
    if from.is_some_and(|f| f.owner != to.owner) {
        c.push(Change::Owner(to.owner.clone()));
    }
    if f(&|a| a.serial != to.serial) && (from.is_some() || to.serial.is_some()) {
        c.push(Change::Serial(to.serial.clone()));
    }
    if f(&|a| a.plate != to.plate) && (from.is_some() || to.plate.is_some()) {
        c.push(Change::Plate(to.plate.clone()));
    }
    if f(&|a| a.module != to.module) && (from.is_some() || to.module.is_some()) {
        c.push(Change::Module(to.module.clone()));
    }
    if f(&|a| a.status != to.status) && (from.is_some() || to.status != AssetStatus::Ready) {
        c.push(Change::Status(to.status));
    }
    if f(&|a| a.commissioned != to.commissioned) && (from.is_some() || to.commissioned.is_some()) {
        c.push(Change::Commissioned(to.commissioned));
    }
    if f(&|a| a.last_inspected != to.last_inspected)
        && (from.is_some() || to.last_inspected.is_some())
    {
        c.push(Change::LastInspected(to.last_inspected));
    }
    if f(&|a| a.location != to.location) && (from.is_some() || to.location.is_some()) {
        c.push(Change::Location(to.location.clone()));
    }
    c
}

pub fn lot_changes(from: Option<&Lot>, to: &Lot) -> Vec<Change> {
    let mut c = Vec::new();
    let f = |get: &dyn Fn(&Lot) -> bool| from.is_none_or(get);
    if from.is_some_and(|f| f.owner != to.owner) {
        c.push(Change::Owner(to.owner.clone()));
    }
    if f(&|l| l.lot != to.lot) && (from.is_some() || to.lot.is_some()) {
        c.push(Change::LotNo(to.lot.clone()));
    }
    if f(&|l| l.module != to.module) && (from.is_some() || to.module.is_some()) {
        c.push(Change::Module(to.module.clone()));
    }
    if f(&|l| l.expires != to.expires) && (from.is_some() || to.expires.is_some()) {
        c.push(Change::Expires(to.expires));
    }
    if f(&|l| l.received != to.received) && (from.is_some() || to.received.is_some()) {
        c.push(Change::Received(to.received));
    }
    c
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn mv(action: Action, qty: i64, to: Option<&str>, changes: Vec<Change>) -> NewMovement {
        NewMovement {
            at: DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").unwrap(),
            action,
            barcode: "B1".into(),
            item: "I1".into(),
            quantity: Decimal::from(qty),
            from: None,
            to: to.map(Into::into),
            operator: "op".into(),
            reference: None,
            reason: None,
            changes,
        }
    }

    #[test]
    fn asset_life_cycle() {
        let s = apply(
            None,
            &mv(
                Action::Opening,
                1,
                Some("U1"),
                vec![Change::Serial(Some("S".into()))],
            ),
            Tracking::Serial,
        )
        .unwrap();
        let s = apply(
            Some(&s),
            &mv(Action::Checkout, 1, Some("INC"), vec![]),
            Tracking::Serial,
        )
        .unwrap();
        let Stock::Asset(a) = &s else { panic!() };
        assert_eq!(a.location.as_ref().map(|p| p.as_str()), Some("INC"));
        assert_eq!(a.owner.as_str(), "U1");
        let s = apply(
            Some(&s),
            &mv(
                Action::Checkin,
                1,
                Some("U1"),
                vec![Change::Status(AssetStatus::Maintenance)],
            ),
            Tracking::Serial,
        )
        .unwrap();
        let Stock::Asset(a) = &s else { panic!() };
        assert_eq!(
            (a.location.clone(), a.status),
            (None, AssetStatus::Maintenance)
        );
        assert!(
            apply(
                Some(&s),
                &mv(Action::Issue, 1, None, vec![]),
                Tracking::Serial
            )
            .is_err()
        );
        assert!(
            apply(
                Some(&s),
                &mv(Action::Opening, 1, Some("U1"), vec![]),
                Tracking::Serial
            )
            .is_err()
        );
    }

    #[test]
    fn lot_never_goes_negative() {
        let s = apply(
            None,
            &mv(Action::Opening, 5, Some("W"), vec![]),
            Tracking::Lot,
        )
        .unwrap();
        let s = apply(Some(&s), &mv(Action::Issue, 5, None, vec![]), Tracking::Lot).unwrap();
        let Stock::Lot(l) = &s else { panic!() };
        assert!(l.quantity.is_zero());
        assert!(matches!(
            apply(Some(&s), &mv(Action::Issue, 1, None, vec![]), Tracking::Lot),
            Err(ReplayError::Negative(..))
        ));
        let s = apply(
            Some(&s),
            &mv(Action::Adjust, 3, None, vec![]),
            Tracking::Lot,
        )
        .unwrap();
        let Stock::Lot(l) = &s else { panic!() };
        assert_eq!(l.quantity, Decimal::from(3));
    }

    #[test]
    fn only_an_adjustment_moves_a_negative_quantity() {
        let s = apply(
            None,
            &mv(Action::Opening, 10, Some("W"), vec![]),
            Tracking::Lot,
        )
        .unwrap();
        for action in [
            Action::Receive,
            Action::Issue,
            Action::Writeoff,
            Action::Transfer,
        ] {
            assert!(matches!(
                apply(Some(&s), &mv(action, -30, Some("X"), vec![]), Tracking::Lot),
                Err(ReplayError::NegativeQuantity(..))
            ));
        }
        assert!(
            apply(
                Some(&s),
                &mv(Action::Adjust, -3, None, vec![]),
                Tracking::Lot
            )
            .is_ok()
        );
    }

    #[test]
    fn a_lot_is_checked_out_and_in_whole_and_stays_its_owners() {
        let s = apply(
            None,
            &mv(Action::Opening, 4, Some("W"), vec![]),
            Tracking::Lot,
        )
        .unwrap();
        for action in [Action::Checkout, Action::Checkin] {
            assert!(matches!(
                apply(Some(&s), &mv(action, 3, Some("X"), vec![]), Tracking::Lot),
                Err(ReplayError::WrongKind(..))
            ));
        }
        let out = apply(
            Some(&s),
            &mv(Action::Checkout, 4, Some("X"), vec![]),
            Tracking::Lot,
        )
        .unwrap();
        assert_eq!(out, s);
        let back = apply(
            Some(&out),
            &mv(Action::Checkin, 4, Some("W"), vec![]),
            Tracking::Lot,
        )
        .unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn lot_transfer_whole_or_part() {
        let s = apply(
            None,
            &mv(Action::Opening, 5, Some("W"), vec![]),
            Tracking::Lot,
        )
        .unwrap();
        let part = apply(
            Some(&s),
            &mv(Action::Transfer, 2, Some("X"), vec![]),
            Tracking::Lot,
        )
        .unwrap();
        let Stock::Lot(l) = &part else { panic!() };
        assert_eq!((l.quantity, l.owner.as_str()), (Decimal::from(3), "W"));
        let whole = apply(
            Some(&part),
            &mv(Action::Transfer, 3, Some("X"), vec![]),
            Tracking::Lot,
        )
        .unwrap();
        let Stock::Lot(l) = &whole else { panic!() };
        assert_eq!((l.quantity, l.owner.as_str()), (Decimal::from(3), "X"));
    }
}

/// What applying a movement needs to know of its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFacts {
    pub tracking: Tracking,
    pub life_years: Option<u32>,
    /// Its unit of measure counts pieces, so quantities are whole (see `units::counts_pieces`).
    pub pieces: bool,
}

impl ItemFacts {
    pub fn of(i: &super::CatalogItem) -> ItemFacts {
        ItemFacts {
            tracking: i.tracking,
            life_years: i.life_years,
            pieces: super::units::counts_pieces(&i.uom),
        }
    }
}

/// Why a movement cannot be appended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error(transparent)]
    Replay(#[from] ReplayError),
    #[error(transparent)]
    Fractional(#[from] super::units::Fractional),
}

/// The ledger's rule for one movement, the same on every engine: the state after `m` (see
/// [`apply`]) and `m` sealed into the chain after the ledger's last movement `chain` (its
/// number and hash). Quantities of an item counted in pieces must be whole: every write of a
/// quantity passes here (scans, the command line, imports, counts); replay does not check it,
/// so a ledger written before the rule still verifies. `uom` is asked for only to say why a
/// quantity is refused.
pub fn step(
    facts: ItemFacts,
    uom: impl FnOnce() -> String,
    before: Option<&Stock>,
    m: NewMovement,
    chain: (u64, [u8; 32]),
) -> Result<(super::Movement, Stock), StepError> {
    if facts.pieces && !m.quantity.fract().is_zero() {
        super::units::whole(&m.item, &uom(), m.quantity)?;
    }
    let after = apply(before, &m, facts.tracking)?;
    Ok((m.seal(chain.0 + 1, chain.1), after))
}
