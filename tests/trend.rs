//! Readiness over time (`depot report trend`) on both engines: the sample register imported on
//! one day and a piece written off on a later one; the figures at each date come from the
//! ledger, the last date's equal the readiness of the stored stock, and the report reads in
//! both languages.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate};
use depot_domain::Lang;
use depot_domain::readiness::{self, Every};
use depot_service::trend::{TrendSpec, trend};
use depot_service::{Ctx, readiness as svc, workflow};

use depot_testkit::on_both_engines;
use depot_testkit::register::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> Ctx {
    Ctx::fixed(OFFICER, DateTime::parse_from_rfc3339(s).unwrap())
}

/// The sample imported on 2026-01-10, its first ready vehicle written off on 2026-03-15.
fn dated_sample() -> (depot_service::store::Store, String) {
    let store = new_store();
    let report = depot_service::import::files::import(
        &store,
        &at("2026-01-10T09:00:00+08:00"),
        &depot_exchange::sample::sources(),
        depot_exchange::InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed(), "{:?}", report.problems);
    let gone = assets()
        .into_iter()
        .find(|a| a.status.is_empty() || a.status == "ready")
        .unwrap()
        .barcode;
    workflow::writeoff(
        &store,
        &at("2026-03-15T10:00:00+08:00"),
        &b(&gone),
        "beyond repair",
        None,
    )
    .unwrap();
    (store, gone)
}

fn spec(scope: Option<&str>) -> TrendSpec {
    TrendSpec {
        from: d("2025-12-01"),
        to: d("2026-05-01"),
        every: Every::Month,
        scope: scope.map(Into::into),
    }
}

/// The trend numbers the ledger's barcodes by the ledger's links. A link that leads to
/// another barcode's movement (a damaged file; `depot verify` names it) is found, and the
/// ledger is numbered by its barcodes instead: the figures are the ledger's all the same.
#[test]
fn a_broken_link_is_read_past() {
    let (store, _) = dated_sample();
    let before = trend(&store, &spec(None)).unwrap();
    // The write-off, the last movement, linked to the first movement of the register.
    let (head, _) = store.read().unwrap().ledger_head().unwrap();
    depot_store_redb::testing::relink(store.engine().unwrap(), head, 1);
    let v = depot_service::verify::verify(&store).unwrap();
    assert_eq!(
        v.problem.map(|(seq, _)| seq),
        Some(head),
        "verify names the link"
    );
    let after = trend(&store, &spec(None)).unwrap();
    assert_eq!(after.points, before.points);
    assert_eq!(after.movements, before.movements);
    // Replayed once more, not computed date by date.
    assert!(!after.each_date_alone);
}

on_both_engines! {
#[test]
fn the_figures_follow_the_ledger_and_end_at_the_stored_stock() {
    let (store, _) = dated_sample();
    let run = trend(&store, &spec(None)).unwrap();
    assert!(!run.each_date_alone);
    let on: Vec<NaiveDate> = run.points.iter().map(|p| p.on).collect();
    assert_eq!(on, readiness::dates(d("2025-12-01"), d("2026-05-01"), Every::Month));
    let f = |i: usize| run.points[i].figures.clone().unwrap();
    // Before the import the register was not kept in depot: no figures, no target judged
    // (its rates are not zero: nothing was measured); after it, the sample's pieces.
    for p in &run.points[..2] {
        assert_eq!((&p.figures, p.modules.len(), p.targets.len()), (&None, 0, 0), "{}", p.on);
    }
    assert!(f(2).stock.pieces > 3000 && f(2).stock.lots > 0, "{:?}", f(2).stock);
    assert!(!run.points[2].modules.is_empty());
    // The write-off of March: one piece fewer from April on.
    assert_eq!(f(3).stock.pieces, f(2).stock.pieces);
    assert_eq!(f(4).stock.pieces + 1, f(3).stock.pieces);
    // The last date: what the stored stock gives for it.
    let s = svc::load(&store).unwrap();
    let now = svc::readiness(&s, d("2026-05-01"), 0);
    assert_eq!(f(5), now.everything);
    assert_eq!(run.points[5].targets, svc::targets(&s, d("2026-05-01")));
}

#[test]
fn a_scope_counts_its_own_and_an_unknown_one_is_refused() {
    let (store, _) = dated_sample();
    let s = svc::load(&store).unwrap();
    let w = s.places.iter().find(|p| p.kind == readiness::PlaceKind::Warehouse).unwrap().code.clone();
    let run = trend(&store, &spec(Some(&w))).unwrap();
    assert_eq!(run.scope.as_ref().unwrap().0, w);
    let now = svc::readiness(&s, d("2026-05-01"), 0);
    let id = s.place_id(&w).unwrap();
    assert_eq!(run.points[5].figures.clone().unwrap(), *now.figures(readiness::Within::Place(id)));
    let e = trend(&store, &spec(Some("NO-SUCH"))).unwrap_err();
    assert!(e.to_string().contains("NO-SUCH") || format!("{e:?}").contains("NO-SUCH"), "{e:?}");
}

#[test]
fn a_movement_recorded_after_a_later_one_is_counted_from_its_own_day() {
    let (store, gone) = dated_sample();
    let before = trend(&store, &spec(None)).unwrap();
    // A terminal whose clock ran behind: recorded after the write-off of March 15, dated
    // February 20, when the figures of March 1 were taken already.
    let late = assets()
        .into_iter()
        .find(|a| a.barcode != gone && (a.status.is_empty() || a.status == "ready"))
        .unwrap()
        .barcode;
    workflow::writeoff(&store, &at("2026-02-20T10:00:00+08:00"), &b(&late), "lost", None).unwrap();
    let run = trend(&store, &spec(None)).unwrap();
    assert!(run.each_date_alone);
    assert_eq!(run.movements, before.movements + 1);
    let pieces = |r: &depot_service::trend::TrendRun, i: usize| {
        r.points[i].figures.clone().unwrap().stock.pieces
    };
    assert_eq!(pieces(&run, 2), pieces(&before, 2));
    assert_eq!(pieces(&run, 3) + 1, pieces(&before, 3));
    assert_eq!(pieces(&run, 4) + 1, pieces(&before, 4));
}

#[test]
fn the_report_reads_in_both_languages() {
    let (store, _) = dated_sample();
    let run = trend(&store, &spec(None)).unwrap();
    let head = depot_report::trend::TrendHead {
        from: d("2025-12-01"),
        to: d("2026-05-01"),
        every: Every::Month,
        scope: None,
        movements: run.movements,
        each_date_alone: run.each_date_alone,
    };
    for (lang, title, col) in [
        (Lang::En, "Readiness over time", "as of"),
        (Lang::Zh, "战备状态变化趋势", "截至"),
    ] {
        let r = depot_report::trend::trend(&head, &run.points, lang);
        let mut out = Vec::new();
        depot_report::table::write_table(&r, 200, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(title) && text.contains(col), "{text}");
        assert!(text.contains("2026-04-01"), "{text}");
        let json = depot_report::table::to_json(&r);
        assert_eq!(json["dates"].as_array().map(Vec::len), Some(6), "{json}");
    }
}
}
