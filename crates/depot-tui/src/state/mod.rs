//! The state each screen owns (and the characters `input` holds back), one module each, below
//! everything that reads or changes it: `app` holds them, the screens change and draw them.
//! They import nothing of the crate but its words (`i18n`).

pub mod dashboard;
pub mod exports;
pub mod held;
pub mod hq;
pub mod inventory;
pub mod readiness;
pub mod replacements;
pub mod scan;
pub mod trend;
pub mod units;
