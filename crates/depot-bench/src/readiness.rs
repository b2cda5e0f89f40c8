//! The readiness benchmark (issue 4): the full readiness report over a million assets, a
//! hundred thousand lots and ten thousand units with their standards (class lines and a
//! reserve baseline per warehouse module), by depot (`service::readiness::load`, a snapshot,
//! then the engine) and by one SQL query in SQLite on the same register, in the same run. Both
//! headline figures are printed and must agree.
//!
//! Goal: depot warm under 0.5 s and faster than SQLite's SQL. The digest is measured on the
//! same register in the same run (`digest.rs`).

use std::time::Instant;

use chrono::NaiveDate;
use depot_service::readiness;
use depot_service::store::Store;
use rusqlite::Connection;
use rust_decimal::prelude::ToPrimitive;

use crate::fixture;
use crate::report::{Goal, Report};
use crate::{BenchResult, Common};

pub use crate::dated::Args;

/// Headline rates, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    pub equipped: f64,
    pub ready: f64,
    pub coverage: f64,
    pub compliance: f64,
    pub lines: u64,
}

impl Rates {
    /// The headline as the report prints it.
    pub fn text(&self) -> String {
        format!(
            "equipped {:.2} %, ready {:.2} %, ready coverage {:.2} %, compliance {:.2} % over {} lines",
            self.equipped, self.ready, self.coverage, self.compliance, self.lines
        )
    }

    /// Whether two headlines agree to the hundredth of a percent shown.
    pub fn same(&self, o: &Rates) -> bool {
        (self.equipped - o.equipped).abs() < 0.005
            && (self.ready - o.ready).abs() < 0.005
            && (self.coverage - o.coverage).abs() < 0.005
            && (self.compliance - o.compliance).abs() < 0.005
            && self.lines == o.lines
    }
}

pub fn run(common: &Common, args: &Args) -> BenchResult<Report> {
    let f = fixture::base(common)?;
    let mut rep = Report::new("readiness");
    rep.setup(
        "assets / lots / units",
        format!("{} / {} / {}", common.assets, common.lots, common.units),
    );
    rep.setup("as of", args.as_of);
    rep.setup(
        "sqlite",
        format!(
            "{} (bundled), one SQL query, 128 MiB cache",
            rusqlite::version()
        ),
    );

    let store = depot_service::store::open(&f.depot)?;
    let (cold, d) = depot_once(&store, args.as_of)?;
    let mut warm = f64::MAX;
    let (mut load, mut engine) = (0.0, 0.0);
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        let snap = readiness::load(&store)?;
        let l = t.elapsed().as_secs_f64();
        let r = readiness::readiness(&snap, args.as_of, 90);
        let all = t.elapsed().as_secs_f64();
        std::hint::black_box(&r);
        if all < warm {
            (warm, load, engine) = (all, l, all - l);
        }
    }

    let conn = Connection::open(&f.sqlite)?;
    conn.pragma_update(None, "cache_size", -128 * 1024)?;
    let t = Instant::now();
    let s = sqlite_rates(&conn, args.as_of)?;
    let s_cold = t.elapsed().as_secs_f64();
    let mut s_warm = f64::MAX;
    for _ in 0..args.runs.max(1) {
        let t = Instant::now();
        std::hint::black_box(sqlite_rates(&conn, args.as_of)?);
        s_warm = s_warm.min(t.elapsed().as_secs_f64());
    }

    for (who, r) in [("depot", d), ("sqlite", s)] {
        rep.setup(&format!("{who} headline"), r.text());
    }
    let same = d.same(&s);
    rep.setup("same headline rates", if same { "yes" } else { "NO" });
    rep.info("depot readiness cold (first in process)", cold, "s");
    rep.goal("depot readiness warm", warm, "s", Goal::AtMost(0.5));
    rep.info("  depot snapshot (load)", load, "s");
    rep.info("  depot engine", engine, "s");
    rep.info("sqlite SQL cold (first in process)", s_cold, "s");
    rep.info("sqlite SQL warm", s_warm, "s");
    rep.goal(
        "warm ratio depot/sqlite (time)",
        warm / s_warm,
        "x",
        Goal::AtMost(1.0),
    );
    crate::digest::measure(&store, args.as_of, args.runs, &mut rep)?;

    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("readiness: results in {}", saved.display());
    if !same {
        return Err("depot and SQLite disagree on the headline rates".into());
    }
    Ok(rep)
}

fn pct(v: Option<rust_decimal::Decimal>) -> f64 {
    v.and_then(|d| d.to_f64()).unwrap_or(0.0)
}

/// One readiness report by depot: seconds and headline rates.
pub fn depot_once(store: &Store, on: NaiveDate) -> BenchResult<(f64, Rates)> {
    let t = Instant::now();
    let snap = readiness::load(store)?;
    let r = readiness::readiness(&snap, on, 90);
    let secs = t.elapsed().as_secs_f64();
    let e = &r.everything;
    Ok((
        secs,
        Rates {
            equipped: pct(e.equipped_rate()),
            ready: pct(e.ready_rate()),
            coverage: pct(e.ready_coverage()),
            compliance: pct(e.compliance_rate()),
            lines: u64::from(e.lines.lines),
        },
    ))
}

/// The same figures in SQL: the lines of the standards expanded per station of a class and per
/// warehouse, held and ready per (owner, item, module) of assets and lots, each line's held and
/// ready, then the rates of `EXCHANGE.md` version 2: the mean over the lines of
/// min(held / required, 1) and of min(ready / required, 1), ready pieces / pieces held
/// (serialized assets only), and the places with every line equipped.
const SQL: &str = r#"
WITH lines AS (
    SELECT u.code AS place, s.module AS module, s.what AS what, CAST(s.required AS REAL) AS required
    FROM standards s JOIN units u ON u.kind = 'station' AND s.scope = 'class:' || u.class
    UNION ALL
    SELECT substr(s.scope, 6), s.module, s.what, CAST(s.required AS REAL)
    FROM standards s WHERE s.scope LIKE 'unit:%'
    UNION ALL
    SELECT substr(s.scope, 11), s.module, s.what, CAST(s.required AS REAL)
    FROM standards s WHERE s.scope LIKE 'warehouse:%'
),
cells AS (
    SELECT a.owner AS owner, a.item AS item, a.module AS module, c.category AS category,
        1 AS serial, COUNT(*) AS held,
        SUM(a.status = 'ready'
            AND (a.location IS NULL OR a.location = a.owner)
            AND (a.life_end IS NULL OR a.life_end > ?1)
            AND (c.inspect_days IS NULL OR (a.last_inspected IS NOT NULL
                 AND julianday(?1) - julianday(a.last_inspected) <= c.inspect_days))) AS ready
    FROM assets a JOIN catalog c ON c.item = a.item
    WHERE a.status <> 'retired'
    GROUP BY a.owner, a.item, a.module
    UNION ALL
    SELECT l.owner, l.item, l.module, c.category, 0,
        SUM(CAST(l.quantity AS REAL)),
        SUM(CASE WHEN l.expires IS NULL OR l.expires >= ?1 THEN CAST(l.quantity AS REAL) ELSE 0 END)
    FROM lots l JOIN catalog c ON c.item = l.item
    GROUP BY l.owner, l.item, l.module
),
per_line AS (
    SELECT ln.place AS place, ln.required AS required,
        COALESCE(SUM(c.held), 0) AS held, COALESCE(SUM(c.ready), 0) AS ready
    FROM lines ln LEFT JOIN cells c ON c.owner = ln.place
        AND (ln.module IS NULL OR c.module = ln.module)
        AND (c.item = ln.what OR ln.what = 'category:' || c.category)
    GROUP BY ln.place, ln.module, ln.what
),
per_place AS (
    SELECT place, MIN(held >= required) AS compliant FROM per_line GROUP BY place
)
SELECT
    (SELECT 100.0 * AVG(MIN(held / required, 1.0)) FROM per_line),
    (SELECT 100.0 * SUM(ready) / SUM(held) FROM cells WHERE serial = 1),
    (SELECT 100.0 * AVG(MIN(ready / required, 1.0)) FROM per_line),
    (SELECT 100.0 * SUM(compliant) / COUNT(*) FROM per_place),
    (SELECT COUNT(*) FROM per_line)
"#;

fn sqlite_rates(conn: &Connection, on: NaiveDate) -> BenchResult<Rates> {
    let d = on.to_string();
    Ok(conn.query_row(SQL, [&d], |r| {
        Ok(Rates {
            equipped: r.get(0)?,
            ready: r.get(1)?,
            coverage: r.get(2)?,
            compliance: r.get(3)?,
            lines: r.get::<_, i64>(4)? as u64,
        })
    })?)
}
