//! Checking an import's bundle against itself and the register: every problem, in file order,
//! each with where it came from, which column, the value and why.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use crate::Result;
use crate::store::StockView;
use depot_domain::vocab::Vocabulary;
use depot_domain::{AssetStatus, Scope, Stock, TargetScope, Tracking, What};

use super::{Bundle, Finding, Origin};
use depot_domain::dates::{self, DateKind};

struct Known<'b> {
    units: HashMap<String, Option<String>>,
    warehouses: HashSet<String>,
    /// Headquarters: the depots enrolled, which its targets may name (`unit:CODE`).
    depots: HashSet<String>,
    modules: HashSet<String>,
    items: HashMap<String, (Tracking, Option<u32>)>,
    /// Each item's unit of measure (quantities of pieces are whole).
    uoms: HashMap<String, String>,
    bundle: &'b Bundle,
}

fn find(
    o: &Origin,
    column: &'static str,
    value: impl Into<String>,
    reason: impl Into<String>,
    reason_zh: impl Into<String>,
) -> Finding {
    Finding {
        origin: o.clone(),
        column,
        value: value.into(),
        reason: reason.into(),
        reason_zh: reason_zh.into(),
    }
}

/// Every problem of the bundle, in file order; empty when it can land.
pub fn check(view: &crate::store::Reader, bundle: &Bundle) -> Result<Vec<Finding>> {
    check_in_order(view, bundle, &barcode_order(bundle))
}

/// `check`, given the bundle's `barcode_order`.
pub(super) fn check_in_order(
    view: &crate::store::Reader,
    bundle: &Bundle,
    order: &[usize],
) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    let mut k = Known {
        units: view
            .units()?
            .into_iter()
            .map(|u| (u.code.to_string(), u.parent.map(|p| p.to_string())))
            .collect(),
        warehouses: view
            .warehouses()?
            .into_iter()
            .map(|w| w.code.to_string())
            .collect(),
        depots: view.hq_depots()?.into_iter().map(|d| d.code).collect(),
        modules: view
            .modules()?
            .into_iter()
            .map(|m| m.code.to_string())
            .collect(),
        items: HashMap::new(),
        uoms: HashMap::new(),
        bundle,
    };
    for c in view.catalog()? {
        k.items
            .insert(c.code.to_string(), (c.tracking, c.life_years));
        k.uoms.insert(c.code.to_string(), c.uom);
    }
    let mut seen = HashSet::new();
    for (o, m) in &bundle.modules {
        if !seen.insert(m.code.as_str()) {
            out.push(find(
                o,
                "code",
                m.code.as_str(),
                "module code appears twice in the file",
                "模块代码在文件中出现两次",
            ));
        }
        k.modules.insert(m.code.to_string());
    }
    check_units(&mut k, &mut out);
    check_catalog(view, &mut k, &mut out)?;
    check_stock(view, &k, order, &mut out)?;
    check_standards(&k, &mut out);
    Ok(out)
}

fn check_units(k: &mut Known<'_>, out: &mut Vec<Finding>) {
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

fn check_catalog(
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

impl Known<'_> {
    fn owner_known(&self, code: &str) -> bool {
        self.units.contains_key(code) || self.warehouses.contains(code)
    }
}

fn check_item(
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

/// The rows of assets (0..assets) then lots, in the order of their barcodes; rows with the
/// same barcode stay in file order.
pub(super) fn barcode_order(b: &Bundle) -> Vec<usize> {
    // Most barcodes differ in their first 16 bytes: compare those as two integers, and the
    // text (then the row number, for file order) only where they are equal.
    let head = |i: usize| {
        let mut h = [0u8; 16];
        let bc = barcode_at(b, i).as_bytes();
        let n = bc.len().min(16);
        h[..n].copy_from_slice(&bc[..n]);
        u128::from_be_bytes(h)
    };
    let mut keyed: Vec<(u128, usize)> = (0..b.assets.len() + b.lots.len())
        .map(|i| (head(i), i))
        .collect();
    keyed.sort_unstable_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| barcode_at(b, x.1).cmp(barcode_at(b, y.1)))
            .then(x.1.cmp(&y.1))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The barcode of row `i` of `barcode_order`'s numbering.
fn barcode_at(b: &Bundle, i: usize) -> &str {
    match i.checked_sub(b.assets.len()) {
        None => b.assets.barcode(i),
        Some(l) => b.lots.barcode(l),
    }
}

/// For each row whose barcode an earlier row already has (see `barcode_order`): that earlier
/// row.
fn repeated_barcodes(b: &Bundle, order: &[usize]) -> HashMap<usize, usize> {
    let mut out = HashMap::new();
    let mut first = None;
    for &i in order {
        match first {
            Some(f) if barcode_at(b, f) == barcode_at(b, i) => {
                out.insert(i, f);
            }
            _ => first = Some(i),
        }
    }
    out
}

/// Barcode rules shared by assets and lots: unique in the import, and of the same kind and
/// item as a barcode already in the register.
fn check_barcode(
    view: &crate::store::Reader,
    first: Option<Origin>,
    fresh: bool,
    (o, barcode, item, want): (&Origin, &str, &str, Tracking),
    out: &mut Vec<Finding>,
) -> Result<()> {
    if let Some(first) = first {
        out.push(find(
            o,
            "barcode",
            barcode,
            format!(
                "barcode already used at {}:{}; barcodes are unique across assets and lots",
                first.file, first.line
            ),
            format!(
                "条码已在 {}:{} 使用；装备和批次的条码都不能重复",
                first.file, first.line
            ),
        ));
    }
    if !fresh && let Some(existing) = view.stock(barcode)? {
        let other_kind = match (&existing, want) {
            (Stock::Asset(_), Tracking::Lot) => Some("an asset"),
            (Stock::Lot(_), Tracking::Serial) => Some("a lot"),
            _ => None,
        };
        if let Some(kind) = other_kind {
            out.push(find(
                o,
                "barcode",
                barcode,
                format!("barcode is already {kind} in the register"),
                format!(
                    "该条码在登记簿中已是{}",
                    if kind == "an asset" {
                        "单件装备"
                    } else {
                        "批次物资"
                    }
                ),
            ));
        } else if existing.item().as_str() != item {
            out.push(find(
                o,
                "item",
                item,
                format!(
                    "barcode {barcode} is already item {} in the register",
                    existing.item()
                ),
                format!("条码 {barcode} 在登记簿中已是品类 {}", existing.item()),
            ));
        }
    }
    Ok(())
}

fn check_stock(
    view: &crate::store::Reader,
    k: &Known<'_>,
    order: &[usize],
    out: &mut Vec<Finding>,
) -> Result<()> {
    let b = k.bundle;
    let repeated = repeated_barcodes(b, order);
    let n = b.assets.len();
    let first = |i: usize| {
        let f = *repeated.get(&i)?;
        if f < n {
            b.assets.origin(f)
        } else {
            b.lots.origin(f - n)
        }
    };
    // On an empty register no barcode can clash with a stored one: skip a million look-ups.
    let fresh = view.stock_count()? == 0;
    let today = crate::Clock::Local.read().date_naive();
    for (i, (o, a)) in b.assets.iter().enumerate() {
        check_barcode(
            view,
            first(i),
            fresh,
            (&o, a.barcode.as_str(), a.item.as_str(), Tracking::Serial),
            out,
        )?;
        let o = &o;
        if let Some(life) = check_item(k, o, a.item.as_str(), Tracking::Serial, out)
            && life.is_some()
            && a.commissioned.is_none()
        {
            out.push(find(
                o,
                "commissioned",
                "",
                "required: the item has a service life",
                "必填：该品类有使用年限",
            ));
        }
        // The same rule for these dates as a person's inspection at the scan station has.
        for (column, kind, date) in [
            ("commissioned", DateKind::Commissioned, a.commissioned),
            ("last_inspected", DateKind::Inspected, a.last_inspected),
        ] {
            if let Some(d) = date
                && let Err(e) = dates::check(kind, d, today)
            {
                out.push(find(o, column, d.to_string(), e.to_string(), e.zh()));
            }
        }
        if !k.owner_known(a.owner.as_str()) {
            out.push(find(
                o,
                "owner",
                a.owner.as_str(),
                "no unit or warehouse has this code",
                "没有这个代码的单位或储备库",
            ));
        }
        if let Some(l) = &a.location
            && l == &a.owner
        {
            out.push(find(
                o,
                "location",
                l.as_str(),
                "the location is the owner itself; leave it empty when the asset is at its owner",
                "存放位置就是归属单位本身；装备在归属单位时请留空",
            ));
        }
        if a.location.is_some() && a.status == AssetStatus::Retired {
            out.push(find(
                o,
                "location",
                a.location.as_ref().map(|l| l.as_str()).unwrap_or(""),
                "a retired asset cannot be checked out",
                "已报废的装备不能借出",
            ));
        }
        check_module(k, o, a.module.as_ref().map(|m| m.as_str()), out);
    }
    for (i, (o, l)) in b.lots.iter().enumerate() {
        check_barcode(
            view,
            first(n + i),
            fresh,
            (&o, l.barcode.as_str(), l.item.as_str(), Tracking::Lot),
            out,
        )?;
        let o = &o;
        check_item(k, o, l.item.as_str(), Tracking::Lot, out);
        if let Some(uom) = k.uoms.get(l.item.as_str())
            && let Err(e) = depot_domain::units::whole(&l.item, uom, l.quantity)
        {
            out.push(find(
                o,
                "quantity",
                l.quantity.normalize().to_string(),
                e.to_string(),
                e.zh(),
            ));
        }
        if !k.owner_known(l.owner.as_str()) {
            out.push(find(
                o,
                "owner",
                l.owner.as_str(),
                "no unit or warehouse has this code",
                "没有这个代码的单位或储备库",
            ));
        }
        check_module(k, o, l.module.as_ref().map(|m| m.as_str()), out);
    }
    Ok(())
}

fn check_module(k: &Known<'_>, o: &Origin, module: Option<&str>, out: &mut Vec<Finding>) {
    if let Some(m) = module
        && !k.modules.contains(m)
    {
        out.push(find(
            o,
            "module",
            m,
            "no module has this code or name; the modules are the shipped eight and those of modules.csv", "没有这个代码或名称的模块；模块为随附的八个以及 modules.csv 中的"));
    }
}

fn check_standards(k: &Known<'_>, out: &mut Vec<Finding>) {
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
