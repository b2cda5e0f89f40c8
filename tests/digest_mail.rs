//! `depot digest --send` by mail, from outside: a small SMTP server on 127.0.0.1 (written
//! here, a line-based dialogue that asks for a login) takes the message; the test reads it
//! back: the sender's login, the recipient, the subject, the HTML part and the workbook
//! attached. Without a mail server set, the delivery fails, saying so, and goes once one is.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use depot_testkit::register::OFFICER;
use tempfile::TempDir;

/// What the server took of one session: its AUTH line, its envelope, and the message.
#[derive(Debug, Default, Clone)]
struct Session {
    auth: Vec<String>,
    rcpt: Vec<String>,
    data: String,
}

/// An SMTP server that takes any login and any message, and keeps each session.
fn smtp_server() -> (u16, Arc<Mutex<Vec<Session>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let sessions: Arc<Mutex<Vec<Session>>> = Arc::default();
    let kept = sessions.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut s = Session::default();
            let say = |conn: &mut std::net::TcpStream, line: &str| {
                conn.write_all(format!("{line}\r\n").as_bytes()).unwrap();
            };
            say(&mut conn, "220 test ESMTP");
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 {
                    break;
                }
                let cmd = line.trim_end().to_owned();
                let upper = cmd.to_ascii_uppercase();
                if upper.starts_with("EHLO") {
                    say(&mut conn, "250-test");
                    say(&mut conn, "250 AUTH PLAIN LOGIN");
                } else if upper.starts_with("AUTH") {
                    s.auth.push(cmd);
                    say(&mut conn, "235 ok");
                } else if upper.starts_with("RCPT") {
                    s.rcpt.push(cmd);
                    say(&mut conn, "250 ok");
                } else if upper.starts_with("DATA") {
                    say(&mut conn, "354 go on");
                    loop {
                        let mut l = String::new();
                        reader.read_line(&mut l).unwrap();
                        if l == ".\r\n" {
                            break;
                        }
                        s.data.push_str(&l);
                    }
                    say(&mut conn, "250 taken");
                } else if upper.starts_with("QUIT") {
                    say(&mut conn, "221 bye");
                    break;
                } else {
                    say(&mut conn, "250 ok");
                }
            }
            kept.lock().unwrap().push(s);
        }
    });
    (port, sessions)
}

struct Db {
    dir: TempDir,
    path: PathBuf,
}

impl Db {
    /// The sample, its officer's digest going to wang@example.cn by mail.
    fn mailing_the_officer() -> Db {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("depot.redb");
        let db = Db { dir, path };
        db.as_(OFFICER)
            .args(["init", "--sample"])
            .assert()
            .success();
        db.as_(OFFICER)
            .args(["notify", "add", "officer", "mail", "wang@example.cn"])
            .assert()
            .success();
        db
    }

    fn as_(&self, op: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_depot"));
        c.current_dir(self.dir.path())
            .env_remove("DEPOT_DB")
            .env_remove("DEPOT_OPERATOR")
            .env_remove("DEPOT_SMTP")
            .env_remove("DEPOT_MAIL_FROM")
            .env("LANG", "C")
            .arg("--db")
            .arg(&self.path)
            .arg("--operator")
            .arg(op);
        c
    }
}

/// The quoted-printable body after a part's headers (lettre's choice for a long HTML page),
/// up to the next boundary, decoded.
fn quoted_printable_part(data: &str, header: &str) -> String {
    let start = data.find(header).unwrap();
    let part = &data[start..];
    assert!(part.contains("quoted-printable"), "{part}");
    let body_at = part.find("\r\n\r\n").unwrap() + 4;
    let body: String = part[body_at..]
        .split("\r\n")
        .take_while(|l| !l.starts_with("--"))
        .map(|l| match l.strip_suffix('=') {
            Some(soft) => soft.to_owned(),
            None => format!("{l}\n"),
        })
        .collect();
    let mut out = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The base64 lines after a part's headers, up to the next boundary, decoded.
fn base64_part(data: &str, header: &str) -> Vec<u8> {
    let start = data.find(header).unwrap();
    let body_at = start + data[start..].find("\r\n\r\n").unwrap() + 4;
    let body: String = data[body_at..]
        .lines()
        .take_while(|l| !l.starts_with("--"))
        .collect();
    decode64(body.trim())
}

fn decode64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let v = A.iter().position(|a| *a == c).unwrap() as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn the_digest_goes_by_mail_with_its_page_and_its_workbook() {
    let (port, sessions) = smtp_server();
    let db = Db::mailing_the_officer();
    // No mail server set: said, audited, not recorded as sent.
    let out = db
        .as_(OFFICER)
        .args(["digest", "--send", "--as-of", "2026-03-01"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no mail server is set"), "{err}");
    assert!(sessions.lock().unwrap().is_empty());

    let url = format!("smtp://depot:s3cret@127.0.0.1:{port}");
    for _ in 0..2 {
        db.as_(OFFICER)
            .args(["digest", "--send", "--as-of", "2026-03-01"])
            .env("DEPOT_SMTP", &url)
            .env("DEPOT_MAIL_FROM", "depot@example.cn")
            .assert()
            .success();
    }
    let taken = sessions.lock().unwrap().clone();
    assert_eq!(taken.len(), 1, "sent once: {taken:?}");
    let s = &taken[0];
    // The login: PLAIN with the URL's user and password.
    assert_eq!(s.auth.len(), 1, "{s:?}");
    let login = s.auth[0].rsplit(' ').next().unwrap();
    assert_eq!(decode64(login), b"\0depot\0s3cret");
    assert_eq!(s.rcpt, ["RCPT TO:<wang@example.cn>"]);
    let data = &s.data;
    assert!(data.contains("From: depot@example.cn"), "{data}");
    assert!(data.contains("To: wang@example.cn"), "{data}");
    assert!(data.contains("Subject: "), "{data}");
    assert!(data.contains("Content-Type: text/html"), "{data}");
    assert!(
        data.contains("filename=\"digest-depot-20260301.xlsx\""),
        "{data}"
    );
    let workbook = base64_part(data, "filename=\"digest-depot-20260301.xlsx\"");
    assert_eq!(&workbook[..2], b"PK", "an xlsx is a zip");
    let audit = String::from_utf8(db.as_(OFFICER).arg("audit").output().unwrap().stdout).unwrap();
    assert!(audit.contains("failed: no mail server is set"), "{audit}");
    assert_eq!(
        audit.matches("digest send officer wang@example.cn").count(),
        2
    );
}

/// Whether `program` runs with `args` (a test tool of .ci/packages.txt is installed).
fn runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A mail server that asks for STARTTLS and then a login: aiosmtpd (Debian's
/// python3-aiosmtpd) on a free port of 127.0.0.1, with a certificate for 127.0.0.1 made by
/// openssl. Kills the server when dropped.
struct TlsServer {
    child: std::process::Child,
    port: u16,
    taken: PathBuf,
    cert: PathBuf,
}

impl TlsServer {
    fn start(dir: &std::path::Path) -> TlsServer {
        let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        let made = std::process::Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            ])
            .args(["-subj", "/CN=127.0.0.1"])
            .args(["-addext", "subjectAltName=IP:127.0.0.1"])
            .args(["-addext", "basicConstraints=critical,CA:FALSE"])
            .args([
                "-addext",
                "keyUsage=critical,digitalSignature,keyEncipherment",
            ])
            .args(["-addext", "extendedKeyUsage=serverAuth"])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .unwrap();
        assert!(made.status.success(), "{made:?}");
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let taken = dir.join("taken.jsonl");
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/smtp_starttls.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg(&taken)
            .arg(&cert)
            .arg(&key)
            .arg(port.to_string())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(ready.trim(), "ready");
        TlsServer {
            child,
            port,
            taken,
            cert,
        }
    }

    /// The messages taken, as the server wrote them.
    fn taken(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.taken)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_digest_goes_over_starttls_after_a_login_to_a_real_mail_server() {
    if !runs("python3", &["-c", "import aiosmtpd"]) || !runs("openssl", &["version"]) {
        println!("skipped: python3-aiosmtpd or openssl is not installed; see .ci/packages.txt");
        return;
    }
    let dir = TempDir::new().unwrap();
    let server = TlsServer::start(dir.path());
    let db = Db::mailing_the_officer();
    let url = format!("smtp://depot:s3cret@127.0.0.1:{}?tls=required", server.port);
    let send = |ca: Option<&std::path::Path>| {
        let mut c = db.as_(OFFICER);
        c.args(["digest", "--send", "--as-of", "2026-03-01"])
            .env("DEPOT_SMTP", &url)
            .env("DEPOT_MAIL_FROM", "depot@example.cn");
        if let Some(ca) = ca {
            c.env("DEPOT_SMTP_CA", ca);
        }
        c.output().unwrap()
    };
    // The server's certificate is nobody's the public roots know: refused, said, not sent.
    let out = send(None);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("the mail server did not take the message"),
        "{err}"
    );
    assert!(server.taken().is_empty());
    // Trusted by --smtp-ca: sent over TLS after the login, once.
    for _ in 0..2 {
        let out = send(Some(&server.cert));
        assert!(out.status.success(), "{out:?}");
    }
    let taken = server.taken();
    assert_eq!(taken.len(), 1, "{taken:?}");
    let m = &taken[0];
    assert_eq!(m["tls"], true);
    assert_eq!(m["user"], "depot");
    assert_eq!(m["rcpt"], serde_json::json!(["wang@example.cn"]));
    let data = m["data"].as_str().unwrap().replace("\r\n", "\n");
    assert!(data.contains("Content-Type: text/html"), "{data}");
    let html = String::from_utf8(base64_part(
        &data.replace('\n', "\r\n"),
        "Content-Type: text/html",
    ))
    .unwrap_or_default();
    let html = if html.contains("<table") {
        html
    } else {
        data.clone()
    };
    assert!(html.contains("<table"), "{data}");
    let workbook = base64_part(
        &data.replace('\n', "\r\n"),
        "filename=\"digest-depot-20260301.xlsx\"",
    );
    assert_eq!(&workbook[..2], b"PK", "an xlsx is a zip");
    // A certificate file that is not one is said.
    let bad = dir.path().join("bad.pem");
    std::fs::write(&bad, "not a certificate").unwrap();
    db.as_(OFFICER)
        .args(["notify", "add", "auditor", "mail", "li@example.cn"])
        .assert()
        .success();
    let out = send(Some(&bad));
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--smtp-ca"), "{err}");
}

#[test]
fn a_mailed_digest_draws_the_rates_of_the_last_months() {
    let (port, sessions) = smtp_server();
    let db = Db::mailing_the_officer();
    // A month and more after the sample was imported (today): its rates have dates to draw.
    let on = (chrono::Local::now().date_naive() + chrono::Days::new(40)).to_string();
    db.as_(OFFICER)
        .args(["digest", "--send", "--as-of", &on])
        .env(
            "DEPOT_SMTP",
            format!("smtp://depot:s3cret@127.0.0.1:{port}"),
        )
        .env("DEPOT_MAIL_FROM", "depot@example.cn")
        .assert()
        .success();
    let taken = sessions.lock().unwrap().clone();
    assert_eq!(taken.len(), 1, "{taken:?}");
    let html = quoted_printable_part(&taken[0].data, "Content-Type: text/html");
    let trend = html
        .find("Headline rates over the last 12 months")
        .unwrap_or_else(|| panic!("no trend in {html}"));
    let chart = &html[trend..];
    assert!(
        chart.contains("<svg") && chart.contains(">equipped</text>"),
        "{chart}"
    );
}
