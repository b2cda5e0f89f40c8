//! Actions to state changes. Writes go through the service functions, each one durable
//! before its result is shown; nothing here draws.

use std::sync::Arc;

use rust_decimal::Decimal;

use depot_service::store::Store;
use depot_service::{Ctx, access};

use crate::app::{App, Confirm, Field, Screen};
use crate::i18n::T;
use crate::keymap::Action;
pub use crate::outcome::Outcome;
pub use crate::screens::nav::go;

pub fn update(app: &mut App, store: &Arc<Store>, action: Action) -> Outcome {
    if let Action::Resize(w, h) = action {
        app.size = (w, h);
        crate::screens::inventory::clamp_inventory(app);
        return Outcome::None;
    }
    // A message answers the key that caused it; the next key clears it.
    app.status = None;
    if let Action::Scan(code) = action {
        return scanned(app, store, code);
    }
    if let Some(c) = app.confirm.clone() {
        return confirm(app, c, action);
    }
    if app.help {
        app.help = false;
        return Outcome::None;
    }
    if app.session.is_none() {
        return login(app, store, action);
    }
    match action {
        Action::Quit => {
            if !app.pending().is_empty() {
                app.confirm = Some(Confirm::Quit);
            } else {
                app.quit = true;
                return Outcome::Quit;
            }
        }
        Action::Help => app.help = true,
        Action::ToggleLang => app.lang = app.lang.toggle(),
        Action::GoTo(s) => go(app, store, s),
        Action::NextScreen => go(
            app,
            store,
            Screen::ALL[(app.screen.index() + 1) % Screen::ALL.len()],
        ),
        Action::PrevScreen => go(
            app,
            store,
            Screen::ALL[(app.screen.index() + Screen::ALL.len() - 1) % Screen::ALL.len()],
        ),
        Action::Click(x, y) => click(app, store, x, y),
        a if app.popup.is_some() => popup(app, a),
        // The budgets and an export's path take characters: a paste is typed into the one
        // with the focus, on one line.
        Action::Paste(text)
            if app.takes_words()
                && matches!(app.screen, Screen::Replacements | Screen::Exports) =>
        {
            for c in one_line(&text).chars() {
                let a = Action::Char(c);
                if app.screen == Screen::Replacements {
                    crate::screens::replacements::update(app, store, a);
                } else {
                    crate::screens::exports::update(app, store, a);
                }
            }
        }
        a => match app.screen {
            Screen::Inventory => return crate::screens::inventory::update(app, store, a),
            Screen::Scan => return crate::screens::scan::update(app, store, a),
            Screen::Dashboard => return crate::screens::dashboard::update(app, store, a),
            Screen::Units => return crate::screens::units::update(app, store, a),
            Screen::Replacements => return crate::screens::replacements::update(app, store, a),
            Screen::Exports => return crate::screens::exports::update(app, store, a),
        },
    }
    Outcome::None
}

/// A scanner's burst, wherever it arrived, never read as keys: at the scan station, to the
/// station in its current mode (its mode and receiver on screen), or into the station's
/// receiver or incident field being filled in; on any other screen it looks the item up
/// (`inventory::look_up`: its page opens, nothing is written). Refused whole, with a message
/// saying why, while a question waits for its answer. A burst into a field of words (the
/// budgets, an export's path, a quantity) never comes here: it is typing (see `input`).
fn scanned(app: &mut App, store: &Store, code: String) -> Outcome {
    if app.session.is_none() {
        app.login.error = Some(app.t(T::ScanRefusedLogin).to_owned());
        return Outcome::Bell;
    }
    let refuse = |app: &mut App, why: T| {
        app.status = Some(format!("✗ {code}: {}", app.t(why)));
        Outcome::Bell
    };
    if app.confirm.is_some() {
        return refuse(app, T::ScanRefusedQuestion);
    }
    app.help = false;
    app.popup = None;
    if app.screen != Screen::Scan {
        return crate::screens::inventory::look_up(app, store, &code);
    }
    if app.scan.closing.is_some() || app.scan.receiving.is_some() {
        return refuse(app, T::ScanRefusedField);
    }
    match app.scan.editing {
        Some(Field::Receiver | Field::Reference) => {
            app.scan.edit_buffer.clear();
            crate::screens::scan::update(app, store, Action::Paste(code));
            crate::screens::scan::update(app, store, Action::Enter)
        }
        Some(Field::Qty | Field::Due | Field::Folder) => refuse(app, T::ScanRefusedField),
        None => {
            app.scan.input.clear();
            app.scan.ime_warning = false;
            crate::screens::scan::submit(app, store, &code)
        }
    }
}

/// Pasted text for a one-line field: its ends trimmed, line breaks and tabs as spaces.
fn one_line(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn popup(app: &mut App, a: Action) {
    let rows = app.table_rows();
    match a {
        Action::Up => app.popup_offset = app.popup_offset.saturating_sub(1),
        Action::Down | Action::Scroll(_) => app.popup_offset += 1,
        Action::PageUp => app.popup_offset = app.popup_offset.saturating_sub(rows),
        Action::PageDown => app.popup_offset += rows,
        Action::Home => app.popup_offset = 0,
        Action::Back | Action::Enter => {
            app.popup = None;
            app.popup_offset = 0;
        }
        _ => {}
    }
}

/// Checks on a running export or backup, and on a sign-in waiting out its slowdown.
pub fn tick(app: &mut App, store: &Store) {
    if let Some(w) = &app.login.waiting
        && std::time::Instant::now() >= w.until
    {
        let waited = w.delay;
        let _ = check_login(app, store, waited);
    }
    crate::screens::exports::poll_export(app);
    crate::screens::exports::backup::poll(app);
}

/// What other terminals wrote to a database they share, as the watching thread read it
/// ([`crate::watch`]): the snapshots behind the screens are swapped for the fresh ones, the
/// one on screen at once, the others when next shown, and everything the user has in hand
/// stays as it was: the inventory's filter, order, selected row (by its barcode), scroll,
/// pane and open item page, the scan station and every field being typed into.
pub fn others(app: &mut App, store: &Store, fresh: crate::watch::Fresh) {
    // A headquarters' ingest appends to the depots' ledgers, not to its own: the depots and
    // their last bundles tell.
    if let Some(depots) = &fresh.depots
        && crate::screens::hq::changed(app, depots)
    {
        match fresh.figures {
            Some(f) => crate::screens::hq::take(app, f.depots, f.open),
            // Read before the depots screen said its date: read here, once.
            None => crate::screens::hq::load(app, store),
        }
        crate::screens::hq::ask_chart(app, store);
        crate::screens::hq::ask_circles(app, store);
    }
    if let Some(inv) = fresh.inventory {
        crate::screens::inventory::take_fresh(app, inv, fresh.page);
    }
    if let Some(snap) = fresh.snapshot {
        // The trend ends on the register as it is now: read again when it shows.
        app.trend.stale();
        if app.screen == Screen::Dashboard {
            crate::screens::trend::ask(app, store);
        }
        if matches!(
            app.screen,
            Screen::Dashboard | Screen::Units | Screen::Replacements
        ) {
            crate::screens::readiness::reports_from(app, snap);
        } else {
            app.reports = None;
        }
    }
}

fn click(app: &mut App, store: &Store, x: u16, y: u16) {
    if y == 0 {
        // The tab bar: each title is as wide as its text plus padding.
        let mut left = 0u16;
        for s in Screen::ALL {
            let w = unicode_width::UnicodeWidthStr::width(app.t(s.title())) as u16 + 4;
            if x >= left && x < left + w {
                go(app, store, s);
                return;
            }
            left += w;
        }
        return;
    }
    if app.screen == Screen::Inventory
        && let Some(inv) = &mut app.inventory
    {
        // Rows start below the tab bar (1), filter box (3), table border and header (2).
        let first = 6u16;
        if y >= first {
            let i = inv.offset + usize::from(y - first);
            if i < inv.view.len() {
                inv.selected = i;
                crate::screens::inventory::refresh_history(app, store);
            }
        }
    }
}

fn login(app: &mut App, store: &Store, action: Action) -> Outcome {
    let lang = app.lang;
    let l = &mut app.login;
    match action {
        Action::Quit | Action::Back => {
            app.quit = true;
            return Outcome::Quit;
        }
        // While an attempt waits out the slowdown, keys other than Esc wait too.
        _ if l.waiting.is_some() => {}
        Action::NextPane => l.field = 1 - l.field,
        Action::Char(c) if l.field == 0 => l.name.push(c),
        Action::Char(c) => l.pin.push(c),
        Action::Paste(p) if l.field == 0 => l.name.push_str(&one_line(&p)),
        Action::Paste(p) => l.pin.push_str(&one_line(&p)),
        Action::Backspace if l.field == 0 => {
            l.name.pop();
        }
        Action::Backspace => {
            l.pin.pop();
        }
        Action::Enter => {
            let name = l.name.trim().to_owned();
            if name.is_empty() {
                l.error = Some(T::Operator.get(app.lang).to_owned() + "?");
                return Outcome::Bell;
            }
            // After repeated wrong PINs the attempt is checked only after a wait, which the
            // screen shows (`tick` checks it when the time is up) rather than freezing.
            match access::pin_wait(store, &name) {
                Ok(Some((delay, failures))) => {
                    l.error = None;
                    l.waiting = Some(crate::app::PinWait {
                        until: std::time::Instant::now() + delay,
                        delay,
                        failures,
                    });
                    return Outcome::None;
                }
                Ok(None) => {}
                Err(e) => {
                    l.error = Some(if lang == crate::i18n::Lang::Zh {
                        e.zh()
                    } else {
                        e.to_string()
                    });
                    return Outcome::Bell;
                }
            }
            return check_login(app, store, std::time::Duration::ZERO);
        }
        _ => {}
    }
    Outcome::None
}

/// Checks the login's operator and PIN, once any wait for them is over (`waited`).
fn check_login(app: &mut App, store: &Store, waited: std::time::Duration) -> Outcome {
    let said = |e: depot_service::Error| {
        if app.lang == crate::i18n::Lang::Zh {
            e.zh()
        } else {
            e.to_string()
        }
    };
    app.login.waiting = None;
    let name = app.login.name.trim().to_owned();
    let pin = (!app.login.pin.is_empty()).then(|| app.login.pin.clone());
    let signed = access::login_waited(store, &name, pin.as_deref(), waited)
        .and_then(|_| Ctx::new(Some(&name)));
    match signed {
        Ok(ctx) => {
            app.session = Some(ctx);
            app.login = Default::default();
            Outcome::None
        }
        Err(e) => {
            let text = said(e);
            app.login.error = Some(text);
            app.login.pin.clear();
            Outcome::Bell
        }
    }
}

fn confirm(app: &mut App, c: Confirm, a: Action) -> Outcome {
    let yes = match a {
        Action::Yes => true,
        Action::No => false,
        _ => return Outcome::None,
    };
    app.confirm = None;
    if !yes {
        return Outcome::None;
    }
    match c {
        Confirm::Quit => {
            app.quit = true;
            Outcome::Quit
        }
    }
}

/// A quantity field's value, for display.
pub fn qty_text(q: Decimal) -> String {
    q.normalize().to_string()
}
