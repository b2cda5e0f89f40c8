//! The quartermaster's commands: check-out, check-in, transfer, issue, receive, inspect,
//! repair, write-off, kits, stock counts, the scan stream, operators and the audit log.

use depot_domain::msg::service::ServiceMsg;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::mpsc;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_decimal::Decimal;

use super::parse_date_arg;
use depot_domain::Vocabulary;
use depot_domain::access::Role;
use depot_domain::scan::read_scan;
use depot_domain::{Barcode, ItemCode};
use depot_service::scan::{self, Answer, Mode, Tally};
use depot_service::store::Store;
use depot_service::workflow::{self, CheckinReq, CheckoutReq, Condition, ReceiveReq};
use depot_service::{Ctx, access, count, kit};
use depot_service::{Error, Result};

fn parse_qty(s: &str) -> std::result::Result<Decimal, String> {
    super::parse_qty_arg(s)
}

fn parse_condition(s: &str) -> std::result::Result<Condition, String> {
    super::named(s, "状况", "`ok`（完好）或 `damaged`（损坏）")
}

fn parse_decision_name(s: &str) -> std::result::Result<count::Decision, String> {
    super::named(
        s,
        "决定",
        "`take`（调拨到此处）、`return`（退回）或 `away`（在外）",
    )
}

fn parse_role(s: &str) -> std::result::Result<Role, String> {
    super::named(
        s,
        "角色",
        "`quartermaster`（保管员）、`officer`（管理员）或 `auditor`（审计员）",
    )
}

fn barcode(raw: &str) -> Result<Barcode> {
    read_scan(raw).map_err(|e| Error::said(e.to_string(), e.zh()))
}

#[derive(Debug, Args)]
pub struct CheckoutArgs {
    /// One or more barcodes (assets or kits).
    #[arg(required = true)]
    pub barcodes: Vec<String>,
    /// The receiver: a unit, a warehouse or a vehicle's barcode.
    #[arg(long)]
    pub to: Option<String>,
    /// The expected return date.
    #[arg(long, value_parser = parse_date_arg)]
    pub due: Option<NaiveDate>,
    /// The incident reference (with no --to, the item goes out to the incident).
    #[arg(long = "ref")]
    pub reference: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// One or more barcodes: a pile of returned items takes the same defaults.
    #[arg(required = true)]
    pub barcodes: Vec<String>,
    /// ok, or damaged (goes to maintenance).
    #[arg(long, default_value = "ok", value_parser = parse_condition)]
    pub condition: Condition,
    /// Into this warehouse instead of back to the owner.
    #[arg(long)]
    pub into: Option<String>,
    /// The module it is stored under.
    #[arg(long)]
    pub module: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RepairCmd {
    /// Send to maintenance.
    Start {
        barcode: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Back from maintenance, ready.
    Done {
        barcode: String,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KitCmd {
    /// Create a kit, or add an asset or lot quantity to it.
    Add {
        kit: String,
        /// What goes in (omit to create an empty kit).
        barcode: Option<String>,
        #[arg(long, value_parser = parse_qty, default_value = "1")]
        qty: Decimal,
        /// The kit's owner (when it is new).
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        module: Option<String>,
        #[arg(long)]
        name: Option<String>,
    },
    /// Take something out of a kit.
    Remove { kit: String, barcode: String },
    /// What a kit holds.
    Show { kit: String },
}

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

/// `BARCODE=take|return|away`.
fn parse_decision(s: &str) -> std::result::Result<(String, count::Decision), String> {
    let (b, d) = s.split_once('=').ok_or_else(|| {
        super::say(
            &format!("'{s}': expected BARCODE=take|return|away"),
            &format!("'{s}'：应为 `条码=take|return|away`"),
        )
    })?;
    Ok((
        depot_domain::ids::fold_width(b.trim()),
        parse_decision_name(d)?,
    ))
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanMode {
    Out,
    In,
    Transfer,
    Issue,
    Count,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// What every scanned code does.
    #[arg(long, value_enum)]
    pub mode: ScanMode,
    /// The receiver (out, transfer) or warehouse (in).
    #[arg(long)]
    pub to: Option<String>,
    /// The incident reference (out, issue).
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// The quantity issued per scan (issue).
    #[arg(long, value_parser = parse_qty)]
    pub qty: Option<Decimal>,
    /// The count the scans go into (count).
    #[arg(long)]
    pub count: Option<u64>,
    /// Condition of returned items (in).
    #[arg(long, default_value = "ok", value_parser = parse_condition)]
    pub condition: Condition,
    /// Expected return date (out).
    #[arg(long, value_parser = parse_date_arg)]
    pub due: Option<NaiveDate>,
}

fn print_answers(answers: &[Answer], tally: &mut Tally) {
    let mut out = std::io::stdout().lock();
    for a in answers {
        tally.add(a);
        let _ = writeln!(out, "{}", a.line(super::zh()));
    }
    let _ = out.flush();
}

/// Runs codes one by one in `mode` (each its own transaction) and prints an answer each.
fn each(store: &Store, op: Option<&str>, mode: &Mode, codes: &[String]) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let mut tally = Tally::default();
    for c in codes {
        print_answers(&[scan::one(store, &ctx, mode, c)?], &mut tally);
    }
    Ok(if tally.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub fn checkout(store: &Store, op: Option<&str>, a: CheckoutArgs) -> Result<ExitCode> {
    let req = CheckoutReq {
        to: a.to,
        due: a.due,
        reference: a.reference,
        note: a.note,
    };
    each(store, op, &Mode::Out(req), &a.barcodes)
}

pub fn checkin(store: &Store, op: Option<&str>, a: CheckinArgs) -> Result<ExitCode> {
    let req = CheckinReq {
        condition: a.condition,
        into: a.into,
        module: a.module,
        note: a.note,
    };
    each(store, op, &Mode::In(req), &a.barcodes)
}

fn done(d: workflow::Done) -> ExitCode {
    println!("OK {} {}", d.barcode, d.msg.say(super::lang()));
    if let Some(c) = d.created {
        println!("{c}");
    }
    ExitCode::SUCCESS
}

pub fn transfer(
    store: &Store,
    op: Option<&str>,
    code: &str,
    to: &str,
    qty: Option<Decimal>,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let b = barcode(code)?;
    if qty.is_none() && kit::find(store, b.as_str())?.is_some() {
        return each(
            store,
            op,
            &Mode::Transfer { to: to.to_owned() },
            &[code.to_owned()],
        );
    }
    Ok(done(workflow::transfer(store, &ctx, &b, to, qty)?))
}

pub fn issue(
    store: &Store,
    op: Option<&str>,
    code: &str,
    qty: Decimal,
    reference: &str,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    Ok(done(workflow::issue(
        store,
        &ctx,
        &barcode(code)?,
        qty,
        reference,
    )?))
}

pub fn receive(store: &Store, op: Option<&str>, req: ReceiveReq) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let d = workflow::receive(store, &ctx, &req)?;
    eprintln!("{}", d.msg.say(super::lang()));
    // The new lot's barcode alone on standard output, for labels and scripts.
    println!("{}", d.barcode);
    Ok(ExitCode::SUCCESS)
}

pub fn receive_req(
    item: &str,
    qty: Decimal,
    to: String,
    module: Option<String>,
    expires: Option<NaiveDate>,
    lot: Option<String>,
) -> ReceiveReq {
    ReceiveReq {
        item: ItemCode::new(depot_domain::ids::fold_width(item)),
        qty,
        to,
        module,
        expires,
        lot,
    }
}

pub fn inspect(
    store: &Store,
    op: Option<&str>,
    code: &str,
    date: Option<NaiveDate>,
    failed: bool,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    Ok(done(workflow::inspect(
        store,
        &ctx,
        &barcode(code)?,
        date,
        failed,
    )?))
}

pub fn repair(store: &Store, op: Option<&str>, cmd: RepairCmd) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let (code, note, start) = match &cmd {
        RepairCmd::Start { barcode, note } => (barcode, note, true),
        RepairCmd::Done { barcode, note } => (barcode, note, false),
    };
    Ok(done(workflow::repair(
        store,
        &ctx,
        &barcode(code)?,
        start,
        note.as_deref(),
    )?))
}

pub fn writeoff(
    store: &Store,
    op: Option<&str>,
    code: &str,
    reason: &str,
    qty: Option<Decimal>,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    Ok(done(workflow::writeoff(
        store,
        &ctx,
        &barcode(code)?,
        reason,
        qty,
    )?))
}

/// `code (name)`, or the code alone when there is no name.
fn named(code: &str, name: &str, zh: bool) -> String {
    match (name.is_empty(), zh) {
        (true, _) => code.to_owned(),
        (false, true) => format!("`{code}`（{name}）"),
        (false, false) => format!("{code} ({name})"),
    }
}

fn show_kit(store: &Store, code: &str) -> Result<()> {
    let v = kit::describe(store, code)?.ok_or_else(|| {
        Error::Invalid(super::say(
            &format!("there is no kit {code}"),
            &format!("没有器材箱 {code}"),
        ))
    })?;
    let k = &v.kit;
    let (code, name) = (&k.code, &k.name);
    let module = |zh: bool| match (&k.module, &v.module_names) {
        // A module speaks its name in Chinese: its code is English.
        (Some(_), Some((name_zh, _))) if zh => name_zh.clone(),
        (Some(m), Some((_, name_en))) => named(m, name_en, zh),
        (Some(m), None) => m.clone(),
        (None, _) => "-".to_owned(),
    };
    println!(
        "{}",
        super::say(
            &format!(
                "kit {code} 「{name}」 owner {} module {}",
                named(&k.owner, &v.owner_name, false),
                module(false)
            ),
            &format!(
                "器材箱 {code} 「{name}」 所属 {} 模块 {}",
                named(&k.owner, &v.owner_name, true),
                module(true)
            )
        )
    );
    for ((b, q), (item, item_name)) in k.contents.iter().zip(&v.items) {
        println!("  {b}  {}  {item}  {item_name}", q.normalize());
    }
    Ok(())
}

pub fn kit_cmd(store: &Store, op: Option<&str>, cmd: KitCmd) -> Result<ExitCode> {
    match cmd {
        KitCmd::Show { kit } => show_kit(store, &depot_domain::ids::fold_width(&kit))?,
        KitCmd::Add {
            kit,
            barcode: b,
            qty,
            owner,
            module,
            name,
        } => {
            let ctx = Ctx::new(op)?;
            let b = b.map(|b| barcode(&b)).transpose()?;
            let k = kit::pack(
                store,
                &ctx,
                &kit,
                owner.as_deref(),
                module.as_deref(),
                name.as_deref(),
                b.as_ref().map(|b| (b, qty)),
            )?;
            show_kit(store, &k.code)?;
        }
        KitCmd::Remove { kit, barcode: b } => {
            let ctx = Ctx::new(op)?;
            let b = barcode(&b)?;
            let k = kit::pack(
                store,
                &ctx,
                &kit,
                None,
                None,
                None,
                Some((&b, Decimal::ZERO)),
            )?;
            show_kit(store, &k.code)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show_count(v: &count::CountView) {
    use super::say;
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
                super::say(
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
                println!("OK {} {}", d.barcode, d.msg.say(super::lang()));
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
                super::say(
                    &format!("count {id} closed: {n} adjustments posted{also_en}"),
                    &format!("盘点 {id} 已关闭：过账 {n} 条调整{also_zh}")
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn operator_cmd(store: &Store, op: Option<&str>, cmd: OperatorCmd) -> Result<ExitCode> {
    match cmd {
        OperatorCmd::Add { name, role, pin } => {
            access::add_operator(store, &Ctx::new(op)?, &name, role, pin.as_deref())?;
            println!(
                "{}",
                super::say(
                    &format!("operator {name}: {role}"),
                    &format!("操作员 {name}：{}", role.zh())
                )
            );
        }
        OperatorCmd::List => {
            for o in access::operators(store)? {
                let role = super::say(&o.role.to_string(), o.role.zh());
                let pin = match o.pin {
                    Some(_) => super::say("PIN", "设有密码"),
                    None => "-".to_owned(),
                };
                println!("{}\t{role}\t{pin}", o.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn audit(store: &Store) -> Result<ExitCode> {
    let shown = |t: &str| depot_service::audit_words::shown(t, super::zh());
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

/// The most codes one transaction takes from the waiting input.
const BATCH_MAX: usize = 4096;
/// How often the scan stream, waiting for a code, looks whether it was asked to stop.
const STOP_POLL: std::time::Duration = std::time::Duration::from_millis(100);

/// What a stopped scan stream left behind.
pub(super) const SCAN_STOPPED: ServiceMsg = ServiceMsg::ScanStopped;

/// An option the scan mode needs, missing.
fn needs(en: &str, zh: &str) -> Error {
    Error::Invalid(super::say(en, zh))
}

/// `depot scan`: one code per line from standard input, each answered as soon as it is on
/// disk. The codes already waiting are committed together in one durable transaction.
pub fn scan_stream(store: &Store, op: Option<&str>, a: ScanArgs) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let mode = match a.mode {
        ScanMode::Out => Mode::Out(CheckoutReq {
            to: a.to,
            due: a.due,
            reference: a.reference,
            note: None,
        }),
        ScanMode::In => Mode::In(CheckinReq {
            condition: a.condition,
            into: a.to,
            module: None,
            note: None,
        }),
        ScanMode::Transfer => Mode::Transfer {
            to: a.to.ok_or_else(|| {
                needs(
                    "--mode transfer needs --to CODE",
                    "--mode transfer 需要 --to 代码",
                )
            })?,
        },
        ScanMode::Issue => Mode::Issue {
            qty: a.qty.ok_or_else(|| {
                needs("--mode issue needs --qty N", "--mode issue 需要 --qty 数量")
            })?,
            reference: a.reference.ok_or_else(|| {
                needs(
                    "--mode issue needs --ref INCIDENT",
                    "--mode issue 需要 --ref 灾情编号",
                )
            })?,
        },
        ScanMode::Count => Mode::Count {
            id: a.count.ok_or_else(|| {
                needs(
                    "--mode count needs --count ID (see `depot count open`)",
                    "--mode count 需要 --count 盘点编号（见 `depot count open`）",
                )
            })?,
        },
    };
    let (tx, rx) = mpsc::channel::<String>();
    // A reader thread, so that lines arriving while a batch commits wait in the channel and
    // go into the next batch together.
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut tally = Tally::default();
    loop {
        // A stop is looked at between batches only: a batch being committed is answered first.
        if depot_service::interrupt::requested() {
            let waiting = rx.try_iter().filter(|c| !c.trim().is_empty()).count();
            eprintln!("{}", super::say(&tally.to_string(), &tally.zh()));
            if waiting > 0 {
                eprintln!(
                    "{}",
                    super::say(
                        &format!(
                            "{waiting} codes read after the last answer were not applied; scan them again"
                        ),
                        &format!("最后一条答复之后读到的 {waiting} 个条码未处理；请重新扫描")
                    )
                );
            }
            return Err(Error::Interrupted(SCAN_STOPPED));
        }
        let first = match rx.recv_timeout(STOP_POLL) {
            Ok(line) => line,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut codes = vec![first];
        while codes.len() < BATCH_MAX {
            match rx.try_recv() {
                Ok(l) => codes.push(l),
                Err(_) => break,
            }
        }
        codes.retain(|c| !c.trim().is_empty());
        if codes.is_empty() {
            continue;
        }
        // One context for the stream: each batch is stamped when its transaction begins.
        let answers = scan::batch(store, &ctx, &mode, &codes)?;
        print_answers(&answers, &mut tally);
    }
    eprintln!("{}", super::say(&tally.to_string(), &tally.zh()));
    Ok(if tally.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
