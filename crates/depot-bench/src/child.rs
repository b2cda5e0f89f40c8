//! Measured steps run in a child process (the bench binary re-executed with a hidden
//! subcommand): the child's peak resident memory (`VmHWM`) is then the step's own, not the
//! generator's or the other database's. A child prints one JSON line; the parent reads it.

use std::path::Path;
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use depot_service::import::files::{self as import};

use crate::BenchResult;

/// What a child reports.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// Wall time of the whole step.
    pub seconds: f64,
    /// Parts of the step, where the step can tell them apart.
    pub phases: Vec<(String, f64)>,
    /// Peak resident set, in kB.
    pub peak_rss_kb: u64,
    /// CPU time (user + system): on a shared machine, steadier than the wall time.
    #[serde(default)]
    pub cpu_seconds: f64,
    /// Rows written.
    pub rows: u64,
}

/// Removes a database file and its SQLite companions, if there.
/// An error naming the first five problems when the import `report` tells of did not land.
pub fn landed(report: &import::Report, what: &str) -> BenchResult<()> {
    if report.landed() {
        return Ok(());
    }
    let first: Vec<String> = report
        .problems
        .iter()
        .take(5)
        .map(|p| format!("{}:{}: {}", p.file, p.line, p.reason))
        .collect();
    Err(format!("{what} did not land: {}", first.join("; ")).into())
}

pub fn remove_db(db: &Path) -> BenchResult<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

/// This process's peak resident set (`VmHWM`), in kB.
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// This process's CPU time so far (user + system), from `/proc/self/stat`.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(ticks as f64 / 100.0)
}

/// Runs `step` in a child process and returns what it reports.
pub fn spawn(args: &[&str]) -> BenchResult<Outcome> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .arg("child")
        .args(args)
        .stderr(Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err(format!("child step {args:?} failed ({})", out.status).into());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or("");
    Ok(serde_json::from_str(last)?)
}
