//! The digest's lines below standard against the digest last sent to the same audience: each
//! line marked new, worse, better or unchanged, and the lines at standard again listed apart.
//! The service reads what was sent ([`Since`]) and keeps what a digest sent counted
//! ([`DigestLine`]s, every line below standard in scope, listed or not).

use std::collections::{HashMap, HashSet};

use depot_domain::notify::{DigestLine, LineChange};
use depot_domain::readiness::{self as rd, Readiness, Snapshot, Within};

use crate::parts::Names;
use crate::table::{Cell, Col, Section};
use crate::words::{Lang, W};

/// The digest last sent to the same audience: when, and the lines below standard it counted.
#[derive(Debug, Clone, Copy)]
pub struct Since<'a> {
    /// When it was sent (RFC 3339, as recorded).
    pub at: &'a str,
    pub lines: &'a [DigestLine],
}

/// How many lines came out each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub new: usize,
    pub worse: usize,
    pub better: usize,
    pub unchanged: usize,
    pub resolved: usize,
}

impl Changes {
    fn count(&mut self, c: LineChange) {
        match c {
            LineChange::New => self.new += 1,
            LineChange::Worse => self.worse += 1,
            LineChange::Better => self.better += 1,
            LineChange::Unchanged => self.unchanged += 1,
        }
    }
}

/// The column of the change, after the line's state.
pub(crate) const CHANGE: Col =
    crate::column::word_col("change", W::ColChange, crate::column::Kind::Text);

pub(crate) fn change_word(c: LineChange, lang: Lang) -> &'static str {
    match c {
        LineChange::New => W::ChangeNew,
        LineChange::Worse => W::ChangeWorse,
        LineChange::Better => W::ChangeBetter,
        LineChange::Unchanged => W::ChangeUnchanged,
    }
    .get(lang)
}

/// Line `i` as a digest keeps it: its codes as the digest shows them, and its figures.
pub(crate) fn digest_line(s: &Snapshot, r: &Readiness, i: usize) -> DigestLine {
    let ln = &s.lines[i];
    DigestLine {
        unit: s.place(ln.place).code.clone(),
        module: s.module(ln.module).to_owned(),
        what: what_code(s, ln.what),
        required: ln.required,
        held: r.lines[i].held,
        ready: r.lines[i].ready,
    }
}

/// What a line is for, as its code column shows it.
fn what_code(s: &Snapshot, w: rd::LineWhat) -> String {
    match w {
        rd::LineWhat::Item(i) => s.item(i).code.to_string(),
        rd::LineWhat::Category(c) => format!("category:{c}"),
    }
}

/// What was sent, by line.
pub(crate) struct Then<'a> {
    by_key: HashMap<(&'a str, &'a str, &'a str), &'a DigestLine>,
}

impl<'a> Then<'a> {
    pub(crate) fn new(since: &Since<'a>) -> Then<'a> {
        Then {
            by_key: since.lines.iter().map(|l| (l.key(), l)).collect(),
        }
    }

    /// What became of `now` since.
    pub(crate) fn change(&self, now: &DigestLine) -> LineChange {
        LineChange::of(self.by_key.get(&now.key()).copied(), now)
    }
}

/// A line at standard again: the place it is of, where it was in the lines sent, and it.
pub(crate) type Resolved<'a> = (u32, (usize, &'a DigestLine));

/// What the lines below standard did since: `now` (every line below standard) marked by
/// `marks`, counted; and the lines of `since` not below standard now whose place is still in
/// `w` (with that place, and where it was in the lines sent).
pub(crate) fn changes<'a>(
    s: &Snapshot,
    w: Within,
    since: &Since<'a>,
    now: &[DigestLine],
    marks: &[Option<LineChange>],
) -> (Changes, Vec<Resolved<'a>>) {
    let mut n = Changes::default();
    for m in marks.iter().flatten() {
        n.count(*m);
    }
    let below: HashSet<(&str, &str, &str)> = now.iter().map(DigestLine::key).collect();
    let resolved: Vec<Resolved<'a>> = since
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !below.contains(&l.key()))
        .filter_map(|(k, l)| s.place_id(&l.unit).map(|p| (p, (k, l))))
        .filter(|(p, _)| rd::within(s, *p, w))
        .collect();
    n.resolved = resolved.len();
    (n, resolved)
}

/// The line of the snapshot that `l` names, if it is still there.
fn find_line(s: &Snapshot, l: &DigestLine) -> Option<usize> {
    let p = s.place_id(&l.unit)?;
    s.lines_of(p).find(|&i| {
        s.module(s.lines[i].module) == l.module && what_code(s, s.lines[i].what) == l.what
    })
}

/// The section of the lines at standard again, without its rows.
pub(crate) fn resolved_section(lang: Lang) -> Section {
    Section::new(
        "resolved",
        W::SecDigestResolved.get(lang),
        crate::shortfalls::LINE_COLS.to_vec(),
    )
}

/// The row of a line at standard again, with its figures now (a line no longer in the
/// standards: its codes, and its place's name).
pub(crate) fn resolved_row(nm: &Names<'_>, r: &Readiness, l: &DigestLine) -> Vec<Cell> {
    let s = nm.s;
    match find_line(s, l) {
        Some(i) => {
            let now = r.lines[i];
            crate::shortfalls::line_cells(nm, i, s.lines[i].required, now.held, now.ready)
        }
        None => {
            let mut row = vec![Cell::text(l.unit.clone()), Cell::Empty];
            if let Some(p) = s.place_id(&l.unit) {
                row[1] = Cell::text(s.place(p).name.clone());
            }
            row.extend([
                Cell::text(l.module.clone()),
                Cell::Empty,
                Cell::text(l.what.clone()),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
            row
        }
    }
}
