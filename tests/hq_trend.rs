//! Headquarters' trend by depot (`depot report trend --by depot`), on both engines: three
//! depots send bundles on different dates, with check-outs, inspections and write-offs between
//! them; at each date of the trend each depot's figures are its own readiness report's on the
//! date of its last bundle sent by then, computed at the depot when it sent it; a date before a
//! depot's first bundle has none ("no bundle yet", empty, never 0); headquarters' targets are
//! judged at each date; both languages and every format; `report targets --by depot` judges
//! each depot on the same figures, on its latest bundle's date. On PostgreSQL, a register of schema
//! version 15 gets the figures' table when opened, and bundles ingested before it have no
//! figures kept but the latest's, counted again from the files kept.
#![allow(clippy::unwrap_used)]

mod hq_support;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use depot_domain::readiness::{Every, rate2};
use depot_domain::vocab::Vocabulary;
use depot_report::table::to_json;
use depot_report::words::Lang;
use depot_report::{Format, Output, ReportKind, ReportSpec};
use depot_service::hq::report::{HqSpec, TrendSpan, build as build_hq, build_trend};
use depot_service::hq::{self, IngestOptions};
use depot_service::readiness;
use depot_service::store::Store;
use depot_testkit::on_both_engines;
use depot_testkit::register::*;
use hq_support::*;
use rust_decimal::Decimal;
use serde_json::Value;

/// Who sends a bundle when: depot (its index in `three_depots`) and date.
const PLAN: [(usize, (u32, u32)); 6] = [
    (0, (5, 1)),
    (1, (5, 15)),
    (0, (6, 1)),
    (2, (6, 10)),
    (1, (6, 20)),
    (0, (7, 1)),
];

/// The figures the trend shows, as the depot's own readiness report names them.
const FIGURES: [&str; 8] = [
    "equipped_rate",
    "ready_rate",
    "ready_coverage",
    "compliance_rate",
    "saturation",
    "over_age",
    "pieces",
    "pieces_ready",
];

/// The depot's own readiness report as of `on` (JSON), computed at the depot.
fn own_figures(store: &Store, on: NaiveDate) -> Value {
    to_json(
        &depot_report::build(
            &readiness::load(store).unwrap(),
            &ReportSpec::new(ReportKind::Readiness, None, on),
            Lang::En,
        )
        .unwrap(),
    )
}

/// Sends and ingests the bundles of `PLAN`, with changes before each depot's later rounds;
/// returns each depot's own figures on each date it sent a bundle.
fn send_plan(hq: &Store, depots: &[Depot]) -> BTreeMap<(&'static str, NaiveDate), Value> {
    let dir = tempfile::tempdir().unwrap();
    let mut sent = [0usize; 3];
    let mut own = BTreeMap::new();
    for (i, (m, d)) in PLAN {
        let (depot, on) = (&depots[i], day(m, d));
        if sent[i] > 0 {
            changes(depot, sent[i], on);
        }
        let out = dir.path().join(format!("{}-{}", depot.code, sent[i]));
        send(depot, &out, on);
        hq::ingest(hq, &ctx(OFFICER), &out, IngestOptions { trust_new: true }).unwrap();
        own.insert((depot.code, on), own_figures(&depot.store, on));
        sent[i] += 1;
    }
    own
}

fn spec(depot: Option<&str>) -> HqSpec {
    HqSpec {
        kind: ReportKind::Trend,
        depot: depot.map(str::to_owned),
        today: day(7, 3),
        stale_days: 45,
    }
}

/// From 1 April to 1 July, a date a month.
fn span() -> TrendSpan {
    TrendSpan {
        from: day(4, 1),
        to: day(7, 1),
        every: Every::Month,
    }
}

fn write(
    report: &depot_report::table::Report,
    format: Format,
    section: Option<&str>,
    out: Option<std::path::PathBuf>,
    lang: Lang,
) -> String {
    let bytes = depot_report::output::write(
        report,
        &Output {
            format,
            section: section.map(str::to_owned),
            out,
            width: 250,
            excel: false,
        },
        lang,
        ("hq", day(7, 1)),
    )
    .unwrap();
    String::from_utf8(bytes).unwrap()
}

on_both_engines! {
    #[test]
    fn each_depot_at_each_date_has_the_figures_of_its_last_bundle_by_then() {
        let hq = new_store();
        let depots = three_depots();
        let own = send_plan(&hq, &depots);
        import_files(
            &hq,
            &[(
                "targets.csv",
                "metric,scope,target,deadline,source\n\
             equipped_rate,,100,2026-06-15,plan\n\
             ready_rate,unit:ZD-LS,90,2027-12-31,plan\n\
             high_end_share,,30,2027-12-31,plan\n",
            )],
        );
        let r = build_trend(&hq, &spec(None), span(), Lang::En).unwrap();
        let json = to_json(&r);
        let rows = json["by_depot"].as_array().unwrap();
        let dates = [day(4, 1), day(5, 1), day(6, 1), day(7, 1)];
        assert_eq!(rows.len(), 3 * dates.len());
        assert_eq!(json["bundles"], 6);
        assert_eq!(json["bundles_kept"], 6);
        let mut seen = 0;
        for (row, (code, on)) in rows.iter().zip(
            ["ZD-HB", "ZD-LS", "ZD-QZ"]
                .iter()
                .flat_map(|c| dates.iter().map(move |d| (*c, *d))),
        ) {
            assert_eq!(row["depot"], code);
            assert_eq!(row["on"], on.to_string());
            // The depot's last bundle sent on or before this date.
            let last = own
                .range((code, day(1, 1))..=(code, on))
                .next_back();
            match last {
                None => {
                    assert_eq!(row["state"], "no bundle yet", "{code} {on}");
                    assert_eq!(row["figures_of"], Value::Null);
                    for key in FIGURES {
                        assert_eq!(row[key], Value::Null, "{code} {on} {key}: never 0");
                    }
                }
                Some(((_, sent), mine)) => {
                    seen += 1;
                    assert_eq!(row["state"], "bundle", "{code} {on}");
                    assert_eq!(row["figures_of"], sent.to_string(), "{code} {on}");
                    for key in FIGURES {
                        assert_eq!(row[key], mine[key], "{code} {on} {key}");
                    }
                }
            }
        }
        assert_eq!(seen, 1 + 2 + 3);
        // The depots changed between their bundles, and differ from each other.
        let qz: Vec<&Value> = rows
            .iter()
            .filter(|r| r["depot"] == "ZD-QZ" && r["on"] != "2026-04-01")
            .map(|r| &r["pieces_ready"])
            .collect();
        assert!(qz[0] != qz[1] && qz[1] != qz[2], "{qz:?}");
        assert_ne!(rows[3]["equipped_rate"], rows[7]["equipped_rate"]);

        // Each reserve module's saturation at the dates with a bundle; none before.
        let modules = json["modules"].as_array().unwrap();
        assert!(!modules.is_empty());
        assert!(modules.iter().all(|m| m["on"] != "2026-04-01"));
        assert!(!modules.iter().any(|m| m["depot"] == "ZD-HB" && m["on"] != "2026-07-01"));

        // Targets: judged at each date on the figure then; the unit's only for that depot;
        // what a bundle does not carry, and a date without a bundle, have no figure.
        let targets = json["targets"].as_array().unwrap();
        let find = |code: &str, on: NaiveDate, metric: &str| {
            targets
                .iter()
                .find(|t| t["depot"] == code && t["on"] == on.to_string() && t["metric"] == metric)
                .cloned()
        };
        let t = find("ZD-QZ", day(6, 1), "equipped_rate").unwrap();
        let mine = &own[&("ZD-QZ", day(6, 1))];
        assert_eq!(t["actual"], mine["equipped_rate"]);
        let status = if mine["equipped_rate"] == 100.0 { "met" } else { "behind" };
        assert_eq!(t["status"], status);
        let t = find("ZD-QZ", day(7, 1), "equipped_rate").unwrap();
        if t["actual"] != 100.0 {
            assert_eq!(t["status"], "missed", "{t}");
        }
        let t = find("ZD-LS", day(6, 1), "ready_rate").unwrap();
        assert_eq!(t["actual"], own[&("ZD-LS", day(5, 15))]["ready_rate"]);
        assert!(find("ZD-QZ", day(6, 1), "ready_rate").is_none());
        let t = find("ZD-HB", day(6, 1), "equipped_rate").unwrap();
        assert_eq!((t["actual"].clone(), t["status"].clone()), (Value::Null, "no_bundle".into()));
        let t = find("ZD-HB", day(7, 1), "high_end_share").unwrap();
        assert_eq!((t["actual"].clone(), t["status"].clone()), (Value::Null, "not_available".into()));

        // One depot only.
        let one = to_json(&build_trend(&hq, &spec(Some("ZD-LS")), span(), Lang::En).unwrap());
        let one_rows = one["by_depot"].as_array().unwrap();
        assert_eq!(one_rows.len(), dates.len());
        assert_eq!(one_rows[..], rows[4..8]);
        assert_eq!(one["bundles"], 2);

        // By quarter: 1 April, 1 July.
        let q = TrendSpan { every: Every::Quarter, ..span() };
        let q = to_json(&build_trend(&hq, &spec(None), q, Lang::En).unwrap());
        assert_eq!(q["by_depot"].as_array().unwrap().len(), 3 * 2);
    }

    /// `report targets --by depot` judges each depot on the figures kept of its latest bundle,
    /// the same ones `report trend --by depot` shows on that bundle's date: the ready rate and
    /// the over-age count included, which a bundle's readiness.csv alone cannot give (its
    /// lines count a piece once per line naming it, and not at all when none does, so their
    /// ready/held is not the depot's ready rate).
    #[test]
    fn the_targets_report_judges_on_the_figures_the_trend_shows() {
        let hq = new_store();
        let depots = three_depots();
        let own = send_plan(&hq, &depots);
        import_files(
            &hq,
            &[(
                "targets.csv",
                "metric,scope,target,deadline,source\n\
                 equipped_rate,,100,2027-12-31,plan\n\
                 ready_rate,,90,2026-06-15,plan\n\
                 ready_coverage,,90,2027-12-31,plan\n\
                 compliance_rate,,50,2027-12-31,plan\n\
                 saturation,,100,2027-12-31,plan\n\
                 over_age,,0,2027-12-31,plan\n\
                 high_end_share,,30,2027-12-31,plan\n",
            )],
        );
        let judged = hq::targets::judge(&hq, None).unwrap();
        let by_depot = HqSpec { kind: ReportKind::Targets, ..spec(None) };
        let targets = to_json(&build_hq(&hq, &by_depot, Lang::En).unwrap());
        let rows = targets["targets"].as_array().unwrap();
        assert_eq!(rows.len(), 3 * 7);
        let mut lines_differ = false;
        for code in ["ZD-HB", "ZD-LS", "ZD-QZ"] {
            let (&(_, last), mine) =
                own.range((code, day(1, 1))..=(code, day(12, 31))).next_back().unwrap();
            // The trend by depot on the date of the depot's latest bundle.
            let at = TrendSpan { from: last, to: last, every: Every::Month };
            let trend = to_json(&build_trend(&hq, &spec(Some(code)), at, Lang::En).unwrap());
            let shown = trend["targets"].as_array().unwrap();
            let figures = &trend["by_depot"][0];
            assert_eq!(figures["figures_of"], last.to_string(), "{code}");
            let kept = hq::trend::trend(&hq, last, last, Every::Month, Some(code)).unwrap();
            let row_of = |metric: &str| {
                rows.iter().find(|r| r["depot"] == code && r["metric"] == metric).unwrap()
            };
            for metric in FIGURES[..6].iter().copied() {
                let row = row_of(metric);
                let then = shown.iter().find(|t| t["metric"] == metric).unwrap();
                assert_eq!(row["as_of"], last.to_string(), "{code} {metric}");
                assert_eq!(row["actual"], then["actual"], "{code} {metric}");
                assert_eq!(row["status"], then["status"], "{code} {metric}");
                assert_eq!(row["actual"], mine[metric], "{code} {metric}: the depot's own");
                assert_ne!(row["actual"], Value::Null, "{code} {metric}");
                // The same figure, unrounded.
                let m = depot_domain::Metric::from_word(metric).unwrap();
                let at_hq = judged
                    .rows
                    .iter()
                    .find(|t| t.depot == code && t.target.metric == m)
                    .unwrap();
                let in_trend =
                    kept.depots[0].targets[0].iter().find(|t| t.target.metric == m).unwrap();
                let hq::targets::Judged::Figure { actual, status, gap, .. } = &at_hq.judged else {
                    panic!("{code} {metric}: {:?}", at_hq.judged)
                };
                assert_eq!(
                    (*actual, Some(*status)),
                    (in_trend.actual, in_trend.status),
                    "{code} {metric}"
                );
                if metric == "ready_rate" {
                    // 90 % of the pieces held, less those ready: the pieces to make ready.
                    let hq::trend::At::Bundle(f) = &kept.depots[0].at[0] else {
                        panic!("{code}: {:?}", kept.depots[0].at[0])
                    };
                    let want = (90 * f.pieces).div_ceil(100).saturating_sub(f.pieces_ready);
                    assert_eq!(*gap, want, "{code}: pieces to make ready");
                    // The lines' own ready/held, which headquarters does not judge on.
                    let lines = hq::figures::depot_lines(&hq, code).unwrap();
                    let held: Decimal = lines.iter().map(|l| l.held).sum();
                    let ready: Decimal = lines.iter().map(|l| l.ready).sum();
                    let from_lines = rate2(ready * Decimal::ONE_HUNDRED / held);
                    let from_lines: f64 = from_lines.to_string().parse().unwrap();
                    lines_differ |= mine["ready_rate"] != from_lines;
                }
                if metric == "over_age" {
                    assert_eq!(row["gap_unit"], "over-age pieces too many", "{row}");
                }
            }
            let he = row_of("high_end_share");
            assert_eq!(he["actual"], Value::Null);
            assert_eq!(he["status"], "not_available");
        }
        assert!(lines_differ, "the lines' ready/held would have been another figure");
        assert_eq!(targets["not_available"], 3);
    }

    #[test]
    fn the_trend_by_depot_in_both_languages_and_every_format() {
        let hq = new_store();
        let depots = three_depots();
        send_plan(&hq, &depots);
        let zh = build_trend(&hq, &spec(None), span(), Lang::Zh).unwrap();
        let table = write(&zh, Format::Table, None, None, Lang::Zh);
        for words in ["各库战备状态变化趋势", "尚无数据包", "数据来源", "数据包", "ZD-HB", "每个数据包一个点"] {
            assert!(table.contains(words), "{words}: {table}");
        }
        let en = build_trend(&hq, &spec(None), span(), Lang::En).unwrap();
        let table = write(&en, Format::Table, None, None, Lang::En);
        for words in ["Readiness over time by depot", "no bundle yet", "figures of", "one point per"] {
            assert!(table.contains(words), "{words}: {table}");
        }
        let csv = write(&zh, Format::Csv, Some("by_depot"), None, Lang::Zh);
        let mut lines = csv.lines();
        assert!(lines.next().unwrap().contains("数据来源"), "{csv}");
        assert_eq!(lines.count(), 12);
        let dir = tempfile::tempdir().unwrap();
        write(&en, Format::Csv, None, Some(dir.path().join("csv")), Lang::En);
        for s in ["by_depot", "modules", "targets"] {
            assert!(dir.path().join("csv").join(format!("{s}.csv")).exists(), "{s}");
        }
        let xlsx = dir.path().join("trend.xlsx");
        write(&en, Format::Xlsx, None, Some(xlsx.clone()), Lang::En);
        assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    }
}

/// A register of schema version 15 gets `hq_figures` when its owner opens it: the bundles
/// ingested before have no figures kept ("not kept", never 0) but the latest, counted again
/// from the files kept, the same as when ingested, until the next bundle (whose are kept)
/// replaces those files.
#[test]
fn a_version_15_register_gets_the_bundles_figures() {
    let Some(db) = depot_store_postgres::testing::TestDb::new() else {
        return;
    };
    let at = depot_service::store::Location::Server(db.url.clone());
    let open = |access| depot_service::store::at(&at, access).unwrap();
    let depots = three_depots();
    let qz = &depots[0];
    let dir = tempfile::tempdir().unwrap();
    let hq = open(depot_service::store::Access::Create);
    let mut sent = 0;
    let mut round = |hq: &Store, on: NaiveDate| {
        if sent > 0 {
            changes(qz, sent, on);
        }
        let out = dir.path().join(format!("{sent}"));
        send(qz, &out, on);
        hq::ingest(hq, &ctx(OFFICER), &out, IngestOptions { trust_new: true }).unwrap();
        sent += 1;
    };
    round(&hq, day(5, 1));
    round(&hq, day(6, 1));
    let rows = |hq: &Store| {
        let json = to_json(&build_trend(hq, &spec(None), span(), Lang::En).unwrap());
        (
            json["by_depot"].as_array().unwrap().clone(),
            json["bundles_kept"].clone(),
        )
    };
    let (before, kept) = rows(&hq);
    assert_eq!(kept, 2);
    drop(hq);
    db.admin()
        .batch_execute("DROP TABLE depot.hq_figures; UPDATE depot.schema_version SET version = 15")
        .unwrap();
    let hq = open(depot_service::store::Access::Existing);
    let v: i32 = db
        .admin()
        .query_one("SELECT version FROM depot.schema_version", &[])
        .unwrap()
        .get(0);
    assert_eq!(v as u32, depot_store_postgres::SCHEMA_VERSION);
    let (after, kept) = rows(&hq);
    assert_eq!(kept, 1, "the latest bundle's, from the files kept");
    // 1 April: no bundle; 1 May: that bundle's figures were not kept; 1 June and 1 July: the
    // latest bundle's, as when it was ingested.
    assert_eq!(after[0]["state"], "no bundle yet");
    assert_eq!(after[1]["state"], "not kept");
    assert_eq!(after[1]["figures_of"], "2026-05-01");
    for key in FIGURES {
        assert_eq!(after[1][key], Value::Null, "{key}: never 0");
    }
    assert_eq!(after[2..], before[2..]);
    // The next bundle's figures are kept; the one before it was counted from the files kept,
    // which this one replaced: its figures are not kept either now.
    round(&hq, day(7, 1));
    let (now, kept) = rows(&hq);
    assert_eq!(kept, 1);
    assert_eq!(now[2]["state"], "not kept");
    assert_eq!(now[3]["state"], "bundle");
    assert_eq!(now[3]["figures_of"], "2026-07-01");
}
