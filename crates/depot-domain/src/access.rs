//! Operators, their roles, and what each role may do.

use super::movement::Action;
use super::vocab::vocabulary;

vocabulary! {
    /// What an operator may do.
    Role {
        /// Scan workflows: check-out and -in, transfers, issues, receipts, inspections,
        /// repairs, counting.
        Quartermaster = "quartermaster" / "保管员",
        /// Everything a quartermaster may, and adjustments, write-offs, imports, operators.
        Officer = "officer" / "管理员",
        /// Reads only.
        Auditor = "auditor" / "审计员",
    }
}

/// A kind of action, for the role check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// The scan workflows.
    Scan,
    /// Adjustments after a count, write-offs, imports, managing operators.
    Manage,
}

impl Role {
    pub fn allows(self, p: Permission) -> bool {
        match (self, p) {
            (Role::Officer, _) => true,
            (Role::Quartermaster, Permission::Scan) => true,
            (Role::Quartermaster, Permission::Manage) | (Role::Auditor, _) => false,
        }
    }
}

/// What the audit log says of a sign-in, word for word: the services write these, and so does
/// a server that checks sign-ins itself.
pub mod sign_in {
    /// The audit log's action for a sign-in.
    pub const ACTION: &str = "sign in";
    pub const UNKNOWN_OPERATOR: &str = "refused: unknown operator";
    pub const NO_PIN: &str = "refused: no PIN given";
    /// The failures the slowdown counts.
    pub const WRONG_PIN: &str = "refused: wrong PIN";
    /// A right PIN after wrong ones, which ends the slowdown.
    pub const RIGHT_PIN: &str = "accepted: right PIN after wrong ones";
}

/// How far back failed sign-ins count towards the slowdown.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// Failed sign-ins within the window that cost nothing.
pub const FREE_FAILURES: u32 = 3;
/// The longest wait before an attempt is answered.
pub const MAX_WAIT_SECS: u64 = 30;

/// How long an attempt waits before it is answered, after `failures` failed sign-ins of its
/// operator within the window: nothing for the first three, then 1 s, 2 s, 4 s … up to 30 s.
pub fn pin_delay(failures: u32) -> std::time::Duration {
    let secs = match failures.checked_sub(FREE_FAILURES) {
        None => 0,
        Some(n) if n >= 5 => MAX_WAIT_SECS,
        Some(n) => (1u64 << n).min(MAX_WAIT_SECS),
    };
    std::time::Duration::from_secs(secs)
}

impl Permission {
    /// What writing a movement of `action` takes: the scan workflows' movements (and what
    /// undoing one writes: an update, a receipt) are a quartermaster's; an opening balance
    /// (imports), an adjustment (a count's close, imports) and a write-off are an officer's.
    /// The services check it when they act; a server engine checks it again for each movement
    /// written (`depot-store-postgres`'s schema).
    pub fn to_write(action: Action) -> Permission {
        match action {
            Action::Opening | Action::Adjust | Action::Writeoff => Permission::Manage,
            Action::Receive
            | Action::Checkout
            | Action::Checkin
            | Action::Transfer
            | Action::Issue
            | Action::Inspect
            | Action::RepairStart
            | Action::RepairDone
            | Action::Update
            | Action::Ship => Permission::Scan,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_nest() {
        assert!(Role::Officer.allows(Permission::Manage));
        assert!(Role::Quartermaster.allows(Permission::Scan));
        assert!(!Role::Quartermaster.allows(Permission::Manage));
        assert!(!Role::Auditor.allows(Permission::Scan));
    }

    #[test]
    fn a_quartermaster_writes_the_scan_movements_only() {
        let qm = |a| Role::Quartermaster.allows(Permission::to_write(a));
        assert!(qm(Action::Checkout) && qm(Action::Update) && qm(Action::Receive));
        assert!(!qm(Action::Opening) && !qm(Action::Adjust) && !qm(Action::Writeoff));
    }
}
