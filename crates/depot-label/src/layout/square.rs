//! A label with a square symbol (QR Code, Data Matrix): the symbol at the left, as tall as the
//! label allows, and the texts beside it one to a line, the code last.

use depot_domain::Lang;
use depot_domain::msg::label::LabelMsg;

use super::{EDGE, MIN_TEXT, Mark, PAD_X, Scale, fit};
use crate::Label;
use crate::symbol::Square;

/// The largest share of the label's width the symbol takes, in percent.
const MAX_SHARE: u32 = 45;
/// The gap between the symbol's quiet zone and the texts, in the design's dots.
const GAP: u32 = 8;

/// Lays out `label` with its top left corner at (`x0`, `y0`).
pub(super) fn place(
    marks: &mut Vec<Mark>,
    x0: u32,
    y0: u32,
    k: &Scale,
    label: &Label,
    symbol: &Square,
) {
    let edge = k.dots(EDGE);
    let room = k
        .height
        .saturating_sub(2 * edge)
        .min(k.width * MAX_SHARE / 100);
    let module = (room / symbol.side.max(1)).max(1);
    let side = module * symbol.side;
    let (sx, sy) = (x0 + edge, y0 + k.height.saturating_sub(side) / 2);
    for row in 0..symbol.side {
        let mut col = 0;
        while col < symbol.side {
            if !symbol.is_dark(col, row) {
                col += 1;
                continue;
            }
            let start = col;
            while col < symbol.side && symbol.is_dark(col, row) {
                col += 1;
            }
            marks.push(Mark::Rect {
                x: sx + start * module,
                y: sy + row * module,
                w: (col - start) * module,
                h: module,
            });
        }
    }

    let left = sx + side + k.x(GAP);
    let right = (x0 + k.width).saturating_sub(k.x(PAD_X) / 2).max(left + 1);
    let centre = (left + right) / 2;
    let inner = right - left;
    let min = k.dots(MIN_TEXT);
    let mut lines: Vec<(u32, u32, String, bool)> = Vec::new();
    let owner_name = label.owner_name.clone();
    match &label.lot {
        None => {
            lines.push((120, 56, label.item_name.clone(), false));
            lines.push((200, 40, label.owner.to_string(), false));
            lines.extend(owner_name.map(|n| (260, 40, n, false)));
            lines.push((375, 44, label.barcode.to_string(), true));
        }
        Some(lot) => {
            let number = lot.number.as_deref().unwrap_or("—").to_owned();
            let expires = lot
                .expires
                .map_or_else(|| "—".to_owned(), |d| d.to_string());
            lines.push((95, 50, label.item_name.clone(), false));
            lines.push((150, 32, label.owner.to_string(), false));
            lines.extend(owner_name.map(|n| (195, 32, n, false)));
            let number = LabelMsg::LotNumber { number }.say(Lang::Zh);
            let expires = LabelMsg::LotExpires { expires }.say(Lang::Zh);
            lines.push((250, 30, number, false));
            lines.push((295, 30, expires, false));
            lines.push((385, 40, label.barcode.to_string(), true));
        }
    }
    for (baseline, size, text, mono) in lines {
        let t = fit(
            centre,
            y0 + k.y(baseline),
            k.y(size),
            inner,
            &text,
            mono,
            min,
        );
        marks.push(Mark::Text(t));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::layout::{Mark, on_stock};
    use crate::stock::{Dpi, Size, Stock};
    use crate::symbol::{Symbology, encode};
    use crate::{Label, LotMarks};

    #[test]
    fn the_symbol_stands_left_of_every_text_and_inside_the_label() {
        let label = Label {
            barcode: "QZL83109967".into(),
            item: "X".into(),
            item_name: "空气呼吸器气瓶".into(),
            owner: "ZHAN-0001".into(),
            owner_name: Some("青阳区第一消防站".into()),
            lot: Some(LotMarks {
                number: Some("20250219-AF49".into()),
                expires: None,
            }),
        };
        for s in [Symbology::Qr, Symbology::Datamatrix] {
            for stock in [
                Stock::default(),
                Stock::new(Size::parse("40x25").unwrap(), Dpi::D203),
            ] {
                let page = on_stock(&stock, &label, &encode(s, "QZL83109967").unwrap());
                let right = page
                    .marks
                    .iter()
                    .filter_map(|m| match m {
                        Mark::Rect { x, y, w, h } => {
                            assert!(y + h <= page.height, "{s:?} below the label");
                            Some(x + w)
                        }
                        Mark::Text(_) => None,
                    })
                    .max()
                    .unwrap();
                for m in &page.marks {
                    if let Mark::Text(t) = m {
                        assert!(t.x - t.max_width / 2 >= right, "{s:?}: {} overlaps", t.text);
                        assert!(t.x + t.max_width / 2 <= page.width);
                    }
                }
                let texts = page.marks.iter().filter(|m| matches!(m, Mark::Text(_)));
                assert_eq!(
                    texts.count(),
                    6,
                    "item, owner code and name, lot, expiry, code"
                );
            }
        }
    }
}
