//! For tests, unit and integration alike: the throwaway server `tools/test.sh` starts
//! (`tools/pg.sh`), and a fresh database on it per test; a small register to write to it.

#![allow(clippy::unwrap_used)]

use postgres::{Client, NoTls};

/// The admin URL of the test server, from `DEPOT_TEST_PG`. Unset: prints that the test is
/// skipped and returns `None`, unless `DEPOT_REQUIRE_PG=1` (CI), where a missing server fails.
pub fn server() -> Option<String> {
    match std::env::var("DEPOT_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("DEPOT_REQUIRE_PG").as_deref() != Ok("1"),
                "DEPOT_REQUIRE_PG=1 but DEPOT_TEST_PG is unset: no PostgreSQL test server (tools/test.sh starts one)"
            );
            println!(
                "skipped: no PostgreSQL test server (DEPOT_TEST_PG unset; tools/test.sh starts one)"
            );
            None
        }
    }
}

/// The CA that signed the test server's certificate, from `DEPOT_TEST_PG_CA` (`tools/pg.sh`
/// makes both with openssl). Unset: prints that the test is skipped and returns `None`, unless
/// `DEPOT_REQUIRE_PG=1`.
pub fn server_ca() -> Option<String> {
    match std::env::var("DEPOT_TEST_PG_CA") {
        Ok(ca) if !ca.is_empty() => Some(ca),
        _ => {
            assert!(
                std::env::var("DEPOT_REQUIRE_PG").as_deref() != Ok("1"),
                "DEPOT_REQUIRE_PG=1 but DEPOT_TEST_PG_CA is unset: the PostgreSQL test server has no TLS (tools/pg.sh makes it with openssl)"
            );
            println!(
                "skipped: the PostgreSQL test server has no TLS (DEPOT_TEST_PG_CA unset; tools/pg.sh makes it with openssl)"
            );
            None
        }
    }
}

/// A database of its own for one test, created on the test server and dropped with this value.
pub struct TestDb {
    /// Where the test's database is.
    pub url: String,
    admin: String,
    name: String,
}

impl TestDb {
    /// A fresh, empty database; `None` (with the skip line printed) when there is no server.
    pub fn new() -> Option<TestDb> {
        let admin = server()?;
        let mut id = [0u8; 6];
        getrandom::fill(&mut id).expect("random bytes for a database name");
        let name = format!(
            "depot_t_{}",
            id.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        let mut c = Client::connect(&admin, NoTls).expect("connect to the test server");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create a test database");
        Some(TestDb {
            url: with_database(&admin, &name),
            admin,
            name,
        })
    }

    /// The test database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A connection to the test's database as the admin role (to look at or bend what depot
    /// wrote).
    pub fn admin(&self) -> Client {
        Client::connect(&self.url, NoTls).expect("connect to the test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = Client::connect(&self.admin, NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

// The small register the tests write, shared with the store contract's suite.
pub use depot_store::contract::register::{at, items, mv, setup, units, warehouse};

pub use crate::conn::{Fault, Moment};

/// Has `fault` told of every write transaction's COMMIT, and every read snapshot's start, on
/// `store` from now on.
pub fn on_commit(store: &crate::PgStore, fault: Fault) {
    *store
        .pool
        .faults
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(fault);
}

/// Whether a test set a fault on `pool`.
pub(crate) fn armed(pool: &crate::conn::Pool) -> bool {
    pool.faults
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .is_some()
}

/// Tells the fault set on `pool`, if any, that `moment` came on `c`.
pub(crate) fn fault(pool: &crate::conn::Pool, c: &mut crate::conn::Conn, moment: Moment) {
    let mut faults = pool
        .faults
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(f) = faults.as_mut() else { return };
    let Ok(r) = c.client.query_one("SELECT pg_backend_pid()", &[]) else {
        return;
    };
    f(moment, r.get(0));
}

/// Ends the server process `pid` from an admin connection (`url`), and waits until it is gone:
/// its client's connection breaks as a dropped network or a killed server process breaks it.
pub fn terminate(url: &str, pid: i32) {
    let mut c = Client::connect(url, NoTls).expect("connect to the test server");
    c.query_one("SELECT pg_terminate_backend($1, 5000)", &[&pid])
        .expect("end the server process");
}
