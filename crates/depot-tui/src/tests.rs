//! Screens drawn on a test backend (insta snapshots at 80×24 and 160×48, in both languages,
//! on the sample at a fixed date and operator), and key sequences to outcomes.

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};

use depot_exchange::{InputEncoding, sample};

use depot_service::export::Extract;
use depot_service::import::files as import;
use depot_service::store::Store;
use depot_service::{Clock, Ctx};

use crate::app::{App, Confirm, Screen};
use crate::i18n::Lang;
use crate::keymap::{self, Action};
use crate::update::{self, Outcome};
use crate::{Options, view};

const OPERATOR: &str = "王伟";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn sample_store() -> Arc<Store> {
    let store = depot_service::store::in_memory().unwrap();
    let ctx = Ctx::fixed(
        OPERATOR,
        DateTime::parse_from_rfc3339("2026-11-20T08:00:00+08:00").unwrap(),
    );
    import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false).unwrap();
    Arc::new(store)
}

/// One sample register shared by the tests that only read.
fn shared() -> &'static Arc<Store> {
    static STORE: OnceLock<Arc<Store>> = OnceLock::new();
    STORE.get_or_init(sample_store)
}

fn app_on(store: &Arc<Store>, lang: Lang, size: (u16, u16), screen: Screen) -> App {
    let opts = Options {
        lang,
        db: "demo.redb".into(),
        operator: Some(OPERATOR.into()),
        as_of: as_of(),
    };
    let mut app = crate::start(store, &opts, size).unwrap();
    update::go(&mut app, store, screen);
    app
}

fn render(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::draw(app, f)).unwrap();
    format!("{}", t.backend())
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

fn release(code: KeyCode) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Release,
        state: KeyEventState::NONE,
    })
}

/// Feeds events through the keymap and update, as the loop does; returns the last outcome.
fn feed(app: &mut App, store: &Arc<Store>, events: impl IntoIterator<Item = Event>) -> Outcome {
    let mut last = Outcome::None;
    for ev in events {
        if let Some(a) = keymap::map(app, &ev) {
            last = update::update(app, store, a);
        }
    }
    last
}

fn typed(s: &str) -> Vec<Event> {
    s.chars().map(|c| key(KeyCode::Char(c))).collect()
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snapshot_all(name: &str, prepare: impl Fn(&mut App, &Arc<Store>)) {
    snapshot_all_on(shared(), name, prepare);
}

/// [`snapshot_all`] on `store`.
fn snapshot_all_on(store: &Arc<Store>, name: &str, prepare: impl Fn(&mut App, &Arc<Store>)) {
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut app = app_on(store, lang, (w, h), Screen::Dashboard);
            prepare(&mut app, store);
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{l}"), render(&app));
        }
    }
}

#[test]
fn snapshot_dashboard() {
    snapshot_all("dashboard", |_, _| {});
}

#[test]
fn snapshot_circles() {
    // Screen 4's circles for the second module, the fourth area (a county outside its circle).
    snapshot_all("circles", |app, store| {
        update::go(app, store, Screen::Units);
        feed(app, store, [key(KeyCode::Tab), key(KeyCode::Right)]);
        for _ in 0..3 {
            feed(app, store, [key(KeyCode::Down)]);
        }
    });
}

#[test]
fn snapshot_inventory() {
    snapshot_all("inventory", |app, store| {
        update::go(app, store, Screen::Inventory);
        feed(app, store, typed("呼吸器"));
    });
}

#[test]
fn snapshot_units() {
    snapshot_all("units", |app, store| {
        update::go(app, store, Screen::Units);
        feed(app, store, [key(KeyCode::Down), key(KeyCode::Down)]);
    });
}

#[test]
fn snapshot_replacements() {
    snapshot_all("replacements", |app, store| {
        update::go(app, store, Screen::Replacements);
        feed(app, store, [key(KeyCode::F(3))]);
        feed(app, store, typed("2026=3000000 2027=3000000"));
        feed(app, store, [key(KeyCode::Enter)]);
    });
}

#[test]
fn snapshot_exports() {
    snapshot_all("exports", |app, store| {
        update::go(app, store, Screen::Exports);
        feed(app, store, [key(KeyCode::Down), key(KeyCode::Char('x'))]);
    });
}

#[test]
fn snapshot_scan_station_setup_and_help() {
    snapshot_all("scan", |app, store| {
        update::go(app, store, Screen::Scan);
        feed(app, store, [key(KeyCode::F(3))]);
        feed(app, store, typed("ZHAN-0102"));
        feed(app, store, [key(KeyCode::Enter)]);
        feed(app, store, typed("QZ0000"));
    });
    snapshot_all("help", |app, store| {
        update::go(app, store, Screen::Inventory);
        feed(app, store, [key(KeyCode::F(1))]);
    });
}

#[test]
fn snapshot_login_and_too_small() {
    let store = shared();
    for lang in [Lang::Zh, Lang::En] {
        let opts = Options {
            lang,
            db: "demo.redb".into(),
            operator: None,
            as_of: as_of(),
        };
        let mut app = crate::start(store, &opts, (80, 24)).unwrap();
        feed(&mut app, store, typed("李"));
        let l = if lang == Lang::Zh { "zh" } else { "en" };
        insta::assert_snapshot!(format!("login_80x24_{l}"), render(&app));
        app.size = (60, 20);
        insta::assert_snapshot!(format!("too_small_{l}"), render(&app));
    }
}

/// A ready asset at its owner, and a station other than its owner.
fn ready_asset() -> (String, &'static str) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../import/sample/assets.csv"
    ))
    .unwrap();
    let line = text
        .lines()
        .find(|l| l.contains(",ZHAN-0101,,") && l.contains(",ready,"))
        .unwrap();
    (line.split(',').next().unwrap().to_owned(), "ZHAN-0102")
}

fn scan_app(store: &Arc<Store>, receiver: &str) -> App {
    let mut app = app_on(store, Lang::En, (100, 30), Screen::Scan);
    feed(&mut app, store, [key(KeyCode::F(3))]);
    feed(&mut app, store, typed(receiver));
    feed(&mut app, store, [key(KeyCode::Enter)]);
    app
}

#[test]
fn a_scanner_burst_is_one_scan_and_lands() {
    let store = sample_store();
    let (barcode, to) = ready_asset();
    let mut app = scan_app(&store, to);
    // Every key press, and a release after each as Windows terminals send: releases ignored.
    let mut events = Vec::new();
    for c in barcode.chars() {
        events.push(key(KeyCode::Char(c)));
        events.push(release(KeyCode::Char(c)));
    }
    events.push(key(KeyCode::Enter));
    assert_eq!(feed(&mut app, &store, events), Outcome::None);
    let line = app.scan.lines.front().unwrap();
    assert!(line.ok, "{line:?}");
    assert_eq!(line.code, barcode);
    assert_eq!(app.scan.tally.ok, 1);
    let loc = match stock_of(&store, &barcode) {
        depot_domain::Stock::Asset(a) => a.location.map(|l| l.to_string()),
        depot_domain::Stock::Lot(_) => None,
    };
    assert_eq!(loc.as_deref(), Some(to));
    // Undo writes a reversing movement; the ledger still verifies.
    feed(&mut app, &store, [ctrl('z')]);
    assert!(app.scan.lines.front().unwrap().ok);
    assert!(depot_service::verify::verify(&store).unwrap().ok());
    let history = depot_service::query::history(&store, &barcode).unwrap();
    assert_eq!(
        history.last().unwrap().body.action,
        depot_domain::Action::Checkin
    );
}

#[test]
fn an_error_rings_the_bell_and_says_why() {
    let store = sample_store();
    let mut app = scan_app(&store, "ZHAN-0102");
    feed(&mut app, &store, typed("NOPE-1"));
    assert_eq!(feed(&mut app, &store, [key(KeyCode::Enter)]), Outcome::Bell);
    let line = app.scan.lines.front().unwrap();
    assert!(
        !line.ok && line.text.contains("unknown barcode"),
        "{line:?}"
    );
    assert_eq!(app.scan.tally.errors, 1);
}

#[test]
fn tab_ends_a_scan_and_paste_is_many_scans() {
    let store = sample_store();
    let mut app = scan_app(&store, "ZHAN-0102");
    feed(&mut app, &store, typed("NOPE-1"));
    feed(&mut app, &store, [key(KeyCode::Tab)]);
    assert_eq!(app.scan.tally.errors, 1);
    feed(
        &mut app,
        &store,
        [Event::Paste("NOPE-2\nNOPE-3\r\nNOPE-4\n".into())],
    );
    assert_eq!(app.scan.tally.errors, 4);
    assert_eq!(
        app.scan
            .lines
            .iter()
            .map(|l| l.code.as_str())
            .collect::<Vec<_>>(),
        ["NOPE-4", "NOPE-3", "NOPE-2", "NOPE-1"]
    );
}

#[test]
fn gs_stays_inside_the_code_and_ime_letters_warn() {
    let store = shared().clone();
    let mut app = scan_app(&store, "ZHAN-0102");
    let mut events = typed("01095");
    events.push(ctrl('5'));
    events.extend(typed("10ABC"));
    feed(&mut app, &store, events);
    assert_eq!(app.scan.input, "01095\u{1d}10ABC");
    assert_eq!(app.screen, Screen::Scan);
    feed(&mut app, &store, [key(KeyCode::Esc)]);
    feed(&mut app, &store, typed("扫"));
    assert!(app.scan.ime_warning);
}

#[test]
fn quitting_with_an_open_count_asks_first() {
    let store = sample_store();
    let mut app = app_on(&store, Lang::En, (100, 30), Screen::Scan);
    for _ in 0..4 {
        feed(&mut app, &store, [key(KeyCode::F(2))]);
    }
    assert_eq!(app.scan.mode, crate::app::ScanMode::Count);
    feed(&mut app, &store, [key(KeyCode::F(3))]);
    feed(&mut app, &store, typed("ZHAN-0101"));
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    assert!(app.scan.count.is_some(), "{:?}", app.status);
    assert_eq!(feed(&mut app, &store, [ctrl('c')]), Outcome::None);
    assert_eq!(app.confirm, Some(Confirm::Quit));
    assert!(render(&app).contains("an open stock count"));
    assert_eq!(
        feed(&mut app, &store, [key(KeyCode::Char('n'))]),
        Outcome::None
    );
    assert!(app.confirm.is_none());
    feed(&mut app, &store, [ctrl('c')]);
    assert_eq!(
        feed(&mut app, &store, [key(KeyCode::Char('y'))]),
        Outcome::Quit
    );
}

#[test]
fn filter_as_you_type_and_escape_clears() {
    let store = shared().clone();
    let mut app = app_on(&store, Lang::Zh, (100, 30), Screen::Inventory);
    let all = app.inventory.as_ref().unwrap().view.len();
    feed(&mut app, &store, typed("维修"));
    let some = app.inventory.as_ref().unwrap().view.len();
    assert!(some > 0 && some < all);
    feed(&mut app, &store, [key(KeyCode::Esc)]);
    assert_eq!(app.inventory.as_ref().unwrap().view.len(), all);
    feed(&mut app, &store, [key(KeyCode::Esc)]);
    assert_eq!(app.screen, Screen::Dashboard);
}

#[test]
fn language_toggles_and_keys_switch_screens() {
    let store = shared().clone();
    let mut app = app_on(&store, Lang::Zh, (100, 30), Screen::Dashboard);
    feed(&mut app, &store, [key(KeyCode::F(12))]);
    assert_eq!(app.lang, Lang::En);
    feed(&mut app, &store, [key(KeyCode::Char('4'))]);
    assert_eq!(app.screen, Screen::Units);
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    assert!(app.popup.is_some());
    feed(&mut app, &store, [key(KeyCode::Esc)]);
    assert!(app.popup.is_none());
    // No printable key quits: a lowercase scan burst has a `q` in it.
    assert_eq!(keymap::map(&app, &key(KeyCode::Char('q'))), None);
    assert_eq!(keymap::map(&app, &ctrl('q')), Some(Action::Quit));
}

#[test]
fn the_chinese_interface_answers_scans_in_chinese() {
    let store = sample_store();
    let (barcode, to) = ready_asset();
    let mut app = scan_app(&store, to);
    app.lang = Lang::Zh;
    feed(&mut app, &store, typed("QZ0000000X"));
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    let line = app.scan.lines.front().unwrap();
    assert!(line.text.starts_with("未知条码 QZ0000000X"), "{line:?}");
    feed(&mut app, &store, typed(&barcode));
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    assert_eq!(
        app.scan.lines.front().unwrap().text,
        format!("已借出至 青阳区滨江消防救援站 {to}")
    );
    feed(&mut app, &store, typed(&barcode));
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    assert!(
        app.scan.lines.front().unwrap().text.starts_with("重复扫码"),
        "{:?}",
        app.scan.lines.front()
    );
}

#[test]
fn the_exports_screen_backs_the_database_up_from_this_process() {
    let store = shared();
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::En, Lang::Zh] {
        let mut app = app_on(store, lang, (80, 24), Screen::Dashboard);
        update::go(&mut app, store, Screen::Exports);
        app.db = dir.path().join(format!("reg-{lang:?}.redb"));
        feed(&mut app, store, [key(KeyCode::Char('b'))]);
        assert!(app.exports.backup.is_some(), "no backup started");
        let screen = render(&app);
        assert!(
            screen.contains(app.t(crate::i18n::T::BackingUp)),
            "{screen}"
        );
        let start = std::time::Instant::now();
        while app.exports.backup.is_some() {
            assert!(start.elapsed().as_secs() < 120, "the backup never ended");
            std::thread::sleep(std::time::Duration::from_millis(20));
            update::tick(&mut app, store);
        }
        let (ok, text) = app.exports.result.clone().unwrap();
        assert!(ok, "{text}");
        assert!(text.starts_with(app.t(crate::i18n::T::BackedUp)), "{text}");
        let written: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "redb")
                    && p.to_string_lossy()
                        .contains(&format!("reg-{lang:?}-backup-"))
            })
            .collect();
        assert_eq!(written.len(), 1, "{written:?}");
        assert!(text.contains(&written[0].display().to_string()), "{text}");
        let copy = depot_service::store::open(&written[0]).unwrap();
        assert_eq!(copy.census().unwrap(), store.census().unwrap());
    }
}

/// Events through the input layer as the loop hands them over, each `ms` after the one before
/// (starting `ms` after `clock`), then time enough for anything held to be let go. Returns
/// the worst outcome and moves `clock` on.
fn timed(
    app: &mut App,
    store: &Arc<Store>,
    clock: &mut std::time::Instant,
    ms: u64,
    events: impl IntoIterator<Item = Event>,
) -> Outcome {
    let mut worst = Outcome::None;
    let mut note = |o: Outcome| {
        if o == Outcome::Quit || (o == Outcome::Bell && worst == Outcome::None) {
            worst = o;
        }
    };
    for ev in events {
        *clock += std::time::Duration::from_millis(ms);
        note(crate::input::event(app, store, &ev, *clock));
    }
    *clock += std::time::Duration::from_millis(500);
    note(crate::input::expire(app, store, *clock));
    worst
}

/// A scanner's burst: the code at 3 ms a character, then Enter.
fn scanner(code: &str) -> Vec<Event> {
    let mut e = typed(code);
    e.push(key(KeyCode::Enter));
    e
}

/// What `barcode` stands for now.
fn stock_of(store: &Store, barcode: &str) -> depot_domain::Stock {
    depot_service::item::page(store, barcode)
        .unwrap()
        .unwrap()
        .stock
}

/// Where a real sample barcode is now.
fn location_of(store: &Store, barcode: &str) -> Option<String> {
    match stock_of(store, barcode) {
        depot_domain::Stock::Asset(a) => a.location.map(|l| l.to_string()),
        depot_domain::Stock::Lot(_) => None,
    }
}

/// The ledger's head: how many movements there are.
fn head_of(store: &Store) -> u64 {
    store.read().unwrap().ledger_head().unwrap().0
}

/// The barcode of the item page open on the inventory, if one is.
fn open_page(app: &App) -> Option<String> {
    app.inventory
        .as_ref()?
        .page
        .as_ref()
        .map(|p| p.stock.barcode().to_string())
}

#[test]
fn a_scan_checks_out_only_at_the_scan_station_and_looks_up_everywhere_else() {
    let store = sample_store();
    let mut clock = std::time::Instant::now();
    // The scan station is set up to check out to ZHAN-0201 ...
    let mut app = scan_app(&store, "ZHAN-0201");
    let code = "QZ84637415";
    // ... and a quartermaster scans a truck to look it up, on every other screen, on the item
    // page, and with an overlay open.
    type Reach = Box<dyn Fn(&mut App)>;
    let mut places: Vec<(&str, Reach)> = Vec::new();
    for s in Screen::ALL.into_iter().filter(|s| *s != Screen::Scan) {
        let name = format!("{s:?}").leak() as &str;
        let st = store.clone();
        places.push((name, Box::new(move |app: &mut App| update::go(app, &st, s))));
    }
    let st = store.clone();
    places.push((
        "an item page",
        Box::new(move |app: &mut App| {
            update::go(app, &st, Screen::Inventory);
            feed(app, &st, [key(KeyCode::Enter)]);
            assert!(open_page(app).is_some());
        }),
    ));
    let st = store.clone();
    places.push((
        "the trend",
        Box::new(move |app: &mut App| {
            update::go(app, &st, Screen::Dashboard);
            if !app.trend.open {
                feed(app, &st, [key(KeyCode::Tab)]);
            }
            assert!(app.trend.open && app.trend.run.is_some());
        }),
    ));
    let st = store.clone();
    places.push((
        "the help",
        Box::new(move |app: &mut App| {
            update::go(app, &st, Screen::Units);
            feed(app, &st, [key(KeyCode::F(1))]);
        }),
    ));
    for lang in [Lang::En, Lang::Zh] {
        app.lang = lang;
        for (place, reach) in &places {
            reach(&mut app);
            let query = app.inventory.as_ref().map(|i| i.query.clone());
            let before = head_of(&store);
            let was = app.screen;
            let out = timed(&mut app, &store, &mut clock, 3, scanner(code));
            assert_eq!(out, Outcome::None, "{place}");
            assert_eq!(head_of(&store), before, "{place}: the scan wrote");
            assert_eq!(location_of(&store, code), None, "{place}");
            assert_eq!(app.screen, Screen::Inventory, "{place}");
            assert_eq!(open_page(&app).as_deref(), Some(code), "{place}");
            assert!(!app.help && app.popup.is_none(), "{place}");
            if let (Some(before), Some(inv)) = (query, &app.inventory) {
                assert_eq!(inv.query, before, "{place}: the filter took the burst");
            }
            // From another screen, the status line says which key goes to the scan station,
            // whole at 80 columns.
            let status = app.status.clone().unwrap_or_default();
            if was == Screen::Inventory {
                assert!(status.is_empty(), "{place}: {status}");
            } else {
                assert!(status.contains("Alt+3"), "{place}: {status}");
                let said = match lang {
                    Lang::En => "nothing checked out or in",
                    Lang::Zh => "未出入库",
                };
                assert!(status.contains(said), "{place}: {status}");
                app.size = (80, 24);
                let screen = screen_text(&app);
                app.size = (100, 30);
                let flat: String = screen.split_whitespace().collect();
                let whole: String = status.split_whitespace().collect();
                assert!(flat.contains(&whole), "{place}: {status}\n{screen}");
            }
            feed(&mut app, &store, [key(KeyCode::Esc)]);
        }
    }
    // An unknown code is said so, with the bell; a lowercase burst never quits (its `q`).
    for s in Screen::ALL.into_iter().filter(|s| *s != Screen::Scan) {
        update::go(&mut app, &store, s);
        let out = timed(&mut app, &store, &mut clock, 3, scanner("NOPE-77"));
        assert_eq!(out, Outcome::Bell, "{s:?}");
        assert!(app.status.as_deref().unwrap().contains("NOPE-77"), "{s:?}");
        update::go(&mut app, &store, s);
        let out = timed(&mut app, &store, &mut clock, 3, scanner("qz15776059"));
        assert_ne!(out, Outcome::Quit, "quit on {s:?}");
        assert!(!app.quit);
        assert_eq!(open_page(&app).as_deref(), Some("QZ15776059"), "{s:?}");
        feed(&mut app, &store, [key(KeyCode::Esc)]);
    }
    assert_eq!(location_of(&store, "QZ15776059"), None);
    // Tab ends a burst too (the inventory's Tab would switch panes).
    update::go(&mut app, &store, Screen::Inventory);
    let mut e = typed(code);
    e.push(key(KeyCode::Tab));
    timed(&mut app, &store, &mut clock, 2, e);
    assert_eq!(open_page(&app).as_deref(), Some(code));
    // At the scan station, whose mode and receiver are on screen, the same burst checks out.
    update::go(&mut app, &store, Screen::Scan);
    let screen = screen_text(&app);
    assert!(screen.contains("ZHAN-0201"), "{screen}");
    timed(&mut app, &store, &mut clock, 3, scanner(code));
    let line = app.scan.lines.front().unwrap();
    assert!(line.ok && line.code == code, "{line:?}");
    assert_eq!(location_of(&store, code).as_deref(), Some("ZHAN-0201"));
}

#[test]
fn finding_2_an_overlay_does_not_swallow_the_first_character() {
    let store = sample_store();
    let mut clock = std::time::Instant::now();
    let mut app = scan_app(&store, "ZHAN-0102");
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::F(1))]);
    assert!(app.help);
    timed(&mut app, &store, &mut clock, 3, scanner("QZ84637415"));
    assert!(!app.help);
    let line = app.scan.lines.front().unwrap();
    assert_eq!(line.code, "QZ84637415", "{line:?}");
    assert!(line.ok, "{line:?}");
    // A list opened from a figure is an overlay too.
    update::go(&mut app, &store, Screen::Units);
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::Enter)]);
    assert!(app.popup.is_some());
    timed(&mut app, &store, &mut clock, 3, scanner("NOPE-12345"));
    assert!(app.popup.is_none());
    assert!(app.status.as_deref().unwrap().starts_with("✗ NOPE-12345"));
}

#[test]
fn a_burst_during_a_question_is_refused_whole() {
    let store = shared().clone();
    let mut clock = std::time::Instant::now();
    let mut app = app_on(&store, Lang::En, (100, 30), Screen::Scan);
    timed(&mut app, &store, &mut clock, 200, typed("QZ1"));
    timed(&mut app, &store, &mut clock, 200, [ctrl('c')]);
    assert_eq!(app.confirm, Some(Confirm::Quit));
    // A burst with a `y` in it answers nothing.
    let out = timed(&mut app, &store, &mut clock, 3, scanner("yQZ84637415"));
    assert_eq!(out, Outcome::Bell);
    assert_eq!(app.confirm, Some(Confirm::Quit));
    assert!(app.status.as_deref().unwrap().contains("yQZ84637415"));
    assert!(app.scan.lines.is_empty());
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::Char('n'))]);
    assert!(app.confirm.is_none());
}

#[test]
fn fast_typing_and_a_paste_go_into_the_field_of_words_with_the_focus() {
    let store = shared().clone();
    let mut clock = std::time::Instant::now();
    let mut app = app_on(&store, Lang::En, (80, 24), Screen::Replacements);
    let before = head_of(&store);
    // The budgets, typed at scanner speed and ended with Enter: text, and Enter keeps it.
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::F(3))]);
    assert!(app.replacements.editing);
    let out = timed(&mut app, &store, &mut clock, 3, scanner("2026=5000000"));
    assert_eq!(out, Outcome::None, "{:?}", app.status);
    assert_eq!(app.replacements.budgets, "2026=5000000");
    assert!(!app.replacements.editing);
    assert!(app.status.is_none(), "{:?}", app.status);
    // A paste goes into the field too, on one line.
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::F(3))]);
    timed(&mut app, &store, &mut clock, 200, typed(" "));
    timed(
        &mut app,
        &store,
        &mut clock,
        200,
        [Event::Paste(" 2027=3000000\n2028=1000000\n".into())],
    );
    assert_eq!(
        app.replacements.budgets,
        "2026=5000000 2027=3000000 2028=1000000"
    );
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::Backspace)]);
    assert_eq!(app.screen, Screen::Replacements);
    assert!(app.replacements.editing);
    // The export's file name likewise.
    update::go(&mut app, &store, Screen::Exports);
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::F(3))]);
    timed(&mut app, &store, &mut clock, 3, typed("/tmp/out"));
    timed(
        &mut app,
        &store,
        &mut clock,
        200,
        [Event::Paste("/x.csv".into())],
    );
    assert_eq!(app.exports.path, "/tmp/out/x.csv");
    timed(&mut app, &store, &mut clock, 3, scanner("-2026"));
    assert_eq!(app.exports.path, "/tmp/out/x.csv-2026");
    assert!(!app.exports.editing);
    // The login's fields take a paste as well.
    let opts = Options {
        lang: Lang::En,
        db: "demo.redb".into(),
        operator: None,
        as_of: as_of(),
    };
    let mut login = crate::start(&store, &opts, (80, 24)).unwrap();
    feed(&mut login, &store, [Event::Paste("王伟\n".into())]);
    assert_eq!(login.login.name, "王伟");
    assert!(app.scan.lines.is_empty());
    assert_eq!(head_of(&store), before);
}

#[test]
fn people_still_type_and_input_methods_still_commit() {
    let store = shared().clone();
    let mut clock = std::time::Instant::now();
    let mut app = app_on(&store, Lang::Zh, (100, 30), Screen::Dashboard);
    // A person's digit switches screens.
    timed(&mut app, &store, &mut clock, 150, [key(KeyCode::Char('2'))]);
    assert_eq!(app.screen, Screen::Inventory);
    // An input method commits several characters at once, with no Enter: filter text.
    timed(&mut app, &store, &mut clock, 0, typed("呼吸器"));
    assert_eq!(app.inventory.as_ref().unwrap().query, "呼吸器");
    // Keys typed by hand, quickly but not at scanner speed, then Enter.
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::Esc)]);
    assert_eq!(app.inventory.as_ref().unwrap().query, "");
    update::go(&mut app, &store, Screen::Scan);
    let mut e = typed("NOPE-5");
    e.push(key(KeyCode::Enter));
    timed(&mut app, &store, &mut clock, 60, e);
    assert_eq!(app.scan.lines.front().unwrap().code, "NOPE-5");
    // A held-down key repeats fast: still the key, not a refused scan.
    update::go(&mut app, &store, Screen::Units);
    timed(&mut app, &store, &mut clock, 20, typed("jjjjjj"));
    assert_eq!(app.units.sel, 6);
    // Characters at scanner speed with no Enter, where keys navigate: refused whole.
    update::go(&mut app, &store, Screen::Dashboard);
    let out = timed(&mut app, &store, &mut clock, 3, typed("84637415"));
    assert_eq!(out, Outcome::Bell);
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(app.status.is_some());
    // The message answers that burst; the next key clears it.
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::Down)]);
    assert!(app.status.is_none());
}

#[test]
fn quitting_asks_only_when_something_is_pending() {
    let store = shared().clone();
    let mut clock = std::time::Instant::now();
    let mut app = app_on(&store, Lang::En, (100, 30), Screen::Scan);
    timed(&mut app, &store, &mut clock, 200, typed("QZ"));
    assert_eq!(
        timed(&mut app, &store, &mut clock, 200, [ctrl('c')]),
        Outcome::None
    );
    assert_eq!(app.confirm, Some(Confirm::Quit));
    let screen = render(&app);
    assert!(
        screen.contains("a code typed but not yet scanned"),
        "{screen}"
    );
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::Esc)]);
    assert!(app.confirm.is_none());
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::Esc)]);
    assert!(app.scan.input.is_empty());
    assert_eq!(
        timed(&mut app, &store, &mut clock, 200, [ctrl('q')]),
        Outcome::Quit
    );
}

/// Presses F2 until the scan station is in `mode`.
fn to_mode(app: &mut App, store: &Arc<Store>, mode: crate::app::ScanMode) {
    while app.scan.mode != mode {
        feed(app, store, [key(KeyCode::F(2))]);
    }
}

/// F3, `text`, Enter: the mode's place, picked by search.
fn pick(app: &mut App, store: &Arc<Store>, text: &str) {
    feed(app, store, [key(KeyCode::F(3))]);
    feed(app, store, typed(text));
    feed(app, store, [key(KeyCode::Enter)]);
}

fn scan(app: &mut App, store: &Arc<Store>, code: &str) -> crate::app::ScanLine {
    feed(app, store, typed(code));
    feed(app, store, [key(KeyCode::Enter)]);
    app.scan.lines.front().unwrap().clone()
}

fn status_of(store: &Store, barcode: &str) -> depot_domain::AssetStatus {
    match stock_of(store, barcode) {
        depot_domain::Stock::Asset(a) => a.status,
        depot_domain::Stock::Lot(_) => panic!("a lot"),
    }
}

#[test]
fn finding_3_check_in_starts_from_its_own_fields() {
    use crate::app::ScanMode;
    let store = sample_store();
    let (barcode, to) = ready_asset();
    let mut app = scan_app(&store, to);
    assert!(scan(&mut app, &store, &barcode).ok);
    to_mode(&mut app, &store, ScanMode::In);
    assert_eq!(app.scan.setup, crate::state::scan::Setup::default());
    let line = scan(&mut app, &store, &barcode);
    assert!(line.ok, "{line:?}");
    assert_eq!(location_of(&store, &barcode), None);
    // Into a station: refused while picking, saying so, and nothing is kept.
    pick(&mut app, &store, "ZHAN-0102");
    assert!(app.scan.field_error.is_some());
    assert_eq!(app.scan.editing, Some(crate::app::Field::Receiver));
    feed(&mut app, &store, [key(KeyCode::Esc)]);
    assert_eq!(app.scan.setup.to, None);
    // Into a warehouse, found by its name.
    pick(&mut app, &store, "青阳区应急");
    assert_eq!(app.scan.setup.to.as_ref().unwrap().code, "CK-XJ-01");
    let screen = render(&app);
    assert!(screen.contains("CK-XJ-01"), "{screen}");
}

#[test]
fn finding_4_check_in_as_damaged_sends_to_repair() {
    use crate::app::ScanMode;
    let store = sample_store();
    let (barcode, to) = ready_asset();
    let mut app = scan_app(&store, to);
    assert!(scan(&mut app, &store, &barcode).ok);
    to_mode(&mut app, &store, ScanMode::In);
    feed(&mut app, &store, [key(KeyCode::F(6))]);
    assert!(app.scan.setup.damaged);
    assert!(render(&app).contains("damaged → repair"));
    let line = scan(&mut app, &store, &barcode);
    assert!(line.ok && line.text.contains("maintenance"), "{line:?}");
    assert_eq!(
        status_of(&store, &barcode),
        depot_domain::AssetStatus::Maintenance
    );
}

#[test]
fn finding_5_the_receiver_is_picked_from_the_register() {
    let store = sample_store();
    let (barcode, _) = ready_asset();
    let mut app = app_on(&store, Lang::Zh, (100, 30), Screen::Scan);
    // A name finds its place; lower case finds the code.
    pick(&mut app, &store, "滨江");
    assert_eq!(app.scan.setup.to.as_ref().unwrap().code, "ZHAN-0102");
    pick(&mut app, &store, "zhan-0103");
    assert_eq!(app.scan.setup.to.as_ref().unwrap().code, "ZHAN-0103");
    // A receiver's code scanned into the open field.
    let mut clock = std::time::Instant::now();
    timed(&mut app, &store, &mut clock, 200, [key(KeyCode::F(3))]);
    timed(&mut app, &store, &mut clock, 2, scanner("ZHAN-0101"));
    assert_eq!(app.scan.setup.to.as_ref().unwrap().code, "ZHAN-0101");
    pick(&mut app, &store, "zhan-0103");
    // Text that names nothing is not accepted; the field stays open and says so.
    pick(&mut app, &store, "不存在的站");
    assert!(app.scan.field_error.is_some());
    assert_eq!(app.scan.setup.to.as_ref().unwrap().code, "ZHAN-0103");
    feed(&mut app, &store, [key(KeyCode::Esc)]);
    // The answer names the item and the place: what a person checks against their hand.
    let line = scan(&mut app, &store, &barcode);
    assert!(line.ok, "{line:?}");
    assert!(line.item.is_some());
    assert!(
        line.text.contains("青阳区高新区消防救援站 ZHAN-0103"),
        "{line:?}"
    );
    // Without a receiver, a scan says which key to press.
    let mut app = app_on(&store, Lang::En, (100, 30), Screen::Scan);
    let line = scan(&mut app, &store, &barcode);
    assert!(!line.ok && line.text.starts_with("F3"), "{line:?}");
}

#[test]
fn finding_6_a_lowercase_code_matches_its_one_code_and_says_so() {
    let store = sample_store();
    let mut app = scan_app(&store, "ZHAN-0102");
    let line = scan(&mut app, &store, "qz84637415");
    assert!(line.ok, "{line:?}");
    assert_eq!(line.code, "QZ84637415");
    assert!(line.text.contains("matched ignoring case"), "{line:?}");
    assert_eq!(
        location_of(&store, "QZ84637415").as_deref(),
        Some("ZHAN-0102")
    );
}

/// The movements after `after`, in seq order.
fn movements_after(store: &Store, after: u64) -> Vec<depot_domain::movement::Movement> {
    let mut out = Vec::new();
    Extract::open(store)
        .unwrap()
        .for_each_movement(after + 1, |m| -> depot_service::Result<()> {
            out.push(m);
            Ok(())
        })
        .unwrap();
    out
}

fn ledger_len(store: &Store) -> u64 {
    Extract::open(store).unwrap().movement_count().unwrap()
}

/// Count mode, a count opened at `scope`, `codes` scanned, F7: the closing dialog.
fn count_and_close(app: &mut App, store: &Arc<Store>, scope: &str, codes: &[&str]) {
    to_mode(app, store, crate::app::ScanMode::Count);
    pick(app, store, scope);
    assert!(app.scan.count.is_some(), "{:?}", app.status);
    for c in codes {
        let line = scan(app, store, c);
        assert!(line.ok, "{line:?}");
    }
    feed(app, store, [key(KeyCode::F(7))]);
    assert!(app.scan.closing.is_some());
}

#[test]
fn finding_7_every_write_is_stamped_when_it_is_made() {
    let store = sample_store();
    let (barcode, to) = ready_asset();
    let mut app = scan_app(&store, to);
    // The session holds a clock, not the moment of the login: however long ago the terminal
    // was opened, each write is stamped when it is made.
    assert_eq!(app.session.as_ref().unwrap().clock, Clock::Local);
    let before = ledger_len(&store);
    let start = chrono::Local::now().fixed_offset() - chrono::Duration::seconds(1);
    assert!(scan(&mut app, &store, &barcode).ok);
    feed(&mut app, &store, [ctrl('z')]);
    count_and_close(&mut app, &store, "WX-0101", &["QZ84637415"]);
    feed(&mut app, &store, typed("盘点"));
    feed(&mut app, &store, [key(KeyCode::Right)]);
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    assert!(app.scan.closing.is_none(), "{:?}", app.scan.closing);
    let new = movements_after(&store, before);
    assert!(new.len() >= 3, "{new:#?}");
    for pair in new.windows(2) {
        assert!(pair[0].body.at <= pair[1].body.at, "{pair:#?}");
    }
    let end = chrono::Local::now().fixed_offset() + chrono::Duration::seconds(1);
    for m in &new {
        assert!(
            m.body.at >= start && m.body.at <= end,
            "seq {} stamped {}",
            m.seq,
            m.body.at
        );
    }
}

#[test]
fn finding_8_a_count_decides_each_unexpected_item_with_its_reason() {
    let store = sample_store();
    let mut app = app_on(&store, Lang::En, (100, 30), Screen::Scan);
    // QZ84637415 belongs to CK-XJ-01 and turns up at WX-0101.
    count_and_close(&mut app, &store, "WX-0101", &["QZ84637415"]);
    let screen = render(&app);
    assert!(
        screen.contains("QZ84637415") && screen.contains("decide"),
        "{screen}"
    );
    // No reason: not posted, and it says so.
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    assert!(app.scan.closing.as_ref().unwrap().error.is_some());
    feed(&mut app, &store, typed("annual count"));
    // No decision: not posted either.
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    let err = app.scan.closing.as_ref().unwrap().error.clone().unwrap();
    assert!(err.contains("decide"), "{err}");
    // Send it back to its owner.
    feed(&mut app, &store, [key(KeyCode::Right), key(KeyCode::Right)]);
    let before = ledger_len(&store);
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    assert!(app.scan.closing.is_none(), "{:?}", app.scan.closing);
    let found: Vec<_> = movements_after(&store, before)
        .into_iter()
        .filter(|m| m.body.barcode.as_str() == "QZ84637415")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .body
            .reason
            .as_deref()
            .unwrap()
            .contains("annual count")
    );
    // Not a check-out: it can be checked out at once.
    assert_eq!(location_of(&store, "QZ84637415"), None);
    let mut app = scan_app(&store, "ZHAN-0102");
    let line = scan(&mut app, &store, "QZ84637415");
    assert!(line.ok, "{line:?}");

    // Taken over by the place that found it: a transfer, with the reason.
    let mut app = app_on(&store, Lang::Zh, (100, 30), Screen::Scan);
    count_and_close(&mut app, &store, "WX-0201", &["QZ15776059"]);
    feed(&mut app, &store, typed("季度盘点"));
    feed(&mut app, &store, [key(KeyCode::Right)]);
    let before = ledger_len(&store);
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    let m = movements_after(&store, before)
        .into_iter()
        .find(|m| m.body.barcode.as_str() == "QZ15776059")
        .unwrap();
    assert_eq!(m.body.action, depot_domain::Action::Transfer);
    assert!(m.body.reason.as_deref().unwrap().contains("季度盘点"));
    match stock_of(&store, "QZ15776059") {
        depot_domain::Stock::Asset(a) => assert_eq!(a.owner.as_str(), "WX-0201"),
        depot_domain::Stock::Lot(_) => panic!("a lot"),
    }
}

fn lot_quantity(store: &Store, barcode: &str) -> rust_decimal::Decimal {
    match stock_of(store, barcode) {
        depot_domain::Stock::Lot(l) => l.quantity,
        depot_domain::Stock::Asset(_) => panic!("an asset"),
    }
}

#[test]
fn finding_9_whole_things_stay_whole() {
    use crate::app::ScanMode;
    use rust_decimal::Decimal;
    // QZL83109967: 17 life jackets (救生衣, counted in 件).
    let store = sample_store();
    let mut app = app_on(&store, Lang::Zh, (100, 30), Screen::Scan);
    to_mode(&mut app, &store, ScanMode::Issue);
    feed(&mut app, &store, [key(KeyCode::F(4))]);
    feed(&mut app, &store, typed("INC-2026-77"));
    feed(&mut app, &store, [key(KeyCode::Enter), key(KeyCode::F(5))]);
    feed(&mut app, &store, typed("2.5"));
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    let line = scan(&mut app, &store, "QZL83109967");
    assert!(!line.ok && line.text.contains("以「件」计"), "{line:?}");
    assert_eq!(lot_quantity(&store, "QZL83109967"), Decimal::from(17));
    feed(&mut app, &store, [key(KeyCode::F(5))]);
    feed(&mut app, &store, typed("2"));
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    assert!(scan(&mut app, &store, "QZL83109967").ok);
    assert_eq!(lot_quantity(&store, "QZL83109967"), Decimal::from(15));
    // A count's quantity too.
    let ctx = Ctx::new(Some(OPERATOR)).unwrap();
    let owner = "CK-SJ";
    let id = depot_service::count::open(&store, &ctx, owner, None).unwrap();
    let e = depot_service::count::scan(
        &store,
        &ctx,
        id,
        &depot_domain::Barcode::new("QZL83109967"),
        Some(Decimal::new(145, 1)),
    )
    .unwrap_err();
    assert!(e.to_string().contains("件 counts whole pieces"), "{e}");
}

fn buffer(app: &App) -> ratatui::buffer::Buffer {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::draw(app, f)).unwrap();
    t.backend().buffer().clone()
}

#[test]
fn finding_12_layout_frames_close_and_lists_say_when_they_scroll() {
    let store = shared();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            // The units screen's right pane keeps its right border on every row.
            let mut app = app_on(store, lang, (w, h), Screen::Units);
            feed(&mut app, store, [key(KeyCode::Down), key(KeyCode::Down)]);
            let b = buffer(&app);
            for y in 1..h - 1 {
                let c = b[(w - 1, y)].symbol();
                assert!(["│", "┐", "┘"].contains(&c), "units {w}x{h} row {y}: '{c}'");
            }
            // The exports pane reaches the status line.
            let app = app_on(store, lang, (w, h), Screen::Exports);
            let b = buffer(&app);
            assert_eq!(b[(w - 1, h - 2)].symbol(), "┘", "exports {w}x{h}");
            // Every warehouse's saturation is on the dashboard, or it says how many are not.
            let app = app_on(store, lang, (w, h), Screen::Dashboard);
            let screen = render(&app);
            let shown = [
                "CK-SJ", "CK-XJ-01", "CK-XJ-03", "CK-XJ-04", "CK-XJ-05", "CK-XY-01",
            ]
            .iter()
            .filter(|c| screen.contains(*c))
            .count();
            assert!(shown == 6 || screen.contains("… +"), "{screen}");
            // The cost chart uses the width it has: every year when they fit.
            let r = app.reports.as_ref().unwrap();
            let fit = usize::from(w - 2) / 6;
            let first = r.by_year[0].0 % 100;
            if r.by_year.len() <= fit {
                assert!(
                    screen.contains(&format!(" {first:02} ")),
                    "{w}x{h}: {screen}"
                );
            }
        }
    }
    // F1 on the scan station names what Ctrl+Z does.
    let mut app = app_on(store, Lang::Zh, (80, 24), Screen::Scan);
    feed(&mut app, store, [key(KeyCode::F(1))]);
    let screen = render(&app);
    assert!(
        screen.contains("撤销上一笔扫码") && !screen.contains("已撤销"),
        "{screen}"
    );
}

/// The characters on screen, row by row (no notes about wide characters).
fn screen_text(app: &App) -> String {
    let b = buffer(app);
    let mut out = String::new();
    for y in 0..b.area.height {
        let mut x = 0;
        while x < b.area.width {
            let sym = b[(x, y)].symbol();
            out.push_str(sym);
            // A wide character's second cell is a blank of the buffer's, not of the screen.
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// Whether `w` is in `text` as a whole (not inside a code or a file name).
fn contains_word(text: &str, w: &str) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    text.match_indices(w).any(|(i, _)| {
        !part(text[..i].chars().next_back()) && !part(text[i + w.len()..].chars().next())
    })
}

/// Every screen, overlay and popup the UI has, as (what, app) pairs, in `lang` at `size`.
fn every_view(store: &Arc<Store>, lang: Lang, size: (u16, u16)) -> Vec<(String, App)> {
    let mut out = Vec::new();
    for screen in Screen::ALL {
        let mut app = app_on(store, lang, size, screen);
        out.push((format!("{screen:?}"), app_on(store, lang, size, screen)));
        feed(&mut app, store, [key(KeyCode::F(1))]);
        out.push((format!("{screen:?} help"), app));
    }
    for t in 0..crate::app::Tile::ALL.len() {
        let mut app = app_on(store, lang, size, Screen::Dashboard);
        app.dashboard.tile = t;
        feed(&mut app, store, [key(KeyCode::Enter)]);
        out.push((format!("dashboard tile {t}"), app));
    }
    for screen in [Screen::Units, Screen::Replacements] {
        let mut app = app_on(store, lang, size, screen);
        feed(&mut app, store, [key(KeyCode::Enter)]);
        out.push((format!("{screen:?} list"), app));
    }
    for mode in crate::app::ScanMode::ALL {
        let mut app = app_on(store, lang, size, Screen::Scan);
        to_mode(&mut app, store, mode);
        out.push((format!("scan {mode:?}"), app));
    }
    let mut app = app_on(store, lang, size, Screen::Scan);
    feed(&mut app, store, [key(KeyCode::F(3))]);
    feed(&mut app, store, typed("青阳"));
    out.push(("picker".into(), app));
    let mut app = app_on(store, lang, size, Screen::Scan);
    feed(&mut app, store, typed("QZ1"));
    feed(&mut app, store, [ctrl('c')]);
    out.push(("quit question".into(), app));
    out
}

#[test]
fn finding_11_one_language_at_a_time_on_every_screen() {
    use crate::i18n::T;
    let store = sample_store();
    // A count open at WX-0101, with an unexpected item, for the count panel and its closing.
    let mut counting = app_on(&store, Lang::Zh, (80, 24), Screen::Scan);
    count_and_close(&mut counting, &store, "WX-0101", &["QZ84637415"]);
    for size in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let other = lang.toggle();
            // The interface's strings of the other language (those that differ, and are long
            // enough not to be a code or a unit in the data).
            // A category's code (`vehicle`) is a code the reports show beside its name, in either
            // language, as they show item and unit codes.
            use depot_domain::vocab::Vocabulary;
            let codes: Vec<&str> = depot_domain::Category::ALL.iter().map(|c| c.en()).collect();
            let wrong: Vec<&str> = T::ALL
                .iter()
                .filter(|t| t.get(lang) != t.get(other) && t.get(other).chars().count() >= 6)
                .filter(|t| !codes.contains(&t.get(other)))
                .map(|t| t.get(other))
                .collect();
            let mut views = every_view(&store, lang, size);
            let mut c = app_on(&store, lang, size, Screen::Scan);
            c.scan = counting.scan.clone();
            views.push(("count closing".into(), c));
            let mut c = app_on(&store, lang, size, Screen::Scan);
            c.scan = counting.scan.clone();
            c.scan.closing = None;
            views.push(("count panel".into(), c));
            for (what, app) in &views {
                // A standard's `category:vehicle` is a code of the exchange format (shown beside
                // its name in the report lists), not a word of the interface.
                let text = without_category_codes(&screen_text(app));
                for w in &wrong {
                    assert!(
                        !contains_word(&text, w),
                        "{what} ({lang:?}, {size:?}) shows '{w}':\n{text}"
                    );
                }
                if lang == Lang::Zh {
                    for w in [
                        "equipped%",
                        "ready%",
                        "never",
                        "Lines not met",
                        "expected YEAR",
                    ] {
                        assert!(
                            !contains_word(&text, w),
                            "{what} {size:?} shows '{w}':\n{text}"
                        );
                    }
                }
            }
        }
    }
}

/// Every screen's number and name stays on the top line, in both languages, even at 80 columns
/// (the English names did not fit: `6 Expo`).
#[test]
fn the_tab_bar_names_every_screen_at_80_columns() {
    let store = shared().clone();
    for lang in [Lang::Zh, Lang::En] {
        let app = app_on(&store, lang, (80, 24), Screen::Exports);
        let text = screen_text(&app);
        let top = text.lines().next().unwrap_or_default();
        for (i, s) in Screen::ALL.iter().enumerate() {
            let tab = format!("{} {}", i + 1, s.title().get(lang));
            assert!(
                top.contains(&tab),
                "{lang:?}: '{tab}' not on the tab bar: {top}"
            );
        }
    }
}

/// `text` with every `category:NAME` code taken out.
fn without_category_codes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("category:") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + "category:".len()..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_item_page_shows_everything_and_inventory_sorts_both_ways() {
    let store = shared().clone();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(&store, lang, (160, 48), Screen::Inventory);
        feed(&mut app, &store, typed("QZ84637415"));
        feed(&mut app, &store, [key(KeyCode::Enter)]);
        let page = app.inventory.as_ref().unwrap().page.as_ref().unwrap();
        assert_eq!(page.stock.barcode().as_str(), "QZ84637415");
        let screen = screen_text(&app);
        for want in ["CF-202171709", "CK-XJ-01", "water", "2021-03-17"] {
            assert!(screen.contains(want), "{want}:\n{screen}");
        }
        let life = page.life_end.unwrap().to_string();
        assert!(screen.contains(&life), "{life}:\n{screen}");
        feed(&mut app, &store, [key(KeyCode::Esc)]);
        assert!(app.inventory.as_ref().unwrap().page.is_none());
        // A lot's page gives its quantity with its unit.
        feed(&mut app, &store, [key(KeyCode::Esc)]);
        feed(&mut app, &store, typed("QZL83109967"));
        feed(&mut app, &store, [key(KeyCode::Enter)]);
        assert!(screen_text(&app).contains("17 件"), "{}", screen_text(&app));
    }
    // F9: the other way round.
    let mut app = app_on(&store, Lang::En, (100, 30), Screen::Inventory);
    let first = app.inventory.as_ref().unwrap().view[0];
    feed(&mut app, &store, [key(KeyCode::F(9))]);
    let inv = app.inventory.as_ref().unwrap();
    assert!(inv.descending);
    assert_eq!(*inv.view.last().unwrap(), first);
    assert!(render(&app).contains("Barcode▼"));
}

#[test]
fn snapshot_popups_and_overlays() {
    snapshot_all("item_page", |app, store| {
        update::go(app, store, Screen::Inventory);
        feed(app, store, typed("QZ84637415"));
        feed(app, store, [key(KeyCode::Enter)]);
    });
    snapshot_all("readiness_list", |app, store| {
        feed(app, store, [key(KeyCode::Enter)]);
    });
    snapshot_all("shortfalls_list", |app, store| {
        update::go(app, store, Screen::Units);
        feed(app, store, [key(KeyCode::Enter)]);
    });
    snapshot_all("picker", |app, store| {
        update::go(app, store, Screen::Scan);
        feed(app, store, [key(KeyCode::F(3))]);
        feed(app, store, typed("青阳"));
    });
    snapshot_all("check_in", |app, store| {
        update::go(app, store, Screen::Scan);
        to_mode(app, store, crate::app::ScanMode::In);
        feed(app, store, [key(KeyCode::F(6))]);
    });
    snapshot_all("quit_question", |app, store| {
        update::go(app, store, Screen::Scan);
        feed(app, store, typed("QZ1"));
        feed(app, store, [ctrl('c')]);
    });
}

mod hq;
mod hq_chart;
mod hq_circles;
mod login_wait;
mod reads;
mod receive;
mod trend;
mod views;

#[test]
fn the_item_page_says_where_at_its_owner_an_imported_piece_is_kept() {
    let store = sample_store();
    let ctx = Ctx::fixed(
        OPERATOR,
        DateTime::parse_from_rfc3339("2026-11-21T08:00:00+08:00").unwrap(),
    );
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("台账.csv");
    std::fs::write(
        &book,
        "装备名称,数量,使用单位,存放位置,配发日期\n冲锋舟,1,ZHAN-0102,器材库2号架,2020.5\n",
    )
    .unwrap();
    let opts = depot_service::import::register::RegisterOptions {
        barcode_prefix: Some("JH".into()),
        ..Default::default()
    };
    let report =
        depot_service::import::register::import_register(&store, &ctx, &book, &opts).unwrap();
    assert!(report.ok(), "{report:?}");
    for lang in [Lang::En, Lang::Zh] {
        let mut app = app_on(&store, lang, (120, 40), Screen::Inventory);
        let mut clock = std::time::Instant::now();
        timed(&mut app, &store, &mut clock, 3, scanner("JH000001"));
        assert_eq!(open_page(&app).as_deref(), Some("JH000001"));
        let text = render(&app);
        let label = match lang {
            Lang::En => "Kept at",
            Lang::Zh => "存放位置",
        };
        let line = text
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no shelf on the page:\n{text}"));
        assert!(line.contains("器材库2号架"), "{line}");
    }
}

#[test]
fn f8_prints_again_the_labels_a_labelling_count_has_not_found() {
    let store = sample_store();
    let mut app = scan_app(&store, "WX-0101");
    to_mode(&mut app, &store, crate::app::ScanMode::Count);
    pick(&mut app, &store, "WX-0101");
    let id = app.scan.count.expect("a count is open");
    let expected = depot_service::count::view(&store, id).unwrap();
    let missing: Vec<String> = expected
        .missing()
        .iter()
        .map(|(b, _)| (*b).to_owned())
        .collect();
    assert!(missing.len() >= 2, "{missing:?}");
    let found = missing[0].clone();
    assert!(scan(&mut app, &store, &found).ok);
    // To a printer on the network: one ZPL job, a label for each piece still missing.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    app.printer = Some(format!("tcp://{}", listener.local_addr().unwrap()));
    let got = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut job = Vec::new();
        std::io::Read::read_to_end(&mut s, &mut job).unwrap();
        job
    });
    feed(&mut app, &store, [key(KeyCode::F(8))]);
    let job = got.join().unwrap();
    let labels = job.windows(3).filter(|w| w == b"^XA").count();
    assert_eq!(labels, missing.len() - 1, "{:?}", app.status);
    // Without a printer: A4 sheets in the folder.
    let dir = tempfile::tempdir().unwrap();
    app.printer = None;
    app.label_dir = dir.path().to_owned();
    feed(&mut app, &store, [key(KeyCode::F(8))]);
    let sheet = std::fs::read_to_string(dir.path().join(format!("labels-count-{id}.svg")))
        .unwrap_or_else(|e| panic!("{e}: {:?}", app.status));
    assert!(
        !sheet.contains(&found),
        "the scanned label is printed again"
    );
    assert!(sheet.contains(&missing[1]), "{sheet}");
}

#[test]
fn a_register_is_imported_from_the_exports_screen_after_picking_candidates() {
    let store = sample_store();
    let book = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/register/register.xlsx");
    let mut app = scan_app(&store, "WX-0101");
    let mut clock = std::time::Instant::now();
    update::go(&mut app, &store, Screen::Exports);
    // A letter alone is a key, once a scanner's burst could not have begun with it.
    let mut letter = |app: &mut App, c: &str| {
        let events = match c {
            "\n" => vec![key(KeyCode::Enter)],
            c => typed(c),
        };
        timed(app, &store, &mut clock, 200, events);
    };
    letter(&mut app, "i");
    assert!(app.exports.register.is_some());
    feed(&mut app, &store, [key(KeyCode::F(3))]);
    feed(&mut app, &store, [Event::Paste(book.display().to_string())]);
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    let unresolved = |app: &App| {
        app.exports
            .register
            .as_ref()
            .and_then(|d| d.report.as_ref())
            .map(|r| r.unresolved.len())
    };
    assert_eq!(unresolved(&app), Some(2));
    for (lang, size) in [(Lang::Zh, (80, 24)), (Lang::En, (160, 48))] {
        app.lang = lang;
        app.size = size;
        let text = render(&app);
        let (title, candidate) = match lang {
            Lang::Zh => ("导入台账", "V-JY 抢险救援消防车"),
            Lang::En => ("Import a register", "V-JY 抢险救援消防车"),
        };
        assert!(text.contains(title), "{text}");
        assert!(text.contains(candidate), "{text}");
    }
    // Enter takes each name's first candidate (抢险救援车 → V-JY, 滨江站 → ZHAN-0102).
    letter(&mut app, "\n");
    assert_eq!(unresolved(&app), Some(1));
    letter(&mut app, "\n");
    assert_eq!(
        unresolved(&app),
        Some(0),
        "{:?}",
        app.exports
            .register
            .as_ref()
            .map(|d| (&d.map, &d.said, d.selected, &d.choice))
    );
    // Nothing was written by the dry runs; without a prefix the import is refused.
    assert!(
        depot_service::item::page(&store, "JH000001")
            .unwrap()
            .is_none()
    );
    letter(&mut app, "r");
    assert!(
        depot_service::item::page(&store, "JH000001")
            .unwrap()
            .is_none()
    );
    letter(&mut app, "p");
    feed(&mut app, &store, [Event::Paste("JH".into())]);
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    letter(&mut app, "r");
    let said = app.exports.register.as_ref().and_then(|d| d.said.clone());
    assert!(
        said.as_ref()
            .is_some_and(|(ok, t)| *ok && t.contains("JH000001–JH000021")),
        "{said:?}"
    );
    assert!(
        depot_service::item::page(&store, "JH000021")
            .unwrap()
            .is_some()
    );
}

#[test]
fn the_register_dialogs_file_takes_a_fast_typist_and_a_scanners_burst_as_typing() {
    let store = sample_store();
    let mut app = scan_app(&store, "WX-0101");
    let mut clock = std::time::Instant::now();
    update::go(&mut app, &store, Screen::Exports);
    timed(&mut app, &store, &mut clock, 200, typed("i"));
    feed(&mut app, &store, [key(KeyCode::F(3))]);
    // At scanner speed, without and with its Enter.
    timed(&mut app, &store, &mut clock, 3, typed("/tmp/台账.xlsx"));
    let d = app.exports.register.as_ref().unwrap();
    assert_eq!(d.path, "/tmp/台账.xlsx", "{:?}", app.status);
    timed(&mut app, &store, &mut clock, 3, scanner("b"));
    let d = app.exports.register.as_ref().unwrap();
    assert_eq!(d.path, "/tmp/台账.xlsxb");
    assert_eq!(d.editing, None, "Enter ends the field");
}
