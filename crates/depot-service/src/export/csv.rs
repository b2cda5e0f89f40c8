//! `depot export`: the register to CSV for headquarters (inventory, movements) and for a
//! round trip (assets, lots, in the columns of their import files).

pub use super::options::{DateText, ExportOptions};
pub use super::tables::{ASSETS_HEADER, INVENTORY_HEADER, LOTS_HEADER, MOVEMENTS_HEADER};
use super::tables::{assets, inventory, lots, movements};
use depot_domain::msg::service::ServiceMsg;

use std::io::Write;

use chrono::NaiveDate;

use crate::Result;
use crate::export::Extract;

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Inventory,
    Assets,
    Lots,
    Movements,
    Readiness,
    Replacements,
}

impl ExportKind {
    pub const ALL: [ExportKind; 6] = [
        ExportKind::Inventory,
        ExportKind::Assets,
        ExportKind::Lots,
        ExportKind::Movements,
        ExportKind::Readiness,
        ExportKind::Replacements,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Inventory => "inventory",
            ExportKind::Assets => "assets",
            ExportKind::Lots => "lots",
            ExportKind::Movements => "movements",
            ExportKind::Readiness => "readiness",
            ExportKind::Replacements => "replacements",
        }
    }
}

impl std::str::FromStr for ExportKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ExportKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<_> = ExportKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown export '{s}': expected one of {}", names.join(", "))
            })
    }
}

/// Writes `kind` to `out`; returns the number of data rows.
pub fn export<W: Write>(
    r: &Extract,
    kind: ExportKind,
    opts: &ExportOptions,
    out: W,
) -> Result<u64> {
    match kind {
        ExportKind::Assets => assets(r, opts, out),
        ExportKind::Lots => lots(r, opts, out),
        ExportKind::Movements => movements(r, opts, out),
        ExportKind::Inventory => inventory(r, opts, out),
        ExportKind::Readiness => super::readiness::readiness(r, opts, out),
        ExportKind::Replacements => super::readiness::replacements_csv(r, opts, out),
    }
}

/// `KIND-DEPOT-YYYYMMDD.csv` (movements: `movements-DEPOT-fromSEQ-YYYYMMDD.csv`): every
/// export names its depot (the database file's stem) and its as-of date.
pub fn default_file_name(
    db: &std::path::Path,
    kind: ExportKind,
    as_of: NaiveDate,
    since: u64,
) -> std::path::PathBuf {
    let depot = db.file_stem().and_then(|s| s.to_str()).unwrap_or("depot");
    let date = as_of.format("%Y%m%d");
    std::path::PathBuf::from(match kind {
        ExportKind::Movements => format!("movements-{depot}-from{since}-{date}.csv"),
        k => format!("{}-{depot}-{date}.csv", k.name()),
    })
}

/// Where a file export's bytes go: the rows are formatted on the caller's thread into chunks,
/// and a thread of its own writes the full chunks to the file (counting their lines for a
/// progress display), so formatting and the file system work at the same time.
struct Background {
    chunk: Vec<u8>,
    full: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    empty: std::sync::mpsc::Receiver<Vec<u8>>,
    worker: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

/// The size of a chunk handed to the writing thread.
const CHUNK: usize = 1 << 20;

impl Background {
    fn start(
        mut file: std::fs::File,
        lines: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    ) -> Self {
        let (full, todo) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let (done, empty) = std::sync::mpsc::channel();
        let worker = std::thread::spawn(move || -> std::io::Result<()> {
            for mut chunk in todo {
                file.write_all(&chunk)?;
                if let Some(lines) = &lines {
                    let nl = chunk.iter().filter(|b| **b == b'\n').count() as u64;
                    lines.fetch_add(nl, std::sync::atomic::Ordering::Relaxed);
                }
                chunk.clear();
                // The caller may have finished already; then the chunk is simply dropped.
                let _ = done.send(chunk);
            }
            file.flush()
        });
        Background {
            chunk: Vec::with_capacity(CHUNK),
            full: Some(full),
            empty,
            worker: Some(worker),
        }
    }

    /// Hands the current chunk to the writing thread and takes an empty one.
    fn hand_over(&mut self) -> std::io::Result<()> {
        let next = self
            .empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let chunk = std::mem::replace(&mut self.chunk, next);
        let sent = self.full.as_ref().map(|f| f.send(chunk).is_ok());
        if sent == Some(true) {
            Ok(())
        } else {
            Err(self
                .stop()
                .err()
                .unwrap_or_else(|| std::io::Error::other("the thread writing the export stopped")))
        }
    }

    /// Writes what is left, waits for the writing thread and returns its first error.
    fn finish(mut self) -> std::io::Result<()> {
        if !self.chunk.is_empty() {
            self.hand_over()?;
        }
        self.stop()
    }

    fn stop(&mut self) -> std::io::Result<()> {
        self.full = None;
        match self.worker.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other(
                "the thread writing the export panicked",
            )),
            None => Ok(()),
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        // An export that failed half-way still waits for its writing thread to end.
        let _ = self.stop();
    }
}

impl Write for Background {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= CHUNK {
            self.hand_over()?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        // The file is flushed once, by `finish`; a CSV writer's flush only empties its
        // own buffer into this one.
        Ok(())
    }
}

/// Exports to a file: written beside it and renamed at the end, so a failed export leaves no
/// half file under the real name. `progress`, when given, counts the lines written.
pub fn to_file(
    r: &Extract,
    kind: ExportKind,
    opts: &ExportOptions,
    path: &std::path::Path,
    progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
) -> Result<u64> {
    let tmp = path.with_extension("csv.partial");
    let file = std::fs::File::create(&tmp).map_err(|e| crate::Error::io(&tmp, e))?;
    let mut out = Background::start(file, progress);
    let written = export(r, kind, opts, crate::interrupt::Stoppable(&mut out)).and_then(|n| {
        out.finish().map_err(|e| crate::Error::io(&tmp, e))?;
        crate::interrupt::check(NOT_EXPORTED)?;
        Ok(n)
    });
    match written {
        Ok(n) => {
            std::fs::rename(&tmp, path).map_err(|e| crate::Error::io(path, e))?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(stopped_or(e))
        }
    }
}

/// What an export stopped by Ctrl+C or a signal left behind.
pub const NOT_EXPORTED: ServiceMsg = ServiceMsg::NotExported;

/// An error of an export that was stopped on purpose says so, rather than how the write
/// failed.
pub fn stopped_or(e: crate::Error) -> crate::Error {
    if crate::interrupt::requested() {
        crate::Error::Interrupted(NOT_EXPORTED)
    } else {
        e
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "csv_tests.rs"]
mod tests;
