//! depot-powercut as `tools/power-cut.sh` relies on it, mounted for real: readers see every
//! write; a power cut keeps exactly what was synced (fsync, fdatasync, an O_DSYNC handle) and
//! every name, and drops the rest, a closed file's data too; after the cut the mount answers
//! EIO and goes. Skipped, with a line, where /dev/fuse is missing or mounting is not permitted.
#![allow(clippy::unwrap_used)]

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn mounted(at: &Path) -> bool {
    let at = at.to_str().unwrap();
    fs::read_to_string("/proc/self/mountinfo")
        .unwrap()
        .lines()
        .any(|l| l.split(' ').nth(4) == Some(at))
}

/// The file system of `backing` at `mnt`, or why it cannot be mounted here.
fn mount(backing: &Path, mnt: &Path) -> Result<Child, String> {
    if !Path::new("/dev/fuse").exists() {
        return Err("no /dev/fuse".into());
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_depot-powercut"))
        .arg(backing)
        .arg(mnt)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if mounted(mnt) {
            return Ok(child);
        }
        if child.try_wait().unwrap().is_some() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return Err(err.trim().to_owned());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("depot-powercut did not mount in 10 s");
}

/// A backing folder and a mount point in a new temporary folder, the file system mounted on
/// them; `None` (the skip said) where it cannot be mounted.
fn fresh_mount() -> Option<(tempfile::TempDir, PathBuf, PathBuf, Child)> {
    let dir = tempfile::tempdir().unwrap();
    let (backing, mnt) = (dir.path().join("disk"), dir.path().join("mnt"));
    fs::create_dir(&backing).unwrap();
    fs::create_dir(&mnt).unwrap();
    match mount(&backing, &mnt) {
        Ok(child) => Some((dir, backing, mnt, child)),
        Err(why) => {
            eprintln!("skipped: depot-powercut cannot be mounted here ({why})");
            None
        }
    }
}

fn signal(child: &Child, sig: &str) {
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args([sig, &pid])
            .status()
            .unwrap()
            .success()
    );
}

fn gone(mut child: Child) -> String {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "still serving 10 s after the cut"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    err
}

#[test]
fn a_power_cut_keeps_what_was_synced_and_drops_the_rest() {
    let Some((_dir, backing, mnt, child)) = fresh_mount() else {
        return;
    };

    let mut synced = File::create(mnt.join("synced")).unwrap();
    synced.write_all(b"kept").unwrap();
    synced.sync_all().unwrap();
    synced.write_all(b" and lost").unwrap();
    synced.write_all_at(b"K", 0).unwrap();
    drop(synced);

    File::create(mnt.join("closed"))
        .unwrap()
        .write_all(b"a close is no sync")
        .unwrap();

    let mut dsync = OpenOptions::new()
        .write(true)
        .create(true)
        .custom_flags(libc::O_DSYNC)
        .open(mnt.join("dsync"))
        .unwrap();
    dsync.write_all(b"written through").unwrap();
    drop(dsync);

    // Synced through another descriptor than the one that wrote: the file's data, whoever
    // wrote it.
    fs::create_dir(mnt.join("d")).unwrap();
    let mut log = File::create(mnt.join("d/log")).unwrap();
    log.write_all(b"0123456789").unwrap();
    File::open(mnt.join("d/log")).unwrap().sync_data().unwrap();
    drop(log);
    fs::rename(mnt.join("d/log"), mnt.join("d/log.old")).unwrap();

    // Readers see everything, synced or not.
    assert_eq!(fs::read(mnt.join("synced")).unwrap(), b"Kept and lost");
    assert_eq!(fs::read(mnt.join("closed")).unwrap(), b"a close is no sync");
    assert_eq!(fs::metadata(mnt.join("closed")).unwrap().len(), 18);
    assert_eq!(fs::read(mnt.join("d/log.old")).unwrap(), b"0123456789");

    signal(&child, "-USR1");
    let start = Instant::now();
    while mounted(&mnt) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "still mounted 10 s after the cut"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let said = gone(child);
    assert!(
        said.contains("power cut: dropped 28 unsynced bytes"),
        "{said}"
    );

    assert_eq!(fs::read(backing.join("synced")).unwrap(), b"kept");
    assert_eq!(fs::read(backing.join("closed")).unwrap(), b"");
    assert_eq!(fs::read(backing.join("dsync")).unwrap(), b"written through");
    assert_eq!(fs::read(backing.join("d/log.old")).unwrap(), b"0123456789");
    assert!(!backing.join("d/log").exists());
}

#[test]
fn a_clean_shutdown_writes_everything() {
    let Some((_dir, backing, mnt, child)) = fresh_mount() else {
        return;
    };
    File::create(mnt.join("f"))
        .unwrap()
        .write_all(b"unsynced")
        .unwrap();
    signal(&child, "-TERM");
    let said = gone(child);
    assert!(said.contains("every file synced"), "{said}");
    assert_eq!(fs::read(backing.join("f")).unwrap(), b"unsynced");
}
