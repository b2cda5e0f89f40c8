//! The engines a test of the services runs on: [`on_both_engines!`](crate::on_both_engines)
//! makes one test of each for redb and PostgreSQL, and
//! [`new_store`](crate::register::new_store) gives the engine of the running test.

use std::cell::{Cell, RefCell};

use depot_store_postgres::testing::TestDb;

thread_local! {
    static POSTGRES: Cell<bool> = const { Cell::new(false) };
    /// The running test's PostgreSQL database, dropped when its thread ends.
    static DATABASES: RefCell<Vec<TestDb>> = const { RefCell::new(Vec::new()) };
}

/// Runs the calling test on PostgreSQL; `false` (with a line printed) when there is no
/// test server, and the test is to return at once.
pub fn postgres() -> bool {
    if depot_store_postgres::testing::server().is_none() {
        return false;
    }
    POSTGRES.with(|p| p.set(true));
    true
}

pub(crate) fn is_postgres() -> bool {
    POSTGRES.with(Cell::get)
}

/// A fresh database on the test server, kept until the test's thread ends.
pub(crate) fn database() -> String {
    let db = TestDb::new().expect("a PostgreSQL test server");
    let url = db.url.clone();
    DATABASES.with(|d| d.borrow_mut().push(db));
    url
}

/// Each test given, twice: in a module `redb` on an in-memory redb database, and in a module
/// `postgres` on a fresh PostgreSQL database (returning at once, with a line, where there is
/// no test server). The tests get their database from
/// [`new_store`](crate::register::new_store) or [`sample_store`](crate::register::sample_store).
#[macro_export]
macro_rules! on_both_engines {
    ($($(#[$m:meta])* fn $name:ident() $body:block)*) => {
        mod redb {
            #[allow(unused_imports)]
            use super::*;
            $( $(#[$m])* fn $name() $body )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $( $(#[$m])* fn $name() {
                if !$crate::engines::postgres() {
                    return;
                }
                $body
            } )*
        }
    };
}
