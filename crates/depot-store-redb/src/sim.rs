//! A disk for tests that can lose power and fail, the way SQLite's crash tests simulate one.
//!
//! [`Disk`] is what redb writes through (as a [`StorageBackend`]): it keeps the image as of the
//! last successful `sync_data` (what survives a power cut) beside the image a running program
//! reads (the page cache), and records every write, length change and sync in a trace. From a
//! trace, [`Replay`] rebuilds what a power cut before any operation leaves: the durable image
//! plus an arbitrary subset of the writes made since the last sync, some of them torn at
//! 512-byte sector boundaries. Faults make the Nth write or sync fail, once or from then on,
//! and a capacity makes a write past it fail as a full disk does (ENOSPC).

use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

use redb::StorageBackend;

/// The unit a torn write keeps or loses.
pub const SECTOR: usize = 512;

/// One operation on the disk, in the order redb made it.
#[derive(Debug, Clone)]
pub enum Op {
    Write { offset: u64, data: Vec<u8> },
    SetLen(u64),
    Sync,
}

/// Which operations a fault hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultOn {
    Write,
    Sync,
}

/// The `nth` (from 0) write or sync from now fails; with `persistent`, so does every one after.
#[derive(Debug, Clone, Copy)]
pub struct Fault {
    pub on: FaultOn,
    pub nth: u64,
    pub persistent: bool,
}

#[derive(Debug, Default)]
struct Media {
    /// What a running program reads.
    current: Vec<u8>,
    trace: Vec<Op>,
    /// Writes and syncs counted for faults, from when the fault was set.
    writes: u64,
    syncs: u64,
    fault: Option<Fault>,
    /// A write or a length past this fails with ENOSPC.
    capacity: Option<u64>,
}

/// A simulated disk holding one database image; clones share it.
#[derive(Debug, Clone, Default)]
pub struct Disk(Arc<Mutex<Media>>);

impl Disk {
    /// An empty disk.
    pub fn new() -> Disk {
        Disk::default()
    }

    /// A disk holding `image`, all of it durable.
    pub fn with_image(image: Vec<u8>) -> Disk {
        let disk = Disk::new();
        disk.media().current = image;
        disk
    }

    /// The disk as a killed program leaves it while the machine keeps running: `durable` on the
    /// platter, and `unsynced` still in the page cache, where the next program reads them and a
    /// power cut may yet lose them (they open this disk's trace).
    pub fn after_kill(durable: Vec<u8>, unsynced: Vec<Op>) -> Disk {
        let disk = Disk::with_image(durable);
        {
            let mut m = disk.media();
            for op in &unsynced {
                apply(&mut m.current, op, None);
            }
            m.trace = unsynced;
        }
        disk
    }

    fn media(&self) -> MutexGuard<'_, Media> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What a running program would read now.
    pub fn image(&self) -> Vec<u8> {
        self.media().current.clone()
    }

    /// Every operation since the disk was made (or since [`Disk::with_image`]).
    pub fn trace(&self) -> Vec<Op> {
        self.media().trace.clone()
    }

    /// How many operations the trace holds.
    pub fn ops(&self) -> usize {
        self.media().trace.len()
    }

    /// Arms a fault, counting writes and syncs from now.
    pub fn fail(&self, fault: Option<Fault>) {
        let mut m = self.media();
        m.fault = fault;
        m.writes = 0;
        m.syncs = 0;
    }

    /// Makes the disk this many bytes big (`None`: unbounded).
    pub fn set_capacity(&self, bytes: Option<u64>) {
        self.media().capacity = bytes;
    }

    /// Whether the armed fault hits this operation.
    fn faulted(m: &mut Media, on: FaultOn) -> bool {
        let n = match on {
            FaultOn::Write => &mut m.writes,
            FaultOn::Sync => &mut m.syncs,
        };
        let this = *n;
        *n += 1;
        match m.fault {
            Some(f) if f.on == on => this == f.nth || (f.persistent && this > f.nth),
            _ => false,
        }
    }

    fn full(m: &Media, end: u64) -> bool {
        m.capacity.is_some_and(|cap| end > cap)
    }
}

fn eio() -> io::Error {
    io::Error::other("simulated I/O error")
}

fn enospc() -> io::Error {
    io::Error::from(io::ErrorKind::StorageFull)
}

impl StorageBackend for Disk {
    fn len(&self) -> Result<u64, io::Error> {
        Ok(self.media().current.len() as u64)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> Result<(), io::Error> {
        let m = self.media();
        let start = usize::try_from(offset).map_err(|_| eio())?;
        let src = m
            .current
            .get(start..start + out.len())
            .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
        out.copy_from_slice(src);
        Ok(())
    }

    fn set_len(&self, len: u64) -> Result<(), io::Error> {
        let mut m = self.media();
        if len > m.current.len() as u64 && Self::full(&m, len) {
            return Err(enospc());
        }
        let n = usize::try_from(len).map_err(|_| eio())?;
        m.current.resize(n, 0);
        m.trace.push(Op::SetLen(len));
        Ok(())
    }

    fn sync_data(&self) -> Result<(), io::Error> {
        let mut m = self.media();
        if Self::faulted(&mut m, FaultOn::Sync) {
            // Like Linux after a failed fsync: the data stays in the page cache, and whether
            // it reached the disk is unknown; the trace keeps it unsynced.
            return Err(eio());
        }
        m.trace.push(Op::Sync);
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> Result<(), io::Error> {
        let mut m = self.media();
        if Self::faulted(&mut m, FaultOn::Write) {
            return Err(eio());
        }
        let end = offset + data.len() as u64;
        if Self::full(&m, end.max(m.current.len() as u64)) {
            return Err(enospc());
        }
        let start = usize::try_from(offset).map_err(|_| eio())?;
        let end = start + data.len();
        if m.current.len() < end {
            m.current.resize(end, 0);
        }
        m.current[start..end].copy_from_slice(data);
        m.trace.push(Op::Write {
            offset,
            data: data.to_vec(),
        });
        Ok(())
    }
}

/// Walks a trace from a starting image, and builds what a power cut leaves at any point of it.
pub struct Replay<'a> {
    trace: &'a [Op],
    /// Operations applied so far.
    at: usize,
    /// The image as of the last sync.
    durable: Vec<u8>,
    /// Indices into `trace` of the writes and length changes since the last sync.
    pending: Vec<usize>,
}

impl<'a> Replay<'a> {
    pub fn new(start: Vec<u8>, trace: &'a [Op]) -> Replay<'a> {
        Replay {
            trace,
            at: 0,
            durable: start,
            pending: Vec::new(),
        }
    }

    /// Applies the trace up to (not including) operation `op`: the power is cut before it.
    pub fn advance_to(&mut self, op: usize) {
        while self.at < op.min(self.trace.len()) {
            match &self.trace[self.at] {
                Op::Sync => {
                    let pending = std::mem::take(&mut self.pending);
                    for i in pending {
                        apply(&mut self.durable, &self.trace[i], None);
                    }
                }
                _ => self.pending.push(self.at),
            }
            self.at += 1;
        }
    }

    /// The image as of the last sync, and the operations made since.
    pub fn split(&self) -> (Vec<u8>, Vec<Op>) {
        let ops = self
            .pending
            .iter()
            .map(|&i| self.trace[i].clone())
            .collect();
        (self.durable.clone(), ops)
    }

    /// The image after a power cut here: the durable image plus each unsynced operation kept
    /// or lost at random, and a kept write torn (some of its sectors lost) at random. `random`
    /// gives uniformly distributed numbers.
    pub fn cut(&self, random: &mut dyn FnMut() -> u64) -> Vec<u8> {
        let mut image = self.durable.clone();
        for &i in &self.pending {
            match random() % 4 {
                0 => {}
                1 => apply(&mut image, &self.trace[i], Some(random)),
                _ => apply(&mut image, &self.trace[i], None),
            }
        }
        image
    }
}

/// Applies one operation to `image`; with `tear`, a write keeps only some of its sectors.
fn apply(image: &mut Vec<u8>, op: &Op, tear: Option<&mut dyn FnMut() -> u64>) {
    match op {
        Op::Sync => {}
        Op::SetLen(len) => image.resize(*len as usize, 0),
        Op::Write { offset, data } => {
            let start = *offset as usize;
            if image.len() < start + data.len() {
                image.resize(start + data.len(), 0);
            }
            match tear {
                None => image[start..start + data.len()].copy_from_slice(data),
                Some(random) => {
                    for (i, sector) in data.chunks(SECTOR).enumerate() {
                        if random() % 2 == 0 {
                            let at = start + i * SECTOR;
                            image[at..at + sector.len()].copy_from_slice(sector);
                        }
                    }
                }
            }
        }
    }
}
