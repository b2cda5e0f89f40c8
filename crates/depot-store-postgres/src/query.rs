//! Reads shared by read snapshots and write transactions, on one connection.

use chrono::NaiveDate;
use postgres::Row;
use rust_decimal::Decimal;

use depot_domain::movement::Movement;
use depot_domain::{Barcode, CatalogItem, Module, StandardLine, Stock, Target, Unit, Warehouse};
use depot_store::{
    AuditEntry, CountLine, CountRecord, Head, KitRecord, OperatorRecord, Pin, StoreError, Tag,
};

use crate::conn::{Conn, Target as Where};
use crate::convert::{self, col, corrupt};

/// A failure of a read or write: PostgreSQL's (said with where it happened, by the caller) or
/// the store's own.
pub enum Fail {
    Pg(postgres::Error),
    Store(StoreError),
}

impl From<postgres::Error> for Fail {
    fn from(e: postgres::Error) -> Self {
        Fail::Pg(e)
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Store(e)
    }
}

impl Fail {
    pub fn at(self, target: &Where) -> StoreError {
        match self {
            Fail::Pg(e) => crate::conn::error(target, e),
            Fail::Store(e) => e,
        }
    }
}

pub type Res<T> = Result<T, Fail>;

fn all<T>(rows: Vec<Row>, conv: impl Fn(&Row) -> Result<T, StoreError>) -> Res<Vec<T>> {
    Ok(rows.iter().map(conv).collect::<Result<_, _>>()?)
}

fn first<T>(row: Option<Row>, conv: impl Fn(&Row) -> Result<T, StoreError>) -> Res<Option<T>> {
    Ok(row.as_ref().map(conv).transpose()?)
}

pub fn units(c: &mut Conn) -> Res<Vec<Unit>> {
    let q = concat!(
        "SELECT ",
        convert::unit_cols!(),
        " FROM units ORDER BY code"
    );
    all(c.query(q, &[])?, convert::unit)
}

pub fn unit(c: &mut Conn, code: &str) -> Res<Option<Unit>> {
    let q = concat!(
        "SELECT ",
        convert::unit_cols!(),
        " FROM units WHERE code = $1"
    );
    first(c.query_opt(q, &[&code])?, convert::unit)
}

pub fn warehouses(c: &mut Conn) -> Res<Vec<Warehouse>> {
    let q = concat!(
        "SELECT ",
        convert::warehouse_cols!(),
        " FROM warehouses ORDER BY code"
    );
    all(c.query(q, &[])?, convert::warehouse)
}

pub fn warehouse(c: &mut Conn, code: &str) -> Res<Option<Warehouse>> {
    let q = concat!(
        "SELECT ",
        convert::warehouse_cols!(),
        " FROM warehouses WHERE code = $1"
    );
    first(c.query_opt(q, &[&code])?, convert::warehouse)
}

pub fn modules(c: &mut Conn) -> Res<Vec<Module>> {
    let q = concat!(
        "SELECT ",
        convert::module_cols!(),
        " FROM modules ORDER BY code"
    );
    all(c.query(q, &[])?, convert::module)
}

pub fn module(c: &mut Conn, code: &str) -> Res<Option<Module>> {
    let q = concat!(
        "SELECT ",
        convert::module_cols!(),
        " FROM modules WHERE code = $1"
    );
    first(c.query_opt(q, &[&code])?, convert::module)
}

pub fn catalog(c: &mut Conn) -> Res<Vec<CatalogItem>> {
    let q = concat!(
        "SELECT ",
        convert::catalog_cols!(),
        " FROM catalog ORDER BY code"
    );
    all(c.query(q, &[])?, convert::item)
}

pub fn item(c: &mut Conn, code: &str) -> Res<Option<CatalogItem>> {
    let q = concat!(
        "SELECT ",
        convert::catalog_cols!(),
        " FROM catalog WHERE code = $1"
    );
    first(c.query_opt(q, &[&code])?, convert::item)
}

pub fn standards(c: &mut Conn) -> Res<Vec<StandardLine>> {
    let q = concat!(
        "SELECT ",
        convert::standard_cols!(),
        " FROM standards ORDER BY scope, module, what"
    );
    all(c.query(q, &[])?, convert::standard)
}

pub fn targets(c: &mut Conn) -> Res<Vec<Target>> {
    let q = concat!(
        "SELECT ",
        convert::target_cols!(),
        " FROM targets ORDER BY metric, scope, deadline, source"
    );
    all(c.query(q, &[])?, convert::target)
}

pub fn stock(c: &mut Conn, barcode: &str) -> Res<Option<(Head, Stock)>> {
    let q = concat!(
        "SELECT ",
        convert::stock_cols!(),
        " FROM stock WHERE barcode = $1"
    );
    first(c.query_opt(q, &[&barcode])?, convert::stock)
}

pub fn stock_count(c: &mut Conn) -> Res<u64> {
    let r = c.query_opt("SELECT count(*) FROM stock", &[])?;
    let n: i64 = r.map(|r| col(&r, 0, "stock")).transpose()?.unwrap_or(0);
    Ok(n as u64)
}

/// The movement numbered `seq`.
pub fn movement(c: &mut Conn, seq: u64) -> Res<Option<Movement>> {
    let q = concat!(
        "SELECT ",
        convert::movement_cols!(),
        " FROM ledger WHERE seq = $1"
    );
    first(c.query_opt(q, &[&(seq as i64)])?, |r| {
        convert::movement(r).map(|m| m.0)
    })
}

/// The number of the ledger's last movement and its hash.
pub fn ledger_head(c: &mut Conn) -> Res<(u64, [u8; 32])> {
    let row = c.query_opt(
        "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1",
        &[],
    )?;
    match row {
        None => Ok((0, depot_domain::movement::GENESIS)),
        Some(r) => {
            let seq: i64 = col(&r, 0, "ledger")?;
            let hash: &[u8] = col(&r, 1, "ledger")?;
            let hash = <[u8; 32]>::try_from(hash)
                .map_err(|_| corrupt("ledger", seq, "a hash is not 32 bytes"))?;
            Ok((seq as u64, hash))
        }
    }
}

/// The movements of one barcode, oldest first: the chain from its stock row's head back
/// through each movement's link to the one before it (as redb follows it).
pub fn history(c: &mut Conn, barcode: &str) -> Res<Vec<Movement>> {
    let q = concat!(
        "WITH RECURSIVE h AS (
            SELECT l.* FROM ledger l JOIN stock s ON l.seq = s.head_seq WHERE s.barcode = $1
            UNION ALL
            SELECT l.* FROM ledger l JOIN h ON l.seq = h.before
         ) SELECT ",
        convert::movement_cols!(),
        " FROM h ORDER BY seq"
    );
    let rows = c.query(q, &[&barcode])?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let (m, _) = convert::movement(r)?;
        if m.body.barcode.as_str() != barcode {
            return Err(corrupt(
                "ledger",
                m.seq,
                format!("the history of {barcode} leads to a movement of another barcode"),
            )
            .into());
        }
        out.push(m);
    }
    Ok(out)
}

/// The column a look-up by `tag` reads, and how its value is given.
fn by_tag(tag: Tag) -> &'static str {
    match tag {
        Tag::Owner => "SELECT barcode FROM stock WHERE owner = $1 ORDER BY barcode",
        Tag::Item => "SELECT barcode FROM stock WHERE item = $1 ORDER BY barcode",
        Tag::Module => "SELECT barcode FROM stock WHERE module = $1 ORDER BY barcode",
        // Only statuses other than ready are looked up (as redb indexes them).
        Tag::Status => {
            "SELECT barcode FROM stock WHERE status = $1 AND status <> 'ready' ORDER BY barcode"
        }
        Tag::LifeEnd => "SELECT barcode FROM stock WHERE life_end = $1 ORDER BY barcode",
        Tag::Expiry => {
            "SELECT barcode FROM stock WHERE expires = $1 AND kind = 'lot' ORDER BY barcode"
        }
    }
}

/// The barcodes whose `tag` has `value` (a date as YYYYMMDD), in barcode order.
pub fn barcodes_by(c: &mut Conn, tag: Tag, value: &str) -> Res<Vec<Barcode>> {
    let rows = match tag {
        Tag::LifeEnd | Tag::Expiry => {
            let Ok(d) = NaiveDate::parse_from_str(value, "%Y%m%d") else {
                return Ok(Vec::new());
            };
            c.query(by_tag(tag), &[&d])?
        }
        _ => c.query(by_tag(tag), &[&value])?,
    };
    all(rows, |r| Ok(Barcode::new(col::<&str>(r, 0, "stock")?)))
}

/// The lots of `item` that `owner` holds, in barcode order.
pub fn lots_at(c: &mut Conn, item: &str, owner: &str) -> Res<Vec<depot_domain::Lot>> {
    let q = concat!(
        "SELECT ",
        crate::convert::stock_cols!(),
        " FROM stock WHERE item = $1 AND owner = $2 AND kind = 'lot' ORDER BY barcode"
    );
    let rows = c.query(q, &[&item, &owner])?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        if let (_, depot_domain::Stock::Lot(l)) = crate::convert::stock(r)? {
            out.push(l);
        }
    }
    Ok(out)
}

/// Barcodes whose life end or expiry falls in `from..=to`, with the date, in date order.
pub fn barcodes_by_date(
    c: &mut Conn,
    tag: Tag,
    from: NaiveDate,
    to: NaiveDate,
) -> Res<Vec<(NaiveDate, Barcode)>> {
    let q = match tag {
        Tag::LifeEnd => {
            "SELECT life_end, barcode FROM stock WHERE life_end BETWEEN $1 AND $2 \
             ORDER BY life_end, barcode"
        }
        Tag::Expiry => {
            "SELECT expires, barcode FROM stock WHERE kind = 'lot' AND expires BETWEEN $1 AND $2 \
             ORDER BY expires, barcode"
        }
        // Only the two date look-ups hold dates.
        _ => return Ok(Vec::new()),
    };
    all(c.query(q, &[&from, &to])?, |r| {
        Ok((
            col(r, 0, "stock")?,
            Barcode::new(col::<&str>(r, 1, "stock")?),
        ))
    })
}

/// Every barcode that starts with `prefix`, up to `limit` of them.
pub fn barcodes_starting(c: &mut Conn, prefix: &str, limit: usize) -> Res<Vec<Barcode>> {
    let rows = c.query(
        "SELECT barcode FROM stock WHERE barcode >= $1 ORDER BY barcode LIMIT $2",
        &[&prefix, &(limit.min(i64::MAX as usize) as i64)],
    )?;
    let mut out = Vec::new();
    for r in &rows {
        let b: &str = col(r, 0, "stock")?;
        if !b.starts_with(prefix) {
            break;
        }
        out.push(Barcode::new(b));
    }
    Ok(out)
}

pub fn meta(c: &mut Conn, key: &str) -> Res<Option<Vec<u8>>> {
    let r = c.query_opt("SELECT value FROM meta WHERE key = $1", &[&key])?;
    first(r, |r| col(r, 0, "meta"))
}

/// The codes of `table`'s `column` equal to `code` ignoring ASCII case.
pub fn codes_ignoring_case(c: &mut Conn, code: &str, limit: usize) -> Res<Vec<String>> {
    let lim = limit.min(i64::MAX as usize) as i64;
    // lower() of C-collated text folds ASCII letters only, as redb's walk does.
    let mut out: Vec<String> = all(
        c.query(
            "SELECT code FROM kits WHERE lower(code) = lower($1::text COLLATE \"C\") \
             ORDER BY code LIMIT $2",
            &[&code, &lim],
        )?,
        |r| col(r, 0, "kits"),
    )?;
    out.extend(all(
        c.query(
            "SELECT barcode FROM stock WHERE lower(barcode) = lower($1::text COLLATE \"C\") \
             ORDER BY barcode LIMIT $2",
            &[&code, &lim],
        )?,
        |r| col::<String>(r, 0, "stock"),
    )?);
    out.truncate(limit);
    Ok(out)
}

macro_rules! operator_cols {
    () => {
        "name, role, has_pin, pin_salt, pin_hash"
    };
}

/// An operator as `operator_list` gives it: the PIN's salt and hash to the owner's role, only
/// whether there is one to the terminals'.
pub fn operator_of(r: &Row) -> Result<OperatorRecord, StoreError> {
    let name: String = col(r, 0, "operators")?;
    let role = convert::word(col(r, 1, "operators")?, "operators", &name)?;
    let has_pin: bool = col(r, 2, "operators")?;
    let salt: Option<&[u8]> = col(r, 3, "operators")?;
    let hash: Option<&[u8]> = col(r, 4, "operators")?;
    let pin = match (has_pin, salt, hash) {
        (false, _, _) => None,
        (true, Some(s), Some(h)) => Some(Pin::Hash(
            <[u8; 16]>::try_from(s).map_err(|_| corrupt("operators", &name, "salt length"))?,
            <[u8; 32]>::try_from(h).map_err(|_| corrupt("operators", &name, "hash length"))?,
        )),
        (true, _, _) => Some(Pin::Withheld),
    };
    Ok(OperatorRecord { name, role, pin })
}

pub fn operators(c: &mut Conn) -> Res<Vec<OperatorRecord>> {
    let q = concat!(
        "SELECT ",
        operator_cols!(),
        " FROM operator_list ORDER BY name"
    );
    all(c.query(q, &[])?, operator_of)
}

pub fn operator(c: &mut Conn, name: &str) -> Res<Option<OperatorRecord>> {
    let q = concat!(
        "SELECT ",
        operator_cols!(),
        " FROM operator_list WHERE name = $1"
    );
    first(c.query_opt(q, &[&name])?, operator_of)
}

pub fn audit_log(c: &mut Conn) -> Res<Vec<AuditEntry>> {
    let rows = c.query(
        "SELECT id, at, at_offset, at_ns, operator, action, outcome FROM audit ORDER BY id",
        &[],
    )?;
    all(rows, |r| {
        let id: i64 = col(r, 0, "audit")?;
        let at: chrono::DateTime<chrono::Utc> = col(r, 1, "audit")?;
        let offset = chrono::FixedOffset::east_opt(col(r, 2, "audit")?)
            .ok_or_else(|| corrupt("audit", id, "bad offset"))?;
        let ns: i32 = col(r, 3, "audit")?;
        let at = chrono::DateTime::from_timestamp(at.timestamp(), ns as u32)
            .ok_or_else(|| corrupt("audit", id, "bad time"))?;
        Ok(AuditEntry {
            at: at.with_timezone(&offset),
            operator: col(r, 4, "audit")?,
            action: col(r, 5, "audit")?,
            outcome: col(r, 6, "audit")?,
        })
    })
}

macro_rules! count_cols {
    () => {
        "id, scope, module, opened_at, opened_by, closed_at, closed_by"
    };
}

fn count_of(r: &Row) -> Result<CountRecord, StoreError> {
    let id: i64 = col(r, 0, "counts")?;
    let closed_at: Option<String> = col(r, 5, "counts")?;
    let closed_by: Option<String> = col(r, 6, "counts")?;
    Ok(CountRecord {
        id: id as u64,
        scope: col(r, 1, "counts")?,
        module: col(r, 2, "counts")?,
        opened_at: col(r, 3, "counts")?,
        opened_by: col(r, 4, "counts")?,
        closed: closed_at.zip(closed_by),
    })
}

pub fn counts(c: &mut Conn) -> Res<Vec<CountRecord>> {
    let q = concat!("SELECT ", count_cols!(), " FROM counts ORDER BY id");
    all(c.query(q, &[])?, count_of)
}

pub fn count(c: &mut Conn, id: u64) -> Res<Option<CountRecord>> {
    let q = concat!("SELECT ", count_cols!(), " FROM counts WHERE id = $1");
    first(c.query_opt(q, &[&(id as i64)])?, count_of)
}

pub fn count_scans(c: &mut Conn, id: u64) -> Res<Vec<(String, Decimal)>> {
    let rows = c.query(
        "SELECT barcode, quantity FROM count_scans WHERE count_id = $1 ORDER BY barcode",
        &[&(id as i64)],
    )?;
    all(rows, |r| {
        Ok((col(r, 0, "count_scans")?, col(r, 1, "count_scans")?))
    })
}

pub fn count_lines(c: &mut Conn, id: u64) -> Res<Vec<CountLine>> {
    let rows = c.query(
        "SELECT barcode, expected, owner, decision FROM count_lines WHERE count_id = $1 \
         ORDER BY barcode",
        &[&(id as i64)],
    )?;
    all(rows, |r| {
        Ok(CountLine {
            barcode: col(r, 0, "count_lines")?,
            expected: col(r, 1, "count_lines")?,
            owner: col(r, 2, "count_lines")?,
            decision: col(r, 3, "count_lines")?,
        })
    })
}

/// Kits with their contents, `code` only or all of them, in code order.
fn kits_where(c: &mut Conn, code: Option<&str>) -> Res<Vec<KitRecord>> {
    let rows = match code {
        Some(code) => c.query(
            "SELECT k.code, k.name, k.owner, k.module, c.barcode, c.quantity
               FROM kits k LEFT JOIN kit_contents c ON c.kit = k.code
              WHERE k.code = $1
              ORDER BY c.position",
            &[&code],
        )?,
        None => c.query(
            "SELECT k.code, k.name, k.owner, k.module, c.barcode, c.quantity
               FROM kits k LEFT JOIN kit_contents c ON c.kit = k.code
              ORDER BY k.code, c.position",
            &[],
        )?,
    };
    let mut out: Vec<KitRecord> = Vec::new();
    for r in &rows {
        let code: &str = col(r, 0, "kits")?;
        if out.last().is_none_or(|k| k.code != code) {
            out.push(KitRecord {
                code: code.to_owned(),
                name: col(r, 1, "kits")?,
                owner: col(r, 2, "kits")?,
                module: col(r, 3, "kits")?,
                contents: Vec::new(),
            });
        }
        let barcode: Option<String> = col(r, 4, "kit_contents")?;
        let q: Option<Decimal> = col(r, 5, "kit_contents")?;
        if let (Some(b), Some(q), Some(k)) = (barcode, q, out.last_mut()) {
            k.contents.push((b, q));
        }
    }
    Ok(out)
}

pub fn kit(c: &mut Conn, code: &str) -> Res<Option<KitRecord>> {
    Ok(kits_where(c, Some(code))?.pop())
}

pub fn kits(c: &mut Conn) -> Res<Vec<KitRecord>> {
    kits_where(c, None)
}
