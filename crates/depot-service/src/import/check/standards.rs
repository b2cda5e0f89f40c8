//! The standards of an import: each line's scope, item or category, and quantities.

use super::known::{Known, find};
use super::stock::check_module;
use crate::import::Finding;
use depot_domain::vocab::Vocabulary;
use depot_domain::{Scope, TargetScope, What};
use rust_decimal::Decimal;
use std::collections::HashSet;

pub(super) fn check_standards(k: &Known<'_>, out: &mut Vec<Finding>) {
    for (o, l) in &k.bundle.standards {
        match &l.scope {
            Scope::Unit(u) if !k.units.contains_key(u.as_str()) => {
                out.push(find(
                    o,
                    "scope",
                    l.scope.to_string(),
                    "no unit has this code",
                    "没有这个代码的单位",
                ));
            }
            Scope::Warehouse(w) if !k.warehouses.contains(w.as_str()) => {
                out.push(find(
                    o,
                    "scope",
                    l.scope.to_string(),
                    "no warehouse has this code",
                    "没有这个代码的储备库",
                ));
            }
            _ => {}
        }
        check_module(k, o, l.module.as_ref().map(|m| m.as_str()), out);
        if let What::Item(i) = &l.what
            && !k.items.contains_key(i.as_str())
        {
            out.push(find(
                o,
                "what",
                i.as_str(),
                "not in the catalogue (give an item code or category:NAME)",
                "不在装备目录中（请填品类代码或 category:类别）",
            ));
        }
        // EXCHANGE.md: a line asks for something; 0 or less is refused (a zero line would
        // count as met everywhere and raise every rate).
        if l.required <= Decimal::ZERO {
            out.push(find(
                o,
                "required",
                l.required.to_string(),
                "must be more than 0: a line of a standard says how many are required",
                "必须大于 0：配备标准的一行说明要求的数量",
            ));
        }
    }
    let mut seen = HashSet::new();
    for (o, l) in &k.bundle.standards {
        if !seen.insert((&l.scope, &l.module, &l.what)) {
            out.push(find(
                o,
                "what",
                l.what.to_string(),
                "this scope, module and what appear twice in the file",
                "同一适用范围、模块和对象在文件中出现两次",
            ));
        }
    }
    let mut seen = HashSet::new();
    for (o, t) in &k.bundle.targets {
        if !seen.insert((t.metric, &t.scope, t.deadline, &t.source)) {
            out.push(find(
                o,
                "metric",
                t.metric.en(),
                "this metric, scope, deadline and source appear twice in the file",
                "同一指标、范围、期限和来源在文件中出现两次",
            ));
        }
        if let TargetScope::Unit(u) = &t.scope
            && !k.units.contains_key(u.as_str())
            && !k.depots.contains(u.as_str())
        {
            out.push(find(
                o,
                "scope",
                t.scope.to_string(),
                if k.depots.is_empty() {
                    "no unit has this code"
                } else {
                    "no unit or depot enrolled here has this code"
                },
                if k.depots.is_empty() {
                    "没有这个代码的单位"
                } else {
                    "没有这个代码的单位或已登记的储备单位"
                },
            ));
        }
    }
}
