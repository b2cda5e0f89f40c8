//! Readiness over time at headquarters (Tab on screen 1): the whole service's rates at each
//! date a bundle is as of, and one depot's on its lines, drawn by the depot's own trend chart
//! from the figures kept of every bundle; read off the key loop; Esc goes back, Tab on to the
//! response circles; a scanner's burst on it is a scan, never keys; snapshots at both sizes in
//! both languages.

use depot_exchange::bundle::DepotKey;
use depot_exchange::columns::Kind;
use depot_service::hq::chart::chart;
use depot_service::import::files::Source;

use super::hq::{INGESTED, bundle, ctx_at, hq_of, ingest, other_sources};
use super::*;
use crate::reader::{self, Answer, Ask};

/// Headquarters' targets: every depot's equipped rate 100 % by the end of 2026, ready rate
/// 95 % by 2027, no over-age piece by mid-2026 (listed, not drawn), compliance 50 % for
/// 清州 by mid-2026, and a high-end share (not in a bundle: not listed).
const TARGETS: &str = "metric,scope,target,deadline,source\n\
    equipped_rate,,100,2026-12-31,plan\n\
    ready_rate,,95,2027-12-31,plan\n\
    over_age,,0,2026-06-30,plan\n\
    compliance_rate,unit:ZD-QZ,50,2026-06-30,plan\n\
    high_end_share,,30,2027-12-31,plan\n";

/// A register of `sources` imported on 1 March 2026.
fn register_march(sources: &[Source]) -> Store {
    let store = depot_service::store::in_memory().unwrap();
    let ctx = ctx_at("2026-03-01T08:00:00+08:00");
    import::import(&store, &ctx, sources, InputEncoding::Auto, false).unwrap();
    store
}

/// A headquarters whose depots sent bundles on different dates: 清州 (ZD-QZ) on 31 May and
/// on 20 November, twenty-five ready vehicles written off between them; 云州 (ZD-YZ) on 31
/// August; 河西 (ZD-HX) enrolled with none. Headquarters set targets of its own.
fn chart_store() -> &'static Arc<Store> {
    static STORE: OnceLock<Arc<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let qz = register_march(&sample::sources());
        let yz = register_march(&other_sources());
        let (kq, ky) = (DepotKey::generate().unwrap(), DepotKey::generate().unwrap());
        let store = depot_service::store::in_memory().unwrap();
        bundle(
            &qz,
            &kq,
            &dir.path().join("qz1"),
            (2026, 5, 31),
            "2026-06-01T09:00:00+08:00",
        );
        ingest(&store, &dir.path().join("qz1"));
        super::trend::write_off_ready_vehicles(&qz, &ctx_at("2026-07-15T10:00:00+08:00"));
        bundle(
            &yz,
            &ky,
            &dir.path().join("yz"),
            (2026, 8, 31),
            "2026-09-01T09:30:00+08:00",
        );
        ingest(&store, &dir.path().join("yz"));
        bundle(
            &qz,
            &kq,
            &dir.path().join("qz2"),
            (2026, 11, 20),
            "2026-11-20T18:00:00+08:00",
        );
        ingest(&store, &dir.path().join("qz2"));
        depot_service::hq::enrol(
            &store,
            &ctx_at(INGESTED),
            "ZD-HX",
            Some("河西市消防救援支队"),
            DepotKey::generate().unwrap().public(),
            false,
        )
        .unwrap();
        import::import(
            &store,
            &ctx_at(INGESTED),
            &[Source::Bytes(
                Kind::Targets,
                "targets.csv",
                TARGETS.as_bytes(),
            )],
            InputEncoding::Auto,
            false,
        )
        .unwrap();
        Arc::new(store)
    })
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// The chart's points the screen holds, and whose.
fn points(app: &App) -> &(Option<String>, Vec<depot_service::hq::chart::ChartPoint>) {
    hq_of(app).chart.read.got.as_ref().unwrap()
}

#[test]
fn snapshot_hq_chart_of_the_service_and_of_a_depot() {
    let store = chart_store();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            let mut app = app_on(store, lang, (w, h), Screen::Dashboard);
            feed(&mut app, store, [key(KeyCode::Tab)]);
            insta::assert_snapshot!(format!("hq_chart_{w}x{h}_{l}"), render(&app));
            // 清州, last in the list: its lines, then its chart.
            feed(
                &mut app,
                store,
                [key(KeyCode::Esc), key(KeyCode::End), key(KeyCode::Enter)],
            );
            feed(&mut app, store, [key(KeyCode::Tab)]);
            insta::assert_snapshot!(format!("hq_depot_chart_{w}x{h}_{l}"), render(&app));
        }
    }
}

/// The service's chart has a point at each bundle's date and today, each pooling the depots'
/// figures of their last bundle by then; on the last date they are those of the row for the
/// whole service. A depot's chart is its figures as `report trend --by depot` gives them.
#[test]
fn the_chart_is_the_bundles_figures_as_the_trend_by_depot_gives_them() {
    let store = chart_store();
    let mut app = app_on(store, Lang::En, (160, 48), Screen::Dashboard);
    feed(&mut app, store, [key(KeyCode::Tab)]);
    let (who, pts) = points(&app);
    assert_eq!(*who, None);
    let dates: Vec<NaiveDate> = pts.iter().map(|p| p.on).collect();
    assert_eq!(dates, [day(5, 31), day(8, 31), day(11, 20), day(11, 23)]);
    let with: Vec<usize> = pts.iter().map(|p| p.with_figures).collect();
    assert_eq!(with, [1, 2, 2, 2]);
    assert!(pts.iter().all(|p| p.depots == 3));
    // The last date: the row for the whole service, every line of the latest bundles pooled.
    let last = pts.last().unwrap().figures.as_ref().unwrap();
    let mut all = depot_domain::readiness::Tally::default();
    for d in &hq_of(&app).depots {
        all += &d.tally;
    }
    assert_eq!(last.lines, all);
    // Each depot's figures on a date are the trend by depot's on it.
    let by_depot = depot_service::hq::trend::trend(
        store,
        day(5, 31),
        day(11, 23),
        depot_domain::readiness::Every::Month,
        None,
    )
    .unwrap();
    for p in pts {
        let mut pooled: Option<depot_domain::readiness::Figures> = None;
        let one = depot_service::hq::trend::trend(
            store,
            p.on,
            p.on,
            depot_domain::readiness::Every::Month,
            None,
        )
        .unwrap();
        for d in &one.depots {
            if let depot_service::hq::trend::At::Bundle(f) = &d.at[0] {
                *pooled.get_or_insert_with(Default::default) +=
                    &depot_service::hq::trend::figures(f);
            }
        }
        assert_eq!(p.figures, pooled, "{}", p.on);
    }
    assert_eq!(by_depot.depots.len(), 3);
    // The service's targets are those for every depot, judged on the pooled figures; what a
    // bundle does not carry is not drawn, and the legend gives the last date's rates.
    let text = render(&app);
    let ready = depot_domain::readiness::rate_text(last.ready_rate());
    assert!(text.contains(&format!("{ready} %")), "{ready}\n{text}");
    assert!(text.contains("depots with figures: 2/3"), "{text}");
    assert!(!text.contains("ZD-QZ 50%"), "{text}");
    assert!(!text.contains("High-end 30%"), "{text}");
    assert!(text.contains("Ready 95% by 2027-12-31"), "{text}");

    // 清州's own chart: its two bundles and today, its figures the trend by depot's.
    feed(
        &mut app,
        store,
        [key(KeyCode::Esc), key(KeyCode::End), key(KeyCode::Enter)],
    );
    feed(&mut app, store, [key(KeyCode::Tab)]);
    let (who, pts) = points(&app);
    assert_eq!(who.as_deref(), Some("ZD-QZ"));
    let dates: Vec<NaiveDate> = pts.iter().map(|p| p.on).collect();
    assert_eq!(dates, [day(5, 31), day(11, 20), day(11, 23)]);
    let qz = depot_service::hq::trend::trend(
        store,
        day(5, 31),
        day(11, 20),
        depot_domain::readiness::Every::Month,
        Some("ZD-QZ"),
    )
    .unwrap();
    let kept = |i: usize| match &qz.depots[0].at[i] {
        depot_service::hq::trend::At::Bundle(f) => depot_service::hq::trend::figures(f),
        other => panic!("{other:?}"),
    };
    assert_eq!(pts[0].figures.as_ref(), Some(&kept(0)));
    assert_eq!(pts[1].figures.as_ref(), Some(&kept(qz.dates.len() - 1)));
    // The write-off of July shows: 25 pieces fewer.
    let f = |i: usize| pts[i].figures.as_ref().unwrap().stock.pieces;
    assert_eq!(f(0), f(1) + 25);
    let text = render(&app);
    assert!(text.contains("ZD-QZ · by bundle · Tab circles"), "{text}");
    assert!(text.contains("Compliance·ZD-QZ 50%"), "{text}");
    assert!(!text.contains("depots with figures"), "{text}");
    // Esc: back to its lines; Esc again: the list.
    feed(&mut app, store, [key(KeyCode::Esc)]);
    assert!(!hq_of(&app).chart.open);
    assert_eq!(hq_of(&app).open.as_ref().unwrap().code, "ZD-QZ");
    feed(&mut app, store, [key(KeyCode::Esc)]);
    assert!(hq_of(&app).open.is_none());
    assert!(render(&app).contains("stale first"));
}

/// The chart is read off the key loop: Tab asks once and the screen says it is reading; an
/// answer to an ask made before the depots' bundles changed is not shown.
#[test]
fn the_chart_is_read_off_the_key_loop_and_an_ingest_makes_an_answer_stale() {
    let store = chart_store();
    let mut app = app_on(store, Lang::Zh, (80, 24), Screen::Dashboard);
    let (asks, asked) = std::sync::mpsc::channel();
    app.reads = Some(asks);
    feed(&mut app, store, [key(KeyCode::Tab)]);
    let ask = asked.try_recv().unwrap();
    let Ask::HqChart {
        generation,
        depot,
        from,
        to,
    } = ask.clone()
    else {
        panic!("{ask:?}")
    };
    assert_eq!(
        (depot, from, to),
        (
            None,
            NaiveDate::from_ymd_opt(2024, 11, 23).unwrap(),
            as_of()
        )
    );
    assert!(hq_of(&app).chart.read.got.is_none());
    assert!(
        render(&app).contains("正在读取各数据包"),
        "{}",
        render(&app)
    );
    // Asked once, however often the chart is left and shown again meanwhile.
    feed(&mut app, store, [key(KeyCode::Esc), key(KeyCode::Tab)]);
    assert!(asked.try_recv().is_err());
    // The depots' bundles change (an ingest seen by the watcher) before the answer arrives.
    let Answer::HqChart(g, who, pts) = reader::answer(store, ask) else {
        panic!("not the chart")
    };
    assert_eq!(g, generation);
    let depots = hq_of(&app).depots.clone();
    crate::screens::hq::take(&mut app, depots, None);
    crate::screens::hq::take_chart(&mut app, g, who, pts);
    assert!(hq_of(&app).chart.read.got.is_none());
    // Asked again, and that answer is shown: the service's chart.
    crate::screens::hq::ask_chart(&mut app, store);
    let ask = asked.try_recv().unwrap();
    let Answer::HqChart(g, who, pts) = reader::answer(store, ask) else {
        panic!("not the chart")
    };
    assert_eq!(g, generation + 1);
    crate::screens::hq::take_chart(&mut app, g, who, pts);
    let want = chart(store, from, to, None).unwrap();
    assert_eq!(points(&app), &(None, want));
    assert!(!render(&app).contains("正在读取各数据包"));

    // A depot's chart asked for, and left for its lines before the answer: the answer is not
    // drawn there, and the next Tab on its lines asks again.
    feed(
        &mut app,
        store,
        [key(KeyCode::Esc), key(KeyCode::End), key(KeyCode::Enter)],
    );
    feed(&mut app, store, [key(KeyCode::Tab)]);
    let ask = asked.try_recv().unwrap();
    feed(&mut app, store, [key(KeyCode::Esc)]);
    let Answer::HqChart(g, who, pts) = reader::answer(store, ask) else {
        panic!("not the chart")
    };
    assert_eq!(who.as_deref(), Some("ZD-QZ"));
    feed(&mut app, store, [key(KeyCode::Esc)]);
    crate::screens::hq::take_chart(&mut app, g, who, pts);
    assert_eq!(points(&app).0, None, "the service's, still");
    feed(&mut app, store, [key(KeyCode::Enter), key(KeyCode::Tab)]);
    let Ask::HqChart { depot, .. } = asked.try_recv().unwrap() else {
        panic!("not the chart")
    };
    assert_eq!(depot.as_deref(), Some("ZD-QZ"));
}

/// A scanner's burst on the chart is a scan, whole: its letters and digits do nothing, its
/// Enter opens nothing, and the chart stays as it was.
#[test]
fn a_burst_on_the_hq_chart_is_never_keys() {
    let store = chart_store();
    let mut clock = std::time::Instant::now();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(store, lang, (80, 24), Screen::Dashboard);
        timed(&mut app, store, &mut clock, 200, [key(KeyCode::Tab)]);
        assert!(hq_of(&app).chart.open);
        let before = render(&app);
        let out = timed(&mut app, store, &mut clock, 3, typed("jjkG6Lq2"));
        assert_eq!(out, Outcome::Bell);
        assert!(hq_of(&app).chart.open);
        assert_eq!(
            (app.screen, app.lang, app.quit),
            (Screen::Dashboard, lang, false)
        );
        let out = timed(&mut app, store, &mut clock, 3, scanner("QZ84637415"));
        assert_eq!(out, Outcome::Bell);
        assert!(app.status.as_deref().unwrap().contains("QZ84637415"));
        assert!(app.scan.lines.is_empty());
        let hq = hq_of(&app);
        assert!(hq.chart.open && hq.open.is_none());
        assert_eq!(hq.sel, 0);
        app.status = None;
        assert_eq!(render(&app), before);
    }
}
