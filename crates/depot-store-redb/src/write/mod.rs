//! Writing: one [`Writer`] per write transaction. Every stock change comes through the port's
//! `Writer::apply`, which computes the new state and seals the movement with the domain's
//! ledger rule; this engine stores the state with its index entries ([`Writer::put_stock`])
//! and appends the movement ([`Writer::append`]), all in this transaction.

mod batch;
mod lookup;
mod registers;
mod tamper;

use crate::Db;
use std::cell::RefCell;
use std::collections::HashMap;

use redb::{ReadableTable, Table, WriteTransaction};

use depot_domain::movement::Movement;
use depot_domain::replay::ItemFacts;
use depot_domain::{CatalogItem, Module, Stock, Unit, Warehouse};

use crate::StoreError;
use crate::index::Indexed;
use crate::read::{get_item, get_module, get_unit, get_warehouse, stock_of};
use crate::rows::{self, Head, ModuleRow, MovementRow, StockRow};
use crate::tables::{CATALOG, INDEX, LEDGER, MODULES, STOCK, UNITS, WAREHOUSES};
use crate::work::OperatorRecord;
use depot_store::StockView;
pub(crate) use depot_store::Upsert;

type StrTable<'t> = Table<'t, &'static str, &'static [u8]>;

fn upsert(t: &mut StrTable<'_>, key: &str, bytes: &[u8]) -> Result<Upsert, StoreError> {
    let old = t.insert(key, bytes).db()?;
    Ok(match old {
        None => Upsert::New,
        Some(v) if v.value() == bytes => Upsert::Same,
        Some(_) => Upsert::Changed,
    })
}

/// An open write transaction.
pub struct Writer<'t> {
    txn: &'t WriteTransaction,
    stock: StrTable<'t>,
    index: Table<'t, &'static [u8], ()>,
    ledger: Table<'t, u64, &'static [u8]>,
    catalog: StrTable<'t>,
    units: StrTable<'t>,
    warehouses: StrTable<'t>,
    modules: StrTable<'t>,
    items: HashMap<String, Option<CatalogItem>>,
    head: Option<(u64, [u8; 32])>,
    /// New index keys not yet written, while batching (see [`Writer::batched`]).
    pending: Option<PendingKeys>,
    /// The stock values read or written last.
    recent: RefCell<Recent>,
    /// The operator looked up last, and what was found (see `store::work`).
    pub(super) operator: RefCell<Option<(String, Option<OperatorRecord>)>>,
}

/// The stored values of the stock rows a writer read or wrote last (`None`: no such row), most
/// recent first. A scan reads its own row several times in one transaction (the look-up, the
/// repeat guard, the apply) and the receiver's code in between; these copies answer all but
/// the first read. Every write of a stock row goes through `put`, so a copy is never stale.
#[derive(Default)]
struct Recent(Vec<(String, Option<Vec<u8>>)>);

impl Recent {
    const KEEP: usize = 2;

    fn get(&mut self, barcode: &str) -> Option<&Option<Vec<u8>>> {
        let i = self.0.iter().position(|(b, _)| b == barcode)?;
        self.0[..=i].rotate_right(1);
        self.0.first().map(|(_, v)| v)
    }

    fn put(&mut self, barcode: &str, value: Option<Vec<u8>>) {
        self.0.retain(|(b, _)| b != barcode);
        self.0.truncate(Self::KEEP - 1);
        self.0.insert(0, (barcode.to_owned(), value));
    }
}

/// Index keys collected to be written in key order: their bytes, and for each one its first
/// 16 bytes as two numbers (most comparisons end there, without a `memcmp`) and where it is.
#[derive(Default)]
struct PendingKeys {
    bytes: Vec<u8>,
    keys: Vec<(u64, u64, u32, u32)>,
}

impl PendingKeys {
    fn push(&mut self, key: &[u8]) {
        let mut head = [0u8; 16];
        let n = key.len().min(16);
        head[..n].copy_from_slice(&key[..n]);
        let (hi, lo) = head.split_at(8);
        let word = |b: &[u8]| u64::from_be_bytes(b.try_into().unwrap_or_default());
        // Keys are a few dozen bytes and a batch a few megabytes: both fit in a u32.
        self.keys.push((
            word(hi),
            word(lo),
            self.bytes.len() as u32,
            key.len() as u32,
        ));
        self.bytes.extend_from_slice(key);
    }

    fn key(&self, &(_, _, at, len): &(u64, u64, u32, u32)) -> &[u8] {
        let at = at as usize;
        self.bytes.get(at..at + len as usize).unwrap_or_default()
    }

    fn sort(&mut self) {
        let mut keys = std::mem::take(&mut self.keys);
        keys.sort_unstable_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| self.key(a).cmp(self.key(b)))
        });
        self.keys = keys;
    }
}

/// How many index keys a batch collects before it is written (about 40 bytes each).
const BATCH_KEYS: usize = if cfg!(test) { 50 } else { 1 << 19 };

impl<'t> Writer<'t> {
    pub(super) fn new(txn: &'t WriteTransaction) -> Result<Self, StoreError> {
        Ok(Self {
            txn,
            stock: txn.open_table(STOCK).db()?,
            index: txn.open_table(INDEX).db()?,
            ledger: txn.open_table(LEDGER).db()?,
            catalog: txn.open_table(CATALOG).db()?,
            units: txn.open_table(UNITS).db()?,
            warehouses: txn.open_table(WAREHOUSES).db()?,
            modules: txn.open_table(MODULES).db()?,
            items: HashMap::new(),
            head: None,
            pending: None,
            recent: RefCell::default(),
            operator: RefCell::default(),
        })
    }

    pub(super) fn txn(&self) -> &'t WriteTransaction {
        self.txn
    }

    /// Runs `f` on the stored value of `barcode`'s stock row (`None`: no such row).
    fn with_stock<T>(
        &self,
        barcode: &str,
        f: impl FnOnce(Option<&[u8]>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut recent = self.recent.borrow_mut();
        if let Some(v) = recent.get(barcode) {
            return f(v.as_deref());
        }
        let v = self.stock.get(barcode).db()?.map(|g| g.value().to_vec());
        let out = f(v.as_deref());
        recent.put(barcode, v);
        out
    }

    /// What applying a movement needs of an item, from the cache of this transaction.
    pub fn item_facts(&mut self, code: &str) -> Result<Option<ItemFacts>, StoreError> {
        if !self.items.contains_key(code) {
            let i = get_item(&self.catalog, code)?;
            self.items.insert(code.to_owned(), i);
        }
        Ok(self
            .items
            .get(code)
            .and_then(|i| i.as_ref().map(ItemFacts::of)))
    }

    /// A barcode's stored state and what it keeps of its last movement.
    pub fn stock_head(&self, barcode: &str) -> Result<Option<(Head, Stock)>, StoreError> {
        self.with_stock(barcode, |v| {
            v.map(|b| {
                let (head, row) = rows::decode_stock(barcode, b)?;
                Ok((head, row.into_domain(barcode)))
            })
            .transpose()
        })
    }

    /// Stores a barcode's state `s` after its last movement `head` in place of `before` (as
    /// stored until now), and updates its index entries.
    pub fn put_stock(
        &mut self,
        before: Option<&Stock>,
        s: &Stock,
        life_years: Option<u32>,
        head: Head,
    ) -> Result<(), StoreError> {
        let barcode = s.barcode().as_str();
        let row = StockRow::from_domain(s);
        let value = rows::encode_stock(&row, head);
        self.stock.insert(barcode, value.as_slice()).db()?;
        // The life may have been another when the old entry was written; the catalogue upsert
        // re-indexes on a change of life, so the current one is right here.
        let old_row = before.map(StockRow::from_domain);
        let old = old_row.as_ref().map(|r| Indexed::of(r, life_years));
        self.rekey(barcode, old, Indexed::of(&row, life_years))?;
        self.recent.get_mut().put(barcode, Some(value));
        Ok(())
    }

    /// Replaces the index keys of `barcode` for `old` (none: a new row) by those for `new`,
    /// touching only the keys that differ, and nothing when nothing indexed changed.
    fn rekey(
        &mut self,
        barcode: &str,
        old: Option<Indexed<'_>>,
        new: Indexed<'_>,
    ) -> Result<(), StoreError> {
        if old == Some(new) {
            return Ok(());
        }
        let new_keys = new.keys(barcode);
        let old_keys = old.map_or_else(Vec::new, |o| o.keys(barcode));
        if old_keys.iter().any(|k| !new_keys.contains(k)) {
            // A stale key may still be waiting in the batch: write the batch first.
            self.flush_index()?;
            for k in old_keys.iter().filter(|k| !new_keys.contains(k)) {
                self.index.remove(k.as_slice()).db()?;
            }
        }
        for k in new_keys.iter().filter(|k| !old_keys.contains(k)) {
            self.insert_index(k)?;
        }
        Ok(())
    }

    /// Appends a sealed movement whose barcode's movement before it is `before` (0: none).
    pub fn append(&mut self, mv: &Movement, before: u64) -> Result<(), StoreError> {
        let row = MovementRow::from_domain(mv, before);
        self.ledger
            .insert(mv.seq, rows::encode(&row).as_slice())
            .db()?;
        self.head = Some((mv.seq, mv.hash));
        Ok(())
    }
}

impl StockView for Writer<'_> {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError> {
        self.with_stock(barcode, |v| v.map(|b| stock_of(barcode, b)).transpose())
    }
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError> {
        if let Some(i) = self.items.get(code) {
            return Ok(i.clone());
        }
        get_item(&self.catalog, code)
    }
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError> {
        get_unit(&self.units, code)
    }
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError> {
        get_warehouse(&self.warehouses, code)
    }
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError> {
        get_module(&self.modules, code)
    }
    fn modules(&self) -> Result<Vec<Module>, StoreError> {
        let mut out = Vec::new();
        for e in self.modules.iter().db()? {
            let (k, v) = e.db()?;
            let code = k.value();
            out.push(rows::decode::<ModuleRow>("modules", code, v.value())?.into_domain(code));
        }
        Ok(out)
    }
}
