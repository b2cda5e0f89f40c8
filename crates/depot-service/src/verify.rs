//! `depot verify`: recompute the hash chain and replay the ledger, and compare the result with
//! every stored asset and lot.

use std::collections::HashMap;

use crate::store::{Head, Store};
use crate::{Error, Result};
use depot_domain::movement::{GENESIS, hex};
use depot_domain::msg::verify::VerifyMsg;
use depot_domain::replay::ReplayError;
use depot_domain::{Barcode, Lang, Stock, Tracking, Vocabulary, replay};

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub movements: u64,
    pub stock: u64,
    /// The first thing wrong: at which movement (0 for the register's rows), and what.
    pub problem: Option<(u64, Problem)>,
}

/// What is wrong with the ledger, said in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Msg(VerifyMsg),
    /// A movement that does not replay.
    Replay(ReplayError),
}

impl Problem {
    pub fn say(&self, lang: Lang) -> String {
        match self {
            Problem::Msg(m) => m.say(lang),
            Problem::Replay(e) => VerifyMsg::CannotApply {
                why: replay_said(e, lang),
            }
            .say(lang),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }

    /// The report's line in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match &self.problem {
            None => VerifyMsg::Sound {
                movements: self.movements.to_string(),
                stock: self.stock.to_string(),
            },
            Some((0, why)) => VerifyMsg::Bad { why: why.say(lang) },
            Some((seq, why)) => VerifyMsg::BadAt {
                seq: seq.to_string(),
                why: why.say(lang),
            },
        }
        .say(lang)
    }

    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }
}

impl std::fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

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
    // The first problem: its seq, and what it is in English and in Chinese.
    let mut problem: Option<(u64, Problem)> = None;
    r.for_each_movement_linked(1, |m, link| -> Result<()> {
        if problem.is_some() {
            return Ok(());
        }
        let seq = m.seq;
        let bad = if seq != expected_seq {
            Some(Problem::Msg(VerifyMsg::SeqGap {
                expected: expected_seq.to_string(),
                seq: seq.to_string(),
            }))
        } else if m.prev_hash != prev {
            let (found, want) = (hex(&m.prev_hash), hex(&prev));
            Some(Problem::Msg(VerifyMsg::PrevHash {
                found,
                prev: (seq - 1).to_string(),
                want,
            }))
        } else if !m.hash_is_valid() {
            Some(Problem::Msg(VerifyMsg::Altered))
        } else {
            let before = state.get(&m.body.barcode);
            let last = before.map_or(0, |(_, head)| head.seq);
            let t = tracking.get(m.body.item.as_str()).copied();
            let b = &m.body.barcode;
            match t {
                _ if link != last => Some(Problem::Msg(VerifyMsg::BadLink {
                    link: link.to_string(),
                    barcode: b.to_string(),
                    last: last.to_string(),
                })),
                None => Some(Problem::Msg(VerifyMsg::NotInCatalogue {
                    item: m.body.item.to_string(),
                })),
                Some(t) => match replay::apply(before.map(|(s, _)| s), &m.body, t) {
                    Ok(s) => {
                        let head = Head {
                            seq,
                            at: m.body.at.timestamp(),
                        };
                        state.insert(m.body.barcode.clone(), (s, head));
                        None
                    }
                    Err(e) => Some(Problem::Replay(e)),
                },
            }
        };
        if let Some(p) = bad {
            problem = Some((seq, p));
        }
        prev = m.hash;
        expected_seq = seq + 1;
        Ok(())
    })?;
    let movements = expected_seq - 1;
    let mut stock = 0u64;
    if problem.is_none() {
        r.for_each_stock_linked(|row, head| -> Result<()> {
            let barcode = row.barcode();
            stock += 1;
            if problem.is_some() {
                return Ok(());
            }
            let stored = row.to_stock();
            let bad = match state.remove(barcode) {
                None => Some(VerifyMsg::Unexplained {
                    barcode: barcode.to_string(),
                }),
                Some((replayed, _)) if replayed != stored => Some(VerifyMsg::StateDiffers {
                    barcode: barcode.to_string(),
                    stored: format!("{stored:?}"),
                    replayed: format!("{replayed:?}"),
                }),
                Some((_, last)) if last != head => Some(VerifyMsg::HistoryStart {
                    barcode: barcode.to_string(),
                    first: head.seq.to_string(),
                    first_at: head.at.to_string(),
                    last: last.seq.to_string(),
                    last_at: last.at.to_string(),
                }),
                Some(_) => None,
            };
            if let Some(m) = bad {
                problem = Some((0, Problem::Msg(m)));
            }
            Ok(())
        })?;
        if problem.is_none()
            && let Some(b) = state.keys().next()
        {
            problem = Some((
                0,
                Problem::Msg(VerifyMsg::NotInRegister {
                    barcode: b.to_string(),
                }),
            ));
        }
    }
    Ok(VerifyReport {
        movements,
        stock,
        problem,
    })
}

/// Why a movement cannot apply, in Chinese.
/// Why a movement does not replay, in `lang`.
fn replay_said(e: &ReplayError, lang: Lang) -> String {
    let action = |a: &depot_domain::Action| match lang {
        Lang::En => a.to_string(),
        Lang::Zh => a.zh().to_owned(),
    };
    match e {
        ReplayError::Exists(b, a) => VerifyMsg::ReplayExists {
            barcode: b.to_string(),
            action: action(a),
        },
        ReplayError::Missing(b, a) => VerifyMsg::ReplayMissing {
            barcode: b.to_string(),
            action: action(a),
        },
        ReplayError::WrongKind(a, what) => VerifyMsg::ReplayWrongKind {
            action: action(a),
            what: (*what).to_owned(),
        },
        ReplayError::WrongAttribute(attr, what) => VerifyMsg::ReplayWrongAttribute {
            attr: (*attr).to_owned(),
            what: (*what).to_owned(),
        },
        ReplayError::Negative(b, q) => VerifyMsg::ReplayNegative {
            barcode: b.to_string(),
            qty: q.to_string(),
        },
        ReplayError::NegativeQuantity(a, q) => VerifyMsg::ReplayNegativeQuantity {
            action: action(a),
            qty: q.to_string(),
        },
        ReplayError::NoReceiver(a) => VerifyMsg::ReplayNoReceiver { action: action(a) },
        ReplayError::ItemMismatch(b, is, named) => VerifyMsg::ReplayItemMismatch {
            barcode: b.to_string(),
            is: is.clone(),
            named: named.clone(),
        },
    }
    .say(lang)
}

impl From<VerifyReport> for Error {
    fn from(r: VerifyReport) -> Self {
        Error::Verify(Box::new(r))
    }
}
