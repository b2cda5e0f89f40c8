//! Shipments between depots from outside, on both engines: two depots enrol each other's keys,
//! one ships four pieces, the other counts them (one missing, one unexpected) and sends its
//! receipt back, which closes the shipment; a shipment received twice, one from a depot not
//! enrolled and a receipt taken twice are refused in English and in Chinese; a piece lost in
//! transit and found at the sender comes home by `depot checkin`, in both languages, while
//! one the other depot received, or one still on its way, is refused.
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

    // A piece lost in transit and found at the sender comes home by a check-in; one the
    // other depot received, or one still on its way, is refused, saying how it comes back.
    let more: Vec<&str> = ready
        .iter()
        .skip(4)
        .take(3)
        .map(|r| r.barcode.as_str())
        .collect();
    env.ok_at(
        a,
        &[
            "ship", "--to", "ZD-B", "--out", "s3", "--key", "a.key", more[0], more[1],
        ],
    );
    env.write("found3.txt", format!("{}\n", more[0]));
    env.ok_at(
        b,
        &[
            "receive-shipment",
            "s3",
            "--receipt-out",
            "r3",
            "--key",
            "b.key",
            "--scanned",
            "found3.txt",
        ],
    );
    env.ok_at(a, &["receive-receipt", "r3"]);
    env.ok_at(
        a,
        &[
            "ship", "--to", "ZD-B", "--out", "s4", "--key", "a.key", more[2],
        ],
    );
    let said = env.ok_at(a, &["checkin", more[1]]);
    assert!(said.contains("found again (shipment ZD-QZ-"), "{said}");
    assert!(said.contains("recorded it missing): home at"), "{said}");
    let zh = env
        .officer_at(a, "zh")
        .args(["checkin", codes[3]])
        .assert()
        .success();
    let zh = String::from_utf8(zh.get_output().stdout.clone()).unwrap();
    assert!(
        zh.contains("已寻回（发运单 ZD-QZ-") && zh.contains("曾记为缺失）：已归还至"),
        "{zh}"
    );
    // A check-in answers each code on standard output, as a scan does.
    for code in [more[0], more[2]] {
        for (lang, said) in [
            (
                "en",
                "was shipped to depot ZD-B and cannot be checked in here",
            ),
            ("zh", "签收单记为缺失后，在本库归还即可入库"),
        ] {
            env.officer_at(a, lang)
                .args(["checkin", code])
                .assert()
                .failure()
                .stdout(predicates::str::contains(said));
        }
    }
    // Home and ready: it can go again.
    let said = env.ok_at(
        a,
        &[
            "ship", "--to", "ZD-B", "--out", "s5", "--key", "a.key", more[1],
        ],
    );
    assert!(said.contains("in transit to ZD-B"), "{said}");
    env.ok_at(a, &["verify"]);
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
