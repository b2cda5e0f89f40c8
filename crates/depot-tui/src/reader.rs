//! Reads the key loop asks for while the user moves on, on a thread of its own: the history of
//! the row selected in the inventory, the trend of screen 1 (a replay of the whole
//! ledger), and at headquarters the chart of the depots' bundles. The key loop sends what it wants ([`Ask`]) and goes on taking keys; the answer
//! arrives as one more message between keys and is shown if it is still wanted (the user may
//! have moved on: of several asks of a kind waiting, only the latest is read).
//! Without this thread (the tests, the benchmark's frames) the key loop reads itself.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use chrono::NaiveDate;
use depot_domain::Movement;
use depot_service::hq::chart::{ChartPoint, chart};
use depot_service::hq::circles::ServiceCircles;
use depot_service::query;
use depot_service::store::Store;
use depot_service::trend::{self, TrendRun, TrendSpec};

/// A read the key loop wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// The ledger history of a barcode.
    History(Box<str>),
    /// The trend of the register, for the writes seen so far (`generation`).
    Trend { generation: u64, spec: TrendSpec },
    /// At headquarters, the chart of one depot (`None`: of the whole service) from `from` to
    /// `to`, for the depots' bundles seen so far (`generation`).
    HqChart {
        generation: u64,
        depot: Option<String>,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// At headquarters, the response circles of one depot's units (`None`: of the whole
    /// service), for the depots' bundles seen so far (`generation`).
    HqCircles {
        generation: u64,
        depot: Option<String>,
    },
}

/// A read done.
#[derive(Debug)]
pub enum Answer {
    /// The ledger history of a barcode, oldest first (empty: it could not be read).
    History(Box<str>, Vec<Movement>),
    /// The trend asked for with `generation`, or why it could not be computed.
    Trend(u64, Box<depot_service::Result<TrendRun>>),
    /// The headquarters chart asked for with `generation` and depot, or why it could not be
    /// read.
    HqChart(u64, Option<String>, depot_service::Result<Vec<ChartPoint>>),
    /// The headquarters circles asked for with `generation` and depot, or why they could not
    /// be made.
    HqCircles(
        u64,
        Option<String>,
        depot_service::Result<Box<ServiceCircles>>,
    ),
}

/// Answers `ask`.
pub fn answer(store: &Store, ask: Ask) -> Answer {
    match ask {
        Ask::History(b) => {
            let h = query::history(store, &b).unwrap_or_default();
            Answer::History(b, h)
        }
        Ask::Trend { generation, spec } => {
            Answer::Trend(generation, Box::new(trend::trend(store, &spec)))
        }
        Ask::HqChart {
            generation,
            depot,
            from,
            to,
        } => {
            let points = chart(store, from, to, depot.as_deref());
            Answer::HqChart(generation, depot, points)
        }
        Ask::HqCircles { generation, depot } => {
            let made = crate::screens::hq::circles_of(store, depot.as_deref());
            Answer::HqCircles(generation, depot, made)
        }
    }
}

/// Starts the thread that answers what is sent on the returned sender, until `send` refuses
/// (the interface has ended) or the sender is dropped.
pub fn spawn(store: Arc<Store>, send: impl Fn(Answer) -> bool + Send + 'static) -> Sender<Ask> {
    let (tx, rx): (Sender<Ask>, Receiver<Ask>) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            // Of the asks waiting, only the latest of each kind is still wanted.
            let mut asks = vec![first];
            while let Ok(later) = rx.try_recv() {
                asks.retain(|a| std::mem::discriminant(a) != std::mem::discriminant(&later));
                asks.push(later);
            }
            for ask in asks {
                if !send(answer(&store, ask)) {
                    return;
                }
            }
        }
    });
    tx
}
