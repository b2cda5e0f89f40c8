//! The assets and lots of an import: barcodes (new, unrepeated, in a sound order), owners,
//! items and modules.

use super::catalog::check_item;
use super::known::{Known, find};
use crate::Result;
use crate::import::{Bundle, Finding, Origin};
use crate::store::StockView;
use depot_domain::dates::{self, DateKind};
use depot_domain::msg::exchange::ExchangeMsg;
use depot_domain::{Asset, AssetStatus, Lang, Stock, Tracking, Vocabulary as _};
use std::collections::HashMap;

/// The rows of assets (0..assets) then lots, in the order of their barcodes; rows with the
/// same barcode stay in file order.
pub(in crate::import) fn barcode_order(b: &Bundle) -> Vec<usize> {
    // Most barcodes differ in their first 16 bytes: compare those as two integers, and the
    // text (then the row number, for file order) only where they are equal.
    let head = |i: usize| {
        let mut h = [0u8; 16];
        let bc = barcode_at(b, i).as_bytes();
        let n = bc.len().min(16);
        h[..n].copy_from_slice(&bc[..n]);
        u128::from_be_bytes(h)
    };
    let mut keyed: Vec<(u128, usize)> = (0..b.assets.len() + b.lots.len())
        .map(|i| (head(i), i))
        .collect();
    keyed.sort_unstable_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| barcode_at(b, x.1).cmp(barcode_at(b, y.1)))
            .then(x.1.cmp(&y.1))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The barcode of row `i` of `barcode_order`'s numbering.
fn barcode_at(b: &Bundle, i: usize) -> &str {
    match i.checked_sub(b.assets.len()) {
        None => b.assets.barcode(i),
        Some(l) => b.lots.barcode(l),
    }
}

/// For each row whose barcode an earlier row already has (see `barcode_order`): that earlier
/// row.
fn repeated_barcodes(b: &Bundle, order: &[usize]) -> HashMap<usize, usize> {
    let mut out = HashMap::new();
    let mut first = None;
    for &i in order {
        match first {
            Some(f) if barcode_at(b, f) == barcode_at(b, i) => {
                out.insert(i, f);
            }
            _ => first = Some(i),
        }
    }
    out
}

/// Barcode rules shared by assets and lots: unique in the import, and of the same kind and
/// item as a barcode already in the register. Answers what the register holds under it.
fn check_barcode(
    view: &crate::store::Reader,
    first: Option<Origin>,
    fresh: bool,
    (o, barcode, item, want): (&Origin, &str, &str, Tracking),
    out: &mut Vec<Finding>,
) -> Result<Option<Stock>> {
    if let Some(first) = first {
        out.push(find(
            o,
            "barcode",
            barcode,
            format!(
                "barcode already used at {}:{}; barcodes are unique across assets and lots",
                first.file, first.line
            ),
            format!(
                "条码已在 {}:{} 使用；装备和批次的条码都不能重复",
                first.file, first.line
            ),
        ));
    }
    let existing = if fresh { None } else { view.stock(barcode)? };
    if let Some(existing) = &existing {
        let other_kind = match (existing, want) {
            (Stock::Asset(_), Tracking::Lot) => Some("an asset"),
            (Stock::Lot(_), Tracking::Serial) => Some("a lot"),
            _ => None,
        };
        if let Some(kind) = other_kind {
            out.push(find(
                o,
                "barcode",
                barcode,
                format!("barcode is already {kind} in the register"),
                format!(
                    "该条码在登记簿中已是{}",
                    if kind == "an asset" {
                        "单件装备"
                    } else {
                        "批次物资"
                    }
                ),
            ));
        } else if existing.item().as_str() != item {
            out.push(find(
                o,
                "item",
                item,
                format!(
                    "barcode {barcode} is already item {} in the register",
                    existing.item()
                ),
                format!("条码 {barcode} 在登记簿中已是品类 {}", existing.item()),
            ));
        }
    }
    Ok(existing)
}

/// A piece away at another depot (shipped there) is moved only by shipments: its row must keep
/// it as exported (status away, at that depot, of the same owner), and no row makes a piece
/// away. (A register exported before the shipment and imported again would otherwise bring it
/// back here while the other depot holds it.)
fn check_away(o: &Origin, a: &Asset, existing: Option<&Stock>, out: &mut Vec<Finding>) {
    let say = |m: ExchangeMsg| (m.say(Lang::En), m.say(Lang::Zh));
    match existing {
        Some(Stock::Asset(x)) if x.status == AssetStatus::Away => {
            let depot = x.location.as_ref().map(|l| l.as_str()).unwrap_or("");
            let kept = [
                ("status", a.status == x.status, a.status.en()),
                (
                    "location",
                    a.location == x.location,
                    a.location.as_ref().map(|l| l.as_str()).unwrap_or(""),
                ),
                ("owner", a.owner == x.owner, a.owner.as_str()),
            ];
            for (column, same, value) in kept {
                if !same {
                    let (en, zh) = say(ExchangeMsg::AwayStaysAway {
                        barcode: a.barcode.to_string(),
                        depot: depot.to_owned(),
                    });
                    out.push(find(o, column, value, en, zh));
                }
            }
        }
        _ if a.status == AssetStatus::Away => {
            let (en, zh) = say(ExchangeMsg::AwayOnlyByShipment);
            out.push(find(o, "status", a.status.en(), en, zh));
        }
        _ => {}
    }
}

pub(super) fn check_stock(
    view: &crate::store::Reader,
    k: &Known<'_>,
    order: &[usize],
    out: &mut Vec<Finding>,
) -> Result<()> {
    let b = k.bundle;
    let repeated = repeated_barcodes(b, order);
    let n = b.assets.len();
    let first = |i: usize| {
        let f = *repeated.get(&i)?;
        if f < n {
            b.assets.origin(f)
        } else {
            b.lots.origin(f - n)
        }
    };
    // On an empty register no barcode can clash with a stored one: skip a million look-ups.
    let fresh = view.stock_count()? == 0;
    let today = crate::Clock::Local.read().date_naive();
    for (i, (o, a)) in b.assets.iter().enumerate() {
        let existing = check_barcode(
            view,
            first(i),
            fresh,
            (&o, a.barcode.as_str(), a.item.as_str(), Tracking::Serial),
            out,
        )?;
        let o = &o;
        check_away(o, &a, existing.as_ref(), out);
        if let Some(life) = check_item(k, o, a.item.as_str(), Tracking::Serial, out)
            && life.is_some()
            && a.commissioned.is_none()
        {
            out.push(find(
                o,
                "commissioned",
                "",
                "required: the item has a service life",
                "必填：该品类有使用年限",
            ));
        }
        // The same rule for these dates as a person's inspection at the scan station has.
        for (column, kind, date) in [
            ("commissioned", DateKind::Commissioned, a.commissioned),
            ("last_inspected", DateKind::Inspected, a.last_inspected),
        ] {
            if let Some(d) = date
                && let Err(e) = dates::check(kind, d, today)
            {
                out.push(find(o, column, d.to_string(), e.to_string(), e.zh()));
            }
        }
        if !k.owner_known(a.owner.as_str()) {
            out.push(find(
                o,
                "owner",
                a.owner.as_str(),
                "no unit or warehouse has this code",
                "没有这个代码的单位或储备库",
            ));
        }
        if let Some(l) = &a.location
            && l == &a.owner
        {
            out.push(find(
                o,
                "location",
                l.as_str(),
                "the location is the owner itself; leave it empty when the asset is at its owner",
                "存放位置就是归属单位本身；装备在归属单位时请留空",
            ));
        }
        if a.location.is_some() && a.status == AssetStatus::Retired {
            out.push(find(
                o,
                "location",
                a.location.as_ref().map(|l| l.as_str()).unwrap_or(""),
                "a retired asset cannot be checked out",
                "已报废的装备不能借出",
            ));
        }
        check_module(k, o, a.module.as_ref().map(|m| m.as_str()), out);
    }
    for (i, (o, l)) in b.lots.iter().enumerate() {
        check_barcode(
            view,
            first(n + i),
            fresh,
            (&o, l.barcode.as_str(), l.item.as_str(), Tracking::Lot),
            out,
        )?;
        let o = &o;
        check_item(k, o, l.item.as_str(), Tracking::Lot, out);
        if let Some(uom) = k.uoms.get(l.item.as_str())
            && let Err(e) = depot_domain::units::whole(&l.item, uom, l.quantity)
        {
            out.push(find(
                o,
                "quantity",
                l.quantity.normalize().to_string(),
                e.to_string(),
                e.zh(),
            ));
        }
        if !k.owner_known(l.owner.as_str()) {
            out.push(find(
                o,
                "owner",
                l.owner.as_str(),
                "no unit or warehouse has this code",
                "没有这个代码的单位或储备库",
            ));
        }
        check_module(k, o, l.module.as_ref().map(|m| m.as_str()), out);
    }
    Ok(())
}

pub(super) fn check_module(
    k: &Known<'_>,
    o: &Origin,
    module: Option<&str>,
    out: &mut Vec<Finding>,
) {
    if let Some(m) = module
        && !k.modules.contains(m)
    {
        out.push(find(
            o,
            "module",
            m,
            "no module has this code or name; the modules are the shipped eight and those of modules.csv", "没有这个代码或名称的模块；模块为随附的八个以及 modules.csv 中的"));
    }
}
