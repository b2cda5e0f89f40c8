//! The exports screen's state: the kind, the file and its options, and the export or backup
//! running on its own thread.

/// An export running on its own thread.
pub struct ExportJob {
    pub lines: std::sync::Arc<std::sync::atomic::AtomicU64>,
    pub total: u64,
    pub path: std::path::PathBuf,
    pub handle: std::thread::JoinHandle<depot_service::Result<u64>>,
}

/// A backup running on its own thread.
pub struct BackupJob {
    pub path: std::path::PathBuf,
    pub handle: std::thread::JoinHandle<depot_service::Result<depot_service::backup::Checked>>,
}

/// The exports screen.
#[derive(Default)]
pub struct ExportState {
    pub kind: usize,
    /// Empty: the default name for the kind.
    pub path: String,
    pub editing: bool,
    pub excel: bool,
    pub gb18030: bool,
    /// An xlsx workbook rather than CSV (`depot export KIND --format xlsx`).
    pub xlsx: bool,
    /// A PostgreSQL database: no backup from here (pg_dump, or `depot migrate --to FILE`).
    pub shared: bool,
    pub job: Option<ExportJob>,
    pub backup: Option<BackupJob>,
    /// The last export's or backup's outcome: whether it succeeded, and what to show.
    pub result: Option<(bool, String)>,
    /// The register import dialog, when open.
    pub register: Option<RegisterDialog>,
}

/// Which field of the register dialog takes typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterField {
    File,
    Prefix,
}

/// The register import dialog (key i on the exports screen): the file, the map as decided
/// so far, the last dry run's findings, and which name and candidate are picked.
#[derive(Default)]
pub struct RegisterDialog {
    pub path: String,
    pub prefix: String,
    pub editing: Option<RegisterField>,
    pub map: depot_exchange::register::MapFile,
    pub report: Option<depot_service::import::register::RegisterReport>,
    /// The picked name (of the report's unresolved) and, for each, the picked candidate.
    pub selected: usize,
    pub choice: Vec<usize>,
    /// What the last step said: whether it went well, and the words.
    pub said: Option<(bool, String)>,
}
