//! Numbering of places, items, modules, locations and cells when stock comes in passes:
//! against a plain numbering row by row, with codes short and long, on either side of the
//! 16-byte codes that a pass reads as words, and split between passes at every row.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use super::testing::{dn, register};
use super::*;
use crate::AssetStatus;

/// Codes that differ only in their length, their middle or their last byte, across 16 bytes.
fn codes() -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for n in 1..=20 {
        out.push("Z".repeat(n));
        out.push(format!("{}1", "Z".repeat(n - 1)));
        out.push(format!("{}站{}", "Z".repeat(n / 2), "Z".repeat(n - n / 2)));
        out.push(format!("1{}", "Z".repeat(n - 1)));
    }
    out.push("S1".into());
    out.push("CK".into());
    out
}

/// Rows of (barcode, owner, item, module, location): every code as an owner, a few as items
/// and modules, repeats at random.
fn rows() -> Vec<(String, String, String, String, Option<String>)> {
    let codes = codes();
    let items = [
        "V1",
        "P1",
        "an item code of thirty bytes..",
        "ZZZZZZZZ",
        "ZZZZZZZZZ",
    ];
    let mut seed = 7u64;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize % n
    };
    (0..600)
        .map(|i| {
            let owner = codes[next(codes.len())].clone();
            let item = items[next(items.len())].to_owned();
            let module = codes[next(8) * 9].clone();
            let location = (next(3) == 0).then(|| codes[next(codes.len())].clone());
            (format!("b{i:04}"), owner, item, module, location)
        })
        .collect()
}

/// Each snapshot id as first met row by row.
fn first_met(all: impl Iterator<Item = String>) -> HashMap<String, usize> {
    let mut ids = HashMap::new();
    for c in all {
        let n = ids.len();
        ids.entry(c).or_insert(n);
    }
    ids
}

fn add(p: &mut StockPass, r: &(String, String, String, String, Option<String>)) {
    let module = Some(r.3.as_bytes()).filter(|m| !m.is_empty());
    p.asset(
        &r.0,
        r.2.as_bytes(),
        r.1.as_bytes(),
        r.4.as_ref().map(|l| l.as_bytes()),
        module,
        AssetStatus::Ready,
        dn("2020-01-01"),
        None,
        None,
    )
    .unwrap();
}

#[test]
fn passes_number_cells_as_row_by_row() {
    let rows = rows();
    // The snapshot's cells and locations, numbered here as first met.
    let cells = first_met(
        rows.iter()
            .map(|r| format!("{}\u{1}{}\u{1}{}", r.1, r.2, r.3)),
    );
    let locations = first_met(
        rows.iter()
            .filter(|r| r.4.as_ref().is_some_and(|l| *l != r.1))
            .filter_map(|r| r.4.clone()),
    );
    let mut one = None;
    for split in [0, 1, 2, 17, 299, 599, 600] {
        let mut b = register(vec![]);
        let mut front = b.pass(Order::Ascending);
        let mut back = b.pass(Order::Descending);
        rows[..split].iter().for_each(|r| add(&mut front, r));
        rows[split..].iter().rev().for_each(|r| add(&mut back, r));
        b.take(front);
        b.take(back);
        let s = b.finish();
        assert_eq!(s.cells.len(), cells.len());
        assert_eq!(s.locations.len(), locations.len());
        for (i, r) in rows.iter().enumerate() {
            let a = &s.assets[i];
            let c = s.cells[a.cell as usize];
            assert_eq!(s.asset_barcode(i), r.0);
            let codes = (s.place(c.owner).code.as_str(), s.item(c.item).code.as_str());
            assert_eq!(
                codes,
                (r.1.as_str(), r.2.as_str()),
                "row {i}, split {split}"
            );
            assert_eq!(s.module(c.module), r.3, "row {i}, split {split}");
            let key = format!("{}\u{1}{}\u{1}{}", r.1, r.2, r.3);
            assert_eq!(a.cell as usize, cells[&key], "row {i}, split {split}");
            match &r.4 {
                Some(l) if *l != r.1 => assert_eq!(a.location as usize, locations[l]),
                _ => assert_eq!(a.location, NO_PLACE),
            }
        }
        let shown = format!("{:?}{:?}{:?}", s.places, s.items, s.modules);
        assert_eq!(one.get_or_insert(shown.clone()), &shown, "split {split}");
    }
}
