//! A connection that breaks at a write transaction's COMMIT, on a real server: the store finds
//! out on a new connection whether the commit happened, and says done, or not done with
//! nothing changed; never "may or may not". The server process is ended
//! (`pg_terminate_backend`) just before the COMMIT is sent, or just after it was answered and
//! before the flush that makes it durable.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use depot_store::Store;

use super::{movements, replays};
use crate::testing::{Moment, TestDb, on_commit, setup, terminate};
use crate::{Mode, PgStore};

/// A store on `db` whose first write transaction's connection is ended at `at` (once), and
/// how many times that was done.
fn cut_once(db: &TestDb, at: Moment) -> (Store, Arc<AtomicUsize>) {
    let store = PgStore::open(&db.url, Mode::Create).unwrap();
    let cuts = Arc::new(AtomicUsize::new(0));
    let armed = Arc::new(Mutex::new(false));
    let (url, n, on) = (db.url.clone(), cuts.clone(), armed.clone());
    on_commit(
        &store,
        Box::new(move |moment, pid| {
            let mut on = on.lock().unwrap();
            if *on && moment == at {
                *on = false;
                n.fetch_add(1, Ordering::SeqCst);
                terminate(&url, pid);
            }
        }),
    );
    let store = Store::new(store);
    setup(&store);
    *armed.lock().unwrap() = true;
    (store, cuts)
}

#[test]
fn a_commit_whose_answer_was_lost_is_found_done() {
    let Some(db) = TestDb::new() else { return };
    let (s, cuts) = cut_once(&db, Moment::AfterCommit);
    let m = movements().remove(0);
    let (mv, _) = s.write(|w| w.apply(m.clone())).unwrap();
    assert_eq!(cuts.load(Ordering::SeqCst), 1, "the connection was ended");
    assert_eq!(mv.seq, 1);
    let r = s.read().unwrap();
    assert_eq!(r.ledger_head().unwrap().0, 1, "done, once");
    assert_eq!(replays(&r), 1);
    drop(r);
    // The terminal carries on, on its new connection.
    let next = movements().remove(1);
    assert_eq!(s.write(|w| w.apply(next.clone())).unwrap().0.seq, 2);
}

#[test]
fn a_commit_cut_before_it_was_sent_is_said_not_done_and_changes_nothing() {
    let Some(db) = TestDb::new() else { return };
    let (s, cuts) = cut_once(&db, Moment::BeforeCommit);
    let m = movements().remove(0);
    let e = s.write(|w| w.apply(m.clone())).unwrap_err();
    assert_eq!(cuts.load(Ordering::SeqCst), 1, "the connection was ended");
    let said = e.to_string();
    let store_error = match e {
        depot_store::ApplyError::Store(e) => e,
        other => panic!("not the store's: {other}"),
    };
    assert!(store_error.connection_lost(), "{said}");
    assert!(said.contains("nothing of it was saved"), "{said}");
    assert!(
        store_error.zh().contains("任何内容都未保存"),
        "{}",
        store_error.zh()
    );
    let r = s.read().unwrap();
    assert_eq!(r.ledger_head().unwrap().0, 0, "nothing changed");
    assert_eq!(r.stock_count().unwrap(), 0);
    drop(r);
    // Done again, it lands once.
    assert_eq!(s.write(|w| w.apply(m.clone())).unwrap().0.seq, 1);
    assert_eq!(replays(&s.read().unwrap()), 1);
}

/// Every committed write transaction leaves its id, so that the look-up has something to find
/// whatever the transaction wrote (a movement, or only an audit entry).
#[test]
fn every_commit_leaves_its_id() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::open(&db.url, Mode::Create).unwrap());
    setup(&s);
    let mut admin = db.admin();
    let count = |c: &mut postgres::Client| -> i64 {
        c.query_one("SELECT count(*) FROM depot.commits", &[])
            .unwrap()
            .get(0)
    };
    let before = count(&mut admin);
    s.write(|w| w.apply(movements().remove(0))).unwrap();
    let entry = depot_store::AuditEntry {
        at: "2026-01-02T08:00:00+08:00".parse().unwrap(),
        operator: "li".into(),
        action: "sign in".into(),
        outcome: "refused: wrong PIN".into(),
    };
    s.write(|w| w.audit(&entry)).unwrap();
    assert_eq!(count(&mut admin), before + 2);
    let last: i64 = admin
        .query_one("SELECT max(last_seq) FROM depot.commits", &[])
        .unwrap()
        .get(0);
    assert_eq!(last, 1);
}

/// Commits of more than a day ago are pruned as a program opens the register; a recent one
/// stays, whatever its id (an id made before ids began with the clock is random).
#[test]
fn commits_of_more_than_a_day_ago_are_pruned_on_opening() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::open(&db.url, Mode::Create).unwrap());
    setup(&s);
    s.write(|w| w.apply(movements().remove(0))).unwrap();
    drop(s);
    let mut admin = db.admin();
    let nanos = |days_ago: i64| -> Vec<u8> {
        let t = chrono::Utc::now() - chrono::Duration::days(days_ago);
        let mut id = (t.timestamp_nanos_opt().unwrap() as u64)
            .to_be_bytes()
            .to_vec();
        id.extend_from_slice(&[7; 8]);
        id
    };
    let (old, random_recent) = (nanos(3), vec![1u8; 16]);
    let ids = |c: &mut postgres::Client| -> Vec<Vec<u8>> {
        c.query("SELECT id FROM depot.commits ORDER BY id", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let ours = ids(&mut admin);
    admin
        .execute(
            "INSERT INTO depot.commits (id, at, last_seq) VALUES \
             ($1, now() - interval '3 days', 1), ($2, now() - interval '1 hour', 1)",
            &[&old, &random_recent],
        )
        .unwrap();
    assert_eq!(ids(&mut admin).len(), ours.len() + 2);
    let s = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    let left = ids(&mut admin);
    assert!(!left.contains(&old), "the old commit is pruned");
    assert!(left.contains(&random_recent), "a recent one stays");
    assert!(
        ours.iter().all(|id| left.contains(id)),
        "the setup's own commits stay too"
    );
    assert_eq!(left.len(), ours.len() + 1);
    drop(s);
}
