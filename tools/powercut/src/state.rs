//! What the file system knows between requests: its inodes (each a backing file or folder, by
//! the names it was reached through), the open files and folders, and each file's unsynced
//! data; and the two things a disk can do to that data: sync it, or lose it in a power cut.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs::{File, Metadata};
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fuser::{FileAttr, FileType, INodeNo};

use crate::overlay::Overlay;

/// One file, folder or link of the backing folder.
#[derive(Debug)]
pub struct Node {
    /// (parent inode, name) for each name it was reached through; the first is used.
    pub links: Vec<(u64, OsString)>,
    /// The backing file, open read-write while any handle on it is open.
    pub file: Option<File>,
    pub opens: u32,
    pub overlay: Overlay,
}

/// An open file (its writes synced at once when opened O_SYNC, O_DSYNC or O_DIRECT) or an
/// open folder (its entries read at opendir).
#[derive(Debug)]
pub enum Handle {
    File {
        ino: u64,
        sync: bool,
    },
    Dir {
        entries: Vec<(u64, FileType, OsString)>,
    },
}

/// Counts of what a power cut dropped.
#[derive(Debug, Default)]
pub struct Dropped {
    pub files: usize,
    pub extents: usize,
    pub bytes: u64,
}

#[derive(Debug)]
pub struct State {
    pub root: PathBuf,
    /// The power is off: every request is answered EIO.
    pub cut: bool,
    /// Running as root: a new file is given to the user who made it.
    pub as_root: bool,
    nodes: HashMap<u64, Node>,
    by_backing: HashMap<u64, u64>,
    next_ino: u64,
    pub handles: HashMap<u64, Handle>,
    next_fh: u64,
}

pub type Res<T> = Result<T, io::Error>;

pub fn enoent() -> io::Error {
    io::Error::from_raw_os_error(libc::ENOENT)
}

impl State {
    pub fn new(root: PathBuf, as_root: bool) -> io::Result<State> {
        let meta = std::fs::metadata(&root)?;
        let mut nodes = HashMap::new();
        nodes.insert(
            INodeNo::ROOT.0,
            Node {
                links: Vec::new(),
                file: None,
                opens: 0,
                overlay: Overlay::default(),
            },
        );
        Ok(State {
            root,
            cut: false,
            as_root,
            nodes,
            by_backing: HashMap::from([(meta.ino(), INodeNo::ROOT.0)]),
            next_ino: INodeNo::ROOT.0 + 1,
            handles: HashMap::new(),
            next_fh: 1,
        })
    }

    pub fn node(&mut self, ino: u64) -> Res<&mut Node> {
        self.nodes.get_mut(&ino).ok_or_else(enoent)
    }

    /// The backing path of an inode, through its first name and its parents'.
    pub fn path(&self, ino: u64) -> Res<PathBuf> {
        if ino == INodeNo::ROOT.0 {
            return Ok(self.root.clone());
        }
        let node = self.nodes.get(&ino).ok_or_else(enoent)?;
        let (parent, name) = node.links.first().ok_or_else(enoent)?;
        Ok(self.path(*parent)?.join(name))
    }

    pub fn child(&self, parent: u64, name: &OsStr) -> Res<PathBuf> {
        Ok(self.path(parent)?.join(name))
    }

    /// The inode of the backing file `backing_ino`, reached as `name` in `parent`: the one
    /// already known, or a new one.
    pub fn intern(&mut self, backing_ino: u64, parent: u64, name: &OsStr) -> u64 {
        if let Some(&ino) = self.by_backing.get(&backing_ino)
            && let Some(node) = self.nodes.get_mut(&ino)
        {
            if !node.links.iter().any(|(p, n)| *p == parent && n == name) {
                node.links.push((parent, name.to_owned()));
            }
            return ino;
        }
        let ino = self.next_ino;
        self.next_ino += 1;
        self.nodes.insert(
            ino,
            Node {
                links: vec![(parent, name.to_owned())],
                file: None,
                opens: 0,
                overlay: Overlay::default(),
            },
        );
        self.by_backing.insert(backing_ino, ino);
        ino
    }

    /// `name` in `parent` is gone (unlinked, removed, or replaced by a rename); `meta` is what
    /// it was. An inode with no name left keeps its open files and their data until closed.
    pub fn detach(&mut self, parent: u64, name: &OsStr, meta: &Metadata) {
        let Some(&ino) = self.by_backing.get(&meta.ino()) else {
            return;
        };
        let Some(node) = self.nodes.get_mut(&ino) else {
            return;
        };
        node.links.retain(|(p, n)| !(*p == parent && n == name));
        let last = meta.nlink() <= 1 || meta.is_dir();
        if last {
            self.by_backing.remove(&meta.ino());
            node.links.clear();
            if node.opens == 0 {
                self.nodes.remove(&ino);
            }
        }
    }

    /// A rename moved the inode of backing file `backing_ino` from one name to another.
    pub fn moved(&mut self, backing_ino: u64, from: (u64, &OsStr), to: (u64, &OsStr)) {
        let Some(&ino) = self.by_backing.get(&backing_ino) else {
            return;
        };
        if let Some(node) = self.nodes.get_mut(&ino) {
            for link in &mut node.links {
                if link.0 == from.0 && link.1 == from.1 {
                    *link = (to.0, to.1.to_owned());
                }
            }
        }
    }

    pub fn add_handle(&mut self, h: Handle) -> u64 {
        let fh = self.next_fh;
        self.next_fh += 1;
        self.handles.insert(fh, h);
        fh
    }

    /// Opens the backing file of `ino` for a new handle (one descriptor per inode, shared).
    pub fn open_file(&mut self, ino: u64, sync: bool) -> Res<u64> {
        let path = self.path(ino);
        let node = self.node(ino)?;
        if node.file.is_none() {
            let path = path?;
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path)
                .or_else(|_| File::open(&path))?;
            node.file = Some(file);
        }
        node.opens += 1;
        Ok(self.add_handle(Handle::File { ino, sync }))
    }

    /// Closes a handle; the last one of an inode closes its backing file. Its unsynced data
    /// stays (a close is no sync), unless the file has no name left.
    pub fn release(&mut self, fh: u64) {
        if let Some(Handle::File { ino, .. }) = self.handles.remove(&fh)
            && let Some(node) = self.nodes.get_mut(&ino)
        {
            node.opens = node.opens.saturating_sub(1);
            if node.opens == 0 {
                node.file = None;
                if node.links.is_empty() {
                    self.nodes.remove(&ino);
                }
            }
        }
    }

    /// The file of an open handle, with whether its writes are synced at once.
    pub fn handle_file(&self, fh: u64) -> Res<(u64, bool)> {
        match self.handles.get(&fh) {
            Some(Handle::File { ino, sync }) => Ok((*ino, *sync)),
            _ => Err(io::Error::from_raw_os_error(libc::EBADF)),
        }
    }

    /// The backing metadata of `ino`: from its open file, else by its path.
    pub fn metadata(&mut self, ino: u64) -> Res<Metadata> {
        if let Some(Node {
            file: Some(file), ..
        }) = self.nodes.get(&ino)
        {
            return file.metadata();
        }
        std::fs::symlink_metadata(self.path(ino)?)
    }

    /// The attributes of `ino` as a reader sees them: its size counts its unsynced data.
    pub fn attr(&mut self, ino: u64) -> Res<FileAttr> {
        let meta = self.metadata(ino)?;
        let end = self.nodes.get(&ino).map_or(0, |n| n.overlay.end());
        Ok(attr_of(ino, &meta, end))
    }

    /// Writes the unsynced data of `ino` to its backing file: an fsync or fdatasync.
    pub fn sync(&mut self, ino: u64) -> Res<()> {
        let node = self.node(ino)?;
        if node.overlay.is_empty() {
            return Ok(());
        }
        let file = node
            .file
            .as_ref()
            .ok_or_else(|| io::Error::from_raw_os_error(libc::EBADF))?;
        for (offset, data) in node.overlay.take() {
            file.write_all_at(&data, offset)?;
        }
        Ok(())
    }

    /// Reads `size` bytes at `offset` as a reader sees them: the backing file under the
    /// unsynced data, zeros in any hole.
    pub fn read(&mut self, ino: u64, offset: u64, size: u32) -> Res<Vec<u8>> {
        let len = self.metadata(ino)?.len();
        let node = self.node(ino)?;
        let end = len.max(node.overlay.end());
        if offset >= end {
            return Ok(Vec::new());
        }
        let n = (end - offset).min(u64::from(size)) as usize;
        let mut buf = vec![0; n];
        if let Some(file) = &node.file {
            let mut done = 0;
            while done < n {
                match file.read_at(&mut buf[done..], offset + done as u64) {
                    Ok(0) => break,
                    Ok(k) => done += k,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
        node.overlay.read_into(offset, &mut buf);
        Ok(buf)
    }

    /// The power goes: every unsynced byte is lost and every open file closed.
    pub fn cut(&mut self) -> Dropped {
        self.cut = true;
        let mut d = Dropped::default();
        for node in self.nodes.values_mut() {
            if !node.overlay.is_empty() {
                d.files += 1;
                d.bytes += node.overlay.bytes();
                d.extents += node.overlay.take().len();
            }
            node.file = None;
        }
        d
    }

    /// A clean shutdown: every file's unsynced data is written, as an orderly `sync` would.
    pub fn sync_all(&mut self) -> Res<()> {
        let inos: Vec<u64> = self.nodes.keys().copied().collect();
        for ino in inos {
            let path = self.path(ino);
            let node = self.node(ino)?;
            if node.overlay.is_empty() {
                continue;
            }
            if node.file.is_none() {
                // A file with no name left and no handle: its data is nobody's.
                let Ok(path) = path else { continue };
                node.file = Some(std::fs::OpenOptions::new().write(true).open(path)?);
            }
            self.sync(ino)?;
        }
        Ok(())
    }
}

fn time(secs: i64, nsecs: i64) -> SystemTime {
    UNIX_EPOCH + Duration::new(secs.max(0) as u64, nsecs.clamp(0, 999_999_999) as u32)
}

/// FUSE's attributes from the backing file's, with its size at least `end`.
pub fn attr_of(ino: u64, meta: &Metadata, end: u64) -> FileAttr {
    let ft = meta.file_type();
    FileAttr {
        ino: INodeNo(ino),
        size: meta.len().max(end),
        blocks: meta.blocks(),
        atime: time(meta.atime(), meta.atime_nsec()),
        mtime: time(meta.mtime(), meta.mtime_nsec()),
        ctime: time(meta.ctime(), meta.ctime_nsec()),
        crtime: time(meta.ctime(), meta.ctime_nsec()),
        kind: FileType::from_std(ft).unwrap_or(FileType::RegularFile),
        perm: (meta.mode() & 0o7777) as u16,
        nlink: meta.nlink() as u32,
        uid: meta.uid(),
        gid: meta.gid(),
        rdev: meta.rdev() as u32,
        blksize: 4096,
        flags: 0,
    }
}
