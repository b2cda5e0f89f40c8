//! The real binary in tmux, as a person (and a scanner) uses it: log in, open the scan
//! station, type a 30-character scan burst, and check the screen and the database.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use depot_testkit::tmux::Tmux;

const BARCODE: &str = "QZ-TMUX-0123456789-ABCDEFGHIJK";

fn depot() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("depot"))
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
    if depot_testkit::tmux::missing() {
        return;
    }
    assert_eq!(BARCODE.len(), 30);
    let dir = tempfile::tempdir().unwrap();
    let db = prepare(dir.path());
    let tmux = open_ui(&db, "zh", &format!("depot-test-{}", std::process::id()));
    tmux.wait_for("配备率");
    tmux.cmd(&["send-keys", "-t", "t", "M-3"]);
    tmux.wait_for("请扫码");
    tmux.cmd(&["send-keys", "-t", "t", "F3"]);
    tmux.burst("ZHAN-0102");
    tmux.wait_for("借给: 青阳区滨江消防救援站 ZHAN-0102");
    // The burst: all 30 characters at once, then Enter, as a keyboard-wedge scanner types.
    tmux.burst(BARCODE);
    let screen = tmux.wait_for_line(&["✓ ", BARCODE]);
    assert!(
        screen.contains("已借出至 青阳区滨江消防救援站 ZHAN-0102"),
        "{screen}"
    );
    assert!(screen.contains("成功 1"), "{screen}");
    tmux.quit();
    let movements = ledger(&db);
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

/// Ready assets of the sample at their owner (a ZHAN-00xx station), `n` of them from `skip`.
fn ready_assets(skip: usize, n: usize) -> Vec<String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/import/sample/assets.csv"
    ))
    .unwrap();
    text.lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[4].is_empty() && f[6] == "ready" && f[3].starts_with("ZHAN-00"))
        .skip(skip)
        .take(n)
        .map(|f| f[0].to_owned())
        .collect()
}

/// `code` in full-width characters, as some Chinese input setups send it.
fn full_width(code: &str) -> String {
    code.chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
        .collect()
}

/// Opens the UI in tmux on `db` in `lang` at 120×36.
fn open_ui(db: &Path, lang: &str, socket: &str) -> Tmux {
    let bin = assert_cmd::cargo::cargo_bin!("depot");
    let line = format!(
        "{} --db {} --operator 王伟 --lang {lang} tui --as-of 2026-11-23",
        bin.display(),
        db.display()
    );
    Tmux::start(socket, (120, 36), &[&line])
}

/// The movements export of `db`.
fn ledger(db: &Path) -> String {
    let out = depot()
        .arg("--db")
        .arg(db)
        .args(["export", "movements", "--out", "-"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// A register of the sample in a temporary folder, when tmux is there to run the UI in.
fn register_if_tmux() -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    if depot_testkit::tmux::missing() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = prepare(dir.path());
    Some((dir, db))
}

/// First expired, first out at the scan station: issuing a lot while a lot of the same item
/// at the same place expires earlier goes through, and the answer names the earlier lot.
#[test]
fn issuing_a_later_lot_at_the_scan_station_names_the_earlier_one() {
    let Some((_dir, db)) = register_if_tmux() else {
        return;
    };
    let (late, early) = depot_testkit::register::lots_to_rotate();
    let tmux = open_ui(&db, "zh", &format!("depot-fefo-{}", std::process::id()));
    tmux.wait_for("配备率");
    tmux.cmd(&["send-keys", "-t", "t", "M-3"]);
    tmux.wait_for("请扫码");
    // F2 three times: check-out, check-in, transfer, issue.
    for _ in 0..3 {
        tmux.cmd(&["send-keys", "-t", "t", "F2"]);
    }
    tmux.wait_for("事件编号");
    tmux.cmd(&["send-keys", "-t", "t", "F4"]);
    tmux.burst("INC-7");
    tmux.wait_for("INC-7");
    tmux.burst(&late.barcode);
    let screen = tmux.wait_for_line(&["✓ ", &late.barcode]);
    // The answer may wrap in its box (a wrap takes a space): read it as one text, without
    // spaces.
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '│')
            .collect()
    };
    let text = bare(&screen);
    let said = format!(
        "先到期先出：此处同品类批次 {} 更早到期（{}），应先使用",
        early.barcode, early.expires
    );
    assert!(text.contains(&bare(&said)), "{screen}");
    assert!(text.contains(&bare("已调用 1 至 INC-7")), "{screen}");
    tmux.quit();
    let issues: Vec<String> = ledger(&db)
        .lines()
        .filter(|l| l.contains(&late.barcode) && l.contains(",issue,"))
        .map(str::to_owned)
        .collect();
    assert_eq!(issues.len(), 1, "the issue went through: {issues:?}");
}

#[test]
fn bursts_check_out_only_at_the_scan_station_and_look_up_everywhere_else() {
    let Some((_dir, db)) = register_if_tmux() else {
        return;
    };
    let mut scanned = Vec::new();
    for (i, (lang, ready, page, elsewhere)) in [
        ("zh", "配备率", "装备详情", "Alt+3"),
        ("en", "Equipped", "Item", "Alt+3"),
    ]
    .into_iter()
    .enumerate()
    {
        let tmux = open_ui(
            &db,
            lang,
            &format!("depot-burst-{lang}-{}", std::process::id()),
        );
        tmux.wait_for(ready);
        let codes = ready_assets(i * 20, 10);
        // The receiver, chosen on the scan station.
        tmux.cmd(&["send-keys", "-t", "t", "M-3"]);
        tmux.cmd(&["send-keys", "-t", "t", "F3"]);
        tmux.burst("ZHAN-0102");
        tmux.wait_for("ZHAN-0102");
        // (a person's keys to reach the place, how the scanner sends the code, and whether
        // the place is the scan station)
        let places: [(&[&str], &str, bool); 10] = [
            (&["M-1"], "plain", false),
            (&["M-2"], "plain", false),
            (&["M-2", "a", "b"], "plain", false),
            (&["M-4"], "plain", false),
            (&["M-4", "Enter"], "plain", false),
            (&["M-5"], "lowercase", false),
            (&["M-6"], "lowercase", false),
            (&["M-3", "F1"], "plain", true),
            (&["M-1", "F1"], "plain", false),
            (&["M-3"], "fullwidth", true),
        ];
        for (code, (keys, how, station)) in codes.iter().zip(places) {
            for k in keys {
                tmux.cmd(&["send-keys", "-t", "t", k]);
                // A person's keys, a moment apart.
                std::thread::sleep(Duration::from_millis(120));
            }
            let sent = match how {
                "fullwidth" => full_width(code),
                "lowercase" => code.to_lowercase(),
                _ => code.clone(),
            };
            let before = ledger(&db).lines().count();
            tmux.burst(&sent);
            if station {
                let screen = tmux.wait_for_line(&["✓ ", code]);
                assert!(screen.contains("ZHAN-0102"), "{keys:?}: {screen}");
                scanned.push(code.clone());
            } else {
                // Looked up: the item's page, and where to go to check it out.
                let screen = tmux.wait_for(&format!("{page} {code} ·"));
                // (from a screen other than the inventory)
                if keys[0] != "M-2" {
                    tmux.wait_for_line(&[code, elsewhere]);
                }
                assert_eq!(ledger(&db).lines().count(), before, "{keys:?}: {screen}");
                tmux.cmd(&["send-keys", "-t", "t", "Escape"]);
                std::thread::sleep(Duration::from_millis(120));
            }
        }
        tmux.quit();
    }
    let movements = ledger(&db);
    let checkouts: Vec<&str> = movements
        .lines()
        .filter(|l| l.contains(",checkout,"))
        .collect();
    // Nothing lost, nothing doubled, nothing applied that was not shown.
    assert_eq!(checkouts.len(), scanned.len(), "{checkouts:#?}");
    for code in &scanned {
        let n = checkouts
            .iter()
            .filter(|l| l.contains(code.as_str()))
            .count();
        assert_eq!(n, 1, "{code}: {checkouts:#?}");
    }
    let ok = depot().arg("--db").arg(&db).arg("verify").output().unwrap();
    assert!(ok.status.success());
}

/// The officer's terminal on a PostgreSQL database, and a second `depot` process checking
/// an item in: within a few seconds the officer's screen shows it, with the filter typed,
/// the selected row and the open item page all as they were.
#[test]
fn another_process_checking_in_keeps_the_officers_filter_row_and_page_on_postgres() {
    let Some(pg) = depot_store_postgres::testing::TestDb::new() else {
        return;
    };
    if depot_testkit::tmux::missing() {
        return;
    }
    let run = |args: &[&str]| {
        let mut cmd = depot();
        cmd.args(["--operator", "王伟", "--lang", "en", "--db", &pg.url]);
        depot_testkit::cli::stdout_of(cmd, args)
    };
    run(&["init", "--sample"]);
    // A ready asset whose code is the last (of several) that begin with its first four
    // characters: End on the filtered rows selects it.
    let sample = |f: &str| {
        std::fs::read_to_string(format!("{}/import/sample/{f}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
    };
    let all: Vec<String> = [sample("assets.csv"), sample("lots.csv")]
        .iter()
        .flat_map(|t| {
            t.lines()
                .skip(1)
                .map(|l| l.split(',').next().unwrap().to_owned())
        })
        .collect();
    let (code, prefix) = ready_assets(0, 400)
        .into_iter()
        .map(|c| {
            let p = c[..5].to_owned();
            (c, p)
        })
        .find(|(c, p)| {
            let same: Vec<&String> = all.iter().filter(|b| b.starts_with(p.as_str())).collect();
            same.len() >= 3 && same.iter().all(|b| *b <= c)
        })
        .unwrap();
    let prefix = prefix.as_str();
    run(&["checkout", &code, "--to", "ZHAN-0102"]);
    let bin = assert_cmd::cargo::cargo_bin!("depot");
    let line = format!(
        "{} --db '{}' --operator 王伟 --lang en tui --as-of 2026-11-23",
        bin.display(),
        pg.url
    );
    let tmux = Tmux::start(
        &format!("depot-pg-{}", std::process::id()),
        (120, 36),
        &[&line],
    );
    tmux.wait_for("Equipped");
    tmux.cmd(&["send-keys", "-t", "t", "M-2"]);
    // The officer types the start of the code, a key at a time: a few rows.
    for c in prefix.chars() {
        tmux.cmd(&["send-keys", "-t", "t", "-l", &c.to_string()]);
        std::thread::sleep(Duration::from_millis(60));
    }
    tmux.wait_for(&format!("{prefix}▏"));
    // The cursor to the last row, the code's, and its page opened.
    tmux.cmd(&["send-keys", "-t", "t", "End"]);
    std::thread::sleep(Duration::from_millis(200));
    tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
    let title = format!("Item {code} ·");
    let opened = tmux.wait_for(&title);
    assert!(opened.contains("checked out"), "{opened}");
    let rows_before = opened.clone();

    // Another process checks the item in.
    run(&["checkin", &code]);
    // The page takes it by itself, and stays open: the history now ends with the check-in.
    let screen = tmux.wait_for_line(&["checked in"]);
    assert!(screen.contains(&title), "the page closed:\n{screen}");
    // Esc closes the page onto the table as the officer left it: the filter, the rows.
    tmux.cmd(&["send-keys", "-t", "t", "Escape"]);
    let started = Instant::now();
    let table = loop {
        let s = tmux.screen();
        if !s.contains(&title) {
            break s;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{s}");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(table.contains(&format!("{prefix}▏")), "{table}");
    let matches = |s: &str| s.lines().filter(|l| l.contains(prefix)).count();
    assert!(matches(&table) > 2, "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.contains(&code) && !l.contains("ZHAN-0102")),
        "{table}\nbefore:\n{rows_before}"
    );
    // The selection stayed on the code's row: Enter opens its page again.
    tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
    tmux.wait_for(&title);
    tmux.quit();
}

#[test]
fn the_ui_ends_when_its_terminal_goes_away() {
    let Some((_dir, db)) = register_if_tmux() else {
        return;
    };
    let tmux = open_ui(&db, "en", &format!("depot-gone-{}", std::process::id()));
    tmux.wait_for("Equipped");
    let pid = String::from_utf8(
        tmux.cmd(&["display", "-p", "-t", "t", "#{pane_pid}"])
            .stdout,
    )
    .unwrap()
    .trim()
    .to_owned();
    assert!(!pid.is_empty());
    // The window closes under the UI: no key, and no signal that reaches it.
    tmux.cmd(&["kill-server"]);
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z")
    {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the UI is still running (pid {pid}) with its terminal gone"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
