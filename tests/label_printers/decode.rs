//! Reading printer jobs back: the bitmaps of a ZPL job (`^GFA` hex, a set bit black) and of a
//! TSPL job (`BITMAP` bytes, a clear bit black) unpacked into pictures, written as PNG, and
//! read by zbarimg and dmtxread; and whether those tools are there.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `tool` runs; where the tools are required, its absence is a failure.
pub fn have(tool: &str, package: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none() && std::env::var_os("DEPOT_REQUIRE_TOOLS").is_none(),
            "{tool} is missing: .ci/packages.txt lists {package}, which must be installed here"
        );
        eprintln!("notice: {tool} not found (Debian package {package}); decoding skipped");
    }
    found
}

/// A 1-bit picture decoded from a job: `true` is black.
pub struct Bitmap {
    pub width: usize,
    pub height: usize,
    pub black: Vec<bool>,
}

impl Bitmap {
    pub fn at(&self, x: usize, y: usize) -> bool {
        self.black[y * self.width + x]
    }

    pub fn ink(&self) -> f64 {
        self.black.iter().filter(|b| **b).count() as f64 / self.black.len() as f64
    }

    pub fn png(&self, path: &Path) -> PathBuf {
        let file = std::fs::File::create(path).unwrap();
        let mut enc = png::Encoder::new(file, self.width as u32, self.height as u32);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let px: Vec<u8> = self
            .black
            .iter()
            .map(|b| if *b { 0 } else { 255 })
            .collect();
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&px).unwrap();
        w.finish().unwrap();
        path.to_owned()
    }
}

/// Unpacks `rows` of `stride` bytes, the leftmost dot in the high bit.
fn unpack(bytes: &[u8], stride: usize, black_is_set: bool) -> Bitmap {
    let height = bytes.len() / stride;
    let width = stride * 8;
    let black = (0..height * width)
        .map(|i| {
            let (y, x) = (i / width, i % width);
            let set = bytes[y * stride + x / 8] & (0x80 >> (x % 8)) != 0;
            set == black_is_set
        })
        .collect();
    Bitmap {
        width,
        height,
        black,
    }
}

/// A number after `key` in `text`, up to the next delimiter.
fn number_after(text: &str, key: &str) -> usize {
    let at = text.find(key).unwrap_or_else(|| panic!("no {key}")) + key.len();
    text[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Every label of a ZPL job: `^XA … ^GFA,total,total,bytes_a_row,HEX^FS … ^XZ`; each label's
/// `^PW` and `^LL` must be the image's size.
pub fn zpl_labels(job: &[u8]) -> Vec<Bitmap> {
    let text = std::str::from_utf8(job).expect("a ZPL job is text");
    let mut out = Vec::new();
    for label in text.split("^XZ").filter(|l| !l.trim().is_empty()) {
        assert!(label.trim_start().starts_with("^XA"), "{label:.40}");
        let gf = &label[label.find("^GFA,").unwrap() + 5..];
        let fields: Vec<&str> = gf.splitn(4, ',').collect();
        let total: usize = fields[0].parse().unwrap();
        assert_eq!(fields[1], fields[0]);
        let stride: usize = fields[2].parse().unwrap();
        let hex = &fields[3][..fields[3].find("^FS").unwrap()];
        assert_eq!(hex.len(), 2 * total, "the byte count says the hex's length");
        let bytes: Vec<u8> = (0..total)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let bitmap = unpack(&bytes, stride, true);
        let width = number_after(label, "^PW");
        assert_eq!(bitmap.width, width.div_ceil(8) * 8);
        assert_eq!(bitmap.height, number_after(label, "^LL"));
        out.push(bitmap);
    }
    out
}

/// Every label of a TSPL job: `SIZE`, `GAP`, `CLS`, `BITMAP x,y,bytes_a_row,rows,0,<bytes>`,
/// `PRINT 1`.
pub fn tspl_labels(job: &[u8]) -> Vec<Bitmap> {
    let mut out = Vec::new();
    let mut rest = job;
    while let Some(at) = find(rest, b"BITMAP ") {
        // x, y, bytes a row, rows, mode: five numbers, each ended by a comma.
        let mut head_end = at + 7;
        for _ in 0..5 {
            head_end += find(&rest[head_end..], b",").unwrap() + 1;
        }
        let head = std::str::from_utf8(&rest[at + 7..head_end - 1]).unwrap();
        let nums: Vec<usize> = head.split(',').map(|n| n.parse().unwrap()).collect();
        assert_eq!((nums[0], nums[1]), (0, 0), "drawn from the corner");
        assert_eq!(nums[4], 0, "mode 0: overwrite");
        let (stride, rows) = (nums[2], nums[3]);
        let before = std::str::from_utf8(&rest[..at]).unwrap();
        assert!(
            before.contains("SIZE ") && before.contains("CLS\r\n"),
            "{before}"
        );
        let data = &rest[head_end..head_end + stride * rows];
        out.push(unpack(data, stride, false));
        rest = &rest[head_end + stride * rows..];
        assert!(rest.starts_with(b"\r\nPRINT 1\r\n"));
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// What zbarimg reads in a PNG (Code128 and QR Code only).
pub fn zbar(png: &Path) -> String {
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Scode128.enable"])
        .args(["-Sqrcode.enable"])
        .arg(png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "zbarimg found nothing in {}",
        png.display()
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// What dmtxread reads in a PNG.
pub fn dmtx(png: &Path) -> String {
    let out = Command::new("dmtxread")
        .args(["-N1", "-m", "30000"])
        .arg(png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dmtxread found nothing in {}",
        png.display()
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}
