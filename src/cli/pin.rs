//! The PIN of the operator who acts: asked on a terminal without echo, read from `DEPOT_PIN`
//! in a script, and checked by the same service function as the terminal UI's login.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::terminal;

use super::say;
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
        Err(Error::WrongPin(_)) if !given && !on_terminal => Err(Error::Invalid(say(
            &format!(
                "operator {name} has a PIN, and none was given: standard input is not a terminal to ask on, so set {PIN_VAR} for this command (e.g. `{PIN_VAR}=… depot …`); forgotten it? an officer sets a new one with `depot operator add {name} --role ROLE --pin NEW`. The refusal is in the audit log"
            ),
            &format!(
                "操作员 {name} 设有密码，但未提供：标准输入不是终端，无法询问，请为本命令设置 {PIN_VAR}（如 `{PIN_VAR}=… depot …`）；忘记密码请管理员用 `depot operator add {name} --role 角色 --pin 新密码` 重设。此次拒绝已记入审计日志"
            ),
        ))),
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
        eprintln!(
            "{}",
            say(
                &format!(
                    "{failures} wrong PINs for this operator in the last {minutes} minutes: waiting {secs} s before checking this one"
                ),
                &format!(
                    "该操作员最近 {minutes} 分钟内已输错密码 {failures} 次：等待 {secs} 秒后再核对"
                )
            )
        );
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
        say(&format!("PIN for {name}: "), &format!("{name} 的密码："))
    );
    let _ = err.flush();
    terminal::enable_raw_mode().map_err(io)?;
    let read = read_hidden();
    let _ = terminal::disable_raw_mode();
    let _ = writeln!(err);
    match read.map_err(io)? {
        Some(pin) => Ok(pin),
        None => Err(Error::Invalid(say(
            "no PIN was given; nothing was done",
            "未输入密码；未作任何操作",
        ))),
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
