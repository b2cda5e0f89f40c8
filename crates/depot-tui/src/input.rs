//! Events as they arrive, sorted into a person's keystrokes and a scanner's bursts before
//! the keymap sees them. A keyboard-wedge scanner types a code a few milliseconds a character
//! and ends it with Enter (or Tab); a person types tens of milliseconds apart. Printable
//! characters are held for [`GAP`](crate::state::held::GAP) after the last one: a run of at
//! least [`MIN_BURST`] held characters ended by Enter or Tab within the gap is a scan, handed
//! whole to `update` as [`Action::Scan`] wherever it arrived (except into a field of words,
//! where it is typing); anything else is released as the keys it was.

use std::time::Instant;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::App;
use crate::i18n::T;
use crate::keymap::{self, Action};
use crate::update::{self, Outcome};
use depot_service::store::Store;

/// The fewest characters a scan has (an EAN-8 has 8; kit and lot codes are longer).
pub const MIN_BURST: usize = 4;

/// The more urgent of two outcomes: quitting over the bell over nothing.
fn worst(a: Outcome, b: Outcome) -> Outcome {
    match (a, b) {
        (Outcome::Quit, _) | (_, Outcome::Quit) => Outcome::Quit,
        (Outcome::Bell, _) | (_, Outcome::Bell) => Outcome::Bell,
        _ => Outcome::None,
    }
}

/// The character a key adds to a code, if it is one: a printable key without Ctrl or Alt,
/// or GS (a GS1 separator, sent as Ctrl+5 or Ctrl+]).
fn code_char(k: &KeyEvent) -> Option<char> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    match k.code {
        KeyCode::Char('5' | ']') if ctrl && !alt => Some('\u{1d}'),
        KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => Some(c),
        _ => None,
    }
}

fn is_terminator(k: &KeyEvent) -> bool {
    matches!(k.code, KeyCode::Enter | KeyCode::Tab)
        && !k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// Handles one event that arrived at `at`.
pub fn event(app: &mut App, store: &std::sync::Arc<Store>, ev: &Event, at: Instant) -> Outcome {
    let mut out = expire(app, store, at);
    if let Event::Key(k) = ev {
        // Releases (sent by Windows terminals between presses) neither count nor break a run.
        if k.kind != KeyEventKind::Press {
            return out;
        }
        if let Some(c) = code_char(k) {
            app.held.keys.push((ev.clone(), c));
            app.held.last = Some(at);
            return out;
        }
        // In a field of words a fast run and its Enter are typing: the text, then the key.
        if is_terminator(k) && app.held.keys.len() >= MIN_BURST && !app.takes_words() {
            let code: String = app.held.take().into_iter().map(|(_, c)| c).collect();
            return worst(out, update::update(app, store, Action::Scan(code)));
        }
    }
    out = worst(out, release(app, store));
    if let Some(a) = keymap::map(app, ev) {
        out = worst(out, update::update(app, store, a));
    }
    out
}

/// Lets go of held characters once `now` is past their deadline.
pub fn expire(app: &mut App, store: &std::sync::Arc<Store>, now: Instant) -> Outcome {
    match app.held.deadline() {
        Some(d) if now > d => release(app, store),
        _ => Outcome::None,
    }
}

/// The held characters, no scan after all: keys for a text field, a person's keys (fewer
/// than a scan, or one key repeating), or else refused whole: a run of characters at scanner
/// speed with no Enter is never read as navigation.
fn release(app: &mut App, store: &std::sync::Arc<Store>) -> Outcome {
    let keys = app.held.take();
    if keys.is_empty() {
        return Outcome::None;
    }
    let repeating = keys.iter().all(|(_, c)| *c == keys[0].1);
    if keys.len() >= MIN_BURST && !repeating && !app.takes_text() {
        let code: String = keys.iter().map(|(_, c)| c).collect();
        app.status = Some(format!("✗ {code}: {}", app.t(T::BurstWithoutEnter)));
        return Outcome::Bell;
    }
    let mut out = Outcome::None;
    for (ev, _) in keys {
        if let Some(a) = keymap::map(app, &ev) {
            out = worst(out, update::update(app, store, a));
        }
    }
    out
}
