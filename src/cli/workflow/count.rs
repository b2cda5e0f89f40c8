//! `depot count`: stock counts opened, shown, scanned into and closed.

use super::answers::{done, named};
use super::parse::{barcode, parse_decision, parse_decision_name, parse_qty};
use crate::cli::language;
use clap::Subcommand;
use depot_domain::Lang;
use depot_domain::msg::cli::words::T;
use depot_domain::msg::cli::workflow::CliWorkflowMsg;
use depot_service::Result;
use depot_service::store::Store;
use depot_service::{Ctx, count};
use rust_decimal::Decimal;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum CountCmd {
    /// Open a count of a unit or warehouse (optionally one module); prints its number.
    Open {
        #[arg(long, required_unless_present = "import")]
        scope: Option<String>,
        #[arg(long)]
        module: Option<String>,
        /// Instead of --scope: a labelling count for each place that owns pieces of this
        /// register import (`depot import register` says its number).
        #[arg(long, conflicts_with_all = ["scope", "module"])]
        import: Option<u64>,
    },
    /// Record a barcode found on the shelf (a lot: the quantity found).
    Scan {
        id: u64,
        barcode: String,
        #[arg(long, value_parser = parse_qty)]
        qty: Option<Decimal>,
    },
    /// Expected, found, missing and unexpected.
    Show { id: u64 },
    /// Post the differences as adjustments (officers; needs --confirm). Every item found
    /// that the register did not expect there needs a decision.
    Close {
        id: u64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        confirm: bool,
        /// For every unexpected item: take (transfer it here), return (to its owner) or
        /// away (record it as found away from its owner).
        #[arg(long, value_name = "take|return|away", value_parser = parse_decision_name)]
        unexpected: Option<count::Decision>,
        /// For one unexpected item: BARCODE=take|return|away (overrides --unexpected).
        #[arg(long, value_name = "BARCODE=DECISION", value_parser = parse_decision)]
        decide: Vec<(String, count::Decision)>,
    },
}

fn show_count(v: &count::CountView) {
    let lang = language();
    let zh = lang == Lang::Zh;
    if let Some(c) = &v.count {
        let state = c.closed.as_ref().map_or_else(
            || T::CountOpen.get(lang).to_owned(),
            |(at, by)| {
                CliWorkflowMsg::CountClosedBy {
                    at: at.to_string(),
                    by: by.to_string(),
                }
                .say(lang)
            },
        );
        let module = match (c.module.as_deref(), zh) {
            (None, _) => T::AllModules.get(lang).to_owned(),
            (Some(m), false) => m.to_owned(),
            (Some(m), true) => format!("`{m}`"),
        };
        let header = CliWorkflowMsg::CountHeader {
            id: c.id.to_string(),
            scope: c.scope.to_string(),
            module,
            state,
        };
        println!("{}", header.say(lang));
    }
    let counted = CliWorkflowMsg::ExpectedFound {
        expected: v.expected.len().to_string(),
        found: v.found.len().to_string(),
    };
    println!("{}", counted.say(lang));
    let closed = v.count.as_ref().is_some_and(|c| c.closed.is_some());
    let about = |b: &str| v.about.get(b).cloned().unwrap_or_default();
    let out_of_service = v.missing_assets();
    for (b, q) in v.missing() {
        let (q, s) = (q.normalize(), about(b));
        let then = match (out_of_service.contains(&b), closed) {
            (false, _) => "",
            (true, true) => T::MissingSetOutOfService.get(lang),
            (true, false) => T::MissingClosingSetsOutOfService.get(lang),
        };
        let line = CliWorkflowMsg::Missing {
            barcode: b.to_string(),
            qty: q.to_string(),
            item: s.item.to_string(),
            name: s.name.to_string(),
            then: then.to_owned(),
        };
        println!("{}", line.say(lang));
    }
    for (b, q) in v.unexpected() {
        let (q, s) = (q.normalize(), about(b));
        let then = match v.decided.get(b) {
            Some(d) => CliWorkflowMsg::Decided {
                decision: d.say(lang),
            }
            .say(lang),
            None if closed => String::new(),
            None => T::Undecided.get(lang).to_owned(),
        };
        let line = CliWorkflowMsg::Unexpected {
            barcode: b.to_string(),
            qty: q.to_string(),
            item: s.item.to_string(),
            name: s.name.to_string(),
            owner: named(&s.owner, &s.owner_name, zh),
            then,
        };
        println!("{}", line.say(lang));
    }
    for b in v.retired_found() {
        let s = about(b);
        let line = CliWorkflowMsg::RetiredFound {
            barcode: b.to_string(),
            item: s.item.to_string(),
            name: s.name.to_string(),
        };
        println!("{}", line.say(lang));
    }
    for (b, e, f) in v.differing() {
        let (e, f) = (e.normalize(), f.normalize());
        let s = about(b);
        let line = CliWorkflowMsg::QuantityDiffers {
            barcode: b.to_string(),
            expected: e.to_string(),
            found: f.to_string(),
            item: s.item.to_string(),
            name: s.name.to_string(),
        };
        println!("{}", line.say(lang));
    }
    let n = out_of_service.len();
    if n > 0 && !closed {
        let n = n.to_string();
        println!(
            "{}",
            CliWorkflowMsg::ClosingSetsOutOfService { n }.say(lang)
        );
    }
}

pub fn count_cmd(store: &Store, op: Option<&str>, cmd: CountCmd) -> Result<ExitCode> {
    match cmd {
        CountCmd::Open {
            import: Some(import),
            ..
        } => {
            for (scope, id) in count::open_for_import(store, &Ctx::new(op)?, import)? {
                println!("{id}");
                let id = id.to_string();
                eprintln!(
                    "{}",
                    CliWorkflowMsg::CountOpened { id, scope }.say(language())
                );
            }
        }
        CountCmd::Open { scope, module, .. } => {
            let scope = scope.unwrap_or_default();
            let id = count::open(store, &Ctx::new(op)?, &scope, module.as_deref())?;
            println!("{id}");
            let id = id.to_string();
            eprintln!(
                "{}",
                CliWorkflowMsg::CountOpened { id, scope }.say(language())
            );
        }
        CountCmd::Scan {
            id,
            barcode: b,
            qty,
        } => {
            return Ok(done(count::scan(
                store,
                &Ctx::new(op)?,
                id,
                &barcode(&b)?,
                qty,
            )?));
        }
        CountCmd::Show { id } => show_count(&count::view(store, id)?),
        CountCmd::Close {
            id,
            reason,
            confirm,
            unexpected,
            decide,
        } => {
            let view = count::view(store, id)?;
            if !confirm {
                show_count(&view);
            }
            let mut decisions: std::collections::BTreeMap<String, count::Decision> = view
                .unexpected()
                .iter()
                .filter_map(|(b, _)| unexpected.map(|d| ((*b).to_owned(), d)))
                .collect();
            decisions.extend(decide);
            let posted = count::close(store, &Ctx::new(op)?, id, &reason, confirm, &decisions)?;
            for d in &posted {
                println!("OK {} {}", d.barcode, d.msg.say(crate::cli::language()));
            }
            let n = posted.len();
            let stopped = count::view(store, id)?.missing_assets().len();
            let lang = language();
            let also = if stopped > 0 {
                let n = stopped.to_string();
                CliWorkflowMsg::SetOutOfService { n }.say(lang)
            } else {
                String::new()
            };
            let closed = CliWorkflowMsg::CountClosed {
                id: id.to_string(),
                n: n.to_string(),
                also,
            };
            eprintln!("{}", closed.say(lang));
        }
    }
    Ok(ExitCode::SUCCESS)
}
