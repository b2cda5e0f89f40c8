//! Findings 4, 5, 6 and 8 of issue 11, from outside: names beside codes and grouped money, every
//! section of a report in CSV and as data in JSON, tables that never cut a code, and a new
//! database that knows the shipped modules by code, Chinese and English name.

use depot_testkit::cli::Env;
use depot_testkit::register::sample_dir;

const AS_OF: &str = "2026-11-23";

/// The codes of the sample's units and warehouses.
fn place_codes() -> Vec<String> {
    let mut codes = Vec::new();
    for f in ["units.csv", "warehouses.csv"] {
        let text = std::fs::read_to_string(sample_dir().join(f)).unwrap();
        codes.extend(
            text.lines()
                .skip(1)
                .filter_map(|l| l.split(',').next())
                .map(str::to_owned),
        );
    }
    codes
}

/// A token that looks like the start of a place code (`ZHAN-0001`, `CK-XJ-01`, `DD-…`).
fn looks_like_code(t: &str) -> bool {
    let head: String = t.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    head.len() >= 2 && t[head.len()..].starts_with('-')
}

/// Every row of the table that begins with a code begins with a whole, known one, and no
/// code-like word anywhere is cut.
fn assert_codes_whole(table: &str, what: &str) {
    let codes = place_codes();
    let mut rows = 0;
    for line in table.lines() {
        let Some(first) = line.split_whitespace().next() else {
            continue;
        };
        if looks_like_code(first) {
            rows += 1;
            assert!(
                codes.iter().any(|c| c == first),
                "{what}: the row begins with '{first}', not a whole code:\n{line}"
            );
        }
        for word in line.split_whitespace() {
            assert!(
                !(looks_like_code(word) && word.ends_with('…')),
                "{what}: a cut code '{word}':\n{line}"
            );
        }
    }
    assert!(rows > 10, "{what}: no rows with codes:\n{table}");
}

#[test]
fn finding_5_csv_holds_every_section_and_json_is_data() {
    let env = Env::sample();
    // Without --section or --out, a report of several sections is not cut to one silently.
    let out = env
        .depot()
        .args(["report", "readiness", "--format", "csv", "--as-of", AS_OF])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "one section written silently");
    assert!(out.stdout.is_empty());
    for want in ["--section", "--out", "summary", "by_scope", "by_category"] {
        assert!(stderr.contains(want), "no '{want}' in: {stderr}");
    }
    // --out DIR writes every section, summary (the headline figures) included.
    env.depot()
        .args([
            "report",
            "readiness",
            "--format",
            "csv",
            "--out",
            "rd",
            "--as-of",
            AS_OF,
        ])
        .assert()
        .success();
    for sec in ["summary", "by_scope", "by_category", "modules", "past_due"] {
        let p = env.path(&format!("rd/{sec}.csv"));
        assert!(p.is_file(), "{} not written", p.display());
    }
    let summary = env.read("rd/summary.csv");
    assert!(
        summary.lines().any(|l| l.starts_with("equipped_rate,")),
        "{summary}"
    );
    let by_scope = env.read("rd/by_scope.csv");
    assert!(by_scope.lines().count() > 5, "{by_scope}");
    // One section to standard output.
    let one = env.stdout(&[
        "report",
        "readiness",
        "--format",
        "csv",
        "--section",
        "by_category",
        "--as-of",
        AS_OF,
    ]);
    assert!(one.lines().any(|l| l.starts_with("vehicle,")), "{one}");

    // JSON: English snake_case keys, numbers as numbers, null where there is nothing.
    let json = env.stdout(&["report", "readiness", "--format", "json", "--as-of", AS_OF]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["report"], "readiness");
    assert_eq!(v["as_of"], AS_OF);
    for key in [
        "equipped_rate",
        "ready_rate",
        "ready_coverage",
        "compliance_rate",
    ] {
        let x = v[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} is not a number: {}", v[key]));
        assert!((0.0..=100.0).contains(&x), "{key} = {x}");
    }
    assert!(v["lines"].is_u64(), "{}", v["lines"]);
    assert!(v["high_end_share"]["vehicle"].is_number());
    let rows = v["by_scope"].as_array().unwrap();
    assert!(rows.len() > 5);
    assert!(
        rows[0]["code"].is_string() && rows[0]["lines"].is_u64(),
        "{}",
        rows[0]
    );
    // No key is a display label of either language.
    fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
                out.push(k.clone());
                keys(x, out);
            }),
            serde_json::Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    keys(&v, &mut all);
    for k in all {
        assert!(
            k.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "key '{k}' is not snake_case"
        );
    }
}

#[test]
fn finding_6_tables_use_the_width_and_never_cut_a_code() {
    let env = Env::sample();
    for kind in ["readiness", "shortfalls"] {
        // As wide as asked, or as COLUMNS says.
        let wide = env.stdout(&["report", kind, "--as-of", AS_OF, "--width", "200"]);
        assert_codes_whole(&wide, &format!("{kind} --width 200"));
        let out = env
            .depot()
            .env("COLUMNS", "200")
            .args(["report", kind, "--as-of", AS_OF])
            .output()
            .unwrap();
        assert!(out.status.success());
        let columns = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            wide, columns,
            "{kind}: COLUMNS=200 differs from --width 200"
        );
        assert!(
            wide.lines().any(|l| unicode_width(l) > 100),
            "{kind}: a 200-column table no wider than 100:\n{wide}"
        );
        // At 80 text columns give way, codes do not.
        let narrow = env.stdout(&["report", kind, "--as-of", AS_OF, "--width", "80"]);
        assert_codes_whole(&narrow, &format!("{kind} --width 80"));
    }
    // The readiness table at 200 columns cuts nothing at all.
    let wide = env.stdout(&["report", "readiness", "--as-of", AS_OF, "--width", "200"]);
    assert!(!wide.contains('…'), "{wide}");
}

/// Display columns of a line (CJK characters are two wide).
fn unicode_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

#[test]
fn finding_8_a_new_database_knows_the_shipped_modules_by_any_name() {
    let env = Env::new();
    env.depot().arg("init").assert().success();
    let dir = env.path("register");
    std::fs::create_dir(&dir).unwrap();
    for f in ["units.csv", "warehouses.csv", "catalog.csv"] {
        std::fs::copy(sample_dir().join(f), dir.join(f)).unwrap();
    }
    // No modules.csv: the modules are the shipped ones, given by code, Chinese name and
    // English name (any case).
    env.write(
        "register/assets.csv",
        "barcode,item,owner,module,commissioned\n\
         T0001,R-PC,CK-SJ,水域,2024-01-01\n\
         T0002,R-PC,CK-SJ,water,2024-01-01\n\
         T0003,R-PC,CK-SJ,Water rescue,2024-01-01\n\
         T0004,R-PC,CK-SJ,water RESCUE,2024-01-01\n\
         T0005,R-PC,CK-SJ,石油化工,2024-01-01\n",
    );
    env.write(
        "register/lots.csv",
        "barcode,item,owner,模块,quantity\nL0001,O-JS,CK-SJ,山岳,5\n",
    );
    env.depot().args(["import", "register"]).assert().success();
    let assets = env.export("assets");
    for b in ["T0001", "T0002", "T0003", "T0004"] {
        let line = assets.lines().find(|l| l.starts_with(b)).unwrap();
        assert!(line.contains(",water,"), "{line}");
    }
    let t5 = assets.lines().find(|l| l.starts_with("T0005")).unwrap();
    assert!(t5.contains(",petrochemical,"), "{t5}");
    assert!(env.export("lots").contains(",mountain,"));
    // A name that no module has is refused, saying what the modules are.
    env.write(
        "bad/assets.csv",
        "barcode,item,owner,module\nT0009,R-PC,CK-SJ,海洋\n",
    );
    let stderr = env.refused_cmd(&["import", "bad"]);
    assert!(
        stderr.contains("海洋") && stderr.contains("shipped"),
        "{stderr}"
    );
}

#[test]
fn exports_as_workbooks() {
    let env = Env::sample();
    for kind in [
        "inventory",
        "assets",
        "lots",
        "movements",
        "readiness",
        "replacements",
    ] {
        env.depot()
            .args(["export", kind, "--format", "xlsx", "--as-of", AS_OF])
            .assert()
            .success();
        let name = if kind == "movements" {
            "movements-depot-from1-20261123.xlsx".to_owned()
        } else {
            format!("{kind}-depot-20261123.xlsx")
        };
        let bytes = std::fs::read(env.path(&name)).unwrap();
        assert!(bytes.starts_with(b"PK"), "{name} is not a workbook");
    }
    let stderr = env.refused_cmd(&["export", "assets", "--format", "xlsx", "--out", "-"]);
    assert!(stderr.contains("--out FILE.xlsx"), "{stderr}");
    let stderr = env.refused_cmd(&["export", "assets", "--format", "xlsx", "--excel"]);
    assert!(stderr.contains("for CSV"), "{stderr}");
}

/// Finding 4: reports put names beside codes in the user's language (items, units, categories)
/// and group money (`2.46 亿元`, `245,643,860`), where they spoke in codes and `245643860 yuan`.
#[test]
fn finding_4_reports_name_things_and_group_money() {
    let env = Env::sample();
    let report = |lang: &str, kind: &str| -> String {
        let out = env
            .depot()
            .args([
                "--lang", lang, "report", kind, "--as-of", AS_OF, "--width", "200",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let readiness = report("zh", "readiness");
    assert!(
        readiness.contains("车辆"),
        "a category by its Chinese name: {readiness}"
    );
    assert!(!readiness.contains("category:vehicle"), "{readiness}");
    let unit = readiness
        .lines()
        .find(|l| l.starts_with("ZD-QZ"))
        .expect("the detachment's row");
    assert!(
        unit.contains("清州市消防救援支队"),
        "a unit's name beside its code: {unit}"
    );
    let shortfalls = report("zh", "shortfalls");
    assert!(
        shortfalls.contains("供气消防车"),
        "an item's name: {shortfalls}"
    );
    let zh = report("zh", "replacements");
    assert!(zh.contains("亿元") && zh.contains("万元"), "{zh}");
    assert!(!zh.contains(" yuan"), "{zh}");
    let en = report("en", "replacements");
    assert!(
        en.lines()
            .any(|l| l.contains("like-for-like cost") && l.contains(",")),
        "money grouped by thousands in English: {en}"
    );
    let en = report("en", "readiness");
    assert!(en.contains("vehicle") && !en.contains("车辆"), "{en}");
}
