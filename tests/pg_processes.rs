//! Several depot processes writing one PostgreSQL register at once: this test runs copies of
//! its own binary as terminals, each scanning overlapping codes out and back in, and checks
//! that nothing was lost or doubled and the ledger is one chain. `DEPOT_PG_PROCESSES` and
//! `DEPOT_PG_SCANS` scale it (the figure: 8 × 2000).

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::process::Command;

use depot::domain::movement::{Action, NewMovement};
use depot::domain::{CatalogItem, Category, Stock, Tracking, Unit, UnitKind};
use depot::store::postgres::testing::TestDb;
use depot::store::postgres::{Mode, PgStore};
use depot::store::{StockView, StoreError};
use rust_decimal::Decimal;

const CODES: usize = 12;

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn scan(action: Action, barcode: &str, to: Option<&str>, operator: &str) -> NewMovement {
    NewMovement {
        at: chrono::Local::now().fixed_offset(),
        action,
        barcode: barcode.into(),
        item: "V1".into(),
        quantity: Decimal::ONE,
        from: None,
        to: to.map(Into::into),
        operator: operator.into(),
        reference: None,
        reason: None,
        changes: Vec::new(),
    }
}

/// One terminal: `scans` scans over the shared codes, each a check-out or a check-in as the
/// register has it. Prints how many of each it made.
fn terminal(url: &str, me: usize, scans: usize) {
    let s = PgStore::open(url, Mode::Existing).unwrap();
    let operator = format!("t{me}");
    let (mut outs, mut ins) = (0, 0);
    for i in 0..scans {
        let b = format!("C{}", (i * 7 + me) % CODES);
        let out = s
            .write(|w| -> Result<bool, depot::Error> {
                let out = !matches!(w.stock(&b)?, Some(Stock::Asset(a)) if a.location.is_some());
                let action = if out {
                    Action::Checkout
                } else {
                    Action::Checkin
                };
                w.apply(scan(action, &b, out.then_some("INC-1"), &operator))?;
                Ok(out)
            })
            .unwrap();
        if out {
            outs += 1;
        } else {
            ins += 1;
        }
    }
    println!("terminal {me}: {outs} out {ins} in");
}

#[test]
fn several_processes_scan_overlapping_codes_into_one_chain() {
    if let Ok(spec) = std::env::var("DEPOT_PG_TERMINAL") {
        // A child: this process is a terminal.
        let (me, rest) = spec.split_once(' ').unwrap();
        let (scans, url) = rest.split_once(' ').unwrap();
        terminal(url, me.parse().unwrap(), scans.parse().unwrap());
        return;
    }
    let Some(db) = TestDb::new() else { return };
    let (processes, scans) = (knob("DEPOT_PG_PROCESSES", 4), knob("DEPOT_PG_SCANS", 50));
    let s = PgStore::create(&db.url).unwrap();
    s.write(|w| -> Result<(), depot::Error> {
        w.put_unit(&Unit {
            code: "ZHAN-1".into(),
            name: "一站".into(),
            kind: UnitKind::Station,
            parent: None,
            class: None,
        })?;
        w.put_item(&CatalogItem {
            code: "V1".into(),
            name: "V1".into(),
            category: Category::Vehicle,
            tracking: Tracking::Serial,
            uom: "台".into(),
            life_years: None,
            inspect_days: None,
            high_end: false,
            unit_price: None,
        })?;
        for i in 0..CODES {
            w.apply(scan(
                Action::Receive,
                &format!("C{i}"),
                Some("ZHAN-1"),
                "setup",
            ))?;
        }
        Ok(())
    })
    .unwrap();
    let exe = std::env::current_exe().unwrap();
    let started: Vec<_> = (0..processes)
        .map(|me| {
            Command::new(&exe)
                .args([
                    "--exact",
                    "several_processes_scan_overlapping_codes_into_one_chain",
                    "--nocapture",
                ])
                .env("DEPOT_PG_TERMINAL", format!("{me} {scans} {}", db.url))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // All started before any is waited for: they run at once.
    let children: Vec<_> = started
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let mut made: HashMap<String, usize> = HashMap::new();
    for c in &children {
        let text = String::from_utf8_lossy(&c.stdout);
        assert!(
            c.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&c.stderr)
        );
        let line = text
            .lines()
            .find(|l| l.starts_with("terminal "))
            .unwrap_or_else(|| panic!("{text}"));
        let (who, _) = line.split_once(':').unwrap();
        made.insert(who.to_owned(), scans);
    }
    assert_eq!(made.len(), processes);
    let r = s.read().unwrap();
    let mut per_operator: HashMap<String, usize> = HashMap::new();
    let mut prev = (0, depot::domain::movement::GENESIS);
    r.for_each_movement(1, |m| -> Result<(), StoreError> {
        assert_eq!(
            (m.seq, m.prev_hash),
            (prev.0 + 1, prev.1),
            "one chain, no gap"
        );
        assert!(m.hash_is_valid());
        *per_operator.entry(m.body.operator.to_string()).or_default() += 1;
        prev = (m.seq, m.hash);
        Ok(())
    })
    .unwrap();
    assert_eq!(
        prev.0 as usize,
        CODES + processes * scans,
        "nothing lost or doubled"
    );
    for me in 0..processes {
        assert_eq!(per_operator[&format!("t{me}")], scans);
    }
    // Every code's history alternates out and in: no scan was applied twice or to a stale state.
    for i in 0..CODES {
        let h = r.history(&format!("C{i}")).unwrap();
        for pair in h[1..].windows(2) {
            assert_ne!(pair[0].body.action, pair[1].body.action, "C{i}");
        }
    }
}
