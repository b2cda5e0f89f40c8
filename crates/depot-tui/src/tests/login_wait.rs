//! The login after repeated wrong PINs: the attempt waits out the slowdown without freezing
//! the screen, which says why and for how long, takes no keys but Esc meanwhile, and is checked
//! when the time is up.

use std::time::Instant;

use depot_domain::access::Role;
use depot_service::access;

use super::*;

/// An empty register with an officer and 李娜, whose PIN is 4321, after `failures` wrong PINs
/// of hers.
fn store_with_failures(failures: u32) -> Arc<Store> {
    let store = depot_service::store::in_memory().unwrap();
    let officer = Ctx::new(Some(OPERATOR)).unwrap();
    access::add_operator(&store, &officer, OPERATOR, Role::Officer, None).unwrap();
    access::add_operator(&store, &officer, "李娜", Role::Quartermaster, Some("4321")).unwrap();
    for _ in 0..failures {
        assert!(access::login(&store, "李娜", Some("0000")).is_err());
    }
    Arc::new(store)
}

fn login_screen(store: &Arc<Store>, lang: Lang) -> App {
    let opts = Options {
        lang,
        db: "demo.redb".into(),
        operator: None,
        as_of: as_of(),
    };
    super::super::start(store, &opts, (80, 24)).unwrap()
}

#[test]
fn after_three_wrong_pins_the_login_says_it_waits_and_then_checks() {
    for lang in [Lang::Zh, Lang::En] {
        let store = store_with_failures(3);
        let mut app = login_screen(&store, lang);
        feed(&mut app, &store, typed("李娜"));
        feed(&mut app, &store, [key(KeyCode::Tab)]);
        feed(&mut app, &store, typed("4321"));
        let started = Instant::now();
        feed(&mut app, &store, [key(KeyCode::Enter)]);
        assert!(
            started.elapsed().as_millis() < 500,
            "the screen did not freeze"
        );
        let w = app.login.waiting.clone().expect("waiting");
        assert_eq!((w.failures, w.delay.as_secs()), (3, 1));
        assert!(app.session.is_none());
        let screen = render(&app);
        let said = match lang {
            Lang::Zh => "已输错密码 3 次",
            Lang::En => "3 wrong PINs in the last 15 minutes",
        };
        assert!(screen.contains(said), "{screen}");
        // Keys wait too: the PIN is not changed, nor the attempt sent again.
        feed(&mut app, &store, typed("99"));
        feed(&mut app, &store, [key(KeyCode::Enter)]);
        assert_eq!(app.login.pin, "4321");
        // Not yet: a tick before the time changes nothing.
        update::tick(&mut app, &store);
        assert!(app.session.is_none() && app.login.waiting.is_some());
        // The time is up: the next tick checks the PIN.
        app.login.waiting.as_mut().unwrap().until = Instant::now();
        update::tick(&mut app, &store);
        assert!(app.login.waiting.is_none());
        assert_eq!(
            app.session.as_ref().map(|c| c.operator.to_string()),
            Some("李娜".into())
        );
    }
}

#[test]
fn a_wrong_pin_after_the_wait_is_refused_and_counted() {
    let store = store_with_failures(4);
    let mut app = login_screen(&store, Lang::En);
    feed(&mut app, &store, typed("李娜"));
    feed(&mut app, &store, [key(KeyCode::Tab)]);
    feed(&mut app, &store, typed("1111"));
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    let w = app.login.waiting.clone().expect("waiting");
    assert_eq!((w.failures, w.delay.as_secs()), (4, 2));
    app.login.waiting.as_mut().unwrap().until = Instant::now();
    update::tick(&mut app, &store);
    assert!(app.session.is_none());
    assert!(
        app.login
            .error
            .as_deref()
            .unwrap_or("")
            .contains("wrong or missing PIN")
    );
    assert!(app.login.pin.is_empty());
    let next = access::pin_wait(&store, "李娜").unwrap().unwrap();
    assert_eq!(next.1, 5, "the refusal is counted");
    // Esc still quits while waiting.
    feed(&mut app, &store, typed("2"));
    feed(&mut app, &store, [key(KeyCode::Enter)]);
    assert!(app.login.waiting.is_some());
    assert_eq!(feed(&mut app, &store, [key(KeyCode::Esc)]), Outcome::Quit);
}

#[test]
fn a_right_pin_ends_the_slowdown_for_the_next_login() {
    let store = store_with_failures(3);
    let sign_in = |store: &Arc<Store>, pin: &str| {
        let mut app = login_screen(store, Lang::En);
        feed(&mut app, store, typed("李娜"));
        feed(&mut app, store, [key(KeyCode::Tab)]);
        feed(&mut app, store, typed(pin));
        feed(&mut app, store, [key(KeyCode::Enter)]);
        app
    };
    // The right PIN still waits out the slowdown it was typed into, then signs in.
    let mut app = sign_in(&store, "4321");
    assert!(app.login.waiting.is_some());
    app.login.waiting.as_mut().unwrap().until = Instant::now();
    update::tick(&mut app, &store);
    assert!(app.session.is_some(), "{:?}", app.login.error);
    // The next login, at this terminal or another, is answered at once.
    let app = sign_in(&store, "4321");
    assert!(app.login.waiting.is_none(), "{:?}", app.login.waiting);
    assert!(app.session.is_some(), "{:?}", app.login.error);
    assert_eq!(access::pin_wait(&store, "李娜").unwrap(), None);
}
