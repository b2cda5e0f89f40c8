//! The scan station's keys: the mode and its fields, the place picker, and each scan sent
//! to the service, answered only after it is on disk.

use depot_service::count;
use depot_service::places;
use depot_service::scan::{self, Mode};
use depot_service::store::Store;
use depot_service::workflow::{self, CheckinReq, CheckoutReq, Condition};

use super::closing::refresh_count;
use crate::app::{App, Screen};
use crate::i18n::TuiMsg;
use crate::i18n::{Lang, T};
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::screens::common::written;
use crate::screens::nav::go;
use crate::state::scan::{Field, Picked, ScanLine, ScanMode, Setup};
use crate::words::say;

/// The scan mode as the service takes it, from the station's fields; else what to do.
fn service_mode(app: &App) -> Result<Mode, String> {
    let s = &app.scan;
    let u = &s.setup;
    let to = u.to.as_ref().map(|p| p.code.clone());
    let reference = (!u.reference.trim().is_empty()).then(|| u.reference.trim().to_owned());
    let need = |key: &str, t: T| format!("{key}: {} {}", app.t(T::ChooseFirst), app.t(t));
    Ok(match s.mode {
        ScanMode::Out => {
            if to.is_none() && reference.is_none() {
                return Err(need("F3", T::FieldTo));
            }
            Mode::Out(CheckoutReq {
                to,
                due: u.due,
                reference,
                note: None,
            })
        }
        ScanMode::In => Mode::In(CheckinReq {
            into: to,
            condition: if u.damaged {
                Condition::Damaged
            } else {
                Condition::Ok
            },
            ..CheckinReq::default()
        }),
        ScanMode::Transfer => Mode::Transfer {
            to: to.ok_or_else(|| need("F3", T::FieldTransferTo))?,
        },
        ScanMode::Issue => Mode::Issue {
            reference: reference.ok_or_else(|| need("F4", T::Reference))?,
            qty: u.qty.ok_or_else(|| need("F5", T::QtyPerScan))?,
        },
        ScanMode::Count => Mode::Count {
            id: s.count.ok_or_else(|| need("F3", T::FieldScope))?,
        },
        // Scans against a shipment are its count's (`receive::submit`), never a movement.
        ScanMode::Receive => return Err(need("F3", T::FieldShipment)),
    })
}

fn ensure_places(app: &mut App, store: &Store) {
    if app.scan.places.is_none() {
        match places::places(store) {
            Ok(p) => app.scan.places = Some(p),
            Err(e) => app.status = Some(say(app, &e)),
        }
    }
}

/// What a done scan says, with place codes named (`滨江站 ZHAN-0102`) and the due date.
fn done_text(app: &App, summary: &str) -> String {
    let mut text = summary.to_owned();
    if let Some(p) = &app.scan.setup.to
        && !p.name.is_empty()
        && let Some(i) = text.find(&p.code)
    {
        text.insert_str(i, &format!("{} ", p.name));
    }
    if app.scan.mode == ScanMode::Out
        && let Some(d) = app.scan.setup.due
    {
        text.push_str(
            &TuiMsg::DueBack {
                date: d.format("%m-%d").to_string(),
            }
            .say(app.lang),
        );
    }
    text
}

/// Submits one scanned code; the answer is shown only after it is on disk.
pub fn submit(app: &mut App, store: &Store, raw: &str) -> Outcome {
    let code = raw.trim().to_owned();
    if code.is_empty() {
        return Outcome::None;
    }
    if app.session.is_none() {
        return Outcome::None;
    }
    if app.scan.mode == ScanMode::Receive {
        return super::receive::submit(app, store, &code);
    }
    ensure_places(app, store);
    let mode = match service_mode(app) {
        Ok(m) => m,
        Err(e) => {
            app.scan.push_line(ScanLine {
                code,
                ok: false,
                item: None,
                text: e,
            });
            app.scan.tally.errors += 1;
            return Outcome::Bell;
        }
    };
    // Stamped when it is made, not when the terminal opened.
    let Some(ctx) = app.action_ctx() else {
        return Outcome::None;
    };
    let answer = match scan::one(store, &ctx, &mode, &code) {
        Ok(a) => a,
        Err(e) => scan::Answer::refused(code.clone(), e),
    };
    app.scan.tally.add(&answer);
    let out = match &answer.result {
        Ok(done) => {
            let summary = done.msg.say(app.lang);
            let line = ScanLine {
                code: done.barcode.to_string(),
                ok: true,
                item: places::item_name(store, done.barcode.as_str())
                    .ok()
                    .flatten(),
                text: done_text(app, &summary),
            };
            app.scan.push_line(line);
            app.scan.last = Some(done.clone());
            written(app);
            Outcome::None
        }
        Err(e) => {
            let item = places::item_name(store, &code).ok().flatten();
            app.scan.push_line(ScanLine {
                code,
                ok: false,
                item,
                text: e.say(app.lang),
            });
            Outcome::Bell
        }
    };
    if app.scan.mode == ScanMode::Count {
        refresh_count(app, store);
    }
    out
}

/// The scan station's keys.
pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    if app.scan.closing.is_some() {
        return super::closing::update(app, store, a);
    }
    if app.scan.receiving.is_some() {
        return super::receive::update(app, store, a);
    }
    if let Some(field) = app.scan.editing {
        return edit(app, store, field, a);
    }
    let mode = app.scan.mode;
    match a {
        Action::Char(c) => {
            // Composed (non-ASCII) letters in the scan field mean an input method is on.
            if !c.is_ascii()
                && depot_domain::ids::fold_width(&c.to_string())
                    .chars()
                    .all(|f| !f.is_ascii())
            {
                app.scan.ime_warning = true;
            }
            app.scan.input.push(c);
        }
        Action::Paste(p) => {
            let mut out = Outcome::None;
            for line in p.split(['\n', '\r', '\t']) {
                if submit(app, store, line) == Outcome::Bell {
                    out = Outcome::Bell;
                }
            }
            return out;
        }
        Action::Backspace => {
            app.scan.input.pop();
        }
        Action::Enter => {
            let raw = std::mem::take(&mut app.scan.input);
            app.scan.ime_warning = false;
            return submit(app, store, &raw);
        }
        Action::Back if !app.scan.input.is_empty() => app.scan.input.clear(),
        Action::Back => go(app, store, Screen::Dashboard),
        Action::ScanMode => {
            app.scan.mode = mode.next();
            // Each mode starts from its own empty fields: a check-out's receiver never
            // becomes a check-in's warehouse.
            app.scan.setup = Setup::default();
            if app.scan.mode == ScanMode::Issue {
                app.scan.setup.qty = Some(rust_decimal::Decimal::ONE);
            }
        }
        Action::EditReceiver if mode.place_field().is_some() => {
            start_edit(app, store, Field::Receiver)
        }
        Action::EditReceiver if mode == ScanMode::Receive => start_edit(app, store, Field::Folder),
        Action::EditReference if mode == ScanMode::Out => start_edit(app, store, Field::Due),
        Action::EditReference if mode == ScanMode::Issue => {
            start_edit(app, store, Field::Reference)
        }
        Action::EditQty if mode == ScanMode::Out => start_edit(app, store, Field::Reference),
        Action::EditQty if mode == ScanMode::Issue => start_edit(app, store, Field::Qty),
        Action::CountView if mode == ScanMode::In => {
            app.scan.setup.damaged = !app.scan.setup.damaged;
        }
        Action::CountView if mode == ScanMode::Count => refresh_count(app, store),
        Action::CountPost if mode == ScanMode::Count => super::closing::open(app, store),
        Action::CountPost if mode == ScanMode::Receive => return super::receive::start(app),
        Action::CountReprint if mode == ScanMode::Count => {
            return super::reprint::missing(app, store);
        }
        Action::Undo => return undo(app, store),
        _ => {}
    }
    Outcome::None
}

/// Opens a field, empty: what is typed replaces its value (Enter on nothing clears it).
fn start_edit(app: &mut App, store: &Store, f: Field) {
    app.scan.edit_buffer.clear();
    app.scan.editing = Some(f);
    app.scan.field_error = None;
    if f == Field::Receiver {
        ensure_places(app, store);
        repick(app);
    }
}

/// The places of the mode's kinds matching what is typed.
fn repick(app: &mut App) {
    let s = &mut app.scan;
    let kinds = s.mode.place_field().map(|(_, k)| k).unwrap_or(&[]);
    let q = s.edit_buffer.trim();
    s.picks = s
        .places
        .iter()
        .flatten()
        .enumerate()
        .filter(|(_, p)| kinds.contains(&p.kind) && p.matches(q))
        .map(|(i, _)| i)
        .collect();
    // An exact code first: a scanned vehicle or a typed code is the one meant.
    if let Some(pos) = s
        .picks
        .iter()
        .position(|&i| s.places.as_ref().is_some_and(|p| p[i].is(q)))
    {
        s.picks[..=pos].rotate_right(1);
    }
    s.pick_sel = 0;
}

fn edit(app: &mut App, store: &Store, field: Field, a: Action) -> Outcome {
    let s = &mut app.scan;
    match a {
        Action::Char(c) => s.edit_buffer.push(c),
        Action::Paste(p) => s.edit_buffer.push_str(p.trim()),
        Action::Backspace => {
            s.edit_buffer.pop();
        }
        Action::Back => {
            s.editing = None;
            s.field_error = None;
            return Outcome::None;
        }
        Action::Up if field == Field::Receiver => {
            s.pick_sel = s.pick_sel.saturating_sub(1);
            return Outcome::None;
        }
        Action::Down if field == Field::Receiver => {
            s.pick_sel = (s.pick_sel + 1).min(s.picks.len().saturating_sub(1));
            return Outcome::None;
        }
        Action::Enter => return accept(app, store, field),
        _ => return Outcome::None,
    }
    s.field_error = None;
    if field == Field::Receiver {
        repick(app);
    }
    Outcome::None
}

/// Checks the field's text and keeps it, or says what is wrong and keeps the field open.
fn accept(app: &mut App, store: &Store, field: Field) -> Outcome {
    let text = depot_domain::ids::fold_width(app.scan.edit_buffer.trim());
    let refuse = |app: &mut App, msg: String| {
        app.scan.field_error = Some(msg);
        Outcome::Bell
    };
    match field {
        Field::Receiver if text.is_empty() => app.scan.setup.to = None,
        Field::Receiver => {
            let chosen = app
                .scan
                .picks
                .get(app.scan.pick_sel)
                .and_then(|&i| app.scan.places.as_ref().map(|p| &p[i]));
            let Some(p) = chosen else {
                let what = app
                    .scan
                    .mode
                    .place_field()
                    .map(|(t, _)| app.t(t))
                    .unwrap_or_default();
                let msg = format!("'{text}': {} ({what})", app.t(T::NoSuchPlace));
                return refuse(app, msg);
            };
            let picked = Picked {
                code: p.code.clone(),
                name: p.name.clone(),
            };
            if app.scan.mode == ScanMode::Count {
                app.scan.editing = None;
                return open_count(app, store, picked);
            }
            app.scan.setup.to = Some(picked);
        }
        Field::Due if text.is_empty() => app.scan.setup.due = None,
        Field::Due => match depot_exchange::parse_date(&text) {
            // The service's rule for a due date, as the command line has it.
            Ok(d) => {
                match depot_domain::dates::check(depot_domain::dates::DateKind::Due, d, app.as_of) {
                    Ok(_) => app.scan.setup.due = Some(d),
                    Err(e) if app.lang == Lang::Zh => return refuse(app, e.zh()),
                    Err(e) => return refuse(app, e.to_string()),
                }
            }
            Err(_) => return refuse(app, app.t(T::BadDate).to_owned()),
        },
        Field::Reference => app.scan.setup.reference = text,
        // Enter on nothing puts the shipment away: its scans stay recorded.
        Field::Folder if text.is_empty() => app.scan.shipment = None,
        Field::Folder => {
            // A path is taken as typed (only its ends trimmed), not width-folded.
            let typed = app.scan.edit_buffer.trim().to_owned();
            if let Err(msg) = super::receive::open(app, store, &typed) {
                return refuse(app, msg);
            }
        }
        Field::Qty => match depot_exchange::parse_decimal(&text) {
            Ok(q) if q > rust_decimal::Decimal::ZERO => app.scan.setup.qty = Some(q),
            _ => return refuse(app, app.t(T::BadQuantity).to_owned()),
        },
    }
    app.scan.editing = None;
    app.scan.edit_buffer.clear();
    app.scan.field_error = None;
    Outcome::None
}

fn open_count(app: &mut App, store: &Store, scope: Picked) -> Outcome {
    let Some(ctx) = app.action_ctx() else {
        return Outcome::None;
    };
    match count::open(store, &ctx, &scope.code, None) {
        Ok(id) => {
            app.status = Some(format!(
                "{} {id}: {} {}",
                app.t(T::ModeCount),
                scope.name,
                scope.code
            ));
            app.scan.setup.to = Some(scope);
            app.scan.count = Some(id);
            refresh_count(app, store);
            Outcome::None
        }
        Err(e) => {
            app.status = Some(say(app, &e));
            Outcome::Bell
        }
    }
}

fn undo(app: &mut App, store: &Store) -> Outcome {
    let (Some(ctx), Some(done)) = (app.action_ctx(), app.scan.last.take()) else {
        app.status = Some(app.t(T::NothingToUndo).to_owned());
        return Outcome::Bell;
    };
    match workflow::undo(store, &ctx, &done) {
        Ok(d) => {
            let line = ScanLine {
                code: d.barcode.to_string(),
                ok: true,
                item: places::item_name(store, d.barcode.as_str()).ok().flatten(),
                text: d.msg.say(app.lang),
            };
            app.scan.push_line(line);
            app.scan.tally.ok = app.scan.tally.ok.saturating_sub(1);
            written(app);
            Outcome::None
        }
        Err(e) => {
            app.scan.push_line(ScanLine {
                code: done.barcode.to_string(),
                ok: false,
                item: None,
                text: say(app, &e),
            });
            Outcome::Bell
        }
    }
}
