//! The FUSE requests: names, folders and attributes go straight to the backing folder
//! (`names`); a file's written data waits in memory until that file is synced (fsync,
//! fdatasync, or a handle opened O_SYNC, O_DSYNC or O_DIRECT). After a power cut every request
//! fails with EIO.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirEntryExt, FileExt};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use fuser::{
    AccessFlags, BsdFileFlags, Errno, FileAttr, FileHandle, FileType, Filesystem, FopenFlags,
    Generation, INodeNo, LockOwner, OpenFlags, RenameFlags, ReplyAttr, ReplyCreate, ReplyData,
    ReplyDirectory, ReplyEmpty, ReplyEntry, ReplyOpen, ReplyStatfs, ReplyWrite, Request, TimeOrNow,
    WriteFlags,
};

use crate::names::{self, Change, Owner};
use crate::state::{Handle, Res, State, enoent};

/// How long the kernel may keep names and attributes: every change passes through it anyway.
const TTL: Duration = Duration::from_secs(1);

/// The file system; the state is shared with the thread that cuts the power.
pub struct PowerCut(pub Arc<Mutex<State>>);

fn is_sync(flags: i32) -> bool {
    flags & (libc::O_SYNC | libc::O_DSYNC | libc::O_DIRECT) != 0
}

fn who(req: &Request) -> Owner {
    Owner {
        uid: req.uid(),
        gid: req.gid(),
    }
}

/// `mode` without the bits of `umask`, and without the file type.
fn perm(mode: u32, umask: u32) -> u32 {
    mode & !umask & 0o7777
}

fn entry(r: Result<FileAttr, Errno>, reply: ReplyEntry) {
    match r {
        Ok(a) => reply.entry(&TTL, &a, Generation(0)),
        Err(e) => reply.error(e),
    }
}

fn attr(r: Result<FileAttr, Errno>, reply: ReplyAttr) {
    match r {
        Ok(a) => reply.attr(&TTL, &a),
        Err(e) => reply.error(e),
    }
}

fn empty(r: Result<(), Errno>, reply: ReplyEmpty) {
    match r {
        Ok(()) => reply.ok(),
        Err(e) => reply.error(e),
    }
}

fn opened(r: Result<u64, Errno>, reply: ReplyOpen) {
    match r {
        Ok(fh) => reply.opened(FileHandle(fh), FopenFlags::empty()),
        Err(e) => reply.error(e),
    }
}

impl PowerCut {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `f` on the state, unless the power is cut; its error as the errno it carries.
    fn with<T>(&self, f: impl FnOnce(&mut State) -> Res<T>) -> Result<T, Errno> {
        let mut s = self.lock();
        if s.cut {
            return Err(Errno::EIO);
        }
        f(&mut s).map_err(Errno::from)
    }
}

impl Filesystem for PowerCut {
    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        entry(self.with(|s| names::entry(s, parent.0, name)), reply);
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        attr(self.with(|s| s.attr(ino.0)), reply);
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
        _flags: Option<BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        let c = Change {
            mode,
            uid,
            gid,
            size,
            atime,
            mtime,
        };
        attr(self.with(|s| names::setattr(s, ino.0, &c)), reply);
    }

    fn readlink(&self, _req: &Request, ino: INodeNo, reply: ReplyData) {
        match self.with(|s| fs::read_link(s.path(ino.0)?)) {
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
        let p = perm(mode, umask);
        entry(
            self.with(|s| names::mknod(s, who(req), (parent.0, name), p)),
            reply,
        );
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
        let p = perm(mode, umask);
        entry(
            self.with(|s| names::mkdir(s, who(req), (parent.0, name), p)),
            reply,
        );
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        empty(
            self.with(|s| names::remove(s, (parent.0, name), false)),
            reply,
        );
    }

    fn rmdir(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        empty(
            self.with(|s| names::remove(s, (parent.0, name), true)),
            reply,
        );
    }

    fn symlink(
        &self,
        req: &Request,
        parent: INodeNo,
        link_name: &OsStr,
        target: &Path,
        reply: ReplyEntry,
    ) {
        let r = self.with(|s| names::symlink(s, who(req), (parent.0, link_name), target));
        entry(r, reply);
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
        let r = self.with(|s| names::rename(s, (parent.0, name), (newparent.0, newname)));
        empty(r, reply);
    }

    fn link(
        &self,
        _req: &Request,
        ino: INodeNo,
        newparent: INodeNo,
        newname: &OsStr,
        reply: ReplyEntry,
    ) {
        entry(
            self.with(|s| names::link(s, ino.0, (newparent.0, newname))),
            reply,
        );
    }

    fn open(&self, _req: &Request, ino: INodeNo, flags: OpenFlags, reply: ReplyOpen) {
        opened(self.with(|s| s.open_file(ino.0, is_sync(flags.0))), reply);
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
        let (p, sync) = (perm(mode, umask), is_sync(flags));
        match self.with(|s| names::create(s, who(req), (parent.0, name), p, flags, sync)) {
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
        match self.with(|s| s.read(ino.0, offset, size)) {
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
        let r = self.with(|s| {
            let (_, sync) = s.handle_file(fh.0)?;
            let node = s.node(ino.0)?;
            if sync {
                node.overlay.punch(offset, offset + data.len() as u64);
                node.file
                    .as_ref()
                    .ok_or_else(enoent)?
                    .write_all_at(data, offset)
            } else {
                node.overlay.write(offset, data);
                Ok(())
            }
        });
        match r {
            Ok(()) => reply.written(data.len() as u32),
            Err(e) => reply.error(e),
        }
    }

    fn flush(&self, _req: &Request, _ino: INodeNo, _fh: FileHandle, _lo: LockOwner, r: ReplyEmpty) {
        // A close is no sync: the data stays unsynced, as in a page cache.
        empty(self.with(|_| Ok(())), r);
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
        self.lock().release(fh.0);
        reply.ok();
    }

    fn fsync(&self, _req: &Request, ino: INodeNo, _fh: FileHandle, _ds: bool, reply: ReplyEmpty) {
        empty(self.with(|s| s.sync(ino.0)), reply);
    }

    fn opendir(&self, _req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        let r = self.with(|s| {
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
        });
        opened(r, reply);
    }

    fn readdir(
        &self,
        _req: &Request,
        _ino: INodeNo,
        fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        let s = self.lock();
        if s.cut {
            return reply.error(Errno::EIO);
        }
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
        self.lock().handles.remove(&fh.0);
        reply.ok();
    }

    fn fsyncdir(&self, _req: &Request, _ino: INodeNo, _fh: FileHandle, _ds: bool, r: ReplyEmpty) {
        // Names reach the backing folder at once: a folder has nothing unsynced.
        empty(self.with(|_| Ok(())), r);
    }

    fn statfs(&self, _req: &Request, _ino: INodeNo, reply: ReplyStatfs) {
        match self.with(|_| Ok(())) {
            Ok(()) => reply.statfs(1 << 24, 1 << 23, 1 << 23, 1 << 20, 1 << 19, 4096, 255, 4096),
            Err(e) => reply.error(e),
        }
    }

    fn access(&self, _req: &Request, ino: INodeNo, _mask: AccessFlags, reply: ReplyEmpty) {
        // The kernel checks permissions itself (default_permissions): the inode must exist.
        empty(self.with(|s| s.metadata(ino.0).map(drop)), reply);
    }
}
