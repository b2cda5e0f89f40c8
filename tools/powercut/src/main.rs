//! `depot-powercut BACKING MOUNT`: a disk that loses power, for `tools/power-cut.sh`.
//!
//! Mounts a FUSE pass-through of the folder BACKING at MOUNT and serves it until unmounted.
//! Names, folders and attributes (create, mkdir, unlink, rename, truncate, chmod, link,
//! symlink, readdir …) go straight to BACKING. Data written to a file is kept in memory, where
//! reads see it, and reaches the backing file only when that file is synced (fsync or
//! fdatasync through any descriptor, or a write through a descriptor opened O_SYNC, O_DSYNC
//! or O_DIRECT); a close syncs nothing, as with a page cache, and a folder's fsync just
//! succeeds (its names are already in BACKING).
//!
//! `SIGUSR1` cuts the power: every unsynced write is dropped, every further request fails
//! with EIO, and the mount is detached (`fusermount3 -u -z`); the program ends once the last
//! process using the mount has gone. BACKING then holds exactly what was synced, to be
//! mounted again by a new `depot-powercut`. `SIGTERM` or `SIGINT` is a clean shutdown: all
//! unsynced data is written first. Each event is one line on standard error.
//!
//! As root, the mount is open to every user (`allow_other`; the kernel checks permissions,
//! `default_permissions`) and a new file belongs to the user who made it, so that a server
//! running as its own user can live on it.

mod fs;
mod names;
mod overlay;
mod state;

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};

use fuser::{Config, MountOption, Session, SessionACL};
use signal_hook::consts::{SIGINT, SIGTERM, SIGUSR1};
use signal_hook::iterator::Signals;

use crate::state::State;

fn say(what: &str) {
    eprintln!("depot-powercut: {what}");
}

/// Detaches the mount at once, even while files on it are open.
fn detach(mount: &Path) {
    let ok = |c: &mut Command| {
        c.stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !ok(Command::new("fusermount3").arg("-u").arg("-z").arg(mount))
        && !ok(Command::new("umount").arg("-l").arg(mount))
    {
        say(&format!("could not detach {}", mount.display()));
    }
}

fn run(backing: PathBuf, mount: PathBuf) -> Result<(), String> {
    let backing = backing
        .canonicalize()
        .map_err(|e| format!("{}: {e}", backing.display()))?;
    let as_root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let state =
        State::new(backing.clone(), as_root).map_err(|e| format!("{}: {e}", backing.display()))?;
    let state = Arc::new(Mutex::new(state));
    let mut config = Config::default();
    config.mount_options = vec![
        MountOption::FSName("depot-powercut".into()),
        MountOption::DefaultPermissions,
    ];
    config.acl = if as_root {
        SessionACL::All
    } else {
        SessionACL::Owner
    };
    let session = Session::new(fs::PowerCut(state.clone()), &mount, &config)
        .map_err(|e| format!("mounting at {}: {e}", mount.display()))?;
    let mut signals =
        Signals::new([SIGUSR1, SIGTERM, SIGINT]).map_err(|e| format!("signals: {e}"))?;
    let at = mount.clone();
    std::thread::spawn(move || {
        for sig in signals.forever() {
            let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
            if s.cut {
                continue;
            }
            if sig == SIGUSR1 {
                let d = s.cut();
                say(&format!(
                    "power cut: dropped {} unsynced bytes in {} extents of {} files",
                    d.bytes, d.extents, d.files
                ));
            } else {
                match s.sync_all() {
                    Ok(()) => say("shutting down: every file synced"),
                    Err(e) => say(&format!("shutting down: a sync failed: {e}")),
                }
                s.cut = true;
            }
            drop(s);
            detach(&at);
        }
    });
    say(&format!(
        "{} mounted at {} (pid {}); SIGUSR1 cuts the power",
        backing.display(),
        mount.display(),
        std::process::id()
    ));
    session.run().map_err(|e| format!("serving: {e}"))?;
    say("unmounted");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let [backing, mount] = args.as_slice() else {
        say("usage: depot-powercut BACKING MOUNT");
        return ExitCode::from(2);
    };
    match run(backing.into(), mount.into()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&e);
            ExitCode::FAILURE
        }
    }
}
