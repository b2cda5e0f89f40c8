//! What other terminals write to a database they share (PostgreSQL), read on a thread of its
//! own: it looks at the ledger's head every few seconds, and once the ledger has moved on (or
//! a headquarters' depots have) it reads the fresh snapshots the screens show and sends them
//! to the key loop, which takes them in between keys, keeping every place, filter, open page
//! and field as it was: the register, the readiness snapshot, the item page in view, and a
//! headquarters' depots with their figures and the lines of the depot opened. A slow server
//! slows this thread, never a keystroke.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::NaiveDate;
use depot_domain::readiness::Snapshot;
use depot_service::hq::figures::{self, DepotFigures, ReadinessLine, STALE_DAYS};
use depot_service::item::ItemPage;
use depot_service::query::{self, Inventory};
use depot_service::store::Store;
use depot_service::store::hq::HqDepot;

/// How often the thread looks whether other terminals wrote.
pub const EVERY: Duration = Duration::from_secs(2);

/// What other terminals changed, read in full off the key loop.
pub struct Fresh {
    /// The ledger's head these were read at.
    pub head: u64,
    /// The register, the readiness snapshot and the page of the barcode in view, when the
    /// ledger moved on (`None`: it did not, or the read failed).
    pub inventory: Option<Inventory>,
    pub snapshot: Option<Snapshot>,
    pub page: Option<(Box<str>, Option<ItemPage>)>,
    /// A headquarters' depots, when they changed.
    pub depots: Option<Vec<HqDepot>>,
    /// Their figures as the depots screen shows them, with the lines of the depot open there,
    /// read with them (`None`: the depots did not change, or this is no headquarters).
    pub figures: Option<HqFigures>,
}

/// A headquarters' depots as the depots screen shows them.
pub struct HqFigures {
    pub depots: Vec<DepotFigures>,
    pub open: Option<(String, depot_service::Result<Vec<ReadinessLine>>)>,
}

/// What the key loop shows, which the thread reads afresh with the rest: the barcode in view
/// (the open item page, else the selected row), and on a headquarters' depots screen its
/// as-of date and the depot opened.
#[derive(Clone, Default)]
pub struct Focus(Arc<Mutex<InView>>);

#[derive(Clone, Default)]
struct InView {
    barcode: Option<Box<str>>,
    as_of: Option<NaiveDate>,
    depot: Option<String>,
}

impl Focus {
    pub fn set(&self, barcode: Option<&str>) {
        let mut f = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if f.barcode.as_deref() != barcode {
            f.barcode = barcode.map(Box::from);
        }
    }

    /// The depots screen's as-of date and the depot open on it.
    pub fn set_depots(&self, as_of: NaiveDate, open: Option<String>) {
        let mut f = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f.as_of = Some(as_of);
        f.depot = open;
    }

    fn get(&self) -> InView {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// What the watcher has seen so far: the ledger's head and the depots.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub head: u64,
    pub depots: Vec<HqDepot>,
}

/// The ledger's head and depots now, to start watching from.
pub fn seen(store: &Store) -> Seen {
    Seen {
        head: store
            .read()
            .and_then(|r| r.ledger_head())
            .map_or(0, |h| h.0),
        depots: depot_service::hq::depots(store).unwrap_or_default(),
    }
}

/// One look: `None` when nothing changed since `seen` (or the server did not answer, which
/// the next look tries again); else the fresh snapshots, and `seen` moves on.
pub fn look(store: &Store, seen: &mut Seen, focus: &Focus) -> Option<Fresh> {
    let head = store.read().and_then(|r| r.ledger_head()).ok()?.0;
    let depots = depot_service::hq::depots(store).ok();
    let depots_moved = depots.as_ref().is_some_and(|d| *d != seen.depots);
    if head == seen.head && !depots_moved {
        return None;
    }
    let mut fresh = Fresh {
        head,
        inventory: None,
        snapshot: None,
        page: None,
        depots: None,
        figures: None,
    };
    let view = focus.get();
    if head != seen.head {
        fresh.inventory = Some(query::inventory(store).ok()?);
        fresh.snapshot = depot_service::readiness::load(store).ok();
        if let Some(b) = view.barcode {
            let page = depot_service::item::page(store, &b).ok()?;
            fresh.page = Some((b, page));
        }
    }
    if depots_moved {
        fresh.depots = depots.clone();
        if let Some(as_of) = view.as_of
            && figures::is_headquarters(store).ok()?
        {
            fresh.figures = Some(HqFigures {
                depots: figures::overview(store, as_of, STALE_DAYS).ok()?,
                open: view
                    .depot
                    .map(|code| (code.clone(), figures::depot_lines(store, &code))),
            });
        }
    }
    seen.head = head;
    if let Some(d) = depots {
        seen.depots = d;
    }
    Some(fresh)
}

/// Starts the thread that watches `store` from `seen`, sending what changed through `send`
/// until it refuses (the interface has ended).
pub fn spawn(
    store: Arc<Store>,
    mut seen: Seen,
    focus: Focus,
    send: impl Fn(Fresh) -> bool + Send + 'static,
) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(EVERY);
            if let Some(fresh) = look(&store, &mut seen, &focus)
                && !send(fresh)
            {
                return;
            }
        }
    });
}
