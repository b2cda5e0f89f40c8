//! Services on the engines' simulated failures: power cuts on redb's simulated disk, and a
//! backup read back table by table.

mod pg_cache;
mod pg_faults;
mod power_cut;
mod redb_backup;
