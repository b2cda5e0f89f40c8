//! The digest's recipients and what was last sent to each (schema version 8), with its lines
//! below standard (version 12): their reads in a snapshot or a write transaction, and their
//! writes.

use depot_domain::notify::DigestLine;
use depot_store::{RecipientRecord, SentRecord, StoreError};
use rust_decimal::Decimal;

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
            lines: Vec::new(),
        });
    }
    let lines = match key {
        Some((audience, address)) => c.query(
            "SELECT audience, address, unit, module, what, required, held, ready \
             FROM digest_lines WHERE audience = $1 AND address = $2 \
             ORDER BY unit, module, what",
            &[&audience, &address],
        )?,
        None => c.query(
            "SELECT audience, address, unit, module, what, required, held, ready \
             FROM digest_lines ORDER BY audience, address, unit, module, what",
            &[],
        )?,
    };
    // Both come in (audience, address) order: each record takes the lines of its own key.
    let mut at = 0;
    for r in &lines {
        let audience: String = col(r, 0, "digest_lines")?;
        let address: String = col(r, 1, "digest_lines")?;
        while out
            .get(at)
            .is_some_and(|s| (&s.audience, &s.address) < (&audience, &address))
        {
            at += 1;
        }
        let Some(sent) = out.get_mut(at) else { break };
        sent.lines.push(DigestLine {
            unit: col(r, 2, "digest_lines")?,
            module: col(r, 3, "digest_lines")?,
            what: col(r, 4, "digest_lines")?,
            required: col(r, 5, "digest_lines")?,
            held: col(r, 6, "digest_lines")?,
            ready: col(r, 7, "digest_lines")?,
        });
    }
    Ok(out)
}

/// The lines of `s` in place of those kept for its recipient (one statement for all of them).
fn put_lines(c: &mut Conn, s: &SentRecord) -> Res<()> {
    c.execute(
        "DELETE FROM digest_lines WHERE audience = $1 AND address = $2",
        &[&s.audience, &s.address],
    )?;
    if s.lines.is_empty() {
        return Ok(());
    }
    let text = |f: fn(&DigestLine) -> &String| -> Vec<&str> {
        s.lines.iter().map(|l| f(l).as_str()).collect()
    };
    let num = |f: fn(&DigestLine) -> Decimal| -> Vec<Decimal> { s.lines.iter().map(f).collect() };
    let (units, modules, whats) = (text(|l| &l.unit), text(|l| &l.module), text(|l| &l.what));
    let (required, held, ready) = (num(|l| l.required), num(|l| l.held), num(|l| l.ready));
    c.execute(
        "INSERT INTO digest_lines (audience, address, unit, module, what, required, held, ready) \
         SELECT $1, $2, l.* FROM unnest($3::text[], $4::text[], $5::text[], $6::numeric[], \
         $7::numeric[], $8::numeric[]) AS l \
         ON CONFLICT DO NOTHING",
        &[
            &s.audience,
            &s.address,
            &units,
            &modules,
            &whats,
            &required,
            &held,
            &ready,
        ],
    )?;
    Ok(())
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
            put_lines(c, s)
        })
    }
}
