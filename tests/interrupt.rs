//! Ctrl+C (SIGINT) and SIGTERM, sent to the real binary: an import changes nothing and says
//! so, an export leaves no file, the scan stream keeps exactly what it answered OK, and the
//! terminal UI gives the terminal back.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use depot_domain::Stock;
use depot_service::store::StockView;
use depot_testkit::cli::depot;
use depot_testkit::register;
use tempfile::TempDir;

/// Where the scans check out to.
const STATION: &str = "ZHAN-0104";
/// Assets in the big import: enough that reading them alone takes seconds.
const BIG: usize = 150_000;
/// How long anything may take before a test gives up (the machine may be busy).
const PATIENCE: Duration = Duration::from_secs(180);

/// Runs a command that must succeed; its stdout.
fn ok(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{c:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn signal(child: &Child, sig: &str) {
    let status = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success(), "kill -{sig} failed");
}

/// Polls `cond` until it holds; panics naming `what` after [`PATIENCE`].
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < PATIENCE, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for the child to end (killing it after `limit`) and returns its status and stderr.
fn finish(mut child: Child, limit: Duration) -> (ExitStatus, String) {
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the program did not stop within {limit:?} of the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        std::io::Read::read_to_string(&mut e, &mut err).unwrap();
    }
    (status, err)
}

/// Whether process `pid` has the file `path` open.
fn has_open(pid: u32, path: &Path) -> bool {
    let want = path.canonicalize().unwrap();
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|fds| {
            fds.filter_map(Result::ok)
                .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|p| p == want))
        })
        .unwrap_or(false)
}

/// The sample register, and a folder of `BIG` more assets of its catalogue and units.
struct Fixture {
    dir: TempDir,
    sample: PathBuf,
    big: PathBuf,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = TempDir::new().unwrap();
        let sample = dir.path().join("sample.redb");
        ok(depot(&sample).args(["init", "--sample"]));
        let big = dir.path().join("big");
        std::fs::create_dir(&big).unwrap();
        let mut w = csv::Writer::from_path(big.join("assets.csv")).unwrap();
        w.write_record([
            "barcode",
            "item",
            "serial",
            "owner",
            "status",
            "commissioned",
        ])
        .unwrap();
        let assets = register::assets();
        for i in 0..BIG {
            let a = &assets[i % assets.len()];
            let code = format!("QZT{i:08}");
            w.write_record([&code, &a.item, &code, &a.owner, "ready", "2024-01-01"])
                .unwrap();
        }
        w.flush().unwrap();
        Fixture { dir, sample, big }
    })
}

/// A copy of `db` under a new name in the fixture's folder.
fn copy_of(db: &Path, name: &str) -> PathBuf {
    let to = fixture().dir.path().join(name);
    std::fs::copy(db, &to).unwrap();
    to
}

/// What must not change: the status, the ledger's length.
fn state(db: &Path) -> (String, usize) {
    let status = ok(depot(db).arg("status"));
    let movements = ok(depot(db).args(["export", "movements", "--out", "-"]));
    (status, movements.lines().count())
}

fn verifies(db: &Path) {
    assert!(ok(depot(db).arg("verify")).starts_with("ledger OK"));
}

#[test]
fn an_interrupted_import_changes_nothing_and_says_so() {
    let f = fixture();
    let db = copy_of(&f.sample, "import.redb");
    let before = state(&db);
    let child = depot(&db)
        .arg("import")
        .arg(&f.big)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once the database is open the handlers are in place and the import is under way; reading
    // the files alone then takes seconds.
    wait_until("the import to open the database", || {
        has_open(child.id(), &db)
    });
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "INT");
    let (status, err) = finish(child, PATIENCE);
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted: nothing was imported; the database is as it was"),
        "{err}"
    );
    assert_eq!(
        state(&db),
        before,
        "an interrupted import changed the register"
    );
    verifies(&db);
}

#[test]
fn an_interrupted_export_leaves_no_file() {
    let f = fixture();
    // A register big enough that writing its movements takes a while.
    let db = copy_of(&f.sample, "export.redb");
    ok(depot(&db).arg("import").arg(&f.big));
    let out = f.dir.path().join("movements.csv");
    let partial = f.dir.path().join("movements.csv.partial");
    let child = depot(&db)
        .args(["export", "movements", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until("the export to write", || {
        std::fs::metadata(&partial).is_ok_and(|m| m.len() > 0)
    });
    signal(&child, "TERM");
    let (status, err) = finish(child, PATIENCE);
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted: the export was stopped; no file was written"),
        "{err}"
    );
    assert!(!out.exists(), "an interrupted export left its file");
    assert!(
        !partial.exists(),
        "an interrupted export left its partial file"
    );
    verifies(&db);
}

/// A scan stream checking out to [`STATION`], with its answers arriving on a channel.
struct Stream {
    child: Child,
    stdin: std::process::ChildStdin,
    answers: mpsc::Receiver<String>,
}

fn scan_stream(db: &Path) -> Stream {
    let mut child = depot(db)
        .args(["scan", "--mode", "out", "--to", STATION])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, answers) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Stream {
        child,
        stdin,
        answers,
    }
}

/// The barcodes answered OK (checked out to the station); panics on any other answer.
fn oks(lines: impl IntoIterator<Item = String>) -> Vec<String> {
    lines
        .into_iter()
        .map(|line| {
            let want = format!("checked out to {STATION}");
            match line.splitn(3, ' ').collect::<Vec<_>>()[..] {
                ["OK", code, rest] if rest == want => code.to_owned(),
                _ => panic!("unexpected answer: {line}"),
            }
        })
        .collect()
}

/// Which of `codes` are checked out to the station.
fn out_at_station(db: &Path, codes: &[String]) -> Vec<String> {
    let store = depot_service::store::open(db).unwrap();
    let r = store.read().unwrap();
    codes
        .iter()
        .filter(|c| match r.stock(c).unwrap() {
            Some(Stock::Asset(a)) => a.location.as_ref().map(|l| l.as_str()) == Some(STATION),
            other => panic!("{c}: {other:?}"),
        })
        .cloned()
        .collect()
}

fn scan_codes() -> Vec<String> {
    register::ready_home_not_of(STATION)
        .into_iter()
        .map(|a| a.barcode)
        .collect()
}

#[test]
fn a_scan_stream_waiting_for_input_stops_at_once_keeping_what_it_answered() {
    let db = copy_of(&fixture().sample, "scan-idle.redb");
    let (_, movements_before) = state(&db);
    let codes = scan_codes();
    let mut s = scan_stream(&db);
    let mut answered = Vec::new();
    for code in &codes[..5] {
        writeln!(s.stdin, "{code}").unwrap();
        s.stdin.flush().unwrap();
        answered.push(s.answers.recv_timeout(PATIENCE).unwrap());
    }
    let answered = oks(answered);
    assert_eq!(answered, codes[..5]);
    // Standard input stays open: the stream is waiting on it when the signal comes.
    signal(&s.child, "INT");
    let (status, err) = finish(s.child, Duration::from_secs(20));
    drop(s.stdin);
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted: every scan answered OK is on disk"),
        "{err}"
    );
    assert_eq!(out_at_station(&db, &codes), answered);
    let (_, movements_after) = state(&db);
    assert_eq!(movements_after, movements_before + answered.len());
    verifies(&db);
}

#[test]
fn a_scan_stream_interrupted_mid_stream_keeps_exactly_what_it_answered() {
    let db = copy_of(&fixture().sample, "scan-burst.redb");
    let codes = scan_codes();
    assert!(codes.len() > 1000);
    let Stream {
        child,
        mut stdin,
        answers,
    } = scan_stream(&db);
    // Codes arrive in small bursts, as from a scanner, until the program has stopped (then
    // the pipe breaks): the signal comes while batches are being read and committed.
    let feed = codes.clone();
    let writer = std::thread::spawn(move || {
        for burst in feed.chunks(5) {
            let text: String = burst.iter().map(|c| format!("{c}\n")).collect();
            if stdin.write_all(text.as_bytes()).is_err() || stdin.flush().is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        // Everything sent: standard input stays open, as a scanner's does.
        std::thread::sleep(PATIENCE);
    });
    let mut answered = Vec::new();
    while answered.len() < 100 {
        answered.push(answers.recv_timeout(PATIENCE).unwrap());
    }
    signal(&child, "INT");
    let (status, err) = finish(child, Duration::from_secs(60));
    assert_eq!(status.code(), Some(130), "{err}");
    // Every answer the program wrote, up to the end of its output.
    answered.extend(answers.iter());
    let answered = oks(answered);
    eprintln!(
        "{} of {} codes answered before the stop",
        answered.len(),
        codes.len()
    );
    // Answers come in input order, and what is checked out is exactly what was answered OK:
    // the batch being committed when the signal came was answered, nothing after it applied.
    assert_eq!(answered, codes[..answered.len()]);
    assert_eq!(out_at_station(&db, &codes), answered);
    verifies(&db);
    drop(writer);
}

/// The terminal UI, in tmux, given SIGTERM: it ends and leaves the terminal as it found it.
#[test]
fn the_terminal_ui_gives_the_terminal_back_on_sigterm() {
    if depot_testkit::tmux::missing() {
        return;
    }
    let db = copy_of(&fixture().sample, "tui.redb");
    let dir = fixture().dir.path();
    let after = dir.join("tty-after.txt");
    let socket = format!("depot-interrupt-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .unwrap()
    };
    let line = format!(
        "{} --db {} --operator {} --lang en tui --as-of 2026-11-23; echo \"exit $?\"; stty -a > {}; sleep 60",
        env!("CARGO_BIN_EXE_depot"),
        db.display(),
        register::OFFICER,
        after.display()
    );
    let started = tmux(&[
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "100",
        "-y",
        "30",
        "sh",
        "-c",
        &line,
    ]);
    assert!(started.status.success());
    let screen =
        || String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned();
    wait_until("the dashboard", || screen().contains("Equipped"));
    let pid = ui_pid(&db).expect("the UI's process was not found");
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    wait_until("the UI to end", || screen().contains("exit 0"));
    wait_until("stty to report", || {
        std::fs::read_to_string(&after).is_ok_and(|s| s.contains("icanon"))
    });
    let tty = std::fs::read_to_string(&after).unwrap();
    let last = screen();
    let _ = tmux(&["kill-server"]);
    // Raw mode off again: canonical input and echo, as the shell left them.
    assert!(
        tty.split_whitespace().any(|w| w == "icanon")
            && tty.split_whitespace().any(|w| w == "echo"),
        "the terminal was left in raw mode: {tty}"
    );
    // The alternate screen is gone: the shell's line shows on the normal screen.
    assert!(!last.contains("Equipped"), "{last}");
}

/// The process running `depot … --db DB … tui`.
fn ui_pid(db: &Path) -> Option<u32> {
    let bin = env!("CARGO_BIN_EXE_depot");
    let db = db.to_string_lossy();
    std::fs::read_dir("/proc").ok()?.find_map(|e| {
        let e = e.ok()?;
        let pid: u32 = e.file_name().to_str()?.parse().ok()?;
        let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        (args.first().is_some_and(|a| a == bin)
            && args.iter().any(|a| *a == db)
            && args.iter().any(|a| a == "tui"))
        .then_some(pid)
    })
}
