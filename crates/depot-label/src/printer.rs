//! Labels in the printers' own languages, ZPL (Zebra) and TSPL (TSC, Gprinter, Xprinter):
//! the whole label drawn by [`raster`](crate::raster) at the printer's resolution, made
//! black and white, and sent as one bitmap. The printer needs no font of its own, so
//! Chinese names print on any printer as they show on the PNG.
//!
//! A page's job is complete in itself (the size, the image, print one): a job of several
//! labels is their pages' jobs one after the other.

use std::fmt::Write as _;

use crate::canvas::Canvas;
use crate::font::Fonts;
use crate::layout::Page;
use crate::raster;
use crate::stock::mm_text;

/// A grey at or below this is printed black: the anti-aliased edge of a glyph keeps its
/// inner half.
const INK: u8 = 127;

/// A black-and-white image packed 8 dots a byte, the leftmost dot in the high bit, each row
/// padded to a whole byte; a set bit is black.
pub struct Mono {
    pub width: u32,
    pub height: u32,
    /// Bytes a row.
    pub stride: u32,
    pub bits: Vec<u8>,
}

impl Mono {
    /// The canvas thresholded.
    pub fn of(canvas: &Canvas) -> Mono {
        let stride = canvas.width.div_ceil(8);
        let mut bits = vec![0u8; stride as usize * canvas.height as usize];
        let width = canvas.width as usize;
        for (out, px) in bits
            .chunks_mut(stride as usize)
            .zip(canvas.px.chunks(width.max(1)))
        {
            for (x, &p) in px.iter().enumerate() {
                if p <= INK {
                    out[x / 8] |= 0x80 >> (x % 8);
                }
            }
        }
        Mono {
            width: canvas.width,
            height: canvas.height,
            stride,
            bits,
        }
    }
}

/// The page as a ZPL II job: `^PW`/`^LL` set the label's size in dots, and one `^GFA` field
/// carries the image as hexadecimal text. In `^GF` a set bit prints black (ZPL II Programming
/// Guide, `^GF`). The hex is written whole, without ZPL's run-length abbreviations, which
/// the ZPL emulations of other makers' printers do not all read.
pub fn zpl(page: &Page, fonts: &Fonts) -> Vec<u8> {
    let mono = Mono::of(&raster::draw(page, fonts));
    let total = mono.bits.len();
    let mut out = String::with_capacity(2 * total + 128);
    let _ = write!(
        out,
        "^XA\n^PW{}\n^LL{}\n^LH0,0\n^FO0,0^GFA,{total},{total},{},",
        mono.width, mono.height, mono.stride
    );
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut hex = Vec::with_capacity(2 * total);
    for &b in &mono.bits {
        hex.push(HEX[usize::from(b >> 4)]);
        hex.push(HEX[usize::from(b & 0x0f)]);
    }
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&hex);
    bytes.extend_from_slice(b"^FS\n^PQ1\n^XZ\n");
    bytes
}

/// The page as a TSPL job: `SIZE` and `GAP` in millimetres (the label and a 2 mm gap between
/// labels, the common die-cut roll), `CLS`, one `BITMAP` in mode 0 (overwrite) with the image
/// as raw bytes, and `PRINT 1`. In TSPL's `BITMAP` a set bit is white and a clear bit prints
/// black (TSC's TSPL/TSPL2 Programming Manual, `BITMAP`: its example prints the 0 bits; the
/// manual's bit order is the same as here, the leftmost dot in the high bit), so the bits are
/// inverted, and the padding at the end of each row is white.
pub fn tspl(page: &Page, fonts: &Fonts) -> Vec<u8> {
    let mono = Mono::of(&raster::draw(page, fonts));
    let mut out = Vec::with_capacity(mono.bits.len() + 128);
    let head = format!(
        "SIZE {} mm,{} mm\r\nGAP 2 mm,0 mm\r\nCLS\r\nBITMAP 0,0,{},{},0,",
        mm_text(page.size.width),
        mm_text(page.size.height),
        mono.stride,
        mono.height
    );
    out.extend_from_slice(head.as_bytes());
    out.extend(mono.bits.iter().map(|b| !b));
    out.extend_from_slice(b"\r\nPRINT 1\r\n");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::layout::Mark;
    use crate::stock::Size;

    /// A 10 × 2 page with a black square of 3 dots in the first row.
    fn page() -> Page {
        Page {
            width: 10,
            height: 2,
            dpi: 203,
            size: Size {
                width: 1.25,
                height: 0.25,
            },
            marks: vec![Mark::Rect {
                x: 1,
                y: 0,
                w: 3,
                h: 1,
            }],
        }
    }

    #[test]
    fn zpl_sets_the_black_bits() {
        let job = String::from_utf8(zpl(&page(), &Fonts::none())).unwrap();
        assert_eq!(
            job,
            "^XA\n^PW10\n^LL2\n^LH0,0\n^FO0,0^GFA,4,4,2,70000000^FS\n^PQ1\n^XZ\n"
        );
    }

    #[test]
    fn tspl_clears_the_black_bits() {
        let job = tspl(&page(), &Fonts::none());
        let head = b"SIZE 1.25 mm,0.25 mm\r\nGAP 2 mm,0 mm\r\nCLS\r\nBITMAP 0,0,2,2,0,";
        assert_eq!(&job[..head.len()], head);
        assert_eq!(&job[head.len()..head.len() + 4], &[0x8f, 0xff, 0xff, 0xff]);
        assert_eq!(&job[head.len() + 4..], b"\r\nPRINT 1\r\n");
    }
}
