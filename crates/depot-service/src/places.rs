//! Where things can go, for a receiver picker: units, warehouses and vehicles, searched by
//! code or name (Chinese included); and what a barcode is, for a scan's answer line.

use crate::Result;
use crate::store::{StockView, Store, Tag};
use depot_domain::Category;

/// What kind of place a receiver is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Unit,
    Warehouse,
    /// A vehicle (an asset of category vehicle), by its barcode.
    Vehicle,
}

/// A place something can be sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub code: String,
    /// The unit's or warehouse's name; a vehicle's item name and plate.
    pub name: String,
    pub kind: PlaceKind,
    /// Lower-case `code name`, what a search matches.
    search: String,
}

impl Place {
    fn new(code: String, name: String, kind: PlaceKind) -> Place {
        let search = format!("{code} {name}").to_lowercase();
        Place {
            code,
            name,
            kind,
            search,
        }
    }

    /// Whether every whitespace-separated term of `query` is in the code or the name
    /// (ignoring case and full width).
    pub fn matches(&self, query: &str) -> bool {
        let q = depot_domain::ids::fold_width(query).to_lowercase();
        q.split_whitespace().all(|t| self.search.contains(t))
    }

    /// Whether `code` names this place exactly (ignoring case and full width).
    pub fn is(&self, code: &str) -> bool {
        depot_domain::ids::fold_width(code.trim()).eq_ignore_ascii_case(&self.code)
    }
}

/// Every unit, warehouse and vehicle of the register, in that order.
pub fn places(store: &Store) -> Result<Vec<Place>> {
    let r = store.read()?;
    let mut out: Vec<Place> = r
        .units()?
        .into_iter()
        .map(|u| Place::new(u.code.to_string(), u.name, PlaceKind::Unit))
        .collect();
    out.extend(
        r.warehouses()?
            .into_iter()
            .map(|w| Place::new(w.code.to_string(), w.name, PlaceKind::Warehouse)),
    );
    for item in r.catalog()? {
        if item.category != Category::Vehicle {
            continue;
        }
        for b in r.barcodes_by(Tag::Item, item.code.as_str())? {
            let plate = match r.stock(b.as_str())? {
                Some(depot_domain::Stock::Asset(a)) => a.plate.unwrap_or_default(),
                _ => String::new(),
            };
            let name = format!("{} {plate}", item.name).trim().to_owned();
            out.push(Place::new(b.to_string(), name, PlaceKind::Vehicle));
        }
    }
    Ok(out)
}

/// The item name of a barcode (an asset's or lot's catalogue item, or a kit's name).
pub fn item_name(store: &Store, barcode: &str) -> Result<Option<String>> {
    let r = store.read()?;
    if let Some(s) = r.stock(barcode)? {
        return Ok(r.item(s.item().as_str())?.map(|i| i.name));
    }
    Ok(r.kit(barcode)?.map(|k| k.name).filter(|n| !n.is_empty()))
}

/// Gives unit or warehouse `code` its location (`depot place locate`); an officer's,
/// audited. Answers whether the place had none, another, or this one already.
pub fn locate(
    store: &Store,
    ctx: &crate::Ctx,
    code: &str,
    point: depot_domain::GeoPoint,
) -> Result<crate::store::Upsert> {
    use crate::access::{act, authorize};
    use crate::audit_words::both;
    use crate::store::AuditEntry;
    use depot_domain::access::Permission;
    let code = code.trim();
    let what = format!("place locate {code} {} {}", point.lat, point.lon);
    act(store, ctx, &what, |w, ctx| {
        authorize(w, ctx, Permission::Manage, "locate a place")?;
        let place = crate::workflow::holder(w, code)?;
        let done = w.put_location(&depot_domain::PlaceLocation {
            code: place.to_string(),
            point,
        })?;
        w.audit(&AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: what.clone(),
            outcome: both(
                &format!("lat {} lon {}", point.lat, point.lon),
                &format!("纬度 {} 经度 {}", point.lat, point.lon),
            ),
        })?;
        Ok(done)
    })
}
