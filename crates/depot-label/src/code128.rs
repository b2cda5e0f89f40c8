//! Code128 symbols: choosing the character sets, encoding with barcoders, and turning the
//! modules into bars with a quiet zone.
//!
//! barcoders wants the data prefixed with the character set it starts in (`Ɓ` for set B, `Ć`
//! for set C) and a set marker before every switch. A register barcode is printable ASCII,
//! which set B covers whole; runs of digits go into set C (two digits a symbol), which keeps
//! codes like `QZ56977190` short enough for wide bars on a 70 mm label.

use barcoders::sym::code128::Code128;
use depot_domain::Lang;
use depot_domain::msg::label::LabelErrorMsg;

/// Starts or switches to set B (ASCII 32-127) in barcoders' notation.
const SET_B: char = '\u{0181}';
/// Starts or switches to set C (pairs of digits) in barcoders' notation.
const SET_C: char = '\u{0106}';

/// The blank space each side of the bars, in modules; the standard asks for at least 10.
pub const QUIET_ZONE: u32 = 10;

/// Why a text cannot be a symbol of ours (Code128, QR Code or Data Matrix).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.say(Lang::En))]
pub enum SymbolError {
    Charset(String),
    Empty,
    TooLong(String),
}

impl SymbolError {
    /// The reason in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            SymbolError::Charset(code) => LabelErrorMsg::SymbolCharset { code: code.clone() },
            SymbolError::Empty => LabelErrorMsg::SymbolEmpty,
            SymbolError::TooLong(code) => LabelErrorMsg::SymbolTooLong { code: code.clone() },
        }
        .say(lang)
    }
}

/// One dark bar: where it starts and how wide it is, in modules from the left edge of the
/// quiet zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    pub start: u32,
    pub width: u32,
}

/// An encoded symbol: its bars and its whole width in modules, quiet zones included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub bars: Vec<Bar>,
    pub modules: u32,
}

/// Encodes `code` as Code128 with the quiet zone on both sides.
pub fn encode(code: &str) -> Result<Symbol, SymbolError> {
    if code.is_empty() {
        return Err(SymbolError::Empty);
    }
    if !code.chars().all(|c| (' '..='~').contains(&c)) {
        return Err(SymbolError::Charset(code.to_owned()));
    }
    let data = with_sets(code);
    let modules = Code128::new(&data)
        .map_err(|_| SymbolError::Charset(code.to_owned()))?
        .encode();
    let mut bars = Vec::new();
    let mut run: Option<Bar> = None;
    for (i, &m) in (QUIET_ZONE..).zip(modules.iter()) {
        match (&mut run, m == 1) {
            (Some(bar), true) => bar.width += 1,
            (None, true) => run = Some(Bar { start: i, width: 1 }),
            (Some(_), false) => bars.extend(run.take()),
            (None, false) => {}
        }
    }
    bars.extend(run);
    let len = u32::try_from(modules.len()).unwrap_or(u32::MAX);
    Ok(Symbol {
        bars,
        modules: len.saturating_add(2 * QUIET_ZONE),
    })
}

/// The data in barcoders' notation: set B, with set C for digit runs long enough to save
/// space (four or more at either end, six or more inside; an odd run keeps one digit in B).
fn with_sets(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len() + 4);
    let mut current: Option<char> = None;
    let switch = |out: &mut String, set: char, current: &mut Option<char>| {
        if *current != Some(set) {
            out.push(set);
            *current = Some(set);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 0 {
            switch(&mut out, SET_B, &mut current);
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let at_edge = i == 0 || i + run == chars.len();
        let worth = if at_edge { run >= 4 } else { run >= 6 };
        if !worth {
            switch(&mut out, SET_B, &mut current);
            out.extend(&chars[i..i + run]);
        } else if run % 2 == 0 {
            switch(&mut out, SET_C, &mut current);
            out.extend(&chars[i..i + run]);
        } else if i == 0 {
            // Leading odd run: pairs first, the last digit in B with what follows.
            switch(&mut out, SET_C, &mut current);
            out.extend(&chars[i..i + run - 1]);
            switch(&mut out, SET_B, &mut current);
            out.push(chars[i + run - 1]);
        } else {
            switch(&mut out, SET_B, &mut current);
            out.push(chars[i]);
            switch(&mut out, SET_C, &mut current);
            out.extend(&chars[i + 1..i + run]);
        }
        i += run;
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sets_are_chosen_for_digit_runs() {
        assert_eq!(with_sets("QZ56977190"), "ƁQZĆ56977190");
        assert_eq!(with_sets("QZL1234567"), "ƁQZL1Ć234567");
        assert_eq!(with_sets("12345"), "Ć1234Ɓ5");
        assert_eq!(with_sets("A12B"), "ƁA12B");
        assert_eq!(with_sets("A123456B"), "ƁAĆ123456ƁB");
        assert_eq!(with_sets("7"), "Ɓ7");
        assert_eq!(with_sets("a b/c"), "Ɓa b/c");
    }

    #[test]
    fn symbol_has_quiet_zones_and_known_ends() {
        let s = encode("QZ56977190").unwrap();
        // start, Q, Z, code C, 4 pairs, check: 9 symbols of 11, then stop of 13.
        assert_eq!(s.modules, 9 * 11 + 13 + 2 * QUIET_ZONE);
        assert_eq!(s.bars.first().unwrap().start, QUIET_ZONE);
        let last = s.bars.last().unwrap();
        assert_eq!(last.start + last.width, s.modules - QUIET_ZONE);
        // Start B is 11010010000: bars of 2, 1, 1 modules.
        let widths: Vec<u32> = s.bars.iter().take(3).map(|b| b.width).collect();
        assert_eq!(widths, [2, 1, 1]);
    }

    #[test]
    fn every_printable_ascii_code_encodes() {
        let all: String = (' '..='~').collect();
        for chunk in all.as_bytes().chunks(30) {
            let code = std::str::from_utf8(chunk).unwrap();
            encode(code).unwrap();
        }
        assert_eq!(encode(""), Err(SymbolError::Empty));
        assert!(matches!(encode("车1"), Err(SymbolError::Charset(_))));
    }
}
