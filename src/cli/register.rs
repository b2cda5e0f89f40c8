//! Register commands: init, demo, import, export, verify, status.

use depot_domain::msg::service::ServiceMsg;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use unicode_width::UnicodeWidthStr;

use super::export_args::{ExportArgs, ExportFormat, ExportWhat};
use super::{say, today};
use depot_exchange::columns::Kind;
use depot_exchange::{CsvOptions, InputEncoding, OutputEncoding, sample};
use depot_service::Ctx;
use depot_service::export::Extract;
use depot_service::export::csv::{self as export, ExportKind, ExportOptions};
use depot_service::import::files::{self as import, Report, Source};
use depot_service::store::Store;
use depot_service::{Error, Result};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A directory of exchange files, or a kind (units, warehouses, modules, catalog, assets,
    /// lots, standards, targets) followed by its file.
    pub what: String,
    /// The file, when the first argument is a kind.
    pub file: Option<PathBuf>,
    /// Check and report everything, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Input encoding: auto (UTF-8 with or without BOM, else GB18030), utf-8 or gb18030.
    #[arg(long, default_value = "auto", value_parser = parse_input_encoding)]
    pub encoding: InputEncoding,
}

fn parse_input_encoding(s: &str) -> std::result::Result<InputEncoding, String> {
    super::named(s, "编码", "`auto`、`utf-8` 或 `gb18030`（或 `gbk`）")
}

pub(super) fn init(db: &Path, op: Option<&str>, sample: bool) -> Result<ExitCode> {
    let (_, landed) = create(db, op, sample)?;
    Ok(if landed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Creates the database `db` (filled with the sample with `sample`); says whether the sample
/// landed.
fn create(db: &Path, op: Option<&str>, sample: bool) -> Result<(Store, bool)> {
    if db.is_dir() {
        return Err(depot_service::store::StoreError::IsDirectory(db.to_owned()).into());
    }
    if db.exists() {
        return Err(Error::Invalid(say(
            &format!(
                "{} already exists; choose another --db path or remove the file first",
                db.display()
            ),
            &format!(
                "{} 已存在；请用 --db 另选路径，或先移走该文件",
                db.display()
            ),
        )));
    }
    let store = depot_service::store::create_new(&depot_service::store::Location::from(db))?;
    if sample {
        let ctx = Ctx::new(Some(op.unwrap_or(sample::SAMPLE_OPERATOR)))?;
        let report = import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false)?;
        print_report(&report);
        if !report.landed() {
            return Ok((store, false));
        }
    }
    println!(
        "{}",
        super::say(
            &format!("created {}", store.path().display()),
            &format!("已创建 {}", store.path().display())
        )
    );
    Ok((store, true))
}

/// The operator of the demo when none is named.
const DEMO_OPERATOR: &str = "demo";

pub(super) fn demo(op: Option<&str>, lang: Option<&str>) -> Result<ExitCode> {
    let db = PathBuf::from("demo.redb");
    let op = op.unwrap_or(DEMO_OPERATOR);
    let store = match depot_service::store::open(&db) {
        Ok(store) => store,
        // A demo database an older depot built is put aside and built again from the sample.
        Err(depot_service::store::StoreError::OlderSchema { found, .. }) => {
            let aside = PathBuf::from(format!("demo.redb.schema{found}"));
            std::fs::rename(&db, &aside).map_err(|e| Error::io(&db, e))?;
            eprintln!(
                "{}",
                say(
                    &format!(
                        "demo.redb was built by an older depot: kept as {}, building it again from the sample",
                        aside.display()
                    ),
                    &format!(
                        "demo.redb 由旧版 depot 生成：已保留为 {}，正由示例重新生成",
                        aside.display()
                    )
                )
            );
            create(&db, Some(op), true)?.0
        }
        Err(depot_service::store::StoreError::Missing(_)) => create(&db, Some(op), true)?.0,
        Err(e) => return Err(e.into()),
    };
    super::tui(store, Some(op), lang, None)
}

/// The context and the files of `depot import`, checked before any database is opened.
pub(super) fn import_plan(op: Option<&str>, args: &ImportArgs) -> Result<(Ctx, Vec<Source>)> {
    let ctx = Ctx::new(op)?;
    let sources: Vec<Source> = match &args.file {
        Some(file) => {
            let kind: Kind = args.what.parse().map_err(Error::Invalid)?;
            if !file.is_file() {
                return Err(Error::Invalid(say(
                    &format!("{}: no such file", file.display()),
                    &format!("{}：没有这个文件", file.display()),
                )));
            }
            vec![Source::File(kind, file.clone())]
        }
        // `defaults`: the modules, standards and targets shipped in schemas/ (unless a directory
        // of that name is meant).
        None if args.what == "defaults" && !Path::new("defaults").is_dir() => sample::defaults(),
        None => import::sources_in(Path::new(&args.what))?,
    };
    Ok((ctx, sources))
}

pub(super) fn import_cmd(
    store: &Store,
    ctx: &Ctx,
    sources: &[Source],
    args: ImportArgs,
) -> Result<ExitCode> {
    let lang = if super::zh() {
        depot_tui::i18n::Lang::Zh
    } else {
        depot_tui::i18n::Lang::En
    };
    let report = import::import_in(store, ctx, sources, args.encoding, args.dry_run, lang)?;
    print_report(&report);
    Ok(if report.landed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// How many problems to print before pointing at the rejects files.
const SHOW_PROBLEMS: usize = 200;

fn print_report(r: &Report) {
    for w in &r.warnings {
        eprintln!("{}{w}", say("warning: ", "警告："));
    }
    for p in r.problems.iter().take(SHOW_PROBLEMS) {
        eprintln!(
            "{}",
            say(&format!("error: {p}"), &format!("错误：{}", p.zh()))
        );
    }
    if r.problems.len() > SHOW_PROBLEMS {
        let more = r.problems.len() - SHOW_PROBLEMS;
        eprintln!(
            "{}",
            say(
                &format!("… and {more} more bad rows"),
                &format!("…… 另有 {more} 行有误")
            )
        );
    }
    if !r.problems.is_empty() {
        let per_file: Vec<String> = import::problems_by_file(&r.problems)
            .into_iter()
            .map(|(f, n)| format!("{f}: {n}"))
            .collect();
        let (n, files) = (r.problems.len(), per_file.join(", "));
        eprintln!(
            "{}",
            say(
                &format!("import rejected: {n} bad rows ({files}); nothing was changed"),
                &format!("导入被拒：{n} 行有误（{files}）；未作任何更改")
            )
        );
        for p in &r.rejects {
            eprintln!(
                "{}",
                say(
                    &format!("rejected rows with their reasons: {}", p.display()),
                    &format!("被拒的行及其原因：{}", p.display())
                )
            );
        }
        return;
    }
    if let Some(s) = &r.summary {
        let parts: Vec<String> = s
            .kinds
            .iter()
            .map(|(k, c)| {
                let zh_name = k.parse::<Kind>().map_or(*k, Kind::zh);
                say(
                    &format!(
                        "{k}: {} new, {} changed, {} unchanged",
                        c.new, c.changed, c.same
                    ),
                    &format!(
                        "{zh_name} 新增 {}、变更 {}、未变 {}",
                        c.new, c.changed, c.same
                    ),
                )
            })
            .collect();
        let (verb, verb_zh) = if r.dry_run {
            (
                "dry run, nothing was changed; would import",
                "试运行，未作任何更改；将导入",
            )
        } else {
            ("imported", "已导入")
        };
        println!(
            "{}",
            say(
                &format!("{verb}: {}; {} movements", parts.join("; "), s.movements),
                &format!(
                    "{verb_zh}：{}；{} 条台账记录",
                    parts.join("；"),
                    s.movements
                )
            )
        );
    }
}

/// What a stopped export to standard output left behind.
pub(super) const EXPORT_TO_STDOUT_STOPPED: ServiceMsg = ServiceMsg::ExportToStdoutStopped;

pub(super) fn export_cmd(store: &Store, lang: Option<&str>, args: ExportArgs) -> Result<ExitCode> {
    let ExportWhat::File(kind) = args.kind else {
        return super::bundle::export_bundle_cmd(store, args);
    };
    if args.full || args.depot.is_some() {
        return Err(Error::Invalid(say(
            "--full and --depot are for `depot export bundle`; a single file takes --since",
            "--full 与 --depot 只用于 `depot export bundle`；单个文件请用 --since",
        )));
    }
    if args.format == ExportFormat::Xlsx {
        return export_xlsx(store, lang, kind, args);
    }
    let db = store.path();
    let as_of = args.as_of.unwrap_or_else(today);
    let opts = ExportOptions {
        csv: CsvOptions {
            excel: args.excel,
            encoding: args.encoding,
        },
        as_of,
        since: args.since,
    };
    let r = Extract::open(store)?;
    let out = args
        .out
        .unwrap_or_else(|| export::default_file_name(db, kind, as_of, args.since));
    let rows = if out.as_os_str() == "-" {
        let stdout = depot_service::interrupt::Stoppable(std::io::stdout().lock());
        export::export(&r, kind, &opts, stdout).map_err(|e| {
            if depot_service::interrupt::requested() {
                Error::Interrupted(EXPORT_TO_STDOUT_STOPPED)
            } else {
                e
            }
        })?
    } else {
        let rows = export::to_file(&r, kind, &opts, &out, None)?;
        eprintln!(
            "{}",
            say(
                &format!("wrote {rows} rows to {}", out.display()),
                &format!("已写入 {rows} 行至 {}", out.display())
            )
        );
        rows
    };
    let _ = std::io::stdout().flush();
    let _ = rows;
    Ok(ExitCode::SUCCESS)
}

/// `depot export KIND --format xlsx`.
fn export_xlsx(
    store: &Store,
    lang: Option<&str>,
    kind: ExportKind,
    args: ExportArgs,
) -> Result<ExitCode> {
    if args.excel || args.encoding != OutputEncoding::Utf8 {
        return Err(Error::Invalid(say(
            "--excel and --encoding are for CSV; a workbook (--format xlsx) has typed cells \
             and needs neither: leave them out",
            "--excel 与 --encoding 只用于 CSV；工作簿（--format xlsx）的单元格带类型，两者都不需要：请去掉它们",
        )));
    }
    if args.out.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        return Err(Error::Invalid(say(
            "a workbook cannot go to standard output: name a file with --out FILE.xlsx",
            "工作簿不能写到标准输出：请用 --out 文件.xlsx 指定文件",
        )));
    }
    let db = store.path();
    let as_of = args.as_of.unwrap_or_else(today);
    let opts = ExportOptions {
        csv: CsvOptions::default(),
        as_of,
        since: args.since,
    };
    let out = args.out.unwrap_or_else(|| {
        export::default_file_name(db, kind, as_of, args.since).with_extension("xlsx")
    });
    let r = Extract::open(store)?;
    let lang = depot_report::words::Lang::detect(lang);
    let rows = depot_service::export::xlsx::to_xlsx(&r, kind, &opts, lang, &out)?;
    eprintln!(
        "{}",
        say(
            &format!("wrote {rows} rows to {}", out.display()),
            &format!("已写入 {rows} 行至 {}", out.display())
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// A few lines on what the register holds.
pub fn status(store: &Store) -> Result<String> {
    let h = depot_service::status::holdings(store)?;
    let (seq, standards, targets) = (h.movements, h.standard_lines, h.targets);
    let head = &depot_domain::movement::hex(&h.head)[..16];
    let lines = [
        (("database", "数据库"), store.path().display().to_string()),
        (("units", "单位"), h.units.to_string()),
        (("warehouses", "仓库"), h.warehouses.to_string()),
        (("modules", "模块"), h.modules.to_string()),
        (
            ("catalogue", "器材目录"),
            say(&format!("{} items", h.items), &format!("{} 种", h.items)),
        ),
        (("assets", "资产"), h.assets.to_string()),
        (("lots", "批次"), h.lots.to_string()),
        (
            ("ledger", "台账"),
            say(
                &format!("{seq} movements, head {head}"),
                &format!("{seq} 条记录，链头 {head}"),
            ),
        ),
        (
            ("standards", "标准"),
            say(
                &format!("{standards} lines, {targets} targets"),
                &format!("{standards} 行，{targets} 项目标"),
            ),
        ),
    ];
    let labels: Vec<String> = lines.iter().map(|((en, zh), _)| say(en, zh)).collect();
    let width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, (_, value)) in labels.iter().zip(&lines) {
        let pad = " ".repeat(width + 1 - label.width());
        out.push_str(&format!("{label}{pad}{value}\n"));
    }
    Ok(out)
}
