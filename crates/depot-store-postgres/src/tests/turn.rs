//! A scan's turn in the chain taken at its commit (`writer/turn.rs`), on a real server: the
//! movement is placed after what other terminals committed meanwhile, with the hash the domain
//! gives it there, and the seq it took is told; a transaction whose reads changed before its
//! turn runs again, in turn; several programs opening an older register at once upgrade it
//! once.

use std::cell::Cell;

use depot_store::{Moved, Renumber, Store};

use super::{movements, replays};
use crate::testing::{Moment, TestDb, setup, units};
use crate::{Mode, PgStore};

/// A movement's seq as a transaction returns it.
#[derive(Debug, PartialEq, Eq)]
struct Seq(u64);

impl Renumber for Seq {
    fn renumber(&mut self, m: Moved) {
        if self.0 == m.sealed {
            self.0 = m.placed;
        }
    }
}

/// Two terminals on one database, the register's first five movements in it (four assets and
/// a lot received).
fn two_terminals(db: &TestDb) -> (Store, Store) {
    let a = Store::new(PgStore::open(&db.url, Mode::Create).unwrap());
    setup(&a);
    for m in movements().into_iter().take(5) {
        a.write(|w| w.apply(m)).unwrap();
    }
    let b = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    (a, b)
}

/// `b` receives more into the lot L1, stamped before `a`'s check-out of QZ1, as a scan.
fn other_scan(b: &Store) -> u64 {
    let m = movements().remove(5);
    b.write_for("L1", |w| w.apply(m.clone()).map(|(m, _)| Seq(m.seq)))
        .unwrap()
        .0
}

/// A scan sealed after the head it read is placed after the movement another terminal
/// committed before its turn, runs once, and is told the seq it took; the chain verifies (the
/// server's hash is the domain's).
#[test]
fn a_scan_is_placed_after_what_another_terminal_committed_meanwhile() {
    let Some(db) = TestDb::new() else { return };
    let (a, b) = two_terminals(&db);
    let runs = Cell::new(0);
    let checkout = movements().remove(6);
    let seq = a
        .write_for("QZ1", |w| {
            runs.set(runs.get() + 1);
            let (m, _) = w.apply(checkout.clone())?;
            assert_eq!(m.seq, 6, "sealed after the head it read");
            if runs.get() == 1 {
                assert_eq!(other_scan(&b), 6, "the other terminal did not wait");
            }
            Ok::<_, depot_store::ApplyError>(Seq(m.seq))
        })
        .unwrap();
    assert_eq!(runs.get(), 1);
    assert_eq!(seq, Seq(7), "told the seq it took");
    let r = a.read().unwrap();
    assert_eq!(replays(&r), 7);
    let placed = r.history("QZ1").unwrap().pop().unwrap();
    assert_eq!((placed.seq, placed.body), (7, movements().remove(6)));
}

/// A scan whose time is earlier than a movement committed before its turn is run again in
/// turn: the ledger's times never go back for what one clock stamped.
#[test]
fn a_scan_stamped_before_the_head_at_its_turn_runs_again() {
    let Some(db) = TestDb::new() else { return };
    let (a, b) = two_terminals(&db);
    let runs = Cell::new(0);
    // QZ2's repair starts a day after QZ1's check-out is stamped.
    let later = movements().remove(7);
    let seq = a
        .write_for("QZ1", |w| {
            runs.set(runs.get() + 1);
            if runs.get() == 1 {
                b.write_for("QZ2", |w| w.apply(later.clone()).map(|(m, _)| Seq(m.seq)))
                    .unwrap();
            }
            w.apply(movements().remove(6)).map(|(m, _)| Seq(m.seq))
        })
        .unwrap();
    assert_eq!(runs.get(), 2, "refused at its turn, then run in turn");
    assert_eq!(seq, Seq(7));
    assert_eq!(replays(&a.read().unwrap()), 7);
}

/// A scan that reads another stock row after its movement was sealed takes its turn there; the
/// chain having moved, it runs again in turn.
#[test]
fn a_scan_that_reads_on_after_its_seal_takes_its_turn_and_runs_again_when_the_chain_moved() {
    let Some(db) = TestDb::new() else { return };
    let (a, b) = two_terminals(&db);
    let runs = Cell::new(0);
    let seq = a
        .write_for("QZ1", |w| {
            runs.set(runs.get() + 1);
            let (m, _) = w.apply(movements().remove(6))?;
            if runs.get() == 1 {
                other_scan(&b);
            }
            // A second barcode's row: not what the transaction read as it began.
            w.stock("QZ2")?;
            Ok::<_, depot_store::ApplyError>(Seq(m.seq))
        })
        .unwrap();
    assert_eq!(runs.get(), 2);
    assert_eq!(seq, Seq(7), "sealed in turn the second time");
    assert_eq!(replays(&a.read().unwrap()), 7);
}

/// A scan that reads another stock row before it seals its movement takes its turn there and
/// seals after the head it finds: it runs once, though the chain moved.
#[test]
fn a_scan_that_reads_on_before_its_seal_takes_its_turn_and_seals_after_the_head_it_finds() {
    let Some(db) = TestDb::new() else { return };
    let (a, b) = two_terminals(&db);
    let runs = Cell::new(0);
    let seq = a
        .write_for("QZ1", |w| {
            runs.set(runs.get() + 1);
            if runs.get() == 1 {
                other_scan(&b);
            }
            w.stock("QZ2")?;
            let (m, _) = w.apply(movements().remove(6))?;
            assert_eq!(m.seq, 7, "sealed after the head found at the turn");
            Ok::<_, depot_store::ApplyError>(Seq(m.seq))
        })
        .unwrap();
    assert_eq!((runs.get(), seq), (1, Seq(7)));
    assert_eq!(replays(&a.read().unwrap()), 7);
}

/// Two movements in one scan's transaction, nobody else writing: the second takes the turn,
/// the chain has not moved, and both land in order, once.
#[test]
fn two_movements_in_one_scan_land_in_order() {
    let Some(db) = TestDb::new() else { return };
    let (a, _b) = two_terminals(&db);
    let runs = Cell::new(0);
    let seqs = a
        .write_for("QZ1", |w| {
            runs.set(runs.get() + 1);
            let (m1, _) = w.apply(movements().remove(6))?;
            let (m2, _) = w.apply(movements().remove(7))?;
            Ok::<_, depot_store::ApplyError>(vec![Seq(m1.seq), Seq(m2.seq)])
        })
        .unwrap();
    assert_eq!((runs.get(), seqs), (1, vec![Seq(6), Seq(7)]));
    assert_eq!(replays(&a.read().unwrap()), 7);
}

/// Reference data changed by another terminal before a scan's turn: the scan runs again, on
/// what that terminal committed.
#[test]
fn a_scan_whose_reference_data_changed_before_its_turn_runs_again() {
    let Some(db) = TestDb::new() else { return };
    let (a, b) = two_terminals(&db);
    let runs = Cell::new(0);
    let mut renamed = units()[1].clone();
    renamed.name = "改名的站".into();
    a.write_for("QZ1", |w| {
        runs.set(runs.get() + 1);
        if runs.get() == 1 {
            b.write(|w| w.put_unit(&renamed)).unwrap();
        }
        w.apply(movements().remove(6)).map(|(m, _)| Seq(m.seq))
    })
    .unwrap();
    assert_eq!(runs.get(), 2);
    assert_eq!(replays(&a.read().unwrap()), 6);
}

/// A scan that wrote nothing (a refusal answered in turn) leaves the ledger as it was.
#[test]
fn a_scan_that_writes_nothing_changes_nothing() {
    let Some(db) = TestDb::new() else { return };
    let (a, _b) = two_terminals(&db);
    let found = a
        .write_for("QZ1", |w| {
            let there = w.stock("QZ1")?.is_some();
            Ok::<_, depot_store::StoreError>(there.then_some(()))
        })
        .unwrap();
    assert_eq!(found, Some(()));
    assert_eq!(replays(&a.read().unwrap()), 5);
}

/// A placed scan whose connection broke after its COMMIT was answered is found done on a new
/// connection, and told the seq it took there.
#[test]
fn a_placed_scan_whose_answer_was_lost_is_found_done_where_it_was_placed() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let Some(db) = TestDb::new() else { return };
    let (a, b) = two_terminals(&db);
    drop(a);
    let store = PgStore::open(&db.url, Mode::Existing).unwrap();
    let (armed, cut) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let (url, on, done) = (db.url.clone(), armed.clone(), cut.clone());
    crate::testing::on_commit(
        &store,
        Box::new(move |moment, pid| {
            if moment == Moment::AfterCommit && on.swap(false, Ordering::SeqCst) {
                crate::testing::terminate(&url, pid);
                done.store(true, Ordering::SeqCst);
            }
        }),
    );
    let s = Store::new(store);
    armed.store(true, Ordering::SeqCst);
    let runs = Cell::new(0);
    let seq = s
        .write_for("QZ1", |w| {
            runs.set(runs.get() + 1);
            let (m, _) = w.apply(movements().remove(6))?;
            if runs.get() == 1 {
                other_scan(&b);
            }
            Ok::<_, depot_store::ApplyError>(Seq(m.seq))
        })
        .unwrap();
    assert!(cut.load(Ordering::SeqCst), "the connection was ended");
    assert_eq!((runs.get(), seq), (1, Seq(7)));
    assert_eq!(replays(&s.read().unwrap()), 7);
}

/// Terminals started together on a register of version 6 each open it: one upgrades it, the
/// others find it upgraded.
#[test]
fn several_programs_opening_an_older_register_at_once_upgrade_it_once() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    drop(s);
    db.admin()
        .batch_execute(
            "DROP TABLE depot.digest_lines, depot.travel_times, depot.place_locations; \
     DROP TABLE depot.digests_sent, depot.recipients; \
             DROP FUNCTION depot.turn(bigint, bigint, text, timestamptz, bytea, bytea), \
             depot.prune_commits(); UPDATE depot.schema_version SET version = 6",
        )
        .unwrap();
    std::thread::scope(|t| {
        let opened: Vec<_> = (0..4)
            .map(|_| t.spawn(|| PgStore::open(&db.url, Mode::Existing).map(|_| ())))
            .collect();
        for o in opened {
            o.join().unwrap().unwrap();
        }
    });
    assert_eq!(
        super::schema_version(&mut db.admin()),
        crate::SCHEMA_VERSION
    );
    let a = Store::new(PgStore::open(&db.url, Mode::Existing).unwrap());
    a.write_for("QZ1", |w| {
        w.apply(movements().remove(0)).map(|(m, _)| Seq(m.seq))
    })
    .unwrap();
    assert_eq!(replays(&a.read().unwrap()), 1);
}

/// A scan whose turn waits longer than a writer may wait for the chain (another program holds
/// it: an import) is said as such, as a transaction that waited as it began is, and changes
/// nothing.
#[test]
fn a_scan_whose_turn_waits_too_long_says_another_program_is_saving() {
    let Some(db) = TestDb::new() else { return };
    let (a, _b) = two_terminals(&db);
    let mut holder = db.admin();
    let e = a
        .write_for("QZ1", |w| {
            let sealed = w.apply(movements().remove(6)).map(|(m, _)| Seq(m.seq));
            // Another program takes the chain before this scan's turn, and keeps it.
            holder
                .batch_execute("BEGIN; SELECT 1 FROM depot.chain FOR UPDATE")
                .unwrap();
            sealed
        })
        .unwrap_err();
    holder.batch_execute("ROLLBACK").unwrap();
    let said = e.to_string();
    assert!(
        said.contains("another depot program has been saving"),
        "{said}"
    );
    assert_eq!(replays(&a.read().unwrap()), 5, "nothing changed");
}
