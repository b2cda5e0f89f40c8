//! The command line: clap definitions, each command calling one library function. One file
//! per group of commands; this one holds the top level and the dispatch.

mod label;
mod register;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

pub use register::{ExportArgs, ImportArgs, status};

use crate::service::verify;
use crate::store::Store;
use crate::{Error, Result};
/// depot — the equipment register and strategic reserves of a fire-rescue service
/// (消防救援装备与战略储备物资管理).
#[derive(Debug, Parser)]
#[command(name = "depot", version, about, long_about = None)]
pub struct Cli {
    /// The database file.
    #[arg(long, global = true, env = "DEPOT_DB", default_value = "depot.redb")]
    pub db: PathBuf,
    /// Who makes the changes (named on every movement).
    #[arg(long, global = true, env = "DEPOT_OPERATOR")]
    pub operator: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new database (with --sample: filled with the sample detachment).
    Init {
        /// Import the built-in sample detachment of import/sample/.
        #[arg(long)]
        sample: bool,
    },
    /// Build demo.redb from the sample if it is missing, then open it.
    Demo,
    /// Import exchange files: `depot import DIR` or `depot import KIND FILE`.
    Import(ImportArgs),
    /// Export CSV: inventory, assets, lots or movements.
    Export(ExportArgs),
    /// Recompute the ledger's hash chain and check every asset and lot against its movements.
    Verify,
    /// Counts of what the register holds.
    Status,
    /// Print labels: one SVG or PNG file per barcode.
    Label(label::LabelArgs),
    /// Print an A4 sheet of labels for everything a unit or warehouse holds.
    Labels(label::LabelsArgs),
}

pub(crate) fn parse_date_arg(s: &str) -> std::result::Result<NaiveDate, String> {
    crate::exchange::parse_date(s).map_err(|e| e.reason)
}

pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Runs the command line; prints errors plainly and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error of ours.
        Err(Error::Write(crate::exchange::WriteError::Io { source, .. }))
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let op = cli.operator.as_deref();
    match cli.command {
        Command::Init { sample } => register::init(&cli.db, op, sample),
        Command::Demo => register::demo(op),
        Command::Import(args) => register::import_cmd(&cli.db, op, args),
        Command::Export(args) => register::export_cmd(&cli.db, args),
        Command::Verify => {
            let store = Store::open(&cli.db)?;
            let report = verify::verify(&store)?;
            println!("{report}");
            Ok(if report.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Status => {
            let store = Store::open(&cli.db)?;
            print!("{}", status(&store)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Label(args) => label::label_cmd(&cli.db, args),
        Command::Labels(args) => label::labels_cmd(&cli.db, args),
    }
}
