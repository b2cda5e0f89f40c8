//! What the port (`crate::store`) asks of this engine beyond the methods it shares with
//! redb's: a write transaction handed over by value (the port wraps it in its own `Writer`),
//! the facts of an item for the ledger's rule, and a bulk write opened and closed around the
//! work instead of around a closure.

use depot_domain::replay::ItemFacts;
use depot_store::StoreError;

use crate::batch::Batch;
use crate::{Ended, PgStore, PgWriter};

impl PgStore {
    /// Runs `f` on a new write transaction, which it hands back with its result; commits the
    /// transaction when `commit` and `f` succeeded, and rolls it back otherwise. A dry run
    /// (`commit` false) still runs the deferred checks, so it refuses what a commit would.
    ///
    /// A transaction begun for the barcode `hint` takes its turn in the chain at its commit
    /// (`writer/turn.rs`), and answers where its movement was placed if not where it was
    /// sealed; when what it read changed before its turn, it is rolled back and `f` runs
    /// again, in a transaction that locks the chain as it begins.
    pub(crate) fn transact<T, E>(
        &self,
        commit: bool,
        hint: Option<&str>,
        mut f: impl FnMut(PgWriter<'_>) -> (PgWriter<'_>, Result<T, E>),
    ) -> Result<(T, Option<depot_store::Moved>), E>
    where
        E: From<StoreError>,
    {
        let mut turn = commit && hint.is_some();
        loop {
            let (w, out) = f(self.begin(hint, turn)?);
            if w.conflict.get() {
                self.end(w, Ok(false))?;
                turn = false;
                continue;
            }
            if commit {
                return match self.end(w, Ok(out.is_ok()))? {
                    Ended::Missed => {
                        turn = false;
                        continue;
                    }
                    Ended::Placed(moved) => out.map(|t| (t, Some(moved))),
                    Ended::Done => out.map(|t| (t, None)),
                };
            }
            let mut w = w;
            let checked = match out {
                Ok(_) => w.finish().and_then(|()| {
                    w.raw(|c| Ok(c.client.batch_execute("SET CONSTRAINTS ALL IMMEDIATE")?))
                }),
                Err(_) => Ok(()),
            };
            self.end(w, Ok(false))?;
            checked?;
            return out.map(|t| (t, None));
        }
    }
}

impl PgWriter<'_> {
    /// What applying a movement needs of an item, from the cache of this transaction.
    pub fn item_facts(&mut self, code: &str) -> Result<Option<ItemFacts>, StoreError> {
        Ok(self
            .cached_item(code)?
            .map(|(tracking, life_years, pieces)| ItemFacts {
                tracking,
                life_years,
                pieces,
            }))
    }

    /// From here to [`Self::end_batch`], new stock rows and movements are kept in memory and
    /// sent with COPY, some thousands at a time, inside this transaction.
    pub fn begin_batch(&mut self) {
        self.batch.get_mut().get_or_insert_with(Batch::default);
    }

    /// Sends what is batched and stops batching.
    pub fn end_batch(&mut self) -> Result<(), StoreError> {
        let sent = self.settle();
        *self.batch.get_mut() = None;
        sent
    }
}
