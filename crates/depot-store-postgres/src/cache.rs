//! What a depot program remembers of the reference data between its write transactions:
//! operators, catalogue items, units and warehouses, by code (`None`: no such row), so that a
//! scan does not ask the server for the same operator, item and receiver every time.
//!
//! Another terminal may change any of them meanwhile. The rule that keeps the copies true: every
//! write transaction that changes one of these tables also writes a new random value under
//! [`GENERATION`] in `meta` (once per transaction, `PgWriter::changes_reference`), and every
//! write transaction reads that value right after it has locked the chain row, in the same round
//! trip (`lock` in `mod.rs`), as a statement of its own: with READ COMMITTED a statement sees
//! what was committed when it began, and this one begins after the lock was granted, so after
//! the commit of whichever writer held it. Writers take turns on that lock, so while a
//! transaction holds it the tables stay as they were when it read the value. A value other than
//! the one the copies were read under empties them first. A transaction that changed reference
//! data neither reads nor fills the copies (what it sees is not committed yet), and empties them.
//!
//! Changes made to these tables outside depot (by hand in `psql`) do not write the value: a
//! running program sees them once any depot program changes reference data, or when it starts.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use depot_domain::{CatalogItem, Unit, Warehouse};
use depot_store::OperatorRecord;

/// The `meta` key of the reference data's generation.
pub const GENERATION: &str = "reference generation";

/// A value of [`GENERATION`] as read (hex), `None` while no depot program has written one.
pub type Generation = Option<String>;

/// How many copies of one kind a program keeps before it starts again.
const KEEP: usize = 4096;

/// The copies, shared by a store's connections.
#[derive(Default)]
pub struct Cache {
    known: Mutex<Known>,
}

/// Copies of rows, read while the generation was `generation` (`None`: none are kept).
#[derive(Default)]
pub struct Known {
    generation: Option<Generation>,
    pub operators: HashMap<String, Option<OperatorRecord>>,
    pub items: HashMap<String, Option<CatalogItem>>,
    pub units: HashMap<String, Option<Unit>>,
    pub warehouses: HashMap<String, Option<Warehouse>>,
}

/// Where one kind of copy is kept.
pub type Kind<T> = fn(&mut Known) -> &mut HashMap<String, Option<T>>;

impl Cache {
    fn known(&self) -> std::sync::MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps the copies if they were read under `g`, and forgets them otherwise.
    pub fn sync(&self, g: &Generation) {
        let mut k = self.known();
        if k.generation.as_ref() != Some(g) {
            *k = Known {
                generation: Some(g.clone()),
                ..Known::default()
            };
        }
    }

    /// Forgets every copy (a transaction is changing reference data).
    pub fn forget(&self) {
        *self.known() = Known::default();
    }

    /// The copy of `key` read under `g`, if there is one.
    pub fn get<T: Clone>(&self, g: &Generation, kind: Kind<T>, key: &str) -> Option<Option<T>> {
        let mut k = self.known();
        if k.generation.as_ref() != Some(g) {
            return None;
        }
        kind(&mut k).get(key).cloned()
    }

    /// Keeps `value` as the copy of `key`, read under `g`.
    pub fn put<T>(&self, g: &Generation, kind: Kind<T>, key: &str, value: Option<T>) {
        let mut k = self.known();
        if k.generation.as_ref() != Some(g) {
            return;
        }
        let map = kind(&mut k);
        if map.len() >= KEEP {
            map.clear();
        }
        map.insert(key.to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn units(k: &mut Known) -> &mut HashMap<String, Option<Unit>> {
        &mut k.units
    }

    #[test]
    fn copies_hold_for_their_generation_only() {
        let c = Cache::default();
        let (g1, g2): (Generation, Generation) = (None, Some("ab".into()));
        c.put(&g1, units, "ZHAN-1", None);
        assert_eq!(
            c.get(&g1, units, "ZHAN-1"),
            None,
            "nothing kept before a sync"
        );
        c.sync(&g1);
        c.put(&g1, units, "ZHAN-1", None);
        assert_eq!(c.get(&g1, units, "ZHAN-1"), Some(None));
        assert_eq!(c.get(&g2, units, "ZHAN-1"), None, "another generation");
        c.sync(&g2);
        assert_eq!(
            c.get(&g2, units, "ZHAN-1"),
            None,
            "emptied by a new generation"
        );
        c.put(&g2, units, "ZHAN-1", None);
        c.forget();
        assert_eq!(c.get(&g2, units, "ZHAN-1"), None, "forgotten");
        c.put(&g2, units, "ZHAN-1", None);
        assert_eq!(c.get(&g2, units, "ZHAN-1"), None, "not kept once forgotten");
    }
}
