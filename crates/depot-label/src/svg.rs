//! Pages as SVG: sized in millimetres for printing, drawn in the layout's dots.
//!
//! barcoders has an SVG generator, but its output has no `xmlns` (so browsers and converters
//! refuse it as a file), one `<rect>` per module and no room for text; we write the document
//! ourselves from the layout, with the namespace, one rect per bar and the texts.

use std::fmt::Write;

use crate::layout::{Mark, Page, mm_at};

/// Fonts to ask for: CJK fonts of Linux, Windows and macOS first, then any sans-serif.
const SANS: &str = "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Zen Hei',\
                    'Microsoft YaHei','PingFang SC',SimHei,sans-serif";
const MONO: &str = "'DejaVu Sans Mono',Consolas,Menlo,'Liberation Mono',monospace";

/// The page as a standalone SVG document.
pub fn render(page: &Page) -> String {
    let mut s = String::with_capacity(256 + 64 * page.marks.len());
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{:.2}mm" height="{:.2}mm" viewBox="0 0 {} {}">"#,
        mm_at(page.width, page.dpi),
        mm_at(page.height, page.dpi),
        page.width,
        page.height
    );
    let _ = writeln!(
        s,
        r##"<rect width="{}" height="{}" fill="#fff"/>"##,
        page.width, page.height
    );
    s.push_str("<g fill=\"#000\" shape-rendering=\"crispEdges\">\n");
    for mark in &page.marks {
        if let Mark::Rect { x, y, w, h } = mark {
            let _ = writeln!(s, r#"<rect x="{x}" y="{y}" width="{w}" height="{h}"/>"#);
        }
    }
    s.push_str("</g>\n<g fill=\"#000\" text-anchor=\"middle\">\n");
    for mark in &page.marks {
        if let Mark::Text(t) = mark {
            let _ = writeln!(
                s,
                r#"<text x="{}" y="{}" font-size="{}" font-family="{}">{}</text>"#,
                t.x,
                t.baseline,
                t.size,
                if t.mono { MONO } else { SANS },
                escape(&t.text)
            );
        }
    }
    s.push_str("</g>\n</svg>\n");
    s
}

/// Escapes text for XML content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{Label, code128, layout};

    fn svg_of(code: &str, name: &str) -> String {
        let label = Label {
            barcode: code.into(),
            item: "V-JY".into(),
            item_name: name.to_owned(),
            owner: "ZHAN-0001".into(),
            owner_name: Some("青阳区第一消防站".to_owned()),
            lot: None,
        };
        render(&layout::single(&label, &code128::encode(code).unwrap()))
    }

    /// A small well-formedness check: every tag closes in order, attributes are quoted.
    fn check_xml(doc: &str) -> Vec<String> {
        let body = doc.trim_start_matches(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        let mut stack: Vec<String> = Vec::new();
        let mut tags = Vec::new();
        let mut rest = body;
        while let Some(open) = rest.find('<') {
            assert!(
                !rest[..open].contains('>'),
                "stray '>' in {:?}",
                &rest[..open]
            );
            let close = rest[open..].find('>').unwrap() + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'));
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "closing {name}");
            } else {
                let name = tag.split([' ', '/']).next().unwrap().to_owned();
                tags.push(name.clone());
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[close + 1..];
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        assert!(rest.trim().is_empty());
        tags
    }

    #[test]
    fn svg_is_well_formed_with_namespace_size_and_texts() {
        let doc = svg_of("QZ56977190", "抢险救援消防车");
        let tags = check_xml(&doc);
        assert_eq!(tags.first().map(String::as_str), Some("svg"));
        assert!(doc.contains(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
        assert!(doc.contains(r#"width="69.93mm" height="37.00mm" viewBox="0 0 826 437""#));
        assert!(doc.contains(">QZ56977190</text>"));
        assert!(doc.contains(">抢险救援消防车</text>"));
        assert!(doc.contains(">ZHAN-0001 青阳区第一消防站</text>"));
        assert!(tags.iter().filter(|t| *t == "rect").count() > 20);
    }

    #[test]
    fn markup_in_codes_and_names_is_escaped() {
        let doc = svg_of("A<&>\"'B", "水带 <65> & \"接口\"");
        check_xml(&doc);
        assert!(doc.contains(">A&lt;&amp;&gt;&quot;&apos;B</text>"));
        assert!(doc.contains(">水带 &lt;65&gt; &amp; &quot;接口&quot;</text>"));
    }
}
