//! A line chart of a section by date, as SVG: a line per percentage column over the section's
//! first (date) column, 0–100 % on the vertical axis, the columns named in the report's
//! language (the trend's headline rates in an HTML page or mail).

use std::fmt::Write as _;

use crate::column::Kind;
use crate::table::{Cell, Section};
use crate::words::Lang;

const W: f64 = 640.0;
const H: f64 = 260.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 10.0;
const PLOT_W: f64 = 440.0;
const PLOT_H: f64 = 200.0;
const COLOURS: [&str; 6] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
];

/// The chart of `sec`, or `None` when it has no date column first, no percentage column or
/// fewer than two rows.
pub fn svg(sec: &Section, lang: Lang) -> Option<String> {
    if sec.rows.len() < 2 || sec.cols.first().map(|c| c.kind) != Some(Kind::Date) {
        return None;
    }
    let series: Vec<usize> = (1..sec.cols.len())
        .filter(|&i| sec.cols[i].kind == Kind::Pct)
        .collect();
    if series.is_empty() {
        return None;
    }
    let n = sec.rows.len();
    let x = |i: usize| LEFT + PLOT_W * i as f64 / (n - 1) as f64;
    let y = |p: f64| TOP + PLOT_H * (1.0 - p.clamp(0.0, 100.0) / 100.0);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" \
         viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"11\">"
    );
    for pct in [0, 25, 50, 75, 100] {
        let yy = y(f64::from(pct));
        let _ = writeln!(
            o,
            "<line x1=\"{LEFT}\" y1=\"{yy}\" x2=\"{}\" y2=\"{yy}\" stroke=\"#ddd\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{pct}%</text>",
            LEFT + PLOT_W,
            LEFT - 4.0,
            yy + 4.0
        );
    }
    for (i, row) in sec.rows.iter().enumerate() {
        if i == 0 || i == n - 1 || i % n.div_ceil(6).max(1) == 0 {
            let _ = writeln!(
                o,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x(i),
                TOP + PLOT_H + 16.0,
                row[0].display(lang)
            );
        }
    }
    for (k, &c) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let mut path = String::new();
        let mut pen = false;
        for (i, row) in sec.rows.iter().enumerate() {
            match row.get(c) {
                Some(Cell::Pct(Some(p))) => {
                    let v = p.to_string().parse::<f64>().unwrap_or(0.0);
                    let _ = write!(
                        path,
                        "{}{:.1},{:.1} ",
                        if pen { "L" } else { "M" },
                        x(i),
                        y(v)
                    );
                    pen = true;
                }
                _ => pen = false,
            }
        }
        let _ = writeln!(
            o,
            "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
            path.trim_end()
        );
        let ly = TOP + 14.0 * k as f64 + 10.0;
        let lx = LEFT + PLOT_W + 12.0;
        let _ = writeln!(
            o,
            "<line x1=\"{lx}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"2\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            lx + 16.0,
            lx + 20.0,
            ly + 4.0,
            crate::html::esc(sec.cols[c].name(lang))
        );
    }
    o.push_str("</svg>\n");
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::col;
    use rust_decimal::Decimal;

    fn sec(rows: usize) -> Section {
        let mut s = Section::new(
            "dates",
            "t",
            vec![
                col("on", "as of", "截至", Kind::Date),
                col("equipped", "equipped", "配备率", Kind::Pct),
                col("n", "n", "数", Kind::Num),
            ],
        );
        for i in 0..rows {
            s.rows.push(vec![
                Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 1 + i as u32, 1).unwrap()),
                Cell::Pct(Some(Decimal::from(50 + 10 * i as i64))),
                Cell::Int(i as i64),
            ]);
        }
        s
    }

    #[test]
    fn a_line_per_rate_from_the_first_date_to_the_last() {
        let s = svg(&sec(3), Lang::Zh).unwrap();
        // 50 % at the first date, 70 % at the last: y = 10 + 200 * (1 - p / 100).
        assert!(s.contains("M40.0,110.0 L260.0,90.0 L480.0,70.0"), "{s}");
        assert!(s.contains("配备率") && s.contains("2026-03-01"), "{s}");
        assert_eq!(s.matches("<path").count(), 1);
        assert!(svg(&sec(1), Lang::En).is_none());
    }
}
