//! Where everything goes on a label and on a sheet, in the printer's dots.
//!
//! The layout is designed in dots of 1/300 inch on the 70 × 37 mm label; another stock (size
//! or resolution, [`Stock`]) scales it, so the default label is drawn exactly as designed.
//! One layout feeds every output: the SVG keeps these coordinates in its `viewBox` and states
//! its size in millimetres, the PNG and the printers' bitmaps draw them one pixel a dot. Bars
//! are whole dots wide, so a print has no rounded bar edges for a scanner to trip on.
//! Code128 bars run under the texts; a square symbol (QR, Data Matrix) stands to the left of
//! them ([`square`]).

mod square;

use depot_domain::Lang;
use depot_domain::msg::label::LabelMsg;
use unicode_width::UnicodeWidthChar;

use crate::Label;
use crate::code128::Symbol;
use crate::stock::{Size, Stock};
use crate::symbol::Code;

/// Dots per inch of the design (and of the default PNG).
pub const DPI: u32 = 300;

/// A label: 70 × 37 mm, the cell of the common A4 sheet of 3 × 8 labels.
pub const LABEL_W: u32 = 826;
pub const LABEL_H: u32 = 437;
/// A4 portrait.
pub const A4_W: u32 = 2480;
pub const A4_H: u32 = 3508;
pub const SHEET_COLS: u32 = 3;
pub const SHEET_ROWS: u32 = 8;
// The grid fits the paper.
const _: () = assert!(SHEET_COLS * LABEL_W <= A4_W && SHEET_ROWS * LABEL_H <= A4_H);
/// Labels on one A4 sheet.
pub const PER_SHEET: usize = (SHEET_COLS * SHEET_ROWS) as usize;

/// Blank margin inside a label, left and right (about 4 mm: inside a printer's unprintable
/// border even for the cells at the edge of the sheet).
const PAD_X: u32 = 48;
/// The least blank space at the ends of the symbol beyond its quiet zone (1 mm).
const EDGE: u32 = 12;
/// The widest module: 6 dots = 0.51 mm, wide enough for any scanner at arm's length.
const MAX_MODULE: u32 = 6;
/// The smallest text size before a text is cut short.
const MIN_TEXT: u32 = 24;

/// Something drawn in black.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Rect { x: u32, y: u32, w: u32, h: u32 },
    Text(Text),
}

/// A line of text, centred on `x`, sitting on `baseline`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub x: u32,
    pub baseline: u32,
    /// The em size in dots.
    pub size: u32,
    /// The widest the drawn text may be.
    pub max_width: u32,
    pub text: String,
    /// Monospaced (the human-readable code).
    pub mono: bool,
}

/// A page to draw: its size in dots, its resolution, its size in millimetres (as a printer
/// is told it) and what is on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: u32,
    pub height: u32,
    pub dpi: u32,
    pub size: Size,
    pub marks: Vec<Mark>,
}

/// How the design's dots become a stock's: across, down, and in physical size (dots of the
/// printer per dot of the design), each 1 for the default stock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    pub x: f64,
    pub y: f64,
    pub dots: f64,
    pub width: u32,
    pub height: u32,
}

impl Scale {
    pub(crate) fn of(stock: &Stock) -> Scale {
        let (width, height) = (stock.width(), stock.height());
        Scale {
            x: f64::from(width) / f64::from(LABEL_W),
            y: f64::from(height) / f64::from(LABEL_H),
            dots: f64::from(stock.dpi) / f64::from(DPI),
            width,
            height,
        }
    }

    /// A horizontal length of the design on this stock.
    pub(crate) fn x(&self, v: u32) -> u32 {
        (f64::from(v) * self.x).round() as u32
    }

    /// A vertical length (and a text size) of the design on this stock.
    pub(crate) fn y(&self, v: u32) -> u32 {
        (f64::from(v) * self.y).round() as u32
    }

    /// A physical length of the design (a module, a margin) at this stock's resolution.
    pub(crate) fn dots(&self, v: u32) -> u32 {
        ((f64::from(v) * self.dots).round() as u32).max(1)
    }
}

/// One Code128 label on a page of its own, 70 × 37 mm at 300 dpi.
pub fn single(label: &Label, symbol: &Symbol) -> Page {
    on_stock(&Stock::default(), label, &Code::Bars(symbol.clone()))
}

/// One label with its symbol on a page of its own, the size of `stock`.
pub fn on_stock(stock: &Stock, label: &Label, code: &Code) -> Page {
    let scale = Scale::of(stock);
    let mut marks = Vec::new();
    place(&mut marks, 0, 0, &scale, label, code);
    Page {
        width: scale.width,
        height: scale.height,
        dpi: stock.dpi,
        size: stock.size,
        marks,
    }
}

/// A4 sheets of 3 × 8 labels, filled row by row.
pub fn sheets(labels: &[(Label, Code)]) -> Vec<Page> {
    let scale = Scale::of(&Stock::default());
    let left = (A4_W - SHEET_COLS * LABEL_W) / 2;
    let top = (A4_H - SHEET_ROWS * LABEL_H) / 2;
    labels
        .chunks(PER_SHEET)
        .map(|chunk| {
            let mut marks = Vec::new();
            for ((label, code), cell) in chunk.iter().zip(0u32..) {
                let x = left + (cell % SHEET_COLS) * LABEL_W;
                let y = top + (cell / SHEET_COLS) * LABEL_H;
                place(&mut marks, x, y, &scale, label, code);
            }
            Page {
                width: A4_W,
                height: A4_H,
                dpi: DPI,
                size: Size {
                    width: 210.0,
                    height: 297.0,
                },
                marks,
            }
        })
        .collect()
}

/// Lays one label out with its top left corner at (`x0`, `y0`).
fn place(marks: &mut Vec<Mark>, x0: u32, y0: u32, k: &Scale, label: &Label, code: &Code) {
    match code {
        Code::Bars(symbol) => bars(marks, x0, y0, k, label, symbol),
        Code::Square(symbol) => square::place(marks, x0, y0, k, label, symbol),
    }
}

/// The owner as a label names it: its code and its name.
fn owner_line(label: &Label) -> String {
    match &label.owner_name {
        Some(name) => format!("{} {}", label.owner, name),
        None => label.owner.to_string(),
    }
}

/// A Code128 label: the texts above, the bars across, the code under them.
fn bars(marks: &mut Vec<Mark>, x0: u32, y0: u32, k: &Scale, label: &Label, symbol: &Symbol) {
    let centre = x0 + k.width / 2;
    let inner = k.width - 2 * k.x(PAD_X);
    let min = k.dots(MIN_TEXT);
    let owner = owner_line(label);
    // A lot's label has a third line, its number and expiry, above the bars: the texts
    // move up and the bars are a little shorter (still well over what a scanner needs).
    let lot = label.lot.as_ref().map(lot_line);
    let (item_y, item_size, owner_y, owner_size, top, height) = match lot {
        Some(_) => (78, 52, 122, 34, 178, 164),
        None => (92, 60, 146, 40, 172, 180),
    };
    let text = |baseline: u32, size: u32, text: &str, mono: bool| {
        Mark::Text(fit(
            centre,
            y0 + k.y(baseline),
            k.y(size),
            inner,
            text,
            mono,
            min,
        ))
    };
    marks.push(text(item_y, item_size, &label.item_name, false));
    marks.push(text(owner_y, owner_size, &owner, false));
    if let Some(lot) = lot {
        marks.push(text(162, 34, &lot, false));
    }

    // The quiet zone is blank already, so the bars may use the padding too.
    let edge = k.dots(EDGE);
    let module =
        ((k.width.saturating_sub(2 * edge)) / symbol.modules.max(1)).clamp(1, k.dots(MAX_MODULE));
    let left = x0 + (k.width.saturating_sub(symbol.modules * module)) / 2;
    let (top, height) = (y0 + k.y(top), k.y(height));
    for bar in &symbol.bars {
        marks.push(Mark::Rect {
            x: left + bar.start * module,
            y: top,
            w: bar.width * module,
            h: height,
        });
    }
    let code = label.barcode.as_str();
    marks.push(Mark::Text(fit(
        centre,
        top + height + k.y(44),
        k.y(44),
        inner,
        code,
        true,
        min,
    )));
}

/// A lot's line: `批号/LOT 20250219-AF49  有效期/EXP 2033-02-17`. A label is read on the shelf by
/// whoever takes the stock, whatever language their screen speaks: the Chinese words with
/// the LOT and EXP marks that packaging prints the world over.
fn lot_line(lot: &crate::LotMarks) -> String {
    let number = lot.number.as_deref().unwrap_or("—").to_owned();
    let expires = lot
        .expires
        .map_or_else(|| "—".to_owned(), |d| d.to_string());
    LabelMsg::LotLine { number, expires }.say(Lang::Zh)
}

/// A text at its nominal size, made smaller (down to `min`, and then cut short) to fit
/// `max_width`.
pub(crate) fn fit(
    x: u32,
    baseline: u32,
    size: u32,
    max_width: u32,
    text: &str,
    mono: bool,
    min: u32,
) -> Text {
    let mut text = text.to_owned();
    let mut size = size;
    let em = estimate_em(&text, mono);
    if em * f64::from(size) > f64::from(max_width) {
        // Truncation towards zero keeps the text inside; the floor keeps it legible.
        size = ((f64::from(max_width) / em) as u32).max(min);
    }
    if estimate_em(&text, mono) * f64::from(size) > f64::from(max_width) {
        let room = f64::from(max_width) / f64::from(size) - estimate_em("…", mono);
        let mut used = 0.0;
        let kept: String = text
            .chars()
            .take_while(|c| {
                used += estimate_em(c.encode_utf8(&mut [0; 4]), mono);
                used <= room
            })
            .collect();
        text = kept + "…";
    }
    Text {
        x,
        baseline,
        size,
        max_width,
        text,
        mono,
    }
}

/// The width of `text` in ems as an ordinary sans-serif font draws it: a CJK character is one
/// em, anything narrower about 0.6 (a little over most Latin fonts, to stay inside).
pub fn estimate_em(text: &str, mono: bool) -> f64 {
    text.chars()
        .map(|c| match c.width() {
            Some(2) => 1.0,
            Some(0) | None => 0.0,
            _ if mono => 0.61,
            _ => 0.6,
        })
        .sum()
}

/// Dots of the design (300 dpi) to millimetres.
pub fn mm(dots: u32) -> f64 {
    mm_at(dots, DPI)
}

/// Dots at `dpi` to millimetres.
pub fn mm_at(dots: u32, dpi: u32) -> f64 {
    f64::from(dots) * 25.4 / f64::from(dpi.max(1))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::code128::{QUIET_ZONE, encode};

    fn label(code: &str, name: &str) -> Label {
        Label {
            barcode: code.into(),
            item: "X".into(),
            item_name: name.to_owned(),
            owner: "ZHAN-0001".into(),
            owner_name: Some("青阳区第一消防站".to_owned()),
            lot: None,
        }
    }

    #[test]
    fn the_label_is_70_by_37_mm() {
        assert!((mm(LABEL_W) - 70.0).abs() < 0.1 && (mm(LABEL_H) - 37.0).abs() < 0.1);
    }

    #[test]
    fn quiet_zone_stays_blank_inside_the_label() {
        for code in ["QZ56977190", &"W".repeat(32)] {
            let sym = encode(code).unwrap();
            let page = single(&label(code, "水罐消防车"), &sym);
            let rects: Vec<_> = page
                .marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Rect { x, w, .. } => Some((*x, *x + *w)),
                    Mark::Text(_) => None,
                })
                .collect();
            let module = rects.iter().map(|r| r.1 - r.0).min().unwrap();
            let first = rects.iter().map(|r| r.0).min().unwrap();
            let last = rects.iter().map(|r| r.1).max().unwrap();
            assert!(first >= QUIET_ZONE * module, "{code}: left quiet zone");
            assert!(
                LABEL_W - last >= QUIET_ZONE * module,
                "{code}: right quiet zone"
            );
        }
    }

    #[test]
    fn long_text_shrinks_then_is_cut() {
        let t = fit(0, 0, 60, 700, "抢险救援消防车", false, MIN_TEXT);
        assert_eq!((t.size, t.text.as_str()), (60, "抢险救援消防车"));
        let t = fit(0, 0, 60, 700, &"消".repeat(20), false, MIN_TEXT);
        assert_eq!(t.size, 35);
        let t = fit(0, 0, 60, 700, &"消".repeat(60), false, MIN_TEXT);
        assert_eq!(t.size, MIN_TEXT);
        assert!(t.text.ends_with('…'));
        assert!(estimate_em(&t.text, false) * f64::from(MIN_TEXT) <= 700.0);
    }

    #[test]
    fn a_sheet_holds_24_labels() {
        let sym = encode("QZ1").unwrap();
        let labels: Vec<_> = (0..25)
            .map(|_| (label("QZ1", "水带"), Code::Bars(sym.clone())))
            .collect();
        let pages = sheets(&labels);
        assert_eq!(pages.len(), 2);
        let texts = |p: &Page| {
            p.marks
                .iter()
                .filter(|m| matches!(m, Mark::Text(_)))
                .count()
        };
        assert_eq!((texts(&pages[0]), texts(&pages[1])), (72, 3));
    }
}
