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

use std::collections::hash_map::Entry;
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
/// Where a record's crc32 sits; it covers everything after it.
const RECORD_CRC: std::ops::Range<usize> = 4..8;
/// The most pages one record may name; a longer record is torn, not a record.
const RECORD_MAX_PAGES: u64 = 1 << 20;

/// The fixed part of a record's head, before its page numbers, its padding and its pages.
/// Little-endian: magic (u32), crc32 (u32), then the fields below in order (u64 each).
struct RecordHead {
    generation: u64,
    seq: u64,
    /// The database's length after this record.
    len: u64,
    /// Pages in the record.
    count: u64,
    /// The shortest the database was since the record before ([`State::low`]).
    low: u64,
}

impl RecordHead {
    fn put(&self, buf: &mut [u8]) {
        buf[0..4].copy_from_slice(&RECORD_MAGIC.to_le_bytes());
        let fields = [self.generation, self.seq, self.len, self.count, self.low];
        for (i, v) in fields.into_iter().enumerate() {
            buf[8 + 8 * i..16 + 8 * i].copy_from_slice(&v.to_le_bytes());
        }
    }

    /// The head at the start of `buf`, if it starts with a record's magic.
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

    /// The bytes before the first page: the head and the page numbers, padded to a page.
    fn size(count: usize) -> usize {
        round_up(RECORD_HEAD + 8 * count)
    }
}

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

impl State {
    /// Everything written so far is durable: in the log or in the database file.
    fn synced(&mut self) {
        self.synced_len = self.len;
        self.low = self.len;
        self.pending.clear();
    }
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
        st.synced();
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
        let mut pages: Vec<(&u64, &Box<[u8]>)> = st.pages.iter().collect();
        pages.sort_unstable_by_key(|(n, _)| **n);
        for (n, page) in pages {
            self.main.write(n * PAGE_U64, page)?;
        }
        self.main.sync_data()?;
        st.synced();
        reset_log(st)?;
        st.pages.clear();
        Ok(())
    }

    /// The content of page `n` in the file (zeros past its end `len`), for a write that
    /// covers only part of a page that is not kept.
    fn page_base(&self, len: u64, n: u64) -> io::Result<Box<[u8]>> {
        let mut page = vec![0u8; PAGE].into_boxed_slice();
        let start = n * PAGE_U64;
        if start < len {
            let have = usize::try_from((len - start).min(PAGE_U64)).unwrap_or(PAGE);
            self.main.read(start, &mut page[..have])?;
        }
        Ok(page)
    }

    /// Appends the pages written since the last sync to the log as one record and syncs it.
    fn append(&self, st: &mut State) -> io::Result<()> {
        let mut numbers: Vec<u64> = st.pending.iter().copied().collect();
        numbers.sort_unstable();
        let head = RecordHead::size(numbers.len());
        let size = (head + PAGE * numbers.len()) as u64;
        if st.end + size > st.limits.log {
            return self.checkpoint(st);
        }
        let mut buf = std::mem::take(&mut st.buf);
        buf.clear();
        buf.resize(head, 0);
        RecordHead {
            generation: st.generation,
            seq: st.seq,
            len: st.len,
            count: numbers.len() as u64,
            low: st.low,
        }
        .put(&mut buf);
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
        let crc = crc32fast::hash(&buf[RECORD_CRC.end..]);
        buf[RECORD_CRC].copy_from_slice(&crc.to_le_bytes());
        let result = write_record(st, &buf);
        st.buf = buf;
        result?;
        st.end += size;
        st.seq += 1;
        st.synced();
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
    st.log.write_all_at(&log_header(generation), 0)?;
    st.log.sync_data()?;
    st.log_len = st.log_len.max(PAGE_U64);
    st.generation = generation;
    st.seq = 0;
    st.end = PAGE_U64;
    Ok(())
}

/// The log's first page: magic, version (u32), four bytes unused, generation (u64), then the
/// crc32 of those 24 bytes.
fn log_header(generation: u64) -> [u8; PAGE] {
    let mut head = [0u8; PAGE];
    head[0..8].copy_from_slice(LOG_MAGIC);
    head[8..12].copy_from_slice(&LOG_VERSION.to_le_bytes());
    head[16..24].copy_from_slice(&generation.to_le_bytes());
    let crc = crc32fast::hash(&head[0..24]);
    head[24..28].copy_from_slice(&crc.to_le_bytes());
    head
}

/// The generation in the log's header ([`log_header`]), if the header is whole.
fn log_generation(log: &File) -> io::Result<Option<u64>> {
    let mut head = [0u8; 28];
    if read_full(log, &mut head, 0)? < head.len() {
        return Ok(None);
    }
    // Whole means exactly what `log_header` writes for its generation, crc included.
    let generation = u64_at(&head, 16);
    Ok((log_header(generation)[..head.len()] == head).then_some(generation))
}

/// Whether the log file holds something that is not a depot log: neither empty, nor zeros,
/// nor starting with our magic.
fn foreign(log: &File) -> io::Result<bool> {
    let mut head = [0u8; 8];
    let n = read_full(log, &mut head, 0)?;
    Ok(head[..n] != LOG_MAGIC[..n] && head[..n].iter().any(|b| *b != 0))
}

/// Replays the log's records into the database file, and syncs it if there were any.
fn replay(log: &File, main: &File) -> io::Result<()> {
    let Some(generation) = log_generation(log)? else {
        return Ok(());
    };
    let mut at = PAGE_U64;
    let mut seq = 0u64;
    let mut first = [0u8; RECORD_HEAD];
    while read_full(log, &mut first, at)? == RECORD_HEAD {
        let Some(head) = RecordHead::get(&first)
            .filter(|h| h.generation == generation && h.seq == seq && h.count <= RECORD_MAX_PAGES)
        else {
            break;
        };
        let count = head.count as usize;
        let pages_at = RecordHead::size(count);
        let mut record = vec![0u8; pages_at + PAGE * count];
        if read_full(log, &mut record, at)? < record.len() {
            break;
        }
        let mut crc = [0u8; 4];
        crc.copy_from_slice(&record[RECORD_CRC]);
        if crc32fast::hash(&record[RECORD_CRC.end..]) != u32::from_le_bytes(crc) {
            break;
        }
        main.set_len(head.low.min(main.metadata()?.len()))?;
        for (i, page) in record[pages_at..].chunks_exact(PAGE).enumerate() {
            let n = u64_at(&record, RECORD_HEAD + 8 * i);
            main.write_all_at(page, n * PAGE_U64)?;
        }
        main.set_len(head.len)?;
        at += record.len() as u64;
        seq += 1;
    }
    if seq > 0 {
        main.sync_data()?;
    }
    Ok(())
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
            st.synced();
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
        let len = st.len;
        for (n, within, at, take) in spans(offset, data.len()) {
            let page = match st.pages.entry(n) {
                Entry::Occupied(kept) => kept.into_mut(),
                Entry::Vacant(new) if take == PAGE => new.insert(vec![0u8; PAGE].into()),
                Entry::Vacant(new) => new.insert(self.page_base(len, n)?),
            };
            page[within..within + take].copy_from_slice(&data[at..at + take]);
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
