//! The digest (`depot digest`): what needs someone's action on a day — check-outs past due,
//! inspections overdue or falling due, lots expired or expiring, lines below standard and
//! targets behind or missed. Each section has its own report's rows (readiness' check-outs
//! past due, inspections, expiry, shortfalls, targets), grouped by the unit or warehouse that
//! can act, with a count per place first; a role sees the sections it may act on. What each
//! section lists is chosen first and counted in full, and only the rows listed are built (a
//! shortfall's transfer suggestions above all). The lines below standard are said against the
//! digest last sent to the same audience (`digest_change`).

use std::collections::HashMap;

use chrono::NaiveDate;
use depot_domain::access::{Permission, Role};
use depot_domain::notify::{DigestLine, LineChange};
use depot_domain::readiness::{self as rd, Snapshot, Within};
use depot_domain::stock::day_number;
use depot_domain::vocab::Vocabulary;

use crate::digest_change::{self as change, Changes, Since, Then};
use crate::digest_group::{ByPlace, col, count, fill, first_of_each, ranks};
use crate::parts::{Names, report};
use crate::readiness::{past_due_list, past_due_row, past_due_section};
use crate::table::{Cell, Fact, FactValue, Report, Section};
use crate::words::{Lang, ReportMsg, W, cols as c, l, label as lb, pick};
use crate::{expiry, inspections, shortfalls};

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
    /// Whether the lines below standard unchanged since the digest last sent are listed
    /// (else counted, in the figures and a note).
    pub unchanged: bool,
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

/// A digest built: the report, every line below standard it counted (listed or not: what a
/// digest sent keeps), and what they did since the digest `since` (`None`: not compared).
#[derive(Debug, Clone)]
pub struct Digest {
    pub report: Report,
    pub lines: Vec<DigestLine>,
    pub changes: Option<Changes>,
}

/// The figures that say what changed since the digest last sent: not what a digest says
/// (its fingerprint leaves them out).
pub const CHANGE_FACTS: &[&str] = &[
    "since",
    "lines_new",
    "lines_worse",
    "lines_better",
    "lines_unchanged",
    "lines_resolved",
];

/// Whether `role` (`None`: anyone) may act on what a section lists: scan work (check-outs,
/// inspections, lots) or an officer's (lines, targets, depots).
pub fn acts(role: Option<Role>, p: Permission) -> bool {
    role.is_none_or(|r| r.allows(p))
}

/// The barcodes of the check-outs past due in `w` on `on` that the digest lists (at most
/// `per_place` of each unit): those whose issue the service looks up in the ledger.
pub fn past_due_barcodes(s: &Snapshot, w: Within, on: NaiveDate, per_place: usize) -> Vec<String> {
    let list = past_due_list(s, w, day_number(on));
    let entries = list.into_iter().map(|i| (owner(s, i), i)).collect();
    first_of_each(entries, &ranks(s), per_place, usize::cmp)
        .into_iter()
        .flat_map(|g| g.listed)
        .map(|i| s.asset_barcode(i).to_owned())
        .collect()
}

/// The unit or warehouse that has piece `i`.
fn owner(s: &Snapshot, i: usize) -> u32 {
    s.cells[s.assets[i].cell as usize].owner
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

/// What is counted by place: each section's count column, by its section's key.
const COUNTED: [(&str, crate::table::Col); 4] = [
    ("past_due", cols::PAST_DUE),
    ("inspections", cols::INSPECTIONS),
    ("expiry", cols::LOTS),
    ("shortfalls", cols::LINES),
];

/// Builds the digest of `w`; `issued` holds the ledger's word on the check-outs past due;
/// `since`: the digest last sent to the same audience, that the lines below standard are said
/// against.
pub fn digest(
    s: &Snapshot,
    spec: &DigestSpec,
    w: Within,
    issued: &HashMap<String, Issued>,
    since: Option<Since<'_>>,
    lang: Lang,
) -> Digest {
    let on = spec.as_of;
    let d = day_number(on);
    let n = spec.per_place;
    let nm = Names { s, lang };
    let rank = ranks(s);
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
    let shown: Vec<usize> = (0..COUNTED.len())
        .filter(|&i| if i < 3 { scan } else { manage })
        .collect();
    let slot = |key: &str| shown.iter().position(|&i| COUNTED[i].0 == key);
    let mut by = ByPlace {
        width: shown.len(),
        counts: vec![0; s.places.len() * shown.len()],
    };
    let mut sections: Vec<Section> = Vec::new();
    let mut lines = Vec::new();
    let mut changes = None;
    if scan {
        sections.push(past_due_sec(
            s,
            &nm,
            w,
            d,
            n,
            &rank,
            issued,
            &mut by,
            slot("past_due"),
            &mut r,
        ));

        let (overdue, due) = inspections::due(s, w, d, spec.inspect_days);
        r.fact(
            "inspections_overdue",
            l(lang, lb::OVERDUE),
            Cell::int(overdue),
            "",
        );
        r.fact(
            "inspections_due",
            l(lang, W::FigInspectDueSoon),
            Cell::int(due.len() - overdue),
            "",
        );
        let mut sec = inspections::section(spec.inspect_days, lang);
        let entries: Vec<(u32, (i32, usize))> = due
            .into_iter()
            .map(|(due, i)| (owner(s, i), (due, i)))
            .collect();
        count(&mut by, slot("inspections"), &entries);
        let groups = first_of_each(entries, &rank, n, |a, b| inspections::order(s, a, b));
        fill(&mut sec, c::OWNER.key, s, groups, lang, |(due, i)| {
            inspections::row(&nm, d, due, i)
        });
        sections.push(sec);

        let exp = expiry::expiring(s, w, d, spec.lot_days);
        let expired = exp.iter().filter(|(e, _)| *e < d).count();
        r.fact(
            "lots_expired",
            l(lang, lb::LOTS_EXPIRED),
            Cell::int(expired),
            "",
        );
        r.fact(
            "lots_expiring",
            l(lang, lb::LOTS_EXPIRING),
            Cell::int(exp.len() - expired),
            "",
        );
        let mut sec = expiry::section(spec.lot_days, lang);
        let entries: Vec<(u32, (i32, usize))> = exp
            .into_iter()
            .map(|(e, i)| (s.cells[s.lots[i].cell as usize].owner, (e, i)))
            .collect();
        count(&mut by, slot("expiry"), &entries);
        let groups = first_of_each(entries, &rank, n, |a, b| expiry::order(s, a, b));
        fill(&mut sec, c::OWNER.key, s, groups, lang, |(e, i)| {
            expiry::row(&nm, d, e, i)
        });
        sections.push(sec);
    }
    if manage {
        let rdn = rd::evaluate(s, on, 0);
        let short = rd::lines_short(s, &rdn, w);
        r.fact(
            "lines_short",
            l(lang, lb::LINES_SHORT),
            Cell::int(short.len()),
            "",
        );
        lines = short
            .iter()
            .map(|&i| change::digest_line(s, &rdn, i))
            .collect();
        let then = since.as_ref().map(Then::new);
        let marks: Vec<Option<LineChange>> = lines
            .iter()
            .map(|l| then.as_ref().map(|t| t.change(l)))
            .collect();
        let entries: Vec<(u32, (usize, usize))> = short
            .iter()
            .enumerate()
            .map(|(k, &i)| (s.lines[i].place, (k, i)))
            .collect();
        if let Some(at) = slot("shortfalls") {
            count(&mut by, Some(at), &entries);
        }
        let mut hidden = 0;
        let entries: Vec<_> = entries
            .into_iter()
            .filter(|(_, (k, _))| {
                let hide = !spec.unchanged && marks[*k] == Some(LineChange::Unchanged);
                hidden += usize::from(hide);
                !hide
            })
            .collect();
        let groups = first_of_each(entries, &rank, n, |a, b| a.1.cmp(&b.1));
        let listed: Vec<usize> = groups
            .iter()
            .flat_map(|g| g.listed.iter().map(|e| e.1))
            .collect();
        let mut found = rd::shortfalls_of(s, &rdn, &listed).into_iter();
        let mut sec = shortfalls::section(lang);
        let mark_at = since.map(|_| {
            let at = col(&sec, c::LINE_STATUS.key).map_or(sec.cols.len(), |i| i + 1);
            sec.cols.insert(at, change::CHANGE);
            at
        });
        fill(&mut sec, c::UNIT.key, s, groups, lang, |(k, _)| {
            let mut row = match found.next() {
                Some(f) => shortfalls::row(&nm, &rdn, &f),
                None => Vec::new(),
            };
            if let (Some(at), Some(m)) = (mark_at, marks[k]) {
                row.insert(at, Cell::text(change::change_word(m, lang)));
            }
            row
        });
        sections.push(sec);
        if let Some(since) = since {
            let (counts, resolved) = change::changes(s, w, &since, &lines, &marks);
            r.fact("since", l(lang, W::FigSince), Cell::text(since.at), "");
            for (key, label, v) in [
                ("lines_new", W::FigLinesNew, counts.new),
                ("lines_worse", W::FigLinesWorse, counts.worse),
                ("lines_better", W::FigLinesBetter, counts.better),
                ("lines_unchanged", W::FigLinesUnchanged, counts.unchanged),
                ("lines_resolved", W::FigLinesResolved, counts.resolved),
            ] {
                r.fact(key, l(lang, label), Cell::int(v), "");
            }
            let mut sec = change::resolved_section(lang);
            let groups = first_of_each(resolved, &rank, n, |a, b| a.0.cmp(&b.0));
            fill(&mut sec, c::UNIT.key, s, groups, lang, |(_, l)| {
                change::resolved_row(&nm, &rdn, l)
            });
            sections.push(sec);
            r.notes.push(W::NoteDigestChanges.get(lang).to_owned());
            if hidden > 0 {
                let count = crate::words::group(&hidden.to_string());
                r.notes
                    .push(ReportMsg::UnchangedNotListed { count }.say(lang));
            }
            changes = Some(counts);
        }
        sections.extend(targets_sec(s, &rdn, w, lang, &mut r));
    }

    let mut by_place = Section::new(
        "by_place",
        W::SecDigestByPlace.get(lang),
        vec![c::UNIT, c::UNIT_NAME],
    );
    by_place.cols.extend(shown.iter().map(|&i| COUNTED[i].1));
    let mut places: Vec<u32> = (0..s.places.len() as u32)
        .filter(|&p| {
            let at = p as usize * by.width;
            by.counts[at..at + by.width].iter().any(|&k| k > 0)
        })
        .collect();
    places.sort_unstable_by_key(|&p| rank[p as usize]);
    for p in places {
        let mut row: Vec<Cell> = nm.place(p).into();
        let at = p as usize * by.width;
        row.extend(by.counts[at..at + by.width].iter().map(|&k| Cell::Int(k)));
        by_place.rows.push(row);
    }
    r.sections.push(by_place);
    r.sections.extend(sections);
    r.notes.push(W::NoteDigest.get(lang).to_owned());
    Digest {
        report: r,
        lines,
        changes,
    }
}

/// The check-outs past due, the listed ones with where they are by name and the ledger's
/// word on their issue, counted by place in `slot`.
#[allow(clippy::too_many_arguments)]
fn past_due_sec(
    s: &Snapshot,
    nm: &Names<'_>,
    w: Within,
    d: i32,
    n: usize,
    rank: &[u32],
    issued: &HashMap<String, Issued>,
    by: &mut ByPlace,
    slot: Option<usize>,
    r: &mut Report,
) -> Section {
    let lang = nm.lang;
    let mut sec = past_due_section(lang);
    // Where it is, by name when it is a unit or warehouse (a vehicle or an incident has only
    // its code).
    let at = col(&sec, c::LOCATION.key).map_or(sec.cols.len(), |i| i + 1);
    sec.cols.insert(at, cols::LOCATION_NAME);
    sec.cols.extend([cols::SINCE, cols::ISSUED_BY]);
    let list = past_due_list(s, w, d);
    r.fact(
        "checkouts_past_due",
        l(lang, lb::PAST_DUE),
        Cell::int(list.len()),
        "",
    );
    let entries: Vec<(u32, usize)> = list.into_iter().map(|i| (owner(s, i), i)).collect();
    count(by, slot, &entries);
    let groups = first_of_each(entries, rank, n, usize::cmp);
    fill(&mut sec, c::OWNER.key, s, groups, lang, |i| {
        let mut row = past_due_row(nm, d, i);
        let name = match row.get(at - 1) {
            Some(Cell::Text(code)) => s.place_id(code).map(|p| s.place(p).name.clone()),
            _ => None,
        };
        row.insert(at, Cell::text(name.unwrap_or_default()));
        let who = issued.get(s.asset_barcode(i));
        row.push(Cell::opt_date(who.map(|i| i.since)));
        row.push(Cell::text(who.map(|i| i.by.clone()).unwrap_or_default()));
        row
    });
    sec
}

/// The targets behind or missed that lie in `w`, counted in `r`'s figures.
fn targets_sec(
    s: &Snapshot,
    rdn: &rd::Readiness,
    w: Within,
    lang: Lang,
    r: &mut Report,
) -> Option<Section> {
    // Judged on the figures the lines were (one evaluation for both).
    let results = s.targets.iter().map(|t| rd::judge(s, t, rdn)).collect();
    let t = crate::targets::judged(s, results, lang);
    let mut sec = t.sections.into_iter().next()?;
    let status = col(&sec, c::STATUS.key);
    let scope = col(&sec, c::SCOPE.key);
    sec.key = "targets";
    W::SecDigestTargets.get(lang).clone_into(&mut sec.title);
    let met = Cell::text(rd::TargetStatus::Met.en());
    sec.rows.retain(|row| {
        status.is_some_and(|i| row[i] != met) && scope.is_some_and(|i| target_within(s, &row[i], w))
    });
    r.fact(
        "targets_short",
        l(lang, W::FigTargetsShort),
        Cell::int(sec.rows.len()),
        "",
    );
    Some(sec)
}

/// The rates of a digest's scope at each date of the last months (a trend's headline figures),
/// as the section its HTML page and workbook draw as a chart (`trend`).
pub fn trend_section(points: &[rd::TrendPoint], lang: Lang) -> Section {
    let mut sec = crate::trend::headline(points, lang);
    sec.key = "trend";
    W::SecDigestTrend.get(lang).clone_into(&mut sec.title);
    sec
}
