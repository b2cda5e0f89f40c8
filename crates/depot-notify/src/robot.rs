//! A group robot's message made from a digest: its title, its headline figures and its counts
//! by place, short enough for a chat (WeCom's markdown takes 4096 bytes, DingTalk's 20000).
//! The words are the report's own, in the language it was built in.
//!
//! Bodies as WeCom and DingTalk document them: WeCom `{"msgtype": "markdown", "markdown":
//! {"content": …}}`, DingTalk `{"msgtype": "markdown", "markdown": {"title": …, "text": …}}`.

use depot_domain::notify::Channel;
use depot_report::table::{FactValue, Report};
use serde_json::{Value, json};

/// The places listed at most; those after are counted in one line.
const PLACES: usize = 15;

/// The message's text, as markdown both robots show.
pub fn text(report: &Report) -> String {
    let lang = report.lang;
    let mut out = format!("### {}\n", report.title);
    // As the table shows them: a fact without a label is data only (the scope's name, beside
    // its code), and a fact without a value is said by its detail (the scope: everything).
    for f in report.facts.iter().filter(|f| !f.label.is_empty()) {
        let FactValue::Cell(v) = &f.value else {
            continue;
        };
        let (shown, detail) = match v.display(lang) {
            v if v.is_empty() => (f.detail.clone(), String::new()),
            v if f.detail.is_empty() => (v, String::new()),
            v => (v, format!(" ({})", f.detail)),
        };
        if shown.is_empty() {
            continue;
        }
        out.push_str(&format!("> {}: **{shown}**{detail}\n", f.label));
    }
    if let Some(by_place) = report.sections.iter().find(|s| s.key == "by_place") {
        out.push_str(&format!("\n**{}**\n", by_place.title));
        for row in by_place.rows.iter().take(PLACES) {
            // The place's code and name, then its counts under their columns' names.
            let place = row
                .iter()
                .take(2)
                .map(|c| c.display(lang))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let counts = by_place
                .cols
                .iter()
                .zip(row)
                .skip(2)
                .map(|(c, v)| format!("{} {}", c.name(lang), v.display(lang)))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!("- {place}: {counts}\n"));
        }
        if by_place.rows.len() > PLACES {
            out.push_str(&format!("- … +{}\n", by_place.rows.len() - PLACES));
        }
    }
    out
}

/// The body a channel's webhook receives; `json`: the digest's own JSON, as `depot digest
/// --format json` writes it.
pub fn body(channel: Channel, report: &Report, json: &[u8]) -> Vec<u8> {
    let message: Value = match channel {
        Channel::WeCom => json!({
            "msgtype": "markdown",
            "markdown": { "content": text(report) },
        }),
        Channel::DingTalk => json!({
            "msgtype": "markdown",
            "markdown": { "title": report.title, "text": text(report) },
        }),
        Channel::Json | Channel::Mail => return json.to_vec(),
    };
    message.to_string().into_bytes()
}
