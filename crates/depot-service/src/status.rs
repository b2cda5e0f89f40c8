//! `depot status`: how much the register holds, read in one snapshot.

use crate::Result;
use crate::store::Store;

/// What the register holds, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holdings {
    pub units: usize,
    pub warehouses: usize,
    pub modules: usize,
    pub items: usize,
    pub assets: u64,
    pub lots: u64,
    /// The number of the ledger's last movement, and its hash.
    pub movements: u64,
    pub head: [u8; 32],
    pub standard_lines: usize,
    pub targets: usize,
}

/// Counts what the register holds.
pub fn holdings(store: &Store) -> Result<Holdings> {
    let r = store.read()?;
    let (mut assets, mut lots) = (0u64, 0u64);
    r.for_each_stock(|row| -> Result<()> {
        match row {
            depot_domain::StockRef::Asset(_) => assets += 1,
            depot_domain::StockRef::Lot(_) => lots += 1,
        }
        Ok(())
    })?;
    let (movements, head) = r.ledger_head()?;
    Ok(Holdings {
        units: r.units()?.len(),
        warehouses: r.warehouses()?.len(),
        modules: r.modules()?.len(),
        items: r.catalog()?.len(),
        assets,
        lots,
        movements,
        head,
        standard_lines: r.standards()?.len(),
        targets: r.targets()?.len(),
    })
}
