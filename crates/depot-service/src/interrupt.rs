//! Stopping cleanly on Ctrl+C (SIGINT), SIGTERM or SIGHUP.
//!
//! The command line installs the handlers once ([`install`]); the signal then only sets a flag,
//! and the long-running work (an import, an export, the scan stream, the terminal UI) looks at
//! it ([`requested`], [`check`]) at points where stopping leaves everything whole: an import
//! returns an error inside its write transaction, which is then dropped uncommitted; an export
//! removes its half-written file; the scan stream answers the batch it is committing and stops.
//!
//! A second signal while stopping ends the program at once. That is still safe for the
//! database: redb never commits half a transaction.
//!
//! Without [`install`] (the library used by another program, the tests) nothing is ever
//! requested.

use depot_domain::msg::service::ServiceMsg;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::{Error, Result};

/// The exit status of a program stopped by an interrupt, as a shell reports one (128 + SIGINT).
pub const EXIT_STATUS: u8 = 130;

static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Makes SIGINT, SIGTERM and SIGHUP set the flag instead of ending the program; a second one
/// while the flag is set ends it at once with [`EXIT_STATUS`].
pub fn install() -> std::io::Result<()> {
    let flag = FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        // The exit must be registered first: it acts only when an earlier signal set the flag.
        signal_hook::flag::register_conditional_shutdown(
            signal,
            i32::from(EXIT_STATUS),
            Arc::clone(flag),
        )?;
        signal_hook::flag::register(signal, Arc::clone(flag))?;
    }
    Ok(())
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    #[cfg(test)]
    if trip::looked() {
        return true;
    }
    FLAG.get().is_some_and(|f| f.load(Ordering::Relaxed))
}

/// Asks the running work to stop, as a signal would (the terminal UI does, when it quits with
/// an export still running).
pub fn request() {
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
        .store(true, Ordering::Relaxed);
}

/// `Err(Error::Interrupted(outcome))` once a stop was asked for; `outcome` says what the stop
/// left behind ([`ServiceMsg::NotImported`], say).
pub fn check(outcome: ServiceMsg) -> Result<()> {
    if requested() {
        Err(Error::Interrupted(outcome))
    } else {
        Ok(())
    }
}

/// A writer that fails once a stop was asked for, so that an export stops at its next row
/// wherever it writes to.
pub struct Stoppable<W>(pub W);

impl<W: std::io::Write> std::io::Write for Stoppable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if requested() {
            // Not `ErrorKind::Interrupted`: `write_all` would retry that.
            return Err(std::io::Error::other("interrupted"));
        }
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// For tests: a stop that arrives at a chosen look of this thread, so that a test can stop
/// work at an exact point (inside an import's write transaction, say) without a signal, and
/// without touching other tests' threads.
#[cfg(test)]
pub mod trip {
    use std::cell::Cell;

    thread_local! {
        static LOOKS: Cell<u64> = const { Cell::new(0) };
        static AT: Cell<Option<u64>> = const { Cell::new(None) };
    }

    /// Counts a look; true from look `at` on.
    pub(super) fn looked() -> bool {
        let n = LOOKS.get() + 1;
        LOOKS.set(n);
        AT.get().is_some_and(|at| n >= at)
    }

    /// Starts counting looks again from zero; with `at`, a stop is seen from that look on.
    pub fn reset(at: Option<u64>) {
        LOOKS.set(0);
        AT.set(at);
    }

    /// The looks since the last reset.
    pub fn looks() -> u64 {
        LOOKS.get()
    }
}
