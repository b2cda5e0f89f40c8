//! The store's port: the contract through which the services, and only they, read and write
//! the register. A [`Reader`] is a consistent snapshot ([`ReadTx`]), a [`Writer`] one
//! transaction ([`WriteTx`]), committed whole or not at all. Each engine is a crate of its own
//! that implements [`Database`] and the two transaction traits: `depot-store-redb`, the
//! embedded file of a single terminal, and `depot-store-postgres`, the server a depot with
//! several terminals (or headquarters) runs. The ledger's rule (a movement replayed onto its
//! stock row and sealed into the hash chain) is the domain's
//! ([`depot_domain::replay::step`]), applied here once for every engine ([`Writer::apply`]), so
//! both persist the same movement and the same state.

#[cfg(any(test, feature = "testing"))]
pub mod contract;
mod error;
pub mod hq;
mod location;
mod read;
pub mod records;
pub mod scan;
pub mod visit;
mod write;

use std::any::Any;
use std::path::Path;

use depot_domain::msg::store::{Doing, StoreMsg};

use depot_domain::{CatalogItem, Module, Stock, Unit, Warehouse};

pub use error::{ApplyError, StoreError, TRUNCATED};
pub use location::{Access, Location};
pub use read::{ReadTx, Reader};
pub use records::{
    AuditEntry, CountLine, CountRecord, Head, KitRecord, OperatorRecord, Pin, RecipientRecord,
    SentRecord, SignIn,
};
pub use scan::{Claims, End};
pub use write::{WriteTx, Writer};

/// Look-ups that validation needs, whether it runs before or inside a write.
pub trait StockView {
    fn stock(&self, barcode: &str) -> Result<Option<Stock>, StoreError>;
    fn item(&self, code: &str) -> Result<Option<CatalogItem>, StoreError>;
    fn unit(&self, code: &str) -> Result<Option<Unit>, StoreError>;
    fn warehouse(&self, code: &str) -> Result<Option<Warehouse>, StoreError>;
    fn module(&self, code: &str) -> Result<Option<Module>, StoreError>;
    /// Every module, for resolving one given by name.
    fn modules(&self) -> Result<Vec<Module>, StoreError>;
}

/// The meta keys a database is created with, on either engine; [`Writer::put_meta`] leaves
/// them alone.
pub const CREATED_META: [&str; 3] = ["magic", "schema_version", "created"];

/// An engine's open database: what [`Store`] needs of it. The engines' crates implement it;
/// nothing above the store names an engine's own types.
pub trait Database: Send + Sync + Any {
    /// The file the database lives in; for a PostgreSQL database, `host:port/database`.
    fn path(&self) -> &Path;

    /// Whether several terminals may share it (a server).
    fn is_shared(&self) -> bool {
        false
    }

    /// Runs `f`, which reads this database, so that a panic the engine raises on an
    /// impossible page of a damaged file comes back as [`StoreError::Damaged`].
    fn contain(&self, f: &mut dyn FnMut()) -> Result<(), StoreError> {
        f();
        Ok(())
    }

    /// A consistent read-only snapshot.
    fn read(&self) -> Result<Reader, StoreError>;

    /// Runs `f` in one write transaction. `f` answers whether it succeeded: if not, nothing is
    /// written; if it did, the transaction is committed durably when `commit` is set (the
    /// commit returns once the engine has it on disk) and aborted otherwise (a dry run).
    fn transact(
        &self,
        commit: bool,
        f: &mut dyn FnMut(&mut Writer<'_>) -> bool,
    ) -> Result<(), StoreError>;

    /// [`Database::transact`] for a transaction that reads the stock row of `hint` first (a
    /// scan's barcode): a server reads it as it begins the transaction, a round trip less, and
    /// may let the transaction work before it takes its turn in the ledger's chain: it then
    /// places the movement at its commit after the head it finds there ([`Moved`]), or, when
    /// what the transaction read changed meanwhile, rolls it back and runs `f` again in turn
    /// (so `f` may run twice; its last run is the one committed).
    fn transact_for(
        &self,
        commit: bool,
        _hint: Option<&str>,
        f: &mut dyn FnMut(&mut Writer<'_>) -> bool,
    ) -> Result<Option<Moved>, StoreError> {
        self.transact(commit, f).map(|()| None)
    }

    /// Tells `hook` when the connection to the server broke and depot is making it again, and
    /// when it is back (a server engine's; a file has no connection to lose).
    fn on_link(&self, _hook: LinkHook) {}

    /// Signs `name` in where the engine checks sign-ins itself (a server, which holds the
    /// PINs and limits the attempts): `prove` makes the proof from the salt the server gives,
    /// and from then on this store's writes are that operator's. `None`: the engine leaves the
    /// check to the services (redb).
    fn sign_in(&self, _name: &str, _prove: Prove<'_>) -> Option<Result<SignIn, StoreError>> {
        None
    }

    /// Waits until every transaction committed so far, by any program, is durable (a server's
    /// terminals commit without waiting for its disk, and each flushes before it answers; what
    /// hands data on to someone else flushes after its snapshot too). A file's commits are
    /// durable when they return.
    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// How many rows each table holds (a database file's own census).
    fn census(&self) -> Result<Census, StoreError> {
        Err(not_a_file(self.path(), Doing::CountingTables))
    }

    /// Copies the whole database, from one snapshot, into a new file `dest`.
    fn backup_to(
        &self,
        _dest: &Path,
        _replace: bool,
        _stop: &dyn Fn() -> bool,
    ) -> Result<Option<Census>, StoreError> {
        Err(not_a_file(self.path(), Doing::ABackup))
    }
}

/// What a sign-in's proof of a PIN is: PBKDF2 of the PIN under the operator's salt, or `None`
/// when no PIN was given.
pub type Prove<'a> = &'a dyn Fn(&[u8; 16]) -> Option<[u8; 32]>;

/// What became of the connection to a server, for a front end to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The connection broke; depot is connecting again, waiting longer between tries.
    Away,
    /// Connected again after [`Link::Away`].
    Back,
}

/// What a front end does when the link to the server changes (see [`Database::on_link`]);
/// called on the thread that was using the connection.
pub type LinkHook = std::sync::Arc<dyn Fn(Link) + Send + Sync>;

/// An open depot database, on whichever engine.
pub struct Store {
    db: Box<dyn Database>,
}

impl Store {
    /// The store over an engine's open database.
    pub fn new(db: impl Database) -> Store {
        Store { db: Box::new(db) }
    }

    /// The engine behind this store, when it is a `D` (an engine's own tools and tests).
    pub fn engine<D: Database>(&self) -> Option<&D> {
        let any: &dyn Any = &*self.db;
        any.downcast_ref::<D>()
    }

    /// The file this store lives in; for a PostgreSQL database, `host:port/database`.
    pub fn path(&self) -> &Path {
        self.db.path()
    }

    /// Waits until every commit so far is durable (see [`Database::flush`]).
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()
    }

    /// Tells `hook` when the connection to the server breaks and comes back (PostgreSQL).
    pub fn on_link(&self, hook: LinkHook) {
        self.db.on_link(hook)
    }

    /// Signs `name` in on an engine that checks sign-ins itself (see [`Database::sign_in`]).
    pub fn sign_in(&self, name: &str, prove: Prove<'_>) -> Option<Result<SignIn, StoreError>> {
        self.db.sign_in(name, prove)
    }

    /// Whether this is a PostgreSQL database (several terminals may share it).
    pub fn is_shared(&self) -> bool {
        self.db.is_shared()
    }

    /// Runs `f`, which reads this database, so that a panic the engine raises on an impossible
    /// page of a damaged file comes back as [`StoreError::Damaged`] instead of ending the
    /// program.
    pub fn contained<T>(&self, f: impl FnOnce() -> T) -> Result<T, StoreError> {
        let (mut f, mut out) = (Some(f), None);
        self.db.contain(&mut || out = f.take().map(|f| f()))?;
        out.ok_or_else(|| StoreError::Damaged {
            path: self.path().to_path_buf(),
            detail: "the read stopped before it ended".to_owned(),
        })
    }

    /// A consistent read-only snapshot.
    pub fn read(&self) -> Result<Reader, StoreError> {
        self.db.read()
    }

    /// Runs `f` in one write transaction and commits it durably only if `f` succeeds (the
    /// commit returns once the engine has it on disk); on an error nothing is written.
    pub fn write<T, E>(&self, f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.transact(true, f)
    }

    /// [`Store::write`] for a transaction that reads the stock row of `barcode` first (a
    /// scan): the engine may read it as the transaction begins, and may run `f` twice
    /// ([`Database::transact_for`]). The seq of a movement the engine placed elsewhere in the
    /// chain than `f` sealed it for is renumbered in what `f` returned ([`Renumber`]).
    pub fn write_for<T: Renumber, E>(
        &self,
        barcode: &str,
        mut f: impl FnMut(&mut Writer<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut out = None;
        let done = self.db.transact_for(true, Some(barcode), &mut |w| {
            let r = f(w);
            let ok = r.is_ok();
            out = Some(r);
            ok
        });
        let moved = done.as_ref().ok().copied().flatten();
        outcome(done.map(|_| ()), out).map(|mut t| {
            if let Some(m) = moved {
                t.renumber(m);
            }
            t
        })
    }

    /// Runs `f` in a write transaction and then aborts it: a dry run that does all the work
    /// and changes nothing.
    pub fn trial<T, E>(&self, f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.transact(false, f)
    }

    fn transact<T, E>(
        &self,
        commit: bool,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let (mut f, mut out) = (Some(f), None);
        let done = self.db.transact(commit, &mut |w| {
            let Some(f) = f.take() else { return false };
            let r = f(w);
            let ok = r.is_ok();
            out = Some(r);
            ok
        });
        outcome(done, out)
    }

    /// How many rows each table holds.
    pub fn census(&self) -> Result<Census, StoreError> {
        self.db.census()
    }

    /// Copies the whole database, from one snapshot, into a new file `dest` (see
    /// `service::backup`).
    pub fn backup_to(
        &self,
        dest: &Path,
        replace: bool,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Census>, StoreError> {
        self.db.backup_to(dest, replace, stop)
    }
}

/// What a write transaction answers: what `f` returned (`out`, its last run), or the engine's
/// error in ending it (`done`).
fn outcome<T, E>(done: Result<(), StoreError>, out: Option<Result<T, E>>) -> Result<T, E>
where
    E: From<StoreError>,
{
    match (done, out) {
        (Ok(()), Some(r)) => r,
        (Err(e), Some(Err(mine))) => {
            // The engine's error came from ending a transaction `f` had already failed.
            drop(e);
            Err(mine)
        }
        (Err(e), _) => Err(e.into()),
        (Ok(()), None) => Err(StoreError::Msg(StoreMsg::WriteNotRun).into()),
    }
}

/// The refusal of a file's own operation on a server's database.
pub fn not_a_file(path: &Path, doing: Doing) -> StoreError {
    StoreError::NotAFile {
        path: path.to_owned(),
        doing,
    }
}

/// The kinds of secondary index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Owner = b'o' as isize,
    Item = b'i' as isize,
    Module = b'm' as isize,
    /// Only statuses other than ready.
    Status = b's' as isize,
    /// Assets by life-end date (YYYYMMDD).
    LifeEnd = b'e' as isize,
    /// Lots by expiry date (YYYYMMDD).
    Expiry = b'x' as isize,
}

/// A movement that a server placed at its commit after the ledger's head as it found it
/// there, not after the head it was sealed to follow (other terminals committed meanwhile):
/// the seq it was sealed with and the seq it has. At most one movement a transaction is
/// placed so; its hash is the server's, computed as the domain computes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub sealed: u64,
    pub placed: u64,
}

/// What a transaction returns that names its movements by seq: told where a movement was
/// placed ([`Store::write_for`]), it names that one by the seq it has.
pub trait Renumber {
    fn renumber(&mut self, moved: Moved);
}

impl Renumber for () {
    fn renumber(&mut self, _: Moved) {}
}

impl<T: Renumber> Renumber for Vec<T> {
    fn renumber(&mut self, moved: Moved) {
        self.iter_mut().for_each(|t| t.renumber(moved));
    }
}

impl<T: Renumber> Renumber for Option<T> {
    fn renumber(&mut self, moved: Moved) {
        if let Some(t) = self {
            t.renumber(moved);
        }
    }
}

/// What an upsert found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    New,
    Changed,
    Same,
}

/// What a snapshot holds: rows per table (in the engine's's order, tables that do not exist
/// left out) and the ledger's last movement with its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Census {
    pub tables: Vec<(String, u64)>,
    pub ledger: (u64, [u8; 32]),
}
