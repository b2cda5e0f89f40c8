//! Several `depot scan` processes on one PostgreSQL database at once, as the terminals of a
//! depot run: half check out to a station, half check in, each fed its own random draw of
//! shared codes at a scanner's pace. Then the check every such test makes: every scan answered
//! OK is exactly one movement in the ledger (nothing lost, nothing doubled), each code's
//! movements alternate out and in, and every refusal is one the test allows.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use depot_domain::Action;
use depot_domain::access::Role;
use depot_service::store::{Access, Location, Store};
use depot_service::{Ctx, access};

use crate::register::{OFFICER, ready_home_not_of};

/// Where the check-outs go.
pub const STATION: &str = "ZHAN-0102";

/// The sample register on the database at `url`, with quartermasters `T0` … for `terminals`
/// terminals; and `codes` ready assets not of the station, to scan.
pub fn register(url: &str, terminals: usize, codes: usize) -> (Store, Vec<String>) {
    let store =
        depot_service::store::at(&Location::Server(url.to_owned()), Access::Create).unwrap();
    crate::register::import_sample(&store);
    let officer = Ctx::new(Some(OFFICER)).unwrap();
    for t in 0..terminals {
        access::add_operator(
            &store,
            &officer,
            &format!("T{t}"),
            Role::Quartermaster,
            None,
        )
        .unwrap();
    }
    let codes = ready_home_not_of(STATION)
        .into_iter()
        .take(codes)
        .map(|a| a.barcode)
        .collect();
    (store, codes)
}

/// A small random number generator, so the tests need no crate and each run differs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }
}

/// How the terminals are fed.
pub struct Feed<'a> {
    /// The `depot` binary.
    pub bin: &'a Path,
    pub url: &'a str,
    pub codes: &'a [String],
    pub terminals: usize,
    /// Scans per terminal.
    pub scans: usize,
    /// Where every feeder stops until [`Feed::gate`] opens (none: never), the scans after it
    /// being sent once something was done to the server.
    pub gate_at: Option<usize>,
    pub gate: Arc<AtomicBool>,
}

/// A terminal at work: its mode, its process, and the thread feeding it codes.
pub struct Running {
    pub mode: &'static str,
    child: Child,
    feeder: JoinHandle<()>,
}

/// What a terminal answered: its mode, each line of its standard output, its standard error.
pub struct Answered {
    pub mode: &'static str,
    pub lines: Vec<String>,
    pub stderr: String,
}

/// Starts the terminals: even ones check out to [`STATION`], odd ones check in.
pub fn start(feed: &Feed<'_>) -> Vec<Running> {
    let mut seed = 0x9e37_79b9_7f4a_7c15 ^ std::process::id() as u64;
    (0..feed.terminals)
        .map(|t| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(t as u64 + 1);
            let mut rng = Rng(seed | 1);
            let scans: Vec<String> = (0..feed.scans)
                .map(|_| feed.codes[rng.next() % feed.codes.len()].clone())
                .collect();
            let mode = if t % 2 == 0 { "out" } else { "in" };
            let mut cmd = Command::new(feed.bin);
            cmd.args(["--db", feed.url, "--lang", "en", "scan", "--mode", mode]);
            if mode == "out" {
                cmd.args(["--to", STATION]);
            }
            let mut child = cmd
                .env("DEPOT_OPERATOR", format!("T{t}"))
                .env_remove("DEPOT_PIN")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            let (gate_at, gate) = (feed.gate_at, feed.gate.clone());
            // A scanner's pace: a code, then a few milliseconds.
            let feeder = std::thread::spawn(move || {
                for (i, code) in scans.iter().enumerate() {
                    if gate_at == Some(i) {
                        while !gate.load(Ordering::SeqCst) {
                            std::thread::sleep(std::time::Duration::from_millis(5));
                        }
                    }
                    // A terminal that ended early is said by the check of its answers.
                    if writeln!(stdin, "{code}")
                        .and_then(|()| stdin.flush())
                        .is_err()
                    {
                        return;
                    }
                    if i % 4 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                }
            });
            Running {
                mode,
                child,
                feeder,
            }
        })
        .collect()
}

/// Waits for every terminal to answer all it was fed and end.
pub fn finish(running: Vec<Running>) -> Vec<Answered> {
    running
        .into_iter()
        .map(|r| {
            r.feeder.join().unwrap();
            let out = r.child.wait_with_output().unwrap();
            Answered {
                mode: r.mode,
                lines: String::from_utf8(out.stdout)
                    .unwrap()
                    .lines()
                    .map(str::to_owned)
                    .collect(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        })
        .collect()
}

/// The refusals any run of these terminals meets: another terminal checked the code out or in
/// first, or the same code came twice in a row.
pub fn refused_by_the_rules(rest: &str) -> bool {
    (rest.contains("is already checked out to") && rest.contains("(by T"))
        || rest.contains("is not checked out")
        || rest.starts_with("repeat scan")
}

/// Checks that each terminal answered each of its `scans` lines, every refusal being one
/// `allowed` admits (it gets the line's reason and its place among the terminal's answers),
/// and that the ledger after movement `before` holds exactly what was answered OK, each code's
/// movements alternating out and in. Returns how many scans were answered OK.
pub fn check(
    store: &Store,
    before: u64,
    answered: &[Answered],
    scans: usize,
    allowed: &dyn Fn(&str, usize) -> bool,
) -> usize {
    let mut ok: BTreeMap<(String, Action), usize> = BTreeMap::new();
    let mut oks = 0;
    for a in answered {
        assert_eq!(a.lines.len(), scans, "one answer per scan\n{}", a.stderr);
        let action = if a.mode == "out" {
            Action::Checkout
        } else {
            Action::Checkin
        };
        for (i, l) in a.lines.iter().enumerate() {
            let mut parts = l.splitn(3, ' ');
            let (word, code, rest) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap_or(""),
            );
            match word {
                "OK" => {
                    *ok.entry((code.to_owned(), action)).or_default() += 1;
                    oks += 1;
                }
                "ERROR" => assert!(
                    allowed(rest, i),
                    "a refusal a person cannot act on: {l}\n{}",
                    a.stderr
                ),
                _ => panic!("not an answer: {l}"),
            }
        }
    }
    let r = store.read().unwrap();
    let after = r.ledger_head().unwrap().0;
    assert_eq!(
        after - before,
        oks as u64,
        "every OK is one movement, and every movement was answered OK"
    );
    let mut written: BTreeMap<(String, Action), usize> = BTreeMap::new();
    let mut by_code: BTreeMap<String, Vec<Action>> = BTreeMap::new();
    r.for_each_movement(before + 1, |m| -> depot_service::Result<()> {
        let code = m.body.barcode.to_string();
        *written.entry((code.clone(), m.body.action)).or_default() += 1;
        by_code.entry(code).or_default().push(m.body.action);
        Ok(())
    })
    .unwrap();
    assert_eq!(written, ok, "the ledger holds exactly what was answered OK");
    for (code, actions) in &by_code {
        for (i, a) in actions.iter().enumerate() {
            let want = if i % 2 == 0 {
                Action::Checkout
            } else {
                Action::Checkin
            };
            assert_eq!(*a, want, "{code} moved {actions:?}");
        }
    }
    oks
}
