//! README's recipe for a depot on PostgreSQL, as the tests that run it take it: the shell block
//! or its SQL cut from README.md as printed, and a place on the test server with names of its
//! own for the recipe's database, owner and terminals' role, dropped when the test ends.

use std::str::FromStr;

/// The README's "Setting up PostgreSQL for a depot": the text between `open` (the first after
/// that heading) and `close`, as printed.
pub fn readme(open: &str, close: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let at = readme
        .find("**Setting up PostgreSQL for a depot**")
        .expect("the README has the recipe");
    let start = at + readme[at..].find(open).expect("its start") + open.len();
    let end = start + readme[start..].find(close).expect("its end");
    readme[start..end].to_owned()
}

/// Where a test runs the recipe: the test server (host, port, its admin), and the names the
/// recipe's database, owner and terminals' role take there. The database and the roles are
/// dropped when this is (the test passed or failed).
pub struct Site {
    pub admin: String,
    pub host: String,
    pub port: String,
    pub admin_user: String,
    pub admin_pw: String,
    pub database: String,
    pub owner: String,
    pub role: String,
}

impl Site {
    /// On the test server, with names tagged `tag` (one per test, so tests may run at once);
    /// `None` (the skip said) where there is none.
    pub fn new(tag: &str) -> Option<Site> {
        let admin = depot_store_postgres::testing::server()?;
        let cfg = postgres::Config::from_str(&admin).unwrap();
        let host = match cfg.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            other => panic!("the test server is reached over TCP, not {other:?}"),
        };
        let port = cfg.get_ports().first().copied().unwrap_or(5432).to_string();
        let admin_user = cfg.get_user().unwrap().to_owned();
        let admin_pw = String::from_utf8(cfg.get_password().unwrap_or_default().to_vec()).unwrap();
        let suffix = format!(
            "{tag}{:x}",
            std::process::id() ^ (chrono::Utc::now().timestamp() as u32)
        );
        Some(Site {
            database: format!("qz_depot_{suffix}"),
            owner: format!("depot_owner_{suffix}"),
            role: format!("depot_{suffix}"),
            admin,
            host,
            port,
            admin_user,
            admin_pw,
        })
    }

    /// The owner's role and its database, as the recipe's first lines make them (as the test
    /// server's admin); returns the owner's URL (password `owner pw`).
    pub fn owned_database(&self) -> String {
        let (owner, database) = (&self.owner, &self.database);
        let mut su = postgres::Client::connect(&self.admin, postgres::NoTls).unwrap();
        su.batch_execute(&format!(
            "CREATE ROLE \"{owner}\" LOGIN PASSWORD 'owner pw'"
        ))
        .unwrap();
        su.batch_execute(&format!("CREATE DATABASE \"{database}\" OWNER \"{owner}\""))
            .unwrap();
        self.url(owner, "owner%20pw")
    }

    /// The recipe's SQL (the terminals' role and what it may do), word for word but for the
    /// names, run in psql as the test server's admin, after `depot init` made the register;
    /// returns the terminals' URL (password `change me`).
    pub fn grant_recipe(&self) -> String {
        use std::io::Write as _;
        use std::process::{Command, Stdio};
        let sql = readme("<<'SQL'\n", "\nSQL\n")
            .replace("qz_depot", &self.database)
            .replace("\"depot\"", &format!("\"{}\"", self.role));
        let mut psql = Command::new("psql")
            .args([
                "-X",
                "-v",
                "ON_ERROR_STOP=1",
                "--single-transaction",
                &self.database,
            ])
            .env("PGHOST", &self.host)
            .env("PGPORT", &self.port)
            .env("PGUSER", &self.admin_user)
            .env("PGPASSWORD", &self.admin_pw)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run psql");
        psql.stdin
            .take()
            .unwrap()
            .write_all(sql.as_bytes())
            .unwrap();
        let out = psql.wait_with_output().unwrap();
        assert!(out.status.success(), "{sql}\n{out:?}");
        self.url(&self.role, "change%20me")
    }

    /// A URL of the recipe's database for `user` with `password` (written as in a URL).
    pub fn url(&self, user: &str, password: &str) -> String {
        format!(
            "postgres://{user}:{password}@{}:{}/{}",
            self.host, self.port, self.database
        )
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) else {
            return;
        };
        let _ = c.batch_execute(&format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.database
        ));
        for r in [&self.role, &self.owner] {
            let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{r}\""));
        }
    }
}
