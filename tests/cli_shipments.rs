//! Shipments between depots from outside, on both engines: two depots enrol each other's keys,
//! one ships four pieces, the other counts them (one missing, one unexpected) and sends its
//! receipt back, which closes the shipment; a shipment received twice, one from a depot not
//! enrolled and a receipt taken twice are refused in English and in Chinese.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use depot_store_postgres::testing::TestDb;
use depot_testkit::cli::Env;
use depot_testkit::register::{ready_home, sample_dir};
use predicates::prelude::*;

const OFFICER: &str = "officer";

fn on(env: &Env, db: &str, lang: &str) -> Command {
    let mut c = env.against(Path::new(db));
    c.env("LANG", "C")
        .env_remove("DEPOT_KEY")
        .args(["--operator", OFFICER, "--lang", lang]);
    c
}

fn out(env: &Env, db: &str, args: &[&str]) -> String {
    let o = on(env, db, "en").args(args).assert().success();
    String::from_utf8(o.get_output().stdout.clone()).unwrap()
}

fn refused(env: &Env, db: &str, args: &[&str], en: &str, zh: &str) {
    for (lang, said) in [("en", en), ("zh", zh)] {
        on(env, db, lang)
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(said));
    }
}

/// The public key `key show` prints for `key`.
fn public(env: &Env, db: &str, key: &str) -> String {
    out(env, db, &["key", "show", "--key", key])
        .lines()
        .find_map(|l| l.strip_prefix("public key: "))
        .unwrap()
        .trim()
        .to_owned()
}

fn scenario(env: &Env, a: &str, b: &str) {
    // A: the sample detachment ZD-QZ; B: another detachment with the same catalogue.
    out(env, a, &["init", "--sample"]);
    env.write(
        "b_units.csv",
        "code,name,kind,parent,class\nZD-B,乙市支队,detachment,,\n",
    );
    out(env, b, &["import", "units", "b_units.csv"]);
    let catalog = std::fs::read(sample_dir().join("catalog.csv")).unwrap();
    env.write("catalog.csv", catalog);
    out(env, b, &["import", "catalog", "catalog.csv"]);
    out(env, a, &["key", "init", "--key", "a.key"]);
    out(env, b, &["key", "init", "--key", "b.key"]);
    let (pa, pb) = (public(env, a, "a.key"), public(env, b, "b.key"));

    let ready = ready_home();
    let codes: Vec<&str> = ready.iter().take(4).map(|r| r.barcode.as_str()).collect();
    let mut ship = vec!["ship", "--to", "ZD-B", "--out", "s1", "--key", "a.key"];
    ship.extend(&codes);
    let said = out(env, a, &ship);
    assert!(said.contains("4 pieces in transit to ZD-B"), "{said}");

    // Not enrolled yet at B.
    let receive = [
        "receive-shipment",
        "s1",
        "--receipt-out",
        "r1",
        "--key",
        "b.key",
        "--scanned",
        "found.txt",
    ];
    env.write(
        "found.txt",
        format!("{}\n{}\n{}\nSTRAY-1\n", codes[0], codes[1], codes[2]),
    );
    refused(
        env,
        b,
        &receive,
        "whose key is not enrolled here",
        "本库未登记其公钥",
    );
    out(
        env,
        b,
        &["key", "enrol-depot", "ZD-QZ", "--public-key", &pa],
    );
    out(env, a, &["key", "enrol-depot", "ZD-B", "--public-key", &pb]);

    let said = out(env, b, &receive);
    assert!(
        said.contains("3 received, 1 missing, 1 unexpected"),
        "{said}"
    );
    assert!(said.contains(&format!("missing: {}", codes[3])), "{said}");
    assert!(said.contains("unexpected: STRAY-1"), "{said}");
    refused(
        env,
        b,
        &[
            "receive-shipment",
            "s1",
            "--receipt-out",
            "r2",
            "--key",
            "b.key",
        ],
        "was already received here",
        "已于",
    );
    let said = out(env, a, &["receive-receipt", "r1"]);
    assert!(said.contains("closed: 3 received, 1 missing"), "{said}");
    refused(
        env,
        a,
        &["receive-receipt", "r1"],
        "was already closed",
        "已于",
    );
    let zh = on(env, a, "zh")
        .args(["report", "readiness"])
        .assert()
        .success();
    assert!(!zh.get_output().stdout.is_empty());
}

#[test]
fn shipments_on_redb() {
    let env = Env::new();
    scenario(&env, "a.redb", "b.redb");
}

#[test]
fn shipments_on_postgres() {
    let (Some(a), Some(b)) = (TestDb::new(), TestDb::new()) else {
        eprintln!("DEPOT_TEST_PG is not set: the PostgreSQL case is skipped");
        return;
    };
    let env = Env::new();
    scenario(&env, &a.url, &b.url);
}
