//! `depot hq verify`: what headquarters holds of each depot, checked again: the held ledger, the
//! kept manifests and the kept snapshot files.
//!
//! - Every held movement's hash is recomputed from its text and its `prev_hash`, and linked to
//!   the one before (movement 1 to 64 zeros); the seqs run 1 to the last recorded with no gap
//!   and nothing after; the last one's hash is the depot's recorded head hash.
//! - Every kept manifest is the one ingested (its bytes' SHA-256 is the one recorded), reads as
//!   a manifest of the depot with the seqs recorded, and its signature verifies with the
//!   `public_key` it carries. That key must be one headquarters trusted for the depot: the key
//!   enrolled now, a key the audit log shows was enrolled for it before (`hq enrol … --replace`
//!   names the key it replaced), or, for an older bundle, any key, when a later trusted
//!   manifest names it as its `previous` (a signed manifest vouches for the one before it by
//!   hash, so the bundles before a key change stay verified after it).
//! - The kept snapshot files are, byte for byte, the ones the last manifest lists (SHA-256).
//!
//! The held movements are read in chunks, never all at once.

use depot_domain::msg::service::ServiceMsg;
use std::collections::HashSet;

use crate::store::hq::{HqBundle, HqDepot, SNAPSHOT_FILES};
use crate::store::{Reader, Store};
use crate::{Error, Result};
use depot_domain::movement::{GENESIS, hex};
use depot_exchange::bundle::manifest::{Manifest, fingerprint, sha256_hex};

/// Held movements read at a time.
const CHUNK: u64 = 10_000;

/// What a stop (Ctrl+C) during `hq verify` leaves behind.
pub const NOT_VERIFIED: ServiceMsg = ServiceMsg::NotVerified;

/// Problems reported per depot at most; the count of the rest is said.
const MAX_PROBLEMS: usize = 20;

/// What is wrong with something headquarters holds of a depot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A held movement's hash is not the one its text and prev_hash give.
    Hash { seq: u64 },
    /// A held movement's prev_hash is not the hash of the one before it.
    Link { seq: u64 },
    /// Movements `from..=to` are missing from the held ledger.
    Missing { from: u64, to: u64 },
    /// A movement after the last one recorded is held.
    Extra { seq: u64 },
    /// The last held movement's hash is not the head hash recorded for the depot.
    Head { seq: u64 },
    /// A kept manifest: the bundle as of `as_of` whose manifest hashed to `sha256`.
    Manifest {
        as_of: String,
        sha256: String,
        what: ManifestFault,
    },
    /// The manifest of the last bundle recorded is not kept.
    NoLastManifest { sha256: String },
    /// A kept snapshot file: missing, or not the bytes the last manifest lists.
    File { name: &'static str, missing: bool },
}

/// What is wrong with a kept manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestFault {
    /// Its bytes are not the ones ingested.
    Changed,
    /// It does not read as a manifest.
    Unreadable(String),
    /// It reads, but names another depot or other seqs than recorded.
    Differs,
    /// Its signature does not verify with its own key.
    Signature,
    /// Its key is not one headquarters trusted for the depot.
    Key { fingerprint: String },
}

const RESTORE_EN: &str = "restore the headquarters database from a backup (`depot restore FILE`) and keep this one for inspection";
const RESTORE_ZH: &str = "请用备份恢复总部数据库（`depot restore 文件`），并保留此数据库以供检查";

impl Problem {
    /// The problem, naming the depot, and what to do.
    pub fn en(&self, depot: &str) -> String {
        let altered = "headquarters' copy of its ledger was altered after it was ingested";
        match self {
            Problem::Hash { seq } => format!(
                "depot {depot}, movement {seq}: its hash is not the one its columns and prev_hash give: {altered}; {RESTORE_EN}"
            ),
            Problem::Link { seq } => format!(
                "depot {depot}, movement {seq}: its prev_hash is not the hash of movement {}: {altered}; {RESTORE_EN}",
                seq - 1
            ),
            Problem::Missing { from, to } => format!(
                "depot {depot}, movements {from} to {to}: missing from the held ledger: {altered}; {RESTORE_EN}"
            ),
            Problem::Extra { seq } => format!(
                "depot {depot}, movement {seq}: held, though the last bundle ingested ends before it: {altered}; {RESTORE_EN}"
            ),
            Problem::Head { seq } => format!(
                "depot {depot}, movement {seq}: its hash is not the head hash recorded from the last bundle: {altered}; {RESTORE_EN}"
            ),
            Problem::Manifest {
                as_of,
                sha256,
                what,
            } => {
                let what = match what {
                    ManifestFault::Changed => {
                        "its bytes are not the ones ingested (their SHA-256 differs)".to_owned()
                    }
                    ManifestFault::Unreadable(e) => format!("it does not read as a manifest ({e})"),
                    ManifestFault::Differs => {
                        "it names another depot or other movements than headquarters recorded"
                            .to_owned()
                    }
                    ManifestFault::Signature => {
                        "its signature does not verify with the key it carries".to_owned()
                    }
                    ManifestFault::Key { fingerprint } => format!(
                        "it is signed with key {fingerprint}, which was never enrolled for the depot here, and no later bundle names it"
                    ),
                };
                format!(
                    "depot {depot}, manifest.json of the bundle as of {as_of} (SHA-256 {}): {what}; {RESTORE_EN}",
                    short(sha256)
                )
            }
            Problem::NoLastManifest { sha256 } => format!(
                "depot {depot}: the manifest of its last bundle (SHA-256 {}) is not kept; {RESTORE_EN}",
                short(sha256)
            ),
            Problem::File {
                name,
                missing: true,
            } => format!(
                "depot {depot}, {name}: not kept, though its last bundle listed it; {RESTORE_EN}, or ingest the depot's next bundle, which replaces it"
            ),
            Problem::File { name, .. } => format!(
                "depot {depot}, {name}: its SHA-256 is not the one the last manifest lists: the kept file was altered; {RESTORE_EN}, or ingest the depot's next bundle, which replaces it"
            ),
        }
    }

    /// The problem in Chinese.
    pub fn zh(&self, depot: &str) -> String {
        let altered = "总部所存的该库流水在导入后被改动过";
        match self {
            Problem::Hash { seq } => format!(
                "库 {depot}，第 {seq} 条流水：其哈希与其各列及 prev_hash 算出的不符：{altered}；{RESTORE_ZH}"
            ),
            Problem::Link { seq } => format!(
                "库 {depot}，第 {seq} 条流水：其 prev_hash 不是第 {} 条的哈希：{altered}；{RESTORE_ZH}",
                seq - 1
            ),
            Problem::Missing { from, to } => format!(
                "库 {depot}，第 {from} 至 {to} 条流水：总部所存流水中缺失：{altered}；{RESTORE_ZH}"
            ),
            Problem::Extra { seq } => format!(
                "库 {depot}，第 {seq} 条流水：最近导入的数据包在它之前就已结束，总部却存有此条：{altered}；{RESTORE_ZH}"
            ),
            Problem::Head { seq } => format!(
                "库 {depot}，第 {seq} 条流水：其哈希不是最近数据包记下的末条哈希：{altered}；{RESTORE_ZH}"
            ),
            Problem::Manifest {
                as_of,
                sha256,
                what,
            } => {
                let what = match what {
                    ManifestFault::Changed => "其内容不是导入时的内容（SHA-256 不同）".to_owned(),
                    ManifestFault::Unreadable(e) => format!("无法作为清单读取（{e}）"),
                    ManifestFault::Differs => "其所写的库或流水与总部记录的不符".to_owned(),
                    ManifestFault::Signature => "其签名与其所带的公钥不符".to_owned(),
                    ManifestFault::Key { fingerprint } => format!(
                        "由密钥 {fingerprint} 签名，该密钥从未在总部为该库登记，也没有后来的数据包指向它"
                    ),
                };
                format!(
                    "库 {depot}，截至 {as_of} 的数据包的 manifest.json（SHA-256 {}）：{what}；{RESTORE_ZH}",
                    short(sha256)
                )
            }
            Problem::NoLastManifest { sha256 } => format!(
                "库 {depot}：最近数据包的清单（SHA-256 {}）未保存；{RESTORE_ZH}",
                short(sha256)
            ),
            Problem::File {
                name,
                missing: true,
            } => format!(
                "库 {depot}，{name}：最近的数据包列有此文件，总部却未保存；{RESTORE_ZH}，或导入该库的下一个数据包（它会替换此文件）"
            ),
            Problem::File { name, .. } => format!(
                "库 {depot}，{name}：其 SHA-256 与最近清单所列的不符：所存文件被改动过；{RESTORE_ZH}，或导入该库的下一个数据包（它会替换此文件）"
            ),
        }
    }
}

fn short(sha: &str) -> &str {
    sha.get(..16).unwrap_or(sha)
}

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

    fn found(&mut self, p: Problem) {
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

/// Checks every depot enrolled, or only `only`. A depot not enrolled is an error.
pub fn verify(store: &Store, only: Option<&str>) -> Result<HqVerify> {
    store.contained(|| verify_all(store, only))?
}

fn verify_all(store: &Store, only: Option<&str>) -> Result<HqVerify> {
    let r = store.read()?;
    let all = r.hq_depots()?;
    let depots: Vec<HqDepot> = match only {
        Some(code) => {
            let d = all.iter().find(|d| d.code == code).cloned();
            vec![d.ok_or_else(|| not_enrolled(code, &all))?]
        }
        None => all,
    };
    let audit = r.audit_log()?;
    let mut out = Vec::with_capacity(depots.len());
    for d in depots {
        // The keys enrolled for the depot before: named by its enrolments in the audit log.
        let action = format!("hq enrol {}", d.code);
        let enrolled: Vec<&str> = audit
            .iter()
            .filter(|e| e.action == action)
            .map(|e| e.outcome.as_str())
            .collect();
        out.push(check_depot(&r, &d, &enrolled)?);
    }
    Ok(HqVerify { depots: out })
}

/// The error for `--depot CODE` of a depot not enrolled.
fn not_enrolled(code: &str, all: &[HqDepot]) -> Error {
    let codes: Vec<&str> = all.iter().map(|d| d.code.as_str()).collect();
    if all.is_empty() {
        Error::said(
            format!(
                "no depot is enrolled in this database, so there is no depot {code} to verify: depots get here with `depot hq ingest --trust-new DIR`"
            ),
            format!(
                "本数据库中没有登记任何库，因此没有可核验的库 {code}：各库经 `depot hq ingest --trust-new 目录` 进入总部数据库"
            ),
        )
    } else {
        Error::said(
            format!(
                "no depot {code} is enrolled here; the depots enrolled are {}",
                codes.join(", ")
            ),
            format!("总部未登记库 {code}；已登记的库为：{}", codes.join("、")),
        )
    }
}

fn check_depot(r: &Reader, d: &HqDepot, enrolled: &[&str]) -> Result<DepotCheck> {
    let mut c = DepotCheck {
        depot: d.code.clone(),
        name: d.name.clone(),
        movements: 0,
        bundles: 0,
        problems: Vec::new(),
        more: 0,
    };
    chain(r, d, &mut c)?;
    let bundles = r.hq_bundles(&d.code)?;
    c.bundles = bundles.len();
    let manifests = manifests(d, &bundles, enrolled, &mut c);
    snapshot(r, d, &bundles, &manifests, &mut c)?;
    Ok(c)
}

/// The held ledger, chunk by chunk.
fn chain(r: &Reader, d: &HqDepot, c: &mut DepotCheck) -> Result<()> {
    let (last, head) = d
        .last
        .as_ref()
        .map_or((0, GENESIS), |l| (l.last_seq, l.head_hash));
    let mut prev = GENESIS;
    let mut expect = 1u64;
    let mut from = 1u64;
    while from <= last {
        crate::interrupt::check(NOT_VERIFIED)?;
        let to = from.saturating_add(CHUNK - 1).min(last);
        for m in r.hq_movements(&d.code, from, to)? {
            if m.seq != expect {
                c.found(Problem::Missing {
                    from: expect,
                    to: m.seq - 1,
                });
                // Carry on from what is there, so that one gap is one problem.
                prev = m.prev_hash;
            }
            if m.prev_hash != prev {
                c.found(Problem::Link { seq: m.seq });
            }
            if !m.hash_is_valid() {
                c.found(Problem::Hash { seq: m.seq });
            }
            prev = m.hash;
            expect = m.seq + 1;
            c.movements += 1;
        }
        from = to + 1;
    }
    if expect <= last {
        c.found(Problem::Missing {
            from: expect,
            to: last,
        });
    } else if prev != head {
        c.found(Problem::Head { seq: last });
    }
    if let Some(m) = r
        .hq_movements(&d.code, last + 1, last.saturating_add(CHUNK))?
        .first()
    {
        c.found(Problem::Extra { seq: m.seq });
    }
    Ok(())
}

/// The kept manifests; returns those that read, by their recorded SHA-256.
fn manifests(
    d: &HqDepot,
    bundles: &[HqBundle],
    enrolled: &[&str],
    c: &mut DepotCheck,
) -> Vec<(String, Manifest)> {
    let current = fingerprint(&d.public_key);
    let mut read: Vec<(usize, Manifest)> = Vec::new();
    for (i, b) in bundles.iter().enumerate() {
        let fault = |what| Problem::Manifest {
            as_of: b.as_of.to_string(),
            sha256: b.manifest_sha256.clone(),
            what,
        };
        if sha256_hex(&b.manifest) != b.manifest_sha256 {
            c.found(fault(ManifestFault::Changed));
            continue;
        }
        let m = match Manifest::parse(&b.manifest) {
            Ok(m) => m,
            Err(e) => {
                c.found(fault(ManifestFault::Unreadable(e.to_string())));
                continue;
            }
        };
        if m.body.depot.code != d.code
            || m.body.first_seq != b.first_seq
            || m.body.last_seq != b.last_seq
        {
            c.found(fault(ManifestFault::Differs));
            continue;
        }
        if m.verify_signature().is_err() {
            c.found(fault(ManifestFault::Signature));
            continue;
        }
        read.push((i, m));
    }
    // Trusted: signed with a key enrolled for the depot, or named as `previous` by a trusted
    // manifest; to a fixed point, whatever order the bundles are in.
    let key_of = |m: &Manifest| {
        depot_exchange::bundle::manifest::unhex::<32>(&m.body.public_key)
            .map(|k| fingerprint(&k))
            .unwrap_or_default()
    };
    let mut trusted: HashSet<usize> = read
        .iter()
        .filter(|(_, m)| {
            let fp = key_of(m);
            fp == current || enrolled.iter().any(|o| o.contains(&fp))
        })
        .map(|(i, _)| *i)
        .collect();
    loop {
        let vouched: HashSet<&str> = read
            .iter()
            .filter(|(i, _)| trusted.contains(i))
            .filter_map(|(_, m)| m.body.previous.as_deref())
            .collect();
        let before = trusted.len();
        for (i, _) in &read {
            if vouched.contains(bundles[*i].manifest_sha256.as_str()) {
                trusted.insert(*i);
            }
        }
        if trusted.len() == before {
            break;
        }
    }
    let mut out = Vec::with_capacity(read.len());
    for (i, m) in read {
        let b = &bundles[i];
        if !trusted.contains(&i) {
            c.found(Problem::Manifest {
                as_of: b.as_of.to_string(),
                sha256: b.manifest_sha256.clone(),
                what: ManifestFault::Key {
                    fingerprint: key_of(&m),
                },
            });
            continue;
        }
        out.push((b.manifest_sha256.clone(), m));
    }
    out
}

/// The kept snapshot files against the last manifest.
fn snapshot(
    r: &Reader,
    d: &HqDepot,
    bundles: &[HqBundle],
    manifests: &[(String, Manifest)],
    c: &mut DepotCheck,
) -> Result<()> {
    let Some(last) = &d.last else {
        return Ok(());
    };
    let sha = &last.manifest_sha256;
    let Some((_, m)) = manifests.iter().find(|(s, _)| s == sha) else {
        // Said above when the manifest is kept but bad.
        if !bundles.iter().any(|b| &b.manifest_sha256 == sha) {
            c.found(Problem::NoLastManifest {
                sha256: sha.clone(),
            });
        }
        return Ok(());
    };
    if m.body.head_hash != hex(&last.head_hash) || m.body.last_seq != last.last_seq {
        c.found(Problem::Head { seq: last.last_seq });
    }
    for name in SNAPSHOT_FILES {
        let listed = m.body.files.iter().find(|f| f.name == name);
        match r.hq_file(&d.code, name)? {
            None => c.found(Problem::File {
                name,
                missing: true,
            }),
            Some(bytes) if listed.is_none_or(|f| f.sha256 != sha256_hex(&bytes)) => {
                c.found(Problem::File {
                    name,
                    missing: false,
                })
            }
            Some(_) => {}
        }
    }
    Ok(())
}
