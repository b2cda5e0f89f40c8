//! `depot count`: stock counts opened, shown, scanned into and closed.

use super::answers::{done, named};
use super::parse::{barcode, parse_decision, parse_decision_name, parse_qty};
use clap::Subcommand;
use depot_service::Result;
use depot_service::store::Store;
use depot_service::{Ctx, count};
use rust_decimal::Decimal;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum CountCmd {
    /// Open a count of a unit or warehouse (optionally one module); prints its number.
    Open {
        #[arg(long)]
        scope: String,
        #[arg(long)]
        module: Option<String>,
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
    use crate::cli::say;
    if let Some(c) = &v.count {
        let state = c
            .closed
            .as_ref()
            .map(|(at, by)| {
                say(
                    &format!("closed {at} by {by}"),
                    &format!("已于 {at} 由 {by} 关闭"),
                )
            })
            .unwrap_or_else(|| say("open", "进行中"));
        let (id, scope) = (c.id, &c.scope);
        let module = c.module.as_deref();
        println!(
            "{}",
            say(
                &format!(
                    "count {id} of {scope} {}: {state}",
                    module.unwrap_or("(all modules)")
                ),
                &format!(
                    "盘点 {id}：`{scope}` {}：{state}",
                    module.map_or_else(|| "（全部模块）".to_owned(), |m| format!("`{m}`"))
                )
            )
        );
    }
    let (expected, found) = (v.expected.len(), v.found.len());
    println!(
        "{}",
        say(
            &format!("expected {expected}  found {found}"),
            &format!("应有 {expected}  实有 {found}")
        )
    );
    let closed = v.count.as_ref().is_some_and(|c| c.closed.is_some());
    let about = |b: &str| v.about.get(b).cloned().unwrap_or_default();
    let out_of_service = v.missing_assets();
    for (b, q) in v.missing() {
        let (q, s) = (q.normalize(), about(b));
        let (then_en, then_zh) = match (out_of_service.contains(&b), closed) {
            (false, _) => ("", ""),
            (true, true) => ("  → set out of service", "  → 已设为停用"),
            (true, false) => (
                "  → closing sets it out of service",
                "  → 关闭盘点时设为停用",
            ),
        };
        println!(
            "{}",
            say(
                &format!("  missing     {b}  {q}  {}  {}{then_en}", s.item, s.name),
                &format!("  缺少  {b}  {q}  `{}`  {}{then_zh}", s.item, s.name)
            )
        );
    }
    for (b, q) in v.unexpected() {
        let (q, s) = (q.normalize(), about(b));
        let (then_en, then_zh) = match v.decided.get(b) {
            Some(d) => (format!("  → {}", d.en()), format!("  → {}", d.zh())),
            None if closed => (String::new(), String::new()),
            None => ("  → ?".to_owned(), "  → ？".to_owned()),
        };
        println!(
            "{}",
            say(
                &format!(
                    "  unexpected  {b}  {q}  {}  {}  belongs to {}{then_en}",
                    s.item,
                    s.name,
                    named(&s.owner, &s.owner_name, false)
                ),
                &format!(
                    "  多出  {b}  {q}  `{}`  {}  属 {}{then_zh}",
                    s.item,
                    s.name,
                    named(&s.owner, &s.owner_name, true)
                )
            )
        );
    }
    for b in v.retired_found() {
        let s = about(b);
        println!(
            "{}",
            say(
                &format!(
                    "  written off {b}  {}  {}  found where it belongs; retired, nothing to decide",
                    s.item, s.name
                ),
                &format!(
                    "  已报废  {b}  `{}`  {}  在所属单位发现；已报废，无需处理",
                    s.item, s.name
                )
            )
        );
    }
    for (b, e, f) in v.differing() {
        let (e, f) = (e.normalize(), f.normalize());
        let s = about(b);
        println!(
            "{}",
            say(
                &format!(
                    "  quantity    {b}  expected {e}  found {f}  {}  {}",
                    s.item, s.name
                ),
                &format!("  数量  {b}  应有 {e}  实有 {f}  `{}`  {}", s.item, s.name)
            )
        );
    }
    let n = out_of_service.len();
    if n > 0 && !closed {
        println!(
            "{}",
            say(
                &format!("closing this count sets the {n} missing assets out of service"),
                &format!("关闭本次盘点将把 {n} 件缺少的装备设为停用")
            )
        );
    }
}

pub fn count_cmd(store: &Store, op: Option<&str>, cmd: CountCmd) -> Result<ExitCode> {
    match cmd {
        CountCmd::Open { scope, module } => {
            let id = count::open(store, &Ctx::new(op)?, &scope, module.as_deref())?;
            println!("{id}");
            eprintln!(
                "{}",
                crate::cli::say(
                    &format!(
                        "count {id} opened for {scope}; scan with `depot scan --mode count --count {id}`"
                    ),
                    &format!(
                        "已为 {scope} 开始盘点 {id}；用 `depot scan --mode count --count {id}` 扫码"
                    )
                )
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
                println!("OK {} {}", d.barcode, d.msg.say(crate::cli::lang()));
            }
            let n = posted.len();
            let stopped = count::view(store, id)?.missing_assets().len();
            let (also_en, also_zh) = if stopped > 0 {
                (
                    format!("; {stopped} missing assets set out of service"),
                    format!("；{stopped} 件缺少的装备已设为停用"),
                )
            } else {
                Default::default()
            };
            eprintln!(
                "{}",
                crate::cli::say(
                    &format!("count {id} closed: {n} adjustments posted{also_en}"),
                    &format!("盘点 {id} 已关闭：过账 {n} 条调整{also_zh}")
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
