//! Writing the registers: units, warehouses, modules, catalogue items (with the life ends a
//! changed service life moves), standards and targets.

use super::{Writer, upsert};
use crate::Db;
use crate::StoreError;
use crate::index::{self, Indexed, Tag};
use crate::read::get_item;
use crate::rows::{self, CatalogRow, ModuleRow, StandardRow, TargetRow, UnitRow, WarehouseRow};
use crate::tables::{STANDARDS, TARGETS};
use depot_domain::{CatalogItem, Module, StandardLine, Target, Unit, Warehouse};
pub(crate) use depot_store::Upsert;
use redb::ReadableTable;

impl<'t> Writer<'t> {
    pub fn put_unit(&mut self, u: &Unit) -> Result<Upsert, StoreError> {
        upsert(
            &mut self.units,
            u.code.as_str(),
            &rows::encode(&UnitRow::from_domain(u)),
        )
    }

    pub fn put_warehouse(&mut self, w: &Warehouse) -> Result<Upsert, StoreError> {
        upsert(
            &mut self.warehouses,
            w.code.as_str(),
            &rows::encode(&WarehouseRow::from_domain(w)),
        )
    }

    pub fn put_module(&mut self, m: &Module) -> Result<Upsert, StoreError> {
        upsert(
            &mut self.modules,
            m.code.as_str(),
            &rows::encode(&ModuleRow::from_domain(m)),
        )
    }

    /// Stores a catalogue item; a changed service life re-indexes the life ends of its assets.
    pub fn put_item(&mut self, c: &CatalogItem) -> Result<Upsert, StoreError> {
        let before = get_item(&self.catalog, c.code.as_str())?;
        let result = upsert(
            &mut self.catalog,
            c.code.as_str(),
            &rows::encode(&CatalogRow::from_domain(c)),
        )?;
        self.items.insert(c.code.to_string(), Some(c.clone()));
        if let Some(b) = before
            && b.life_years != c.life_years
        {
            self.reindex_life(c.code.as_str(), b.life_years, c.life_years)?;
        }
        Ok(result)
    }

    fn reindex_life(
        &mut self,
        item: &str,
        old: Option<u32>,
        new: Option<u32>,
    ) -> Result<(), StoreError> {
        self.flush_index()?;
        let prefix = index::prefix(Tag::Item, item);
        let mut barcodes = Vec::new();
        for entry in self.index.range(prefix.as_slice()..).db()? {
            let (k, _) = entry.db()?;
            if !k.value().starts_with(&prefix) {
                break;
            }
            if let Some(b) = index::barcode_of(k.value(), &prefix) {
                barcodes.push(b.to_owned());
            }
        }
        for b in barcodes {
            let Some(v) = self.stock.get(b.as_str()).db()?.map(|v| v.value().to_vec()) else {
                continue;
            };
            let (_, row) = rows::decode_stock(&b, &v)?;
            self.rekey(&b, Some(Indexed::of(&row, old)), Indexed::of(&row, new))?;
        }
        Ok(())
    }

    pub fn put_standard(&mut self, l: &StandardLine) -> Result<Upsert, StoreError> {
        let mut t = self.txn.open_table(STANDARDS).db()?;
        upsert(
            &mut t,
            &rows::standard_key(l),
            &rows::encode(&StandardRow::from_domain(l)),
        )
    }

    pub fn put_target(&mut self, tg: &Target) -> Result<Upsert, StoreError> {
        let mut t = self.txn.open_table(TARGETS).db()?;
        upsert(
            &mut t,
            &rows::target_key(tg),
            &rows::encode(&TargetRow::from_domain(tg)),
        )
    }
}
