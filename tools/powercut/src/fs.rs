//! The FUSE requests: names, folders and attributes go straight to the backing folder; a
//! file's written data waits in memory until that file is synced (fsync, fdatasync, or a
//! handle opened O_SYNC, O_DSYNC or O_DIRECT). After a power cut every request fails with EIO.

use std::ffi::OsStr;
use std::fs::{self, DirBuilder, FileTimes, OpenOptions, Permissions};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, DirEntryExt, OpenOptionsExt, PermissionsExt, lchown};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use fuser::{
    Errno, FileHandle, FileType, Filesystem, FopenFlags, Generation, INodeNo, LockOwner, OpenFlags,
    RenameFlags, ReplyAttr, ReplyCreate, ReplyData, ReplyDirectory, ReplyEmpty, ReplyEntry,
    ReplyOpen, ReplyStatfs, ReplyWrite, Request, TimeOrNow, WriteFlags,
};

use crate::state::{Handle, Res, State};

/// How long the kernel may keep names and attributes: every change passes through it anyway.
const TTL: Duration = Duration::from_secs(1);

/// The file system; the state is shared with the thread that cuts the power.
pub struct PowerCut(pub Arc<Mutex<State>>);

fn err(e: io::Error) -> Errno {
    Errno::from(e)
}

fn is_sync(flags: i32) -> bool {
    flags & (libc::O_SYNC | libc::O_DSYNC | libc::O_DIRECT) != 0
}

fn when(t: TimeOrNow) -> SystemTime {
    match t {
        TimeOrNow::SpecificTime(t) => t,
        TimeOrNow::Now => SystemTime::now(),
    }
}

impl PowerCut {
    /// The state, unless the power is cut.
    fn live(&self) -> Result<MutexGuard<'_, State>, Errno> {
        let s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if s.cut { Err(Errno::EIO) } else { Ok(s) }
    }

    /// Gives a new file, folder or link to the user who made it (the daemon runs as root).
    fn own(s: &State, path: &Path, req: &Request) -> Res<()> {
        if s.as_root {
            lchown(path, Some(req.uid()), Some(req.gid()))?;
        }
        Ok(())
    }

    /// The inode and attributes of `name` in `parent`, now in the backing folder.
    fn entry(s: &mut State, parent: u64, name: &OsStr) -> Res<fuser::FileAttr> {
        let meta = fs::symlink_metadata(s.child(parent, name)?)?;
        let ino = s.intern(std::os::unix::fs::MetadataExt::ino(&meta), parent, name);
        s.attr(ino)
    }

    fn do_setattr(
        s: &mut State,
        ino: u64,
        mode: Option<u32>,
        owner: (Option<u32>, Option<u32>),
        size: Option<u64>,
        times: (Option<TimeOrNow>, Option<TimeOrNow>),
    ) -> Res<fuser::FileAttr> {
        let path = s.path(ino);
        if let Some(size) = size {
            let node = s.node(ino)?;
            match &node.file {
                Some(f) => f.set_len(size)?,
                None => OpenOptions::new()
                    .write(true)
                    .open(path.as_ref().map_err(clone)?)?
                    .set_len(size)?,
            }
            node.overlay.truncate(size);
        }
        if let Some(mode) = mode {
            fs::set_permissions(
                path.as_ref().map_err(clone)?,
                Permissions::from_mode(mode & 0o7777),
            )?;
        }
        if owner.0.is_some() || owner.1.is_some() {
            lchown(path.as_ref().map_err(clone)?, owner.0, owner.1)?;
        }
        if times.0.is_some() || times.1.is_some() {
            let mut t = FileTimes::new();
            if let Some(a) = times.0 {
                t = t.set_accessed(when(a));
            }
            if let Some(m) = times.1 {
                t = t.set_modified(when(m));
            }
            match &s.node(ino)?.file {
                Some(f) => f.set_times(t)?,
                None => fs::File::open(path.as_ref().map_err(clone)?)?.set_times(t)?,
            }
        }
        s.attr(ino)
    }
}

fn clone(e: &io::Error) -> io::Error {
    match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::new(e.kind(), e.to_string()),
    }
}

impl Filesystem for PowerCut {
    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        let r = self
            .live()
            .and_then(|mut s| Self::entry(&mut s, parent.0, name).map_err(err));
        match r {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        match self.live().and_then(|mut s| s.attr(ino.0).map_err(err)) {
            Ok(a) => reply.attr(&TTL, &a),
            Err(e) => reply.error(e),
        }
    }

    fn setattr(
        &self,
        _req: &Request,
        ino: INodeNo,
        mode: Option<u32>,
        uid: Option<u32>,
        gid: Option<u32>,
        size: Option<u64>,
        atime: Option<TimeOrNow>,
        mtime: Option<TimeOrNow>,
        _ctime: Option<SystemTime>,
        _fh: Option<FileHandle>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<fuser::BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        let r = self.live().and_then(|mut s| {
            Self::do_setattr(&mut s, ino.0, mode, (uid, gid), size, (atime, mtime)).map_err(err)
        });
        match r {
            Ok(a) => reply.attr(&TTL, &a),
            Err(e) => reply.error(e),
        }
    }

    fn readlink(&self, _req: &Request, ino: INodeNo, reply: ReplyData) {
        let r = self
            .live()
            .and_then(|s| s.path(ino.0).and_then(fs::read_link).map_err(err));
        match r {
            Ok(t) => reply.data(t.as_os_str().as_bytes()),
            Err(e) => reply.error(e),
        }
    }

    fn mknod(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        umask: u32,
        _rdev: u32,
        reply: ReplyEntry,
    ) {
        if mode & libc::S_IFMT != libc::S_IFREG {
            return reply.error(Errno::EPERM);
        }
        let r = self.live().and_then(|mut s| {
            (|| {
                let path = s.child(parent.0, name)?;
                let perm = mode & !umask & 0o7777;
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(perm)
                    .open(&path)?;
                fs::set_permissions(&path, Permissions::from_mode(perm))?;
                Self::own(&s, &path, req)?;
                Self::entry(&mut s, parent.0, name)
            })()
            .map_err(err)
        });
        match r {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn mkdir(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        umask: u32,
        reply: ReplyEntry,
    ) {
        let r = self.live().and_then(|mut s| {
            (|| {
                let path = s.child(parent.0, name)?;
                let perm = mode & !umask & 0o7777;
                DirBuilder::new().mode(perm).create(&path)?;
                fs::set_permissions(&path, Permissions::from_mode(perm))?;
                Self::own(&s, &path, req)?;
                Self::entry(&mut s, parent.0, name)
            })()
            .map_err(err)
        });
        match r {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        let r = self.live().and_then(|mut s| {
            (|| {
                let path = s.child(parent.0, name)?;
                let meta = fs::symlink_metadata(&path)?;
                fs::remove_file(&path)?;
                s.detach(parent.0, name, &meta);
                Ok(())
            })()
            .map_err(err)
        });
        match r {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn rmdir(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        let r = self.live().and_then(|mut s| {
            (|| {
                let path = s.child(parent.0, name)?;
                let meta = fs::symlink_metadata(&path)?;
                fs::remove_dir(&path)?;
                s.detach(parent.0, name, &meta);
                Ok(())
            })()
            .map_err(err)
        });
        match r {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn symlink(
        &self,
        req: &Request,
        parent: INodeNo,
        link_name: &OsStr,
        target: &Path,
        reply: ReplyEntry,
    ) {
        let r = self.live().and_then(|mut s| {
            (|| {
                let path = s.child(parent.0, link_name)?;
                std::os::unix::fs::symlink(target, &path)?;
                Self::own(&s, &path, req)?;
                Self::entry(&mut s, parent.0, link_name)
            })()
            .map_err(err)
        });
        match r {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn rename(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        newparent: INodeNo,
        newname: &OsStr,
        flags: RenameFlags,
        reply: ReplyEmpty,
    ) {
        if !flags.is_empty() {
            return reply.error(Errno::EINVAL);
        }
        let r = self.live().and_then(|mut s| {
            (|| {
                let from = s.child(parent.0, name)?;
                let to = s.child(newparent.0, newname)?;
                let meta = fs::symlink_metadata(&from)?;
                let replaced = fs::symlink_metadata(&to).ok();
                fs::rename(&from, &to)?;
                let ino = std::os::unix::fs::MetadataExt::ino(&meta);
                if let Some(old) = replaced
                    && std::os::unix::fs::MetadataExt::ino(&old) != ino
                {
                    s.detach(newparent.0, newname, &old);
                }
                s.moved(ino, (parent.0, name), (newparent.0, newname));
                Ok(())
            })()
            .map_err(err)
        });
        match r {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn link(
        &self,
        _req: &Request,
        ino: INodeNo,
        newparent: INodeNo,
        newname: &OsStr,
        reply: ReplyEntry,
    ) {
        let r = self.live().and_then(|mut s| {
            (|| {
                fs::hard_link(s.path(ino.0)?, s.child(newparent.0, newname)?)?;
                Self::entry(&mut s, newparent.0, newname)
            })()
            .map_err(err)
        });
        match r {
            Ok(a) => reply.entry(&TTL, &a, Generation(0)),
            Err(e) => reply.error(e),
        }
    }

    fn open(&self, _req: &Request, ino: INodeNo, flags: OpenFlags, reply: ReplyOpen) {
        let r = self
            .live()
            .and_then(|mut s| s.open_file(ino.0, is_sync(flags.0)).map_err(err));
        match r {
            Ok(fh) => reply.opened(FileHandle(fh), FopenFlags::empty()),
            Err(e) => reply.error(e),
        }
    }

    fn create(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        umask: u32,
        flags: i32,
        reply: ReplyCreate,
    ) {
        let r = self.live().and_then(|mut s| {
            (|| {
                let path = s.child(parent.0, name)?;
                let perm = mode & !umask & 0o7777;
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
                    Self::own(&s, &path, req)?;
                }
                let a = Self::entry(&mut s, parent.0, name)?;
                let fh = s.open_file(a.ino.0, is_sync(flags))?;
                Ok((a, fh))
            })()
            .map_err(err)
        });
        match r {
            Ok((a, fh)) => {
                reply.created(&TTL, &a, Generation(0), FileHandle(fh), FopenFlags::empty())
            }
            Err(e) => reply.error(e),
        }
    }

    fn read(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        match self
            .live()
            .and_then(|mut s| s.read(ino.0, offset, size).map_err(err))
        {
            Ok(d) => reply.data(&d),
            Err(e) => reply.error(e),
        }
    }

    fn write(
        &self,
        _req: &Request,
        ino: INodeNo,
        fh: FileHandle,
        offset: u64,
        data: &[u8],
        _write_flags: WriteFlags,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyWrite,
    ) {
        let r = self.live().and_then(|mut s| {
            (|| {
                let (_, sync) = s.handle_file(fh.0)?;
                let node = s.node(ino.0)?;
                if sync {
                    node.overlay.punch(offset, offset + data.len() as u64);
                    let file = node.file.as_ref().ok_or_else(crate::state::enoent)?;
                    std::os::unix::fs::FileExt::write_all_at(file, data, offset)?;
                } else {
                    node.overlay.write(offset, data);
                }
                Ok(())
            })()
            .map_err(err)
        });
        match r {
            Ok(()) => reply.written(data.len() as u32),
            Err(e) => reply.error(e),
        }
    }

    fn flush(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _lock_owner: LockOwner,
        reply: ReplyEmpty,
    ) {
        // A close is no sync: the data stays unsynced, as in a page cache.
        match self.live() {
            Ok(_) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn release(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        _flush: bool,
        reply: ReplyEmpty,
    ) {
        let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        s.release(fh.0);
        reply.ok();
    }

    fn fsync(&self, _req: &Request, ino: INodeNo, _fh: FileHandle, _ds: bool, reply: ReplyEmpty) {
        match self.live().and_then(|mut s| s.sync(ino.0).map_err(err)) {
            Ok(()) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn opendir(&self, _req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        let r = self.live().and_then(|mut s| {
            (|| {
                let path = s.path(ino.0)?;
                let up = s
                    .node(ino.0)?
                    .links
                    .first()
                    .map_or(INodeNo::ROOT.0, |l| l.0);
                let mut entries = vec![
                    (ino.0, FileType::Directory, ".".into()),
                    (up, FileType::Directory, "..".into()),
                ];
                for e in fs::read_dir(&path)? {
                    let e = e?;
                    let kind = FileType::from_std(e.file_type()?).unwrap_or(FileType::RegularFile);
                    let name = e.file_name();
                    let child = s.intern(e.ino(), ino.0, &name);
                    entries.push((child, kind, name));
                }
                Ok(s.add_handle(Handle::Dir { entries }))
            })()
            .map_err(err)
        });
        match r {
            Ok(fh) => reply.opened(FileHandle(fh), FopenFlags::empty()),
            Err(e) => reply.error(e),
        }
    }

    fn readdir(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        let s = match self.live() {
            Ok(s) => s,
            Err(e) => return reply.error(e),
        };
        let Some(Handle::Dir { entries }) = s.handles.get(&fh.0) else {
            return reply.error(Errno::EBADF);
        };
        for (i, (ino, kind, name)) in entries.iter().enumerate().skip(offset as usize) {
            if reply.add(INodeNo(*ino), i as u64 + 1, *kind, name) {
                break;
            }
        }
        reply.ok();
    }

    fn releasedir(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        _flags: OpenFlags,
        reply: ReplyEmpty,
    ) {
        let mut s = self.0.lock().unwrap_or_else(|p| p.into_inner());
        s.handles.remove(&fh.0);
        reply.ok();
    }

    fn fsyncdir(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _ds: bool,
        reply: ReplyEmpty,
    ) {
        // Names reach the backing folder at once: a folder has nothing unsynced.
        match self.live() {
            Ok(_) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }

    fn statfs(&self, _req: &Request, _ino: INodeNo, reply: ReplyStatfs) {
        match self.live() {
            Ok(_) => reply.statfs(1 << 24, 1 << 23, 1 << 23, 1 << 20, 1 << 19, 4096, 255, 4096),
            Err(e) => reply.error(e),
        }
    }

    fn access(&self, _req: &Request, ino: INodeNo, _mask: fuser::AccessFlags, reply: ReplyEmpty) {
        // The kernel checks permissions itself (default_permissions).
        match self.live().and_then(|mut s| s.metadata(ino.0).map_err(err)) {
            Ok(_) => reply.ok(),
            Err(e) => reply.error(e),
        }
    }
}
