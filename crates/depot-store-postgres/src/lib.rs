//! The server engine: the register in a PostgreSQL database, for a depot with several
//! terminals. The only code that imports `postgres`.
//!
//! [`PgStore`] has the method set of redb's `Store` that the services use, and [`PgReader`]
//! and [`PgWriter`] those of its `Reader` and `Writer`, with the same meaning and the same
//! orders, so that the port can hand either engine to the services.
//!
//! Concurrency: any number of depot processes may write at once. Every write transaction is
//! READ COMMITTED and locks, as its first statement, the one row of `chain` (the ledger's last
//! movement) with `SELECT … FOR UPDATE`, sent with the BEGIN in one round trip, as the chain
//! row's move is sent with the COMMIT: every round trip under the lock holds up the other
//! terminals. For the same reason a program keeps the operators and reference data it read
//! between its transactions (`cache.rs`, with the rule that keeps them true). Writers therefore take turns from their first
//! statement to their commit: the ledger stays one chain (no fork, no gap), an asset scanned
//! at two terminals at once is checked out once (the second scan waits, then reads the first
//! one's commit), and the repeat guard sees the other terminal's scan. Readers take no lock
//! (REPEATABLE READ, READ ONLY), so a report never holds up a scan. The price: one commit (one
//! flush of the server's log) at a time, and a long import holds the scans up; a writer waits
//! for the chain at most 30 s and is then told why.
//!
//! Bulk writes ([`PgWriter::batched`]) go to the server with binary COPY inside the writer's
//! transaction. The schema (`schema.rs`) is relational and lives in the PostgreSQL schema
//! `depot`; the ledger is append-only in the database itself (a trigger, and the privileges of
//! [`grant_statements`]' role).

mod batch;
mod cache;
mod conn;
mod convert;
mod credentials;
mod hq;
mod port;
mod query;
mod reader;
mod schema;
mod tamper;
#[doc(hidden)]
pub mod testing;
mod tls;
mod upserts;
mod work;
mod writer;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::Arc;

pub use conn::redact;
pub use reader::PgReader;
pub use schema::{SCHEMA_VERSION, grant_statements};
pub use writer::PgWriter;

use conn::{Conn, Pool, Target};
use postgres::SimpleQueryMessage;
use postgres::error::SqlState;
use query::{Fail, Res};

use depot_store::StoreError;

/// How a store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An existing register; a database without one is an error.
    Existing,
    /// An existing register, or a new one created in a database without one.
    Create,
    /// An existing register, for reading only (`verify`).
    ReadOnly,
}

/// The magic value `meta` keeps, as redb's does.
const MAGIC: &[u8] = b"depot register";

/// How often a write transaction tries to begin when the server reports a serialization
/// failure or a deadlock there.
const BEGIN_TRIES: u32 = 5;

/// How long a write transaction waits for another to finish (seconds): writers take turns, and
/// a long import holds the others up.
const CHAIN_WAIT: u32 = if cfg!(test) { 2 } else { 30 };

/// A depot register in a PostgreSQL database. `Send + Sync`: threads share one (the TUI's
/// export thread), each read or write taking a connection of its own from a small pool.
pub struct PgStore {
    pool: Arc<Pool>,
    read_only: bool,
}

const _: () = {
    const fn shared<T: Send + Sync>() {}
    shared::<PgStore>();
    shared::<PgReader>();
};

impl PgStore {
    /// Opens the register in the database at `url` (a `postgres://` URL).
    pub fn open(url: &str, mode: Mode) -> Result<PgStore, StoreError> {
        let pool = Pool::new(Target::parse(url)?);
        let mut c = pool.take()?;
        let found = version(&mut c).map_err(|e| e.at(&pool.target))?;
        let store = PgStore {
            pool,
            read_only: mode == Mode::ReadOnly,
        };
        match found {
            Some(v) if v < SCHEMA_VERSION && !store.read_only => store.upgrade(&mut c, v)?,
            Some(v) => store.check(v)?,
            None if mode == Mode::Create => store.init(&mut c)?,
            None => return Err(StoreError::Missing(store.path())),
        }
        store.pool.give(c);
        Ok(store)
    }

    /// Creates the register (its schema and the shipped modules) in the database at `url`,
    /// which must not hold one yet.
    pub fn create(url: &str) -> Result<PgStore, StoreError> {
        let pool = Pool::new(Target::parse(url)?);
        let mut c = pool.take()?;
        let store = PgStore {
            pool,
            read_only: false,
        };
        if let Some(v) = version(&mut c).map_err(|e| e.at(&store.pool.target))? {
            return Err(StoreError::said(
                format!(
                    "{} already holds a depot register (schema version {v}); open it with --db, or give the URL of another database",
                    store.pool.target.shown
                ),
                format!(
                    "{} 中已有 depot 登记簿（数据结构版本 {v}）；请用 --db 打开它，或给出另一个数据库的 URL",
                    store.pool.target.shown
                ),
            ));
        }
        store.init(&mut c)?;
        store.pool.give(c);
        Ok(store)
    }

    /// Where the register is, for messages: `host:port/database`.
    pub fn location(&self) -> &str {
        &self.pool.target.shown
    }

    fn path(&self) -> PathBuf {
        PathBuf::from(&self.pool.target.shown)
    }

    fn check(&self, found: u32) -> Result<(), StoreError> {
        let (path, known) = (self.path(), SCHEMA_VERSION);
        match found {
            v if v > known => Err(StoreError::NewerSchema { path, found, known }),
            v if v < known => Err(StoreError::OlderSchema { path, found, known }),
            _ => Ok(()),
        }
    }

    /// Brings a register of an older schema version to this one, in one transaction; one
    /// depot does not know how to upgrade is refused as before.
    fn upgrade(&self, c: &mut Conn, found: u32) -> Result<(), StoreError> {
        let Some(sql) = schema::upgrade_statements(found) else {
            return self.check(found);
        };
        let run = c
            .client
            .batch_execute(&format!("BEGIN; {sql} COMMIT;"))
            .inspect_err(|_| {
                let _ = c.client.batch_execute("ROLLBACK");
            });
        match run {
            Ok(()) => Ok(()),
            Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => Err(StoreError::said(
                format!(
                    "the register at {} is of schema version {found}, and this depot upgrades it to {SCHEMA_VERSION} on opening, which needs the database owner's role (the one that ran `depot init`); open it once as that role, then the terminals' role works again",
                    self.pool.target.shown
                ),
                format!(
                    "{} 上的登记簿是数据结构版本 {found}，本程序打开时要把它升级到 {SCHEMA_VERSION}，这需要数据库所有者的角色（运行 `depot init` 的那个）；请用那个角色打开一次，之后各终端的角色即可照常使用",
                    self.pool.target.shown
                ),
            )),
            Err(e) => Err(self.pool.error(e)),
        }
    }

    /// Creates the schema and the shipped modules, in one transaction.
    fn init(&self, c: &mut Conn) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path()));
        }
        let pg = |e| self.pool.error(e);
        c.client.batch_execute("BEGIN").map_err(pg)?;
        let made = (|| -> Res<()> {
            c.client.batch_execute(&schema::create_statements())?;
            let version = SCHEMA_VERSION as i32;
            c.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[&version],
            )?;
            let created = chrono::Local::now().to_rfc3339();
            for (k, v) in [
                ("magic", MAGIC.to_vec()),
                ("schema_version", SCHEMA_VERSION.to_le_bytes().to_vec()),
                ("created", created.into_bytes()),
            ] {
                c.execute("INSERT INTO meta (key, value) VALUES ($1, $2)", &[&k, &v])?;
            }
            c.execute(
                "INSERT INTO chain (seq, hash) VALUES (0, $1)",
                &[&depot_domain::movement::GENESIS.as_slice()],
            )?;
            Ok(())
        })();
        if let Err(e) = made {
            let _ = c.client.batch_execute("ROLLBACK");
            return Err(e.at(&self.pool.target));
        }
        // Taken over by a writer for the modules, and given back after its commit.
        let taken = std::mem::replace(c, self.pool.connect()?);
        let head = (0, depot_domain::movement::GENESIS);
        let mut w = PgWriter::new(&self.pool, taken, head);
        let out = depot_domain::shipped_modules()
            .iter()
            .try_for_each(|m| w.put_module(m).map(drop));
        self.end(w, out.map(|()| true))?;
        Ok(())
    }

    /// Runs `f`, which reads this register. redb needs this to contain a panic on a damaged
    /// file; a server reports damage as errors, so here it only runs `f`.
    pub fn contained<T>(&self, f: impl FnOnce() -> T) -> Result<T, StoreError> {
        Ok(f())
    }

    /// A consistent read-only snapshot, on a connection of its own.
    pub fn read(&self) -> Result<PgReader, StoreError> {
        PgReader::begin(&self.pool)
    }

    /// Begins a write transaction: READ COMMITTED, its first statement the lock on the chain
    /// row. Only here can the server report a serialization failure or a deadlock for depot's
    /// transactions, and here it is tried again: after the lock a writer runs alone among
    /// depot's writers (the others wait for the lock before they touch anything), READ
    /// COMMITTED raises no serialization failures, and a lock wait for a row that another
    /// writer holds cannot arise, so no cycle of waits can form.
    fn begin(&self) -> Result<PgWriter<'_>, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path()));
        }
        let mut c = self.pool.take()?;
        let mut tries = 0;
        loop {
            tries += 1;
            match lock(&mut c) {
                Ok(locked) => {
                    self.pool.cache.sync(&locked.generation);
                    let mut w = PgWriter::new(&self.pool, c, locked.head);
                    w.generation = Some(locked.generation);
                    return Ok(w);
                }
                Err(Fail::Pg(e)) if conn::is_transient(&e) && tries < BEGIN_TRIES => {
                    let _ = c.client.batch_execute("ROLLBACK");
                    std::thread::sleep(std::time::Duration::from_millis(5 << tries));
                }
                // A pooled connection that the server closed meanwhile (a restart): once more
                // on a new one.
                Err(Fail::Pg(e)) if conn::is_gone(&e) && tries == 1 => c = self.pool.connect()?,
                Err(Fail::Pg(e)) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
                    let _ = c.client.batch_execute("ROLLBACK");
                    self.pool.give(c);
                    return Err(StoreError::said(
                        format!(
                            "another depot program has been saving to {} for more than {CHAIN_WAIT} s (an import?), so this action waited and was not saved; try again once it is done",
                            self.pool.target.shown
                        ),
                        format!(
                            "另一个 depot 程序向 {} 保存已超过 {CHAIN_WAIT} 秒（正在导入？），此次操作等待后未保存；请待其完成后重试",
                            self.pool.target.shown
                        ),
                    ));
                }
                Err(e) => {
                    let _ = c.client.batch_execute("ROLLBACK");
                    return Err(e.at(&self.pool.target));
                }
            }
        }
    }

    /// Ends a write transaction: commits it (`Ok(true)`), after sending what is batched, with
    /// the chain row's move in the same round trip as the COMMIT, or rolls it back; the
    /// connection goes back to the pool.
    fn end(&self, mut w: PgWriter<'_>, commit: Result<bool, StoreError>) -> Result<(), StoreError> {
        let commit = commit.and_then(|c| {
            if c {
                w.commit_text().map(Some)
            } else {
                Ok(None)
            }
        });
        let mut c = w.conn.into_inner();
        match commit {
            Ok(Some(text)) => match c.client.batch_execute(&text) {
                Ok(()) => {
                    self.pool.give(c);
                    Ok(())
                }
                Err(e) if e.as_db_error().is_some() => {
                    // Refused at the chain row's move or at commit (a deferred check): rolled
                    // back, nothing saved.
                    let _ = c.client.batch_execute("ROLLBACK");
                    Err(self.pool.error(e))
                }
                Err(e) => Err(StoreError::said(
                    format!(
                        "the connection to PostgreSQL at {} broke while this action was being saved ({e}): it may or may not have been saved, and depot cannot tell. Look it up in the register (the barcode's history) before doing it again",
                        self.pool.target.shown
                    ),
                    format!(
                        "保存此次操作时与 {} 上的 PostgreSQL 的连接断开（`{e}`）：它可能已保存，也可能没有，depot 无法判断。再次办理前请先在登记簿中查看（该条码的记录）",
                        self.pool.target.shown
                    ),
                )),
            },
            Ok(None) => {
                if c.client.batch_execute("ROLLBACK").is_ok() {
                    self.pool.give(c);
                }
                Ok(())
            }
            Err(e) => {
                if c.client.batch_execute("ROLLBACK").is_ok() {
                    self.pool.give(c);
                }
                Err(e)
            }
        }
    }
}

/// What a write transaction found once it held the chain row: the ledger's head, and the
/// generation of the reference data (`cache.rs`).
struct Locked {
    head: (u64, [u8; 32]),
    generation: cache::Generation,
}

/// Begins a write transaction on `c`, locks the chain row and reads the reference data's
/// generation: one round trip (one simple query of five statements).
fn lock(c: &mut Conn) -> Res<Locked> {
    // A writer waits for the chain at most CHAIN_WAIT seconds (then says so), and a depot
    // program that stalls inside a write transaction loses its session (and the lock) after a
    // minute, rather than holding up every terminal. The generation is a statement of its own,
    // after the lock: a statement that waited for the lock sees, in its other tables, what was
    // committed when it began, before the writer it waited for committed.
    let sql = format!(
        "BEGIN ISOLATION LEVEL READ COMMITTED; \
         SET LOCAL lock_timeout = '{CHAIN_WAIT}s'; \
         SET LOCAL idle_in_transaction_session_timeout = '60s'; \
         SELECT seq, encode(hash, 'hex') FROM chain FOR UPDATE; \
         SELECT encode(value, 'hex') FROM meta WHERE key = '{}'",
        cache::GENERATION
    );
    let (mut statement, mut chain, mut generation) = (0, None, None);
    for m in c.client.simple_query(&sql)? {
        match m {
            SimpleQueryMessage::CommandComplete(_) => statement += 1,
            SimpleQueryMessage::Row(r) if statement == 3 => {
                chain = Some((r.get(0).map(str::to_owned), r.get(1).map(str::to_owned)));
            }
            SimpleQueryMessage::Row(r) if statement == 4 => {
                generation = r.get(0).map(str::to_owned);
            }
            _ => {}
        }
    }
    let missing = || convert::corrupt("chain", "", "the chain row is missing");
    let (Some(seq), Some(hash)) = chain.ok_or_else(missing)? else {
        return Err(missing().into());
    };
    let seq: u64 = seq
        .parse()
        .map_err(|_| convert::corrupt("chain", &seq, "the sequence is not a number"))?;
    let hash = convert::unhex(&hash)
        .and_then(|h| <[u8; 32]>::try_from(h).ok())
        .ok_or_else(|| convert::corrupt("chain", seq, "a hash is not 32 bytes"))?;
    Ok(Locked {
        head: (seq, hash),
        generation,
    })
}

/// The schema version of the register in `c`'s database; `None` when it holds none.
fn version(c: &mut Conn) -> Res<Option<u32>> {
    let r = c.query_opt(
        "SELECT to_regclass('depot.schema_version') IS NOT NULL",
        &[],
    )?;
    let there: bool = r
        .map(|r| convert::col(&r, 0, "schema_version"))
        .transpose()?
        .unwrap_or(false);
    if !there {
        return Ok(None);
    }
    let r = c.query_opt("SELECT version FROM depot.schema_version", &[])?;
    let v: Option<i32> = r
        .map(|r| convert::col(&r, 0, "schema_version"))
        .transpose()?;
    let v = v.ok_or_else(|| {
        convert::corrupt("schema_version", "", "the schema's version row is missing")
    })?;
    Ok(Some(u32::try_from(v).unwrap_or(0)))
}

/// The host, port and database `url` names, completed as a connection would complete them
/// (`PGHOST`, `PGPORT` …): what names things kept per database outside it (the depot's key).
pub fn host_port_database(url: &str) -> Result<(String, u16, String), StoreError> {
    let target = Target::parse(url)?;
    let c = &target.config;
    let host = match c.get_hosts().first() {
        Some(::postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(::postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432);
    let db = c.get_dbname().or(c.get_user()).unwrap_or("").to_owned();
    Ok((host, port, db))
}

/// The port's operations on this engine: each one the engine's own.
mod port_impl {
    use std::ops::ControlFlow;
    use std::path::Path;

    use depot_domain::movement::Movement;
    use depot_domain::replay::ItemFacts;
    use depot_domain::{
        Barcode, CatalogItem, Module, StandardLine, Stock, Target, Unit, Warehouse,
    };
    use depot_store::hq::{HqBundle, HqDepot, HqMovement};
    use depot_store::{
        AuditEntry, Claims, CountLine, CountRecord, Database, End, Head, KitRecord, OperatorRecord,
        ReadTx, StockRow, StockScan, StoreError, Tag, Upsert, WriteTx,
    };
    use rust_decimal::Decimal;

    use crate::{PgReader, PgStore, PgWriter};

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

    impl Database for PgStore {
        fn path(&self) -> &Path {
            Path::new(self.location())
        }
        fn is_shared(&self) -> bool {
            true
        }
        fn read(&self) -> Result<depot_store::Reader, StoreError> {
            Ok(depot_store::Reader::new(PgStore::read(self)?))
        }
        fn transact(
            &self,
            commit: bool,
            f: &mut dyn FnMut(&mut depot_store::Writer<'_>) -> bool,
        ) -> Result<(), StoreError> {
            ended(PgStore::transact(self, commit, |mut w| {
                let ok = f(&mut w);
                (w, if ok { Ok(()) } else { Err(Stop::Break) })
            }))
        }
    }

    impl ReadTx for PgReader {
        fn units(&self) -> Result<Vec<Unit>, StoreError> {
            PgReader::units(self)
        }
        fn warehouses(&self) -> Result<Vec<Warehouse>, StoreError> {
            PgReader::warehouses(self)
        }
        fn catalog(&self) -> Result<Vec<CatalogItem>, StoreError> {
            PgReader::catalog(self)
        }
        fn standards(&self) -> Result<Vec<StandardLine>, StoreError> {
            PgReader::standards(self)
        }
        fn targets(&self) -> Result<Vec<Target>, StoreError> {
            PgReader::targets(self)
        }
        fn stock_count(&self) -> Result<u64, StoreError> {
            PgReader::stock_count(self)
        }
        fn ledger_head(&self) -> Result<(u64, [u8; 32]), StoreError> {
            PgReader::ledger_head(self)
        }
        fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
            PgReader::history(self, barcode)
        }
        fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
            PgReader::barcodes_by(self, tag, value)
        }
        fn barcodes_by_date(
            &self,
            tag: Tag,
            from: chrono::NaiveDate,
            to: chrono::NaiveDate,
        ) -> Result<Vec<(chrono::NaiveDate, Barcode)>, StoreError> {
            PgReader::barcodes_by_date(self, tag, from, to)
        }
        fn barcodes_starting(
            &self,
            prefix: &str,
            limit: usize,
        ) -> Result<Vec<Barcode>, StoreError> {
            PgReader::barcodes_starting(self, prefix, limit)
        }
        fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
            PgReader::meta(self, key)
        }
        fn operators(&self) -> Result<Vec<OperatorRecord>, StoreError> {
            PgReader::operators(self)
        }
        fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
            PgReader::operator(self, name)
        }
        fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
            PgReader::audit_log(self)
        }
        fn counts(&self) -> Result<Vec<CountRecord>, StoreError> {
            PgReader::counts(self)
        }
        fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
            PgReader::count_scans(self, id)
        }
        fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
            PgReader::count_lines(self, id)
        }
        fn codes_ignoring_case(&self, code: &str, limit: usize) -> Result<Vec<String>, StoreError> {
            PgReader::codes_ignoring_case(self, code, limit)
        }
        fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
            PgReader::kit(self, code)
        }
        fn kits(&self) -> Result<Vec<KitRecord>, StoreError> {
            PgReader::kits(self)
        }
        fn hq_depots(&self) -> Result<Vec<HqDepot>, StoreError> {
            PgReader::hq_depots(self)
        }
        fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
            PgReader::hq_depot(self, code)
        }
        fn hq_bundles(&self, depot: &str) -> Result<Vec<HqBundle>, StoreError> {
            PgReader::hq_bundles(self, depot)
        }
        fn hq_file(&self, depot: &str, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
            PgReader::hq_file(self, depot, name)
        }
        fn hq_movements(
            &self,
            depot: &str,
            from: u64,
            to: u64,
        ) -> Result<Vec<HqMovement>, StoreError> {
            PgReader::hq_movements(self, depot, from, to)
        }
        fn visit_stock(
            &self,
            f: &mut dyn FnMut(&str, StockRow<'_>) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(PgReader::for_each_stock(self, |b, r| until(f(b, r))))
        }
        fn visit_stock_linked(
            &self,
            f: &mut dyn FnMut(&str, StockRow<'_>, Head) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(PgReader::for_each_stock_linked(self, |b, r, h| {
                until(f(b, r, h))
            }))
        }
        fn visit_movements(
            &self,
            since: u64,
            f: &mut dyn FnMut(Movement) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(PgReader::for_each_movement(self, since, |m| until(f(m))))
        }
        fn visit_movements_linked(
            &self,
            since: u64,
            f: &mut dyn FnMut(Movement, u64) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(PgReader::for_each_movement_linked(self, since, |m, p| {
                until(f(m, p))
            }))
        }
        fn visit_scan(
            &self,
            from: End,
            f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(PgReader::scan_stock(self, from, |b, s| {
                Ok::<_, Stop>(f(b, s))
            }))
        }
        fn visit_scan_claimed(
            &self,
            from: End,
            claims: &Claims,
            f: &mut dyn FnMut(&str, StockScan<'_>) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(PgReader::scan_claimed(self, from, claims, |b, s| {
                until(f(b, s))
            }))
        }
        fn visit_stock_claimed(
            &self,
            from: End,
            claims: &Claims,
            f: &mut dyn FnMut(&str, StockRow<'_>) -> ControlFlow<()>,
        ) -> Result<(), StoreError> {
            ended(PgReader::for_each_stock_claimed(
                self,
                from,
                claims,
                |b, r| until(f(b, r)),
            ))
        }
    }

    impl WriteTx for PgWriter<'_> {
        fn last_movement(&self, barcode: &str) -> Result<Option<Movement>, StoreError> {
            PgWriter::last_movement(self, barcode)
        }
        fn last_movement_near(
            &self,
            barcode: &str,
            now: chrono::DateTime<chrono::FixedOffset>,
            secs: i64,
        ) -> Result<Option<Movement>, StoreError> {
            PgWriter::last_movement_near(self, barcode, now, secs)
        }
        fn nearest_barcodes(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
            PgWriter::nearest_barcodes(self, code, n)
        }
        fn nearest_places(&self, code: &str, n: usize) -> Result<Vec<String>, StoreError> {
            PgWriter::nearest_places(self, code, n)
        }
        fn barcodes_by(&self, tag: Tag, value: &str) -> Result<Vec<Barcode>, StoreError> {
            PgWriter::barcodes_by(self, tag, value)
        }
        fn checked_out_to(&self, place: &str) -> Result<Vec<Barcode>, StoreError> {
            PgWriter::checked_out_to(self, place)
        }
        fn history(&self, barcode: &str) -> Result<Vec<Movement>, StoreError> {
            PgWriter::history(self, barcode)
        }
        fn next_seq(&mut self) -> Result<u64, StoreError> {
            PgWriter::next_seq(self)
        }
        fn put_unit(&mut self, u: &Unit) -> Result<Upsert, StoreError> {
            PgWriter::put_unit(self, u)
        }
        fn put_warehouse(&mut self, w: &Warehouse) -> Result<Upsert, StoreError> {
            PgWriter::put_warehouse(self, w)
        }
        fn put_module(&mut self, m: &Module) -> Result<Upsert, StoreError> {
            PgWriter::put_module(self, m)
        }
        fn put_item(&mut self, c: &CatalogItem) -> Result<Upsert, StoreError> {
            PgWriter::put_item(self, c)
        }
        fn put_standard(&mut self, l: &StandardLine) -> Result<Upsert, StoreError> {
            PgWriter::put_standard(self, l)
        }
        fn put_target(&mut self, tg: &Target) -> Result<Upsert, StoreError> {
            PgWriter::put_target(self, tg)
        }
        fn operator_count(&self) -> Result<u64, StoreError> {
            PgWriter::operator_count(self)
        }
        fn operator(&self, name: &str) -> Result<Option<OperatorRecord>, StoreError> {
            PgWriter::operator(self, name)
        }
        fn put_operator(&mut self, o: &OperatorRecord) -> Result<(), StoreError> {
            PgWriter::put_operator(self, o)
        }
        fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError> {
            PgWriter::audit(self, e)
        }
        fn open_count(
            &mut self,
            scope: &str,
            module: Option<&str>,
            at: &str,
            by: &str,
        ) -> Result<u64, StoreError> {
            PgWriter::open_count(self, scope, module, at, by)
        }
        fn count(&self, id: u64) -> Result<Option<CountRecord>, StoreError> {
            PgWriter::count(self, id)
        }
        fn count_scan(
            &mut self,
            id: u64,
            barcode: &str,
            quantity: Decimal,
        ) -> Result<bool, StoreError> {
            PgWriter::count_scan(self, id, barcode, quantity)
        }
        fn count_scans(&self, id: u64) -> Result<Vec<(String, Decimal)>, StoreError> {
            PgWriter::count_scans(self, id)
        }
        fn close_count(&mut self, c: &CountRecord, at: &str, by: &str) -> Result<(), StoreError> {
            PgWriter::close_count(self, c, at, by)
        }
        fn put_count_lines(&mut self, id: u64, lines: &[CountLine]) -> Result<(), StoreError> {
            PgWriter::put_count_lines(self, id, lines)
        }
        fn count_lines(&self, id: u64) -> Result<Vec<CountLine>, StoreError> {
            PgWriter::count_lines(self, id)
        }
        fn kit(&self, code: &str) -> Result<Option<KitRecord>, StoreError> {
            PgWriter::kit(self, code)
        }
        fn put_kit(&mut self, k: &KitRecord) -> Result<(), StoreError> {
            PgWriter::put_kit(self, k)
        }
        fn tamper_stock(&mut self, s: &Stock) -> Result<(), StoreError> {
            PgWriter::tamper_stock(self, s)
        }
        fn tamper_movement(&mut self, m: &Movement) -> Result<(), StoreError> {
            PgWriter::tamper_movement(self, m)
        }
        fn hq_depot(&self, code: &str) -> Result<Option<HqDepot>, StoreError> {
            PgWriter::hq_depot(self, code)
        }
        fn put_hq_depot(&mut self, d: &HqDepot) -> Result<(), StoreError> {
            PgWriter::put_hq_depot(self, d)
        }
        fn hq_bundle(&self, depot: &str, sha256: &str) -> Result<Option<HqBundle>, StoreError> {
            PgWriter::hq_bundle(self, depot, sha256)
        }
        fn put_hq_bundle(&mut self, b: &HqBundle) -> Result<(), StoreError> {
            PgWriter::put_hq_bundle(self, b)
        }
        fn put_hq_file(&mut self, depot: &str, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
            PgWriter::put_hq_file(self, depot, name, bytes)
        }
        fn append_hq_movements(
            &mut self,
            depot: &str,
            rows: &[HqMovement],
        ) -> Result<(), StoreError> {
            PgWriter::append_hq_movements(self, depot, rows)
        }
        fn hq_movement_hashes(
            &self,
            depot: &str,
            from: u64,
            to: u64,
        ) -> Result<Vec<(u64, [u8; 32])>, StoreError> {
            PgWriter::hq_movement_hashes(self, depot, from, to)
        }
        fn tamper_truncate(&mut self, seq: u64) -> Result<(), StoreError> {
            PgWriter::tamper_truncate(self, seq)
        }
        fn tamper_link(&mut self, seq: u64, prev: u64) -> Result<(), StoreError> {
            PgWriter::tamper_link(self, seq, prev)
        }
        fn tamper_hq_movement(&mut self, depot: &str, m: &HqMovement) -> Result<(), StoreError> {
            PgWriter::tamper_hq_movement(self, depot, m)
        }
        fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
            PgWriter::meta(self, key)
        }
        fn stock_head(&self, barcode: &str) -> Result<Option<(Head, Stock)>, StoreError> {
            PgWriter::stock_head(self, barcode)
        }
        fn ledger_head(&mut self) -> Result<(u64, [u8; 32]), StoreError> {
            PgWriter::ledger_head(self)
        }
        fn append(&mut self, mv: &Movement, last: u64) -> Result<(), StoreError> {
            PgWriter::append(self, mv, last)
        }
        fn put_stock(
            &mut self,
            before: Option<&Stock>,
            after: &Stock,
            life_years: Option<u32>,
            head: Head,
        ) -> Result<(), StoreError> {
            PgWriter::put_stock(self, before, after, life_years, head)
        }
        fn item_facts(&mut self, item: &str) -> Result<Option<ItemFacts>, StoreError> {
            PgWriter::item_facts(self, item)
        }
        fn put_meta_unchecked(&mut self, key: &str, value: &[u8]) -> Result<(), StoreError> {
            PgWriter::put_meta(self, key, value)
        }
        fn begin_batch(&mut self) {
            PgWriter::begin_batch(self)
        }
        fn end_batch(&mut self) -> Result<(), StoreError> {
            PgWriter::end_batch(self)
        }
    }
}
