//! Shipments between depots from outside, on both engines: two depots enrol each other's keys,
//! one ships four pieces, the other counts them (one missing, one unexpected) and sends its
//! receipt back, which closes the shipment; a shipment received twice, one from a depot not
//! enrolled and a receipt taken twice are refused in English and in Chinese.
#![allow(clippy::unwrap_used)]

use depot_store_postgres::testing::TestDb;
use depot_testkit::cli::Env;
use depot_testkit::register::{ready_home, sample_dir};

fn scenario(env: &Env, a: &str, b: &str) {
    // A: the sample detachment ZD-QZ; B: another detachment with the same catalogue.
    env.ok_at(a, &["init", "--sample"]);
    env.write(
        "b_units.csv",
        "code,name,kind,parent,class\nZD-B,乙市支队,detachment,,\n",
    );
    env.ok_at(b, &["import", "units", "b_units.csv"]);
    let catalog = std::fs::read(sample_dir().join("catalog.csv")).unwrap();
    env.write("catalog.csv", catalog);
    env.ok_at(b, &["import", "catalog", "catalog.csv"]);
    env.ok_at(a, &["key", "init", "--key", "a.key"]);
    env.ok_at(b, &["key", "init", "--key", "b.key"]);
    let (pa, pb) = (env.public_key_at(a, "a.key"), env.public_key_at(b, "b.key"));

    let ready = ready_home();
    let codes: Vec<&str> = ready.iter().take(4).map(|r| r.barcode.as_str()).collect();
    let mut ship = vec!["ship", "--to", "ZD-B", "--out", "s1", "--key", "a.key"];
    ship.extend(&codes);
    let said = env.ok_at(a, &ship);
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
    env.refused_at(
        b,
        &receive,
        "whose key is not enrolled here",
        "本库未登记其公钥",
    );
    env.ok_at(b, &["key", "enrol-depot", "ZD-QZ", "--public-key", &pa]);
    env.ok_at(a, &["key", "enrol-depot", "ZD-B", "--public-key", &pb]);

    let said = env.ok_at(b, &receive);
    assert!(
        said.contains("3 received, 1 missing, 1 unexpected"),
        "{said}"
    );
    assert!(said.contains(&format!("missing: {}", codes[3])), "{said}");
    assert!(said.contains("unexpected: STRAY-1"), "{said}");
    env.refused_at(
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
    let said = env.ok_at(a, &["receive-receipt", "r1"]);
    assert!(said.contains("closed: 3 received, 1 missing"), "{said}");
    env.refused_at(a, &["receive-receipt", "r1"], "was already closed", "已于");
    let zh = env
        .officer_at(a, "zh")
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
