//! Words the screens share: an error as the interface's language says it.

use crate::app::App;

/// An error as the interface's language says it.
pub fn say(app: &App, e: &depot_service::Error) -> String {
    if app.lang == crate::i18n::Lang::Zh {
        e.zh()
    } else {
        e.to_string()
    }
}
