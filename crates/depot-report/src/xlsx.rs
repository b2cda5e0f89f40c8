//! Workbooks (`.xlsx`): one sheet per section, typed cells (text as text, numbers as numbers,
//! dates as dates), headers in the report's language, the header row frozen, filters on, and
//! columns as wide as what they hold. Reports and exports are written through here.

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::table::{Cell, Kind, Report, Section};
use crate::words::Lang;
use crate::{ReportError as Error, Result};

fn err(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::io(path, std::io::Error::other(e.to_string()))
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the book.
fn sheet_name(title: &str, taken: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(28)
        .collect();
    let clean = if clean.trim().is_empty() {
        "sheet".to_owned()
    } else {
        clean.trim().to_owned()
    };
    let mut name = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{clean} {n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// Writes `sections` to a workbook at `path`, one sheet each.
pub fn write_sections(sections: &[Section], lang: Lang, path: &Path) -> Result<()> {
    let e = err(path);
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("D9E1F2");
    let int = Format::new().set_num_format("#,##0");
    let plain = Format::new().set_num_format("0");
    let dec = Format::new().set_num_format("#,##0.###");
    let pct = Format::new().set_num_format("0.00");
    let money = Format::new().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut taken = Vec::new();
    for sec in sections {
        let ws = book.add_worksheet();
        let name = sheet_name(&sec.title, &mut taken);
        ws.set_name(&name).map_err(&e)?;
        let mut widths: Vec<usize> = Vec::with_capacity(sec.cols.len());
        for (j, c) in sec.cols.iter().enumerate() {
            let name = if c.kind == Kind::Pct {
                format!("{} %", c.name(lang))
            } else {
                c.name(lang).to_owned()
            };
            widths.push(name.width() + 3);
            ws.write_string_with_format(0, j as u16, &name, &head)
                .map_err(&e)?;
        }
        for (i, row) in sec.rows.iter().enumerate() {
            let r = (i + 1) as u32;
            for (j, cell) in row.iter().enumerate() {
                let col = j as u16;
                let kind = sec.cols.get(j).map_or(Kind::Text, |c| c.kind);
                let shown = match kind {
                    Kind::Year => cell.data(lang),
                    _ => cell.display(lang),
                };
                if let Some(w) = widths.get_mut(j) {
                    *w = (*w).max(shown.width() + 2);
                }
                let number = |d: rust_decimal::Decimal| {
                    use rust_decimal::prelude::ToPrimitive;
                    d.to_f64().unwrap_or(0.0)
                };
                match cell {
                    Cell::Empty | Cell::Pct(None) => {}
                    Cell::Text(_) | Cell::Places(_) => {
                        ws.write_string(r, col, &shown).map_err(&e)?;
                    }
                    Cell::Int(n) => {
                        let f = if kind == Kind::Year { &plain } else { &int };
                        ws.write_number_with_format(r, col, *n as f64, f)
                            .map_err(&e)?;
                    }
                    Cell::Num(d) => {
                        let f = if d.fract().is_zero() { &int } else { &dec };
                        ws.write_number_with_format(r, col, number(*d), f)
                            .map_err(&e)?;
                    }
                    Cell::Pct(Some(p)) => {
                        ws.write_number_with_format(
                            r,
                            col,
                            number(depot_domain::readiness::rate2(*p)),
                            &pct,
                        )
                        .map_err(&e)?;
                    }
                    Cell::Money(m) => {
                        ws.write_number_with_format(r, col, number(*m), &money)
                            .map_err(&e)?;
                    }
                    Cell::Date(d) => {
                        use chrono::Datelike;
                        let x = ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).unwrap_or(1900),
                            d.month() as u8,
                            d.day() as u8,
                        )
                        .map_err(&e)?;
                        ws.write_datetime_with_format(r, col, &x, &date)
                            .map_err(&e)?;
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean(r, col, *b).map_err(&e)?;
                    }
                }
            }
        }
        for (j, w) in widths.iter().enumerate() {
            ws.set_column_width(j as u16, (*w).min(60) as f64)
                .map_err(&e)?;
        }
        if crate::chart::drawn(sec) {
            let levels = crate::chart::levels(sections, lang);
            if let Some(chart) =
                crate::xlsx_chart::rates_by_date(ws, sec, &name, &levels, lang).map_err(&e)?
            {
                ws.insert_chart(1, sec.cols.len() as u16 + 1, &chart)
                    .map_err(&e)?;
            }
        } else if crate::chart::drawn_by_depot(sec)
            && let Some(chart) = crate::xlsx_chart::equipped_by_depot(sec, &name, lang)
        {
            ws.insert_chart(1, sec.cols.len() as u16 + 1, &chart)
                .map_err(&e)?;
        }
        ws.set_freeze_panes(1, 0).map_err(&e)?;
        if !sec.cols.is_empty() {
            ws.autofilter(0, 0, sec.rows.len() as u32, (sec.cols.len() - 1) as u16)
                .map_err(&e)?;
        }
    }
    // Written beside the destination and renamed, so that no half-written book is left.
    let partial = path.with_extension("xlsx.partial");
    book.save(&partial).map_err(err(&partial))?;
    std::fs::rename(&partial, path).map_err(|x| Error::io(path, x))?;
    Ok(())
}

/// A report as a workbook: the summary, then one sheet per section.
pub fn write_report(r: &Report, path: &Path) -> Result<()> {
    write_sections(&for_people(r.all_sections()), r.lang, path)
}

/// A person reads the workbook's summary sheet: its figures by their names in the report's
/// language, without the snake_case keys that JSON and CSV carry for programs (and without
/// the rows that only give a key its data, such as the scope's name beside its code).
fn for_people(mut all: Vec<Section>) -> Vec<Section> {
    if let Some(summary) = all.first_mut() {
        summary.cols.remove(0);
        summary.rows = std::mem::take(&mut summary.rows)
            .into_iter()
            .filter(|row| !matches!(row.get(1), Some(Cell::Text(label)) if label.is_empty()))
            .map(|mut row| {
                row.remove(0);
                row
            })
            .collect();
    }
    all
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_sheet_names_its_figures_in_the_readers_language() {
        use depot_domain::AssetStatus;
        use depot_domain::readiness::testing::{dn, line, register};
        let mut b = register(vec![line("unit:S1", None, "P1", "2")]);
        b.asset(
            "a",
            "P1",
            "S1",
            None,
            None,
            AssetStatus::Ready,
            dn("2024-01-01"),
            None,
            None,
        );
        let snap = b.finish();
        let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let spec = crate::ReportSpec::new(crate::ReportKind::Readiness, None, on);
            let r = crate::build(&snap, &spec, lang).unwrap();
            let all = for_people(r.all_sections());
            let summary = &all[0];
            assert_eq!(summary.cols[0].key, "label");
            let first: Vec<String> = summary.rows.iter().map(|r| r[0].display(lang)).collect();
            assert!(
                !first.iter().any(|t| t.contains('_') || t.is_empty()),
                "{first:?}"
            );
            let (equipped, ready) = match lang {
                Lang::Zh => ("配备率", "完好率"),
                Lang::En => ("equipped rate", "ready rate"),
            };
            assert!(first.iter().any(|t| t == equipped), "{first:?}");
            assert!(first.iter().any(|t| t == ready), "{first:?}");
            // The other sheets are the report's own.
            assert_eq!(all.len(), r.sections.len() + 1);
        }
    }
}
