//! The rotation report (收储轮换): what each reserve module's lots expire per month or quarter
//! over the next two years, the share of each module's baseline that takes (flagged above the
//! threshold), the lots to use first and what to buy when, from
//! [`depot_domain::readiness::rotation`].

use crate::parts::{Names, q, report};
use crate::table::{Cell, Report, Section};
use crate::words::{Lang, W, cols as c, l, label as lb};
use chrono::NaiveDate;
use depot_domain::readiness::{self as rd, Every, Snapshot, Within};
use rust_decimal::Decimal;

/// The columns of this report only.
mod cols {
    use crate::column::{Col, Kind, word_col};
    use crate::words::W;
    pub const PERIOD: Col = word_col("period", W::ColPeriod, Kind::Code);
    pub const EXPIRING: Col = word_col("expiring", W::ColExpiring, Kind::Num);
    pub const SHARE: Col = word_col("share", W::ColShare, Kind::Pct);
    pub const OVER: Col = word_col("over_threshold", W::ColOver, Kind::Bool);
    pub const USE_AT: Col = word_col("use_at", W::ColUseAt, Kind::Codes);
    pub const BY: Col = word_col("by", W::ColBuyBy, Kind::Date);
    pub const UNIT_PRICE: Col = word_col("unit_price", W::ColUnitPrice, Kind::Money);
}

pub(crate) fn rotation(
    s: &Snapshot,
    w: Within,
    on: NaiveDate,
    every: Every,
    threshold: Decimal,
    lang: Lang,
) -> Report {
    let plan = rd::rotation(s, w, on, every, threshold);
    let nm = Names { s, lang };
    let label = |k: usize| Cell::text(plan.periods[k].label(every));
    let uom = |i: u32| Cell::text(s.item(i).uom.clone());
    let mut r = report(W::TitleRotation, lang);
    r.fact(
        "threshold",
        l(lang, lb::THRESHOLD),
        Cell::Pct(Some(threshold)),
        "",
    );
    r.fact(
        "expiring_share",
        l(lang, lb::EXPIRING_SHARE),
        Cell::Pct(plan.expiring_share(s, w)),
        "",
    );
    r.fact(
        "periods_over",
        l(lang, lb::PERIODS_OVER),
        Cell::int(plan.modules.iter().filter(|m| m.over).count()),
        "",
    );
    r.fact(
        "use_first",
        l(lang, lb::USE_FIRST),
        Cell::int(plan.use_first.len()),
        "",
    );
    r.fact(
        "purchases",
        l(lang, lb::TO_BUY),
        Cell::int(plan.buys.len()),
        "",
    );
    let cost: Decimal = plan.buys.iter().filter_map(|b| b.cost).sum();
    r.fact("cost", l(lang, lb::BUY_COST), Cell::Money(cost), "");

    let mut sec = Section::new(
        "modules",
        W::SecModuleShares.get(lang),
        vec![
            c::WAREHOUSE,
            c::WAREHOUSE_NAME,
            c::MODULE,
            c::MODULE_NAME,
            cols::PERIOD,
            c::LINES,
            cols::SHARE,
            cols::OVER,
        ],
    );
    for m in &plan.modules {
        let mut row: Vec<Cell> = nm.place(m.owner).into();
        row.extend(nm.module(m.module));
        row.extend([
            label(m.period),
            Cell::int(m.lines),
            Cell::Pct(Some(m.share)),
            Cell::Bool(m.over),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);

    let mut sec = Section::new(
        "expiring",
        W::SecExpiringByItem.get(lang),
        vec![
            c::OWNER,
            c::OWNER_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::ITEM,
            c::ITEM_NAME,
            cols::PERIOD,
            cols::EXPIRING,
            c::UOM,
            c::REQUIRED,
            cols::SHARE,
        ],
    );
    for row in &plan.rows {
        for (k, e) in row
            .expiring
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.is_zero())
        {
            let mut cells: Vec<Cell> = nm.place(row.owner).into();
            cells.extend(nm.module(row.module));
            cells.extend(nm.item(row.item));
            cells.extend([
                label(k),
                q(*e),
                uom(row.item),
                row.required.map_or(Cell::Empty, q),
                Cell::Pct(row.share(k)),
            ]);
            sec.rows.push(cells);
        }
    }
    r.sections.push(sec);

    let mut sec = Section::new(
        "use_first",
        W::SecUseFirst.get(lang),
        vec![
            c::BARCODE,
            c::ITEM,
            c::ITEM_NAME,
            c::OWNER,
            c::OWNER_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::QUANTITY,
            c::UOM,
            c::EXPIRES,
            cols::USE_AT,
        ],
    );
    for u in &plan.use_first {
        let lot = &s.lots[u.lot];
        let cell = s.cells[lot.cell as usize];
        let mut row = vec![Cell::text(s.lot_barcode(u.lot))];
        row.extend(nm.item(cell.item));
        row.extend(nm.place(cell.owner));
        row.extend(nm.module(cell.module));
        let to: Vec<String> =
            u.to.iter()
                .map(|&p| format!("{} {}", s.place(p).code, s.place(p).name))
                .collect();
        row.extend([
            q(lot.quantity),
            uom(cell.item),
            Cell::Date(u.expires),
            Cell::text(to.join(", ")),
        ]);
        sec.rows.push(row);
    }
    r.sections.push(sec);

    let mut sec = Section::new(
        "buy",
        W::SecBuy.get(lang),
        vec![
            cols::BY,
            cols::PERIOD,
            c::OWNER,
            c::OWNER_NAME,
            c::MODULE,
            c::MODULE_NAME,
            c::ITEM,
            c::ITEM_NAME,
            c::QUANTITY,
            c::UOM,
            cols::UNIT_PRICE,
            c::COST,
        ],
    );
    for b in &plan.buys {
        let row = &plan.rows[b.row];
        let mut cells = vec![Cell::Date(b.by), label(b.period)];
        cells.extend(nm.place(row.owner));
        cells.extend(nm.module(row.module));
        cells.extend(nm.item(row.item));
        cells.extend([
            q(b.quantity),
            uom(row.item),
            Cell::opt_money(s.item(row.item).unit_price),
            Cell::opt_money(b.cost),
        ]);
        sec.rows.push(cells);
    }
    r.sections.push(sec);
    r.notes.push(W::NoteRotation.get(lang).to_owned());
    r
}
