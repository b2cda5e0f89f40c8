//! What headquarters reads of its depots, on both engines (the headquarters database is the
//! engine under test; the depots are redb registers in memory): three depots built from
//! different data, several bundle rounds each with check-outs, inspections and write-offs
//! between them; each depot's consolidated readiness equals its own readiness export for the
//! same date, and its figures its own readiness report's; headquarters' targets judged per
//! depot; stale depots; and `hq verify`, which passes on what was ingested and names the
//! depot and seq of a held movement altered, and the file of a kept snapshot altered.
#![allow(clippy::unwrap_used)]

mod hq_support;

use hq_support::*;

use chrono::Duration;
use depot_exchange::bundle::DepotKey;
use depot_report::table::to_json;
use depot_report::words::Lang;
use depot_report::{Format, Output, ReportKind, ReportSpec};
use depot_service::export::Extract;
use depot_service::export::csv::{ExportKind, ExportOptions, export};
use depot_service::hq::report::{HqSpec, build};
use depot_service::hq::targets::Judged;
use depot_service::hq::verify::{Problem, verify};
use depot_service::hq::{self, IngestOptions};
use depot_service::readiness;
use depot_service::store::Store;
use depot_testkit::on_both_engines;
use depot_testkit::register::*;
use serde_json::Value;

fn spec(kind: ReportKind, depot: Option<&str>) -> HqSpec {
    HqSpec {
        kind,
        depot: depot.map(str::to_owned),
        today: last_day() + Duration::days(3),
        stale_days: 45,
    }
}

/// One section of a report as CSV, without its header.
fn csv_rows(report: &depot_report::table::Report, section: &str) -> Vec<String> {
    let out = depot_report::output::write(
        report,
        &Output {
            format: Format::Csv,
            section: Some(section.to_owned()),
            out: None,
            width: 200,
            excel: false,
        },
        Lang::En,
        ("hq", last_day()),
    )
    .unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

/// The held movement `seq` of `depot` with `reason` changed, its hashes kept.
fn tamper(hq: &Store, depot: &str, seq: u64) {
    let mut m = hq
        .read()
        .unwrap()
        .hq_movements(depot, seq, seq)
        .unwrap()
        .remove(0);
    m.reason = format!("{} (corrected)", m.reason);
    hq.write(|w| {
        w.tamper_hq_movement(depot, &m)
            .map_err(depot_service::Error::from)
    })
    .unwrap();
}

on_both_engines! {
    #[test]
    fn each_depots_consolidated_readiness_is_its_own_readiness_export_of_the_same_date() {
        let hq = new_store();
        let depots = three_depots();
        let _bundles = rounds(&hq, &depots);
        let on = last_day();
        let all = build(&hq, &spec(ReportKind::Readiness, None), Lang::En).unwrap();
        let json = to_json(&all);
        let rows = json["by_depot"].as_array().unwrap();
        assert_eq!(
            rows.iter().map(|r| r["depot"].as_str().unwrap()).collect::<Vec<_>>(),
            ["ZD-HB", "ZD-LS", "ZD-QZ"]
        );
        let mut rates = Vec::new();
        for d in &depots {
            // Row for row: the depot's lines at headquarters, and its own export.
            let lines = build(&hq, &spec(ReportKind::Readiness, Some(d.code)), Lang::En).unwrap();
            let mut own = Vec::new();
            let opts = ExportOptions { csv: Default::default(), as_of: on, since: 1 };
            export(&Extract::open(&d.store).unwrap(), ExportKind::Readiness, &opts, &mut own)
                .unwrap();
            let own: Vec<String> =
                String::from_utf8(own).unwrap().lines().skip(1).map(str::to_owned).collect();
            assert!(own.len() > 10, "{}: {} lines", d.code, own.len());
            assert_eq!(csv_rows(&lines, "readiness"), own, "{}", d.code);

            // The same figures as the depot's own readiness report of that date.
            let mine = to_json(
                &depot_report::build(
                    &readiness::load(&d.store).unwrap(),
                    &ReportSpec::new(ReportKind::Readiness, None, on),
                    Lang::En,
                )
                .unwrap(),
            );
            let row = rows.iter().find(|r| r["depot"] == d.code).unwrap();
            assert_eq!(row["as_of"], on.to_string());
            assert_eq!(row["state"], "current");
            for key in [
                "lines",
                "lines_equipped",
                "equipped_rate",
                "ready_coverage",
                "compliance_rate",
                "saturation",
            ] {
                assert_eq!(row[key], mine[key], "{} {key}", d.code);
                let one = to_json(&lines);
                assert_eq!(one[key], mine[key], "{} {key} (one depot)", d.code);
            }
            assert_eq!(
                row["lines_short"].as_u64().unwrap(),
                mine["lines"].as_u64().unwrap() - mine["lines_equipped"].as_u64().unwrap()
            );
            rates.push(row["equipped_rate"].clone());

            // Shortfalls by depot: the depot's own lines with held < required.
            let short = build(&hq, &spec(ReportKind::Shortfalls, Some(d.code)), Lang::En).unwrap();
            let short = to_json(&short);
            let short = short["shortfalls"].as_array().unwrap();
            assert_eq!(short.len() as u64, row["lines_short"].as_u64().unwrap(), "{}", d.code);
            assert!(short.iter().all(|s| s["depot"] == d.code
                && s["held"].as_f64().unwrap() < s["required"].as_f64().unwrap()));

            // Replacements by depot: the depot's own replacements export, piece for piece.
            let mut own = Vec::new();
            export(&Extract::open(&d.store).unwrap(), ExportKind::Replacements, &opts, &mut own)
                .unwrap();
            let own = String::from_utf8(own).unwrap().lines().count() - 1;
            let rep = build(&hq, &spec(ReportKind::Replacements, Some(d.code)), Lang::En).unwrap();
            let rep = to_json(&rep);
            assert_eq!(rep["rows"].as_array().unwrap().len(), own, "{}", d.code);
            assert_eq!(rep["pieces_with_life"].as_u64().unwrap() as usize, own);
            let by_year: u64 = rep["by_year"]
                .as_array()
                .unwrap()
                .iter()
                .map(|y| y["pieces"].as_u64().unwrap())
                .sum();
            assert_eq!(by_year as usize, own);
        }
        // Different data, different figures.
        assert_ne!(rates[0], rates[1]);
        assert_ne!(rates[1], rates[2]);

        // Every format and both languages of the same data.
        let zh = build(&hq, &spec(ReportKind::Readiness, None), Lang::Zh).unwrap();
        let mut table = Vec::new();
        depot_report::table::write_table(&zh, 200, &mut table).unwrap();
        let table = String::from_utf8(table).unwrap();
        assert!(table.contains("各库战备状态") && table.contains("ZD-LS"), "{table}");
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("hq.xlsx");
        depot_report::output::write(
            &all,
            &Output { format: Format::Xlsx, section: None, out: Some(xlsx.clone()), width: 80, excel: false },
            Lang::En,
            ("hq", on),
        )
        .unwrap();
        assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    }

    #[test]
    fn headquarters_targets_are_judged_per_depot_on_what_a_bundle_carries() {
        let hq = new_store();
        let depots = three_depots();
        let _bundles = rounds(&hq, &depots);
        import_files(
            &hq,
            &[
                (
                    "targets.csv",
                    "metric,scope,target,deadline,source\n\
                     equipped_rate,,100,2025-12-31,plan\n\
                     ready_rate,,90,2027-12-31,plan\n\
                     compliance_rate,unit:ZD-LS,50,2027-12-31,plan\n\
                     compliance_rate,unit:ZG-HQ,90,2027-12-31,plan\n",
                ),
                // Headquarters' own unit: a target for it is no depot's.
                (
                    "units.csv",
                    "code,name,kind,parent,class\nZG-HQ,某省消防救援总队,corps,,\n",
                ),
            ],
        );

        let judged = hq::targets::judge(&hq, None).unwrap();
        assert_eq!(judged.rows.len(), 3 + 3 + 1);
        assert_eq!(judged.elsewhere.len(), 1);
        for d in &depots {
            // The depot's own judgement of the same target on the same date.
            let own = readiness::targets(&readiness::load(&d.store).unwrap(), last_day());
            let own = own
                .iter()
                .find(|t| t.target.metric == depot_domain::Metric::EquippedRate
                    && t.target.scope == depot_domain::TargetScope::Everything)
                .unwrap();
            let at_hq = judged
                .rows
                .iter()
                .find(|t| t.depot == d.code && t.target.metric == depot_domain::Metric::EquippedRate)
                .unwrap();
            match &at_hq.judged {
                Judged::Figure { actual, status, gap, .. } => {
                    assert_eq!(*actual, own.actual, "{}", d.code);
                    assert_eq!(*status, own.status, "{}", d.code);
                    assert_eq!(*gap, own.gap, "{}", d.code);
                }
                other => panic!("{}: {other:?}", d.code),
            }
            // The ready rate: on the figures kept of the bundle, as the depot judges it.
            let own = readiness::targets(&readiness::load(&d.store).unwrap(), last_day());
            let own_ready = own
                .iter()
                .find(|t| t.target.metric == depot_domain::Metric::ReadyRate)
                .map(|t| t.actual);
            let ready = judged
                .rows
                .iter()
                .find(|t| t.depot == d.code && t.target.metric == depot_domain::Metric::ReadyRate)
                .unwrap();
            match &ready.judged {
                Judged::Figure { actual, .. } => {
                    if let Some(own_ready) = own_ready {
                        assert_eq!(*actual, own_ready, "{}", d.code);
                    }
                    assert!(actual.is_some(), "{}", d.code);
                }
                other => panic!("{}: {other:?}", d.code),
            }
        }
        let ls: Vec<_> = judged
            .rows
            .iter()
            .filter(|t| t.target.metric == depot_domain::Metric::ComplianceRate)
            .collect();
        assert_eq!(ls.len(), 1);
        assert_eq!(ls[0].depot, "ZD-LS");

        // As a report: the ready rate from the bundle's figures, judged.
        let r = to_json(&build(&hq, &spec(ReportKind::Targets, None), Lang::En).unwrap());
        let rows = r["targets"].as_array().unwrap();
        assert_eq!(rows.len(), 7);
        for row in rows.iter().filter(|r| r["metric"] == "ready_rate") {
            assert_ne!(row["actual"], Value::Null);
            assert_eq!(row["status"], "behind");
        }
        assert_eq!(r["not_available"], 0);
        assert!(r["notes"].to_string().contains("ZG-HQ"));
    }

    #[test]
    fn stale_lists_old_bundles_and_depots_without_one() {
        let hq = new_store();
        let depots = three_depots();
        let dir = tempfile::tempdir().unwrap();
        // ZD-QZ's last bundle was written on 1 May, ZD-LS's on 1 July; ZD-HB never sent one.
        for (d, on) in [(&depots[0], day(5, 1)), (&depots[1], day(7, 1))] {
            let out = dir.path().join(d.code);
            send(d, &out, on);
            hq::ingest(&hq, &ctx(OFFICER), &out, IngestOptions { trust_new: true }).unwrap();
        }
        hq::enrol(&hq, &ctx(OFFICER), "ZD-HB", Some("河滨市消防救援支队"), depots[2].key.public(), false)
            .unwrap();
        let stale = |days: i64| {
            let s = HqSpec { kind: ReportKind::Stale, depot: None, today: day(7, 10), stale_days: days };
            let r = to_json(&build(&hq, &s, Lang::En).unwrap());
            r["stale"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| (r["depot"].as_str().unwrap().to_owned(), r["age_days"].clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            stale(45),
            [("ZD-HB".to_owned(), Value::Null), ("ZD-QZ".to_owned(), Value::from(70))]
        );
        // ZD-LS's bundle is 9 days old: within 9 days, not within 8.
        assert_eq!(stale(9), stale(45));
        assert_eq!(
            stale(8),
            [
                ("ZD-HB".to_owned(), Value::Null),
                ("ZD-LS".to_owned(), Value::from(9)),
                ("ZD-QZ".to_owned(), Value::from(70)),
            ]
        );
        let r = to_json(&build(&hq, &HqSpec { kind: ReportKind::Stale, depot: None, today: day(7, 10), stale_days: 45 }, Lang::En).unwrap());
        let qz = &r["stale"][1];
        assert_eq!(qz["as_of"], "2026-05-01");
        assert_eq!(qz["created"], "2026-05-01T17:00:00+08:00");
        assert!(qz["ingested"].as_str().unwrap().len() >= 20);
    }

    #[test]
    fn reports_by_depot_need_a_headquarters_database() {
        let store = sample_store();
        let e = build(&store, &spec(ReportKind::Readiness, None), Lang::En).unwrap_err();
        let e = e.to_string();
        assert!(e.contains("headquarters") && e.contains("depot hq ingest"), "{e}");
        let e = build(&store, &spec(ReportKind::Stale, None), Lang::Zh).unwrap_err().to_string();
        assert!(e.contains("总部数据库"), "{e}");
    }

    #[test]
    fn hq_verify_passes_on_what_was_ingested_and_names_what_was_altered() {
        let hq = new_store();
        let depots = three_depots();
        let _bundles = rounds(&hq, &depots);
        let report = verify(&hq, None).unwrap();
        assert!(report.ok(), "{report:?}");
        assert_eq!(report.depots.len(), 3);
        for d in &report.depots {
            assert_eq!(d.bundles, ROUNDS.len(), "{}", d.depot);
            assert!(d.movements > 1000, "{} {}", d.depot, d.movements);
        }

        // A held movement's text altered: its depot and seq named.
        tamper(&hq, "ZD-LS", 7);
        let report = verify(&hq, None).unwrap();
        assert!(!report.ok());
        let ls = report.depots.iter().find(|d| d.depot == "ZD-LS").unwrap();
        assert_eq!(ls.problems, vec![Problem::Hash { seq: 7 }]);
        let line = ls.lines(false).join("\n");
        assert!(line.contains("depot ZD-LS, movement 7"), "{line}");
        assert!(ls.lines(true).join("\n").contains("库 ZD-LS，第 7 条流水"));
        assert!(report.depots.iter().filter(|d| d.depot != "ZD-LS").all(|d| d.ok()));
        assert!(verify(&hq, Some("ZD-QZ")).unwrap().ok());

        // A kept snapshot file altered: its file named.
        let r = hq.read().unwrap();
        let inv = r.hq_file("ZD-HB", "readiness.csv").unwrap().unwrap();
        drop(r);
        let mut altered = inv.clone();
        let at = altered.iter().position(|b| *b == b'\n').unwrap() + 1;
        altered.insert(at, b' ');
        hq.write(|w| w.put_hq_file("ZD-HB", "readiness.csv", &altered).map_err(depot_service::Error::from))
            .unwrap();
        let hb = verify(&hq, Some("ZD-HB")).unwrap();
        let hb = &hb.depots[0];
        assert_eq!(hb.problems, vec![Problem::File { name: "readiness.csv", missing: false }]);
        assert!(hb.lines(false)[0].contains("depot ZD-HB, readiness.csv"), "{:?}", hb.lines(false));

        let e = verify(&hq, Some("ZD-XX")).unwrap_err().to_string();
        assert!(e.contains("ZD-XX") && e.contains("ZD-QZ"), "{e}");
    }

    #[test]
    fn hq_verify_keeps_the_bundles_signed_before_a_key_was_replaced() {
        let hq = new_store();
        let mut depots = three_depots();
        depots.truncate(1);
        let _bundles = rounds(&hq, &depots);
        let d = &mut depots[0];
        // The depot makes a new key; headquarters enrols it before the next bundle arrives.
        let new = DepotKey::generate().unwrap();
        hq::enrol(&hq, &ctx(OFFICER), d.code, None, new.public(), true).unwrap();
        let report = verify(&hq, None).unwrap();
        assert!(report.ok(), "{report:?}");
        d.key = new;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("next");
        let on = day(8, 1);
        changes(d, 3, on);
        send(d, &out, on);
        hq::ingest(&hq, &ctx(OFFICER), &out, IngestOptions::default()).unwrap();
        let report = verify(&hq, None).unwrap();
        assert!(report.ok(), "{report:?}");
        assert_eq!(report.depots[0].bundles, 4);
    }
}
