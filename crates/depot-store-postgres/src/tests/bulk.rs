//! Batches sent with COPY, scans from both ends, concurrent writers, and tampering.

#![allow(clippy::unwrap_used)]

use super::*;
use depot_store::Store;

/// `n` assets and `n / 10` lots received, in one batch, on either engine's writer.
macro_rules! import {
    ($w:expr, $n:expr) => {{
        let w = $w;
        w.batched(|w| -> Result<(), depot_store::ApplyError> {
            for i in 0..$n {
                let b = format!("A{i:05}");
                let mut m = mv(
                    "2026-02-01T08:00:00+08:00",
                    Action::Opening,
                    &b,
                    "V1",
                    Decimal::ONE,
                    Some("ZHAN-1"),
                    vec![
                        Change::Commissioned(Some(day("2019-03-01"))),
                        Change::Serial(Some(b.clone())),
                    ],
                );
                m.reference = None;
                w.apply(m)?;
                if i % 10 == 0 {
                    let l = format!("L{i:05}");
                    w.apply(mv(
                        "2026-02-01T08:00:00+08:00",
                        Action::Opening,
                        &l,
                        "F1",
                        Decimal::new(i64::from(i) + 5, 1),
                        Some("CK"),
                        vec![Change::Expires(Some(day("2028-01-01")))],
                    ))?;
                    // A row of this batch, moved again before the batch is sent.
                    w.apply(mv(
                        "2026-02-01T09:00:00+08:00",
                        Action::Checkout,
                        &b,
                        "V1",
                        Decimal::ONE,
                        Some("INC-1"),
                        vec![],
                    ))?;
                    assert!(w.stock(&b)?.is_some());
                    let near = w.last_movement_near(&b, at("2026-02-01T09:00:10+08:00"), 60)?;
                    assert_eq!(near.map(|m| m.body.action), Some(Action::Checkout));
                }
            }
            Ok(())
        })
    }};
}

#[test]
fn a_batched_import_is_sent_with_copy_and_reads_back_as_on_redb() {
    let Some(db) = TestDb::new() else { return };
    let redb = Store::new(depot_store_redb::Store::in_memory().expect("a store in memory"));
    redb.write(|w| -> Result<(), depot_store::ApplyError> {
        for u in units() {
            w.put_unit(&u)?;
        }
        w.put_warehouse(&warehouse())?;
        for i in items() {
            w.put_item(&i)?;
        }
        import!(w, 3000u32)
    })
    .unwrap();
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    s.write(|w| import!(w, 3000u32)).unwrap();
    let (a, b) = (redb.read().unwrap(), s.read().unwrap());
    assert_eq!(b.stock_count().unwrap(), 3300);
    assert_eq!(
        a.ledger_head().unwrap(),
        b.ledger_head().unwrap(),
        "the same hashes"
    );
    assert_eq!(a.history("A00010").unwrap(), b.history("A00010").unwrap());
    assert_eq!(
        a.barcodes_by(Tag::Expiry, "20280101").unwrap(),
        b.barcodes_by(Tag::Expiry, "20280101").unwrap()
    );
    let (mut ra, mut rb) = (Vec::new(), Vec::new());
    a.for_each_stock(|row| -> Result<(), StoreError> {
        let bc = row.barcode();
        ra.push(format!("{bc} {:?}", row.to_stock()));
        Ok(())
    })
    .unwrap();
    b.for_each_stock(|row| -> Result<(), StoreError> {
        let bc = row.barcode();
        rb.push(format!("{bc} {:?}", row.to_stock()));
        Ok(())
    })
    .unwrap();
    assert_eq!(ra, rb);
    // A failing batch leaves nothing of itself, sent or not.
    let e = s.write(|w| {
        w.batched(|w| -> Result<(), depot_store::ApplyError> {
            for i in 0..200 {
                w.apply(mv(
                    "2026-03-01T08:00:00+08:00",
                    Action::Opening,
                    &format!("B{i}"),
                    "V1",
                    Decimal::ONE,
                    Some("ZHAN-1"),
                    vec![],
                ))?;
            }
            assert!(!w.history("B0")?.is_empty(), "a read sees the batch");
            Err(depot_store::ApplyError::UnknownItem("X".into()))
        })
    });
    assert!(e.is_err());
    // A batch that has read the fingerprints of every barcode still finds an existing one.
    let again = s.write(|w| {
        w.batched(|w| -> Result<(), depot_store::ApplyError> {
            for i in 0..300 {
                w.apply(mv(
                    "2026-03-01T08:00:00+08:00",
                    Action::Opening,
                    &format!("N{i}"),
                    "V1",
                    Decimal::ONE,
                    Some("ZHAN-1"),
                    vec![],
                ))?;
            }
            w.apply(mv(
                "2026-03-01T08:00:00+08:00",
                Action::Opening,
                "A00005",
                "V1",
                Decimal::ONE,
                Some("ZHAN-1"),
                vec![],
            ))?;
            Ok(())
        })
    });
    let again = again.unwrap_err().to_string();
    assert!(again.contains("already exists"), "{again}");
    let r = s.read().unwrap();
    assert_eq!(r.stock_count().unwrap(), 3300);
    assert_eq!(r.ledger_head().unwrap(), a.ledger_head().unwrap());
    // Two ends of a claimed scan visit every row of the snapshot once (the second on a
    // connection of its own, in the same snapshot: a row written since is not seen).
    s.write(|w| {
        w.apply(mv(
            "2026-03-02T08:00:00+08:00",
            Action::Opening,
            "ZZZ",
            "V1",
            Decimal::ONE,
            Some("ZHAN-1"),
            vec![],
        ))
    })
    .unwrap();
    for block in [64, 5000] {
        let claims = Claims::new(r.stock_count().unwrap(), block);
        let seen = std::sync::Mutex::new(Vec::new());
        std::thread::scope(|t| {
            for end in [End::First, End::Last] {
                let (r, claims, seen) = (&r, &claims, &seen);
                t.spawn(move || {
                    r.scan_claimed(end, claims, |b, _| -> Result<(), StoreError> {
                        seen.lock().unwrap().push(b.to_owned());
                        Ok(())
                    })
                    .unwrap();
                });
            }
        });
        let mut seen = seen.into_inner().unwrap();
        assert_eq!(seen.len(), 3300);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 3300);
        assert!(!seen.contains(&"ZZZ".to_owned()));
    }
    // A caller that goes on after a failed batch commits what the batch applied.
    s.write(|w| -> Result<(), depot_store::ApplyError> {
        let failed = w.batched(|w| -> Result<(), depot_store::ApplyError> {
            w.apply(mv(
                "2026-03-03T08:00:00+08:00",
                Action::Opening,
                "E1",
                "V1",
                Decimal::ONE,
                Some("ZHAN-1"),
                vec![],
            ))?;
            Err(depot_store::ApplyError::UnknownItem("X".into()))
        });
        assert!(failed.is_err());
        Ok(())
    })
    .unwrap();
    let after = s.read().unwrap();
    assert!(after.stock("E1").unwrap().is_some());
    assert_eq!(after.history("E1").unwrap().len(), 1);
    let chain = db
        .admin()
        .query_one("SELECT seq FROM depot.chain", &[])
        .unwrap();
    assert_eq!(
        chain.get::<_, i64>(0) as u64,
        after.ledger_head().unwrap().0
    );
    assert!(replays(&after) > 3300);
    // The snapshot goes on answering after its streams.
    assert_eq!(r.stock_count().unwrap(), 3300);
    assert_eq!(s.read().unwrap().stock_count().unwrap(), 3302);
}

/// An import changes reference data in its own transaction, so the store's copies of units and
/// warehouses (`cache.rs`) do not serve it; the owner the port checks at each new row is still
/// asked of the server once a code, not once a row (which cost a round trip a row).
#[test]
fn a_batched_import_asks_for_each_owner_once() {
    let Some(db) = TestDb::new() else { return };
    let pg = PgStore::create(&db.url).unwrap();
    let mut pw = pg.begin(None, false).unwrap();
    // Reads of units and warehouses in this transaction, by the server's count.
    let reads = |w: &crate::PgWriter<'_>| -> i64 {
        w.raw(|c| {
            let r = c.query_opt(
                "SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)::bigint \
                 FROM pg_stat_xact_user_tables WHERE relname IN ('units', 'warehouses')",
                &[],
            )?;
            Ok(r.map_or(0, |r| r.get::<_, i64>(0)))
        })
        .unwrap()
    };
    {
        let w: &mut depot_store::Writer<'_> = &mut pw;
        for u in units() {
            w.put_unit(&u).unwrap();
        }
        w.put_warehouse(&warehouse()).unwrap();
        for i in items() {
            w.put_item(&i).unwrap();
        }
    }
    let before = reads(&pw);
    {
        let w: &mut depot_store::Writer<'_> = &mut pw;
        import!(w, 300u32).unwrap();
    }
    let read = reads(&pw) - before;
    pg.end(pw, Ok(false)).unwrap();
    // 300 assets of ZHAN-1 and 30 lots of CK (a warehouse, so asked as a unit first): CK's
    // unit is the one code this transaction had not read or written.
    assert!(
        read <= 2,
        "{read} reads of units and warehouses for 330 new rows of two owners"
    );
}

/// A full batch is sent on a thread of its own while the writer goes on; when the server
/// refuses it, the transaction fails (whichever call finds out) and nothing of it is saved.
#[test]
fn a_batch_refused_while_the_writer_goes_on_saves_nothing() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    db.admin()
        .batch_execute(
            "CREATE FUNCTION depot.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.barcode = 'A00120' THEN RAISE EXCEPTION 'refused for the test'; END IF; \
             RETURN NEW; END $$; \
             CREATE TRIGGER refuse BEFORE INSERT ON depot.stock \
             FOR EACH ROW EXECUTE FUNCTION depot.refuse()",
        )
        .unwrap();
    let e = s.write(|w| import!(w, 300u32)).unwrap_err();
    assert!(e.to_string().contains("refused for the test"), "{e}");
    let r = s.read().unwrap();
    assert_eq!(r.stock_count().unwrap(), 0);
    assert_eq!(r.ledger_head().unwrap().0, 0);
    // The store goes on: the next transaction has a connection.
    s.write(|w| -> Result<(), StoreError> {
        w.put_warehouse(&warehouse())?;
        Ok(())
    })
    .unwrap();
}

/// A transaction that puts many units reads the whole table once (`writer/copies.rs`); what it
/// answers is still what redb answers: new, the same, changed, and the rows read back, in it
/// and after it.
#[test]
fn many_units_in_one_transaction_answer_as_on_redb() {
    let Some(db) = TestDb::new() else { return };
    let station = |i: u32, name: &str| depot_domain::Unit {
        code: format!("ZHAN-{i:03}").as_str().into(),
        name: name.to_owned(),
        kind: depot_domain::UnitKind::Station,
        parent: Some("ZD".into()),
        class: Some(StationClass::Level1),
    };
    let fill = |w: &mut depot_store::Writer<'_>| -> Result<String, StoreError> {
        let mut out = String::new();
        for round in 0..2 {
            for i in 0..150 {
                let name = if round == 1 && i % 50 == 7 {
                    "改"
                } else {
                    "站"
                };
                let u = station(i, name);
                writeln!(out, "{i} {:?}", w.put_unit(&u)?).unwrap();
                if i == 100 {
                    w.put_warehouse(&warehouse())?;
                }
            }
            for code in ["ZHAN-007", "ZHAN-149", "ZHAN-150", "CK", "ZD"] {
                writeln!(out, "{code} {:?} {:?}", w.unit(code)?, w.warehouse(code)?).unwrap();
            }
        }
        Ok(out)
    };
    let redb = Store::new(depot_store_redb::Store::in_memory().expect("a store in memory"));
    let pg = Store::new(PgStore::create(&db.url).unwrap());
    let mut answers = Vec::new();
    for s in [&redb, &pg] {
        s.write(|w| -> Result<(), StoreError> {
            for u in units() {
                w.put_unit(&u)?;
            }
            Ok(())
        })
        .unwrap();
        let written = s.write(|w| fill(w)).unwrap();
        let r = s.read().unwrap();
        answers.push((written, r.units().unwrap(), r.warehouses().unwrap()));
    }
    assert_eq!(answers[0], answers[1]);
    assert!(answers[1].0.contains("7 Changed"), "{}", answers[1].0);
    assert_eq!(answers[1].1.len(), 152);
}

#[test]
fn concurrent_writers_keep_one_gap_free_chain() {
    let Some(db) = TestDb::new() else { return };
    let first = Store::new(PgStore::create(&db.url).unwrap());
    setup(&first);
    first
        .write(|w| -> Result<(), depot_store::ApplyError> {
            for i in 0..10 {
                w.apply(mv(
                    "2026-01-01T08:00:00+08:00",
                    Action::Receive,
                    &format!("C{i}"),
                    "V1",
                    Decimal::ONE,
                    Some("ZHAN-1"),
                    vec![],
                ))?;
            }
            w.apply(mv(
                "2026-01-01T08:00:00+08:00",
                Action::Receive,
                "HOT",
                "V1",
                Decimal::ONE,
                Some("ZHAN-1"),
                vec![],
            ))?;
            Ok(())
        })
        .unwrap();
    let barrier = std::sync::Barrier::new(2);
    let won: Vec<usize> = std::thread::scope(|t| {
        let handles: Vec<_> = (0..2)
            .map(|n| {
                let (url, barrier) = (&db.url, &barrier);
                t.spawn(move || {
                    // A store of its own, as another terminal's process has.
                    let s = Store::new(PgStore::open(url, Mode::Existing).unwrap());
                    barrier.wait();
                    let hot = s
                        .write(|w| -> Result<bool, depot_store::ApplyError> {
                            let out = match w.stock("HOT")? {
                                Some(depot_domain::Stock::Asset(a)) => a.location.is_some(),
                                _ => true,
                            };
                            if out {
                                return Ok(false);
                            }
                            w.apply(mv(
                                "2026-01-02T08:00:00+08:00",
                                Action::Checkout,
                                "HOT",
                                "V1",
                                Decimal::ONE,
                                Some(if n == 0 { "INC-A" } else { "INC-B" }),
                                vec![],
                            ))?;
                            Ok(true)
                        })
                        .unwrap();
                    for i in 0..60 {
                        let b = format!("C{}", (i + n) % 10);
                        s.write(|w| -> Result<(), depot_store::ApplyError> {
                            let action = match w.stock(&b)? {
                                Some(depot_domain::Stock::Asset(a)) if a.location.is_some() => {
                                    Action::Checkin
                                }
                                _ => Action::Checkout,
                            };
                            w.apply(mv(
                                "2026-01-02T08:00:00+08:00",
                                action,
                                &b,
                                "V1",
                                Decimal::ONE,
                                Some("INC-1"),
                                vec![],
                            ))?;
                            Ok(())
                        })
                        .unwrap();
                    }
                    usize::from(hot)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(won.iter().sum::<usize>(), 1, "HOT is checked out once");
    let r = first.read().unwrap();
    let mut prev = (0, depot_domain::movement::GENESIS);
    r.for_each_movement(1, |m| -> Result<(), StoreError> {
        assert_eq!(m.seq, prev.0 + 1, "no gap");
        assert_eq!(m.prev_hash, prev.1, "no fork");
        assert!(m.hash_is_valid());
        prev = (m.seq, m.hash);
        Ok(())
    })
    .unwrap();
    assert_eq!(prev.0, 11 + 1 + 120);
    assert_eq!(replays(&r), prev.0);
    assert_eq!(r.ledger_head().unwrap(), prev);
    // Every barcode's history is whole: alternating check-outs and check-ins.
    for i in 0..10 {
        let h = r.history(&format!("C{i}")).unwrap();
        assert_eq!(h.len(), 13);
        for pair in h[1..].windows(2) {
            assert_ne!(pair[0].body.action, pair[1].body.action);
        }
    }
}

#[test]
fn tampering_for_verify_tests_goes_past_the_trigger() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    s.write(|w| -> Result<(), depot_store::ApplyError> {
        for m in movements() {
            w.apply(m)?;
        }
        Ok(())
    })
    .unwrap();
    let r = s.read().unwrap();
    let mut m = r.history("QZ1").unwrap().remove(1);
    drop(r);
    m.body.reason = Some("forged".into());
    s.write(|w| w.tamper_movement(&m)).unwrap();
    let forged = s.read().unwrap().history("QZ1").unwrap().remove(1);
    assert_eq!(forged.body.reason.as_deref(), Some("forged"));
    assert!(!forged.hash_is_valid());
    let opening = s.read().unwrap().history("L1").unwrap()[0].seq;
    s.write(|w| w.tamper_link(opening + 1, 1)).unwrap();
    assert!(
        s.read().unwrap().history("L1").is_err(),
        "a link to another barcode"
    );
    s.write(|w| w.tamper_truncate(10)).unwrap();
    assert_eq!(s.read().unwrap().ledger_head().unwrap().0, 9);
    let mut lot = match s.read().unwrap().stock("L1").unwrap() {
        Some(depot_domain::Stock::Lot(l)) => l,
        other => panic!("{other:?}"),
    };
    lot.quantity = Decimal::new(999, 0);
    s.write(|w| w.tamper_stock(&depot_domain::Stock::Lot(lot.clone())))
        .unwrap();
    let r = s.read().unwrap();
    assert_eq!(r.stock("L1").unwrap(), Some(depot_domain::Stock::Lot(lot)));
}

#[test]
fn a_batch_reading_ahead_sees_the_rows_there_and_its_own() {
    let Some(db) = TestDb::new() else { return };
    let s = Store::new(PgStore::create(&db.url).unwrap());
    setup(&s);
    let open = |b: &str| {
        mv(
            "2026-04-01T08:00:00+08:00",
            Action::Opening,
            b,
            "V1",
            Decimal::ONE,
            Some("ZHAN-1"),
            vec![],
        )
    };
    s.write(|w| -> Result<(), depot_store::ApplyError> {
        for i in 0..30 {
            w.apply(open(&format!("B{i:02}")))?;
        }
        Ok(())
    })
    .unwrap();
    s.write(|w| {
        w.batched(|w| -> Result<(), depot_store::ApplyError> {
            assert!(w.stock("B99")?.is_none());
            w.apply(open("B35"))?;
            assert!(w.stock("B34")?.is_none());
            // Read ahead from B345: nothing there on the server, and B35 in the batch.
            assert!(w.stock("B345")?.is_none());
            assert!(!w.history("B35")?.is_empty(), "the batch is sent");
            assert!(w.stock("B35")?.is_some(), "a row sent from the batch");
            // In barcode order, as an import asks: the rows on the server, a window at a time.
            for i in 0..40 {
                let b = format!("B{i:02}");
                let there = w.stock(&b)?.is_some();
                assert_eq!(there, i < 30 || i == 35, "{b}");
                if there {
                    w.apply(mv(
                        "2026-04-01T09:00:00+08:00",
                        Action::Update,
                        &b,
                        "V1",
                        Decimal::ONE,
                        None,
                        vec![Change::Serial(Some(format!("S{i}")))],
                    ))?;
                } else {
                    w.apply(open(&b))?;
                }
                let a = match w.stock(&b)? {
                    Some(depot_domain::Stock::Asset(a)) => a,
                    other => panic!("{other:?}"),
                };
                assert_eq!(a.serial.is_some(), there, "{b}");
            }
            Ok(())
        })
    })
    .unwrap();
    let r = s.read().unwrap();
    assert_eq!(r.stock_count().unwrap(), 40);
    assert_eq!(replays(&r), 30 + 1 + 40);
}
