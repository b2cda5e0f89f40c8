//! `depot import`: read exchange files into a [`Bundle`], report every bad row (file, line,
//! column, value, reason), write the rejected rows beside their input, and land the bundle in
//! one transaction only when no row is bad.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::domain::ids::BARCODE_MAX;
use crate::domain::{
    Asset, AssetStatus, CatalogItem, Category, Lot, Metric, Module, Scope, StandardLine,
    StationClass, Target, TargetScope, Tracking, Unit, UnitKind, Warehouse, WarehouseLevel, What,
};
use crate::service::Ctx;
use crate::service::import::{self as landing, Bundle, Finding, Origin, Outcome, Summary};
use crate::store::Store;
use crate::{Error, Result};

use super::InputEncoding;
use super::columns::Kind;
use super::fields::{
    FieldError, parse_bool, parse_code, parse_date, parse_decimal, parse_enum, parse_quantity,
    parse_u32,
};
use super::reader::{CsvStream, Problems, Row, RowError, rejects_path, with_text};

/// The longest code other than a barcode.
const CODE_MAX: usize = 64;

/// One file to import.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk; its rejects are written beside it.
    File(Kind, PathBuf),
    /// Bytes built into the program (the sample); `name` stands for its path in messages.
    Bytes(Kind, &'static str, &'static [u8]),
}

impl Source {
    fn kind(&self) -> Kind {
        match self {
            Source::File(k, _) | Source::Bytes(k, _, _) => *k,
        }
    }
}

/// What an import reports.
#[derive(Debug, Default)]
pub struct Report {
    /// Unknown columns and other things worth knowing that did not stop the import.
    pub warnings: Vec<String>,
    /// Every bad row; empty when the import landed.
    pub problems: Vec<RowError>,
    /// The rejects files written.
    pub rejects: Vec<PathBuf>,
    /// What landed (or would land, in a dry run).
    pub summary: Option<Summary>,
    pub dry_run: bool,
    /// Wall time of each phase (read, check, write), for benchmarks and diagnosis.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl Report {
    pub fn landed(&self) -> bool {
        self.problems.is_empty() && self.summary.is_some()
    }
}

/// The import files present in `dir`, in dependency order; an error if there are none.
pub fn sources_in(dir: &Path) -> Result<Vec<Source>> {
    if !dir.is_dir() {
        return Err(Error::Invalid(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    let found: Vec<Source> = Kind::ALL
        .into_iter()
        .map(|k| (k, dir.join(k.file_name())))
        .filter(|(_, p)| p.is_file())
        .map(|(k, p)| Source::File(k, p))
        .collect();
    if found.is_empty() {
        let names: Vec<_> = Kind::ALL.iter().map(|k| k.file_name()).collect();
        return Err(Error::Invalid(format!(
            "{} holds none of the import files ({})",
            dir.display(),
            names.join(", ")
        )));
    }
    Ok(found)
}

/// Reads, checks and (unless anything is bad, or `dry_run`) lands `sources` as one import.
pub fn import(
    store: &Store,
    ctx: &Ctx,
    sources: &[Source],
    enc: InputEncoding,
    dry_run: bool,
) -> Result<Report> {
    let mut report = Report {
        dry_run,
        ..Report::default()
    };
    let mut bundle = Bundle::default();
    let mut problems = Problems::new();
    // Modules given by name resolve against these and the files' own modules.csv.
    let known = store.read()?.modules()?;
    let bar = progress(sources);
    let mut clock = std::time::Instant::now();
    let mut lap = |report: &mut Report, phase: &'static str| {
        report.timings.push((phase, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    // Row by row: only the parsed rows are kept, never the text of a file beside them.
    for src in sources {
        let mut read = |path: &Path, text: &str| {
            let kind = src.kind();
            let mut stream = CsvStream::new(path, text, kind.columns())?;
            bar.set_message(format!("reading {}", stream.file()));
            while let Some(row) = stream.next_row()? {
                // Stopped: the files are not read on, and nothing is written (checked below).
                if crate::interrupt::requested() {
                    break;
                }
                bar.inc_length(1);
                bar.inc(1);
                match row {
                    Ok(row) => parse(kind, &row, &mut bundle, &known, &mut problems),
                    Err(e) => problems.push(e),
                }
            }
            report.warnings.extend(stream.warnings());
            Ok::<_, super::error::ReadError>(())
        };
        match src {
            Source::File(_, path) => with_text(path, enc, |text, _| read(path, text))?,
            Source::Bytes(_, name, bytes) => {
                let text = super::decode(bytes, enc)
                    .map_err(|e| Error::Invalid(format!("{name}: {e}")))?;
                read(Path::new(name), &text.text)?;
            }
        }
        stopped(&bar)?;
    }
    lap(&mut report, "read");
    if problems.is_empty() {
        bar.set_message(if dry_run {
            "checking and trying (dry run)"
        } else {
            "checking and writing"
        });
        let landed = landing::import(store, ctx, &bundle, dry_run);
        if landed.is_err() {
            bar.finish_and_clear();
        }
        match landed? {
            Outcome::Landed(s) => report.summary = Some(s),
            Outcome::Rejected(fs) => fs.into_iter().for_each(|f| problems.push(finding_error(f))),
        }
        lap(&mut report, "check and write");
    } else {
        // Report the rows that the register would refuse too, not only the unreadable ones.
        bar.set_message("checking");
        for f in landing::check(&store.read()?, &bundle)? {
            problems.push(finding_error(f));
        }
        lap(&mut report, "check");
    }
    bar.finish_and_clear();
    drop(bundle);
    problems.sort();
    if !problems.is_empty() && !dry_run {
        // The rejects carry the rows as written: read again the files that have any.
        for src in sources {
            let Source::File(kind, path) = src else {
                continue;
            };
            let file = super::error::display_path(path);
            if problems.errors().iter().any(|e| e.file == file) {
                let out = rejects_path(path);
                problems.write_rejects_of(path, enc, kind.columns(), &out)?;
                report.rejects.push(out);
            }
        }
    }
    report.problems = problems.into_errors();
    Ok(report)
}

/// `Err(Error::Interrupted)`, with the progress bar cleared, once a stop was asked for.
fn stopped(bar: &indicatif::ProgressBar) -> Result<()> {
    let r = crate::interrupt::check(landing::NOT_IMPORTED);
    if r.is_err() {
        bar.finish_and_clear();
    }
    r
}

fn progress(sources: &[Source]) -> indicatif::ProgressBar {
    let size: u64 = sources
        .iter()
        .map(|s| match s {
            Source::File(_, p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Source::Bytes(_, _, b) => b.len() as u64,
        })
        .sum();
    // Only worth showing on a terminal, and for files that take a moment.
    if !std::io::stderr().is_terminal() || size < 4 << 20 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len} rows [{elapsed}]")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn finding_error(f: Finding) -> RowError {
    RowError {
        file: f.origin.file,
        line: f.origin.line,
        column: Some(f.column.to_owned()),
        value: f.value,
        reason: f.reason,
    }
}

fn origin(row: &Row<'_>) -> Origin {
    Origin {
        file: row.file().to_owned(),
        line: row.line,
    }
}

fn code_cell(s: &str) -> Result<String, FieldError> {
    parse_code(s, Some(CODE_MAX))
}

fn barcode(s: &str) -> Result<String, FieldError> {
    parse_code(s, Some(BARCODE_MAX))
}

/// A module cell: a code, or a name (which may be Chinese) that `module_alias` resolves.
fn module_cell(s: &str) -> Result<String, FieldError> {
    code_cell(s).or_else(|e| {
        let t = s.trim();
        if t.is_empty() || t.chars().count() > CODE_MAX {
            Err(e)
        } else {
            Ok(t.to_owned())
        }
    })
}

/// A module as a file gives it: its code, or its Chinese or English name, of a module in this
/// import's modules.csv (which may rename one) or else of one the database knows (the
/// shipped eight and earlier imports, under their current names), by `domain::module_code`;
/// anything else is left for the check to name.
fn module_alias(b: &Bundle, known: &[crate::domain::Module], given: String) -> String {
    let mut all: Vec<crate::domain::Module> = b.modules.iter().map(|(_, m)| m.clone()).collect();
    all.extend(known.iter().cloned());
    crate::domain::module_code(&all, &given).map_or(given, |c| c.to_string())
}

fn text(s: &str) -> Result<String, FieldError> {
    Ok(s.trim().to_owned())
}

fn non_negative(s: &str) -> Result<rust_decimal::Decimal, FieldError> {
    let d = parse_decimal(s)?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(FieldError::new("must not be negative"));
    }
    Ok(d)
}

/// Collects the parse results of one row: all its errors, or the value.
struct Cells<'p> {
    problems: &'p mut Problems,
    ok: bool,
}

impl Cells<'_> {
    fn take<T>(&mut self, r: Result<T, RowError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.ok = false;
                self.problems.push(e);
                None
            }
        }
    }
}

/// Parses one row of a file of `kind` into the bundle, or its problems into `problems`.
fn parse(
    kind: Kind,
    row: &Row<'_>,
    b: &mut Bundle,
    known: &[crate::domain::Module],
    problems: &mut Problems,
) {
    {
        let o = origin(row);
        let mut c = Cells { problems, ok: true };
        match kind {
            Kind::Modules => {
                let code = c.take(row.required("code", code_cell));
                let zh = c.take(row.required("name_zh", text));
                let en = c.take(row.required("name_en", text));
                if let (Some(code), Some(name_zh), Some(name_en)) = (code, zh, en) {
                    b.modules.push((
                        o,
                        Module {
                            code: code.as_str().into(),
                            name_zh,
                            name_en,
                        },
                    ));
                }
            }
            Kind::Units => {
                let code = c.take(row.required("code", code_cell));
                let name = c.take(row.required("name", text));
                let kind = c.take(row.required("kind", parse_enum::<UnitKind>));
                let parent = c.take(row.optional("parent", code_cell));
                let class = c.take(row.optional("class", parse_enum::<StationClass>));
                if let (Some(code), Some(name), Some(kind), Some(parent), Some(class)) =
                    (code, name, kind, parent, class)
                {
                    b.units.push((
                        o,
                        Unit {
                            code: code.as_str().into(),
                            name,
                            kind,
                            parent: parent.map(|p| p.as_str().into()),
                            class,
                        },
                    ));
                }
            }
            Kind::Warehouses => {
                let code = c.take(row.required("code", code_cell));
                let name = c.take(row.required("name", text));
                let level = c.take(row.required("level", parse_enum::<WarehouseLevel>));
                let unit = c.take(row.required("unit", code_cell));
                let agreement = c.take(row.optional("agreement", parse_bool));
                let partner = c.take(row.optional("partner", text));
                if let (
                    Some(code),
                    Some(name),
                    Some(level),
                    Some(unit),
                    Some(agreement),
                    Some(partner),
                ) = (code, name, level, unit, agreement, partner)
                {
                    let w = Warehouse {
                        code: code.as_str().into(),
                        name,
                        level,
                        unit: unit.as_str().into(),
                        agreement: agreement.unwrap_or(false),
                        partner,
                    };
                    b.warehouses.push((o, w));
                }
            }
            Kind::Catalog => {
                let item = c.take(row.required("item", code_cell));
                let name = c.take(row.required("name", text));
                let category = c.take(row.required("category", parse_enum::<Category>));
                let tracking = c.take(row.required("tracking", parse_enum::<Tracking>));
                let uom = c.take(row.required("uom", text));
                let life = c.take(row.optional("life_years", parse_u32));
                let inspect = c.take(row.optional("inspect_days", parse_u32));
                let high_end = c.take(row.optional("high_end", parse_bool));
                let price = c.take(row.optional("unit_price", non_negative));
                if let (
                    Some(item),
                    Some(name),
                    Some(category),
                    Some(tracking),
                    Some(uom),
                    Some(life_years),
                    Some(inspect_days),
                    Some(high_end),
                    Some(unit_price),
                ) = (
                    item, name, category, tracking, uom, life, inspect, high_end, price,
                ) {
                    let it = CatalogItem {
                        code: item.as_str().into(),
                        name,
                        category,
                        tracking,
                        uom,
                        life_years,
                        inspect_days,
                        high_end: high_end.unwrap_or(false),
                        unit_price,
                    };
                    b.catalog.push((o, it));
                }
            }
            Kind::Assets => {
                let bc = c.take(row.required("barcode", barcode));
                let item = c.take(row.required("item", code_cell));
                let serial = c.take(row.optional("serial", text));
                let owner = c.take(row.required("owner", code_cell));
                let location = c.take(row.optional("location", code_cell));
                let module = c
                    .take(row.optional("module", module_cell))
                    .map(|m| m.map(|m| module_alias(b, known, m)));
                let status = c.take(row.optional("status", parse_enum::<AssetStatus>));
                let commissioned = c.take(row.optional("commissioned", parse_date));
                let last = c.take(row.optional("last_inspected", parse_date));
                let plate = c.take(row.optional("plate", text));
                if let (
                    Some(bc),
                    Some(item),
                    Some(serial),
                    Some(owner),
                    Some(location),
                    Some(module),
                    Some(status),
                    Some(commissioned),
                    Some(last_inspected),
                    Some(plate),
                ) = (
                    bc,
                    item,
                    serial,
                    owner,
                    location,
                    module,
                    status,
                    commissioned,
                    last,
                    plate,
                ) {
                    let a = Asset {
                        barcode: bc.as_str().into(),
                        item: item.as_str().into(),
                        serial,
                        owner: owner.as_str().into(),
                        location: location.map(|l| l.as_str().into()),
                        module: module.map(|m| m.as_str().into()),
                        status: status.unwrap_or(AssetStatus::Ready),
                        commissioned,
                        last_inspected,
                        plate,
                        due: None,
                    };
                    b.assets.push((o, a));
                }
            }
            Kind::Lots => {
                let bc = c.take(row.required("barcode", barcode));
                let item = c.take(row.required("item", code_cell));
                let lot = c.take(row.optional("lot", text));
                let owner = c.take(row.required("owner", code_cell));
                let module = c
                    .take(row.optional("module", module_cell))
                    .map(|m| m.map(|m| module_alias(b, known, m)));
                let quantity = c.take(row.required("quantity", parse_quantity));
                let expires = c.take(row.optional("expires", parse_date));
                let received = c.take(row.optional("received", parse_date));
                if let (
                    Some(bc),
                    Some(item),
                    Some(lot),
                    Some(owner),
                    Some(module),
                    Some(quantity),
                    Some(expires),
                    Some(received),
                ) = (bc, item, lot, owner, module, quantity, expires, received)
                {
                    let l = Lot {
                        barcode: bc.as_str().into(),
                        item: item.as_str().into(),
                        lot,
                        owner: owner.as_str().into(),
                        module: module.map(|m| m.as_str().into()),
                        quantity,
                        expires,
                        received,
                    };
                    b.lots.push((o, l));
                }
            }
            Kind::Standards => {
                let scope = c.take(row.required("scope", |s| {
                    super::fields::fold_code(s)
                        .parse::<Scope>()
                        .map_err(|e| FieldError::new(e.to_string()))
                }));
                let module = c
                    .take(row.optional("module", module_cell))
                    .map(|m| m.map(|m| module_alias(b, known, m)));
                let what = c.take(row.required("what", |s| {
                    super::fields::fold_code(s)
                        .parse::<What>()
                        .map_err(|e| FieldError::new(e.to_string()))
                }));
                let required = c.take(row.required("required", |s| {
                    let d = parse_quantity(s)?;
                    if d.is_zero() {
                        return Err(FieldError::new(
                            "0: a line of a standard requires more than 0 (leave the line out)",
                        ));
                    }
                    Ok(d)
                }));
                if let (Some(scope), Some(module), Some(what), Some(required)) =
                    (scope, module, what, required)
                {
                    if module.is_some() && !matches!(scope, Scope::Warehouse(_)) {
                        c.take::<()>(Err(row.error(
                            "module",
                            "a module applies only to a warehouse line (scope warehouse:CODE)",
                        )));
                    } else {
                        b.standards.push((
                            o,
                            StandardLine {
                                scope,
                                module: module.map(|m| m.as_str().into()),
                                what,
                                required,
                            },
                        ));
                    }
                }
            }
            Kind::Targets => {
                let metric = c.take(row.required("metric", parse_enum::<Metric>));
                let scope = c.take(Ok::<_, RowError>(row.get("scope").unwrap_or("")).and_then(
                    |s| {
                        super::fields::fold_code(s)
                            .parse::<TargetScope>()
                            .map_err(|e| row.error("scope", e.to_string()))
                    },
                ));
                let target = c.take(row.required("target", non_negative));
                let deadline = c.take(row.required("deadline", parse_date));
                let source = c.take(row.optional("source", text));
                if let (Some(metric), Some(scope), Some(target), Some(deadline), Some(source)) =
                    (metric, scope, target, deadline, source)
                {
                    b.targets.push((
                        o,
                        Target {
                            metric,
                            scope,
                            target,
                            deadline,
                            source,
                        },
                    ));
                }
            }
        }
        let _ = c.ok;
    }
}

/// Counts per file, for messages: "units.csv: 3 bad rows".
pub fn problems_by_file(problems: &[RowError]) -> Vec<(String, usize)> {
    let mut m: HashMap<&str, usize> = HashMap::new();
    for p in problems {
        *m.entry(p.file.as_str()).or_default() += 1;
    }
    let mut v: Vec<_> = m.into_iter().map(|(f, n)| (f.to_owned(), n)).collect();
    v.sort();
    v
}
