//! The terminal UI benchmark (issue 5): on a million assets, building the inventory, one frame
//! of the inventory screen on a `TestBackend` at 80x24, 160x48 and 300x100, one filter
//! keystroke with realistic queries, and the peak memory of the process holding the inventory.
//! The measurement runs in a child process (this subcommand again, with `--child`), so that its
//! peak memory is its own.
//!
//! Then scans on the scan station: from the Enter that ends a scanner's burst to its answer
//! drawn (the check-out committed durably in between).
//!
//! Goals: a frame under 5 ms at any size, a filter keystroke under 100 ms, memory under 500 MB,
//! a scan answered on screen within 10 ms of its Enter (p99).

use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use depot_service::store::Store;
use depot_tui::app::Screen;
use depot_tui::i18n::Lang;
use depot_tui::keymap::Action;
use depot_tui::{self as tui, Options, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::fixture;
use crate::report::{Goal, Report};
use crate::scan_disk::quantile;
use crate::{BenchResult, Common, child};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Frames drawn at each size; the median is reported.
    #[arg(long, default_value_t = 100)]
    pub frames: usize,
    /// Scans timed on the scan station, from their Enter to their answer drawn.
    #[arg(long, default_value_t = 300)]
    pub scans: usize,
    /// Run the measurement in this process (the parent re-runs itself with it).
    #[arg(long, hide = true)]
    pub child: bool,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            frames: 100,
            scans: 300,
            child: false,
        }
    }
}

const SIZES: [(u16, u16); 3] = [(80, 24), (160, 48), (300, 100)];

pub fn run(common: &Common, args: &Args) -> BenchResult<()> {
    if args.child {
        return measure(common, args);
    }
    // Build the register here, so that the child holds nothing but the UI.
    fixture::base(common)?;
    let status = Command::new(std::env::current_exe()?)
        .args(["tui", "--child", "--frames", &args.frames.to_string()])
        .args(["--scans", &args.scans.to_string()])
        .args(["--dir", &fixture::path(&common.dir)])
        .args(["--assets", &common.assets.to_string()])
        .args(["--lots", &common.lots.to_string()])
        .args(["--units", &common.units.to_string()])
        .status()?;
    if !status.success() {
        return Err(format!("the terminal UI benchmark failed ({status})").into());
    }
    Ok(())
}

/// What is typed into the inventory filter: a barcode prefix, an item name in Chinese, an
/// owner code, and two terms together.
const QUERIES: &[(&str, &str)] = &[
    ("barcode prefix", "FA1234"),
    ("item name (Chinese)", "空气呼吸器"),
    ("owner code", "ZHAN-000123"),
    ("two terms", "DD0101 泡沫"),
];

fn measure(common: &Common, args: &Args) -> BenchResult<()> {
    let f = fixture::base(common)?;
    let mut rep = Report::new("tui");
    rep.setup(
        "assets / lots",
        format!("{} / {}", common.assets, common.lots),
    );
    rep.setup("frames per size", args.frames);
    let store = Arc::new(depot_service::store::open(&f.depot)?);
    let opts = Options {
        lang: Lang::Zh,
        db: f.depot.clone(),
        operator: Some("bench".into()),
        as_of: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
    };
    let mut app = tui::start(&store, &opts, SIZES[0])?;
    let t = Instant::now();
    update::go(&mut app, &store, Screen::Inventory);
    rep.info(
        "build the inventory (open the screen)",
        t.elapsed().as_secs_f64(),
        "s",
    );
    let rows = app.inventory.as_ref().map_or(0, |i| i.inv.rows.len());
    rep.setup("inventory rows", rows);
    if rows == 0 {
        return Err(format!("no inventory: {}", app.status.clone().unwrap_or_default()).into());
    }

    for (w, h) in SIZES {
        update::update(&mut app, &store, Action::Resize(w, h));
        let mut term = Terminal::new(TestBackend::new(w, h))?;
        let mut times = Vec::with_capacity(args.frames);
        for _ in 0..args.frames {
            // Scroll a row between frames, as a user holding the arrow key does.
            update::update(&mut app, &store, Action::Down);
            let t = Instant::now();
            term.draw(|fr| view::draw(&app, fr))?;
            times.push(t.elapsed().as_secs_f64());
        }
        let (p50, max) = (quantile(&mut times, 0.5), quantile(&mut times, 1.0));
        rep.goal(
            &format!("frame {w}x{h} (median)"),
            p50 * 1e3,
            "ms",
            Goal::AtMost(5.0),
        );
        rep.info(&format!("frame {w}x{h} (slowest)"), max * 1e3, "ms");
    }

    let mut worst_key: f64 = 0.0;
    for (name, q) in QUERIES {
        // Esc clears a query (on an empty one it would leave the screen).
        if app.inventory.as_ref().is_some_and(|i| !i.query.is_empty()) {
            update::update(&mut app, &store, Action::Back);
        }
        let mut times = Vec::new();
        for c in q.chars() {
            let t = Instant::now();
            update::update(&mut app, &store, Action::Char(c));
            times.push(t.elapsed().as_secs_f64());
        }
        let shown = app.inventory.as_ref().map_or(0, |i| i.view.len());
        let (p50, max) = (quantile(&mut times, 0.5), quantile(&mut times, 1.0));
        worst_key = worst_key.max(max);
        rep.info(
            &format!("filter '{q}' ({name}): median key"),
            p50 * 1e3,
            "ms",
        );
        rep.info(
            &format!("filter '{q}' ({name}): slowest key"),
            max * 1e3,
            "ms",
        );
        rep.info(
            &format!("filter '{q}' ({name}): rows left"),
            shown as f64,
            "",
        );
    }
    rep.goal(
        "filter keystroke (slowest of all)",
        worst_key * 1e3,
        "ms",
        Goal::AtMost(100.0),
    );
    scans(&mut rep, &store, &mut app, args.scans)?;
    let peak = child::peak_rss_kb().unwrap_or(0) as f64 / 1024.0;
    rep.goal(
        "peak memory (VmHWM) holding the inventory",
        peak,
        "MB",
        Goal::AtMost(500.0),
    );

    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("tui: results in {}", saved.display());
    Ok(())
}

/// The station a scan checks out to.
const RECEIVER: &str = "ZHAN-000123";

/// Checks out `n` ready assets at home, one scanner burst each, timing each from its Enter
/// (the burst handed to `update` whole) to its answer drawn at 80x24.
fn scans(
    rep: &mut Report,
    store: &Arc<Store>,
    app: &mut depot_tui::app::App,
    n: usize,
) -> BenchResult<()> {
    use depot_domain::AssetStatus;
    use depot_service::query::RowKind;
    if app.inventory.is_none() {
        update::go(app, store, Screen::Inventory);
    }
    let codes: Vec<String> = app.inventory.as_ref().map_or_else(Vec::new, |i| {
        i.inv
            .rows
            .iter()
            .filter(|r| {
                r.kind == RowKind::Asset(AssetStatus::Ready)
                    && r.location.is_none()
                    && i.inv.owner_of(r).code != RECEIVER
            })
            .step_by(997)
            .take(n)
            .map(|r| r.barcode.to_string())
            .collect()
    });
    update::go(app, store, Screen::Scan);
    update::update(app, store, Action::Resize(80, 24));
    update::update(app, store, Action::EditReceiver);
    update::update(app, store, Action::Paste(RECEIVER.into()));
    update::update(app, store, Action::Enter);
    let mut term = Terminal::new(TestBackend::new(80, 24))?;
    let mut times = Vec::with_capacity(codes.len());
    for code in &codes {
        let t = Instant::now();
        update::update(app, store, Action::Scan(code.clone()));
        term.draw(|fr| view::draw(app, fr))?;
        times.push(t.elapsed().as_secs_f64());
    }
    // Put them back (untimed): the shared register is left as it was, a longer ledger apart.
    // Every code scanned, not the station's lines: it keeps only the last 200 on screen, and
    // the check-outs of the rest stayed in the register (100 a run).
    let (ok, errors) = (app.scan.tally.ok, app.scan.tally.errors);
    let refused = app
        .scan
        .lines
        .iter()
        .find(|l| !l.ok)
        .map(|l| l.text.clone());
    update::update(app, store, Action::ScanMode);
    for code in codes {
        update::update(app, store, Action::Scan(code));
    }
    rep.setup("scans (check-outs, one burst each)", times.len());
    rep.info("scans answered ✓", ok as f64, "");
    if errors > 0 {
        return Err(format!("{errors} scans refused: {refused:?}").into());
    }
    let (p50, p99, max) = (
        quantile(&mut times, 0.5),
        quantile(&mut times, 0.99),
        quantile(&mut times, 1.0),
    );
    rep.info("scan: Enter to answer drawn (median)", p50 * 1e3, "ms");
    rep.goal(
        "scan: Enter to answer drawn (p99)",
        p99 * 1e3,
        "ms",
        Goal::AtMost(10.0),
    );
    rep.info("scan: Enter to answer drawn (slowest)", max * 1e3, "ms");
    Ok(())
}
