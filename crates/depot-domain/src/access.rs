//! Operators, their roles, and what each role may do.

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
}
