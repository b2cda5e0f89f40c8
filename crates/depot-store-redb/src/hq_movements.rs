//! The depots' movements as headquarters keeps them (`HQ_MOVEMENTS`, keyed by depot and seq):
//! their stored row, read and written here for the tables' readers and for the index of the
//! movements that name a shipment (`hq_index`).

use redb::ReadableTable;
use serde::{Deserialize, Serialize};

use crate::rows::{decode, encode};
use crate::{Db, StoreError};
use depot_store::hq::HqMovement;

#[derive(Serialize, Deserialize)]
struct MovementRow<'a> {
    #[serde(borrow)]
    text: [&'a str; 11],
    prev_hash: [u8; 32],
    hash: [u8; 32],
}

/// The stored row of `m`.
pub(crate) fn movement_bytes(m: &HqMovement) -> Vec<u8> {
    encode(&MovementRow {
        text: m.fields(),
        prev_hash: m.prev_hash,
        hash: m.hash,
    })
}

/// The movement `seq` of `depot` from its stored row.
pub(crate) fn movement_from(depot: &str, seq: u64, bytes: &[u8]) -> Result<HqMovement, StoreError> {
    let r: MovementRow = decode("hq_movements", &format!("{depot} {seq}"), bytes)?;
    Ok(HqMovement::from_fields(
        seq,
        r.text.map(str::to_owned),
        r.prev_hash,
        r.hash,
    ))
}

/// The movements `from..=to` of `depot` in `t`, in seq order.
pub(crate) fn movements_in(
    t: &impl ReadableTable<(&'static str, u64), &'static [u8]>,
    depot: &str,
    from: u64,
    to: u64,
) -> Result<Vec<HqMovement>, StoreError> {
    let mut out = Vec::new();
    if from > to {
        return Ok(out);
    }
    for e in t.range((depot, from)..=(depot, to)).db()? {
        let (k, v) = e.db()?;
        let (d, seq) = k.value();
        out.push(movement_from(d, seq, v.value())?);
    }
    Ok(out)
}
