//! The catalogue of an import: each item's code, category, tracking and service life.

use super::known::{Known, find};
use crate::Result;
use crate::import::{Finding, Origin};
use crate::store::StockView;
use depot_domain::Tracking;
use depot_domain::vocab::Vocabulary;
use std::collections::HashSet;

pub(super) fn check_catalog(
    view: &crate::store::Reader,
    k: &mut Known<'_>,
    out: &mut Vec<Finding>,
) -> Result<()> {
    let mut seen = HashSet::new();
    for (o, c) in &k.bundle.catalog {
        if !seen.insert(c.code.as_str()) {
            out.push(find(
                o,
                "item",
                c.code.as_str(),
                "item code appears twice in the file",
                "品类代码在文件中出现两次",
            ));
        }
        if let Some(old) = view.item(c.code.as_str())?
            && old.tracking != c.tracking
        {
            out.push(find(
                o,
                "tracking",
                c.tracking.en(),
                format!(
                    "item is already tracked as {}; tracking cannot change",
                    old.tracking.en()
                ),
                format!("该品类已按{}管理；管理方式不能改变", old.tracking.zh()),
            ));
        }
        k.items
            .insert(c.code.to_string(), (c.tracking, c.life_years));
        k.uoms.insert(c.code.to_string(), c.uom.clone());
    }
    Ok(())
}

pub(super) fn check_item(
    k: &Known<'_>,
    o: &Origin,
    item: &str,
    want: Tracking,
    out: &mut Vec<Finding>,
) -> Option<Option<u32>> {
    match k.items.get(item) {
        None => {
            out.push(find(
                o,
                "item",
                item,
                "not in the catalogue",
                "不在装备目录中",
            ));
            None
        }
        Some((t, _)) if *t != want => {
            let (file, other) = match t {
                Tracking::Serial => ("assets.csv", "a serial item"),
                Tracking::Lot => ("lots.csv", "a lot item"),
            };
            out.push(find(
                o,
                "item",
                item,
                format!("{other}: it belongs in {file}"),
                format!(
                    "{}：应写在 {file} 中",
                    if file == "assets.csv" {
                        "单件装备品类"
                    } else {
                        "批次物资品类"
                    }
                ),
            ));
            None
        }
        Some((_, life)) => Some(*life),
    }
}
