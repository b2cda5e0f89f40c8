//! The terminal UI: an Elm-style loop. Keys map to named actions (`keymap`), `update` applies
//! them through the service functions, and `view` draws the state. The terminal is restored
//! on exit, on error and on a panic.

pub mod app;
pub mod i18n;
mod input;
pub mod keymap;
mod login;
mod outcome;
pub mod reader;
pub(crate) mod screens;
pub(crate) mod state;
mod style;
pub mod update;
pub mod view;
pub mod watch;
mod words;

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

use depot_service::store::Store;
use depot_service::{Ctx, access};
use depot_service::{Error, Result};

use app::App;
use i18n::Lang;
use update::Outcome;

/// How the terminal UI starts.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    /// The database file (default export names carry its stem).
    pub db: std::path::PathBuf,
    /// Fills in the login; with no PIN to ask, the UI opens on the dashboard.
    pub operator: Option<String>,
    pub as_of: NaiveDate,
}

/// A new app for `store`, logged in already when the operator needs no PIN.
pub fn start(store: &Store, opts: &Options, size: (u16, u16)) -> Result<App> {
    let mut app = App::new(opts.lang, opts.as_of, size);
    app.db = opts.db.clone();
    app.exports.shared = store.is_shared();
    app.hq_no_register = depot_service::hq::figures::is_headquarters(store)?
        && depot_service::export::Extract::open(store)?.stock_count()? == 0;
    if let Some(op) = opts
        .operator
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if access::needs_pin(store, op)? {
            app.login.name = op.to_owned();
            app.login.field = 1;
        } else {
            access::login(store, op, None)?;
            app.session = Some(Ctx::new(Some(op))?);
        }
    }
    Ok(app)
}

/// What the key loop waits for: a terminal event and the moment it arrived, or what other
/// terminals wrote.
enum Msg {
    Input(event::Event, Instant),
    Others(Box<watch::Fresh>),
    Read(reader::Answer),
    /// The connection to the server broke, or is back.
    Link(depot_service::store::Link),
}

/// The language the key loop shows, for the line written while it waits on the server.
static ZH: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Set when that line was written past the screen's buffer: the next draw writes the last row
/// again whole (`repaint_last_row`).
static WROTE_PAST: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Draws the frame with its last row made of no-break spaces (blank to the eye, unlike what
/// the buffer holds for it), so that the next draw writes every cell of that row and nothing
/// of the line written past the buffer stays.
fn repaint_last_row(app: &App, f: &mut ratatui::Frame) {
    view::draw(app, f);
    let area = f.area();
    let Some(row) = area.height.checked_sub(1) else {
        return;
    };
    let buf = f.buffer_mut();
    for x in area.x..area.x + area.width {
        buf[(x, area.y + row)].set_symbol("\u{a0}");
    }
}

/// Says on the terminal's last line, at once, that the server is being reconnected: for the
/// key loop's own thread, which waits on the server inside an action and draws nothing
/// meanwhile (what is typed meanwhile waits in the event thread's queue, stamped as it came).
fn say_away_now() {
    use ratatui::crossterm::{cursor, style, terminal};
    let lang = if ZH.load(std::sync::atomic::Ordering::Relaxed) {
        Lang::Zh
    } else {
        Lang::En
    };
    let Ok((_, rows)) = terminal::size() else {
        return;
    };
    WROTE_PAST.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = execute!(
        std::io::stdout(),
        cursor::SavePosition,
        cursor::MoveTo(0, rows.saturating_sub(1)),
        terminal::Clear(terminal::ClearType::CurrentLine),
        style::SetForegroundColor(style::Color::Red),
        style::Print(view::away_line(lang)),
        style::ResetColor,
        cursor::RestorePosition
    );
}

/// Runs the terminal UI until the user quits.
pub fn run(store: Store, opts: Options) -> Result<()> {
    let store = Arc::new(store);
    let io = |e: std::io::Error| Error::io("terminal", e);
    let mut terminal = ratatui::init();
    let restore = || {
        let _ = execute!(
            std::io::stdout(),
            DisableBracketedPaste,
            DisableMouseCapture
        );
        ratatui::restore();
    };
    let result = (|| -> Result<()> {
        execute!(std::io::stdout(), EnableBracketedPaste, EnableMouseCapture).map_err(io)?;
        let size = terminal.size().map_err(io)?;
        let mut app = start(&store, &opts, (size.width, size.height))?;
        // What other terminals write from now on shows (the screens are read after this).
        let seen = if store.is_shared() {
            watch::seen(&store)
        } else {
            watch::Seen::default()
        };
        update::go(&mut app, &store, app::Screen::Dashboard);
        // What an outcome asks of the terminal; true: quit now.
        let act = |app: &mut App, out: Outcome| match out {
            Outcome::Quit => {
                screens::exports::backup::settle(app);
                true
            }
            Outcome::Bell => {
                let mut out = std::io::stdout();
                let _ = out.write_all(b"\x07");
                let _ = out.flush();
                false
            }
            Outcome::None => false,
        };
        // Events are read on a thread of their own and stamped with the moment they arrived,
        // so a redraw never delays (or distorts the timing of) a scanner's burst, and a
        // terminal that goes away is noticed here even when crossterm, reading a hung-up
        // terminal, never returns.
        let (tx, rx) = std::sync::mpsc::channel();
        // A server that goes away is said on the status line while depot reconnects, whether
        // the key loop is waiting on it (said at once) or a reading thread met it.
        let key_loop = std::thread::current().id();
        let links = std::sync::Mutex::new(tx.clone());
        store.on_link(Arc::new(move |link| {
            if link == depot_service::store::Link::Away && std::thread::current().id() == key_loop {
                say_away_now();
            }
            let _ = links
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .send(Msg::Link(link));
        }));
        // On a database other terminals share, what they write is read on a thread of its
        // own, and arrives here as one more message between keys.
        let focus = watch::Focus::default();
        if store.is_shared() {
            let tx = tx.clone();
            watch::spawn(store.clone(), seen, focus.clone(), move |fresh| {
                tx.send(Msg::Others(Box::new(fresh))).is_ok()
            });
        }
        // What the key loop wants read (a selected row's history) is read on a thread of its
        // own, and arrives as one more message between keys.
        let answers = tx.clone();
        app.reads = Some(reader::spawn(store.clone(), move |a| {
            answers.send(Msg::Read(a)).is_ok()
        }));
        std::thread::spawn(move || {
            while let Ok(ev) = event::read() {
                if tx.send(Msg::Input(ev, Instant::now())).is_err() {
                    break;
                }
            }
        });
        let has_tty = || std::fs::File::open("/dev/tty").is_ok();
        let watch_tty = has_tty();
        loop {
            // SIGTERM, SIGHUP, or SIGINT sent as a signal (Ctrl+C typed here is a key).
            if depot_service::interrupt::requested() {
                screens::exports::backup::settle(&mut app);
                return Ok(());
            }
            // While characters are held (a scan may be arriving) nothing is drawn.
            if !app.held.is_holding() {
                if WROTE_PAST.swap(false, std::sync::atomic::Ordering::Relaxed) {
                    terminal.draw(|f| repaint_last_row(&app, f)).map_err(io)?;
                }
                terminal.draw(|f| view::draw(&app, f)).map_err(io)?;
            }
            let wait = app
                .held
                .deadline()
                .map(|d| d.saturating_duration_since(Instant::now()) + Duration::from_millis(1))
                .unwrap_or(Duration::from_millis(250));
            ZH.store(app.lang == Lang::Zh, std::sync::atomic::Ordering::Relaxed);
            focus.set(screens::inventory::focus(&app));
            focus.set_depots(app.as_of, screens::hq::open_depot(&app));
            let msg = match rx.recv_timeout(wait) {
                Ok(got) => got,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    // The terminal went away (its window closed, tmux killed) with no signal
                    // to this program: it has no controlling terminal any more.
                    if watch_tty && !has_tty() {
                        screens::exports::backup::settle(&mut app);
                        return Ok(());
                    }
                    let out = input::expire(&mut app, &store, Instant::now());
                    if act(&mut app, out) {
                        return Ok(());
                    }
                    update::tick(&mut app, &store);
                    continue;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Error::io(
                        "terminal",
                        std::io::Error::other("the terminal's input ended"),
                    ));
                }
            };
            // Take every event already waiting before drawing again.
            let mut next = Some(msg);
            while let Some(msg) = next {
                match msg {
                    Msg::Input(ev, at) => {
                        let out = input::event(&mut app, &store, &ev, at);
                        if act(&mut app, out) {
                            return Ok(());
                        }
                    }
                    Msg::Others(fresh) => update::others(&mut app, &store, *fresh),
                    Msg::Read(reader::Answer::History(b, h)) => {
                        screens::inventory::take_history(&mut app, &b, h)
                    }
                    Msg::Read(reader::Answer::Trend(generation, run)) => {
                        screens::trend::take(&mut app, generation, *run)
                    }
                    Msg::Read(reader::Answer::HqChart(generation, depot, points)) => {
                        screens::hq::take_chart(&mut app, generation, depot, points)
                    }
                    Msg::Read(reader::Answer::HqCircles(generation, depot, made)) => {
                        screens::hq::take_circles(&mut app, generation, depot, made)
                    }
                    Msg::Link(link) => {
                        app.server_away = link == depot_service::store::Link::Away;
                    }
                }
                next = rx.try_recv().ok();
            }
        }
    })();
    restore();
    result
}

#[cfg(test)]
mod readiness_agrees_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_shared;
