//! A report's renderings: a table as wide as the terminal with Chinese text aligned by display
//! width, CSV (one section at a time) and JSON (English snake_case keys, numbers as numbers,
//! dates as `YYYY-MM-DD`). The `.xlsx` rendering is in `xlsx.rs`; the report as data is in
//! `model.rs`, its columns in `column.rs`, and both are named here as well.

pub use crate::column::{Col, Kind, col};
pub use crate::model::{Cell, Fact, FactValue, Report, Section};
pub use crate::words::group;

use std::io::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::Result;
use crate::words::Lang;
use depot_exchange::{CsvOptions, CsvOut};

/// The narrowest a table is squeezed to.
pub const MIN_WIDTH: usize = 40;

/// The part of a list of codes a table never cuts: its first code, and the count in brackets
/// right after it when there is one.
fn lead(s: &str) -> &str {
    let mut words = s.splitn(3, ' ');
    let first = words.next().unwrap_or("");
    match words.next() {
        Some(n) if n.starts_with('(') => &s[..first.len() + 1 + n.trim_end_matches(',').len()],
        _ => first,
    }
}

/// `s` cut to at most `w` display columns, with an ellipsis when cut. Text with spaces is cut
/// after a whole word where that keeps at least half of the room, so that a list of codes
/// (`XZ-0501 …, XZ-0301 …`) never shows a cut code.
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    let mut last_space = None;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        if c == ' ' {
            last_space = Some((out.len(), used));
        }
        out.push(c);
        used += cw;
    }
    if let Some((at, width)) = last_space
        && width * 2 >= w
    {
        out.truncate(at);
        out.push(' ');
    }
    out.push('…');
    out
}

fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(s.width()));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

fn numeric(k: Kind) -> bool {
    matches!(k, Kind::Num | Kind::Pct | Kind::Money | Kind::Year)
}

/// Column widths within `width`: each as wide as its widest cell; only when the whole does
/// not fit do the widest text columns give way. A code column gives way only down to its
/// widest code (its header may be cut, a code never is); a table that still does not fit is
/// left wider than `width`.
fn widths(header: &[String], rows: &[Vec<String>], cols: &[Col], width: usize) -> Vec<usize> {
    let cell_max = |i: usize| {
        rows.iter()
            .map(|r| r.get(i).map_or(0, |s| s.width()))
            .max()
            .unwrap_or(0)
    };
    let mut w: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| cell_max(i).max(h.width()))
        .collect();
    let floor: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| match c.kind {
            Kind::Code => cell_max(i).max(2),
            // The first code, with the count in brackets that follows it (`XZ-0501 (5)`).
            Kind::Codes | Kind::List => rows
                .iter()
                .filter_map(|r| r.get(i).map(|s| lead(s).width() + 2))
                .max()
                .unwrap_or(0)
                .max(6),
            _ => 6,
        })
        .collect();
    let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
    while total(&w) > width {
        let widest = cols
            .iter()
            .enumerate()
            .filter(|(i, c)| !numeric(c.kind) && w[*i] > floor[*i])
            .max_by_key(|(i, _)| w[*i]);
        match widest {
            Some((i, _)) => w[i] -= 1,
            None => break,
        }
    }
    w
}

/// Wraps `s` at `width` display columns, on spaces where it can.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split(' ') {
        let Some(cur) = lines.last_mut() else { break };
        if !cur.is_empty() && cur.width() + 1 + word.width() > width {
            lines.push(format!("  {word}"));
        } else {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(word);
        }
    }
    lines
}

fn fact_text(f: &Fact, lang: Lang) -> String {
    let v = match &f.value {
        FactValue::Cell(c @ Cell::Pct(_)) => {
            let t = c.display(lang);
            if t.is_empty() { t } else { format!("{t} %") }
        }
        FactValue::Cell(c) => c.display(lang),
        FactValue::Map(m) => m
            .iter()
            .map(|(_, label, c)| {
                let t = c.display(lang);
                let t = if matches!(c, Cell::Pct(Some(_))) {
                    format!("{t} %")
                } else {
                    t
                };
                format!("{label} {t}")
            })
            .collect::<Vec<_>>()
            .join(", "),
        FactValue::Words => String::new(),
    };
    match (v.is_empty(), f.detail.is_empty()) {
        (_, true) => v,
        (true, false) => f.detail.clone(),
        (false, false) => format!("{v}  ({})", f.detail),
    }
}

/// Writes a section as a table within `width` columns.
pub fn write_section(
    sec: &Section,
    lang: Lang,
    width: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out, "{}", fit(&sec.title, width))?;
    if sec.rows.is_empty() {
        writeln!(out, "  ({})", crate::words::none(lang))?;
        return Ok(());
    }
    let header: Vec<String> = sec
        .cols
        .iter()
        .map(|c| {
            if c.kind == Kind::Pct {
                format!("{} %", c.name(lang))
            } else {
                c.name(lang).to_owned()
            }
        })
        .collect();
    let rows: Vec<Vec<String>> = sec
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .zip(&sec.cols)
                .map(|(c, col)| match col.kind {
                    Kind::Year => c.data(lang),
                    _ => c.display(lang),
                })
                .collect()
        })
        .collect();
    let w = widths(&header, &rows, &sec.cols, width);
    let line = |cells: &[String]| -> String {
        sec.cols
            .iter()
            .zip(&w)
            .enumerate()
            .map(|(i, (c, w))| {
                let s = cells.get(i).map_or("", String::as_str);
                pad(&fit(s, *w), *w, numeric(c.kind))
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    writeln!(out, "{}", line(&header))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// The whole report as text within `width` columns.
pub fn write_table(r: &Report, width: usize, out: &mut impl Write) -> std::io::Result<()> {
    let width = width.max(MIN_WIDTH);
    writeln!(out, "{}", fit(&r.title, width))?;
    let lw = r.facts.iter().map(|f| f.label.width()).max().unwrap_or(0);
    for f in r.facts.iter().filter(|f| !f.label.is_empty()) {
        let v = fact_text(f, r.lang);
        let room = width.saturating_sub(lw + 4).max(10);
        for (i, l) in wrap(&v, room).into_iter().enumerate() {
            let label = if i == 0 { f.label.as_str() } else { "" };
            writeln!(out, "  {}  {}", pad(label, lw, false), l.trim_start())?;
        }
    }
    for sec in &r.sections {
        writeln!(out)?;
        write_section(sec, r.lang, width, out)?;
    }
    if !r.notes.is_empty() {
        writeln!(out)?;
        for n in &r.notes {
            for l in wrap(n, width) {
                writeln!(out, "{l}")?;
            }
        }
    }
    Ok(())
}

/// One section as CSV: a header in the report's language, then the rows as data.
/// A list column is left out: a CSV cell holds one value.
pub fn write_csv(sec: &Section, lang: Lang, opts: CsvOptions, out: impl Write) -> Result<()> {
    let kept: Vec<usize> = (0..sec.cols.len())
        .filter(|&i| sec.cols[i].kind != Kind::List)
        .collect();
    let header: Vec<&str> = kept.iter().map(|&i| sec.cols[i].name(lang)).collect();
    let numeric: Vec<bool> = kept.iter().map(|&i| numeric(sec.cols[i].kind)).collect();
    let mut csv = CsvOut::new(out, opts, &header, &numeric)?;
    for row in &sec.rows {
        let cells: Vec<String> = kept
            .iter()
            .map(|&i| row.get(i).map(|c| c.data(lang)).unwrap_or_default())
            .collect();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        csv.write_row(&cells)?;
    }
    csv.finish()?;
    Ok(())
}

/// The report as JSON data: its facts as top-level keys, then each section as an array of
/// objects under its key, then `notes`.
pub fn to_json(r: &Report) -> serde_json::Value {
    use serde_json::{Map, Value};
    let mut top = Map::new();
    top.insert("report".into(), Value::String(r.key.to_owned()));
    top.insert("title".into(), Value::String(r.title.clone()));
    for f in &r.facts {
        let v = match &f.value {
            FactValue::Cell(c) => c.json(),
            FactValue::Map(m) => {
                Value::Object(m.iter().map(|(k, _, c)| (k.clone(), c.json())).collect())
            }
            FactValue::Words => continue,
        };
        top.insert(f.key.to_owned(), v);
    }
    for sec in &r.sections {
        let rows: Vec<Value> = sec
            .rows
            .iter()
            .map(|row| {
                let mut m = Map::new();
                for (i, c) in sec.cols.iter().enumerate() {
                    m.insert(c.key.to_owned(), row.get(i).map_or(Value::Null, Cell::json));
                }
                Value::Object(m)
            })
            .collect();
        top.insert(sec.key.to_owned(), Value::Array(rows));
    }
    top.insert(
        "notes".into(),
        Value::Array(r.notes.iter().cloned().map(Value::String).collect()),
    );
    Value::Object(top)
}
