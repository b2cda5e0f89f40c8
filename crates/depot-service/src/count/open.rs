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
