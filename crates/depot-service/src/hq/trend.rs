//! Headquarters' trend by depot (`depot report trend --by depot`): each depot's figures at
//! each date, from the figures of its bundles.
//!
//! Why from the bundles' figures and not from a replay of the movements headquarters holds:
//! a depot's rates depend on its standards, its catalogue (service lives, inspection
//! intervals) and its units and warehouses as they stood, none of which a bundle carries, and
//! on the stock before its first bundle's first movement when that bundle is not `full`. What
//! every bundle does carry is the depot's own figures as of its `as_of`, signed
//! (`readiness.csv`, `inventory.csv`, `assets.csv`). So headquarters counts them when it
//! ingests the bundle and keeps them, one row per bundle ([`HqFigures`]); a depot's figure at
//! a date is the one of its last bundle as of that date or before. A date before a depot's
//! first bundle has no figure ("no bundle yet"), never 0; a bundle ingested before
//! headquarters kept the figures has none either ("not kept"), except the latest, whose files
//! headquarters still holds.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use depot_domain::readiness::{self, Every, Figures, Tally, TargetStatus, verdict};
use depot_domain::{Metric, Target, TargetScope};
use rust_decimal::Decimal;

use crate::export::csv::{ASSETS_HEADER, INVENTORY_HEADER};
use crate::export::readiness::READINESS_HEADER;
use crate::store::hq::{HqBundle, HqDepot, HqFigures};
use crate::store::{Reader, Store};
use crate::{Error, Result};

/// What is wrong in a bundle's file: its name, the line (0: the file as a whole) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub file: &'static str,
    pub line: u64,
    pub what: String,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.what)
    }
}

/// The rows of a kept or received CSV file, its header checked: each record's cells as bytes.
fn each_row(
    file: &'static str,
    bytes: &[u8],
    header: &[&str],
    mut each: impl FnMut(&csv::ByteRecord) -> std::result::Result<(), String>,
) -> std::result::Result<(), BadRow> {
    let bad = |line: u64, what: String| BadRow { file, line, what };
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let found = r.byte_headers().map_err(|e| bad(1, e.to_string()))?;
    if found.iter().ne(header.iter().map(|h| h.as_bytes())) {
        return Err(bad(1, "not the header of this version".to_owned()));
    }
    let mut rec = csv::ByteRecord::new();
    while r
        .read_byte_record(&mut rec)
        .map_err(|e| bad(0, e.to_string()))?
    {
        each(&rec).map_err(|what| bad(rec.position().map_or(0, |p| p.line()), what))?;
    }
    Ok(())
}

fn text(rec: &csv::ByteRecord, i: usize) -> &str {
    std::str::from_utf8(rec.get(i).unwrap_or_default()).unwrap_or("")
}

fn number(rec: &csv::ByteRecord, i: usize) -> std::result::Result<Decimal, String> {
    let t = text(rec, i);
    t.parse::<Decimal>()
        .map_err(|_| format!("{t:?} is not a number"))
}

fn whole(d: Decimal) -> u64 {
    u64::try_from(d.trunc()).unwrap_or(0)
}

/// The figures a bundle's files give (its `readiness.csv`, `inventory.csv` and `assets.csv`),
/// as the depot's own report gives them for its `as_of`: every line and each reserve module's
/// (a line with a module), the units and warehouses with every line equipped, the pieces held
/// and ready and past their service life (`inventory.csv`'s rows of the items `assets.csv`
/// lists: a piece is an asset; lots are not counted). The depot, bundle and dates are left
/// for the caller; an error names the file and line.
pub fn count(
    readiness: &[u8],
    inventory: &[u8],
    assets: &[u8],
) -> std::result::Result<HqFigures, BadRow> {
    let mut f = HqFigures::default();
    let mut modules: BTreeMap<String, Tally> = BTreeMap::new();
    let mut scopes: BTreeMap<Vec<u8>, bool> = BTreeMap::new();
    each_row("readiness.csv", readiness, READINESS_HEADER, |rec| {
        let (required, held, ready) = (number(rec, 4)?, number(rec, 5)?, number(rec, 6)?);
        f.all.add_line(required, held, ready);
        let module = text(rec, 2);
        if !module.is_empty() {
            modules
                .entry(module.to_owned())
                .or_default()
                .add_line(required, held, ready);
        }
        let equipped = readiness::LineStatus::of(required, held, ready).equipped();
        *scopes
            .entry(rec.get(0).unwrap_or_default().to_vec())
            .or_insert(true) &= equipped;
        Ok(())
    })?;
    let mut pieces: HashSet<Vec<u8>> = HashSet::new();
    each_row("assets.csv", assets, ASSETS_HEADER, |rec| {
        let item = rec.get(1).unwrap_or_default();
        if !pieces.contains(item) {
            pieces.insert(item.to_vec());
        }
        Ok(())
    })?;
    each_row("inventory.csv", inventory, INVENTORY_HEADER, |rec| {
        if pieces.contains(rec.get(3).unwrap_or_default()) {
            f.pieces += whole(number(rec, 7)?);
            f.pieces_ready += whole(number(rec, 8)?);
            f.over_age += whole(number(rec, 11)?);
        }
        Ok(())
    })?;
    f.scopes = scopes.len() as u32;
    f.compliant = scopes.values().filter(|all| **all).count() as u32;
    f.modules = modules.into_iter().collect();
    Ok(f)
}

/// A depot's figures at one date of the trend.
#[derive(Debug, Clone, PartialEq)]
pub enum At {
    /// No bundle of the depot is as of this date or before.
    NoBundle,
    /// The depot's last bundle as of this date or before (its `as_of`) was ingested before
    /// headquarters kept each bundle's figures.
    NotKept { as_of: NaiveDate },
    /// The figures of the depot's last bundle as of this date or before.
    Bundle(Box<HqFigures>),
}

/// The figures of a bundle as the domain's report figures (the rates are its methods).
pub fn figures(f: &HqFigures) -> Figures {
    let mut out = Figures {
        lines: f.all,
        places_with_lines: f.scopes,
        places_compliant: f.compliant,
        ..Figures::default()
    };
    for (_, t) in &f.modules {
        out.reserve += t;
    }
    out.stock.pieces = f.pieces;
    out.stock.pieces_ready = f.pieces_ready;
    out.stock.over_age = f.over_age;
    out
}

/// A target of headquarters judged for a depot on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    pub target: Target,
    /// `None`: the depot's figure is not there (no bundle, not kept, nothing to measure).
    pub actual: Option<Decimal>,
    /// `None`: a bundle does not carry this figure (a category, a share of expiring stock,
    /// the circles), or the depot has no figure on the date.
    pub status: Option<TargetStatus>,
}

/// One depot over the dates.
#[derive(Debug, Clone, PartialEq)]
pub struct DepotTrend {
    pub code: String,
    pub name: String,
    /// The depot's figures at each date of [`HqTrend::dates`].
    pub at: Vec<At>,
    /// At each date, each of headquarters' targets for this depot.
    pub targets: Vec<Vec<Judged>>,
}

/// The trend by depot.
#[derive(Debug, Clone, PartialEq)]
pub struct HqTrend {
    pub dates: Vec<NaiveDate>,
    /// Every depot enrolled (only the one asked for), in code order.
    pub depots: Vec<DepotTrend>,
    /// Bundles ingested, and those whose figures are kept, of the depots shown.
    pub bundles: u64,
    pub kept: u64,
}

/// The actual figure of `metric` in `f`; `None` when a bundle does not carry it.
pub(super) fn actual(metric: Metric, f: &Figures) -> Option<Option<Decimal>> {
    Some(match metric {
        Metric::EquippedRate => f.equipped_rate(),
        Metric::ReadyRate => f.ready_rate(),
        Metric::ReadyCoverage => f.ready_coverage(),
        Metric::ComplianceRate => f.compliance_rate(),
        Metric::Saturation => f.saturation(),
        Metric::OverAge => Some(Decimal::from(f.stock.over_age)),
        Metric::HighEndShare | Metric::ExpiringShare | Metric::CircleCoverage => return None,
    })
}

/// Headquarters' targets for depot `code` judged on `at`, on date `on`.
fn judge(targets: &[Target], code: &str, at: &At, on: NaiveDate) -> Vec<Judged> {
    let figures = match at {
        At::Bundle(f) => Some(figures(f)),
        _ => None,
    };
    judge_on(targets, Some(code), figures.as_ref(), on)
}

/// Headquarters' targets judged on `figures` on date `on`: those of depot `code` (every
/// depot's and its own), or with no depot those for every depot (the whole service's).
pub(super) fn judge_on(
    targets: &[Target],
    code: Option<&str>,
    figures: Option<&Figures>,
    on: NaiveDate,
) -> Vec<Judged> {
    targets
        .iter()
        .filter(|t| match &t.scope {
            TargetScope::Unit(u) => code == Some(u.as_str()),
            _ => true,
        })
        .map(|t| {
            let measured = match (&t.scope, figures) {
                (TargetScope::Category(_), _) | (_, None) => None,
                (_, Some(f)) => actual(t.metric, f),
            };
            Judged {
                target: t.clone(),
                actual: measured.flatten(),
                status: measured.map(|a| verdict(t, a, on)),
            }
        })
        .collect()
}

/// The figures of each bundle of `depot` kept, with the latest bundle's counted from the
/// files headquarters holds when it was ingested before the figures were kept.
pub(super) fn kept(r: &Reader, depot: &HqDepot) -> Result<Vec<HqFigures>> {
    let mut kept = r.hq_figures(&depot.code)?;
    if let Some(last) = &depot.last
        && !kept
            .iter()
            .any(|f| f.manifest_sha256 == last.manifest_sha256)
    {
        let file = |name: &str| -> Result<Vec<u8>> {
            Ok(r.hq_file(&depot.code, name)?.unwrap_or_default())
        };
        let mut f = count(
            &file("readiness.csv")?,
            &file("inventory.csv")?,
            &file("assets.csv")?,
        )
        .map_err(|bad| {
            Error::Msg(depot_domain::msg::service::ServiceMsg::HqKeptFileBad {
                depot: depot.code.clone(),
                name: bad.file.to_owned(),
                line: bad.line.to_string(),
                what: bad.what,
            })
        })?;
        f.depot.clone_from(&depot.code);
        f.manifest_sha256.clone_from(&last.manifest_sha256);
        f.as_of = last.as_of;
        f.created.clone_from(&last.created);
        kept.push(f);
    }
    Ok(kept)
}

/// Where `depot` stands on `on`: its last bundle as of `on` or before (by `as_of`, then when
/// it was written), its figures if kept.
pub(super) fn at(bundles: &[HqBundle], kept: &[HqFigures], on: NaiveDate) -> At {
    let last = bundles
        .iter()
        .filter(|b| b.as_of <= on)
        .max_by(|a, b| (a.as_of, &a.created).cmp(&(b.as_of, &b.created)));
    match last {
        None => At::NoBundle,
        Some(b) => match kept.iter().find(|f| f.manifest_sha256 == b.manifest_sha256) {
            Some(f) => At::Bundle(Box::new(f.clone())),
            None => At::NotKept { as_of: b.as_of },
        },
    }
}

/// The trend of every depot enrolled (of `only`, when given) from `from` to `to`, a date
/// every month or quarter (`readiness::dates`), in one read snapshot.
pub fn trend(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    every: Every,
    only: Option<&str>,
) -> Result<HqTrend> {
    let r = store.read()?;
    let dates = readiness::dates(from, to, every);
    let targets = r.targets()?;
    let mut out = HqTrend {
        dates: dates.clone(),
        depots: Vec::new(),
        bundles: 0,
        kept: 0,
    };
    for d in r.hq_depots()? {
        if only.is_some_and(|o| o != d.code) {
            continue;
        }
        let bundles = r.hq_bundles(&d.code)?;
        let kept = kept(&r, &d)?;
        out.bundles += bundles.len() as u64;
        out.kept += kept.len() as u64;
        let at: Vec<At> = dates.iter().map(|on| at(&bundles, &kept, *on)).collect();
        let targets = dates
            .iter()
            .zip(&at)
            .map(|(on, a)| judge(&targets, &d.code, a, *on))
            .collect();
        out.depots.push(DepotTrend {
            code: d.code,
            name: d.name,
            at,
            targets,
        });
    }
    Ok(out)
}
