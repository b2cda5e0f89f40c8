//! The digest's recipients and what was last sent to each, on redb: rows, reads and writes.
//! The tables are made by the first write that needs them and read as empty while missing.

use crate::{Db, Fault};
use redb::{ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::rows::{dec, undec};
use crate::rows::{decode, encode};
use crate::tables::{DIGEST_LINES, DIGESTS_SENT, RECIPIENTS};
use crate::{Reader, StoreError, Writer};
use depot_domain::notify::DigestLine;
use depot_store::{RecipientRecord, SentRecord};

#[derive(Serialize, Deserialize)]
struct RecipientRow {
    channel: String,
}

#[derive(Serialize, Deserialize)]
struct SentRow {
    fingerprint: String,
    at: String,
}

/// A line below standard in the digest sent (`DIGEST_LINES` keeps a `Vec` of them).
#[derive(Serialize, Deserialize)]
struct LineRow {
    unit: String,
    module: String,
    what: String,
    required: [u8; 16],
    held: [u8; 16],
    ready: [u8; 16],
}

fn lines_from(audience: &str, address: &str, bytes: &[u8]) -> Result<Vec<DigestLine>, StoreError> {
    let rows: Vec<LineRow> = decode("digest_lines", &format!("{audience} {address}"), bytes)?;
    Ok(rows
        .into_iter()
        .map(|r| DigestLine {
            unit: r.unit,
            module: r.module,
            what: r.what,
            required: undec(r.required),
            held: undec(r.held),
            ready: undec(r.ready),
        })
        .collect())
}

/// The lines as kept: in (unit, module, what) order, as PostgreSQL reads them.
fn lines_row(lines: &[DigestLine]) -> Vec<u8> {
    let mut lines: Vec<&DigestLine> = lines.iter().collect();
    lines.sort_by(|a, b| a.key().cmp(&b.key()));
    let rows: Vec<LineRow> = lines
        .iter()
        .map(|l| LineRow {
            unit: l.unit.clone(),
            module: l.module.clone(),
            what: l.what.clone(),
            required: dec(l.required),
            held: dec(l.held),
            ready: dec(l.ready),
        })
        .collect();
    encode(&rows)
}

/// The lines of the digest sent to `audience` at `address`, from `t` (none: not kept).
fn lines_in(
    t: Option<&impl ReadableTable<(&'static str, &'static str), &'static [u8]>>,
    audience: &str,
    address: &str,
) -> Result<Vec<DigestLine>, StoreError> {
    let Some(t) = t else {
        return Ok(Vec::new());
    };
    match t.get((audience, address)).db()? {
        Some(v) => lines_from(audience, address, v.value()),
        None => Ok(Vec::new()),
    }
}

fn recipient_from(
    audience: &str,
    address: &str,
    bytes: &[u8],
) -> Result<RecipientRecord, StoreError> {
    let r: RecipientRow = decode("recipients", &format!("{audience} {address}"), bytes)?;
    Ok(RecipientRecord {
        audience: audience.to_owned(),
        address: address.to_owned(),
        channel: r.channel,
    })
}

fn sent_from(audience: &str, address: &str, bytes: &[u8]) -> Result<SentRecord, StoreError> {
    let r: SentRow = decode("digests_sent", &format!("{audience} {address}"), bytes)?;
    Ok(SentRecord {
        audience: audience.to_owned(),
        address: address.to_owned(),
        fingerprint: r.fingerprint,
        at: r.at,
        lines: Vec::new(),
    })
}

/// Every row of `t`, in key order, made into a `T`.
fn all<T>(
    t: &impl ReadableTable<(&'static str, &'static str), &'static [u8]>,
    make: impl Fn(&str, &str, &[u8]) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    for e in t.iter().db()? {
        let (k, v) = e.db()?;
        let (audience, address) = k.value();
        out.push(make(audience, address, v.value())?);
    }
    Ok(out)
}

/// A table keyed by audience and address, as a read snapshot opens it.
type Keyed = redb::ReadOnlyTable<(&'static str, &'static str), &'static [u8]>;

/// Opens a table of a read snapshot; a file written before the table existed reads as empty.
fn open_ro(
    r: &Reader,
    def: TableDefinition<(&str, &str), &[u8]>,
) -> Result<Option<Keyed>, StoreError> {
    match r.txn().open_table(def) {
        Ok(t) => Ok(Some(t)),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e.fault()),
    }
}

impl Reader {
    pub fn recipients(&self) -> Result<Vec<RecipientRecord>, StoreError> {
        match open_ro(self, RECIPIENTS)? {
            Some(t) => all(&t, recipient_from),
            None => Ok(Vec::new()),
        }
    }

    pub fn digests_sent(&self) -> Result<Vec<SentRecord>, StoreError> {
        let mut sent = match open_ro(self, DIGESTS_SENT)? {
            Some(t) => all(&t, sent_from)?,
            None => Vec::new(),
        };
        let lines = open_ro(self, DIGEST_LINES)?;
        for s in &mut sent {
            s.lines = lines_in(lines.as_ref(), &s.audience, &s.address)?;
        }
        Ok(sent)
    }
}

impl Writer<'_> {
    pub fn recipients(&self) -> Result<Vec<RecipientRecord>, StoreError> {
        all(&self.txn().open_table(RECIPIENTS).db()?, recipient_from)
    }

    pub fn put_recipient(&mut self, r: &RecipientRecord) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(RECIPIENTS).db()?;
        let row = RecipientRow {
            channel: r.channel.clone(),
        };
        t.insert(
            (r.audience.as_str(), r.address.as_str()),
            encode(&row).as_slice(),
        )
        .db()?;
        Ok(())
    }

    pub fn remove_recipient(&mut self, audience: &str, address: &str) -> Result<bool, StoreError> {
        let mut sent = self.txn().open_table(DIGESTS_SENT).db()?;
        sent.remove((audience, address)).db()?;
        let mut lines = self.txn().open_table(DIGEST_LINES).db()?;
        lines.remove((audience, address)).db()?;
        let mut t = self.txn().open_table(RECIPIENTS).db()?;
        let gone = t.remove((audience, address)).db()?.is_some();
        Ok(gone)
    }

    pub fn digest_sent(
        &self,
        audience: &str,
        address: &str,
    ) -> Result<Option<SentRecord>, StoreError> {
        let t = self.txn().open_table(DIGESTS_SENT).db()?;
        let v = t.get((audience, address)).db()?.map(|v| v.value().to_vec());
        let Some(mut sent) = v.map(|b| sent_from(audience, address, &b)).transpose()? else {
            return Ok(None);
        };
        let lines = self.txn().open_table(DIGEST_LINES).db()?;
        sent.lines = lines_in(Some(&lines), audience, address)?;
        Ok(Some(sent))
    }

    pub fn put_digest_sent(&mut self, s: &SentRecord) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(DIGESTS_SENT).db()?;
        let row = SentRow {
            fingerprint: s.fingerprint.clone(),
            at: s.at.clone(),
        };
        t.insert(
            (s.audience.as_str(), s.address.as_str()),
            encode(&row).as_slice(),
        )
        .db()?;
        let mut lines = self.txn().open_table(DIGEST_LINES).db()?;
        let key = (s.audience.as_str(), s.address.as_str());
        if s.lines.is_empty() {
            lines.remove(key).db()?;
        } else {
            lines.insert(key, lines_row(&s.lines).as_slice()).db()?;
        }
        Ok(())
    }
}
