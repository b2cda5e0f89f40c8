//! Headquarters' copy of the depots' ledgers: the movements that name a shipment are read on
//! their own, in seq order, across the batches they were appended in.

use crate::hq::HqMovement;
use crate::{Store, StoreError};

fn mv(seq: u64, action: &str, reference: &str) -> HqMovement {
    HqMovement {
        seq,
        at: "2026-11-20T08:00:00+08:00".into(),
        action: action.into(),
        barcode: format!("B{seq}"),
        item: "V-SG".into(),
        quantity: "1".into(),
        reference: reference.into(),
        prev_hash: [seq as u8; 32],
        hash: [seq as u8 + 1; 32],
        ..HqMovement::default()
    }
}

pub(super) fn shipment_movements(store: &Store) {
    let first = [
        mv(1, "receive", ""),
        mv(2, "ship", "ZD-A-2"),
        mv(3, "checkout", "INC-17"),
        mv(4, "update", "ZD-A-2"),
        mv(5, "update", ""),
    ];
    let second = [mv(6, "receive", "ZD-B-9"), mv(7, "ship", "")];
    for batch in [&first[..], &second[..]] {
        store
            .write(|w| -> Result<(), StoreError> {
                w.append_hq_movements("ZD-A", batch)?;
                w.append_hq_movements("ZD-B", &batch[..1])
            })
            .unwrap();
    }
    let r = store.read().unwrap();
    let seqs = |depot: &str, from: u64, to: u64| -> Vec<u64> {
        r.hq_shipment_movements(depot, from, to)
            .unwrap()
            .iter()
            .map(|m| m.seq)
            .collect()
    };
    assert_eq!(seqs("ZD-A", 1, u64::MAX), vec![2, 4, 6]);
    assert_eq!(seqs("ZD-A", 3, 5), vec![4]);
    assert_eq!(seqs("ZD-A", 5, 4), Vec::<u64>::new());
    assert_eq!(seqs("ZD-B", 1, u64::MAX), vec![6]);
    let all = r.hq_movements("ZD-A", 1, u64::MAX).unwrap();
    let sorted: Vec<HqMovement> = all.into_iter().filter(HqMovement::of_shipments).collect();
    assert_eq!(
        r.hq_shipment_movements("ZD-A", 1, u64::MAX).unwrap(),
        sorted
    );
}
