//! What a local import may not do while a directive is in force: change a line the directive
//! set, or add a line to a section the directive keeps to itself. Each such row is a finding
//! of the import (file, line, column, value, why), and nothing lands.

use std::collections::HashSet;

use crate::Result;
use crate::import::{Bundle, Finding, Origin};
use crate::store::Reader;
use depot_domain::msg::directive::DirectiveMsg;
use depot_domain::{CatalogItem, Lang, Module, StandardLine, Target, Vocabulary};

use super::{InForce, in_force};

pub(super) fn module_key(m: &Module) -> String {
    m.code.to_string()
}

pub(super) fn item_key(c: &CatalogItem) -> String {
    c.code.to_string()
}

pub(super) fn standard_key(l: &StandardLine) -> String {
    let module = l.module.as_ref().map(|m| m.to_string()).unwrap_or_default();
    format!("{}|{module}|{}", l.scope, l.what)
}

pub(super) fn target_key(t: &Target) -> String {
    let source = t.source.as_deref().unwrap_or_default();
    format!("{}|{}|{}|{source}", t.metric.en(), t.scope, t.deadline)
}

/// The rows of `bundle` (a local import) that the directive in force does not allow.
pub fn findings(r: &Reader, bundle: &Bundle) -> Result<Vec<Finding>> {
    let Some(d) = in_force(r)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let standards = if bundle.standards.is_empty() {
        Vec::new()
    } else {
        r.standards()?
    };
    let targets = if bundle.targets.is_empty() {
        Vec::new()
    } else {
        r.targets()?
    };
    let sets = SECTIONS.map(|s| lines_of(&d, s));
    let mut check = |section: &'static str,
                     column: &'static str,
                     origin: &Origin,
                     key: String,
                     same: &dyn Fn() -> Result<bool>|
     -> Result<()> {
        let at = SECTIONS.iter().position(|s| *s == section).unwrap_or(0);
        let (set, local) = (&sets[at].0, sets[at].1);
        let msg = if set.contains(key.as_str()) {
            if same()? {
                return Ok(());
            }
            DirectiveMsg::LineSetByDirective {
                version: d.version.to_string(),
            }
        } else if local {
            return Ok(());
        } else {
            DirectiveMsg::NoLocalAdditions {
                version: d.version.to_string(),
                section: section.to_owned(),
            }
        };
        out.push(Finding {
            origin: origin.clone(),
            column,
            value: key.split('|').next().unwrap_or_default().to_owned(),
            reason: msg.say(Lang::En),
            reason_zh: msg.say(Lang::Zh),
        });
        Ok(())
    };
    for (o, m) in &bundle.modules {
        let same = || Ok(r.module(m.code.as_str())?.as_ref() == Some(m));
        check("modules", "code", o, module_key(m), &same)?;
    }
    for (o, c) in &bundle.catalog {
        let same = || Ok(r.item(c.code.as_str())?.as_ref() == Some(c));
        check("catalog", "item", o, item_key(c), &same)?;
    }
    for (o, l) in &bundle.standards {
        let key = standard_key(l);
        let same = || Ok(standards.iter().any(|s| s == l));
        check("standards", "scope", o, key, &same)?;
    }
    for (o, t) in &bundle.targets {
        let key = target_key(t);
        let same = || Ok(targets.iter().any(|s| s == t));
        check("targets", "metric", o, key, &same)?;
    }
    Ok(out)
}

const SECTIONS: [&str; 4] = ["modules", "catalog", "standards", "targets"];

fn lines_of<'a>(d: &'a InForce, section: &str) -> (HashSet<&'a str>, bool) {
    let (lines, local) = match section {
        "modules" => (&d.modules, d.local.modules),
        "catalog" => (&d.catalog, d.local.catalog),
        "standards" => (&d.standards, d.local.standards),
        _ => (&d.targets, d.local.targets),
    };
    (lines.iter().map(String::as_str).collect(), local)
}
