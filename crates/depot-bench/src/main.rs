//! `depot-bench`: the benchmark program of depot (not a test). Each benchmark is a subcommand
//! and a module of this folder; `all` runs every one. Results are printed as a table and saved
//! as `results-<benchmark>.json` in `--dir`.
//!
//! `cargo run --release -p depot-bench -- register`

mod child;
mod circles;
mod dated;
mod digest;
mod fixture;
mod hq;
mod hq_fixture;
mod hq_fixture_files;
mod hq_sqlite;
mod labels;
mod onboard;
mod pg;
mod pg_cmd;
mod pg_plain;
mod pg_readiness;
mod pg_register;
mod pg_scan;
mod pg_terminal;
mod pg_trend;
mod readiness;
mod register;
mod report;
mod rng;
mod scan;
mod scan_disk;
mod ship;

mod sqlite;
mod sqlite_import;
mod sqlite_scan;
mod step;
mod synth;
mod transit;
mod trend;
mod trend_fixture;
mod tui;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Errors of the benchmark program: it reports them and stops, nothing more.
pub type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

/// depot-bench — benchmarks of depot against SQLite on a synthetic register.
#[derive(Debug, Parser)]
#[command(name = "depot-bench", about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What every benchmark is run on.
#[derive(Debug, Clone, clap::Args)]
pub struct Common {
    /// Where the generated files, the databases and the results go.
    #[arg(long, default_value = "/tmp/depot-bench")]
    pub dir: PathBuf,
    /// Assets in the synthetic register.
    #[arg(long, default_value_t = 1_000_000)]
    pub assets: u64,
    /// Lots in the synthetic register.
    #[arg(long, default_value_t = 100_000)]
    pub lots: u64,
    /// Units (corps, detachments, brigades, stations) in the synthetic register.
    #[arg(long, default_value_t = 10_000)]
    pub units: u64,
}

impl Common {
    pub fn size(&self) -> synth::Size {
        synth::Size {
            assets: self.assets,
            lots: self.lots,
            units: self.units,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a register, import it with depot and with SQLite, export its assets with depot
    /// and with the sqlite3 command-line program.
    Register {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: register::Args,
    },
    /// Single durable check-outs and check-ins against SQLite and the fsync floor, and the
    /// scan stream, on a million assets and ten million ledger rows.
    Scan {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: scan::Args,
    },
    /// The full readiness report by depot and by SQL in SQLite, with the same headline rates.
    Readiness {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: readiness::Args,
    },
    /// The digest alone, on the readiness benchmark's register (`readiness` measures it after
    /// its own figures): for a profile, or runs of it without SQLite's.
    Digest {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: readiness::Args,
    },
    /// Readiness over time: 24 months by month from the ledger, replayed once.
    Trend {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: trend::Args,
    },
    /// One frame of the inventory screen, one filter keystroke, and the memory of the UI.
    Tui {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: tui::Args,
    },
    /// A depot's first day: a 10,000-row register workbook (30,000 pieces) through
    /// `import register`, beside the same pieces as an assets CSV through `import assets`.
    Onboard {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: onboard::Args,
    },
    /// The PostgreSQL engine: import, scans from several processes, readiness (issue 13).
    Pg {
        #[command(subcommand)]
        command: pg_cmd::Command,
    },
    /// Headquarters (issue 14): a thousand depot bundles ingested on redb and on PostgreSQL
    /// beside SQLite importing the same rows, and the consolidated readiness.
    Hq {
        #[command(flatten)]
        args: hq::Args,
    },
    /// The response circles of a province: 10,000 units and 171 warehouses with their
    /// locations, `report circles` as depot makes it.
    Circles {
        #[command(flatten)]
        args: circles::Args,
    },
    /// A shipment of 1,000 pieces sent, received and its receipt taken back, on redb (a copy
    /// of the shared register) and on PostgreSQL (with --server).
    Ship {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: ship::Args,
    },
    /// `report transit` on a headquarters database: what it reads of the depots' ledgers
    /// before (every movement) and now (the shipment movements), and the report.
    Transit {
        #[command(flatten)]
        args: transit::Args,
    },
    /// A thousand labels drawn as one ZPL job at 203 dpi, Chinese names and Code128.
    Labels {
        #[command(flatten)]
        args: labels::Args,
    },
    /// Every benchmark in turn.
    All {
        #[command(flatten)]
        common: Common,
    },
    /// A measured step run in a child process, so that its peak memory is its own.
    #[command(hide = true)]
    Child {
        #[command(subcommand)]
        step: step::Step,
    },
}

fn all(common: &Common) -> BenchResult<()> {
    register::run(common, &register::Args::default())?;
    scan::run(common, &scan::Args::default())?;
    readiness::run(common, &readiness::Args::default())?;
    tui::run(common, &tui::Args::default())?;
    labels::run(&labels::Args {
        dir: common.dir.clone(),
        labels: 1000,
    })?;
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Register { common, args } => register::run(&common, &args).map(|_| ()),
        Command::Scan { common, args } => scan::run(&common, &args).map(|_| ()),
        Command::Readiness { common, args } => readiness::run(&common, &args).map(|_| ()),
        Command::Digest { common, args } => digest::run(&common, &args),
        Command::Trend { common, args } => trend::run(&common, &args).map(drop),
        Command::Tui { common, args } => tui::run(&common, &args),
        Command::Onboard { common, args } => onboard::run(&common, &args).map(drop),
        Command::Pg { command } => pg_cmd::run(command),
        Command::Hq { args } => hq::run(&args).map(drop),
        Command::Labels { args } => labels::run(&args),
        Command::Ship { common, args } => ship::run(&common, &args).map(drop),
        Command::Circles { args } => circles::run(&args),
        Command::Transit { args } => transit::run(&args),
        Command::All { common } => all(&common),
        Command::Child { step } => step::run(step),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("depot-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
