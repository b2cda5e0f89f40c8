//! Shortfalls: the lines of a scope that are not met, what is missing, and where spare stock
//! of the same kind sits that a transfer could bring.
//!
//! Spare stock of an item at a place is its ready stock there that the place can give up
//! without any of its own lines falling below required in ready terms: the ready quantity of
//! the (item, module) cell, capped by the slack (ready − required) of every line of the place
//! that counts that cell. This is conservative: a place with an item line and a category line
//! for the same item keeps enough for both. Sources are listed nearest first in the hierarchy
//! (fewest steps up and down), and only as many as cover the gap.

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

/// The lines in `w` that are not equipped or not ready, in line order.
pub fn shortfalls(s: &Snapshot, r: &Readiness, w: Within) -> Vec<Shortfall> {
    let spare = spare_per_cell(s, r);
    // Cells with spare stock by item.
    let mut by_item: Vec<Vec<u32>> = vec![Vec::new(); s.items.len()];
    for (c, sp) in spare.iter().enumerate() {
        if *sp > Decimal::ZERO {
            by_item[s.cells[c].item as usize].push(c as u32);
        }
    }
    let mut out = Vec::new();
    for (i, l) in s.lines.iter().enumerate() {
        let res = r.lines[i];
        if res.ready >= l.required || !within(s, l.place, w) {
            continue;
        }
        let missing = (l.required - res.held).max(Decimal::ZERO);
        let not_ready = l.required - res.ready;
        let mut cands: Vec<Source> = Vec::new();
        let mut consider = |item: u32| {
            for &c in &by_item[item as usize] {
                let cell = s.cells[c as usize];
                if cell.owner == l.place {
                    continue;
                }
                cands.push(Source {
                    place: cell.owner,
                    item,
                    module: cell.module,
                    spare: spare[c as usize],
                    distance: distance(s, l.place, cell.owner),
                });
            }
        };
        match l.what {
            LineWhat::Item(it) => consider(it),
            LineWhat::Category(cat) => {
                for (it, item) in s.items.iter().enumerate() {
                    if item.category == cat {
                        consider(it as u32);
                    }
                }
            }
        }
        cands.sort_by(|a, b| {
            (a.distance, std::cmp::Reverse(a.spare), a.place, a.item).cmp(&(
                b.distance,
                std::cmp::Reverse(b.spare),
                b.place,
                b.item,
            ))
        });
        let mut covered = Decimal::ZERO;
        let mut sources = Vec::new();
        for c in cands {
            if covered >= not_ready || sources.len() >= MAX_SOURCES {
                break;
            }
            covered += c.spare;
            sources.push(c);
        }
        out.push(Shortfall {
            line: i,
            required: l.required,
            held: res.held,
            ready: res.ready,
            missing,
            not_ready,
            sources,
        });
    }
    out
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
