//! `depot verify`: recompute the hash chain and replay the ledger, and compare the result with
//! every stored asset and lot.

use std::collections::HashMap;

use crate::domain::movement::{GENESIS, hex};
use crate::domain::{Barcode, Stock, Tracking, replay};
use crate::store::{Head, Store};
use crate::{Error, Result};

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub movements: u64,
    pub stock: u64,
    /// The first problem, if any: the seq it was found at (0 when not tied to a movement) and
    /// what it is.
    pub problem: Option<(u64, String)>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }

    /// The report's line in Chinese (the problem itself as found).
    pub fn zh(&self) -> String {
        match &self.problem {
            None => format!(
                "台账正常：{} 条记录链接无误，{} 个条码与其记录相符",
                self.movements, self.stock
            ),
            Some((0, why)) => format!("台账有误：{why}"),
            Some((seq, why)) => format!("台账有误，第 {seq} 条记录：{why}"),
        }
    }
}

impl std::fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.problem {
            None => write!(
                f,
                "ledger OK: {} movements chained, {} barcodes match their movements",
                self.movements, self.stock
            ),
            Some((0, why)) => write!(f, "ledger BAD: {why}"),
            Some((seq, why)) => write!(f, "ledger BAD at seq {seq}: {why}"),
        }
    }
}

/// Checks the chain and that the stored state is the state the ledger replays to. A file so
/// damaged that the storage engine stops on it is reported as damaged, not as a crash.
pub fn verify(store: &Store) -> Result<VerifyReport> {
    store.contained(|| verify_all(store))?
}

fn verify_all(store: &Store) -> Result<VerifyReport> {
    let r = store.read()?;
    let tracking: HashMap<String, Tracking> = r
        .catalog()?
        .into_iter()
        .map(|c| (c.code.to_string(), c.tracking))
        .collect();
    // Each barcode's replayed state and the seq of its last movement (its history's head).
    let mut state: HashMap<Barcode, (Stock, Head)> = HashMap::new();
    let mut prev = GENESIS;
    let mut expected_seq = 1u64;
    let mut problem: Option<(u64, String)> = None;
    r.for_each_movement_linked(1, |m, link| -> Result<()> {
        if problem.is_some() {
            return Ok(());
        }
        let seq = m.seq;
        let bad = if seq != expected_seq {
            Some(format!(
                "expected seq {expected_seq}, found {seq} (a movement is missing)"
            ))
        } else if m.prev_hash != prev {
            Some(format!(
                "prev_hash {} does not match the hash of seq {} ({})",
                hex(&m.prev_hash),
                seq - 1,
                hex(&prev)
            ))
        } else if !m.hash_is_valid() {
            Some("the movement's contents do not match its hash (it was altered)".to_owned())
        } else {
            let before = state.get(&m.body.barcode);
            let last = before.map_or(0, |(_, head)| head.seq);
            let t = tracking.get(m.body.item.as_str()).copied();
            match t {
                _ if link != last => Some(format!(
                    "it links to seq {link} as the movement of {} before it, but that was seq {last}",
                    m.body.barcode
                )),
                None => Some(format!("item {} is not in the catalogue", m.body.item)),
                Some(t) => match replay::apply(before.map(|(s, _)| s), &m.body, t) {
                    Ok(s) => {
                        let head = Head {
                            seq,
                            at: m.body.at.timestamp(),
                        };
                        state.insert(m.body.barcode.clone(), (s, head));
                        None
                    }
                    Err(e) => Some(format!("the movement cannot apply: {e}")),
                },
            }
        };
        if let Some(why) = bad {
            problem = Some((seq, why));
        }
        prev = m.hash;
        expected_seq = seq + 1;
        Ok(())
    })?;
    let movements = expected_seq - 1;
    let mut stock = 0u64;
    if problem.is_none() {
        r.for_each_stock_linked(|barcode, row, head| -> Result<()> {
            stock += 1;
            if problem.is_some() {
                return Ok(());
            }
            let stored = row.into_domain(barcode);
            match state.remove(barcode) {
                None => problem = Some((0, format!("barcode {barcode} is in the register but no movement explains it"))),
                Some((replayed, _)) if replayed != stored => {
                    problem = Some((0, format!("barcode {barcode}: stored state differs from its movements: stored {stored:?}, ledger says {replayed:?}")))
                }
                Some((_, last)) if last != head => {
                    problem = Some((0, format!("barcode {barcode}: its history starts at seq {} (time {}), but its last movement is seq {} (time {})", head.seq, head.at, last.seq, last.at)))
                }
                Some(_) => {}
            }
            Ok(())
        })?;
        if problem.is_none()
            && let Some(b) = state.keys().next()
        {
            problem = Some((
                0,
                format!("barcode {b} has movements but is missing from the register"),
            ));
        }
    }
    Ok(VerifyReport {
        movements,
        stock,
        problem,
    })
}

impl From<VerifyReport> for Error {
    fn from(r: VerifyReport) -> Self {
        Error::Invalid(r.to_string())
    }
}
