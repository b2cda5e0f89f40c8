//! Receiving a shipment at the scan station, as a count: F3 opens the shipment's folder
//! (checked as `depot receive-shipment` checks it), each piece scanned is matched against it
//! and recorded before it is answered (expected / found / missing / unexpected, live), and
//! F7 takes it in: the same service as the command line, the same refusals, the same signed
//! receipt, written into the folder the dialog names.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use depot_domain::msg::cli::bundle::CliBundleMsg;
use depot_exchange::bundle::DepotKey;
use depot_service::ship::{self, Opened, ReceiveRequest, Scanned};
use depot_service::store::{Location, Store};
use depot_service::{Error, Result};

use crate::app::App;
use crate::i18n::{T, TuiMsg};
use crate::keymap::Action;
use crate::outcome::Outcome;
use crate::screens::common::written;
use crate::state::scan::{Receiving, ScanLine};
use crate::style::{centered, fg, selected};
use crate::words::say;

/// Opens the shipment folder typed in F3's field for counting; `Err`: why not, said.
pub fn open(app: &mut App, store: &Store, typed: &str) -> std::result::Result<(), String> {
    match ship::open_shipment(store, Path::new(typed), None) {
        Ok(o) => {
            let b = &o.shipment.body;
            app.status = Some(
                TuiMsg::ShipOpened {
                    id: b.id.clone(),
                    from: format!("{} {}", b.from.name, b.from.code),
                    pieces: o.pieces.len().to_string(),
                }
                .say(app.lang),
            );
            app.scan.shipment = Some(o);
            Ok(())
        }
        Err(e) => Err(say(app, &e)),
    }
}

/// One code scanned against the open shipment, on disk before it is answered.
pub fn submit(app: &mut App, store: &Store, code: &str) -> Outcome {
    let Some(ctx) = app.action_ctx() else {
        return Outcome::None;
    };
    let line = |ok: bool, item: Option<String>, text: String| ScanLine {
        code: code.to_owned(),
        ok,
        item,
        text,
    };
    let Some(mut o) = app.scan.shipment.take() else {
        let text = format!("F3: {}", app.t(T::ShipNoneOpen));
        app.scan.push_line(line(false, None, text));
        app.scan.tally.errors += 1;
        return Outcome::Bell;
    };
    let barcode = depot_domain::scan::read_scan(code).map_err(|e| match app.lang {
        crate::i18n::Lang::Zh => e.zh(),
        crate::i18n::Lang::En => e.to_string(),
    });
    let answer = barcode.map(|b| (ship::count_scan(store, &ctx, &mut o, &b), b));
    let item = |o: &Opened, b: &str| match o.listed(b) {
        Some(p) => Some(o.item_name(p)),
        None => depot_service::places::item_name(store, b).ok().flatten(),
    };
    let (ok, out) = match answer {
        Ok((Ok(s), b)) => {
            let name = item(&o, b.as_str());
            let text = match s {
                Scanned::Found | Scanned::Again if o.listed(b.as_str()).is_some() => {
                    let mut t = TuiMsg::ShipFound {
                        found: o.found().len().to_string(),
                        expected: o.pieces.len().to_string(),
                    }
                    .say(app.lang);
                    if s == Scanned::Again {
                        t = format!("{} · {t}", app.t(T::ShipAgain));
                    }
                    t
                }
                Scanned::Again => app.t(T::ShipAgain).to_owned(),
                _ => app.t(T::ShipUnexpected).to_owned(),
            };
            let ok = s != Scanned::Unexpected;
            app.scan.push_line(ScanLine {
                code: b.to_string(),
                ok,
                item: name,
                text,
            });
            (ok, if ok { Outcome::None } else { Outcome::Bell })
        }
        Ok((Err(e), b)) => {
            let text = say(app, &e);
            app.scan.push_line(ScanLine {
                code: b.to_string(),
                ok: false,
                item: None,
                text,
            });
            (false, Outcome::Bell)
        }
        Err(text) => {
            app.scan.push_line(line(false, None, text));
            (false, Outcome::Bell)
        }
    };
    if ok {
        app.scan.tally.ok += 1;
    } else {
        app.scan.tally.errors += 1;
    }
    app.scan.shipment = Some(o);
    out
}

/// Opens the dialog that takes the shipment in, its receipt's folder proposed beside the
/// shipment's (`FOLDER-receipt`).
pub fn start(app: &mut App) -> Outcome {
    let Some(o) = &app.scan.shipment else {
        app.status = Some(format!("F3: {}", app.t(T::ShipNoneOpen)));
        return Outcome::Bell;
    };
    let mut name = o
        .dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push("-receipt");
    app.scan.receiving = Some(Receiving {
        receipt_out: o.dir.with_file_name(name).display().to_string(),
        error: None,
    });
    Outcome::None
}

/// The dialog's keys: the receipt's folder typed, Enter takes the shipment in, Esc goes back
/// to counting.
pub fn update(app: &mut App, store: &Store, a: Action) -> Outcome {
    let Some(r) = &mut app.scan.receiving else {
        return Outcome::None;
    };
    match a {
        Action::Char(c) => r.receipt_out.push(c),
        Action::Paste(p) => r.receipt_out.push_str(p.trim()),
        Action::Backspace => {
            r.receipt_out.pop();
        }
        Action::Back => app.scan.receiving = None,
        Action::Enter => return receive(app, store),
        _ => return Outcome::None,
    }
    if let Some(r) = &mut app.scan.receiving {
        r.error = None;
    }
    Outcome::None
}

/// This depot's signing key: `given` (`DEPOT_KEY`), else the one beside the database (as the
/// command line finds it without `--key`).
fn depot_key(store: &Store, given: Option<PathBuf>) -> Result<DepotKey> {
    let path = match given {
        Some(p) => p,
        None => depot_service::bundle::default_path(&Location::from(store.path()), |k| {
            std::env::var(k).ok()
        })?,
    };
    DepotKey::load(&path)?.ok_or_else(|| {
        let m = CliBundleMsg::NoKey {
            path: path.display().to_string(),
        };
        Error::said(m.say(depot_domain::Lang::En), m.say(depot_domain::Lang::Zh))
    })
}

fn receive(app: &mut App, store: &Store) -> Outcome {
    let (Some(ctx), Some(o), Some(r)) = (
        app.action_ctx(),
        app.scan.shipment.clone(),
        app.scan.receiving.clone(),
    ) else {
        return Outcome::None;
    };
    let fail = |app: &mut App, msg: String| {
        if let Some(r) = &mut app.scan.receiving {
            r.error = Some(msg);
        }
        Outcome::Bell
    };
    let out = r.receipt_out.trim();
    if out.is_empty() {
        return fail(app, app.t(T::ShipFolderNeeded).to_owned());
    }
    let found = o.found_barcodes();
    let got = depot_key(store, app.key.clone()).and_then(|key| {
        ship::receive_shipment(
            store,
            &ctx,
            &ReceiveRequest {
                dir: &o.dir,
                found: Some(&found),
                receipt_out: Path::new(out),
                depot: None,
                key: &key,
            },
        )
    });
    match got {
        Ok(got) => {
            let g = &got.got;
            let [counts, receipt] = got.said();
            let text = format!("{}; {}", counts.say(app.lang), receipt.say(app.lang));
            app.scan.push_line(ScanLine {
                code: g.id.clone(),
                ok: true,
                item: None,
                text,
            });
            app.scan.receiving = None;
            app.scan.shipment = None;
            written(app);
            Outcome::None
        }
        Err(e) => {
            let msg = say(app, &e);
            fail(app, msg)
        }
    }
}

/// `barcode name`, for the lists of the panel and the dialog.
fn named(o: &Opened, p: &depot_exchange::shipment::Piece) -> String {
    format!("{} {}", p.barcode, o.item_name(p))
}

/// The count's figures and what is still missing or came unexpected.
fn figures(app: &App, o: &Opened, missing_rows: usize) -> Vec<Line<'static>> {
    let (missing, unexpected) = (o.missing(), o.unexpected());
    let b = &o.shipment.body;
    let mut lines = vec![
        Line::from(Span::styled(
            b.id.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(format!(
            "{} {} {}",
            app.t(T::ShipmentFrom),
            b.from.name,
            b.from.code
        )),
        Line::from(format!(
            "{} {}  {} {}",
            app.t(T::Expected),
            o.pieces.len(),
            app.t(T::Found),
            o.found().len()
        )),
        Line::from(Span::styled(
            format!("{} {}", app.t(T::Missing), missing.len()),
            fg(app, Color::Red),
        )),
    ];
    lines.extend(
        missing
            .iter()
            .take(missing_rows)
            .map(|p| Line::from(format!("  {}", named(o, p)))),
    );
    if missing.len() > missing_rows {
        lines.push(Line::from(format!("  … +{}", missing.len() - missing_rows)));
    }
    lines.push(Line::from(Span::styled(
        format!("{} {}", app.t(T::Unexpected), unexpected.len()),
        fg(app, Color::Yellow),
    )));
    lines.extend(
        unexpected
            .iter()
            .take(3)
            .map(|c| Line::from(format!("  {c}"))),
    );
    if unexpected.len() > 3 {
        lines.push(Line::from(format!("  … +{}", unexpected.len() - 3)));
    }
    lines
}

/// The panel beside the answers: the shipment's count, live.
pub fn draw_panel(app: &App, f: &mut Frame, area: Rect, o: &Opened) {
    let rows = usize::from(area.height).saturating_sub(10).max(1);
    let mut lines = figures(app, o, rows);
    lines.push(Line::from(Span::styled(
        format!("F7 {}", app.t(T::ShipReceive)),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", app.t(T::ModeReceive))),
        ),
        area,
    );
}

/// The dialog taking the shipment in.
pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let (Some(r), Some(o)) = (&app.scan.receiving, &app.scan.shipment) else {
        return;
    };
    let room = usize::from(area.height.saturating_sub(16)).clamp(2, 8);
    let mut lines = figures(app, o, room);
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::raw(format!("{}: ", app.t(T::ShipReceiptFolder))),
        Span::styled(format!("{}▏", r.receipt_out), selected(app)),
    ]));
    if let Some(e) = &r.error {
        lines.push(Line::from(Span::styled(
            format!("✗ {e}"),
            fg(app, Color::Red).add_modifier(Modifier::BOLD),
        )));
    }
    lines.push(Line::from(Span::styled(
        app.t(T::ShipReceivingKeys),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    let r = centered(area, 76, (lines.len() as u16 + 2).min(area.height));
    crate::style::clear_overlay(f, r);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default().borders(Borders::ALL).title(format!(
                " {} {} ",
                app.t(T::ModeReceive),
                o.shipment.body.id
            )),
        ),
        r,
    );
}
