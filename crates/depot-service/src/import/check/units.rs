//! The units and warehouses of an import: codes, parents and kinds.

use super::known::{Known, find};
use crate::import::Finding;
use depot_domain::vocab::Vocabulary;
use std::collections::HashSet;

pub(super) fn check_units(k: &mut Known<'_>, out: &mut Vec<Finding>) {
    let b = k.bundle;
    let mut seen = HashSet::new();
    for (o, u) in &b.units {
        if !seen.insert(u.code.as_str()) {
            out.push(find(
                o,
                "code",
                u.code.as_str(),
                "unit code appears twice in the file",
                "单位代码在文件中出现两次",
            ));
        }
        if let Err(e) = u.validate() {
            let col = if matches!(e, depot_domain::register::UnitError::OwnParent) {
                "parent"
            } else {
                "class"
            };
            out.push(find(
                o,
                col,
                u.class.map(|c| c.en()).unwrap_or(""),
                e.to_string(),
                e.zh(),
            ));
        }
        k.units
            .insert(u.code.to_string(), u.parent.as_ref().map(|p| p.to_string()));
    }
    for (o, u) in &b.units {
        if let Some(p) = &u.parent {
            if !k.units.contains_key(p.as_str()) {
                out.push(find(
                    o,
                    "parent",
                    p.as_str(),
                    "no unit has this code (in this import or the register)",
                    "没有这个代码的单位（本次导入和登记簿中都没有）",
                ));
                continue;
            }
            // Walk up: a cycle comes back to this unit.
            let mut cur = Some(p.to_string());
            let mut steps = 0;
            while let Some(c) = cur {
                if c == u.code.as_str() || steps > k.units.len() {
                    out.push(find(
                        o,
                        "parent",
                        p.as_str(),
                        "the parents form a cycle",
                        "上级单位构成了循环",
                    ));
                    break;
                }
                cur = k.units.get(&c).cloned().flatten();
                steps += 1;
            }
        }
    }
    let mut seen = HashSet::new();
    for (o, w) in &b.warehouses {
        if !seen.insert(w.code.as_str()) {
            out.push(find(
                o,
                "code",
                w.code.as_str(),
                "warehouse code appears twice in the file",
                "储备库代码在文件中出现两次",
            ));
        }
        if k.units.contains_key(w.code.as_str()) {
            out.push(find(
                o,
                "code",
                w.code.as_str(),
                "a unit already has this code; warehouse codes must differ from unit codes",
                "已有单位使用这个代码；储备库代码必须与单位代码不同",
            ));
        }
        if !k.units.contains_key(w.unit.as_str()) {
            out.push(find(
                o,
                "unit",
                w.unit.as_str(),
                "no unit has this code",
                "没有这个代码的单位",
            ));
        }
        k.warehouses.insert(w.code.to_string());
    }
}
