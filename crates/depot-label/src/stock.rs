//! The label stock a printer has loaded: its size in millimetres and the printer's resolution,
//! and so the label's size in dots. The layout is drawn for it, one dot a printer's dot.

use std::fmt;

/// A printer's resolution: the two that thermal label printers come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dpi {
    // 8 dots a millimetre: most desktop label printers (Zebra GK/ZD, TSC TE200, Gprinter,
    // Xprinter). (Plain comments: a doc comment would become clap's help.)
    #[value(name = "203")]
    D203,
    // 12 dots a millimetre.
    #[value(name = "300")]
    D300,
}

impl Dpi {
    pub fn dots(self) -> u32 {
        match self {
            Dpi::D203 => 203,
            Dpi::D300 => 300,
        }
    }
}

/// A label's size in millimetres, as `--size 70x37` gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

impl Size {
    /// The cell of the common A4 sheet of 3 × 8 labels.
    pub const DEFAULT: Size = Size {
        width: 70.0,
        height: 37.0,
    };
    /// The largest side a label may have (a 4-inch printer's longest labels are shorter).
    pub const MAX_MM: f64 = 1000.0;
    /// The smallest side: anything smaller holds no symbol a scanner reads.
    pub const MIN_MM: f64 = 5.0;

    /// `70x37`, `70×37` or `50.8X25.4` (millimetres); `None` if it is not a size in range.
    pub fn parse(s: &str) -> Option<Size> {
        let s = s.trim().trim_end_matches("mm");
        let (w, h) = s.split_once(['x', 'X', '×', '*'])?;
        let side = |t: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| (Size::MIN_MM..=Size::MAX_MM).contains(v))
        };
        Some(Size {
            width: side(w)?,
            height: side(h)?,
        })
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", mm_text(self.width), mm_text(self.height))
    }
}

/// Millimetres as a printer command takes them: no trailing zeros (`70`, `50.8`).
pub fn mm_text(v: f64) -> String {
    let t = format!("{v:.2}");
    t.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The stock: size and resolution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stock {
    pub size: Size,
    pub dpi: u32,
}

impl Default for Stock {
    /// 70 × 37 mm at 300 dpi: the labels of the A4 sheet and of the SVG and PNG files.
    fn default() -> Stock {
        Stock {
            size: Size::DEFAULT,
            dpi: 300,
        }
    }
}

impl Stock {
    pub fn new(size: Size, dpi: Dpi) -> Stock {
        Stock {
            size,
            dpi: dpi.dots(),
        }
    }

    /// The width in dots, rounded down: the image never runs past the label.
    pub fn width(&self) -> u32 {
        dots(self.size.width, self.dpi)
    }

    /// The height in dots, rounded down.
    pub fn height(&self) -> u32 {
        dots(self.size.height, self.dpi)
    }

    /// Millimetres to dots at this resolution, rounded to the nearest dot.
    pub fn mm(&self, mm: f64) -> u32 {
        (mm * f64::from(self.dpi) / 25.4).round() as u32
    }
}

fn dots(mm: f64, dpi: u32) -> u32 {
    // A hair over, so that 37 mm at 300 dpi (437.007…) is 437 and not lost to rounding.
    (mm * f64::from(dpi) / 25.4 + 1e-9).floor() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_convert_to_dots() {
        assert_eq!(Size::parse("70x37"), Some(Size::DEFAULT));
        assert_eq!(
            Size::parse(" 50.8×25.4mm"),
            Some(Size {
                width: 50.8,
                height: 25.4
            })
        );
        for bad in [
            "70", "x37", "70x", "0x37", "70x-1", "abc", "70x37x2", "2000x30",
        ] {
            assert_eq!(Size::parse(bad), None, "{bad}");
        }
        let s = Stock::default();
        assert_eq!((s.width(), s.height()), (826, 437));
        let s = Stock::new(Size::DEFAULT, Dpi::D203);
        assert_eq!((s.width(), s.height()), (559, 295));
        assert_eq!(s.mm(1.0), 8);
        assert_eq!(mm_text(70.0), "70");
        assert_eq!(mm_text(50.8), "50.8");
        assert_eq!(Size::DEFAULT.to_string(), "70x37");
    }
}
