//! The digest's recipients and what was last sent to each, on redb: rows, reads and writes.
//! The tables are made by the first write that needs them and read as empty while missing.

use crate::{Db, Fault};
use redb::{ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::rows::{decode, encode};
use crate::tables::{DIGESTS_SENT, RECIPIENTS};
use crate::{Reader, StoreError, Writer};
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
        match open_ro(self, DIGESTS_SENT)? {
            Some(t) => all(&t, sent_from),
            None => Ok(Vec::new()),
        }
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
        v.map(|b| sent_from(audience, address, &b)).transpose()
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
        Ok(())
    }
}
