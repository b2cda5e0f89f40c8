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

mod bundle;
mod find;
mod options;
mod prepare;
mod take;

pub use find::bundles_in;
pub use options::{IngestOptions, Ingested};
use prepare::{Prepared, prepare};
use take::take;

use std::path::{Path, PathBuf};

use crate::Ctx;
use crate::store::{AuditEntry, Store};
use crate::{Error, Result};

/// Ingests the bundle in `dir`. A refusal (`Error::Hq`) changed nothing, and is written to the
/// audit log.
pub fn ingest(store: &Store, ctx: &Ctx, dir: &Path, opts: IngestOptions) -> Result<Ingested> {
    let out = prepare(dir).and_then(|p| take(store, ctx, p, opts));
    audited(store, ctx, dir, out)
}

/// How many bundles are read and checked at once, each on a thread of its own, while one is
/// taken in.
const AHEAD: usize = 2;

/// Ingests the bundles in `dirs` in turn, as [`ingest`] each, telling `each` how each went
/// (it may stop there). While one bundle is taken into the database, the next ones are read
/// and checked (their hashes, signature and chain) on other threads ([`AHEAD`] of them, each
/// holding at most one bundle ready), so that the cores of a terminal, or the client and the
/// server of PostgreSQL, all work.
pub fn ingest_each(
    store: &Store,
    ctx: &Ctx,
    dirs: &[PathBuf],
    opts: IngestOptions,
    mut each: impl FnMut(&Path, Result<Ingested>) -> std::ops::ControlFlow<()>,
) -> Result<()> {
    std::thread::scope(|scope| {
        // Worker k reads bundles k, k + AHEAD, …: bundle i comes from worker i % AHEAD.
        let prepared: Vec<_> = (0..AHEAD)
            .map(|k| {
                let (send, prepared) = std::sync::mpsc::sync_channel::<Result<Prepared>>(0);
                scope.spawn(move || {
                    for dir in dirs.iter().skip(k).step_by(AHEAD) {
                        if send.send(prepare(dir)).is_err() {
                            break;
                        }
                    }
                });
                prepared
            })
            .collect();
        for (i, dir) in dirs.iter().enumerate() {
            let Ok(p) = prepared[i % AHEAD].recv() else {
                break;
            };
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
