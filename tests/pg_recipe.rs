//! The README's recipe "Setting up PostgreSQL for a depot", run as a person runs it: its shell
//! block, cut from README.md's own text, pasted into `bash`; then the terminals' role it made
//! logs in and does a terminal's work through depot (the sample imported, an operator added,
//! a code scanned out with `depot scan`). A block that does not run as printed (a comment
//! inside the here-document reaching psql as SQL, say) fails here, where comparing its
//! statements with `grant_statements` cannot see it.
//!
//! What is substituted, and why — only what a person setting up their own server changes:
//! - `sudo -u postgres CMD` runs CMD as the test server's admin role (a superuser, from
//!   `DEPOT_TEST_PG`, given to CMD as `PGUSER`/`PGPASSWORD`): the throwaway server has no
//!   `postgres` account to become, and its superuser is that role. `sudo` is a shell function
//!   defined before the block; the block itself is unchanged.
//! - The server's address: `PGHOST`/`PGPORT` name the test server, for psql, createuser and
//!   createdb as for depot (whose URL `postgres://depot_owner@localhost/qz_depot` names no port,
//!   so `PGPORT` gives it, as libpq does).
//! - `depot` is this test's own binary, first on `PATH`.
//! - The owner's password, typed at `createuser --pwprompt`'s two prompts, comes on standard
//!   input (the block runs in a session of its own, with no terminal, so the prompt reads it
//!   there), and depot's `init` as the owner finds it in `PGPASSWORD`, one of the usual places.
//! - The names `qz_depot`, `depot_owner` and the role `"depot"` get a suffix of their own, so
//!   the test runs beside others on a shared server and leaves no role behind; the SQL is
//!   otherwise the README's, word for word.
//!
//! Skipped, with a line, where no PostgreSQL test server runs (`tools/test.sh` starts one; CI
//! requires it).
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Stdio};

use depot_domain::access::Role;
use depot_service::access;
use depot_service::store::{Access, Location};

use depot_testkit::recipe;
use depot_testkit::register::*;

const STATION: &str = "ZHAN-0102";

#[test]
fn the_readmes_recipe_runs_as_printed_and_its_role_scans() {
    let Some(site) = recipe::Site::new("") else {
        return;
    };
    let (host, port) = (&site.host, &site.port);
    let (admin_user, admin_pw) = (&site.admin_user, &site.admin_pw);
    let (database, owner, role) = (&site.database, &site.owner, &site.role);
    let block = recipe::readme("```sh\n", "\n```\n")
        .replace("qz_depot", database)
        .replace("depot_owner", owner)
        .replace("\"depot\"", &format!("\"{role}\""));

    // `depot` on PATH: this test's binary.
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_depot"), bin.path().join("depot")).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // `sudo -u postgres CMD …`: CMD as the server's superuser.
    let sudo = r#"sudo() { if [ "$1" = -u ] && [ "$2" = postgres ]; then shift 2; fi; PGUSER="$RECIPE_ADMIN" PGPASSWORD="$RECIPE_ADMIN_PW" "$@"; }"#;
    let owner_pw = "owner's pw";
    let mut child = Command::new("setsid")
        .args(["--wait", "bash", "-c", &format!("{sudo}\n{block}\n")])
        .env("PATH", path)
        .env("PGHOST", host)
        .env("PGPORT", port)
        .env("PGPASSWORD", owner_pw)
        .env("RECIPE_ADMIN", admin_user)
        .env("RECIPE_ADMIN_PW", admin_pw)
        .env("HOME", bin.path())
        .env_remove("PGUSER")
        .env_remove("PGDATABASE")
        .env_remove("PGPASSFILE")
        .env_remove("PGSERVICE")
        .env_remove("DEPOT_DB")
        .env_remove("DEPOT_OPERATOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bash (under setsid)");
    // The password typed at createuser's prompt, and again to confirm it.
    writeln!(child.stdin.take().unwrap(), "{owner_pw}\n{owner_pw}").unwrap();
    let out = child.wait_with_output().unwrap();
    let said = format!(
        "the recipe:\n{block}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("ERROR"),
        "{said}"
    );

    // A terminal, with the role's credentials: the sample imported, an operator added, and a
    // code scanned out through `depot scan`.
    let terminal = format!("postgres://{role}:change%20me@{host}:{port}/{database}");
    let store = depot_service::store::at(&Location::Server(terminal.clone()), Access::Existing)
        .unwrap_or_else(|e| panic!("the recipe's role cannot open the register: {e}\n{said}"));
    // The first operator signs in (the server holds the terminals' writes to them), as every
    // command of depot's does first.
    access::login(&store, OFFICER, None).unwrap();
    import_sample(&store);
    access::add_operator(&store, &ctx(OFFICER), "T1", Role::Quartermaster, None).unwrap();
    let code = ready_home_not_of(STATION)[0].barcode.clone();
    let head = store.read().unwrap().ledger_head().unwrap().0;
    drop(store);
    let mut scan = Command::new(env!("CARGO_BIN_EXE_depot"))
        .args(["--db", &terminal, "--lang", "en", "scan", "--mode", "out"])
        .args(["--to", STATION])
        .env("DEPOT_OPERATOR", "T1")
        .env_remove("DEPOT_PIN")
        .env_remove("DEPOT_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(scan.stdin.take().unwrap(), "{code}").unwrap();
    let out = scan.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with(&format!("OK {code}")),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = depot_service::store::at(&Location::Server(terminal), Access::Existing).unwrap();
    assert_eq!(store.read().unwrap().ledger_head().unwrap().0, head + 1);
}
