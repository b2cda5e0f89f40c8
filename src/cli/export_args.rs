//! The arguments of `depot export`, shared by the register's exports and the bundle's.

use super::parse_date_arg;
use chrono::NaiveDate;
use clap::Args;
use depot_exchange::OutputEncoding;
use depot_service::export::csv::ExportKind;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// inventory, assets, lots, movements, readiness or replacements; or bundle: all of them
    /// and a signed manifest.json, into the new folder --out, for headquarters.
    #[arg(value_parser = parse_export_kind)]
    pub kind: ExportWhat,
    /// Output file; `-` for standard output (CSV only). Default: KIND-DEPOT-DATE.csv (or
    /// .xlsx) here. A bundle: the new folder (required).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// csv, or xlsx: a workbook with typed cells (numbers, dates, codes as text), headers in
    /// the language of --lang, the header row frozen, filters on.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// CSV for Excel and WPS: BOM, CRLF line ends, formula-injection guard on text cells,
    /// numeric-looking text kept as text (="00123").
    #[arg(long)]
    pub excel: bool,
    /// Output encoding: utf-8 or gb18030 (for older tools).
    #[arg(long, default_value = "utf-8", value_parser = parse_output_encoding)]
    pub encoding: OutputEncoding,
    /// The date the figures are as of (YYYY-MM-DD); default today.
    #[arg(long, value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
    /// Movements: start at this sequence number (for incremental exports).
    #[arg(long, default_value_t = 1)]
    pub since: u64,
    /// Bundle: the movements from seq 1, not from after the last bundle.
    #[arg(long)]
    pub full: bool,
    /// Bundle: the depot's code, when the register has several top units (remembered).
    #[arg(long)]
    pub depot: Option<String>,
    /// Bundle: the key file (default: beside a database file, DB.key; for PostgreSQL,
    /// ~/.config/depot/HOST-PORT-DATABASE.key).
    #[arg(long, env = "DEPOT_KEY")]
    pub key: Option<PathBuf>,
}

/// What `depot export` writes: one exchange file, or a bundle of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportWhat {
    File(ExportKind),
    Bundle,
}

fn parse_output_encoding(s: &str) -> std::result::Result<OutputEncoding, String> {
    super::named(s, "编码", "`utf-8` 或 `gb18030`（或 `gbk`）")
}

fn parse_export_kind(s: &str) -> std::result::Result<ExportWhat, String> {
    if s.trim().eq_ignore_ascii_case("bundle") {
        return Ok(ExportWhat::Bundle);
    }
    super::named(
        s,
        "导出种类",
        "`inventory`、`assets`、`lots`、`movements`、`readiness`、`replacements` 或 `bundle`",
    )
    .map(ExportWhat::File)
    .map_err(|e| {
        if super::zh() {
            e
        } else {
            format!("{e}, bundle")
        }
    })
}
