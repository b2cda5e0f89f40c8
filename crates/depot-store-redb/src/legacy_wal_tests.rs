//! The upgrade from the old release's log: what it refuses, and what it never does.

use super::*;
use crate::open::check_copy;

fn fixture() -> Vec<u8> {
    let at = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/legacy-wal/killed-before-checkpoint.redb-wal"
    );
    std::fs::read(at).expect("fixture")
}

/// The fixture's records: (offset, page count).
fn record_spans(log: &[u8]) -> Vec<(usize, usize)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("x-wal");
    std::fs::write(&p, log).expect("write");
    let f = File::open(&p).expect("open");
    let generation = generation(&f).expect("read").expect("a depot log");
    records(&f, generation)
        .expect("read")
        .into_iter()
        .map(|(at, h)| (at as usize, h.count as usize))
        .collect()
}

/// Sets a record's crc to match its (changed) bytes.
fn reseal(log: &mut [u8], at: usize, count: usize) {
    let end = at + pages_at(count) + PAGE * count;
    let crc = crc32fast::hash(&log[at + RECORD_CRC.end..end]);
    log[at + RECORD_CRC.start..at + RECORD_CRC.end].copy_from_slice(&crc.to_le_bytes());
}

#[test]
fn the_fixture_holds_a_run_of_records() {
    assert!(record_spans(&fixture()).len() > 6);
}

/// Finding 3: a damaged record head made replay allocate what it claimed (up to 4 GiB). A
/// head that claims more than the file holds ends the log, and nothing is allocated for it.
#[test]
fn a_head_claiming_more_than_the_file_holds_ends_the_log() {
    let mut log = fixture();
    let spans = record_spans(&log);
    let (at, _) = spans[2];
    // 2^20 pages: 4 GiB, with a crc that matches nothing.
    log[at + 32..at + 40].copy_from_slice(&(1u64 << 20).to_le_bytes());
    assert_eq!(record_spans(&log).len(), 2);
    // And a count no length can hold at all.
    log[at + 32..at + 40].copy_from_slice(&u64::MAX.to_le_bytes());
    assert_eq!(record_spans(&log).len(), 2);
    assert_eq!(record_len(u64::MAX), None);
}

/// Finding 3: nothing tied a log to its own database. Now a log whose replay does not give a
/// sound depot database is refused, and both files are left byte for byte.
#[test]
fn a_log_that_does_not_fit_its_database_is_refused_and_both_left_alone() {
    let mut log = fixture();
    let spans = record_spans(&log);
    // Every page of the later records turned to garbage, each record still whole (its crc
    // matches): a log of some other database, as far as replay can tell.
    for &(at, count) in &spans[1..] {
        let first = at + pages_at(count);
        for (i, b) in log[first..first + PAGE * count].iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(31).wrapping_add(7);
        }
        reseal(&mut log, at, count);
    }
    assert_eq!(record_spans(&log).len(), spans.len());
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.redb");
    std::fs::write(&db, b"").expect("write");
    std::fs::write(log_path(&db), &log).expect("write");
    match upgrade(&db, check_copy) {
        Err(StoreError::LegacyLog { .. }) => {}
        other => panic!("expected the log to be refused, got {other:?}"),
    }
    assert_eq!(std::fs::read(&db).expect("read"), b"");
    assert_eq!(std::fs::read(log_path(&db)).expect("read"), log);
    let mut copy = db.as_os_str().to_owned();
    copy.push(".upgrading");
    assert!(!Path::new(&copy).exists(), "the trial copy is removed");
}

/// A log that a clean close had emptied (a header, no records) is simply removed.
#[test]
fn a_log_without_records_is_removed() {
    let log = fixture();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.redb");
    std::fs::write(&db, b"not touched").expect("write");
    std::fs::write(log_path(&db), &log[..PAGE]).expect("write");
    upgrade(&db, check_copy).expect("upgrade");
    assert!(!log_path(&db).exists());
    assert_eq!(std::fs::read(&db).expect("read"), b"not touched");
}

/// Another program's file at the log's name (SQLite's `-wal`) is not ours: left alone.
#[test]
fn another_programs_file_at_the_logs_name_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.redb");
    let wal = b"\x37\x7f\x06\x82 SQLite write-ahead log frames".to_vec();
    std::fs::write(&db, b"SQLite format 3\0").expect("write");
    std::fs::write(log_path(&db), &wal).expect("write");
    upgrade(&db, check_copy).expect("upgrade");
    assert_eq!(std::fs::read(log_path(&db)).expect("read"), wal);
    assert_eq!(std::fs::read(&db).expect("read"), b"SQLite format 3\0");
}
