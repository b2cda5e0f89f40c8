//! Upgrading from the release that kept a write-ahead log of its own beneath redb.
//!
//! That release wrote each commit's pages to `<database>-wal` and folded them into the database
//! file later. It is gone: depot now commits through redb's own file backend. A database that
//! still has such a log beside it (the old program was stopped, or the power was cut, before it
//! folded the log in) is upgraded once, on open: the log's records are replayed into a copy of
//! the database file, the copy is opened by redb to prove it is a sound depot database, and only
//! then does it replace the file (synced, renamed, the folder synced) and the log is removed.
//! A log that does not fit its database (another database's log, say, left beside a restored
//! backup) is refused with both files left as they were.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::StoreError;

/// The page size the log used.
const PAGE: usize = 4096;
const PAGE_U64: u64 = PAGE as u64;
const LOG_MAGIC: &[u8; 8] = b"DEPOTWAL";
const RECORD_MAGIC: u32 = u32::from_le_bytes(*b"DWR1");
/// Bytes of a record's head before its page numbers.
const RECORD_HEAD: usize = 48;
/// Where a record's crc32 sits; it covers everything after it.
const RECORD_CRC: std::ops::Range<usize> = 4..8;

/// The log that the old release kept beside a database.
pub fn log_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// One record's head: the fixed part before its page numbers, its padding and its pages.
/// Little-endian: magic (u32), crc32 (u32), then generation, seq, len, count, low (u64 each).
struct RecordHead {
    generation: u64,
    seq: u64,
    /// The database's length after this record.
    len: u64,
    /// Pages in the record.
    count: u64,
    /// The shortest the database was since the record before.
    low: u64,
}

impl RecordHead {
    fn get(buf: &[u8]) -> Option<RecordHead> {
        if buf[0..4] != RECORD_MAGIC.to_le_bytes() {
            return None;
        }
        let field = |i: usize| u64_at(buf, 8 + 8 * i);
        Some(RecordHead {
            generation: field(0),
            seq: field(1),
            len: field(2),
            count: field(3),
            low: field(4),
        })
    }
}

/// Bytes before a record's first page: the head and the page numbers, padded to a page.
fn pages_at(count: usize) -> usize {
    (RECORD_HEAD + 8 * count).div_ceil(PAGE) * PAGE
}

/// Replays and removes an old release's log beside `db`, if there is one that is ours.
/// A file at the log's name that is not a depot log (SQLite's `-wal`) is not ours: it is left
/// alone, and opening goes on as if it were not there. `check_copy` proves that the replayed
/// copy opens as a depot database (opening is the caller's: this module only reads the log).
pub(super) fn upgrade(
    db: &Path,
    check_copy: impl Fn(&Path) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let lpath = log_path(db);
    if !lpath.is_file() {
        return Ok(());
    }
    let io_err = |e: io::Error| StoreError::io(&lpath, e);
    let log = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&lpath)
        .map_err(io_err)?;
    lock(&log).map_err(|e| match e.kind() {
        io::ErrorKind::WouldBlock => StoreError::AlreadyOpen(db.to_owned()),
        _ => StoreError::io(&lpath, e),
    })?;
    let Some(generation) = generation(&log).map_err(io_err)? else {
        return Ok(());
    };
    let records = records(&log, generation).map_err(io_err)?;
    if !records.is_empty() && db.exists() {
        replay_checked(db, &lpath, &log, &records, &check_copy)?;
    }
    // Nothing is left to replay (a log without records was closed cleanly; one without its
    // database belongs to a database that is gone), so the log goes, and with it its name.
    drop(log);
    std::fs::remove_file(&lpath).map_err(io_err)?;
    sync_dir(db).map_err(|e| StoreError::io(db, e))
}

/// The log's generation, if its header is whole: magic, version 1 (u32), four bytes unused,
/// the generation (u64), then the crc32 of those 24 bytes. `None` for another program's file,
/// an empty one, or a torn header.
fn generation(log: &File) -> io::Result<Option<u64>> {
    let mut head = [0u8; 28];
    if read_full(log, &mut head, 0)? < head.len() {
        return Ok(None);
    }
    let whole = head[0..8] == LOG_MAGIC[..]
        && head[8..12] == 1u32.to_le_bytes()
        && crc32fast::hash(&head[0..24]).to_le_bytes() == head[24..28];
    Ok(whole.then(|| u64_at(&head, 16)))
}

/// Where each record of the current generation starts, in order, up to the first that is torn,
/// out of sequence, of another generation, or longer than what is left of the file (a damaged
/// head must not make replay allocate what it claims).
fn records(log: &File, generation: u64) -> io::Result<Vec<(u64, RecordHead)>> {
    let size = log.metadata()?.len();
    let mut out = Vec::new();
    let mut at = PAGE_U64;
    let mut first = [0u8; RECORD_HEAD];
    while read_full(log, &mut first, at)? == RECORD_HEAD {
        let Some(head) = RecordHead::get(&first) else {
            break;
        };
        let Some(bytes) = record_len(head.count) else {
            break;
        };
        if head.generation != generation
            || head.seq != out.len() as u64
            || bytes > size.saturating_sub(at)
        {
            break;
        }
        let mut record = vec![0u8; bytes as usize];
        read_full(log, &mut record, at)?;
        let mut crc = [0u8; 4];
        crc.copy_from_slice(&record[RECORD_CRC]);
        if crc32fast::hash(&record[RECORD_CRC.end..]) != u32::from_le_bytes(crc) {
            break;
        }
        out.push((at, head));
        at += bytes;
    }
    Ok(out)
}

/// A record's length in bytes from its page count, if that is a length at all.
fn record_len(count: u64) -> Option<u64> {
    let count = usize::try_from(count).ok()?;
    let pages = count.checked_mul(PAGE)?;
    u64::try_from(pages_at(count).checked_add(pages)?).ok()
}

/// Replays the records into a copy of `db`, proves the copy is a sound depot database, and puts
/// it in place of `db`.
fn replay_checked(
    db: &Path,
    lpath: &Path,
    log: &File,
    records: &[(u64, RecordHead)],
    check_copy: &dyn Fn(&Path) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut name = db.as_os_str().to_owned();
    name.push(".upgrading");
    let copy = PathBuf::from(name);
    let replayed = (|| -> io::Result<()> {
        std::fs::copy(db, &copy)?;
        let main = OpenOptions::new().read(true).write(true).open(&copy)?;
        for (at, head) in records {
            let mut record = vec![0u8; record_len(head.count).unwrap_or(0) as usize];
            read_full(log, &mut record, *at)?;
            let first = pages_at(head.count as usize);
            main.set_len(head.low.min(main.metadata()?.len()))?;
            for (i, page) in record[first..].chunks_exact(PAGE).enumerate() {
                let n = u64_at(&record, RECORD_HEAD + 8 * i);
                main.write_all_at(page, n * PAGE_U64)?;
            }
            main.set_len(head.len)?;
        }
        main.sync_all()
    })();
    let sound = replayed
        .map_err(|e| StoreError::io(&copy, e))
        .and_then(|()| check_copy(&copy));
    if let Err(e) = sound {
        let _ = std::fs::remove_file(&copy);
        return Err(match e {
            StoreError::Io { .. } | StoreError::DiskFull(_) => e,
            other => StoreError::LegacyLog {
                db: db.to_owned(),
                log: lpath.to_owned(),
                reason: other.to_string(),
            },
        });
    }
    std::fs::rename(&copy, db).map_err(|e| StoreError::io(db, e))?;
    sync_dir(db).map_err(|e| StoreError::io(db, e))
}

/// How long a lock held elsewhere is waited for before the database counts as open in another
/// program (a forked child holds a copy of the descriptor until it execs).
const LOCK_PATIENCE: Duration = Duration::from_millis(250);

/// Locks the log, as the old release did while it had the database open.
fn lock(log: &File) -> io::Result<()> {
    let since = Instant::now();
    loop {
        match log.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) if since.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(TryLockError::WouldBlock) => return Err(io::ErrorKind::WouldBlock.into()),
            Err(TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// Syncs the folder holding `path`, so that a rename or a removal in it survives a power cut.
pub(super) fn sync_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(v)
}

/// Reads as much of `buf` as the file holds from `at`; returns how much that was.
fn read_full(f: &File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match f.read_at(&mut buf[done..], at + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

#[cfg(test)]
#[path = "legacy_wal_tests.rs"]
mod tests;
