//! The response circles at headquarters (Tab twice on screen 1): the whole service's, and one
//! depot's units on its lines, as `depot hq report circles` makes them; Tab and Esc go back;
//! ← → the module; a scanner's burst on them is a scan, never keys; snapshots at both sizes in
//! both languages.

use depot_domain::readiness::CircleSpec;
use depot_service::hq::circles::service_circles;

use super::hq::{hq_of, hq_store};
use super::*;
use crate::i18n::T;

fn tab(app: &mut App, store: &Arc<Store>) {
    feed(app, store, [key(KeyCode::Tab)]);
}

#[test]
fn tab_goes_from_the_chart_to_the_circles_and_back_to_the_list() {
    let store = hq_store();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(store, lang, (160, 48), Screen::Dashboard);
        tab(&mut app, store);
        assert!(hq_of(&app).chart.open);
        tab(&mut app, store);
        let hq = hq_of(&app);
        assert!(
            !hq.chart.open && hq.circles.open,
            "{:?}",
            hq.circles.read.error
        );
        assert_eq!(
            hq.circles.read.got.as_ref().map(|(w, _)| w.clone()),
            Some(None)
        );
        let text = screen_text(&app);
        assert!(text.contains(app.t(T::Circles)), "{text}");
        tab(&mut app, store);
        let hq = hq_of(&app);
        assert!(!hq.chart.open && !hq.circles.open);
        assert!(screen_text(&app).contains("ZD-QZ"));
        // Esc on the circles goes back too.
        tab(&mut app, store);
        tab(&mut app, store);
        feed(&mut app, store, [key(KeyCode::Esc)]);
        assert!(!hq_of(&app).circles.open && !hq_of(&app).chart.open);
    }
}

/// What the screen lists is what the report computes over the same bundles: each area of
/// each module with its nearest stocked warehouse, its time and its units outside.
#[test]
fn the_circles_on_screen_are_the_reports() {
    let store = hq_store();
    let c = service_circles(store, None, |_| Ok(CircleSpec::default())).unwrap();
    assert!(c.plan.modules.len() >= 2, "{:?}", c.plan.modules);
    let mut app = app_on(store, Lang::En, (160, 48), Screen::Dashboard);
    tab(&mut app, store);
    tab(&mut app, store);
    for (m, &module) in c.plan.modules.iter().enumerate() {
        assert_eq!(hq_of(&app).circles.module, m);
        let text = screen_text(&app);
        assert!(text.contains(c.snap.module_name(module, false)), "{text}");
        let rows: Vec<_> = c.plan.areas.iter().filter(|a| a.module == module).collect();
        assert!(!rows.is_empty());
        for a in &rows {
            let name = &c.snap.place(a.area).name;
            let mut name = if name.is_empty() {
                app.t(T::CircleWholeService).to_owned()
            } else {
                name.clone()
            };
            // Two depots' areas of one name: each says whose it is.
            let namesakes = rows
                .iter()
                .filter(|b| c.snap.place(b.area).name == c.snap.place(a.area).name)
                .count();
            if namesakes > 1 {
                name = format!("{} {name}", c.depot_of(a.area).unwrap().code);
            }
            let nearest = a
                .seat
                .map_or("—".to_owned(), |x| c.snap.place(x.warehouse).name.clone());
            let line = text
                .lines()
                .find(|l| l.contains(&format!("│{name} ")) || l.contains(&format!("│{name}│")))
                .unwrap_or_else(|| panic!("{name}:\n{text}"));
            assert!(line.contains(&nearest), "{name}: {nearest}\n{line}");
            assert!(
                line.contains(&format!("{}/{}", a.outside.len(), a.units)),
                "{name}\n{line}"
            );
        }
        feed(&mut app, store, [key(KeyCode::Right)]);
    }
    assert_eq!(hq_of(&app).circles.module, 0, "→ wraps round");
}

/// On a depot's lines, Tab twice: the circles of that depot's units only.
#[test]
fn a_depots_circles_place_its_units_only() {
    let store = hq_store();
    let mut app = app_on(store, Lang::Zh, (160, 48), Screen::Dashboard);
    let at = hq_of(&app)
        .depots
        .iter()
        .position(|d| d.depot.code == "ZD-QZ")
        .unwrap();
    for _ in 0..at {
        feed(&mut app, store, [key(KeyCode::Down)]);
    }
    feed(&mut app, store, [key(KeyCode::Enter)]);
    tab(&mut app, store);
    tab(&mut app, store);
    let (who, made) = hq_of(&app).circles.read.got.clone().unwrap();
    assert_eq!(who.as_deref(), Some("ZD-QZ"));
    let want = service_circles(store, Some("ZD-QZ"), |_| Ok(CircleSpec::default())).unwrap();
    assert_eq!(format!("{:?}", made.plan), format!("{:?}", want.plan));
    let all = service_circles(store, None, |_| Ok(CircleSpec::default())).unwrap();
    assert!(want.plan.units.len() < all.plan.units.len());
    assert!(screen_text(&app).contains("ZD-QZ"));
    // Back to its lines, not the list.
    feed(&mut app, store, [key(KeyCode::Esc)]);
    assert_eq!(hq_of(&app).open.as_ref().unwrap().code, "ZD-QZ");
}

#[test]
fn a_burst_on_the_circles_is_never_keys() {
    let store = hq_store();
    let mut clock = std::time::Instant::now();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(store, lang, (80, 24), Screen::Dashboard);
        timed(&mut app, store, &mut clock, 200, [key(KeyCode::Tab)]);
        timed(&mut app, store, &mut clock, 200, [key(KeyCode::Tab)]);
        timed(&mut app, store, &mut clock, 200, [key(KeyCode::Down)]);
        let at = (hq_of(&app).circles.module, hq_of(&app).circles.area);
        assert_eq!(at, (0, 1));
        let out = timed(&mut app, store, &mut clock, 3, typed("jjkG6Lq2"));
        assert_eq!(out, Outcome::Bell);
        let out = timed(&mut app, store, &mut clock, 3, scanner("jqz84637415"));
        assert_eq!(out, Outcome::Bell);
        assert!(app.status.as_deref().unwrap().contains("jqz84637415"));
        assert!(app.scan.lines.is_empty());
        let hq = hq_of(&app);
        assert!(hq.circles.open);
        assert_eq!((hq.circles.module, hq.circles.area), at);
        assert_eq!(
            (app.screen, app.lang, app.quit),
            (Screen::Dashboard, lang, false)
        );
    }
}

#[test]
fn snapshot_hq_circles() {
    let store = hq_store();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            let mut app = app_on(store, lang, (w, h), Screen::Dashboard);
            tab(&mut app, store);
            tab(&mut app, store);
            feed(&mut app, store, [key(KeyCode::Down), key(KeyCode::Down)]);
            insta::assert_snapshot!(format!("hq_circles_{w}x{h}_{l}"), render(&app));
        }
    }
}

/// The circles are made off the key loop: the second Tab asks once and the screen says it is
/// reading; an answer made before the depots' bundles changed is not shown, and they are
/// asked for again.
#[test]
fn the_circles_are_made_off_the_key_loop_and_an_ingest_makes_an_answer_stale() {
    use crate::reader::{self, Answer, Ask};
    let store = hq_store();
    let mut app = app_on(store, Lang::Zh, (80, 24), Screen::Dashboard);
    let (asks, asked) = std::sync::mpsc::channel();
    app.reads = Some(asks);
    tab(&mut app, store);
    let _chart = asked.try_recv().unwrap();
    tab(&mut app, store);
    let ask = asked.try_recv().unwrap();
    let Ask::HqCircles { generation, depot } = ask.clone() else {
        panic!("{ask:?}")
    };
    assert_eq!(depot, None);
    assert!(hq_of(&app).circles.read.got.is_none());
    assert!(
        render(&app).contains("正在读取各库的地点与储备"),
        "{}",
        render(&app)
    );
    // Keys meanwhile ask nothing more.
    feed(&mut app, store, [key(KeyCode::Down), key(KeyCode::Right)]);
    assert!(asked.try_recv().is_err());
    // The depots' bundles change before the answer arrives.
    let Answer::HqCircles(g, who, made) = reader::answer(store, ask) else {
        panic!("not the circles")
    };
    assert_eq!(g, generation);
    let depots = hq_of(&app).depots.clone();
    crate::screens::hq::take(&mut app, depots, None);
    crate::screens::hq::take_circles(&mut app, g, who, made);
    assert!(hq_of(&app).circles.read.got.is_none());
    crate::screens::hq::ask_circles(&mut app, store);
    let ask = asked.try_recv().unwrap();
    let Answer::HqCircles(g, who, made) = reader::answer(store, ask) else {
        panic!("not the circles")
    };
    assert_eq!(g, generation + 1);
    crate::screens::hq::take_circles(&mut app, g, who, made);
    let want = service_circles(store, None, |_| Ok(CircleSpec::default())).unwrap();
    let (who, made) = hq_of(&app).circles.read.got.clone().unwrap();
    assert_eq!(who, None);
    assert_eq!(format!("{:?}", made.plan), format!("{:?}", want.plan));
    assert!(!render(&app).contains("正在读取各库的地点与储备"));
    assert!(render(&app).contains("应急响应圈"));
}
