//! Everything the register knows about one barcode, for the item page: the asset or lot, its
//! catalogue item, the names of its places, the kit it is packed in, the dates that follow
//! from it (life end, next inspection) and its history.

use chrono::NaiveDate;

use crate::Result;
use crate::store::{StockView, Store};
use depot_domain::movement::Movement;
use depot_domain::{CatalogItem, Stock};

/// One barcode, everything about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPage {
    pub stock: Stock,
    pub item: Option<CatalogItem>,
    /// The owner's and the location's names (empty when unknown).
    pub owner_name: String,
    pub location_name: String,
    /// The module's names, Chinese and English (empty without a module).
    pub module_names: (String, String),
    /// The kit it is packed in: code and name.
    pub kit: Option<(String, String)>,
    pub life_end: Option<NaiveDate>,
    pub next_inspection: Option<NaiveDate>,
    /// Where at its owner it is kept, as the register it was imported from said (`器材库
    /// 2号架`); not a place it was checked out to.
    pub shelf: Option<String>,
    /// Oldest first.
    pub history: Vec<Movement>,
}

fn place_name(r: &crate::store::Reader, code: &str) -> Result<String> {
    if let Some(u) = r.unit(code)? {
        return Ok(u.name);
    }
    Ok(r.warehouse(code)?.map(|w| w.name).unwrap_or_default())
}

/// The page of `barcode`, if the register has it.
pub fn page(store: &Store, barcode: &str) -> Result<Option<ItemPage>> {
    let r = store.read()?;
    let Some(stock) = r.stock(barcode)? else {
        return Ok(None);
    };
    let item = r.item(stock.item().as_str())?;
    let owner_name = place_name(&r, stock.owner().as_str())?;
    let (location_name, life_end, next_inspection) = match &stock {
        Stock::Asset(a) => {
            let loc = match &a.location {
                Some(l) => place_name(&r, l.as_str())?,
                None => String::new(),
            };
            let life = item.as_ref().and_then(|i| i.life_years);
            let days = item.as_ref().and_then(|i| i.inspect_days);
            (
                loc,
                a.commissioned
                    .zip(life)
                    .and_then(|(c, y)| depot_domain::stock::life_end(c, y)),
                match (a.last_inspected, a.commissioned, days) {
                    (Some(d), _, Some(n)) | (None, Some(d), Some(n)) => {
                        d.checked_add_days(chrono::Days::new(u64::from(n)))
                    }
                    _ => None,
                },
            )
        }
        Stock::Lot(_) => (String::new(), None, None),
    };
    let kit = r
        .kits()?
        .into_iter()
        .find(|k| k.contents.iter().any(|(b, _)| b == barcode))
        .map(|k| (k.code, k.name));
    let module_names = match stock.module() {
        Some(m) => r
            .module(m.as_str())?
            .map(|m| (m.name_zh, m.name_en))
            .unwrap_or_default(),
        None => Default::default(),
    };
    let history = r.history(barcode)?;
    let shelf = crate::import::register::shelf_in(&r, barcode)?;
    Ok(Some(ItemPage {
        stock,
        item,
        owner_name,
        location_name,
        module_names,
        kit,
        life_end,
        next_inspection,
        shelf,
        history,
    }))
}
