//! A scan stream killed with SIGKILL: every check-out it had answered OK is in the database
//! when it is opened again, and the ledger still verifies.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use depot_service::store::StockView;
use depot_testkit::cli::depot;
use depot_testkit::register;
use tempfile::TempDir;

/// Where every scan checks out to.
const STATION: &str = "ZHAN-0104";

/// Runs `depot scan --mode out` on a copy of `template`, feeds it `codes` from a writer thread
/// and kills it with SIGKILL once it has answered `kill_at` lines OK. Returns the copy and
/// the barcodes answered OK, in order.
fn run_and_kill(
    template: &Path,
    dir: &Path,
    codes: &[String],
    kill_at: usize,
) -> (PathBuf, Vec<String>) {
    let db = dir.join(format!("kill-{kill_at}.redb"));
    std::fs::copy(template, &db).unwrap();
    let mut child = depot(&db)
        .args(["scan", "--mode", "out", "--to", STATION])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feed: Vec<String> = codes.to_vec();
    // A scanner is not a file: codes arrive in small bursts, so that batches stay small and
    // the kill lands between and inside commits rather than after one big one.
    let writer = std::thread::spawn(move || {
        let mut rest = &feed[..];
        let mut n = 0usize;
        while !rest.is_empty() {
            let (burst, tail) = rest.split_at((1 + n % 12).min(rest.len()));
            rest = tail;
            n += 1;
            let text: String = burst.iter().map(|c| format!("{c}\n")).collect();
            if stdin.write_all(text.as_bytes()).is_err() || stdin.flush().is_err() {
                return;
            }
            std::thread::sleep(Duration::from_micros(150));
        }
    });
    let mut answered = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while answered.len() < kill_at {
        let Some(line) = lines.next() else {
            let _ = child.kill();
            panic!(
                "the scan stream ended after {} OK lines, before the kill point {kill_at}",
                answered.len()
            );
        };
        let line = line.unwrap();
        let mut parts = line.splitn(3, ' ');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("OK"), Some(code), Some(rest)) if rest == format!("checked out to {STATION}") => {
                answered.push(code.to_owned());
            }
            _ => {
                let _ = child.kill();
                panic!("unexpected answer: {line}");
            }
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child was killed, not finished");
    drop(lines);
    writer.join().unwrap();
    (db, answered)
}

fn check_after_kill(db: &Path, codes: &[String], answered: &[String]) {
    assert_eq!(
        answered,
        &codes[..answered.len()],
        "answers come in the order of the input"
    );
    // Commits go through redb's own file backend: no log of depot's own beside the file.
    assert!(!depot_service::store::log_path(db).exists());
    // The first program to open it says why it takes a while (redb checks the whole file),
    // and finds the ledger whole.
    let v = depot(db).arg("verify").output().unwrap();
    let said = String::from_utf8_lossy(&v.stderr);
    assert!(
        v.status.success(),
        "verify failed after the kill: {}{said}",
        String::from_utf8_lossy(&v.stdout)
    );
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("ledger OK"));
    assert!(
        said.contains("was not closed cleanly"),
        "no word of the check after the kill: {said}"
    );
    // Closed cleanly by that program, it opens without a word.
    let again = depot(db).arg("verify").output().unwrap();
    assert!(again.status.success() && again.stderr.is_empty());
    let store = depot_service::store::open(db).unwrap();
    let r = store.read().unwrap();
    let out: Vec<bool> = codes
        .iter()
        .map(|c| match r.stock(c).unwrap() {
            Some(depot_domain::Stock::Asset(a)) => {
                a.location.as_ref().map(|l| l.as_str()) == Some(STATION)
            }
            other => panic!("{c}: {other:?}"),
        })
        .collect();
    for (i, code) in answered.iter().enumerate() {
        assert!(
            out[i],
            "{code} was answered OK but is not checked out to {STATION}"
        );
    }
    // Batches commit in input order: what landed is a prefix of the input, never a gap.
    let landed = out.iter().take_while(|o| **o).count();
    assert!(
        out[landed..].iter().all(|o| !o),
        "the codes that landed are not a prefix of the input"
    );
    assert!(landed >= answered.len());
}

#[test]
fn a_killed_scan_stream_keeps_every_checkout_it_answered() {
    let dir = TempDir::new().unwrap();
    let template = dir.path().join("template.redb");
    let init = depot(&template)
        .args(["init", "--sample"])
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let codes: Vec<String> = register::ready_home_not_of(STATION)
        .into_iter()
        .map(|a| a.barcode)
        .collect();
    assert!(codes.len() > 2000, "thousands of check-outs");

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as usize;
    let random = match std::env::var("CRASH_KILL_AT") {
        Ok(v) => v.parse().unwrap(),
        Err(_) => 1 + nanos % 1500,
    };
    eprintln!("random kill point: {random} (rerun with CRASH_KILL_AT={random})");
    for kill_at in [3, 150, 900, random] {
        let (db, answered) = run_and_kill(&template, dir.path(), &codes, kill_at);
        eprintln!("killed after {} OK answers", answered.len());
        check_after_kill(&db, &codes, &answered);
    }
}
