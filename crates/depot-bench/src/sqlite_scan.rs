//! The SQLite side of the scan benchmark: a check-out or check-in as one durable transaction
//! doing what depot's does — look the asset up, check it and the receiver, update it, and
//! append a movement to the ledger sealed with SHA-256 after the previous row's hash.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::BenchResult;
use crate::fixture::Ready;
use crate::sqlite::{Chain, detail};

const INSERT: &str = "INSERT INTO ledger VALUES \
    (?1, ?2, ?3, ?4, ?5, '1', ?6, ?7, ?8, ?9, NULL, ?10, ?11, ?12)";

pub struct SqliteScans {
    conn: Connection,
    chain: Chain,
    det: String,
}

impl SqliteScans {
    /// Opens the register as the import left it: WAL, `synchronous=FULL`, 128 MiB cache.
    pub fn open(db: &Path) -> BenchResult<Self> {
        let conn = Connection::open(db)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "cache_size", -128 * 1024)?;
        Ok(SqliteScans {
            conn,
            chain: Chain {
                seq: 0,
                prev: [0; 32],
                buf: Vec::with_capacity(256),
            },
            det: String::new(),
        })
    }

    /// Rows in the ledger.
    pub fn rows(&self) -> BenchResult<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM ledger", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Checks `barcode` out to the unit or warehouse `to`.
    pub fn checkout(&mut self, barcode: &str, to: &str) -> BenchResult<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (item, owner, location, status) = lookup(&tx, barcode)?;
        if location.is_some() || status != "ready" {
            return Err(format!("sqlite: {barcode} cannot be checked out").into());
        }
        let known: bool = tx
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM units WHERE code = ?1) \
                 OR EXISTS(SELECT 1 FROM warehouses WHERE code = ?1)",
            )?
            .query_row([to], |r| r.get(0))?;
        if !known || to == owner {
            return Err(format!("sqlite: cannot check {barcode} out to {to}").into());
        }
        tx.prepare_cached("UPDATE assets SET location = ?2 WHERE barcode = ?1")?
            .execute(params![barcode, to])?;
        head(&tx, &mut self.chain)?;
        append(
            &tx,
            &mut self.chain,
            &mut self.det,
            ["checkout", barcode, &item, &owner, to],
            &now(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Checks `barcode` back in to its owner.
    pub fn checkin(&mut self, barcode: &str) -> BenchResult<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (item, owner, location, _) = lookup(&tx, barcode)?;
        let Some(from) = location else {
            return Err(format!("sqlite: {barcode} is not checked out").into());
        };
        tx.prepare_cached("UPDATE assets SET location = NULL WHERE barcode = ?1")?
            .execute([barcode])?;
        head(&tx, &mut self.chain)?;
        append(
            &tx,
            &mut self.chain,
            &mut self.det,
            ["checkin", barcode, &item, &from, &owner],
            &now(),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Appends `pairs` check-out/check-in movement pairs (to an incident reference and back)
    /// over `ready` in transactions of `per_tx` pairs; the assets end as they were, so only
    /// the ledger rows are written.
    pub fn bulk_pairs(&mut self, ready: &[Ready], pairs: u64, per_tx: u64) -> BenchResult<()> {
        let mut done = 0;
        let at = now();
        let items = self.items(ready)?;
        while done < pairs {
            let n = per_tx.min(pairs - done);
            let tx = self.conn.transaction()?;
            head(&tx, &mut self.chain)?;
            for i in done..done + n {
                let k = (i % ready.len() as u64) as usize;
                let (b, owner) = (ready[k].barcode.as_str(), ready[k].owner.as_str());
                let item = items[k].as_str();
                let (c, d) = (&mut self.chain, &mut self.det);
                append(
                    &tx,
                    c,
                    d,
                    ["checkout", b, item, owner, "BULK-2026-0001"],
                    &at,
                )?;
                append(
                    &tx,
                    c,
                    d,
                    ["checkin", b, item, "BULK-2026-0001", owner],
                    &at,
                )?;
            }
            tx.commit()?;
            done += n;
        }
        Ok(())
    }

    /// The item of each of `ready`.
    fn items(&self, ready: &[Ready]) -> BenchResult<Vec<String>> {
        let mut st = self
            .conn
            .prepare("SELECT item FROM assets WHERE barcode = ?1")?;
        let mut out = Vec::with_capacity(ready.len());
        for r in ready {
            out.push(st.query_row([&r.barcode], |row| row.get(0))?);
        }
        Ok(out)
    }
}

type Looked = (String, String, Option<String>, String);

fn lookup(tx: &rusqlite::Transaction<'_>, barcode: &str) -> BenchResult<Looked> {
    tx.prepare_cached("SELECT item, owner, location, status FROM assets WHERE barcode = ?1")?
        .query_row([barcode], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?
        .ok_or_else(|| format!("sqlite: unknown barcode {barcode}").into())
}

/// Loads the ledger head into `chain`.
fn head(tx: &rusqlite::Transaction<'_>, chain: &mut Chain) -> BenchResult<()> {
    let h: Option<(i64, Vec<u8>)> = tx
        .prepare_cached("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, hash) = h.unwrap_or((0, vec![0; 32]));
    chain.seq = seq as u64;
    chain.prev = hash
        .try_into()
        .map_err(|_| "sqlite: a ledger hash is not 32 bytes")?;
    Ok(())
}

/// Appends one movement: `[action, barcode, item, from, to]`.
fn append(
    tx: &rusqlite::Transaction<'_>,
    chain: &mut Chain,
    det: &mut String,
    [action, barcode, item, from, to]: [&str; 5],
    at: &str,
) -> BenchResult<()> {
    detail(
        det,
        &[("location", if action == "checkout" { to } else { "" })],
    );
    let fields = [
        at, action, barcode, item, "1", from, to, "bench", "", "", det,
    ];
    let (prev, hash) = chain.seal(fields);
    tx.prepare_cached(INSERT)?.execute(params![
        chain.seq as i64,
        at,
        action,
        barcode,
        item,
        from,
        to,
        "bench",
        None::<&str>,
        &*det,
        &prev[..],
        &hash[..]
    ])?;
    Ok(())
}

fn now() -> String {
    chrono::Local::now()
        .fixed_offset()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}
