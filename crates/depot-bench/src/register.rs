//! The register benchmark (issue 2): a synthetic register of a million assets and a hundred
//! thousand lots in the exchange format, imported by depot and by SQLite (rusqlite, WAL,
//! the same indexes and ledger) in the same run, each in a child process so that its peak
//! memory is measured; then the assets exported to CSV by depot and by the `sqlite3` CLI.
//!
//! Goals: depot imports at least as fast as SQLite with peak memory under 256 MB; its export
//! takes under 1 s and at most half the sqlite3 CLI's time.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use depot_exchange::CsvOptions;
use depot_service::export::csv::{self as export, ASSETS_HEADER, ExportKind, ExportOptions};

use crate::report::{Goal, Report};
use crate::{BenchResult, Common, child, synth};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Times each export is run; the best is reported.
    #[arg(long, default_value_t = 3)]
    pub runs: u32,
    /// Use the files already in --dir instead of generating them again.
    #[arg(long)]
    pub reuse: bool,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            runs: 3,
            reuse: false,
        }
    }
}

pub const DEPOT_DB: &str = "register.redb";
pub const SQLITE_DB: &str = "register.sqlite";

pub fn run(common: &Common, args: &Args) -> BenchResult<Report> {
    let dir = &common.dir;
    let mut rep = Report::new("register");
    let t = Instant::now();
    let reg = if args.reuse && dir.join("assets.csv").is_file() {
        eprintln!("register: reusing the files in {}", dir.display());
        counted(dir)?
    } else {
        eprintln!(
            "register: generating {} assets and {} lots in {}",
            common.assets,
            common.lots,
            dir.display()
        );
        synth::generate(dir, common.size())?
    };
    let generated = t.elapsed().as_secs_f64();
    rep.setup("assets", reg.assets);
    rep.setup("lots", reg.lots);
    rep.setup(
        "units / warehouses / modules / items",
        format!(
            "{} / {} / {} / {}",
            reg.units, reg.warehouses, reg.modules, reg.items
        ),
    );
    rep.setup(
        "CSV files",
        format!("{:.1} MB in {}", mb(reg.bytes), dir.display()),
    );
    rep.setup(
        "sqlite",
        format!(
            "{} (bundled), WAL, synchronous=FULL, cache 128 MiB",
            rusqlite::version()
        ),
    );
    if !args.reuse {
        rep.info("generate the CSV files", generated, "s");
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    rep.setup(
        "load average at start (1/5/15 min)",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    );

    let rows = reg.rows();
    let depot_db = dir.join(DEPOT_DB);
    let sqlite_db = dir.join(SQLITE_DB);
    eprintln!("register: importing with depot");
    let d = child::spawn(&["depot-import", &path(dir), &path(&depot_db)])?;
    eprintln!("register: importing with SQLite");
    let s = child::spawn(&["sqlite-import", &path(dir), &path(&sqlite_db)])?;
    for (who, o) in [("depot", &d), ("sqlite", &s)] {
        if o.rows != rows {
            eprintln!("register: warning: {who} wrote {} rows of {rows}", o.rows);
        }
    }
    let (d_rate, s_rate) = (rows as f64 / d.seconds, rows as f64 / s.seconds);
    rep.info("depot import", d.seconds, "s");
    for (name, secs) in &d.phases {
        rep.info(&format!("  depot {name}"), *secs, "s");
    }
    rep.info("sqlite import", s.seconds, "s");
    for (name, secs) in &s.phases {
        rep.info(&format!("  sqlite {name}"), *secs, "s");
    }
    rep.info("depot import CPU time", d.cpu_seconds, "s");
    rep.info("sqlite import CPU time", s.cpu_seconds, "s");
    rep.info(
        "import ratio depot/sqlite (CPU)",
        s.cpu_seconds / d.cpu_seconds,
        "x",
    );
    rep.info("depot import rate", d_rate, "rows/s");
    rep.info("sqlite import rate", s_rate, "rows/s");
    rep.goal(
        "import ratio depot/sqlite (rate)",
        d_rate / s_rate,
        "x",
        Goal::AtLeast(1.0),
    );
    rep.goal(
        "depot import peak memory",
        d.peak_rss_kb as f64 / 1024.0,
        "MB",
        Goal::AtMost(256.0),
    );
    rep.info(
        "sqlite import peak memory",
        s.peak_rss_kb as f64 / 1024.0,
        "MB",
    );
    rep.info(
        "depot database size",
        mb(std::fs::metadata(&depot_db)?.len()),
        "MB",
    );
    rep.info(
        "sqlite database size",
        mb(std::fs::metadata(&sqlite_db)?.len()),
        "MB",
    );

    eprintln!(
        "register: exporting the assets ({} runs each)",
        args.runs.max(1)
    );
    let (mut de, mut se) = (Timed::worst(), Timed::worst());
    let (d_out, s_out) = (
        dir.join("export-depot-assets.csv"),
        dir.join("export-sqlite-assets.csv"),
    );
    for _ in 0..args.runs.max(1) {
        de = de.best(depot_export_child(&depot_db, &d_out)?);
        se = se.best(sqlite_export(&sqlite_db, &s_out)?);
    }
    let (dl, sl) = (
        lines(&dir.join("export-depot-assets.csv"))?,
        lines(&dir.join("export-sqlite-assets.csv"))?,
    );
    if dl != sl {
        eprintln!("register: warning: depot exported {dl} lines, sqlite3 {sl}");
    }
    rep.goal(
        "depot export of the assets",
        de.wall,
        "s",
        Goal::AtMost(1.0),
    );
    rep.info("sqlite3 -csv export of the assets", se.wall, "s");
    rep.goal(
        "export ratio depot/sqlite3 (time)",
        de.wall / se.wall,
        "x",
        Goal::AtMost(0.5),
    );
    if let (Some(dc), Some(sc)) = (de.cpu, se.cpu) {
        rep.info("depot export CPU time", dc, "s");
        rep.info("sqlite3 export CPU time", sc, "s");
        rep.info("export ratio depot/sqlite3 (CPU)", dc / sc, "x");
    }

    print!("{}", rep.table());
    let saved = rep.save(dir)?;
    eprintln!("register: results in {}", saved.display());
    Ok(rep)
}

/// The wall time of a child process, and its CPU time if known.
#[derive(Debug, Clone, Copy)]
struct Timed {
    wall: f64,
    cpu: Option<f64>,
}

impl Timed {
    fn worst() -> Self {
        Timed {
            wall: f64::MAX,
            cpu: None,
        }
    }

    fn best(self, other: Timed) -> Timed {
        if other.wall < self.wall { other } else { self }
    }
}

/// Runs the depot export in a child process, as the sqlite3 CLI runs in one: both then pay
/// for starting a process and opening the database.
fn depot_export_child(db: &Path, out: &Path) -> BenchResult<Timed> {
    let t = Instant::now();
    let o = child::spawn(&["depot-export", &path(db), &path(out)])?;
    Ok(Timed {
        wall: t.elapsed().as_secs_f64(),
        cpu: Some(o.cpu_seconds),
    })
}

/// Exports the assets with depot, as `depot export assets` does (open, snapshot, write);
/// returns the seconds taken. Runs in the child process of `child depot-export`.
pub fn depot_export(db: &Path, out: &Path) -> BenchResult<f64> {
    let t = Instant::now();
    let store = depot_service::store::open(db)?;
    let reader = depot_service::export::Extract::open(&store)?;
    let opts = ExportOptions {
        csv: CsvOptions::default(),
        as_of: chrono::Local::now().date_naive(),
        since: 0,
    };
    export::to_file(&reader, ExportKind::Assets, &opts, out, None)?;
    drop(reader);
    drop(store);
    Ok(t.elapsed().as_secs_f64())
}

/// The same columns with the sqlite3 command-line program, `-csv -header`, to a file: the
/// wall time of the child process, and its CPU time when `/usr/bin/time` is there to tell.
fn sqlite_export(db: &Path, out: &Path) -> BenchResult<Timed> {
    let sql = format!("SELECT {} FROM assets", ASSETS_HEADER.join(", "));
    let timer = Path::new("/usr/bin/time");
    let times = out.with_extension("time");
    let mut cmd = if timer.is_file() {
        let mut c = Command::new(timer);
        c.arg("-f")
            .arg("%U %S")
            .arg("-o")
            .arg(&times)
            .arg("sqlite3");
        c
    } else {
        Command::new("sqlite3")
    };
    cmd.args(["-readonly", "-csv", "-header"])
        .arg(db)
        .arg(&sql)
        .stdout(Stdio::from(File::create(out)?));
    let t = Instant::now();
    let status = cmd.status()?;
    let wall = t.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("sqlite3 failed ({status})").into());
    }
    let cpu = std::fs::read_to_string(&times).ok().and_then(|s| {
        let v: Vec<f64> = s
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        (v.len() == 2).then(|| v[0] + v[1])
    });
    Ok(Timed { wall, cpu })
}

/// The counts of a register already in `dir` (with --reuse).
fn counted(dir: &Path) -> BenchResult<synth::Register> {
    let count = |name: &str| lines(&dir.join(name)).map(|n| n.saturating_sub(1));
    let mut bytes = 0;
    for f in synth::FILES {
        bytes += std::fs::metadata(dir.join(f))?.len();
    }
    Ok(synth::Register {
        units: count("units.csv")?,
        warehouses: count("warehouses.csv")?,
        modules: count("modules.csv")?,
        items: count("catalog.csv")?,
        assets: count("assets.csv")?,
        lots: count("lots.csv")?,
        bytes,
    })
}

fn lines(p: &Path) -> BenchResult<u64> {
    let bytes = std::fs::read(p)?;
    Ok(bytes.iter().filter(|b| **b == b'\n').count() as u64)
}

fn path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
