//! The register the scan, readiness and terminal benchmarks share: the synthetic register of
//! `synth` with a `standards.csv` (class lines of the sample and a reserve baseline per
//! warehouse module), imported once by depot and by SQLite into `--dir` and reused on later
//! runs (a marker file says an import finished).

use std::path::{Path, PathBuf};
use std::time::Instant;

use depot_exchange::InputEncoding;
use depot_exchange::columns::Kind;
use depot_service::Ctx;
use depot_service::import::files::{self as import, Source};
use depot_service::store::{Access, Location};
use rusqlite::{Connection, params};

use crate::{BenchResult, Common, child, synth};

pub const DEPOT_DB: &str = "bench2.redb";
pub const SQLITE_DB: &str = "bench2.sqlite";
/// Written once both imports have landed.
const DONE: &str = "bench2.imported";

/// The class lines of the sample standards apply to every station of a class.
const SAMPLE_STANDARDS: &str = include_str!("../../../import/sample/standards.csv");
/// The reserve baseline of a provincial warehouse in the sample, given to every warehouse.
const BASELINE_OF: &str = "warehouse:CK-SJ,";

/// The shared register, imported.
pub struct Fixture {
    pub dir: PathBuf,
    pub depot: PathBuf,
    pub sqlite: PathBuf,
}

/// An asset that can be checked out: ready and at its owner.
#[derive(Debug, Clone)]
pub struct Ready {
    pub barcode: String,
    pub owner: String,
}

/// Builds the register in `common.dir` unless an earlier run left it there.
pub fn base(common: &Common) -> BenchResult<Fixture> {
    let dir = common.dir.clone();
    let f = Fixture {
        depot: dir.join(DEPOT_DB),
        sqlite: dir.join(SQLITE_DB),
        dir,
    };
    if f.dir.join(DONE).is_file() {
        eprintln!("fixture: reusing the register in {}", f.dir.display());
        return Ok(f);
    }
    let t = Instant::now();
    eprintln!(
        "fixture: generating {} assets, {} lots, {} units in {}",
        common.assets,
        common.lots,
        common.units,
        f.dir.display()
    );
    synth::generate(&f.dir, common.size())?;
    standards(&f.dir)?;
    eprintln!(
        "fixture: importing with depot ({:.0} s)",
        t.elapsed().as_secs_f64()
    );
    let d = child::spawn(&["depot-import", &path(&f.dir), &path(&f.depot)])?;
    eprintln!(
        "fixture: importing with SQLite ({:.0} s)",
        t.elapsed().as_secs_f64()
    );
    depot_standards(&f.dir, &f.depot)?;
    child::spawn(&["sqlite-import", &path(&f.dir), &path(&f.sqlite)])?;
    sqlite_standards(&f.dir, &f.sqlite)?;
    std::fs::write(f.dir.join(DONE), format!("{} rows\n", d.rows))?;
    eprintln!("fixture: ready ({:.0} s)", t.elapsed().as_secs_f64());
    Ok(f)
}

/// Writes `standards.csv`: the sample's class lines, and the sample's provincial baseline for
/// every module of every warehouse of the register.
fn standards(dir: &Path) -> BenchResult<()> {
    let mut out = String::from("scope,module,what,required\n");
    for l in SAMPLE_STANDARDS.lines().filter(|l| l.starts_with("class:")) {
        out.push_str(l);
        out.push('\n');
    }
    let baseline: Vec<&str> = SAMPLE_STANDARDS
        .lines()
        .filter_map(|l| l.strip_prefix(BASELINE_OF))
        .collect();
    let mut r = csv::Reader::from_path(dir.join("warehouses.csv"))?;
    for rec in r.records() {
        let rec = rec?;
        for b in &baseline {
            out.push_str(&format!("warehouse:{},{b}\n", &rec[0]));
        }
    }
    std::fs::write(dir.join("standards.csv"), out)?;
    Ok(())
}

/// The standards in depot: the import of the register leaves them out (it imports what the
/// register benchmark's SQLite imports), so they come in as a second import.
fn depot_standards(dir: &Path, db: &Path) -> BenchResult<()> {
    depot_standards_at(dir, &path(db))
}

/// The same standards into the depot database at `db` (a file or a `postgres://` URL).
pub fn depot_standards_at(dir: &Path, db: &str) -> BenchResult<()> {
    let store = depot_service::store::at(&Location::parse(db), Access::Existing)?;
    let ctx = Ctx::new(Some("bench"))?;
    let file = Source::File(Kind::Standards, dir.join("standards.csv"));
    let report = import::import(&store, &ctx, &[file], InputEncoding::Auto, false)?;
    if !report.landed() {
        return Err("the depot import of standards.csv did not land".into());
    }
    Ok(())
}

/// The same standards in SQLite: one table as in the file.
fn sqlite_standards(dir: &Path, db: &Path) -> BenchResult<()> {
    let mut conn = Connection::open(db)?;
    let tx = conn.transaction()?;
    tx.execute_batch(
        "CREATE TABLE standards(scope TEXT NOT NULL, module TEXT, what TEXT NOT NULL, \
         required TEXT NOT NULL)",
    )?;
    {
        let mut st = tx.prepare("INSERT INTO standards VALUES (?1, ?2, ?3, ?4)")?;
        let mut r = csv::Reader::from_path(dir.join("standards.csv"))?;
        for rec in r.records() {
            let rec = rec?;
            let module = Some(rec[1].trim()).filter(|m| !m.is_empty());
            st.execute(params![&rec[0], module, &rec[2], &rec[3]])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The assets of `assets.csv` that are ready and at their owner, in file order.
pub fn ready_assets(dir: &Path) -> BenchResult<Vec<Ready>> {
    let mut r = csv::Reader::from_path(dir.join("assets.csv"))?;
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec?;
        // barcode, item, serial, owner, location, module, status, …
        if &rec[6] == "ready" && rec[4].is_empty() {
            out.push(Ready {
                barcode: rec[0].to_owned(),
                owner: rec[3].to_owned(),
            });
        }
    }
    Ok(out)
}

/// The station codes of `units.csv`.
pub fn stations(dir: &Path) -> BenchResult<Vec<String>> {
    let mut r = csv::Reader::from_path(dir.join("units.csv"))?;
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec?;
        if rec[0].starts_with("ZHAN-") {
            out.push(rec[0].to_owned());
        }
    }
    Ok(out)
}

pub fn path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
