//! How the screens write figures: a rate with its sign, a rate as a gauge's ratio, money as the
//! reports write it, text cut to a width. Below every screen: it imports none of them.

use depot_domain::readiness::{Figures, rate_text};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A rate with its sign, or nothing when there is nothing to measure (version 2: a scope
/// without lines has no rate, never 0 % or 100 %).
pub fn pct(p: Option<Decimal>) -> String {
    match rate_text(p) {
        t if t.is_empty() => t,
        t => format!("{t} %"),
    }
}

pub fn ratio(p: Option<Decimal>) -> f64 {
    p.and_then(|d| d.to_f64())
        .map_or(0.0, |v| (v / 100.0).clamp(0.0, 1.0))
}

pub fn place_rate(fig: &Figures) -> String {
    rate_text(fig.equipped_rate())
}

/// Cuts `s` to at most `w` display columns and pads it to exactly `w`.
pub fn truncate(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > w {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push_str(&" ".repeat(w - used));
    out
}

/// Money as the reports write it (`1,921.74 万元`; in English yuan grouped by thousands):
/// the reports' own formatter.
pub fn money(d: Decimal, lang: crate::i18n::Lang) -> String {
    depot_report::words::money_text(d, lang)
}
