//! `depot verify`: recompute the hash chain and replay the ledger, and compare the result with
//! every stored asset and lot.

use std::collections::HashMap;

use crate::store::{Head, Store};
use crate::{Error, Result};
use depot_domain::movement::{GENESIS, hex};
use depot_domain::replay::ReplayError;
use depot_domain::{Barcode, Stock, Tracking, Vocabulary, replay};

/// What verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub movements: u64,
    pub stock: u64,
    /// The first problem, if any: the seq it was found at (0 when not tied to a movement) and
    /// what it is.
    pub problem: Option<(u64, String)>,
    /// The problem in Chinese.
    pub problem_zh: Option<String>,
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
            Some((seq, why)) => {
                let why = self.problem_zh.as_deref().unwrap_or(why);
                if *seq == 0 {
                    format!("台账有误：{why}")
                } else {
                    format!("台账有误，第 {seq} 条记录：{why}")
                }
            }
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
    // The first problem: its seq, and what it is in English and in Chinese.
    let mut problem: Option<(u64, String, String)> = None;
    r.for_each_movement_linked(1, |m, link| -> Result<()> {
        if problem.is_some() {
            return Ok(());
        }
        let seq = m.seq;
        let bad = if seq != expected_seq {
            Some((
                format!("expected seq {expected_seq}, found {seq} (a movement is missing)"),
                format!("应为第 {expected_seq} 条，实为第 {seq} 条（缺少一条记录）"),
            ))
        } else if m.prev_hash != prev {
            let (found, want) = (hex(&m.prev_hash), hex(&prev));
            Some((
                format!(
                    "prev_hash {found} does not match the hash of seq {} ({want})",
                    seq - 1
                ),
                format!(
                    "前一哈希 {found} 与第 {} 条记录的哈希（{want}）不符",
                    seq - 1
                ),
            ))
        } else if !m.hash_is_valid() {
            Some((
                "the movement's contents do not match its hash (it was altered)".to_owned(),
                "记录的内容与其哈希不符（已被改动）".to_owned(),
            ))
        } else {
            let before = state.get(&m.body.barcode);
            let last = before.map_or(0, |(_, head)| head.seq);
            let t = tracking.get(m.body.item.as_str()).copied();
            let b = &m.body.barcode;
            match t {
                _ if link != last => Some((
                    format!(
                        "it links to seq {link} as the movement of {b} before it, but that was seq {last}"
                    ),
                    format!("它把第 {link} 条记为 {b} 的上一条记录，但上一条是第 {last} 条"),
                )),
                None => Some((
                    format!("item {} is not in the catalogue", m.body.item),
                    format!("品类 {} 不在装备目录中", m.body.item),
                )),
                Some(t) => match replay::apply(before.map(|(s, _)| s), &m.body, t) {
                    Ok(s) => {
                        let head = Head {
                            seq,
                            at: m.body.at.timestamp(),
                        };
                        state.insert(m.body.barcode.clone(), (s, head));
                        None
                    }
                    Err(e) => Some((
                        format!("the movement cannot apply: {e}"),
                        format!("记录无法应用：{}", replay_zh(&e)),
                    )),
                },
            }
        };
        if let Some((en, zh)) = bad {
            problem = Some((seq, en, zh));
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
                None => Some((
                    format!("barcode {barcode} is in the register but no movement explains it"),
                    format!("条码 {barcode} 在登记簿中，但没有任何记录说明它的来历"),
                )),
                Some((replayed, _)) if replayed != stored => Some((
                    format!(
                        "barcode {barcode}: stored state differs from its movements: stored {stored:?}, ledger says {replayed:?}"
                    ),
                    format!(
                        "条码 {barcode}：存储的状态与其记录不符：存储为 {stored:?}，台账为 {replayed:?}"
                    ),
                )),
                Some((_, last)) if last != head => Some((
                    format!(
                        "barcode {barcode}: its history starts at seq {} (time {}), but its last movement is seq {} (time {})",
                        head.seq, head.at, last.seq, last.at
                    ),
                    format!(
                        "条码 {barcode}：其历史从第 {} 条（时间 {}）查起，但其最后一条记录是第 {} 条（时间 {}）",
                        head.seq, head.at, last.seq, last.at
                    ),
                )),
                Some(_) => None,
            };
            if let Some((en, zh)) = bad {
                problem = Some((0, en, zh));
            }
            Ok(())
        })?;
        if problem.is_none()
            && let Some(b) = state.keys().next()
        {
            problem = Some((
                0,
                format!("barcode {b} has movements but is missing from the register"),
                format!("条码 {b} 有记录，但登记簿中没有它"),
            ));
        }
    }
    let problem_zh = problem.as_ref().map(|(_, _, zh)| zh.clone());
    Ok(VerifyReport {
        movements,
        stock,
        problem: problem.map(|(seq, en, _)| (seq, en)),
        problem_zh,
    })
}

/// Why a movement cannot apply, in Chinese.
fn replay_zh(e: &ReplayError) -> String {
    match e {
        ReplayError::Exists(b, a) => format!("条码 {b} 已存在；{} 记录不能再次创建它", a.zh()),
        ReplayError::Missing(b, a) => format!("在这条{}记录之前没有条码 {b}", a.zh()),
        ReplayError::WrongKind(a, what) => format!("{}记录不适用于 {what}", a.zh()),
        ReplayError::WrongAttribute(attr, what) => format!("不能在 {what} 上设置 {attr}"),
        ReplayError::Negative(b, q) => format!("批次 {b} 将成为负数（{q}）"),
        ReplayError::NegativeQuantity(a, q) => {
            format!("{}记录的数量不能为负（{q}）；只有盘点调整可带符号", a.zh())
        }
        ReplayError::NoReceiver(a) => format!("{}记录需要接收方", a.zh()),
        ReplayError::ItemMismatch(b, is, named) => {
            format!("条码 {b} 的品类是 {is}，但记录写的是 {named}")
        }
    }
}

impl From<VerifyReport> for Error {
    fn from(r: VerifyReport) -> Self {
        Error::said(r.to_string(), r.zh())
    }
}
