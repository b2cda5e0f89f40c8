//! `depot digest --send` and `depot notify` on PostgreSQL, with exactly the credentials the
//! README's recipe gives the terminals: the officer adds a recipient, a quartermaster sends
//! the digest to a webhook on 127.0.0.1 (once, not again while it is the same), and the owner
//! reads what was sent and the audit log; a digest delivered whose record the database refuses
//! is sent again on the next run, once. Skipped, with a line, where no PostgreSQL test server
//! runs.
#![allow(clippy::unwrap_used)]

use std::process::Command;

use depot_testkit::recipe;
use depot_testkit::register::{OFFICER, QM};
use depot_testkit::webhook::listener as hook;

fn depot(db: &str, op: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_depot"))
        .args(["--db", db, "--lang", "en", "--operator", op])
        .args(args)
        .env_remove("DEPOT_OPERATOR")
        .env_remove("DEPOT_DB")
        .env_remove("DEPOT_PIN")
        .output()
        .unwrap()
}

#[test]
fn the_terminals_role_sends_the_digest_once_and_records_it() {
    let Some(site) = recipe::Site::new("n") else {
        return;
    };
    let owner_url = site.owned_database();
    let init = depot(&owner_url, OFFICER, &["init", "--sample"]);
    assert!(init.status.success(), "{init:?}");
    let terminal = site.grant_recipe();
    let ok = |op: &str, args: &[&str]| {
        let out = depot(&terminal, op, args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    ok(OFFICER, &["operator", "add", QM, "--role", "quartermaster"]);
    let (url, bodies) = hook();
    ok(
        OFFICER,
        &["notify", "add", "quartermaster", "webhook", &url],
    );
    let refused = depot(
        &terminal,
        QM,
        &["notify", "add", "quartermaster", "mail", "li@example.cn"],
    );
    assert!(!refused.status.success());
    for _ in 0..2 {
        ok(QM, &["digest", "--send", "--as-of", "2026-03-01"]);
    }
    assert_eq!(bodies.lock().unwrap().len(), 1);
    let mut c = postgres::Client::connect(&owner_url, postgres::NoTls).unwrap();
    let sent: i64 = c
        .query_one(
            "SELECT count(*) FROM depot.digests_sent WHERE address = $1",
            &[&url],
        )
        .unwrap()
        .get(0);
    assert_eq!(sent, 1);
    let logged: i64 = c
        .query_one(
            "SELECT count(*) FROM depot.audit WHERE operator = $1 AND action LIKE 'digest send %'",
            &[&QM],
        )
        .unwrap()
        .get(0);
    assert_eq!(logged, 1);
    assert!(ok(QM, &["notify", "list"]).contains("last sent"));

    // Delivered, but the record refused (the terminals' role may no longer write it): said,
    // and the run stops; the next run sends it again, once, and then not again.
    let (url2, bodies2) = hook();
    ok(OFFICER, &["notify", "add", "ZHAN-0101", "webhook", &url2]);
    let role = format!("\"{}\"", site.role);
    c.batch_execute(&format!(
        "REVOKE INSERT, UPDATE ON depot.digests_sent FROM {role}"
    ))
    .unwrap();
    let out = depot(
        &terminal,
        QM,
        &["digest", "--send", "--as-of", "2026-03-01"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "ZHAN-0101's digest went to {url2}, but recording it failed"
        )),
        "{err}"
    );
    assert_eq!(bodies2.lock().unwrap().len(), 1);
    c.batch_execute(&format!(
        "GRANT INSERT, UPDATE ON depot.digests_sent TO {role}"
    ))
    .unwrap();
    for _ in 0..2 {
        ok(QM, &["digest", "--send", "--as-of", "2026-03-01"]);
    }
    assert_eq!(bodies2.lock().unwrap().len(), 2, "sent again once");
    assert_eq!(bodies.lock().unwrap().len(), 1);
}
