//! For tests in the layers above (the `testing` feature): the simulated disk that cuts the
//! power and fails writes, and a digest of every table, to compare two databases row by row.

use redb::{Key, ReadableTable, TableDefinition, Value};
use sha2::{Digest as _, Sha256};

use crate::backup::{PerTable, every_table};
use crate::{Db, Fault as _, Store, StoreError};

pub use crate::backup::partial_path;
pub use crate::sim::*;

/// A digest of every row of every table of `store`.
pub fn digest(store: &Store) -> [u8; 32] {
    struct Digest<'t> {
        txn: &'t redb::ReadTransaction,
        h: Sha256,
    }
    impl PerTable for Digest<'_> {
        fn table<K: Key + 'static, V: Value + 'static>(
            &mut self,
            def: TableDefinition<K, V>,
        ) -> Result<(), StoreError> {
            // A table never written (the headquarters tables of a depot's register) has no
            // rows to compare.
            let t = match self.txn.open_table(def) {
                Ok(t) => t,
                Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
                Err(e) => return Err(e.fault()),
            };
            self.h.update(def.to_string().as_bytes());
            for entry in t.iter().db()? {
                let (k, v) = entry.db()?;
                let (kv, vv) = (k.value(), v.value());
                let (k, v) = (K::as_bytes(&kv), V::as_bytes(&vv));
                for part in [k.as_ref(), v.as_ref()] {
                    self.h.update((part.len() as u64).to_le_bytes());
                    self.h.update(part);
                }
            }
            Ok(())
        }
    }
    let txn = store.engine.begin_read().expect("read");
    let mut d = Digest {
        txn: &txn,
        h: Sha256::new(),
    };
    every_table(&mut d).expect("digest");
    d.h.finalize().into()
}

/// The redb database behind `store`, to write a table depot does not know.
pub fn database(store: &Store) -> &redb::Database {
    store.writable().expect("a writable store")
}

/// Sets the link of ledger row `seq` (the number of its barcode's movement before it) to
/// `prev`, as a damaged or tampered file would hold it: the hashes do not cover the link.
pub fn relink(store: &Store, seq: u64, prev: u64) {
    use redb::ReadableTable as _;
    let txn = database(store).begin_write().expect("write");
    {
        let mut t = txn.open_table(crate::tables::LEDGER).expect("ledger");
        let bytes = t.get(seq).expect("read").expect("the row").value().to_vec();
        let mut row = crate::rows::decode_movement(seq, &bytes).expect("a movement row");
        row.prev = prev;
        t.insert(seq, crate::rows::encode(&row).as_slice())
            .expect("write");
    }
    txn.commit().expect("commit");
}
