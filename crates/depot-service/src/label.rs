//! Labels: what goes on the label of each barcode (its item's name, its owner's name, a lot's
//! number and expiry), read
//! from the register in one snapshot; `label` draws them.

use crate::Result;
use crate::store::{StockView, Store, StoreError, Tag};
use depot_domain::ids::{BARCODE_MAX, parse_code};
use depot_domain::{ModuleCode, Stock};
use depot_label::{Label, LabelError, LotMarks};

/// The labels of the given barcodes, in the order given (typed codes are trimmed and
/// full-width folded as a scanner's are). Every unknown code is named in the one error.
pub fn for_barcodes(store: &Store, codes: &[String]) -> Result<Vec<Label>> {
    let reader = &store.read()?;
    let mut labels = Vec::with_capacity(codes.len());
    let mut unknown = Vec::new();
    for raw in codes {
        let code = parse_code(raw, Some(BARCODE_MAX)).map_err(|reason| LabelError::BadCode {
            code: raw.clone(),
            reason,
        })?;
        match reader.stock(&code)? {
            Some(stock) => labels.push(label_of(reader, &stock)?),
            None => unknown.push(code),
        }
    }
    if !unknown.is_empty() {
        return Err(LabelError::UnknownBarcodes(unknown).into());
    }
    Ok(labels)
}

/// The labels of everything `owner` owns (optionally only what is packed for `module`), by
/// shelf, then in barcode order.
pub fn for_owner(store: &Store, owner: &str, module: Option<&str>) -> Result<Vec<Label>> {
    let reader = &store.read()?;
    let module = module
        .map(|m| crate::workflow::module_named(reader, m))
        .transpose()?;
    let module = module.as_ref().map(ModuleCode::as_str);
    if reader.unit(owner)?.is_none() && reader.warehouse(owner)?.is_none() {
        return Err(LabelError::UnknownOwner(owner.to_owned()).into());
    }
    if let Some(m) = module
        && reader.module(m)?.is_none()
    {
        return Err(LabelError::UnknownModule(m.to_owned()).into());
    }
    // By shelf (what a register import said of where each piece is kept), then by barcode:
    // a team walks the shelves once.
    let mut keyed = Vec::new();
    for barcode in reader.barcodes_by(Tag::Owner, owner)? {
        let Some(stock) = reader.stock(barcode.as_str())? else {
            continue;
        };
        if module.is_none() || stock.module().map(ModuleCode::as_str) == module {
            let shelf = crate::import::register::shelf_in(reader, barcode.as_str())?;
            keyed.push((shelf, label_of(reader, &stock)?));
        }
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let labels: Vec<Label> = keyed.into_iter().map(|(_, l)| l).collect();
    if labels.is_empty() {
        return Err(LabelError::Nothing {
            owner: owner.to_owned(),
            module: module.map(str::to_owned),
        }
        .into());
    }
    Ok(labels)
}

fn label_of(reader: &(impl StockView + ?Sized), stock: &Stock) -> Result<Label, StoreError> {
    let item = stock.item();
    let owner = stock.owner();
    let item_name = match reader.item(item.as_str())? {
        Some(i) => i.name,
        None => item.to_string(),
    };
    let owner_name = match reader.unit(owner.as_str())? {
        Some(u) => Some(u.name),
        None => reader.warehouse(owner.as_str())?.map(|w| w.name),
    };
    let lot = match stock {
        Stock::Lot(l) => Some(LotMarks {
            number: l.lot.clone(),
            expires: l.expires,
        }),
        Stock::Asset(_) => None,
    };
    Ok(Label {
        barcode: stock.barcode().clone(),
        item: item.clone(),
        item_name,
        owner: owner.clone(),
        owner_name,
        lot,
    })
}

/// The labels of what register import `id` created, sorted by owner, then by the shelf the
/// register gave (`存放位置`), then by barcode: a team walks each place's shelves once.
pub fn for_import(store: &Store, id: u64) -> Result<Vec<Label>> {
    let record = crate::import::register::known_import(store, id)?;
    let reader = &store.read()?;
    let mut keyed = Vec::with_capacity(record.barcodes.len());
    for code in &record.barcodes {
        let Some(stock) = reader.stock(code)? else {
            continue;
        };
        let shelf = crate::import::register::shelf_in(reader, code)?.unwrap_or_default();
        let key = (stock.owner().to_string(), shelf, code.clone());
        keyed.push((key, label_of(reader, &stock)?));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(keyed.into_iter().map(|(_, l)| l).collect())
}

/// The labels of what count `id` expects and has not found yet: after a labelling count,
/// the pieces whose label was not scanned, to print again.
pub fn for_count_missing(store: &Store, id: u64) -> Result<Vec<Label>> {
    let view = crate::count::view(store, id)?;
    let reader = &store.read()?;
    let mut labels = Vec::new();
    for (code, _) in view.missing() {
        if let Some(stock) = reader.stock(code)? {
            labels.push(label_of(reader, &stock)?);
        }
    }
    Ok(labels)
}
