//! The quartermaster's records beside the stock, in a write transaction: operators, the audit
//! log, stock counts and kits. (Their reads in a snapshot are `query`'s.)

use rust_decimal::Decimal;

use depot_domain::Vocabulary;
use depot_store::{AuditEntry, CountLine, CountRecord, KitRecord, OperatorRecord, Pin, StoreError};

use crate::convert::col;
use crate::query;
use crate::writer::{PgWriter, operators};

impl PgWriter<'_> {
    /// How many operators are registered.
    pub fn operator_count(&self) -> Result<u64, StoreError> {
        self.raw(|c| {
            let r = c.query_opt("SELECT count(*) FROM operator_list", &[])?;
            let n: i64 = r.map(|r| col(&r, 0, "operators")).transpose()?.unwrap_or(0);
            Ok(n as u64)
        })
    }

    /// The operator named `name`. Remembered for the rest of the transaction (a batch of
    /// scans asks for the same operator once per scan) and in the store's copies of the
    /// reference data (every scan asks for its terminal's operator).
    pub fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
        if let Some((n, o)) = self.operator.borrow().as_ref()
            && n == name
        {
            return Ok(o.clone());
        }
        let o = self.remembered(operators, name, |c| query::operator(c, name))?;
        *self.operator.borrow_mut() = Some((name.to_owned(), o.clone()));
        Ok(o)
    }

    /// A value of the meta table, as this transaction sees it (after the chain lock: the
    /// latest committed).
    pub fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.raw(|c| query::meta(c, key))
    }

    pub fn put_meta(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.raw(|c| {
            Ok(c.execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&key, &value],
            )?)
        })?;
        Ok(())
    }

    pub fn put_operator(&mut self, o: &OperatorRecord) -> Result<(), StoreError> {
        self.changes_reference()?;
        *self.operator.get_mut() = None;
        let (salt, hash) = match &o.pin {
            None => (None, None),
            Some(Pin::Hash(s, h)) => (Some(s.as_slice()), Some(h.as_slice())),
            Some(Pin::Withheld) => return Err(StoreError::pin_withheld(&o.name)),
        };
        // Through the server's function, which lets the owner, a signed-in officer, or the
        // first operator of a register write one (`roles.rs`).
        self.raw(|c| {
            Ok(c.execute(
                "SELECT depot.put_operator($1, $2, $3, $4)",
                &[&o.name, &o.role.en(), &salt, &hash],
            )?)
        })?;
        Ok(())
    }

    pub fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError> {
        // Numbered after the last, as on redb: writers take turns on the chain lock, so no
        // other transaction takes the same number meanwhile.
        let (at, offset, ns) = stamp(e);
        self.raw(|c| {
            Ok(c.execute(
                "INSERT INTO audit (id, at, at_offset, at_ns, operator, action, outcome) \
                 SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5, $6 FROM audit",
                &[&at, &offset, &ns, &e.operator, &e.action, &e.outcome],
            )?)
        })?;
        Ok(())
    }

    /// Opens a count and returns its number.
    pub fn open_count(
        &mut self,
        scope: &str,
        module: Option<&str>,
        at: &str,
        by: &str,
    ) -> Result<u64, StoreError> {
        self.raw(|c| {
            let r = c.query_opt(
                "INSERT INTO counts (id, scope, module, opened_at, opened_by) \
                 SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4 FROM counts RETURNING id",
                &[&scope, &module, &at, &by],
            )?;
            let id: i64 = r.map(|r| col(&r, 0, "counts")).transpose()?.unwrap_or(0);
            Ok(id as u64)
        })
    }

    pub fn count(&self, id: u64) -> Result<Option<CountRecord>, StoreError> {
        self.raw(|c| query::count(c, id))
    }

    /// Records what was found; returns false when the barcode was already counted (a second
    /// scan counts once; a lot's later quantity replaces the earlier).
    pub fn count_scan(
        &mut self,
        id: u64,
        barcode: &str,
        quantity: Decimal,
    ) -> Result<bool, StoreError> {
        self.raw(|c| {
            // xmax is 0 on a row this statement inserted, not on one it updated.
            let r = c.query_opt(
                "INSERT INTO count_scans (count_id, barcode, quantity) VALUES ($1, $2, $3) \
                 ON CONFLICT (count_id, barcode) DO UPDATE SET quantity = excluded.quantity \
                 RETURNING xmax = 0",
                &[&(id as i64), &barcode, &quantity],
            )?;
            Ok(r.map(|r| col(&r, 0, "count_scans"))
                .transpose()?
                .unwrap_or(false))
        })
    }

    pub fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
        self.raw(|c| query::count_scans(c, id))
    }

    /// Keeps what count `id` decided at its close, line by line.
    pub fn put_count_lines(&mut self, id: u64, lines: &[CountLine]) -> Result<(), StoreError> {
        self.raw(|c| {
            for l in lines {
                c.execute(
                    "INSERT INTO count_lines (count_id, barcode, expected, owner, decision) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (count_id, barcode) DO UPDATE SET \
                     expected = excluded.expected, owner = excluded.owner, \
                     decision = excluded.decision",
                    &[&(id as i64), &l.barcode, &l.expected, &l.owner, &l.decision],
                )?;
            }
            Ok(())
        })
    }

    pub fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
        self.raw(|c| query::count_lines(c, id))
    }

    pub fn close_count(&mut self, c: &CountRecord, at: &str, by: &str) -> Result<(), StoreError> {
        // As redb does, the record is written whole, as given, with its closing.
        self.raw(|conn| {
            Ok(conn.execute(
                "INSERT INTO counts (id, scope, module, opened_at, opened_by, closed_at, \
                 closed_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET \
                 scope = excluded.scope, module = excluded.module, \
                 opened_at = excluded.opened_at, opened_by = excluded.opened_by, \
                 closed_at = excluded.closed_at, closed_by = excluded.closed_by",
                &[
                    &(c.id as i64),
                    &c.scope,
                    &c.module,
                    &c.opened_at,
                    &c.opened_by,
                    &at,
                    &by,
                ],
            )?)
        })?;
        Ok(())
    }

    pub fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
        self.raw(|c| query::kit(c, code))
    }

    /// Stores a kit with its contents, in their order, in place of what it held.
    pub fn put_kit(&mut self, k: &KitRecord) -> Result<(), StoreError> {
        self.raw(|c| {
            c.execute(
                "INSERT INTO kits (code, name, owner, module) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, owner = excluded.owner, \
                 module = excluded.module",
                &[&k.code, &k.name, &k.owner, &k.module],
            )?;
            c.execute("DELETE FROM kit_contents WHERE kit = $1", &[&k.code])?;
            for (i, (barcode, q)) in k.contents.iter().enumerate() {
                c.execute(
                    "INSERT INTO kit_contents (kit, position, barcode, quantity) \
                     VALUES ($1, $2, $3, $4)",
                    &[&k.code, &(i as i32), barcode, q],
                )?;
            }
            Ok(())
        })
    }
}

/// An audit entry's time as its columns: the instant, the UTC offset it was written with
/// (seconds east) and the nanoseconds of its second (timestamptz keeps microseconds).
pub(crate) fn stamp(e: &AuditEntry) -> (chrono::DateTime<chrono::Utc>, i32, i32) {
    (
        e.at.with_timezone(&chrono::Utc),
        e.at.offset().local_minus_utc(),
        e.at.timestamp_subsec_nanos() as i32,
    )
}
