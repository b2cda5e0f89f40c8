//! Scans on PostgreSQL from several terminals at once (issues 13, 22): 1, 4, 8 and 16 child
//! processes, each a terminal checking assets out to a station and back in through depot's
//! real services (`service::workflow::checkout` / `checkin`: one transaction per scan, with
//! every check a scan makes), beside the same number of processes sending the same
//! transaction as a minimal client of plain SQL (the `postgres` crate, prepared statements): BEGIN;
//! lock the chain row; read the stock row; insert the movement; upsert the stock row; move the
//! chain row; COMMIT, each its own round trip: the statements depot's `PgWriter` sent for the
//! movement until 2026-11-24, without depot's look-ups. Depot now holds the lock for three
//! round trips (the lock, the stock row, the movement with the COMMIT) and flushes after.
//!
//! Codes are **disjoint**: every process scans ready assets of its own, drawn at random from
//! the whole register (the terminals still contend, on the chain row every writer locks). The
//! two sides use different codes, from the same draw. At each terminal count the scans are
//! split into `--rounds` rounds in which the sides take turns (depot first, then plain first),
//! each round preceded by a probe of the disk's `fdatasync`: this host's disk switches between
//! 0.1 and 4 ms, and a commit's cost follows it. A round's throughput is its scans over the span
//! from the first process's start to the last one's end (the processes start together, after
//! connecting); a side's throughput is its scans over its rounds' spans added; latencies are
//! per scan, over all of them.
//!
//! Depot commits without waiting for the disk under the chain's lock and flushes after (issue
//! 22); the minimal client keeps the old transaction, its commit flushed under the lock.
//!
//! Goals (issue 22): at 8 terminals, depot at least 2× the minimal client's throughput and a
//! p99 under 10 ms; at 16 terminals a p99 under 20 ms; at 1 terminal the p50 is reported beside
//! the client's.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use depot_domain::Barcode;
use depot_domain::access::Role;
use depot_service::Ctx;
use depot_service::store::{Access, Location, OperatorRecord, Store};
use depot_service::workflow::{self, CheckinReq, CheckoutReq};

use crate::fixture::{self, Ready};
use crate::pg::{self, Server};
use crate::pg_plain::Plain;
use crate::pg_terminal::{OPERATOR, Terminal};
use crate::report::{Goal, Report, num};
use crate::rng::Rng;
use crate::scan_disk::quantile;
use crate::{BenchResult, Common};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Scans (check-outs and check-ins, each a transaction) per terminal count and side.
    #[arg(long, default_value_t = 4000)]
    pub scans: usize,
    /// The terminal counts, in turn.
    #[arg(long, value_delimiter = ',', default_value = "1,4,8,16")]
    pub terminals: Vec<usize>,
    /// Rounds per terminal count: the scans are split into this many, the two sides taking
    /// turns (first one, then the other first), so that a spell of a slow disk falls on both.
    #[arg(long, default_value_t = 4)]
    pub rounds: usize,
    /// depot's terminals connect as README's recipe gives a terminal: the terminals' role, the
    /// operator signed in (a quartermaster), so that the server's checks of who may write run
    /// on every movement; by default they connect as the database's owner, whom those checks
    /// skip. The plain client connects as the owner either way.
    #[arg(long)]
    pub as_terminal: bool,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            scans: 4000,
            terminals: vec![1, 4, 8, 16],
            rounds: 4,
            as_terminal: false,
        }
    }
}

/// What a scanning child reports.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Scans {
    /// Each scan's time, in microseconds.
    pub micros: Vec<u64>,
    /// When its first scan started and its last ended (nanoseconds since the epoch).
    pub start_ns: u64,
    pub end_ns: u64,
}

/// What one side gathered at one terminal count, over its rounds.
#[derive(Default)]
struct Side {
    /// Every scan's time, in milliseconds.
    millis: Vec<f64>,
    /// The rounds' spans, added.
    seconds: f64,
    /// Each round's throughput.
    rates: Vec<f64>,
    /// The disk's fdatasync p50 just before each round, in milliseconds.
    disk: Vec<f64>,
}

impl Side {
    fn rate(&self) -> f64 {
        self.millis.len() as f64 / self.seconds
    }
}

fn list(v: &[f64]) -> String {
    v.iter().map(|x| num(*x)).collect::<Vec<_>>().join(", ")
}

pub fn run(common: &Common, server: &Server, args: &Args) -> BenchResult<Report> {
    let f = fixture::base(common)?;
    let url = pg::register(common, server, &f)?;
    let ready = fixture::ready_assets(&f.dir)?;
    let stations = fixture::stations(&f.dir)?;
    let mut rep = Report::new("pg-scan");
    rep.setup("assets", common.assets);
    rep.setup("server", pg::server_setup(&url)?);
    rep.setup(
        "codes",
        "disjoint: each process its own ready assets, drawn at random; out to a station, then in",
    );
    rep.setup("scans per terminal count and side", args.scans);
    let depot_url = if args.as_terminal {
        rep.setup(
            "depot's terminals connect as",
            "the recipe's terminals' role, a quartermaster signed in",
        );
        terminal_role(&url)?
    } else {
        rep.setup("depot's terminals connect as", "the database's owner");
        url.clone()
    };

    rep.setup("rounds (sides in turn)", args.rounds.max(1));
    let mut rng = Rng::new(0x9E5C);
    let mut used = HashSet::new();
    let rounds = args.rounds.max(1);
    let per = args.scans.div_ceil(rounds);
    let mut at_8 = None;
    for &k in &args.terminals {
        let mut sides = [Side::default(), Side::default()];
        let load = pg::load_average();
        for round in 0..rounds {
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for side in order {
                let plain = side == 1;
                let files = codes(&f.dir, &mut rng, &mut used, &ready, &stations, k, per)?;
                eprintln!(
                    "pg scan: {k} terminal(s), round {}, {}",
                    round + 1,
                    if plain { "plain SQL" } else { "depot" }
                );
                let disk = pg::fdatasync_p50(&f.dir, 100)?;
                let at = if plain { &url } else { &depot_url };
                let (millis, seconds) = terminals(at, &files, plain)?;
                for p in &files {
                    std::fs::remove_file(p)?;
                }
                let s = &mut sides[side];
                s.rates.push(millis.len() as f64 / seconds);
                s.millis.extend(millis);
                s.seconds += seconds;
                s.disk.push(disk * 1000.0);
            }
        }
        rep.setup(
            &format!("load average at {k} (start, end)"),
            format!("{load}; {}", pg::load_average()),
        );
        for (side, who) in sides.iter_mut().zip(["depot", "plain SQL"]) {
            let name = |what: &str| format!("{who}, {k} terminal(s): {what}");
            rep.setup(
                &name("disk fdatasync p50 before each round (ms)"),
                list(&side.disk),
            );
            rep.setup(&name("throughput of each round"), list(&side.rates));
            rep.info(&name("throughput"), side.rate(), "scans/s");
            rep.info(&name("p50"), quantile(&mut side.millis, 0.5), "ms");
            let p99 = quantile(&mut side.millis, 0.99);
            if who == "depot" && k == 8 {
                rep.goal(&name("p99"), p99, "ms", Goal::AtMost(10.0));
            } else if who == "depot" && k == 16 {
                rep.goal(&name("p99"), p99, "ms", Goal::AtMost(20.0));
            } else {
                rep.info(&name("p99"), p99, "ms");
            }
            rep.info(&name("max"), quantile(&mut side.millis, 1.0), "ms");
        }
        let ratio = sides[0].rate() / sides[1].rate();
        let each: Vec<f64> = sides[0]
            .rates
            .iter()
            .zip(&sides[1].rates)
            .map(|(d, p)| d / p)
            .collect();
        rep.setup(
            &format!("ratio depot / plain SQL at {k}, each round"),
            list(&each),
        );
        rep.info(
            &format!("ratio depot / plain SQL at {k} (throughput)"),
            ratio,
            "x",
        );
        if k == 8 {
            at_8 = Some(ratio);
        }
    }
    if let Some(r) = at_8 {
        rep.goal(
            "8 terminals: depot / plain SQL (throughput)",
            r,
            "x",
            Goal::AtLeast(2.0),
        );
    }

    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("pg scan: results in {}", saved.display());
    Ok(rep)
}

/// The terminals' role README's recipe makes, made afresh on the benchmark's database at `url`
/// (the owner's), and the operator its terminals sign in as, a quartermaster without a PIN:
/// the URL the terminals connect with.
fn terminal_role(url: &str) -> BenchResult<String> {
    const ROLE: &str = "depot_bench_terminal";
    const PASSWORD: &str = "bench";
    let afresh = format!(
        "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN \
         EXECUTE 'DROP OWNED BY {ROLE}'; EXECUTE 'DROP ROLE {ROLE}'; END IF; END $$;\n{}",
        depot_store_postgres::grant_statements(ROLE, pg::DB, PASSWORD)
    );
    pg::psql(url, true, &[afresh])?;
    let store = depot_service::store::at(&Location::parse(url), Access::Existing)?;
    let quartermaster = OperatorRecord {
        name: OPERATOR.to_owned(),
        role: Role::Quartermaster,
        pin: None,
    };
    store.write(|w| w.put_operator(&quartermaster))?;
    let (_, at_host) = url
        .split_once('@')
        .ok_or("the server's URL names no user")?;
    Ok(format!("postgres://{ROLE}:{PASSWORD}@{at_host}"))
}

/// Writes one file of codes per terminal: a warm-up pair's code first, then the scans'
/// (`barcode<TAB>station`, the station not the asset's owner); no code is used twice.
fn codes(
    dir: &Path,
    rng: &mut Rng,
    used: &mut HashSet<String>,
    ready: &[Ready],
    stations: &[String],
    k: usize,
    scans: usize,
) -> BenchResult<Vec<std::path::PathBuf>> {
    let per = (scans / 2).div_ceil(k) + 1;
    let mut out = Vec::new();
    for t in 0..k {
        let mut text = String::new();
        for _ in 0..per {
            let r = loop {
                let r = rng.pick(ready);
                if used.insert(r.barcode.clone()) {
                    break r;
                }
            };
            let mut to = rng.pick(stations);
            while *to == r.owner {
                to = rng.pick(stations);
            }
            text.push_str(&format!("{}\t{to}\n", r.barcode));
        }
        let p = dir.join(format!("pg-scan-codes-{t}.txt"));
        std::fs::write(&p, text)?;
        out.push(p);
    }
    Ok(out)
}

/// Starts a child per file, lets them all go at once when every one has connected, and
/// gathers every scan's time (ms) and the span from the first start to the last end (s).
fn terminals(url: &str, files: &[std::path::PathBuf], plain: bool) -> BenchResult<(Vec<f64>, f64)> {
    let exe = std::env::current_exe()?;
    let mut kids = Vec::new();
    for file in files {
        let mut cmd = Command::new(&exe);
        cmd.args(["child", "pg-scan", url]).arg(file);
        if plain {
            cmd.arg("--plain");
        }
        let mut kid = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let out = BufReader::new(kid.stdout.take().ok_or("no stdout")?);
        kids.push((kid, out));
    }
    for (_, out) in &mut kids {
        let mut line = String::new();
        out.read_line(&mut line)?;
        if line.trim() != "ready" {
            return Err(format!("a scanning child did not start: {line:?}").into());
        }
    }
    for (kid, _) in &mut kids {
        kid.stdin.as_mut().ok_or("no stdin")?.write_all(b"go\n")?;
    }
    let (mut all, mut start, mut end) = (Vec::new(), u64::MAX, 0);
    for (mut kid, mut out) in kids {
        let mut line = String::new();
        out.read_line(&mut line)?;
        if !kid.wait()?.success() {
            return Err("a scanning child failed".into());
        }
        let s: Scans = serde_json::from_str(&line)?;
        start = start.min(s.start_ns);
        end = end.max(s.end_ns);
        all.extend(s.micros.iter().map(|&m| m as f64 / 1000.0));
    }
    Ok((all, end.saturating_sub(start) as f64 / 1e9))
}

/// The child: scans the codes of `file` on `url`, depot's way or plain SQL.
pub fn child(url: &str, file: &Path, plain: bool) -> BenchResult<()> {
    let text = std::fs::read_to_string(file)?;
    let codes: Vec<(&str, &str)> = text.lines().filter_map(|l| l.split_once('\t')).collect();
    let (warm, codes) = codes.split_first().ok_or("no codes")?;
    let mut side: Box<dyn Terminal> = if plain {
        Box::new(Plain::connect(url)?)
    } else {
        let store = depot_service::store::at(&Location::parse(url), Access::Existing)?;
        // As a terminal signs its operator in (on the owner's connection too, whom the server's
        // checks skip).
        depot_service::access::sign_in(&store, OPERATOR, None, &mut depot_service::access::Sleep)?;
        Box::new(Depot { store })
    };
    side.out(warm.0, warm.1)?;
    side.back(warm.0)?;
    println!("ready");
    std::io::stdout().flush()?;
    let mut go = String::new();
    std::io::stdin().read_line(&mut go)?;
    let mut s = Scans {
        micros: Vec::with_capacity(codes.len() * 2),
        start_ns: epoch_ns(),
        ..Scans::default()
    };
    for (code, to) in codes {
        let t = Instant::now();
        side.out(code, to)?;
        s.micros.push(t.elapsed().as_micros() as u64);
        let t = Instant::now();
        side.back(code)?;
        s.micros.push(t.elapsed().as_micros() as u64);
    }
    s.end_ns = epoch_ns();
    println!("{}", serde_json::to_string(&s)?);
    Ok(())
}

fn epoch_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// depot's services, as `depot scan` calls them.
struct Depot {
    store: Store,
}

impl Terminal for Depot {
    fn out(&mut self, code: &str, to: &str) -> BenchResult<()> {
        let req = CheckoutReq {
            to: Some(to.to_owned()),
            ..CheckoutReq::default()
        };
        let ctx = Ctx::new(Some(OPERATOR))?;
        workflow::checkout(&self.store, &ctx, &Barcode::new(code), &req)?;
        Ok(())
    }

    fn back(&mut self, code: &str) -> BenchResult<()> {
        let ctx = Ctx::new(Some(OPERATOR))?;
        workflow::checkin(
            &self.store,
            &ctx,
            &Barcode::new(code),
            &CheckinReq::default(),
        )?;
        Ok(())
    }
}
