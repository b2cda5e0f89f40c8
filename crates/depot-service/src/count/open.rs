//! Opening a count for a unit or warehouse (optionally one module).

use crate::Ctx;
use crate::Result;
use crate::access::{act, authorize};
use crate::store::Store;
use crate::workflow::holder;
use depot_domain::access::Permission;

/// Opens a count; returns its number.
pub fn open(store: &Store, ctx: &Ctx, scope: &str, module: Option<&str>) -> Result<u64> {
    act(store, ctx, &format!("count open {scope}"), |w, ctx| {
        authorize(w, ctx, Permission::Scan, "count stock")?;
        let scope = holder(w, scope.trim())?;
        let module = module
            .map(|m| crate::workflow::module_named(w, m))
            .transpose()?;
        Ok(w.open_count(
            scope.as_str(),
            module.as_ref().map(|m| m.as_str()),
            &ctx.stamp().to_rfc3339(),
            ctx.operator.as_str(),
        )?)
    })
}

/// Opens a labelling count for each unit or warehouse that owns pieces of register import
/// `id` (in code order): once the labels are stuck on, the team scans each one, and what was
/// not scanned is listed by name and place. Returns each place with its count's number.
pub fn open_for_import(store: &Store, ctx: &Ctx, id: u64) -> Result<Vec<(String, u64)>> {
    let record = crate::import::register::known_import(store, id)?;
    let mut owners = std::collections::BTreeSet::new();
    {
        let r = store.read()?;
        for b in &record.barcodes {
            if let Some(s) = r.stock(b)? {
                owners.insert(s.owner().to_string());
            }
        }
    }
    owners
        .into_iter()
        .map(|o| open(store, ctx, &o, None).map(|n| (o, n)))
        .collect()
}
