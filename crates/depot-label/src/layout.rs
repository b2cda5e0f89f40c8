//! Where everything goes on a label and on a sheet, in dots of 1/300 inch.
//!
//! One layout feeds both outputs: the SVG keeps these coordinates in its `viewBox` and states
//! its size in millimetres, the PNG draws them one pixel a dot. Bars are whole dots wide, so
//! a 300 dpi print or PNG has no rounded bar edges for a scanner to trip on.

use depot_domain::Lang;
use depot_domain::msg::label::LabelMsg;
use unicode_width::UnicodeWidthChar;

use crate::Label;
use crate::code128::Symbol;

/// Dots per inch of the layout (and of the PNG).
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

/// A page to draw: its size in dots and what is on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub width: u32,
    pub height: u32,
    pub marks: Vec<Mark>,
}

/// One label on a page of its own.
pub fn single(label: &Label, symbol: &Symbol) -> Page {
    let mut marks = Vec::new();
    place(&mut marks, 0, 0, label, symbol);
    Page {
        width: LABEL_W,
        height: LABEL_H,
        marks,
    }
}

/// A4 sheets of 3 × 8 labels, filled row by row.
pub fn sheets(labels: &[(Label, Symbol)]) -> Vec<Page> {
    let left = (A4_W - SHEET_COLS * LABEL_W) / 2;
    let top = (A4_H - SHEET_ROWS * LABEL_H) / 2;
    labels
        .chunks(PER_SHEET)
        .map(|chunk| {
            let mut marks = Vec::new();
            for ((label, symbol), cell) in chunk.iter().zip(0u32..) {
                let x = left + (cell % SHEET_COLS) * LABEL_W;
                let y = top + (cell / SHEET_COLS) * LABEL_H;
                place(&mut marks, x, y, label, symbol);
            }
            Page {
                width: A4_W,
                height: A4_H,
                marks,
            }
        })
        .collect()
}

/// Lays one label out with its top left corner at (`x0`, `y0`).
fn place(marks: &mut Vec<Mark>, x0: u32, y0: u32, label: &Label, symbol: &Symbol) {
    let centre = x0 + LABEL_W / 2;
    let inner = LABEL_W - 2 * PAD_X;
    let owner = match &label.owner_name {
        Some(name) => format!("{} {}", label.owner, name),
        None => label.owner.to_string(),
    };
    // A lot's label has a third line, its number and expiry, above the bars: the texts
    // move up and the bars are a little shorter (still well over what a scanner needs).
    let lot = label.lot.as_ref().map(lot_line);
    let (item_y, item_size, owner_y, owner_size, top, height) = match lot {
        Some(_) => (78, 52, 122, 34, 178, 164),
        None => (92, 60, 146, 40, 172, 180),
    };
    marks.push(Mark::Text(fit(
        centre,
        y0 + item_y,
        item_size,
        inner,
        &label.item_name,
        false,
    )));
    marks.push(Mark::Text(fit(
        centre,
        y0 + owner_y,
        owner_size,
        inner,
        &owner,
        false,
    )));
    if let Some(lot) = lot {
        marks.push(Mark::Text(fit(centre, y0 + 162, 34, inner, &lot, false)));
    }

    // The quiet zone is blank already, so the bars may use the padding too.
    let module = ((LABEL_W - 2 * EDGE) / symbol.modules.max(1)).clamp(1, MAX_MODULE);
    let left = x0 + (LABEL_W.saturating_sub(symbol.modules * module)) / 2;
    let (top, height) = (y0 + top, height);
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
        top + height + 44,
        44,
        inner,
        code,
        true,
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

/// A text at its nominal size, made smaller (and at last cut short) to fit `max_width`.
fn fit(x: u32, baseline: u32, size: u32, max_width: u32, text: &str, mono: bool) -> Text {
    let mut text = text.to_owned();
    let mut size = size;
    let em = estimate_em(&text, mono);
    if em * f64::from(size) > f64::from(max_width) {
        // Truncation towards zero keeps the text inside; the floor keeps it legible.
        size = ((f64::from(max_width) / em) as u32).max(MIN_TEXT);
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

/// Dots to millimetres.
pub fn mm(dots: u32) -> f64 {
    f64::from(dots) * 25.4 / f64::from(DPI)
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
        let t = fit(0, 0, 60, 700, "抢险救援消防车", false);
        assert_eq!((t.size, t.text.as_str()), (60, "抢险救援消防车"));
        let t = fit(0, 0, 60, 700, &"消".repeat(20), false);
        assert_eq!(t.size, 35);
        let t = fit(0, 0, 60, 700, &"消".repeat(60), false);
        assert_eq!(t.size, MIN_TEXT);
        assert!(t.text.ends_with('…'));
        assert!(estimate_em(&t.text, false) * f64::from(MIN_TEXT) <= 700.0);
    }

    #[test]
    fn a_sheet_holds_24_labels() {
        let sym = encode("QZ1").unwrap();
        let labels: Vec<_> = (0..25)
            .map(|_| (label("QZ1", "水带"), sym.clone()))
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
