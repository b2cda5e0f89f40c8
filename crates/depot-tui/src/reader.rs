//! Reads the key loop asks for while the user moves on, on a thread of its own: the history of
//! the row selected in the inventory. The key loop sends what it wants ([`Ask`]) and goes on
//! taking keys; the answer arrives as one more message between keys and is shown if it is
//! still wanted (the user may have moved on: only the latest of several asks waiting is read).
//! Without this thread (the tests, the benchmark's frames) the key loop reads itself.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use depot_domain::Movement;
use depot_service::query;
use depot_service::store::Store;

/// A read the key loop wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// The ledger history of a barcode.
    History(Box<str>),
}

/// A read done.
#[derive(Debug)]
pub enum Answer {
    /// The ledger history of a barcode, oldest first (empty: it could not be read).
    History(Box<str>, Vec<Movement>),
}

/// Answers `ask`.
pub fn answer(store: &Store, ask: Ask) -> Answer {
    match ask {
        Ask::History(b) => {
            let h = query::history(store, &b).unwrap_or_default();
            Answer::History(b, h)
        }
    }
}

/// Starts the thread that answers what is sent on the returned sender, until `send` refuses
/// (the interface has ended) or the sender is dropped.
pub fn spawn(store: Arc<Store>, send: impl Fn(Answer) -> bool + Send + 'static) -> Sender<Ask> {
    let (tx, rx): (Sender<Ask>, Receiver<Ask>) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(mut ask) = rx.recv() {
            // Only the latest of the asks waiting is still wanted.
            while let Ok(later) = rx.try_recv() {
                ask = later;
            }
            if !send(answer(&store, ask)) {
                return;
            }
        }
    });
    tx
}
