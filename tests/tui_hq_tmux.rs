//! The real binary in tmux at 80×24 on a headquarters database made with the commands a
//! headquarters uses: two depots' bundles (`key init`, `export bundle`) ingested with
//! `hq ingest --trust-new`; the dashboard lists both depots, Enter shows one depot's lines,
//! Esc comes back; Tab shows readiness over time by bundle date, of the whole service on the
//! list and of a depot on its lines, and a scanner's burst there changes nothing; in both
//! languages.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use depot_testkit::tmux::Tmux;

fn depot() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("depot"))
}

/// Runs depot with `args` on `db` as 王伟, and insists it succeeds.
fn run(db: &Path, args: &[&str]) {
    let out = depot()
        .args(["--operator", "王伟", "--lang", "en", "--db"])
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The sample's files as another detachment (云州, ZD-YZ) with every third asset left out.
fn other_sample(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("import/sample");
    for e in std::fs::read_dir(&from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".csv") {
            continue;
        }
        let text = std::fs::read_to_string(e.path())
            .unwrap()
            .replace("ZD-QZ", "ZD-YZ")
            .replace("清州市", "云州市");
        let text: String = if name == "assets.csv" {
            text.lines()
                .enumerate()
                .filter(|(i, _)| *i == 0 || i % 3 != 0)
                .map(|(_, l)| format!("{l}\n"))
                .collect()
        } else {
            text
        };
        std::fs::write(to.join(&name), text).unwrap();
    }
}

/// A headquarters database holding the bundles of two depots: the sample (ZD-QZ) and
/// another detachment made from it (ZD-YZ).
fn headquarters(dir: &Path) -> std::path::PathBuf {
    let (a, b, hq) = (
        dir.join("qz.redb"),
        dir.join("yz.redb"),
        dir.join("hq.redb"),
    );
    run(&a, &["init", "--sample"]);
    let yz = dir.join("yz-files");
    other_sample(&yz);
    run(&b, &["init"]);
    run(&b, &["import", yz.to_str().unwrap()]);
    for (db, name) in [(&a, "qz"), (&b, "yz")] {
        let key = dir.join(format!("{name}.key"));
        let out = dir.join(format!("{name}-bundle"));
        run(db, &["key", "init", "--key", key.to_str().unwrap()]);
        run(
            db,
            &[
                "export",
                "bundle",
                "--out",
                out.to_str().unwrap(),
                "--key",
                key.to_str().unwrap(),
            ],
        );
    }
    run(&hq, &["init"]);
    run(
        &hq,
        &[
            "hq",
            "ingest",
            "--trust-new",
            dir.join("qz-bundle").to_str().unwrap(),
            dir.join("yz-bundle").to_str().unwrap(),
        ],
    );
    hq
}

fn open_ui(db: &Path, lang: &str, socket: &str) -> Tmux {
    let line = format!(
        "{} --db {} --operator 王伟 --lang {lang} tui",
        assert_cmd::cargo::cargo_bin!("depot").display(),
        db.display()
    );
    Tmux::start(socket, (80, 24), &[&line])
}

#[test]
fn the_headquarters_dashboard_lists_the_depots_and_opens_one() {
    if depot_testkit::tmux::missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = headquarters(dir.path());
    // (language, the row for the whole service, the depots' title, the lines' title, the
    // chart's title, the depots with figures under its rates)
    for (lang, all, depots, lines, by_date, with) in [
        (
            "zh",
            "全部",
            "各库",
            "最新数据包的战备明细",
            "按数据包日期",
            "有数值的库：2/2",
        ),
        (
            "en",
            "ALL",
            "Depots",
            "Lines of its latest readiness.csv",
            "by bundle",
            "depots with figures: 2/2",
        ),
    ] {
        let tmux = open_ui(
            &db,
            lang,
            &format!("depot-hq-{lang}-{}", std::process::id()),
        );
        let screen = tmux.wait_for_line(&["ZD-QZ", "清州市消防救援支队"]);
        assert!(
            screen
                .lines()
                .any(|l| l.contains("ZD-YZ") && l.contains("云州市消防救援支队")),
            "{screen}"
        );
        assert!(
            screen.lines().any(|l| l.contains(all) && l.contains('2')),
            "{screen}"
        );
        // Sorted by code (both are current): ZD-QZ is selected first.
        tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
        let screen = tmux.wait_for(lines);
        assert!(screen.contains("ZD-QZ 清州市消防救援支队"), "{screen}");
        // Its lines: the units and warehouses of the sample.
        assert!(
            screen
                .lines()
                .any(|l| l.contains("DD-0") || l.contains("ZHAN-")),
            "{screen}"
        );
        tmux.cmd(&["send-keys", "-t", "t", "Escape"]);
        let screen = tmux.wait_for(depots);
        assert!(!screen.contains(lines), "{screen}");
        assert!(screen.contains("ZD-YZ"), "{screen}");

        // Tab: the whole service's readiness over time, both depots' figures pooled.
        tmux.cmd(&["send-keys", "-t", "t", "Tab"]);
        let screen = tmux.wait_for(with);
        assert!(
            screen
                .lines()
                .any(|l| l.contains(all) && l.contains(by_date)),
            "{screen}"
        );
        // A scanner's burst on the chart: the code is looked up (headquarters holds no such
        // item), its Enter opens nothing, and the chart stays.
        tmux.burst("QZ59093872");
        let screen = tmux.wait_for("QZ59093872");
        assert!(screen.contains(with), "{screen}");
        assert!(!screen.contains(lines), "{screen}");
        // Tab again: the response circles over both depots, a burst on them a scan too; Tab:
        // the list.
        let circles = if lang == "zh" {
            "应急响应圈"
        } else {
            "Response circles"
        };
        tmux.cmd(&["send-keys", "-t", "t", "Tab"]);
        let screen = tmux.wait_for(circles);
        assert!(!screen.contains(with), "{screen}");
        tmux.burst("QZ59093873");
        let screen = tmux.wait_for("QZ59093873");
        assert!(screen.contains(circles), "{screen}");
        tmux.cmd(&["send-keys", "-t", "t", "Tab"]);
        let screen = tmux.wait_for(depots);
        assert!(!screen.contains(circles), "{screen}");
        // Tab, Esc: the chart and back to the list; Enter: ZD-QZ's lines; Tab: its chart; Esc:
        // its lines again.
        tmux.cmd(&["send-keys", "-t", "t", "Tab"]);
        tmux.wait_for(with);
        tmux.cmd(&["send-keys", "-t", "t", "Escape"]);
        tmux.wait_for(depots);
        tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
        tmux.wait_for(lines);
        tmux.cmd(&["send-keys", "-t", "t", "Tab"]);
        let screen = tmux.wait_for_line(&["ZD-QZ", by_date]);
        assert!(!screen.contains(with), "{screen}");
        tmux.cmd(&["send-keys", "-t", "t", "Escape"]);
        let screen = tmux.wait_for(lines);
        assert!(screen.contains("ZD-QZ 清州市消防救援支队"), "{screen}");
        tmux.quit();
    }
}
