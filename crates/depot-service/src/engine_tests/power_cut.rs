//! Power cuts across real workflows, through the simulated disk of `sim.rs`.
//!
//! Each workflow (a scan stream, check-outs and check-ins, an import, a count closed, `init
//! --sample`) runs once on a [`Disk`] that records every operation, and after each action the
//! test notes where in the trace it was acknowledged and what the whole database then held (a
//! digest of every table). A power cut before any operation N is then rebuilt from the trace:
//! the durable image plus a random subset of the unsynced writes, some torn. The cut image must
//! open (redb recovers it), pass `verify`, and hold exactly what it held after the last action
//! acknowledged before N, or after the one in flight: every acknowledged action is there, and
//! nothing unacknowledged is half there.
//!
//! Cuts go before every sync and at random operations between, several random subsets each:
//! at least 10,000 cut images in `cargo test`. `DEPOT_CUTS=200000 cargo test --release
//! power_cut -- --include-ignored` runs the long version; a failure prints `DEPOT_CUT_SEED` to
//! rerun it.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};
use rust_decimal::Decimal;

use crate::import::files::{Source, import};
use crate::store::{StockView, Store, StoreError};
use crate::workflow::{self, CheckinReq, CheckoutReq};
use crate::{Ctx, count, scan, verify};
use depot_domain::Barcode;
use depot_exchange::columns::Kind;
use depot_exchange::{InputEncoding, sample};
use depot_store_redb::testing::{Disk, Fault, FaultOn, Op, Replay};

const OFFICER: &str = "王伟";
const STATION: &str = "ZHAN-0104";

/// One fixed clock, so that the same workflow run twice writes the same rows.
fn ctx() -> Ctx {
    Ctx::fixed(
        OFFICER,
        chrono::DateTime::parse_from_rfc3339("2026-11-24T10:00:00+08:00").expect("time"),
    )
}

fn label() -> &'static Path {
    Path::new("simulated disk")
}

/// A digest of every table (the backup's list of them): two databases with the same digest
/// hold the same rows.
fn digest(store: &Store) -> [u8; 32] {
    depot_store_redb::testing::digest(store.engine().expect("a redb store"))
}

/// A store on the simulated disk `disk`, opened or created as a file would be.
fn on_disk(disk: Disk) -> Result<Store, StoreError> {
    depot_store_redb::Store::with_backend(disk, label()).map(Store::new)
}

/// Sources made of text, as files on disk would be.
fn text_source(kind: Kind, name: &'static str, text: String) -> Source {
    Source::Bytes(kind, name, Box::leak(text.into_bytes().into_boxed_slice()))
}

/// The sample's first `n` assets that are ready at home, not at the station, as CSV rows.
fn sample_assets(n: usize) -> (String, Vec<String>) {
    let text = std::str::from_utf8(include_bytes!("../../../../import/sample/assets.csv"))
        .expect("utf-8")
        .to_owned();
    let mut lines = text.lines();
    let header = format!("{}\n", lines.next().expect("header"));
    let mut rows = Vec::new();
    let mut codes = Vec::new();
    for l in lines {
        let c: Vec<&str> = l.split(',').collect();
        if c[3] != STATION && c[4].is_empty() && c[6] == "ready" && codes.len() < n {
            rows.push(format!("{l}\n"));
            codes.push(c[0].to_owned());
        }
    }
    (header + &rows.concat(), codes)
}

/// A small register: the sample's reference files and 80 assets, closed cleanly.
struct Base {
    image: Vec<u8>,
    codes: Vec<String>,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let disk = Disk::new();
        let store = on_disk(disk.clone()).expect("create");
        // The sample's reference data: modules, units, warehouses, travel times, catalogue.
        let mut sources = sample::sources();
        sources.truncate(5);
        let (assets, codes) = sample_assets(80);
        sources.push(text_source(Kind::Assets, "assets.csv", assets));
        let r = import(&store, &ctx(), &sources, InputEncoding::Auto, false).expect("import");
        assert!(r.landed(), "{:?}", r.problems);
        drop(store);
        Base {
            image: disk.image(),
            codes,
        }
    })
}

/// One action of a workflow: where in the trace it was acknowledged (it returned), whether it
/// succeeded, and what the database held after it.
struct Step {
    acked_at: usize,
    digest: [u8; 32],
}

/// A workflow run once on a recording disk.
struct Run {
    name: &'static str,
    start: Vec<u8>,
    trace: Vec<Op>,
    /// What the database held when it was opened (before the first action).
    opened: Option<[u8; 32]>,
    steps: Vec<Step>,
}

/// Runs `actions` on a disk starting at `start` (`None`: a new database, created by the run);
/// `mark` is called after every action.
fn traced(
    name: &'static str,
    start: Vec<u8>,
    actions: impl FnOnce(&Store, &mut dyn FnMut(&Store)),
) -> Run {
    let fresh = start.is_empty();
    let disk = Disk::with_image(start.clone());
    let store = on_disk(disk.clone()).expect("open");
    let mut steps = Vec::new();
    let opened = if fresh {
        // Creating the database is the first acknowledged action.
        steps.push(Step {
            acked_at: disk.ops(),
            digest: digest(&store),
        });
        None
    } else {
        Some(digest(&store))
    };
    let mut mark = |s: &Store| {
        steps.push(Step {
            acked_at: disk.ops(),
            digest: digest(s),
        })
    };
    actions(&store, &mut mark);
    drop(store);
    Run {
        name,
        start,
        trace: disk.trace(),
        opened,
        steps,
    }
}

fn rng(seed: u64) -> TestRng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    TestRng::from_seed(RngAlgorithm::ChaCha, &bytes)
}

/// The seed of this run: `DEPOT_CUT_SEED`, else the time.
fn seed() -> u64 {
    match std::env::var("DEPOT_CUT_SEED") {
        Ok(v) => v.parse().expect("DEPOT_CUT_SEED is a number"),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    }
}

/// The cut points of a run: before every sync, and as many random operations between.
fn cut_points(run: &Run, rng: &mut TestRng) -> Vec<usize> {
    let mut points: Vec<usize> = run
        .trace
        .iter()
        .enumerate()
        .filter(|(_, op)| matches!(op, Op::Sync))
        .map(|(i, _)| i)
        .collect();
    let syncs = points.len();
    let n = run.trace.len().max(1) as u64;
    points.extend((0..syncs.max(8)).map(|_| (rng.next_u64() % n) as usize));
    points.push(run.trace.len());
    points.sort_unstable();
    points.dedup();
    points
}

/// Checks the image a cut before operation `op` left.
fn check_cut(run: &Run, op: usize, image: Vec<u8>) -> Result<(), String> {
    let before = run.steps.iter().rev().find(|s| s.acked_at <= op);
    let in_flight = run.steps.iter().find(|s| s.acked_at > op);
    let opened = on_disk(Disk::with_image(image));
    let store = match (opened, before, run.opened) {
        (Ok(store), _, _) => store,
        // A database whose creation was not yet acknowledged may be anything but a crash.
        (Err(StoreError::NotDepot(_) | StoreError::Damaged { .. }), None, None) => return Ok(()),
        (Err(e), _, _) => return Err(format!("the cut image does not open: {e}")),
    };
    let report = verify::verify(&store).map_err(|e| format!("verify: {e}"))?;
    if !report.ok() {
        return Err(format!("verify fails: {report}"));
    }
    let now = digest(&store);
    let allowed_before = match before {
        Some(s) => Some(s.digest),
        None => run.opened,
    };
    if Some(now) == allowed_before || Some(now) == in_flight.map(|s| s.digest) {
        return Ok(());
    }
    // Before the creation of a new database was acknowledged, a blank new one is fine too.
    if before.is_none()
        && run.opened.is_none()
        && store
            .read()
            .is_ok_and(|r| r.ledger_head().is_ok_and(|h| h.0 == 0))
    {
        return Ok(());
    }
    let acked = run.steps.iter().filter(|s| s.acked_at <= op).count();
    Err(format!(
        "after {acked} acknowledged actions the database holds neither what the last of them left nor what the one in flight would have"
    ))
}

/// Cuts `run` at every cut point, with at least `images` random images in all, on two threads;
/// returns the number of cut images checked.
fn cut_everywhere(run: &Run, seed: u64, images: usize) -> usize {
    let mut r = rng(seed);
    let points = cut_points(run, &mut r);
    let per_point = images.div_ceil(points.len()).max(1);
    let jobs: Vec<(usize, u64)> = points
        .iter()
        .flat_map(|&p| (0..per_point).map(move |k| (p, k as u64)))
        .collect();
    let half = jobs.len().div_ceil(2);
    std::thread::scope(|s| {
        for part in jobs.chunks(half.max(1)) {
            s.spawn(move || {
                let mut replay = Replay::new(run.start.clone(), &run.trace);
                for &(op, k) in part {
                    replay.advance_to(op);
                    let mut r = rng(seed ^ (op as u64).rotate_left(20) ^ k);
                    let image = replay.cut(&mut || r.next_u64());
                    if let Err(e) = check_cut(run, op, image) {
                        panic!(
                            "{}: power cut before operation {op} of {} (image {k}): {e}; rerun with DEPOT_CUT_SEED={seed}",
                            run.name,
                            run.trace.len()
                        );
                    }
                }
            });
        }
    });
    jobs.len()
}

/// How many cut images each workflow gets: 10,000 in all by default, `DEPOT_CUTS` for more.
fn budget() -> usize {
    std::env::var("DEPOT_CUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn checkout_req() -> CheckoutReq {
    CheckoutReq {
        to: Some(STATION.into()),
        due: None,
        reference: None,
        note: None,
    }
}

fn scan_stream() -> Run {
    let codes = base().codes.clone();
    traced("scan stream", base().image.clone(), |store, mark| {
        let ctx = ctx();
        let mode = scan::Mode::Out(checkout_req());
        let mut rest = &codes[..60];
        let mut n = 0;
        while !rest.is_empty() {
            let (burst, tail) = rest.split_at((1 + n % 7).min(rest.len()));
            let answers = scan::batch(store, &ctx, &mode, burst).expect("batch");
            assert!(answers.iter().all(|a| a.result.is_ok()), "{answers:?}");
            mark(store);
            rest = tail;
            n += 1;
        }
    })
}

fn checkout_and_in() -> Run {
    let codes = base().codes.clone();
    traced(
        "check-out and check-in",
        base().image.clone(),
        |store, mark| {
            let ctx = ctx();
            for code in &codes[60..75] {
                let b = Barcode::new(code);
                workflow::checkout(store, &ctx, &b, &checkout_req()).expect("checkout");
                mark(store);
                workflow::checkin(store, &ctx, &b, &CheckinReq::default()).expect("checkin");
                mark(store);
            }
        },
    )
}

fn import_more() -> Run {
    let (all, _) = sample_assets(200);
    let mut lines = all.lines();
    let header = lines.next().expect("header");
    // 120 assets the base does not hold, and a changed row of one it does.
    let new: Vec<&str> = lines.skip(80).collect();
    let text = format!("{header}\n{}\n", new.join("\n"));
    traced("import", base().image.clone(), |store, mark| {
        let sources = [text_source(Kind::Assets, "more.csv", text)];
        let r = import(store, &ctx(), &sources, InputEncoding::Auto, false).expect("import");
        assert!(r.landed(), "{:?}", r.problems);
        mark(store);
    })
}

fn count_closed() -> Run {
    let codes = base().codes.clone();
    traced("count closed", base().image.clone(), |store, mark| {
        let ctx = ctx();
        let owner = {
            let r = store.read().expect("read");
            match r.stock(&codes[0]).expect("stock") {
                Some(depot_domain::Stock::Asset(a)) => a.owner.as_str().to_owned(),
                other => panic!("{other:?}"),
            }
        };
        let id = count::open(store, &ctx, &owner, None).expect("open count");
        mark(store);
        for code in codes.iter().skip(1).take(6) {
            // Some of them belong elsewhere: unexpected there, which is fine for a count.
            let _ = count::scan(store, &ctx, id, &Barcode::new(code), None);
            mark(store);
        }
        count::close(
            store,
            &ctx,
            id,
            "annual count",
            true,
            &found_away(store, id),
        )
        .expect("close");
        mark(store);
    })
}

fn init_sample() -> Run {
    traced("init --sample", Vec::new(), |store, mark| {
        let r = import(
            store,
            &ctx(),
            &sample::sources(),
            InputEncoding::Auto,
            false,
        )
        .expect("import");
        assert!(r.landed(), "{:?}", r.problems);
        mark(store);
    })
}

#[test]
fn power_cuts_across_workflows_lose_nothing_acknowledged() {
    let seed = seed();
    eprintln!("power cuts: DEPOT_CUT_SEED={seed}");
    let total = budget();
    let small = [
        scan_stream(),
        checkout_and_in(),
        import_more(),
        count_closed(),
    ];
    let mut checked = 0;
    for run in &small {
        let n = cut_everywhere(run, seed, total.div_ceil(small.len()));
        eprintln!(
            "{}: {} operations, {n} cut images",
            run.name,
            run.trace.len()
        );
        checked += n;
    }
    assert!(checked >= 10_000, "only {checked} cut images");
}

/// `init --sample` is big (one import of the whole sample): every sync and a few points
/// between, 80 images in all.
#[test]
fn power_cuts_during_init_sample() {
    let seed = seed();
    let run = init_sample();
    let n = cut_everywhere(&run, seed, 80);
    eprintln!(
        "{}: {} operations, {n} cut images",
        run.name,
        run.trace.len()
    );
}

/// Finding 2: an import killed just before its last sync, a second program that opens the file
/// (redb recovers it) and answers six check-outs, then a power cut. The six must be there.
#[test]
fn acknowledged_scans_after_a_killed_import_survive_a_power_cut() {
    let seed = seed();
    let run = import_more();
    let last_sync = run
        .trace
        .iter()
        .rposition(|op| matches!(op, Op::Sync))
        .expect("a sync");
    let mut replay = Replay::new(run.start.clone(), &run.trace);
    replay.advance_to(last_sync);
    let (durable, unsynced) = replay.split();
    assert!(
        !unsynced.is_empty(),
        "the killed import left writes in the page cache"
    );
    let codes = &base().codes[..6];
    let disk = Disk::after_kill(durable.clone(), unsynced);
    let trace_start = disk.ops();
    let store = on_disk(disk.clone()).expect("the second program opens");
    let ctx = ctx();
    for code in codes {
        workflow::checkout(&store, &ctx, &Barcode::new(code), &checkout_req()).expect("OK");
    }
    let acked = digest(&store);
    drop(store);
    assert!(disk.ops() > trace_start);
    let trace = disk.trace();
    let mut replay = Replay::new(durable, &trace);
    replay.advance_to(trace.len());
    for k in 0..200u64 {
        let mut r = rng(seed ^ k);
        let image = replay.cut(&mut || r.next_u64());
        let store = on_disk(Disk::with_image(image))
            .unwrap_or_else(|e| panic!("image {k}: does not open: {e}; DEPOT_CUT_SEED={seed}"));
        let report = verify::verify(&store).expect("verify");
        assert!(report.ok(), "image {k}: {report}; DEPOT_CUT_SEED={seed}");
        assert_eq!(
            digest(&store),
            acked,
            "image {k}: the six acknowledged check-outs are not all there; DEPOT_CUT_SEED={seed}"
        );
    }
}

/// What a workflow's answers were under an injected fault, for the fault tests.
#[derive(Debug, Default)]
struct Answers {
    /// Digests after each action answered done.
    done: Vec<[u8; 32]>,
    /// Whether an action was answered with an I/O error (its outcome is then unknown to the
    /// program: the disk may or may not have kept it).
    io_failed: bool,
    /// What that answer said.
    message: String,
}

/// One action of the short workflow.
type Action<'a> = Box<dyn Fn(&Store) -> crate::Result<()> + 'a>;

/// A short workflow (check-outs, a check-in, a lot issue, a count closed) against `disk`,
/// stopping at the first error. Returns its answers; never panics on an error.
fn short_workflow(disk: &Disk, codes: &[String]) -> Result<Answers, String> {
    let mut answers = Answers::default();
    let store = match on_disk(disk.clone()) {
        Ok(s) => s,
        Err(e) => {
            answers.io_failed = true;
            return Ok(note_error(answers, e.to_string()));
        }
    };
    let ctx = ctx();
    let steps: Vec<Action<'_>> = vec![
        Box::new(|s| {
            workflow::checkout(s, &ctx, &Barcode::new(&codes[0]), &checkout_req()).map(drop)
        }),
        Box::new(|s| {
            scan::batch(s, &ctx, &scan::Mode::Out(checkout_req()), &codes[1..4]).map(drop)
        }),
        Box::new(|s| {
            workflow::checkin(s, &ctx, &Barcode::new(&codes[0]), &CheckinReq::default()).map(drop)
        }),
        // The count is the first the database holds: number 1.
        Box::new(|s| count::open(s, &ctx, STATION, None).map(drop)),
        Box::new(|s| {
            count::scan(s, &ctx, 1, &Barcode::new(&codes[1]), Some(Decimal::ONE)).map(drop)
        }),
        Box::new(|s| count::close(s, &ctx, 1, "fault test", true, &found_away(s, 1)).map(drop)),
    ];
    for step in steps {
        match step(&store) {
            Ok(()) => answers.done.push(digest(&store)),
            Err(e) => {
                answers.io_failed = true;
                return Ok(note_error(answers, e.to_string()));
            }
        }
    }
    Ok(answers)
}

/// An error answer must say what happened in words, not a debug dump; one that comes from the
/// disk says the action may not have been saved (or, on opening, that the disk failed).
fn note_error(answers: Answers, message: String) -> Answers {
    assert!(
        !message.is_empty() && !message.contains("Error {"),
        "{message}"
    );
    assert!(
        message.contains("may or may not have been saved")
            || message.contains("an earlier write to the disk failed")
            || message.contains("cannot read or write"),
        "{message}"
    );
    Answers { message, ..answers }
}

/// I/O error injection: the Nth write or sync fails, once or from then on, for every N across
/// a workflow. No panic; no action answered done that is not on disk; afterwards (the disk
/// mended, the program started again) the database opens, verifies, and holds exactly what was
/// answered done, or that and the action whose answer was the I/O error.
#[test]
fn every_write_and_sync_failing_in_turn() {
    let codes = base().codes.clone();
    // How many writes and syncs the workflow makes without faults.
    let clean = Disk::with_image(base().image.clone());
    clean.fail(None);
    short_workflow(&clean, &codes).expect("clean run");
    let (writes, syncs) = clean
        .trace()
        .iter()
        .fold((0u64, 0u64), |(w, s), op| match op {
            Op::Sync => (w, s + 1),
            Op::Write { .. } => (w + 1, s),
            Op::SetLen(_) => (w, s),
        });
    let mut runs = 0;
    let mut unsure = 0;
    for (on, count) in [(FaultOn::Write, writes), (FaultOn::Sync, syncs)] {
        for nth in 0..count {
            for persistent in [false, true] {
                let disk = Disk::with_image(base().image.clone());
                disk.fail(Some(Fault {
                    on,
                    nth,
                    persistent,
                }));
                let answers = short_workflow(&disk, &codes).expect("workflow");
                runs += 1;
                unsure += usize::from(answers.message.contains("may or may not have been saved"));
                let what = format!("{on:?} {nth} fails (persistent: {persistent})");
                // The program is stopped and the disk mended; what is on it must open.
                disk.fail(None);
                // Without a power cut, the page cache holds what was written.
                let store = on_disk(Disk::with_image(disk.image()))
                    .unwrap_or_else(|e| panic!("{what}: the database does not open: {e}"));
                let report = verify::verify(&store).expect("verify");
                assert!(report.ok(), "{what}: {report}");
                let now = digest(&store);
                let last_done = answers.done.last().copied();
                let mut allowed = vec![last_done.unwrap_or_else(|| digest_of(&base().image))];
                if answers.io_failed {
                    // The action answered with the I/O error may have reached the page cache.
                    allowed.extend(clean_digests(&codes).get(answers.done.len()).copied());
                }
                assert!(
                    allowed.contains(&now),
                    "{what}: the database holds something other than what was answered ({} done, failed: {})",
                    answers.done.len(),
                    answers.io_failed
                );
                // And a power cut now loses nothing answered done either.
                let trace = disk.trace();
                let mut replay = Replay::new(base().image.clone(), &trace);
                replay.advance_to(trace.len());
                let mut r = rng(nth);
                let cut = on_disk(Disk::with_image(replay.cut(&mut || r.next_u64())))
                    .unwrap_or_else(|e| panic!("{what}, then a power cut: does not open: {e}"));
                assert!(verify::verify(&cut).expect("verify").ok(), "{what}, cut");
                let after_cut = digest(&cut);
                let mut allowed_cut = allowed.clone();
                allowed_cut.push(last_done.unwrap_or_else(|| digest_of(&base().image)));
                assert!(
                    allowed_cut.contains(&after_cut) || answers.io_failed,
                    "{what}, then a power cut: an action answered done is lost"
                );
            }
        }
    }
    eprintln!(
        "fault injection: {runs} runs ({writes} writes, {syncs} syncs), {unsure} answered as maybe saved"
    );
    assert!(runs > 40);
    assert!(
        unsure > 0,
        "no failed commit said that its outcome is unknown"
    );
}

fn digest_of(image: &[u8]) -> [u8; 32] {
    digest(&on_disk(Disk::with_image(image.to_vec())).expect("open"))
}

/// The digests after each action of the short workflow without faults.
fn clean_digests(codes: &[String]) -> &'static [[u8; 32]] {
    static CLEAN: OnceLock<Vec<[u8; 32]>> = OnceLock::new();
    CLEAN.get_or_init(|| {
        let disk = Disk::with_image(base().image.clone());
        short_workflow(&disk, codes).expect("clean").done
    })
}

/// A full disk during a scan and during an import: a clear message naming the disk and what
/// to free, and nothing half written.
#[test]
fn a_full_disk_refuses_whole_actions_with_a_clear_message() {
    let codes = base().codes.clone();
    let size = base().image.len() as u64;
    // Room for nothing more than the file holds now.
    let disk = Disk::with_image(base().image.clone());
    disk.set_capacity(Some(size));
    let store = on_disk(disk.clone()).expect("opens on a full disk");
    let before = digest(&store);
    let mut refused = 0;
    for code in &codes {
        match workflow::checkout(&store, &ctx(), &Barcode::new(code), &checkout_req()) {
            Ok(_) => {}
            Err(e) => {
                let m = e.to_string();
                assert!(
                    m.contains("the disk is full") && m.contains("Free space"),
                    "{m}"
                );
                refused += 1;
                break;
            }
        }
    }
    assert_eq!(refused, 1, "a full disk refuses a scan");
    let (assets, _) = sample_assets(200);
    let sources = [text_source(Kind::Assets, "more.csv", assets)];
    drop(store);
    let store = on_disk(Disk::with_image(disk.image()));
    // Whatever was answered, the database on the disk is whole and verifies.
    let store = store.expect("opens");
    assert!(verify::verify(&store).expect("verify").ok());
    drop(store);
    let disk = Disk::with_image(disk.image());
    disk.set_capacity(Some(disk.image().len() as u64 + 4096));
    let store = on_disk(disk.clone()).expect("opens");
    let mid = digest(&store);
    let err = import(&store, &ctx(), &sources, InputEncoding::Auto, false)
        .expect_err("an import does not fit");
    assert!(err.to_string().contains("the disk is full"), "{err}");
    drop(store);
    let store = on_disk(Disk::with_image(disk.image())).expect("opens");
    assert!(verify::verify(&store).expect("verify").ok());
    assert_eq!(digest(&store), mid, "nothing of the import landed");
    assert_ne!(before, [0; 32]);
}

/// Every item count `id` found unexpectedly, recorded as found away from its owner.
fn found_away(store: &Store, id: u64) -> std::collections::BTreeMap<String, count::Decision> {
    count::view(store, id)
        .map(|v| {
            v.unexpected()
                .iter()
                .map(|(b, _)| ((*b).to_owned(), count::Decision::FoundAway))
                .collect()
        })
        .unwrap_or_default()
}
