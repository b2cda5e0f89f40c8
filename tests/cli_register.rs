//! The register from outside: the real `depot` binary run in a temporary directory, for every
//! rule of issue 2. Submodules group the rules: bad input, file formats, re-imports and round
//! trips, and the database file itself.
#![allow(clippy::unwrap_used)]

#[path = "cli_register/bad_input.rs"]
mod bad_input;
#[path = "cli_register/database.rs"]
mod database;
#[path = "cli_register/formats.rs"]
mod formats;
#[path = "cli_register/modules.rs"]
mod modules;
#[path = "cli_register/reimport.rs"]
mod reimport;
#[path = "cli_register/reports.rs"]
mod reports;
#[path = "cli_register/workbooks.rs"]
mod workbooks;

use depot_testkit::cli::Env;
use depot_testkit::register::sample_dir;
use predicates::prelude::*;

/// Data rows of a sample file (the sample has no blank lines and no quoted line breaks).
fn sample_rows(file: &str) -> usize {
    std::fs::read_to_string(sample_dir().join(file))
        .unwrap()
        .lines()
        .count()
        - 1
}

#[test]
fn help_names_every_command() {
    let env = Env::new();
    env.anonymous().arg("--help").assert().success().stdout(
        predicate::str::contains("Usage: depot")
            .and(predicate::str::contains("init"))
            .and(predicate::str::contains("import"))
            .and(predicate::str::contains("export"))
            .and(predicate::str::contains("verify"))
            .and(predicate::str::contains("status"))
            .and(predicate::str::contains("--operator"))
            .and(predicate::str::contains("--db")),
    );
    env.anonymous()
        .args(["import", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--dry-run").and(predicate::str::contains("--encoding")));
}

/// The top level of `--help` in Chinese under `--lang zh` or a Chinese locale: every command's
/// line and every option's, and none of clap's English words; `--lang en` over the locale.
#[test]
fn help_speaks_chinese_under_lang_zh_or_the_locale() {
    let env = Env::new();
    let said = |args: &[&str], locale: Option<&str>| {
        let mut c = env.anonymous();
        c.env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        if let Some(l) = locale {
            c.env("LC_ALL", l);
        }
        let a = c.args(args).assert().success();
        String::from_utf8(a.get_output().stdout.clone()).unwrap()
    };
    for zh in [
        said(&["--lang", "zh", "--help"], None),
        said(&["--lang=zh", "--help"], None),
        said(&["--help"], Some("zh_CN.UTF-8")),
    ] {
        for line in [
            "用法：depot",
            "命令",
            "选项",
            "新建数据库",
            "盘点",
            "redb 文件",
            "显示帮助",
        ] {
            assert!(zh.contains(line), "no {line} in:\n{zh}");
        }
        for english in [
            "Usage",
            "Commands",
            "Options",
            "Print",
            "Create",
            "The database",
            "default:",
        ] {
            assert!(!zh.contains(english), "{english} in:\n{zh}");
        }
    }
    let en = said(&["--lang", "en", "--help"], Some("zh_CN.UTF-8"));
    assert!(
        en.contains("Usage: depot") && en.contains("Create a new database"),
        "{en}"
    );
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let env = Env::new();
    env.anonymous().arg("frobnicate").assert().failure().stderr(
        predicate::str::contains("unrecognized subcommand 'frobnicate'")
            .and(predicate::str::contains("Usage:")),
    );
    assert!(!env.db.exists(), "a usage error created the database");
}

#[test]
fn no_subcommand_opens_the_terminal_ui_which_needs_a_terminal() {
    // `depot` alone is the terminal UI; run without a terminal it says so, and shows what the
    // register holds instead.
    Env::sample()
        .anonymous()
        .assert()
        .failure()
        .stdout(predicate::str::contains("assets"))
        .stderr(predicate::str::contains("the terminal UI needs a terminal"));
    // Without a database it says how to make one.
    Env::new()
        .anonymous()
        .assert()
        .failure()
        .stderr(predicate::str::contains("depot init"));
}

#[test]
fn unknown_import_kind_lists_the_kinds() {
    let env = Env::sample();
    env.write("x.csv", "a,b\n1,2\n");
    let before = env.snapshot();
    env.depot()
        .args(["import", "widgets", "x.csv"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("widgets")
                .and(predicate::str::contains("assets"))
                .and(predicate::str::contains("lots"))
                .and(predicate::str::contains("catalog")),
        );
    assert_eq!(before, env.snapshot());
}

#[test]
fn unknown_export_kind_lists_the_kinds() {
    let env = Env::sample();
    env.depot()
        .args(["export", "widgets", "--out", "-"])
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("unknown export 'widgets'").and(
            predicate::str::contains("inventory, assets, lots, movements"),
        ));
}

#[test]
fn import_of_a_missing_file_is_refused() {
    let env = Env::sample();
    env.depot()
        .args(["import", "assets", "nothere.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nothere.csv: no such file"));
}

#[test]
fn commands_on_a_missing_database_say_how_to_create_one() {
    let env = Env::new();
    for cmd in [
        &["status"][..],
        &["verify"],
        &["export", "assets", "--out", "-"],
    ] {
        env.depot()
            .args(cmd)
            .assert()
            .failure()
            .stderr(predicate::str::contains("depot init"));
    }
    assert!(!env.db.exists(), "a read command created the database");
}

#[test]
fn init_sample_then_verify_and_status() {
    let env = Env::new();
    env.depot()
        .args(["init", "--sample"])
        .assert()
        .success()
        .stdout(predicate::str::contains("created"));
    env.verify_ok();
    let (assets, lots) = (sample_rows("assets.csv"), sample_rows("lots.csv"));
    env.depot()
        .arg("verify")
        .assert()
        .stdout(predicate::str::contains(format!(
            "{} movements chained, {} barcodes",
            assets + lots,
            assets + lots
        )));
    let status = env.stdout(&["status"]);
    for (label, file) in [
        ("units", "units.csv"),
        ("warehouses", "warehouses.csv"),
        ("modules", "modules.csv"),
        ("assets", "assets.csv"),
        ("lots", "lots.csv"),
    ] {
        let line = status
            .lines()
            .find(|l| l.split_whitespace().next() == Some(label))
            .unwrap_or_else(|| panic!("no {label} line in status:\n{status}"));
        assert_eq!(
            line.split_whitespace().nth(1),
            Some(sample_rows(file).to_string().as_str()),
            "{line}"
        );
    }
    assert!(
        status.contains(&format!("catalogue  {} items", sample_rows("catalog.csv"))),
        "{status}"
    );
    assert!(
        status.contains(&format!("ledger     {} movements", assets + lots)),
        "{status}"
    );
    // The sample's exported register is the sample's files, row for row.
    assert_eq!(env.export("assets").lines().count() - 1, assets);
    assert_eq!(env.export("lots").lines().count() - 1, lots);
}

#[test]
fn init_refuses_an_existing_file() {
    let env = Env::sample();
    let before = std::fs::read(&env.db).unwrap();
    env.depot()
        .args(["init", "--sample"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(before, std::fs::read(&env.db).unwrap());
}

#[test]
fn environment_variables_choose_database_and_operator() {
    let env = Env::new();
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_depot"));
    c.current_dir(env.dir.path())
        .env("DEPOT_DB", "from-env.redb")
        .env("DEPOT_OPERATOR", "环境变量")
        .args(["init", "--sample"])
        .assert()
        .success();
    assert!(env.path("from-env.redb").is_file());
    assert!(!env.db.exists());
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_depot"))
        .current_dir(env.dir.path())
        .env("DEPOT_DB", "from-env.redb")
        .env_remove("DEPOT_OPERATOR")
        .args(["export", "movements", "--out", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let moves = String::from_utf8(out.stdout).unwrap();
    assert!(
        moves.lines().nth(1).unwrap().contains(",环境变量,"),
        "{moves:.300}"
    );
}

#[test]
fn unknown_encoding_lists_the_known_ones() {
    let env = Env::sample();
    env.write("a.csv", "barcode\n");
    env.depot()
        .args(["import", "assets", "a.csv", "--encoding", "latin1"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("unknown encoding 'latin1'")
                .and(predicate::str::contains("auto, utf-8, gb18030")),
        );
    env.depot()
        .args(["export", "assets", "--encoding", "utf-16", "--out", "-"])
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("unknown encoding 'utf-16'"));
}

#[test]
fn import_defaults_lands_the_shipped_standards_and_targets_once() {
    let env = Env::new();
    env.depot()
        .args(["import", "defaults"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("standards: 4 new")
                .and(predicate::str::contains("targets: 6 new")),
        );
    env.depot()
        .args(["import", "defaults"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "standards: 0 new, 0 changed, 4 unchanged",
        ));
    env.depot()
        .args([
            "report",
            "targets",
            "--format",
            "csv",
            "--section",
            "targets",
            "--as-of",
            "2026-11-23",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("high_end_share")
                .and(predicate::str::contains("category:vehicle")),
        );
}
