//! A scan whose connection to the server breaks at its COMMIT (PostgreSQL): the scan station
//! and `depot scan` (both `scan::batch`) answer done when the commit happened, and do the scan
//! again, once and never twice, when it did not; the repeat guard does not turn that retry
//! into a refusal. A sign-in whose connection breaks is asked once more, as a scan is.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::Ctx;
use crate::scan::{self, Mode};
use crate::store::Store;
use crate::workflow::CheckoutReq;
use depot_domain::access::Role;

use depot_store_postgres::testing::{Moment, TestDb, on_commit, setup, terminate};
use depot_store_postgres::{Mode as Open, PgStore};

/// A register with asset A1 at ZHAN-1 and quartermaster ann, on a store whose connection is
/// ended at `at` of the next `cuts` write transactions; the count of those done.
fn register(db: &TestDb, at: Moment, cuts: usize) -> (Store, Arc<AtomicUsize>) {
    let (s, done, left) = unarmed(db, at);
    *left.lock().unwrap() = cuts;
    (s, done)
}

/// The register of [`register`] with no cut to come yet: the cuts left, to set.
fn unarmed(db: &TestDb, at: Moment) -> (Store, Arc<AtomicUsize>, Arc<Mutex<usize>>) {
    let pg = PgStore::open(&db.url, Open::Create).unwrap();
    let done = Arc::new(AtomicUsize::new(0));
    let left = Arc::new(Mutex::new(0usize));
    let (url, n, l) = (db.url.clone(), done.clone(), left.clone());
    on_commit(
        &pg,
        Box::new(move |moment, pid| {
            let mut l = l.lock().unwrap();
            if *l > 0 && moment == at {
                *l -= 1;
                n.fetch_add(1, Ordering::SeqCst);
                terminate(&url, pid);
            }
        }),
    );
    let s = Store::new(pg);
    setup(&s);
    super::operator_and_assets(&s, "ann", Role::Quartermaster, &["A1"]);
    (s, done, left)
}

fn check_out(s: &Store) -> scan::Answer {
    let mode = Mode::Out(CheckoutReq {
        to: Some("ZD".into()),
        ..CheckoutReq::default()
    });
    let ctx = Ctx::new(Some("ann")).unwrap();
    scan::batch(s, &ctx, &mode, &["A1".to_owned()])
        .unwrap()
        .remove(0)
}

fn movements(s: &Store) -> u64 {
    s.read().unwrap().ledger_head().unwrap().0
}

#[test]
fn a_scan_cut_before_its_commit_is_done_again_once_and_lands_once() {
    let Some(db) = TestDb::new() else { return };
    let (s, cuts) = register(&db, Moment::BeforeCommit, 1);
    let before = movements(&s);
    let a = check_out(&s);
    assert!(a.result.is_ok(), "{}", a.say(depot_domain::Lang::En));
    assert_eq!(cuts.load(Ordering::SeqCst), 1);
    assert_eq!(movements(&s), before + 1, "one check-out, not two");
    assert!(crate::verify::verify(&s).unwrap().ok());
}

#[test]
fn a_scan_whose_answer_was_lost_is_done_and_not_done_again() {
    let Some(db) = TestDb::new() else { return };
    let (s, cuts) = register(&db, Moment::AfterCommit, 1);
    let before = movements(&s);
    let a = check_out(&s);
    assert!(a.result.is_ok(), "{}", a.say(depot_domain::Lang::En));
    assert_eq!(cuts.load(Ordering::SeqCst), 1);
    assert_eq!(movements(&s), before + 1);
}

#[test]
fn a_scan_cut_twice_is_not_tried_a_third_time_and_changes_nothing() {
    let Some(db) = TestDb::new() else { return };
    let (s, cuts) = register(&db, Moment::BeforeCommit, 3);
    let before = movements(&s);
    let a = check_out(&s);
    assert_eq!(
        cuts.load(Ordering::SeqCst),
        2,
        "tried twice, never three times"
    );
    // Answered as not done, nothing saved: a stream goes on with its next code.
    let said = a.say(depot_domain::Lang::En);
    assert!(
        said.starts_with("ERROR A1 ") && said.contains("nothing of it was saved"),
        "{said}"
    );
    let zh = a.say(depot_domain::Lang::Zh);
    assert!(zh.contains("任何内容都未保存"), "{zh}");
    assert_eq!(movements(&s), before, "nothing changed");
    // Scanned again, it is cut once more (the last cut) and done again: it lands, once.
    assert!(check_out(&s).result.is_ok());
    assert_eq!(cuts.load(Ordering::SeqCst), 3);
    assert_eq!(movements(&s), before + 1);
}

/// A code whose look-up (the read before its write) meets a broken connection twice is
/// answered "nothing of it was saved", and the codes after it are still done: the stream of
/// `depot scan` and the station's burst do not end there.
#[test]
fn a_code_whose_look_up_is_cut_twice_is_answered_and_the_stream_goes_on() {
    let Some(db) = TestDb::new() else { return };
    let (s, cuts, left) = unarmed(&db, Moment::Read);
    let before = movements(&s);
    *left.lock().unwrap() = 2;
    let mode = Mode::Out(CheckoutReq {
        to: Some("ZD".into()),
        ..CheckoutReq::default()
    });
    let ctx = Ctx::new(Some("ann")).unwrap();
    let answers = scan::batch(&s, &ctx, &mode, &["A1".to_owned(), "A1".to_owned()])
        .expect("a look-up that failed is an answer, not the end of the stream");
    assert_eq!(
        cuts.load(Ordering::SeqCst),
        2,
        "looked up twice, not a third time"
    );
    let first = answers[0].say(depot_domain::Lang::En);
    assert!(
        first.starts_with("ERROR A1 ") && first.contains("nothing of it was saved"),
        "{first}"
    );
    assert!(
        answers[1].result.is_ok(),
        "{}",
        answers[1].say(depot_domain::Lang::En)
    );
    assert_eq!(movements(&s), before + 1, "the second code alone was done");
}

/// A sign-in whose connection breaks before the server answered (a restart, a process ended)
/// is asked once more on a new connection and signs the operator in; broken twice, it says
/// the connection was lost, and is not asked a third time.
#[test]
fn a_sign_in_cut_once_is_asked_again_and_cut_twice_says_so() {
    let Some(db) = TestDb::new() else { return };
    let (s, cuts, left) = unarmed(&db, Moment::SignIn);
    *left.lock().unwrap() = 1;
    let role = crate::access::sign_in(&s, "ann", None, &mut crate::access::Sleep)
        .expect("a sign-in cut once is asked again");
    assert_eq!(role, Some(Role::Quartermaster));
    assert_eq!(cuts.load(Ordering::SeqCst), 1);
    // Signed in on the new connection: a scan is done as ann.
    let before = movements(&s);
    assert!(check_out(&s).result.is_ok());
    assert_eq!(movements(&s), before + 1);

    *left.lock().unwrap() = 3;
    let e = crate::access::sign_in(&s, "ann", None, &mut crate::access::Sleep)
        .expect_err("cut twice, the sign-in is refused");
    assert!(
        matches!(&e, crate::Error::Store(s) if s.connection_lost()),
        "{e}"
    );
    assert_eq!(
        cuts.load(Ordering::SeqCst),
        3,
        "asked twice, never three times"
    );
}
