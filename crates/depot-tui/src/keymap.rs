//! Keys and mouse to named actions, by context. Nothing changes here: `update` acts on the
//! action. Only key presses count (not releases), so Windows terminals behave the same.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::app::{App, Screen};

/// Everything a user can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Quit (asks first when anything would be abandoned).
    Quit,
    Help,
    ToggleLang,
    GoTo(Screen),
    NextScreen,
    PrevScreen,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Left,
    Right,
    NextPane,
    Back,
    Enter,
    SortNext,
    /// The inventory's sort, the other way round.
    SortReverse,
    /// A character for the focused text field (a scanner's burst arrives as these).
    Char(char),
    Backspace,
    /// Bracketed paste: several codes at once.
    Paste(String),
    /// A scanner's burst, whole (recognised by `input`, never by a single key).
    Scan(String),
    ScanMode,
    EditReceiver,
    EditReference,
    EditQty,
    Undo,
    CountView,
    CountPost,
    /// Print again the labels of what the open count has not found.
    CountReprint,
    Yes,
    No,
    Scroll(i32),
    Click(u16, u16),
    Resize(u16, u16),
}

/// The action for an event in the app's current context, if any.
pub fn map(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => key(app, k),
        Event::Key(_) => None,
        Event::Paste(s) => Some(Action::Paste(s.clone())),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            _ => None,
        },
        _ => None,
    }
}

fn key(app: &App, k: &KeyEvent) -> Option<Action> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    // A question on screen takes only its answers.
    if app.confirm.is_some() {
        return match k.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Action::Yes),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Action::No),
            _ => None,
        };
    }
    if app.help {
        return Some(Action::Help);
    }
    match k.code {
        KeyCode::Char('c' | 'q') if ctrl => return Some(Action::Quit),
        // GS (a GS1 separator) arrives as Ctrl+5: it belongs to the code being scanned.
        KeyCode::Char('5' | ']') if ctrl => return Some(Action::Char('\u{1d}')),
        KeyCode::Char('z') if ctrl => return Some(Action::Undo),
        KeyCode::F(1) => return Some(Action::Help),
        KeyCode::F(12) => return Some(Action::ToggleLang),
        KeyCode::Char(c @ '1'..='6') if alt => {
            return Screen::ALL
                .get(c as usize - '1' as usize)
                .map(|s| Action::GoTo(*s));
        }
        KeyCode::Right if ctrl => return Some(Action::NextScreen),
        KeyCode::Left if ctrl => return Some(Action::PrevScreen),
        _ => {}
    }
    if app.session.is_none() {
        return login_key(k);
    }
    if app.screen == Screen::Scan {
        match k.code {
            KeyCode::F(2) => return Some(Action::ScanMode),
            KeyCode::F(3) => return Some(Action::EditReceiver),
            KeyCode::F(4) => return Some(Action::EditReference),
            KeyCode::F(5) => return Some(Action::EditQty),
            KeyCode::F(6) => return Some(Action::CountView),
            KeyCode::F(7) => return Some(Action::CountPost),
            KeyCode::F(8) => return Some(Action::CountReprint),
            _ => {}
        }
    }
    if matches!(app.screen, Screen::Replacements | Screen::Exports) && k.code == KeyCode::F(3) {
        return Some(Action::EditReceiver);
    }
    match k.code {
        KeyCode::Enter => return Some(Action::Enter),
        // Some scanners end a code with Tab instead of Enter.
        KeyCode::Tab if app.screen == Screen::Scan => return Some(Action::Enter),
        KeyCode::Tab => return Some(Action::NextPane),
        KeyCode::BackTab => return Some(Action::NextPane),
        KeyCode::Esc => return Some(Action::Back),
        KeyCode::Backspace => return Some(Action::Backspace),
        KeyCode::Up => return Some(Action::Up),
        KeyCode::Left => return Some(Action::Left),
        KeyCode::Right => return Some(Action::Right),
        KeyCode::Down => return Some(Action::Down),
        KeyCode::PageUp => return Some(Action::PageUp),
        KeyCode::PageDown => return Some(Action::PageDown),
        KeyCode::Home => return Some(Action::Home),
        KeyCode::End => return Some(Action::End),
        KeyCode::F(8) if app.screen == Screen::Inventory => return Some(Action::SortNext),
        KeyCode::F(9) if app.screen == Screen::Inventory => return Some(Action::SortReverse),
        _ => {}
    }
    if let KeyCode::Char(c) = k.code {
        if ctrl || alt {
            return None;
        }
        // The exports screen's letters, and every letter while its register dialog is open.
        let exports_key = app.screen == Screen::Exports
            && (matches!(c, 'x' | 'g' | 'w' | 'b' | 'i') || app.exports.register.is_some());
        if app.typing() || exports_key {
            return Some(Action::Char(c));
        }
        return match c {
            '?' => Some(Action::Help),
            'L' => Some(Action::ToggleLang),
            'l' => Some(Action::NextScreen),
            'j' => Some(Action::Down),
            'k' => Some(Action::Up),
            'g' => Some(Action::Home),
            'G' => Some(Action::End),
            'h' => Some(Action::PrevScreen),
            '1'..='6' => Screen::ALL
                .get(c as usize - '1' as usize)
                .map(|s| Action::GoTo(*s)),
            _ => None,
        };
    }
    None
}

fn login_key(k: &KeyEvent) -> Option<Action> {
    match k.code {
        KeyCode::Enter => Some(Action::Enter),
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Down | KeyCode::Up => Some(Action::NextPane),
        KeyCode::Esc => Some(Action::Quit),
        KeyCode::Backspace => Some(Action::Backspace),
        KeyCode::Char(c) => Some(Action::Char(c)),
        _ => None,
    }
}

/// Every key of a screen with what it does, for the help overlay; `hq`: screen 1 lists a
/// headquarters' depots.
pub fn help_for(
    screen: Screen,
    mode: crate::app::ScanMode,
    hq: bool,
) -> Vec<(&'static str, crate::i18n::T)> {
    use crate::i18n::T;
    let mut keys = vec![
        ("F1 ?", T::KeyHelp),
        ("F12 L", T::KeyLang),
        ("Alt+1…6 Ctrl+←/→", T::KeyTabs),
        ("Ctrl+C Ctrl+Q", T::KeyQuit),
    ];
    match screen {
        Screen::Dashboard if hq => keys.extend([
            ("↑↓ PgUp PgDn Home End", T::KeyMove),
            ("Enter", T::KeyOpen),
            ("Tab", T::KeyHqViews),
            ("← →", T::KeyModule),
            ("Esc", T::KeyBack),
        ]),
        Screen::Dashboard => keys.extend([
            ("↑↓ j k", T::KeyMove),
            ("Enter", T::KeyOpen),
            ("Tab", T::KeyTrend),
            ("Esc", T::KeyBack),
        ]),
        Screen::Inventory => keys.extend([
            ("↑↓ PgUp PgDn Home End", T::KeyMove),
            ("Tab", T::KeyFocus),
            ("Enter", T::KeyItemPage),
            ("F8", T::KeySort),
            ("F9", T::KeySortReverse),
            ("Esc", T::KeyBack),
        ]),
        Screen::Scan => {
            use crate::app::ScanMode;
            keys.extend([("Enter Tab", T::Scan), ("F2", T::Mode)]);
            keys.extend(match mode {
                ScanMode::Out => vec![
                    ("F3", T::FieldTo),
                    ("F4", T::FieldDue),
                    ("F5", T::Reference),
                ],
                ScanMode::In => vec![("F3", T::FieldInto), ("F6", T::Condition)],
                ScanMode::Transfer => vec![("F3", T::FieldTransferTo)],
                ScanMode::Issue => vec![("F4", T::Reference), ("F5", T::QtyPerScan)],
                ScanMode::Count => vec![
                    ("F3", T::FieldScope),
                    ("F6", T::CountRefresh),
                    ("F7", T::CountClose),
                    ("F8", T::CountReprint),
                ],
                ScanMode::Receive => vec![("F3", T::FieldShipment), ("F7", T::ShipReceive)],
            });
            keys.extend([("Ctrl+Z", T::KeyUndo), ("Esc", T::KeyBack)]);
        }
        Screen::Units => keys.extend([
            ("↑↓ j k", T::KeyMove),
            ("Enter", T::KeyOpen),
            ("Tab", T::KeyCircles),
            ("← →", T::KeyModule),
            ("Esc", T::KeyBack),
        ]),
        _ => keys.extend([
            ("↑↓ j k", T::KeyMove),
            ("Enter", T::KeyOpen),
            ("Tab", T::KeyFocus),
            ("Esc", T::KeyBack),
        ]),
    }
    keys
}
