//! A write-ahead log beneath redb, so that a small durable commit costs one sequential write.
//!
//! A redb commit rewrites about a dozen pages scattered over the file (copy-on-write), and this
//! disk charges for every page that is not next to the one before. [`Wal`] is the
//! [`StorageBackend`] that redb writes through: it keeps every page written since the last
//! checkpoint in memory, and when redb asks for durability (`sync_data`) it appends those pages
//! to the log `<database>-wal` as one checksummed record, in a row, and syncs only the log. Reads
//! are answered from the kept pages first, then from the database file.
//!
//! When the log is full, a checkpoint writes the kept pages into the database file, syncs it, and
//! starts the log again under a new generation. A transaction too big to keep in memory (an
//! import) checkpoints first and then writes straight through to the file, as redb's own file
//! backend does. A clean close checkpoints, so a closed database is one complete file.
//!
//! On open, the records of the current generation are replayed into the database file in order;
//! the first record that is torn or from another generation ends the log. Replay is idempotent,
//! so a crash during recovery or during a checkpoint only means replaying again.
//!
//! The log file is locked while the database is open: a second program is refused before it
//! can replay anything. redb's own locks on the database file are kept (its file backend does
//! every read and write of that file).

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::ops::Bound;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use redb::backends::FileBackend;
use redb::{BackendError, StorageBackend};

/// The unit the log keeps; redb's page size.
const PAGE: usize = 4096;
const PAGE_U64: u64 = PAGE as u64;
/// When a checkpoint is due, and when a transaction is too big to keep in memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The log's size at which a checkpoint is due; it also bounds the pages kept in memory.
    pub log: u64,
    /// Pages written since the last sync beyond which a transaction writes through to the file.
    pub pending: usize,
}

impl Limits {
    /// 32 MiB of log, and 8 MiB of one transaction's pages.
    pub const DEFAULT: Limits = Limits {
        log: 32 << 20,
        pending: 2048,
    };
}
/// The log grows by at least this much at a time, so that most records overwrite space that is
/// already allocated and a sync need not write file-system metadata.
const LOG_GROWTH: u64 = 4 << 20;

const LOG_MAGIC: &[u8; 8] = b"DEPOTWAL";
const LOG_VERSION: u32 = 1;
const RECORD_MAGIC: u32 = u32::from_le_bytes(*b"DWR1");
/// Bytes of a record's head before its page numbers.
const RECORD_HEAD: usize = 48;
/// The most pages one record may name; a longer record is torn, not a record.
const RECORD_MAX_PAGES: u64 = 1 << 20;

type Pages = HashMap<u64, Box<[u8]>, foldhash::fast::RandomState>;

/// The log that sits beside a database file.
pub fn log_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// redb's storage: the database file through redb's own file backend, plus the log.
#[derive(Debug)]
pub struct Wal {
    main: FileBackend,
    state: RwLock<State>,
}

#[derive(Debug)]
struct State {
    log: File,
    generation: u64,
    seq: u64,
    /// Where the next record goes.
    end: u64,
    /// How long the log file is.
    log_len: u64,
    /// The database's length as redb sees it; the file is kept at this length.
    len: u64,
    /// The length in the last record, or in the file at the last checkpoint.
    synced_len: u64,
    /// The shortest the file has been since then: space cut off and grown again reads as zeros,
    /// so a replay must cut it off too before it writes the record's pages.
    low: u64,
    /// The newest content of every page written since the last checkpoint.
    pages: Pages,
    /// Pages written since the last sync.
    pending: HashSet<u64, foldhash::fast::RandomState>,
    /// A transaction too big for memory writes straight to the file until its sync.
    direct: bool,
    buf: Vec<u8>,
    limits: Limits,
}

/// What opening found.
pub struct Opened {
    pub wal: Wal,
    /// The log did not exist before.
    pub new_log: bool,
}

impl Wal {
    /// Opens (or creates) the database file and its log, locks the log, and replays it.
    /// A log held by another program gives an error of kind `WouldBlock`.
    pub fn open(path: &Path) -> io::Result<Opened> {
        Self::open_with(path, Limits::DEFAULT)
    }

    /// [`Wal::open`] with other limits (tests use small ones).
    pub fn open_with(path: &Path, limits: Limits) -> io::Result<Opened> {
        let main_existed = path.exists();
        let lpath = log_path(path);
        let new_log = !lpath.exists();
        let log = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lpath)?;
        lock(&log)?;
        // Another program's file at our log's name (SQLite's `-wal`, say) is not ours to write.
        if foreign(&log)? {
            return Err(io::ErrorKind::InvalidData.into());
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        if new_log {
            // The log's name must survive a power loss as well as what is written in it.
            let dir = match lpath.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            File::open(dir)?.sync_all()?;
        }
        let log_len = log.metadata()?.len();
        let mut st = State {
            log,
            generation: 0,
            seq: 0,
            end: PAGE_U64,
            log_len,
            len: 0,
            synced_len: 0,
            low: 0,
            pages: Pages::default(),
            pending: HashSet::default(),
            direct: false,
            buf: Vec::new(),
            limits,
        };
        // A log without its database file belongs to a database that is gone.
        if main_existed {
            replay(&st.log, &file)?;
        }
        st.len = file.metadata()?.len();
        st.synced_len = st.len;
        st.low = st.len;
        reset_log(&mut st)?;
        let main = FileBackend::new(file).map_err(|e| io::Error::other(e.to_string()))?;
        Ok(Opened {
            wal: Wal {
                main,
                state: RwLock::new(st),
            },
            new_log,
        })
    }

    fn read_state(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write_state(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes every kept page into the database file, syncs it, and starts a new log.
    fn checkpoint(&self, st: &mut State) -> io::Result<()> {
        let mut numbers: Vec<u64> = st.pages.keys().copied().collect();
        numbers.sort_unstable();
        for n in numbers {
            if let Some(page) = st.pages.get(&n) {
                self.main.write(n * PAGE_U64, page)?;
            }
        }
        self.main.sync_data()?;
        st.synced_len = st.len;
        st.low = st.len;
        reset_log(st)?;
        st.pages.clear();
        st.pending.clear();
        Ok(())
    }

    /// The current content of page `n`, for a write that covers only part of it.
    fn page_base(&self, st: &State, n: u64) -> io::Result<Box<[u8]>> {
        let mut page = vec![0u8; PAGE].into_boxed_slice();
        let start = n * PAGE_U64;
        if start < st.len {
            let have = usize::try_from((st.len - start).min(PAGE_U64)).unwrap_or(PAGE);
            self.main.read(start, &mut page[..have])?;
        }
        Ok(page)
    }

    /// Appends the pages written since the last sync to the log as one record and syncs it.
    fn append(&self, st: &mut State) -> io::Result<()> {
        let mut numbers: Vec<u64> = st.pending.iter().copied().collect();
        numbers.sort_unstable();
        let head = round_up(RECORD_HEAD + 8 * numbers.len());
        let size = (head + PAGE * numbers.len()) as u64;
        if st.end + size > st.limits.log {
            return self.checkpoint(st);
        }
        let mut buf = std::mem::take(&mut st.buf);
        buf.clear();
        buf.resize(head, 0);
        buf[0..4].copy_from_slice(&RECORD_MAGIC.to_le_bytes());
        buf[8..16].copy_from_slice(&st.generation.to_le_bytes());
        buf[16..24].copy_from_slice(&st.seq.to_le_bytes());
        buf[24..32].copy_from_slice(&st.len.to_le_bytes());
        buf[32..40].copy_from_slice(&(numbers.len() as u64).to_le_bytes());
        buf[40..48].copy_from_slice(&st.low.to_le_bytes());
        for (i, n) in numbers.iter().enumerate() {
            let at = RECORD_HEAD + 8 * i;
            buf[at..at + 8].copy_from_slice(&n.to_le_bytes());
        }
        for n in &numbers {
            match st.pages.get(n) {
                Some(page) => buf.extend_from_slice(page),
                None => return Err(io::Error::other(format!("write-ahead log: page {n} lost"))),
            }
        }
        let crc = crc32fast::hash(&buf[8..]);
        buf[4..8].copy_from_slice(&crc.to_le_bytes());
        let result = write_record(st, &buf);
        st.buf = buf;
        result?;
        st.end += size;
        st.seq += 1;
        st.synced_len = st.len;
        st.low = st.len;
        st.pending.clear();
        Ok(())
    }
}

/// How long a lock held elsewhere is waited for before the database counts as open in
/// another program. A process that forks copies the descriptors it holds, and the copy keeps
/// the lock until the child execs or exits: a moment, which this covers.
const LOCK_PATIENCE: Duration = Duration::from_millis(250);

/// Locks the log for this process; an error of kind `WouldBlock` if another program holds it.
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

fn write_record(st: &mut State, record: &[u8]) -> io::Result<()> {
    let end = st.end + record.len() as u64;
    if end > st.log_len {
        // Grow with zeros written out, so that later records land on allocated space.
        let to = end.max(st.log_len + LOG_GROWTH).min(st.limits.log.max(end));
        let zeros = vec![0u8; usize::try_from(to - st.log_len).unwrap_or(0)];
        st.log.write_all_at(&zeros, st.log_len)?;
        st.log_len = to;
    }
    st.log.write_all_at(record, st.end)?;
    st.log.sync_data()
}

fn round_up(n: usize) -> usize {
    n.div_ceil(PAGE) * PAGE
}

/// Starts the log again under a new generation; the records after the header become stale.
fn reset_log(st: &mut State) -> io::Result<()> {
    let mut generation = st.generation;
    while generation == st.generation || generation == 0 {
        generation = getrandom::u64().map_err(|e| io::Error::other(e.to_string()))?;
    }
    let mut head = [0u8; PAGE];
    head[0..8].copy_from_slice(LOG_MAGIC);
    head[8..12].copy_from_slice(&LOG_VERSION.to_le_bytes());
    head[16..24].copy_from_slice(&generation.to_le_bytes());
    let crc = crc32fast::hash(&head[0..24]);
    head[24..28].copy_from_slice(&crc.to_le_bytes());
    st.log.write_all_at(&head, 0)?;
    st.log.sync_data()?;
    st.log_len = st.log_len.max(PAGE_U64);
    st.generation = generation;
    st.seq = 0;
    st.end = PAGE_U64;
    Ok(())
}

/// The generation in the log's header, if the header is whole.
fn log_generation(log: &File) -> io::Result<Option<u64>> {
    let mut head = [0u8; PAGE];
    if read_full(log, &mut head, 0)? < 28 {
        return Ok(None);
    }
    let crc = u32::from_le_bytes([head[24], head[25], head[26], head[27]]);
    let whole = &head[0..8] == LOG_MAGIC
        && head[8..12] == LOG_VERSION.to_le_bytes()
        && crc32fast::hash(&head[0..24]) == crc;
    Ok(whole.then(|| u64_at(&head, 16)))
}

/// Whether the log file holds something that is not a depot log: neither empty, nor zeros,
/// nor starting with our magic.
fn foreign(log: &File) -> io::Result<bool> {
    let mut head = [0u8; 8];
    let n = read_full(log, &mut head, 0)?;
    Ok(head[..n] != LOG_MAGIC[..n] && head[..n].iter().any(|b| *b != 0))
}

/// Replays the log's records into the database file and syncs it; returns how many there were.
fn replay(log: &File, main: &File) -> io::Result<u64> {
    let Some(generation) = log_generation(log)? else {
        return Ok(0);
    };
    let mut at = PAGE_U64;
    let mut seq = 0u64;
    let mut head = vec![0u8; PAGE];
    loop {
        if read_full(log, &mut head[..PAGE], at)? < PAGE {
            break;
        }
        let count = u64_at(&head, 32);
        if u32::from_le_bytes([head[0], head[1], head[2], head[3]]) != RECORD_MAGIC
            || u64_at(&head, 8) != generation
            || u64_at(&head, 16) != seq
            || count > RECORD_MAX_PAGES
        {
            break;
        }
        let count = count as usize;
        let head_len = round_up(RECORD_HEAD + 8 * count);
        let mut record = vec![0u8; head_len + PAGE * count];
        if read_full(log, &mut record, at)? < record.len() {
            break;
        }
        let crc = u32::from_le_bytes([record[4], record[5], record[6], record[7]]);
        if crc32fast::hash(&record[8..]) != crc {
            break;
        }
        main.set_len(u64_at(&record, 40).min(main.metadata()?.len()))?;
        for i in 0..count {
            let n = u64_at(&record, RECORD_HEAD + 8 * i);
            let page = &record[head_len + PAGE * i..head_len + PAGE * (i + 1)];
            main.write_all_at(page, n * PAGE_U64)?;
        }
        main.set_len(u64_at(&record, 24))?;
        at += record.len() as u64;
        seq += 1;
    }
    if seq > 0 {
        main.sync_data()?;
    }
    Ok(seq)
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

/// The pages `[offset, offset + len)` touches, each with the part of it touched: (page number,
/// offset within the page, offset within the caller's buffer, length).
fn spans(offset: u64, len: usize) -> impl Iterator<Item = (u64, usize, usize, usize)> {
    let mut done = 0usize;
    std::iter::from_fn(move || {
        if done >= len {
            return None;
        }
        let at = offset + done as u64;
        let n = at / PAGE_U64;
        let within = (at % PAGE_U64) as usize;
        let take = (PAGE - within).min(len - done);
        let item = (n, within, done, take);
        done += take;
        Some(item)
    })
}

impl StorageBackend for Wal {
    fn len(&self) -> Result<u64, io::Error> {
        Ok(self.read_state().len)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> Result<(), io::Error> {
        let st = self.read_state();
        if st.pages.is_empty() {
            drop(st);
            return self.main.read(offset, out);
        }
        let len = out.len();
        // Runs of pages that are not kept are read from the file in one call each.
        let mut run: Option<(usize, usize)> = None;
        for (n, within, at, take) in spans(offset, len) {
            match st.pages.get(&n) {
                Some(page) => {
                    if let Some((from, to)) = run.take() {
                        self.main.read(offset + from as u64, &mut out[from..to])?;
                    }
                    out[at..at + take].copy_from_slice(&page[within..within + take]);
                }
                None => {
                    run = Some(match run {
                        Some((from, _)) => (from, at + take),
                        None => (at, at + take),
                    });
                }
            }
        }
        if let Some((from, to)) = run {
            self.main.read(offset + from as u64, &mut out[from..to])?;
        }
        Ok(())
    }

    fn set_len(&self, len: u64) -> Result<(), io::Error> {
        let mut st = self.write_state();
        self.main.set_len(len)?;
        if len < st.len {
            let first_gone = len.div_ceil(PAGE_U64);
            st.pages.retain(|n, _| *n < first_gone);
            st.pending.retain(|n| *n < first_gone);
            let tail = (len % PAGE_U64) as usize;
            if tail != 0
                && let Some(page) = st.pages.get_mut(&(len / PAGE_U64))
            {
                page[tail..].fill(0);
            }
        }
        st.len = len;
        st.low = st.low.min(len);
        Ok(())
    }

    fn sync_data(&self) -> Result<(), io::Error> {
        let mut st = self.write_state();
        if st.direct {
            self.main.sync_data()?;
            st.direct = false;
            st.synced_len = st.len;
            st.low = st.len;
            return Ok(());
        }
        if st.pending.is_empty() && st.len == st.synced_len && st.low == st.len {
            return Ok(());
        }
        self.append(&mut st)
    }

    fn write(&self, offset: u64, data: &[u8]) -> Result<(), io::Error> {
        let mut st = self.write_state();
        if st.direct {
            return self.main.write(offset, data);
        }
        for (n, within, at, take) in spans(offset, data.len()) {
            if !st.pages.contains_key(&n) {
                let page = if take == PAGE {
                    vec![0u8; PAGE].into_boxed_slice()
                } else {
                    self.page_base(&st, n)?
                };
                st.pages.insert(n, page);
            }
            if let Some(page) = st.pages.get_mut(&n) {
                page[within..within + take].copy_from_slice(&data[at..at + take]);
            }
            st.pending.insert(n);
        }
        if st.pending.len() > st.limits.pending {
            // Too big to keep: make the file whole, then write through until the sync.
            self.checkpoint(&mut st)?;
            st.direct = true;
        }
        Ok(())
    }

    fn close(&self) -> Result<(), io::Error> {
        let mut st = self.write_state();
        // A log left with records would be replayed over whatever came after its last sync.
        if !st.pages.is_empty() || st.end > PAGE_U64 {
            self.checkpoint(&mut st)?;
        }
        drop(st);
        self.main.close()
    }

    fn try_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.main.try_lock_range(start, end)
    }

    fn try_lock_shared_range(
        &self,
        start: Bound<u64>,
        end: Bound<u64>,
    ) -> Result<bool, BackendError> {
        self.main.try_lock_shared_range(start, end)
    }

    fn lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.main.lock_range(start, end)
    }

    fn lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.main.lock_shared_range(start, end)
    }

    fn unlock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.main.unlock_range(start, end)
    }

    fn query_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.main.query_lock_range(start, end)
    }
}

#[cfg(test)]
#[path = "wal_tests.rs"]
mod tests;
