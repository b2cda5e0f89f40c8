//! Headquarters' index of the movements that name a shipment (`HqMovement::of_shipments`):
//! `report transit` reads those of millions. Kept as movements are appended, up to a seq per
//! depot (`HQ_SHIPMENT_INDEXED`); the movements above it are read whole and sorted out, and a
//! database held before the index (or appended to by an older depot) is indexed once when it
//! is next opened for writing.

use redb::{Database, ReadableDatabase, ReadableTable, WriteTransaction};

use crate::hq_movements::{movement_from, movements_in};
use crate::tables::{HQ_DEPOTS, HQ_MOVEMENTS, HQ_SHIPMENT_INDEXED, HQ_SHIPMENT_SEQS};
use crate::{Db, StoreError};
use depot_store::hq::HqMovement;

/// The movements `from..=to` of `depot` that name a shipment: through the index as far as it
/// goes (`through`), the rest read whole and sorted out.
pub(crate) fn shipment_movements_in(
    t: &impl ReadableTable<(&'static str, u64), &'static [u8]>,
    seqs: Option<&impl ReadableTable<(&'static str, u64), ()>>,
    through: u64,
    depot: &str,
    from: u64,
    to: u64,
) -> Result<Vec<HqMovement>, StoreError> {
    let mut out = Vec::new();
    if from > to {
        return Ok(out);
    }
    let indexed_to = to.min(through);
    if let Some(seqs) = seqs.filter(|_| from <= indexed_to) {
        for e in seqs.range((depot, from)..=(depot, indexed_to)).db()? {
            let (k, _) = e.db()?;
            let (d, seq) = k.value();
            if let Some(v) = t.get((d, seq)).db()? {
                out.push(movement_from(d, seq, v.value())?);
            }
        }
    }
    let rest = from.max(through.saturating_add(1));
    if rest <= to {
        out.extend(
            movements_in(t, depot, rest, to)?
                .into_iter()
                .filter(HqMovement::of_shipments),
        );
    }
    Ok(out)
}

/// Indexes the movements of `depot` held from `from` to `to`, and notes the index reaches
/// `to`.
fn index_held(txn: &WriteTransaction, depot: &str, from: u64, to: u64) -> Result<(), StoreError> {
    let t = txn.open_table(HQ_MOVEMENTS).db()?;
    let mut seqs = txn.open_table(HQ_SHIPMENT_SEQS).db()?;
    for m in movements_in(&t, depot, from, to)? {
        if m.of_shipments() {
            seqs.insert((depot, m.seq), ()).db()?;
        }
    }
    txn.open_table(HQ_SHIPMENT_INDEXED)
        .db()?
        .insert(depot, to)
        .db()?;
    Ok(())
}

/// Indexes `rows`, just appended for `depot`, and first whatever it held before that the
/// index does not reach yet.
pub(crate) fn index_rows(
    txn: &WriteTransaction,
    depot: &str,
    rows: &[HqMovement],
) -> Result<(), StoreError> {
    let Some(last) = rows.iter().map(|m| m.seq).max() else {
        return Ok(());
    };
    let first = rows.iter().map(|m| m.seq).min().unwrap_or(last);
    let through = txn
        .open_table(HQ_SHIPMENT_INDEXED)
        .db()?
        .get(depot)
        .db()?
        .map_or(0, |v| v.value());
    if through >= last {
        return Ok(());
    }
    if through + 1 < first {
        index_held(txn, depot, through + 1, first - 1)?;
    }
    let mut seqs = txn.open_table(HQ_SHIPMENT_SEQS).db()?;
    for m in rows.iter().filter(|m| m.of_shipments()) {
        seqs.insert((depot, m.seq), ()).db()?;
    }
    drop(seqs);
    txn.open_table(HQ_SHIPMENT_INDEXED)
        .db()?
        .insert(depot, last)
        .db()?;
    Ok(())
}

/// On opening a database for writing: indexes the movements of each depot that the index does
/// not reach yet (none, but for a database held before it), in one transaction.
pub(crate) fn catch_up(db: &Database) -> Result<(), StoreError> {
    let mut todo = Vec::new();
    {
        let txn = db.begin_read().db()?;
        let (depots, moves) = match (txn.open_table(HQ_DEPOTS), txn.open_table(HQ_MOVEMENTS)) {
            (Ok(d), Ok(m)) => (d, m),
            _ => return Ok(()),
        };
        let indexed = txn.open_table(HQ_SHIPMENT_INDEXED).ok();
        for e in depots.iter().db()? {
            let (k, _) = e.db()?;
            let code = k.value().to_owned();
            let last = moves
                .range((code.as_str(), 0)..=(code.as_str(), u64::MAX))
                .db()?
                .next_back()
                .transpose()
                .db()?
                .map_or(0, |(k, _)| k.value().1);
            let through = match &indexed {
                Some(i) => i.get(code.as_str()).db()?.map_or(0, |v| v.value()),
                None => 0,
            };
            if last > through {
                todo.push((code, through + 1, last));
            }
        }
    }
    if todo.is_empty() {
        return Ok(());
    }
    let txn = db.begin_write().db()?;
    for (code, from, to) in &todo {
        index_held(&txn, code, *from, *to)?;
    }
    txn.commit().db()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use depot_store::StoreError;
    use depot_store::hq::{HqDepot, HqMovement};

    use super::*;

    fn mv(seq: u64, action: &str, reference: &str) -> HqMovement {
        HqMovement {
            seq,
            action: action.into(),
            reference: reference.into(),
            ..HqMovement::default()
        }
    }

    fn shipments(s: &depot_store::Store) -> Vec<u64> {
        let r = s.read().unwrap();
        let got = r.hq_shipment_movements("ZD-A", 1, u64::MAX).unwrap();
        got.iter().map(|m| m.seq).collect()
    }

    /// A database whose movements were held before the index is read whole (and right), and
    /// indexed once when it is next opened for writing.
    #[test]
    fn movements_held_before_the_index_are_read_whole_then_indexed_on_opening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hq.redb");
        let s = depot_store::Store::new(crate::Store::open_or_create(&path).unwrap());
        let depot = HqDepot {
            code: "ZD-A".into(),
            name: "A".into(),
            public_key: [1; 32],
            enrolled: "2026-11-20T08:00:00+08:00".into(),
            enrolled_by: "hq".into(),
            last: None,
        };
        let rows = [
            mv(1, "receive", ""),
            mv(2, "ship", "ZD-A-2"),
            mv(3, "update", "ZD-A-2"),
            mv(4, "checkout", "INC-4"),
        ];
        s.write(|w| -> Result<(), StoreError> {
            w.put_hq_depot(&depot)?;
            w.append_hq_movements("ZD-A", &rows)
        })
        .unwrap();
        assert_eq!(shipments(&s), vec![2, 3]);
        drop(s);

        // The index taken away, as a database written before it has none.
        let raw = crate::Store::open(&path).unwrap();
        let txn = raw.writable().unwrap().begin_write().unwrap();
        txn.delete_table(HQ_SHIPMENT_SEQS).unwrap();
        txn.delete_table(HQ_SHIPMENT_INDEXED).unwrap();
        txn.commit().unwrap();
        let s = depot_store::Store::new(raw);
        assert_eq!(shipments(&s), vec![2, 3], "read whole without the index");
        drop(s);

        let reopened = crate::Store::open(&path).unwrap();
        let txn = reopened.writable().unwrap().begin_read().unwrap();
        let through = txn
            .open_table(HQ_SHIPMENT_INDEXED)
            .unwrap()
            .get("ZD-A")
            .unwrap();
        assert_eq!(through.map(|v| v.value()), Some(4));
        let seqs: Vec<u64> = txn
            .open_table(HQ_SHIPMENT_SEQS)
            .unwrap()
            .iter()
            .unwrap()
            .map(|e| e.unwrap().0.value().1)
            .collect();
        assert_eq!(seqs, vec![2, 3]);
        drop(txn);
        let s = depot_store::Store::new(reopened);
        s.write(|w| w.append_hq_movements("ZD-A", &[mv(5, "receive", "ZD-B-7")]))
            .unwrap();
        assert_eq!(shipments(&s), vec![2, 3, 5]);
    }
}
