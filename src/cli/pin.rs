//! The PIN of the operator who acts: asked on a terminal without echo, read from `DEPOT_PIN`
//! in a script, and checked by the same service function as the terminal UI's login (on a
//! server, by the server: every operator signs in there, PIN or not).

use std::io::{IsTerminal, Write};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal;

use super::{language, refuse};
use depot_domain::msg::cli::access::CliAccessMsg;
use depot_service::store::Store;
use depot_service::{Clock, access};
use depot_service::{Error, Result};

/// The variable a script gives the PIN in.
const PIN_VAR: &str = "DEPOT_PIN";

/// Checks the PIN of `op` where they have one; anyone else acts as before (an unknown or
/// missing operator is refused by the command itself, as ever).
pub(super) fn confirm(store: &Store, op: Option<&str>) -> Result<()> {
    let Some(name) = op.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(());
    };
    if !access::needs_pin(store, name)? {
        // A server checks every sign-in itself, and holds what this program then writes to
        // the operator signed in: one without a PIN (or a new register's first) signs in too.
        if store.is_shared() {
            access::sign_in(store, name, None, &mut Said)?;
        }
        return Ok(());
    }
    let on_terminal = std::io::stdin().is_terminal();
    let pin = if on_terminal {
        Some(ask(name)?).filter(|p| !p.is_empty())
    } else {
        std::env::var(PIN_VAR).ok().filter(|p| !p.is_empty())
    };
    let given = pin.is_some();
    match access::sign_in(store, name, pin.as_deref(), &mut Said) {
        Err(Error::WrongPin(_)) if !given && !on_terminal => {
            Err(refuse(CliAccessMsg::PinNotGiven {
                name: name.to_owned(),
                var: PIN_VAR.to_owned(),
            }))
        }
        other => other.map(|_| ()),
    }
}

/// The local clock, and a wait that says why before it sleeps.
struct Said;

impl access::Pace for Said {
    fn now(&self) -> DateTime<FixedOffset> {
        Clock::Local.read()
    }

    fn wait(&mut self, delay: Duration, failures: u32) {
        let (secs, minutes) = (delay.as_secs(), access::FAILURE_WINDOW_MINUTES);
        let said = CliAccessMsg::PinWait {
            failures: failures.to_string(),
            minutes: minutes.to_string(),
            secs: secs.to_string(),
        };
        eprintln!("{}", said.say(language()));
        std::thread::sleep(delay);
    }
}

/// Asks for the PIN on the terminal, without echo.
fn ask(name: &str) -> Result<String> {
    let io = |e: std::io::Error| Error::io("terminal", e);
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "{}",
        CliAccessMsg::PinPrompt {
            name: name.to_owned()
        }
        .say(language())
    );
    let _ = err.flush();
    terminal::enable_raw_mode().map_err(io)?;
    let read = read_hidden();
    let _ = terminal::disable_raw_mode();
    let _ = writeln!(err);
    match read.map_err(io)? {
        Some(pin) => Ok(pin),
        None => Err(refuse(CliAccessMsg::NoPinGiven)),
    }
}

/// Reads a line in raw mode, echoing nothing; `None` when the user gives up (Ctrl+C, Esc).
fn read_hidden() -> std::io::Result<Option<String>> {
    let mut pin = String::new();
    loop {
        let Event::Key(k) = event::read()? else {
            continue;
        };
        if k.kind == KeyEventKind::Release {
            continue;
        }
        match k.code {
            KeyCode::Enter => return Ok(Some(pin)),
            KeyCode::Esc => return Ok(None),
            KeyCode::Char('c' | 'd') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                return Ok(None);
            }
            KeyCode::Backspace => {
                pin.pop();
            }
            KeyCode::Char(c) => pin.push(c),
            _ => {}
        }
    }
}
