//! Writing a checked bundle in the import's one transaction: the reference data upserted, then
//! every asset and lot through its movements, in barcode order.

use rust_decimal::Decimal;

use crate::Result;
use crate::store::Writer;
use depot_domain::{Action, Asset, NewMovement, Stock};

use super::{Bundle, Counts, Ctx, NOT_IMPORTED, Origin, Summary};

fn tally(c: &mut Counts, u: crate::store::Upsert) {
    match u {
        crate::store::Upsert::New => c.new += 1,
        crate::store::Upsert::Changed => c.changed += 1,
        crate::store::Upsert::Same => c.same += 1,
    }
}

pub(super) fn apply(w: &mut Writer<'_>, ctx: &Ctx, b: &Bundle, order: &[usize]) -> Result<Summary> {
    let mut s = Summary::default();
    macro_rules! upserts {
        ($name:literal, $list:expr, $put:ident) => {{
            let mut c = Counts::default();
            for (_, r) in &$list {
                tally(&mut c, w.$put(r)?);
            }
            if !$list.is_empty() {
                s.kinds.push(($name, c));
            }
        }};
    }
    upserts!("modules", b.modules, put_module);
    upserts!("units", b.units, put_unit);
    upserts!("warehouses", b.warehouses, put_warehouse);
    upserts!("locations", b.locations, put_location);
    upserts!("travel_times", b.travel_times, put_travel_time);
    upserts!("catalog", b.catalog, put_item);
    upserts!("standards", b.standards, put_standard);
    upserts!("targets", b.targets, put_target);
    // Land in barcode order, the assets first. Every index key ends with the barcode (owner,
    // item, life end … then barcode), so rows in barcode order append at the end of each key
    // range instead of dirtying pages all over the trees: on a million rows the pages being
    // written then stay in redb's cache rather than being evicted to the file and read back.
    w.batched(|w| land_stock(w, ctx, b, order, &mut s))?;
    // The last moment to stop: an error here drops the transaction before its commit.
    crate::interrupt::check(NOT_IMPORTED)?;
    Ok(s)
}

/// Lands the assets, then the lots, in the order of their barcodes.
fn land_stock(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    b: &Bundle,
    order: &[usize],
    s: &mut Summary,
) -> Result<()> {
    let n = b.assets.len();
    let mut assets = Counts::default();
    for (o, a) in order.iter().filter_map(|&i| b.assets.get(i)) {
        crate::interrupt::check(NOT_IMPORTED)?;
        let before = w.stock(a.barcode.as_str())?;
        s.movements += land(
            w,
            ctx,
            &o,
            before,
            Stock::Asset(a),
            &mut assets,
            &b.reference,
        )?;
    }
    if !b.assets.is_empty() {
        s.kinds.push(("assets", assets));
    }
    let mut lots = Counts::default();
    let lot_rows = order.iter().filter_map(|&i| b.lots.get(i.checked_sub(n)?));
    for (o, l) in lot_rows {
        crate::interrupt::check(NOT_IMPORTED)?;
        let before = w.stock(l.barcode.as_str())?;
        s.movements += land(w, ctx, &o, before, Stock::Lot(l), &mut lots, &b.reference)?;
    }
    if !b.lots.is_empty() {
        s.kinds.push(("lots", lots));
    }
    Ok(())
}

/// Writes one imported asset or lot through movements; returns how many.
fn land(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    o: &Origin,
    before: Option<Stock>,
    row: Stock,
    counts: &mut Counts,
    reference: &Option<String>,
) -> Result<u64> {
    let file: std::borrow::Cow<'_, str> = match &o.sheet {
        Some(sheet) => format!("{} {sheet}", o.file).into(),
        None => o.file.as_str().into(),
    };
    let reason = Some(depot_domain::movement::imported_from(&file, o.line));
    let mv = |action, quantity, changes| NewMovement {
        at: ctx.stamp(),
        action,
        barcode: row.barcode().clone(),
        item: row.item().clone(),
        quantity,
        from: None,
        to: Some(row.owner().clone()),
        operator: ctx.operator.clone(),
        reference: reference.clone(),
        reason: reason.clone(),
        changes,
    };
    let mut todo = Vec::new();
    match (&before, &row) {
        (None, Stock::Asset(a)) => todo.push(mv(
            Action::Opening,
            Decimal::ONE,
            depot_domain::replay::asset_changes(None, a),
        )),
        (None, Stock::Lot(l)) => todo.push(mv(
            Action::Opening,
            l.quantity,
            depot_domain::replay::lot_changes(None, l),
        )),
        (Some(Stock::Asset(old)), Stock::Asset(a)) => {
            // `due` is not in the file: keep it while the asset stays where it is.
            let a = Asset {
                due: if old.location == a.location {
                    old.due
                } else {
                    None
                },
                ..a.clone()
            };
            let ch = depot_domain::replay::asset_changes(Some(old), &a);
            if !ch.is_empty() {
                todo.push(mv(Action::Update, Decimal::ONE, ch));
            }
        }
        (Some(Stock::Lot(old)), Stock::Lot(l)) => {
            if old.quantity != l.quantity {
                let mut m = mv(Action::Adjust, l.quantity - old.quantity, Vec::new());
                m.to = None;
                todo.push(m);
            }
            let ch = depot_domain::replay::lot_changes(Some(old), l);
            if !ch.is_empty() {
                todo.push(mv(Action::Update, Decimal::ZERO, ch));
            }
        }
        // Kind changes were refused by `check`.
        _ => {}
    }
    match (&before, todo.is_empty()) {
        (None, _) => counts.new += 1,
        (Some(_), true) => counts.same += 1,
        (Some(_), false) => counts.changed += 1,
    }
    let n = todo.len() as u64;
    for m in todo {
        w.apply(m)?;
    }
    Ok(n)
}
