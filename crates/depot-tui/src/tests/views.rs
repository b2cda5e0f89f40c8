//! What the screens show where people decide: targets judged in words and colour on the
//! dashboard, names beside codes, money as the reports write it, and a word where a screen
//! has nothing to show.

use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::*;

/// The screen as drawn: its cells (for colours) and its text.
fn drawn(app: &App) -> (Buffer, String) {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::draw(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (buf, format!("{}", t.backend()))
}

/// The row of the screen whose text contains `what`.
fn row_of(buf: &Buffer, what: &str) -> Option<u16> {
    (0..buf.area.height).find(|&y| {
        let line: String = (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_owned())
            .collect();
        line.replace(' ', "").contains(&what.replace(' ', ""))
    })
}

fn colours_of_row(buf: &Buffer, y: u16) -> Vec<Color> {
    (0..buf.area.width).map(|x| buf[(x, y)].fg).collect()
}

#[test]
fn the_dashboard_judges_its_targets_as_the_report_does_in_words_and_colour() {
    let store = shared();
    // The report's judgement of the sample's targets on the as-of date.
    let snap = depot_service::readiness::load(store).unwrap();
    let judged = depot_service::readiness::targets(&snap, as_of());
    let compliance = judged
        .iter()
        .filter(|t| t.target.metric == depot_domain::Metric::ComplianceRate)
        .filter(|t| t.target.scope == depot_domain::TargetScope::Everything)
        .map(|t| t.status)
        .collect::<Vec<_>>();
    assert!(
        compliance
            .iter()
            .all(|s| *s == depot_domain::readiness::TargetStatus::Missed),
        "{compliance:?}"
    );
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut app = app_on(store, lang, (w, h), Screen::Dashboard);
            app.no_color = false;
            let (buf, text) = drawn(&app);
            let (label, missed, ready) = match lang {
                Lang::Zh => ("达标率 39.3 %", "逾期未达成", "完好率 80.5"),
                Lang::En => ("Compliance 39.3 %", "missed", "Ready 80.5"),
            };
            let y = row_of(&buf, label).unwrap_or_else(|| panic!("{text}"));
            let line = text.lines().nth(usize::from(y)).unwrap();
            assert!(line.contains(missed), "{w}x{h} {lang:?}: {line}");
            // The gauge under it is red, not green.
            let gauge = colours_of_row(&buf, y + 1);
            assert_eq!(gauge[0], Color::Red, "{w}x{h} {lang:?}\n{text}");
            assert!(!gauge.contains(&Color::Green), "{w}x{h} {lang:?}");
            // Every gauge with a target says where it stands; none is painted green here.
            for g in 1..=8u16 {
                assert!(
                    !colours_of_row(&buf, g).contains(&Color::Green),
                    "{w}x{h} {lang:?} row {g}\n{text}"
                );
            }
            // The over-age count's target (none left by 2022-12-31) is missed too, and says so.
            let y = row_of(&buf, &format!("{} ", app.t(crate::i18n::T::OverAge))).unwrap();
            let line = text.lines().nth(usize::from(y)).unwrap();
            assert!(line.contains(missed), "{w}x{h} {lang:?}: {line}");
            assert!(colours_of_row(&buf, y).contains(&Color::Red), "{line}");
            // The ready rate has no target: nothing to judge, no word.
            let y = row_of(&buf, ready).unwrap();
            let line = text.lines().nth(usize::from(y)).unwrap();
            assert!(!line.contains(missed), "{line}");

            // Without colour, the words alone carry it.
            app.no_color = true;
            let (buf, text) = drawn(&app);
            let y = row_of(&buf, label).unwrap();
            assert!(text.lines().nth(usize::from(y)).unwrap().contains(missed));
            assert!(
                (0..buf.area.height)
                    .flat_map(|y| colours_of_row(&buf, y))
                    .all(|c| c == Color::Reset),
                "{w}x{h} {lang:?}: a colour under NO_COLOR"
            );
        }
    }
}

#[test]
fn enter_on_over_age_lists_the_over_age_pieces() {
    let store = shared();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(store, lang, (160, 48), Screen::Dashboard);
        let over_age = app
            .reports
            .as_ref()
            .unwrap()
            .ready
            .everything
            .stock
            .over_age;
        assert!(over_age > 0);
        feed(&mut app, store, vec![key(KeyCode::Down); 4]);
        feed(&mut app, store, [key(KeyCode::Enter)]);
        assert_eq!(app.screen, Screen::Dashboard);
        let popup = app.popup.as_ref().expect("a list of the over-age pieces");
        let sec = &popup.sections[0];
        assert_eq!(sec.key, "over_age");
        assert_eq!(sec.rows.len(), over_age as usize);
        let (_, text) = drawn(&app);
        let title = match lang {
            Lang::Zh => "超期服役装备",
            Lang::En => "Over-age pieces",
        };
        assert!(text.contains(title), "{text}");
    }
}

#[test]
fn the_units_detail_names_its_lines_and_modules_at_80_columns() {
    let store = shared();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut app = app_on(store, lang, (w, h), Screen::Units);
            // CK-XY-01, the partner's petrochemical reserve.
            feed(&mut app, store, [key(KeyCode::Down), key(KeyCode::Down)]);
            let (_, text) = drawn(&app);
            let module = match lang {
                Lang::Zh => "[石油化工]",
                Lang::En => "[Petrochemical]",
            };
            // The module heads its lines by name; each line shows its name in full, at 80
            // columns too (the code after it gives way first).
            assert!(text.contains(module), "{w}x{h} {lang:?}\n{text}");
            assert!(
                text.contains("水成膜泡沫灭火剂"),
                "{w}x{h} {lang:?}\n{text}"
            );
            assert!(!text.contains("petrochem"), "{w}x{h} {lang:?}\n{text}");
            if w > 80 {
                assert!(text.contains("A-AF"), "{w}x{h} {lang:?}\n{text}");
            }
        }
    }
}

#[test]
fn money_on_the_screens_reads_as_the_reports_write_it() {
    let store = shared();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut app = app_on(store, lang, (w, h), Screen::Replacements);
            app.replacements.budgets = "2026=3000000 2027=3000000".into();
            let plan = crate::screens::readiness::plan_of(&app, app.reports.as_ref().unwrap());
            app.reports.as_mut().unwrap().plan = plan;
            let (_, text) = drawn(&app);
            let (cost, budget) = match lang {
                Lang::Zh => ("1,921.74 万元", "300 万元"),
                Lang::En => ("19,217,380", "3,000,000"),
            };
            assert!(text.contains(cost), "{w}x{h} {lang:?}\n{text}");
            assert!(text.contains(budget), "{w}x{h} {lang:?}\n{text}");
            assert!(!text.contains("19217380"), "{w}x{h} {lang:?}\n{text}");

            let app = app_on(store, lang, (w, h), Screen::Dashboard);
            let (_, text) = drawn(&app);
            assert!(!text.contains("）（"), "{w}x{h} {lang:?}\n{text}");
        }
    }
}

#[test]
fn the_exports_screen_writes_the_command_lines_workbook() {
    let store = shared();
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(store, lang, (80, 24), Screen::Exports);
        app.db = dir.path().join(format!("reg-{lang:?}.redb"));
        // Readiness: the fourth export down.
        feed(&mut app, store, vec![key(KeyCode::Down); 4]);
        feed(&mut app, store, [key(KeyCode::Char('w'))]);
        let (_, text) = drawn(&app);
        assert!(
            text.contains(app.t(crate::i18n::T::Xlsx)),
            "{lang:?}\n{text}"
        );
        assert!(text.contains("readiness-reg-"), "{lang:?}\n{text}");
        assert!(text.contains(".xlsx"), "{lang:?}\n{text}");
        // Written into the test's folder, not the working directory.
        app.exports.path = dir
            .path()
            .join(format!("reg-{lang:?}.xlsx"))
            .display()
            .to_string();
        feed(&mut app, store, [key(KeyCode::Enter)]);
        let start = std::time::Instant::now();
        while app.exports.job.is_some() {
            assert!(start.elapsed().as_secs() < 120, "the export never ended");
            std::thread::sleep(std::time::Duration::from_millis(20));
            update::tick(&mut app, store);
        }
        let (ok, said) = app.exports.result.clone().unwrap();
        assert!(ok, "{said}");
        let written: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "xlsx")
                    && p.to_string_lossy().contains(&format!("reg-{lang:?}"))
            })
            .collect();
        assert_eq!(written.len(), 1, "{written:?}");
        // The same workbook as `depot export readiness --format xlsx`.
        let want = dir.path().join(format!("cli-{lang:?}.xlsx"));
        let x = Extract::open(store).unwrap();
        let opts = depot_service::export::csv::ExportOptions {
            csv: depot_exchange::CsvOptions::default(),
            as_of: as_of(),
            since: 1,
        };
        let rows = depot_service::export::xlsx::to_xlsx(
            &x,
            depot_service::export::csv::ExportKind::Readiness,
            &opts,
            lang,
            &want,
        )
        .unwrap();
        assert!(said.contains(&format!("{rows}")), "{said}");
        let bytes = std::fs::read(&written[0]).unwrap();
        assert!(bytes.starts_with(b"PK"), "not a workbook");
    }
}

/// A PostgreSQL database is not backed up from the exports screen: it says what to use instead.
#[test]
fn the_exports_screen_on_postgresql_points_to_pg_dump_instead_of_offering_a_backup() {
    use depot_service::store::{Access, Location};
    use depot_store_postgres::testing::TestDb;
    let Some(db) = TestDb::new() else {
        return;
    };
    let store = Arc::new(
        depot_service::store::at(&Location::Server(db.url.clone()), Access::Create).unwrap(),
    );
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(&store, lang, (80, 24), Screen::Exports);
        let text = screen_text(&app);
        let offered = app.t(crate::i18n::T::Backup);
        assert!(!text.contains(offered), "{lang:?}\n{text}");
        assert!(text.contains("pg_dump"), "{lang:?}\n{text}");
        feed(&mut app, &store, [key(KeyCode::Char('b'))]);
        assert!(app.exports.backup.is_none());
        let (ok, said) = app.exports.result.clone().unwrap();
        assert!(!ok);
        assert!(
            said.contains("pg_dump") && said.contains("depot migrate"),
            "{said}"
        );
    }
}

#[test]
fn a_lots_history_says_how_much_moved_and_the_inventory_names_modules() {
    let store = shared();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(store, lang, (160, 48), Screen::Inventory);
        feed(&mut app, store, typed("QZL83109967"));
        let list = screen_text(&app);
        let row = list
            .lines()
            .find(|l| l.starts_with("│QZL83109967 "))
            .unwrap_or_else(|| panic!("{list}"));
        match lang {
            Lang::Zh => assert!(row.contains("水域") && !row.contains("water"), "{row}"),
            Lang::En => assert!(row.contains("water"), "{row}"),
        }
        feed(&mut app, store, [key(KeyCode::Enter)]);
        let screen = screen_text(&app);
        let received = screen
            .lines()
            .find(|l| l.contains(" #") && l.contains("2026-11-20"))
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(received.contains(" 17 件"), "{received}");
    }
}

#[test]
fn the_shortfall_list_shows_names_and_how_much_each_source_can_spare() {
    let store = shared();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut app = app_on(store, lang, (w, h), Screen::Units);
            feed(&mut app, store, [key(KeyCode::Enter)]);
            let text = screen_text(&app);
            // The names people decide by, not cut to their first two characters (at 80
            // columns eleven columns do not fit whatever is done: the codes still give way).
            if w > 80 {
                assert!(text.contains("供气消防车"), "{w}x{h} {lang:?}\n{text}");
                assert!(text.contains("清州市消防救援"), "{w}x{h} {lang:?}\n{text}");
            } else {
                assert!(!text.contains("ZHAN-0001 "), "{w}x{h} {lang:?}\n{text}");
            }
            if w == 80 {
                continue;
            }
            // ZHAN-0001's breathing sets can come from XZ-0501: how many it can spare shows.
            let line = text
                .lines()
                .find(|l| l.contains("正压式") && l.contains("XZ-0501"))
                .unwrap_or_else(|| panic!("{w}x{h} {lang:?}\n{text}"));
            assert!(line.contains("XZ-0501 ("), "{w}x{h} {lang:?}\n{line}");
        }
    }
}

#[test]
fn a_chinese_list_names_categories_and_modules_without_their_english_codes() {
    let store = shared();
    for lang in [Lang::Zh, Lang::En] {
        // The readiness list behind the first gauge: a table by category that fits at 160.
        let mut app = app_on(store, lang, (160, 48), Screen::Dashboard);
        feed(&mut app, store, [key(KeyCode::Enter)]);
        assert!(app.popup.is_some());
        let text = screen_text(&app);
        match lang {
            Lang::Zh => {
                assert!(text.contains("防护装备"), "{text}");
                assert!(!text.contains("protective"), "{text}");
                assert!(!text.contains("类别编码"), "{text}");
            }
            // In English the code is a word of the reader's language, beside its name.
            Lang::En => assert!(text.contains("protective"), "{text}"),
        }
    }
}

#[test]
fn the_count_close_dialog_names_what_is_missing_and_what_was_found() {
    let store = sample_store();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut app = app_on(&store, lang, (w, h), Screen::Scan);
            count_and_close(&mut app, &store, "WX-0101", &["QZ84637415"]);
            let text = screen_text(&app);
            // Found, not expected here: by its name.
            let found = text
                .lines()
                .find(|l| l.contains("QZ84637415") && l.contains('→'))
                .unwrap_or_else(|| panic!("{w}x{h} {lang:?}\n{text}"));
            assert!(found.contains("冲锋舟"), "{w}x{h} {lang:?}\n{text}");
            // Missing: each by its name, with how many.
            let view = app.scan.count_view.as_ref().unwrap();
            let (first, _) = view.missing()[0];
            let name = depot_service::label::for_barcodes(&store, &[first.to_owned()]).unwrap()[0]
                .item_name
                .clone();
            let line = text
                .lines()
                .find(|l| l.contains(first))
                .unwrap_or_else(|| panic!("{w}x{h} {lang:?}\n{text}"));
            let shown: String = name.chars().take(4).collect();
            assert!(line.contains(&shown), "{w}x{h} {lang:?}: {name}\n{text}");
            // The count panel behind the dialog: names too, as far as its width allows.
            app.scan.closing = None;
            let text = screen_text(&app);
            let line = text
                .lines()
                .find(|l| l.contains(first))
                .unwrap_or_else(|| panic!("{w}x{h} {lang:?}\n{text}"));
            let shown: String = name.chars().take(2).collect();
            assert!(line.contains(&shown), "{w}x{h} {lang:?}: {name}\n{text}");
        }
    }
}

/// Enter on the circles view opens the circles report of the selected area for the module on
/// screen only, not every module.
#[test]
fn enter_on_the_circles_opens_the_selected_area_for_its_module() {
    let store = shared();
    let mut app = app_on(store, Lang::En, (160, 48), Screen::Dashboard);
    update::go(&mut app, store, Screen::Units);
    feed(&mut app, store, [key(KeyCode::Tab), key(KeyCode::Right)]);
    feed(&mut app, store, [key(KeyCode::Down), key(KeyCode::Enter)]);
    let r = app.reports.as_ref().unwrap();
    let c = r.circles.as_ref().unwrap();
    assert!(c.modules.len() > 1, "the sample has several modules");
    let module = r.snap.module(c.modules[1]).to_owned();
    let rep = app.popup.as_ref().expect("the report opened");
    let areas = rep.sections.iter().find(|s| s.key == "areas").unwrap();
    let col = areas.cols.iter().position(|c| c.key == "module").unwrap();
    assert!(!areas.rows.is_empty());
    for row in &areas.rows {
        assert_eq!(row[col].data(depot_domain::Lang::En), module, "{row:?}");
    }
}
