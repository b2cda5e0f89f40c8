//! The embedded engine: redb, for one terminal. The only code that imports redb.
//!
//! One [`Store`] per process. Every user-visible write is one durable write transaction
//! ([`Store::write`]); reads see a consistent snapshot ([`Store::read`]).

mod backup;
mod hq;
mod index;
mod legacy_wal;
mod open;
mod read;
mod rows;
mod scan;
#[cfg(any(test, feature = "testing"))]
mod sim;
mod tables;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod work;
mod write;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use redb::{Database, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, StorageError};

pub use backup::{same_file, stage_beside, swap_in};
pub use legacy_wal::log_path;
pub use open::raised_by_engine;
pub use read::Reader;
pub use tables::SCHEMA_VERSION;
pub use write::Writer;

// The port's vocabulary, which this engine's rows are read into.
pub(crate) use depot_store::{
    AuditEntry, Census, Claims, CountLine, CountRecord, End, Head, KitRecord, OperatorRecord,
    StockRow, StockScan, StoreError, Tag, Upsert,
};

use tables::{MAGIC, META};

/// One of redb's errors as the port's.
pub(crate) trait Fault {
    fn fault(self) -> StoreError;
}

impl Fault for StorageError {
    fn fault(self) -> StoreError {
        open::storage_error(Path::new(""), self)
    }
}

impl Fault for redb::TransactionError {
    fn fault(self) -> StoreError {
        match self {
            redb::TransactionError::Storage(e) => e.fault(),
            other => StoreError::Db(other.to_string()),
        }
    }
}

impl Fault for redb::TableError {
    fn fault(self) -> StoreError {
        match self {
            redb::TableError::Storage(e) => e.fault(),
            other => StoreError::Db(other.to_string()),
        }
    }
}

impl Fault for redb::CommitError {
    fn fault(self) -> StoreError {
        match self {
            redb::CommitError::Storage(e) => e.fault(),
            other => StoreError::Db(other.to_string()),
        }
    }
}

/// redb's results as the port's: `.db()` where a `?` would have converted the error.
pub(crate) trait Db<T> {
    fn db(self) -> Result<T, StoreError>;
}

impl<T, E: Fault> Db<T> for Result<T, E> {
    fn db(self) -> Result<T, StoreError> {
        self.map_err(Fault::fault)
    }
}

/// The engine beneath a store: redb, for reading and writing or for reading only; `Closed`
/// while the store is dropped.
enum Engine {
    Writable(Database),
    ReadOnly(ReadOnlyDatabase),
    Closed,
}

impl Engine {
    fn begin_read(&self) -> Result<ReadTransaction, redb::TransactionError> {
        match self {
            Engine::Writable(db) => db.begin_read(),
            Engine::ReadOnly(db) => db.begin_read(),
            Engine::Closed => Err(StorageError::DatabaseClosed.into()),
        }
    }
}

impl Drop for Store {
    /// redb closes a database by writing its allocator state, which reads pages: on a damaged
    /// file it may panic there (found by fuzzing), so the close is contained like any read. A
    /// file already found damaged is not closed at all: nothing more is written to it (redb
    /// can even panic twice while closing one, which no program survives), and the next open
    /// finds it as a crash left it.
    fn drop(&mut self) {
        let engine = std::mem::replace(&mut self.engine, Engine::Closed);
        if self.damaged.load(std::sync::atomic::Ordering::SeqCst) {
            std::mem::forget(engine);
            return;
        }
        let _ = open::quietly(&self.path, move || drop(engine));
    }
}

/// An open depot database.
pub struct Store {
    engine: Engine,
    path: PathBuf,
    /// redb stopped on an impossible page of this file (a contained panic).
    damaged: std::sync::atomic::AtomicBool,
}

/// The page cache redb may use; bounds memory on a million-row register.
const CACHE_BYTES: usize = 128 * 1024 * 1024;

/// Told how far the check of a database that was not closed cleanly has got (0 to 1), and told
/// 1 once it is done; redb checks the whole file then, which takes seconds on a big register.
pub type RepairNotice = fn(&Path, f64);

static REPAIR_NOTICE: OnceLock<RepairNotice> = OnceLock::new();

/// Sets, once per process, who is told about such a check (the front end, which has a screen).
pub fn on_repair(notice: RepairNotice) {
    let _ = REPAIR_NOTICE.set(notice);
}

/// What the `meta` table says a database is.
enum Found {
    /// A depot database of this schema.
    Depot,
    /// A redb file without tables: an init that never committed.
    Blank,
}

impl Store {
    /// Opens an existing database, or creates and initialises a new one.
    pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        open::open(path, open::Mode::Create)
    }

    /// Opens an existing database; a missing file is an error.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        open::open(path, open::Mode::Existing)
    }

    /// Opens an existing database for reading only: nothing is written to the file (unless redb
    /// must first recover it after a crash). `verify` uses it, so that checking a file never
    /// changes it.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        open::open(path, open::Mode::ReadOnly)
    }

    fn new(engine: Engine, path: &Path) -> Store {
        Store {
            engine,
            path: path.to_owned(),
            damaged: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// A fresh database in memory, for tests.
    pub fn in_memory() -> Result<Store, StoreError> {
        Self::with_backend(
            redb::backends::InMemoryBackend::new(),
            Path::new(":memory:"),
        )
    }

    /// A database on any redb storage backend (tests use one that simulates power cuts and
    /// failing disks), opened or created and initialised as a file would be.
    pub fn with_backend(
        backend: impl redb::StorageBackend,
        label: &Path,
    ) -> Result<Store, StoreError> {
        let db = Database::builder()
            .set_cache_size(CACHE_BYTES)
            .create_with_backend(backend)
            .map_err(|e| open::open_error(label, e))?;
        let store = Store::new(Engine::Writable(db), label);
        if !store.check()? {
            store.init()?;
        }
        Ok(store)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this is a depot database of this schema (`true`) or an empty redb file that an
    /// interrupted `init` left (`false`); any other file is refused.
    fn check(&self) -> Result<bool, StoreError> {
        match self.found()? {
            Some(Found::Depot) => {
                if let Engine::Writable(_) = self.engine {
                    self.drop_kept_head()?;
                }
                Ok(true)
            }
            Some(Found::Blank) => Ok(false),
            None => Err(StoreError::NotDepot(self.path.clone())),
        }
    }

    /// What the file is: a depot database of this schema, a blank redb file, or (`None`)
    /// another program's; a depot database of another schema is an error.
    fn found(&self) -> Result<Option<Found>, StoreError> {
        let txn = self.engine.begin_read().map_err(|e| self.located(e))?;
        let meta = match txn.open_table(META) {
            Ok(meta) => meta,
            Err(redb::TableError::TableDoesNotExist(_)) => {
                let blank = txn
                    .list_tables()
                    .map_err(|e| self.located(e))?
                    .next()
                    .is_none();
                return Ok(blank.then_some(Found::Blank));
            }
            Err(e) => return Err(self.located(e)),
        };
        let magic = meta.get("magic").map_err(|e| self.located(e))?;
        if magic.map(|v| v.value().to_vec()).as_deref() != Some(MAGIC) {
            return Ok(None);
        }
        let v = meta
            .get("schema_version")
            .map_err(|e| self.located(e))?
            .map(|v| v.value().to_vec())
            .unwrap_or_default();
        let Ok(v) = <[u8; 4]>::try_from(v) else {
            return Ok(None);
        };
        let found = u32::from_le_bytes(v);
        let (path, known) = (self.path.clone(), SCHEMA_VERSION);
        match found {
            v if v > SCHEMA_VERSION => Err(StoreError::NewerSchema { path, found, known }),
            v if v < SCHEMA_VERSION => Err(StoreError::OlderSchema { path, found, known }),
            _ => Ok(Some(Found::Depot)),
        }
    }

    /// A redb error, as a store error naming this database's file.
    fn located(&self, e: impl Fault) -> StoreError {
        e.fault().at(&self.path)
    }

    fn writable(&self) -> Result<&Database, StoreError> {
        match &self.engine {
            Engine::Writable(db) => Ok(db),
            Engine::ReadOnly(_) | Engine::Closed => Err(StoreError::ReadOnly(self.path.clone())),
        }
    }

    /// Earlier builds of schema 3 also kept the ledger head in `meta`, rewritten by every
    /// commit; it is now read from the ledger's last row. A head left there would go stale, so
    /// it is removed once, when such a database is opened.
    fn drop_kept_head(&self) -> Result<(), StoreError> {
        let kept = self
            .engine
            .begin_read()
            .db()?
            .open_table(META)
            .db()?
            .get("ledger_head")
            .db()?
            .is_some();
        if kept {
            // redb's default durability, `Immediate`, as in `write`.
            let txn = self.writable()?.begin_write().db()?;
            txn.open_table(META).db()?.remove("ledger_head").db()?;
            txn.commit().map_err(|e| self.located(e))?;
        }
        Ok(())
    }

    fn init(&self) -> Result<(), StoreError> {
        let txn = self.writable()?.begin_write().db()?;
        {
            for t in tables::TEXT_KEYED {
                txn.open_table(t).db()?;
            }
            let mut meta = txn.open_table(META).db()?;
            meta.insert("magic", MAGIC).db()?;
            meta.insert("schema_version", SCHEMA_VERSION.to_le_bytes().as_slice())
                .db()?;
            let now = chrono::Local::now().to_rfc3339();
            meta.insert("created", now.as_bytes()).db()?;
            txn.open_table(tables::LEDGER).db()?;
            txn.open_table(tables::INDEX).db()?;
            txn.open_table(tables::AUDIT).db()?;
            txn.open_table(tables::COUNTS).db()?;
            txn.open_table(tables::COUNT_SCANS).db()?;
            // A new database knows the shipped modules (EXCHANGE.md, modules.csv).
            let mut w = Writer::new(&txn)?;
            for m in depot_domain::shipped_modules() {
                w.put_module(&m)?;
            }
        }
        txn.commit().map_err(|e| self.located(e))?;
        Ok(())
    }

    /// Runs `f`, which reads this database, so that a panic redb raises on an impossible page of
    /// a damaged file comes back as [`StoreError::Damaged`] instead of ending the program.
    /// `verify` runs inside it: it reads every page a damaged file might have.
    pub fn contained<T>(&self, f: impl FnOnce() -> T) -> Result<T, StoreError> {
        let out = open::quietly(&self.path, f);
        if let Err(StoreError::Damaged { .. }) = out {
            self.damaged
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        out
    }

    /// A consistent read-only snapshot.
    pub fn read(&self) -> Result<Reader, StoreError> {
        Reader::new(self.engine.begin_read().map_err(|e| self.located(e))?)
    }

    /// Runs `f` in one write transaction. With `commit`, commits it durably
    /// (`Durability::Immediate`, redb's default: the commit returns once the disk has it) only
    /// if `f` succeeds, writing nothing on an error; without, aborts it: a dry run that does
    /// all the work and changes nothing.
    pub(crate) fn transact<T, E>(
        &self,
        commit: bool,
        f: impl FnOnce(Writer<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let txn = self
            .writable()?
            .begin_write()
            .map_err(|e| self.located(e))?;
        let out = f(Writer::new(&txn)?)?;
        if !commit {
            txn.abort().map_err(|e| self.located(e))?;
            return Ok(out);
        }
        txn.commit().map_err(|e| match self.located(e) {
            // A commit that failed on the disk (a write or a sync) may have left its pages in
            // the operating system's cache, where a later sync can still carry them to the
            // disk: only a restart tells whether it landed. A full disk refuses before anything
            // is written, so that answer stays plain.
            StoreError::Io { path, source } => StoreError::Unsure { path, source },
            e => e,
        })?;
        Ok(out)
    }
}

/// The port's operations on this engine: each one the engine's own.
mod port {
    use std::ops::ControlFlow;
    use std::path::Path;

    use depot_domain::movement::Movement;
    use depot_domain::replay::ItemFacts;
    use depot_domain::{
        Barcode, CatalogItem, Module, StandardLine, Stock, Target, Unit, Warehouse,
    };
    use depot_store::hq::{HqBundle, HqDepot, HqMovement};
    use depot_store::{Database, ReadTx, WriteTx};
    use rust_decimal::Decimal;

    use super::*;

    /// A visit the port drives: its callback's break ends the engine's loop.
    enum Stop {
        Store(StoreError),
        Break,
    }

    impl From<StoreError> for Stop {
        fn from(e: StoreError) -> Self {
            Stop::Store(e)
        }
    }

    fn until(flow: ControlFlow<()>) -> Result<(), Stop> {
        match flow {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => Err(Stop::Break),
        }
    }

    fn ended(r: Result<(), Stop>) -> Result<(), StoreError> {
        match r {
            Ok(()) | Err(Stop::Break) => Ok(()),
            Err(Stop::Store(e)) => Err(e),
        }
    }

    impl Database for Store {
        fn path(&self) -> &Path {
            Store::path(self)
        }
        fn contain(&self, f: &mut dyn FnMut()) -> Result<(), StoreError> {
            Store::contained(self, f)
        }
        fn read(&self) -> Result<depot_store::Reader, StoreError> {
            Ok(depot_store::Reader::new(Store::read(self)?))
        }
        fn transact(
            &self,
            commit: bool,
            f: &mut dyn FnMut(&mut depot_store::Writer<'_>) -> bool,
        ) -> Result<(), StoreError> {
            ended(Store::transact(self, commit, |mut w| {
                if f(&mut w) { Ok(()) } else { Err(Stop::Break) }
            }))
        }
        fn census(&self) -> Result<Census, StoreError> {
            Store::census(self)
        }
        fn backup_to(
            &self,
            dest: &Path,
            replace: bool,
            stop: &dyn Fn() -> bool,
        ) -> Result<Option<Census>, StoreError> {
            Store::backup_to(self, dest, replace, stop)
        }
    }

    impl ReadTx for Reader {
        fn units(&self) -> Result<Vec<Unit>, StoreError> {
            Reader::units(self)
        }
        fn warehouses(&self) -> Result<Vec<Warehouse>, StoreError> {
            Reader::warehouses(self)
        }
        fn catalog(&self) -> Result<Vec<CatalogItem>, StoreError> {
            Reader::catalog(self)
        }
        fn standards(&self) -> Result<Vec<StandardLine>, StoreError> {
            Reader::standards(self)
        }
        fn targets(&self) -> Result<Vec<Target>, StoreError> {
            Reader::targets(self)
        }
        fn stock_count(&self) -> Result<u64, StoreError> {
            Reader::stock_count(self)
        }
        fn ledger_head(&self) -> Result<(u64, [u8; 32]), StoreError> {
            Reader::ledger_head(self)
        }
        fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
            Reader::history(self, barcode)
        }
        fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
            Reader::barcodes_by(self, tag, value)
        }
        fn barcodes_by_date(
            &self,
            tag: Tag,
            from: chrono::NaiveDate,
            to: chrono::NaiveDate,
        ) -> Result<Vec<(chrono::NaiveDate, Barcode)>, StoreError> {
            Reader::barcodes_by_date(self, tag, from, to)
        }
        fn barcodes_starting(
            &self,
            prefix: &str,
            limit: usize,
        ) -> Result<Vec<Barcode>, StoreError> {
            Reader::barcodes_starting(self, prefix, limit)
        }
        fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
            Reader::meta(self, key)
        }
        fn operators(&self) -> Result<Vec<OperatorRecord>, StoreError> {
            Reader::operators(self)
        }
        fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
            Reader::operator(self, name)
        }
        fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
            Reader::audit_log(self)
        }
        fn counts(&self) -> Result<Vec<CountRecord>, StoreError> {
            Reader::counts(self)
        }
        fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
            Reader::count_scans(self, id)
        }
        fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
            Reader::count_lines(self, id)
        }
        fn codes_ignoring_case(&self, code: &str, limit: usize) -> Result<Vec<String>, StoreError> {
            Reader::codes_ignoring_case(self, code, limit)
        }
        fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
            Reader::kit(self, code)
        }
        fn kits(&self) -> Result<Vec<KitRecord>, StoreError> {
            Reader::kits(self)
        }
        fn hq_depots(&self) -> Result<Vec<HqDepot>, StoreError> {
            Reader::hq_depots(self)
        }
        fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
            Reader::hq_depot(self, code)
        }
        fn hq_bundles(&self, depot: &str) -> Result<Vec<HqBundle>, StoreError> {
            Reader::hq_bundles(self, depot)
        }
        fn hq_file(&self, depot: &str, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
            Reader::hq_file(self, depot, name)
        }
        fn hq_movements(
            &self,
            depot: &str,
            from: u64,
            to: u64,
        ) -> Result<Vec<HqMovement>, StoreError> {
            Reader::hq_movements(self, depot, from, to)
        }
        fn visit_stock(
            &self,
            f: &mut dyn FnMut(&str, StockRow<'_>) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(Reader::for_each_stock(self, |b, r| until(f(b, r))))
        }
        fn visit_stock_linked(
            &self,
            f: &mut dyn FnMut(&str, StockRow<'_>, Head) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(Reader::for_each_stock_linked(self, |b, r, h| {
                until(f(b, r, h))
            }))
        }
        fn visit_movements(
            &self,
            since: u64,
            f: &mut dyn FnMut(Movement) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(Reader::for_each_movement(self, since, |m| until(f(m))))
        }
        fn visit_movements_linked(
            &self,
            since: u64,
            f: &mut dyn FnMut(Movement, u64) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(Reader::for_each_movement_linked(self, since, |m, p| {
                until(f(m, p))
            }))
        }
        fn visit_scan(
            &self,
            from: End,
            f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(Reader::scan_stock(self, from, |b, s| {
                Ok::<_, Stop>(f(b, s))
            }))
        }
        fn visit_scan_claimed(
            &self,
            from: End,
            claims: &Claims,
            f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(Reader::scan_claimed(self, from, claims, |b, s| {
                until(f(b, s))
            }))
        }
        fn visit_stock_claimed(
            &self,
            from: End,
            claims: &Claims,
            f: &mut dyn FnMut(&str, StockRow<'_>) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(Reader::for_each_stock_claimed(
                self,
                from,
                claims,
                |b, r| until(f(b, r)),
            ))
        }
    }

    impl WriteTx for Writer<'_> {
        fn last_movement(&self, barcode: &str) -> Result<Option<Movement>, StoreError> {
            Writer::last_movement(self, barcode)
        }
        fn last_movement_near(
            &self,
            barcode: &str,
            now: chrono::DateTime<chrono::FixedOffset>,
            secs: i64,
        ) -> Result<Option<Movement>, StoreError> {
            Writer::last_movement_near(self, barcode, now, secs)
        }
        fn nearest_barcodes(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
            Writer::nearest_barcodes(self, code, n)
        }
        fn nearest_places(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
            Writer::nearest_places(self, code, n)
        }
        fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
            Writer::barcodes_by(self, tag, value)
        }
        fn checked_out_to(&self, place: &str) -> Result<Vec<Barcode>, StoreError> {
            Writer::checked_out_to(self, place)
        }
        fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
            Writer::history(self, barcode)
        }
        fn next_seq(&mut self) -> Result<u64, StoreError> {
            Writer::next_seq(self)
        }
        fn put_unit(&mut self, u: &Unit) -> Result<Upsert, StoreError> {
            Writer::put_unit(self, u)
        }
        fn put_warehouse(&mut self, w: &Warehouse) -> Result<Upsert, StoreError> {
            Writer::put_warehouse(self, w)
        }
        fn put_module(&mut self, m: &Module) -> Result<Upsert, StoreError> {
            Writer::put_module(self, m)
        }
        fn put_item(&mut self, c: &CatalogItem) -> Result<Upsert, StoreError> {
            Writer::put_item(self, c)
        }
        fn put_standard(&mut self, l: &StandardLine) -> Result<Upsert, StoreError> {
            Writer::put_standard(self, l)
        }
        fn put_target(&mut self, tg: &Target) -> Result<Upsert, StoreError> {
            Writer::put_target(self, tg)
        }
        fn operator_count(&self) -> Result<u64, StoreError> {
            Writer::operator_count(self)
        }
        fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
            Writer::operator(self, name)
        }
        fn put_operator(&mut self, o: &OperatorRecord) -> Result<(), StoreError> {
            Writer::put_operator(self, o)
        }
        fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError> {
            Writer::audit(self, e)
        }
        fn open_count(
            &mut self,
            scope: &str,
            module: Option<&str>,
            at: &str,
            by: &str,
        ) -> Result<u64, StoreError> {
            Writer::open_count(self, scope, module, at, by)
        }
        fn count(&self, id: u64) -> Result<Option<CountRecord>, StoreError> {
            Writer::count(self, id)
        }
        fn count_scan(
            &mut self,
            id: u64,
            barcode: &str,
            quantity: Decimal,
        ) -> Result<bool, StoreError> {
            Writer::count_scan(self, id, barcode, quantity)
        }
        fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
            Writer::count_scans(self, id)
        }
        fn close_count(&mut self, c: &CountRecord, at: &str, by: &str) -> Result<(), StoreError> {
            Writer::close_count(self, c, at, by)
        }
        fn put_count_lines(&mut self, id: u64, lines: &[CountLine]) -> Result<(), StoreError> {
            Writer::put_count_lines(self, id, lines)
        }
        fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
            Writer::count_lines(self, id)
        }
        fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
            Writer::kit(self, code)
        }
        fn put_kit(&mut self, k: &KitRecord) -> Result<(), StoreError> {
            Writer::put_kit(self, k)
        }
        fn tamper_stock(&mut self, s: &Stock) -> Result<(), StoreError> {
            Writer::tamper_stock(self, s)
        }
        fn tamper_movement(&mut self, m: &Movement) -> Result<(), StoreError> {
            Writer::tamper_movement(self, m)
        }
        fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
            Writer::hq_depot(self, code)
        }
        fn put_hq_depot(&mut self, d: &HqDepot) -> Result<(), StoreError> {
            Writer::put_hq_depot(self, d)
        }
        fn hq_bundle(&self, depot: &str, sha256: &str) -> Result<Option<HqBundle>, StoreError> {
            Writer::hq_bundle(self, depot, sha256)
        }
        fn put_hq_bundle(&mut self, b: &HqBundle) -> Result<(), StoreError> {
            Writer::put_hq_bundle(self, b)
        }
        fn put_hq_file(&mut self, depot: &str, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
            Writer::put_hq_file(self, depot, name, bytes)
        }
        fn append_hq_movements(
            &mut self,
            depot: &str,
            rows: &[HqMovement],
        ) -> Result<(), StoreError> {
            Writer::append_hq_movements(self, depot, rows)
        }
        fn hq_movement_hashes(
            &self,
            depot: &str,
            from: u64,
            to: u64,
        ) -> Result<Vec<(u64, [u8; 32])>, StoreError> {
            Writer::hq_movement_hashes(self, depot, from, to)
        }
        fn tamper_truncate(&mut self, seq: u64) -> Result<(), StoreError> {
            Writer::tamper_truncate(self, seq)
        }
        fn tamper_link(&mut self, seq: u64, prev: u64) -> Result<(), StoreError> {
            Writer::tamper_link(self, seq, prev)
        }
        fn tamper_hq_movement(&mut self, depot: &str, m: &HqMovement) -> Result<(), StoreError> {
            Writer::tamper_hq_movement(self, depot, m)
        }
        fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
            Writer::meta(self, key)
        }
        fn begin_batch(&mut self) {
            Writer::begin_batch(self)
        }
        fn end_batch(&mut self) -> Result<(), StoreError> {
            Writer::end_batch(self)
        }
        fn item_facts(&mut self, item: &str) -> Result<Option<ItemFacts>, StoreError> {
            Writer::item_facts(self, item)
        }
        fn stock_head(&self, barcode: &str) -> Result<Option<(Head, Stock)>, StoreError> {
            Writer::stock_head(self, barcode)
        }
        fn ledger_head(&mut self) -> Result<(u64, [u8; 32]), StoreError> {
            Writer::ledger_head(self)
        }
        fn append(&mut self, mv: &Movement, last: u64) -> Result<(), StoreError> {
            Writer::append(self, mv, last)
        }
        fn put_stock(
            &mut self,
            before: Option<&Stock>,
            after: &Stock,
            life_years: Option<u32>,
            head: Head,
        ) -> Result<(), StoreError> {
            Writer::put_stock(self, before, after, life_years, head)
        }
        fn put_meta_unchecked(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
            Writer::put_meta(self, key, value)
        }
    }
}
