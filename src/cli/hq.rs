//! `depot hq …`: headquarters. Enrol the depots' keys, ingest their bundles, list the depots.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::error_zh::NOT_INGESTED;
use super::{error_zh, say, today};
use depot_exchange::bundle::manifest::{fingerprint, unhex};
use depot_service::Ctx;
use depot_service::hq::figures::{self, DepotState};
use depot_service::hq::{self, Enrolled, IngestOptions, Ingested};
use depot_service::store::Store;
use depot_service::{Error, Result};

pub use depot_service::hq::figures::STALE_DAYS;

#[derive(Debug, Subcommand)]
pub enum HqCmd {
    /// Check depots' bundles and take them in: each whole or not at all. Folders may be given
    /// in any order (each depot's are taken in the order of their movements), or a folder of
    /// bundle folders.
    Ingest {
        /// Bundle folders (each with its manifest.json), or folders holding them.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Enrol a depot not seen before with the key its bundle is signed with. Compare the
        /// fingerprint printed with the one the depot gave you first.
        #[arg(long)]
        trust_new: bool,
    },
    /// Enrol a depot's public key (what `depot key show` printed at the depot).
    Enrol {
        /// The depot's code (its top unit's, as its bundles name it).
        code: String,
        /// The 64 hex digits of the depot's public key.
        #[arg(long)]
        public_key: String,
        /// The depot's name (default: its code, until its first bundle names it).
        #[arg(long)]
        name: Option<String>,
        /// Replace the key the depot is enrolled with (the depot made a new key).
        #[arg(long)]
        replace: bool,
    },
    /// Check what headquarters holds of each depot: every held movement's hash and link, the
    /// kept manifests' signatures, the kept snapshot files against the last manifest.
    Verify {
        /// Only this depot (its code).
        #[arg(long)]
        depot: Option<String>,
    },
    /// The depots enrolled: key fingerprint, last bundle and how current it is.
    Depots {
        /// Call a depot stale when its last bundle was written more than DAYS days ago.
        #[arg(long, default_value_t = STALE_DAYS)]
        days: i64,
    },
}

pub(super) fn hq_cmd(store: &Store, op: Option<&str>, cmd: HqCmd) -> Result<ExitCode> {
    match cmd {
        HqCmd::Ingest { dirs, trust_new } => ingest(store, op, &dirs, trust_new),
        HqCmd::Enrol {
            code,
            public_key,
            name,
            replace,
        } => {
            let key: [u8; 32] = unhex(public_key.trim()).ok_or_else(|| {
                Error::Invalid(say(
                    "--public-key takes the 64 hex digits `depot key show` prints at the depot",
                    "--public-key 应为库端 `depot key show` 显示的 64 位十六进制公钥",
                ))
            })?;
            let ctx = Ctx::new(op)?;
            let out = hq::enrol(store, &ctx, &code, name.as_deref(), key, replace)?;
            let line = match out {
                Enrolled::New { fingerprint } => say(
                    &format!("enrolled depot {code}: key {fingerprint}"),
                    &format!("已登记库 {code}：密钥 {fingerprint}"),
                ),
                Enrolled::Replaced { old, new } => say(
                    &format!("depot {code}: key {old} replaced by {new}"),
                    &format!("库 {code}：密钥 {old} 已换为 {new}"),
                ),
                Enrolled::Same { fingerprint } => say(
                    &format!(
                        "depot {code} is enrolled with this key already ({fingerprint}); nothing changed"
                    ),
                    &format!("库 {code} 已用此密钥登记（{fingerprint}）；未作改动"),
                ),
            };
            println!("{line}");
            Ok(ExitCode::SUCCESS)
        }
        HqCmd::Depots { days } => depots(store, days),
        HqCmd::Verify { depot } => verify(store, depot.as_deref()),
    }
}

fn verify(store: &Store, depot: Option<&str>) -> Result<ExitCode> {
    let report = hq::verify::verify(store, depot)?;
    if report.depots.is_empty() {
        println!(
            "{}",
            say(
                "no depot is enrolled: nothing to verify (depots get here with `depot hq ingest --trust-new DIR`)",
                "尚未登记任何库：无可核验（各库经 `depot hq ingest --trust-new 目录` 进入总部数据库）",
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    for d in &report.depots {
        for line in d.lines(super::zh()) {
            println!("{line}");
        }
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn ingest(store: &Store, op: Option<&str>, dirs: &[PathBuf], trust_new: bool) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let opts = IngestOptions { trust_new };
    let (mut taken, mut again, mut refused) = (0u32, 0u32, 0u32);
    let mut failed = None;
    depot_service::interrupt::check(NOT_INGESTED)?;
    let dirs = hq::bundles_in(dirs);
    hq::ingest_each(store, &ctx, &dirs, opts, |dir, out| {
        let shown = dir.display();
        match out {
            Ok(Ingested::New {
                depot,
                name,
                as_of,
                first_seq,
                last_seq,
                appended,
                enrolled,
            }) => {
                taken += 1;
                if let Some(fp) = enrolled {
                    println!(
                        "{}",
                        say(
                            &format!("{shown}: enrolled depot {depot} ({name}) with key {fp}"),
                            &format!("{shown}：已登记库 {depot}（{name}），密钥 {fp}"),
                        )
                    );
                }
                let moved = if first_seq > last_seq {
                    say("no new movements", "无新流水")
                } else {
                    say(
                        &format!("movements {first_seq} to {last_seq}, {appended} new"),
                        &format!("流水第 {first_seq} 至 {last_seq} 条，新增 {appended} 条"),
                    )
                };
                println!(
                    "{}",
                    say(
                        &format!("{shown}: ingested depot {depot} ({name}) as of {as_of}: {moved}"),
                        &format!("{shown}：已导入库 {depot}（{name}），截至 {as_of}：{moved}"),
                    )
                );
            }
            Ok(Ingested::Again {
                depot,
                as_of,
                ingested,
            }) => {
                again += 1;
                println!(
                    "{}",
                    say(
                        &format!(
                            "{shown}: this bundle of depot {depot} (as of {as_of}) was ingested on {ingested}; nothing changed"
                        ),
                        &format!(
                            "{shown}：库 {depot} 的这个数据包（截至 {as_of}）已于 {ingested} 导入；未作改动"
                        ),
                    )
                );
            }
            Err(e @ (Error::Hq(_) | Error::Bundle(_))) => {
                refused += 1;
                eprintln!(
                    "{}",
                    say(
                        &format!("refused: {e}"),
                        &format!("已拒绝：{}", error_zh::error_zh(&e))
                    )
                );
            }
            Err(e) => {
                failed = Some(e);
                return ControlFlow::Break(());
            }
        }
        // Stopped (Ctrl+C): the bundles said above are in.
        match depot_service::interrupt::check(NOT_INGESTED) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    println!(
        "{}",
        say(
            &format!("{taken} ingested, {again} already held, {refused} refused"),
            &format!("导入 {taken} 个，已有 {again} 个，拒绝 {refused} 个"),
        )
    );
    Ok(if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn depots(store: &Store, days: i64) -> Result<ExitCode> {
    let all = figures::overview(store, today(), days)?;
    if all.is_empty() {
        println!(
            "{}",
            say(
                "no depot is enrolled: `depot hq ingest --trust-new DIR` or `depot hq enrol CODE --public-key KEY`",
                "尚未登记任何库：用 `depot hq ingest --trust-new 目录` 或 `depot hq enrol 代码 --public-key 公钥`",
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    for f in all {
        let d = &f.depot;
        let state = match f.state {
            DepotState::NoBundle => say("no bundle yet", "尚无数据包"),
            DepotState::Current { days } => say(&format!("{days} d"), &format!("{days} 天")),
            DepotState::Stale { days } => {
                say(&format!("{days} d, STALE"), &format!("{days} 天，已过期"))
            }
        };
        let last = match &d.last {
            Some(l) => say(
                &format!("as of {}, movements to {}", l.as_of, l.last_seq),
                &format!("截至 {}，流水至第 {} 条", l.as_of, l.last_seq),
            ),
            None => "-".to_owned(),
        };
        println!(
            "{}\t{}\t{}\t{last}\t{state}",
            d.code,
            d.name,
            fingerprint(&d.public_key)
        );
    }
    Ok(ExitCode::SUCCESS)
}
