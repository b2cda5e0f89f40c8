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
//! [`grant_statements`]' role), and one chain (another trigger refuses a movement that does not
//! follow the last one).

mod batch;
mod cache;
mod cells;
mod chain;
mod conn;
mod convert;
mod copy_in;
mod credentials;
mod geo;
mod hq;
mod hq_figures;
mod literal;
mod names;
mod notify;
mod port;
mod query;
mod reader;
mod roles;
mod schema;
mod sign_in;
mod statements;
mod tamper;
#[cfg(any(test, feature = "testing"))]
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

use chain::{CHAIN_WAIT, How, lock};
use conn::{Conn, Pool, Target};
use postgres::error::SqlState;
use query::{Fail, Res};
use writer::Commit;

use depot_domain::msg::store::StoreMsg;
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
            // Reading never changes the register, so a read does not upgrade it: said so,
            // rather than as a version depot cannot read.
            Some(v) if v < SCHEMA_VERSION && schema::upgrade_statements(v).is_some() => {
                return Err(StoreError::Msg(StoreMsg::UpgradeOnWrite {
                    at: store.pool.target.shown.clone(),
                    found: v.to_string(),
                    known: SCHEMA_VERSION.to_string(),
                }));
            }
            Some(v) => store.check(v)?,
            None if mode == Mode::Create => store.init(&mut c)?,
            None => return Err(StoreError::Missing(store.path())),
        }
        if !store.read_only {
            // Commits no lost connection will ask about again (`resolve`): not worth a failure.
            let _ = c.client.batch_execute("SELECT depot.prune_commits()");
        }
        store.pool.give(c);
        store
            .pool
            .patient
            .store(true, std::sync::atomic::Ordering::Relaxed);
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
        store
            .pool
            .patient
            .store(true, std::sync::atomic::Ordering::Relaxed);
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
    ///
    /// Terminals started together each find the older version: the version row is locked
    /// first and read again under the lock, so one of them upgrades and the others find it
    /// done.
    fn upgrade(&self, c: &mut Conn, found: u32) -> Result<(), StoreError> {
        if schema::upgrade_statements(found).is_none() {
            return self.check(found);
        }
        let run = (|| -> Res<Option<u32>> {
            c.client
                .batch_execute("BEGIN; LOCK TABLE depot.schema_version IN EXCLUSIVE MODE")?;
            let now = version(c)?.unwrap_or(found);
            match schema::upgrade_statements(now) {
                Some(sql) => c.client.batch_execute(&format!("{sql} COMMIT;"))?,
                None => c.client.batch_execute("COMMIT")?,
            }
            Ok(Some(now).filter(|v| *v >= SCHEMA_VERSION))
        })()
        .inspect_err(|_| {
            let _ = c.client.batch_execute("ROLLBACK");
        });
        let run = match run {
            Ok(Some(v)) => return self.check(v),
            Ok(None) => Ok(()),
            Err(Fail::Pg(e)) => Err(e),
            Err(Fail::Store(e)) => return Err(e),
        };
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
    ///
    /// `hint`: a barcode the transaction will read first (a scan's), read with the lock. With
    /// `turn`, the chain row is read but not locked: the transaction takes its turn at its
    /// commit (`writer/turn.rs`).
    fn begin(&self, hint: Option<&str>, turn: bool) -> Result<PgWriter<'_>, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path()));
        }
        let mut c = self.pool.take()?;
        let mut tries = 0;
        loop {
            tries += 1;
            let how = if turn && hint.is_some() {
                How::Look
            } else {
                How::Lock
            };
            match lock(&mut c, hint, how) {
                Ok(locked) => {
                    self.pool.cache.sync(&locked.generation);
                    let mut w = PgWriter::new(&self.pool, c, locked.head);
                    if let (How::Look, Some(h)) = (how, &locked.hinted) {
                        *w.turn.get_mut() = Some(writer::Turn::of(locked.generation.clone(), h));
                    }
                    w.generation = Some(locked.generation);
                    if let Some(h) = locked.hinted {
                        w.read_with_lock(h);
                    }
                    return Ok(w);
                }
                Err(Fail::Pg(e)) if conn::is_transient(&e) && tries < BEGIN_TRIES => {
                    let _ = c.client.batch_execute("ROLLBACK");
                    std::thread::sleep(std::time::Duration::from_millis(5 << tries));
                }
                // A pooled connection that the server closed meanwhile (a restart, a network
                // that dropped): again on a new one, made once the server answers.
                Err(Fail::Pg(e)) if conn::is_gone(&e) && tries < BEGIN_TRIES => {
                    c = self.pool.reconnect()?
                }
                Err(Fail::Pg(e)) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
                    let _ = c.client.batch_execute("ROLLBACK");
                    self.pool.give(c);
                    return Err(self.busy());
                }
                Err(e) => {
                    let _ = c.client.batch_execute("ROLLBACK");
                    return Err(e.at(&self.pool.target));
                }
            }
        }
    }

    /// What a write that waited for the chain longer than a writer may ([`CHAIN_WAIT`]) says:
    /// another program holds it, nothing was saved.
    fn busy(&self) -> StoreError {
        StoreError::said(
            format!(
                "another depot program has been saving to {} for more than {CHAIN_WAIT} s (an import?), so this action waited and was not saved; try again once it is done",
                self.pool.target.shown
            ),
            format!(
                "另一个 depot 程序向 {} 保存已超过 {CHAIN_WAIT} 秒（正在导入？），此次操作等待后未保存；请待其完成后重试",
                self.pool.target.shown
            ),
        )
    }

    /// Ends a write transaction: commits it (`Ok(true)`), after sending what is batched, with
    /// the chain row's move and the transaction's id in the same round trip as the COMMIT, or
    /// rolls it back; the connection goes back to the pool.
    ///
    /// The COMMIT does not wait for the server's disk (`synchronous_commit = off`, set as the
    /// transaction began): the chain's lock is released as soon as the commit is written, so
    /// the next terminal's scan goes on meanwhile. Before this returns, [`flush`] makes the
    /// commit durable. A connection that broke at the COMMIT or at that flush leaves the
    /// outcome unknown here; [`Self::resolve`] then finds it out on a new connection.
    ///
    /// A transaction that had yet to take its turn places its movement in the COMMIT's query
    /// and answers where ([`Ended::Placed`]), or, refused there because what it read changed,
    /// is rolled back ([`Ended::Missed`]) to be run again.
    fn end(
        &self,
        mut w: PgWriter<'_>,
        commit: Result<bool, StoreError>,
    ) -> Result<Ended, StoreError> {
        let id = w.id;
        let commit = commit.and_then(|c| {
            if c {
                w.commit_text().map(Some)
            } else {
                Ok(None)
            }
        });
        // A batch still being sent comes back first; its failure is the transaction's.
        let back = w.home();
        let commit = commit.and_then(|c| back.map(|()| c));
        let Some(mut c) = w.conn.into_inner() else {
            // Lost with the thread that sent a batch: the server rolls back as it closes.
            return commit.and(Err(StoreError::Db(
                "the connection was lost with the thread sending a batch".to_owned(),
            )));
        };
        let (text, sealed) = match commit {
            Ok(Some(Commit::Text(text))) => (text, None),
            Ok(Some(Commit::Placed { text, sealed })) => (text, Some(sealed)),
            Ok(Some(Commit::Nothing)) | Ok(None) => {
                if c.client.batch_execute("ROLLBACK").is_ok() {
                    self.pool.give(c);
                }
                return Ok(Ended::Done);
            }
            Err(e) => {
                if c.client.batch_execute("ROLLBACK").is_ok() {
                    self.pool.give(c);
                }
                return Err(e);
            }
        };
        let ended = |placed: Option<u64>| match (sealed, placed) {
            (Some(sealed), Some(placed)) if placed != sealed => {
                Ended::Placed(depot_store::Moved { sealed, placed })
            }
            _ => Ended::Done,
        };
        match self.commit(&mut c, &text) {
            Ok(placed) => {
                self.pool.give(c);
                Ok(ended(placed))
            }
            Err(e) if conn::broke(&e) => self.resolve(&id).map(ended),
            // A turn that waited too long for the chain: the statement before the COMMIT
            // failed, so nothing was committed (no need to look the id up, under that lock).
            Err(e) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
                let _ = c.client.batch_execute("ROLLBACK");
                self.pool.give(c);
                Err(self.busy())
            }
            Err(e) if e.code().map(SqlState::code) == Some(names::TURN_MISSED) => {
                let _ = c.client.batch_execute("ROLLBACK");
                self.pool.give(c);
                Ok(Ended::Missed)
            }
            Err(e) => {
                // Refused at the chain row's move or at commit (a deferred check): rolled
                // back, nothing saved; or refused at the flush after the commit, which is
                // then found and flushed again.
                let _ = c.client.batch_execute("ROLLBACK");
                match settled(&mut c, &id) {
                    Ok(Some(last)) => self.durable(c, &id).map(|()| ended(Some(last))),
                    Ok(None) => Err(self.pool.error(e)),
                    Err(_) => self.resolve(&id).map(ended),
                }
            }
        }
    }

    /// Sends the COMMIT's text followed, in the same simple query, by the flush that makes it
    /// durable ([`FLUSH`]): the server runs the flush as soon as the commit is written, with
    /// no round trip between, so the terminal waits for one flush of the log, not for the
    /// WAL writer's flush of its commit and then one of its own.
    ///
    /// Under a test that strikes between the commit and the flush (`testing::on_commit`), the
    /// two go in turn, so that there is a moment between them.
    ///
    /// Answers the value of the query's first row, if it has one: the seq a movement placed
    /// at the commit took (`statements::PLACE`).
    fn commit(&self, c: &mut Conn, text: &str) -> Result<Option<u64>, postgres::Error> {
        #[cfg(any(test, feature = "testing"))]
        if testing::armed(&self.pool) {
            testing::fault(&self.pool, c, testing::Moment::BeforeCommit);
            let placed = first_number(c.client.simple_query(text)?);
            testing::fault(&self.pool, c, testing::Moment::AfterCommit);
            return flush(c).map(|()| placed);
        }
        if skip_flush() {
            return Ok(first_number(c.client.simple_query(text)?));
        }
        Ok(first_number(
            c.client.simple_query(&format!("{text}; {FLUSH}"))?,
        ))
    }

    /// Makes the transaction `id` just committed on `c` durable before its answer.
    fn durable(&self, mut c: Conn, id: &[u8; 16]) -> Result<(), StoreError> {
        match flush(&mut c) {
            Ok(()) => {
                self.pool.give(c);
                Ok(())
            }
            Err(e) if conn::broke(&e) => self.resolve(id).map(|_| ()),
            Err(e) => Err(self.pool.error(e)),
        }
    }

    /// Finds out, on a new connection, whether the transaction `id`, whose COMMIT was sent on
    /// a connection that then broke, was committed: if so, makes it durable and answers done;
    /// if not, answers that nothing was saved ([`StoreMsg::ConnectionLost`]), which a caller
    /// may do again. Looked up under the chain's lock, which no transaction that might still
    /// commit then holds: the answer cannot change afterwards.
    ///
    /// Done, it answers the ledger's last movement as the transaction committed it.
    fn resolve(&self, id: &[u8; 16]) -> Result<Option<u64>, StoreError> {
        let started = std::time::Instant::now();
        let unknown = || {
            StoreError::Msg(StoreMsg::CommitUnknown {
                at: self.pool.target.shown.clone(),
                secs: started.elapsed().as_secs().to_string(),
            })
        };
        loop {
            let mut c = self.pool.reconnect().map_err(|_| unknown())?;
            let found = settled(&mut c, id).and_then(|found| {
                if found.is_some() {
                    flush(&mut c)?;
                }
                Ok(found)
            });
            match found {
                Ok(Some(last)) => {
                    self.pool.give(c);
                    return Ok(Some(last));
                }
                Ok(None) => {
                    self.pool.give(c);
                    return Err(StoreError::Msg(StoreMsg::ConnectionLost {
                        at: self.pool.target.shown.clone(),
                    }));
                }
                Err(e) if conn::broke(&e) && started.elapsed() < conn::AWAY_FOR => continue,
                Err(_) => return Err(unknown()),
            }
        }
    }

    /// Waits until every transaction committed so far, by any terminal, is on the server's
    /// disk: for what publishes data to someone else (an exchange bundle, a migration), which
    /// must not hand on a commit that a power cut could still take back.
    pub fn flush(&self) -> Result<(), StoreError> {
        let mut c = self.pool.take()?;
        let out = match flush(&mut c) {
            Err(e) if conn::broke(&e) => {
                c = self.pool.reconnect()?;
                flush(&mut c)
            }
            done => done,
        };
        out.map_err(|e| self.pool.error(e))?;
        self.pool.give(c);
        Ok(())
    }
}

/// Makes everything committed so far durable: a synchronous commit of its own, which waits
/// for the server's log to be flushed past its own record, and so past every commit written
/// before it (the log is flushed in order; terminals that flush at once share one flush).
/// `pg_logical_emit_message` gives the transaction something to commit (a message in the log,
/// read by nobody); it is allowed to any role and works at the default `wal_level`.
fn flush(c: &mut Conn) -> Result<(), postgres::Error> {
    if skip_flush() {
        return Ok(());
    }
    c.client.batch_execute(FLUSH)
}

/// The flush's text (see [`flush`]): a transaction of its own, committed as the simple query
/// ends, with the session's `synchronous_commit = on` (`conn.rs` sets it on every session).
const FLUSH: &str = "SELECT pg_logical_emit_message(true, 'depot.flush', '')";

/// Whether [`flush`] is skipped: `DEPOT_PG_SKIP_FLUSH=1`, honoured by debug builds only, for
/// the power-cut test's control run, which must then see acknowledged scans lost.
fn skip_flush() -> bool {
    static SKIP: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SKIP.get_or_init(|| {
        cfg!(debug_assertions) && std::env::var_os("DEPOT_PG_SKIP_FLUSH").is_some_and(|v| v == "1")
    })
}

/// The value of the first column of the first row among `messages`, as a number.
fn first_number(messages: Vec<postgres::SimpleQueryMessage>) -> Option<u64> {
    messages.into_iter().find_map(|m| match m {
        postgres::SimpleQueryMessage::Row(r) => r.get(0).and_then(|v| v.parse().ok()),
        _ => None,
    })
}

/// Whether the transaction `id` was committed, looked up under the chain's lock: if it was,
/// the ledger's last movement as it committed.
fn settled(c: &mut Conn, id: &[u8; 16]) -> Result<Option<u64>, postgres::Error> {
    // A transaction whose client went away keeps the lock until the server notices (at most
    // its idle-in-transaction timeout, a minute): waited for.
    let sql = format!(
        "BEGIN; SET LOCAL lock_timeout = '90s'; SELECT 1 FROM chain FOR UPDATE; \
         SELECT last_seq FROM commits WHERE id = {}",
        literal::one(&id.as_slice())
    );
    let mut statement = 0;
    let mut found = None;
    let out = c.client.simple_query(&sql).map(|ms| {
        for m in ms {
            match m {
                postgres::SimpleQueryMessage::CommandComplete(_) => statement += 1,
                postgres::SimpleQueryMessage::Row(r) if statement == 3 => {
                    found = Some(r.get(0).and_then(|v| v.parse().ok()).unwrap_or(0));
                }
                _ => {}
            }
        }
    });
    let _ = c.client.batch_execute("ROLLBACK");
    out.map(|()| found)
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

mod port_impl;

/// How a write transaction ended (`PgStore::end`).
pub(crate) enum Ended {
    /// Committed where it was sealed, or rolled back as asked.
    Done,
    /// Committed, its movement placed at another seq than it was sealed with.
    Placed(depot_store::Moved),
    /// Refused at its turn, what it read having changed: rolled back, to be run again.
    Missed,
}
