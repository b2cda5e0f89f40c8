//! What the check found: each depot's problems (a bounded number of them) and the whole.

use super::problem::Problem;

/// Problems reported per depot at most; the count of the rest is said.
const MAX_PROBLEMS: usize = 20;

/// What was checked of one depot, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepotCheck {
    pub depot: String,
    pub name: String,
    /// Held movements checked, and kept manifests.
    pub movements: u64,
    pub bundles: usize,
    /// At most [`MAX_PROBLEMS`]; `more` counts the rest.
    pub problems: Vec<Problem>,
    pub more: usize,
}

impl DepotCheck {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    pub(super) fn found(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.more += 1;
        }
    }

    /// The depot's lines: OK, or each problem.
    pub fn lines(&self, zh: bool) -> Vec<String> {
        let d = &self.depot;
        if self.ok() && self.bundles == 0 {
            return vec![if zh {
                format!("库 {d}（{}）已登记，尚无数据包：无可核验", self.name)
            } else {
                format!(
                    "depot {d} ({}) enrolled, no bundle yet: nothing to verify",
                    self.name
                )
            }];
        }
        if self.ok() {
            return vec![if zh {
                format!(
                    "库 {d}（{}）正常：{} 条流水链接无误，{} 个数据包清单签名有效，快照文件与最近清单相符",
                    self.name, self.movements, self.bundles
                )
            } else {
                format!(
                    "depot {d} ({}) OK: {} movements chained, {} manifests signed, snapshot files as the last manifest lists",
                    self.name, self.movements, self.bundles
                )
            }];
        }
        let mut out: Vec<String> = self
            .problems
            .iter()
            .map(|p| if zh { p.zh(d) } else { p.en(d) })
            .collect();
        if self.more > 0 {
            out.push(if zh {
                format!("库 {d}：另有 {} 处问题未列出", self.more)
            } else {
                format!("depot {d}: {} more problems not listed", self.more)
            });
        }
        out
    }
}

/// Every depot checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HqVerify {
    pub depots: Vec<DepotCheck>,
}

impl HqVerify {
    pub fn ok(&self) -> bool {
        self.depots.iter().all(DepotCheck::ok)
    }
}
