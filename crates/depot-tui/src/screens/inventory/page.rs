//! The item page (Enter on an inventory row): everything about one barcode, and its history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use depot_domain::Stock;
use depot_domain::vocab::Vocabulary;
use depot_service::item::ItemPage;
use depot_service::workflow::done_word;

use crate::app::App;
use crate::i18n::{Lang, T};
use crate::style::fg;

/// The page's facts: a label and a value each.
fn facts(app: &App, p: &ItemPage) -> Vec<(T, String)> {
    let none = || "—".to_owned();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(none);
    let place = |code: &str, name: &str| format!("{name} {code}").trim().to_owned();
    let word = |en: &'static str, zh: &'static str| match app.lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let uom = p.item.as_ref().map(|i| i.uom.clone()).unwrap_or_default();
    let mut out = vec![
        (
            T::Item,
            p.item
                .as_ref()
                .map(|i| format!("{} {}", i.name, i.code))
                .unwrap_or_else(|| p.stock.item().to_string()),
        ),
        (T::Owner, place(p.stock.owner().as_str(), &p.owner_name)),
    ];
    // Only a piece imported from a register that said where it is kept has a shelf.
    if let Some(shelf) = &p.shelf {
        out.push((T::Shelf, shelf.clone()));
    }
    out.extend([
        (
            T::Module,
            p.stock
                .module()
                .map(|m| {
                    let (zh, en) = &p.module_names;
                    let name = if app.lang == Lang::Zh { zh } else { en };
                    format!("{name} {m}").trim().to_owned()
                })
                .unwrap_or_else(none),
        ),
        (
            T::Kit,
            p.kit
                .as_ref()
                .map(|(c, n)| format!("{n} {c}").trim().to_owned())
                .unwrap_or_else(none),
        ),
    ]);
    match &p.stock {
        Stock::Asset(a) => {
            out.extend([
                (T::Serial, a.serial.clone().unwrap_or_else(none)),
                (T::Plate, a.plate.clone().unwrap_or_else(none)),
                (
                    T::Location,
                    a.location
                        .as_ref()
                        .map(|l| place(l.as_str(), &p.location_name))
                        .unwrap_or_else(|| app.t(T::AtOwner).to_owned()),
                ),
                (T::Status, word(a.status.en(), a.status.zh()).to_owned()),
                (T::Commissioned, date(a.commissioned)),
                (T::LifeEnd, date(p.life_end)),
                (T::LastInspected, date(a.last_inspected)),
                (T::NextInspection, date(p.next_inspection)),
                (T::DueBack, date(a.due)),
            ]);
        }
        Stock::Lot(l) => {
            out.extend([
                (T::LotNo, l.lot.clone().unwrap_or_else(none)),
                (T::Quantity, format!("{} {uom}", l.quantity.normalize())),
                (T::Expires, date(l.expires)),
                (T::Received, date(l.received)),
            ]);
        }
    }
    out
}

/// `s` padded with spaces to `w` display columns (a Chinese character takes two).
fn pad(s: &str, w: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(w.saturating_sub(used)))
}

pub fn draw(app: &App, p: &ItemPage, offset: usize, f: &mut Frame, area: Rect) {
    crate::style::clear_overlay(f, area);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = facts(app, p)
        .into_iter()
        .map(|(t, v)| {
            Line::from(vec![
                Span::styled(pad(app.t(t), 16), fg(app, Color::Gray)),
                Span::styled(v, bold),
            ])
        })
        .collect();
    let uom = p.item.as_ref().map(|i| i.uom.clone()).unwrap_or_default();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(app.t(T::History), bold)));
    for m in p.history.iter().rev().skip(offset) {
        let b = &m.body;
        let what = match app.lang {
            Lang::Zh => b.action.zh(),
            Lang::En => done_word(b.action),
        };
        // A lot's movements move a quantity: how much, in the item's unit (an adjustment's
        // signed difference with its sign).
        let qty = match &p.stock {
            Stock::Lot(_) if b.action == depot_domain::Action::Adjust && b.quantity > 0.into() => {
                format!(" +{} {uom}", b.quantity.normalize())
            }
            Stock::Lot(_) => format!(" {} {uom}", b.quantity.normalize()),
            Stock::Asset(_) => String::new(),
        };
        let to = b.to.as_ref().map(|t| format!(" → {t}")).unwrap_or_default();
        let why = b
            .reason
            .as_ref()
            .map(|r| match app.lang {
                Lang::Zh => depot_domain::movement::reason_zh(r).unwrap_or_else(|| r.clone()),
                Lang::En => r.clone(),
            })
            .map(|r| format!("  ({r})"))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ", b.at.format("%Y-%m-%d %H:%M")),
                fg(app, Color::DarkGray),
            ),
            Span::raw(format!("#{} {what}{qty}{to}{why}", m.seq)),
            Span::styled(format!("  {}", b.operator), fg(app, Color::DarkGray)),
        ]));
    }
    let title = format!(" {} {} · ↑↓ · Esc ", app.t(T::ItemPage), p.stock.barcode());
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}
