//! A report as data (facts, then sections of rows) and its three renderings: a table that fits
//! 80 columns with Chinese text aligned by display width, CSV, and JSON.

use std::io::Write;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::Result;
use crate::exchange::{CsvOptions, CsvOut};

/// The width a table must fit.
pub const WIDTH: usize = 80;

/// A column: its name, whether it holds numbers (right-aligned, numbers in JSON), and the
/// narrowest it may be squeezed to.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    pub numeric: bool,
    pub min: usize,
}

pub const fn text(name: &'static str, min: usize) -> Col {
    Col {
        name,
        numeric: false,
        min,
    }
}

pub const fn num(name: &'static str) -> Col {
    Col {
        name,
        numeric: true,
        min: 0,
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub name: &'static str,
    pub title: String,
    pub cols: Vec<Col>,
    pub rows: Vec<Vec<String>>,
}

impl Section {
    pub fn new(name: &'static str, title: impl Into<String>, cols: Vec<Col>) -> Self {
        Section {
            name,
            title: title.into(),
            cols,
            rows: Vec::new(),
        }
    }
}

/// A report: a title, facts (label, value), sections, and notes (sentences).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub title: String,
    pub facts: Vec<(String, String)>,
    pub sections: Vec<Section>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn fact(&mut self, label: &str, value: impl Into<String>) {
        self.facts.push((label.to_owned(), value.into()));
    }
}

/// `s` cut to at most `w` display columns, with an ellipsis when cut.
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > w {
            break;
        }
        out.push(c);
        used += cw;
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

/// Column widths that fit `WIDTH`: the widest text columns give way first.
fn widths(sec: &Section) -> Vec<usize> {
    let mut w: Vec<usize> = sec
        .cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            sec.rows
                .iter()
                .map(|r| r.get(i).map_or(0, |s| s.width()))
                .max()
                .unwrap_or(0)
                .max(c.name.width())
        })
        .collect();
    let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
    while total(&w) > WIDTH {
        let widest = sec
            .cols
            .iter()
            .enumerate()
            .filter(|(i, c)| !c.numeric && w[*i] > c.min.max(4))
            .max_by_key(|(i, _)| w[*i]);
        match widest {
            Some((i, _)) => w[i] -= 1,
            None => break,
        }
    }
    w
}

/// Wraps `s` at `WIDTH` display columns, on spaces where it can.
fn wrap(s: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split(' ') {
        let Some(cur) = lines.last_mut() else { break };
        if !cur.is_empty() && cur.width() + 1 + word.width() > WIDTH {
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

pub fn write_table(r: &Report, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{}", fit(&r.title, WIDTH))?;
    let lw = r.facts.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    for (l, v) in &r.facts {
        writeln!(out, "  {}  {}", pad(l, lw, false), fit(v, WIDTH - lw - 4))?;
    }
    for sec in &r.sections {
        writeln!(out)?;
        writeln!(out, "{}", fit(&sec.title, WIDTH))?;
        if sec.rows.is_empty() {
            writeln!(out, "  (none)")?;
            continue;
        }
        let w = widths(sec);
        let line = |cells: Vec<String>| cells.join("  ").trim_end().to_owned();
        writeln!(
            out,
            "{}",
            line(
                sec.cols
                    .iter()
                    .zip(&w)
                    .map(|(c, w)| pad(&fit(c.name, *w), *w, c.numeric))
                    .collect()
            )
        )?;
        for row in &sec.rows {
            writeln!(
                out,
                "{}",
                line(
                    sec.cols
                        .iter()
                        .zip(&w)
                        .enumerate()
                        .map(|(i, (c, w))| {
                            let s = row.get(i).map_or("", String::as_str);
                            pad(&fit(s, *w), *w, c.numeric)
                        })
                        .collect()
                )
            )?;
        }
    }
    if !r.notes.is_empty() {
        writeln!(out)?;
        for n in &r.notes {
            for l in wrap(n) {
                writeln!(out, "{l}")?;
            }
        }
    }
    Ok(())
}

/// The first section as CSV (the facts and other sections are in the table and JSON forms).
pub fn write_csv(r: &Report, out: impl Write) -> Result<()> {
    let Some(sec) = r.sections.first() else {
        return Ok(());
    };
    let header: Vec<&str> = sec.cols.iter().map(|c| c.name).collect();
    let numeric: Vec<bool> = sec.cols.iter().map(|c| c.numeric).collect();
    let mut csv = CsvOut::new(out, CsvOptions::default(), &header, &numeric)?;
    for row in &sec.rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        csv.write_row(&cells)?;
    }
    csv.finish()?;
    Ok(())
}

fn value(s: &str, numeric: bool) -> serde_json::Value {
    if numeric && let Ok(n) = s.parse::<serde_json::Number>() {
        return serde_json::Value::Number(n);
    }
    if s.is_empty() && numeric {
        return serde_json::Value::Null;
    }
    serde_json::Value::String(s.to_owned())
}

pub fn to_json(r: &Report) -> serde_json::Value {
    use serde_json::{Map, Value};
    let mut facts = Map::new();
    for (l, v) in &r.facts {
        facts.insert(l.clone(), Value::String(v.clone()));
    }
    let mut sections = Map::new();
    for sec in &r.sections {
        let rows: Vec<Value> = sec
            .rows
            .iter()
            .map(|row| {
                let mut m = Map::new();
                for (i, c) in sec.cols.iter().enumerate() {
                    let s = row.get(i).map_or("", String::as_str);
                    m.insert(c.name.to_owned(), value(s, c.numeric));
                }
                Value::Object(m)
            })
            .collect();
        sections.insert(sec.name.to_owned(), Value::Array(rows));
    }
    serde_json::json!({
        "title": r.title,
        "facts": facts,
        "sections": sections,
        "notes": r.notes,
    })
}
