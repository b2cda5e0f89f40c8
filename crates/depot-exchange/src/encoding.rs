//! Character encodings of exchange files: detecting and decoding what spreadsheet programs write
//! (UTF-8 with or without BOM, GB18030/GBK), and encoding output as UTF-8 or GB18030.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use encoding_rs::{DecoderResult, EncoderResult, GB18030};

use std::path::Path;

use crate::error::{EncodingError, ReadError, UnknownEncoding, display_path};
use depot_domain::Lang;
use depot_domain::msg::exchange::ExchangeMsg;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to read the bytes of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputEncoding {
    /// UTF-8 (a BOM is stripped) if the bytes are valid UTF-8, else GB18030 if they decode.
    #[default]
    Auto,
    /// UTF-8, with or without BOM.
    Utf8,
    /// GB18030, which includes GBK and GB2312.
    Gb18030,
}

impl FromStr for InputEncoding {
    type Err = UnknownEncoding;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "utf-8" | "utf8" => Ok(Self::Utf8),
            "gb18030" | "gbk" | "gb2312" => Ok(Self::Gb18030),
            _ => Err(UnknownEncoding {
                given: s.to_owned(),
                expected: "auto, utf-8, gb18030 (or gbk)",
            }),
        }
    }
}

impl fmt::Display for InputEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Auto => "auto",
            Self::Utf8 => "utf-8",
            Self::Gb18030 => "gb18030",
        })
    }
}

/// Text decoded from a file, and the encoding it was found in. UTF-8 input is borrowed, not
/// copied: a large file is then in memory once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'b> {
    pub text: Cow<'b, str>,
    /// "UTF-8", "UTF-8 with BOM" or "GB18030".
    pub encoding: &'static str,
}

/// Decodes the bytes of an input file.
///
/// Rejects empty files (nothing but a BOM or whitespace), files that look binary (NUL bytes,
/// Excel workbooks, UTF-16) and bytes that are invalid in the chosen encoding, naming the line
/// of the first invalid byte.
pub fn decode(bytes: &[u8], enc: InputEncoding) -> Result<Decoded<'_>, EncodingError> {
    check_not_binary(bytes)?;
    let (body, had_bom) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(EncodingError::Empty);
    }
    let decoded = match enc {
        InputEncoding::Utf8 => decode_utf8(body, had_bom)?,
        InputEncoding::Gb18030 if had_bom => return Err(EncodingError::BomMismatch),
        InputEncoding::Gb18030 => Decoded {
            text: Cow::Owned(decode_gb18030(bytes)?),
            encoding: "GB18030",
        },
        // A BOM says UTF-8: do not fall back to GB18030 behind its back.
        InputEncoding::Auto if had_bom => decode_utf8(body, true)?,
        InputEncoding::Auto => match std::str::from_utf8(body) {
            Ok(text) => Decoded {
                text: Cow::Borrowed(text),
                encoding: "UTF-8",
            },
            Err(utf8_err) => match decode_gb18030(body) {
                Ok(text) => Decoded {
                    text: Cow::Owned(text),
                    encoding: "GB18030",
                },
                Err(gb_err) => {
                    // Report whichever reading got further: that one is most likely what the
                    // file was meant to be, with one bad spot.
                    let gb_offset = match gb_err {
                        EncodingError::Invalid { offset, .. } => offset,
                        _ => 0,
                    };
                    let offset = utf8_err.valid_up_to().max(gb_offset);
                    return Err(invalid(body, offset, "neither UTF-8 nor GB18030"));
                }
            },
        },
    };
    // A GB18030 BOM (or a BOM left behind by an explicit choice) decodes to U+FEFF.
    let text = match decoded.text {
        Cow::Borrowed(t) => Cow::Borrowed(t.strip_prefix('\u{FEFF}').unwrap_or(t)),
        Cow::Owned(t) => match t.strip_prefix('\u{FEFF}') {
            Some(rest) => Cow::Owned(rest.to_owned()),
            None => Cow::Owned(t),
        },
    };
    Ok(Decoded { text, ..decoded })
}

fn decode_utf8(body: &[u8], had_bom: bool) -> Result<Decoded<'_>, EncodingError> {
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: if had_bom { "UTF-8 with BOM" } else { "UTF-8" },
        }),
        Err(e) => Err(invalid(body, e.valid_up_to(), "not valid UTF-8")),
    }
}

fn decode_gb18030(bytes: &[u8]) -> Result<String, EncodingError> {
    if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(text.into_owned());
    }
    // Find where it failed, for the message.
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    let offset = match result {
        DecoderResult::Malformed(bad, extra) => {
            read.saturating_sub(usize::from(bad) + usize::from(extra))
        }
        DecoderResult::InputEmpty | DecoderResult::OutputFull => read,
    };
    Err(invalid(bytes, offset, "not valid GB18030"))
}

fn invalid(bytes: &[u8], offset: usize, what: &'static str) -> EncodingError {
    let offset = offset.min(bytes.len().saturating_sub(1));
    EncodingError::Invalid {
        what,
        byte: bytes.get(offset).copied().unwrap_or(0),
        offset,
        line: line_of(bytes, offset),
    }
}

/// 1-based line of a byte offset. Both UTF-8 and GB18030 keep 0x0A for line feeds only.
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let before = bytes.get(..offset).unwrap_or(bytes);
    before.iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

fn check_not_binary(bytes: &[u8]) -> Result<(), EncodingError> {
    if bytes.is_empty() {
        return Err(EncodingError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(EncodingError::Binary {
            what: ExchangeMsg::XlsxOrZip.say(Lang::En),
            what_zh: ExchangeMsg::XlsxOrZip.say(Lang::Zh),
        });
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(EncodingError::Binary {
            what: ExchangeMsg::OldXls.say(Lang::En),
            what_zh: ExchangeMsg::OldXls.say(Lang::Zh),
        });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(EncodingError::Binary {
            what: ExchangeMsg::Utf16.say(Lang::En),
            what_zh: ExchangeMsg::Utf16.say(Lang::Zh),
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let nul = ExchangeMsg::NulByte {
            line: line_of(bytes, offset).to_string(),
        };
        return Err(EncodingError::Binary {
            what: nul.say(Lang::En),
            what_zh: nul.say(Lang::Zh),
        });
    }
    // Text has few control characters besides tab, CR, LF and form feed.
    let head = bytes.get(..65536).unwrap_or(bytes);
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if controls > 8 && controls * 100 > head.len() {
        return Err(EncodingError::Binary {
            what: ExchangeMsg::ControlCharacters.say(Lang::En),
            what_zh: ExchangeMsg::ControlCharacters.say(Lang::Zh),
        });
    }
    Ok(())
}

/// The encoding of an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputEncoding {
    #[default]
    Utf8,
    /// For older tools; a character GB18030 cannot hold fails the export.
    Gb18030,
}

impl FromStr for OutputEncoding {
    type Err = UnknownEncoding;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Self::Utf8),
            "gb18030" => Ok(Self::Gb18030),
            _ => Err(UnknownEncoding {
                given: s.to_owned(),
                expected: "utf-8, gb18030",
            }),
        }
    }
}

impl fmt::Display for OutputEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Utf8 => "utf-8",
            Self::Gb18030 => "gb18030",
        })
    }
}

/// Appends `text` encoded as GB18030 to `out`, or returns the first character that GB18030
/// cannot encode (`out` then holds a partial encoding, to be discarded).
///
/// GB18030 covers all of Unicode, but encoding_rs follows the WHATWG Encoding Standard, whose
/// GB18030 encoder treats U+E5E5 (a private-use code point that the 2005 edition mapped to
/// 0xA3A0, a byte pair now given to the ideographic space) as unmappable. That is the one
/// character a valid Rust string can hold that this fails on; the check stays general so any
/// future unmappable fails loudly as well instead of being replaced silently.
pub fn encode_gb18030(text: &str, out: &mut Vec<u8>) -> Result<(), char> {
    if text.is_ascii() {
        out.extend_from_slice(text.as_bytes());
        return Ok(());
    }
    let mut encoder = GB18030.new_encoder();
    let mut rest = text;
    loop {
        // Four bytes per char at most in GB18030; a UTF-8 char is at least one byte.
        let need = rest.len() * 4 + 4;
        let start = out.len();
        out.resize(start + need, 0);
        let dst = out.get_mut(start..).unwrap_or_default();
        let (result, read, written) = encoder.encode_from_utf8_without_replacement(rest, dst, true);
        out.truncate(start + written);
        match result {
            EncoderResult::InputEmpty => return Ok(()),
            EncoderResult::Unmappable(c) => return Err(c),
            EncoderResult::OutputFull => rest = rest.get(read..).unwrap_or_default(),
        }
    }
}

/// Reads a file from disk and decodes it (see `decode`), then hands its text to `f`.
pub fn with_text<T>(
    path: &Path,
    enc: InputEncoding,
    f: impl FnOnce(&str, &'static str) -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    let file = display_path(path);
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        file: file.clone(),
        source,
    })?;
    let decoded = decode(&bytes, enc).map_err(|source| ReadError::Encoding { file, source })?;
    f(&decoded.text, decoded.encoding)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "encoding_tests.rs"]
mod tests;
