//! The digest's recipients and what was last sent to each (schema version 8): their reads in
//! a snapshot or a write transaction, and their writes.

use depot_store::{RecipientRecord, SentRecord, StoreError};

use crate::conn::Conn;
use crate::convert::col;
use crate::query::Res;
use crate::reader::PgReader;
use crate::writer::PgWriter;

fn recipients(c: &mut Conn) -> Res<Vec<RecipientRecord>> {
    let rows = c.query(
        "SELECT audience, address, channel FROM recipients ORDER BY audience, address",
        &[],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(RecipientRecord {
            audience: col(r, 0, "recipients")?,
            address: col(r, 1, "recipients")?,
            channel: col(r, 2, "recipients")?,
        });
    }
    Ok(out)
}

fn sent_where(c: &mut Conn, key: Option<(&str, &str)>) -> Res<Vec<SentRecord>> {
    let rows = match key {
        Some((audience, address)) => c.query(
            "SELECT audience, address, fingerprint, at FROM digests_sent \
             WHERE audience = $1 AND address = $2",
            &[&audience, &address],
        )?,
        None => c.query(
            "SELECT audience, address, fingerprint, at FROM digests_sent \
             ORDER BY audience, address",
            &[],
        )?,
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(SentRecord {
            audience: col(r, 0, "digests_sent")?,
            address: col(r, 1, "digests_sent")?,
            fingerprint: col(r, 2, "digests_sent")?,
            at: col(r, 3, "digests_sent")?,
        });
    }
    Ok(out)
}

impl PgReader {
    pub fn recipients(&self) -> Result<Vec<RecipientRecord>, StoreError> {
        self.with(recipients)
    }

    pub fn digests_sent(&self) -> Result<Vec<SentRecord>, StoreError> {
        self.with(|c| sent_where(c, None))
    }
}

impl PgWriter<'_> {
    pub fn recipients(&self) -> Result<Vec<RecipientRecord>, StoreError> {
        self.raw(recipients)
    }

    pub fn put_recipient(&mut self, r: &RecipientRecord) -> Result<(), StoreError> {
        self.raw(|c| {
            c.execute(
                "INSERT INTO recipients (audience, address, channel) VALUES ($1, $2, $3) \
                 ON CONFLICT (audience, address) DO UPDATE SET channel = excluded.channel",
                &[&r.audience, &r.address, &r.channel],
            )?;
            Ok(())
        })
    }

    /// Removes a recipient; what was sent to it goes with it (the foreign key cascades).
    pub fn remove_recipient(&mut self, audience: &str, address: &str) -> Result<bool, StoreError> {
        self.raw(|c| {
            let n = c.execute(
                "DELETE FROM recipients WHERE audience = $1 AND address = $2",
                &[&audience, &address],
            )?;
            Ok(n > 0)
        })
    }

    pub fn digest_sent(
        &self,
        audience: &str,
        address: &str,
    ) -> Result<Option<SentRecord>, StoreError> {
        self.raw(|c| Ok(sent_where(c, Some((audience, address)))?.pop()))
    }

    pub fn put_digest_sent(&mut self, s: &SentRecord) -> Result<(), StoreError> {
        self.raw(|c| {
            c.execute(
                "INSERT INTO digests_sent (audience, address, fingerprint, at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (audience, address) \
                 DO UPDATE SET fingerprint = excluded.fingerprint, at = excluded.at",
                &[&s.audience, &s.address, &s.fingerprint, &s.at],
            )?;
            Ok(())
        })
    }
}
