//! Label commands: `depot label` (one file a barcode) and `depot labels` (A4 sheets of an
//! owner's labels). Both only read the register.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{language, refuse};
use depot_domain::ids::fold_width;
use depot_domain::msg::cli::CliMsg;
use depot_domain::msg::cli::label::CliLabelMsg;
use depot_label::{self as label, Fonts, Format, layout};
use depot_service as service;
use depot_service::store::Store;
use depot_service::{Error, Result};

#[derive(Debug, Args)]
pub struct LabelArgs {
    /// The barcodes to label (one file each, named after the barcode).
    #[arg(required = true)]
    pub barcodes: Vec<String>,
    /// svg (70 × 37 mm, for printing) or png (300 dpi).
    #[arg(long, value_enum, default_value = "svg")]
    pub format: Format,
    /// The directory to write into; created if missing.
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct LabelsArgs {
    /// The unit or warehouse whose stock is labelled.
    #[arg(long)]
    pub owner: String,
    /// Only what is packed for this disaster module.
    #[arg(long)]
    pub module: Option<String>,
    /// The sheet: a4 (3 × 8 labels of 70 × 37 mm).
    #[arg(long, value_enum, default_value = "a4")]
    pub sheet: Sheet,
    /// svg or png (300 dpi); default: from the extension of --out, else svg.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The file to write; more pages than one are written as FILE-1, FILE-2, …
    #[arg(long)]
    pub out: PathBuf,
}

/// Sheet sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sheet {
    A4,
}

/// `depot label`: one file a barcode.
pub(super) fn label_cmd(store: &Store, args: LabelArgs) -> Result<ExitCode> {
    let labels = service::label::for_barcodes(store, &args.barcodes)?;
    let names = label::file_names(&labels, args.format)?;
    let fonts = fonts_for(args.format);
    std::fs::create_dir_all(&args.out).map_err(|e| Error::io(&args.out, e))?;
    for ((label, symbol), name) in label::symbols(labels)?.into_iter().zip(names) {
        let page = layout::single(&label, &symbol);
        let path = args.out.join(name);
        write(&path, &label::render(&page, args.format, &fonts)?)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `depot labels`: A4 sheets of everything an owner holds.
pub(super) fn labels_cmd(store: &Store, args: LabelsArgs) -> Result<ExitCode> {
    let Sheet::A4 = args.sheet;
    let format = sheet_format(&args.out, args.format)?;
    let owner = fold_width(&args.owner);
    let labels = service::label::for_owner(store, &owner, args.module.as_deref())?;
    let count = labels.len();
    let pages = layout::sheets(&label::symbols(labels)?);
    let fonts = fonts_for(format);
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
    let by_ext = match out.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("svg") => Some(Format::Svg),
        Some(e) if e.eq_ignore_ascii_case("png") => Some(Format::Png),
        _ => None,
    };
    match (asked, by_ext) {
        (Some(a), Some(b)) if a != b => Err(refuse(CliLabelMsg::FormatMismatch {
            out: out.display().to_string(),
            ext: a.ext().to_owned(),
        })),
        (Some(a), _) => Ok(a),
        (None, b) => Ok(b.unwrap_or(Format::Svg)),
    }
}

/// FILE for one page (with the extension added if it has none), FILE-1 … for more.
fn page_paths(out: &Path, format: Format, pages: usize) -> Vec<PathBuf> {
    let has_ext = out.extension().is_some();
    if pages == 1 {
        return vec![if has_ext {
            out.to_owned()
        } else {
            out.with_extension(format.ext())
        }];
    }
    let stem = if has_ext {
        out.with_extension("")
    } else {
        out.to_owned()
    };
    (1..=pages)
        .map(|n| {
            let mut name = stem.clone().into_os_string();
            name.push(format!("-{n}.{}", format.ext()));
            PathBuf::from(name)
        })
        .collect()
}

/// The system font for PNG (its warnings said once); SVG leaves fonts to the viewer.
fn fonts_for(format: Format) -> Fonts {
    match format {
        Format::Svg => Fonts::none(),
        Format::Png => {
            let fonts = Fonts::find();
            for w in &fonts.warnings {
                let warning = w.to_string();
                eprintln!("{}", CliMsg::Warning { warning }.say(language()));
            }
            fonts
        }
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))?;
    println!("{}", path.display());
    Ok(())
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
    }
}
