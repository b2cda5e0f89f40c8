//! `depot operator` and `depot audit`: operators and their roles, and the audit log.

use super::parse::parse_role;
use clap::Subcommand;
use depot_domain::Vocabulary;
use depot_domain::access::Role;
use depot_service::Result;
use depot_service::store::Store;
use depot_service::{Ctx, access};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum OperatorCmd {
    /// Add an operator or change their role or PIN (officers).
    Add {
        name: String,
        /// quartermaster, officer or auditor.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A PIN to ask at login (at least 4 characters).
        #[arg(long)]
        pin: Option<String>,
    },
    /// Every operator and their role.
    List,
}

pub fn operator_cmd(store: &Store, op: Option<&str>, cmd: OperatorCmd) -> Result<ExitCode> {
    match cmd {
        OperatorCmd::Add { name, role, pin } => {
            access::add_operator(store, &Ctx::new(op)?, &name, role, pin.as_deref())?;
            println!(
                "{}",
                crate::cli::say(
                    &format!("operator {name}: {role}"),
                    &format!("操作员 {name}：{}", role.zh())
                )
            );
        }
        OperatorCmd::List => {
            for o in access::operators(store)? {
                let role = crate::cli::say(&o.role.to_string(), o.role.zh());
                let pin = match o.pin {
                    Some(_) => crate::cli::say("PIN", "设有密码"),
                    None => "-".to_owned(),
                };
                println!("{}\t{role}\t{pin}", o.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn audit(store: &Store) -> Result<ExitCode> {
    let shown = |t: &str| depot_service::audit_words::shown(t, crate::cli::zh());
    for e in access::audit_log(store)? {
        println!(
            "{}\t{}\t{}\t{}",
            e.at.to_rfc3339(),
            e.operator,
            shown(&e.action),
            shown(&e.outcome)
        );
    }
    Ok(ExitCode::SUCCESS)
}
