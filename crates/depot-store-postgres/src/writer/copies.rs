//! The reference rows a write transaction read or wrote (catalogue items, units, warehouses),
//! by code, so that it asks the server for each at most once. An import of a register's units
//! asks for every one of them before it stores it: after [`MISSES`] codes it did not have, a
//! transaction reads a whole table of units or warehouses at once.
//!
//! Other depot writers wait for the chain lock this transaction holds, and every write of these
//! tables in it passes its puts, which keep what they wrote here: a copy is never stale.

use std::collections::HashMap;

use crate::conn::Conn;
use crate::query::Res;

/// After how many codes not among the copies a whole table is read.
const MISSES: u32 = 64;

/// Copies of one table's rows, by code (`None`: no such row).
pub(crate) struct Copies<T> {
    rows: HashMap<String, Option<T>>,
    /// Every row of the table is here: a code that is not has no row.
    whole: bool,
    misses: u32,
}

impl<T> Default for Copies<T> {
    fn default() -> Self {
        Copies {
            rows: HashMap::new(),
            whole: false,
            misses: 0,
        }
    }
}

/// How a whole table is read, and the code of each of its rows.
pub(crate) type Whole<T> = Option<(fn(&mut Conn) -> Res<Vec<T>>, fn(&T) -> &str)>;

impl<T: Clone> Copies<T> {
    /// The copy of `code`'s row, if this transaction has one.
    pub(crate) fn get(&self, code: &str) -> Option<Option<T>> {
        match self.rows.get(code) {
            Some(row) => Some(row.clone()),
            None => self.whole.then_some(None),
        }
    }

    /// Keeps `row` as the copy of `code`'s row.
    pub(crate) fn keep(&mut self, code: &str, row: Option<T>) {
        self.rows.insert(code.to_owned(), row);
    }

    /// Counts a code that was not here; whether the whole table should now be read.
    pub(crate) fn missed(&mut self, whole: &Whole<T>) -> bool {
        self.misses += 1;
        whole.is_some() && self.misses >= MISSES
    }

    /// Keeps every row of the table, as read (`code` gives each row's code).
    pub(crate) fn fill(&mut self, rows: Vec<T>, code: fn(&T) -> &str) {
        for row in rows {
            let c = code(&row).to_owned();
            self.rows.insert(c, Some(row));
        }
        self.whole = true;
    }
}
