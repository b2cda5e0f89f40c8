//! Shortfalls: the lines of a scope that are not met, what is missing, and where spare stock
//! of the same kind sits that a transfer could bring.
//!
//! Spare stock of an item at a place is its ready stock there that the place can give up
//! without any of its own lines falling below required in ready terms: the ready quantity of
//! the (item, module) cell, capped by the slack (ready − required) of every line of the place
//! that counts that cell. This is conservative: a place with an item line and a category line
//! for the same item keeps enough for both.
//!
//! Sources are listed nearest first: those below the place itself, then those below its
//! parent, then below its grandparent, and so on up to the root (the closest common unit
//! first); within one step, the largest spare first; only as many as cover the gap. Each
//! unit keeps the few largest spares below it, so a lookup never scans the whole register.

use rust_decimal::Decimal;

use super::engine::{Readiness, Within, within};
use super::snapshot::{LineWhat, Snapshot};

/// Spare stock elsewhere that a transfer could bring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub place: u32,
    pub item: u32,
    pub module: u16,
    pub spare: Decimal,
    /// Steps through the hierarchy from the place that is short.
    pub distance: u32,
}

/// A line not met.
#[derive(Debug, Clone)]
pub struct Shortfall {
    /// Index into [`Snapshot::lines`].
    pub line: usize,
    pub required: Decimal,
    pub held: Decimal,
    pub ready: Decimal,
    /// required − held, at least zero: to bring in for the line to be equipped.
    pub missing: Decimal,
    /// required − ready, at least zero: to bring in (or make ready) for the line to be ready.
    pub not_ready: Decimal,
    pub sources: Vec<Source>,
}

/// At most this many sources per line.
const MAX_SOURCES: usize = 5;

/// What a shortfall line looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Item(u32),
    Category(crate::Category),
}

/// The largest spares below a place: (spare, cell), largest first.
type Top = Vec<(Decimal, u32)>;

fn push_top(top: &mut Top, e: (Decimal, u32)) {
    let at = top
        .iter()
        .position(|x| (x.0, std::cmp::Reverse(x.1)) < (e.0, std::cmp::Reverse(e.1)))
        .unwrap_or(top.len());
    if at <= MAX_SOURCES {
        top.insert(at, e);
        top.truncate(MAX_SOURCES + 1);
    }
}

/// The lines in `w` that are not equipped or not ready, in line order.
pub fn shortfalls(s: &Snapshot, r: &Readiness, w: Within) -> Vec<Shortfall> {
    shortfalls_of(s, r, &lines_short(s, r, w))
}

/// The indices of the lines in `w` that are not equipped or not ready, in line order.
pub fn lines_short(s: &Snapshot, r: &Readiness, w: Within) -> Vec<usize> {
    (0..s.lines.len())
        .filter(|&i| {
            !r.lines[i].status(s.lines[i].required).ready_met() && within(s, s.lines[i].place, w)
        })
        .collect()
}

/// The shortfalls of `lines` (lines not met), in their order, each with the spare stock that
/// could cover it: only the kinds of stock these lines look for are gathered.
pub fn shortfalls_of(s: &Snapshot, r: &Readiness, lines: &[usize]) -> Vec<Shortfall> {
    if lines.is_empty() {
        return Vec::new();
    }
    let spare = spare_per_cell(s, r);
    let key_of = |i: usize| match s.lines[i].what {
        LineWhat::Item(it) => Key::Item(it),
        LineWhat::Category(c) => Key::Category(c),
    };
    let mut by_key: super::snapshot::FxMap<Key, Vec<u32>> = Default::default();
    for &i in lines {
        by_key.entry(key_of(i)).or_default();
    }
    // One pass over the cells with something to spare, each to the keys that count it.
    for (c, cell) in s.cells.iter().enumerate() {
        if spare[c] <= Decimal::ZERO {
            continue;
        }
        for key in [
            Key::Item(cell.item),
            Key::Category(s.item(cell.item).category),
        ] {
            if let Some(cells) = by_key.get_mut(&key) {
                cells.push(c as u32);
            }
        }
    }
    let mut order: Vec<u32> = (0..s.places.len() as u32).collect();
    order.sort_unstable_by_key(|p| std::cmp::Reverse(s.place(*p).depth));
    let mut tops_of: super::snapshot::FxMap<Key, Vec<Top>> = Default::default();
    let mut out = Vec::with_capacity(lines.len());
    for &i in lines {
        let key = key_of(i);
        let tops = tops_of.entry(key).or_insert_with(|| {
            let mut tops: Vec<Top> = vec![Vec::new(); s.places.len()];
            for &c in &by_key[&key] {
                push_top(
                    &mut tops[s.cells[c as usize].owner as usize],
                    (spare[c as usize], c),
                );
            }
            for &p in &order {
                if let Some(parent) = s.place(p).parent {
                    let mine = std::mem::take(&mut tops[p as usize]);
                    for e in &mine {
                        push_top(&mut tops[parent as usize], *e);
                    }
                    tops[p as usize] = mine;
                }
            }
            tops
        });
        out.push(shortfall(s, r, i, tops));
    }
    out
}

/// Line `i`'s shortfall, its sources taken from `tops` (the largest spares below each place
/// of the kind it looks for).
fn shortfall(s: &Snapshot, r: &Readiness, i: usize, tops: &[Top]) -> Shortfall {
    let l = &s.lines[i];
    let res = r.lines[i];
    let not_ready = l.required - res.ready;
    let mut sources: Vec<Source> = Vec::new();
    let mut covered = Decimal::ZERO;
    let mut at = Some(l.place);
    'up: while let Some(a) = at {
        for &(sp, c) in &tops[a as usize] {
            if covered >= not_ready || sources.len() >= MAX_SOURCES {
                break 'up;
            }
            let cell = s.cells[c as usize];
            if cell.owner == l.place
                || sources.iter().any(|x| {
                    x.place == cell.owner && x.item == cell.item && x.module == cell.module
                })
            {
                continue;
            }
            covered += sp;
            sources.push(Source {
                place: cell.owner,
                item: cell.item,
                module: cell.module,
                spare: sp,
                distance: distance(s, l.place, cell.owner),
            });
        }
        at = s.place(a).parent;
    }
    Shortfall {
        line: i,
        required: l.required,
        held: res.held,
        ready: res.ready,
        missing: (l.required - res.held).max(Decimal::ZERO),
        not_ready,
        sources,
    }
}

/// What each cell can spare (see the module documentation).
fn spare_per_cell(s: &Snapshot, r: &Readiness) -> Vec<Decimal> {
    let mut spare: Vec<Decimal> = r.cells.iter().map(|c| c.ready()).collect();
    for (p, _) in s.places.iter().enumerate() {
        for i in s.lines_of(p as u32) {
            let l = &s.lines[i];
            let slack = (r.lines[i].ready - l.required).max(Decimal::ZERO);
            for &c in s.cells_of(p as u32) {
                if s.counts_for(l, &s.cells[c as usize]) {
                    let sp = &mut spare[c as usize];
                    *sp = (*sp).min(slack);
                }
            }
        }
    }
    spare
}

/// Steps up from `a` and from `b` to their nearest common ancestor (or to the roots).
fn distance(s: &Snapshot, a: u32, b: u32) -> u32 {
    let (mut a, mut b) = (a, b);
    let (mut da, mut db) = (s.place(a).depth, s.place(b).depth);
    let mut steps = 0;
    while da > db {
        let Some(p) = s.place(a).parent else { break };
        a = p;
        da -= 1;
        steps += 1;
    }
    while db > da {
        let Some(p) = s.place(b).parent else { break };
        b = p;
        db -= 1;
        steps += 1;
    }
    while a != b {
        match (s.place(a).parent, s.place(b).parent) {
            (Some(pa), Some(pb)) => {
                a = pa;
                b = pb;
                steps += 2;
            }
            // Different trees: farther than anything within one.
            _ => return steps + 1000,
        }
    }
    steps
}
