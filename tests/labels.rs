//! Labels from the outside: `depot label` and `depot labels` on the sample register, every
//! output decoded back with zbarimg (Debian's zbar-tools); SVG is rasterized first with
//! rsvg-convert (librsvg2-bin). In CI (`CI` set), or with `DEPOT_REQUIRE_TOOLS` set, a missing
//! tool fails the test; elsewhere the decoding is skipped with a notice.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::Command as Cmd;
use predicates::str::contains;
use tempfile::TempDir;

/// An asset and a lot of the sample.
const ASSET: &str = "QZ56977190";
const LOT: &str = "QZL83109967";

fn sample_db() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("depot.redb");
    depot(&db).args(["init", "--sample"]).assert().success();
    (dir, db)
}

fn depot(db: &Path) -> Cmd {
    let mut cmd = Cmd::cargo_bin("depot").unwrap();
    cmd.arg("--db").arg(db).env_remove("DEPOT_OPERATOR");
    cmd
}

/// Whether `tool` runs; in CI its absence is a failure.
fn have(tool: &str, package: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none() && std::env::var_os("DEPOT_REQUIRE_TOOLS").is_none(),
            "{tool} is missing: .ci/packages.txt lists {package}, which CI must install"
        );
        eprintln!("notice: {tool} not found (Debian package {package}); decoding skipped");
    }
    found
}

/// The Code128 texts zbarimg finds in a PNG.
fn decode(png: &Path) -> BTreeSet<String> {
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Scode128.enable"])
        .arg(png)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "zbarimg found nothing in {}: {}",
        png.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// An SVG rasterized at 300 dpi next to it.
fn svg_to_png(svg: &Path) -> PathBuf {
    let png = svg.with_extension("svg.png");
    let status = Command::new("rsvg-convert")
        .args([
            "--dpi-x",
            "300",
            "--dpi-y",
            "300",
            "--background-color",
            "white",
        ])
        .arg("--output")
        .arg(&png)
        .arg(svg)
        .status()
        .unwrap();
    assert!(status.success(), "rsvg-convert failed on {}", svg.display());
    png
}

fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|s| (*s).to_owned()).collect()
}

/// The barcodes the sample gives `owner` in `module`, read from the sample files themselves.
fn sample_codes(owner: &str, module: &str) -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("import/sample");
    let mut out = BTreeSet::new();
    for (file, module_col) in [("assets.csv", 5), ("lots.csv", 4)] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for line in text.lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            if cells[3] == owner && cells[module_col] == module {
                out.insert(cells[0].to_owned());
            }
        }
    }
    out
}

#[test]
fn single_labels_decode_in_svg_and_png() {
    let (dir, db) = sample_db();
    for format in ["svg", "png"] {
        let out = dir.path().join(format);
        depot(&db)
            .args(["label", ASSET, LOT, "--format", format, "--out"])
            .arg(&out)
            .assert()
            .success()
            .stdout(contains(format!("{ASSET}.{format}")));
        for code in [ASSET, LOT] {
            let file = out.join(format!("{code}.{format}"));
            assert!(file.is_file(), "{} missing", file.display());
            if format == "svg" {
                let svg = std::fs::read_to_string(&file).unwrap();
                assert!(svg.contains(r#"xmlns="http://www.w3.org/2000/svg""#));
                assert!(svg.contains(&format!(">{code}</text>")));
            }
        }
    }
    let svg = std::fs::read_to_string(dir.path().join("svg").join(format!("{ASSET}.svg")));
    let svg = svg.unwrap();
    assert!(svg.contains(">抢险救援消防车</text>"), "item name");
    assert!(
        svg.contains(">ZHAN-0001 清州市消防救援支队特勤一站</text>"),
        "owner"
    );

    if !(have("zbarimg", "zbar-tools") && have("rsvg-convert", "librsvg2-bin")) {
        return;
    }
    for code in [ASSET, LOT] {
        let png = dir.path().join("png").join(format!("{code}.png"));
        assert_eq!(decode(&png), set(&[code]), "PNG label of {code}");
        let svg = dir.path().join("svg").join(format!("{code}.svg"));
        assert_eq!(
            decode(&svg_to_png(&svg)),
            set(&[code]),
            "SVG label of {code}"
        );
    }
}

#[test]
fn a_sheet_decodes_to_every_label_on_it() {
    let (dir, db) = sample_db();
    let expected = sample_codes("CK-XJ-03", "water");
    assert!(expected.len() > 12 && expected.len() <= 24, "{expected:?}");
    let png = dir.path().join("water.png");
    let svg = dir.path().join("water.svg");
    for out in [&png, &svg] {
        depot(&db)
            .args(["labels", "--owner", "CK-XJ-03", "--module", "water"])
            .args(["--sheet", "a4", "--out"])
            .arg(out)
            .assert()
            .success()
            .stderr(contains(format!("{} labels on 1 A4 pages", expected.len())));
        assert!(out.is_file());
    }
    if !(have("zbarimg", "zbar-tools") && have("rsvg-convert", "librsvg2-bin")) {
        return;
    }
    assert_eq!(decode(&png), expected, "PNG sheet");
    assert_eq!(decode(&svg_to_png(&svg)), expected, "SVG sheet");
}

#[test]
fn many_labels_make_numbered_pages() {
    let (dir, db) = sample_db();
    let out = dir.path().join("all.svg");
    depot(&db)
        .args(["labels", "--owner", "CK-SJ", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(!out.exists());
    for n in 1..=3 {
        let page = dir.path().join(format!("all-{n}.svg"));
        assert!(page.is_file(), "{} missing", page.display());
    }
}

#[test]
fn unknown_barcodes_owners_and_modules_are_named() {
    let (dir, db) = sample_db();
    let out = dir.path().join("none");
    depot(&db)
        .args(["label", ASSET, "NOPE-1", "NOPE-2", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(contains("not in the register: NOPE-1, NOPE-2"));
    assert!(!out.exists(), "nothing is written when a code is unknown");
    depot(&db)
        .args(["labels", "--owner", "NOBODY", "--out", "x.svg"])
        .assert()
        .failure()
        .stderr(contains("NOBODY"));
    depot(&db)
        .args(["labels", "--owner", "CK-SJ", "--module", "space"])
        .args(["--out", "x.svg"])
        .assert()
        .failure()
        .stderr(predicates::prelude::PredicateBooleanExt::and(
            contains("no module is called 'space'"),
            contains("water (水域"),
        ));
    depot(&db)
        .args([
            "labels", "--owner", "CK-SJ", "--format", "png", "--out", "x.svg",
        ])
        .assert()
        .failure()
        .stderr(contains("--format"));
}

#[test]
fn a_bad_font_setting_warns_and_still_renders() {
    let (dir, db) = sample_db();
    let out = dir.path().join("png");
    depot(&db)
        .env("DEPOT_LABEL_FONT", "/nonexistent/font.ttf")
        .args(["label", LOT, "--format", "png", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("warning: DEPOT_LABEL_FONT=/nonexistent/font.ttf"));
    let png = out.join(format!("{LOT}.png"));
    assert!(png.is_file());
    if have("zbarimg", "zbar-tools") {
        assert_eq!(decode(&png), set(&[LOT]));
    }
}

#[test]
fn without_any_font_the_bars_and_code_still_render() {
    use depot_label::{Fonts, Label, code128, layout, raster};
    let label = Label {
        barcode: ASSET.into(),
        item: "V-JY".into(),
        item_name: "抢险救援消防车".into(),
        owner: "ZHAN-0001".into(),
        owner_name: Some("特勤一站".into()),
        lot: None,
    };
    let page = layout::single(&label, &code128::encode(ASSET).unwrap());
    let png = raster::render(&page, &Fonts::none()).unwrap();
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("nofont.png");
    std::fs::write(&file, png).unwrap();
    if have("zbarimg", "zbar-tools") {
        assert_eq!(decode(&file), set(&[ASSET]));
    }
}

/// A lot's label carries its lot number and expiry, and its bars still decode.
#[test]
fn a_lots_label_shows_its_number_and_expiry() {
    const DATED: &str = "QZL87677999";
    let (dir, db) = sample_db();
    for format in ["svg", "png"] {
        let out = dir.path().join(format);
        depot(&db)
            .args(["label", DATED, ASSET, "--format", format, "--out"])
            .arg(&out)
            .assert()
            .success();
    }
    let svg = std::fs::read_to_string(dir.path().join("svg").join(format!("{DATED}.svg")));
    let svg = svg.unwrap();
    let line = svg
        .lines()
        .find(|l| l.contains("批号/LOT"))
        .unwrap_or_else(|| panic!("no lot line:\n{svg}"));
    assert!(line.contains("20250219-AF49"), "{line}");
    assert!(line.contains("有效期/EXP 2033-02-17"), "{line}");
    // An asset has no lot line.
    let asset = std::fs::read_to_string(dir.path().join("svg").join(format!("{ASSET}.svg")));
    assert!(!asset.unwrap().contains("批号"));

    if !(have("zbarimg", "zbar-tools") && have("rsvg-convert", "librsvg2-bin")) {
        return;
    }
    let png = dir.path().join("png").join(format!("{DATED}.png"));
    assert_eq!(decode(&png), set(&[DATED]), "PNG label of {DATED}");
    let svg = dir.path().join("svg").join(format!("{DATED}.svg"));
    assert_eq!(decode(&svg_to_png(&svg)), set(&[DATED]), "SVG label");
}
