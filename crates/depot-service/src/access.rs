//! Who may do what. Role checks live here, in the service layer, so no front end can bypass
//! them; a refused action is recorded in the audit log, outside the stock ledger. On a server
//! (PostgreSQL), whose terminals all hold the same database role, the server checks sign-ins
//! and holds every write to the operator signed in as well (`Store::sign_in`), so that a hand
//! with the terminals' credentials cannot bypass them either.

use chrono::{DateTime, FixedOffset};
use depot_domain::msg::service::ServiceMsg;
use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;

use crate::store::{AuditEntry, OperatorRecord, Pin, SignIn, Store, StoreError, Writer};
use crate::{Error, Result};
use depot_domain::access::{Permission, Role};

use crate::Ctx;
use crate::audit_words::RIGHT_PIN;

/// PBKDF2 rounds for a PIN: slow enough to make guessing costly, fast enough for a login.
const PIN_ROUNDS: u32 = 100_000;

/// Checks that the context's operator may act; the first operator named on a new database
/// becomes its first officer.
pub fn authorize(w: &mut Writer<'_>, ctx: &Ctx, p: Permission, what: &str) -> Result<Role> {
    let name = ctx.operator.as_str();
    match w.operator(name)? {
        Some(o) if o.role.allows(p) => Ok(o.role),
        Some(o) => Err(Error::Refused {
            operator: name.to_owned(),
            role: o.role,
            action: what.to_owned(),
        }),
        None if w.operator_count()? == 0 => {
            w.put_operator(&OperatorRecord {
                name: name.to_owned(),
                role: Role::Officer,
                pin: None,
            })?;
            w.audit(&AuditEntry {
                at: ctx.stamp(),
                operator: name.to_owned(),
                action: "operator add".into(),
                outcome: "first operator, made officer".into(),
            })?;
            Ok(Role::Officer)
        }
        None => Err(Error::UnknownOperator(name.to_owned())),
    }
}

/// Runs one user action as one durable write transaction. `f` gets `ctx` pinned to the clock's
/// reading once the transaction has begun (writers take turns), so the action's stamps are
/// when it was made and never earlier than a write committed before it. A refusal is written
/// to the audit log in a transaction of its own (the action's own transaction wrote nothing).
pub fn act<T>(
    store: &Store,
    ctx: &Ctx,
    what: &str,
    f: impl FnOnce(&mut Writer<'_>, &Ctx) -> Result<T>,
) -> Result<T> {
    act_with(store, ctx, what, f)
}

/// [`act`] for an action on one barcode, whose stock row the engine may read as the
/// transaction begins (`Store::write_for`).
///
/// `f` may run twice (`Store::write_for`): on a server, when what it read changed before its
/// turn in the ledger's chain, it is run again in turn, with the clock read again.
pub fn act_on<T: crate::store::Renumber>(
    store: &Store,
    ctx: &Ctx,
    what: &str,
    barcode: &str,
    mut f: impl FnMut(&mut Writer<'_>, &Ctx) -> Result<T>,
) -> Result<T> {
    let out = store.write_for(barcode, |w| f(w, &ctx.pinned()));
    refused(store, ctx, what, out)
}

fn act_with<T>(
    store: &Store,
    ctx: &Ctx,
    what: &str,
    f: impl FnOnce(&mut Writer<'_>, &Ctx) -> Result<T>,
) -> Result<T> {
    let out = store.write(|w| f(w, &ctx.pinned()));
    refused(store, ctx, what, out)
}

/// `out`, after an entry in the audit log when it is a refusal of the operator's rights.
fn refused<T>(store: &Store, ctx: &Ctx, what: &str, out: Result<T>) -> Result<T> {
    if let Err(e @ (Error::Refused { .. } | Error::UnknownOperator(_))) = &out {
        let entry = AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: what.to_owned(),
            outcome: crate::audit_words::both(
                &format!("refused: {e}"),
                &format!("拒绝：{}", e.zh()),
            ),
        };
        store.write(|w| w.audit(&entry).map_err(Error::from))?;
    }
    out
}

fn hash_pin(pin: &str, salt: &[u8; 16]) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2_hmac::<Sha256>(pin.as_bytes(), salt, PIN_ROUNDS, &mut out);
    out
}

/// Adds (or changes the role or PIN of) an operator; officers only.
pub fn add_operator(
    store: &Store,
    ctx: &Ctx,
    name: &str,
    role: Role,
    pin: Option<&str>,
) -> Result<()> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Msg(ServiceMsg::OperatorNeedsName));
    }
    let pin = match pin {
        Some(p) if p.len() < 4 => {
            return Err(Error::Msg(ServiceMsg::PinTooShort));
        }
        Some(p) => {
            let mut salt = [0u8; 16];
            getrandom::fill(&mut salt).map_err(|e| {
                Error::Msg(ServiceMsg::NoRandomness {
                    error: e.to_string(),
                })
            })?;
            Some(Pin::Hash(salt, hash_pin(p, &salt)))
        }
        None => None,
    };
    act(store, ctx, &format!("operator add {name}"), |w, ctx| {
        authorize(w, ctx, Permission::Manage, "add operators")?;
        w.put_operator(&OperatorRecord {
            name: name.to_owned(),
            role,
            pin,
        })?;
        w.audit(&AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: format!("operator add {name}"),
            outcome: format!("role {role}"),
        })?;
        Ok(())
    })
}

use depot_domain::access::sign_in::{ACTION as SIGN_IN, NO_PIN, UNKNOWN_OPERATOR, WRONG_PIN};
pub use depot_domain::access::{FAILURE_WINDOW_MINUTES, pin_delay};

/// The failed sign-ins of `name` in the audit log within the window before `now`, since the
/// operator's last right PIN (which ends the slowdown). Counted from the log, so that the
/// slowdown holds across processes and terminals.
pub fn recent_failures(log: &[AuditEntry], name: &str, now: DateTime<FixedOffset>) -> u32 {
    let since = now - chrono::Duration::minutes(FAILURE_WINDOW_MINUTES);
    let n = log
        .iter()
        .rev()
        .filter(|e| e.operator == name && e.action == SIGN_IN)
        .take_while(|e| e.outcome != RIGHT_PIN)
        .filter(|e| e.outcome == WRONG_PIN && e.at > since)
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The time a sign-in reads, and how it waits before answering after repeated failures: the
/// front end says why it waits (the CLI on standard error); tests count the waits instead.
pub trait Pace {
    fn now(&self) -> DateTime<FixedOffset>;
    /// Waits `delay` before the attempt is answered; `failures` recent failures are why.
    fn wait(&mut self, delay: std::time::Duration, failures: u32);
}

/// The local clock, and a wait that sleeps without a word.
pub struct Sleep;

impl Pace for Sleep {
    fn now(&self) -> DateTime<FixedOffset> {
        crate::Clock::Local.read()
    }
    fn wait(&mut self, delay: std::time::Duration, _failures: u32) {
        std::thread::sleep(delay);
    }
}

/// Checks who is acting, for every front end: an operator with a PIN must give it. A missing
/// or wrong PIN, or an unknown operator, is refused and written to the audit log; after
/// repeated wrong PINs each further attempt waits (see [`pin_delay`]) before it is answered.
/// An operator without a PIN needs none; on a database without operators anyone may start
/// (the first to act becomes its officer, see [`authorize`]). Returns the operator's role.
///
/// On a server that checks sign-ins itself (PostgreSQL) the check is the server's, with the
/// same answers: depot sends PBKDF2 of the PIN under the salt the server gives, never sees the
/// stored hash, and the server counts the failures and refuses an attempt made before its wait
/// is over (the wait is then waited here, and the attempt made again). The server process is
/// then the operator's: what the store writes from then on is theirs.
pub fn sign_in(
    store: &Store,
    name: &str,
    pin: Option<&str>,
    pace: &mut dyn Pace,
) -> Result<Option<Role>> {
    let prove = |salt: &[u8; 16]| pin.map(|p| hash_pin(p, salt));
    // An attempt refused for its wait is made again once the wait is over, a few times at most
    // (another terminal may go on failing meanwhile).
    for _ in 0..4 {
        // A server connection that broke before the sign-in was saved (a restart, a process
        // ended) is asked once more on a new one, as a scan is: nothing of the first was kept.
        let said = match store.sign_in(name, &prove) {
            Some(Err(e)) if e.connection_lost() => store.sign_in(name, &prove),
            said => said,
        };
        let Some(said) = said else {
            return sign_in_here(store, name, pin, pace);
        };
        return match said? {
            SignIn::Role(role) => Ok(Some(role)),
            SignIn::First => Ok(None),
            SignIn::UnknownOperator => Err(Error::UnknownOperator(name.to_owned())),
            SignIn::NoProof | SignIn::WrongPin => Err(Error::WrongPin(name.to_owned())),
            SignIn::Wait { secs, failures } => {
                pace.wait(std::time::Duration::from_secs(secs), failures);
                continue;
            }
        };
    }
    Err(Error::WrongPin(name.to_owned()))
}

/// [`sign_in`] where the services check it: the PIN's hash read from the store, the failures
/// counted from the audit log.
fn sign_in_here(
    store: &Store,
    name: &str,
    pin: Option<&str>,
    pace: &mut dyn Pace,
) -> Result<Option<Role>> {
    let r = store.read()?;
    let refuse = |outcome: &str, pace: &dyn Pace| -> Result<()> {
        let entry = AuditEntry {
            at: pace.now(),
            operator: name.to_owned(),
            action: SIGN_IN.to_owned(),
            outcome: outcome.to_owned(),
        };
        store.write(|w| w.audit(&entry).map_err(Error::from))
    };
    let o = match r.operator(name)? {
        Some(o) => o,
        None if r.operators()?.is_empty() => return Ok(None),
        None => {
            drop(r);
            refuse(UNKNOWN_OPERATOR, pace)?;
            return Err(Error::UnknownOperator(name.to_owned()));
        }
    };
    let (salt, hash) = match o.pin {
        None => return Ok(Some(o.role)),
        Some(Pin::Hash(salt, hash)) => (salt, hash),
        Some(Pin::Withheld) => return Err(StoreError::pin_withheld(name).into()),
    };
    let Some(pin) = pin else {
        drop(r);
        refuse(NO_PIN, pace)?;
        return Err(Error::WrongPin(name.to_owned()));
    };
    let failures = recent_failures(&r.audit_log()?, name, pace.now());
    drop(r);
    let delay = pin_delay(failures);
    if !delay.is_zero() {
        pace.wait(delay, failures);
    }
    if hash_pin(pin, &salt) == hash {
        // The operator knows the PIN: the wrong ones before no longer slow the next sign-in
        // down, at this terminal or any other.
        if failures > 0 {
            let entry = AuditEntry {
                at: pace.now(),
                operator: name.to_owned(),
                action: SIGN_IN.to_owned(),
                outcome: RIGHT_PIN.to_owned(),
            };
            store.write(|w| w.audit(&entry).map_err(Error::from))?;
        }
        return Ok(Some(o.role));
    }
    refuse(WRONG_PIN, pace)?;
    Err(Error::WrongPin(name.to_owned()))
}

/// [`sign_in`] on the local clock, waiting in silence.
pub fn login(store: &Store, name: &str, pin: Option<&str>) -> Result<Option<Role>> {
    sign_in(store, name, pin, &mut Sleep)
}

/// How long a sign-in of `name` with a PIN must wait now, and the failures that are why
/// (`None`: no wait): for a front end that waits without blocking, saying so (the terminal
/// UI), then signs in with [`login_waited`].
pub fn pin_wait(store: &Store, name: &str) -> Result<Option<(std::time::Duration, u32)>> {
    let r = store.read()?;
    if r.operator(name)?.is_none_or(|o| o.pin.is_none()) {
        return Ok(None);
    }
    let failures = recent_failures(&r.audit_log()?, name, crate::Clock::Local.read());
    let delay = pin_delay(failures);
    Ok((!delay.is_zero()).then_some((delay, failures)))
}

/// [`sign_in`] once the wait [`pin_wait`] said has been waited out: any further wait (more
/// failures since, at another terminal) is waited here.
pub fn login_waited(
    store: &Store,
    name: &str,
    pin: Option<&str>,
    waited: std::time::Duration,
) -> Result<Option<Role>> {
    struct Rest(std::time::Duration);
    impl Pace for Rest {
        fn now(&self) -> DateTime<FixedOffset> {
            crate::Clock::Local.read()
        }
        fn wait(&mut self, delay: std::time::Duration, _: u32) {
            std::thread::sleep(delay.saturating_sub(self.0));
        }
    }
    sign_in(store, name, pin, &mut Rest(waited))
}

/// Whether the operator needs a PIN to log in.
pub fn needs_pin(store: &Store, name: &str) -> Result<bool> {
    let read = || -> Result<bool> {
        Ok(store
            .read()?
            .operator(name)?
            .is_some_and(|o| o.pin.is_some()))
    };
    // Asked before a sign-in: a broken server connection is asked once more, as the sign-in is.
    match read() {
        Err(Error::Store(e)) if e.connection_lost() => read(),
        said => said,
    }
}

/// Every operator and their role (`depot operator list`).
pub fn operators(store: &Store) -> Result<Vec<OperatorRecord>> {
    Ok(store.read()?.operators()?)
}

/// The audit log: refused actions and operator changes, oldest first (`depot audit`).
pub fn audit_log(store: &Store) -> Result<Vec<AuditEntry>> {
    Ok(store.read()?.audit_log()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(name: &str) -> Ctx {
        Ctx::new(Some(name)).unwrap()
    }

    #[test]
    fn first_operator_is_officer_then_roles_hold() {
        let store = crate::store::in_memory().unwrap();
        add_operator(
            &store,
            &ctx("王伟"),
            "李娜",
            Role::Quartermaster,
            Some("2468"),
        )
        .unwrap();
        let r = store.read().unwrap();
        assert_eq!(r.operator("王伟").unwrap().unwrap().role, Role::Officer);
        assert_eq!(
            login(&store, "李娜", Some("2468")).unwrap(),
            Some(Role::Quartermaster)
        );
        assert!(login(&store, "李娜", Some("1111")).is_err());
        assert!(login(&store, "李娜", None).is_err());
        // A quartermaster may not add operators; the refusal is audited.
        let e = add_operator(&store, &ctx("李娜"), "x", Role::Officer, None).unwrap_err();
        assert!(matches!(e, Error::Refused { .. }), "{e}");
        let e = add_operator(&store, &ctx("stranger"), "x", Role::Officer, None).unwrap_err();
        assert!(matches!(e, Error::UnknownOperator(_)), "{e}");
        let log = store.read().unwrap().audit_log().unwrap();
        assert!(
            log.iter()
                .any(|e| e.operator == "李娜" && e.outcome.starts_with("refused")),
            "{log:?}"
        );
        assert!(
            log.iter()
                .any(|e| e.operator == "stranger" && e.outcome.starts_with("refused"))
        );
        assert!(store.read().unwrap().operator("x").unwrap().is_none());
    }

    /// A clock the test sets, and the waits asked for instead of sleeping.
    struct Recorded {
        now: DateTime<FixedOffset>,
        waits: Vec<(std::time::Duration, u32)>,
    }

    impl Pace for Recorded {
        fn now(&self) -> DateTime<FixedOffset> {
            self.now
        }
        fn wait(&mut self, delay: std::time::Duration, failures: u32) {
            self.waits.push((delay, failures));
        }
    }

    #[test]
    fn pin_delay_doubles_after_three_failures_up_to_thirty_seconds() {
        let secs: Vec<u64> = (0..10).map(|n| pin_delay(n).as_secs()).collect();
        assert_eq!(secs, [0, 0, 0, 1, 2, 4, 8, 16, 30, 30]);
        assert_eq!(pin_delay(u32::MAX).as_secs(), 30);
    }

    #[test]
    fn a_right_pin_ends_the_slowdown() {
        let store = crate::store::in_memory().unwrap();
        add_operator(
            &store,
            &ctx("王伟"),
            "李娜",
            Role::Quartermaster,
            Some("2468"),
        )
        .unwrap();
        let start = DateTime::parse_from_rfc3339("2030-01-01T08:00:00+08:00").unwrap();
        let mut pace = Recorded {
            now: start,
            waits: Vec::new(),
        };
        for _ in 0..5 {
            sign_in(&store, "李娜", Some("0000"), &mut pace).unwrap_err();
        }
        assert_eq!(pace.waits.len(), 2, "{:?}", pace.waits);
        // The right PIN still waits out the slowdown it was typed into ...
        sign_in(&store, "李娜", Some("2468"), &mut pace).unwrap();
        assert_eq!(
            pace.waits.last().map(|(d, n)| (d.as_secs(), *n)),
            Some((4, 5))
        );
        // ... and ends it: the next sign-in, right or a first slip, is answered at once, at
        // this terminal or another (counted from the log).
        pace.waits.clear();
        sign_in(&store, "李娜", Some("2468"), &mut pace).unwrap();
        sign_in(&store, "李娜", Some("1"), &mut pace).unwrap_err();
        assert!(pace.waits.is_empty(), "{:?}", pace.waits);
        let log = store.read().unwrap().audit_log().unwrap();
        assert_eq!(recent_failures(&log, "李娜", start), 1);
        // A right PIN with no wrong one before it is not written down.
        let signs = |store: &Store| {
            store
                .read()
                .unwrap()
                .audit_log()
                .unwrap()
                .iter()
                .filter(|e| e.action == SIGN_IN)
                .count()
        };
        let before = signs(&store);
        sign_in(&store, "李娜", Some("2468"), &mut pace).unwrap();
        sign_in(&store, "李娜", Some("2468"), &mut pace).unwrap();
        assert_eq!(
            signs(&store),
            before + 1,
            "only the right PIN after the slip"
        );
        assert_eq!(pin_wait(&store, "李娜").unwrap(), None);
    }

    #[test]
    fn wrong_pins_are_audited_and_slow_down_within_the_window_only() {
        let store = crate::store::in_memory().unwrap();
        add_operator(
            &store,
            &ctx("王伟"),
            "李娜",
            Role::Quartermaster,
            Some("2468"),
        )
        .unwrap();
        let start = DateTime::parse_from_rfc3339("2030-01-01T08:00:00+08:00").unwrap();
        let mut pace = Recorded {
            now: start,
            waits: Vec::new(),
        };
        for _ in 0..3 {
            let e = sign_in(&store, "李娜", Some("0000"), &mut pace).unwrap_err();
            assert!(matches!(e, Error::WrongPin(_)), "{e}");
        }
        assert!(pace.waits.is_empty(), "{:?}", pace.waits);
        // The fourth attempt waits 1 s, the one after a fifth failure 2 s.
        sign_in(&store, "李娜", Some("1"), &mut pace).unwrap_err();
        sign_in(&store, "李娜", Some("2"), &mut pace).unwrap_err();
        sign_in(&store, "李娜", Some("3"), &mut pace).unwrap_err();
        let secs: Vec<(u64, u32)> = pace.waits.iter().map(|(d, n)| (d.as_secs(), *n)).collect();
        assert_eq!(secs, [(1, 3), (2, 4), (4, 5)]);
        // Another operator is not slowed down by 李娜's failures.
        add_operator(&store, &ctx("王伟"), "赵敏", Role::Auditor, Some("1357")).unwrap();
        pace.waits.clear();
        sign_in(&store, "赵敏", Some("1357"), &mut pace).unwrap();
        assert!(pace.waits.is_empty());
        // Failures older than 15 minutes no longer count.
        pace.now = start + chrono::Duration::minutes(16);
        sign_in(&store, "李娜", Some("2468"), &mut pace).unwrap();
        assert!(pace.waits.is_empty(), "{:?}", pace.waits);
        // Every refusal is in the audit log; a missing PIN too, but it is no guess and costs nothing.
        sign_in(&store, "李娜", None, &mut pace).unwrap_err();
        let log = store.read().unwrap().audit_log().unwrap();
        let refusals: Vec<&str> = log
            .iter()
            .filter(|e| e.operator == "李娜" && e.action == SIGN_IN)
            .map(|e| e.outcome.as_str())
            .collect();
        assert_eq!(refusals.len(), 7, "{refusals:?}");
        assert_eq!(refusals.last(), Some(&"refused: no PIN given"));
        assert_eq!(recent_failures(&log, "李娜", pace.now), 0);
        assert_eq!(recent_failures(&log, "李娜", start), 6);
    }
}
