//! Several terminals on one PostgreSQL database (issue 13, point 4): eight `depot scan`
//! processes, four checking out and four checking in, scan overlapping codes at once, a
//! few milliseconds a code. Afterwards every scan answered OK is exactly one movement in
//! the ledger (nothing lost, nothing doubled), the ledger is one chain (`verify`), each code's
//! movements alternate out and in (no asset checked out twice), and every refusal is one a
//! person can act on: never a serialization failure or a deadlock. Skipped, with a line, where
//! no PostgreSQL test server runs (`tools/test.sh` starts one; CI requires it).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use depot_domain::Action;
use depot_domain::access::Role;
use depot_service::store::{Access, Location};
use depot_service::{Ctx, access, verify};
use depot_store_postgres::testing::TestDb;

use depot_testkit::register::*;

const TERMINALS: usize = 8;
const SCANS: usize = 2000;
const CODES: usize = 300;
const STATION: &str = "ZHAN-0102";

/// A small random number generator, so the test needs no crate and each run differs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
}

#[test]
fn eight_terminals_scanning_overlapping_codes_lose_nothing_and_double_nothing() {
    let Some(db) = TestDb::new() else {
        return;
    };
    let at = Location::Server(db.url.clone());
    let store = depot_service::store::at(&at, Access::Create).unwrap();
    let report = depot_service::import::files::import(
        &store,
        &ctx(OFFICER),
        &depot_exchange::sample::sources(),
        depot_exchange::InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed(), "{:?}", report.problems);
    let officer = Ctx::new(Some(OFFICER)).unwrap();
    for t in 0..TERMINALS {
        access::add_operator(
            &store,
            &officer,
            &format!("T{t}"),
            Role::Quartermaster,
            None,
        )
        .unwrap();
    }
    let codes: Vec<String> = ready_home_not_of(STATION)
        .into_iter()
        .take(CODES)
        .map(|a| a.barcode)
        .collect();
    let before = store.read().unwrap().ledger_head().unwrap().0;

    let mut seed = 0x9e37_79b9_7f4a_7c15 ^ std::process::id() as u64;
    let terminals: Vec<_> = (0..TERMINALS)
        .map(|t| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(t as u64 + 1);
            let mut rng = Rng(seed | 1);
            let scans: Vec<String> = (0..SCANS)
                .map(|_| codes[rng.next() % codes.len()].clone())
                .collect();
            let mode = if t % 2 == 0 { "out" } else { "in" };
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_depot"));
            cmd.args(["--db", &db.url, "--lang", "en", "scan", "--mode", mode]);
            if mode == "out" {
                cmd.args(["--to", STATION]);
            }
            let mut child = cmd
                .env("DEPOT_OPERATOR", format!("T{t}"))
                .env_remove("DEPOT_PIN")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            // A scanner's pace: a code, then a few milliseconds.
            let feeder = std::thread::spawn(move || {
                for (i, code) in scans.iter().enumerate() {
                    writeln!(stdin, "{code}").unwrap();
                    stdin.flush().unwrap();
                    if i % 4 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                }
            });
            (mode, child, feeder)
        })
        .collect();

    // Every OK answer, as (barcode, action), counted.
    let mut answered: BTreeMap<(String, Action), usize> = BTreeMap::new();
    let mut oks = 0;
    for (mode, child, feeder) in terminals {
        feeder.join().unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), SCANS, "one answer per scan\n{stderr}");
        let action = if mode == "out" {
            Action::Checkout
        } else {
            Action::Checkin
        };
        for l in lines {
            let mut parts = l.splitn(3, ' ');
            let (word, code, rest) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap_or(""),
            );
            match word {
                "OK" => {
                    *answered.entry((code.to_owned(), action)).or_default() += 1;
                    oks += 1;
                }
                "ERROR" => assert!(
                    (rest.contains("is already checked out to") && rest.contains("(by T"))
                        || rest.contains("is not checked out")
                        || rest.starts_with("repeat scan"),
                    "a refusal a person cannot act on: {l}"
                ),
                _ => panic!("not an answer: {l}"),
            }
        }
    }

    let r = store.read().unwrap();
    let after = r.ledger_head().unwrap().0;
    assert_eq!(
        after - before,
        oks as u64,
        "every OK is one movement, and every movement was answered OK"
    );
    let mut written: BTreeMap<(String, Action), usize> = BTreeMap::new();
    let mut by_code: BTreeMap<String, Vec<Action>> = BTreeMap::new();
    r.for_each_movement(before + 1, |m| -> depot_service::Result<()> {
        let code = m.body.barcode.to_string();
        *written.entry((code.clone(), m.body.action)).or_default() += 1;
        by_code.entry(code).or_default().push(m.body.action);
        Ok(())
    })
    .unwrap();
    assert_eq!(
        written, answered,
        "the ledger holds exactly what was answered OK"
    );
    for (code, actions) in &by_code {
        for (i, a) in actions.iter().enumerate() {
            let want = if i % 2 == 0 {
                Action::Checkout
            } else {
                Action::Checkin
            };
            assert_eq!(*a, want, "{code} moved {actions:?}");
        }
    }
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
    let report = depot_service::import::files::import(
        &door,
        &ctx(OFFICER),
        &depot_exchange::sample::sources(),
        depot_exchange::InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed());
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
