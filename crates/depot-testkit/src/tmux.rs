//! A tmux server of a test's own (its socket), to drive the real binary as a person does and
//! read the screen back.

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    /// A tmux server of its own on `socket`, running `command` (a program and its arguments)
    /// in the session `t` of `width`×`height`.
    pub fn start(socket: &str, (width, height): (u16, u16), command: &[&str]) -> Tmux {
        let tmux = Tmux {
            socket: socket.to_owned(),
        };
        let (w, h) = (width.to_string(), height.to_string());
        let mut args = vec!["new-session", "-d", "-s", "t", "-x", &w, "-y", &h];
        args.extend_from_slice(command);
        let out = tmux.cmd(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }
    /// Ctrl+C, then waits up to 10 s for the program (and so the session) to end.
    pub fn quit(&self) {
        self.cmd(&["send-keys", "-t", "t", "C-c"]);
        let start = Instant::now();
        while self.cmd(&["has-session", "-t", "t"]).status.success() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the UI did not quit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    pub fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap()
    }
    /// A scanner's burst: the code and its Enter (a carriage return) in one write, as a
    /// keyboard-wedge scanner types them (two tmux commands may be far apart on a busy
    /// machine).
    pub fn burst(&self, code: &str) {
        self.cmd(&["send-keys", "-t", "t", "-l", &format!("{code}\r")]);
    }
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }
    pub fn wait_for(&self, what: &str) -> String {
        self.wait_for_line(&[what])
    }
    /// Waits for one line of the screen holding every one of `parts`.
    pub fn wait_for_line(&self, parts: &[&str]) -> String {
        let what = parts.join(" … ");
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.lines().any(|l| parts.iter().all(|p| l.contains(p))) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "'{what}' never appeared; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

/// Whether tmux is installed.
pub fn available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether a test that drives a terminal must be skipped: tmux is not installed (said on
/// standard error). In CI (`CI` set) tmux must be there, and its absence fails the test.
pub fn missing() -> bool {
    if available() {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "tmux is needed in CI (tools/test.sh installs it)"
    );
    eprintln!("skipped: tmux is not installed (tools/test.sh installs it)");
    true
}
