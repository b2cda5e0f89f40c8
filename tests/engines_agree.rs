//! The same depot on both engines answers byte for byte the same (issue 13): the sample and
//! a day's work are written, with one clock, into a redb file and into a PostgreSQL database;
//! then every export, every report and the digest, in every text format and both languages,
//! is run by the `depot` program against each and compared. Skipped, with a line, where no
//! PostgreSQL test server runs (`tools/test.sh` starts one; CI requires it).
#![allow(clippy::unwrap_used)]

use std::process::Command;

use chrono::DateTime;
use depot_domain::Barcode;
use depot_service::store::{Access, Location, Store};
use depot_service::workflow::{self, CheckoutReq};
use depot_service::{Ctx, count, kit};
use depot_store_postgres::testing::TestDb;

use depot_testkit::register::*;

const AS_OF: &str = "2026-06-30";

/// The sample and some work on it, every write stamped by one fixed clock.
fn fill(store: &Store) {
    let at = DateTime::parse_from_rfc3339("2026-06-01T09:00:00+08:00").unwrap();
    let ctx = Ctx::fixed(OFFICER, at);
    let report = depot_service::import::files::import(
        store,
        &ctx,
        &depot_exchange::sample::sources(),
        depot_exchange::InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed(), "{:?}", report.problems);
    for a in ready_home_not_of("ZHAN-0102").iter().take(25) {
        workflow::checkout(
            store,
            &ctx,
            &Barcode::new(&a.barcode),
            &CheckoutReq {
                to: Some("ZHAN-0102".into()),
                due: Some(chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()),
                ..CheckoutReq::default()
            },
        )
        .unwrap();
    }
    kit::pack(store, &ctx, "KIT-A1", Some("CK-SJ"), None, None, None).unwrap();
    let id = count::open(store, &ctx, "CK-SJ", None).unwrap();
    let first = ready_home()
        .into_iter()
        .find(|a| a.owner == "CK-SJ")
        .unwrap();
    count::scan(store, &ctx, id, &Barcode::new(&first.barcode), None).unwrap();
}

fn run(db: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_depot"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("DEPOT_OPERATOR")
        .env_remove("DEPOT_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "depot {args:?} on {db}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn every_export_and_report_is_the_same_on_both_engines() {
    let Some(pg) = TestDb::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("depot.redb");
    let file = file.to_str().unwrap();
    for at in [file, pg.url.as_str()] {
        let store = depot_service::store::at(&Location::parse(at), Access::Create).unwrap();
        fill(&store);
    }

    let mut runs: Vec<Vec<String>> = Vec::new();
    for kind in [
        "inventory",
        "assets",
        "lots",
        "movements",
        "readiness",
        "replacements",
    ] {
        for extra in [&[][..], &["--excel"][..], &["--encoding", "gb18030"][..]] {
            let mut a = vec!["export", kind, "--out", "-", "--as-of", AS_OF];
            a.extend_from_slice(extra);
            runs.push(a.iter().map(|s| s.to_string()).collect());
        }
    }
    for kind in [
        "readiness",
        "targets",
        "shortfalls",
        "replacements",
        "inspections",
        "expiry",
        "rotation",
    ] {
        for format in ["table", "csv", "json"] {
            for lang in ["zh", "en"] {
                runs.push(
                    [
                        "--lang", lang, "report", kind, "--format", format, "--as-of", AS_OF,
                        "--width", "120",
                    ]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                );
            }
        }
    }
    // The digest: the check-outs past due read their issue from each engine's ledger.
    for format in ["table", "csv", "json", "html"] {
        for lang in ["zh", "en"] {
            runs.push(
                [
                    "--lang", lang, "digest", "--format", format, "--as-of", AS_OF, "--width",
                    "120",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            );
        }
    }
    for a in [
        &["audit"][..],
        &["operator", "list"][..],
        &["kit", "show", "KIT-A1"][..],
        &["--lang", "en", "verify"][..],
    ] {
        runs.push(a.iter().map(|s| s.to_string()).collect());
    }

    for (n, args) in runs.iter().enumerate() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // A CSV report is a folder of sections: each engine's, read back as one text.
        let outs = ["redb", "postgres"].map(|e| dir.path().join(format!("{e}-{n}")));
        let (a, b) = if args.contains(&"csv") {
            let dbs = [file, pg.url.as_str()];
            let mut both = dbs.iter().zip(&outs).map(|(db, out)| {
                let mut a = args.clone();
                a.extend(["--out", out.to_str().unwrap()]);
                run(db, &a);
                let mut files: Vec<_> = std::fs::read_dir(out)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .collect();
                files.sort();
                let mut all = Vec::new();
                for f in files {
                    all.extend(f.file_name().unwrap().as_encoded_bytes());
                    all.extend(b"\n");
                    all.extend(std::fs::read(f).unwrap());
                }
                all
            });
            (both.next().unwrap(), both.next().unwrap())
        } else {
            (run(file, &args), run(&pg.url, &args))
        };
        assert!(!a.is_empty(), "depot {args:?} printed nothing");
        assert!(
            a == b,
            "depot {args:?} differs between the engines:\n--- redb\n{}\n--- postgres\n{}",
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b)
        );
    }
    // The ledgers themselves: the same movements, numbers and hashes.
    let head = |at: &str| {
        depot_service::store::at(&Location::parse(at), Access::ReadOnly)
            .unwrap()
            .read()
            .unwrap()
            .ledger_head()
            .unwrap()
    };
    assert_eq!(head(file), head(&pg.url));
}

/// `init` on PostgreSQL says where it created the register without the password, and refuses
/// a database that already holds one, as it refuses an existing file.
#[test]
fn init_on_postgresql_hides_the_password_and_never_reuses_a_register() {
    let Some(pg) = TestDb::new() else {
        return;
    };
    let init = || {
        Command::new(env!("CARGO_BIN_EXE_depot"))
            .args(["--db", &pg.url, "--lang", "en", "init"])
            .env_remove("DEPOT_DB")
            .output()
            .unwrap()
    };
    let first = init();
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{said}");
    assert!(said.starts_with("created 127.0.0.1:"), "{said}");
    let password = pg
        .url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(auth, _)| auth.split_once(':'))
        .map(|(_, pw)| pw.to_owned())
        .unwrap();
    assert!(!said.contains(&format!(":{password}@")), "{said}");
    let second = init();
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success());
    assert!(err.contains("already holds a depot register"), "{err}");
    assert!(!err.contains(&format!(":{password}@")), "{err}");
}
