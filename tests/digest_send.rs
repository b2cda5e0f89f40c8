//! `depot digest --send` to webhooks, from outside: a listener on 127.0.0.1 takes the POSTs.
//! Each recipient gets their digest once; again only when it changed; a delivery that fails
//! (the server answers 500, or nothing listens) is said, audited and tried again on the next
//! run, and then sent exactly once.
#![allow(clippy::unwrap_used)]

use std::collections::VecDeque;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use chrono::{Days, Local};
use depot_testkit::cli::Env;
use depot_testkit::register::{self, OFFICER, QM};
use serde_json::Value;

const STATION: &str = "ZHAN-0101";
const OTHER: &str = "ZHAN-0102";

/// A request the listener took: its path and body.
#[derive(Debug, Clone)]
struct Taken {
    path: String,
    body: Vec<u8>,
}

/// The statuses queued for each path.
type Statuses = Mutex<Vec<(String, VecDeque<u16>)>>;

/// A webhook server on 127.0.0.1: answers each request with the next status queued for its
/// path (200 when none), and keeps what it was sent.
struct Hooks {
    port: u16,
    taken: Arc<Mutex<Vec<Taken>>>,
    statuses: Arc<Statuses>,
}

impl Hooks {
    fn start() -> Hooks {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let taken = Arc::new(Mutex::new(Vec::new()));
        let statuses: Arc<Statuses> = Arc::default();
        let (t, s) = (taken.clone(), statuses.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                answer(conn, &t, &s);
            }
        });
        Hooks {
            port,
            taken,
            statuses,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn fail_next(&self, path: &str, status: u16) {
        let mut s = self.statuses.lock().unwrap();
        s.push((path.to_owned(), VecDeque::from([status])));
    }

    fn taken(&self, path: &str) -> Vec<Vec<u8>> {
        let t = self.taken.lock().unwrap();
        t.iter()
            .filter(|r| r.path == path)
            .map(|r| r.body.clone())
            .collect()
    }
}

fn answer(conn: TcpStream, taken: &Mutex<Vec<Taken>>, statuses: &Statuses) {
    let (path, body) = depot_testkit::webhook::read_request(&conn);
    let status = {
        let mut s = statuses.lock().unwrap();
        s.iter_mut()
            .find(|(p, q)| *p == path && !q.is_empty())
            .and_then(|(_, q)| q.pop_front())
            .unwrap_or(200)
    };
    taken.lock().unwrap().push(Taken { path, body });
    let reply = if status == 200 {
        r#"{"errcode":0,"errmsg":"ok"}"#
    } else {
        "server trouble"
    };
    let mut conn = conn;
    write!(
        conn,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reply.len()
    )
    .unwrap();
}

/// A run of `digest --send` as of `as_of` by the quartermaster: whether it succeeded, its
/// stdout and stderr.
fn send(db: &Env, as_of: &str) -> (bool, String, String) {
    let out = db
        .as_(QM)
        .args(["digest", "--send", "--as-of", as_of])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn each_digest_is_sent_once_again_only_when_changed_and_a_failure_is_retried() {
    let hooks = Hooks::start();
    let db = Env::crew();
    let as_of = Local::now().date_naive() + Days::new(30);
    let as_of = as_of.to_string();
    let add = |who: &str, path: &str, kind: &str| {
        db.out_as(
            OFFICER,
            &[
                "notify",
                "add",
                who,
                "webhook",
                &hooks.url(path),
                "--kind",
                kind,
            ],
        );
    };
    // A piece of another station's, which the test checks out past due later: its owner's
    // digest changes, the other station's does not.
    let piece = register::ready_home_not_of(OTHER)
        .into_iter()
        .find(|a| a.owner != STATION)
        .unwrap();
    let owner = piece.owner.clone();
    add(&owner, "/station", "json");
    add(OTHER, "/other", "json");
    add("officer", "/wecom", "wecom");
    add("quartermaster", "/ding", "dingtalk");
    hooks.fail_next("/ding", 500);

    // First run: three delivered, the DingTalk robot's server fails.
    let (ok, out, err) = send(&db, &as_of);
    assert!(!ok, "{out}{err}");
    for path in ["/station", "/other", "/wecom"] {
        assert!(
            out.contains(&format!("to {}", hooks.url(path))),
            "{path}: {out}"
        );
        assert_eq!(hooks.taken(path).len(), 1, "{path}");
    }
    assert!(
        err.contains(&format!(
            "quartermaster's digest was not sent to {}: the webhook answered HTTP 500: server trouble",
            hooks.url("/ding")
        )),
        "{err}"
    );
    // The JSON webhook gets what `depot digest --format json` writes for its unit, but for
    // what the latter says changed since that very digest was sent (nothing).
    let station: Value = serde_json::from_slice(&hooks.taken("/station")[0]).unwrap();
    let mut own: Value = serde_json::from_str(&db.out_as(
        QM,
        &[
            "digest", "--format", "json", "--for", &owner, "--as-of", &as_of,
        ],
    ))
    .unwrap();
    assert_eq!(own["lines_new"], 0, "{own}");
    assert_eq!(own["lines_unchanged"], own["lines_short"], "{own}");
    let o = own.as_object_mut().unwrap();
    for key in depot_report::digest::CHANGE_FACTS
        .iter()
        .chain(&["resolved"])
    {
        o.remove(*key);
    }
    o["notes"].as_array_mut().unwrap().remove(0);
    for row in o["shortfalls"].as_array_mut().unwrap() {
        row.as_object_mut().unwrap().remove("change");
    }
    assert_eq!(station, own);
    // The robots get a markdown message with the digest's title and its counts by place.
    let wecom: Value = serde_json::from_slice(&hooks.taken("/wecom")[0]).unwrap();
    assert_eq!(wecom["msgtype"], "markdown");
    let content = wecom["markdown"]["content"].as_str().unwrap();
    assert!(content.starts_with("### "), "{content}");
    assert!(content.len() < 4096, "{content}");
    // Every headline figure under its label, the scope said as the table says it.
    assert!(content.lines().all(|l| !l.starts_with("> :")), "{content}");
    assert!(content.contains("> scope: **everything**"), "{content}");

    // Second run, nothing changed: only the failed one goes, once.
    let (ok, out, err) = send(&db, &as_of);
    assert!(ok, "{out}{err}");
    assert_eq!(hooks.taken("/ding").len(), 2);
    let ding: Value = serde_json::from_slice(&hooks.taken("/ding")[1]).unwrap();
    assert_eq!(ding["msgtype"], "markdown");
    assert!(
        ding["markdown"]["title"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    assert!(
        ding["markdown"]["text"]
            .as_str()
            .unwrap()
            .starts_with("### ")
    );
    for path in ["/station", "/other", "/wecom"] {
        assert_eq!(hooks.taken(path).len(), 1, "{path} sent twice");
    }
    assert_eq!(out.matches("not sent again").count(), 3, "{out}");

    // A piece of the owner's is checked out past due: its digest, the officer's and the
    // quartermaster's go again; the other station's is as it was.
    let piece = piece.barcode;
    let due = (Local::now().date_naive() + Days::new(1)).to_string();
    db.out_as(QM, &["checkout", &piece, "--to", STATION, "--due", &due]);
    let (ok, out, err) = send(&db, &as_of);
    assert!(ok, "{out}{err}");
    assert_eq!(hooks.taken("/station").len(), 2);
    assert_eq!(hooks.taken("/wecom").len(), 2);
    assert_eq!(hooks.taken("/ding").len(), 3);
    assert_eq!(hooks.taken("/other").len(), 1);
    let station: Value = serde_json::from_slice(&hooks.taken("/station")[1]).unwrap();
    assert!(station.to_string().contains(&piece), "{station}");

    // The log has every delivery and the failure.
    let audit = db.out_as(OFFICER, &["audit"]);
    assert_eq!(
        audit.matches("digest send quartermaster").count(),
        3,
        "{audit}"
    );
    assert!(
        audit.contains("failed: the webhook answered HTTP 500"),
        "{audit}"
    );
    assert_eq!(audit.matches("digest send ZHAN-0102").count(), 1, "{audit}");
    let list = db.out_as(QM, &["notify", "list"]);
    assert_eq!(list.matches("last sent").count(), 4, "{list}");
}

#[test]
fn a_webhook_nobody_answers_is_said_in_either_language_and_tried_again() {
    let hooks = Hooks::start();
    let db = Env::crew();
    // A port nothing listens on.
    let gone = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}/x", gone.local_addr().unwrap().port());
    drop(gone);
    db.out_as(OFFICER, &["notify", "add", STATION, "webhook", &url]);
    // Sent as an operator of the register's only.
    let out = db
        .as_("nobody")
        .args(["digest", "--send", "--as-of", "2026-03-01"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("operator nobody is not registered"), "{err}");
    let (ok, _, err) = send(&db, "2026-03-01");
    assert!(!ok);
    assert!(err.contains("the webhook could not be reached"), "{err}");
    let out = db
        .as_(QM)
        .args(["--lang", "zh", "digest", "--send", "--as-of", "2026-03-01"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("无法连接 webhook"), "{err}");
    assert!(
        err.contains("下次运行 `depot digest --send` 时将重试"),
        "{err}"
    );
    // Now it answers: sent once, then not again.
    db.out_as(OFFICER, &["notify", "remove", STATION, &url]);
    db.out_as(
        OFFICER,
        &["notify", "add", STATION, "webhook", &hooks.url("/x")],
    );
    assert!(send(&db, "2026-03-01").0);
    assert!(send(&db, "2026-03-01").0);
    assert_eq!(hooks.taken("/x").len(), 1);
    let audit = db.out_as(OFFICER, &["audit"]);
    assert_eq!(
        audit
            .matches("failed: the webhook could not be reached")
            .count(),
        2,
        "{audit}"
    );
}
