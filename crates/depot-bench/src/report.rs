//! Results of a benchmark: named figures, each with an optional goal, printed as a table and
//! written as JSON (`results-<name>.json`) so that runs on different days can be compared.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::BenchResult;

/// What a figure must be to meet its goal.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    AtMost(f64),
    AtLeast(f64),
}

impl Goal {
    fn met(self, v: f64) -> bool {
        match self {
            Goal::AtMost(g) => v <= g,
            Goal::AtLeast(g) => v >= g,
        }
    }

    fn text(self, unit: &str) -> String {
        match self {
            Goal::AtMost(g) => format!("<= {} {unit}", num(g)),
            Goal::AtLeast(g) => format!(">= {} {unit}", num(g)),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<Goal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met: Option<bool>,
}

/// The figures of one benchmark run.
#[derive(Debug, Serialize)]
pub struct Report {
    pub benchmark: &'static str,
    /// When the run started (local time, RFC 3339).
    pub started: String,
    pub machine: String,
    /// What was measured on: sizes and settings.
    pub setup: Vec<(String, String)>,
    pub figures: Vec<Figure>,
}

impl Report {
    pub fn new(benchmark: &'static str) -> Self {
        Report {
            benchmark,
            started: chrono::Local::now().to_rfc3339(),
            machine: machine(),
            setup: Vec::new(),
            figures: Vec::new(),
        }
    }

    pub fn setup(&mut self, key: &str, value: impl ToString) {
        self.setup.push((key.to_owned(), value.to_string()));
    }

    /// A figure without a goal.
    pub fn info(&mut self, name: &str, value: f64, unit: &'static str) {
        self.figures.push(Figure {
            name: name.to_owned(),
            value,
            unit,
            goal: None,
            met: None,
        });
    }

    pub fn goal(&mut self, name: &str, value: f64, unit: &'static str, goal: Goal) {
        self.figures.push(Figure {
            name: name.to_owned(),
            value,
            unit,
            goal: Some(goal),
            met: Some(goal.met(value)),
        });
    }

    /// The table, as printed.
    pub fn table(&self) -> String {
        let mut out = format!(
            "== {} ({}; {})\n",
            self.benchmark, self.started, self.machine
        );
        for (k, v) in &self.setup {
            out.push_str(&format!("   {k}: {v}\n"));
        }
        let w = self.figures.iter().map(|f| f.name.len()).max().unwrap_or(0);
        for f in &self.figures {
            let value = format!("{} {}", num(f.value), f.unit);
            let goal = match (f.goal, f.met) {
                (Some(g), Some(m)) => {
                    format!(
                        "goal {:<16} {}",
                        g.text(f.unit),
                        if m { "met" } else { "NOT MET" }
                    )
                }
                _ => String::new(),
            };
            out.push_str(&format!("   {:<w$}  {:>18}   {goal}\n", f.name, value));
        }
        out
    }

    /// Writes `results-<benchmark>.json` into `dir`.
    pub fn save(&self, dir: &Path) -> BenchResult<PathBuf> {
        let path = dir.join(format!("results-{}.json", self.benchmark));
        std::fs::write(&path, serde_json::to_string_pretty(self)?)?;
        Ok(path)
    }
}

/// A number as a person reads it: no more digits than matter.
pub fn num(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 || v == v.trunc() {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 0.1 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

/// CPU model and core count, from /proc/cpuinfo.
fn machine() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(str::trim)
        .unwrap_or("unknown CPU");
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cores} cores")
}
