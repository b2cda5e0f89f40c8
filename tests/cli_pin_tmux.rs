//! The PIN asked on a real terminal (tmux): nothing typed is echoed, the right PIN acts, a
//! wrong one is refused in the user's language.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use depot_testkit::register;
use depot_testkit::register::{OFFICER, QM};
use depot_testkit::tmux::Tmux;

const PIN: &str = "8642";

/// Runs `line` in a shell in a new 120×30 session, keeping the screen after it ends.
fn run(socket: &str, line: &str) -> Tmux {
    let shell = format!("{line}; echo EXIT=$?; sleep 60");
    Tmux::start(socket, (120, 30), &["sh", "-c", &shell])
}

fn depot(db: &Path, op: &str) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin!("depot"));
    c.env_remove("DEPOT_PIN")
        .arg("--db")
        .arg(db)
        .arg("--operator")
        .arg(op);
    c
}

#[test]
fn the_pin_is_asked_on_a_terminal_without_echo() {
    if depot_testkit::tmux::missing() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.redb");
    for args in [
        &["init", "--sample"][..],
        &[
            "operator",
            "add",
            QM,
            "--role",
            "quartermaster",
            "--pin",
            PIN,
        ],
    ] {
        let out = depot(&db, OFFICER).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let ready = register::ready_home_not_of("ZHAN-0102");
    let bin = assert_cmd::cargo::cargo_bin!("depot");
    let line = |lang: &str, code: &str| {
        format!(
            "env -u DEPOT_PIN {} --db {} --operator {QM} --lang {lang} checkout {code} --to ZHAN-0102",
            bin.display(),
            db.display()
        )
    };
    // The right PIN, typed at the prompt: not shown, and the check-out is made.
    let code = &ready[0].barcode;
    let tmux = run(
        &format!("depot-pin-{}", std::process::id()),
        &line("en", code),
    );
    tmux.wait_for(&format!("PIN for {QM}:"));
    tmux.cmd(&["send-keys", "-t", "t", "-l", PIN]);
    tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains(&format!("OK {code} checked out to ZHAN-0102")),
        "{screen}"
    );
    assert!(!screen.contains(PIN), "the PIN was echoed:\n{screen}");
    drop(tmux);
    // A wrong one, in Chinese: refused, and nothing is written.
    let code = &ready[1].barcode;
    let tmux = run(
        &format!("depot-pin-zh-{}", std::process::id()),
        &line("zh", code),
    );
    tmux.wait_for(&format!("{QM} 的密码："));
    tmux.cmd(&["send-keys", "-t", "t", "-l", "1111"]);
    tmux.cmd(&["send-keys", "-t", "t", "Enter"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=1"), "{screen}");
    assert!(screen.contains("密码错误或未填写"), "{screen}");
    assert!(!screen.contains("1111"), "the PIN was echoed:\n{screen}");
    drop(tmux);
    let store = depot_service::store::open(&db).unwrap();
    assert!(register::asset(&store, code).location.is_none());
}
