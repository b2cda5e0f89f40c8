//! A shipment received at the scan station of the real binary in tmux: another depot ships
//! three pieces with `depot ship`; the officer opens the folder (F3), scans two of them and a
//! stray one as a keyboard-wedge scanner does (each code and its Enter in one write), sees
//! the count, and takes the shipment in with F7 and Enter; the register and the receipt on
//! disk say what the screen said.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use depot_testkit::tmux::Tmux;

const PIECES: [&str; 3] = ["LS-KH-0001", "LS-KH-0002", "LS-PC-0001"];

fn depot(db: &Path, args: &[&str]) -> String {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("depot"));
    cmd.env_remove("DEPOT_KEY")
        .args(["--operator", "王伟", "--lang", "en", "--db"])
        .arg(db);
    depot_testkit::cli::stdout_of(cmd, args)
}

/// The sample (ZD-QZ) at `dir`/qz.redb with its key beside it, and a shipment of three pieces
/// from depot ZD-LS to it at `dir`/s1, ZD-LS's key enrolled.
fn shipped(dir: &Path) -> std::path::PathBuf {
    let (qz, ls) = (dir.join("qz.redb"), dir.join("ls.redb"));
    depot(&qz, &["init", "--sample"]);
    depot(&qz, &["key", "init"]);
    let p = |n: &str| dir.join(n).display().to_string();
    std::fs::write(
        dir.join("units.csv"),
        "code,name,kind,parent,class\nZD-LS,临水市消防救援支队,detachment,,\n",
    )
    .unwrap();
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/import/sample/catalog.csv");
    std::fs::copy(catalog, dir.join("catalog.csv")).unwrap();
    std::fs::write(
        dir.join("assets.csv"),
        format!(
            "barcode,item,owner,commissioned\n{},P-KH,ZD-LS,2024-03-01\n{},P-KH,ZD-LS,2024-03-01\n{},R-PC,ZD-LS,2023-06-01\n",
            PIECES[0], PIECES[1], PIECES[2]
        ),
    )
    .unwrap();
    for kind in ["units", "catalog", "assets"] {
        depot(&ls, &["import", kind, &p(&format!("{kind}.csv"))]);
    }
    depot(&ls, &["key", "init"]);
    let public = depot(&ls, &["key", "show"])
        .lines()
        .find_map(|l| l.strip_prefix("public key: ").map(|k| k.trim().to_owned()))
        .unwrap();
    depot(
        &qz,
        &["key", "enrol-depot", "ZD-LS", "--public-key", &public],
    );
    let mut ship = vec!["ship", "--to", "ZD-QZ", "--out"];
    let out = p("s1");
    ship.push(&out);
    ship.extend(PIECES);
    depot(&ls, &ship);
    qz
}

#[test]
fn a_shipment_counted_by_scanner_bursts_is_taken_in_as_the_screen_says() {
    if depot_testkit::tmux::missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let qz = shipped(dir.path());
    let bin = assert_cmd::cargo::cargo_bin!("depot");
    let line = format!(
        "env -u DEPOT_KEY {} --db {} --operator 王伟 --lang en tui --as-of 2026-11-23",
        bin.display(),
        qz.display()
    );
    let tmux = Tmux::start(
        &format!("depot-receive-{}", std::process::id()),
        (120, 36),
        &[&line],
    );
    tmux.wait_for("Equipped");
    tmux.cmd(&["send-keys", "-t", "t", "M-3"]);
    tmux.wait_for("Scan a barcode");
    for _ in 0..5 {
        tmux.cmd(&["send-keys", "-t", "t", "F2"]);
    }
    tmux.wait_for("Mode: Receive shipment");
    tmux.cmd(&["send-keys", "-t", "t", "F3"]);
    let folder = dir.path().join("s1").display().to_string();
    tmux.cmd(&["send-keys", "-t", "t", "-l", &folder]);
    tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
    tmux.wait_for_line(&["Shipment folder:", "from ZD-LS"]);
    tmux.burst(PIECES[0]);
    tmux.wait_for_line(&["✓", PIECES[0], "1 of 3 found"]);
    tmux.burst("STRAY-0001");
    tmux.wait_for_line(&["✗", "STRAY-0001", "not in this shipment"]);
    tmux.burst(PIECES[2]);
    let screen = tmux.wait_for_line(&["✓", PIECES[2], "2 of 3 found"]);
    assert!(screen.contains("expected 3  found 2"), "{screen}");
    assert!(screen.contains("missing 1"), "{screen}");
    assert!(screen.contains("unexpected 1"), "{screen}");

    tmux.cmd(&["send-keys", "-t", "t", "F7"]);
    tmux.wait_for("Receipt folder:");
    tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
    let screen = tmux.wait_for_line(&["✓", "2 received, 1 missing, 1 unexpected"]);
    tmux.quit();

    // What the screen said is on disk: two pieces in the register, the receipt beside s1.
    let receipt = dir.path().join("s1-receipt");
    assert!(screen.contains("s1-receipt"), "{screen}");
    let lines = std::fs::read_to_string(receipt.join("lines.csv")).unwrap();
    for (code, outcome) in [
        (PIECES[0], "received"),
        (PIECES[1], "missing"),
        (PIECES[2], "received"),
        ("STRAY-0001", "unexpected"),
    ] {
        assert!(lines.contains(&format!("{code},{outcome}")), "{lines}");
    }
    let movements = depot(&qz, &["export", "movements", "--out", "-"]);
    let received: Vec<&str> = movements
        .lines()
        .filter(|l| l.contains(",receive,") && l.contains(",ZD-LS,"))
        .collect();
    assert_eq!(received.len(), 2, "{movements}");
    assert!(received.iter().any(|l| l.contains(PIECES[0])));
    assert!(received.iter().any(|l| l.contains(PIECES[2])));
    depot(&qz, &["verify"]);
}
