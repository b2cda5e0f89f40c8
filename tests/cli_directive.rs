//! Headquarters' directives from outside, on both engines: headquarters signs two; two
//! depots enrol its key and take the first; one takes the second and then refuses the first
//! as older; each bundle states the version in force, and headquarters' directive report names
//! the depot behind. Every refusal (unknown key, wrong key, tampered, older, replayed, not yet
//! in effect) and a local import the directive does not allow are said in English and in
//! Chinese, and change nothing.
#![allow(clippy::unwrap_used)]

use depot_store_postgres::testing::TestDb;
use depot_testkit::cli::Env;

/// What `report directive` says (CSV), after the depots' bundles were ingested.
fn scenario(env: &Env, a: &str, b: &str, hq: &str, hq2: &str) {
    // A: the sample detachment ZD-QZ; B: a detachment of its own with one level-1 station.
    env.ok_at(a, &["init", "--sample"]);
    env.write(
        "b_units.csv",
        "code,name,kind,parent,class\nZD-B,乙市支队,detachment,,\nZD-B-1,乙市一站,station,ZD-B,level1\n",
    );
    env.ok_at(b, &["import", "units", "b_units.csv"]);
    // Headquarters' key, and its public key as the depots are told it.
    env.ok_at(hq, &["key", "init", "--key", "hq.key"]);
    let shown = env.ok_at(hq, &["key", "show", "--key", "hq.key"]);
    let public = shown
        .lines()
        .find_map(|l| l.strip_prefix("public key: "))
        .unwrap()
        .trim()
        .to_owned();
    // Directive 1: a new item, a standard for it; depots may add standards, not items.
    env.write(
        "d1/catalog.csv",
        "item,name,category,tracking,uom\nHQ-NEW,指令新品类,rescue,serial,台\n",
    );
    env.write(
        "d1/standards.csv",
        "scope,module,what,required\nclass:level1,,HQ-NEW,2\n",
    );
    let issued = env.ok_at(
        hq,
        &[
            "hq",
            "directive",
            "--out",
            "v1",
            "--from",
            "d1",
            "--effective",
            "2020-01-01",
            "--local",
            "standards",
            "--key",
            "hq.key",
            "--issuer",
            "总队",
        ],
    );
    assert!(
        issued.contains("directive 1 (effective 2020-01-01)"),
        "{issued}"
    );
    // Directive 2: two of the item at every level-1 station becomes three.
    env.write(
        "d2/standards.csv",
        "scope,module,what,required\nclass:level1,,HQ-NEW,3\n",
    );
    env.write(
        "d2/catalog.csv",
        "item,name,category,tracking,uom\nHQ-NEW,指令新品类,rescue,serial,台\n",
    );
    let args = [
        "hq",
        "directive",
        "--out",
        "v2",
        "--from",
        "d2",
        "--key",
        "hq.key",
    ];
    assert!(env.ok_at(hq, &args).contains("directive 2"));
    // An older version than the last issued is not issued.
    env.refused_at(
        hq,
        &[
            "hq",
            "directive",
            "--out",
            "v0",
            "--from",
            "d2",
            "--version",
            "2",
            "--key",
            "hq.key",
        ],
        "give --version 3 or more",
        "请用 --version 3 或更大",
    );
    // Not yet in effect.
    env.ok_at(
        hq,
        &[
            "hq",
            "directive",
            "--out",
            "v9",
            "--from",
            "d2",
            "--effective",
            "2999-01-01",
            "--key",
            "hq.key",
        ],
    );

    // Unknown key: no headquarters key enrolled yet.
    env.refused_at(
        a,
        &["import", "directive", "v1"],
        "no headquarters key is enrolled",
        "尚未登记总队公钥",
    );
    for db in [a, b] {
        let said = env.ok_at(db, &["key", "enrol-hq", "--public-key", &public]);
        assert!(said.contains("headquarters' key enrolled"), "{said}");
        let taken = env.ok_at(db, &["import", "directive", "v1"]);
        assert!(
            taken.contains("directive 1 of 总队 is in force here"),
            "{taken}"
        );
    }

    // A takes directive 2; directive 1 is then older; directive 2 again is a replay.
    env.ok_at(a, &["import", "directive", "v2"]);
    env.refused_at(
        a,
        &["import", "directive", "v1"],
        "directive 1 is older than directive 2, which is in force here",
        "指令第 1 版早于本库现行的第 2 版",
    );
    env.refused_at(
        a,
        &["import", "directive", "v2"],
        "directive 2 is already in force here",
        "指令第 2 版已在本库施行",
    );
    env.refused_at(
        b,
        &["import", "directive", "v9"],
        "takes effect on 2999-01-01",
        "自 2999-01-01 起施行",
    );
    // Tampered: a file edited after signing.
    std::fs::create_dir(env.path("v2t")).unwrap();
    for f in ["directive.json", "catalog.csv", "standards.csv"] {
        std::fs::copy(env.path("v2").join(f), env.path("v2t").join(f)).unwrap();
    }
    env.write(
        "v2t/standards.csv",
        "scope,module,what,required\nclass:level1,,HQ-NEW,1\n",
    );
    env.refused_at(
        b,
        &["import", "directive", "v2t"],
        "was changed after headquarters signed it (standards.csv",
        "在总队签名后被改动",
    );
    // Wrong key: another headquarters' directive.
    env.ok_at(hq2, &["key", "init", "--key", "other.key"]);
    env.ok_at(
        hq2,
        &[
            "hq",
            "directive",
            "--out",
            "vx",
            "--from",
            "d2",
            "--version",
            "7",
            "--key",
            "other.key",
        ],
    );
    env.refused_at(
        b,
        &["import", "directive", "vx"],
        "not with headquarters' key enrolled here",
        "不是本库登记的总队公钥",
    );
    // Local imports: a standard may be added, not an item; the directive's line not changed.
    env.write(
        "own_std.csv",
        "scope,module,what,required\nclass:level2,,HQ-NEW,1\n",
    );
    env.ok_at(b, &["import", "standards", "own_std.csv"]);
    env.write(
        "own_cat.csv",
        "item,name,category,tracking,uom\nOWN-1,自购器材,rescue,serial,台\n",
    );
    env.refused_at(
        b,
        &["import", "catalog", "own_cat.csv"],
        "directive 1 allows no local additions to catalog",
        "不允许在本地的 catalog 数据中新增行",
    );
    env.write(
        "hq_std.csv",
        "scope,module,what,required\nclass:level1,,HQ-NEW,5\n",
    );
    env.refused_at(
        b,
        &["import", "standards", "hq_std.csv"],
        "set by headquarters' directive 1",
        "由总队指令第 1 版规定",
    );

    // Bundles state the version in force; headquarters names the depots behind its newest
    // directive in force (2; 9 is issued but takes effect in 2999: no depot is behind it).
    env.ok_at(a, &["export", "bundle", "--out", "ba", "--key", "a.key"]);
    env.ok_at(b, &["export", "bundle", "--out", "bb", "--key", "b.key"]);
    let manifest = env.read("ba/manifest.json");
    assert!(manifest.contains("\"directive_version\": 2"), "{manifest}");
    assert!(
        env.read("bb/manifest.json")
            .contains("\"directive_version\": 1")
    );
    env.ok_at(hq, &["hq", "ingest", "--trust-new", "ba", "bb"]);
    let section = |name: &str| {
        env.ok_at(
            hq,
            &["report", "directive", "--format", "csv", "--section", name],
        )
    };
    let report = section("directive");
    let row = |code: &str| {
        report
            .lines()
            .find(|l| l.starts_with(&format!("{code},")))
            .unwrap_or_else(|| panic!("{code} in {report}"))
            .to_owned()
    };
    assert!(row("ZD-B").ends_with(",1,2,behind"), "{report}");
    assert!(row("ZD-QZ").ends_with(",2,2,current"), "{report}");
    let facts = section("summary");
    assert!(
        facts.contains("issued, not yet in force") && facts.contains("effective 2999-01-01"),
        "{facts}"
    );
    let zh = env
        .officer_at(hq, "zh")
        .args(["report", "directive"])
        .assert()
        .success();
    let zh = String::from_utf8(zh.get_output().stdout.clone()).unwrap();
    assert!(zh.contains("落后"), "{zh}");
}

#[test]
fn directives_on_redb() {
    let env = Env::new();
    scenario(&env, "a.redb", "b.redb", "hq.redb", "hq2.redb");
}

#[test]
fn directives_on_postgres() {
    let (Some(a), Some(b), Some(hq), Some(hq2)) =
        (TestDb::new(), TestDb::new(), TestDb::new(), TestDb::new())
    else {
        eprintln!("DEPOT_TEST_PG is not set: the PostgreSQL case is skipped");
        return;
    };
    let env = Env::new();
    scenario(&env, &a.url, &b.url, &hq.url, &hq2.url);
}
