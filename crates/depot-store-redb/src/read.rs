//! Reading: typed look-ups shared by read snapshots and write transactions.

use crate::Db;
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable, ReadableTableMetadata};

use depot_domain::{
    Barcode, CatalogItem, Module, Movement, StandardLine, Stock, Target, Unit, Warehouse,
};

use crate::StoreError;
use crate::index::{self, Tag};
use crate::rows::{
    self, CatalogRow, ModuleRow, MovementRow, StandardRow, StockRow, TargetRow, UnitRow,
    WarehouseRow,
};
use crate::tables::{
    CATALOG, INDEX, LEDGER, META, MODULES, STANDARDS, STOCK, TARGETS, UNITS, WAREHOUSES,
};
use depot_domain::movement::MovementRef;
use depot_store::StockView;

/// The number of the ledger's last movement and its hash: where the next one is chained
/// (0 and the genesis hash for an empty ledger). Read from the last row rather than kept
/// apart, so that a commit rewrites one table fewer.
pub(super) fn ledger_last(
    t: &impl ReadableTable<u64, &'static [u8]>,
) -> Result<(u64, [u8; 32]), StoreError> {
    match t.last().db()? {
        Some((k, v)) => {
            let seq = k.value();
            let row: MovementRow = rows::decode_movement(seq, v.value())?;
            Ok((seq, row.hash))
        }
        None => Ok((0, depot_domain::movement::GENESIS)),
    }
}

pub(super) fn get_stock(
    t: &impl ReadableTable<&'static str, &'static [u8]>,
    barcode: &str,
) -> Result<Option<Stock>, StoreError> {
    t.get(barcode)
        .db()?
        .map(|v| stock_of(barcode, v.value()))
        .transpose()
}

/// The state a stored stock value holds (its head left aside).
pub(super) fn stock_of(barcode: &str, value: &[u8]) -> Result<Stock, StoreError> {
    Ok(rows::decode_stock(barcode, value)?.1.into_domain(barcode))
}

pub(super) fn get_item(
    t: &impl ReadableTable<&'static str, &'static [u8]>,
    code: &str,
) -> Result<Option<CatalogItem>, StoreError> {
    match t.get(code).db()? {
        Some(v) => Ok(Some(
            rows::decode::<CatalogRow>("catalog", code, v.value())?.into_domain(code)?,
        )),
        None => Ok(None),
    }
}

pub(super) fn get_unit(
    t: &impl ReadableTable<&'static str, &'static [u8]>,
    code: &str,
) -> Result<Option<Unit>, StoreError> {
    match t.get(code).db()? {
        Some(v) => Ok(Some(
            rows::decode::<UnitRow>("units", code, v.value())?.into_domain(code)?,
        )),
        None => Ok(None),
    }
}

pub(super) fn get_warehouse(
    t: &impl ReadableTable<&'static str, &'static [u8]>,
    code: &str,
) -> Result<Option<Warehouse>, StoreError> {
    match t.get(code).db()? {
        Some(v) => Ok(Some(
            rows::decode::<WarehouseRow>("warehouses", code, v.value())?.into_domain(code)?,
        )),
        None => Ok(None),
    }
}

pub(super) fn get_module(
    t: &impl ReadableTable<&'static str, &'static [u8]>,
    code: &str,
) -> Result<Option<Module>, StoreError> {
    match t.get(code).db()? {
        Some(v) => Ok(Some(
            rows::decode::<ModuleRow>("modules", code, v.value())?.into_domain(code),
        )),
        None => Ok(None),
    }
}

/// The movements of one barcode, oldest first: the chain from its stock row's head back
/// through each movement's link to the one before it.
pub(super) fn history(
    stock: &impl ReadableTable<&'static str, &'static [u8]>,
    ledger: &impl ReadableTable<u64, &'static [u8]>,
    barcode: &str,
    limit: usize,
) -> Result<Vec<Movement>, StoreError> {
    let head = match stock.get(barcode).db()? {
        Some(v) => rows::decode_stock(barcode, v.value())?.0.seq,
        None => 0,
    };
    history_from(ledger, barcode, head, limit)
}

/// The last `limit` movements of one barcode, oldest first, from its movement `seq` (its
/// history's head) back.
pub(super) fn history_from(
    ledger: &impl ReadableTable<u64, &'static [u8]>,
    barcode: &str,
    mut seq: u64,
    limit: usize,
) -> Result<Vec<Movement>, StoreError> {
    let mut out = Vec::new();
    while seq != 0 && out.len() < limit {
        let Some(v) = ledger.get(seq).db()? else {
            return Err(StoreError::Corrupt {
                table: "ledger",
                key: seq.to_string(),
                reason: format!("the history of {barcode} leads to a movement that is not there"),
            });
        };
        let row: MovementRow = rows::decode_movement(seq, v.value())?;
        let prev = row.prev;
        if prev >= seq {
            return Err(StoreError::Corrupt {
                table: "ledger",
                key: seq.to_string(),
                reason: format!("the history of {barcode} links forward, to seq {prev}"),
            });
        }
        out.push(row.into_domain(seq)?);
        seq = prev;
    }
    out.reverse();
    Ok(out)
}

/// The barcodes whose index entry of `tag` has `value`, in barcode order.
pub(super) fn barcodes_by(
    idx: &impl ReadableTable<&'static [u8], ()>,
    tag: Tag,
    value: &str,
) -> Result<Vec<Barcode>, StoreError> {
    let prefix = index::prefix(tag, value);
    let mut out = Vec::new();
    for entry in idx.range(prefix.as_slice()..).db()? {
        let (k, _) = entry.db()?;
        if !k.value().starts_with(&prefix) {
            break;
        }
        if let Some(b) = index::barcode_of(k.value(), &prefix) {
            out.push(Barcode::new(b));
        }
    }
    Ok(out)
}

/// Every entry of a table, decoded.
fn all<R, T>(
    t: &impl ReadableTable<&'static str, &'static [u8]>,
    name: &'static str,
    conv: impl Fn(R, &str) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError>
where
    R: for<'a> serde::Deserialize<'a>,
{
    let mut out = Vec::new();
    for entry in t.iter().db()? {
        let (k, v) = entry.db()?;
        let row: R = rows::decode(name, k.value(), v.value())?;
        out.push(conv(row, k.value())?);
    }
    Ok(out)
}

/// A consistent read-only snapshot of the database.
pub struct Reader {
    txn: ReadTransaction,
}

impl Reader {
    pub(super) fn new(txn: ReadTransaction) -> Result<Self, StoreError> {
        Ok(Self { txn })
    }

    pub(super) fn txn(&self) -> &ReadTransaction {
        &self.txn
    }

    fn table(
        &self,
        def: redb::TableDefinition<&'static str, &'static [u8]>,
    ) -> Result<ReadOnlyTable<&'static str, &'static [u8]>, StoreError> {
        self.txn.open_table(def).db()
    }

    pub fn units(&self) -> Result<Vec<Unit>, StoreError> {
        all(&self.table(UNITS)?, "units", |r: UnitRow, k| {
            r.into_domain(k)
        })
    }

    pub fn warehouses(&self) -> Result<Vec<Warehouse>, StoreError> {
        all(
            &self.table(WAREHOUSES)?,
            "warehouses",
            |r: WarehouseRow, k| r.into_domain(k),
        )
    }

    pub fn modules(&self) -> Result<Vec<Module>, StoreError> {
        all(&self.table(MODULES)?, "modules", |r: ModuleRow, k| {
            Ok(r.into_domain(k))
        })
    }

    pub fn catalog(&self) -> Result<Vec<CatalogItem>, StoreError> {
        all(&self.table(CATALOG)?, "catalog", |r: CatalogRow, k| {
            r.into_domain(k)
        })
    }

    pub fn standards(&self) -> Result<Vec<StandardLine>, StoreError> {
        all(&self.table(STANDARDS)?, "standards", |r: StandardRow, k| {
            r.into_domain(k)
        })
    }

    pub fn targets(&self) -> Result<Vec<Target>, StoreError> {
        all(&self.table(TARGETS)?, "targets", |r: TargetRow, k| {
            r.into_domain(k)
        })
    }

    /// Visits every asset and lot in barcode order, borrowing each row from the page it is on
    /// (nothing is allocated per row); stops at the first error `f` returns.
    pub fn for_each_stock<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&str, StockRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_stock_linked(|barcode, row, _| f(barcode, row))
    }

    /// [`Self::for_each_stock`], with what each row keeps of its barcode's last movement.
    pub fn for_each_stock_linked<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&str, StockRow<'_>, rows::Head) -> Result<(), E>,
    ) -> Result<(), E> {
        let t = self.table(STOCK)?;
        for entry in t.iter().db()? {
            let (k, v) = entry.db()?;
            let (head, row) = rows::decode_stock(k.value(), v.value())?;
            f(k.value(), row, head)?;
        }
        Ok(())
    }

    /// How many barcodes the register holds.
    pub fn stock_count(&self) -> Result<u64, StoreError> {
        self.table(STOCK)?.len().db()
    }

    /// Visits the ledger from `since` (inclusive) on, in order.
    pub fn for_each_movement<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(Movement) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_movement_linked(since, |m, _| f(m))
    }

    /// [`Self::for_each_movement`], with the sequence number of the same barcode's movement
    /// before each one (0: none).
    pub fn for_each_movement_linked<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(Movement, u64) -> Result<(), E>,
    ) -> Result<(), E> {
        let t = self.txn.open_table(LEDGER).db()?;
        for entry in t.range(since..).db()? {
            let (k, v) = entry.db()?;
            let row: MovementRow = rows::decode_movement(k.value(), v.value())?;
            let prev = row.prev;
            f(row.into_domain(k.value())?, prev)?;
        }
        Ok(())
    }

    /// [`Self::for_each_movement`] as a replay reads the movements, each with its number and
    /// the number of its barcode's movement before it (0: none): borrowed from the pages they
    /// are on, only what a replay needs decoded (`lean`).
    pub fn for_each_movement_ref<E: From<StoreError>>(
        &self,
        since: u64,
        mut f: impl FnMut(u64, u64, MovementRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let t = self.txn.open_table(LEDGER).db()?;
        let mut changes = Vec::new();
        for entry in t.range(since..).db()? {
            let (k, v) = entry.db()?;
            let seq = k.value();
            let (m, prev) = crate::lean::decode(seq, v.value(), &mut changes)?;
            f(seq, prev, m)?;
        }
        Ok(())
    }

    /// The number of the last movement, and its hash (0 and zeros for an empty ledger).
    pub fn ledger_head(&self) -> Result<(u64, [u8; 32]), StoreError> {
        ledger_last(&self.txn.open_table(LEDGER).db()?)
    }

    /// The movements of one barcode, oldest first.
    pub fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
        history(
            &self.txn.open_table(STOCK).db()?,
            &self.txn.open_table(LEDGER).db()?,
            barcode,
            usize::MAX,
        )
    }

    /// The barcodes whose index entry of `tag` has `value`, in barcode order.
    pub fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
        barcodes_by(&self.txn.open_table(INDEX).db()?, tag, value)
    }

    /// Barcodes whose date index (life end or expiry) falls in `from..=to`, with the date.
    pub fn barcodes_by_date(
        &self,
        tag: Tag,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<(chrono::NaiveDate, Barcode)>, StoreError> {
        let idx = self.txn.open_table(INDEX).db()?;
        let lo = [&[tag as u8][..], index::date_value(from).as_bytes()].concat();
        let hi = [&[tag as u8][..], index::date_value(to).as_bytes(), &[0xff]].concat();
        let mut out = Vec::new();
        for entry in idx.range(lo.as_slice()..hi.as_slice()).db()? {
            let (k, _) = entry.db()?;
            let k = k.value();
            let (Some(d), Some(b)) = (k.get(1..9), k.get(10..)) else {
                continue;
            };
            let (Ok(d), Ok(b)) = (std::str::from_utf8(d), std::str::from_utf8(b)) else {
                continue;
            };
            if let Ok(d) = chrono::NaiveDate::parse_from_str(d, "%Y%m%d") {
                out.push((d, Barcode::new(b)));
            }
        }
        Ok(out)
    }

    /// Every barcode that starts with `prefix`, up to `limit` of them (for "did you mean").
    pub fn barcodes_starting(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<Barcode>, StoreError> {
        let t = self.table(STOCK)?;
        let mut out = Vec::new();
        for entry in t.range(prefix..).db()? {
            let (k, _) = entry.db()?;
            if !k.value().starts_with(prefix) || out.len() >= limit {
                break;
            }
            out.push(Barcode::new(k.value()));
        }
        Ok(out)
    }

    /// A value of the meta table.
    pub fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.table(META)?.get(key).db()?.map(|v| v.value().to_vec()))
    }
}

impl StockView for Reader {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError> {
        get_stock(&self.table(STOCK)?, barcode)
    }
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        get_item(&self.table(CATALOG)?, code)
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        get_unit(&self.table(UNITS)?, code)
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        get_warehouse(&self.table(WAREHOUSES)?, code)
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        get_module(&self.table(MODULES)?, code)
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        Reader::modules(self)
    }
}
