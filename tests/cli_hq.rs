//! `depot hq` from outside, as headquarters meets it: an unknown depot refused with its
//! fingerprint and exit status 1, `--trust-new` enrols and ingests, the same bundle again
//! changes nothing, bundles given out of order are taken in order, an edited bundle is refused
//! naming the file, in English and in Chinese, and `hq depots` lists the depot.
#![allow(clippy::unwrap_used)]

use depot_testkit::cli::Env;
use predicates::prelude::*;

/// A depot (the sample) with three bundles: `b1`, then `b2` and `b3` after an inspection each.
fn depot_with_bundles() -> Env {
    let env = Env::sample();
    env.depot()
        .args(["export", "bundle", "--out", "b1"])
        .assert()
        .success();
    let assets = env.export("assets");
    let codes: Vec<&str> = assets
        .lines()
        .skip(1)
        .filter(|l| l.contains(",ready,"))
        .map(|l| l.split(',').next().unwrap())
        .take(2)
        .collect();
    for (i, code) in codes.iter().enumerate() {
        env.depot().args(["inspect", code]).assert().success();
        let out = format!("b{}", i + 2);
        env.depot()
            .args(["export", "bundle", "--out", &out])
            .assert()
            .success();
    }
    env
}

/// `depot` on the headquarters database `hq.redb` in the same directory.
fn hq(env: &Env, lang: &str) -> assert_cmd::Command {
    let mut c = env.against(std::path::Path::new("hq.redb"));
    c.args(["--operator", "张强", "--lang", lang]);
    c
}

#[test]
fn headquarters_ingests_refuses_and_lists_in_both_languages() {
    let env = depot_with_bundles();
    let key = env.stdout(&["key", "show"]);
    let fp = key
        .lines()
        .find_map(|l| l.strip_prefix("fingerprint: "))
        .unwrap()
        .to_owned();

    // Unknown depot: refused, naming its fingerprint; nothing enrolled.
    hq(&env, "en")
        .args(["hq", "ingest", "b1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not enrolled here"))
        .stderr(predicate::str::contains(fp.as_str()))
        .stdout(predicate::str::contains(
            "0 ingested, 0 already held, 1 refused",
        ));
    hq(&env, "zh")
        .args(["hq", "ingest", "b1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("尚未在总部登记"))
        .stderr(predicate::str::contains(fp.as_str()));

    // Out of order on the command line, trusted: all three, in order.
    hq(&env, "en")
        .args(["hq", "ingest", "--trust-new", "b3", "b1", "b2"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "b1: enrolled depot ZD-QZ (清州市消防救援支队) with key {fp}"
        )))
        .stdout(predicate::str::contains(
            "3 ingested, 0 already held, 0 refused",
        ));

    // Again: nothing changes.
    hq(&env, "zh")
        .args(["hq", "ingest", "b2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("未作改动"));

    // An edited cell: refused naming the file, in both languages.
    std::fs::create_dir(env.path("b3x")).unwrap();
    for f in std::fs::read_dir(env.path("b3")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, env.path("b3x").join(f.file_name().unwrap())).unwrap();
    }
    let lots = env.read("b3x/lots.csv").replacen(",1", ",7", 1);
    env.write("b3x/lots.csv", lots);
    hq(&env, "en")
        .args(["hq", "ingest", "b3x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "lots.csv does not match the manifest",
        ));
    hq(&env, "zh")
        .args(["hq", "ingest", "b3x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lots.csv 与清单不符"));

    // The depots: one, current, its movements all held.
    let head = env.movement_count();
    hq(&env, "en")
        .args(["hq", "depots"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ZD-QZ\t清州市消防救援支队"))
        .stdout(predicate::str::contains(format!("movements to {head}")))
        .stdout(predicate::str::contains(fp.as_str()));
    hq(&env, "zh")
        .args(["hq", "depots"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("流水至第 {head} 条")));
}

#[test]
fn a_missing_folder_is_refused_saying_it_is_no_bundle() {
    let env = Env::new();
    hq(&env, "en")
        .args(["hq", "ingest", "--trust-new", "nowhere"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nowhere"))
        .stderr(predicate::str::contains("manifest.json"));
    hq(&env, "zh")
        .args(["hq", "ingest", "--trust-new", "nowhere"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("这不是完整的数据包文件夹"));
}
