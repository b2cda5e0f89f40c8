//! The headquarters tables (`store::hq`) on redb: rows, reads and writes. The tables are made
//! by the first write that needs them and read as empty while missing.

use crate::{Db, Fault};
use chrono::{Datelike, NaiveDate};
use depot_domain::msg::store::StoreMsg;
use redb::{ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::hq_movements::{movement_bytes, movements_in};
use crate::rows::{decode, encode};
use crate::tables::{
    HQ_BUNDLES, HQ_DEPOTS, HQ_FIGURES, HQ_FILES, HQ_MOVEMENTS, HQ_SHIPMENT_INDEXED,
    HQ_SHIPMENT_SEQS,
};
use crate::{Reader, StoreError, Writer};
use depot_domain::readiness::Tally;
use depot_store::hq::{HqBundle, HqDepot, HqFigures, HqFound, HqLast, HqMovement};

#[derive(Serialize, Deserialize)]
struct DepotRow {
    name: String,
    public_key: [u8; 32],
    enrolled: String,
    enrolled_by: String,
    last: Option<LastRow>,
}

#[derive(Serialize, Deserialize)]
struct LastRow {
    manifest_sha256: String,
    last_seq: u64,
    head_hash: [u8; 32],
    as_of: i32,
    created: String,
    ingested: String,
    due: u64,
    due_cost: [u8; 16],
}

#[derive(Serialize, Deserialize)]
struct BundleRow {
    manifest: Vec<u8>,
    first_seq: u64,
    last_seq: u64,
    as_of: i32,
    created: String,
    full: bool,
    ingested: String,
    ingested_by: String,
}

/// A tally of lines: lines, equipped, ready met, and the two sums of ratios.
#[derive(Serialize, Deserialize)]
struct TallyRow {
    lines: u32,
    equipped: u32,
    ready_met: u32,
    equipped_sum: [u8; 16],
    ready_sum: [u8; 16],
}

impl TallyRow {
    fn of(t: &Tally) -> Self {
        TallyRow {
            lines: t.lines,
            equipped: t.equipped,
            ready_met: t.ready_met,
            equipped_sum: t.equipped_sum.serialize(),
            ready_sum: t.ready_sum.serialize(),
        }
    }

    fn tally(&self) -> Tally {
        Tally {
            lines: self.lines,
            equipped: self.equipped,
            ready_met: self.ready_met,
            equipped_sum: rust_decimal::Decimal::deserialize(self.equipped_sum),
            ready_sum: rust_decimal::Decimal::deserialize(self.ready_sum),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct FiguresRow {
    as_of: i32,
    created: String,
    all: TallyRow,
    scopes: u32,
    compliant: u32,
    pieces: u64,
    pieces_ready: u64,
    over_age: u64,
    modules: Vec<(String, TallyRow)>,
}

fn figures_from(depot: &str, sha: &str, bytes: &[u8]) -> Result<HqFigures, StoreError> {
    let key = format!("{depot} {sha}");
    let r: FiguresRow = decode("hq_figures", &key, bytes)?;
    Ok(HqFigures {
        depot: depot.to_owned(),
        manifest_sha256: sha.to_owned(),
        as_of: day_of(r.as_of, "hq_figures", &key)?,
        created: r.created,
        all: r.all.tally(),
        scopes: r.scopes,
        compliant: r.compliant,
        pieces: r.pieces,
        pieces_ready: r.pieces_ready,
        over_age: r.over_age,
        modules: r.modules.into_iter().map(|(m, t)| (m, t.tally())).collect(),
    })
}

fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn day_of(n: i32, table: &'static str, key: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::from_num_days_from_ce_opt(n).ok_or_else(|| StoreError::Corrupt {
        table,
        key: key.to_owned(),
        reason: format!("day {n}"),
    })
}

fn depot_from(code: &str, bytes: &[u8]) -> Result<HqDepot, StoreError> {
    let r: DepotRow = decode("hq_depots", code, bytes)?;
    let last = match r.last {
        Some(l) => Some(HqLast {
            as_of: day_of(l.as_of, "hq_depots", code)?,
            manifest_sha256: l.manifest_sha256,
            last_seq: l.last_seq,
            head_hash: l.head_hash,
            created: l.created,
            ingested: l.ingested,
            due: l.due,
            due_cost: rust_decimal::Decimal::deserialize(l.due_cost),
        }),
        None => None,
    };
    Ok(HqDepot {
        code: code.to_owned(),
        name: r.name,
        public_key: r.public_key,
        enrolled: r.enrolled,
        enrolled_by: r.enrolled_by,
        last,
    })
}

fn depot_row(d: &HqDepot) -> DepotRow {
    DepotRow {
        name: d.name.clone(),
        public_key: d.public_key,
        enrolled: d.enrolled.clone(),
        enrolled_by: d.enrolled_by.clone(),
        last: d.last.as_ref().map(|l| LastRow {
            manifest_sha256: l.manifest_sha256.clone(),
            last_seq: l.last_seq,
            head_hash: l.head_hash,
            as_of: day_number(l.as_of),
            created: l.created.clone(),
            ingested: l.ingested.clone(),
            due: l.due,
            due_cost: l.due_cost.serialize(),
        }),
    }
}

fn bundle_from(depot: &str, sha: &str, bytes: &[u8]) -> Result<HqBundle, StoreError> {
    let key = format!("{depot} {sha}");
    let r: BundleRow = decode("hq_bundles", &key, bytes)?;
    Ok(HqBundle {
        depot: depot.to_owned(),
        manifest_sha256: sha.to_owned(),
        manifest: r.manifest,
        first_seq: r.first_seq,
        last_seq: r.last_seq,
        as_of: day_of(r.as_of, "hq_bundles", &key)?,
        created: r.created,
        full: r.full,
        ingested: r.ingested,
        ingested_by: r.ingested_by,
    })
}

/// Opens `def` in a read snapshot; `None` while the table has never been written.
fn open_ro<K: redb::Key + 'static, V: redb::Value + 'static>(
    r: &Reader,
    def: TableDefinition<K, V>,
) -> Result<Option<redb::ReadOnlyTable<K, V>>, StoreError> {
    match r.txn().open_table(def) {
        Ok(t) => Ok(Some(t)),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e.fault()),
    }
}

/// The rows of `depot` in `t`, a table keyed by depot and manifest hash, each decoded by
/// `from` (depot, hash, bytes).
fn per_bundle<T>(
    t: &impl ReadableTable<(&'static str, &'static str), &'static [u8]>,
    depot: &str,
    from: fn(&str, &str, &[u8]) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    for e in t.range((depot, "")..).db()? {
        let (k, v) = e.db()?;
        let (d, sha) = k.value();
        if d != depot {
            break;
        }
        out.push(from(d, sha, v.value())?);
    }
    Ok(out)
}

/// The bundles of `depot` in `t`, in the order they were ingested (by last seq, then time).
fn bundles_in(
    t: &impl ReadableTable<(&'static str, &'static str), &'static [u8]>,
    depot: &str,
) -> Result<Vec<HqBundle>, StoreError> {
    let mut out = per_bundle(t, depot, bundle_from)?;
    out.sort_by(|a, b| (a.last_seq, &a.ingested).cmp(&(b.last_seq, &b.ingested)));
    Ok(out)
}

impl Reader {
    pub fn hq_shipment_movements(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<HqMovement>, StoreError> {
        let Some(t) = open_ro(self, HQ_MOVEMENTS)? else {
            return Ok(Vec::new());
        };
        let through = match open_ro(self, HQ_SHIPMENT_INDEXED)? {
            Some(i) => i.get(depot).db()?.map_or(0, |v| v.value()),
            None => 0,
        };
        let seqs = open_ro(self, HQ_SHIPMENT_SEQS)?;
        crate::hq_index::shipment_movements_in(&t, seqs.as_ref(), through, depot, from, to)
    }

    pub fn hq_depots(&self) -> Result<Vec<HqDepot>, StoreError> {
        let Some(t) = open_ro(self, HQ_DEPOTS)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for e in t.iter().db()? {
            let (k, v) = e.db()?;
            out.push(depot_from(k.value(), v.value())?);
        }
        Ok(out)
    }

    pub fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
        let Some(t) = open_ro(self, HQ_DEPOTS)? else {
            return Ok(None);
        };
        let v = t.get(code).db()?.map(|v| v.value().to_vec());
        v.map(|b| depot_from(code, &b)).transpose()
    }

    pub fn hq_bundles(&self, depot: &str) -> Result<Vec<HqBundle>, StoreError> {
        match open_ro(self, HQ_BUNDLES)? {
            Some(t) => bundles_in(&t, depot),
            None => Ok(Vec::new()),
        }
    }

    pub fn hq_file(&self, depot: &str, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(t) = open_ro(self, HQ_FILES)? else {
            return Ok(None);
        };
        Ok(t.get((depot, name)).db()?.map(|v| v.value().to_vec()))
    }

    pub fn hq_movements(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<HqMovement>, StoreError> {
        match open_ro(self, HQ_MOVEMENTS)? {
            Some(t) => movements_in(&t, depot, from, to),
            None => Ok(Vec::new()),
        }
    }

    pub fn hq_figures(&self, depot: &str) -> Result<Vec<HqFigures>, StoreError> {
        let Some(t) = open_ro(self, HQ_FIGURES)? else {
            return Ok(Vec::new());
        };
        let mut out = per_bundle(&t, depot, figures_from)?;
        out.sort_by(|a, b| (a.as_of, &a.created).cmp(&(b.as_of, &b.created)));
        Ok(out)
    }
}

impl Writer<'_> {
    pub fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
        let t = self.txn().open_table(HQ_DEPOTS).db()?;
        let v = t.get(code).db()?.map(|v| v.value().to_vec());
        v.map(|b| depot_from(code, &b)).transpose()
    }

    /// The depot enrolled as `code` and its bundle `sha256` if ingested, or the codes of the
    /// depots enrolled with `public_key` (`WriteTx::hq_look_up`).
    pub fn hq_look_up(
        &self,
        code: &str,
        public_key: &[u8; 32],
        sha256: &str,
    ) -> Result<HqFound, StoreError> {
        if let Some(depot) = self.hq_depot(code)? {
            let bundle = self.hq_bundle(code, sha256)?.map(Box::new);
            return Ok(HqFound::Enrolled {
                depot: Box::new(depot),
                bundle,
            });
        }
        let t = self.txn().open_table(HQ_DEPOTS).db()?;
        let mut same_key = Vec::new();
        for e in t.iter().db()? {
            let (k, v) = e.db()?;
            let d = depot_from(k.value(), v.value())?;
            if d.public_key == *public_key {
                same_key.push(d.code);
            }
        }
        Ok(HqFound::New { same_key })
    }

    pub fn put_hq_depot(&mut self, d: &HqDepot) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(HQ_DEPOTS).db()?;
        t.insert(d.code.as_str(), encode(&depot_row(d)).as_slice())
            .db()?;
        Ok(())
    }

    pub fn hq_bundle(&self, depot: &str, sha256: &str) -> Result<Option<HqBundle>, StoreError> {
        let t = self.txn().open_table(HQ_BUNDLES).db()?;
        let v = t.get((depot, sha256)).db()?.map(|v| v.value().to_vec());
        v.map(|b| bundle_from(depot, sha256, &b)).transpose()
    }

    pub fn put_hq_bundle(&mut self, b: &HqBundle) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(HQ_BUNDLES).db()?;
        let row = BundleRow {
            manifest: b.manifest.clone(),
            first_seq: b.first_seq,
            last_seq: b.last_seq,
            as_of: day_number(b.as_of),
            created: b.created.clone(),
            full: b.full,
            ingested: b.ingested.clone(),
            ingested_by: b.ingested_by.clone(),
        };
        t.insert(
            (b.depot.as_str(), b.manifest_sha256.as_str()),
            encode(&row).as_slice(),
        )
        .db()?;
        Ok(())
    }

    pub fn put_hq_figures(&mut self, f: &HqFigures) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(HQ_FIGURES).db()?;
        let row = FiguresRow {
            as_of: day_number(f.as_of),
            created: f.created.clone(),
            all: TallyRow::of(&f.all),
            scopes: f.scopes,
            compliant: f.compliant,
            pieces: f.pieces,
            pieces_ready: f.pieces_ready,
            over_age: f.over_age,
            modules: f
                .modules
                .iter()
                .map(|(m, t)| (m.clone(), TallyRow::of(t)))
                .collect(),
        };
        t.insert(
            (f.depot.as_str(), f.manifest_sha256.as_str()),
            encode(&row).as_slice(),
        )
        .db()?;
        Ok(())
    }

    pub fn put_hq_file(&mut self, depot: &str, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(HQ_FILES).db()?;
        t.insert((depot, name), bytes).db()?;
        Ok(())
    }

    pub fn append_hq_movements(
        &mut self,
        depot: &str,
        rows: &[HqMovement],
    ) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(HQ_MOVEMENTS).db()?;
        for m in rows {
            if t.insert((depot, m.seq), movement_bytes(m).as_slice())
                .db()?
                .is_some()
            {
                return Err(StoreError::Msg(StoreMsg::HqHoldsMovement {
                    depot: depot.to_owned(),
                    seq: m.seq.to_string(),
                }));
            }
        }
        drop(t);
        crate::hq_index::index_rows(self.txn(), depot, rows)
    }

    /// Overwrites a held movement. Only for tests that prove `hq verify` catches it.
    #[doc(hidden)]
    pub fn tamper_hq_movement(&mut self, depot: &str, m: &HqMovement) -> Result<(), StoreError> {
        let mut t = self.txn().open_table(HQ_MOVEMENTS).db()?;
        t.insert((depot, m.seq), movement_bytes(m).as_slice())
            .db()?;
        Ok(())
    }

    pub fn hq_movement_hashes(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<(u64, [u8; 32])>, StoreError> {
        let t = self.txn().open_table(HQ_MOVEMENTS).db()?;
        Ok(movements_in(&t, depot, from, to)?
            .into_iter()
            .map(|m| (m.seq, m.hash))
            .collect())
    }
}
