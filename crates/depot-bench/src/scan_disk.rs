//! Timing the disk and the CPU for the scan benchmarks: the cost of an `fdatasync` after
//! commit-like writes, the fsync floor, quantiles, and a thread's I/O and CPU time.

use crate::BenchResult;
use crate::fixture::Fixture;
use crate::rng::Rng;
use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;
use std::time::Instant;

/// What one `fdatasync` costs after 4 KB writes like a commit's: 1, 4 and 13 pages at random
/// places of a 256 MiB file (a redb commit rewrites about 13 pages wherever its allocator
/// finds them), and 6 pages in a row (SQLite's WAL appends its frames). Each p50 of `n` runs.
pub(super) fn page_costs(f: &Fixture, rng: &mut Rng, n: u64) -> BenchResult<Vec<(String, f64)>> {
    const PAGE: u64 = 4096;
    const FILE: u64 = 256 << 20;
    let (p, file) = scratch_file(f, "page-costs.bin")?;
    // Written, not only allocated, so that every write below overwrites real blocks.
    let chunk = vec![0x5Au8; 1 << 20];
    for at in (0..FILE).step_by(chunk.len()) {
        file.write_all_at(&chunk, at)?;
    }
    file.sync_all()?;
    let mut out = Vec::new();
    for (pages, scattered) in [(1u64, true), (4, true), (13, true), (6, false)] {
        let mut times = Vec::with_capacity(n as usize);
        let run = vec![0xA5u8; (PAGE * pages) as usize];
        for _ in 0..n {
            let t = Instant::now();
            if scattered {
                for _ in 0..pages {
                    file.write_all_at(&run[..PAGE as usize], rng.below(FILE / PAGE) * PAGE)?;
                }
            } else {
                file.write_all_at(&run, rng.below(FILE / PAGE - pages) * PAGE)?;
            }
            file.sync_data()?;
            times.push(t.elapsed().as_secs_f64());
        }
        let what = if scattered {
            format!("{pages} scattered pages")
        } else {
            format!("{pages} pages in a row")
        };
        out.push((what, quantile(&mut times, 0.5)));
    }
    drop(file);
    std::fs::remove_file(&p)?;
    Ok(out)
}

/// A new, empty file of the benchmark's folder, for timing the disk.
fn scratch_file(f: &Fixture, name: &str) -> BenchResult<(std::path::PathBuf, std::fs::File)> {
    let p = f.dir.join(name);
    let file = OpenOptions::new()
        .create(true)
        .truncate(true)
        .read(true)
        .write(true)
        .open(&p)?;
    Ok((p, file))
}

/// Times write+fsync of 64 bytes at the start of a small file, `n` times.
pub(super) fn fsync_floor(f: &Fixture, n: u64) -> BenchResult<Vec<f64>> {
    let (p, file) = scratch_file(f, "fsync-floor.bin")?;
    file.write_all_at(&[0u8; 4096], 0)?;
    file.sync_all()?;
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        let t = Instant::now();
        file.write_all_at(&i.to_le_bytes().repeat(8), 0)?;
        file.sync_all()?;
        out.push(t.elapsed().as_secs_f64());
    }
    drop(file);
    std::fs::remove_file(&p)?;
    Ok(out)
}

/// The `q` quantile of `v` (sorted in place).
pub fn quantile(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let i = ((v.len() - 1) as f64 * q).round() as usize;
    v[i]
}

/// Write syscalls and bytes of this process, from /proc/self/io, and the time this thread
/// spent on a CPU, from /proc/thread-self/schedstat (nanoseconds): the part of a scan's time
/// that is not spent waiting for the disk.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Io {
    pub(super) syscw: u64,
    pub(super) wchar: u64,
    pub(super) cpu_ns: u64,
}

impl Io {
    pub(super) fn now() -> Io {
        let text = std::fs::read_to_string("/proc/self/io").unwrap_or_default();
        let get = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(k))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0)
        };
        let cpu_ns = std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|t| t.split_whitespace().next()?.parse().ok())
            .unwrap_or(0);
        Io {
            syscw: get("syscw:"),
            wchar: get("wchar:"),
            cpu_ns,
        }
    }

    pub(super) fn since(&self) -> Io {
        let n = Io::now();
        Io {
            syscw: n.syscw.saturating_sub(self.syscw),
            wchar: n.wchar.saturating_sub(self.wchar),
            cpu_ns: n.cpu_ns.saturating_sub(self.cpu_ns),
        }
    }

    pub(super) fn add(&mut self, o: &Io) {
        self.syscw += o.syscw;
        self.wchar += o.wchar;
        self.cpu_ns += o.cpu_ns;
    }
}
