//! The symbologies a label can carry: Code128 bars (the default, what every scanner reads),
//! or a square QR Code or Data Matrix for small tools and cylinders where bars do not fit.
//! The square ones are encoded by the `qrcode` and `datamatrix` crates; this module only
//! turns their modules into a grid with its quiet zone.

use crate::code128::{self, SymbolError};

/// Which symbol a label carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Symbology {
    #[default]
    Code128,
    Qr,
    Datamatrix,
}

/// An encoded symbol: bars, or a square grid of modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    Bars(code128::Symbol),
    Square(Square),
}

impl From<code128::Symbol> for Code {
    fn from(s: code128::Symbol) -> Code {
        Code::Bars(s)
    }
}

/// A two-dimensional symbol: `side` × `side` modules, its quiet zone included, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Square {
    pub side: u32,
    pub dark: Vec<bool>,
}

impl Square {
    /// Whether the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        x < self.side && y < self.side && self.dark[y as usize * self.side as usize + x as usize]
    }

    /// Puts `modules` (`width` a row, dark = true) inside a quiet zone of `quiet` modules.
    fn framed(modules: &[bool], width: usize, quiet: usize) -> Square {
        let height = modules.len() / width.max(1);
        let side = width.max(height) + 2 * quiet;
        let mut dark = vec![false; side * side];
        for (i, &m) in modules.iter().enumerate() {
            let (x, y) = (i % width + quiet, i / width + quiet);
            dark[y * side + x] = m;
        }
        Square {
            side: u32::try_from(side).unwrap_or(u32::MAX),
            dark,
        }
    }
}

/// The quiet zone of a QR Code, in modules (the standard's).
const QR_QUIET: usize = 4;
/// The quiet zone of a Data Matrix: the standard asks for one module; two keep a reader from
/// taking the label's text for part of the symbol.
const DM_QUIET: usize = 2;

/// Encodes `text` (a register barcode: printable ASCII) in `symbology`.
pub fn encode(symbology: Symbology, text: &str) -> Result<Code, SymbolError> {
    if text.is_empty() {
        return Err(SymbolError::Empty);
    }
    if !text.chars().all(|c| (' '..='~').contains(&c)) {
        return Err(SymbolError::Charset(text.to_owned()));
    }
    match symbology {
        Symbology::Code128 => code128::encode(text).map(Code::Bars),
        Symbology::Qr => {
            // Level M: a label scuffed on a shelf still reads, and short codes stay version 1-2.
            let qr = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
                .map_err(|_| SymbolError::TooLong(text.to_owned()))?;
            let width = qr.width();
            let modules: Vec<bool> = qr
                .into_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect();
            Ok(Code::Square(Square::framed(&modules, width, QR_QUIET)))
        }
        Symbology::Datamatrix => {
            let list = datamatrix::SymbolList::default().enforce_square();
            let dm = datamatrix::DataMatrix::encode(text.as_bytes(), list)
                .map_err(|_| SymbolError::TooLong(text.to_owned()))?;
            let bitmap = dm.bitmap();
            Ok(Code::Square(Square::framed(
                bitmap.bits(),
                bitmap.width(),
                DM_QUIET,
            )))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn square(s: Symbology, text: &str) -> Square {
        match encode(s, text).unwrap() {
            Code::Square(q) => q,
            Code::Bars(_) => panic!("bars"),
        }
    }

    #[test]
    fn square_symbols_have_their_quiet_zones() {
        // A short code is QR version 1 (21 modules) and a 14 × 14 Data Matrix.
        let qr = square(Symbology::Qr, "QZ56977190");
        assert_eq!(qr.side, 21 + 8);
        let dm = square(Symbology::Datamatrix, "QZ56977190");
        assert_eq!(dm.side, 14 + 4);
        for q in [&qr, &dm] {
            let quiet = if q.side == 29 { 4 } else { 2 };
            for i in 0..q.side {
                for edge in 0..quiet {
                    assert!(!q.is_dark(i, edge) && !q.is_dark(edge, i));
                    assert!(!q.is_dark(i, q.side - 1 - edge) && !q.is_dark(q.side - 1 - edge, i));
                }
            }
        }
        // The finder patterns: QR's top left corner, Data Matrix's solid left column.
        assert!(qr.is_dark(4, 4) && qr.is_dark(10, 4) && !qr.is_dark(5, 5));
        assert!((2..16).all(|y| dm.is_dark(2, y)));
        assert_eq!(encode(Symbology::Qr, ""), Err(SymbolError::Empty));
        assert!(matches!(
            encode(Symbology::Datamatrix, "车1"),
            Err(SymbolError::Charset(_))
        ));
    }
}
