//! The PostgreSQL side of the benchmarks (issue 13): `depot-bench pg register|scan|readiness|all`
//! on the synthetic register the redb benchmarks use, on a server named by `--server` (an admin
//! URL that may create and drop databases; by default `DEPOT_TEST_PG`, which
//! `eval "$(tools/pg.sh start)"` exports). One module per benchmark: `pg_register` (the import
//! beside `psql \copy` of the same rows), `pg_scan` (1, 4, 8 and 16 terminals beside a minimal
//! client of plain SQL), `pg_readiness` (warm, with redb's headline). The imported register is
//! the database `depot_bench`, kept for the later benchmarks (a marker file in `--dir` says it
//! is there).

use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::process::Command as Process;
use std::time::Instant;

use postgres::{Client, NoTls};

use crate::fixture::{self, Fixture, path};
use crate::{BenchResult, Common, child};

/// The database holding the imported register.
pub const DB: &str = "depot_bench";
/// The database the floor's `\copy` fills (dropped after).
pub const FLOOR_DB: &str = "depot_bench_floor";
/// Written into `--dir` once `depot_bench` holds the register: the server it is on.
const DONE: &str = "pg-bench.imported";

/// Where the benchmarks may create their databases.
#[derive(Debug, Clone, clap::Args)]
pub struct Server {
    /// Admin URL of a PostgreSQL server (`tools/pg.sh start` exports one as DEPOT_TEST_PG).
    #[arg(long, env = "DEPOT_TEST_PG")]
    pub server: String,
}

/// `url` with its database replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// Drops the database `name` on the server if there, creates it empty; returns its URL.
pub fn recreate(server: &Server, name: &str) -> BenchResult<String> {
    let mut c = Client::connect(&server.server, NoTls)?;
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    c.batch_execute(&format!("CREATE DATABASE {name}"))?;
    Ok(with_database(&server.server, name))
}

pub fn drop_database(server: &Server, name: &str) -> BenchResult<()> {
    let mut c = Client::connect(&server.server, NoTls)?;
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    Ok(())
}

/// Marks `depot_bench` on `server` as holding the register of `dir`.
pub fn mark_imported(dir: &Path, server: &Server) -> BenchResult<()> {
    std::fs::write(dir.join(DONE), format!("{}\n", server.server))?;
    Ok(())
}

/// The URL of `depot_bench`, importing the register into it first (untimed) unless an earlier
/// run left it there.
pub fn register(common: &Common, server: &Server, f: &Fixture) -> BenchResult<String> {
    let url = with_database(&server.server, DB);
    let marker = std::fs::read_to_string(f.dir.join(DONE)).unwrap_or_default();
    if marker.trim() == server.server.trim() && holds_stock(&url) {
        eprintln!("pg: reusing the register in the database {DB}");
        return Ok(url);
    }
    eprintln!(
        "pg: importing {} assets and {} lots into {DB} (untimed)",
        common.assets, common.lots
    );
    let url = recreate(server, DB)?;
    child::spawn(&["depot-import", &path(&f.dir), &url])?;
    fixture::depot_standards_at(&f.dir, &url)?;
    mark_imported(&f.dir, server)?;
    Ok(url)
}

/// Whether the database at `url` is there and holds stock rows (a server started again at the
/// same address has lost what the marker file speaks of).
pub fn holds_stock(url: &str) -> bool {
    Client::connect(url, NoTls)
        .and_then(|mut c| c.query_one("SELECT count(*) FROM depot.stock", &[]))
        .is_ok_and(|r| r.get::<_, i64>(0) > 0)
}

/// Runs `psql URL` with each of `commands` as a `-c`, stopping at the first error; with
/// `one` in a single transaction (`-1`).
pub fn psql(url: &str, one: bool, commands: &[String]) -> BenchResult<()> {
    let mut cmd = Process::new("psql");
    cmd.arg(url).args(["-X", "-q", "-v", "ON_ERROR_STOP=1"]);
    if one {
        cmd.arg("-1");
    }
    for c in commands {
        cmd.arg("-c").arg(c);
    }
    let out = cmd.output()?;
    if !out.status.success() {
        return Err(format!("psql failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(())
}

/// The load average (1, 5, 15 minutes), as `/proc/loadavg` has it.
pub fn load_average() -> String {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    load.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The server's version and the settings that decide a commit's cost.
pub fn server_setup(url: &str) -> BenchResult<String> {
    let mut c = Client::connect(url, NoTls)?;
    let mut out = Vec::new();
    for s in [
        "server_version",
        "shared_buffers",
        "synchronous_commit",
        "fsync",
        "wal_sync_method",
    ] {
        let r = c.query_one(&format!("SHOW {s}"), &[])?;
        out.push(format!("{s}={}", r.get::<_, String>(0)));
    }
    Ok(out.join(", "))
}

/// What a durable commit costs on the disk right now: the median of `n` writes of 4 KB into a
/// small file of `dir`, each followed by `fdatasync` (the server's WAL flush is one such write;
/// on this shared VM it moves from 0.1 ms to 4 ms when other jobs write to the disk).
pub fn fdatasync_p50(dir: &Path, n: usize) -> BenchResult<f64> {
    let p = dir.join("pg-fdatasync.bin");
    let f = OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(&p)?;
    let page = [0x5Au8; 4096];
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f.write_all_at(&page, (i % 64) as u64 * 4096)?;
        f.sync_data()?;
        times.push(t.elapsed().as_secs_f64());
    }
    drop(f);
    std::fs::remove_file(&p)?;
    Ok(crate::scan_disk::quantile(&mut times, 0.5))
}
