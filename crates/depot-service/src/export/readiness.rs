//! The readiness exports: `readiness.csv` (a row per line of a standard per unit or
//! warehouse) and `replacements.csv` (every piece with a service life, by life-end year).

use std::io::Write;

use crate::Result;
use crate::export::Extract;
use crate::readiness as svc;
use depot_domain::readiness::{Readiness, Snapshot, Within};

use super::options::{DateText, ExportOptions};
use depot_exchange::writer::{CsvOptions, CsvOut};

pub const READINESS_HEADER: &[&str] = &[
    "scope",
    "scope_name",
    "module",
    "what",
    "required",
    "held",
    "ready",
    "equipped",
    "ready_met",
];
pub const REPLACEMENTS_HEADER: &[&str] = &[
    "due_year",
    "barcode",
    "item",
    "item_name",
    "owner",
    "commissioned",
    "life_end",
    "unit_price",
];

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

pub(super) fn readiness<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
    let s = r.readiness()?;
    let rd = svc::readiness(&s, opts.as_of, 0);
    readiness_rows(&s, &rd, opts.csv, out)
}

/// `readiness.csv` of an evaluated snapshot: a row per line, in the snapshot's line order,
/// judged by the lines' `LineStatus` (the units tree's and the shortfall list's judgement).
pub fn readiness_rows<W: Write>(
    s: &Snapshot,
    rd: &Readiness,
    opts: CsvOptions,
    out: W,
) -> Result<u64> {
    let numeric = [false, false, false, false, true, true, true, false, false];
    let mut csv = CsvOut::new(out, opts, READINESS_HEADER, &numeric)?;
    for (l, x) in s.lines.iter().zip(&rd.lines) {
        let p = s.place(l.place);
        let status = x.status(l.required);
        csv.write_row(&[
            &p.code,
            &p.name,
            s.module(l.module),
            &s.what_text(l),
            &l.required.normalize().to_string(),
            &x.held.normalize().to_string(),
            &x.ready.normalize().to_string(),
            yes(status.equipped()),
            yes(status.ready_met()),
        ])?;
    }
    let n = csv.rows();
    csv.finish()?;
    Ok(n)
}

pub(super) fn replacements_csv<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
    let s = r.readiness()?;
    let numeric = [true, false, false, false, false, false, false, true];
    let mut csv = CsvOut::new(out, opts.csv, REPLACEMENTS_HEADER, &numeric)?;
    let (mut d1, mut d2) = (DateText::new(), DateText::new());
    for row in svc::replacements(&s, Within::Everything) {
        let cell = s.cells[s.assets[row.asset].cell as usize];
        let item = s.item(cell.item);
        csv.write_row(&[
            &row.due_year.to_string(),
            s.asset_barcode(row.asset),
            item.code.as_str(),
            &item.name,
            &s.place(cell.owner).code,
            d1.format(row.commissioned),
            d2.format(row.life_end),
            &row.unit_price
                .map(|p| p.normalize().to_string())
                .unwrap_or_default(),
        ])?;
    }
    let n = csv.rows();
    csv.finish()?;
    Ok(n)
}
