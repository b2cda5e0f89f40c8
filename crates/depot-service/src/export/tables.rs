//! The register's tables as CSV: assets and lots (in the columns of their import files, on two
//! threads for a large register), movements, and the inventory headquarters reads.

use super::options::{DateText, ExportOptions};
use crate::Result;
use crate::export::Extract;
use depot_domain::movement::{detail_text, hex, timestamp_text};
use depot_domain::stock::StockRef;
use depot_domain::stock::{
    is_asset_ready, is_checked_out, is_expired, is_held, is_inspection_overdue, is_over_age,
};
use depot_domain::vocab::Vocabulary;
use depot_domain::{AssetStatus, CatalogItem};
use depot_exchange::writer::CsvOut;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::io::Write;

pub const INVENTORY_HEADER: &[&str] = &[
    "owner",
    "owner_name",
    "module",
    "item",
    "item_name",
    "category",
    "uom",
    "held",
    "ready",
    "checked_out",
    "maintenance",
    "over_age",
    "expiring_90d",
    "value",
];

pub const ASSETS_HEADER: &[&str] = &[
    "barcode",
    "item",
    "serial",
    "owner",
    "location",
    "module",
    "status",
    "commissioned",
    "last_inspected",
    "plate",
];

pub const LOTS_HEADER: &[&str] = &[
    "barcode", "item", "lot", "owner", "module", "quantity", "expires", "received",
];

pub const MOVEMENTS_HEADER: &[&str] = &[
    "seq",
    "at",
    "action",
    "barcode",
    "item",
    "quantity",
    "from",
    "to",
    "operator",
    "reference",
    "reason",
    "prev_hash",
    "hash",
    "detail",
];

pub(super) fn assets<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
    assets_in(r, opts, out, split(r)?)
}

pub(super) fn assets_in<W: Write>(
    r: &Extract,
    opts: &ExportOptions,
    out: W,
    block: Option<u64>,
) -> Result<u64> {
    let cols = (ASSETS_HEADER, [false; 10].as_slice());
    stock_rows(r, opts, cols, out, block, |row, d, emit| {
        let StockRef::Asset(a) = row else {
            return Ok(());
        };
        let [d1, d2] = d;
        let c = a.commissioned.map(|d| d1.format(d));
        let l = a.last_inspected.map(|d| d2.format(d));
        emit(&[
            a.barcode,
            a.item,
            a.serial.unwrap_or(""),
            a.owner,
            a.location.unwrap_or(""),
            a.module.unwrap_or(""),
            a.status.en(),
            c.unwrap_or(""),
            l.unwrap_or(""),
            a.plate.unwrap_or(""),
        ])
    })
}

pub(super) fn lots<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
    lots_in(r, opts, out, split(r)?)
}

pub(super) fn lots_in<W: Write>(
    r: &Extract,
    opts: &ExportOptions,
    out: W,
    block: Option<u64>,
) -> Result<u64> {
    let numeric = [false, false, false, false, false, true, false, false];
    let cols = (LOTS_HEADER, numeric.as_slice());
    stock_rows(r, opts, cols, out, block, |row, d, emit| {
        let StockRef::Lot(l) = row else {
            return Ok(());
        };
        let [d1, d2] = d;
        let q = l.quantity.normalize().to_string();
        let e = l.expires.map(|d| d1.format(d));
        let rc = l.received.map(|d| d2.format(d));
        emit(&[
            l.barcode,
            l.item,
            l.lot.unwrap_or(""),
            l.owner,
            l.module.unwrap_or(""),
            &q,
            e.unwrap_or(""),
            rc.unwrap_or(""),
        ])
    })
}

/// Rows a formatting thread claims at a time.
const BLOCK: u64 = 4096;

/// What writes the cells of one row.
type Emit<'e> = dyn FnMut(&[&str]) -> Result<()> + 'e;

/// Two threads for a large register (`Some` of the rows they claim at a time), one else.
fn split(r: &Extract) -> Result<Option<u64>> {
    Ok(depot_domain::two_threads_for(r.stock_count()?).then_some(BLOCK))
}

/// Header and numeric columns of an export.
type Columns<'c> = (&'c [&'c str], &'c [bool]);

/// Exports the stock rows that `row` writes (through the `Emit` it is given, with two date
/// buffers), in barcode order. With `block`, on two threads claiming that many rows at a
/// time: this one writes the rows from the start of the barcode order to `out` as it goes;
/// another formats those from the end backwards into memory, written after, in order.
fn stock_rows<W, F>(
    r: &Extract,
    opts: &ExportOptions,
    (header, numeric): Columns<'_>,
    mut out: W,
    block: Option<u64>,
    row: F,
) -> Result<u64>
where
    W: Write,
    F: Fn(StockRef<'_>, &mut [DateText; 2], &mut Emit<'_>) -> Result<()> + Sync,
{
    let mut csv = CsvOut::new(&mut out, opts.csv, header, numeric)?;
    let mut dates = [DateText::new(), DateText::new()];
    let front = |s: StockRef<'_>| row(s, &mut dates, &mut |cells| Ok(csv.write_row(cells)?));
    let Some(block) = block else {
        r.for_each_stock(front)?;
        let n = csv.rows();
        csv.finish()?;
        return Ok(n);
    };
    // The rows from the end, formatted backwards into memory: the bytes, and where each row
    // starts (the first entry: the end of the header).
    let mut behind = CsvOut::new(Vec::new(), opts.csv, header, numeric)?;
    let mut ends = vec![behind.written()?.len()];
    let mut back_dates = [DateText::new(), DateText::new()];
    let back = |s: StockRef<'_>| {
        row(s, &mut back_dates, &mut |cells| {
            behind.write_row(cells)?;
            ends.push(behind.written()?.len());
            Ok(())
        })
    };
    r.stock_from_both_ends(block, front, back)?;
    let bytes = behind.finish()?;
    let n = csv.rows() + ends.len() as u64 - 1;
    csv.finish()?;
    // The rows from the end were formatted last first: written back in barcode order.
    for w in ends.windows(2).rev() {
        out.write_all(&bytes[w[0]..w[1]])
            .map_err(|e| depot_exchange::error::WriteError::io("the export", e))?;
    }
    Ok(n)
}

pub(super) fn movements<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
    let mut numeric = [false; 14];
    numeric[0] = true;
    numeric[5] = true;
    let mut csv = CsvOut::new(out, opts.csv, MOVEMENTS_HEADER, &numeric)?;
    r.for_each_movement(opts.since.max(1), |m| -> Result<()> {
        let b = &m.body;
        let opt = |p: &Option<depot_domain::PlaceCode>| {
            p.as_ref().map(|p| p.to_string()).unwrap_or_default()
        };
        csv.write_row(&[
            &m.seq.to_string(),
            &timestamp_text(&b.at),
            b.action.en(),
            b.barcode.as_str(),
            b.item.as_str(),
            &b.quantity.normalize().to_string(),
            &opt(&b.from),
            &opt(&b.to),
            b.operator.as_str(),
            b.reference.as_deref().unwrap_or(""),
            b.reason.as_deref().unwrap_or(""),
            &hex(&m.prev_hash),
            &hex(&m.hash),
            &detail_text(&b.changes),
        ])?;
        Ok(())
    })?;
    let n = csv.rows();
    csv.finish()?;
    Ok(n)
}

/// One line of the inventory: an owner's holding of one item in one module.
#[derive(Default)]
struct Line {
    held: Decimal,
    ready: Decimal,
    checked_out: Decimal,
    maintenance: Decimal,
    over_age: Decimal,
    expiring: Decimal,
}

pub(super) fn inventory<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
    let items: HashMap<String, CatalogItem> = r
        .catalog()?
        .into_iter()
        .map(|c| (c.code.to_string(), c))
        .collect();
    let mut names: HashMap<String, String> = r
        .units()?
        .into_iter()
        .map(|u| (u.code.to_string(), u.name))
        .collect();
    names.extend(
        r.warehouses()?
            .into_iter()
            .map(|w| (w.code.to_string(), w.name)),
    );
    let on = opts.as_of;
    let soon = on + chrono::Days::new(90);
    let mut lines: HashMap<(String, String, String), Line> = HashMap::new();
    r.for_each_stock(|row| -> Result<()> {
        let (owner, module, item) = (row.owner(), row.module(), row.item());
        let it = items.get(item);
        let key = (
            owner.to_owned(),
            module.unwrap_or("").to_owned(),
            item.to_owned(),
        );
        match row {
            StockRef::Asset(a) => {
                let status = a.status;
                if !is_held(status) {
                    return Ok(());
                }
                let line = lines.entry(key).or_default();
                let old = is_over_age(a.commissioned, it.and_then(|i| i.life_years), on);
                let overdue =
                    is_inspection_overdue(a.last_inspected, it.and_then(|i| i.inspect_days), on);
                let out = is_checked_out(a.owner, a.location);
                line.held += Decimal::ONE;
                if is_asset_ready(status, out, old, overdue) {
                    line.ready += Decimal::ONE;
                }
                if out {
                    line.checked_out += Decimal::ONE;
                }
                if status == AssetStatus::Maintenance {
                    line.maintenance += Decimal::ONE;
                }
                if old {
                    line.over_age += Decimal::ONE;
                }
            }
            StockRef::Lot(l) => {
                let line = lines.entry(key).or_default();
                let q = l.quantity;
                let exp = l.expires;
                line.held += q;
                if !is_expired(exp, on) {
                    line.ready += q;
                    if exp.is_some_and(|e| e <= soon) {
                        line.expiring += q;
                    }
                }
            }
        }
        Ok(())
    })?;
    let mut keys: Vec<_> = lines.keys().cloned().collect();
    keys.sort();
    let numeric: Vec<bool> = (0..INVENTORY_HEADER.len()).map(|i| i >= 7).collect();
    let mut csv = CsvOut::new(out, opts.csv, INVENTORY_HEADER, &numeric)?;
    for k in keys {
        let Some(l) = lines.get(&k) else { continue };
        let it = items.get(&k.2);
        let value = it
            .and_then(|i| i.unit_price)
            .map(|p| (p * l.held).round_dp(2).normalize().to_string())
            .unwrap_or_default();
        let n = |d: Decimal| d.normalize().to_string();
        csv.write_row(&[
            &k.0,
            names.get(&k.0).map(String::as_str).unwrap_or(""),
            &k.1,
            &k.2,
            it.map(|i| i.name.as_str()).unwrap_or(""),
            it.map(|i| i.category.en()).unwrap_or(""),
            it.map(|i| i.uom.as_str()).unwrap_or(""),
            &n(l.held),
            &n(l.ready),
            &n(l.checked_out),
            &n(l.maintenance),
            &n(l.over_age),
            &n(l.expiring),
            &value,
        ])?;
    }
    let n = csv.rows();
    csv.finish()?;
    Ok(n)
}
