//! The real binary in tmux, as a person (and a scanner) uses it: log in, open the scan
//! station, type a 30-character scan burst, and check the screen and the database.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const BARCODE: &str = "QZ-TMUX-0123456789-ABCDEFGHIJK";

fn depot() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("depot"))
}

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap()
    }
    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }
    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "'{what}' never appeared; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn prepare(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("t.redb");
    let ok = depot()
        .args(["--operator", "王伟", "--db"])
        .arg(&db)
        .args(["init", "--sample"])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let csv = dir.join("assets.csv");
    std::fs::write(
        &csv,
        format!("barcode,item,owner,commissioned\n{BARCODE},P-KH,ZHAN-0101,2024-01-01\n"),
    )
    .unwrap();
    let ok = depot()
        .args(["--operator", "王伟", "--db"])
        .arg(&db)
        .arg("import")
        .arg("assets")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    db
}

#[test]
fn scan_burst_in_a_real_terminal_lands_on_disk() {
    if !tmux_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is needed in CI (tools/test.sh installs it)"
        );
        eprintln!("skipped: tmux is not installed (tools/test.sh installs it)");
        return;
    }
    assert_eq!(BARCODE.len(), 30);
    let dir = tempfile::tempdir().unwrap();
    let db = prepare(dir.path());
    let tmux = Tmux {
        socket: format!("depot-test-{}", std::process::id()),
    };
    let bin = assert_cmd::cargo::cargo_bin!("depot");
    let line = format!(
        "{} --db {} --operator 王伟 --lang zh tui --as-of 2026-11-23",
        bin.display(),
        db.display()
    );
    let out = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "120",
        "-y",
        "35",
        &line,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmux.wait_for("配备率");
    tmux.cmd(&["send-keys", "-t", "t", "M-3"]);
    tmux.wait_for("请扫码");
    tmux.cmd(&["send-keys", "-t", "t", "F3"]);
    tmux.cmd(&["send-keys", "-t", "t", "-l", "ZHAN-0102"]);
    tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
    tmux.wait_for("接收方: ZHAN-0102");
    // The burst: all 30 characters at once, then Enter, as a keyboard-wedge scanner types.
    tmux.cmd(&["send-keys", "-t", "t", "-l", BARCODE]);
    tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
    let screen = tmux.wait_for(&format!("✓ {BARCODE}"));
    assert!(screen.contains("checked out to ZHAN-0102"), "{screen}");
    assert!(screen.contains("成功 1"), "{screen}");
    tmux.cmd(&["send-keys", "-t", "t", "C-c"]);
    let start = Instant::now();
    while tmux.cmd(&["has-session", "-t", "t"]).status.success() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the UI did not quit"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = depot()
        .arg("--db")
        .arg(&db)
        .args(["export", "movements", "--out", "-"])
        .output()
        .unwrap();
    let movements = String::from_utf8(out.stdout).unwrap();
    let checkouts: Vec<&str> = movements
        .lines()
        .filter(|l| l.contains(BARCODE) && l.contains(",checkout,"))
        .collect();
    assert_eq!(checkouts.len(), 1, "{movements}");
    assert!(
        checkouts[0].contains(",ZHAN-0101,ZHAN-0102,王伟,"),
        "{}",
        checkouts[0]
    );
    let ok = depot().arg("--db").arg(&db).arg("verify").output().unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
}
