//! The headquarters tables (`store::hq`) on PostgreSQL: their schema, reads and writes.

use chrono::NaiveDate;
use postgres::Row;
use postgres::types::{ToSql, Type};

use depot_store::hq::{HqBundle, HqDepot, HqFigures, HqFound, HqLast, HqMovement};
use depot_store::{AuditEntry, StoreError};

use crate::conn::Conn;
use crate::convert::{col, corrupt};
use crate::copy_in::CopyIn;
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
-- in the same transaction (after the movements), and a key checked for each of millions of
-- movements was a third of the server's time ingesting (BENCHMARKS.md, hq).
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
-- The movements that name a shipment (ships, receipts, updates with a reference), which
-- `report transit` reads of millions (`SHIPMENT_INDEX`).
CREATE INDEX IF NOT EXISTS hq_movements_shipments ON hq_movements (depot, seq)
    WHERE reference <> '' AND action IN ('ship', 'receive', 'update');
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
/// How many columns `depot_cols!` has (`PgWriter::hq_look_up` names them again, with their
/// table).
const DEPOT_COLS: usize = 13;
/// The values of a depot's row (`$1` … `$13`, in `depot_cols!`' order), replacing the row of
/// its code if there is one.
macro_rules! depot_upsert {
    () => {
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
         public_key = excluded.public_key, enrolled = excluded.enrolled, \
         enrolled_by = excluded.enrolled_by, \
         last_manifest_sha256 = excluded.last_manifest_sha256, \
         last_seq = excluded.last_seq, head_hash = excluded.head_hash, \
         as_of = excluded.as_of, created = excluded.created, \
         ingested = excluded.ingested, due_count = excluded.due_count, \
         due_cost = excluded.due_cost"
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
    bundle_at(r, 0)
}

/// A bundle from the columns of `bundle_cols!` that begin at column `at` of `r`.
fn bundle_at(r: &Row, at: usize) -> Result<HqBundle, StoreError> {
    const T: &str = "hq_bundles";
    let depot: String = col(r, at, T)?;
    let (first, last): (i64, i64) = (col(r, at + 3, T)?, col(r, at + 4, T)?);
    Ok(HqBundle {
        manifest_sha256: col(r, at + 1, T)?,
        manifest: col(r, at + 2, T)?,
        first_seq: seq_of(first, T, &depot)?,
        last_seq: seq_of(last, T, &depot)?,
        as_of: col(r, at + 5, T)?,
        created: col(r, at + 6, T)?,
        full: col(r, at + 7, T)?,
        ingested: col(r, at + 8, T)?,
        ingested_by: col(r, at + 9, T)?,
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
    movements_by(
        c,
        concat!(
            "SELECT ",
            movement_cols!(),
            " FROM hq_movements WHERE depot = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq"
        ),
        depot,
        from,
        to,
    )
}

/// The index of the movements that name a shipment, which schema version 15 adds to an older
/// database (the same statement as in [`STATEMENTS`]).
pub const SHIPMENT_INDEX: &str =
    "CREATE INDEX IF NOT EXISTS hq_movements_shipments ON hq_movements (depot, seq)
    WHERE reference <> '' AND action IN ('ship', 'receive', 'update');
";

/// The movements `from..=to` of `depot` that name a shipment, through their partial index:
/// the condition repeats the index's (`depot_store::hq::SHIPMENT_ACTIONS`).
fn shipment_movements(c: &mut Conn, depot: &str, from: u64, to: u64) -> Res<Vec<HqMovement>> {
    movements_by(
        c,
        concat!(
            "SELECT ",
            movement_cols!(),
            " FROM hq_movements WHERE depot = $1 AND seq BETWEEN $2 AND $3 \
             AND reference <> '' AND action IN ('ship', 'receive', 'update') ORDER BY seq"
        ),
        depot,
        from,
        to,
    )
}

/// The movements `sql` selects of `depot` from `from` to `to` (its parameters), in seq order.
fn movements_by(
    c: &mut Conn,
    sql: &'static str,
    depot: &str,
    from: u64,
    to: u64,
) -> Res<Vec<HqMovement>> {
    if from > to {
        return Ok(Vec::new());
    }
    let (from, to) = (clamp(from), clamp(to));
    let rows = c.query(sql, &[&depot, &from, &to])?;
    Ok(rows.iter().map(movement).collect::<Result<_, _>>()?)
}

/// A seq as PostgreSQL's bigint, the largest standing for "to the end".
fn clamp(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// The types of a COPY of `hq_movements`: the depot, then `movement_cols!`.
static MOVEMENT_TYPES: [Type; 15] = [
    Type::TEXT,
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::BYTEA,
    Type::BYTEA,
];

/// A depot's row as the parameters `$1` … `$13` of `depot_upsert!`, in `depot_cols!`' order.
struct DepotParams<'a> {
    d: &'a HqDepot,
    key: &'a [u8],
    sha: Option<&'a str>,
    seq: Option<i64>,
    head: Option<&'a [u8]>,
    as_of: Option<NaiveDate>,
    created: Option<&'a str>,
    ingested: Option<&'a str>,
    due: Option<i64>,
    due_cost: Option<rust_decimal::Decimal>,
}

impl<'a> DepotParams<'a> {
    fn of(d: &'a HqDepot) -> Self {
        let last = d.last.as_ref();
        DepotParams {
            d,
            key: d.public_key.as_slice(),
            sha: last.map(|l| l.manifest_sha256.as_str()),
            seq: last.map(|l| clamp(l.last_seq)),
            head: last.map(|l| l.head_hash.as_slice()),
            as_of: last.map(|l| l.as_of),
            created: last.map(|l| l.created.as_str()),
            ingested: last.map(|l| l.ingested.as_str()),
            due: last.map(|l| clamp(l.due)),
            due_cost: last.map(|l| l.due_cost),
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 13] {
        [
            &self.d.code,
            &self.d.name,
            &self.key,
            &self.d.enrolled,
            &self.d.enrolled_by,
            &self.sha,
            &self.seq,
            &self.head,
            &self.as_of,
            &self.created,
            &self.ingested,
            &self.due,
            &self.due_cost,
        ]
    }
}

/// A bundle's columns as parameters, in `bundle_cols!`'s order.
struct BundleParams<'a> {
    b: &'a HqBundle,
    first: i64,
    last: i64,
}

impl<'a> BundleParams<'a> {
    fn of(b: &'a HqBundle) -> Self {
        BundleParams {
            b,
            first: clamp(b.first_seq),
            last: clamp(b.last_seq),
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 10] {
        let b = self.b;
        [
            &b.depot,
            &b.manifest_sha256,
            &b.manifest,
            &self.first,
            &self.last,
            &b.as_of,
            &b.created,
            &b.full,
            &b.ingested,
            &b.ingested_by,
        ]
    }
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

    pub fn hq_shipment_movements(
        &self,
        depot: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<HqMovement>, StoreError> {
        self.with(|c| shipment_movements(c, depot, from, to))
    }
}

impl PgWriter<'_> {
    pub fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
        self.raw(|c| Ok(depots_where(c, Some(code))?.pop()))
    }

    pub fn put_hq_depot(&mut self, d: &HqDepot) -> Result<(), StoreError> {
        let p = DepotParams::of(d);
        self.raw(|c| {
            c.execute(
                concat!(
                    "INSERT INTO hq_depots (",
                    depot_cols!(),
                    ") ",
                    depot_upsert!()
                ),
                &p.params(),
            )?;
            Ok(())
        })
    }

    /// The depot enrolled as `code` and its bundle `sha256` if ingested, or the codes of the
    /// depots enrolled with `public_key`: one statement (`WriteTx::hq_look_up`).
    pub fn hq_look_up(
        &self,
        code: &str,
        public_key: &[u8; 32],
        sha256: &str,
    ) -> Result<HqFound, StoreError> {
        let key = public_key.as_slice();
        let rows = self.raw(|c| {
            Ok(c.query(
                "SELECT d.code, d.name, d.public_key, d.enrolled, d.enrolled_by, \
                 d.last_manifest_sha256, d.last_seq, d.head_hash, d.as_of, d.created, \
                 d.ingested, d.due_count, d.due_cost, b.depot, b.manifest_sha256, b.manifest, \
                 b.first_seq, b.last_seq, b.as_of, b.created, b.full_ledger, b.ingested, \
                 b.ingested_by \
                 FROM hq_depots d LEFT JOIN hq_bundles b \
                 ON b.depot = d.code AND b.manifest_sha256 = $3 \
                 WHERE d.code = $1 OR d.public_key = $2 ORDER BY d.code",
                &[&code, &key, &sha256],
            )?)
        })?;
        let mut same_key = Vec::new();
        for r in &rows {
            let depot = depot(r)?;
            if depot.code != code {
                same_key.push(depot.code);
                continue;
            }
            let joined: Option<&str> = col(r, DEPOT_COLS, "hq_bundles")?;
            let bundle = joined.map(|_| bundle_at(r, DEPOT_COLS)).transpose()?;
            return Ok(HqFound::Enrolled {
                depot: Box::new(depot),
                bundle: bundle.map(Box::new),
            });
        }
        Ok(HqFound::New { same_key })
    }

    /// Records a bundle taken in: the depot's row, the snapshot files, the bundle, its
    /// figures and the audit entry, in one statement (`WriteTx::put_hq_taken`). The foreign
    /// keys of the files, the bundle and the figures are checked at the statement's end, when
    /// the rows they name are there; the entry is numbered after the last as
    /// `PgWriter::audit` numbers it.
    pub fn put_hq_taken(
        &mut self,
        d: &HqDepot,
        files: &[(&str, Vec<u8>)],
        b: &HqBundle,
        figures: &HqFigures,
        audit: &AuditEntry,
    ) -> Result<(), StoreError> {
        let (at, offset, ns) = crate::work::stamp(audit);
        let p = DepotParams::of(d);
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        let bytes: Vec<&[u8]> = files.iter().map(|(_, b)| b.as_slice()).collect();
        let bp = BundleParams::of(b);
        let mut params: Vec<&(dyn ToSql + Sync)> = p.params().to_vec();
        params.extend([&names as &(dyn ToSql + Sync), &bytes]);
        params.extend(bp.params());
        params.extend([
            &at as &(dyn ToSql + Sync),
            &offset,
            &ns,
            &audit.operator,
            &audit.action,
            &audit.outcome,
        ]);
        let fp = crate::hq_figures::Params::of(figures);
        params.extend(fp.params());
        self.raw(|c| {
            c.execute(
                concat!(
                    "WITH depot AS (INSERT INTO hq_depots (",
                    depot_cols!(),
                    ") ",
                    depot_upsert!(),
                    "), files AS (INSERT INTO hq_files (depot, name, bytes) \
                     SELECT $1, f.name, f.bytes FROM unnest($14::text[], $15::bytea[]) \
                     AS f (name, bytes) \
                     ON CONFLICT (depot, name) DO UPDATE SET bytes = excluded.bytes), \
                     logged AS (INSERT INTO audit (id, at, at_offset, at_ns, operator, action, \
                     outcome) SELECT coalesce(max(id), 0) + 1, $26, $27, $28, $29, $30, $31 \
                     FROM audit), \
                     figures AS (INSERT INTO hq_figures (",
                    crate::hq_figures::figures_cols!(),
                    ") VALUES ($32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, \
                     $44, $45, $46, $47, $48, $49, $50, $51)) \
                     INSERT INTO hq_bundles (",
                    bundle_cols!(),
                    ") VALUES ($16, $17, $18, $19, $20, $21, $22, $23, $24, $25)"
                ),
                &params,
            )?;
            Ok(())
        })
    }

    pub fn hq_bundle(&self, depot: &str, sha256: &str) -> Result<Option<HqBundle>, StoreError> {
        self.raw(|c| Ok(bundle_where(c, depot, Some(sha256))?.pop()))
    }

    pub fn put_hq_bundle(&mut self, b: &HqBundle) -> Result<(), StoreError> {
        let bp = BundleParams::of(b);
        self.raw(|c| {
            c.execute(
                concat!(
                    "INSERT INTO hq_bundles (",
                    bundle_cols!(),
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, \
                     $8, $9, $10)"
                ),
                &bp.params(),
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

    /// Appends movements with one binary COPY (encoded by `copy_in`).
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
            let mut w = CopyIn::new(sink, &MOVEMENT_TYPES);
            for m in rows {
                let seq = clamp(m.seq);
                let (prev, hash) = (m.prev_hash.as_slice(), m.hash.as_slice());
                let [
                    at,
                    action,
                    barcode,
                    item,
                    quantity,
                    from,
                    to,
                    operator,
                    reference,
                    reason,
                    detail,
                ] = m.fields();
                w.write(&[
                    &depot, &seq, &at, &action, &barcode, &item, &quantity, &from, &to, &operator,
                    &reference, &reason, &detail, &prev, &hash,
                ])?;
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
