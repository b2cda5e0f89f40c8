//! `depot scan`: a stream of scanned codes from standard input, answered line by line.

use super::answers::print_answers;
use super::parse::{parse_condition, parse_qty};
use crate::cli::parse_date_arg;
use chrono::NaiveDate;
use clap::Args;
use depot_domain::msg::service::ServiceMsg;
use depot_service::Ctx;
use depot_service::scan::{self, Mode, Tally};
use depot_service::store::Store;
use depot_service::workflow::{CheckinReq, CheckoutReq, Condition};
use depot_service::{Error, Result};
use rust_decimal::Decimal;
use std::io::BufRead;
use std::process::ExitCode;
use std::sync::mpsc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanMode {
    Out,
    In,
    Transfer,
    Issue,
    Count,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// What every scanned code does.
    #[arg(long, value_enum)]
    pub mode: ScanMode,
    /// The receiver (out, transfer) or warehouse (in).
    #[arg(long)]
    pub to: Option<String>,
    /// The incident reference (out, issue).
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// The quantity issued per scan (issue).
    #[arg(long, value_parser = parse_qty)]
    pub qty: Option<Decimal>,
    /// The count the scans go into (count).
    #[arg(long)]
    pub count: Option<u64>,
    /// Condition of returned items (in).
    #[arg(long, default_value = "ok", value_parser = parse_condition)]
    pub condition: Condition,
    /// Expected return date (out).
    #[arg(long, value_parser = parse_date_arg)]
    pub due: Option<NaiveDate>,
}

/// The most codes one transaction takes from the waiting input.
const BATCH_MAX: usize = 4096;

/// How often the scan stream, waiting for a code, looks whether it was asked to stop.
const STOP_POLL: std::time::Duration = std::time::Duration::from_millis(100);

/// What a stopped scan stream left behind.
pub(in crate::cli) const SCAN_STOPPED: ServiceMsg = ServiceMsg::ScanStopped;

/// An option the scan mode needs, missing.
fn needs(en: &str, zh: &str) -> Error {
    Error::Invalid(crate::cli::say(en, zh))
}

/// `depot scan`: one code per line from standard input, each answered as soon as it is on
/// disk. The codes already waiting are committed together in one durable transaction.
pub fn scan_stream(store: &Store, op: Option<&str>, a: ScanArgs) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let mode = match a.mode {
        ScanMode::Out => Mode::Out(CheckoutReq {
            to: a.to,
            due: a.due,
            reference: a.reference,
            note: None,
        }),
        ScanMode::In => Mode::In(CheckinReq {
            condition: a.condition,
            into: a.to,
            module: None,
            note: None,
        }),
        ScanMode::Transfer => Mode::Transfer {
            to: a.to.ok_or_else(|| {
                needs(
                    "--mode transfer needs --to CODE",
                    "--mode transfer 需要 --to 代码",
                )
            })?,
        },
        ScanMode::Issue => Mode::Issue {
            qty: a.qty.ok_or_else(|| {
                needs("--mode issue needs --qty N", "--mode issue 需要 --qty 数量")
            })?,
            reference: a.reference.ok_or_else(|| {
                needs(
                    "--mode issue needs --ref INCIDENT",
                    "--mode issue 需要 --ref 灾情编号",
                )
            })?,
        },
        ScanMode::Count => Mode::Count {
            id: a.count.ok_or_else(|| {
                needs(
                    "--mode count needs --count ID (see `depot count open`)",
                    "--mode count 需要 --count 盘点编号（见 `depot count open`）",
                )
            })?,
        },
    };
    let (tx, rx) = mpsc::channel::<String>();
    // A reader thread, so that lines arriving while a batch commits wait in the channel and
    // go into the next batch together.
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut tally = Tally::default();
    loop {
        // A stop is looked at between batches only: a batch being committed is answered first.
        if depot_service::interrupt::requested() {
            let waiting = rx.try_iter().filter(|c| !c.trim().is_empty()).count();
            eprintln!("{}", crate::cli::say(&tally.to_string(), &tally.zh()));
            if waiting > 0 {
                eprintln!(
                    "{}",
                    crate::cli::say(
                        &format!(
                            "{waiting} codes read after the last answer were not applied; scan them again"
                        ),
                        &format!("最后一条答复之后读到的 {waiting} 个条码未处理；请重新扫描")
                    )
                );
            }
            return Err(Error::Interrupted(SCAN_STOPPED));
        }
        let first = match rx.recv_timeout(STOP_POLL) {
            Ok(line) => line,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut codes = vec![first];
        while codes.len() < BATCH_MAX {
            match rx.try_recv() {
                Ok(l) => codes.push(l),
                Err(_) => break,
            }
        }
        codes.retain(|c| !c.trim().is_empty());
        if codes.is_empty() {
            continue;
        }
        // One context for the stream: each batch is stamped when its transaction begins.
        let answers = scan::batch(store, &ctx, &mode, &codes)?;
        print_answers(&answers, &mut tally);
    }
    eprintln!("{}", crate::cli::say(&tally.to_string(), &tally.zh()));
    Ok(if tally.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
