//! The travel-time table of an import: both places known, each pair once.

use std::collections::HashSet;

use super::known::{Known, find};
use crate::import::Finding;

pub(super) fn check_travel_times(k: &Known<'_>, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for (o, t) in &k.bundle.travel_times {
        for (column, code) in [("from", &t.from), ("to", &t.to)] {
            if !k.owner_known(code) {
                out.push(find(
                    o,
                    column,
                    code.as_str(),
                    "no unit or warehouse has this code; import units.csv and warehouses.csv first",
                    "没有这个代码的单位或储备库；请先导入 units.csv 和 warehouses.csv",
                ));
            }
        }
        if !seen.insert((t.from.as_str(), t.to.as_str())) {
            out.push(find(
                o,
                "to",
                t.to.as_str(),
                "this pair of places appears twice in the file",
                "这对起点和终点在文件中出现两次",
            ));
        }
    }
}
