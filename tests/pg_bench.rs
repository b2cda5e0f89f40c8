//! Timings of the PostgreSQL engine beside their floors, on the throwaway test server. Ignored
//! in the suite (they take a while); run them with
//! `DEPOT_TEST_PG=… cargo test --release --test pg_bench -- --ignored --nocapture --test-threads 1`
//! (`DEPOT_PG_BENCH_N`: assets to import, default 100 000, plus a tenth as many lots).

#![allow(clippy::unwrap_used)]

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use depot::domain::movement::{Action, Change, NewMovement};
use depot::domain::{
    CatalogItem, Category, Stock, Tracking, Unit, UnitKind, Warehouse, WarehouseLevel,
};
use depot::store::postgres::testing::TestDb;
use depot::store::postgres::{Mode, PgStore};
use rust_decimal::Decimal;

fn n() -> u32 {
    std::env::var("DEPOT_PG_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset()
}

fn mv(action: Action, barcode: &str, item: &str, q: Decimal, to: Option<&str>) -> NewMovement {
    NewMovement {
        at: now(),
        action,
        barcode: barcode.into(),
        item: item.into(),
        quantity: q,
        from: None,
        to: to.map(Into::into),
        operator: "bench".into(),
        reference: None,
        reason: None,
        changes: Vec::new(),
    }
}

fn setup(s: &PgStore) {
    s.write(|w| -> Result<(), depot::Error> {
        w.put_unit(&Unit {
            code: "ZHAN-1".into(),
            name: "一站".into(),
            kind: UnitKind::Station,
            parent: None,
            class: None,
        })?;
        w.put_warehouse(&Warehouse {
            code: "CK".into(),
            name: "库".into(),
            level: WarehouseLevel::City,
            unit: "ZHAN-1".into(),
            agreement: false,
            partner: None,
        })?;
        for (code, tracking, uom) in [("V1", Tracking::Serial, "台"), ("F1", Tracking::Lot, "kg")]
        {
            w.put_item(&CatalogItem {
                code: code.into(),
                name: code.into(),
                category: Category::Rescue,
                tracking,
                uom: uom.into(),
                life_years: Some(8),
                inspect_days: None,
                high_end: false,
                unit_price: None,
            })?;
        }
        Ok(())
    })
    .unwrap();
}

fn import(s: &PgStore, n: u32) {
    s.write(|w| {
        w.batched(|w| -> Result<(), depot::Error> {
            for i in 0..n {
                let mut m = mv(
                    Action::Opening,
                    &format!("A{i:07}"),
                    "V1",
                    Decimal::ONE,
                    Some("ZHAN-1"),
                );
                m.changes = vec![
                    Change::Commissioned(Some("2019-03-01".parse().unwrap())),
                    Change::Serial(Some(format!("S{i}"))),
                ];
                w.apply(m)?;
                if i % 10 == 0 {
                    let mut l = mv(
                        Action::Opening,
                        &format!("L{i:07}"),
                        "F1",
                        Decimal::new(125, 1),
                        Some("CK"),
                    );
                    l.changes = vec![Change::Expires(Some("2028-01-01".parse().unwrap()))];
                    w.apply(l)?;
                }
            }
            Ok(())
        })
    })
    .unwrap();
}

fn psql(url: &str, args: &[&str]) {
    let out = Command::new("psql")
        .arg(url)
        .args(["-v", "ON_ERROR_STOP=1", "-q"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore]
fn import_beside_psql_copy() {
    let Some(db) = TestDb::new() else { return };
    let n = n();
    let s = PgStore::create(&db.url).unwrap();
    setup(&s);
    let t = Instant::now();
    import(&s, n);
    let depot = t.elapsed();
    let dir = tempfile::tempdir().unwrap();
    let (ledger, stock) = (dir.path().join("ledger"), dir.path().join("stock"));
    psql(
        &db.url,
        &[
            "-c",
            &format!("\\copy depot.ledger TO '{}'", ledger.display()),
            "-c",
            &format!("\\copy depot.stock TO '{}'", stock.display()),
        ],
    );
    let Some(floor_db) = TestDb::new() else {
        return;
    };
    let f = PgStore::create(&floor_db.url).unwrap();
    setup(&f);
    drop(f);
    let t = Instant::now();
    psql(
        &floor_db.url,
        &[
            "-1",
            "-c",
            &format!("\\copy depot.ledger FROM '{}'", ledger.display()),
            "-c",
            &format!("\\copy depot.stock FROM '{}'", stock.display()),
        ],
    );
    let floor = t.elapsed();
    println!(
        "import of {n} assets + {} lots: depot {:.2} s, psql \\copy of the same rows {:.2} s ({:.2}×; goal ≤ 2×)",
        n.div_ceil(10),
        depot.as_secs_f64(),
        floor.as_secs_f64(),
        depot.as_secs_f64() / floor.as_secs_f64()
    );
    // The same file again, changing every asset: an import over an existing register.
    let t = Instant::now();
    s.write(|w| {
        w.batched(|w| -> Result<(), depot::Error> {
            for i in 0..n {
                let b = format!("A{i:07}");
                assert!(depot::store::StockView::stock(w, &b)?.is_some());
                let mut m = mv(Action::Update, &b, "V1", Decimal::ONE, None);
                m.changes = vec![Change::Serial(Some(format!("T{i}")))];
                w.apply(m)?;
            }
            Ok(())
        })
    })
    .unwrap();
    println!(
        "the same {n} assets imported again, each changed: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let r = s.read().unwrap();
    let t = Instant::now();
    let mut held = 0u64;
    r.scan_stock(
        depot::store::End::First,
        |_, _| -> Result<_, depot::store::StoreError> {
            held += 1;
            Ok(std::ops::ControlFlow::Continue(()))
        },
    )
    .unwrap();
    let scan = t.elapsed();
    let t = Instant::now();
    psql(
        &db.url,
        &[
            "-c",
            "\\copy (SELECT barcode, kind, item, owner, module, serial, location, status, \
             commissioned, last_inspected, plate, due, lot, quantity, expires, received, \
             head_seq, head_at FROM depot.stock ORDER BY barcode) TO '/dev/null' (FORMAT binary)",
        ],
    );
    let to_psql = t.elapsed();
    let t = Instant::now();
    let claims = depot::store::Claims::new(held, 8192);
    let seen = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|sc| {
        for end in [depot::store::End::First, depot::store::End::Last] {
            let (r, claims, seen) = (&r, &claims, &seen);
            sc.spawn(move || {
                r.scan_claimed(
                    end,
                    claims,
                    |_, _| -> Result<(), depot::store::StoreError> {
                        seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        Ok(())
                    },
                )
                .unwrap();
            });
        }
    });
    assert_eq!(seen.into_inner(), held);
    println!(
        "a scan of the {held} stock rows: one stream {:.2} s, from both ends at once {:.2} s (the same rows sent to psql: {:.2} s)",
        scan.as_secs_f64(),
        t.elapsed().as_secs_f64(),
        to_psql.as_secs_f64()
    );
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// `threads` terminals, each scanning its own barcodes out and back in `per` times with
/// `scan`; prints the throughput and the latencies.
fn run(label: &str, threads: usize, per: usize, scan: impl Fn(usize, usize) + Sync) {
    let t = Instant::now();
    let mut all: Vec<Duration> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..threads)
            .map(|k| {
                let scan = &scan;
                sc.spawn(move || {
                    (0..per)
                        .map(|i| {
                            let t = Instant::now();
                            scan(k, i);
                            t.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let total = t.elapsed();
    all.sort();
    println!(
        "{label}, {threads} terminal(s): {:.0} scans/s, p50 {:.2} ms, p99 {:.2} ms",
        all.len() as f64 / total.as_secs_f64(),
        percentile(&all, 0.5),
        percentile(&all, 0.99)
    );
}

#[test]
#[ignore]
fn scans_beside_a_plain_sql_client() {
    let Some(db) = TestDb::new() else { return };
    let s = PgStore::create(&db.url).unwrap();
    setup(&s);
    import(&s, 2000);
    drop(s);
    let per = 300;
    for threads in [1, 4, 8] {
        let stores: Vec<PgStore> = (0..threads)
            .map(|_| PgStore::open(&db.url, Mode::Existing).unwrap())
            .collect();
        run("depot", threads, per, |k, i| {
            let b = format!("A{:07}", k * 200 + i % 200);
            stores[k]
                .write(|w| -> Result<(), depot::Error> {
                    let out = matches!(w.stock_head(&b)?, Some((_, Stock::Asset(a))) if a.location.is_some());
                    w.last_movement_near(&b, now(), 2)?;
                    let action = if out { Action::Checkin } else { Action::Checkout };
                    w.apply(mv(action, &b, "V1", Decimal::ONE, Some("INC-1")))?;
                    Ok(())
                })
                .unwrap();
        });
        // The same transaction from a minimal client: lock, read, append, update, commit.
        let clients: Vec<std::sync::Mutex<postgres::Client>> = (0..threads)
            .map(|_| {
                let mut c = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
                c.batch_execute("SET search_path TO depot").unwrap();
                std::sync::Mutex::new(c)
            })
            .collect();
        run("plain SQL", threads, per, |k, i| {
            let b = format!("A{:07}", k * 200 + 100 + i % 100);
            let mut c = clients[k].lock().unwrap();
            let mut t = c.transaction().unwrap();
            let head = t
                .query_one("SELECT seq FROM chain FOR UPDATE", &[])
                .unwrap();
            let seq: i64 = head.get::<_, i64>(0) + 1;
            let row = t
                .query_one(
                    "SELECT location, head_seq FROM stock WHERE barcode = $1",
                    &[&b],
                )
                .unwrap();
            let location: Option<String> = row.get(0);
            let before: Option<i64> = row.get(1);
            let hash = [7u8; 32];
            t.execute(
                "INSERT INTO ledger (seq, at, at_offset, action, barcode, item, quantity, \
                 operator, change_keys, change_values, prev_hash, hash, before) \
                 VALUES ($1, now(), 28800, $2, $3, 'V1', 1, 'bench', '{}', '{}', $4, $4, $5)",
                &[
                    &seq,
                    &if location.is_some() {
                        "checkin"
                    } else {
                        "checkout"
                    },
                    &b,
                    &hash.as_slice(),
                    &before,
                ],
            )
            .unwrap();
            let to: Option<&str> = if location.is_some() {
                None
            } else {
                Some("INC-1")
            };
            t.execute(
                "UPDATE stock SET location = $2, head_seq = $3, head_at = now() WHERE barcode = $1",
                &[&b, &to, &seq],
            )
            .unwrap();
            t.execute(
                "UPDATE chain SET seq = $1, hash = $2",
                &[&seq, &hash.as_slice()],
            )
            .unwrap();
            t.commit().unwrap();
        });
    }
}
