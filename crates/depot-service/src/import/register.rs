//! `depot import register`: a register in its own shape made into the register's assets and
//! lots. Its columns are matched by the exchange side ([`depot_exchange::register`]); here
//! names become codes (items against the catalogue, owners against units and warehouses,
//! statuses and modules by their words, the map file's decisions first), what is not resolved
//! is gathered once per distinct value with its rows and nearest candidates, a serialised
//! item's quantity becomes that many pieces, and pieces without a barcode get the depot's
//! prefix and the next numbers of its sequence. The whole lands as one import, or nothing
//! changes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Ctx;
use crate::import::{Bundle, Finding, Origin, Outcome, Summary};
use crate::store::{Store, Writer};
use crate::{Error, Result};
use depot_domain::msg::exchange::ExchangeMsg;
use depot_domain::msg::service::ServiceMsg;
use depot_domain::vocab::Vocabulary;
use depot_domain::{
    Asset, AssetStatus, CatalogItem, Lang, Lot, Module, Tracking, Unit, Warehouse, module_code,
};
use depot_exchange::problems::{RowError, SheetAt};
use depot_exchange::register::{
    MapFile, Pending, RegisterSheet, fold_name, parse_register_date, read_register, render_map,
    split_serials, status_of_word,
};
use depot_exchange::sheet::SheetRow;

/// The meta key of the depot's barcode prefix.
pub const PREFIX_KEY: &str = "register.barcode_prefix";
/// The meta key of the last number given under a prefix (`register.barcode_seq.JH`).
fn seq_key(prefix: &str) -> String {
    format!("register.barcode_seq.{prefix}")
}
/// The meta key of the number of the last register import.
pub const IMPORTS_KEY: &str = "register.imports";
/// The meta key of what register import `id` created.
pub fn import_key(id: u64) -> String {
    format!("register.import.{id}")
}
/// The meta key of a piece's shelf (where at its owner it is kept).
pub fn shelf_key(barcode: &str) -> String {
    format!("shelf.{barcode}")
}

/// The longest barcode prefix.
const PREFIX_MAX: usize = 12;
/// The digits of a generated barcode's number.
const SEQ_DIGITS: usize = 6;

/// What `import register` is told.
#[derive(Debug, Clone, Default)]
pub struct RegisterOptions {
    pub sheet: Option<String>,
    /// The language of the reasons written beside rejected rows.
    pub lang: Lang,
    pub map: MapFile,
    pub owner: Option<String>,
    pub barcode_prefix: Option<String>,
    pub dry_run: bool,
}

/// What kind of name was not resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    Item,
    Place,
    Status,
    Module,
}

/// A value of the register that is not yet a code: where it is written, and what it may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub kind: NameKind,
    pub value: String,
    /// The cells that hold it (`车辆!B5`).
    pub cells: Vec<String>,
    /// The nearest codes, with their names.
    pub candidates: Vec<(String, String)>,
}

/// A date written as a month or a year, taken as its first day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialDate {
    pub cell: String,
    pub written: String,
    pub taken: NaiveDate,
}

/// What a register import created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    pub id: u64,
    pub file: String,
    pub at: String,
    pub operator: String,
    pub assets: u64,
    pub lots: u64,
    /// Every barcode the import created, in the register's order.
    pub barcodes: Vec<String>,
    /// The first and last barcode the import gave (none when every row had its own).
    pub given: Option<(String, String)>,
}

/// What `import register` found and did.
#[derive(Debug, Default)]
pub struct RegisterReport {
    pub sheets: Vec<RegisterSheet>,
    pub notes: Vec<ExchangeMsg>,
    pub unresolved: Vec<Unresolved>,
    pub problems: Vec<RowError>,
    pub partial_dates: Vec<PartialDate>,
    /// The copy of the workbook with the bad rows' reasons, when rows were bad.
    pub rejects: Option<std::path::PathBuf>,
    /// Everything resolved, but pieces without a barcode and no prefix to give them one:
    /// nothing landed (`--barcode-prefix`, kept in the database once given).
    pub needs_prefix: bool,
    /// What landed (or would, in a dry run).
    pub landed: Option<(ImportRecord, Summary)>,
    pub dry_run: bool,
}

impl RegisterReport {
    /// Whether the import landed (a dry run's would have).
    pub fn ok(&self) -> bool {
        self.unresolved.is_empty() && self.problems.is_empty() && self.landed.is_some()
    }

    /// The text of the map file after this run: `map`'s decisions, the columns as read, and
    /// each name still to decide with its cells and candidates in a comment.
    pub fn map_text(&self, map: &MapFile, lang: Lang) -> String {
        let headers: Vec<(String, Option<&'static str>)> = self
            .sheets
            .iter()
            .flat_map(|s| s.columns.iter().map(|c| (c.header.clone(), c.field)))
            .collect();
        let pending: Vec<Pending> = self
            .unresolved
            .iter()
            .map(|u| Pending {
                section: u.kind.section(),
                value: u.value.clone(),
                cells: u.cells.clone(),
                candidates: u.candidates.clone(),
            })
            .collect();
        render_map(map, &headers, &pending, lang)
    }

    /// What landed (or would, in a dry run), as a sentence: the file, the pieces and lots,
    /// the new barcodes, and how to print their labels.
    pub fn landed_said(&self, lang: Lang) -> Option<String> {
        use depot_domain::msg::cli::register::CliRegisterMsg as M;
        let (record, _) = self.landed.as_ref()?;
        let barcodes = match &record.given {
            Some((a, b)) => M::NewBarcodes {
                first: a.clone(),
                last: b.clone(),
            }
            .say(lang),
            None => M::NoNewBarcodes.say(lang),
        };
        let (file, assets, lots) = (
            record.file.clone(),
            record.assets.to_string(),
            record.lots.to_string(),
        );
        Some(
            if self.dry_run {
                M::RegisterDryRun {
                    file,
                    assets,
                    lots,
                    barcodes,
                }
            } else {
                M::RegisterImported {
                    file,
                    assets,
                    lots,
                    barcodes,
                    id: record.id.to_string(),
                }
            }
            .say(lang),
        )
    }
}

impl NameKind {
    /// The map file's table for names of this kind.
    pub fn section(self) -> &'static str {
        match self {
            NameKind::Item => "items",
            NameKind::Place => "places",
            NameKind::Status => "status",
            NameKind::Module => "modules",
        }
    }

    /// The kind said in `lang` (item, unit or warehouse …).
    pub fn said(self, lang: Lang) -> String {
        use depot_domain::msg::cli::register::CliRegisterMsg as M;
        match self {
            NameKind::Item => M::NameItem,
            NameKind::Place => M::NamePlace,
            NameKind::Status => M::NameStatus,
            NameKind::Module => M::NameModule,
        }
        .say(lang)
    }
}

/// The register's reference data, to resolve names against.
struct Known {
    catalog: Vec<CatalogItem>,
    units: Vec<Unit>,
    warehouses: Vec<Warehouse>,
    modules: Vec<Module>,
    /// Folded item codes and names → the item's place in `catalog` (a register repeats the
    /// same few names over thousands of rows).
    item_codes: HashMap<String, usize>,
    item_names: HashMap<String, usize>,
    /// Folded place codes and names → the code.
    place_codes: HashMap<String, String>,
    place_names: HashMap<String, String>,
}

/// One row resolved, before its pieces get barcodes.
struct Resolved {
    origin: Origin,
    item: CatalogItem,
    owner: String,
    status: AssetStatus,
    module: Option<String>,
    quantity: Decimal,
    serials: Vec<String>,
    plate: Option<String>,
    barcode: Option<String>,
    lot: Option<String>,
    commissioned: Option<NaiveDate>,
    expires: Option<NaiveDate>,
    shelf: Option<String>,
}

/// Reads the register at `path`, resolves it, and (when everything resolved and no row is bad)
/// lands it as one import.
pub fn import_register(
    store: &Store,
    ctx: &Ctx,
    path: &Path,
    opts: &RegisterOptions,
) -> Result<RegisterReport> {
    let lang = opts.lang;
    let (sheets, notes) = read_register(path, opts.sheet.as_deref(), &opts.map)?;
    let r = store.read()?;
    let known = Known::new(r.catalog()?, r.units()?, r.warehouses()?, r.modules()?);
    let kept_prefix = r
        .meta(PREFIX_KEY)?
        .map(|v| String::from_utf8_lossy(&v).into_owned());
    drop(r);
    let owner =
        match &opts.owner {
            Some(code) => Some(known.place(code).ok_or_else(|| {
                Error::Msg(ServiceMsg::RegisterNoSuchOwner { code: code.clone() })
            })?),
            None => None,
        };
    if owner.is_none() && !sheets.iter().all(|s| s.has("owner_name") || s.has("shelf")) {
        return Err(Error::Msg(ServiceMsg::RegisterNoOwner));
    }
    let mut report = RegisterReport {
        notes,
        dry_run: opts.dry_run,
        ..RegisterReport::default()
    };
    let mut unresolved: BTreeMap<(NameKind, String), Unresolved> = BTreeMap::new();
    let mut rows = Vec::new();
    for sheet in &sheets {
        for row in &sheet.rows {
            let mut rs = RowResolver {
                sheet,
                row,
                known: &known,
                map: &opts.map,
                unresolved: &mut unresolved,
                report: &mut report,
            };
            if let Some(done) = rs.resolve(owner.as_deref()) {
                rows.push(done);
            }
        }
    }
    report.unresolved = unresolved.into_values().collect();
    report.sheets = sheets;
    if !report.problems.is_empty() && !opts.dry_run {
        report.rejects = write_rejects(path, opts.sheet.as_deref(), &report, lang)?;
    }
    if !report.unresolved.is_empty() || !report.problems.is_empty() {
        return Ok(report);
    }
    let prefix = match (&opts.barcode_prefix, kept_prefix) {
        (Some(p), _) => checked_prefix(p)?,
        (None, Some(p)) => p,
        (None, None) if rows.iter().all(|r| r.barcode.is_some()) => String::new(),
        (None, None) => {
            report.needs_prefix = true;
            return Ok(report);
        }
    };
    match land(store, ctx, path, &prefix, rows, opts.dry_run)? {
        Ok(landed) => report.landed = Some(landed),
        Err(findings) => {
            for f in findings {
                let problem = finding_problem(&report.sheets, f);
                report.problems.push(problem);
            }
        }
    }
    Ok(report)
}

/// The copy of a workbook register with its bad rows' reasons beside them
/// (`BOOK.rejected.xlsx`), for the officer to fix and import again; none for a CSV register.
fn write_rejects(
    path: &Path,
    only: Option<&str>,
    report: &RegisterReport,
    lang: Lang,
) -> Result<Option<std::path::PathBuf>> {
    if !depot_exchange::sheet::is_workbook(path) {
        return Ok(None);
    }
    let mut problems = depot_exchange::problems::Problems::new();
    for p in &report.problems {
        problems.push(p.clone());
    }
    let out = depot_exchange::problems::rejects_path(path);
    problems.write_workbook_copy(path, only, &out, lang, |grid| {
        let s = report
            .sheets
            .iter()
            .find(|s| s.sheet.as_deref() == Some(grid.sheet.as_str()))?;
        let width = s.columns.iter().map(|c| c.index as usize + 1).max()?;
        Some((s.header_row, width))
    })?;
    Ok(Some(out))
}

/// A prefix that can begin Code128 barcodes: letters, digits and `-`, at most 12.
fn checked_prefix(p: &str) -> Result<String> {
    let p = depot_domain::ids::fold_width(p).to_ascii_uppercase();
    let ok = !p.is_empty()
        && p.len() <= PREFIX_MAX
        && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(p)
    } else {
        Err(Error::Msg(ServiceMsg::RegisterBadPrefix { prefix: p }))
    }
}

impl Known {
    fn new(
        catalog: Vec<CatalogItem>,
        units: Vec<Unit>,
        warehouses: Vec<Warehouse>,
        modules: Vec<Module>,
    ) -> Known {
        let mut k = Known {
            catalog,
            units,
            warehouses,
            modules,
            item_codes: HashMap::new(),
            item_names: HashMap::new(),
            place_codes: HashMap::new(),
            place_names: HashMap::new(),
        };
        for (i, item) in k.catalog.iter().enumerate() {
            k.item_codes.insert(fold_name(item.code.as_str()), i);
            k.item_names.entry(fold_name(&item.name)).or_insert(i);
        }
        let places: Vec<(String, String)> = k
            .places()
            .map(|(c, n)| (c.to_owned(), n.to_owned()))
            .collect();
        for (code, name) in places {
            k.place_codes.insert(fold_name(&code), code.clone());
            k.place_names.entry(fold_name(&name)).or_insert(code);
        }
        k
    }

    /// A unit's or warehouse's code, by its code or its name.
    fn place(&self, given: &str) -> Option<String> {
        let folded = fold_name(given);
        self.place_codes
            .get(&folded)
            .or_else(|| self.place_names.get(&folded))
            .cloned()
    }

    /// The nearest units and warehouses to a name, best first.
    fn place_candidates(&self, given: &str) -> Vec<(String, String)> {
        nearest(given, self.places())
    }

    /// Every unit and warehouse, as code and name.
    fn places(&self) -> impl Iterator<Item = (&str, &str)> {
        let units = self
            .units
            .iter()
            .map(|u| (u.code.as_str(), u.name.as_str()));
        let whs = self
            .warehouses
            .iter()
            .map(|w| (w.code.as_str(), w.name.as_str()));
        units.chain(whs)
    }

    fn item(&self, code: &str) -> Option<&CatalogItem> {
        let i = self.item_codes.get(&fold_name(code))?;
        self.catalog.get(*i)
    }

    /// An item by its catalogue name, or its name and spec written together.
    fn item_by_name(&self, name: &str, spec: Option<&str>) -> Option<&CatalogItem> {
        let with_spec = spec.and_then(|s| self.item_names.get(&fold_name(&format!("{name}{s}"))));
        let i = with_spec.or_else(|| self.item_names.get(&fold_name(name)))?;
        self.catalog.get(*i)
    }
}

/// The three nearest `(code, name)` to `given` by name: a name that holds the other counts
/// as near, then by edit distance over characters.
fn nearest<'a>(
    given: &str,
    all: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<(String, String)> {
    let g = fold_name(given);
    let mut scored: Vec<(f64, &str, &str)> = all
        .map(|(code, name)| {
            let n = fold_name(name);
            let contains = !g.is_empty() && (n.contains(&g) || g.contains(&n));
            // A short name written with the long one's characters in order (滨江站 for
            // 青阳区滨江消防救援站) is near too.
            let mut rest = n.chars();
            let within = !g.is_empty() && g.chars().all(|c| rest.any(|d| d == c));
            let score = strsim::normalized_levenshtein(&g, &n).max(if contains {
                0.8
            } else if within {
                0.6
            } else {
                0.0
            });
            (score, code, name)
        })
        .filter(|(s, _, _)| *s >= 0.34)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, c, n)| (c.to_owned(), n.to_owned()))
        .collect()
}

/// Resolves one row of a sheet.
struct RowResolver<'a> {
    sheet: &'a RegisterSheet,
    row: &'a SheetRow,
    known: &'a Known,
    map: &'a MapFile,
    unresolved: &'a mut BTreeMap<(NameKind, String), Unresolved>,
    report: &'a mut RegisterReport,
}

impl RowResolver<'_> {
    fn cell(&self, field: &'static str) -> Option<&str> {
        self.sheet.cell(self.row, field)
    }

    fn at(&self, field: &'static str) -> String {
        self.sheet.at(self.row.number, Some(field))
    }

    fn unresolved(&mut self, kind: NameKind, field: &'static str, value: &str) {
        let candidates = match kind {
            NameKind::Item => nearest(
                value,
                self.known
                    .catalog
                    .iter()
                    .map(|i| (i.code.as_str(), i.name.as_str())),
            ),
            NameKind::Place => self.known.place_candidates(value),
            NameKind::Module => nearest(
                value,
                self.known
                    .modules
                    .iter()
                    .map(|m| (m.code.as_str(), m.name_zh.as_str())),
            ),
            NameKind::Status => AssetStatus::ALL
                .iter()
                .map(|s| (s.en().to_owned(), s.zh().to_owned()))
                .collect(),
        };
        let cell = self.at(field);
        self.unresolved
            .entry((kind, fold_name(value)))
            .or_insert_with(|| Unresolved {
                kind,
                value: value.to_owned(),
                cells: Vec::new(),
                candidates,
            })
            .cells
            .push(cell);
    }

    fn problem(&mut self, field: &'static str, msg: ServiceMsg) {
        let col = self.sheet.columns.iter().find(|c| c.field == Some(field));
        self.report.problems.push(RowError {
            file: self.sheet.file.clone(),
            line: u64::from(self.row.number),
            column: col.map(|c| c.header.clone()),
            value: self.cell(field).unwrap_or_default().into(),
            reason: msg.say(Lang::En),
            reason_zh: msg.say(Lang::Zh).into(),
            sheet: SheetAt::of(self.sheet.sheet.as_deref(), col.map(|c| c.index)),
        });
    }

    fn date(&mut self, field: &'static str) -> Option<NaiveDate> {
        let written = self.cell(field)?.to_owned();
        match parse_register_date(&written) {
            Some((d, partial)) => {
                if partial {
                    let cell = self.at(field);
                    self.report.partial_dates.push(PartialDate {
                        cell,
                        written,
                        taken: d,
                    });
                }
                Some(d)
            }
            None => {
                self.problem(field, ServiceMsg::RegisterNotADate);
                None
            }
        }
    }

    fn resolve(&mut self, owner: Option<&str>) -> Option<Resolved> {
        let before = (self.unresolved.len(), self.report.problems.len());
        let item = self.item();
        let owner = self.owner(owner);
        let status = match self.cell("status").map(str::to_owned) {
            None => Some(AssetStatus::Ready),
            Some(word) => {
                let s = status_of_word(&word, self.map).and_then(|k| AssetStatus::from_word(&k));
                if s.is_none() {
                    self.unresolved(NameKind::Status, "status", &word);
                }
                s
            }
        };
        let module = match self.cell("module").map(str::to_owned) {
            None => Some(None),
            Some(m) => {
                let code = MapFile::decided(&self.map.modules, &m)
                    .map(str::to_owned)
                    .or_else(|| module_code(&self.known.modules, &m).map(|c| c.to_string()));
                if code.is_none() {
                    self.unresolved(NameKind::Module, "module", &m);
                }
                code.map(Some)
            }
        };
        let quantity = match self.cell("quantity") {
            None => Some(Decimal::ONE),
            Some(q) => match depot_exchange::parse_quantity(q) {
                Ok(q) if q > Decimal::ZERO => Some(q),
                _ => {
                    self.problem("quantity", ServiceMsg::RegisterBadQuantity);
                    None
                }
            },
        };
        let commissioned = self.date("commissioned");
        let expires = self.date("expires");
        let (item, owner, status, module, quantity) = (item?, owner?, status?, module?, quantity?);
        if let Some(uom) = self.cell("uom")
            && fold_name(uom) != fold_name(&item.uom)
        {
            let msg = ServiceMsg::RegisterUomDiffers {
                given: uom.to_owned(),
                item: item.code.to_string(),
                uom: item.uom.clone(),
            };
            self.problem("uom", msg);
        }
        let serials = self.cell("serial").map(split_serials).unwrap_or_default();
        if item.tracking == Tracking::Serial {
            if quantity.fract() != Decimal::ZERO {
                self.problem("quantity", ServiceMsg::RegisterPiecesWhole);
            } else if !serials.is_empty() && Decimal::from(serials.len()) != quantity {
                let msg = ServiceMsg::RegisterSerialCount {
                    serials: serials.len().to_string(),
                    quantity: quantity.to_string(),
                };
                self.problem("serial", msg);
            } else if quantity > Decimal::ONE
                && (self.cell("plate").is_some() || self.cell("barcode").is_some())
            {
                let field = if self.cell("plate").is_some() {
                    "plate"
                } else {
                    "barcode"
                };
                self.problem(field, ServiceMsg::RegisterOneForMany);
            }
        }
        if (self.unresolved.len(), self.report.problems.len()) != before {
            return None;
        }
        let lot = match item.tracking {
            Tracking::Lot => self
                .cell("lot")
                .or_else(|| self.cell("serial"))
                .map(str::to_owned),
            Tracking::Serial => None,
        };
        Some(Resolved {
            origin: Origin {
                file: self.sheet.file.clone(),
                line: u64::from(self.row.number),
                sheet: self.sheet.sheet.as_deref().map(Into::into),
            },
            item,
            owner,
            status,
            module,
            quantity,
            serials,
            plate: self.cell("plate").map(str::to_owned),
            barcode: self.cell("barcode").map(str::to_owned),
            lot,
            commissioned,
            expires,
            shelf: self.cell("shelf").map(str::to_owned),
        })
    }

    fn item(&mut self) -> Option<CatalogItem> {
        if let Some(code) = self.cell("item") {
            return match self.known.item(code) {
                Some(i) => Some(i.clone()),
                None => {
                    let code = code.to_owned();
                    self.unresolved(NameKind::Item, "item", &code);
                    None
                }
            };
        }
        let Some(name) = self.cell("item_name").map(str::to_owned) else {
            self.problem("item_name", ServiceMsg::RegisterNoItem);
            return None;
        };
        let spec = self.cell("spec").map(str::to_owned);
        let written = match &spec {
            Some(s) => format!("{name} {s}"),
            None => name.clone(),
        };
        let decided = MapFile::decided(&self.map.items, &written)
            .or_else(|| MapFile::decided(&self.map.items, &name));
        if let Some(code) = decided {
            return match self.known.item(code) {
                Some(i) => Some(i.clone()),
                None => {
                    let msg = ServiceMsg::RegisterMapNoItem {
                        name: name.clone(),
                        code: code.to_owned(),
                    };
                    self.problem("item_name", msg);
                    None
                }
            };
        }
        match self.known.item_by_name(&name, spec.as_deref()) {
            Some(i) => Some(i.clone()),
            None => {
                self.unresolved(NameKind::Item, "item_name", &name);
                None
            }
        }
    }

    fn owner(&mut self, given: Option<&str>) -> Option<String> {
        let field = if self.sheet.has("owner_name") {
            "owner_name"
        } else if given.is_some() {
            return given.map(str::to_owned);
        } else {
            "shelf"
        };
        let Some(name) = self.cell(field).map(str::to_owned) else {
            return match given {
                Some(g) => Some(g.to_owned()),
                None => {
                    self.problem(field, ServiceMsg::RegisterNoOwnerHere);
                    None
                }
            };
        };
        if let Some(code) = MapFile::decided(&self.map.places, &name) {
            return match self.known.place(code) {
                Some(c) => Some(c),
                None => {
                    let msg = ServiceMsg::RegisterMapNoPlace {
                        name: name.clone(),
                        code: code.to_owned(),
                    };
                    self.problem(field, msg);
                    None
                }
            };
        }
        // 存放位置 is a shelf at the owner; it names an owner only through the map.
        if field == "owner_name"
            && let Some(code) = self.known.place(&name)
        {
            return Some(code);
        }
        self.unresolved(NameKind::Place, field, &name);
        None
    }
}

/// Gives the pieces their barcodes and lands them as one import, with the import's record,
/// the prefix's sequence and the shelves, in the same transaction.
fn land(
    store: &Store,
    ctx: &Ctx,
    path: &Path,
    prefix: &str,
    rows: Vec<Resolved>,
    dry_run: bool,
) -> Result<std::result::Result<(ImportRecord, Summary), Vec<Finding>>> {
    let r = store.read()?;
    let id = meta_u64(&r.meta(IMPORTS_KEY)?) + 1;
    let seq_key = seq_key(prefix);
    let mut seq = meta_u64(&r.meta(&seq_key)?);
    let mut bundle = Bundle {
        reference: Some(format!("import {id}")),
        ..Bundle::default()
    };
    let own: std::collections::HashSet<String> = rows
        .iter()
        .filter_map(|r| r.barcode.as_deref().map(fold_name))
        .collect();
    let mut next = |r: &crate::store::Reader| -> Result<String> {
        loop {
            seq += 1;
            let code = format!("{prefix}{seq:0SEQ_DIGITS$}");
            if !own.contains(&fold_name(&code)) && r.stock(&code)?.is_none() {
                return Ok(code);
            }
        }
    };
    let mut barcodes = Vec::new();
    let mut given: Vec<String> = Vec::new();
    let mut shelves = Vec::new();
    let (mut assets, mut lots) = (0, 0);
    for row in rows {
        let pieces = match row.item.tracking {
            Tracking::Serial => u64::try_from(row.quantity.trunc().mantissa()).unwrap_or(0),
            Tracking::Lot => 1,
        };
        for p in 0..pieces {
            let code = match &row.barcode {
                Some(b) => b.clone(),
                None => {
                    let c = next(&r)?;
                    given.push(c.clone());
                    c
                }
            };
            if let Some(shelf) = &row.shelf {
                shelves.push((code.clone(), shelf.clone()));
            }
            barcodes.push(code.clone());
            match row.item.tracking {
                Tracking::Serial => {
                    assets += 1;
                    bundle.assets.push((
                        row.origin.clone(),
                        Asset {
                            barcode: code.as_str().into(),
                            item: row.item.code.clone(),
                            serial: usize::try_from(p)
                                .ok()
                                .and_then(|p| row.serials.get(p).cloned()),
                            owner: row.owner.as_str().into(),
                            location: None,
                            module: row.module.as_deref().map(Into::into),
                            status: row.status,
                            commissioned: row.commissioned,
                            last_inspected: None,
                            plate: row.plate.clone(),
                            due: None,
                        },
                    ));
                }
                Tracking::Lot => {
                    lots += 1;
                    bundle.lots.push((
                        row.origin.clone(),
                        Lot {
                            barcode: code.as_str().into(),
                            item: row.item.code.clone(),
                            lot: row.lot.clone(),
                            owner: row.owner.as_str().into(),
                            module: row.module.as_deref().map(Into::into),
                            quantity: row.quantity,
                            expires: row.expires,
                            received: row.commissioned,
                        },
                    ));
                }
            }
        }
    }
    drop(r);
    let record = ImportRecord {
        id,
        file: depot_exchange::error::display_path(path),
        at: ctx.stamp().to_rfc3339(),
        operator: ctx.operator.to_string(),
        assets,
        lots,
        barcodes,
        given: given.first().cloned().zip(given.last().cloned()),
    };
    let json = serde_json::to_vec(&record).map_err(|e| Error::Invalid(e.to_string()))?;
    let also = |w: &mut Writer<'_>, _: &Summary| -> Result<()> {
        w.put_meta(IMPORTS_KEY, id.to_string().as_bytes())?;
        w.put_meta(&import_key(id), &json)?;
        if !prefix.is_empty() {
            w.put_meta(PREFIX_KEY, prefix.as_bytes())?;
            w.put_meta(&seq_key, seq.to_string().as_bytes())?;
        }
        for (code, shelf) in &shelves {
            w.put_meta(&shelf_key(code), shelf.as_bytes())?;
        }
        Ok(())
    };
    Ok(
        match super::import_with(store, ctx, &bundle, dry_run, &also)? {
            Outcome::Landed(summary) => Ok((record, summary)),
            Outcome::Rejected(findings) => Err(findings),
        },
    )
}

/// A row the register refused (a barcode already in use, say), where the register has it.
fn finding_problem(sheets: &[RegisterSheet], f: Finding) -> RowError {
    let sheet = sheets
        .iter()
        .find(|s| s.file == f.origin.file && s.sheet.as_deref() == f.origin.sheet.as_deref());
    let col = sheet.and_then(|s| s.columns.iter().find(|c| c.field == Some(f.column)));
    RowError {
        file: f.origin.file,
        line: f.origin.line,
        column: Some(col.map_or_else(|| f.column.to_owned(), |c| c.header.clone())),
        value: f.value.into(),
        reason: f.reason,
        reason_zh: f.reason_zh.into(),
        sheet: SheetAt::of(f.origin.sheet.as_deref(), col.map(|c| c.index)),
    }
}

fn meta_u64(v: &Option<Vec<u8>>) -> u64 {
    v.as_deref()
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The meta keys the register imports keep (the prefix, its sequence, each import's record
/// and the shelves its pieces are kept at), for `migrate` to copy.
pub fn meta_keys(r: &crate::store::Reader) -> Result<Vec<String>> {
    let mut keys = vec![PREFIX_KEY.to_owned(), IMPORTS_KEY.to_owned()];
    if let Some(p) = r.meta(PREFIX_KEY)? {
        keys.push(seq_key(&String::from_utf8_lossy(&p)));
    }
    for id in 1..=meta_u64(&r.meta(IMPORTS_KEY)?) {
        keys.push(import_key(id));
        let Some(v) = r.meta(&import_key(id))? else {
            continue;
        };
        if let Ok(record) = serde_json::from_slice::<ImportRecord>(&v) {
            keys.extend(record.barcodes.iter().map(|b| shelf_key(b)));
        }
    }
    Ok(keys)
}

/// The record of register import `id`, if there was one.
pub fn import_record(store: &Store, id: u64) -> Result<Option<ImportRecord>> {
    let Some(v) = store.read()?.meta(&import_key(id))? else {
        return Ok(None);
    };
    Ok(serde_json::from_slice(&v).ok())
}

/// The record of register import `id`, refused when there was none.
pub fn known_import(store: &Store, id: u64) -> Result<ImportRecord> {
    import_record(store, id)?
        .ok_or_else(|| Error::Msg(ServiceMsg::NoRegisterImport { id: id.to_string() }))
}

/// Where at its owner a piece is kept, as its register said (`器材库 2号架`).
pub fn shelf(store: &Store, barcode: &str) -> Result<Option<String>> {
    shelf_in(&store.read()?, barcode)
}

/// [`shelf`], in a snapshot already open.
pub fn shelf_in(r: &crate::store::Reader, barcode: &str) -> Result<Option<String>> {
    Ok(r.meta(&shelf_key(barcode))?
        .map(|v| String::from_utf8_lossy(&v).into_owned()))
}
