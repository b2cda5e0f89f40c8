//! Readiness over time from the store: the ledger read once, in its order, into
//! `domain::readiness::Trend`, which takes the figures at each date as the movements' dates
//! pass it. A ledger with a movement dated before a date already taken (a terminal whose clock
//! ran behind) is read once more and each date computed on its own.

use chrono::NaiveDate;
use depot_domain::movement::NewMovement;
use depot_domain::readiness::{self, Every, Pushed, Reference, Trend, TrendError, TrendPoint};

use crate::store::{Reader, Store};
use crate::{Error, Result};

/// What a trend is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendSpec {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub every: Every,
    /// A unit (with everything below it) or a warehouse; `None`: everything.
    pub scope: Option<String>,
}

/// The figures at each date, and how they were computed.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRun {
    pub points: Vec<TrendPoint>,
    /// The scope's code and name; `None`: everything.
    pub scope: Option<(String, String)>,
    /// Movements in the ledger.
    pub movements: u64,
    /// The ledger was out of date order, and each date was computed on its own.
    pub each_date_alone: bool,
}

impl From<TrendError> for Error {
    fn from(e: TrendError) -> Self {
        match e {
            TrendError::NotInCatalogue { item, .. } => Error::UnknownItem(item.as_str().into()),
            TrendError::Replay(e) => Error::Replay(e),
        }
    }
}

/// The register's reference data, as the trend builds its snapshots on it.
pub fn reference(r: &Reader) -> Result<Reference> {
    Ok(Reference {
        units: r.units()?,
        warehouses: r.warehouses()?,
        catalog: r.catalog()?,
        standards: r.standards()?,
        targets: r.targets()?,
        modules: r.modules()?,
    })
}

/// The trend of a store (one read transaction).
pub fn trend(store: &Store, spec: &TrendSpec) -> Result<TrendRun> {
    trend_in(&store.read()?, spec)
}

/// The trend in a read transaction.
pub fn trend_in(r: &Reader, spec: &TrendSpec) -> Result<TrendRun> {
    let rf = reference(r)?;
    let scope = spec
        .scope
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let named = match scope {
        None => None,
        Some(c) => {
            let unit = rf.units.iter().find(|u| u.code.as_str() == c);
            let name = unit.map(|u| u.name.clone()).or_else(|| {
                rf.warehouses
                    .iter()
                    .find(|w| w.code.as_str() == c)
                    .map(|w| w.name.clone())
            });
            let name = name.ok_or_else(|| {
                Error::Msg(depot_domain::msg::service::ServiceMsg::NoSuchScope {
                    code: c.to_owned(),
                })
            })?;
            Some((c.to_owned(), name))
        }
    };
    let dates = readiness::dates(spec.from, spec.to, spec.every);
    let (replayed, movements) = replay(r, &rf, scope, dates.clone())?;
    if let Some(points) = replayed {
        return Ok(TrendRun {
            points,
            scope: named,
            movements,
            each_date_alone: false,
        });
    }
    let mut ledger: Vec<NewMovement> = Vec::new();
    r.for_each_movement(1, |m| -> Result<()> {
        ledger.push(m.body);
        Ok(())
    })?;
    let points = dates
        .into_iter()
        .map(|on| readiness::as_of(&rf, &ledger, on, scope))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(TrendRun {
        points,
        scope: named,
        movements,
        each_date_alone: true,
    })
}

/// Movements handed from the reading thread to the replaying one at a time.
const BATCH: usize = 4096;

/// One replay of the ledger into a [`Trend`]: the ledger is read and decoded on this thread and
/// replayed on another (decoding a movement costs about as much as replaying it). `None`: a
/// movement came after a date it counts for was taken. With the number of movements.
fn replay(
    r: &Reader,
    rf: &Reference,
    scope: Option<&str>,
    dates: Vec<NaiveDate>,
) -> Result<(Option<Vec<TrendPoint>>, u64)> {
    let mut movements = 0u64;
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<NewMovement>>(8);
        let replaying = s.spawn(move || -> std::result::Result<_, TrendError> {
            let mut t = Trend::new(rf, scope, dates);
            for batch in rx {
                for m in &batch {
                    if t.push(m)? == Pushed::Late {
                        return Ok(None);
                    }
                }
            }
            Ok(Some(t.finish()))
        });
        // Once the replay has stopped (a late movement, an error), the rest is only counted.
        let mut open = true;
        let mut batch = Vec::with_capacity(BATCH);
        let read = r.for_each_movement(1, |m| -> Result<()> {
            movements += 1;
            if open {
                batch.push(m.body);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    open = tx.send(full).is_ok();
                }
            }
            Ok(())
        });
        if open && !batch.is_empty() {
            // A replay that has stopped has its answer already.
            let _ = tx.send(batch);
        }
        drop(tx);
        let replayed = match replaying.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        read?;
        Ok((replayed?, movements))
    })
}
