//! A report as data (facts, then sections of typed rows) and its renderings: a table as wide
//! as the terminal with Chinese text aligned by display width, CSV (one section at a time) and
//! JSON (English snake_case keys, numbers as numbers, dates as `YYYY-MM-DD`). The `.xlsx`
//! rendering is in `xlsx.rs`.

use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::Result;
use crate::words::{Lang, money_text, yes_no};
use depot_domain::readiness::rate2;
use depot_exchange::{CsvOptions, CsvOut};

/// The narrowest a table is squeezed to.
pub const MIN_WIDTH: usize = 40;

/// What a column holds: how it is aligned, written to CSV and JSON, and typed in a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A code (unit, item, barcode …): text that a table never cuts, since a cut code is
    /// ambiguous (`ZHAN-…`).
    Code,
    /// Text that begins with a code (`XZ-0501 (5) 云岭县…, …`): cut after whole words, never
    /// narrower than its first code.
    Codes,
    /// A count or a quantity.
    Num,
    /// A whole number that names rather than counts (a year, a sequence number): a number in
    /// data, never grouped by thousands (`2027`, not `2,027`).
    Year,
    /// A percentage (two places in data, one in a table).
    Pct,
    /// Yuan.
    Money,
    Date,
    Bool,
}

/// A column: its key (JSON), its names in both languages (tables, CSV, workbooks), its kind.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub key: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    pub kind: Kind,
}

impl Col {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

pub const fn col(key: &'static str, en: &'static str, zh: &'static str, kind: Kind) -> Col {
    Col { key, en, zh, kind }
}

/// One value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Num(Decimal),
    /// A percentage; `None`: no base to take it of (shown empty, never 0 or 100).
    Pct(Option<Decimal>),
    Money(Decimal),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    pub fn int<T: TryInto<i64>>(n: T) -> Cell {
        n.try_into().map_or(Cell::Empty, Cell::Int)
    }
    pub fn opt_date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }
    pub fn opt_money(d: Option<Decimal>) -> Cell {
        d.map_or(Cell::Empty, Cell::Money)
    }

    /// As a table shows it.
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => group(&n.to_string()),
            Cell::Num(d) => group(&d.normalize().to_string()),
            Cell::Pct(p) => depot_domain::readiness::rate_text(*p),
            Cell::Money(m) => money_text(*m, lang),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => yes_no(*b, lang).to_owned(),
        }
    }

    /// As data (CSV): numbers plain, with a dot and no separators; percentages to two places.
    pub fn data(&self, lang: Lang) -> String {
        match self {
            Cell::Empty | Cell::Pct(None) => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(d) => d.normalize().to_string(),
            Cell::Pct(Some(p)) => rate2(*p).normalize().to_string(),
            Cell::Money(m) => m.round_dp(2).normalize().to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => yes_no(*b, lang).to_owned(),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        use serde_json::Value;
        let number = |d: Decimal| {
            d.normalize()
                .to_string()
                .parse::<serde_json::Number>()
                .map_or(Value::Null, Value::Number)
        };
        match self {
            Cell::Empty | Cell::Pct(None) => Value::Null,
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Int(n) => Value::from(*n),
            Cell::Num(d) => number(*d),
            Cell::Pct(Some(p)) => number(rate2(*p)),
            Cell::Money(m) => number(m.round_dp(2)),
            Cell::Date(d) => Value::String(d.to_string()),
            Cell::Bool(b) => Value::Bool(*b),
        }
    }
}

/// `1234567.5` → `1,234,567.5` (the integer part grouped by thousands).
pub fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(a, b)| (a, Some(b)));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[derive(Debug, Clone)]
pub struct Section {
    /// English snake_case: the JSON key, the CSV file's name, the `--section` name.
    pub key: &'static str,
    pub title: String,
    pub cols: Vec<Col>,
    pub rows: Vec<Vec<Cell>>,
}

impl Section {
    pub fn new(key: &'static str, title: impl Into<String>, cols: Vec<Col>) -> Self {
        Section {
            key,
            title: title.into(),
            cols,
            rows: Vec::new(),
        }
    }
}

/// A headline figure: a key (JSON), a label (tables), a value, and what a table adds in words.
#[derive(Debug, Clone)]
pub struct Fact {
    pub key: &'static str,
    pub label: String,
    pub value: FactValue,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub enum FactValue {
    Cell(Cell),
    /// An object: (key, label, value), e.g. the high-end share by category.
    Map(Vec<(String, String, Cell)>),
    /// Shown in the table only (words, not data).
    Words,
}

/// A report: a title, facts, sections, and notes (sentences), in one language.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// English snake_case: the report's kind.
    pub key: &'static str,
    pub title: String,
    pub lang: Lang,
    pub facts: Vec<Fact>,
    pub sections: Vec<Section>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn fact(&mut self, key: &'static str, label: &str, value: Cell, detail: impl Into<String>) {
        self.facts.push(Fact {
            key,
            label: label.to_owned(),
            value: FactValue::Cell(value),
            detail: detail.into(),
        });
    }

    /// The facts as a section of (key, label, value) rows: the summary of a CSV or a workbook.
    pub fn summary(&self) -> Section {
        let l = self.lang;
        let mut s = Section::new(
            "summary",
            crate::words::summary_title(l),
            crate::words::SUMMARY_COLS.to_vec(),
        );
        for f in &self.facts {
            match &f.value {
                FactValue::Cell(c) => s.rows.push(vec![
                    Cell::text(f.key),
                    Cell::text(f.label.clone()),
                    Cell::text(c.data(l)),
                    Cell::text(f.detail.clone()),
                ]),
                FactValue::Map(m) => {
                    for (k, label, c) in m {
                        s.rows.push(vec![
                            Cell::text(format!("{}.{k}", f.key)),
                            Cell::text(format!("{} {label}", f.label)),
                            Cell::text(c.data(l)),
                            Cell::Empty,
                        ]);
                    }
                }
                FactValue::Words => s.rows.push(vec![
                    Cell::text(f.key),
                    Cell::text(f.label.clone()),
                    Cell::Empty,
                    Cell::text(f.detail.clone()),
                ]),
            }
        }
        s
    }

    /// The summary, then every section: what CSV and workbook exports write.
    pub fn all_sections(&self) -> Vec<Section> {
        let mut v = vec![self.summary()];
        v.extend(self.sections.iter().cloned());
        v
    }

    /// The section named `key` (the summary included).
    pub fn section(&self, key: &str) -> Option<Section> {
        self.all_sections().into_iter().find(|s| s.key == key)
    }
}

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
            Kind::Codes => rows
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
pub fn write_csv(sec: &Section, lang: Lang, opts: CsvOptions, out: impl Write) -> Result<()> {
    let header: Vec<&str> = sec.cols.iter().map(|c| c.name(lang)).collect();
    let numeric: Vec<bool> = sec.cols.iter().map(|c| numeric(c.kind)).collect();
    let mut csv = CsvOut::new(out, opts, &header, &numeric)?;
    for row in &sec.rows {
        let cells: Vec<String> = row.iter().map(|c| c.data(lang)).collect();
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
