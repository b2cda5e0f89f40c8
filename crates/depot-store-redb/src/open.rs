//! Opening a database file, and saying plainly what is wrong with one that cannot be used.
//!
//! Before anything is written, the file is probed read-only: another program's file, a
//! database of a newer or older depot, a truncated or damaged file are each refused with their
//! own message while the file is left byte for byte as it was. Only a file that the probe finds
//! sound (or that redb must recover after a crash, which is what its recovery is for) is opened
//! for writing. redb panics on some impossible pages instead of returning an error; a panic while
//! opening is caught here and reported as a damaged file, never shown as a crash.

use depot_domain::msg::store::StoreMsg;
use std::cell::Cell;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::rc::Rc;

use redb::{Database, DatabaseError, ReadOnlyDatabase, StorageError};

use crate::{CACHE_BYTES, Engine, REPAIR_NOTICE, Store, StoreError, legacy_wal};

/// How a database is to be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// An existing database, for reading and writing.
    Existing,
    /// An existing database, or a new one created and initialised.
    Create,
    /// An existing database, never written to (unless redb must first recover it after a crash).
    ReadOnly,
}

/// What the read-only probe found.
enum Probe {
    /// A sound redb file, open read-only.
    Sound(ReadOnlyDatabase),
    /// A redb file that was not closed cleanly: redb recovers it when it is opened for writing.
    NeedsRecovery,
}

pub(super) fn open(path: &Path, mode: Mode) -> Result<Store, StoreError> {
    // Everything opening reads (the probe, recovery, the `meta` table) is contained.
    quietly(path, || open_contained(path, mode))?
}

fn open_contained(path: &Path, mode: Mode) -> Result<Store, StoreError> {
    if path.is_dir() {
        return Err(StoreError::IsDirectory(path.to_owned()));
    }
    legacy_wal::upgrade(path, check_copy)?;
    let existed = path.exists();
    if !existed && mode != Mode::Create {
        return Err(StoreError::Missing(path.to_owned()));
    }
    if existed {
        let len = std::fs::metadata(path)
            .map_err(|e| StoreError::io(path, e))?
            .len();
        if len == 0 {
            return Err(StoreError::Empty(path.to_owned()));
        }
        match probe(path)? {
            Probe::Sound(ro) => {
                let store = Store::new(Engine::ReadOnly(ro), path);
                let initialised = store.check()?;
                if mode == Mode::ReadOnly && initialised {
                    return Ok(store);
                }
            }
            Probe::NeedsRecovery => match recover_aside(path) {
                // No room for the copy: recover in place, as redb is designed to.
                Err(StoreError::DiskFull(_)) => {}
                other => other?,
            },
        }
    }
    let db = writable(path, existed)?;
    let store = Store::new(Engine::Writable(db), path);
    if !store.check()? {
        store.init()?;
    }
    Ok(store)
}

/// Opens `path` read-only, writing nothing to it.
fn probe(path: &Path) -> Result<Probe, StoreError> {
    let opened = quietly(path, || {
        let mut builder = Database::builder();
        builder.set_cache_size(CACHE_BYTES);
        builder.open_read_only(path)
    })?;
    match opened {
        Ok(ro) => Ok(Probe::Sound(ro)),
        Err(DatabaseError::RepairAborted) => Ok(Probe::NeedsRecovery),
        Err(e) => Err(open_error(path, e)),
    }
}

/// Opens (or creates) `path` for writing; redb recovers a file that was not closed cleanly,
/// saying so through the repair notice.
fn writable(path: &Path, existed: bool) -> Result<Database, StoreError> {
    writable_as(path, path, existed)
}

/// [`writable`] on `path`, saying `shown` in the repair notice (the file the user named, when
/// `path` is a copy of it).
fn writable_as(path: &Path, shown: &Path, existed: bool) -> Result<Database, StoreError> {
    let repaired = Rc::new(Cell::new(false));
    let notice = REPAIR_NOTICE.get().copied();
    let opened = quietly(path, || {
        let mut builder = Database::builder();
        builder.set_cache_size(CACHE_BYTES);
        if let Some(notice) = notice {
            let (at, seen) = (shown.to_owned(), Rc::clone(&repaired));
            builder.set_repair_callback(move |session| {
                seen.set(true);
                notice(&at, session.progress());
            });
        }
        builder.create(path)
    });
    let result = match opened {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(e)) => Err(open_error(path, e)),
        Err(e) => Err(e),
    };
    match result {
        Ok(db) => {
            if let Some(notice) = notice.filter(|_| repaired.get()) {
                notice(shown, 1.0);
            }
            Ok(db)
        }
        Err(e) => {
            // A file this call created is not left behind by a failed open.
            if !existed {
                let _ = std::fs::remove_file(path);
            }
            Err(e)
        }
    }
}

/// Recovers a file that was not closed cleanly without touching it until the recovery has
/// proved it a depot database: redb recovers a copy beside it, the copy is checked, synced and
/// renamed over the file. A damaged or foreign file that only looked like it needed recovery
/// is refused and left byte for byte as it was. The copy costs a moment of disk and time, only
/// after a crash, when redb's recovery reads the whole file anyway. Where the disk has no room
/// for the copy, the caller lets redb recover the file in place.
fn recover_aside(path: &Path) -> Result<(), StoreError> {
    let mut name = path.as_os_str().to_owned();
    name.push(".recovering");
    let copy = std::path::PathBuf::from(name);
    let recovered = (|| {
        std::fs::copy(path, &copy).map_err(|e| StoreError::io(&copy, e))?;
        let db = writable_as(&copy, path, true)?;
        let store = Store::new(Engine::Writable(db), &copy);
        if !store.check()? {
            // A blank redb file (an init that never committed) is as good as new.
            store.init()?;
        }
        drop(store);
        std::fs::File::open(&copy)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::io(&copy, e))
    })();
    if let Err(e) = recovered {
        let _ = std::fs::remove_file(&copy);
        // Errors name the file the user gave, not the copy.
        return Err(match e {
            StoreError::NotDepot(_) => StoreError::NotDepot(path.to_owned()),
            StoreError::Damaged { detail, .. } => StoreError::Damaged {
                path: path.to_owned(),
                detail,
            },
            StoreError::NewerSchema { found, known, .. } => StoreError::NewerSchema {
                path: path.to_owned(),
                found,
                known,
            },
            StoreError::OlderSchema { found, known, .. } => StoreError::OlderSchema {
                path: path.to_owned(),
                found,
                known,
            },
            other => other,
        });
    }
    std::fs::rename(&copy, path).map_err(|e| StoreError::io(path, e))?;
    legacy_wal::sync_dir(path).map_err(|e| StoreError::io(path, e))
}

/// Proves that `path` (a copy made by the upgrade from the old log) opens as a depot database.
pub(super) fn check_copy(path: &Path) -> Result<(), StoreError> {
    open(path, Mode::Existing).map(drop)
}

/// Runs `f`, turning a panic that redb raises inside it (it panics on some impossible pages of
/// a damaged file, where it cannot return an error) into a damaged file. Such a panic is not
/// printed: the error says what it means. A panic anywhere else is a bug of depot's and goes on
/// as it was raised.
pub(super) fn quietly<T>(path: &Path, f: impl FnOnce() -> T) -> Result<T, StoreError> {
    // While this thread unwinds from another panic (a store dropped on the way), the hook
    // cannot be touched and a second panic ends the program whatever is done here.
    if std::thread::panicking() {
        return Ok(f());
    }
    install_hook();
    let outer = CONTAINING.with(|c| c.replace(true));
    let out = catch_unwind(AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(outer));
    out.map_err(|panic| {
        if !IN_REDB.with(Cell::get) {
            std::panic::resume_unwind(panic);
        }
        StoreError::Damaged {
            path: path.to_owned(),
            detail: panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the storage engine stopped on an impossible page".to_owned()),
        }
    })
}

thread_local! {
    /// This thread runs inside [`quietly`].
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
    /// The last panic [`quietly`] saw on this thread was raised inside redb.
    static IN_REDB: Cell<bool> = const { Cell::new(false) };
}

/// Whether a panic was raised inside redb (on an impossible page of a damaged file, where it
/// cannot return an error), rather than in depot's own code.
pub fn raised_by_engine(info: &std::panic::PanicHookInfo<'_>) -> bool {
    info.location().is_some_and(|l| l.file().contains("/redb-"))
}

/// Puts, once, a panic hook in front of whatever hook the program has: a panic on a thread
/// inside [`quietly`] is noted and not printed; every other panic goes to the program's hook as
/// before. One hook for the whole process, so that threads opening stores at once never swap
/// hooks under each other.
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CONTAINING.with(Cell::get) {
                let redb = raised_by_engine(info);
                IN_REDB.with(|c| c.set(redb));
                if redb {
                    return;
                }
            }
            previous(info);
        }));
    });
}

/// What redb's refusal to open `path` means to a user.
pub(super) fn open_error(path: &Path, e: DatabaseError) -> StoreError {
    match e {
        DatabaseError::DatabaseAlreadyOpen | DatabaseError::LockProtocolMismatch => {
            StoreError::AlreadyOpen(path.to_owned())
        }
        DatabaseError::UpgradeRequired(_) => StoreError::NotDepot(path.to_owned()),
        DatabaseError::Storage(e) => storage_error(path, e),
        other => StoreError::Db(format!("{}: {other}", path.display())),
    }
}

/// What a failure of redb's storage means, for the file at `path`.
pub(super) fn storage_error(path: &Path, e: StorageError) -> StoreError {
    match e {
        StorageError::Corrupted(detail) => StoreError::Damaged {
            path: path.to_owned(),
            detail,
        },
        StorageError::Io(e) => match e.kind() {
            io::ErrorKind::WouldBlock => StoreError::AlreadyOpen(path.to_owned()),
            // redb reports a file without its magic number as InvalidData.
            io::ErrorKind::InvalidData => StoreError::NotDepot(path.to_owned()),
            // A file shorter than its own header says it is.
            io::ErrorKind::UnexpectedEof => StoreError::Damaged {
                path: path.to_owned(),
                detail: depot_store::TRUNCATED.into(),
            },
            _ => StoreError::io(path, e),
        },
        StorageError::PreviousIo => StoreError::Msg(StoreMsg::PreviousIo {
            path: path.display().to_string(),
        }),
        other => StoreError::Db(format!("{}: {other}", path.display())),
    }
}
