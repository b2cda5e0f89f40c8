//! The log against a model: after any sequence of writes, length changes, syncs, kills and
//! closes, reads give what was written, a kill loses nothing that was synced, and a torn or
//! stale log is not replayed.

use std::collections::HashMap;
use std::os::unix::fs::FileExt;

use proptest::prelude::*;
use redb::StorageBackend;

use super::*;

const SMALL: Limits = Limits {
    log: 16 * PAGE_U64,
    pending: 6,
};

#[derive(Debug, Clone)]
enum Op {
    Write { at: u64, len: usize, seed: u8 },
    SetLen(u64),
    Sync,
    Kill,
    Close,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0u64..24 * PAGE_U64, 1usize..3 * PAGE, any::<u8>())
            .prop_map(|(at, len, seed)| Op::Write { at, len, seed }),
        1 => (0u64..24).prop_map(|p| Op::SetLen(p * PAGE_U64)),
        3 => Just(Op::Sync),
        1 => Just(Op::Kill),
        1 => Just(Op::Close),
    ]
}

/// What the storage must hold: its content now, its content at the last sync, and every
/// version of each page since then (a kill may leave any of them, as a plain file would).
struct Model {
    now: Vec<u8>,
    synced: Vec<u8>,
    versions: HashMap<u64, Vec<Vec<u8>>>,
    lens: Vec<u64>,
}

impl Model {
    fn page(bytes: &[u8], n: u64) -> Vec<u8> {
        let mut page = vec![0u8; PAGE];
        let start = (n * PAGE_U64) as usize;
        if start < bytes.len() {
            let end = bytes.len().min(start + PAGE);
            page[..end - start].copy_from_slice(&bytes[start..end]);
        }
        page
    }

    fn note(&mut self, first: u64, last: u64) {
        for n in first..=last {
            let page = Self::page(&self.now, n);
            self.versions.entry(n).or_default().push(page);
        }
    }

    fn settle(&mut self, bytes: Vec<u8>) {
        self.now = bytes.clone();
        self.synced = bytes;
        self.versions.clear();
        self.lens.clear();
    }
}

fn whole(wal: &Wal) -> Vec<u8> {
    let len = wal.len().expect("len") as usize;
    let mut out = vec![0u8; len];
    wal.read(0, &mut out).expect("read");
    out
}

fn reopen(path: &Path) -> Wal {
    Wal::open_with(path, SMALL).expect("reopen").wal
}

fn run(ops: &[Op]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db");
    let mut wal = reopen(&path);
    let mut m = Model {
        now: Vec::new(),
        synced: Vec::new(),
        versions: HashMap::new(),
        lens: Vec::new(),
    };
    for op in ops {
        match *op {
            Op::Write { at, len, seed } => {
                if m.now.is_empty() {
                    continue;
                }
                let at = at % m.now.len() as u64;
                let len = len.min(m.now.len() - at as usize);
                let data: Vec<u8> = (0..len).map(|i| seed ^ (i % 251) as u8).collect();
                wal.write(at, &data).expect("write");
                m.now[at as usize..at as usize + len].copy_from_slice(&data);
                m.note(at / PAGE_U64, (at + len as u64 - 1) / PAGE_U64);
            }
            Op::SetLen(len) => {
                wal.set_len(len).expect("set_len");
                let old = m.now.len() as u64;
                m.now.resize(len as usize, 0);
                m.lens.push(len);
                let (lo, hi) = (old.min(len), old.max(len));
                if hi > lo {
                    m.note(lo / PAGE_U64, (hi - 1) / PAGE_U64);
                }
            }
            Op::Sync => {
                wal.sync_data().expect("sync");
                let now = m.now.clone();
                m.settle(now);
            }
            Op::Kill => {
                drop(wal);
                wal = reopen(&path);
                let found = whole(&wal);
                let len = found.len() as u64;
                assert!(
                    len == m.synced.len() as u64 || m.lens.contains(&len),
                    "length {len} after a kill; synced {}, set since {:?}",
                    m.synced.len(),
                    m.lens
                );
                for n in 0..len.div_ceil(PAGE_U64) {
                    let got = Model::page(&found, n);
                    let durable = Model::page(&m.synced, n);
                    let later = m.versions.get(&n).map(Vec::as_slice).unwrap_or_default();
                    assert!(
                        got == durable || later.contains(&got),
                        "page {n} after a kill is neither its synced content nor a later write"
                    );
                }
                m.settle(found);
            }
            Op::Close => {
                wal.close().expect("close");
                drop(wal);
                wal = reopen(&path);
                assert!(whole(&wal) == m.now, "a closed database lost a write");
                let now = m.now.clone();
                m.settle(now);
            }
        }
        assert!(
            whole(&wal) == m.now,
            "a read disagrees with what was written"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn the_log_keeps_what_was_synced(ops in proptest::collection::vec(op(), 1..80)) {
        run(&ops);
    }
}

/// Three syncs of one page each, the database killed before any checkpoint.
fn three_records(path: &Path) {
    let wal = reopen(path);
    wal.set_len(4 * PAGE_U64).expect("set_len");
    for (i, byte) in [1u8, 2, 3].into_iter().enumerate() {
        wal.write(i as u64 * PAGE_U64, &[byte; PAGE])
            .expect("write");
        wal.sync_data().expect("sync");
    }
}

fn first_bytes(path: &Path) -> Vec<u8> {
    let data = std::fs::read(path).expect("read");
    (0..3).map(|i| data[i * PAGE]).collect()
}

#[test]
fn a_kill_is_replayed_from_the_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db");
    three_records(&path);
    // Nothing reached the database file itself before the kill.
    assert_eq!(first_bytes(&path), vec![0, 0, 0]);
    drop(reopen(&path));
    assert_eq!(first_bytes(&path), vec![1, 2, 3]);
}

#[test]
fn a_torn_record_ends_the_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db");
    three_records(&path);
    // Three records of a head and one page each; tear a byte of the last one's page.
    let log = OpenOptions::new()
        .write(true)
        .open(log_path(&path))
        .expect("log");
    let last = PAGE_U64 + 2 * (2 * PAGE_U64) + PAGE_U64 + 100;
    log.write_all_at(&[9], last).expect("tear");
    drop(reopen(&path));
    assert_eq!(first_bytes(&path), vec![1, 2, 0]);
}

#[test]
fn a_log_without_its_database_is_not_replayed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db");
    three_records(&path);
    std::fs::remove_file(&path).expect("remove");
    assert_eq!(reopen(&path).len().expect("len"), 0);
}

#[test]
fn a_second_open_is_refused_while_the_first_holds_the_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db");
    let first = reopen(&path);
    let second = Wal::open_with(&path, SMALL).map(|_| ());
    assert_eq!(second.map_err(|e| e.kind()), Err(io::ErrorKind::WouldBlock));
    first.close().expect("close");
    drop(first);
    assert!(Wal::open_with(&path, SMALL).is_ok());
}
