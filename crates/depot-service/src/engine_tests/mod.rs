//! Services on the engines' simulated failures: power cuts on redb's simulated disk, and a
//! backup read back table by table.

mod pg_cache;
mod pg_faults;
mod power_cut;
mod redb_backup;

/// Operator `name` (`role`, no PIN) and `assets` of item V1 received at ZHAN-1, on a store the
/// engine's test register was set up on (`testing::setup`).
#[cfg(test)]
fn operator_and_assets(
    s: &crate::store::Store,
    name: &str,
    role: depot_domain::access::Role,
    assets: &[&str],
) {
    s.write(|w| -> crate::Result<()> {
        w.put_operator(&crate::store::OperatorRecord {
            name: name.into(),
            role,
            pin: None,
        })?;
        for b in assets {
            w.apply(depot_store_postgres::testing::mv(
                "2026-01-01T08:00:00+08:00",
                depot_domain::movement::Action::Receive,
                b,
                "V1",
                rust_decimal::Decimal::ONE,
                Some("ZHAN-1"),
                vec![],
            ))?;
        }
        Ok(())
    })
    .unwrap();
}
