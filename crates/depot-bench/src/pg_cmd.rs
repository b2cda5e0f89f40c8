//! `depot-bench pg`: which PostgreSQL benchmark runs (register, scan, readiness, trend, or the
//! first three).

use crate::pg::Server;
use crate::{BenchResult, Common, pg_readiness, pg_register, pg_scan, pg_trend};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import the register with depot (a child process) beside `psql \copy` of the same rows.
    Register {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        server: Server,
    },
    /// Check-outs and check-ins from 1, 4, 8 and 16 processes beside a minimal plain-SQL client.
    Scan {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        args: pg_scan::Args,
    },
    /// The readiness report on PostgreSQL, warm, with the same headline as redb's.
    Readiness {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        args: crate::readiness::Args,
    },
    /// Readiness over time on PostgreSQL: 24 months by month from its ledger, replayed once.
    Trend {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        server: Server,
        #[command(flatten)]
        args: crate::trend::Args,
    },
    /// The three in turn (import first: the others run on what it imported).
    All {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        server: Server,
    },
}

pub fn run(cmd: Command) -> BenchResult<()> {
    match cmd {
        Command::Register { common, server } => pg_register::run(&common, &server).map(drop),
        Command::Scan {
            common,
            server,
            args,
        } => pg_scan::run(&common, &server, &args).map(drop),
        Command::Readiness {
            common,
            server,
            args,
        } => pg_readiness::run(&common, &server, &args).map(drop),
        Command::Trend {
            common,
            server,
            args,
        } => pg_trend::run(&common, &server, &args).map(drop),
        Command::All { common, server } => {
            pg_register::run(&common, &server)?;
            pg_readiness::run(&common, &server, &crate::readiness::Args::default())?;
            pg_scan::run(&common, &server, &pg_scan::Args::default())?;
            Ok(())
        }
    }
}
