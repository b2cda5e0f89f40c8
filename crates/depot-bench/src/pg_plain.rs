//! The minimal client of `pg scan`: one scan as plain SQL through the `postgres` crate, with
//! prepared statements, one per round trip: the statements depot's `PgWriter` sent for a
//! movement until 2026-11-24 (it now sends the BEGIN with the lock, the movement with its stock
//! row, and the chain row's move with the COMMIT) and nothing else (no operator, receiver, item
//! or repeat-guard look-ups). The movement is sealed with the domain's hash, so the ledger stays
//! a chain `depot verify` accepts.

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use postgres::{Client, NoTls, Statement};
use rust_decimal::Decimal;

use depot_domain::movement::{Action, NewMovement};

use crate::BenchResult;
use crate::pg_terminal::{OPERATOR, Terminal};

/// The minimal client: the same transaction as plain SQL, statements prepared once.
pub struct Plain {
    c: Client,
    chain: Statement,
    read: Statement,
    append: Statement,
    put: Statement,
    advance: Statement,
}

/// The stock columns in the table's order (`INSERT INTO stock … VALUES ($1 … $19)`).
const STOCK: &str = "barcode, kind, item, owner, module, serial, location, status, commissioned, \
    last_inspected, plate, due, lot, quantity, expires, received, life_end, head_seq, head_at";

impl Plain {
    pub fn connect(url: &str) -> BenchResult<Plain> {
        let mut c = Client::connect(url, NoTls)?;
        c.batch_execute("SET search_path TO depot; SET TIME ZONE 'UTC'")?;
        let chain = c.prepare("SELECT seq, hash FROM chain FOR UPDATE")?;
        let read = c.prepare(&format!("SELECT {STOCK} FROM stock WHERE barcode = $1"))?;
        // The statements depot's PgWriter sent (`append`, `put_stock`, `finish`).
        let append = c.prepare(
            "INSERT INTO ledger (seq, at, at_offset, action, barcode, item, quantity, \
             from_place, to_place, operator, reference, reason, change_keys, change_values, \
             prev_hash, hash, before) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )?;
        let sets: Vec<String> = STOCK
            .split(", ")
            .skip(1)
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        let put = c.prepare(&format!(
            "INSERT INTO stock ({STOCK}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             $12, $13, $14, $15, $16, $17, $18, $19) ON CONFLICT (barcode) DO UPDATE SET {}",
            sets.join(", ")
        ))?;
        let advance = c.prepare("UPDATE chain SET seq = $1, hash = $2")?;
        Ok(Plain {
            c,
            chain,
            read,
            append,
            put,
            advance,
        })
    }

    /// One scan: the asset goes to `to` (a check-out) or back to its owner (`None`).
    fn scan(&mut self, code: &str, to: Option<&str>) -> BenchResult<()> {
        self.c
            .batch_execute("BEGIN ISOLATION LEVEL READ COMMITTED")?;
        let head = self.c.query_one(&self.chain, &[])?;
        let (seq, prev): (i64, Vec<u8>) = (head.get(0), head.get(1));
        let r = self.c.query_one(&self.read, &[&code])?;
        let text = |i: usize| r.get::<_, Option<String>>(i);
        let date = |i: usize| r.get::<_, Option<NaiveDate>>(i);
        let (item, owner, location) = (text(2), text(3), text(6));
        let before: Option<i64> = r.get(17);
        let seq = seq + 1;
        let (action, word, from, dest) = match to {
            Some(t) => (
                Action::Checkout,
                "checkout",
                owner.clone(),
                Some(t.to_owned()),
            ),
            None => (Action::Checkin, "checkin", location.clone(), owner.clone()),
        };
        // Sealed with the domain's hash, so the chain stays one that `depot verify` accepts.
        let prev32 = <[u8; 32]>::try_from(prev.as_slice()).map_err(|_| "chain hash length")?;
        let now = chrono::Local::now().fixed_offset();
        let at = now.with_nanosecond(0).unwrap_or(now);
        let mv = NewMovement {
            at,
            action,
            barcode: code.into(),
            item: item.as_deref().unwrap_or_default().into(),
            quantity: Decimal::ONE,
            from: from.as_deref().map(Into::into),
            to: dest.as_deref().map(Into::into),
            operator: OPERATOR.into(),
            reference: None,
            reason: None,
            changes: Vec::new(),
        }
        .seal(seq as u64, prev32);
        let hash = mv.hash.to_vec();
        let at_utc: DateTime<Utc> = at.with_timezone(&Utc);
        let offset = at.offset().local_minus_utc();
        let none: Vec<String> = Vec::new();
        let quantity = Decimal::ONE;
        self.c.execute(
            &self.append,
            &[
                &seq,
                &at_utc,
                &offset,
                &word,
                &code,
                &item,
                &quantity,
                &from,
                &dest,
                &OPERATOR,
                &None::<String>,
                &None::<String>,
                &none,
                &none,
                &prev,
                &hash,
                &before,
            ],
        )?;
        let location = to.map(str::to_owned);
        let qty: Option<Decimal> = r.get(13);
        self.c.execute(
            &self.put,
            &[
                &code,
                &text(1),
                &item,
                &owner,
                &text(4),
                &text(5),
                &location,
                &text(7),
                &date(8),
                &date(9),
                &text(10),
                &date(11),
                &text(12),
                &qty,
                &date(14),
                &date(15),
                &date(16),
                &Some(seq),
                &at_utc,
            ],
        )?;
        self.c.execute(&self.advance, &[&seq, &hash])?;
        self.c.batch_execute("COMMIT")?;
        Ok(())
    }
}

impl Terminal for Plain {
    fn out(&mut self, code: &str, to: &str) -> BenchResult<()> {
        self.scan(code, Some(to))
    }

    fn back(&mut self, code: &str) -> BenchResult<()> {
        self.scan(code, None)
    }
}
