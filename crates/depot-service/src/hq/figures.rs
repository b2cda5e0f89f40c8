//! What headquarters reads of its depots: each depot's figures from the snapshot files of its
//! latest bundle (`readiness.csv`, `replacements.csv`), as the depot signed them, and how old
//! that bundle is. The rates are the depot's own lines' (`EXCHANGE.md`, version 2), so a
//! depot's figures here are the ones its own readiness export gives for the same date.

use depot_domain::msg::service::ServiceMsg;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::export::readiness::{READINESS_HEADER, REPLACEMENTS_HEADER};
use crate::store::hq::HqDepot;
use crate::store::{Reader, Store};
use crate::{Error, Result};
use depot_domain::readiness::{LineStatus, Tally};

/// Days after which a depot's last bundle is called stale, unless told otherwise: a month of
/// the monthly cycle, and two weeks' grace.
pub const STALE_DAYS: i64 = 45;

/// How current a depot's figures are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepotState {
    /// Enrolled, no bundle ingested yet.
    NoBundle,
    /// The last bundle was written `days` days ago, within the limit.
    Current { days: i64 },
    /// The last bundle was written `days` days ago, more than the limit.
    Stale { days: i64 },
}

impl DepotState {
    /// How a depot whose last bundle was written on `created` stands on `today`, with bundles
    /// older than `stale_days` days stale.
    pub fn of(created: Option<NaiveDate>, today: NaiveDate, stale_days: i64) -> DepotState {
        match created {
            None => DepotState::NoBundle,
            Some(c) => {
                let days = (today - c).num_days();
                if days > stale_days {
                    DepotState::Stale { days }
                } else {
                    DepotState::Current { days }
                }
            }
        }
    }

    pub fn is_stale(self) -> bool {
        !matches!(self, DepotState::Current { .. })
    }
}

/// One row of a depot's `readiness.csv`: a line of a standard for one unit or warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadinessLine {
    pub scope: String,
    pub scope_name: String,
    pub module: String,
    pub what: String,
    /// The item's name, from the same bundle's `inventory.csv` (filled by [`depot_lines`];
    /// empty where the depot holds none of it, and for a category).
    pub what_name: String,
    pub required: Decimal,
    pub held: Decimal,
    pub ready: Decimal,
    pub equipped: bool,
    pub ready_met: bool,
}

impl ReadinessLine {
    pub fn status(&self) -> LineStatus {
        LineStatus::of(self.required, self.held, self.ready)
    }
}

/// One row of a depot's `replacements.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub due_year: i32,
    pub barcode: String,
    pub item: String,
    pub item_name: String,
    pub owner: String,
    pub commissioned: String,
    pub life_end: String,
    pub unit_price: Option<Decimal>,
}

/// A depot's figures, from its latest bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct DepotFigures {
    pub depot: HqDepot,
    pub state: DepotState,
    /// Every line of its standards, for every unit and warehouse.
    pub tally: Tally,
    /// The lines of reserve modules (a module named): saturation. `readiness.csv` does not say
    /// whether a scope is a unit or a warehouse, so a warehouse line without a module is not
    /// counted here.
    pub reserve: Tally,
    /// Units and warehouses with lines, and those with every line equipped.
    pub scopes: u32,
    pub compliant: u32,
    /// Replacements due by the end of the as-of year (overdue ones too), and their cost
    /// (pieces without a price not counted in it).
    pub due: u32,
    pub due_cost: Decimal,
}

impl DepotFigures {
    /// 达标率: units and warehouses with every line equipped, in percent of those with lines.
    /// Not rounded, as the depot's own figure (`Figures::compliance_rate`): reports round.
    pub fn compliance_rate(&self) -> Option<Decimal> {
        depot_domain::readiness::percent(Decimal::from(self.compliant), Decimal::from(self.scopes))
    }

    /// Lines short (held < required).
    pub fn short_lines(&self) -> u32 {
        self.tally.lines - self.tally.equipped
    }

    /// 储备饱和度: the mean over the reserve modules' lines of min(held / required, 1).
    pub fn saturation(&self) -> Option<Decimal> {
        self.reserve.equipped_rate()
    }
}

/// The snapshot file `name` of `depot`'s latest bundle (`None` before one).
pub(crate) fn file(r: &Reader, depot: &str, name: &str) -> Result<Option<Vec<u8>>> {
    Ok(r.hq_file(depot, name)?)
}

/// A problem in a file headquarters keeps: it was checked when ingested, so this is damage.
pub(crate) fn damaged(depot: &str, name: &str, line: u64, what: impl std::fmt::Display) -> Error {
    Error::Msg(ServiceMsg::HqKeptFileBad {
        depot: depot.to_owned(),
        name: name.to_owned(),
        line: line.to_string(),
        what: what.to_string(),
    })
}

/// The records of a kept CSV file, its header checked against `header`.
pub(crate) fn records(
    depot: &str,
    name: &str,
    bytes: &[u8],
    header: &[&str],
    mut each: impl FnMut(&csv::StringRecord, u64) -> Result<()>,
) -> Result<()> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let found = r.headers().map_err(|e| damaged(depot, name, 1, e))?.clone();
    if found.iter().ne(header.iter().copied()) {
        return Err(damaged(depot, name, 1, "not the header of this version"));
    }
    let mut rec = csv::StringRecord::new();
    while r
        .read_record(&mut rec)
        .map_err(|e| damaged(depot, name, 0, e))?
    {
        let line = rec.position().map_or(0, |p| p.line());
        each(&rec, line)?;
    }
    Ok(())
}

pub(crate) fn decimal(depot: &str, name: &str, line: u64, text: &str) -> Result<Decimal> {
    text.parse::<Decimal>()
        .map_err(|_| damaged(depot, name, line, format!("{text:?} is not a number")))
}

/// The lines of `depot`'s `readiness.csv`, in the file's order; empty before its first bundle.
pub fn readiness_lines(r: &Reader, depot: &str) -> Result<Vec<ReadinessLine>> {
    const NAME: &str = "readiness.csv";
    let Some(bytes) = file(r, depot, NAME)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    records(depot, NAME, &bytes, READINESS_HEADER, |rec, line| {
        let cell = |i: usize| rec.get(i).unwrap_or_default();
        out.push(ReadinessLine {
            scope: cell(0).to_owned(),
            scope_name: cell(1).to_owned(),
            module: cell(2).to_owned(),
            what: cell(3).to_owned(),
            what_name: String::new(),
            required: decimal(depot, NAME, line, cell(4))?,
            held: decimal(depot, NAME, line, cell(5))?,
            ready: decimal(depot, NAME, line, cell(6))?,
            equipped: cell(7) == "yes",
            ready_met: cell(8) == "yes",
        });
        Ok(())
    })?;
    Ok(out)
}

/// The lines of `depot`'s latest `readiness.csv`, read from a snapshot of its own, each with
/// its item's name where the bundle's `inventory.csv` gives one (a screen shows names).
pub fn depot_lines(store: &Store, depot: &str) -> Result<Vec<ReadinessLine>> {
    const NAME: &str = "inventory.csv";
    let r = store.read()?;
    let mut lines = readiness_lines(&r, depot)?;
    let Some(bytes) = file(&r, depot, NAME)? else {
        return Ok(lines);
    };
    let mut names = std::collections::HashMap::new();
    records(
        depot,
        NAME,
        &bytes,
        crate::export::csv::INVENTORY_HEADER,
        |rec, _| {
            let cell = |i: usize| rec.get(i).unwrap_or_default();
            if !names.contains_key(cell(3)) {
                names.insert(cell(3).to_owned(), cell(4).to_owned());
            }
            Ok(())
        },
    )?;
    for l in &mut lines {
        if let Some(n) = names.get(&l.what) {
            l.what_name.clone_from(n);
        }
    }
    Ok(lines)
}

/// The rows of `depot`'s `replacements.csv`; empty before its first bundle.
pub fn replacements(r: &Reader, depot: &str) -> Result<Vec<Replacement>> {
    const NAME: &str = "replacements.csv";
    let Some(bytes) = file(r, depot, NAME)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    records(depot, NAME, &bytes, REPLACEMENTS_HEADER, |rec, line| {
        let cell = |i: usize| rec.get(i).unwrap_or_default();
        let due_year = cell(0)
            .parse()
            .map_err(|_| damaged(depot, NAME, line, format!("{:?} is not a year", cell(0))))?;
        let unit_price = match cell(7) {
            "" => None,
            p => Some(decimal(depot, NAME, line, p)?),
        };
        out.push(Replacement {
            due_year,
            barcode: cell(1).to_owned(),
            item: cell(2).to_owned(),
            item_name: cell(3).to_owned(),
            owner: cell(4).to_owned(),
            commissioned: cell(5).to_owned(),
            life_end: cell(6).to_owned(),
            unit_price,
        });
        Ok(())
    })?;
    Ok(out)
}

/// What the figures need of a `replacements.csv` whose figures are as of a day in `year`: the
/// pieces due by the end of that year (overdue ones too) and their cost (pieces without a price
/// not counted). Counted once, when headquarters ingests the bundle ([`HqLast::due`]); an error
/// names the line.
///
/// [`HqLast::due`]: crate::store::hq::HqLast::due
pub fn due_in(bytes: &[u8], year: i32) -> std::result::Result<(u64, Decimal), String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = r.byte_headers().map_err(|e| e.to_string())?;
    if header
        .iter()
        .ne(REPLACEMENTS_HEADER.iter().map(|h| h.as_bytes()))
    {
        return Err("line 1: not the header of this version".to_owned());
    }
    let (mut due, mut cost) = (0u64, Decimal::ZERO);
    let mut rec = csv::ByteRecord::new();
    while r.read_byte_record(&mut rec).map_err(|e| e.to_string())? {
        let line = rec.position().map_or(0, |p| p.line());
        let text = |i: usize| std::str::from_utf8(rec.get(i).unwrap_or_default()).unwrap_or("?");
        let due_year: i32 = text(0)
            .parse()
            .map_err(|_| format!("line {line}: {:?} is not a year", text(0)))?;
        if due_year > year {
            continue;
        }
        due += 1;
        match text(7) {
            "" => {}
            p => {
                cost += p
                    .parse::<Decimal>()
                    .map_err(|_| format!("line {line}: {p:?} is not a price"))?
            }
        }
    }
    Ok((due, cost))
}

/// The date part of an RFC 3339 time (a bundle's `created`).
fn date_of(rfc3339: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.date_naive())
}

/// The figures of one depot, from its latest bundle.
pub fn depot_figures(
    r: &Reader,
    depot: HqDepot,
    today: NaiveDate,
    stale_days: i64,
) -> Result<DepotFigures> {
    let created = depot.last.as_ref().and_then(|l| date_of(&l.created));
    let state = DepotState::of(created, today, stale_days);
    let mut tally = Tally::default();
    let mut reserve = Tally::default();
    // Per scope: whether every line is equipped.
    let mut scopes: BTreeMap<String, bool> = BTreeMap::new();
    for l in readiness_lines(r, &depot.code)? {
        tally.add_line(l.required, l.held, l.ready);
        if !l.module.is_empty() {
            reserve.add_line(l.required, l.held, l.ready);
        }
        let equipped = l.status().equipped();
        *scopes.entry(l.scope).or_insert(true) &= equipped;
    }
    let compliant = scopes.values().filter(|all| **all).count() as u32;
    // Counted from replacements.csv when the bundle was ingested.
    let (due, due_cost) = depot.last.as_ref().map_or((0, Decimal::ZERO), |l| {
        (u32::try_from(l.due).unwrap_or(u32::MAX), l.due_cost)
    });
    Ok(DepotFigures {
        depot,
        state,
        tally,
        reserve,
        scopes: scopes.len() as u32,
        compliant,
        due,
        due_cost,
    })
}

/// Every depot enrolled, with its figures, in code order.
pub fn overview(store: &Store, today: NaiveDate, stale_days: i64) -> Result<Vec<DepotFigures>> {
    let r = store.read()?;
    r.hq_depots()?
        .into_iter()
        .map(|d| depot_figures(&r, d, today, stale_days))
        .collect()
}

/// The figures of depot `code`, from its latest bundle; `None` when no such depot is
/// enrolled.
pub fn one(
    store: &Store,
    code: &str,
    today: NaiveDate,
    stale_days: i64,
) -> Result<Option<DepotFigures>> {
    let r = store.read()?;
    r.hq_depot(code)?
        .map(|d| depot_figures(&r, d, today, stale_days))
        .transpose()
}

/// Whether the database is a headquarters' (it has enrolled a depot).
pub fn is_headquarters(store: &Store) -> Result<bool> {
    Ok(!store.read()?.hq_depots()?.is_empty())
}
