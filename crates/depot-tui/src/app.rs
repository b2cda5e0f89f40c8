//! The terminal's state: which screen, who is logged in, and each screen's own state. Only
//! `update` changes it; rendering reads it.

use chrono::NaiveDate;

use depot_service::Ctx;

use crate::i18n::{Lang, T};
pub use crate::state::dashboard::Tile;
pub use crate::state::exports::{BackupJob, ExportJob, ExportState};
pub use crate::state::inventory::{InventoryState, Pane};
pub use crate::state::readiness::Reports;
pub use crate::state::scan::{Field, ScanLine, ScanMode, ScanState};

/// The screens, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Dashboard,
    Inventory,
    Scan,
    Units,
    Replacements,
    Exports,
}

impl Screen {
    pub const ALL: [Screen; 6] = [
        Screen::Dashboard,
        Screen::Inventory,
        Screen::Scan,
        Screen::Units,
        Screen::Replacements,
        Screen::Exports,
    ];

    pub fn title(self) -> T {
        match self {
            Screen::Dashboard => T::Dashboard,
            Screen::Inventory => T::Inventory,
            Screen::Scan => T::Scan,
            Screen::Units => T::Units,
            Screen::Replacements => T::Replacements,
            Screen::Exports => T::Exports,
        }
    }

    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// Screens whose main field takes typed text (so plain letters and digits are text there).
    pub fn types_text(self) -> bool {
        matches!(self, Screen::Inventory | Screen::Scan)
    }
}

/// The login form.
#[derive(Debug, Clone, Default)]
pub struct LoginState {
    pub name: String,
    pub pin: String,
    /// 0: name, 1: PIN.
    pub field: usize,
    pub error: Option<String>,
    /// After repeated wrong PINs: the attempt waits until then before it is checked, and the
    /// screen says why (the failures, and how long).
    pub waiting: Option<PinWait>,
}

/// A sign-in waiting out the slowdown after wrong PINs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinWait {
    pub until: std::time::Instant,
    pub delay: std::time::Duration,
    pub failures: u32,
}

/// A question that must be answered before anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Quit,
}

/// The whole terminal state: what every screen shares (language, screen, who is logged in,
/// the overlays, the status line, the size), and each screen's own state, whose types live
/// in `state/`, below the screens.
pub struct App {
    pub lang: Lang,
    pub screen: Screen,
    /// Who is logged in (set once logged in), on the local clock: a write takes
    /// [`App::action_ctx`], and is stamped when it is made, however long ago the login was.
    pub session: Option<Ctx>,
    pub login: LoginState,
    pub inventory: Option<InventoryState>,
    pub scan: ScanState,
    pub reports: Option<Reports>,
    pub dashboard: crate::state::dashboard::DashboardState,
    /// Screen 1's second view: readiness over the last 24 months.
    pub trend: crate::state::trend::TrendState,
    /// On a headquarters database (one with enrolled depots): the depots screen 1 lists.
    pub hq: Option<crate::state::hq::HqState>,
    /// A headquarters' database with no register of its own: screens 2-6 say so.
    pub hq_no_register: bool,
    pub units: crate::state::units::UnitsState,
    pub replacements: crate::state::replacements::ReplacementsState,
    /// A list opened from a figure (a report's rows).
    pub popup: Option<depot_report::table::Report>,
    pub popup_offset: usize,
    pub exports: ExportState,
    /// The database file, for default export names.
    pub db: std::path::PathBuf,
    pub help: bool,
    pub confirm: Option<Confirm>,
    /// A line for the status bar.
    pub status: Option<String>,
    /// The connection to the server broke and depot is making it again (PostgreSQL): the
    /// status bar says so until it is back.
    pub server_away: bool,
    /// Where labels printed from the terminal go: a printer (`DEPOT_PRINTER`,
    /// `tcp://HOST:PORT` or `lp:QUEUE`), else A4 sheets in `label_dir`.
    pub printer: Option<String>,
    pub label_dir: std::path::PathBuf,
    /// The depot's signing key for the receipts it writes (`DEPOT_KEY`); `None`: the one
    /// beside the database, as the command line finds it.
    pub key: Option<std::path::PathBuf>,
    /// The date figures are shown as of.
    pub as_of: NaiveDate,
    /// The terminal's size, for paging.
    pub size: (u16, u16),
    pub no_color: bool,
    pub quit: bool,
    /// Characters held until it is known whether they are a scanner's burst.
    pub held: crate::state::held::Held,
    /// Where reads the key loop wants go, to be answered off it (`None`: read here).
    pub reads: Option<std::sync::mpsc::Sender<crate::reader::Ask>>,
}

impl App {
    pub fn new(lang: Lang, as_of: NaiveDate, size: (u16, u16)) -> App {
        App {
            lang,
            screen: Screen::Dashboard,
            session: None,
            login: LoginState::default(),
            inventory: None,
            scan: ScanState::default(),
            reports: None,
            dashboard: Default::default(),
            trend: Default::default(),
            hq: None,
            hq_no_register: false,
            units: Default::default(),
            replacements: Default::default(),
            popup: None,
            popup_offset: 0,
            exports: ExportState::default(),
            db: std::path::PathBuf::from("depot.redb"),
            help: false,
            confirm: None,
            status: None,
            server_away: false,
            printer: std::env::var("DEPOT_PRINTER")
                .ok()
                .filter(|p| !p.trim().is_empty()),
            label_dir: std::path::PathBuf::from("."),
            key: std::env::var_os("DEPOT_KEY")
                .filter(|v| !v.is_empty())
                .map(std::path::PathBuf::from),
            as_of,
            size,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            quit: false,
            held: Default::default(),
            reads: None,
        }
    }

    pub fn t(&self, t: T) -> &'static str {
        t.get(self.lang)
    }

    /// Rows of the inventory table that fit the terminal (borders, header and bars removed).
    pub fn table_rows(&self) -> usize {
        usize::from(self.size.1).saturating_sub(9).max(1)
    }

    /// Whether keys are going into a text field now.
    pub fn typing(&self) -> bool {
        self.session.is_none()
            || self.screen.types_text()
            || (self.screen == Screen::Replacements && self.replacements.editing)
            || (self.screen == Screen::Exports && self.exports_editing())
    }

    /// Whether a field of the exports screen takes typing: the export's path, or the register
    /// dialog's file or prefix.
    fn exports_editing(&self) -> bool {
        self.exports.editing
            || self
                .exports
                .register
                .as_ref()
                .is_some_and(|d| d.editing.is_some())
    }

    /// Who acts, stamped with the time now: what every write of the terminal runs with, so
    /// each movement carries the moment it was made, not the moment the UI opened: the
    /// context holds a clock, which the service reads when the write begins.
    pub fn action_ctx(&self) -> Option<Ctx> {
        self.session.clone()
    }

    /// Whether typed characters go into a text field now, with no overlay in the way.
    pub fn takes_text(&self) -> bool {
        self.confirm.is_none() && !self.help && self.popup.is_none() && self.typing()
    }

    /// Whether keys go into a field of words, not codes, with nothing in the way: the budgets,
    /// an export's path, a count's reason, a due date, a quantity or a shipment's folder (not
    /// the receipt's folder: Enter there takes a shipment in, which a stray scan must not). A
    /// burst of characters there is someone typing fast (or a paste), never a scan.
    pub fn takes_words(&self) -> bool {
        self.session.is_some()
            && self.confirm.is_none()
            && !self.help
            && self.popup.is_none()
            && match self.screen {
                Screen::Replacements => self.replacements.editing,
                Screen::Exports => self.exports_editing(),
                Screen::Scan => {
                    self.scan.closing.is_some()
                        || matches!(
                            self.scan.editing,
                            Some(Field::Qty | Field::Due | Field::Folder)
                        )
                }
                _ => false,
            }
    }

    /// What quitting now would abandon, for the question asked before it.
    pub fn pending(&self) -> Vec<T> {
        let mut p = Vec::new();
        if self.scan.count.is_some() {
            p.push(T::PendingCount);
        }
        if self.scan.shipment.is_some() {
            p.push(T::PendingShipment);
        }
        if !self.scan.input.is_empty() || self.held.is_holding() {
            p.push(T::PendingScan);
        }
        if self.scan.editing.is_some()
            || self.scan.closing.is_some()
            || self.scan.receiving.is_some()
            || self.replacements.editing
            || self.exports.editing
        {
            p.push(T::PendingField);
        }
        if self.exports.job.is_some() || self.exports.backup.is_some() {
            p.push(T::PendingJob);
        }
        p
    }
}
