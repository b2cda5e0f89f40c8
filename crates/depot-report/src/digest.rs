//! The digest (`depot digest`): what needs someone's action on a day — check-outs past due,
//! inspections overdue or falling due, lots expired or expiring, lines below standard and
//! targets behind or missed. Each section is the one its own report builds (readiness'
//! check-outs past due, inspections, expiry, shortfalls, targets), its rows grouped by the
//! unit or warehouse that can act, with a count per place first; a role sees the sections it
//! may act on.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use depot_domain::access::{Permission, Role};
use depot_domain::readiness::{self as rd, Snapshot, Within};
use depot_domain::vocab::Vocabulary;

use crate::expiry::expiry;
use crate::inspections::inspections;
use crate::parts::{Names, report};
use crate::readiness::past_due;
use crate::shortfalls::shortfalls;
use crate::table::{Cell, Fact, FactValue, Report, Section};
use crate::targets::targets;
use crate::words::{Lang, ReportMsg, W, cols as c, l, label as lb, pick};

/// The columns of this report only.
mod cols {
    use crate::column::{Col, Kind, word_col};
    use crate::words::W;
    pub const LOCATION_NAME: Col = word_col("location_name", W::ColLocationName, Kind::Text);
    pub const SINCE: Col = word_col("checked_out_on", W::ColSince, Kind::Date);
    pub const ISSUED_BY: Col = word_col("issued_by", W::ColIssuedBy, Kind::Text);
    pub const PAST_DUE: Col = word_col("past_due", W::ColNPastDue, Kind::Num);
    pub const INSPECTIONS: Col = word_col("inspections", W::ColNInspections, Kind::Num);
    pub const LOTS: Col = word_col("lots", W::ColNLots, Kind::Num);
    pub const LINES: Col = word_col("lines_short", W::ColNLines, Kind::Num);
}

/// What a digest is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestSpec {
    /// A unit (with everything below it) or a warehouse; `None`: everything.
    pub scope: Option<String>,
    /// Only the sections this role may act on; `None`: every section.
    pub role: Option<Role>,
    pub as_of: NaiveDate,
    /// Inspections falling due within this many days are listed with the overdue ones.
    pub inspect_days: u32,
    /// Lots expiring within this many days are listed with the expired ones.
    pub lot_days: u32,
    /// The rows a section lists for each place at most, the rest counted in one row ("… and K
    /// more"); `0`: all. The figures and the counts by place count them all.
    pub per_place: usize,
}

impl DigestSpec {
    /// Inspections that fall due this week.
    pub const INSPECT_DAYS: u32 = 7;
    /// Lots that expire this quarter.
    pub const LOT_DAYS: u32 = 90;
    /// What one reads of a place's items in a mail or a chat.
    pub const PER_PLACE: usize = 10;
}

/// A check-out past due as the ledger has it (read by the service): when and by whom it was
/// issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub since: NaiveDate,
    pub by: String,
}

/// Whether `role` (`None`: anyone) may act on what a section lists: scan work (check-outs,
/// inspections, lots) or an officer's (lines, targets, depots).
pub fn acts(role: Option<Role>, p: Permission) -> bool {
    role.is_none_or(|r| r.allows(p))
}

/// The barcodes of the check-outs past due in `w` on `on` that the digest lists (at most
/// `per_place` of each unit): those whose issue the service looks up in the ledger.
pub fn past_due_barcodes(s: &Snapshot, w: Within, on: NaiveDate, per_place: usize) -> Vec<String> {
    let mut sec = past_due(s, w, on, Lang::En);
    group_by(&mut sec, c::OWNER.key);
    let rows = match col(&sec, c::OWNER.key) {
        Some(at) => first_of_each(sec.rows, at, per_place, |_, _| None),
        None => sec.rows,
    };
    rows.into_iter()
        .filter_map(|r| match r.into_iter().next() {
            Some(Cell::Text(b)) => Some(b),
            _ => None,
        })
        .collect()
}

/// `rows` (grouped by the place in column `at`) with at most `n` of each place (`0`: all);
/// after a place cut short, what `more` makes of its place and how many were left out.
fn first_of_each(
    rows: Vec<Vec<Cell>>,
    at: usize,
    n: usize,
    mut more: impl FnMut(&Cell, usize) -> Option<Vec<Cell>>,
) -> Vec<Vec<Cell>> {
    if n == 0 {
        return rows;
    }
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while let Some(row) = rows.next() {
        let place = row[at].clone();
        out.push(row);
        let (mut kept, mut left) = (1, 0);
        while let Some(r) = rows.next_if(|r| r[at] == place) {
            if kept < n {
                out.push(r);
                kept += 1;
            } else {
                left += 1;
            }
        }
        if left > 0 {
            out.extend(more(&place, left));
        }
    }
    out
}

/// The row that stands for `count` rows of `place` not listed: the place in its column, the
/// words in the first other one.
fn more_row(width: usize, at: usize, place: &Cell, count: usize, lang: Lang) -> Vec<Cell> {
    let mut row = vec![Cell::Empty; width];
    row[at] = place.clone();
    let words = ReportMsg::MoreNotListed {
        count: crate::words::group(&count.to_string()),
    };
    row[usize::from(at == 0)] = Cell::text(words.say(lang));
    row
}

/// The index of the column keyed `key` in `sec`.
fn col(sec: &Section, key: &str) -> Option<usize> {
    sec.cols.iter().position(|c| c.key == key)
}

/// The rows of `sec` grouped by the place in its column `key`, each group in the order the
/// report gave.
fn group_by(sec: &mut Section, key: &str) {
    if let Some(i) = col(sec, key) {
        sec.rows.sort_by_cached_key(|r| r[i].display(Lang::En));
    }
}

/// Whether a target's scope cell (`unit:CODE`, `category:…`, empty: everything) lies in `w`.
fn target_within(s: &Snapshot, scope: &Cell, w: Within) -> bool {
    match w {
        Within::Everything => true,
        Within::Place(_) => match scope {
            Cell::Text(t) => t
                .strip_prefix("unit:")
                .and_then(|u| s.place_id(u))
                .is_some_and(|p| rd::within(s, p, w)),
            _ => false,
        },
    }
}

/// Builds the digest of `w`; `issued` holds the ledger's word on the check-outs past due.
pub fn digest(
    s: &Snapshot,
    spec: &DigestSpec,
    w: Within,
    issued: &HashMap<String, Issued>,
    lang: Lang,
) -> Report {
    let on = spec.as_of;
    let mut r = report(W::TitleDigest, lang);
    r.key = "digest";
    r.fact("as_of", l(lang, lb::AS_OF), Cell::Date(on), "");
    let (code, name) = match w {
        Within::Everything => (Cell::Empty, l(lang, lb::EVERYTHING).to_owned()),
        Within::Place(p) => (Cell::text(s.place(p).code.clone()), s.place(p).name.clone()),
    };
    r.fact("scope", l(lang, lb::SCOPE), code, name.clone());
    // The scope's name is in the table beside its code; as data it has its own key.
    r.facts.push(Fact {
        key: "scope_name",
        label: String::new(),
        value: FactValue::Cell(Cell::Text(name)),
        detail: String::new(),
    });
    if let Some(role) = spec.role {
        r.fact(
            "for",
            l(lang, W::FigFor),
            Cell::text(role.en()),
            pick(lang, role.en(), role.zh()),
        );
    }

    let scan = acts(spec.role, Permission::Scan);
    let manage = acts(spec.role, Permission::Manage);
    // (section, the column naming the place that acts)
    let mut listed: Vec<(Section, &'static str)> = Vec::new();
    if scan {
        let mut sec = past_due(s, w, on, lang);
        // Where it is, by name when it is a unit or warehouse (a vehicle or an incident has
        // only its code).
        let at = col(&sec, c::LOCATION.key).map_or(sec.cols.len(), |i| i + 1);
        sec.cols.insert(at, cols::LOCATION_NAME);
        sec.cols.extend([cols::SINCE, cols::ISSUED_BY]);
        for row in &mut sec.rows {
            let name = match row.get(at - 1) {
                Some(Cell::Text(code)) => s.place_id(code).map(|p| s.place(p).name.clone()),
                _ => None,
            };
            row.insert(at, Cell::text(name.unwrap_or_default()));
            let who = match row.first() {
                Some(Cell::Text(b)) => issued.get(b),
                _ => None,
            };
            row.push(Cell::opt_date(who.map(|i| i.since)));
            row.push(Cell::text(who.map(|i| i.by.clone()).unwrap_or_default()));
        }
        r.fact(
            "checkouts_past_due",
            l(lang, lb::PAST_DUE),
            Cell::int(sec.rows.len()),
            "",
        );
        listed.push((sec, c::OWNER.key));

        let ins = inspections(s, w, on, spec.inspect_days, lang);
        let fact = |key: &str| {
            ins.facts
                .iter()
                .find_map(|f| match (&f.value, f.key == key) {
                    (FactValue::Cell(Cell::Int(n)), true) => Some(*n),
                    _ => None,
                })
        };
        let overdue = fact("overdue").unwrap_or_default();
        r.fact(
            "inspections_overdue",
            l(lang, lb::OVERDUE),
            Cell::Int(overdue),
            "",
        );
        r.fact(
            "inspections_due",
            l(lang, W::FigInspectDueSoon),
            Cell::Int(fact("listed").unwrap_or_default() - overdue),
            "",
        );
        listed.extend(ins.sections.into_iter().map(|s| (s, c::OWNER.key)));

        let mut exp = expiry(s, w, on, spec.lot_days, lang);
        for f in &mut exp.facts {
            (f.key, f.label) = match f.key {
                "expired" => ("lots_expired", l(lang, lb::LOTS_EXPIRED).to_owned()),
                _ => ("lots_expiring", l(lang, lb::LOTS_EXPIRING).to_owned()),
            };
        }
        r.facts.append(&mut exp.facts);
        listed.extend(exp.sections.into_iter().map(|s| (s, c::OWNER.key)));
    }
    if manage {
        let mut sf = shortfalls(s, w, on, lang);
        r.facts.append(&mut sf.facts);
        listed.extend(sf.sections.into_iter().map(|s| (s, c::UNIT.key)));

        let t = targets(s, on, lang);
        if let Some(mut sec) = t.sections.into_iter().next() {
            let status = col(&sec, c::STATUS.key);
            let scope = col(&sec, c::SCOPE.key);
            sec.key = "targets";
            W::SecDigestTargets.get(lang).clone_into(&mut sec.title);
            let met = Cell::text(rd::TargetStatus::Met.en());
            sec.rows.retain(|row| {
                status.is_some_and(|i| row[i] != met)
                    && scope.is_some_and(|i| target_within(s, &row[i], w))
            });
            r.fact(
                "targets_short",
                l(lang, W::FigTargetsShort),
                Cell::int(sec.rows.len()),
                "",
            );
            listed.push((sec, ""));
        }
    }

    let mut by_place = Section::new(
        "by_place",
        W::SecDigestByPlace.get(lang),
        vec![c::UNIT, c::UNIT_NAME],
    );
    let counted = [
        ("past_due", cols::PAST_DUE),
        ("inspections", cols::INSPECTIONS),
        ("expiry", cols::LOTS),
        ("shortfalls", cols::LINES),
    ];
    let shown: Vec<usize> = counted
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| listed.iter().any(|(sec, _)| sec.key == *k))
        .map(|(i, _)| i)
        .collect();
    by_place.cols.extend(shown.iter().map(|&i| counted[i].1));
    let mut counts: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (sec, key) in &mut listed {
        group_by(sec, key);
        let (Some(k), Some(at)) = (
            counted.iter().position(|(k, _)| *k == sec.key),
            col(sec, key),
        ) else {
            continue;
        };
        let slot = shown.iter().position(|&i| i == k).unwrap_or_default();
        for row in &sec.rows {
            let n = counts
                .entry(row[at].display(Lang::En))
                .or_insert_with(|| vec![0; shown.len()]);
            n[slot] += 1;
        }
        let width = sec.cols.len();
        sec.rows = first_of_each(std::mem::take(&mut sec.rows), at, spec.per_place, |p, k| {
            Some(more_row(width, at, p, k, lang))
        });
    }
    let nm = Names { s, lang };
    for (code, n) in counts {
        let mut row: Vec<Cell> = match s.place_id(&code) {
            Some(p) => nm.place(p).into(),
            None => vec![Cell::text(code), Cell::Empty],
        };
        row.extend(n.into_iter().map(Cell::Int));
        by_place.rows.push(row);
    }
    r.sections.push(by_place);
    r.sections.extend(listed.into_iter().map(|(sec, _)| sec));
    r.notes.push(W::NoteDigest.get(lang).to_owned());
    r
}

/// The rates of a digest's scope at each date of the last months (a trend's headline figures),
/// as the section its HTML page and workbook draw as a chart (`trend`).
pub fn trend_section(points: &[rd::TrendPoint], lang: Lang) -> Section {
    let mut sec = crate::trend::headline(points, lang);
    sec.key = "trend";
    W::SecDigestTrend.get(lang).clone_into(&mut sec.title);
    sec
}
