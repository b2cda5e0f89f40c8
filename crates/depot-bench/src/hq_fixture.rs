//! The headquarters benchmark's fixture: `depots` registers of `assets` assets each, every one
//! a depot of its own (its own top unit, brigades and stations, warehouses, part of the
//! catalogue, its own standards and signing key). Each is built through the library as
//! `depot import` builds one (its exchange files written, then imported into a register in
//! memory), given a few hundred check-outs and check-ins by the scan service, and written with
//! `depot export bundle`'s function into `<dir>/bundles-<depots>x<assets>/dNNNN`. The export
//! renames a bundle's folder into place when it is complete, so a folder there is whole; a run
//! stopped half way goes on where it stopped, and a complete fixture is reused.

use crate::hq_fixture_files::{Register, register};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};

use depot_exchange::InputEncoding;
use depot_exchange::bundle::{DepotKey, Manifest};
use depot_service::Ctx;
use depot_service::bundle::{BundleRequest, export_bundle};
use depot_service::import::files::{self as import, sources_in};
use depot_service::scan::{self, Mode};
use depot_service::store::Store;
use depot_service::workflow::{CheckinReq, CheckoutReq, Condition};

use crate::BenchResult;
use crate::rng::Rng;

/// The date every bundle's figures are for.
pub const AS_OF: (i32, u32, u32) = (2026, 11, 30);

/// The bundles, made or found.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The folder holding one bundle folder per depot.
    pub dir: PathBuf,
    pub depots: u64,
    /// Data rows of the six CSV files of every bundle, as the manifests count them.
    pub rows: u64,
    /// Of which movements.
    pub movements: u64,
    /// Of which assets.
    pub assets: u64,
    /// Bytes of every bundle's files, manifests included.
    pub bytes: u64,
    /// Seconds spent making the bundles missing at the start (0 when all were there).
    pub made_in: f64,
}

fn name(n: u64) -> String {
    format!("d{n:04}")
}

/// The bundles of `depots` depots of `assets` assets each under `dir`, made first where
/// missing (on every core).
pub fn bundles(dir: &Path, depots: u64, assets: u64) -> BenchResult<Fixture> {
    let out = dir.join(format!("bundles-{depots}x{assets}"));
    std::fs::create_dir_all(&out)?;
    // What an interrupted run left: sources and partial bundles (hidden names).
    for e in std::fs::read_dir(&out)? {
        let e = e?;
        if e.file_name().to_string_lossy().starts_with('.') {
            std::fs::remove_dir_all(e.path())?;
        }
    }
    let todo: Vec<u64> = (0..depots)
        .filter(|n| !out.join(name(*n)).join("manifest.json").is_file())
        .collect();
    let t = Instant::now();
    if todo.is_empty() {
        eprintln!("hq: reusing the {depots} bundles in {}", out.display());
    } else {
        eprintln!(
            "hq: making {} of {depots} depot bundles of {assets} assets in {}",
            todo.len(),
            out.display()
        );
        make(&out, &todo, assets)?;
    }
    let made_in = if todo.is_empty() {
        0.0
    } else {
        t.elapsed().as_secs_f64()
    };
    let mut f = Fixture {
        dir: out.clone(),
        depots,
        rows: 0,
        movements: 0,
        assets: 0,
        bytes: 0,
        made_in,
    };
    for n in 0..depots {
        let b = out.join(name(n));
        let bytes = std::fs::read(b.join("manifest.json"))?;
        f.bytes += bytes.len() as u64;
        let m = Manifest::parse(&bytes).map_err(|e| format!("{}: {e}", b.display()))?;
        for file in &m.body.files {
            f.rows += file.rows;
            f.bytes += std::fs::metadata(b.join(&file.name))?.len();
            match file.name.as_str() {
                "movements.csv" => f.movements += file.rows,
                "assets.csv" => f.assets += file.rows,
                _ => {}
            }
        }
    }
    Ok(f)
}

/// Makes the bundles of the depots `todo` on every core, with a progress bar.
fn make(out: &Path, todo: &[u64], assets: u64) -> BenchResult<()> {
    let bar = ProgressBar::new(todo.len() as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} bundles, {eta} left",
        )
        .map_err(|e| e.to_string())?
        .progress_chars("=> "),
    );
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let errors: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<(), String> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&n) = todo.get(i) else {
                            return Ok(());
                        };
                        one(out, n, assets).map_err(|e| format!("depot {n}: {e}"))?;
                        bar.inc(1);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .filter_map(|w| match w.join() {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e),
                Err(_) => Some("a worker panicked".to_owned()),
            })
            .collect()
    });
    bar.finish();
    if let Some(e) = errors.first() {
        return Err(e.clone().into());
    }
    Ok(())
}

/// Builds depot `n`'s register, moves some of its assets, and writes its bundle.
fn one(out: &Path, n: u64, assets: u64) -> BenchResult<()> {
    let src = out.join(format!(".src-{}", name(n)));
    std::fs::create_dir_all(&src)?;
    let mut rng = Rng::new(0x4851_BE9C_0000_0000 ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let reg = register(&src, n, assets, &mut rng)?;
    let store = depot_service::store::in_memory()?;
    let (y, m, d) = AS_OF;
    let as_of = NaiveDate::from_ymd_opt(y, m, d).ok_or("bad as-of date")?;
    // Every movement stamped on the as-of day, so that the bundle, cut at its as-of date,
    // carries them all, whatever day the fixture is made.
    let at = as_of
        .and_hms_opt(17, 0, 0)
        .and_then(|t| {
            t.and_local_timezone(chrono::FixedOffset::east_opt(8 * 3600)?)
                .single()
        })
        .ok_or("bad as-of time")?;
    let ctx = Ctx::fixed("bench", at);
    let sources = sources_in(&src)?;
    let report = import::import(&store, &ctx, &sources, InputEncoding::Auto, false)?;
    crate::child::landed(&report, "the import")?;
    std::fs::remove_dir_all(&src)?;
    moves(&store, &ctx, &reg, &mut rng)?;
    let key = DepotKey::generate()?;
    export_bundle(
        &store,
        &BundleRequest {
            out: &out.join(name(n)),
            as_of,
            full: false,
            depot: None,
            key: &key,
            created: chrono::Local::now().fixed_offset(),
        },
    )?;
    Ok(())
}

/// A few hundred check-outs (in three batches, each to a station) and check-ins of most of
/// them (some damaged), as scan stations would make them.
fn moves(store: &Store, ctx: &Ctx, reg: &Register, rng: &mut Rng) -> BenchResult<()> {
    let k = (150 + rng.below(151)) as usize;
    let start = rng.below(reg.ready.len().saturating_sub(k).max(1) as u64) as usize;
    let chosen: Vec<&(String, String)> = reg.ready.iter().skip(start).take(k).collect();
    let mut out = Vec::new();
    for group in chosen.chunks(k.div_ceil(3).max(1)) {
        let to = rng.pick(&reg.stations).clone();
        let codes: Vec<String> = group
            .iter()
            .filter(|(_, owner)| *owner != to)
            .map(|(b, _)| b.clone())
            .collect();
        let mode = Mode::Out(CheckoutReq {
            to: Some(to),
            due: NaiveDate::from_ymd_opt(2026, 12, 15),
            reference: None,
            note: None,
        });
        let answers = scan::batch(store, ctx, &mode, &codes)?;
        out.extend(
            answers
                .into_iter()
                .filter(|a| a.result.is_ok())
                .map(|a| a.code),
        );
    }
    let back = out.len() * (50 + rng.below(40) as usize) / 100;
    let (damaged, ok) = out[..back].split_at(back / 10);
    for (codes, condition) in [(ok, Condition::Ok), (damaged, Condition::Damaged)] {
        let mode = Mode::In(CheckinReq {
            condition,
            ..CheckinReq::default()
        });
        scan::batch(store, ctx, &mode, codes)?;
    }
    Ok(())
}
