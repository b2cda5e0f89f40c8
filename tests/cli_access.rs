//! Who is acting, from the outside: an operator with a PIN gives it (`DEPOT_PIN` in a script)
//! or is refused, audited, and nothing is written; repeated failures slow down.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

use depot_testkit::register;
use depot_testkit::register::{OFFICER, QM};

const STATION: &str = "ZHAN-0101";
const PIN: &str = "2468";

/// A sample database with a quartermaster who has a PIN.
struct Db {
    _dir: TempDir,
    path: PathBuf,
}

impl Db {
    fn sample() -> Db {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("depot.redb");
        let db = Db { _dir: dir, path };
        db.as_(OFFICER)
            .args(["init", "--sample"])
            .assert()
            .success();
        db.as_(OFFICER)
            .args([
                "operator",
                "add",
                QM,
                "--role",
                "quartermaster",
                "--pin",
                PIN,
            ])
            .assert()
            .success();
        db
    }

    /// `depot --db <this> --operator <op>`, in a script (no terminal, no `DEPOT_PIN`).
    fn as_(&self, op: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_depot"));
        c.env_remove("DEPOT_DB")
            .env_remove("DEPOT_OPERATOR")
            .env_remove("DEPOT_PIN")
            .env("LANG", "C")
            .arg("--db")
            .arg(&self.path)
            .arg("--operator")
            .arg(op);
        c
    }

    /// What the register holds, ledger head included: unchanged when nothing was written.
    fn status(&self) -> String {
        let out = self.as_(OFFICER).arg("status").output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    }

    fn audit(&self) -> String {
        let out = self.as_(OFFICER).arg("audit").output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    }
}

#[test]
fn the_right_pin_lets_the_operator_act() {
    let db = Db::sample();
    let x = &register::ready_home_not_of(STATION)[0].barcode;
    db.as_(QM)
        .env("DEPOT_PIN", PIN)
        .args(["checkout", x, "--to", STATION])
        .assert()
        .success()
        .stdout(format!("OK {x} checked out to {STATION}\n"));
}

#[test]
fn a_wrong_pin_is_refused_audited_and_writes_nothing() {
    let db = Db::sample();
    let x = &register::ready_home_not_of(STATION)[0].barcode;
    let before = db.status();
    db.as_(QM)
        .env("DEPOT_PIN", "1111")
        .args(["checkout", x, "--to", STATION])
        .assert()
        .failure()
        .stdout("")
        .stderr(
            predicate::str::contains(format!("wrong or missing PIN for operator {QM}"))
                .and(predicate::str::contains("DEPOT_PIN"))
                .and(predicate::str::contains("--pin NEW")),
        );
    assert_eq!(db.status(), before);
    assert!(
        db.audit()
            .lines()
            .any(|l| l.contains(QM) && l.contains("sign in") && l.contains("wrong PIN")),
        "{}",
        db.audit()
    );
    // In Chinese too.
    db.as_(QM)
        .env("DEPOT_PIN", "1111")
        .args(["--lang", "zh", "checkout", x, "--to", STATION])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "错误：操作员 {QM} 的密码错误或未填写"
        )));
}

#[test]
fn a_script_without_depot_pin_is_told_to_set_it() {
    let db = Db::sample();
    let x = &register::ready_home_not_of(STATION)[0].barcode;
    let before = db.status();
    db.as_(QM)
        .args(["checkout", x, "--to", STATION])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains(format!("operator {QM} has a PIN, and none was given"))
                .and(predicate::str::contains("set DEPOT_PIN")),
        );
    db.as_(QM)
        .args(["--lang", "zh", "checkout", x, "--to", STATION])
        .assert()
        .failure()
        .stderr(predicate::str::contains("请为本命令设置 DEPOT_PIN"));
    assert_eq!(db.status(), before);
    assert!(db.audit().contains("no PIN given"), "{}", db.audit());
    // Reading needs no operator and so no PIN; neither does an operator without one.
    db.as_(QM).arg("status").assert().success();
    db.as_(OFFICER)
        .args(["checkout", x, "--to", STATION])
        .assert()
        .success();
}

#[test]
fn repeated_failures_slow_down_and_say_so() {
    let db = Db::sample();
    let x = &register::ready_home_not_of(STATION)[0].barcode;
    let attempt = |pin: &str| {
        db.as_(QM)
            .env("DEPOT_PIN", pin)
            .args(["checkout", x, "--to", STATION])
            .assert()
    };
    for _ in 0..3 {
        attempt("0000")
            .failure()
            .stderr(predicate::str::contains("waiting").not());
    }
    // The fourth attempt waits a second before it is answered, right PIN or not.
    let started = std::time::Instant::now();
    attempt(PIN).success().stderr(predicate::str::contains(
        "3 wrong PINs for this operator in the last 15 minutes: waiting 1 s",
    ));
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
}

#[test]
fn a_right_pin_ends_the_slowdown() {
    let db = Db::sample();
    let x = &register::ready_home_not_of(STATION)[0].barcode;
    let attempt = |pin: &str, args: &[&str]| db.as_(QM).env("DEPOT_PIN", pin).args(args).assert();
    let out = ["checkout", x, "--to", STATION];
    for _ in 0..3 {
        attempt("0000", &out).failure();
    }
    // The right PIN waits out the slowdown it came into, and ends it.
    attempt(PIN, &out)
        .success()
        .stderr(predicate::str::contains("waiting 1 s"));
    attempt(PIN, &["checkin", x])
        .success()
        .stderr(predicate::str::contains("waiting").not());
    // A first slip after it costs nothing either.
    attempt("0000", &out)
        .failure()
        .stderr(predicate::str::contains("waiting").not());
}
