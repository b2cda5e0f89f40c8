//! Moving a depot to another engine (`depot migrate --to`): a redb file to a PostgreSQL
//! database when a depot outgrows one terminal, or back. Everything is copied from one
//! snapshot of the source in one transaction of the target, the ledger movement by movement
//! with its own numbers, hashes and links (each checked to continue the chain), so the copy
//! has the same ledger head, then the stock rows as the source holds them, each written once;
//! the copy is then verified (its stock replayed from its ledger). The source is only read.

use crate::store::{Store, StoreError};
use crate::{Error, Result};
use depot_domain::msg::service::ServiceMsg;

use crate::verify::{self, VerifyReport};

/// What a migration copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub movements: u64,
    pub stock: u64,
    /// The ledger's last movement and hash, the same in both databases.
    pub head: (u64, [u8; 32]),
    /// `verify` of the copy.
    pub verified: VerifyReport,
}

/// Where a migration is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Movements copied so far (every few thousand, and all of them at the end).
    Movements(u64),
    /// The ledger copied: the assets' and lots' rows.
    Rows,
    /// The copy committed: its verification (its stock replayed from its ledger).
    Verifying,
}

/// How many movements a migration of `from` copies (its ledger's length), for a progress bar.
pub fn movements_to_copy(from: &Store) -> Result<u64> {
    Ok(from.read()?.ledger_head()?.0)
}

/// Copies the depot in `from` into `to`, which must hold no register yet (a database just
/// made by `depot init`: its shipped modules are kept, and updated from the source). `tick`
/// is told where the copy is ([`Stage`]).
pub fn migrate(from: &Store, to: &Store, tick: &mut dyn FnMut(Stage)) -> Result<Moved> {
    let src = from.read()?;
    let target = to.read()?;
    if target.ledger_head()?.0 != 0 || target.stock_count()? != 0 || !target.units()?.is_empty() {
        return Err(Error::Msg(ServiceMsg::MigrateTargetHolds));
    }
    drop(target);
    // What is copied is durable at its source first (a server's terminals commit before their
    // flush): the copy never holds a movement a power cut could take back from the source.
    src.ledger_head()?;
    from.flush()?;
    let movements = to.write(|w| -> Result<u64> {
        for m in src.modules()? {
            w.put_module(&m)?;
        }
        for u in src.units()? {
            w.put_unit(&u)?;
        }
        for h in src.warehouses()? {
            w.put_warehouse(&h)?;
        }
        for c in src.catalog()? {
            w.put_item(&c)?;
        }
        for l in src.standards()? {
            w.put_standard(&l)?;
        }
        for t in src.targets()? {
            w.put_target(&t)?;
        }
        for l in src.locations()? {
            w.put_location(&l)?;
        }
        for t in src.travel_times()? {
            w.put_travel_time(&t)?;
        }
        for o in src.operators()? {
            w.put_operator(&o)?;
        }
        // The ledger, then each barcode's row as the source holds it, in bulk: a row is
        // written once, not again at each later movement of its barcode.
        let n = w.batched(|w| -> Result<u64> {
            let mut n = 0u64;
            src.for_each_movement_linked(1, |mv, link| -> Result<()> {
                w.append_copied(&mv, link)?;
                n += 1;
                if n.is_multiple_of(4096) {
                    tick(Stage::Movements(n));
                }
                Ok(())
            })?;
            tick(Stage::Movements(n));
            tick(Stage::Rows);
            src.for_each_stock_linked(|row, head| -> Result<()> {
                w.put_copied_stock(&row.to_stock(), head)?;
                Ok(())
            })?;
            Ok(n)
        })?;
        for k in src.kits()? {
            w.put_kit(&k)?;
        }
        for r in src.recipients()? {
            w.put_recipient(&r)?;
        }
        for s in src.digests_sent()? {
            w.put_digest_sent(&s)?;
        }
        for c in src.counts()? {
            let id = w.open_count(&c.scope, c.module.as_deref(), &c.opened_at, &c.opened_by)?;
            if id != c.id {
                return Err(StoreError::Corrupt {
                    table: "counts",
                    key: c.id.to_string(),
                    reason: format!(
                        "the counts are not numbered from 1 without a gap (this one became {id})"
                    ),
                }
                .into());
            }
            for (barcode, q) in src.count_scans(c.id)? {
                w.count_scan(id, &barcode, q)?;
            }
            w.put_count_lines(id, &src.count_lines(c.id)?)?;
            if let Some((at, by)) = &c.closed {
                w.close_count(&c, at, by)?;
            }
        }
        for e in src.audit_log()? {
            w.audit(&e)?;
        }
        for k in crate::bundle::WATERMARK_META {
            if let Some(v) = src.meta(k)? {
                w.put_meta(k, &v)?;
            }
        }
        // What the register imports keep: the barcode prefix and its sequence (so a number is
        // never given twice), each import's record, the shelves.
        for k in crate::import::register::meta_keys(&src)? {
            if let Some(v) = src.meta(&k)? {
                w.put_meta(&k, &v)?;
            }
        }
        // The shipments' records: the peer depots' keys, what was sent and received.
        for k in crate::ship::record::meta_keys(&src)? {
            if let Some(v) = src.meta(&k)? {
                w.put_meta(&k, &v)?;
            }
        }
        copy_headquarters(&src, w)?;
        // Headquarters' enrolled key and the directive in force (a depot); the directives
        // issued and each depot's stated version (headquarters).
        for k in crate::directive::meta_keys(&src)? {
            if let Some(v) = src.meta(&k)? {
                w.put_meta(&k, &v)?;
            }
        }
        Ok(n)
    })?;
    tick(Stage::Verifying);
    let verified = verify::verify(to)?;
    let head = to.read()?.ledger_head()?;
    if head != src.ledger_head()? {
        let (copy, source) = (head.0, src.ledger_head()?.0);
        return Err(Error::Msg(ServiceMsg::MigrateCopyShort {
            copy: copy.to_string(),
            source: source.to_string(),
        }));
    }
    Ok(Moved {
        movements,
        stock: src.stock_count()?,
        head,
        verified,
    })
}

/// Movements of a headquarters' held ledgers copied at a time.
const HQ_CHUNK: u64 = 10_000;

/// What a headquarters database holds of its depots (`store::hq`).
fn copy_headquarters(src: &crate::store::Reader, w: &mut crate::store::Writer<'_>) -> Result<()> {
    for d in src.hq_depots()? {
        w.put_hq_depot(&d)?;
        for b in src.hq_bundles(&d.code)? {
            w.put_hq_bundle(&b)?;
        }
        // After the bundles: a server checks that each figures' bundle is there.
        for f in src.hq_figures(&d.code)? {
            w.put_hq_figures(&f)?;
        }
        let last = d.last.as_ref().map_or(0, |l| l.last_seq);
        let mut from = 1;
        while from <= last {
            let chunk = src.hq_movements(&d.code, from, from + HQ_CHUNK - 1)?;
            w.append_hq_movements(&d.code, &chunk)?;
            from += HQ_CHUNK;
        }
        for f in crate::store::hq::SNAPSHOT_FILES {
            if let Some(bytes) = src.hq_file(&d.code, f)? {
                w.put_hq_file(&d.code, f, &bytes)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "migrate_tests.rs"]
mod tests;
