//! `depot hq ingest`: a depot's bundle checked and taken into the headquarters database, in one
//! write transaction: all of it, or nothing.
//!
//! The checks, in order (`schemas/bundle.md`, "What headquarters checks"): the manifest's schema
//! version, its signature, every file's SHA-256 and row count (`manifest::check_read`); the key is
//! the one enrolled for the depot; the bundle continues what headquarters holds (a `previous`
//! that names the last manifest ingested, a `first_seq` right after the last movement held);
//! every movement's hash is recomputed from its text and chained to the one before, the first to
//! the last held, and the last is the manifest's `head_hash`. A full bundle restates the ledger
//! from movement 1: what headquarters holds must be its beginning, movement for movement.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::Ctx;
use crate::access;
use crate::export::csv::MOVEMENTS_HEADER;
use crate::store::hq::{HqBundle, HqDepot, HqLast, HqMovement, SNAPSHOT_FILES};
use crate::store::{AuditEntry, Store, Writer};
use crate::{Error, Result};
use depot_domain::access::Permission;
use depot_domain::movement::{GENESIS, hex};
use depot_exchange::bundle::BundleError;
use depot_exchange::bundle::manifest::{self, FILES, MANIFEST, Manifest, fingerprint, unhex};

use super::Refusal;

/// Movements taken in (compared, or appended) at a time: a bundle of a month's movements in
/// one COPY on PostgreSQL, a bounded amount of memory for a full one.
const CHUNK: usize = 20_000;

/// How to ingest.
#[derive(Debug, Clone, Copy, Default)]
pub struct IngestOptions {
    /// Enrol a depot not seen before with the key its bundle carries.
    pub trust_new: bool,
}

/// What ingesting one bundle did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ingested {
    /// Taken in: the depot's snapshot replaced, its movements appended.
    New {
        depot: String,
        name: String,
        as_of: NaiveDate,
        first_seq: u64,
        last_seq: u64,
        /// Movements appended (a full bundle's already held ones are not counted).
        appended: u64,
        /// The depot was enrolled by this bundle (`--trust-new`), with this fingerprint.
        enrolled: Option<String>,
    },
    /// Already ingested before: nothing changed.
    Again {
        depot: String,
        as_of: NaiveDate,
        ingested: String,
    },
}

/// A bundle folder found for ingesting, with its manifest and the manifest's hash when it
/// could be read.
struct Found {
    dir: PathBuf,
    manifest: Option<(Manifest, String)>,
}

/// The bundle folders `paths` name: each a bundle (it has `manifest.json`), or a folder of
/// bundles (every sub-folder with one). Each depot's bundles are put in the order they were
/// made (each after the one its `previous` names, else by their movements), so that folders
/// given in any order are ingested in the right one. Folders whose manifest cannot be read
/// stay where they were given, to be refused in turn.
pub fn bundles_in(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for p in paths {
        if p.join(MANIFEST).exists() || !p.is_dir() {
            dirs.push(p.clone());
            continue;
        }
        let mut subs: Vec<PathBuf> = std::fs::read_dir(p)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|s| s.join(MANIFEST).exists())
                    .collect()
            })
            .unwrap_or_default();
        if subs.is_empty() {
            // Said by the check: it has no manifest.json.
            dirs.push(p.clone());
        }
        subs.sort();
        dirs.extend(subs);
    }
    let found: Vec<Found> = dirs
        .into_iter()
        .map(|dir| {
            let manifest = std::fs::read(dir.join(MANIFEST)).ok().and_then(|b| {
                Manifest::parse(&b)
                    .ok()
                    .map(|m| (m, manifest::sha256_hex(&b)))
            });
            Found { dir, manifest }
        })
        .collect();
    // Each depot's bundles, in the order given; a depot's place is its first bundle's.
    let mut order: Vec<Vec<usize>> = Vec::new();
    let mut depot_at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, f) in found.iter().enumerate() {
        match &f.manifest {
            Some((m, _)) => {
                let at = *depot_at.entry(&m.body.depot.code).or_insert_with(|| {
                    order.push(Vec::new());
                    order.len() - 1
                });
                order[at].push(i);
            }
            None => order.push(vec![i]),
        }
    }
    let mut out = Vec::with_capacity(found.len());
    for group in order {
        out.extend(
            in_chain_order(&found, group)
                .into_iter()
                .map(|i| found[i].dir.clone()),
        );
    }
    out
}

/// One depot's bundles (indexes into `found`) in the order they were made: chains of
/// `previous` links, each from a bundle whose predecessor is not among them, the chains in
/// the order of their first bundle's movements.
fn in_chain_order(found: &[Found], mut group: Vec<usize>) -> Vec<usize> {
    let body = |i: usize| found[i].manifest.as_ref().map(|(m, sha)| (&m.body, sha));
    let key = |i: usize| body(i).map(|(b, _)| (b.last_seq, b.first_seq, b.created.clone()));
    group.sort_by_key(|&i| key(i));
    let sha_of = |i: usize| body(i).map(|(_, s)| s.clone());
    let previous_of = |i: usize| body(i).and_then(|(b, _)| b.previous.clone());
    let mut taken = vec![false; found.len()];
    let mut out = Vec::with_capacity(group.len());
    let roots: Vec<usize> = group
        .iter()
        .copied()
        .filter(|&i| {
            previous_of(i).is_none_or(|p| group.iter().all(|&j| sha_of(j).as_ref() != Some(&p)))
        })
        .collect();
    for root in roots.into_iter().chain(group.iter().copied()) {
        let mut at = root;
        while !taken[at] {
            taken[at] = true;
            out.push(at);
            let sha = sha_of(at);
            match group
                .iter()
                .copied()
                .find(|&j| !taken[j] && previous_of(j).is_some() && previous_of(j) == sha)
            {
                Some(next) => at = next,
                None => break,
            }
        }
    }
    out
}

/// Ingests the bundle in `dir`. A refusal (`Error::Hq`) changed nothing, and is written to the
/// audit log.
pub fn ingest(store: &Store, ctx: &Ctx, dir: &Path, opts: IngestOptions) -> Result<Ingested> {
    let out = prepare(dir).and_then(|p| take(store, ctx, p, opts));
    audited(store, ctx, dir, out)
}

/// Ingests the bundles in `dirs` in turn, as [`ingest`] each, telling `each` how each went
/// (it may stop there). While one bundle is taken into the database, the next is read and
/// checked (its hashes, signature and chain) on another thread, at most one ahead, so that the
/// two cores of a terminal, or the client and the server of PostgreSQL, both work.
pub fn ingest_each(
    store: &Store,
    ctx: &Ctx,
    dirs: &[PathBuf],
    opts: IngestOptions,
    mut each: impl FnMut(&Path, Result<Ingested>) -> std::ops::ControlFlow<()>,
) -> Result<()> {
    std::thread::scope(|scope| {
        let (send, prepared) = std::sync::mpsc::sync_channel::<Result<Prepared>>(1);
        scope.spawn(move || {
            for dir in dirs {
                if send.send(prepare(dir)).is_err() {
                    break;
                }
            }
        });
        for dir in dirs {
            let Ok(p) = prepared.recv() else { break };
            let out = p.and_then(|p| take(store, ctx, p, opts));
            let out = match audited(store, ctx, dir, out) {
                // The audit log could not be written: the database is gone; stop.
                Err(e @ Error::Store(_)) => return Err(e),
                out => out,
            };
            if each(dir, out).is_break() {
                break;
            }
        }
        Ok(())
    })
}

/// `out`, a refusal written to the audit log first.
fn audited(store: &Store, ctx: &Ctx, dir: &Path, out: Result<Ingested>) -> Result<Ingested> {
    if let Err(Error::Hq(r)) = &out {
        let entry = AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: format!("hq ingest {}", dir.display()),
            outcome: crate::audit_words::both(
                &format!("refused: {r}"),
                &format!("拒绝：{}", r.zh()),
            ),
        };
        store.write(|w| w.audit(&entry).map_err(Error::from))?;
    }
    out
}

/// A bundle read and checked on its own (before headquarters' database is looked at).
struct Prepared {
    shown: String,
    m: Manifest,
    sha: String,
    manifest_bytes: Vec<u8>,
    snapshot: Vec<(&'static str, Vec<u8>)>,
    movements: Vec<u8>,
    public_key: [u8; 32],
    head_hash: [u8; 32],
    as_of: NaiveDate,
    due: u64,
    due_cost: rust_decimal::Decimal,
}

/// Reads the bundle in `dir` and checks what needs nothing but the bundle: the manifest, every
/// file's hash and rows, and every movement's hash recomputed from its text.
fn prepare(dir: &Path) -> Result<Prepared> {
    let shown_owned = dir.display().to_string();
    let shown = shown_owned.as_str();
    let refuse = |source: BundleError| {
        Error::Hq(Refusal::Bundle {
            dir: shown.to_owned(),
            source,
        })
    };
    // The bytes kept (the manifest, the snapshot, the movements) are the ones whose hashes
    // were checked: each file is read and hashed once.
    let manifest::Checked {
        manifest: m,
        sha256: sha,
        manifest_bytes,
        mut files,
    } = manifest::check_read(dir).map_err(refuse)?;
    let names: Vec<&str> = m.body.files.iter().map(|f| f.name.as_str()).collect();
    if names != FILES {
        return Err(Error::Hq(Refusal::Files {
            dir: shown.to_owned(),
            file: MANIFEST,
            found: names.join(", "),
            expected: FILES.join(", "),
        }));
    }
    let mut take = |name: &str| {
        files
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, bytes)| std::mem::take(bytes))
            .ok_or_else(|| {
                refuse(BundleError::Malformed(format!(
                    "{name} is not among the files checked"
                )))
            })
    };
    let mut snapshot = Vec::with_capacity(SNAPSHOT_FILES.len());
    for name in SNAPSHOT_FILES {
        snapshot.push((name, take(name)?));
    }
    let movements = take("movements.csv")?;
    let bad = |what: &str| refuse(BundleError::Malformed(what.to_owned()));
    let public_key: [u8; 32] =
        unhex(&m.body.public_key).ok_or_else(|| bad("public_key is not 64 hex digits"))?;
    let head_hash: [u8; 32] =
        unhex(&m.body.head_hash).ok_or_else(|| bad("head_hash is not 64 hex digits"))?;
    let as_of = NaiveDate::parse_from_str(&m.body.as_of, "%Y-%m-%d")
        .map_err(|_| bad("as_of is not a date YYYY-MM-DD"))?;
    if m.body.first_seq == 0 || m.body.first_seq > m.body.last_seq + 1 {
        return Err(bad("first_seq is not between 1 and last_seq + 1"));
    }
    if m.body.full && m.body.first_seq != 1 {
        return Err(bad("a full bundle's first_seq is not 1"));
    }
    // What the figures need of the replacement plan, counted once.
    let plan = snapshot
        .iter()
        .find(|(n, _)| *n == "replacements.csv")
        .map_or(&[][..], |(_, b)| b.as_slice());
    let (due, due_cost) = super::figures::due_in(plan, chrono::Datelike::year(&as_of))
        .map_err(|what| bad(&format!("replacements.csv {what}")))?;
    Bundle {
        dir: shown,
        m: &m,
        head_hash,
        hashes_checked: false,
    }
    .check_hashes(&movements)?;
    Ok(Prepared {
        shown: shown_owned,
        m,
        sha,
        manifest_bytes,
        snapshot,
        movements,
        public_key,
        head_hash,
        as_of,
        due,
        due_cost,
    })
}

/// Takes a prepared bundle into headquarters' database, in one transaction, after the checks
/// against what it holds of the depot.
fn take(store: &Store, ctx: &Ctx, p: Prepared, opts: IngestOptions) -> Result<Ingested> {
    let Prepared {
        shown,
        m,
        sha,
        manifest_bytes,
        snapshot,
        movements,
        public_key,
        head_hash,
        as_of,
        due,
        due_cost,
    } = p;
    let shown = shown.as_str();
    let bundle = Bundle {
        dir: shown,
        m: &m,
        head_hash,
        hashes_checked: true,
    };
    access::act(store, ctx, "hq ingest", |w, ctx| {
        access::authorize(w, ctx, Permission::Manage, "ingest a bundle")?;
        let now = depot_domain::movement::timestamp_text(&ctx.stamp());
        let code = &m.body.depot.code;
        let (mut depot, enrolled) = match w.hq_depot(code)? {
            Some(d) => (d, None),
            None if opts.trust_new => {
                // The same depot under a new code (its top unit renamed) is not enrolled a
                // second time unasked. Looked at only for a depot not enrolled yet.
                let same_key: Vec<String> = store
                    .read()?
                    .hq_depots()?
                    .into_iter()
                    .filter(|d| d.public_key == public_key)
                    .map(|d| d.code)
                    .collect();
                if !same_key.is_empty() {
                    return Err(Error::Hq(Refusal::KeyOfAnother {
                        dir: shown.to_owned(),
                        code: code.clone(),
                        other: same_key.join(", "),
                    }));
                }
                let d = HqDepot {
                    code: code.clone(),
                    name: m.body.depot.name.clone(),
                    public_key,
                    enrolled: now.clone(),
                    enrolled_by: ctx.operator.to_string(),
                    last: None,
                };
                (d, Some(fingerprint(&public_key)))
            }
            None => {
                return Err(Error::Hq(Refusal::UnknownDepot {
                    dir: shown.to_owned(),
                    code: code.clone(),
                    name: m.body.depot.name.clone(),
                    fingerprint: fingerprint(&public_key),
                }));
            }
        };
        if depot.public_key != public_key {
            return Err(Error::Hq(Refusal::WrongKey {
                dir: shown.to_owned(),
                code: code.clone(),
                found: fingerprint(&public_key),
                enrolled: fingerprint(&depot.public_key),
            }));
        }
        if let Some(before) = w.hq_bundle(code, &sha)? {
            return Ok(Ingested::Again {
                depot: code.clone(),
                as_of: before.as_of,
                ingested: before.ingested,
            });
        }
        bundle.follows(w, depot.last.as_ref())?;
        // The depot must exist before its rows (PostgreSQL's foreign keys).
        if enrolled.is_some() {
            w.put_hq_depot(&depot)?;
        }
        let appended = bundle.take_movements(w, depot.last.as_ref(), &movements)?;
        for (name, bytes) in &snapshot {
            w.put_hq_file(code, name, bytes)?;
        }
        w.put_hq_bundle(&HqBundle {
            depot: code.clone(),
            manifest_sha256: sha.clone(),
            manifest: manifest_bytes.clone(),
            first_seq: m.body.first_seq,
            last_seq: m.body.last_seq,
            as_of,
            created: m.body.created.clone(),
            full: m.body.full,
            ingested: now.clone(),
            ingested_by: ctx.operator.to_string(),
        })?;
        depot.name = m.body.depot.name.clone();
        depot.last = Some(HqLast {
            manifest_sha256: sha.clone(),
            last_seq: m.body.last_seq,
            head_hash,
            as_of,
            created: m.body.created.clone(),
            ingested: now.clone(),
            due,
            due_cost,
        });
        w.put_hq_depot(&depot)?;
        w.audit(&AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: format!("hq ingest {shown}"),
            outcome: crate::audit_words::both(
                &format!(
                    "depot {code}, movements {} to {}, as of {as_of}{}",
                    m.body.first_seq,
                    m.body.last_seq,
                    if enrolled.is_some() { ", enrolled" } else { "" }
                ),
                &format!(
                    "库 {code}，第 {} 至第 {} 笔，截至 {as_of}{}",
                    m.body.first_seq,
                    m.body.last_seq,
                    if enrolled.is_some() {
                        "，已登记"
                    } else {
                        ""
                    }
                ),
            ),
        })?;
        Ok(Ingested::New {
            depot: code.clone(),
            name: m.body.depot.name.clone(),
            as_of,
            first_seq: m.body.first_seq,
            last_seq: m.body.last_seq,
            appended,
            enrolled,
        })
    })
}

/// A bundle that passed its own checks, being taken in.
struct Bundle<'a> {
    dir: &'a str,
    m: &'a Manifest,
    head_hash: [u8; 32],
    /// Every movement's hash was recomputed already ([`Bundle::check_hashes`]).
    hashes_checked: bool,
}

impl Bundle<'_> {
    fn code(&self) -> String {
        self.m.body.depot.code.clone()
    }

    /// Whether the bundle can continue what headquarters holds of the depot (`last`), by its
    /// manifest: it must not start after a gap, and a bundle that starts right after the last
    /// movement held must follow a bundle headquarters received. (A bundle that starts inside
    /// what is held, a full one say, is compared movement by movement instead.)
    fn follows(&self, w: &Writer<'_>, last: Option<&HqLast>) -> Result<()> {
        let b = &self.m.body;
        let held = last.map_or(0, |l| l.last_seq);
        if !b.full && b.first_seq > held + 1 {
            return Err(Error::Hq(Refusal::SkippedMovements {
                dir: self.dir.to_owned(),
                code: self.code(),
                held,
                first: b.first_seq,
                from: held + 1,
                to: b.first_seq - 1,
            }));
        }
        if let (Some(l), Some(p)) = (last, &b.previous)
            && b.first_seq == held + 1
            && *p != l.manifest_sha256
            && w.hq_bundle(&b.depot.code, p)?.is_none()
        {
            return Err(Error::Hq(Refusal::SkippedRound {
                dir: self.dir.to_owned(),
                code: self.code(),
                previous: p.clone(),
            }));
        }
        Ok(())
    }

    fn older(&self, l: &HqLast) -> Error {
        let b = &self.m.body;
        Error::Hq(Refusal::Older {
            dir: self.dir.to_owned(),
            code: self.code(),
            first: b.first_seq,
            last: b.last_seq,
            as_of: b.as_of.clone(),
            held: l.last_seq,
            held_as_of: l.as_of.to_string(),
        })
    }

    fn chain_error(&self, line: u64, seq: u64, what: String) -> Error {
        Error::Hq(Refusal::BadChain {
            dir: self.dir.to_owned(),
            line,
            seq,
            what,
        })
    }

    /// Reads `movements.csv`, checks each movement's hash and link, compares the ones
    /// headquarters already holds (a full bundle's, or an older one's: a difference is a fork)
    /// and appends the others. Returns how many were appended.
    /// Recomputes every movement's hash from its text (the CPU of an ingest), before the
    /// database is looked at: the links and what is held are checked when it is taken in.
    fn check_hashes(&self, csv: &[u8]) -> Result<()> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(csv);
        // A file that is not CSV, or of another header, is said when it is taken in.
        if r.headers()
            .map_or(true, |h| h.iter().ne(MOVEMENTS_HEADER.iter().copied()))
        {
            return Ok(());
        }
        let mut record = csv::StringRecord::new();
        let mut mv = HqMovement::default();
        let mut expect = self.m.body.first_seq;
        while let Ok(true) = r.read_record(&mut record) {
            let line = record.position().map_or(0, |p| p.line());
            self.movement(&record, line, expect, &mut mv)?;
            if !mv.hash_is_valid() {
                return Err(self.chain_error(
                    line,
                    expect,
                    "its hash is not the one its columns and prev_hash give".to_owned(),
                ));
            }
            expect += 1;
        }
        Ok(())
    }

    fn take_movements(&self, w: &mut Writer<'_>, last: Option<&HqLast>, csv: &[u8]) -> Result<u64> {
        let b = &self.m.body;
        let code = self.code();
        let held = last.map_or(0, |l| l.last_seq);
        // What the first movement must be chained to: the movement before it as held.
        let mut prev = match last {
            _ if b.first_seq == 1 => GENESIS,
            Some(l) if b.first_seq == held + 1 => l.head_hash,
            _ => match w.hq_movement_hashes(&code, b.first_seq - 1, b.first_seq - 1)?[..] {
                [(_, hash)] => hash,
                _ => {
                    let missing = b.first_seq - 1;
                    return Err(Error::said(
                        format!(
                            "headquarters holds depot {code}'s movements up to {held} but not movement {missing}: run `depot hq verify --depot {code}`"
                        ),
                        format!(
                            "总部保存的库 {code} 的记录到第 {held} 笔为止，但没有第 {missing} 笔：请运行 `depot hq verify --depot {code}`"
                        ),
                    ));
                }
            },
        };
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(csv);
        let malformed = |what: String| {
            Error::Hq(Refusal::Bundle {
                dir: self.dir.to_owned(),
                source: BundleError::FileChanged {
                    file: "movements.csv".to_owned(),
                    what,
                },
            })
        };
        let header = r
            .headers()
            .map_err(|e| malformed(format!("not CSV: {e}")))?
            .clone();
        if header.iter().ne(MOVEMENTS_HEADER.iter().copied()) {
            return Err(malformed(format!(
                "its header is {}, not {}",
                header.iter().collect::<Vec<_>>().join(","),
                MOVEMENTS_HEADER.join(",")
            )));
        }
        let mut expect = b.first_seq;
        let mut appended = 0u64;
        // The movements of a chunk are read into the same `HqMovement`s chunk after chunk
        // (`used` of them filled), so that their strings are allocated once, not per movement.
        let mut chunk: Vec<HqMovement> = Vec::with_capacity(CHUNK.min(1 + b.last_seq as usize));
        let mut used = 0;
        let mut record = csv::StringRecord::new();
        loop {
            let more = r
                .read_record(&mut record)
                .map_err(|e| malformed(format!("not CSV: {e}")))?;
            if !more {
                break;
            }
            let line = record.position().map_or(0, |p| p.line());
            if used == chunk.len() {
                chunk.push(HqMovement::default());
            }
            let mv = &mut chunk[used];
            self.movement(&record, line, expect, mv)?;
            if mv.prev_hash != prev {
                let what = if expect == b.first_seq && expect > 1 {
                    // Chained to another movement than the one held before it.
                    return Err(Error::Hq(Refusal::Fork {
                        dir: self.dir.to_owned(),
                        code,
                        seq: expect - 1,
                    }));
                } else {
                    format!(
                        "its prev_hash is {}, and movement {}'s hash is {}",
                        hex(&mv.prev_hash),
                        expect - 1,
                        hex(&prev)
                    )
                };
                return Err(self.chain_error(line, expect, what));
            }
            if !self.hashes_checked && !mv.hash_is_valid() {
                return Err(self.chain_error(
                    line,
                    expect,
                    "its hash is not the one its columns and prev_hash give".to_owned(),
                ));
            }
            prev = mv.hash;
            used += 1;
            if used == CHUNK {
                appended += self.put_chunk(w, &code, held, &chunk[..used])?;
                used = 0;
            }
            expect += 1;
        }
        appended += self.put_chunk(w, &code, held, &chunk[..used])?;
        if expect != b.last_seq + 1 {
            return Err(malformed(format!(
                "it holds movements {} to {}, the manifest says {} to {}",
                b.first_seq,
                expect - 1,
                b.first_seq,
                b.last_seq
            )));
        }
        if prev != self.head_hash {
            return Err(self.chain_error(
                0,
                b.last_seq,
                format!(
                    "the last movement's hash is {}, the manifest's head_hash {}",
                    hex(&prev),
                    hex(&self.head_hash)
                ),
            ));
        }
        // Movement for movement what is held, and nothing new: an older bundle, unless it is
        // the round after the last one ingested (a full bundle with no new movements).
        if let Some(l) = last
            && b.last_seq <= l.last_seq
            && b.first_seq <= l.last_seq
            && b.previous.as_deref() != Some(l.manifest_sha256.as_str())
        {
            return Err(self.older(l));
        }
        Ok(appended)
    }

    /// One row of `movements.csv` as a movement, which must be number `seq`, read into `mv`
    /// (its strings reused).
    fn movement(
        &self,
        rec: &csv::StringRecord,
        line: u64,
        seq: u64,
        mv: &mut HqMovement,
    ) -> Result<()> {
        let found: Option<u64> = rec.get(0).and_then(|s| s.parse().ok());
        if found != Some(seq) {
            return Err(self.chain_error(
                line,
                seq,
                format!(
                    "it is numbered {}, where movement {seq} belongs",
                    rec.get(0).unwrap_or_default()
                ),
            ));
        }
        let hash32 = |i: usize, what: &str| {
            unhex::<32>(rec.get(i).unwrap_or_default()).ok_or_else(|| {
                self.chain_error(line, seq, format!("its {what} is not 64 hex digits"))
            })
        };
        mv.seq = seq;
        mv.prev_hash = hash32(11, "prev_hash")?;
        mv.hash = hash32(12, "hash")?;
        for (field, i) in [
            (&mut mv.at, 1),
            (&mut mv.action, 2),
            (&mut mv.barcode, 3),
            (&mut mv.item, 4),
            (&mut mv.quantity, 5),
            (&mut mv.from, 6),
            (&mut mv.to, 7),
            (&mut mv.operator, 8),
            (&mut mv.reference, 9),
            (&mut mv.reason, 10),
            (&mut mv.detail, 13),
        ] {
            field.clear();
            field.push_str(rec.get(i).unwrap_or_default());
        }
        Ok(())
    }

    /// Compares the movements of `chunk` (in seq order) that headquarters holds (seq ≤
    /// `held`) and appends the rest. Returns how many were appended.
    fn put_chunk(
        &self,
        w: &mut Writer<'_>,
        code: &str,
        held: u64,
        chunk: &[HqMovement],
    ) -> Result<u64> {
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
            return Ok(0);
        };
        let (first, last) = (first.seq, last.seq);
        if first <= held {
            let known = w.hq_movement_hashes(code, first, last.min(held))?;
            for (mv, (seq, hash)) in chunk.iter().zip(&known) {
                if mv.seq != *seq || mv.hash != *hash {
                    return Err(Error::Hq(Refusal::Fork {
                        dir: self.dir.to_owned(),
                        code: code.to_owned(),
                        seq: mv.seq,
                    }));
                }
            }
        }
        let new = &chunk[chunk.partition_point(|m| m.seq <= held)..];
        w.append_hq_movements(code, new)?;
        Ok(new.len() as u64)
    }
}
