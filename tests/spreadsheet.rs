//! Exports opened by a real spreadsheet program: LibreOffice headless reads `--excel` CSV with
//! its Excel-like detection on ("detect special numbers") and the `.xlsx` export, and writes
//! them back out as CSV with every text cell quoted, so that each cell's type can be read off;
//! and draws the trend's workbook to PDF and PNG (pdftoppm), whose pages must show its chart.
//! Skipped, saying so, where `soffice` or `pdftoppm` is not installed (`.ci/packages.txt` lists
//! them).
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use depot_testkit::cli::Env;

/// Serials and barcodes that a spreadsheet would turn into numbers or dates when let.
const ASSETS: &str = "barcode,item,serial,owner,module,commissioned,last_inspected\n\
    4006381333931,R-PC,00123,ZHAN-0001,水域,2024-01-01,2026-03-01\n\
    QZ00000001,R-PC,1E5,ZHAN-0001,,2024-01-02,\n\
    QZ00000002,R-PC,3-5,ZHAN-0001,,2024-01-03,\n\
    00123,R-PC,=SUM(1),ZHAN-0001,,2024-01-04,\n";

/// CSV import options (tokens of LibreOffice's CSV filter): comma, double quote, UTF-8, from
/// line 1, no column formats, US English, quoted fields not forced to text (7), detect special
/// numbers (8), and evaluate formulas (13): what Excel does on opening a CSV file.
const READ_LIKE_EXCEL: &str = "CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true";
/// CSV export options: quote every text cell (7), cells as shown (9), every sheet (12).
const WRITE_QUOTING_TEXT: &str =
    "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,true,false,true,false,false,-1";

fn soffice() -> bool {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        println!("skipped: soffice (LibreOffice) is not installed; see .ci/packages.txt");
    }
    found
}

/// Converts `file` with LibreOffice into `out_dir`, with its own profile so that tests may run
/// side by side; returns the files written.
fn convert(env: &Env, file: &str, infilter: Option<&str>, to: &str, out_dir: &str) -> Vec<String> {
    let profile = env.path(&format!("lo-profile-{out_dir}"));
    let mut c = Command::new("soffice");
    c.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .arg("--headless");
    if let Some(f) = infilter {
        c.arg(format!("--infilter={f}"));
    }
    let out = c
        .args(["--convert-to", to, "--outdir", out_dir, file])
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<String> = std::fs::read_dir(env.path(out_dir))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "soffice wrote nothing for {file}");
    files
}

/// A row of LibreOffice's CSV output as (text, quoted) cells; the test data has no commas or
/// quotes inside cells.
fn cells(line: &str) -> Vec<(String, bool)> {
    line.split(',')
        .map(
            |c| match c.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                Some(t) => (t.to_owned(), true),
                None => (c.to_owned(), false),
            },
        )
        .collect()
}

/// The row of `csv` whose first cell is `first`.
fn row(csv: &str, first: &str) -> Vec<(String, bool)> {
    csv.lines()
        .map(cells)
        .find(|r| r.first().is_some_and(|c| c.0 == first))
        .unwrap_or_else(|| panic!("no row for {first} in:\n{csv}"))
}

fn text(s: &str) -> (String, bool) {
    (s.to_owned(), true)
}

fn register() -> Env {
    let env = Env::reference();
    env.write("a.csv", ASSETS);
    env.depot()
        .args(["import", "assets", "a.csv"])
        .assert()
        .success();
    env
}

#[test]
fn excel_csv_keeps_numeric_looking_text_as_text_in_libreoffice() {
    if !soffice() {
        return;
    }
    let env = register();
    env.depot()
        .args(["export", "assets", "--excel", "--out", "excel.csv"])
        .assert()
        .success();
    env.depot()
        .args(["export", "assets", "--out", "plain.csv"])
        .assert()
        .success();
    let back = |name: &str| {
        let files = convert(
            &env,
            &format!("{name}.csv"),
            Some(READ_LIKE_EXCEL),
            WRITE_QUOTING_TEXT,
            &format!("{name}-back"),
        );
        std::fs::read_to_string(&files[0]).unwrap()
    };
    // The control: a plain CSV loses them, so the detection is on and the check can fail.
    let plain = back("plain");
    assert!(plain.lines().any(|l| l.starts_with("123,")), "{plain}");
    assert!(!row(&plain, "4006381333931")[0].1, "{plain}");
    // The Excel-friendly CSV: every one is the text it was, and a formula is not run.
    let excel = back("excel");
    let r = row(&excel, "4006381333931");
    assert_eq!(r[0], text("4006381333931"), "{excel}");
    assert_eq!(r[2], text("00123"), "{excel}");
    assert_eq!(r[5], text("water"), "{excel}");
    assert_eq!(row(&excel, "QZ00000001")[2], text("1E5"), "{excel}");
    assert_eq!(row(&excel, "QZ00000002")[2], text("3-5"), "{excel}");
    let r = row(&excel, "00123");
    assert_eq!(r[0], text("00123"), "{excel}");
    assert_eq!(r[2], text("'=SUM(1)"), "{excel}");
    // Dates are dates: not quoted, so not text.
    assert_eq!(r[7], ("2024-01-04".to_owned(), false), "{excel}");
}

#[test]
fn xlsx_export_has_typed_cells_and_chinese_headers_in_libreoffice() {
    if !soffice() {
        return;
    }
    let env = register();
    env.write(
        "l.csv",
        "barcode,item,owner,module,quantity,expires\nL00001,A-GF,CK-SJ,water,2.5,2027-05-01\n",
    );
    env.depot()
        .args(["import", "lots", "l.csv"])
        .assert()
        .success();
    for kind in ["assets", "lots"] {
        env.depot()
            .args(["--lang", "zh", "export", kind, "--format", "xlsx"])
            .args(["--out", &format!("{kind}.xlsx")])
            .assert()
            .success();
    }
    let files = convert(&env, "assets.xlsx", None, WRITE_QUOTING_TEXT, "assets-back");
    let assets = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        Path::new(&files[0])
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains("装备台账"),
        "{files:?}"
    );
    assert!(
        assets.starts_with("\"条码\",\"品类编码\",\"出厂编号\",\"所属单位\""),
        "{assets}"
    );
    let r = row(&assets, "4006381333931");
    assert_eq!(r[0], text("4006381333931"), "{assets}");
    assert_eq!(r[2], text("00123"), "{assets}");
    assert_eq!(r[7], ("2024-01-01".to_owned(), false), "{assets}");
    assert_eq!(r[8], ("2026-03-01".to_owned(), false), "{assets}");
    assert_eq!(row(&assets, "QZ00000001")[2], text("1E5"), "{assets}");
    assert_eq!(row(&assets, "QZ00000002")[2], text("3-5"), "{assets}");
    assert_eq!(row(&assets, "00123")[2], text("=SUM(1)"), "{assets}");

    let files = convert(&env, "lots.xlsx", None, WRITE_QUOTING_TEXT, "lots-back");
    let lots = std::fs::read_to_string(&files[0]).unwrap();
    let r = row(&lots, "L00001");
    assert_eq!(
        r[5],
        ("2.5".to_owned(), false),
        "quantity is a number: {lots}"
    );
    assert_eq!(r[6], ("2027-05-01".to_owned(), false), "{lots}");
}

/// The pixels of a PNG within a few steps of `rgb` on each channel.
fn pixels_near(png_file: &Path, rgb: [u8; 3]) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_file).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    assert!(step >= 3, "{png_file:?}: {:?}", info.color_type);
    buf[..info.buffer_size()]
        .chunks(step)
        .filter(|p| (0..3).all(|i| p[i].abs_diff(rgb[i]) <= 12))
        .count()
}

#[test]
fn the_trend_workbook_drawn_by_libreoffice_shows_its_chart() {
    if !soffice() {
        return;
    }
    let have_pdftoppm = Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !have_pdftoppm {
        println!("skipped: pdftoppm (poppler-utils) is not installed; see .ci/packages.txt");
        return;
    }
    // The sample imported today; the trend from two months back to four on, so that the rates
    // have several dates after the import to draw their lines through.
    let env = Env::sample();
    let today = chrono::Local::now().date_naive();
    let from = today - chrono::Months::new(2);
    let to = today + chrono::Months::new(4);
    env.depot()
        .args(["--lang", "zh", "report", "trend", "--format", "xlsx"])
        .args(["--from", &from.to_string(), "--to", &to.to_string()])
        .args(["--out", "trend.xlsx"])
        .assert()
        .success();
    // Every sheet to PDF, each page to a PNG: the chart is drawn by LibreOffice itself.
    let pdf = convert(&env, "trend.xlsx", None, "pdf", "trend-pdf");
    let pages = env.path("page");
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "50"])
        .arg(&pdf[0])
        .arg(&pages)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pngs: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.to_string_lossy().contains("page") && p.extension().is_some_and(|e| e == "png")
        })
        .collect();
    pngs.sort();
    assert!(!pngs.is_empty(), "no page drawn from {pdf:?}");
    // The rates' lines in the HTML chart's colours: the equipped rate's blue and the ready
    // rate's red, with the equipped rate's target (100 %) dashed in the same blue.
    let (blue, red) = ([0x1f, 0x77, 0xb4], [0xd6, 0x27, 0x28]);
    let drawn: Vec<(usize, usize)> = pngs
        .iter()
        .map(|p| (pixels_near(p, blue), pixels_near(p, red)))
        .collect();
    assert!(
        drawn.iter().any(|&(b, r)| b > 40 && r > 20),
        "no page shows the chart's lines: {drawn:?} in {pngs:?}"
    );
    if let Ok(keep) = std::env::var("DEPOT_KEEP_CHART") {
        for p in &pngs {
            std::fs::copy(p, Path::new(&keep).join(p.file_name().unwrap())).unwrap();
        }
    }
}
