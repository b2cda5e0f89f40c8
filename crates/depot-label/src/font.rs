//! The font the PNG draws its text with: found on the system at run time, never shipped.
//!
//! A CJK font is needed for item and unit names (Debian: `fonts-wqy-zenhei` or
//! `fonts-noto-cjk`); `DEPOT_LABEL_FONT` names one explicitly. Without any font at all the
//! label still gets its bars and its code, drawn with a small built-in bitmap font, and a
//! warning says what to install.

use std::path::{Path, PathBuf};

use ab_glyph::{Font, FontVec};

/// The variable naming a font file (TTF, OTF or a collection's first face) to use.
pub const FONT_VAR: &str = "DEPOT_LABEL_FONT";

/// Where the usual CJK fonts live on Linux, Windows and macOS, best first.
const CJK_FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
];

/// Latin fonts, for the code at least when no CJK font is there.
const LATIN_FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "C:\\Windows\\Fonts\\arial.ttf",
    "/System/Library/Fonts/Helvetica.ttc",
];

/// A CJK character every CJK font has (消, as in 消防); its absence marks a font without
/// Chinese.
const PROBE: char = '\u{6d88}';

/// The loaded font, or none, and what the user should hear about it.
pub struct Fonts {
    pub face: Option<FontVec>,
    pub path: Option<PathBuf>,
    /// Said once, before the first drawing.
    pub warnings: Vec<String>,
}

impl Fonts {
    /// Looks for a font: `DEPOT_LABEL_FONT` first, then the usual CJK fonts, then Latin ones.
    pub fn find() -> Fonts {
        let mut warnings = Vec::new();
        if let Some(p) = std::env::var_os(FONT_VAR) {
            let path = PathBuf::from(p);
            match load(&path) {
                Ok(face) => return Fonts::checked(face, path, warnings),
                Err(why) => warnings.push(format!(
                    "{FONT_VAR}={}: {why}; looking for a system font instead",
                    path.display()
                )),
            }
        }
        for p in CJK_FONTS.iter().chain(LATIN_FONTS) {
            let path = Path::new(p);
            if path.is_file()
                && let Ok(face) = load(path)
            {
                return Fonts::checked(face, path.to_owned(), warnings);
            }
        }
        warnings.push(format!(
            "no font found: PNG labels show the bars and the codes (in a built-in bitmap font) \
             but not the Chinese item and owner names; install fonts-wqy-zenhei (or fonts-noto-cjk), \
             or name a font file with {FONT_VAR}"
        ));
        Fonts {
            face: None,
            path: None,
            warnings,
        }
    }

    /// A font from one file, for tests and for the variable.
    pub fn from_file(path: &Path) -> Result<Fonts, String> {
        let face = load(path)?;
        Ok(Fonts::checked(face, path.to_owned(), Vec::new()))
    }

    /// No font at all: the built-in bitmap font only.
    pub fn none() -> Fonts {
        Fonts {
            face: None,
            path: None,
            warnings: Vec::new(),
        }
    }

    fn checked(face: FontVec, path: PathBuf, mut warnings: Vec<String>) -> Fonts {
        if face.glyph_id(PROBE).0 == 0 {
            warnings.push(format!(
                "the font {} has no Chinese characters: names on PNG labels show as boxes; \
                 install fonts-wqy-zenhei (or fonts-noto-cjk), or name a font file with {FONT_VAR}",
                path.display()
            ));
        }
        Fonts {
            face: Some(face),
            path: Some(path),
            warnings,
        }
    }
}

fn load(path: &Path) -> Result<FontVec, String> {
    let data = std::fs::read(path).map_err(|e| e.to_string())?;
    FontVec::try_from_vec_and_index(data, 0).map_err(|e| format!("not a usable font ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_bad_font_file_is_an_error_not_a_panic() {
        assert!(Fonts::from_file(Path::new("/nonexistent/font.ttf")).is_err());
        let dir = std::env::temp_dir().join(format!("depot-font-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let bad = dir.join("bad.ttf");
        let _ = std::fs::write(&bad, b"not a font");
        assert!(Fonts::from_file(&bad).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
