//! A report as data: a title, headline facts and sections of typed cells, in one language.

use crate::column::Col;
use crate::words::{Lang, group, money_text, yes_no};
use chrono::NaiveDate;
use depot_domain::readiness::rate2;
use rust_decimal::Decimal;

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
    /// Places (units, warehouses) by code and name: a list in JSON (`[{"code", "name"}]`);
    /// a table shows `CODE name, …`.
    Places(Vec<(String, String)>),
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
            Cell::Places(p) => places_text(p),
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
            Cell::Places(p) => places_text(p),
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
            Cell::Places(p) => Value::Array(
                p.iter()
                    .map(|(code, name)| serde_json::json!({"code": code, "name": name}))
                    .collect(),
            ),
        }
    }
}

/// `CODE name, CODE name`.
fn places_text(p: &[(String, String)]) -> String {
    p.iter()
        .map(|(code, name)| format!("{code} {name}"))
        .collect::<Vec<_>>()
        .join(", ")
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
