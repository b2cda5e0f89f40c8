//! `depot notify` from outside: an officer adds, lists and removes the digest's recipients
//! (by role or unit, by mail or webhook), each change audited; anyone else is refused and the
//! refusal audited; addresses and places that cannot be are said, in both languages.
#![allow(clippy::unwrap_used)]

use depot_testkit::cli::Env;
use depot_testkit::register::{OFFICER, QM};

const STATION: &str = "ZHAN-0101";

#[test]
fn an_officer_adds_lists_and_removes_recipients_and_each_change_is_audited() {
    let db = Env::crew();
    assert!(
        db.out_as(QM, &["notify", "list"])
            .contains("no one gets the digest")
    );
    let said = db.out_as(
        OFFICER,
        &[
            "notify",
            "add",
            STATION,
            "webhook",
            "https://hook.example/a",
            "--kind",
            "wecom",
        ],
    );
    assert_eq!(
        said.trim(),
        format!("{STATION}'s digest goes by wecom to https://hook.example/a")
    );
    db.out_as(
        OFFICER,
        &["notify", "add", "管理员", "mail", " wang@example.cn "],
    );
    db.out_as(
        OFFICER,
        &[
            "notify",
            "add",
            "officer",
            "webhook",
            "http://127.0.0.1:9/x",
        ],
    );
    // The same audience and address again: its channel changes, no second recipient.
    db.out_as(
        OFFICER,
        &[
            "notify",
            "add",
            STATION,
            "webhook",
            "https://hook.example/a",
            "--kind",
            "dingtalk",
        ],
    );
    let list = db.out_as(QM, &["notify", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{STATION}  dingtalk  https://hook.example/a  not sent yet"),
            "officer  json  http://127.0.0.1:9/x  not sent yet".to_owned(),
            "officer  mail  wang@example.cn  not sent yet".to_owned(),
        ]
    );
    let zh = db.out_as(QM, &["--lang", "zh", "notify", "list"]);
    assert!(
        zh.contains("管理员  邮件  wang@example.cn  尚未发送"),
        "{zh}"
    );
    let said = db.out_as(OFFICER, &["notify", "remove", "officer", "wang@example.cn"]);
    assert_eq!(
        said.trim(),
        "wang@example.cn no longer gets officer's digest"
    );
    assert_eq!(db.out_as(QM, &["notify", "list"]).lines().count(), 2);

    let audit = db.out_as(OFFICER, &["audit"]);
    for action in [
        format!("notify add {STATION} https://hook.example/a"),
        "notify add officer wang@example.cn".to_owned(),
        "notify remove officer wang@example.cn".to_owned(),
    ] {
        assert!(audit.contains(&action), "{action} not in\n{audit}");
    }
    assert!(
        audit.contains("channel dingtalk") && audit.contains("removed"),
        "{audit}"
    );
}

#[test]
fn only_an_officer_changes_recipients_and_what_cannot_be_is_said() {
    let db = Env::crew();
    let e = db.err_as(QM, &["notify", "add", "officer", "mail", "li@example.cn"]);
    assert!(e.contains("may not manage digest recipients"), "{e}");
    let e = db.err_as(
        QM,
        &[
            "--lang",
            "zh",
            "notify",
            "remove",
            "officer",
            "li@example.cn",
        ],
    );
    assert!(e.contains("管理摘要收件方"), "{e}");
    let audit = db.out_as(OFFICER, &["audit"]);
    assert!(
        audit.contains("notify add officer li@example.cn"),
        "{audit}"
    );
    assert!(
        audit.contains("notify remove officer li@example.cn"),
        "{audit}"
    );

    let e = db.err_as(
        OFFICER,
        &["notify", "add", "officer", "webhook", "hook.example/a"],
    );
    assert!(
        e.contains("'hook.example/a' is not a webhook's address"),
        "{e}"
    );
    let e = db.err_as(
        OFFICER,
        &["--lang", "zh", "notify", "add", "officer", "mail", "wang"],
    );
    assert!(e.contains("'wang' 不是邮件地址"), "{e}");
    let e = db.err_as(
        OFFICER,
        &[
            "notify",
            "add",
            "officer",
            "mail",
            "wang@example.cn",
            "--kind",
            "json",
        ],
    );
    assert!(e.contains("a mail recipient takes none"), "{e}");
    let e = db.err_as(
        OFFICER,
        &["notify", "add", "ZHAN-9999", "mail", "wang@example.cn"],
    );
    assert!(e.contains("ZHAN-9999"), "{e}");
    let e = db.err_as(
        OFFICER,
        &["notify", "remove", "officer", "nobody@example.cn"],
    );
    assert!(
        e.contains("officer has no recipient nobody@example.cn"),
        "{e}"
    );
    assert!(
        db.out_as(QM, &["notify", "list"])
            .contains("no one gets the digest")
    );
}
