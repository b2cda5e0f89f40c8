//! A line chart of a section by date, as SVG: a line per percentage column over the section's
//! first (date) column, 0–100 % on the vertical axis, the columns named in the report's
//! language (the trend's headline rates in an HTML page or mail); each target of those rates
//! a dashed line at its level in its rate's colour, with a mark at its deadline.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::column::Kind;
use crate::table::{Cell, Section};
use crate::words::Lang;

const W: f64 = 820.0;
const H: f64 = 280.0;
const LEFT: f64 = 40.0;
const TOP: f64 = 10.0;
const PLOT_W: f64 = 440.0;
const PLOT_H: f64 = 220.0;
/// The rates' colours, in the order of the section's percentage columns; the xlsx chart draws
/// them the same.
pub(crate) const COLOURS: [&str; 6] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
];
/// The colour of a target whose rate is not drawn.
pub(crate) const GREY: &str = "#7f7f7f";

/// Whether `sec` is drawn as a chart where a report is drawn: the trend's rates by date
/// (`dates`), or a digest's (`trend`).
pub(crate) fn drawn(sec: &Section) -> bool {
    matches!(sec.key, "dates" | "trend") && sec.rows.len() > 1
}

/// Whether `sec` is drawn as a line per depot: headquarters' trend by depot (`by_depot`: the
/// date first, the depot second, each depot's rows together), its equipped rate.
pub(crate) fn drawn_by_depot(sec: &Section) -> bool {
    let key = |i: usize| sec.cols.get(i).map(|c| c.key);
    sec.key == "by_depot"
        && key(0) == Some("on")
        && key(1) == Some("depot")
        && sec.cols.iter().any(|c| c.key == "equipped_rate")
        && sec.rows.len() > 1
}

/// A target of a rate the chart may draw, as of the section's last date.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// The rate it sets: a column key of the section (`equipped_rate`).
    pub metric: String,
    /// Its rate's name and its scope, in the report's language.
    pub name: String,
    pub level: f64,
    pub deadline: NaiveDate,
    /// Its standing on the last date, in the report's language.
    pub status: String,
}

fn number(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The targets of a report's `targets` section (a trend's as of its last date; a digest's,
/// those behind or missed): the percentages (the over-age count is not one), each named with
/// its scope.
pub fn levels(sections: &[Section], lang: Lang) -> Vec<Level> {
    let Some(sec) = sections.iter().find(|s| s.key == "targets") else {
        return Vec::new();
    };
    let at = |key: &str| sec.cols.iter().position(|c| c.key == key);
    let on = at("on");
    let (Some(metric), Some(name), Some(scope), Some(target), Some(deadline)) = (
        at("metric"),
        at("metric_name"),
        at("scope"),
        at("target"),
        at("deadline"),
    ) else {
        return Vec::new();
    };
    let status = at("status_name");
    let date = |r: &[Cell]| match on.and_then(|i| r.get(i)) {
        Some(Cell::Date(d)) => Some(*d),
        _ => None,
    };
    let last = sec.rows.iter().filter_map(|r| date(r)).max();
    let text = |c: Option<&Cell>| c.map(|c| c.display(lang)).unwrap_or_default();
    sec.rows
        .iter()
        .filter(|r| date(r) == last)
        .filter_map(|r| {
            let m = text(r.get(metric));
            let level = match r.get(target)? {
                Cell::Num(d) | Cell::Pct(Some(d)) => number(*d),
                Cell::Int(n) => *n as f64,
                _ => return None,
            };
            let Cell::Date(deadline) = r.get(deadline)? else {
                return None;
            };
            let mut name = text(r.get(name));
            if let Some(s) = scope_name(&text(r.get(scope)), lang) {
                name = format!("{name}·{s}");
            }
            (m != "over_age").then(|| Level {
                metric: m,
                name,
                level,
                deadline: *deadline,
                status: text(status.and_then(|i| r.get(i))),
            })
        })
        .collect()
}

/// A target's scope as a reader names it: a unit by its code, a category by its name.
fn scope_name(scope: &str, lang: Lang) -> Option<String> {
    use depot_domain::vocab::Vocabulary;
    if let Some(u) = scope.strip_prefix("unit:") {
        return Some(u.to_owned());
    }
    let c = scope.strip_prefix("category:")?;
    Some(match (c.parse::<depot_domain::Category>(), lang) {
        (Ok(c), Lang::Zh) => c.zh().to_owned(),
        _ => c.to_owned(),
    })
}

/// The dates of a section's rows (its first column).
pub(crate) fn dates(sec: &Section) -> Vec<NaiveDate> {
    sec.rows
        .iter()
        .filter_map(|r| match r.first() {
            Some(Cell::Date(d)) => Some(*d),
            _ => None,
        })
        .collect()
}

/// The x axis of a chart by date: from the first date to the last, or to a deadline up to a
/// year after it.
pub(crate) fn date_span(dates: &[NaiveDate], levels: &[Level]) -> Option<(NaiveDate, NaiveDate)> {
    let first = *dates.iter().min()?;
    let last = *dates.iter().max()?;
    let year_on = last
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(last);
    let end = levels
        .iter()
        .map(|l| l.deadline)
        .filter(|d| *d <= year_on)
        .fold(last, NaiveDate::max);
    (end > first).then_some((first, end))
}

/// The percentage columns of `sec` drawn, each with its colour.
pub(crate) fn series(sec: &Section) -> Vec<(usize, &'static str)> {
    (1..sec.cols.len())
        .filter(|&i| sec.cols[i].kind == Kind::Pct)
        .enumerate()
        .map(|(k, i)| (i, COLOURS[k % COLOURS.len()]))
        .collect()
}

/// The colour of a target: its rate's, or grey when its rate is not drawn.
pub(crate) fn colour_of(sec: &Section, level: &Level) -> &'static str {
    series(sec)
        .into_iter()
        .find(|(i, _)| sec.cols[*i].key == level.metric)
        .map_or(GREY, |(_, c)| c)
}

/// The chart of `sec` with the targets `levels`, or `None` when it has no date column first,
/// no percentage column or fewer than two rows.
pub fn svg(sec: &Section, levels: &[Level], lang: Lang) -> Option<String> {
    if sec.rows.len() < 2 || sec.cols.first().map(|c| c.kind) != Some(Kind::Date) {
        return None;
    }
    let series = series(sec);
    if series.is_empty() {
        return None;
    }
    let dates = dates(sec);
    let (first, end) = date_span(&dates, levels)?;
    let days = (end - first).num_days() as f64;
    let x = |d: NaiveDate| LEFT + PLOT_W * (d - first).num_days() as f64 / days;
    let y = |p: f64| TOP + PLOT_H * (1.0 - p.clamp(0.0, 100.0) / 100.0);
    let esc = crate::escape::esc;
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
    let n = dates.len();
    let mut labelled: Vec<NaiveDate> = dates
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || *i == n - 1 || i % n.div_ceil(6).max(1) == 0)
        .map(|(_, d)| *d)
        .collect();
    if end > dates[n - 1] {
        labelled.push(end);
    }
    for d in labelled {
        let _ = writeln!(
            o,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x(d),
            TOP + PLOT_H + 16.0,
            Cell::Date(d).display(lang)
        );
    }
    let legend_x = LEFT + PLOT_W + 12.0;
    let mut row = 0.0;
    let mut legend = |o: &mut String, colour: &str, dash: &str, text: &str| {
        let ly = TOP + 14.0 * row + 10.0;
        row += 1.0;
        let _ = writeln!(
            o,
            "<line x1=\"{legend_x}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{colour}\" \
             stroke-width=\"2\"{dash}/><text x=\"{}\" y=\"{}\">{}</text>",
            legend_x + 16.0,
            legend_x + 20.0,
            ly + 4.0,
            esc(text)
        );
    };
    for &(c, colour) in &series {
        let mut path = String::new();
        let mut pen = false;
        for row in &sec.rows {
            match (row.first(), row.get(c)) {
                (Some(Cell::Date(d)), Some(Cell::Pct(Some(p)))) => {
                    let _ = write!(
                        path,
                        "{}{:.1},{:.1} ",
                        if pen { "L" } else { "M" },
                        x(*d),
                        y(number(*p))
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
        legend(&mut o, colour, "", sec.cols[c].name(lang));
    }
    const DASH: &str = " stroke-dasharray=\"6 4\"";
    for l in levels {
        let colour = colour_of(sec, l);
        let yy = y(l.level);
        let _ = writeln!(
            o,
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{}\" y2=\"{yy:.1}\" stroke=\"{colour}\" \
             stroke-width=\"1.5\"{DASH}/>",
            LEFT + PLOT_W
        );
        if (first..=end).contains(&l.deadline) {
            let xx = x(l.deadline);
            let _ = writeln!(
                o,
                "<path d=\"M{xx:.1},{:.1} L{:.1},{yy:.1} L{xx:.1},{:.1} L{:.1},{yy:.1} Z\" \
                 fill=\"{colour}\"/>",
                yy - 5.0,
                xx + 5.0,
                yy + 5.0,
                xx - 5.0
            );
        }
        let text = format!(
            "{} {}% {} {}",
            l.name,
            Decimal::from_f64_retain(l.level).map_or(String::new(), |d| d.normalize().to_string()),
            Cell::Date(l.deadline).display(lang),
            l.status
        );
        legend(&mut o, colour, DASH, text.trim_end());
    }
    o.push_str("</svg>\n");
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::col;

    fn day(m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, 1).unwrap()
    }

    fn sec(rows: usize) -> Section {
        let mut s = Section::new(
            "dates",
            "t",
            vec![
                col("on", "as of", "截至", Kind::Date),
                col("equipped_rate", "equipped", "配备率", Kind::Pct),
                col("n", "n", "数", Kind::Num),
            ],
        );
        for i in 0..rows {
            s.rows.push(vec![
                Cell::Date(day(1 + 2 * i as u32)),
                Cell::Pct(Some(Decimal::from(50 + 10 * i as i64))),
                Cell::Int(i as i64),
            ]);
        }
        s
    }

    fn target(metric: &str, level: i64, deadline: NaiveDate) -> Level {
        Level {
            metric: metric.into(),
            name: "配备率".into(),
            level: level as f64,
            deadline,
            status: "逾期未达成".into(),
        }
    }

    #[test]
    fn a_line_per_rate_by_date_from_the_first_to_the_last() {
        let s = svg(&sec(3), &[], Lang::Zh).unwrap();
        // 50 % on 1 January, 60 % on 1 March, 70 % on 1 May: x by days, y = 10 + 220 * (1 - p / 100).
        assert!(s.contains("M40.0,120.0 L256.3,98.0 L480.0,76.0"), "{s}");
        assert!(s.contains("配备率") && s.contains("2026-05-01"), "{s}");
        assert_eq!(s.matches("<path").count(), 1);
        assert!(svg(&sec(1), &[], Lang::En).is_none());
    }

    #[test]
    fn a_target_is_a_dashed_line_at_its_level_in_its_rates_colour_marked_at_its_deadline() {
        // Deadline 1 September: the axis reaches it, 1 January to 1 September (243 days).
        let s = svg(&sec(3), &[target("equipped_rate", 95, day(9))], Lang::Zh).unwrap();
        let line = format!(
            "y1=\"21.0\" x2=\"480\" y2=\"21.0\" stroke=\"{}\"",
            COLOURS[0]
        );
        assert!(s.contains(&line), "{s}");
        assert!(
            s.contains("M480.0,16.0 L485.0,21.0 L480.0,26.0 L475.0,21.0 Z"),
            "{s}"
        );
        assert!(s.contains("2026-09-01"), "{s}");
        assert!(s.contains("配备率 95% 2026-09-01 逾期未达成"), "{s}");
        // A target of a rate not drawn is grey; one due years on is drawn without its mark.
        let far = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        let s = svg(&sec(3), &[target("ready_rate", 80, far)], Lang::En).unwrap();
        assert!(
            s.contains(&format!("stroke=\"{GREY}\" stroke-width=\"1.5\"")),
            "{s}"
        );
        assert!(!s.contains(" Z\""), "{s}");
        assert!(!s.contains("2030-01-01</text><"), "{s}");
    }
}
