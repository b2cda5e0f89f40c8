//! Screen 1's trend view (Tab): the rates of the last 24 months read off the key loop, drawn
//! with each target's level and deadline, stale after a write; snapshots at both sizes in
//! both languages.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::*;
use crate::reader::{self, Answer, Ask};

/// The sample imported on 2025-05-10, and twenty-five of its ready vehicles written off on
/// 2026-04-15: the rates move inside the 24 months the view shows.
fn dated_store() -> Arc<Store> {
    let store = depot_service::store::in_memory().unwrap();
    let at = |s: &str| Ctx::fixed(OPERATOR, DateTime::parse_from_rfc3339(s).unwrap());
    import::import(
        &store,
        &at("2025-05-10T09:00:00+08:00"),
        &sample::sources(),
        InputEncoding::Auto,
        false,
    )
    .unwrap();
    write_off_ready_vehicles(&store, &at("2026-04-15T10:00:00+08:00"));
    Arc::new(store)
}

/// 25 of the sample's ready vehicles written off as of `ctx`'s time (readiness then falls).
pub(super) fn write_off_ready_vehicles(store: &Store, ctx: &Ctx) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../import/sample/assets.csv"
    ))
    .unwrap();
    let gone: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(",V-") && l.contains(",ready,"))
        .filter_map(|l| l.split(',').next())
        .take(25)
        .collect();
    assert_eq!(gone.len(), 25);
    for b in gone {
        depot_service::workflow::writeoff(
            store,
            ctx,
            &depot_domain::Barcode::new(b),
            "beyond repair",
            None,
        )
        .unwrap();
    }
}

fn dated() -> &'static Arc<Store> {
    static STORE: OnceLock<Arc<Store>> = OnceLock::new();
    STORE.get_or_init(dated_store)
}

fn buffer(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::draw(app, f)).unwrap();
    t.backend().buffer().clone()
}

/// The cells drawn with `symbol` in `colour`.
fn cells(buf: &Buffer, symbol: &str, colour: Color) -> usize {
    buf.content()
        .iter()
        .filter(|c| c.symbol() == symbol && c.fg == colour)
        .count()
}

#[test]
fn snapshot_trend() {
    snapshot_all_on(dated(), "trend", |app, store| {
        feed(app, store, [key(KeyCode::Tab)]);
    });
}

#[test]
fn the_trend_is_read_off_the_key_loop_and_a_write_makes_an_answer_stale() {
    let store = dated();
    let mut app = app_on(store, Lang::En, (160, 48), Screen::Dashboard);
    let (asks, asked) = std::sync::mpsc::channel();
    app.reads = Some(asks);
    feed(&mut app, store, [key(KeyCode::Tab)]);
    // The key loop asked and computed nothing: the view says it is reading.
    let ask = asked.try_recv().unwrap();
    let Ask::Trend { generation, spec } = ask.clone() else {
        panic!("{ask:?}")
    };
    assert_eq!(spec, crate::screens::trend::spec(as_of()));
    assert_eq!(spec.from, NaiveDate::from_ymd_opt(2024, 11, 23).unwrap());
    assert!(app.trend.run.is_none());
    assert!(render(&app).contains("Reading the ledger"));
    // Asked once, however often the view is opened meanwhile.
    feed(&mut app, store, [key(KeyCode::Tab), key(KeyCode::Tab)]);
    assert!(asked.try_recv().is_err());
    // A write before the answer arrives: the answer is of the register before it, not shown.
    let Answer::Trend(g, run) = reader::answer(store, ask) else {
        panic!("not a trend")
    };
    assert_eq!(g, generation);
    crate::screens::common::written(&mut app);
    crate::screens::trend::take(&mut app, g, *run);
    assert!(app.trend.run.is_none());
    // Asked again, and the answer to the new ask is shown: the service's trend.
    update::go(&mut app, store, Screen::Dashboard);
    let ask = asked.try_recv().unwrap();
    let Answer::Trend(g, run) = reader::answer(store, ask) else {
        panic!("not a trend")
    };
    assert_eq!(g, generation + 1);
    crate::screens::trend::take(&mut app, g, *run);
    let want = depot_service::trend::trend(store, &crate::screens::trend::spec(as_of())).unwrap();
    assert_eq!(app.trend.run.as_ref(), Some(&want));
    assert_eq!(want.points.len(), 25);
    // Tab goes back to the figures, Tab again to the trend, already read.
    feed(&mut app, store, [key(KeyCode::Tab)]);
    assert!(!app.trend.open);
    assert!(render(&app).contains("Equipped"));
    feed(&mut app, store, [key(KeyCode::Tab)]);
    assert!(asked.try_recv().is_err());
    assert!(!render(&app).contains("Reading the ledger"));
}

#[test]
fn the_chart_draws_each_rate_and_each_targets_level_and_deadline_in_its_colour() {
    let store = dated();
    for lang in [Lang::En, Lang::Zh] {
        let mut app = app_on(store, lang, (160, 48), Screen::Dashboard);
        app.no_color = false;
        feed(&mut app, store, [key(KeyCode::Tab)]);
        let buf = buffer(&app);
        let text = render(&app);
        // The targets' levels, dotted in their rates' colours: compliance (yellow, 95 % and
        // 90 %), high-end share (blue, 30 %) and, of the three at 100 %, saturation (magenta),
        // drawn last.
        for c in [Color::Yellow, Color::Magenta, Color::Blue] {
            assert!(cells(&buf, "•", c) > 10, "{c:?} level\n{text}");
        }
        // The rates drawn as lines (braille) in each colour, the ready rate's too.
        for c in [Color::Cyan, Color::Green, Color::Yellow, Color::Magenta] {
            let braille = buf
                .content()
                .iter()
                .filter(|x| {
                    x.fg == c
                        && ('\u{2801}'..='\u{28ff}')
                            .contains(&x.symbol().chars().next().unwrap_or(' '))
                })
                .count();
            assert!(braille > 5, "{c:?} line\n{text}");
        }
        // The axis reaches the saturation target's deadline, a month past the last date; its
        // labels are evenly spaced, as the chart spaces them.
        let axis = text.lines().rev().find(|l| l.contains("2024-11")).unwrap();
        assert!(
            axis.contains("2025-12") && axis.contains("2026-12"),
            "{text}"
        );
        // Each target listed with its deadline and the report's judgement of it.
        let (missed, month, rate) = match lang {
            Lang::En => ("missed", "month", "rate %"),
            Lang::Zh => ("逾期未达成", "月份", "比率 %"),
        };
        assert!(
            text.contains(missed) && text.contains("2025-12-31"),
            "{text}"
        );
        assert!(text.contains(month) && text.contains(rate), "{text}");
        assert_eq!(text.matches("DD-0").count(), 2, "{text}");
    }
}

#[test]
fn the_trend_counts_the_write_off_from_its_day() {
    let store = dated();
    let run = depot_service::trend::trend(store, &crate::screens::trend::spec(as_of())).unwrap();
    let ready = |on: &str| {
        let on: NaiveDate = on.parse().unwrap();
        let p = run.points.iter().find(|p| p.on == on).unwrap();
        p.figures.as_ref().map(|f| f.stock.pieces)
    };
    // No figures before the import (the register was not kept yet: the chart draws nothing
    // there, not rates of zero); the write-off of April shows from the next month on.
    assert_eq!(ready("2025-04-23"), None);
    assert!(ready("2025-05-23").is_some_and(|n| n > 0));
    assert_eq!(
        ready("2026-03-23").unwrap(),
        ready("2026-04-23").unwrap() + 25
    );
}
