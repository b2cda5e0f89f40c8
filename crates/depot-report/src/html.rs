//! A built report as an HTML page: its title, its headline figures, each section as a table
//! with its columns named in the report's language, and its notes (a mail's body, a page to
//! keep).

use std::fmt::Write as _;

use crate::escape::{esc, esc_into};
use crate::table::{FactValue, Report};
use crate::words::none;

/// `r` as a whole HTML page.
pub fn html(r: &Report) -> String {
    let lang = r.lang;
    let code = match lang {
        crate::words::Lang::Zh => "zh",
        crate::words::Lang::En => "en",
    };
    let title = esc(&r.title);
    let mut o = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>table{{border-collapse:collapse}}\
         td,th{{border:1px solid #999;padding:2px 6px;text-align:left}}</style>\n\
         </head>\n<body>\n<h1>{title}</h1>\n<table class=\"facts\">\n"
    );
    for f in &r.facts {
        let value = match &f.value {
            FactValue::Cell(c) => c.display(lang),
            FactValue::Map(m) => m
                .iter()
                .map(|(_, label, c)| format!("{label} {}", c.display(lang)))
                .collect::<Vec<_>>()
                .join(", "),
            FactValue::Words => String::new(),
        };
        if f.label.is_empty() {
            continue;
        }
        let _ = writeln!(
            o,
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            esc(&f.label),
            esc(&value),
            esc(&f.detail)
        );
    }
    o.push_str("</table>\n");
    for sec in &r.sections {
        let _ = writeln!(o, "<h2 id=\"{}\">{}</h2>", sec.key, esc(&sec.title));
        if sec.rows.is_empty() {
            let _ = writeln!(o, "<p>{}</p>", esc(none(lang)));
            continue;
        }
        o.push_str("<table>\n<tr>");
        for c in &sec.cols {
            let _ = write!(o, "<th>{}</th>", esc(c.name(lang)));
        }
        o.push_str("</tr>\n");
        for row in &sec.rows {
            o.push_str("<tr>");
            for cell in row {
                o.push_str("<td>");
                match cell {
                    crate::table::Cell::Text(t) => esc_into(&mut o, t),
                    crate::table::Cell::Empty => {}
                    other => esc_into(&mut o, &other.display(lang)),
                }
                o.push_str("</td>");
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</table>\n");
        // The trend's rates by date (a digest's too), drawn as well as listed, with the
        // targets of those rates.
        if crate::chart::drawn(sec)
            && let Some(svg) =
                crate::chart::svg(sec, &crate::chart::levels(&r.sections, lang), lang)
        {
            o.push_str(&svg);
        }
    }
    for n in &r.notes {
        let _ = writeln!(o, "<p>{}</p>", esc(n));
    }
    o.push_str("</body>\n</html>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::{Kind, col};
    use crate::table::{Cell, Section};
    use crate::words::Lang;

    #[test]
    fn cells_are_escaped_and_columns_named_in_the_reports_language() {
        let mut r = Report {
            title: "检测".into(),
            lang: Lang::Zh,
            ..Report::default()
        };
        r.fact("n", "逾期", Cell::Int(1234), "");
        let mut sec = Section::new("s", "<段>", vec![col("a", "name", "名称", Kind::Text)]);
        sec.rows.push(vec![Cell::text("A&B <x>")]);
        r.sections.push(sec);
        r.sections.push(Section::new("e", "空", Vec::new()));
        let h = html(&r);
        assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\"zh\">"), "{h}");
        assert!(h.contains("<th>逾期</th><td>1,234</td>"), "{h}");
        assert!(h.contains("<h2 id=\"s\">&lt;段&gt;</h2>"), "{h}");
        assert!(h.contains("<th>名称</th>"), "{h}");
        assert!(h.contains("<td>A&amp;B &lt;x&gt;</td>"), "{h}");
        assert!(h.contains("<h2 id=\"e\">空</h2>\n<p>无</p>"), "{h}");
    }
}
