//! The quartermaster's records beside the stock: operators, the audit log, stock counts and
//! kits. Their rows, and their reads and writes.

use crate::{Db, Fault};
use chrono::DateTime;
use redb::{ReadableTable, ReadableTableMetadata};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use depot_domain::access::Role;
use depot_domain::vocab::Vocabulary;
use depot_store::Pin;

use crate::rows::{decode, encode};
use crate::tables::{AUDIT, COUNT_LINES, COUNT_SCANS, COUNTS, KITS, META, OPERATORS, STOCK};
use crate::{Reader, StoreError, Writer};
pub(crate) use depot_store::records::{
    AuditEntry, CountLine, CountRecord, KitRecord, OperatorRecord,
};

#[derive(Serialize, Deserialize)]
struct OperatorRow {
    role: u8,
    pin: Option<([u8; 16], [u8; 32])>,
}

#[derive(Serialize, Deserialize)]
struct AuditRow {
    at: String,
    operator: String,
    action: String,
    outcome: String,
}

#[derive(Serialize, Deserialize)]
struct CountRow {
    scope: String,
    module: Option<String>,
    opened_at: String,
    opened_by: String,
    closed: Option<(String, String)>,
}

#[derive(Serialize, Deserialize)]
struct CountLineRow {
    expected: Option<[u8; 16]>,
    owner: String,
    decision: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct KitRow {
    name: String,
    owner: String,
    module: Option<String>,
    contents: Vec<(String, [u8; 16])>,
}

fn role_of(i: u8, name: &str) -> Result<Role, StoreError> {
    Role::ALL
        .get(usize::from(i))
        .copied()
        .ok_or_else(|| StoreError::Corrupt {
            table: "operators",
            key: name.to_owned(),
            reason: format!("role {i}"),
        })
}

fn operator_from(name: &str, bytes: &[u8]) -> Result<OperatorRecord, StoreError> {
    let row: OperatorRow = decode("operators", name, bytes)?;
    Ok(OperatorRecord {
        name: name.to_owned(),
        role: role_of(row.role, name)?,
        pin: row.pin.map(|(salt, hash)| Pin::Hash(salt, hash)),
    })
}

fn count_from(id: u64, bytes: &[u8]) -> Result<CountRecord, StoreError> {
    let r: CountRow = decode("counts", &id.to_string(), bytes)?;
    Ok(CountRecord {
        id,
        scope: r.scope,
        module: r.module,
        opened_at: r.opened_at,
        opened_by: r.opened_by,
        closed: r.closed,
    })
}

fn kit_from(code: &str, bytes: &[u8]) -> Result<KitRecord, StoreError> {
    let r: KitRow = decode("kits", code, bytes)?;
    Ok(KitRecord {
        code: code.to_owned(),
        name: r.name,
        owner: r.owner,
        module: r.module,
        contents: r
            .contents
            .into_iter()
            .map(|(b, q)| (b, Decimal::deserialize(q)))
            .collect(),
    })
}

fn scan_key(count: u64, barcode: &str) -> Vec<u8> {
    let mut k = count.to_be_bytes().to_vec();
    k.extend_from_slice(barcode.as_bytes());
    k
}

/// The rows of count `count` in `t` (keyed by the count's id and a barcode), each decoded as
/// the `table`'s row `R` and made into a `T` with its barcode.
fn of_count<R: serde::de::DeserializeOwned, T>(
    t: &impl ReadableTable<&'static [u8], &'static [u8]>,
    table: &'static str,
    count: u64,
    make: impl Fn(String, R) -> T,
) -> Result<Vec<T>, StoreError> {
    let lo = count.to_be_bytes();
    let hi = (count + 1).to_be_bytes();
    let mut out = Vec::new();
    for e in t.range(lo.as_slice()..hi.as_slice()).db()? {
        let (k, v) = e.db()?;
        let barcode = String::from_utf8_lossy(&k.value()[8..]).into_owned();
        let r: R = decode(table, &barcode, v.value())?;
        out.push(make(barcode, r));
    }
    Ok(out)
}

fn scans_of(
    t: &impl ReadableTable<&'static [u8], &'static [u8]>,
    count: u64,
) -> Result<Vec<(String, Decimal)>, StoreError> {
    of_count(t, "count_scans", count, |barcode, q: [u8; 16]| {
        (barcode, Decimal::deserialize(q))
    })
}

fn lines_of(
    t: &impl ReadableTable<&'static [u8], &'static [u8]>,
    count: u64,
) -> Result<Vec<CountLine>, StoreError> {
    of_count(t, "count_lines", count, |barcode, r: CountLineRow| {
        CountLine {
            barcode,
            expected: r.expected.map(Decimal::deserialize),
            owner: r.owner,
            decision: r.decision,
        }
    })
}

impl Writer<'_> {
    /// How many operators are registered.
    pub fn operator_count(&self) -> Result<u64, StoreError> {
        self.txn().open_table(OPERATORS).db()?.len().db()
    }

    /// The operator named `name`. Remembered for the rest of the transaction: a batch of
    /// scans asks for the same operator once per scan.
    pub fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
        let mut last = self.operator.borrow_mut();
        if let Some((n, o)) = last.as_ref()
            && n == name
        {
            return Ok(o.clone());
        }
        let t = self.txn().open_table(OPERATORS).db()?;
        let v = t.get(name).db()?.map(|v| v.value().to_vec());
        let o = v.map(|b| operator_from(name, &b)).transpose()?;
        *last = Some((name.to_owned(), o.clone()));
        Ok(o)
    }

    pub fn put_meta(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        self.txn().open_table(META).db()?.insert(key, value).db()?;
        Ok(())
    }

    /// A value of the meta table, as this transaction sees it.
    pub fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .txn()
            .open_table(META)
            .db()?
            .get(key)
            .db()?
            .map(|v| v.value().to_vec()))
    }

    pub fn put_operator(&mut self, o: &OperatorRecord) -> Result<(), StoreError> {
        let pin = match o.pin {
            None => None,
            Some(Pin::Hash(salt, hash)) => Some((salt, hash)),
            Some(Pin::Withheld) => return Err(StoreError::pin_withheld(&o.name)),
        };
        *self.operator.get_mut() = None;
        let mut t = self.txn().open_table(OPERATORS).db()?;
        t.insert(
            o.name.as_str(),
            encode(&OperatorRow {
                role: Role::ALL.iter().position(|r| *r == o.role).unwrap_or(0) as u8,
                pin,
            })
            .as_slice(),
        )
        .db()?;
        Ok(())
    }

    pub fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(AUDIT).db()?;
        let next = t.last().db()?.map(|(k, _)| k.value() + 1).unwrap_or(1);
        let row = AuditRow {
            at: e.at.to_rfc3339(),
            operator: e.operator.clone(),
            action: e.action.clone(),
            outcome: e.outcome.clone(),
        };
        t.insert(next, encode(&row).as_slice()).db()?;
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
        let mut t = self.txn().open_table(COUNTS).db()?;
        let id = t.last().db()?.map(|(k, _)| k.value() + 1).unwrap_or(1);
        let row = CountRow {
            scope: scope.to_owned(),
            module: module.map(str::to_owned),
            opened_at: at.to_owned(),
            opened_by: by.to_owned(),
            closed: None,
        };
        t.insert(id, encode(&row).as_slice()).db()?;
        Ok(id)
    }

    pub fn count(&self, id: u64) -> Result<Option<CountRecord>, StoreError> {
        let t = self.txn().open_table(COUNTS).db()?;
        let v = t.get(id).db()?.map(|v| v.value().to_vec());
        v.map(|b| count_from(id, &b)).transpose()
    }

    /// Records what was found; returns false when the barcode was already counted (a second
    /// scan counts once; a lot's later quantity replaces the earlier).
    pub fn count_scan(
        &mut self,
        id: u64,
        barcode: &str,
        quantity: Decimal,
    ) -> Result<bool, StoreError> {
        let mut t = self.txn().open_table(COUNT_SCANS).db()?;
        let old = t
            .insert(
                scan_key(id, barcode).as_slice(),
                encode(&quantity.serialize()).as_slice(),
            )
            .db()?;
        Ok(old.is_none())
    }

    pub fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
        scans_of(&self.txn().open_table(COUNT_SCANS).db()?, id)
    }

    pub fn close_count(&mut self, c: &CountRecord, at: &str, by: &str) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(COUNTS).db()?;
        let row = CountRow {
            scope: c.scope.clone(),
            module: c.module.clone(),
            opened_at: c.opened_at.clone(),
            opened_by: c.opened_by.clone(),
            closed: Some((at.to_owned(), by.to_owned())),
        };
        t.insert(c.id, encode(&row).as_slice()).db()?;
        Ok(())
    }

    /// Keeps what count `id` decided at its close (see [`CountLine`]).
    pub fn put_count_lines(&mut self, id: u64, lines: &[CountLine]) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(COUNT_LINES).db()?;
        for l in lines {
            let row = CountLineRow {
                expected: l.expected.map(|q| q.serialize()),
                owner: l.owner.clone(),
                decision: l.decision.clone(),
            };
            t.insert(scan_key(id, &l.barcode).as_slice(), encode(&row).as_slice())
                .db()?;
        }
        Ok(())
    }

    pub fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
        lines_of(&self.txn().open_table(COUNT_LINES).db()?, id)
    }

    pub fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
        let t = self.txn().open_table(KITS).db()?;
        let v = t.get(code).db()?.map(|v| v.value().to_vec());
        v.map(|b| kit_from(code, &b)).transpose()
    }

    pub fn put_kit(&mut self, k: &KitRecord) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(KITS).db()?;
        let row = KitRow {
            name: k.name.clone(),
            owner: k.owner.clone(),
            module: k.module.clone(),
            contents: k
                .contents
                .iter()
                .map(|(b, q)| (b.clone(), q.serialize()))
                .collect(),
        };
        t.insert(k.code.as_str(), encode(&row).as_slice()).db()?;
        Ok(())
    }
}

/// Opens a table of a read snapshot; a file written before the table existed reads as empty.
fn open_ro<K: redb::Key + 'static, V: redb::Value + 'static>(
    r: &Reader,
    def: redb::TableDefinition<K, V>,
) -> Result<Option<redb::ReadOnlyTable<K, V>>, StoreError> {
    match r.txn().open_table(def) {
        Ok(t) => Ok(Some(t)),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e.fault()),
    }
}

impl Reader {
    pub fn operators(&self) -> Result<Vec<OperatorRecord>, StoreError> {
        let Some(t) = open_ro(self, OPERATORS)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for e in t.iter().db()? {
            let (k, v) = e.db()?;
            out.push(operator_from(k.value(), v.value())?);
        }
        Ok(out)
    }

    pub fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
        let Some(t) = open_ro(self, OPERATORS)? else {
            return Ok(None);
        };
        let v = t.get(name).db()?.map(|v| v.value().to_vec());
        v.map(|b| operator_from(name, &b)).transpose()
    }

    /// The audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let Some(t) = open_ro(self, AUDIT)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for e in t.iter().db()? {
            let (k, v) = e.db()?;
            let r: AuditRow = decode("audit", &k.value().to_string(), v.value())?;
            let at = DateTime::parse_from_rfc3339(&r.at).map_err(|e| StoreError::Corrupt {
                table: "audit",
                key: k.value().to_string(),
                reason: e.to_string(),
            })?;
            out.push(AuditEntry {
                at,
                operator: r.operator,
                action: r.action,
                outcome: r.outcome,
            });
        }
        Ok(out)
    }

    pub fn counts(&self) -> Result<Vec<CountRecord>, StoreError> {
        let Some(t) = open_ro(self, COUNTS)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for e in t.iter().db()? {
            let (k, v) = e.db()?;
            out.push(count_from(k.value(), v.value())?);
        }
        Ok(out)
    }

    pub fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
        match open_ro(self, COUNT_SCANS)? {
            Some(t) => scans_of(&t, id),
            None => Ok(Vec::new()),
        }
    }

    pub fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
        match open_ro(self, COUNT_LINES)? {
            Some(t) => lines_of(&t, id),
            None => Ok(Vec::new()),
        }
    }

    /// The barcodes and kit codes equal to `code` ignoring ASCII case, up to `limit` of them.
    /// Walks the case variants of `code` a prefix at a time, going on only with prefixes that
    /// some key starts with, so it reads a few keys, not the table.
    pub fn codes_ignoring_case(&self, code: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        let stock = self.txn().open_table(STOCK).db()?;
        if let Some(kits) = open_ro(self, KITS)? {
            out.extend(case_variants(&kits, code, limit)?);
        }
        out.extend(case_variants(&stock, code, limit)?);
        out.truncate(limit);
        Ok(out)
    }

    pub fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
        let Some(t) = open_ro(self, KITS)? else {
            return Ok(None);
        };
        let v = t.get(code).db()?.map(|v| v.value().to_vec());
        v.map(|b| kit_from(code, &b)).transpose()
    }

    pub fn kits(&self) -> Result<Vec<KitRecord>, StoreError> {
        let Some(t) = open_ro(self, KITS)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for e in t.iter().db()? {
            let (k, v) = e.db()?;
            out.push(kit_from(k.value(), v.value())?);
        }
        Ok(out)
    }
}

/// The keys of `t` equal to `code` ignoring ASCII case (see [`Reader::codes_ignoring_case`]).
fn case_variants(
    t: &redb::ReadOnlyTable<&'static str, &'static [u8]>,
    code: &str,
    limit: usize,
) -> Result<Vec<String>, StoreError> {
    let mut prefixes = vec![String::new()];
    for c in code.chars() {
        let mut next = Vec::new();
        let (lo, up) = (c.to_ascii_lowercase(), c.to_ascii_uppercase());
        for p in &prefixes {
            for v in if lo == up { vec![c] } else { vec![up, lo] } {
                let q = format!("{p}{v}");
                let some = match t.range(q.as_str()..).db()?.next() {
                    Some(e) => e.db()?.0.value().starts_with(&q),
                    None => false,
                };
                if some && next.len() < limit.max(1) * 4 {
                    next.push(q);
                }
            }
        }
        prefixes = next;
        if prefixes.is_empty() {
            break;
        }
    }
    let mut out = Vec::new();
    for p in prefixes {
        if out.len() < limit && t.get(p.as_str()).db()?.is_some() {
            out.push(p);
        }
    }
    Ok(out)
}
