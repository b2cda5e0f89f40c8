//! The options of the benchmarks of a report as of a date (readiness, digest).

use chrono::NaiveDate;

/// A report's date and how many warm runs it gets.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The report date (the synthetic register is drawn up around 2026-11-01).
    #[arg(long, default_value = "2026-11-01")]
    pub as_of: NaiveDate,
    /// Warm runs on each side; the best is reported.
    #[arg(long, default_value_t = 3)]
    pub runs: u32,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
            runs: 3,
        }
    }
}
