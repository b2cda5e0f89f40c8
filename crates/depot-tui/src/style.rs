//! What the screens, the login and the overlays draw with: the colours (none under
//! `NO_COLOR`), the highlight of a selected row, a centred box and the clearing under an
//! overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Clear;

use crate::app::App;

/// A colour, or nothing under `NO_COLOR`.
pub fn fg(app: &App, c: Color) -> Style {
    if app.no_color {
        Style::default()
    } else {
        Style::default().fg(c)
    }
}

/// The highlight of a selected row or active tab: reversed, so it shows without colour too.
pub fn selected(app: &App) -> Style {
    fg(app, Color::Yellow).add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears the area an overlay is drawn on. A wide character (a Chinese one) just left of it
/// would spill into its first column and hide the overlay's border there, so it is cleared
/// too.
pub fn clear_overlay(f: &mut Frame, r: Rect) {
    f.render_widget(Clear, r);
    if r.x == 0 {
        return;
    }
    let buf = f.buffer_mut();
    for y in r.y..r.y.saturating_add(r.height) {
        if let Some(cell) = buf.cell_mut((r.x - 1, y))
            && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}
