//! Scans: one scanned code in a chosen mode, and batches of codes committed together. A batch
//! is one durable transaction; every code in it is checked and applied on its own, so a bad
//! code is answered with its reason and the others still land. A kit, which moves several
//! barcodes, runs in a transaction of its own, so it lands whole or not at all.

use rust_decimal::Decimal;

use crate::store::{AuditEntry, KitRecord, StockView, Store, Writer};
use crate::{Error, Result};
use depot_domain::Barcode;
use depot_domain::scan::read_scan;

use crate::Ctx;
use crate::access::act;
use crate::count;
use crate::kit::{self, KitAction};
use crate::workflow::{self, CheckinReq, CheckoutReq, Done, More, WorkflowError};
use depot_domain::Lang;
use depot_domain::msg::workflow::WorkflowMsg;

/// What each scan does, chosen once for a run of scans.
#[derive(Debug, Clone)]
pub enum Mode {
    Out(CheckoutReq),
    In(CheckinReq),
    Transfer { to: String },
    Issue { qty: Decimal, reference: String },
    Count { id: u64 },
}

impl Mode {
    /// The mode's name, as `--mode` takes it.
    pub fn name(&self) -> &'static str {
        match self {
            Mode::Out(_) => "out",
            Mode::In(_) => "in",
            Mode::Transfer { .. } => "transfer",
            Mode::Issue { .. } => "issue",
            Mode::Count { .. } => "count",
        }
    }

    fn kit_action(&self) -> Option<KitAction> {
        match self {
            Mode::Out(r) => Some(KitAction::Checkout(r.clone())),
            Mode::In(r) => Some(KitAction::Checkin(r.clone())),
            Mode::Transfer { to } => Some(KitAction::Transfer(to.clone())),
            Mode::Issue { .. } | Mode::Count { .. } => None,
        }
    }
}

/// The answer to one scanned line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The code as scanned (trimmed).
    pub code: String,
    pub result: std::result::Result<Done, Refusal>,
}

impl crate::store::Renumber for Answer {
    fn renumber(&mut self, moved: crate::store::Moved) {
        if let Ok(d) = &mut self.result {
            d.renumber(moved);
        }
    }
}

/// Why a scanned line was refused: the reason, said in the reader's language.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// The line does not read as a barcode.
    Scan(depot_domain::scan::ScanError),
    /// The workflow, the kit or the operator's rights refused it.
    Refused(std::sync::Arc<Error>),
}

impl Refusal {
    /// The reason in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::Scan(e), Lang::En) => e.to_string(),
            (Refusal::Scan(e), Lang::Zh) => e.zh(),
            (Refusal::Refused(e), lang) => e.say(lang),
        }
    }
}

impl PartialEq for Refusal {
    /// Two refusals are the same when they say the same.
    fn eq(&self, other: &Self) -> bool {
        self.say(Lang::En) == other.say(Lang::En) && self.say(Lang::Zh) == other.say(Lang::Zh)
    }
}

impl Eq for Refusal {}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl Answer {
    pub fn done(code: String, d: Done) -> Answer {
        Answer {
            code,
            result: Ok(d),
        }
    }
    pub fn refused(code: String, e: Error) -> Answer {
        Answer {
            code,
            result: Err(Refusal::Refused(std::sync::Arc::new(e))),
        }
    }
}

impl Answer {
    /// The answer's line in `lang`: `OK <barcode> <what happened>` or
    /// `ERROR <code> <reason>`.
    pub fn say(&self, lang: Lang) -> String {
        match &self.result {
            Ok(d) => format!("OK {} {}", d.barcode, d.msg.say(lang)),
            Err(e) => format!("ERROR {} {}", self.shown_code(), e.say(lang)),
        }
    }

    /// The answer's line, in Chinese when `zh`.
    pub fn line(&self, zh: bool) -> String {
        self.say(if zh { Lang::Zh } else { Lang::En })
    }

    /// The code as scanned, or `-` for an empty line.
    fn shown_code(&self) -> &str {
        if self.code.is_empty() {
            "-"
        } else {
            &self.code
        }
    }
}

impl std::fmt::Display for Answer {
    /// `OK <barcode> <what happened>` or `ERROR <code> <reason>`: one line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

/// Errors that answer a scan; anything else (the database failing) stops the run.
fn answerable(e: &Error) -> bool {
    !matches!(e, Error::Store(_) | Error::Io { .. })
}

fn apply_in(w: &mut Writer<'_>, ctx: &Ctx, mode: &Mode, barcode: &Barcode) -> Result<Done> {
    match mode {
        Mode::Out(r) => workflow::checkout_in(w, ctx, barcode, r),
        Mode::In(r) => workflow::checkin_in(w, ctx, barcode, r),
        Mode::Transfer { to } => workflow::transfer_in(w, ctx, barcode, to, None),
        Mode::Issue { qty, reference } => workflow::issue_in(w, ctx, barcode, *qty, reference),
        Mode::Count { id } => count::scan_in(w, ctx, *id, barcode, None),
    }
}

enum Parsed {
    Bad(Answer),
    Kit(Barcode, KitRecord),
    Code(Barcode),
}

fn parse(store: &Store, raw: &str) -> Result<Parsed> {
    let code = raw.trim().to_owned();
    let b = match read_scan(&code) {
        Err(e) => {
            return Ok(Parsed::Bad(Answer {
                code,
                result: Err(Refusal::Scan(e)),
            }));
        }
        Ok(b) => b,
    };
    let r = store.read()?;
    if let Some(k) = r.kit(b.as_str())? {
        return Ok(Parsed::Kit(b, k));
    }
    if r.stock(b.as_str())?.is_none() {
        // No exact match: the one code that matches ignoring case (a scanner with Caps Lock
        // on), never a guess between two.
        if let [one] = r.codes_ignoring_case(b.as_str(), 2)?.as_slice() {
            let found = Barcode::new(one.as_str());
            return Ok(match r.kit(one)? {
                Some(k) => Parsed::Kit(found, k),
                None => Parsed::Code(found),
            });
        }
    }
    Ok(Parsed::Code(b))
}

/// What a scanned code names, for looking it up; nothing is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookUp {
    Stock(Barcode),
    Kit(KitRecord),
    Unknown,
}

/// The stock or kit a scanned code names, read as a scan reads it (spaces round it, a GS1
/// code, a scanner with Caps Lock on matched to its one code).
pub fn look_up(store: &Store, raw: &str) -> Result<LookUp> {
    Ok(match parse(store, raw)? {
        Parsed::Bad(_) => LookUp::Unknown,
        Parsed::Kit(_, k) => LookUp::Kit(k),
        Parsed::Code(b) if store.read()?.stock(b.as_str())?.is_some() => LookUp::Stock(b),
        Parsed::Code(_) => LookUp::Unknown,
    })
}

/// Says on a scan's answer that its code was matched ignoring case.
fn note_case(mut a: Answer) -> Answer {
    if let Ok(d) = &mut a.result
        && d.barcode.as_str() != a.code
        && d.barcode.as_str().eq_ignore_ascii_case(&a.code)
    {
        d.msg.more.push(More::Msg(WorkflowMsg::ScannedAs {
            code: a.code.clone(),
        }));
    }
    a
}

fn kit_answer(store: &Store, ctx: &Ctx, mode: &Mode, b: Barcode, k: &KitRecord) -> Result<Answer> {
    let code = b.to_string();
    let Some(action) = mode.kit_action() else {
        let no = WorkflowMsg::KitNotScanned {
            barcode: b.to_string(),
            mode: mode.name().to_owned(),
        };
        return Ok(Answer::refused(code, WorkflowError::from(no).into()));
    };
    match once_more(|| {
        act(store, ctx, &format!("kit {b}"), |w, ctx| {
            kit::scan_in(w, ctx, k, &action)
        })
    }) {
        Ok(d) => Ok(Answer::done(code, d)),
        Err(e) if answerable(&e) || changed_nothing(&e) => Ok(Answer::refused(code, e)),
        Err(e) => Err(e),
    }
}

/// Whether `e`, a failure of the store, left everything as it was (the server refused, or
/// the connection broke and nothing was saved): answered for the codes it struck, and the
/// stream goes on. A failure that leaves unknown whether anything was saved stops it.
fn changed_nothing(e: &Error) -> bool {
    matches!(e, Error::Store(s) if !s.outcome_unknown())
}

/// Runs `f`, a scan's transaction, and runs it once more if the connection to the server
/// broke and, checked on a new connection, nothing of it was saved: the scan was not done, so
/// doing it again is no repeat (the repeat guard sees nothing of the first). Never a third
/// time: a server that fails twice in a row is said.
fn once_more<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    match f() {
        Err(Error::Store(e)) if e.connection_lost() => f(),
        done => done,
    }
}

/// Applies one scanned code in `mode` as one durable transaction.
pub fn one(store: &Store, ctx: &Ctx, mode: &Mode, raw: &str) -> Result<Answer> {
    Ok(batch(store, ctx, mode, &[raw.to_owned()])?.remove(0))
}

/// Applies every code of `raws` in `mode`, in order: each run of plain codes together in one
/// durable transaction, each kit in its own, in the order they came. Returns one answer per
/// code, in order, all of them on disk when this returns.
pub fn batch(store: &Store, ctx: &Ctx, mode: &Mode, raws: &[String]) -> Result<Vec<Answer>> {
    let mut answers: Vec<Option<Answer>> = vec![None; raws.len()];
    // Plain codes in a row, waiting to be committed together, with their places.
    let mut run: Vec<(usize, Barcode)> = Vec::new();
    let land = |run: &mut Vec<(usize, Barcode)>, answers: &mut [Option<Answer>]| {
        match once_more(|| plain(store, ctx, mode, run)) {
            Ok(done) => {
                for (&(i, _), a) in run.iter().zip(done) {
                    answers[i] = Some(a);
                }
            }
            // Nothing of the run was saved: each of its codes is answered so, and the codes
            // after it are still tried (a server that refused, or came back).
            Err(e) if changed_nothing(&e) => {
                let e = std::sync::Arc::new(e);
                for (i, b) in run.iter() {
                    answers[*i] = Some(Answer {
                        code: b.to_string(),
                        result: Err(Refusal::Refused(e.clone())),
                    });
                }
            }
            Err(e) => return Err(e),
        }
        run.clear();
        Ok::<(), Error>(())
    };
    for (i, raw) in raws.iter().enumerate() {
        let parsed = match once_more(|| parse(store, raw)) {
            Ok(p) => p,
            // The code could not even be looked up (the connection broke twice): answered so,
            // nothing of it done, and the codes after it still tried, as a run's are.
            Err(e) if changed_nothing(&e) => {
                answers[i] = Some(Answer {
                    code: raw.trim().to_owned(),
                    result: Err(Refusal::Refused(std::sync::Arc::new(e))),
                });
                continue;
            }
            Err(e) => return Err(e),
        };
        match parsed {
            Parsed::Code(b) => run.push((i, b)),
            Parsed::Bad(a) => answers[i] = Some(a),
            Parsed::Kit(b, k) => {
                // The codes before a kit land first: scans apply in the order they came.
                land(&mut run, &mut answers)?;
                answers[i] = Some(kit_answer(store, ctx, mode, b, &k)?);
            }
        }
    }
    land(&mut run, &mut answers)?;
    Ok(answers
        .into_iter()
        .flatten()
        .zip(raws)
        .map(|(mut a, raw)| {
            a.code = raw.trim().to_owned();
            note_case(a)
        })
        .collect())
}

/// Applies plain codes (not kits, each with its place in the batch) in `mode`, in order, in
/// one durable transaction: an answer for each.
fn plain(store: &Store, ctx: &Ctx, mode: &Mode, codes: &[(usize, Barcode)]) -> Result<Vec<Answer>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    store.write_for(codes[0].1.as_str(), |w| -> Result<Vec<Answer>> {
        // One reading of the clock for the run, taken once the transaction has begun.
        let ctx = &ctx.pinned();
        let mut out = Vec::with_capacity(codes.len());
        for (_, b) in codes {
            out.push(match apply_in(w, ctx, mode, b) {
                Ok(d) => Answer::done(b.to_string(), d),
                Err(e) if answerable(&e) => {
                    if matches!(e, Error::Refused { .. } | Error::UnknownOperator(_)) {
                        let entry = AuditEntry {
                            at: ctx.stamp(),
                            operator: ctx.operator.to_string(),
                            action: format!("scan {} {b}", mode.name()),
                            outcome: crate::audit_words::refused(&e),
                        };
                        w.audit(&entry)?;
                    }
                    Answer::refused(b.to_string(), e)
                }
                Err(e) => return Err(e),
            });
        }
        Ok(out)
    })
}

/// Counts of a run of scans, for the summary at its end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub ok: u64,
    pub errors: u64,
}

impl Tally {
    pub fn add(&mut self, a: &Answer) {
        if a.result.is_ok() {
            self.ok += 1
        } else {
            self.errors += 1
        }
    }
}

impl Tally {
    /// The summary in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        WorkflowMsg::Tally {
            scans: (self.ok + self.errors).to_string(),
            ok: self.ok.to_string(),
            errors: self.errors.to_string(),
        }
        .say(lang)
    }

    /// The summary in Chinese.
    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}
