//! The headquarters tables (`store::hq`) on PostgreSQL: their schema, reads and writes.

use chrono::NaiveDate;
use postgres::Row;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};

use depot_store::StoreError;
use depot_store::hq::{HqBundle, HqDepot, HqLast, HqMovement};

use crate::conn::Conn;
use crate::convert::{col, corrupt};
use crate::query::Res;
use crate::{PgReader, PgWriter};

/// The headquarters tables: part of a new register's schema (version 2), and what the upgrade
/// from version 1 adds. The held ledger is append-only, as a depot's own.
pub const STATEMENTS: &str = r#"
-- A depot enrolled at headquarters, and where its last bundle left off (all NULL before one).
CREATE TABLE hq_depots (
    code text COLLATE "C" PRIMARY KEY,
    name text NOT NULL,
    public_key bytea NOT NULL CHECK (length(public_key) = 32),
    enrolled text NOT NULL,
    enrolled_by text NOT NULL,
    last_manifest_sha256 text,
    last_seq bigint CHECK (last_seq >= 0),
    head_hash bytea CHECK (length(head_hash) = 32),
    as_of date,
    created text,
    ingested text,
    due_count bigint CHECK (due_count >= 0),
    due_cost numeric,
    CHECK ((last_manifest_sha256 IS NULL) = (last_seq IS NULL)
       AND (last_seq IS NULL) = (head_hash IS NULL)
       AND (head_hash IS NULL) = (as_of IS NULL)
       AND (as_of IS NULL) = (created IS NULL)
       AND (created IS NULL) = (ingested IS NULL)
       AND (ingested IS NULL) = (due_count IS NULL)
       AND (due_count IS NULL) = (due_cost IS NULL))
);

-- Every bundle ingested, with its manifest as received.
CREATE TABLE hq_bundles (
    depot text COLLATE "C" NOT NULL REFERENCES hq_depots (code),
    manifest_sha256 text COLLATE "C" NOT NULL,
    manifest bytea NOT NULL,
    first_seq bigint NOT NULL CHECK (first_seq > 0),
    last_seq bigint NOT NULL CHECK (last_seq >= 0),
    as_of date NOT NULL,
    created text NOT NULL,
    full_ledger boolean NOT NULL,
    ingested text NOT NULL,
    ingested_by text NOT NULL,
    PRIMARY KEY (depot, manifest_sha256)
);

-- Each depot's ledger as its bundles carried it: the text of movements.csv's columns, from
-- which the hash is recomputed. No foreign key to hq_depots: the ingest writes the depot's row
-- first in the same transaction, and a key checked for each of millions of movements was a
-- third of the server's time ingesting (BENCHMARKS.md, hq).
CREATE TABLE hq_movements (
    depot text COLLATE "C" NOT NULL,
    seq bigint NOT NULL CHECK (seq > 0),
    at text NOT NULL,
    action text NOT NULL,
    barcode text NOT NULL,
    item text NOT NULL,
    quantity text NOT NULL,
    from_place text NOT NULL,
    to_place text NOT NULL,
    operator text NOT NULL,
    reference text NOT NULL,
    reason text NOT NULL,
    detail text NOT NULL,
    prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (depot, seq)
);
CREATE TRIGGER hq_movements_no_update BEFORE UPDATE OR DELETE ON hq_movements
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER hq_movements_no_truncate BEFORE TRUNCATE ON hq_movements
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- The snapshot files of each depot's latest bundle, byte for byte.
CREATE TABLE hq_files (
    depot text COLLATE "C" NOT NULL REFERENCES hq_depots (code),
    name text COLLATE "C" NOT NULL,
    bytes bytea NOT NULL,
    PRIMARY KEY (depot, name)
);
-- lz4 rather than the default pglz where the server has it: a fifth of the server's time
-- ingesting went to compressing these files with pglz.
DO $$
BEGIN
    ALTER TABLE hq_files ALTER COLUMN bytes SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
    NULL;
END
$$;
"#;

// The columns of each table as the conversions below read them (macros, so that statements
// stay `&'static str` for the connection's prepared-statement cache).
macro_rules! depot_cols {
    () => {
        "code, name, public_key, enrolled, enrolled_by, last_manifest_sha256, last_seq, \
         head_hash, as_of, created, ingested, due_count, due_cost"
    };
}
macro_rules! bundle_cols {
    () => {
        "depot, manifest_sha256, manifest, first_seq, last_seq, as_of, created, full_ledger, \
         ingested, ingested_by"
    };
}
macro_rules! movement_cols {
    () => {
        "seq, at, action, barcode, item, quantity, from_place, to_place, operator, reference, \
         reason, detail, prev_hash, hash"
    };
}

fn bytes32(v: &[u8], table: &'static str, key: &str) -> Result<[u8; 32], StoreError> {
    <[u8; 32]>::try_from(v).map_err(|_| corrupt(table, key, "a hash or key is not 32 bytes"))
}

fn seq_of(v: i64, table: &'static str, key: &str) -> Result<u64, StoreError> {
    u64::try_from(v).map_err(|_| corrupt(table, key, format!("seq {v}")))
}

fn depot(r: &Row) -> Result<HqDepot, StoreError> {
    const T: &str = "hq_depots";
    let code: String = col(r, 0, T)?;
    let last_seq: Option<i64> = col(r, 6, T)?;
    let last = match last_seq {
        Some(seq) => {
            let hash: &[u8] = col(r, 7, T)?;
            Some(HqLast {
                manifest_sha256: col(r, 5, T)?,
                last_seq: seq_of(seq, T, &code)?,
                head_hash: bytes32(hash, T, &code)?,
                as_of: col(r, 8, T)?,
                created: col(r, 9, T)?,
                ingested: col(r, 10, T)?,
                due: {
                    let n: i64 = col(r, 11, T)?;
                    seq_of(n, T, &code)?
                },
                due_cost: col(r, 12, T)?,
            })
        }
        None => None,
    };
    let key: &[u8] = col(r, 2, T)?;
    Ok(HqDepot {
        public_key: bytes32(key, T, &code)?,
        name: col(r, 1, T)?,
        enrolled: col(r, 3, T)?,
        enrolled_by: col(r, 4, T)?,
        last,
        code,
    })
}

fn bundle(r: &Row) -> Result<HqBundle, StoreError> {
    const T: &str = "hq_bundles";
    let depot: String = col(r, 0, T)?;
    let (first, last): (i64, i64) = (col(r, 3, T)?, col(r, 4, T)?);
    Ok(HqBundle {
        manifest_sha256: col(r, 1, T)?,
        manifest: col(r, 2, T)?,
        first_seq: seq_of(first, T, &depot)?,
        last_seq: seq_of(last, T, &depot)?,
        as_of: col(r, 5, T)?,
        created: col(r, 6, T)?,
        full: col(r, 7, T)?,
        ingested: col(r, 8, T)?,
        ingested_by: col(r, 9, T)?,
        depot,
    })
}

fn movement(r: &Row) -> Result<HqMovement, StoreError> {
    const T: &str = "hq_movements";
    let seq: i64 = col(r, 0, T)?;
    let key = seq.to_string();
    let (prev, hash): (&[u8], &[u8]) = (col(r, 12, T)?, col(r, 13, T)?);
    Ok(HqMovement {
        seq: seq_of(seq, T, &key)?,
        at: col(r, 1, T)?,
        action: col(r, 2, T)?,
        barcode: col(r, 3, T)?,
        item: col(r, 4, T)?,
        quantity: col(r, 5, T)?,
        from: col(r, 6, T)?,
        to: col(r, 7, T)?,
        operator: col(r, 8, T)?,
        reference: col(r, 9, T)?,
        reason: col(r, 10, T)?,
        detail: col(r, 11, T)?,
        prev_hash: bytes32(prev, T, &key)?,
        hash: bytes32(hash, T, &key)?,
    })
}

fn depots_where(c: &mut Conn, code: Option<&str>) -> Res<Vec<HqDepot>> {
    let rows = match code {
        Some(code) => c.query(
            concat!("SELECT ", depot_cols!(), " FROM hq_depots WHERE code = $1"),
            &[&code],
        )?,
        None => c.query(
            concat!("SELECT ", depot_cols!(), " FROM hq_depots ORDER BY code"),
            &[],
        )?,
    };
    Ok(rows.iter().map(depot).collect::<Result<_, _>>()?)
}

fn bundle_where(c: &mut Conn, depot: &str, sha: Option<&str>) -> Res<Vec<HqBundle>> {
    let rows = match sha {
        Some(sha) => c.query(
            concat!(
                "SELECT ",
                bundle_cols!(),
                " FROM hq_bundles WHERE depot = $1 AND manifest_sha256 = $2"
            ),
            &[&depot, &sha],
        )?,
        None => c.query(
            concat!(
                "SELECT ",
                bundle_cols!(),
                " FROM hq_bundles WHERE depot = $1 ORDER BY last_seq, ingested"
            ),
            &[&depot],
        )?,
    };
    Ok(rows.iter().map(bundle).collect::<Result<_, _>>()?)
}

fn movements(c: &mut Conn, depot: &str, from: u64, to: u64) -> Res<Vec<HqMovement>> {
    if from > to {
        return Ok(Vec::new());
    }
    let (from, to) = (clamp(from), clamp(to));
    let rows = c.query(
        concat!(
            "SELECT ",
            movement_cols!(),
            " FROM hq_movements WHERE depot = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq"
        ),
        &[&depot, &from, &to],
    )?;
    Ok(rows.iter().map(movement).collect::<Result<_, _>>()?)
}

/// A seq as PostgreSQL's bigint, the largest standing for "to the end".
fn clamp(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

fn file(c: &mut Conn, depot: &str, name: &str) -> Res<Option<Vec<u8>>> {
    let r = c.query_opt(
        "SELECT bytes FROM hq_files WHERE depot = $1 AND name = $2",
        &[&depot, &name],
    )?;
    Ok(r.map(|r| col(&r, 0, "hq_files")).transpose()?)
}

impl PgReader {
    pub fn hq_depots(&self) -> Result<Vec<HqDepot>, StoreError> {
        self.with(|c| depots_where(c, None))
    }

    pub fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
        self.with(|c| Ok(depots_where(c, Some(code))?.pop()))
    }

    pub fn hq_bundles(&self, depot: &str) -> Result<Vec<HqBundle>, StoreError> {
        self.with(|c| bundle_where(c, depot, None))
    }

    pub fn hq_file(&self, depot: &str, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|c| file(c, depot, name))
    }

    pub fn hq_movements(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<HqMovement>, StoreError> {
        self.with(|c| movements(c, depot, from, to))
    }
}

impl PgWriter<'_> {
    pub fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
        self.raw(|c| Ok(depots_where(c, Some(code))?.pop()))
    }

    pub fn put_hq_depot(&mut self, d: &HqDepot) -> Result<(), StoreError> {
        let last = d.last.as_ref();
        let sha = last.map(|l| l.manifest_sha256.as_str());
        let seq = last.map(|l| clamp(l.last_seq));
        let head = last.map(|l| l.head_hash.as_slice());
        let as_of: Option<NaiveDate> = last.map(|l| l.as_of);
        let created = last.map(|l| l.created.as_str());
        let ingested = last.map(|l| l.ingested.as_str());
        let due = last.map(|l| clamp(l.due));
        let due_cost = last.map(|l| l.due_cost);
        let key = d.public_key.as_slice();
        self.raw(|c| {
            c.execute(
                concat!(
                    "INSERT INTO hq_depots (",
                    depot_cols!(),
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
                     $9, $10, $11, $12, $13) ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                     public_key = excluded.public_key, enrolled = excluded.enrolled, \
                     enrolled_by = excluded.enrolled_by, \
                     last_manifest_sha256 = excluded.last_manifest_sha256, \
                     last_seq = excluded.last_seq, head_hash = excluded.head_hash, \
                     as_of = excluded.as_of, created = excluded.created, \
                     ingested = excluded.ingested, due_count = excluded.due_count, \
                     due_cost = excluded.due_cost"
                ),
                &[
                    &d.code,
                    &d.name,
                    &key,
                    &d.enrolled,
                    &d.enrolled_by,
                    &sha,
                    &seq,
                    &head,
                    &as_of,
                    &created,
                    &ingested,
                    &due,
                    &due_cost,
                ],
            )?;
            Ok(())
        })
    }

    pub fn hq_bundle(&self, depot: &str, sha256: &str) -> Result<Option<HqBundle>, StoreError> {
        self.raw(|c| Ok(bundle_where(c, depot, Some(sha256))?.pop()))
    }

    pub fn put_hq_bundle(&mut self, b: &HqBundle) -> Result<(), StoreError> {
        let (first, last) = (clamp(b.first_seq), clamp(b.last_seq));
        self.raw(|c| {
            c.execute(
                concat!(
                    "INSERT INTO hq_bundles (",
                    bundle_cols!(),
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, \
                     $8, $9, $10)"
                ),
                &[
                    &b.depot,
                    &b.manifest_sha256,
                    &b.manifest,
                    &first,
                    &last,
                    &b.as_of,
                    &b.created,
                    &b.full,
                    &b.ingested,
                    &b.ingested_by,
                ],
            )?;
            Ok(())
        })
    }

    pub fn put_hq_file(&mut self, depot: &str, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.raw(|c| {
            c.execute(
                "INSERT INTO hq_files (depot, name, bytes) VALUES ($1, $2, $3) \
                 ON CONFLICT (depot, name) DO UPDATE SET bytes = excluded.bytes",
                &[&depot, &name, &bytes],
            )?;
            Ok(())
        })
    }

    /// Appends movements with one binary COPY.
    pub fn append_hq_movements(
        &mut self,
        depot: &str,
        rows: &[HqMovement],
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        self.raw(|c| {
            let sink = c.client.copy_in(concat!(
                "COPY hq_movements (depot, ",
                movement_cols!(),
                ") FROM STDIN (FORMAT binary)"
            ))?;
            let mut types = vec![Type::TEXT, Type::INT8];
            types.extend([Type::TEXT; 11]);
            types.extend([Type::BYTEA, Type::BYTEA]);
            let mut w = BinaryCopyInWriter::new(sink, &types);
            for m in rows {
                let seq = clamp(m.seq);
                let (prev, hash) = (m.prev_hash.as_slice(), m.hash.as_slice());
                let mut values: Vec<&(dyn ToSql + Sync)> = vec![&depot, &seq];
                let fields = m.fields();
                for f in &fields {
                    values.push(f);
                }
                values.push(&prev);
                values.push(&hash);
                w.write(&values)?;
            }
            w.finish()?;
            Ok(())
        })
    }

    pub fn hq_movement_hashes(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<(u64, [u8; 32])>, StoreError> {
        if from > to {
            return Ok(Vec::new());
        }
        let (lo, hi) = (clamp(from), clamp(to));
        self.raw(|c| {
            let rows = c.query(
                "SELECT seq, hash FROM hq_movements WHERE depot = $1 AND seq BETWEEN $2 AND $3 \
                 ORDER BY seq",
                &[&depot, &lo, &hi],
            )?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let seq: i64 = col(r, 0, "hq_movements")?;
                let hash: &[u8] = col(r, 1, "hq_movements")?;
                let key = seq.to_string();
                out.push((
                    seq_of(seq, "hq_movements", &key)?,
                    bytes32(hash, "hq_movements", &key)?,
                ));
            }
            Ok(out)
        })
    }
}
