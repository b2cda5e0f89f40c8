//! Damaged and foreign files given as the database: truncated, empty, bit-flipped, not redb,
//! of a newer schema, a folder. Each gets its own clear message (damaged: restore from a
//! backup; foreign: check the path; newer: use a newer depot), never a panic, and the file is
//! never changed.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Output;

use depot_testkit::cli;
use depot_testkit::cli::Env;

/// A small database, closed cleanly, and its bytes.
fn sound() -> (Env, Vec<u8>) {
    let env = Env::reference();
    env.write(
        "a.csv",
        format!(
            "{}QZK001,V-SG,,ZHAN-0001,,,,2020-01-01,,\nQZK002,V-SG,,ZHAN-0001,,,,2021-01-01,,\n",
            cli::ASSETS_HEADER
        ),
    );
    env.depot()
        .args(["import", "assets", "a.csv"])
        .assert()
        .success();
    let bytes = std::fs::read(&env.db).unwrap();
    (env, bytes)
}

fn run(env: &Env, args: &[&str]) -> Output {
    env.depot().args(args).output().unwrap()
}

/// Runs a reading and a writing command; both must fail with `message`, without a panic, and
/// leave the file as `bytes`.
fn refused(env: &Env, bytes: &[u8], message: &str) {
    for args in [
        &["status"][..],
        &["verify"],
        &["checkout", "QZK001", "--to", "ZHAN-0002"],
    ] {
        let out = run(env, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            err.contains(message),
            "{args:?}: expected '{message}', got: {err}"
        );
        assert_eq!(
            std::fs::read(&env.db).unwrap(),
            bytes,
            "{args:?} changed the file"
        );
    }
}

#[test]
fn a_truncated_file_is_damaged_and_left_alone() {
    let (env, bytes) = sound();
    for cut in [bytes.len() / 2, 4096, 600, 100] {
        let part = bytes[..cut].to_vec();
        std::fs::write(&env.db, &part).unwrap();
        refused(&env, &part, "is damaged");
        refused(&env, &part, "restore it from a backup");
    }
}

#[test]
fn an_empty_file_says_so() {
    let (env, _) = sound();
    std::fs::write(&env.db, b"").unwrap();
    refused(&env, b"", "is empty (0 bytes)");
}

#[test]
fn files_of_other_programs_are_foreign() {
    let (env, _) = sound();
    for bytes in [
        &b"SQLite format 3\0 and more of a SQLite file"[..],
        b"barcode,item\nQZ1,V-SG\n",
        &[0u8; 8192],
    ] {
        std::fs::write(&env.db, bytes).unwrap();
        refused(&env, bytes, "is not a depot database");
        refused(&env, bytes, "check the path");
    }
}

#[test]
fn a_folder_given_as_the_database_leaves_nothing_behind() {
    let env = Env::new();
    let dir = env.path("a-folder");
    std::fs::create_dir(&dir).unwrap();
    for args in [&["status"][..], &["init"], &["verify"]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_depot"))
            .env_remove("DEPOT_DB")
            .args(["--operator", cli::OPERATOR, "--db", dir.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(
            err.contains("is a folder, not a database file"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    assert!(!Path::new(&format!("{}-wal", dir.display())).exists());
}

/// Bits flipped all over a database that was closed cleanly: `verify` (which opens read-only)
/// either finds the register sound (the flip hit unused space), or says what is damaged; it
/// never panics and never changes the file. Commands that write say the file is damaged, or
/// work on a file whose damage they did not touch; none panics.
#[test]
fn bit_flips_anywhere_never_crash_and_verify_never_writes() {
    let (env, bytes) = sound();
    let step = (bytes.len() / 97).max(1);
    let mut said_damaged = 0;
    for (i, at) in (0..bytes.len()).step_by(step).enumerate() {
        let mut flipped = bytes.clone();
        flipped[at] ^= 1 << (i % 8);
        std::fs::write(&env.db, &flipped).unwrap();
        let out = run(&env, &["verify"]);
        let err = String::from_utf8_lossy(&out.stderr);
        let text = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
        assert_ne!(
            out.status.code(),
            Some(101),
            "flip at {at}: panicked: {err}"
        );
        assert!(!err.contains("panicked"), "flip at {at}: {err}");
        if !out.status.success() {
            said_damaged += 1;
            assert!(
                text.contains("damaged")
                    || text.contains("not a depot database")
                    || text.contains("seq"),
                "flip at {at}: verify failed without saying why: {text}"
            );
        }
        if !err.contains("was not closed cleanly") {
            assert_eq!(
                std::fs::read(&env.db).unwrap(),
                flipped,
                "flip at {at}: verify changed the file"
            );
        }
        let out = run(&env, &["checkout", "QZK001", "--to", "ZHAN-0002"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(
            out.status.code(),
            Some(101),
            "flip at {at}: checkout panicked: {err}"
        );
        assert!(!err.contains("panicked"), "flip at {at}: {err}");
    }
    assert!(said_damaged > 0, "no flip was noticed at all");
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    // The schema version is checked by the read-only probe, before anything is written.
    let (env, _) = sound();
    {
        let db = redb::Database::create(&env.db).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(redb::TableDefinition::<&str, &[u8]>::new("meta"))
            .unwrap()
            .insert(
                "schema_version",
                (depot_service::store::SCHEMA_VERSION + 1)
                    .to_le_bytes()
                    .as_slice(),
            )
            .unwrap();
        txn.commit().unwrap();
    }
    let bytes = std::fs::read(&env.db).unwrap();
    refused(&env, &bytes, "was written by a newer depot");
    refused(&env, &bytes, "use a newer depot");
}
