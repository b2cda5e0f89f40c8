//! `report circles --by depot` at headquarters: the response circles over the whole service
//! (`hq::circles`), in the depot's own report's sections with each warehouse's depot beside
//! it, and a row per depot: its located units, those outside their circle, its coverage.

use super::parts::report as titled;
use super::words::{DEPOTS, hc};
use crate::Result;
use crate::hq::circles::{PROVINCE, ServiceCircles, service_circles};
use crate::store::Store;
use depot_domain::readiness::{CircleSpec, percent};
use depot_report::table::{Cell, Col, Kind, Report, Section, col};
use depot_report::words::{Lang, l, pick};
use depot_report::{ReportSpec, circles_report};
use rust_decimal::Decimal;

const PLACES: Col = col("places", "places", "位置数据", Kind::Text);
const LOCATED: Col = col("units_located", "units located", "已标注单位", Kind::Num);
const UNLOCATED: Col = col(
    "units_unlocated",
    "units without a location",
    "未标注单位",
    Kind::Num,
);
const WAREHOUSES: Col = col("warehouses", "warehouses", "储备库数", Kind::Num);
const TIMES: Col = col("travel_times", "travel times", "行车时间条数", Kind::Num);
const ROWS: Col = col("unit_modules", "unit-modules", "单位-模块", Kind::Num);
const OUTSIDE: Col = col("outside", "outside", "圈外", Kind::Num);
const COVERAGE: Col = col(
    "circle_coverage",
    "circle coverage",
    "响应圈覆盖率",
    Kind::Pct,
);
const OTHERS: Col = col(
    "served_by_others",
    "nearest is another depot's",
    "最近储备库属他库",
    Kind::Num,
);

/// The service's circles with `ask`'s module, threshold and roads, for `only` one depot's
/// units or all.
pub(super) fn circles(
    store: &Store,
    only: Option<&str>,
    ask: &ReportSpec,
    lang: Lang,
) -> Result<Report> {
    let c = service_circles(store, only, |s| {
        Ok(CircleSpec {
            module: depot_report::module(s, ask.module.as_deref())?,
            threshold: ask.threshold,
            roads: ask.roads,
        })
    })?;
    Ok(render(c, lang))
}

fn render(mut c: ServiceCircles, lang: Lang) -> Report {
    if let Some(p) = c.snap.place_id(PROVINCE)
        && c.snap.places[p as usize].name.is_empty()
    {
        c.snap.places[p as usize].name =
            pick(lang, "the whole service (every depot)", "全省（所有库）").to_owned();
    }
    let depot_of = |p: u32| c.depot_of(p).map(|d| (d.code.clone(), d.name.clone()));
    let mut r = circles_report(&c.snap, &c.plan, Some(&depot_of), lang);
    let title = titled(("Response circles by depot", "各库应急响应圈"), lang).title;
    r.title = title;
    let without: Vec<&str> = c
        .depots
        .iter()
        .filter(|d| !d.has_places())
        .map(|d| d.depot.code.as_str())
        .collect();
    r.fact("depots", l(lang, DEPOTS), Cell::int(c.depots.len()), "");
    r.fact(
        "depots_without_places",
        pick(lang, "depots without locations", "无位置数据的库"),
        Cell::int(without.len()),
        match lang {
            Lang::En => without.join(", "),
            Lang::Zh => without.join("、"),
        },
    );

    let mut sec = Section::new(
        "by_depot",
        pick(
            lang,
            "Depots: their units against their circles",
            "各库：所属单位与响应圈",
        ),
        vec![
            hc::DEPOT,
            hc::DEPOT_NAME,
            hc::AS_OF,
            PLACES,
            LOCATED,
            UNLOCATED,
            WAREHOUSES,
            TIMES,
            ROWS,
            OUTSIDE,
            COVERAGE,
            OTHERS,
        ],
    );
    let n = c.depots.len();
    let (mut located, mut unlocated) = (vec![0u64; n], vec![0u64; n]);
    let (mut rows, mut inside, mut others) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
    let mut last_unit = None;
    for u in &c.plan.units {
        let Some(i) = c.owner[u.unit as usize] else {
            continue;
        };
        if last_unit != Some(u.unit) {
            located[i] += 1;
            last_unit = Some(u.unit);
        }
        rows[i] += 1;
        inside[i] += u64::from(u.inside(u.circle));
        others[i] += u64::from(
            u.reach
                .is_some_and(|x| c.owner[x.warehouse as usize] != Some(i)),
        );
    }
    for p in &c.plan.unlocated {
        if let Some(i) = c.owner[*p as usize] {
            unlocated[i] += 1;
        }
    }
    for (i, d) in c.depots.iter().enumerate() {
        let state = match (&d.depot.last, d.has_places()) {
            (None, _) => pick(lang, "no bundle", "无数据包"),
            (Some(_), false) => pick(
                lang,
                "no locations (bundle version 1)",
                "无位置数据（第 1 版数据包）",
            ),
            (Some(_), true) => pick(lang, "from its bundle", "取自数据包"),
        };
        let cov = percent(Decimal::from(inside[i]), Decimal::from(rows[i]));
        sec.rows.push(vec![
            Cell::text(d.depot.code.clone()),
            Cell::text(d.depot.name.clone()),
            Cell::opt_date(d.depot.last.as_ref().map(|l| l.as_of)),
            Cell::text(state),
            Cell::int(located[i]),
            Cell::int(unlocated[i]),
            Cell::int(d.warehouses),
            Cell::int(d.travel_times),
            Cell::int(rows[i]),
            Cell::int(rows[i] - inside[i]),
            Cell::Pct(cov),
            Cell::int(others[i]),
        ]);
    }
    r.sections.insert(0, sec);
    r.notes.push(
        pick(
            lang,
            "Headquarters' circles: every depot's units, warehouses and travel times from its latest bundle (bundle version 2), each warehouse module's saturation from that bundle's readiness.csv. The province is the whole service, each depot's top unit its city, its brigades the counties; any depot's warehouse may serve any unit (warehouse_depot). A travel time two depots' tables give is taken from the bundle written later. A code two depots both use is shown as DEPOT/CODE. A depot whose latest bundle is of version 1 has no locations: its units are not in the circles until it sends a version-2 bundle.",
            "总部的响应圈：各库的单位、储备库和行车时间取自其最近的数据包（第 2 版），储备库各模块的饱和度取自同一数据包的 readiness.csv。全省为所有库，各库的顶层单位为市级，其大队为县级；任一库的储备库均可支援任一单位（所属库）。两个库的行车时间表都给出的，取较晚生成的数据包的。两个库都使用的代码显示为“库代码/代码”。最近的数据包为第 1 版的库没有位置数据：其单位在该库送来第 2 版数据包之前不计入响应圈。",
        )
        .to_owned(),
    );
    r
}
