//! Checking an import's bundle against itself and the register: every problem, in file order,
//! each with where it came from, which column, the value and why.

mod catalog;
mod known;
mod standards;
mod stock;
mod travel;
mod units;

use catalog::check_catalog;
use known::{Known, find};
use standards::check_standards;
pub(super) use stock::barcode_order;
use stock::check_stock;
use travel::check_travel_times;
use units::check_units;

use std::collections::{HashMap, HashSet};

use crate::Result;
use crate::store::StockView;

use super::{Bundle, Finding};

/// Every problem of the bundle, in file order; empty when it can land.
pub fn check(view: &crate::store::Reader, bundle: &Bundle) -> Result<Vec<Finding>> {
    check_in_order(view, bundle, &barcode_order(bundle))
}

/// `check`, given the bundle's `barcode_order`.
pub(super) fn check_in_order(
    view: &crate::store::Reader,
    bundle: &Bundle,
    order: &[usize],
) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    let mut k = Known {
        units: view
            .units()?
            .into_iter()
            .map(|u| (u.code.to_string(), u.parent.map(|p| p.to_string())))
            .collect(),
        warehouses: view
            .warehouses()?
            .into_iter()
            .map(|w| w.code.to_string())
            .collect(),
        depots: view.hq_depots()?.into_iter().map(|d| d.code).collect(),
        modules: view
            .modules()?
            .into_iter()
            .map(|m| m.code.to_string())
            .collect(),
        items: HashMap::new(),
        uoms: HashMap::new(),
        bundle,
    };
    for c in view.catalog()? {
        k.items
            .insert(c.code.to_string(), (c.tracking, c.life_years));
        k.uoms.insert(c.code.to_string(), c.uom);
    }
    let mut seen = HashSet::new();
    for (o, m) in &bundle.modules {
        if !seen.insert(m.code.as_str()) {
            out.push(find(
                o,
                "code",
                m.code.as_str(),
                "module code appears twice in the file",
                "模块代码在文件中出现两次",
            ));
        }
        k.modules.insert(m.code.to_string());
    }
    check_units(&mut k, &mut out);
    check_travel_times(&k, &mut out);
    check_catalog(view, &mut k, &mut out)?;
    check_stock(view, &k, order, &mut out)?;
    check_standards(&k, &mut out);
    Ok(out)
}
