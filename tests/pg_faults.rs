//! Terminals that outlive a failing PostgreSQL server (issue 22). Eight `depot scan`
//! processes scan overlapping codes, as in `pg_terminals.rs`, on a server of this test's own
//! (`tools/pg.sh`, another cluster than the suite's, which the other tests share) while:
//!
//! - the server is restarted at once, as a crash would (`pg_ctl restart -m immediate`), twice;
//! - the terminals' server processes are ended again and again (`pg_terminate_backend`), some
//!   of them between a COMMIT and its answer;
//! - the disk holding the database fills up, and is freed again.
//!
//! After each: every scan answered OK is in the ledger once (none lost, none doubled), the
//! chain verifies, every terminal answered every line without being restarted, and a refusal
//! is one a person can act on. Skipped, with a line, where no PostgreSQL test server runs.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use depot_service::verify;

use depot_testkit::terminals::{self, Answered, Feed};

const TERMINALS: usize = 8;
const SCANS: usize = 600;
const CODES: usize = 200;

/// A PostgreSQL cluster of this test's own, stopped and removed when dropped. One at a time:
/// each test runs eight terminals and a server on the machine's few cores.
struct Server {
    state: PathBuf,
    admin: String,
    _alone: std::sync::MutexGuard<'static, ()>,
}

static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Server {
    /// Starts one; `None` (with the line said) where the suite has no test server.
    fn start(name: &str) -> Option<Server> {
        depot_store_postgres::testing::server()?;
        let alone = ALONE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let state = std::env::temp_dir().join(format!("depot-pg-{name}-{}", std::process::id()));
        let _ = std::fs::remove_file(&state);
        let out = pg_sh(&state, "start");
        let admin = out
            .lines()
            .find_map(|l| l.strip_prefix("export DEPOT_TEST_PG="))
            .unwrap_or_else(|| panic!("tools/pg.sh start gave no URL: {out}"))
            .to_owned();
        Some(Server {
            state,
            admin,
            _alone: alone,
        })
    }

    /// A new database on it, and its URL.
    fn database(&self, name: &str, extra: &str) -> String {
        let mut c = postgres::Client::connect(&self.admin, postgres::NoTls).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name} {extra}"))
            .unwrap();
        let (base, _) = self.admin.rsplit_once('/').unwrap();
        format!("{base}/{name}")
    }

    fn restart(&self) {
        pg_sh(&self.state, "restart");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        pg_sh(&self.state, "stop");
    }
}

fn pg_sh(state: &Path, what: &str) -> String {
    let out = Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/pg.sh"))
        .arg(what)
        .env("PG_STATE", state)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tools/pg.sh {what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Eight terminals on `url`, and `meanwhile` done to the server while they scan (it opens the
/// gate, after which the second half of each terminal's codes is sent); their answers, checked
/// as `pg_terminals.rs` checks them, `allowed` adding the refusals this fault may cause (it
/// gets the reason and the answer's place).
fn under(
    url: &str,
    meanwhile: impl FnOnce(&AtomicBool),
    allowed: &dyn Fn(&str, usize) -> bool,
) -> Vec<Answered> {
    let (store, codes) = terminals::register(url, TERMINALS, CODES);
    let before = store.read().unwrap().ledger_head().unwrap().0;
    let gate = Arc::new(AtomicBool::new(false));
    let feed = Feed {
        bin: Path::new(env!("CARGO_BIN_EXE_depot")),
        url,
        codes: &codes,
        terminals: TERMINALS,
        scans: SCANS,
        gate_at: Some(SCANS / 2),
        gate: gate.clone(),
    };
    let running = terminals::start(&feed);
    meanwhile(&gate);
    gate.store(true, Ordering::SeqCst);
    let answered = terminals::finish(running);
    let oks = terminals::check(&store, before, &answered, SCANS, &|rest, i| {
        terminals::refused_by_the_rules(rest) || allowed(rest, i)
    });
    assert!(oks > 100, "the terminals did work: {oks} scans applied");
    // Every terminal carried on after the fault: each scan sent after it was applied, or
    // refused by the rules (another terminal had checked the code out or in first), never by
    // the fault; and scans were applied.
    let mut after = 0;
    for a in &answered {
        for l in &a.lines[SCANS / 2..] {
            let rules = l
                .strip_prefix("ERROR ")
                .and_then(|l| l.split_once(' '))
                .is_some_and(|(_, rest)| terminals::refused_by_the_rules(rest));
            assert!(
                l.starts_with("OK ") || rules,
                "after the fault: {l}\n{}",
                a.stderr
            );
            after += usize::from(l.starts_with("OK "));
        }
    }
    assert!(after > 50, "scans were applied after the fault: {after}");
    let v = verify::verify(&store).unwrap();
    assert!(v.ok(), "{v:?}");
    answered
}

#[test]
fn terminals_carry_on_through_an_immediate_restart_of_the_server() {
    let Some(server) = Server::start("restart") else {
        return;
    };
    let url = server.database("depot_restart", "");
    under(
        &url,
        |_| {
            for _ in 0..2 {
                std::thread::sleep(Duration::from_millis(1500));
                server.restart();
            }
        },
        &|_, _| false,
    );
}

#[test]
fn terminals_carry_on_when_their_server_processes_are_ended() {
    let Some(server) = Server::start("terminate") else {
        return;
    };
    let url = server.database("depot_terminate", "");
    let ended = std::sync::atomic::AtomicUsize::new(0);
    under(
        &url,
        |_| {
            let mut admin = postgres::Client::connect(&server.admin, postgres::NoTls).unwrap();
            for _ in 0..20 {
                std::thread::sleep(Duration::from_millis(150));
                let n = admin
                    .query(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = 'depot_terminate' AND pid <> pg_backend_pid()",
                        &[],
                    )
                    .unwrap()
                    .len();
                ended.fetch_add(n, Ordering::SeqCst);
            }
        },
        // A scan whose connection is ended again when it is done again is not tried a third
        // time: said, nothing saved. Only while the processes are being ended.
        &|rest, i| {
            i < SCANS / 2
                && rest.contains("broke before this action was saved")
                && rest.contains("nothing of it was saved")
        },
    );
    assert!(
        ended.load(Ordering::SeqCst) > 8,
        "server processes were ended"
    );
}

/// The database lives in a tablespace on a small file system of its own (a tmpfs, which needs
/// root to mount: said and skipped otherwise), filled up while the terminals scan.
#[test]
fn terminals_carry_on_after_the_servers_disk_was_full() {
    let Some(server) = Server::start("full") else {
        return;
    };
    let disk = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=48m", "tmpfs"])
        .arg(disk.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("skipped: no small file system to fill (mounting a tmpfs needs root)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg("-l").arg(self.0).status();
        }
    }
    let _unmount = Unmount(disk.path());
    let space = disk.path().join("pg");
    std::fs::create_dir(&space).unwrap();
    let _ = Command::new("chown")
        .args(["postgres:", &space.display().to_string()])
        .status();
    let mut admin = postgres::Client::connect(&server.admin, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "CREATE TABLESPACE small LOCATION '{}'",
            space.display()
        ))
        .unwrap();
    let url = server.database("depot_full", "TABLESPACE small");
    let filler = disk.path().join("filler");
    let full_said = std::sync::Mutex::new(false);
    let answered = under(
        &url,
        |_| {
            std::thread::sleep(Duration::from_millis(800));
            // Fills what is left, as root (no reserve on a tmpfs).
            let _ = Command::new("dd")
                .args(["if=/dev/zero", "bs=1M"])
                .arg(format!("of={}", filler.display()))
                .output();
            std::thread::sleep(Duration::from_millis(1500));
            std::fs::remove_file(&filler).unwrap();
        },
        &|rest, i| {
            let full =
                rest.contains("is full") && rest.contains("nothing of this action was saved");
            if full {
                *full_said.lock().unwrap() = true;
            }
            // Only scans sent before the disk was freed may meet it.
            full && i < SCANS / 2
        },
    );
    let full_said = *full_said.lock().unwrap();
    assert!(
        full_said,
        "the full disk was met and said: {:?}",
        answered[0].lines.iter().rev().take(3).collect::<Vec<_>>()
    );
    drop(admin);
}

/// The scan station in a real terminal (tmux, 80×24, in Chinese) while the server is down: a
/// scan waits, the status line says the server is being reconnected, a second scan typed
/// meanwhile is kept; once the server is back both land, once each, and the line is gone.
#[test]
fn the_scan_station_says_it_reconnects_keeps_what_is_typed_and_carries_on() {
    use depot_testkit::tmux::Tmux;
    let Some(server) = Server::start("tui") else {
        return;
    };
    if depot_testkit::tmux::missing() {
        return;
    }
    let url = server.database("depot_tui", "");
    let bin = env!("CARGO_BIN_EXE_depot");
    let init = depot_testkit::cli::depot(Path::new(&url))
        .args(["--lang", "en", "init", "--sample"])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let codes: Vec<String> = depot_testkit::register::ready_home_not_of(terminals::STATION)
        .into_iter()
        .take(2)
        .map(|a| a.barcode)
        .collect();
    let line = format!("{bin} --db '{url}' --operator 王伟 --lang zh tui --as-of 2026-11-23");
    let tmux = Tmux::start(
        &format!("depot-pg-down-{}", std::process::id()),
        (80, 24),
        &[&line],
    );
    tmux.wait_for("配备率");
    tmux.cmd(&["send-keys", "-t", "t", "M-3"]);
    tmux.wait_for("请扫码");
    tmux.cmd(&["send-keys", "-t", "t", "F3"]);
    tmux.burst(terminals::STATION);
    tmux.wait_for("借给: 青阳区滨江消防救援站 ZHAN-0102");

    pg_sh(&server.state, "down");
    tmux.burst(&codes[0]);
    let waiting = tmux.wait_for("服务器连接中断，正在重连");
    assert!(!waiting.contains(&format!("✓ {}", codes[0])), "{waiting}");
    // Typed while the scan waits: kept, and scanned once the server answers.
    std::thread::sleep(Duration::from_millis(300));
    tmux.burst(&codes[1]);
    std::thread::sleep(Duration::from_millis(1500));
    pg_sh(&server.state, "up");
    tmux.wait_for_line(&["✓ ", &codes[0]]);
    let screen = tmux.wait_for_line(&["✓ ", &codes[1]]);
    assert!(screen.contains("成功 2"), "{screen}");
    assert!(!screen.contains("正在重连"), "{screen}");
    tmux.quit();

    let store = depot_service::store::at(
        &depot_service::store::Location::Server(url.clone()),
        depot_service::store::Access::Existing,
    )
    .unwrap();
    let mut out = std::collections::BTreeMap::new();
    store
        .read()
        .unwrap()
        .for_each_movement(1, |m| -> depot_service::Result<()> {
            if m.body.action == depot_domain::Action::Checkout {
                *out.entry(m.body.barcode.to_string()).or_insert(0) += 1;
            }
            Ok(())
        })
        .unwrap();
    for code in &codes {
        assert_eq!(out.get(code), Some(&1), "{code} checked out once: {out:?}");
    }
    assert!(verify::verify(&store).unwrap().ok());
}
