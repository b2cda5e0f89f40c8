//! `depot backup` and `depot restore` from the outside: a backup restores to the register as
//! it was when taken, the replaced database is kept, and a bad file or a database open
//! elsewhere changes nothing.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use depot_testkit::cli;
use depot_testkit::cli::Env;
use depot_testkit::register;

/// A ready asset of the sample at home, to check out.
fn some_assets(n: usize) -> Vec<String> {
    let mut r = csv::Reader::from_path(register::sample_dir().join("assets.csv")).unwrap();
    r.records()
        .map(Result::unwrap)
        .filter(|a| &a[6] == "ready" && a[4].is_empty() && &a[3] != "ZHAN-0104")
        .map(|a| a[0].to_owned())
        .take(n)
        .collect()
}

fn check_out(env: &Env, code: &str) {
    env.stdout(&["checkout", code, "--to", "ZHAN-0104"]);
}

/// Files in the directory whose names start with `prefix`.
fn files_starting(env: &Env, prefix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect()
}

/// The files of the directory, to prove that a refused restore added none.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn a_backup_restores_the_register_as_it_was_and_keeps_the_one_it_replaced() {
    let env = Env::sample();
    let codes = some_assets(2);
    check_out(&env, &codes[0]);
    let at_backup = env.snapshot();
    let out = env.stdout(&["backup", "b.redb"]);
    assert!(
        out.starts_with("backup written: b.redb (") && out.contains(", verified)"),
        "{out}"
    );
    let movements = env.movement_count();
    assert!(out.contains(&format!("{movements} movements")), "{out}");
    // Work goes on after the backup; then the backup is put back.
    check_out(&env, &codes[1]);
    let later = env.snapshot();
    assert!(later != at_backup);
    let out = env.stdout(&["restore", "b.redb", "--yes"]);
    assert!(out.starts_with("restored "), "{out}");
    assert!(out.contains("kept as "), "{out}");
    assert!(env.snapshot() == at_backup, "the restore is not the backup");
    env.verify_ok();
    // The replaced database is kept, whole, where the message says.
    let kept = files_starting(&env, "depot.redb.replaced-");
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(out.contains(&kept[0].display().to_string()), "{out}");
    let aside = Env {
        db: kept[0].clone(),
        dir: tempfile::tempdir_in(env.dir.path()).unwrap(),
    };
    let kept_state = aside.snapshot();
    // The same register; only the status's first line, the database's path, differs.
    let body = |status: &str| status.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert!(
        body(&kept_state.status) == body(&later.status)
            && kept_state.assets == later.assets
            && kept_state.lots == later.lots
            && kept_state.movements == later.movements,
        "the replaced database was not kept: {}",
        kept_state.status
    );
    assert!(files_starting(&env, "depot.redb.restoring").is_empty());
    assert!(files_starting(&env, "b.redb.partial").is_empty());
}

#[test]
fn a_backup_replaces_a_file_only_when_asked_and_never_the_database() {
    let env = Env::sample();
    env.write("b.redb", "keep me");
    let err = env.refused_cmd(&["backup", "b.redb"]);
    assert!(
        err.contains("b.redb already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(env.read("b.redb"), "keep me");
    let err = env.refused_cmd(&["backup", "depot.redb", "--force"]);
    assert!(err.contains("is the database itself"), "{err}");
    let out = env.stdout(&["backup", "b.redb", "--force"]);
    assert!(out.contains("verified"), "{out}");
}

#[test]
fn a_bad_file_is_not_restored_and_nothing_changes() {
    let env = Env::sample();
    env.stdout(&["backup", "good.redb"]);
    let good = std::fs::read(env.path("good.redb")).unwrap();
    // Garbage, a cut-short backup, a backup written over in every page, another program's
    // redb file.
    env.write("garbage.redb", "this is not a database\n".repeat(500));
    env.write("short.redb", &good[..good.len() / 2]);
    let mut spoiled = good.clone();
    for page in spoiled.chunks_mut(4096).skip(2) {
        page[100..150].fill(0xff);
    }
    env.write("spoiled.redb", &spoiled);
    {
        let foreign = redb::Database::create(env.path("foreign.redb")).unwrap();
        let t: redb::TableDefinition<&str, &str> = redb::TableDefinition::new("notes");
        let txn = foreign.begin_write().unwrap();
        txn.open_table(t).unwrap().insert("a", "b").unwrap();
        txn.commit().unwrap();
    }
    for bad in ["garbage.redb", "short.redb", "spoiled.redb", "foreign.redb"] {
        let before = files(env.dir.path());
        let err = env.refused_cmd(&["restore", bad]);
        assert!(
            err.contains(&format!("{bad} cannot be restored: "))
                && err.contains("nothing was changed"),
            "{bad}: {err}"
        );
        // The register is as it was (`refused_cmd` compares it), and no file was added: no
        // copy left over, no database moved aside.
        assert_eq!(files(env.dir.path()), before, "{bad}");
        env.verify_ok();
    }
    let err = env.refused_cmd(&["restore", "missing.redb"]);
    assert!(err.contains("missing.redb: no such file"), "{err}");
}

#[test]
fn a_database_open_in_another_program_is_neither_backed_up_nor_replaced() {
    let env = Env::sample();
    env.stdout(&["backup", "b.redb"]);
    // A scan stream holds the database open while its standard input is open.
    let mut scan = std::process::Command::new(env!("CARGO_BIN_EXE_depot"));
    scan.current_dir(env.dir.path())
        .env_remove("DEPOT_DB")
        .env_remove("DEPOT_OPERATOR")
        .arg("--db")
        .arg(&env.db)
        .args([
            "--operator",
            cli::OPERATOR,
            "scan",
            "--mode",
            "out",
            "--to",
            "ZHAN-0104",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = scan.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let code = &some_assets(1)[0];
    writeln!(stdin, "{code}").unwrap();
    stdin.flush().unwrap();
    let mut answer = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut answer)
        .unwrap();
    assert!(answer.starts_with("OK "), "{answer}");

    let out = env.depot().args(["backup", "c.redb"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("open in another program")
            && err.contains("close that program")
            && err.contains("terminal UI"),
        "{err}"
    );
    assert!(!env.path("c.redb").exists() && !env.path("c.redb.partial").exists());

    let db_before = std::fs::read(&env.db).unwrap();
    let out = env.depot().args(["restore", "b.redb"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("open in another program") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(std::fs::read(&env.db).unwrap(), db_before);
    assert!(files_starting(&env, "depot.redb.replaced-").is_empty());
    assert!(files_starting(&env, "depot.redb.restoring").is_empty());

    drop(stdin);
    let status = child.wait().unwrap();
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(10));
    // Closed, the database is backed up as usual.
    assert!(env.stdout(&["backup", "c.redb"]).contains("verified"));
}

/// Issue 19 finding 4: replacing the register is an officer's action, confirmed (`--yes` in a
/// script), and the restore is in the audit log of the register put in place: who, from which
/// file, the ledger heads before and after.
#[test]
fn a_restore_is_an_officers_confirmed_action_audited_in_the_restored_register() {
    let env = Env::sample();
    env.stdout(&["operator", "add", "李娜", "--role", "quartermaster"]);
    env.stdout(&["backup", "b.redb"]);
    let at_backup = env.movement_count();
    check_out(&env, &some_assets(1)[0]);
    let later = env.snapshot();
    let before = env.movement_count();
    let refused = |cmd: &mut assert_cmd::Command| {
        let out = cmd.output().unwrap();
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = refused(env.anonymous().args(["restore", "b.redb", "--yes"]));
    assert!(err.contains("no operator named"), "{err}");
    let err = refused(
        env.anonymous()
            .args(["--operator", "李娜", "restore", "b.redb", "--yes"]),
    );
    assert!(err.contains("may not restore a backup"), "{err}");
    let err = refused(env.depot().args(["restore", "b.redb"]));
    assert!(
        err.contains("give --yes") && err.contains("nothing was changed"),
        "{err}"
    );
    let err = refused(env.depot().args(["--lang", "zh", "restore", "b.redb"]));
    assert!(err.contains("请加 --yes 确认"), "{err}");
    assert!(
        env.snapshot() == later,
        "a refused restore changed the register"
    );
    assert!(files_starting(&env, "depot.redb.replaced-").is_empty());
    assert!(files_starting(&env, "depot.redb.restoring").is_empty());

    env.stdout(&["restore", "b.redb", "--yes"]);
    assert_eq!(env.movement_count(), at_backup);
    let audit = env.stdout(&["audit"]);
    let line = audit
        .lines()
        .find(|l| l.split('\t').nth(2) == Some("restore"))
        .unwrap_or_else(|| panic!("no restore in the audit log:\n{audit}"));
    assert!(line.contains(cli::OPERATOR), "{line}");
    assert!(line.contains("b.redb"), "{line}");
    assert!(
        line.contains(&format!("ledger {before} movements"))
            && line.contains(&format!("ledger {at_backup} movements"))
            && line.contains("kept as "),
        "{line}"
    );
    env.verify_ok();
}
