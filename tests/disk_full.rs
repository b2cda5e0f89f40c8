//! A real full disk (ENOSPC), on a small tmpfs mounted for the test: an import and scans are
//! refused with a message that names the disk and what to free, and nothing is half written.
//! Skipped, with a line saying so, where no filesystem can be mounted (not root, or no
//! permission to mount in this sandbox); the simulated disk of the unit tests covers it there.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use depot_testkit::cli;
use depot_testkit::cli::Env;
use depot_testkit::register;

struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn mount_small(dir: &Path, bytes: u64) -> Option<Mount> {
    std::fs::create_dir_all(dir).unwrap();
    let out = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
        .arg(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "skipped: cannot mount a small filesystem here ({}); the simulated full disk of the unit tests still runs",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    Some(Mount(dir.to_owned()))
}

/// Fills what is left of the filesystem holding `dir`.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0xAAu8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}

#[test]
fn a_full_disk_refuses_an_import_and_scans_whole() {
    let env = Env::reference();
    // 200 assets at a station, for the scans.
    let codes: Vec<String> = (0..200).map(|i| format!("QZF{i:05}")).collect();
    let rows: String = codes
        .iter()
        .map(|c| format!("{c},V-SG,,ZHAN-0001,,,,2024-01-01,2026-10-01,\n"))
        .collect();
    env.write("mine.csv", format!("{}{rows}", cli::ASSETS_HEADER));
    env.depot()
        .args(["import", "assets", "mine.csv"])
        .assert()
        .success();
    let size = std::fs::metadata(&env.db).unwrap().len();
    let small = env.path("small");
    let Some(_mount) = mount_small(&small, size + 512 * 1024) else {
        return;
    };
    let db = small.join("depot.redb");
    std::fs::copy(&env.db, &db).unwrap();
    fill(&small);
    let depot = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_depot"));
        c.env_remove("DEPOT_DB")
            .args(["--operator", cli::OPERATOR, "--db"])
            .arg(&db)
            .current_dir(env.dir.path());
        c
    };
    let status =
        |c: &mut Command| String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned();
    let before = status(depot().arg("status"));

    let assets = register::sample_dir().join("assets.csv");
    let out = depot()
        .args(["import", "assets"])
        .arg(&assets)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "an import of 3,000 assets fit in 512 KiB"
    );
    assert!(err.contains("the disk is full"), "{err}");
    assert!(
        err.contains(&small.display().to_string()),
        "names the disk: {err}"
    );
    assert!(err.contains("Free space"), "says what to do: {err}");
    assert!(!err.contains("panicked"), "{err}");

    // Scans on the full disk: each is answered OK (redb found room in the file) or refused
    // with the same message; none is half written.
    let mut scan = depot()
        .args(["scan", "--mode", "out", "--to", "ZHAN-0102"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = scan.stdin.take().unwrap();
        for c in &codes {
            // One at a time, as a scanner sends them: each is its own commit.
            // The stream stops at the first failed commit: the disk failed, it writes no more.
            if writeln!(stdin, "{c}").and_then(|()| stdin.flush()).is_err() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }
    let out = scan.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("panicked"), "{text}");
    let ok: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("OK ").and_then(|r| r.split(' ').next()))
        .collect();
    assert!(
        text.contains("the disk is full"),
        "200 check-outs all fit on a full disk: {text}"
    );
    assert!(ok.len() < codes.len());

    // Nothing of the import landed, and of the scans exactly those answered OK; once space is
    // freed the database verifies and works.
    std::fs::remove_file(small.join("filler")).unwrap();
    let v = depot().arg("verify").output().unwrap();
    assert!(
        v.status.success(),
        "{}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
    let moved = String::from_utf8_lossy(
        &depot()
            .args(["export", "movements", "--out", "-"])
            .output()
            .unwrap()
            .stdout,
    )
    .lines()
    .filter(|l| l.contains(",checkout,"))
    .count();
    assert_eq!(
        moved,
        ok.len(),
        "check-outs on disk against those answered OK"
    );
    for c in &ok {
        assert!(codes.iter().any(|x| x == c));
    }
    // The register holds what it held, and the ledger those check-outs more: the import left
    // nothing.
    let ledger = |s: &str| -> u64 {
        let line = s.lines().find(|l| l.starts_with("ledger")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let after = status(depot().arg("status"));
    assert_eq!(ledger(&after), ledger(&before) + ok.len() as u64);
    let others = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with("ledger"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(others(&after), others(&before));
    // Check them back in: the register is then as before the scans.
    let mut back = depot();
    back.args(["checkin"]).args(&ok);
    if !ok.is_empty() {
        assert!(back.output().unwrap().status.success());
    }
}
