//! Label commands: `depot label` (one file a barcode, or one print job) and `depot labels`
//! (A4 sheets of an owner's labels, or one print job of them). Both only read the register;
//! `depot label --calibrate` does not open it at all. Where the labels go is
//! [`label_out`](super::label_out)'s.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::label_out::{Out, deliver, page_paths, write};
use super::{language, refuse};
use depot_domain::ids::fold_width;
use depot_domain::msg::cli::CliMsg;
use depot_domain::msg::cli::label::{CliLabelMsg, CliPrintMsg};
use depot_label::{self as label, Dpi, Fonts, Format, Size, Stock, Symbology, layout};
use depot_service as service;
use depot_service::Result;
use depot_service::store::Store;

#[derive(Debug, Args)]
pub struct LabelArgs {
    /// The barcodes to label (one file each, named after the barcode).
    #[arg(required_unless_present = "calibrate", conflicts_with = "calibrate")]
    pub barcodes: Vec<String>,
    /// svg (70 × 37 mm, for printing), png (300 dpi), or a label printer's language: zpl
    /// (Zebra) or tspl (TSC, Gprinter, Xprinter).
    #[arg(long, value_enum, default_value = "svg")]
    pub format: Format,
    #[command(flatten)]
    pub stock: StockArgs,
    /// Print a calibration label instead of barcodes (no database needed): a border 1 mm
    /// inside the edge, millimetre rulers and the size and dpi, to line the printer up.
    #[arg(long)]
    pub calibrate: bool,
    /// The directory to write into (created if missing); for zpl and tspl, one job file (an
    /// existing directory: a file per label); or a printer: tcp://HOST:PORT or lp:QUEUE.
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct LabelsArgs {
    /// The unit or warehouse whose stock is labelled.
    #[arg(long, required_unless_present_any = ["import", "count"])]
    pub owner: Option<String>,
    /// Instead of --owner: what a register import created (`depot import register` says its
    /// number), by place and by shelf, so that a team walks the shelves once.
    #[arg(long, conflicts_with_all = ["owner", "module", "count"])]
    pub import: Option<u64>,
    /// Instead of --owner: what a count expects and has not found yet (a label not scanned
    /// after a labelling count), to print again.
    #[arg(long, conflicts_with_all = ["owner", "module"])]
    pub count: Option<u64>,
    /// Only what is packed for this disaster module.
    #[arg(long)]
    pub module: Option<String>,
    /// The sheet: a4 (3 × 8 labels of 70 × 37 mm); zpl and tspl print on a roll instead.
    #[arg(long, value_enum, default_value = "a4")]
    pub sheet: Sheet,
    /// svg, png (300 dpi), zpl or tspl; default: from the extension of --out, else svg.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub stock: StockArgs,
    /// The file to write (svg and png: more pages than one are written as FILE-1, FILE-2, …;
    /// zpl and tspl: one job); or a printer: tcp://HOST:PORT or lp:QUEUE.
    #[arg(long)]
    pub out: PathBuf,
}

/// The symbol and the label stock, for both commands.
#[derive(Debug, Args)]
pub struct StockArgs {
    /// code128 (bars under the texts), or a square qr or datamatrix beside them, for small
    /// tools and cylinders where bars do not fit.
    #[arg(long, value_enum, default_value = "code128")]
    pub symbology: Symbology,
    /// The label's size in millimetres, WIDTHxHEIGHT.
    #[arg(long, default_value = "70x37", value_parser = parse_size_arg)]
    pub size: Size,
    /// The printer's resolution in dots an inch; default: 203 for zpl and tspl, 300 for svg
    /// and png.
    #[arg(long, value_enum)]
    pub dpi: Option<Dpi>,
}

impl StockArgs {
    fn stock(&self, format: Format) -> Stock {
        Stock::new(self.size, self.dpi.unwrap_or(format.default_dpi()))
    }

    /// Whether the stock is the A4 sheet's cell at its resolution.
    fn is_sheet_cell(&self) -> bool {
        self.size == Size::DEFAULT && self.dpi.is_none_or(|d| d == Dpi::D300)
    }
}

/// Sheet sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sheet {
    A4,
}

/// A label size on the command line; the reason it is not one in the command line's language.
pub fn parse_size_arg(s: &str) -> std::result::Result<Size, String> {
    Size::parse(s).ok_or_else(|| {
        CliPrintMsg::NotASize {
            given: s.to_owned(),
        }
        .say(language())
    })
}

/// `depot label`: one file a barcode, or one job of them.
pub(super) fn label_cmd(store: &Store, args: LabelArgs) -> Result<ExitCode> {
    let out = Out::for_labels(&args.out, args.format)?;
    let labels = service::label::for_barcodes(store, &args.barcodes)?;
    let names = match &out {
        Out::Dir(_) => label::file_names(&labels, args.format)?,
        Out::Job(_) => Vec::new(),
    };
    let fonts = fonts_for(args.format);
    let stock = args.stock.stock(args.format);
    let coded = label::symbols(labels, args.stock.symbology)?;
    let count = coded.len();
    match out {
        Out::Dir(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| service::Error::io(&dir, e))?;
            for ((label, code), name) in coded.iter().zip(names) {
                let page = layout::on_stock(&stock, label, code);
                write(&dir.join(name), &label::render(&page, args.format, &fonts)?)?;
            }
        }
        Out::Job(to) => {
            let job = label::job(&coded, &stock, args.format, &fonts)?;
            deliver(&to, &job, count)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `depot label --calibrate`: one calibration label, drawn without the register.
pub(super) fn calibrate_cmd(args: LabelArgs) -> Result<ExitCode> {
    let out = Out::for_labels(&args.out, args.format)?;
    let page = label::calibrate::page(&args.stock.stock(args.format), language());
    let bytes = label::render(&page, args.format, &fonts_for(args.format))?;
    match out {
        Out::Dir(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| service::Error::io(&dir, e))?;
            write(
                &dir.join(format!("calibration.{}", args.format.ext())),
                &bytes,
            )?;
        }
        Out::Job(to) => deliver(&to, &bytes, 1)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `depot labels`: A4 sheets of everything an owner holds, or one print job of it.
pub(super) fn labels_cmd(store: &Store, args: LabelsArgs) -> Result<ExitCode> {
    let Sheet::A4 = args.sheet;
    let format = sheet_format(&args.out, args.format)?;
    let job = Out::for_job(&args.out, format)?;
    if job.is_none() && !args.stock.is_sheet_cell() {
        return Err(refuse(CliPrintMsg::SheetStock));
    }
    let labels = match (args.import, args.count, &args.owner) {
        (Some(id), _, _) => service::label::for_import(store, id)?,
        (_, Some(id), _) => service::label::for_count_missing(store, id)?,
        (_, _, owner) => {
            let owner = fold_width(owner.as_deref().unwrap_or_default());
            service::label::for_owner(store, &owner, args.module.as_deref())?
        }
    };
    if labels.is_empty() {
        eprintln!("{}", CliLabelMsg::NothingToLabel.say(language()));
        return Ok(ExitCode::SUCCESS);
    }
    let count = labels.len();
    let coded = label::symbols(labels, args.stock.symbology)?;
    let fonts = fonts_for(format);
    if let Some(to) = job {
        let bytes = label::job(&coded, &args.stock.stock(format), format, &fonts)?;
        return deliver(&to, &bytes, count).map(|()| ExitCode::SUCCESS);
    }
    let pages = layout::sheets(&coded);
    let paths = page_paths(&args.out, format, pages.len());
    for (page, path) in pages.iter().zip(&paths) {
        write(path, &label::render(page, format, &fonts)?)?;
    }
    let said = CliLabelMsg::SheetsWritten {
        labels: count.to_string(),
        pages: pages.len().to_string(),
    };
    eprintln!("{}", said.say(language()));
    Ok(ExitCode::SUCCESS)
}

/// The format asked for, or the one the file name says; a contradiction is an error.
fn sheet_format(out: &Path, asked: Option<Format>) -> Result<Format> {
    let by_ext = out
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::of_ext);
    match (asked, by_ext) {
        (Some(a), Some(b)) if a != b => Err(refuse(CliLabelMsg::FormatMismatch {
            out: out.display().to_string(),
            ext: a.ext().to_owned(),
        })),
        (Some(a), _) => Ok(a),
        (None, b) => Ok(b.unwrap_or(Format::Svg)),
    }
}

/// The system font for what is drawn here (its warnings said once); SVG leaves fonts to the
/// viewer.
fn fonts_for(format: Format) -> Fonts {
    if !format.needs_font() {
        return Fonts::none();
    }
    let fonts = Fonts::find();
    for w in &fonts.warnings {
        let warning = w.to_string();
        eprintln!("{}", CliMsg::Warning { warning }.say(language()));
    }
    fonts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_numbered_only_when_there_are_several() {
        let p = |s: &str, f, n| page_paths(Path::new(s), f, n);
        assert_eq!(p("out/s.svg", Format::Svg, 1), [PathBuf::from("out/s.svg")]);
        assert_eq!(p("s", Format::Png, 1), [PathBuf::from("s.png")]);
        assert_eq!(
            p("s.svg", Format::Svg, 2),
            [PathBuf::from("s-1.svg"), PathBuf::from("s-2.svg")]
        );
        assert!(sheet_format(Path::new("a.svg"), Some(Format::Png)).is_err());
        assert_eq!(
            sheet_format(Path::new("a.PNG"), None).ok(),
            Some(Format::Png)
        );
        assert_eq!(sheet_format(Path::new("a"), None).ok(), Some(Format::Svg));
        assert_eq!(
            sheet_format(Path::new("job.zpl"), None).ok(),
            Some(Format::Zpl)
        );
        assert!(sheet_format(Path::new("job.tspl"), Some(Format::Zpl)).is_err());
    }
}
