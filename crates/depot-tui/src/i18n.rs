//! The terminal UI's words: the screens' table of the message catalogue, in the reader's
//! language.

pub use depot_domain::Lang;
pub use depot_domain::msg::tui::TuiMsg;
pub use depot_domain::msg::ui::T;
