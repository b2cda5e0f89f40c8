//! The trend's native Excel chart, beside the rows of its sheet: a line per rate over the
//! dates, in the colours of the HTML chart (`chart`), and each target of those rates a dashed
//! line at its level with a tick at its deadline. A chart draws only what cells hold, so each
//! target's row is written under the chart: its name, level and deadline, then the points of
//! its line. Headquarters' trend by depot: a line per depot of its equipped rate.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartLineDashType, ChartType, Color, ExcelDateTime, Format,
    Worksheet, XlsxError,
};

use crate::chart::{COLOURS, Level, colour_of, date_span, dates, series};
use crate::table::{Cell, Section};
use crate::words::{Lang, cols as c};

/// The row the targets' cells start at: below the chart (18 rows of the default height).
const TARGET_ROW: u32 = 21;
/// A target's line goes out to the axis' end and back to its deadline, then ticks up and
/// down there: five points.
const POINTS: u16 = 5;

fn rgb(hex: &str) -> Color {
    Color::RGB(u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0))
}

/// A date as Excel counts it (days since 1899-12-30), the chart's horizontal axis.
fn serial(d: NaiveDate) -> f64 {
    let zero = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - zero).num_days() as f64
}

fn date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        d.month() as u8,
        d.day() as u8,
    )
}

/// An empty chart titled `title` of percentages (0 to 100) by date, from `first` to `end`.
fn percent_by_date(title: &str, (first, end): (NaiveDate, NaiveDate)) -> Chart {
    let mut chart = Chart::new(ChartType::ScatterStraight);
    chart.title().set_name(title);
    chart.y_axis().set_min(0).set_max(100);
    chart
        .x_axis()
        .set_min(serial(first))
        .set_max(serial(end))
        .set_num_format("yyyy-mm");
    chart
}

/// The chart of `sec` (on the sheet `sheet`) with the targets `levels`, whose cells it
/// writes below where the chart goes; `None` when there is nothing to draw.
pub fn rates_by_date(
    ws: &mut Worksheet,
    sec: &Section,
    sheet: &str,
    levels: &[Level],
    lang: Lang,
) -> Result<Option<Chart>, XlsxError> {
    let Some((first, end)) = date_span(&dates(sec), levels) else {
        return Ok(None);
    };
    let last = sec.rows.len() as u32;
    let mut chart = percent_by_date(&sec.title, (first, end));
    for (j, colour) in series(sec) {
        let j = j as u16;
        chart
            .add_series()
            .set_name(sec.cols[j as usize].name(lang))
            .set_categories((sheet, 1, 0, last, 0))
            .set_values((sheet, 1, j, last, j))
            .set_format(ChartLine::new().set_color(rgb(colour)).set_width(2.25));
    }
    if !levels.is_empty() {
        write_levels(ws, sec, sheet, levels, (first, end), lang, &mut chart)?;
    }
    chart.set_width(760).set_height(360);
    Ok(Some(chart))
}

/// Each target's row (name, level, deadline, then the dates and levels of its line's points)
/// and its dashed line on `chart`.
fn write_levels(
    ws: &mut Worksheet,
    sec: &Section,
    sheet: &str,
    levels: &[Level],
    (first, end): (NaiveDate, NaiveDate),
    lang: Lang,
    chart: &mut Chart,
) -> Result<(), XlsxError> {
    let col = sec.cols.len() as u16 + 1;
    let head = Format::new().set_bold();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    for (k, name) in [c::METRIC_NAME, c::TARGET, c::DEADLINE].iter().enumerate() {
        ws.write_string_with_format(TARGET_ROW, col + k as u16, name.name(lang), &head)?;
    }
    // Wide enough to read: the name, the level, the deadline, the points' dates and levels.
    let widths = [24.0, 8.0, 11.0];
    for (k, w) in widths.iter().enumerate() {
        ws.set_column_width(col + k as u16, *w)?;
    }
    for p in 0..POINTS {
        ws.set_column_width(col + 3 + p, 11.0)?;
        ws.set_column_width(col + 3 + POINTS + p, 6.0)?;
    }
    for (i, l) in levels.iter().enumerate() {
        let row = TARGET_ROW + 1 + i as u32;
        ws.write_string(row, col, &l.name)?;
        ws.write_number(row, col + 1, l.level)?;
        ws.write_datetime_with_format(row, col + 2, &date(l.deadline)?, &day)?;
        let tick = (first..=end).contains(&l.deadline);
        let at = if tick { l.deadline } else { end };
        let up = if tick { 4.0 } else { 0.0 };
        let xs = [first, end, at, at, at];
        let ys = [l.level, l.level, l.level, l.level + up, l.level - up];
        let x0 = col + 3;
        let y0 = x0 + POINTS;
        for p in 0..POINTS {
            ws.write_datetime_with_format(row, x0 + p, &date(xs[p as usize])?, &day)?;
            ws.write_number(row, y0 + p, ys[p as usize].clamp(0.0, 100.0))?;
        }
        let colour = rgb(colour_of(sec, l));
        chart
            .add_series()
            .set_name(
                format!(
                    "{} {}% {}",
                    l.name,
                    l.level,
                    Cell::Date(l.deadline).display(lang)
                )
                .as_str(),
            )
            .set_categories((sheet, row, x0, row, x0 + POINTS - 1))
            .set_values((sheet, row, y0, row, y0 + POINTS - 1))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(colour)
                        .set_width(1.5)
                        .set_dash_type(ChartLineDashType::Dash),
                ),
            );
    }
    Ok(())
}

/// The chart of headquarters' trend by depot (`sec`, on the sheet `sheet`): a line per depot
/// of its equipped rate over the dates, each depot's rows being together; `None` when there is
/// nothing to draw.
pub fn equipped_by_depot(sec: &Section, sheet: &str, lang: Lang) -> Option<Chart> {
    let (first, end) = date_span(&dates(sec), &[])?;
    let j = sec.cols.iter().position(|c| c.key == "equipped_rate")? as u16;
    let title = format!("{} — {}", sec.title, sec.cols[j as usize].name(lang));
    let mut chart = percent_by_date(&title, (first, end));
    let depot = |r: &[Cell]| r.get(1).map(|c| c.display(lang)).unwrap_or_default();
    let (mut start, mut drawn) = (0usize, 0usize);
    for k in 0..sec.rows.len() {
        let name = depot(&sec.rows[k]);
        if sec.rows.get(k + 1).is_some_and(|next| depot(next) == name) {
            continue;
        }
        // The depot's rows are start..=k: on the sheet one row lower (the header).
        let (top, bottom) = (start as u32 + 1, k as u32 + 1);
        let colour = COLOURS[drawn % COLOURS.len()];
        drawn += 1;
        chart
            .add_series()
            .set_name(name.as_str())
            .set_categories((sheet, top, 0, bottom, 0))
            .set_values((sheet, top, j, bottom, j))
            .set_format(ChartLine::new().set_color(rgb(colour)).set_width(2.25));
        start = k + 1;
    }
    chart.set_width(760).set_height(360);
    Some(chart)
}
