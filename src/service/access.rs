//! Who may do what. Role checks live here, in the service layer, so no front end can bypass
//! them; a refused action is recorded in the audit log, outside the stock ledger.

use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;

use crate::domain::access::{Permission, Role};
use crate::store::{AuditEntry, OperatorRecord, Store, Writer};
use crate::{Error, Result};

use super::Ctx;

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
    let out = store.write(|w| f(w, &ctx.pinned()));
    if let Err(e @ (Error::Refused { .. } | Error::UnknownOperator(_))) = &out {
        let entry = AuditEntry {
            at: ctx.stamp(),
            operator: ctx.operator.to_string(),
            action: what.to_owned(),
            outcome: format!("refused: {e}"),
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
        return Err(Error::Invalid("an operator needs a name".into()));
    }
    let pin = match pin {
        Some(p) if p.len() < 4 => {
            return Err(Error::Invalid("a PIN needs at least 4 characters".into()));
        }
        Some(p) => {
            let mut salt = [0u8; 16];
            getrandom::fill(&mut salt)
                .map_err(|e| Error::Invalid(format!("no randomness for the PIN salt: {e}")))?;
            Some((salt, hash_pin(p, &salt)))
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

/// Checks an operator's PIN (for a login). An operator without a PIN needs none; an unknown
/// operator is refused unless the database has no operators yet.
pub fn login(store: &Store, name: &str, pin: Option<&str>) -> Result<Option<Role>> {
    let r = store.read()?;
    match r.operator(name)? {
        None if r.operators()?.is_empty() => Ok(None),
        None => Err(Error::UnknownOperator(name.to_owned())),
        Some(o) => match (&o.pin, pin) {
            (None, _) => Ok(Some(o.role)),
            (Some((salt, hash)), Some(p)) if hash_pin(p, salt) == *hash => Ok(Some(o.role)),
            (Some(_), _) => Err(Error::WrongPin(name.to_owned())),
        },
    }
}

/// Whether the operator needs a PIN to log in.
pub fn needs_pin(store: &Store, name: &str) -> Result<bool> {
    Ok(store
        .read()?
        .operator(name)?
        .is_some_and(|o| o.pin.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(name: &str) -> Ctx {
        Ctx::new(Some(name)).unwrap()
    }

    #[test]
    fn first_operator_is_officer_then_roles_hold() {
        let store = Store::in_memory().unwrap();
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
}
