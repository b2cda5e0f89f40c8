//! Headquarters' index of the movements that name a shipment (schema version 15, "shipment
//! index"): a register of version 13 gets it when its owner opens it, and the shipment
//! movements are read through it.

use crate::testing::TestDb;
use crate::{Mode, PgStore};

const INDEXED: &str = "SELECT indexdef FROM pg_indexes \
     WHERE schemaname = 'depot' AND indexname = 'hq_movements_shipments'";

#[test]
fn a_version_13_register_gets_the_shipment_index_and_reads_through_it() {
    let Some(db) = TestDb::new() else { return };
    let (role, mut admin, _) = super::officers_register(&db);
    assert!(
        admin.query_opt(INDEXED, &[]).unwrap().is_some(),
        "a new register has it"
    );
    admin
        .batch_execute(
            "DROP INDEX depot.hq_movements_shipments; \
             UPDATE depot.schema_version SET version = 13",
        )
        .unwrap();
    assert!(admin.query_opt(INDEXED, &[]).unwrap().is_none());

    let owner = PgStore::open(&db.url, Mode::Existing).unwrap();
    assert_eq!(super::schema_version(&mut admin), crate::SCHEMA_VERSION);
    let def: String = admin.query_one(INDEXED, &[]).unwrap().get(0);
    assert!(
        def.contains("(depot, seq)") && def.contains("reference"),
        "{def}"
    );
    // The planner takes the index for what `report transit` asks, once scans are costly.
    admin
        .batch_execute("SET enable_seqscan = off; SET search_path = depot")
        .unwrap();
    let plan: Vec<String> = admin
        .query(
            "EXPLAIN SELECT seq FROM hq_movements WHERE depot = 'ZD-A' AND seq BETWEEN 1 AND 9 \
             AND reference <> '' AND action IN ('ship', 'receive', 'update') ORDER BY seq",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        plan.iter().any(|l| l.contains("hq_movements_shipments")),
        "{plan:?}"
    );
    drop((owner, admin));
    super::drop_with_role(db, &role);
}
