//! `depot export`: the register to CSV for headquarters (inventory, movements) and for a
//! round trip (assets, lots, in the columns of their import files).

use depot_domain::msg::service::ServiceMsg;
use std::collections::HashMap;
use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::Result;
use crate::export::Extract;
use depot_domain::movement::{detail_text, hex, timestamp_text};
use depot_domain::stock::StockRef;
use depot_domain::stock::{
    is_asset_ready, is_checked_out, is_expired, is_held, is_inspection_overdue, is_over_age,
};
use depot_domain::vocab::Vocabulary;
use depot_domain::{AssetStatus, CatalogItem};

use depot_exchange::writer::{CsvOptions, CsvOut};

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Inventory,
    Assets,
    Lots,
    Movements,
    Readiness,
    Replacements,
}

impl ExportKind {
    pub const ALL: [ExportKind; 6] = [
        ExportKind::Inventory,
        ExportKind::Assets,
        ExportKind::Lots,
        ExportKind::Movements,
        ExportKind::Readiness,
        ExportKind::Replacements,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Inventory => "inventory",
            ExportKind::Assets => "assets",
            ExportKind::Lots => "lots",
            ExportKind::Movements => "movements",
            ExportKind::Readiness => "readiness",
            ExportKind::Replacements => "replacements",
        }
    }
}

impl std::str::FromStr for ExportKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ExportKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<_> = ExportKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown export '{s}': expected one of {}", names.join(", "))
            })
    }
}

/// How to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    pub csv: CsvOptions,
    /// The date the figures are as of (inventory, readiness).
    pub as_of: NaiveDate,
    /// The first seq of a movements export.
    pub since: u64,
}

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

/// Writes `kind` to `out`; returns the number of data rows.
pub fn export<W: Write>(
    r: &Extract,
    kind: ExportKind,
    opts: &ExportOptions,
    out: W,
) -> Result<u64> {
    match kind {
        ExportKind::Assets => assets(r, opts, out),
        ExportKind::Lots => lots(r, opts, out),
        ExportKind::Movements => movements(r, opts, out),
        ExportKind::Inventory => inventory(r, opts, out),
        ExportKind::Readiness => super::readiness::readiness(r, opts, out),
        ExportKind::Replacements => super::readiness::replacements_csv(r, opts, out),
    }
}

/// `KIND-DEPOT-YYYYMMDD.csv` (movements: `movements-DEPOT-fromSEQ-YYYYMMDD.csv`): every
/// export names its depot (the database file's stem) and its as-of date.
pub fn default_file_name(
    db: &std::path::Path,
    kind: ExportKind,
    as_of: NaiveDate,
    since: u64,
) -> std::path::PathBuf {
    let depot = db.file_stem().and_then(|s| s.to_str()).unwrap_or("depot");
    let date = as_of.format("%Y%m%d");
    std::path::PathBuf::from(match kind {
        ExportKind::Movements => format!("movements-{depot}-from{since}-{date}.csv"),
        k => format!("{}-{depot}-{date}.csv", k.name()),
    })
}

/// Where a file export's bytes go: the rows are formatted on the caller's thread into chunks,
/// and a thread of its own writes the full chunks to the file (counting their lines for a
/// progress display), so formatting and the file system work at the same time.
struct Background {
    chunk: Vec<u8>,
    full: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    empty: std::sync::mpsc::Receiver<Vec<u8>>,
    worker: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

/// The size of a chunk handed to the writing thread.
const CHUNK: usize = 1 << 20;

impl Background {
    fn start(
        mut file: std::fs::File,
        lines: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    ) -> Self {
        let (full, todo) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let (done, empty) = std::sync::mpsc::channel();
        let worker = std::thread::spawn(move || -> std::io::Result<()> {
            for mut chunk in todo {
                file.write_all(&chunk)?;
                if let Some(lines) = &lines {
                    let nl = chunk.iter().filter(|b| **b == b'\n').count() as u64;
                    lines.fetch_add(nl, std::sync::atomic::Ordering::Relaxed);
                }
                chunk.clear();
                // The caller may have finished already; then the chunk is simply dropped.
                let _ = done.send(chunk);
            }
            file.flush()
        });
        Background {
            chunk: Vec::with_capacity(CHUNK),
            full: Some(full),
            empty,
            worker: Some(worker),
        }
    }

    /// Hands the current chunk to the writing thread and takes an empty one.
    fn hand_over(&mut self) -> std::io::Result<()> {
        let next = self
            .empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let chunk = std::mem::replace(&mut self.chunk, next);
        let sent = self.full.as_ref().map(|f| f.send(chunk).is_ok());
        if sent == Some(true) {
            Ok(())
        } else {
            Err(self
                .stop()
                .err()
                .unwrap_or_else(|| std::io::Error::other("the thread writing the export stopped")))
        }
    }

    /// Writes what is left, waits for the writing thread and returns its first error.
    fn finish(mut self) -> std::io::Result<()> {
        if !self.chunk.is_empty() {
            self.hand_over()?;
        }
        self.stop()
    }

    fn stop(&mut self) -> std::io::Result<()> {
        self.full = None;
        match self.worker.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other(
                "the thread writing the export panicked",
            )),
            None => Ok(()),
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        // An export that failed half-way still waits for its writing thread to end.
        let _ = self.stop();
    }
}

impl Write for Background {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= CHUNK {
            self.hand_over()?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        // The file is flushed once, by `finish`; a CSV writer's flush only empties its
        // own buffer into this one.
        Ok(())
    }
}

/// Exports to a file: written beside it and renamed at the end, so a failed export leaves no
/// half file under the real name. `progress`, when given, counts the lines written.
pub fn to_file(
    r: &Extract,
    kind: ExportKind,
    opts: &ExportOptions,
    path: &std::path::Path,
    progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
) -> Result<u64> {
    let tmp = path.with_extension("csv.partial");
    let file = std::fs::File::create(&tmp).map_err(|e| crate::Error::io(&tmp, e))?;
    let mut out = Background::start(file, progress);
    let written = export(r, kind, opts, crate::interrupt::Stoppable(&mut out)).and_then(|n| {
        out.finish().map_err(|e| crate::Error::io(&tmp, e))?;
        crate::interrupt::check(NOT_EXPORTED)?;
        Ok(n)
    });
    match written {
        Ok(n) => {
            std::fs::rename(&tmp, path).map_err(|e| crate::Error::io(path, e))?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(stopped_or(e))
        }
    }
}

/// What an export stopped by Ctrl+C or a signal left behind.
pub const NOT_EXPORTED: ServiceMsg = ServiceMsg::NotExported;

/// An error of an export that was stopped on purpose says so, rather than how the write
/// failed.
pub fn stopped_or(e: crate::Error) -> crate::Error {
    if crate::interrupt::requested() {
        crate::Error::Interrupted(NOT_EXPORTED)
    } else {
        e
    }
}

/// A date as `YYYY-MM-DD` into a reused buffer, without the formatting machinery: an export
/// writes two million of them.
pub struct DateText([u8; 10]);

impl DateText {
    pub fn new() -> Self {
        DateText(*b"0000-00-00")
    }
    pub fn format(&mut self, d: NaiveDate) -> &str {
        let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
        let b = &mut self.0;
        b[0] = b'0' + (y / 1000) as u8;
        b[1] = b'0' + (y / 100 % 10) as u8;
        b[2] = b'0' + (y / 10 % 10) as u8;
        b[3] = b'0' + (y % 10) as u8;
        b[5] = b'0' + (m / 10) as u8;
        b[6] = b'0' + (m % 10) as u8;
        b[8] = b'0' + (day / 10) as u8;
        b[9] = b'0' + (day % 10) as u8;
        std::str::from_utf8(b).unwrap_or("")
    }
}

impl Default for DateText {
    fn default() -> Self {
        Self::new()
    }
}

fn assets<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
    assets_in(r, opts, out, split(r)?)
}

fn assets_in<W: Write>(
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

fn lots<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
    lots_in(r, opts, out, split(r)?)
}

fn lots_in<W: Write>(r: &Extract, opts: &ExportOptions, out: W, block: Option<u64>) -> Result<u64> {
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

fn movements<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
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

fn inventory<W: Write>(r: &Extract, opts: &ExportOptions, out: W) -> Result<u64> {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Formatted on two threads in blocks of any size, the assets and lots exports are the
    /// bytes one thread writes, in every output mode.
    #[test]
    fn two_threads_write_what_one_writes() {
        use crate::import::files as import;
        use depot_exchange::{CsvOptions, InputEncoding, OutputEncoding, sample};
        let store = crate::store::in_memory().unwrap();
        let ctx = crate::Ctx::new(Some("t")).unwrap();
        import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false).unwrap();
        let r = Extract::open(&store).unwrap();
        let n = r.stock_count().unwrap();
        let modes = [
            CsvOptions::default(),
            CsvOptions {
                excel: true,
                encoding: OutputEncoding::Utf8,
            },
            CsvOptions {
                excel: true,
                encoding: OutputEncoding::Gb18030,
            },
        ];
        type Export = fn(&Extract, &ExportOptions, &mut Vec<u8>, Option<u64>) -> Result<u64>;
        let kinds: [Export; 2] = [
            |r, o, w, b| assets_in(r, o, w, b),
            |r, o, w, b| lots_in(r, o, w, b),
        ];
        for csv in modes {
            let opts = ExportOptions {
                csv,
                as_of: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                since: 0,
            };
            let mut rows = 0;
            for export in kinds {
                let mut one = Vec::new();
                let written = export(&r, &opts, &mut one, None).unwrap();
                rows += written;
                for block in [1, 2, 7, 1000, n, n + 5] {
                    let mut two = Vec::new();
                    assert_eq!(export(&r, &opts, &mut two, Some(block)).unwrap(), written);
                    assert!(one == two, "block {block}, {csv:?}");
                }
            }
            assert_eq!(rows, n);
        }
    }

    #[test]
    fn headers_match_the_published_schemas() {
        for (name, header) in [
            ("inventory", INVENTORY_HEADER),
            ("assets", ASSETS_HEADER),
            ("lots", LOTS_HEADER),
            ("movements", MOVEMENTS_HEADER),
        ] {
            let (path, schema) = depot_exchange::columns::published(name);
            let published: Vec<&str> = schema["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap())
                .collect();
            assert_eq!(header, published.as_slice(), "{path}");
        }
    }

    #[test]
    fn dates_format_without_chrono() {
        let mut t = DateText::new();
        for d in ["2026-11-23", "0999-01-05", "2016-02-29"] {
            assert_eq!(t.format(d.parse().unwrap()), d);
        }
    }
}
