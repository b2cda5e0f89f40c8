//! Readiness over time from the store: the ledger read once, in its order, into
//! `domain::readiness::Trend`, which takes the figures at each date as the movements' dates
//! pass it. A ledger with a movement dated before a date already taken (a terminal whose clock
//! ran behind) is read once more and each date computed on its own.

use std::ops::Range;

use chrono::{DateTime, FixedOffset, NaiveDate};
use depot_domain::movement::{Action, Change, MovementRef, NewMovement};
use depot_domain::readiness::{
    self, Every, Link, Linked, Numbers, Pushed, Reference, Trend, TrendError, TrendPoint,
};
use rust_decimal::Decimal;

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
    let (mut replayed, mut movements) = replay(r, &rf, scope, dates.clone(), By::Links)?;
    if replayed == Replayed::BrokenLink {
        // A ledger whose links `depot verify` would find broken: numbered by its barcodes.
        (replayed, movements) = replay(r, &rf, scope, dates.clone(), By::Codes)?;
    }
    if let Replayed::Points(points) = replayed {
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

/// Movements handed from the reading thread to the replaying one, their texts in one buffer.
/// A batch goes back to the reader once replayed and is filled again: the read allocates
/// nothing per movement (but for a change that sets a text).
#[derive(Default)]
struct Batch {
    text: String,
    rows: Vec<Row>,
    changes: Vec<Change>,
}

/// A movement of a [`Batch`]: its texts as ranges of the batch's text, its changes as a range
/// of the batch's changes, its barcode's number ([`Numbering`]).
struct Row {
    n: u32,
    seq: u64,
    /// Its barcode's movement before it (0: none).
    prev: u64,
    at: DateTime<FixedOffset>,
    action: Action,
    quantity: Decimal,
    barcode: Range<usize>,
    item: Range<usize>,
    to: Option<Range<usize>>,
    changes: Range<usize>,
}

impl Batch {
    fn put(&mut self, s: &str) -> Range<usize> {
        let at = self.text.len();
        self.text.push_str(s);
        at..self.text.len()
    }

    /// Numbers the barcodes of the batch's movements, in turn. `Err(seq)`: the link of
    /// movement `seq` is broken (numbered by links).
    fn number(&mut self, numbering: &mut Numbering) -> std::result::Result<(), u64> {
        match numbering {
            Numbering::Codes(numbers) => {
                for row in &mut self.rows {
                    row.n = numbers.number(&self.text[row.barcode.clone()]);
                }
            }
            Numbering::Links { linked, links, out } => {
                links.clear();
                links.extend(self.rows.iter().map(|r| Link {
                    seq: r.seq,
                    prev: r.prev,
                    code: Linked::code(&self.text[r.barcode.clone()]),
                }));
                out.clear();
                out.resize(links.len(), 0);
                linked.number(links, out)?;
                for (row, &n) in self.rows.iter_mut().zip(out.iter()) {
                    row.n = n;
                }
            }
        }
        Ok(())
    }

    /// Adds `m`, movement `seq` whose barcode's movement before it is `prev`, its barcode not
    /// numbered yet ([`Self::number`]).
    fn push(&mut self, seq: u64, prev: u64, m: &MovementRef<'_>) {
        let barcode = self.put(m.barcode);
        let item = self.put(m.item);
        let to = m.to.map(|t| self.put(t));
        let at = self.changes.len();
        self.changes.extend_from_slice(m.changes);
        self.rows.push(Row {
            n: 0,
            seq,
            prev,
            at: m.at,
            action: m.action,
            quantity: m.quantity,
            barcode,
            item,
            to,
            changes: at..self.changes.len(),
        });
    }

    fn get(&self, r: &Row) -> MovementRef<'_> {
        MovementRef {
            at: r.at,
            action: r.action,
            barcode: &self.text[r.barcode.clone()],
            item: &self.text[r.item.clone()],
            quantity: r.quantity,
            to: r.to.clone().map(|t| &self.text[t]),
            changes: &self.changes[r.changes.clone()],
        }
    }

    /// Empty again, its buffers kept.
    fn emptied(mut self) -> Batch {
        self.text.clear();
        self.rows.clear();
        self.changes.clear();
        self
    }
}

/// How the barcodes of a ledger are numbered for the replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum By {
    /// By the ledger's links ([`Linked`]): no barcode looked up.
    Links,
    /// By the barcodes themselves ([`Numbers`]), for a ledger whose links are broken.
    Codes,
}

enum Numbering {
    Links {
        linked: Linked,
        links: Vec<Link>,
        out: Vec<u32>,
    },
    Codes(Numbers),
}

impl Numbering {
    fn new(by: By, since: u64) -> Self {
        match by {
            By::Links => Numbering::Links {
                linked: Linked::new(since),
                links: Vec::new(),
                out: Vec::new(),
            },
            By::Codes => Numbering::Codes(Numbers::default()),
        }
    }
}

/// What one replay came to.
#[derive(Debug, PartialEq)]
enum Replayed {
    /// The figures at every date.
    Points(Vec<TrendPoint>),
    /// A movement came after a date it counts for was taken.
    Late,
    /// A movement's link to its barcode's movement before it is broken (numbered [`By::Links`]).
    BrokenLink,
}

/// One replay of the ledger into a [`Trend`]: the ledger is read on this thread (each movement
/// lent by the engine, only what the replay needs decoded), its barcodes numbered on a second
/// (`by` the ledger's links, or by the barcodes: the look-up of a million barcodes costs as
/// much as the replay) and replayed on a third. With the number of movements.
fn replay(
    r: &Reader,
    rf: &Reference,
    scope: Option<&str>,
    dates: Vec<NaiveDate>,
    by: By,
) -> Result<(Replayed, u64)> {
    const SINCE: u64 = 1;
    let mut movements = 0u64;
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(8);
        let (numbered, to_replay) = std::sync::mpsc::sync_channel::<Batch>(8);
        let (back, returned) = std::sync::mpsc::channel::<Batch>();
        // The barcodes are numbered on a thread of their own, between the read and the replay.
        let numbering = s.spawn(move || {
            let mut numbering = Numbering::new(by, SINCE);
            for mut batch in rx {
                if batch.number(&mut numbering).is_err() {
                    // The replay stops short of the end: its figures are not taken.
                    return false;
                }
                if numbered.send(batch).is_err() {
                    // The replay has stopped.
                    break;
                }
            }
            true
        });
        let replaying = s.spawn(move || -> std::result::Result<_, TrendError> {
            let mut t = Trend::new(rf, scope, dates);
            for batch in to_replay {
                for row in &batch.rows {
                    if t.push_numbered(&batch.get(row), row.n)? == Pushed::Late {
                        return Ok(Replayed::Late);
                    }
                }
                // The reader may have finished.
                let _ = back.send(batch);
            }
            Ok(Replayed::Points(t.finish()))
        });
        // Once the replay has stopped (a late movement, an error), the rest is only counted.
        let mut open = true;
        let mut batch = Batch::default();
        let read = r.for_each_movement_ref(SINCE, |seq, prev, m| -> Result<()> {
            movements += 1;
            if open {
                batch.push(seq, prev, &m);
                if batch.rows.len() == BATCH {
                    let next = returned.try_recv().map(Batch::emptied).unwrap_or_default();
                    open = tx.send(std::mem::replace(&mut batch, next)).is_ok();
                }
            }
            Ok(())
        });
        if open && !batch.rows.is_empty() {
            // A replay that has stopped has its answer already.
            let _ = tx.send(batch);
        }
        drop(tx);
        let whole = match numbering.join() {
            Ok(whole) => whole,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let replayed = match replaying.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        read?;
        if !whole {
            return Ok((Replayed::BrokenLink, movements));
        }
        Ok((replayed?, movements))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use depot_domain::AssetStatus;

    fn mv(n: i64, to: Option<&str>, changes: Vec<Change>) -> NewMovement {
        NewMovement {
            at: DateTime::parse_from_rfc3339("2025-01-02T09:00:00+08:00").unwrap()
                + chrono::Duration::days(n),
            action: if to.is_some() {
                Action::Checkout
            } else {
                Action::Update
            },
            barcode: format!("QZ{n}").as_str().into(),
            item: if n % 2 == 0 { "V-SG" } else { "P-FH" }.into(),
            quantity: Decimal::new(n, 1),
            from: Some("ZHAN-1".into()),
            to: to.map(Into::into),
            operator: "op".into(),
            reference: Some("R".into()),
            reason: None,
            changes,
        }
    }

    /// A batch gives back each movement as it was put in, and again once emptied and filled
    /// with others (its buffers reused).
    #[test]
    fn a_batch_gives_back_what_it_was_given() {
        let first = vec![
            mv(1, Some("INC-1"), vec![]),
            mv(
                2,
                None,
                vec![
                    Change::Serial(Some("S-2".into())),
                    Change::Status(AssetStatus::Maintenance),
                ],
            ),
            mv(3, Some("车-3"), vec![Change::Due(None)]),
        ];
        let second = vec![
            mv(4, None, vec![]),
            mv(5, Some("X"), vec![Change::Plate(None)]),
        ];
        let mut b = Batch::default();
        for ledger in [&first, &second] {
            for (i, m) in ledger.iter().enumerate() {
                b.push(i as u64 + 1, 0, &m.view());
            }
            let mut numbers = Numbering::new(By::Codes, 1);
            b.number(&mut numbers).unwrap();
            let back: Vec<MovementRef<'_>> = b.rows.iter().map(|r| b.get(r)).collect();
            let numbers: Vec<u32> = b.rows.iter().map(|r| r.n).collect();
            assert_eq!(numbers, (0..ledger.len() as u32).collect::<Vec<_>>());
            let want: Vec<MovementRef<'_>> = ledger.iter().map(NewMovement::view).collect();
            assert_eq!(back, want);
            b = b.emptied();
            assert!(b.rows.is_empty() && b.text.is_empty() && b.changes.is_empty());
        }
    }
}
