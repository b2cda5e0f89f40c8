//! Screen 1 on a headquarters database: the depots with their rates, last bundle and state,
//! Enter for one depot's lines; snapshots at both sizes in both languages, bursts, the other
//! screens on a database with no register of its own, and an ingest by another terminal
//! showing on the next look.

use std::path::Path;

use depot_exchange::bundle::DepotKey;
use depot_exchange::columns::Kind;
use depot_service::bundle::{BundleRequest, export_bundle};
use depot_service::hq::{self, IngestOptions};
use depot_service::import::files::Source;

use super::*;

/// The other depots' stamps: A's bundle written three days before the as-of date, B's 83
/// (stale), both ingested the day after A's.
pub(super) const INGESTED: &str = "2026-11-21T09:00:00+08:00";

pub(super) fn ctx_at(t: &str) -> Ctx {
    Ctx::fixed(OPERATOR, DateTime::parse_from_rfc3339(t).unwrap())
}

/// The sample renamed to another detachment (云州, ZD-YZ), with every third asset left out:
/// another depot, with other figures.
pub(super) fn other_sources() -> Vec<Source> {
    sample::sources()
        .into_iter()
        .map(|s| match s {
            Source::Bytes(kind, name, bytes) => {
                let text = std::str::from_utf8(bytes)
                    .unwrap()
                    .replace("ZD-QZ", "ZD-YZ")
                    .replace("清州市", "云州市");
                let text = if kind == Kind::Assets {
                    text.lines()
                        .enumerate()
                        .filter(|(i, _)| *i == 0 || i % 3 != 0)
                        .map(|(_, l)| format!("{l}\n"))
                        .collect()
                } else {
                    text
                };
                let bytes: &'static [u8] = Box::leak(text.into_bytes().into_boxed_slice());
                Source::Bytes(kind, name, bytes)
            }
            s => s,
        })
        .collect()
}

fn register(sources: &[Source]) -> Store {
    let store = depot_service::store::in_memory().unwrap();
    let ctx = ctx_at("2026-08-01T08:00:00+08:00");
    import::import(&store, &ctx, sources, InputEncoding::Auto, false).unwrap();
    store
}

/// A bundle of `store` as of `as_of`, written at `created`, in `out`.
pub(super) fn bundle(
    store: &Store,
    key: &DepotKey,
    out: &Path,
    as_of: (i32, u32, u32),
    created: &str,
) {
    export_bundle(
        store,
        &BundleRequest {
            out,
            as_of: NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).unwrap(),
            full: false,
            depot: None,
            key,
            created: DateTime::parse_from_rfc3339(created).unwrap(),
        },
    )
    .unwrap();
}

/// Two depots' bundles (A: 清州, current; B: 云州, stale) in `dir`.
fn two_bundles(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let a = register(&sample::sources());
    let b = register(&other_sources());
    let (da, db) = (dir.join("qz"), dir.join("yz"));
    let key = || DepotKey::generate().unwrap();
    bundle(&a, &key(), &da, (2026, 11, 20), "2026-11-20T18:00:00+08:00");
    bundle(&b, &key(), &db, (2026, 8, 31), "2026-09-01T09:30:00+08:00");
    (da, db)
}

pub(super) fn ingest(store: &Store, dir: &Path) {
    hq::ingest(
        store,
        &ctx_at(INGESTED),
        dir,
        IngestOptions { trust_new: true },
    )
    .unwrap();
}

/// A headquarters with three depots: one current, one stale, one enrolled that has sent no
/// bundle yet; and no register of its own.
pub(super) fn hq_store() -> &'static Arc<Store> {
    static STORE: OnceLock<Arc<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = two_bundles(dir.path());
        let store = depot_service::store::in_memory().unwrap();
        ingest(&store, &a);
        ingest(&store, &b);
        let key = DepotKey::generate().unwrap();
        hq::enrol(
            &store,
            &ctx_at(INGESTED),
            "ZD-HX",
            Some("河西市消防救援支队"),
            key.public(),
            false,
        )
        .unwrap();
        Arc::new(store)
    })
}

pub(super) fn hq_of(app: &App) -> &crate::state::hq::HqState {
    app.hq.as_ref().unwrap()
}

pub(super) fn codes(app: &App) -> Vec<&str> {
    hq_of(app)
        .depots
        .iter()
        .map(|d| d.depot.code.as_str())
        .collect()
}

#[test]
fn the_depots_are_listed_stale_first_with_the_whole_service_above() {
    let store = hq_store();
    let app = app_on(store, Lang::En, (80, 24), Screen::Dashboard);
    assert_eq!(codes(&app), ["ZD-YZ", "ZD-HX", "ZD-QZ"]);
    let text = screen_text(&app);
    for want in [
        "ZD-QZ",
        "ZD-YZ",
        "ZD-HX",
        "STALE 83 d",
        "current 3 d",
        "no bundle",
        "ALL",
        "3 depots",
        "1/3 current",
        "2026-11-20",
        "2026-08-31",
        "written 2026-09-01 09:30",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
    // The row for the whole service pools every line of both depots' bundles.
    let figs = &hq_of(&app).depots;
    let mut all = depot_domain::readiness::Tally::default();
    for d in figs {
        all += &d.tally;
    }
    let row = text.lines().find(|l| l.contains("ALL")).unwrap();
    let rate = depot_domain::readiness::rate_text(all.equipped_rate());
    assert!(row.contains(&rate), "{rate}: {row}");
    assert_ne!(figs[0].tally.equipped_rate(), figs[2].tally.equipped_rate());
    // The same in Chinese.
    let app = app_on(store, Lang::Zh, (80, 24), Screen::Dashboard);
    let text = screen_text(&app);
    for want in ["过期 83天", "正常 3天", "无数据包", "全部", "3 个库"] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
}

#[test]
fn enter_opens_a_depots_lines_and_esc_goes_back() {
    let store = hq_store();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(store, lang, (80, 24), Screen::Dashboard);
        feed(&mut app, store, [key(KeyCode::Down), key(KeyCode::Down)]);
        assert_eq!(hq_of(&app).sel, 2);
        feed(&mut app, store, [key(KeyCode::Enter)]);
        let v = hq_of(&app).open.as_ref().unwrap();
        assert_eq!(v.code, "ZD-QZ");
        let lines = depot_service::hq::figures::depot_lines(store, "ZD-QZ").unwrap();
        assert_eq!(v.lines, lines);
        let text = screen_text(&app);
        // What a line counts, as the screen says it: a category in words, an item by its code.
        let shown = |what: &str| -> String {
            use depot_domain::vocab::Vocabulary;
            match what
                .strip_prefix("category:")
                .and_then(depot_domain::Category::from_word)
            {
                Some(c) if lang == Lang::Zh => format!("类别：{}", c.zh()),
                Some(c) => format!("category {}", c.en()),
                None => what.to_owned(),
            }
        };
        let first = &lines[0];
        assert!(
            text.lines()
                .any(|l| l.contains(&first.scope) && l.contains(&shown(&first.what))),
            "{text}"
        );
        assert!(text.contains("清州市消防救援支队"), "{text}");
        assert!(text.contains(&format!("/ {}", lines.len())), "{text}");
        // Down scrolls the lines, no further than the last page.
        feed(&mut app, store, [key(KeyCode::End)]);
        let v = hq_of(&app).open.as_ref().unwrap();
        assert!(v.offset > 0 && v.offset < lines.len(), "{}", v.offset);
        let text = screen_text(&app);
        let last = lines.last().unwrap();
        assert!(
            text.lines()
                .any(|l| l.contains(&last.scope) && l.contains(&shown(&last.what))),
            "{text}"
        );
        feed(&mut app, store, [key(KeyCode::Esc)]);
        assert!(hq_of(&app).open.is_none());
        assert_eq!(hq_of(&app).sel, 2);
        assert_eq!(app.screen, Screen::Dashboard);
        // A depot with no bundle yet opens on no lines.
        feed(&mut app, store, [key(KeyCode::Up), key(KeyCode::Enter)]);
        let v = hq_of(&app).open.as_ref().unwrap();
        assert_eq!(v.code, "ZD-HX");
        assert!(v.lines.is_empty());
        assert!(app.status.is_none(), "{:?}", app.status);
    }
}

#[test]
fn snapshot_hq_dashboard_and_depot() {
    let store = hq_store();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            let mut app = app_on(store, lang, (w, h), Screen::Dashboard);
            insta::assert_snapshot!(format!("hq_dashboard_{w}x{h}_{l}"), render(&app));
            feed(&mut app, store, [key(KeyCode::Enter)]);
            insta::assert_snapshot!(format!("hq_depot_{w}x{h}_{l}"), render(&app));
        }
    }
}

/// A depot's lines name what they count (from the bundle's inventory.csv), a category in
/// words: at 80 columns too, where the scope's name has no column.
#[test]
fn a_depots_lines_name_what_they_count() {
    let store = hq_store();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut app = app_on(store, lang, (w, h), Screen::Dashboard);
            feed(&mut app, store, [key(KeyCode::Enter)]);
            let text = screen_text(&app);
            assert!(text.contains("供气消防车"), "{w}x{h} {lang:?}\n{text}");
            assert!(!text.contains("category:"), "{w}x{h} {lang:?}\n{text}");
            let category = match lang {
                Lang::Zh => "类别：车辆",
                Lang::En => "category vehicle",
            };
            assert!(text.contains(category), "{w}x{h} {lang:?}\n{text}");
            // Every page: a reserve module by its name, never its code under zh.
            let mut pages = text;
            for _ in 0..20 {
                feed(&mut app, store, [key(KeyCode::PageDown)]);
                pages.push_str(&screen_text(&app));
            }
            let (name, code) = match lang {
                Lang::Zh => ("石油化工", "petrochemical"),
                Lang::En => ("Petrochemical", "petrochemical"),
            };
            assert!(pages.contains(name), "{w}x{h} {lang:?}\n{pages}");
            assert!(!pages.contains(code), "{w}x{h} {lang:?}\n{pages}");
        }
    }
}

/// A scanner's burst on the depots list and on a depot's lines is a scan, whole, as on every
/// screen: its letters and digits move nothing, its Enter opens nothing (the code is looked
/// up), and the list is as it was.
#[test]
fn a_burst_on_the_hq_views_is_never_keys() {
    let store = hq_store();
    let mut clock = std::time::Instant::now();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(store, lang, (80, 24), Screen::Dashboard);
        timed(&mut app, store, &mut clock, 200, [key(KeyCode::Down)]);
        assert_eq!(hq_of(&app).sel, 1);
        // Keys of the list in a burst with no Enter: refused whole, nothing moves.
        let out = timed(&mut app, store, &mut clock, 3, typed("jjkG6Lq2"));
        assert_eq!(out, Outcome::Bell);
        assert_eq!(app.screen, Screen::Dashboard);
        assert_eq!(app.lang, lang);
        assert!(!app.quit);
        assert_eq!(hq_of(&app).sel, 1);
        assert!(hq_of(&app).open.is_none());
        // With Enter: a scan, looked up (no such item here), not Enter on the list.
        let out = timed(&mut app, store, &mut clock, 3, scanner("jqz84637415"));
        assert_eq!(out, Outcome::Bell);
        assert_eq!(app.screen, Screen::Dashboard);
        assert!(app.status.as_deref().unwrap().contains("jqz84637415"));
        assert!(app.scan.lines.is_empty());
        assert_eq!(hq_of(&app).sel, 1);
        assert!(hq_of(&app).open.is_none());
        // The same on a depot's lines: Esc in a burst does not close it, j does not scroll.
        timed(&mut app, store, &mut clock, 200, [key(KeyCode::Down)]);
        timed(&mut app, store, &mut clock, 200, [key(KeyCode::Enter)]);
        assert_eq!(hq_of(&app).open.as_ref().unwrap().code, "ZD-QZ");
        let out = timed(&mut app, store, &mut clock, 3, typed("jjjjGk51"));
        assert_eq!(out, Outcome::Bell);
        let v = hq_of(&app).open.as_ref().unwrap();
        assert_eq!((v.code.as_str(), v.offset), ("ZD-QZ", 0));
        assert_eq!(app.screen, Screen::Dashboard);
        let out = timed(&mut app, store, &mut clock, 3, scanner("G5QZ84637415"));
        assert_eq!(out, Outcome::Bell);
        assert_eq!(app.screen, Screen::Dashboard);
        assert!(app.status.as_deref().unwrap().contains("G5QZ84637415"));
        assert!(app.scan.lines.is_empty());
        let v = hq_of(&app).open.as_ref().unwrap();
        assert_eq!((v.code.as_str(), v.offset), ("ZD-QZ", 0));
        assert_eq!(hq_of(&app).sel, 2);
    }
}

/// A headquarters' database may hold no register of its own: the other screens show their
/// empty states, with no error.
#[test]
fn the_other_screens_are_empty_not_broken_at_headquarters() {
    let store = hq_store();
    for lang in [Lang::Zh, Lang::En] {
        for screen in Screen::ALL {
            let mut app = app_on(store, lang, (80, 24), screen);
            assert!(app.status.is_none(), "{screen:?}: {:?}", app.status);
            let text = screen_text(&app);
            assert!(text.contains(app.t(screen.title())), "{screen:?}:\n{text}");
            // Empty, with the word why and where to look instead.
            if screen != Screen::Dashboard {
                let joined = text
                    .lines()
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(if lang == Lang::Zh { "" } else { " " });
                let why = app.t(crate::i18n::T::HqNoRegister);
                assert!(joined.contains(why), "{screen:?}:\n{text}");
            }
            // (Enter on the exports screen would write a file here.)
            if screen != Screen::Exports {
                feed(&mut app, store, [key(KeyCode::Down), key(KeyCode::Enter)]);
                assert!(app.status.is_none(), "{screen:?}: {:?}", app.status);
                let _ = render(&app);
            }
            feed(&mut app, store, [key(KeyCode::Esc), key(KeyCode::F(1))]);
            let _ = render(&app);
        }
    }
    // A register's own database shows its own dashboard, as before.
    let app = app_on(shared(), Lang::En, (80, 24), Screen::Dashboard);
    assert!(app.hq.is_none());
    assert!(screen_text(&app).contains("Equipped"));
}

/// On a database other terminals share, a bundle ingested at another terminal shows on the
/// depots list at the next look.
#[test]
fn an_ingest_at_another_terminal_shows_on_the_next_look() {
    use depot_service::store::{Access, Location};
    use depot_store_postgres::testing::TestDb;
    let Some(db) = TestDb::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_bundles(dir.path());
    let at = Location::Server(db.url.clone());
    let here = Arc::new(depot_service::store::at(&at, Access::Create).unwrap());
    ingest(&here, &a);
    let mut app = app_on(&here, Lang::En, (160, 48), Screen::Dashboard);
    let (focus, mut seen) = (
        super::super::watch::Focus::default(),
        super::super::watch::seen(&here),
    );
    assert!(super::super::watch::look(&here, &mut seen, &focus).is_none());
    assert_eq!(codes(&app), ["ZD-QZ"]);
    let there = depot_service::store::at(&at, Access::Existing).unwrap();
    ingest(&there, &b);
    // The next look of the watching thread, a few seconds on: the depots screen says its date,
    // and the thread reads the depots' figures with the rest.
    focus.set_depots(app.as_of, crate::screens::hq::open_depot(&app));
    let fresh = super::super::watch::look(&here, &mut seen, &focus).unwrap();
    assert!(fresh.figures.is_some());
    // A depot enrolled after that look shows at the next one: the key loop takes what the
    // thread read and reads nothing itself.
    hq::enrol(
        &there,
        &ctx_at(INGESTED),
        "ZD-HX",
        Some("河西市消防救援支队"),
        DepotKey::generate().unwrap().public(),
        false,
    )
    .unwrap();
    update::others(&mut app, &here, fresh);
    assert_eq!(codes(&app), ["ZD-YZ", "ZD-QZ"]);
    let text = screen_text(&app);
    assert!(
        text.lines()
            .any(|l| l.contains("ZD-YZ") && l.contains("STALE")),
        "{text}"
    );
    // The selection stays on the depot it was on.
    assert_eq!(hq_of(&app).sel, 1);
}

/// One language at a time on the headquarters views too.
#[test]
fn the_hq_views_speak_one_language() {
    use super::super::i18n::T;
    let store = hq_store();
    for size in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let other = lang.toggle();
            let wrong: Vec<&str> = T::ALL
                .iter()
                .filter(|t| t.get(lang) != t.get(other) && t.get(other).chars().count() >= 6)
                .map(|t| t.get(other))
                .collect();
            let mut app = app_on(store, lang, size, Screen::Dashboard);
            let list = without_category_codes(&screen_text(&app));
            feed(&mut app, store, [key(KeyCode::Enter)]);
            let depot = without_category_codes(&screen_text(&app));
            for (what, text) in [("list", list), ("depot", depot)] {
                for w in &wrong {
                    assert!(
                        !contains_word(&text, w),
                        "{what} ({lang:?}, {size:?}) shows '{w}':\n{text}"
                    );
                }
            }
        }
    }
}

/// More depots than rows: the selection stays on screen, and the row for the whole service
/// stays above them.
#[test]
fn a_long_list_scrolls_with_the_selection() {
    let store = hq_store();
    let mut app = app_on(store, Lang::En, (80, 24), Screen::Dashboard);
    let one = hq_of(&app).depots[2].clone();
    app.hq.as_mut().unwrap().depots = (0..40)
        .map(|i| {
            let mut d = one.clone();
            d.depot.code = format!("ZD-{i:02}");
            d
        })
        .collect();
    feed(&mut app, store, [key(KeyCode::End)]);
    let hq = hq_of(&app);
    assert_eq!(hq.sel, 39);
    assert!(hq.offset > 0);
    let text = screen_text(&app);
    assert!(text.contains("ZD-39") && !text.contains("ZD-00"), "{text}");
    assert!(text.lines().nth(3).unwrap().contains("ALL"), "{text}");
    // The selected row is the one highlighted.
    let b = buffer(&app);
    let row = (0..24)
        .find(|y| {
            screen_text(&app)
                .lines()
                .nth(*y as usize)
                .unwrap()
                .contains("ZD-39")
        })
        .unwrap();
    assert!(
        b[(2, row)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "{text}"
    );
    feed(&mut app, store, [key(KeyCode::Home)]);
    let text = screen_text(&app);
    assert!(text.contains("ZD-00") && !text.contains("ZD-39"), "{text}");
    feed(&mut app, store, [key(KeyCode::PageDown)]);
    let hq = hq_of(&app);
    assert!(
        hq.sel > 5 && hq.sel >= hq.offset,
        "{} {}",
        hq.sel,
        hq.offset
    );
    assert!(screen_text(&app).contains(&format!("ZD-{:02}", hq.sel)));
}

/// F1 on the depots list names its own keys, Tab for readiness over time among them.
#[test]
fn help_on_the_depots_list_names_its_own_keys() {
    let store = hq_store();
    let mut app = app_on(store, Lang::En, (80, 24), Screen::Dashboard);
    assert!(app.hq.is_some());
    feed(&mut app, store, [key(KeyCode::F(1))]);
    let screen = render(&app);
    assert!(screen.contains("Home End"), "{screen}");
    assert!(screen.contains("Tab"), "{screen}");
    assert!(screen.contains("readiness over time"), "{screen}");
}
