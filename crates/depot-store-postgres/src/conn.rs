//! Connections: a small pool of `postgres::Client`s, each with its prepared statements, and
//! what PostgreSQL's errors mean to a user.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls, Row, Statement};

use crate::tls::Tls;
use depot_domain::msg::store::StoreMsg;
use depot_store::StoreError;

/// Where a store connects, as said in messages: `host:port/database` (never the password).
#[derive(Debug, Clone)]
pub struct Target {
    pub config: Config,
    pub shown: String,
    pub tls: Tls,
}

impl Target {
    /// Where `url` points, completed by PostgreSQL's usual conventions where it says nothing:
    /// `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, then `PGPASSWORD` or the password file
    /// (`PGPASSFILE`, default `~/.pgpass`).
    pub fn parse(url: &str) -> Result<Target, StoreError> {
        let var = |k: &str| std::env::var(k).ok();
        let url = &crate::credentials::with_port(url, var);
        let (rest, tls) = Tls::take(url, var).map_err(|e| StoreError::Said {
            en: format!(
                "'{}' cannot be used: {}; fix the URL given with --db or DEPOT_DB",
                redact(url),
                e.en
            ),
            zh: format!(
                "'{}' 无法使用：{}；请修正 --db 或 DEPOT_DB 给出的 URL",
                redact(url),
                e.zh
            ),
        })?;
        let mut config: Config = rest.parse().map_err(|e| {
            StoreError::Said {
                en: format!(
                    "'{}' is not a PostgreSQL connection URL ({e}); give one like postgres://USER:PASSWORD@HOST:5432/DATABASE with --db or DEPOT_DB",
                    redact(url)
                ),
                zh: format!(
                    "'{}' 不是 PostgreSQL 连接 URL（`{e}`）；请用 --db 或 DEPOT_DB 给出形如 postgres://用户:密码@主机:5432/数据库 的 URL",
                    redact(url)
                ),
            }
        })?;
        crate::credentials::complete(&mut config, var);
        config.ssl_mode(tls.mode.negotiation());
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => "localhost".to_owned(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let db = config
            .get_dbname()
            .or(config.get_user())
            .unwrap_or("")
            .to_owned();
        Ok(Target {
            shown: format!("{host}:{port}/{db}"),
            config,
            tls,
        })
    }

    /// Whether the server is reached through a Unix socket, where PostgreSQL has no TLS.
    fn unix(&self) -> bool {
        match self.config.get_hosts().first() {
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(_)) => true,
            _ => false,
        }
    }
}

/// A URL with its password (if any) replaced by `***`; in a `key=value` connection string,
/// the value of `password`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return redact_key_value(url);
    };
    let Some((auth, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// A `key=value` connection string with the value of `password` (quoted or not) as `***`.
fn redact_key_value(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let Some(at) = lower.find("password") else {
        return text.to_owned();
    };
    let after = &text[at + "password".len()..];
    let Some(eq) = after.find('=').filter(|i| after[..*i].trim().is_empty()) else {
        return text.to_owned();
    };
    let value = after[eq + 1..].trim_start();
    let start = text.len() - value.len();
    let end = if let Some(quoted) = value.strip_prefix('\'') {
        let mut esc = false;
        let close = quoted
            .char_indices()
            .find(|&(_, c)| {
                let done = c == '\'' && !esc;
                esc = c == '\\' && !esc;
                done
            })
            .map_or(quoted.len(), |(i, _)| i + 1);
        start + 1 + close
    } else {
        start + value.find(char::is_whitespace).unwrap_or(value.len())
    };
    format!("{}***{}", &text[..start], &text[end..])
}

/// A PostgreSQL error, as a store error that says what went wrong at `target` and what to do.
pub fn error(target: &Target, e: postgres::Error) -> StoreError {
    let at = &target.shown;
    let user = target.config.get_user().unwrap_or("(none)");
    if broke(&e) && crate::tls::failure::explain(at, &target.tls, target.unix(), &e).is_none() {
        // Only a statement inside a transaction meets this (a commit whose answer was lost is
        // resolved by `PgStore::end`): the server rolled the transaction back as it lost it.
        return StoreError::Msg(StoreMsg::ConnectionLost { at: at.clone() });
    }
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let detail = db.detail().map(|d| format!(" ({d})")).unwrap_or_default();
        let msg = db.message();
        if db.constraint() == Some(crate::names::LEDGER_CHAIN) {
            return StoreError::Msg(StoreMsg::LedgerChainRefused {
                at: at.clone(),
                refusal: msg.to_owned(),
            });
        }
        let (en, zh) = if *code == SqlState::INVALID_PASSWORD {
            (
                format!(
                    "PostgreSQL at {at} refused the password of user '{user}'; check the password in the URL (--db or DEPOT_DB)"
                ),
                format!(
                    "`{at}` 上的 PostgreSQL 拒绝了用户 '{user}' 的密码；请检查 URL（--db 或 DEPOT_DB）中的密码"
                ),
            )
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
            (
                format!(
                    "PostgreSQL at {at} does not let user '{user}' in ({msg}); ask its administrator to allow it (pg_hba.conf, the role's LOGIN)"
                ),
                format!(
                    "`{at}` 上的 PostgreSQL 不允许用户 '{user}' 登录（`{msg}`）；请其管理员放行（`pg_hba.conf`、角色的 `LOGIN` 权限）"
                ),
            )
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            (
                format!(
                    "there is no database at {at} ({msg}); create it (createdb) and run `depot init` with --db pointing at it"
                ),
                format!(
                    "`{at}` 处没有这个数据库（`{msg}`）；请先创建它（`createdb`），再用指向它的 --db 运行 `depot init`"
                ),
            )
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            (
                format!(
                    "PostgreSQL at {at} refused this to user '{user}': {msg}{detail}; the role needs the privileges of depot's recipe (README), or the action is not allowed (the ledger is append-only; a terminal writes only as the operator signed in, within their role)"
                ),
                format!(
                    "`{at}` 上的 PostgreSQL 拒绝用户 '{user}' 执行此操作（`{msg}{detail}`）；该角色需要 README 中 depot 配置步骤所列的权限，或者此操作本就不允许（台账只能追加；终端只能以已登录的操作员身份、在其角色范围内写入）"
                ),
            )
        } else if *code == SqlState::DISK_FULL {
            (
                format!(
                    "the disk of PostgreSQL at {at} is full ({msg}); nothing of this action was saved; free space on the server (its data folder), then do it again"
                ),
                format!(
                    "`{at}` 上 PostgreSQL 的磁盘已满（`{msg}`）；此次操作的任何内容都未保存；请在服务器上腾出空间（其数据文件夹所在磁盘），再重新办理"
                ),
            )
        } else if *code == SqlState::TOO_MANY_CONNECTIONS {
            (
                format!(
                    "PostgreSQL at {at} has no free connection ({msg}); close other programs or raise max_connections"
                ),
                format!(
                    "`{at}` 上的 PostgreSQL 没有空闲连接（`{msg}`）；请关闭其他程序，或调高 `max_connections`"
                ),
            )
        } else if *code == SqlState::FOREIGN_KEY_VIOLATION
            || *code == SqlState::UNIQUE_VIOLATION
            || *code == SqlState::CHECK_VIOLATION
            || *code == SqlState::NOT_NULL_VIOLATION
        {
            (
                format!(
                    "PostgreSQL at {at} refused the change: {msg}{detail}; nothing of this action was saved"
                ),
                format!(
                    "`{at}` 上的 PostgreSQL 拒绝了这项更改（`{msg}{detail}`）；此操作的任何内容都未保存"
                ),
            )
        } else if *code == SqlState::ADMIN_SHUTDOWN || *code == SqlState::CRASH_SHUTDOWN {
            (
                format!(
                    "PostgreSQL at {at} is shutting down ({msg}); try again once it is back; nothing of an unfinished action was saved"
                ),
                format!(
                    "`{at}` 上的 PostgreSQL 正在关闭（`{msg}`）；请等它恢复后重试；未完成的操作没有保存任何内容"
                ),
            )
        } else {
            (
                format!(
                    "PostgreSQL at {at}: {msg}{detail} (SQLSTATE {})",
                    code.code()
                ),
                format!(
                    "`{at}` 上的 PostgreSQL 报错（`{msg}{detail}`，SQLSTATE `{}`）",
                    code.code()
                ),
            )
        };
        return StoreError::Said { en, zh };
    }
    if let Some((en, zh)) = crate::tls::failure::explain(at, &target.tls, target.unix(), &e) {
        return StoreError::Said { en, zh };
    }
    let text = e.to_string();
    let source = std::error::Error::source(&e).map(|s| s.to_string());
    let io = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<std::io::Error>());
    if io.is_some()
        && let Some(host) = unresolved(target)
    {
        return StoreError::Said {
            en: format!(
                "cannot connect to PostgreSQL at {at}: the host name '{host}' cannot be resolved (no such name, or no DNS server answered); check the host of the URL given with --db or DEPOT_DB, and the network"
            ),
            zh: format!(
                "无法连接 `{at}` 上的 PostgreSQL：无法解析主机名 '{host}'（没有这个名称，或 DNS 服务器没有应答）；请检查 --db 或 DEPOT_DB 给出的 URL 中的主机名，以及网络"
            ),
        };
    }
    let zh = match io.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::ConnectionRefused) => format!(
            "无法连接 `{at}` 上的 PostgreSQL：连接被拒绝；服务器是否在运行并在那里监听？请检查 --db 或 DEPOT_DB 给出的 URL 中的主机和端口"
        ),
        Some(std::io::ErrorKind::TimedOut) => {
            format!("无法连接 `{at}` 上的 PostgreSQL：没有应答（超时）；请检查主机、网络和防火墙")
        }
        _ if e.is_closed() => {
            format!("与 `{at}` 上 PostgreSQL 的连接已关闭；正在保存的内容未保存（请重试）")
        }
        _ => format!(
            "无法使用 `{at}` 上的 PostgreSQL（`{}`）；请检查 --db 或 DEPOT_DB 给出的 URL、网络和服务器",
            match &source {
                Some(s) if !text.contains(s) => format!("{text}: {s}"),
                _ => text.clone(),
            }
        ),
    };
    let en = match io.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::ConnectionRefused) => format!(
            "cannot connect to PostgreSQL at {at}: connection refused; is the server running and listening there? Check the host and port of the URL given with --db or DEPOT_DB"
        ),
        Some(std::io::ErrorKind::TimedOut) => format!(
            "cannot connect to PostgreSQL at {at}: no answer (timed out); check the host, the network and any firewall"
        ),
        _ if e.is_closed() => format!(
            "the connection to PostgreSQL at {at} was closed; what was being saved was not saved (try again)"
        ),
        _ => match source {
            Some(s) if !text.contains(&s) => format!("PostgreSQL at {at}: {text}: {s}"),
            _ => format!("PostgreSQL at {at}: {text}"),
        },
    };
    StoreError::Said { en, zh }
}

/// The host name of `target` when it resolves to no address: a connection that failed there
/// failed on the name, not on the server.
fn unresolved(target: &Target) -> Option<String> {
    use std::net::ToSocketAddrs;
    let Some(postgres::config::Host::Tcp(host)) = target.config.get_hosts().first() else {
        return None;
    };
    if host.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    let port = target.config.get_ports().first().copied().unwrap_or(5432);
    let resolves = (host.as_str(), port)
        .to_socket_addrs()
        .is_ok_and(|mut addrs| addrs.next().is_some());
    (!resolves).then(|| host.clone())
}

/// Whether `e` says the connection is gone (closed, or ended by the server: a restart, an
/// administrator, a timeout), so that a new one may do what it could not.
pub fn is_gone(e: &postgres::Error) -> bool {
    broke(e) || e.as_db_error().is_some_and(|d| d.severity() == "FATAL")
}

/// Whether `e` says that a connection in use broke: closed under it (the network, the server
/// gone), or ended by the server (a restart, an administrator, a crash, a session timeout).
/// Whatever transaction it held was rolled back, unless its COMMIT had been sent.
pub fn broke(e: &postgres::Error) -> bool {
    use std::io::ErrorKind as K;
    let io = std::error::Error::source(e).and_then(|s| s.downcast_ref::<std::io::Error>());
    e.is_closed()
        // The socket failed under a connection in use (a TLS session's end unannounced too).
        || io.is_some_and(|io| {
            matches!(
                io.kind(),
                K::UnexpectedEof | K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe
            )
        })
        || e.code().is_some_and(|c| {
            [
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
                SqlState::IDLE_IN_TRANSACTION_SESSION_TIMEOUT,
                SqlState::IDLE_SESSION_TIMEOUT,
            ]
            .contains(c)
        })
}

/// Whether a connection could not be made because the server is not there yet: refused,
/// reset or unanswered, or starting up or shutting down; worth trying again in a moment.
fn unreachable(e: &postgres::Error) -> bool {
    use std::io::ErrorKind as K;
    let io = std::error::Error::source(e).and_then(|s| s.downcast_ref::<std::io::Error>());
    broke(e)
        || io.is_some_and(|io| {
            matches!(
                io.kind(),
                K::ConnectionRefused
                    | K::ConnectionReset
                    | K::ConnectionAborted
                    | K::NotConnected
                    | K::BrokenPipe
                    | K::TimedOut
                    | K::UnexpectedEof
            )
        })
}

/// Whether `e` is worth trying the transaction again: a serialization failure or a deadlock.
pub fn is_transient(e: &postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
    })
}

/// One connection and the statements prepared on it, by their text.
pub struct Conn {
    pub client: Client,
    prepared: HashMap<&'static str, Statement>,
    /// The sign-in it was made under ([`Pool::signed`]'s generation).
    signed: u64,
    /// Whether the session holds the plans the chain's lock and the COMMIT's simple query
    /// execute with literals (`chain::PLANS`): prepared once, so those statements are not
    /// planned again under the lock at every scan.
    pub plans: bool,
}

impl Conn {
    /// A statement, prepared once per connection.
    pub fn prepare(&mut self, sql: &'static str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.prepared.insert(sql, s.clone());
        Ok(s)
    }

    pub fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, postgres::Error> {
        let s = self.prepare(sql)?;
        self.client.query(&s, params)
    }

    pub fn query_opt(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        let s = self.prepare(sql)?;
        self.client.query_opt(&s, params)
    }

    pub fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, postgres::Error> {
        let s = self.prepare(sql)?;
        self.client.execute(&s, params)
    }
}

/// Connections not in use, where new ones go, and the reference data the store's write
/// transactions remember between them.
pub struct Pool {
    pub target: Target,
    idle: Mutex<Vec<Conn>>,
    pub cache: crate::cache::Cache,
    /// Set once the register was opened: from then on a server that does not answer is
    /// waited for (it restarts, the network comes back); before, it is an error at once (a
    /// wrong URL, a server that is not running).
    pub patient: std::sync::atomic::AtomicBool,
    /// Told when the connection broke and when it is back.
    hook: Mutex<Option<depot_store::LinkHook>>,
    /// What a test does to a write transaction's connection around its COMMIT.
    #[cfg(any(test, feature = "testing"))]
    pub faults: Mutex<Option<Fault>>,
    /// The operator signed in and the proof of their PIN, which signs every new connection in
    /// (`sign_in.rs`), and how many sign-ins there were: a connection of an earlier one is
    /// not kept.
    pub signed: Mutex<Signed>,
}

/// How long a program waits for a server that went away before it gives up on an action.
pub const AWAY_FOR: std::time::Duration = std::time::Duration::from_secs(120);

/// How many idle connections a store keeps.
const KEEP_IDLE: usize = 4;

impl Pool {
    pub fn new(target: Target) -> Arc<Pool> {
        Arc::new(Pool {
            target,
            idle: Mutex::new(Vec::new()),
            cache: crate::cache::Cache::default(),
            patient: std::sync::atomic::AtomicBool::new(false),
            hook: Mutex::new(None),
            #[cfg(any(test, feature = "testing"))]
            faults: Mutex::new(None),
            signed: Mutex::new(Signed::default()),
        })
    }

    /// A connection: an idle one, or a new one.
    pub fn take(&self) -> Result<Conn, StoreError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        if let Some(c) = idle
            && !c.client.is_closed()
        {
            return Ok(c);
        }
        self.connect()
    }

    /// A new connection; once the register was opened, a server that does not answer is
    /// waited for, up to [`AWAY_FOR`], the hook told, with longer and longer pauses between
    /// tries.
    pub fn connect(&self) -> Result<Conn, StoreError> {
        if !self.patient.load(std::sync::atomic::Ordering::Relaxed) {
            return self.connect_once().map_err(|e| self.error(e));
        }
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(50);
        let mut away = false;
        loop {
            match self.connect_once() {
                Ok(c) => {
                    if away {
                        self.tell(depot_store::Link::Back);
                    }
                    return Ok(c);
                }
                Err(e) if unreachable(&e) => {
                    if started.elapsed() >= AWAY_FOR {
                        return Err(StoreError::Msg(StoreMsg::ServerAway {
                            at: self.target.shown.clone(),
                            secs: started.elapsed().as_secs().to_string(),
                        }));
                    }
                    if !away {
                        away = true;
                        self.tell(depot_store::Link::Away);
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_secs(2));
                }
                Err(e) => return Err(self.error(e)),
            }
        }
    }

    /// A connection that broke: drops every idle one too (they went with the same server),
    /// and makes a new one as [`Self::connect`] does.
    pub fn reconnect(&self) -> Result<Conn, StoreError> {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.connect()
    }

    /// Says `link` to the hook, if one was set.
    pub fn tell(&self, link: depot_store::Link) {
        let hook = self
            .hook
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(h) = hook {
            h(link);
        }
    }

    pub fn on_link(&self, hook: depot_store::LinkHook) {
        *self.hook.lock().unwrap_or_else(PoisonError::into_inner) = Some(hook);
    }

    fn connect_once(&self) -> Result<Conn, postgres::Error> {
        let target = &self.target;
        // The crate's rustls connector cannot be given a socket (it wants a host name), and
        // PostgreSQL has no TLS there: plain, or the server's own refusal when TLS is required.
        let client = match &target.tls.connector {
            Some(tls) if !target.unix() => match target.config.connect(tls.clone()) {
                Err(e) if crate::tls::failure::handshake_failed(&target.tls, &e) => {
                    let mut plain = target.config.clone();
                    plain.ssl_mode(postgres::config::SslMode::Disable);
                    plain.connect(NoTls)
                }
                done => done,
            },
            _ => target.config.connect(NoTls),
        };
        let mut client = client?;
        // Every name below is depot's schema's; the session's time zone only matters to text,
        // and formats rows read as text (`cells`: the chain's lock reads a stock row so), as the
        // date style and the bytea output do; literals quote as standard SQL does (`literal`).
        // A commit outside a write transaction waits for the disk whatever the server's
        // default (the flush, `FLUSH`); a write transaction sets its own off.
        client.batch_execute(
            "SET search_path TO depot; SET TIME ZONE 'UTC'; SET standard_conforming_strings = on; \
             SET DateStyle = ISO; SET bytea_output = hex; SET synchronous_commit = on",
        )?;
        let Signed {
            generation: signed,
            who,
        } = self
            .signed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some((name, proof)) = who {
            again(&mut client, &name, proof.as_ref())?;
        }
        Ok(Conn {
            client,
            prepared: HashMap::new(),
            plans: false,
            signed,
        })
    }

    /// Takes `conn` back, once its transaction is over; a broken one is dropped.
    pub fn give(&self, conn: Conn) {
        let now = self
            .signed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .generation;
        if conn.client.is_closed() || conn.signed != now {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < KEEP_IDLE {
            idle.push(conn);
        }
    }

    pub fn error(&self, e: postgres::Error) -> StoreError {
        error(&self.target, e)
    }
}

/// Who is signed in on a store's connections (`Pool::signed`).
#[derive(Debug, Clone, Default)]
pub struct Signed {
    /// How many sign-ins there were: a connection made under an earlier one is not kept.
    pub generation: u64,
    /// The operator, and the proof of their PIN (none: they have none).
    pub who: Option<(String, Option<[u8; 32]>)>,
}

/// Signs a new connection in as the store's operator, with the proof they signed in with.
fn again(client: &mut Client, name: &str, proof: Option<&[u8; 32]>) -> Result<(), postgres::Error> {
    client.query_one(
        "SELECT depot.sign_in($1, $2)",
        &[&name, &proof.map(|p| p.as_slice())],
    )?;
    Ok(())
}

/// When a test's fault strikes a write transaction's connection.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// The transaction's work is done and its COMMIT not yet sent.
    BeforeCommit,
    /// The COMMIT was answered, and the flush that makes it durable not yet sent.
    AfterCommit,
    /// A read snapshot has begun, and nothing has been read in it yet.
    Read,
    /// A sign-in has its connection, and has asked the server nothing yet.
    SignIn,
}

/// What a test does at a [`Moment`], given the server process of the connection.
#[cfg(any(test, feature = "testing"))]
pub type Fault = Box<dyn FnMut(Moment, i32) + Send>;
