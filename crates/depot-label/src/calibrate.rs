//! The calibration label: what an operator prints first on a new printer or a new roll, to
//! see where the printer puts the image on the label. A border 1 mm inside the label's edge
//! (the whole border on the label: the stock, the gap and the offsets are right), millimetre
//! rulers along the top and the left from the label's own edge (how far off it is when it is
//! not), a cross at the centre, and the size and resolution it was drawn for.

use depot_domain::Lang;
use depot_domain::msg::label::CalibrationMsg;

use crate::layout::{Mark, Page, fit};
use crate::stock::{Stock, mm_text};

/// One calibration label for `stock`, its text in `lang`.
pub fn page(stock: &Stock, lang: Lang) -> Page {
    let (w, h) = (stock.width(), stock.height());
    let line = stock.mm(0.25).max(2);
    let inset = stock.mm(1.0);
    let mut marks = Vec::new();
    let mut rect = |x: u32, y: u32, rw: u32, rh: u32| marks.push(Mark::Rect { x, y, w: rw, h: rh });

    // The border, its outer edge 1 mm inside the label's.
    let (inner_w, inner_h) = (w.saturating_sub(2 * inset), h.saturating_sub(2 * inset));
    rect(inset, inset, inner_w, line);
    rect(inset, (h - inset).saturating_sub(line), inner_w, line);
    rect(inset, inset, line, inner_h);
    rect((w - inset).saturating_sub(line), inset, line, inner_h);

    // Rulers: a tick every millimetre from the label's edge, inside the border; longer at
    // every 5 and 10 mm.
    let tick = (line / 2).max(1);
    let from = inset + line;
    let length = |i: u32| {
        stock.mm(if i.is_multiple_of(10) {
            3.0
        } else if i.is_multiple_of(5) {
            2.0
        } else {
            1.0
        })
    };
    for i in 1.. {
        let x = stock.mm(f64::from(i));
        if x + tick >= w.saturating_sub(from) {
            break;
        }
        if x >= from {
            rect(x, from, tick, length(i));
        }
    }
    for i in 1.. {
        let y = stock.mm(f64::from(i));
        if y + tick >= h.saturating_sub(from) {
            break;
        }
        if y >= from {
            rect(from, y, length(i), tick);
        }
    }
    // The centre.
    let arm = stock.mm(3.0);
    rect((w / 2).saturating_sub(arm), h / 2, 2 * arm, tick);
    rect(w / 2, (h / 2).saturating_sub(arm), tick, 2 * arm);

    // The centimetres under the top ruler's long ticks.
    let small = stock.mm(2.2).max(8);
    let numbers_at = from + stock.mm(3.0) + small;
    for cm in 1.. {
        let x = stock.mm(f64::from(cm) * 10.0);
        if x + small >= w.saturating_sub(from) {
            break;
        }
        let number = (cm * 10).to_string();
        marks.push(Mark::Text(fit(
            x,
            numbers_at,
            small,
            small * 3,
            &number,
            true,
            1,
        )));
    }

    let said = [
        CalibrationMsg::Size {
            width: mm_text(stock.size.width),
            height: mm_text(stock.size.height),
            dpi: stock.dpi.to_string(),
        },
        CalibrationMsg::Dots {
            width: w.to_string(),
            height: h.to_string(),
        },
    ];
    let size = stock.mm(3.0).max(10);
    let room = w.saturating_sub(2 * stock.mm(5.0)).max(1);
    let first = (h / 2)
        .saturating_sub(arm + size / 2)
        .max(numbers_at + size + 2);
    let second = h / 2 + arm + size + size / 4;
    for (msg, baseline) in said.iter().zip([first, second]) {
        let text = msg.say(lang);
        marks.push(Mark::Text(fit(
            w / 2,
            baseline,
            size,
            room,
            &text,
            false,
            8,
        )));
    }
    Page {
        width: w,
        height: h,
        dpi: stock.dpi,
        size: stock.size,
        marks,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::stock::{Dpi, Size};

    #[test]
    fn the_border_is_1_mm_inside_and_the_ticks_a_mm_apart() {
        let stock = Stock::new(Size::DEFAULT, Dpi::D203);
        let p = page(&stock, Lang::En);
        assert_eq!((p.width, p.height, p.dpi), (559, 295, 203));
        let rects: Vec<(u32, u32, u32, u32)> = p
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Rect { x, y, w, h } => Some((*x, *y, *w, *h)),
                Mark::Text(_) => None,
            })
            .collect();
        // The border's top line starts 8 dots (1 mm) in and spans the label less 2 mm.
        assert_eq!(rects[0], (8, 8, 559 - 16, 2));
        for &(x, y, w, h) in &rects {
            assert!(x + w <= 559 - 8 && y + h <= 295 - 8, "inside the border");
        }
        // Top ruler: the 10 mm tick is 80 dots from the edge, 3 mm long.
        assert!(rects.contains(&(80, 10, 1, 24)));
        assert!(rects.contains(&(24, 10, 1, 8)), "the 3 mm tick");
        let texts: Vec<&str> = p
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(t) => Some(t.text.as_str()),
                Mark::Rect { .. } => None,
            })
            .collect();
        assert!(
            texts.contains(&"calibration 70 × 37 mm, 203 dpi"),
            "{texts:?}"
        );
        assert!(texts.contains(&"559 × 295 dots; border 1 mm inside the edge"));
        assert!(texts.contains(&"60"));
    }
}
