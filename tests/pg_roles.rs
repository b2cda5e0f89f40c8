//! The server holds the line itself: with exactly the credentials the README's recipe gives a
//! terminal (the terminals' role and its password, which every terminal holds), and a
//! quartermaster's PIN, a hand in SQL can neither make an operator an officer, nor read or
//! replace a PIN, change stock outside a movement, append a movement that breaks the chain or
//! is written in another's name or beyond the signed-in operator's role, remove or forge an
//! audit entry, nor sign in for another process; and PIN attempts are limited by the server.
//! Meanwhile depot itself, as that role, imports, scans, counts and adds operators as before.
//!
//! The register is made as the recipe makes it: an owner role of its own creates the database
//! and runs `depot init`; then the recipe's SQL block, cut from README.md's own text (the names
//! given a suffix of this test's, so it runs beside others on a shared server), runs in psql as
//! the server's superuser. Skipped, with a line, where no PostgreSQL test server runs.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::str::FromStr;

use depot_domain::access::Role;
use depot_service::access;
use depot_service::store::{Access, Location};
use pbkdf2::pbkdf2_hmac;
use rust_decimal::Decimal;
use sha2::Sha256;

use depot_testkit::recipe;
use depot_testkit::register::*;

const STATION: &str = "ZHAN-0102";
const QM_PIN: &str = "2468";
const OFFICER_PIN: &str = "1357";

/// The proof of `pin` a sign-in sends: PBKDF2-SHA256 under the operator's salt, as depot
/// computes it.
fn proof(pin: &str, salt: &[u8]) -> Vec<u8> {
    let mut out = [0u8; 32];
    pbkdf2_hmac::<Sha256>(pin.as_bytes(), salt, 100_000, &mut out);
    out.to_vec()
}

/// The server's refusal of `sql` on `c`: its message (the statement must fail).
fn refused(c: &mut postgres::Client, sql: &str) -> String {
    let e = c
        .batch_execute(sql)
        .expect_err(&format!("the terminals' role may not: {sql}"));
    e.as_db_error()
        .map(|d| d.message().to_owned())
        .unwrap_or_else(|| e.to_string())
}

/// What the register holds that no hand in SQL may change: the ledger, the stock, the
/// operators, the audit log (read as the owner).
fn state(owner: &str) -> Vec<String> {
    let mut c = postgres::Client::connect(owner, postgres::NoTls).unwrap();
    [
        "SELECT count(*)::text || max(seq)::text FROM depot.ledger",
        "SELECT md5(string_agg(s::text, ',' ORDER BY barcode)) FROM depot.stock s",
        "SELECT string_agg(o::text, ',' ORDER BY name) FROM depot.operators o",
        "SELECT count(*)::text FROM depot.audit",
    ]
    .iter()
    .map(|q| {
        c.query_one(*q, &[])
            .unwrap()
            .get::<_, Option<String>>(0)
            .unwrap_or_default()
    })
    .collect()
}

#[test]
fn the_terminals_credentials_cannot_get_past_the_server() {
    let Some(site) = recipe::Site::new("r") else {
        return;
    };
    // The owner, its database and `depot init`, as the recipe's first three lines make them.
    let owner_url = site.owned_database();
    let init = Command::new(env!("CARGO_BIN_EXE_depot"))
        .args(["--db", &owner_url, "--lang", "en", "init"])
        .env_remove("DEPOT_OPERATOR")
        .env_remove("DEPOT_DB")
        .output()
        .unwrap();
    assert!(init.status.success(), "{init:?}");
    // The recipe's SQL, word for word but for the names, in psql as the superuser.
    let terminal = site.grant_recipe();

    // A terminal, with the role's credentials: depot as usual. The register's first operator
    // signs in, imports the sample (and so becomes its officer), gives themselves a PIN and
    // adds a quartermaster with one.
    let store =
        depot_service::store::at(&Location::Server(terminal.clone()), Access::Existing).unwrap();
    assert_eq!(access::login(&store, OFFICER, None).unwrap(), None);
    import_sample(&store);
    access::add_operator(&store, &ctx(OFFICER), QM, Role::Quartermaster, Some(QM_PIN)).unwrap();
    access::add_operator(
        &store,
        &ctx(OFFICER),
        OFFICER,
        Role::Officer,
        Some(OFFICER_PIN),
    )
    .unwrap();
    // The terminals' role sees that they have a PIN, never the PIN.
    let seen = access::operators(&store).unwrap();
    assert!(
        seen.iter()
            .all(|o| o.pin == Some(depot_service::store::Pin::Withheld)),
        "{seen:?}"
    );
    assert_eq!(
        access::login(&store, OFFICER, Some(OFFICER_PIN)).unwrap(),
        Some(Role::Officer)
    );
    assert!(matches!(
        access::login(&store, QM, Some("0000")),
        Err(depot_service::Error::WrongPin(_))
    ));

    // The quartermaster scans a code out with `depot scan`, their PIN given as scripts give it.
    let code = ready_home_not_of(STATION)[0].barcode.clone();
    let mut scan = Command::new(env!("CARGO_BIN_EXE_depot"))
        .args(["--db", &terminal, "--lang", "en", "scan", "--mode", "out"])
        .args(["--to", STATION])
        .env("DEPOT_OPERATOR", QM)
        .env("DEPOT_PIN", QM_PIN)
        .env_remove("DEPOT_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(scan.stdin.take().unwrap(), "{code}").unwrap();
    let out = scan.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with(&format!("OK {code}")),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The quartermaster counts a lot short; the officer closes the count (an adjustment).
    let lot = lot_with_at_least(2);
    assert_eq!(
        access::login(&store, QM, Some(QM_PIN)).unwrap(),
        Some(Role::Quartermaster)
    );
    let id = depot_service::count::open(&store, &ctx(QM), &lot.owner, None).unwrap();
    let short = Decimal::from_str(&lot.quantity).unwrap() - Decimal::ONE;
    depot_service::count::scan(
        &store,
        &ctx(QM),
        id,
        &depot_domain::Barcode::new(lot.barcode.clone()),
        Some(short),
    )
    .unwrap();
    // A quartermaster may not close it, as ever.
    assert!(
        depot_service::count::close(&store, &ctx(QM), id, "count", true, &BTreeMap::new()).is_err()
    );
    access::login(&store, OFFICER, Some(OFFICER_PIN)).unwrap();
    depot_service::count::close(&store, &ctx(OFFICER), id, "count", true, &BTreeMap::new())
        .unwrap();
    let held = store.read().unwrap().stock(&lot.barcode).unwrap().unwrap();
    assert!(
        matches!(&held, depot_domain::Stock::Lot(l) if l.quantity == short),
        "{held:?}"
    );
    let verified = depot_service::verify::verify(&store).unwrap();
    assert!(verified.ok(), "{verified}");
    drop(store);

    // Now a hand in SQL, with the same credentials.
    let before = state(&owner_url);
    let mut c = postgres::Client::connect(&terminal, postgres::NoTls).unwrap();
    let asset = asset_in("ready").barcode;
    let lot = lot_with_at_least(2).barcode;
    let last = |c: &mut postgres::Client| -> (i64, Vec<u8>) {
        let r = c
            .query_one(
                "SELECT seq, hash FROM depot.ledger ORDER BY seq DESC LIMIT 1",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let movement = |seq: i64, prev: &[u8], action: &str, operator: &str| {
        let prev: String = prev.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "INSERT INTO depot.ledger (seq, at, at_offset, action, barcode, item, quantity, \
             operator, change_keys, change_values, prev_hash, hash) \
             SELECT {seq}, now(), 0, '{action}', barcode, item, 1, '{operator}', '{{}}', '{{}}', \
             '\\x{prev}', '\\x{hash}' FROM depot.stock WHERE barcode = '{lot}'",
            hash = "07".repeat(32),
        )
    };
    // Each attempt, and what the refusal says where no operator is signed in, and where the
    // quartermaster is.
    let denied = "permission denied";
    let attempts = |c: &mut postgres::Client, signed: bool| {
        let (seq, hash) = last(c);
        let moved = "changed without a movement";
        let tries: Vec<(String, &str, &str)> = vec![
            (
                "UPDATE depot.operators SET role = 'officer'".into(),
                denied,
                denied,
            ),
            (
                "SELECT pin_salt, pin_hash FROM depot.operators".into(),
                denied,
                denied,
            ),
            ("SELECT * FROM depot.operators".into(), denied, denied),
            (
                format!(
                    "UPDATE depot.operators SET pin_hash = '\\x{}' WHERE name = '{QM}'",
                    "00".repeat(32)
                ),
                denied,
                denied,
            ),
            (
                format!("SELECT depot.put_operator('{QM}', 'officer', NULL, NULL)"),
                "only a signed-in officer",
                "only a signed-in officer",
            ),
            (
                format!("UPDATE depot.stock SET quantity = 999 WHERE barcode = '{lot}'"),
                moved,
                moved,
            ),
            (
                format!("UPDATE depot.stock SET status = 'retired' WHERE barcode = '{asset}'"),
                moved,
                moved,
            ),
            (
                movement(seq + 1, &[9; 32], "receive", QM),
                "no operator is signed in",
                "does not link",
            ),
            (
                movement(seq + 1, &hash, "receive", OFFICER),
                "no operator is signed in",
                "names operator",
            ),
            ("DELETE FROM depot.audit".into(), denied, denied),
            (
                "UPDATE depot.audit SET outcome = 'ok'".into(),
                denied,
                denied,
            ),
            (
                format!(
                    "INSERT INTO depot.audit (id, at, at_offset, at_ns, operator, action, outcome) \
                     SELECT max(id) + 1, now(), 0, 0, '{OFFICER}', 'operator add', 'role officer' \
                     FROM depot.audit"
                ),
                "written only by",
                "written only by",
            ),
            (
                format!(
                    "INSERT INTO depot.sessions VALUES (pg_backend_pid(), depot.backend_start(), \
                     '{OFFICER}', 'officer')"
                ),
                denied,
                denied,
            ),
            ("SELECT * FROM depot.pin_tries".into(), denied, denied),
            ("DELETE FROM depot.pin_tries".into(), denied, denied),
            // Headquarters' key of one's own, against which a forged directive would pass.
            (
                format!(
                    "INSERT INTO depot.meta VALUES ('directive.hq_key', '{}') \
                     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    "ab".repeat(32)
                ),
                "only a signed-in officer",
                "only a signed-in officer",
            ),
            // A count closed again, in the quartermaster's name; one opened in the officer's.
            (
                format!("UPDATE depot.counts SET closed_at = 'now', closed_by = '{QM}'"),
                "only a signed-in officer closes a count",
                "only a signed-in officer closes a count",
            ),
            (
                format!(
                    "INSERT INTO depot.counts (id, scope, opened_at, opened_by) \
                     SELECT max(id) + 1, 'ZD', 'now', '{OFFICER}' FROM depot.counts"
                ),
                "only a signed-in operator who may scan opens a count",
                "as its opener",
            ),
            // What headquarters holds of a depot's bundles.
            (
                "UPDATE depot.hq_depots SET name = 'x'".into(),
                "only a signed-in officer",
                "only a signed-in officer",
            ),
        ];
        for (sql, unsigned, qm) in tries {
            let said = refused(c, &sql);
            let want = if signed { qm } else { unsigned };
            assert!(said.contains(want), "{sql}: {said} (signed in: {signed})");
        }
    };
    // Not signed in …
    attempts(&mut c, false);
    let (seq, hash) = last(&mut c);
    refused(&mut c, &movement(seq + 1, &hash, "receive", QM));
    // … and signed in as the quartermaster, with the right PIN.
    let salt: Vec<u8> = c
        .query_one("SELECT depot.pin_salt($1)", &[&QM])
        .unwrap()
        .get(0);
    // The proofs made once, before the attempts: each is 100,000 rounds of PBKDF2, long enough
    // on a busy machine to eat into the waits the attempts measure.
    let (right, wrong) = (proof(QM_PIN, &salt), proof("0000", &salt));
    let sign_in = |c: &mut postgres::Client, pin: &str| -> String {
        let proof = if pin == QM_PIN { &right } else { &wrong };
        c.query_one("SELECT depot.sign_in($1, $2)", &[&QM, &proof.as_slice()])
            .unwrap()
            .get(0)
    };
    assert_eq!(sign_in(&mut c, QM_PIN), "quartermaster");
    attempts(&mut c, true);
    // A movement beyond the quartermaster's role, linked right and in their name.
    let said = refused(&mut c, &movement(seq + 1, &hash, "writeoff", QM));
    assert!(said.contains("may not write"), "{said}");
    // The link is the chain's.
    let said = refused(&mut c, &movement(seq + 1, &[9; 32], "receive", QM));
    assert!(said.contains("does not link"), "{said}");
    assert_eq!(state(&owner_url), before, "nothing changed");

    // PIN attempts are limited by the server: three wrong PINs cost nothing, a fourth at once
    // is not even checked (it must wait 1 s); after it, four wrong PINs in a row, the right one
    // at once is not checked either (2 s), and once that wait is over it signs in.
    for _ in 0..3 {
        assert_eq!(sign_in(&mut c, "0000"), "wrong PIN");
    }
    assert_eq!(sign_in(&mut c, "0000"), "wait 1 s after 3 failures");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(sign_in(&mut c, "0000"), "wrong PIN");
    assert_eq!(sign_in(&mut c, QM_PIN), "wait 2 s after 4 failures");
    // … and the sign-in before is gone with the failed ones: nothing is written as anyone.
    let who: Option<String> = c
        .query_one("SELECT operator FROM depot.signed_in()", &[])
        .unwrap()
        .get(0);
    assert_eq!(who, None);
    let audit: Vec<String> = postgres::Client::connect(&owner_url, postgres::NoTls)
        .unwrap()
        .query(
            "SELECT outcome FROM depot.audit WHERE operator = $1 AND action = 'sign in' \
             ORDER BY id",
            &[&QM],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        audit.iter().filter(|o| *o == "refused: wrong PIN").count(),
        5,
        "{audit:?}"
    );
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(sign_in(&mut c, QM_PIN), "quartermaster");
}
