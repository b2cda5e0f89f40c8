//! The rates of `EXCHANGE.md` version 2 on random registers: the engine's headline figures
//! equal a direct computation of the formulas, and the units tree's marks, the shortfall list,
//! `readiness.csv` and the dashboard's gauges agree line for line (finding 3 of issue 11).

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rust_decimal::Decimal;

use depot_domain::AssetStatus;
use depot_domain::readiness::testing::{d, dn, line, register};
use depot_domain::readiness::*;

const PLACES: [&str; 6] = ["ZD", "DD", "S1", "S2", "S3", "CK"];
const ITEMS: [&str; 3] = ["V1", "V2", "P1"];
const STATUS: [AssetStatus; 4] = [
    AssetStatus::Ready,
    AssetStatus::Maintenance,
    AssetStatus::OutOfService,
    AssetStatus::Retired,
];

fn close(a: Option<Decimal>, b: Option<Decimal>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < Decimal::new(1, 8),
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn headline_rates_are_the_version_2_formulas(
        lines in prop::collection::vec((0usize..4, 0usize..4, 1u32..6), 0..10),
        assets in prop::collection::vec((0usize..6, 0usize..3, 0usize..4, any::<bool>(), 0u32..3), 0..40),
        lots in prop::collection::vec((0usize..6, 1u32..2000, any::<bool>()), 0..6),
    ) {
        let scopes = ["unit:S1", "unit:S2", "class:level1", "warehouse:CK"];
        let whats = ["V1", "P1", "A1", "category:vehicle"];
        let mut seen = std::collections::HashSet::new();
        let std_lines: Vec<_> = lines
            .iter()
            .filter(|(s, w, _)| seen.insert((*s, *w)))
            .map(|(s, w, n)| line(scopes[*s], None, whats[*w], &n.to_string()))
            .collect();
        let mut b = register(std_lines);
        for (i, (p, it, st, inspected, age)) in assets.iter().enumerate() {
            let commissioned = [dn("2020-01-01"), dn("2005-01-01"), None][*age as usize];
            b.asset(
                &format!("a{i}"), ITEMS[*it], PLACES[*p], None, None, STATUS[*st],
                commissioned, if *inspected { dn("2026-06-01") } else { None }, None,
            );
        }
        for (i, (p, q, expired)) in lots.iter().enumerate() {
            let exp = if *expired { dn("2026-01-01") } else { None };
            b.lot(&format!("l{i}"), "A1", PLACES[*p], None, Decimal::new(i64::from(*q), 1), exp);
        }
        let s = b.finish();
        let on = d("2026-11-23");
        let r = evaluate(&s, on, 0);

        // Directly: every line of every place, and every asset.
        let n = s.lines.len();
        let (mut eq, mut rc, mut compliant) = (Decimal::ZERO, Decimal::ZERO, 0u32);
        let mut places_with = std::collections::BTreeMap::<u32, bool>::new();
        for (l, x) in s.lines.iter().zip(&r.lines) {
            let direct = line_stock(&s, &r.cells, l);
            prop_assert_eq!(direct, *x);
            eq += (x.held / l.required).min(Decimal::ONE);
            rc += (x.ready / l.required).min(Decimal::ONE);
            *places_with.entry(l.place).or_insert(true) &= x.held >= l.required;
        }
        compliant += places_with.values().filter(|ok| **ok).count() as u32;
        let mean = |sum: Decimal| (n > 0).then(|| sum * Decimal::ONE_HUNDRED / Decimal::from(n as u64));
        let all = &r.everything;
        prop_assert!(close(all.equipped_rate(), mean(eq)));
        prop_assert!(close(all.ready_coverage(), mean(rc)));
        prop_assert_eq!(
            all.compliance_rate(),
            percent(Decimal::from(compliant), Decimal::from(places_with.len() as u64))
        );
        let day = depot_domain::stock::day_number(on);
        let (mut held, mut ready) = (0u64, 0u64);
        for a in &s.assets {
            if a.status == AssetStatus::Retired {
                continue;
            }
            held += 1;
            let item = s.item(s.cells[a.cell as usize].item);
            let over = day >= a.over_age_from;
            let overdue = item.inspect_days.is_some_and(|k| {
                a.last_inspected.is_none_or(|li| day - li > k as i32)
            });
            ready += u64::from(a.status == AssetStatus::Ready && !a.checked_out && !over && !overdue);
        }
        prop_assert_eq!(all.ready_rate(), percent(Decimal::from(ready), Decimal::from(held)));

        // The shortfall list is exactly the lines the units tree does not mark met.
        let listed: Vec<usize> = shortfalls(&s, &r, Within::Everything).iter().map(|f| f.line).collect();
        let not_met: Vec<usize> = (0..n)
            .filter(|&i| r.lines[i].status(s.lines[i].required) != LineStatus::Met)
            .collect();
        prop_assert_eq!(&listed, &not_met);
        prop_assert_eq!(all.lines.equipped as usize, (0..n).filter(|&i| r.lines[i].status(s.lines[i].required).equipped()).count());

        // The dashboard's gauges are these figures.
        let gauges: Vec<Option<Decimal>> =
            crate::screens::dashboard::headline_rates(all).iter().map(|g| g.2).collect();
        prop_assert!(close(gauges[0], mean(eq)));
        prop_assert_eq!(gauges[1], percent(Decimal::from(ready), Decimal::from(held)));
        prop_assert_eq!(gauges[2], all.compliance_rate());

        // readiness.csv, line for line: the units tree's mark of each line of each place, the
        // shortfall list (every row not both equipped and ready), and the dashboard's rates
        // computed back from its rows.
        let mut bytes = Vec::new();
        depot_service::export::readiness::readiness_rows(&s, &r, Default::default(), &mut bytes).unwrap();
        let mut rd = csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<csv::StringRecord> = rd.records().map(|x| x.unwrap()).collect();
        prop_assert_eq!(rows.len(), n);
        let mut tree = Vec::new();
        for p in 0..s.places.len() as u32 {
            tree.extend(crate::screens::readiness::tree_lines(&s, &r, p));
        }
        tree.sort_by_key(|t| t.0);
        prop_assert_eq!(tree.len(), n);
        let (mut eq_csv, mut rc_csv) = (Decimal::ZERO, Decimal::ZERO);
        let mut by_place = std::collections::BTreeMap::<String, bool>::new();
        let mut short_csv = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let num = |k: usize| row[k].parse::<Decimal>().unwrap();
            let (required, held, ready) = (num(4), num(5), num(6));
            let (equipped, ready_met) = (&row[7] == "yes", &row[8] == "yes");
            prop_assert_eq!(&row[0], s.place(s.lines[i].place).code.as_str());
            prop_assert_eq!(tree[i].0, i);
            prop_assert_eq!(tree[i].1.equipped(), equipped, "line {}", i);
            prop_assert_eq!(tree[i].1.ready_met(), ready_met, "line {}", i);
            prop_assert_eq!(equipped, held >= required);
            prop_assert_eq!(ready_met, equipped && ready >= required);
            if !ready_met {
                short_csv.push(i);
            }
            eq_csv += (held / required).min(Decimal::ONE);
            rc_csv += (ready / required).min(Decimal::ONE);
            *by_place.entry(row[0].to_owned()).or_insert(true) &= equipped;
        }
        prop_assert_eq!(&short_csv, &listed);
        prop_assert!(close(gauges[0], mean(eq_csv)));
        prop_assert!(close(all.ready_coverage(), mean(rc_csv)));
        let compliant_csv = by_place.values().filter(|ok| **ok).count() as u64;
        prop_assert_eq!(
            gauges[2],
            percent(Decimal::from(compliant_csv), Decimal::from(by_place.len() as u64))
        );
    }
}
