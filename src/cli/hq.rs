//! `depot hq …`: headquarters. Enrol the depots' keys, ingest their bundles, list the depots.

use depot_domain::msg::service::ServiceMsg;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::{error_zh, language, pick, refuse, today};
use depot_domain::msg::cli::hq::CliHqMsg;
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
    /// Sign headquarters' reference files (modules, catalogue, standards, targets) as a
    /// directive with a version and the day it takes effect, for depots to take with `depot
    /// import directive DIR`.
    Directive(super::directive::DirectiveArgs),
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
            let key: [u8; 32] =
                unhex(public_key.trim()).ok_or_else(|| refuse(CliHqMsg::PublicKeyNotHex))?;
            let ctx = Ctx::new(op)?;
            let out = hq::enrol(store, &ctx, &code, name.as_deref(), key, replace)?;
            let line = match out {
                Enrolled::New { fingerprint } => CliHqMsg::Enrolled {
                    code,
                    fingerprint: fingerprint.to_string(),
                },
                Enrolled::Replaced { old, new } => CliHqMsg::KeyReplaced {
                    code,
                    old: old.to_string(),
                    new: new.to_string(),
                },
                Enrolled::Same { fingerprint } => CliHqMsg::SameKey {
                    code,
                    fingerprint: fingerprint.to_string(),
                },
            };
            println!("{}", line.say(language()));
            Ok(ExitCode::SUCCESS)
        }
        HqCmd::Depots { days } => depots(store, days),
        HqCmd::Directive(args) => super::directive::issue_cmd(store, op, args),
        HqCmd::Verify { depot } => verify(store, depot.as_deref()),
    }
}

fn verify(store: &Store, depot: Option<&str>) -> Result<ExitCode> {
    let report = hq::verify::verify(store, depot)?;
    if report.depots.is_empty() {
        println!("{}", CliHqMsg::NothingToVerify.say(language()));
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
    let lang = language();
    let opts = IngestOptions { trust_new };
    let (mut taken, mut again, mut refused) = (0u32, 0u32, 0u32);
    let mut failed = None;
    depot_service::interrupt::check(NOT_INGESTED)?;
    let dirs = hq::bundles_in(dirs);
    hq::ingest_each(store, &ctx, &dirs, opts, |dir, out| {
        let bundle = dir.display().to_string();
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
                    let said = CliHqMsg::EnrolledOnIngest {
                        bundle: bundle.clone(),
                        depot: depot.to_string(),
                        name: name.to_string(),
                        fingerprint: fp.to_string(),
                    };
                    println!("{}", said.say(lang));
                }
                let movements = if first_seq > last_seq {
                    CliHqMsg::NoNewMovements
                } else {
                    CliHqMsg::Movements {
                        first: first_seq.to_string(),
                        last: last_seq.to_string(),
                        appended: appended.to_string(),
                    }
                };
                let said = CliHqMsg::Ingested {
                    bundle,
                    depot: depot.to_string(),
                    name: name.to_string(),
                    as_of: as_of.to_string(),
                    movements: movements.say(lang),
                };
                println!("{}", said.say(lang));
            }
            Ok(Ingested::Again {
                depot,
                as_of,
                ingested,
            }) => {
                again += 1;
                let said = CliHqMsg::IngestedBefore {
                    bundle,
                    depot: depot.to_string(),
                    as_of: as_of.to_string(),
                    ingested: ingested.to_string(),
                };
                println!("{}", said.say(lang));
            }
            Err(e @ (Error::Hq(_) | Error::Bundle(_))) => {
                refused += 1;
                let error = pick(&e.to_string(), &error_zh::error_zh(&e));
                eprintln!("{}", CliHqMsg::Refused { error }.say(lang));
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
    let tally = CliHqMsg::IngestTally {
        taken: taken.to_string(),
        again: again.to_string(),
        refused: refused.to_string(),
    };
    println!("{}", tally.say(lang));
    Ok(if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// What a stop between two bundles leaves behind.
pub const NOT_INGESTED: ServiceMsg = ServiceMsg::NotIngested;

fn depots(store: &Store, days: i64) -> Result<ExitCode> {
    let all = figures::overview(store, today(), days)?;
    let lang = language();
    if all.is_empty() {
        println!("{}", CliHqMsg::NoDepotEnrolled.say(lang));
        return Ok(ExitCode::SUCCESS);
    }
    for f in all {
        let d = &f.depot;
        let state = match f.state {
            DepotState::NoBundle => CliHqMsg::NoBundleYet,
            DepotState::Current { days } => CliHqMsg::DaysSinceBundle {
                days: days.to_string(),
            },
            DepotState::Stale { days } => CliHqMsg::DaysSinceBundleStale {
                days: days.to_string(),
            },
        }
        .say(lang);
        let last = match &d.last {
            Some(l) => CliHqMsg::LastBundle {
                as_of: l.as_of.to_string(),
                last: l.last_seq.to_string(),
            }
            .say(lang),
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
