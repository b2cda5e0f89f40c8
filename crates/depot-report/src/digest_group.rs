//! How the digest lists a section: its entries grouped by the place that acts on them (in
//! code order), at most so many of each place listed and the rest counted in one row, and
//! the counts by place; only the rows listed are built.

use std::cmp::Ordering;

use depot_domain::readiness::Snapshot;

use crate::table::{Cell, Section};
use crate::words::{Lang, ReportMsg};

/// The places in the order a digest groups them: by code.
pub(crate) fn ranks(s: &Snapshot) -> Vec<u32> {
    let mut ids: Vec<u32> = (0..s.places.len() as u32).collect();
    ids.sort_unstable_by(|a, b| s.place(*a).code.cmp(&s.place(*b).code));
    let mut rank = vec![0; ids.len()];
    for (r, p) in ids.into_iter().enumerate() {
        rank[p as usize] = r as u32;
    }
    rank
}

/// A place's rows of a section: the first ones listed, and how many more it has.
pub(crate) struct Group<T> {
    pub(crate) place: u32,
    pub(crate) listed: Vec<T>,
    pub(crate) left: usize,
}

/// `entries` (each with the place that acts on it) grouped by place in code order, each group
/// in the report's order (`order`), with at most `n` listed (`0`: all): only a place's first
/// `n` are put in order, the rest only counted.
pub(crate) fn first_of_each<T>(
    mut entries: Vec<(u32, T)>,
    rank: &[u32],
    n: usize,
    order: impl Fn(&T, &T) -> Ordering,
) -> Vec<Group<T>> {
    entries.sort_unstable_by_key(|(p, _)| rank[*p as usize]);
    let mut out: Vec<Group<T>> = Vec::new();
    let mut rest = entries.into_iter().peekable();
    while let Some((place, first)) = rest.next() {
        let mut listed = vec![first];
        while let Some((_, e)) = rest.next_if(|(p, _)| *p == place) {
            listed.push(e);
        }
        let mut left = 0;
        if n > 0 && listed.len() > n {
            listed.select_nth_unstable_by(n, &order);
            left = listed.len() - n;
            listed.truncate(n);
        }
        listed.sort_unstable_by(&order);
        out.push(Group {
            place,
            listed,
            left,
        });
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
pub(crate) fn col(sec: &Section, key: &str) -> Option<usize> {
    sec.cols.iter().position(|c| c.key == key)
}

/// The rows of `groups` into `sec`, each built by `row`, a place cut short followed by its
/// "… and K more" row (the place's code in the column keyed `key`).
pub(crate) fn fill<T>(
    sec: &mut Section,
    key: &str,
    s: &Snapshot,
    groups: Vec<Group<T>>,
    lang: Lang,
    mut row: impl FnMut(T) -> Vec<Cell>,
) {
    let at = col(sec, key).unwrap_or_default();
    let width = sec.cols.len();
    for g in groups {
        sec.rows.extend(g.listed.into_iter().map(&mut row));
        if g.left > 0 {
            let place = Cell::text(s.place(g.place).code.clone());
            sec.rows.push(more_row(width, at, &place, g.left, lang));
        }
    }
}

/// The counts by place: a row of counts for each place, a slot for each section shown.
pub(crate) struct ByPlace {
    pub(crate) width: usize,
    pub(crate) counts: Vec<i64>,
}

impl ByPlace {
    fn add(&mut self, place: u32, slot: usize) {
        self.counts[place as usize * self.width + slot] += 1;
    }
}

/// Counts each of `entries` for its place in `slot` (`None`: not counted).
pub(crate) fn count<T>(by: &mut ByPlace, slot: Option<usize>, entries: &[(u32, T)]) {
    if let Some(slot) = slot {
        for (p, _) in entries {
            by.add(*p, slot);
        }
    }
}
