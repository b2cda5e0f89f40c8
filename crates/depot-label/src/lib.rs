//! Barcode labels: a Code128 symbol with its quiet zone (or a square QR Code or Data Matrix
//! beside the texts), the code in plain text, the item name and the owner (and a lot's number
//! and expiry); one label a file, or A4 sheets of 3 × 8 labels; SVG (sized in millimetres),
//! PNG, or a label printer's own language (ZPL, TSPL) sent to a file, a network printer or a
//! print queue; and a calibration label to line a printer up.
//!
//! What goes on each label is read from the register by `service::label`; this module only
//! draws (and hands a job to a printer, [`send`]).

mod bitmap;
pub mod calibrate;
mod canvas;
pub mod code128;
pub mod font;
pub mod layout;
pub mod printer;
pub mod raster;
pub mod send;
pub mod stock;
pub mod svg;
pub mod symbol;

use depot_domain::ids::CodeError;
use depot_domain::msg::label::LabelErrorMsg;
use depot_domain::{Barcode, ItemCode, Lang, PlaceCode};

pub use code128::{Symbol, SymbolError};
pub use font::Fonts;
pub use layout::Page;
pub use send::{Printer, SendError};
pub use stock::{Dpi, Size, Stock};
pub use symbol::{Code, Symbology};

/// What goes on one label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub barcode: Barcode,
    pub item: ItemCode,
    /// The catalogue name (Chinese), or the item code when the catalogue lacks it.
    pub item_name: String,
    pub owner: PlaceCode,
    /// The owning unit's or warehouse's name.
    pub owner_name: Option<String>,
    /// A lot's number and expiry (`None` for a serialized asset): what a quartermaster
    /// rotating stock reads off the shelf.
    pub lot: Option<LotMarks>,
}

/// What a lot's label adds: its lot number and the date it expires, when the register has
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotMarks {
    pub number: Option<String>,
    pub expires: Option<chrono::NaiveDate>,
}

/// The file formats a label can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Svg,
    Png,
    // Zebra's printer language. (Plain comments: a doc comment would become clap's help.)
    Zpl,
    // TSC's printer language, also spoken by Gprinter and Xprinter.
    Tspl,
}

impl Format {
    /// The file name extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Zpl => "zpl",
            Format::Tspl => "tspl",
        }
    }

    /// The format a file name's extension says, if any.
    pub fn of_ext(ext: &str) -> Option<Format> {
        [Format::Svg, Format::Png, Format::Zpl, Format::Tspl]
            .into_iter()
            .find(|f| f.ext().eq_ignore_ascii_case(ext))
    }

    /// Whether it is a printer's language: a job of many labels in one file, that a printer
    /// can be sent.
    pub fn is_printer(self) -> bool {
        matches!(self, Format::Zpl | Format::Tspl)
    }

    /// Whether it is drawn with a font of the system (everything but SVG, which leaves its
    /// fonts to the viewer).
    pub fn needs_font(self) -> bool {
        self != Format::Svg
    }

    /// The resolution it is drawn at unless `--dpi` says otherwise: 300 for files, 203 (the
    /// commonest) for printers.
    pub fn default_dpi(self) -> Dpi {
        if self.is_printer() {
            Dpi::D203
        } else {
            Dpi::D300
        }
    }
}

/// Why labels could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.say(Lang::En))]
pub enum LabelError {
    BadCode {
        code: String,
        reason: CodeError,
    },
    UnknownBarcodes(Vec<String>),
    UnknownOwner(String),
    UnknownModule(String),
    /// An owner (in a module) with nothing to label.
    Nothing {
        owner: String,
        module: Option<String>,
    },
    Symbol(Barcode, SymbolError),
    SameFile(Barcode, Barcode, String),
    Png(String),
}

impl LabelError {
    /// The message in `lang`, from the catalogue.
    pub fn say(&self, lang: Lang) -> String {
        use LabelErrorMsg as M;
        let m = match self {
            LabelError::BadCode { code, reason } => M::BadCode {
                code: code.clone(),
                reason: match lang {
                    Lang::En => reason.to_string(),
                    Lang::Zh => reason.zh(),
                },
            },
            LabelError::UnknownBarcodes(codes) => M::UnknownBarcodes {
                codes: depot_domain::msg::workflow::join(codes, lang),
            },
            LabelError::UnknownOwner(owner) => M::UnknownOwner {
                owner: owner.clone(),
            },
            LabelError::UnknownModule(module) => M::UnknownModule {
                module: module.clone(),
            },
            LabelError::Nothing {
                owner,
                module: None,
            } => M::Nothing {
                owner: owner.clone(),
            },
            LabelError::Nothing {
                owner,
                module: Some(module),
            } => M::NothingInModule {
                owner: owner.clone(),
                module: module.clone(),
            },
            LabelError::Symbol(barcode, e) => M::Symbol {
                barcode: barcode.to_string(),
                reason: e.say(lang),
            },
            LabelError::SameFile(first, second, file) => M::SameFile {
                first: first.to_string(),
                second: second.to_string(),
                file: file.clone(),
            },
            LabelError::Png(error) => M::Png {
                error: error.clone(),
            },
        };
        m.say(lang)
    }
}

/// Encodes every label's symbol in `symbology`.
pub fn symbols(labels: Vec<Label>, symbology: Symbology) -> Result<Vec<(Label, Code)>, LabelError> {
    labels
        .into_iter()
        .map(|l| match symbol::encode(symbology, l.barcode.as_str()) {
            Ok(s) => Ok((l, s)),
            Err(e) => Err(LabelError::Symbol(l.barcode.clone(), e)),
        })
        .collect()
}

/// One print job of every label, each on `stock`, in a printer's `format` (ZPL or TSPL: a
/// job of several labels is their pages' jobs one after the other).
pub fn job(
    coded: &[(Label, Code)],
    stock: &Stock,
    format: Format,
    fonts: &Fonts,
) -> Result<Vec<u8>, LabelError> {
    let mut job = Vec::new();
    for (label, code) in coded {
        job.extend(render(
            &layout::on_stock(stock, label, code),
            format,
            fonts,
        )?);
    }
    Ok(job)
}

/// A page in a format: the file's bytes (for a printer, the page's job).
pub fn render(page: &Page, format: Format, fonts: &Fonts) -> Result<Vec<u8>, LabelError> {
    match format {
        Format::Svg => Ok(svg::render(page).into_bytes()),
        Format::Png => raster::render(page, fonts),
        Format::Zpl => Ok(printer::zpl(page, fonts)),
        Format::Tspl => Ok(printer::tspl(page, fonts)),
    }
}

/// A file name for a barcode: characters that are not safe in file names on every system
/// become `_`, and a leading dot too (no hidden files).
pub fn file_stem(barcode: &Barcode) -> String {
    barcode
        .as_str()
        .chars()
        .enumerate()
        .map(|(i, c)| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '+' => c,
            '.' if i > 0 => c,
            _ => '_',
        })
        .collect()
}

/// The file name of each label; two barcodes that would share one are an error.
pub fn file_names(labels: &[Label], format: Format) -> Result<Vec<String>, LabelError> {
    let mut seen: std::collections::HashMap<String, &Barcode> = std::collections::HashMap::new();
    let mut names = Vec::with_capacity(labels.len());
    for l in labels {
        let name = format!("{}.{}", file_stem(&l.barcode), format.ext());
        // Case-insensitive file systems (Windows, macOS) would merge these too.
        if let Some(other) = seen.insert(name.to_ascii_lowercase(), &l.barcode)
            && other != &l.barcode
        {
            return Err(LabelError::SameFile(other.clone(), l.barcode.clone(), name));
        }
        names.push(name);
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(code: &str) -> Label {
        Label {
            barcode: code.into(),
            item: "X".into(),
            item_name: "水带".into(),
            owner: "ZHAN-0001".into(),
            owner_name: None,
            lot: None,
        }
    }

    #[test]
    fn errors_are_said_in_both_languages() {
        let e = LabelError::UnknownBarcodes(vec!["NOPE-1".into(), "NOPE-2".into()]);
        assert_eq!(
            e.to_string(),
            "not in the register: NOPE-1, NOPE-2; check the code \
             (`depot export assets` and `depot export lots` list every barcode)"
        );
        assert!(
            e.say(Lang::Zh)
                .starts_with("登记簿中没有：NOPE-1、NOPE-2；")
        );
        let e = LabelError::Nothing {
            owner: "CK-SJ".into(),
            module: Some("water".into()),
        };
        assert_eq!(e.to_string(), "CK-SJ (module water) holds nothing to label");
        assert_eq!(e.say(Lang::Zh), "CK-SJ（模块 water）没有需要打印标签的物资");
        let e = LabelError::Symbol("X1".into(), SymbolError::TooLong("X1".into()));
        assert_eq!(
            e.say(Lang::Zh),
            "条码 X1：'X1' 对所选码制过长；请改用 --symbology qr"
        );
    }

    #[test]
    fn file_names_are_safe_and_distinct() {
        assert_eq!(file_stem(&"QZ-001".into()), "QZ-001");
        assert_eq!(file_stem(&"../a/b c:d*".into()), "_._a_b_c_d_");
        assert_eq!(file_stem(&".x".into()), "_x");
        let names = file_names(&[label("A1"), label("A1"), label("b.2")], Format::Png);
        assert_eq!(
            names.ok(),
            Some(vec!["A1.png".into(), "A1.png".into(), "b.2.png".into()])
        );
        let clash = file_names(&[label("A/1"), label("A:1")], Format::Svg);
        assert!(matches!(clash, Err(LabelError::SameFile(..))));
        let clash = file_names(&[label("ab"), label("AB")], Format::Svg);
        assert!(matches!(clash, Err(LabelError::SameFile(..))));
    }
}
