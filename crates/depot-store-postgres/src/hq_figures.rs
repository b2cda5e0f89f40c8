//! The figures of every bundle headquarters ingested (`store::hq::HqFigures`, schema
//! version 16) on PostgreSQL: the table, its reads and writes. A module's lines are kept as
//! arrays in the bundle's row, one array per field, in module code order.

use postgres::Row;
use postgres::types::ToSql;
use rust_decimal::Decimal;

use depot_domain::readiness::Tally;
use depot_store::StoreError;
use depot_store::hq::HqFigures;

use crate::conn::Conn;
use crate::convert::{col, corrupt};
use crate::query::Res;
use crate::{PgReader, PgWriter};

/// The table, what a new register's schema and the upgrade to version 16 make (again
/// harmlessly: the upgrade may run on a register that has it). A bundle's figures go with
/// the bundle; only a signed-in officer writes them, as the bundle.
pub const STATEMENTS: &str = r#"
-- The figures of every bundle ingested, counted from its files when it was ingested.
CREATE TABLE IF NOT EXISTS hq_figures (
    depot text COLLATE "C" NOT NULL,
    manifest_sha256 text COLLATE "C" NOT NULL,
    as_of date NOT NULL,
    created text NOT NULL,
    lines bigint NOT NULL CHECK (lines >= 0),
    equipped bigint NOT NULL CHECK (equipped BETWEEN 0 AND lines),
    ready_met bigint NOT NULL CHECK (ready_met BETWEEN 0 AND lines),
    equipped_sum numeric NOT NULL,
    ready_sum numeric NOT NULL,
    scopes bigint NOT NULL CHECK (scopes >= 0),
    compliant bigint NOT NULL CHECK (compliant BETWEEN 0 AND scopes),
    pieces bigint NOT NULL CHECK (pieces >= 0),
    pieces_ready bigint NOT NULL CHECK (pieces_ready BETWEEN 0 AND pieces),
    over_age bigint NOT NULL CHECK (over_age >= 0),
    modules text[] NOT NULL,
    module_lines bigint[] NOT NULL,
    module_equipped bigint[] NOT NULL,
    module_ready_met bigint[] NOT NULL,
    module_equipped_sum numeric[] NOT NULL,
    module_ready_sum numeric[] NOT NULL,
    PRIMARY KEY (depot, manifest_sha256),
    FOREIGN KEY (depot, manifest_sha256) REFERENCES hq_bundles (depot, manifest_sha256)
);
DROP TRIGGER IF EXISTS hq_figures_officers ON hq_figures;
CREATE TRIGGER hq_figures_officers BEFORE INSERT ON hq_figures
    FOR EACH STATEMENT WHEN (NOT depot.trusted()) EXECUTE FUNCTION officers_only();
"#;

/// What the recipe gives the terminals on the table.
pub const GRANTS: &[&str] = &["SELECT ON depot.hq_figures", "INSERT ON depot.hq_figures"];

macro_rules! figures_cols {
    () => {
        "depot, manifest_sha256, as_of, created, lines, equipped, ready_met, equipped_sum, \
         ready_sum, scopes, compliant, pieces, pieces_ready, over_age, modules, module_lines, \
         module_equipped, module_ready_met, module_equipped_sum, module_ready_sum"
    };
}
pub(crate) use figures_cols;

/// How many columns `figures_cols!` has.
pub const COLS: usize = 20;

const T: &str = "hq_figures";

fn count<N: TryFrom<i64>>(v: i64, key: &str) -> Result<N, StoreError> {
    N::try_from(v).map_err(|_| corrupt(T, key, format!("count {v}")))
}

fn figures(r: &Row) -> Result<HqFigures, StoreError> {
    let depot: String = col(r, 0, T)?;
    let sha: String = col(r, 1, T)?;
    let key = format!("{depot} {sha}");
    let n = |i: usize| -> Result<i64, StoreError> { col(r, i, T) };
    let tally = |l: i64, e: i64, m: i64, es: Decimal, rs: Decimal| -> Result<Tally, StoreError> {
        Ok(Tally {
            lines: count(l, &key)?,
            equipped: count(e, &key)?,
            ready_met: count(m, &key)?,
            equipped_sum: es,
            ready_sum: rs,
        })
    };
    let names: Vec<String> = col(r, 14, T)?;
    let lines: Vec<i64> = col(r, 15, T)?;
    let equipped: Vec<i64> = col(r, 16, T)?;
    let met: Vec<i64> = col(r, 17, T)?;
    let esum: Vec<Decimal> = col(r, 18, T)?;
    let rsum: Vec<Decimal> = col(r, 19, T)?;
    if [
        lines.len(),
        equipped.len(),
        met.len(),
        esum.len(),
        rsum.len(),
    ]
    .iter()
    .any(|l| *l != names.len())
    {
        return Err(corrupt(T, &key, "the modules' arrays differ in length"));
    }
    let mut modules = Vec::with_capacity(names.len());
    for (i, m) in names.into_iter().enumerate() {
        modules.push((m, tally(lines[i], equipped[i], met[i], esum[i], rsum[i])?));
    }
    Ok(HqFigures {
        as_of: col(r, 2, T)?,
        created: col(r, 3, T)?,
        all: tally(n(4)?, n(5)?, n(6)?, col(r, 7, T)?, col(r, 8, T)?)?,
        scopes: count(n(9)?, &key)?,
        compliant: count(n(10)?, &key)?,
        pieces: count(n(11)?, &key)?,
        pieces_ready: count(n(12)?, &key)?,
        over_age: count(n(13)?, &key)?,
        modules,
        depot,
        manifest_sha256: sha,
    })
}

fn figures_of(c: &mut Conn, depot: &str) -> Res<Vec<HqFigures>> {
    let rows = c.query(
        concat!(
            "SELECT ",
            figures_cols!(),
            " FROM hq_figures WHERE depot = $1 ORDER BY as_of, created"
        ),
        &[&depot],
    )?;
    Ok(rows.iter().map(figures).collect::<Result<_, _>>()?)
}

fn big(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A bundle's figures as the parameters of `figures_cols!`, in its order.
pub struct Params<'a> {
    f: &'a HqFigures,
    all: [i64; 3],
    counts: [i64; 5],
    names: Vec<&'a str>,
    lines: Vec<i64>,
    equipped: Vec<i64>,
    met: Vec<i64>,
    esum: Vec<Decimal>,
    rsum: Vec<Decimal>,
}

impl<'a> Params<'a> {
    pub fn of(f: &'a HqFigures) -> Self {
        let m = &f.modules;
        Params {
            f,
            all: [f.all.lines, f.all.equipped, f.all.ready_met].map(i64::from),
            counts: [
                i64::from(f.scopes),
                i64::from(f.compliant),
                big(f.pieces),
                big(f.pieces_ready),
                big(f.over_age),
            ],
            names: m.iter().map(|(n, _)| n.as_str()).collect(),
            lines: m.iter().map(|(_, t)| i64::from(t.lines)).collect(),
            equipped: m.iter().map(|(_, t)| i64::from(t.equipped)).collect(),
            met: m.iter().map(|(_, t)| i64::from(t.ready_met)).collect(),
            esum: m.iter().map(|(_, t)| t.equipped_sum).collect(),
            rsum: m.iter().map(|(_, t)| t.ready_sum).collect(),
        }
    }

    pub fn params(&self) -> [&(dyn ToSql + Sync); COLS] {
        let f = self.f;
        [
            &f.depot,
            &f.manifest_sha256,
            &f.as_of,
            &f.created,
            &self.all[0],
            &self.all[1],
            &self.all[2],
            &f.all.equipped_sum,
            &f.all.ready_sum,
            &self.counts[0],
            &self.counts[1],
            &self.counts[2],
            &self.counts[3],
            &self.counts[4],
            &self.names,
            &self.lines,
            &self.equipped,
            &self.met,
            &self.esum,
            &self.rsum,
        ]
    }
}

impl PgReader {
    pub fn hq_figures(&self, depot: &str) -> Result<Vec<HqFigures>, StoreError> {
        self.with(|c| figures_of(c, depot))
    }
}

impl PgWriter<'_> {
    pub fn put_hq_figures(&mut self, f: &HqFigures) -> Result<(), StoreError> {
        let p = Params::of(f);
        self.raw(|c| {
            c.execute(
                concat!(
                    "INSERT INTO hq_figures (",
                    figures_cols!(),
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                     $15, $16, $17, $18, $19, $20)"
                ),
                &p.params(),
            )?;
            Ok(())
        })
    }
}
