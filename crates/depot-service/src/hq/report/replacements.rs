//! The replacements due at every depot, with their cost, from their last bundles.

use super::parts::{depot_cells, depots, report};
use super::words::hc;
use crate::Result;
use crate::hq::figures::{self};
use crate::store::Store;
use depot_report::table::{Cell, Report, Section};
use depot_report::words::{Lang, cols as c, l, label as lb, pick};
use rust_decimal::Decimal;

/// `report replacements --by depot`: per depot and due year, and every piece.
pub(super) fn replacements(store: &Store, only: Option<&str>, lang: Lang) -> Result<Report> {
    let mut r = report(("Replacements by depot", "各库更新计划"), lang);
    let mut by_year = Section::new(
        "by_year",
        pick(lang, "By depot and life-end year", "按库和到期年度"),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            c::DUE_YEAR,
            c::PIECES,
            c::COST,
            c::UNPRICED,
        ],
    );
    let mut rows = Section::new(
        "rows",
        pick(lang, "Every piece", "逐件清单"),
        vec![
            hc::DEPOT,
            c::DUE_YEAR,
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            hc::COMMISSIONED,
            hc::LIFE_END,
            hc::UNIT_PRICE,
        ],
    );
    let (mut pieces, mut cost) = (0u64, Decimal::ZERO);
    let rd = store.read()?;
    for d in depots(store, only)? {
        let mut years: std::collections::BTreeMap<i32, (u64, Decimal, u64)> =
            std::collections::BTreeMap::new();
        for x in figures::replacements(&rd, &d.code)? {
            let y = years.entry(x.due_year).or_default();
            y.0 += 1;
            match x.unit_price {
                Some(p) => y.1 += p,
                None => y.2 += 1,
            }
            pieces += 1;
            cost += x.unit_price.unwrap_or_default();
            rows.rows.push(vec![
                Cell::text(d.code.clone()),
                Cell::int(x.due_year),
                Cell::text(x.barcode),
                Cell::text(x.item),
                Cell::text(x.item_name),
                Cell::text(x.owner),
                Cell::text(x.commissioned),
                Cell::text(x.life_end),
                Cell::opt_money(x.unit_price),
            ]);
        }
        for (year, (n, money, unpriced)) in years {
            let mut row: Vec<Cell> = depot_cells(&d).into();
            row.extend([
                Cell::int(year),
                Cell::int(n),
                Cell::Money(money),
                Cell::int(unpriced),
            ]);
            by_year.rows.push(row);
        }
    }
    r.fact(
        "pieces_with_life",
        l(lang, lb::WITH_LIFE),
        Cell::int(pieces),
        "",
    );
    r.fact("cost", l(lang, lb::COST), Cell::Money(cost), "");
    r.sections.push(by_year);
    r.sections.push(rows);
    Ok(r)
}
