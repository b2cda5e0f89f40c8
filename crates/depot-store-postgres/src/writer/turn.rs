//! A scan's turn in the ledger's chain, taken at its commit: a transaction begun for one
//! barcode (`Store::write_for`) reads the chain row, that barcode's stock row and the
//! reference data's generation without locking anything, does its work, and seals its
//! movement after the head it read. Its COMMIT's simple query then places the movement
//! (`statements::PLACE`, `depot.turn` in `schema.rs`): the server takes the chain's lock, checks that
//! what the transaction read still holds, gives the movement the next seq and its hash, and
//! commits, so that no terminal holds the lock while its program runs or while a message
//! crosses the network.
//!
//! Anything else the transaction does on the server (a second movement, a read of another
//! stock row or of the ledger, any write) first takes the turn there and then
//! ([`PgWriter::take_turn`]): if the chain moved meanwhile after the transaction handed out
//! the head it read, or the barcode's row or the generation changed, the transaction is
//! rolled back and run again, locking the chain as it begins (`PgStore::transact`).

use super::{Deferred, PgWriter};
use crate::cache::Generation;
use crate::chain::{self, How};
use crate::convert;
use crate::literal;
use depot_store::StoreError;

/// What a transaction that has not taken its turn yet read as it began.
pub(crate) struct Turn {
    /// The reference data's generation.
    pub(crate) generation: Generation,
    /// The barcode the transaction was begun for, and what its stock row held: -1 no row, 0 a
    /// row without a movement, else the seq of its last movement.
    pub(crate) held: (String, i64),
}

impl Turn {
    /// The turn of a transaction begun for `barcode`, as [`chain::lock`] read it.
    pub(crate) fn of(generation: Generation, hinted: &chain::Hinted) -> Turn {
        let held = match &hinted.1 {
            None => -1,
            Some((head, _)) => head.seq as i64,
        };
        Turn {
            generation,
            held: (hinted.0.clone(), held),
        }
    }
}

/// How a transaction's COMMIT goes (`PgWriter::commit_text`).
pub(crate) enum Commit {
    /// This simple query, which ends with the COMMIT.
    Text(String),
    /// This one, which places the movement sealed as `sealed` at the chain's head and answers
    /// the seq it took (`statements::PLACE`) in its first row.
    Placed { text: String, sealed: u64 },
    /// Nothing was written: the transaction is rolled back, which changes what a commit would.
    Nothing,
}

impl<'s> PgWriter<'s> {
    /// Whether this transaction has yet to take its turn.
    pub(crate) fn waits_for_turn(&self) -> bool {
        self.turn.borrow().is_some()
    }

    /// Takes the chain's lock now, if this transaction has not: the barcode's stock row and the
    /// generation must still be what it read, and the head too if it handed it out to seal a
    /// movement; else the transaction is marked to be run again (`conflict`) and refused from
    /// here on.
    pub(crate) fn take_turn(&self) -> Result<(), StoreError> {
        if self.conflict.get() {
            return Err(missed());
        }
        let Some(turn) = self.turn.borrow_mut().take() else {
            return Ok(());
        };
        let locked = self.peek(|c| chain::lock(c, Some(&turn.held.0), How::Take))?;
        let now = locked
            .hinted
            .as_ref()
            .map(|h| Turn::of(locked.generation.clone(), h));
        let same = now.is_some_and(|t| t.held == turn.held && t.generation == turn.generation);
        let moved = locked.head != self.locked.get();
        if !same || (moved && self.handed.get()) {
            self.conflict.set(true);
            return Err(missed());
        }
        if moved {
            // Nothing sealed yet: the head found here is the one to seal after.
            self.head.set(locked.head);
            self.locked.set(locked.head);
        }
        Ok(())
    }

    /// The head a transaction that has not taken its turn seals its movement after: the one
    /// it read, handed out once; asked again (a second movement), the turn is taken first.
    pub(crate) fn hand_out_head(&self) -> Result<(), StoreError> {
        if self.waits_for_turn() {
            if self.handed.get() {
                self.take_turn()?;
            }
            self.handed.set(true);
        }
        Ok(())
    }

    /// The COMMIT of a transaction that has yet to take its turn: its one movement and stock
    /// row placed (`statements::PLACE`), with its id.
    pub(crate) fn placed_text(&mut self, d: Deferred) -> Result<Commit, StoreError> {
        let turn = self.turn.get_mut().as_ref().ok_or_else(missed)?;
        let generation = match &turn.generation {
            Some(hex) => literal::one(
                &convert::unhex(hex)
                    .ok_or_else(|| convert::corrupt("meta", "generation", "not hex"))?
                    .as_slice(),
            ),
            None => "NULL".to_owned(),
        };
        let text = format!(
            "EXECUTE depot_place({}, {}, {generation}, {}, {}); COMMIT",
            d.arguments(),
            turn.held.1,
            literal::one(&d.mv.body.canonical_after_seq().as_slice()),
            literal::one(&self.id.as_slice()),
        );
        Ok(Commit::Placed {
            text,
            sealed: d.mv.seq,
        })
    }
}

/// What a transaction whose reads changed before its turn says, should anything see it: it is
/// rolled back and run again before anyone is told.
pub(crate) fn missed() -> StoreError {
    StoreError::said(
        "what this transaction read changed before its turn in the ledger; it is run again"
            .to_owned(),
        "此事务读取的内容在轮到其写入台账前已变化；将重新执行".to_owned(),
    )
}
