//! Several terminals on one PostgreSQL database (issue 13, point 4): eight `depot scan`
//! processes, four checking out and four checking in, scan overlapping codes at once, a
//! few milliseconds a code. Afterwards every scan answered OK is exactly one movement in
//! the ledger (nothing lost, nothing doubled), the ledger is one chain (`verify`), each code's
//! movements alternate out and in (no asset checked out twice), and every refusal is one a
//! person can act on: never a serialization failure or a deadlock. Skipped, with a line, where
//! no PostgreSQL test server runs (`tools/test.sh` starts one; CI requires it).
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use depot_service::store::{Access, Location};
use depot_service::verify;
use depot_store_postgres::testing::TestDb;

use depot_testkit::register::*;
use depot_testkit::terminals::{self, Feed, STATION};

const TERMINALS: usize = 8;
const SCANS: usize = 2000;
const CODES: usize = 300;

#[test]
fn eight_terminals_scanning_overlapping_codes_lose_nothing_and_double_nothing() {
    let Some(db) = TestDb::new() else {
        return;
    };
    let (store, codes) = terminals::register(&db.url, TERMINALS, CODES);
    let before = store.read().unwrap().ledger_head().unwrap().0;
    let feed = Feed {
        bin: Path::new(env!("CARGO_BIN_EXE_depot")),
        url: &db.url,
        codes: &codes,
        terminals: TERMINALS,
        scans: SCANS,
        gate_at: None,
        gate: Arc::new(AtomicBool::new(true)),
    };
    let answered = terminals::finish(terminals::start(&feed));
    let oks = terminals::check(&store, before, &answered, SCANS, &|rest, _| {
        terminals::refused_by_the_rules(rest)
    });
    assert!(oks > 100, "the terminals did work: {oks} scans applied");
    let v = verify::verify(&store).unwrap();
    assert!(v.ok(), "{v:?}");
}

/// A scanner's double read that lands on two terminals (a code scanned at the door and again
/// at the shelf a moment later, to the same station) is applied once: the repeat guard reads
/// the other terminal's commit. The same code checked out at one terminal and then at another
/// to another place is refused, naming who has it.
#[test]
fn the_repeat_guard_and_the_checked_out_rule_hold_across_terminals() {
    let Some(db) = TestDb::new() else {
        return;
    };
    let at = Location::Server(db.url.clone());
    let door = depot_service::store::at(&at, Access::Create).unwrap();
    import_sample(&door);
    let shelf = depot_service::store::at(&at, Access::Existing).unwrap();
    let codes = ready_home_not_of(STATION);
    let (x, y) = (b(&codes[0].barcode), b(&codes[1].barcode));
    let out = |to: &str| depot_service::workflow::CheckoutReq {
        to: Some(to.into()),
        ..Default::default()
    };
    let head = door.read().unwrap().ledger_head().unwrap().0;
    depot_service::workflow::checkout(&door, &ctx(OFFICER), &x, &out(STATION)).unwrap();
    let again = depot_service::workflow::checkout(&shelf, &ctx(OFFICER), &x, &out(STATION))
        .unwrap_err()
        .to_string();
    assert!(again.starts_with("repeat scan"), "{again}");
    depot_service::workflow::checkout(&shelf, &ctx(OFFICER), &y, &out(STATION)).unwrap();
    let elsewhere = depot_service::workflow::checkout(&door, &ctx(OFFICER), &y, &out("ZHAN-0101"))
        .unwrap_err()
        .to_string();
    assert!(
        elsewhere.contains(&format!(
            "already checked out to {STATION} (by {OFFICER} at "
        )),
        "{elsewhere}"
    );
    assert_eq!(door.read().unwrap().ledger_head().unwrap().0, head + 2);
}
