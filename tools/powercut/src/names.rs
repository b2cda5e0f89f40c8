//! The operations on names and attributes, done straight in the backing folder (nothing of
//! them waits for a sync): create, mknod, mkdir, symlink, link, unlink, rmdir, rename and
//! setattr. A new file, folder or link is given to the user who made it when the daemon runs
//! as root.

use std::ffi::OsStr;
use std::fs::{self, DirBuilder, FileTimes, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt, lchown};
use std::path::Path;
use std::time::SystemTime;

use fuser::{FileAttr, TimeOrNow};

use crate::state::{Res, State};

/// Who asks: the user and group a new name belongs to.
#[derive(Clone, Copy, Debug)]
pub struct Owner {
    pub uid: u32,
    pub gid: u32,
}

fn own(s: &State, path: &Path, who: Owner) -> Res<()> {
    if s.as_root {
        lchown(path, Some(who.uid), Some(who.gid))?;
    }
    Ok(())
}

/// The inode and attributes of `name` in `parent`, as it is now in the backing folder.
pub fn entry(s: &mut State, parent: u64, name: &OsStr) -> Res<FileAttr> {
    let meta = fs::symlink_metadata(s.child(parent, name)?)?;
    let ino = s.intern(meta.ino(), parent, name);
    s.attr(ino)
}

/// A new regular file (O_EXCL: it must not exist), or an existing one opened; with a handle.
pub fn create(
    s: &mut State,
    who: Owner,
    at: (u64, &OsStr),
    perm: u32,
    flags: i32,
    sync: bool,
) -> Res<(FileAttr, u64)> {
    let path = s.child(at.0, at.1)?;
    let existed = path.symlink_metadata().is_ok();
    let mut o = OpenOptions::new();
    o.write(true).mode(perm);
    if flags & libc::O_EXCL != 0 {
        o.create_new(true);
    } else {
        o.create(true);
    }
    drop(o.open(&path)?);
    if !existed {
        fs::set_permissions(&path, Permissions::from_mode(perm))?;
        own(s, &path, who)?;
    }
    let a = entry(s, at.0, at.1)?;
    let fh = s.open_file(a.ino.0, sync)?;
    Ok((a, fh))
}

/// A new empty regular file (mknod of anything else is refused by the caller).
pub fn mknod(s: &mut State, who: Owner, at: (u64, &OsStr), perm: u32) -> Res<FileAttr> {
    let path = s.child(at.0, at.1)?;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(perm)
        .open(&path)?;
    fs::set_permissions(&path, Permissions::from_mode(perm))?;
    own(s, &path, who)?;
    entry(s, at.0, at.1)
}

pub fn mkdir(s: &mut State, who: Owner, at: (u64, &OsStr), perm: u32) -> Res<FileAttr> {
    let path = s.child(at.0, at.1)?;
    DirBuilder::new().mode(perm).create(&path)?;
    fs::set_permissions(&path, Permissions::from_mode(perm))?;
    own(s, &path, who)?;
    entry(s, at.0, at.1)
}

pub fn symlink(s: &mut State, who: Owner, at: (u64, &OsStr), target: &Path) -> Res<FileAttr> {
    let path = s.child(at.0, at.1)?;
    std::os::unix::fs::symlink(target, &path)?;
    own(s, &path, who)?;
    entry(s, at.0, at.1)
}

pub fn link(s: &mut State, ino: u64, at: (u64, &OsStr)) -> Res<FileAttr> {
    fs::hard_link(s.path(ino)?, s.child(at.0, at.1)?)?;
    entry(s, at.0, at.1)
}

/// Removes a file (`dir` false) or an empty folder.
pub fn remove(s: &mut State, at: (u64, &OsStr), dir: bool) -> Res<()> {
    let path = s.child(at.0, at.1)?;
    let meta = fs::symlink_metadata(&path)?;
    if dir {
        fs::remove_dir(&path)?;
    } else {
        fs::remove_file(&path)?;
    }
    s.detach(at.0, at.1, &meta);
    Ok(())
}

/// A rename, over whatever had the new name.
pub fn rename(s: &mut State, from: (u64, &OsStr), to: (u64, &OsStr)) -> Res<()> {
    let (old, new) = (s.child(from.0, from.1)?, s.child(to.0, to.1)?);
    let meta = fs::symlink_metadata(&old)?;
    let replaced = fs::symlink_metadata(&new).ok();
    fs::rename(&old, &new)?;
    if let Some(r) = replaced
        && r.ino() != meta.ino()
    {
        s.detach(to.0, to.1, &r);
    }
    s.moved(meta.ino(), from, to);
    Ok(())
}

/// What a setattr may change.
#[derive(Debug, Default)]
pub struct Change {
    pub mode: Option<u32>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub size: Option<u64>,
    pub atime: Option<TimeOrNow>,
    pub mtime: Option<TimeOrNow>,
}

fn when(t: TimeOrNow) -> SystemTime {
    match t {
        TimeOrNow::SpecificTime(t) => t,
        TimeOrNow::Now => SystemTime::now(),
    }
}

/// A truncate (the unsynced data past the new size goes too), chmod, chown or utimes.
pub fn setattr(s: &mut State, ino: u64, c: &Change) -> Res<FileAttr> {
    // A file with no name left (unlinked, still open) can still be truncated.
    let named = s.path(ino);
    let path = || -> Res<&Path> {
        named
            .as_deref()
            .map_err(|e| io::Error::from_raw_os_error(e.raw_os_error().unwrap_or(libc::EIO)))
    };
    if let Some(size) = c.size {
        let node = s.node(ino)?;
        match &node.file {
            Some(f) => f.set_len(size)?,
            None => OpenOptions::new()
                .write(true)
                .open(path()?)?
                .set_len(size)?,
        }
        node.overlay.truncate(size);
    }
    if let Some(mode) = c.mode {
        fs::set_permissions(path()?, Permissions::from_mode(mode & 0o7777))?;
    }
    if c.uid.is_some() || c.gid.is_some() {
        lchown(path()?, c.uid, c.gid)?;
    }
    if c.atime.is_some() || c.mtime.is_some() {
        let mut t = FileTimes::new();
        if let Some(a) = c.atime {
            t = t.set_accessed(when(a));
        }
        if let Some(m) = c.mtime {
            t = t.set_modified(when(m));
        }
        match &s.node(ino)?.file {
            Some(f) => f.set_times(t)?,
            None => fs::File::open(path()?)?.set_times(t)?,
        }
    }
    s.attr(ino)
}
