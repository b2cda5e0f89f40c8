//! Labels for label printers from the outside: `depot label` and `depot labels` writing ZPL
//! and TSPL jobs, sending them to a listener standing in for a network printer and to a
//! stand-in `lp`, and the calibration label. Each job's bitmaps are decoded back here (ZPL's
//! `^GFA` hex, set bit black; TSPL's `BITMAP` bytes, clear bit black) into PNG files, which
//! zbarimg (zbar-tools: Code128 and QR Code) and dmtxread (dmtx-utils: Data Matrix) must read
//! as the label's barcode. Where a tool is missing the decoding is skipped with a notice,
//! unless `CI` or `DEPOT_REQUIRE_TOOLS` is set, where its absence fails the test.

#![allow(clippy::unwrap_used)]

#[path = "label_printers/decode.rs"]
mod decode;

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use decode::{dmtx, have, tspl_labels, zbar, zpl_labels};

use assert_cmd::Command as Cmd;
use predicates::prelude::PredicateBooleanExt;
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

/// Every format and symbology a printer gets decodes to the label's own barcode, at both
/// resolutions, black on white.
#[test]
fn zpl_and_tspl_jobs_decode_to_their_barcodes() {
    let (dir, db) = sample_db();
    let zbar_ok = have("zbarimg", "zbar-tools");
    let dmtx_ok = have("dmtxread", "dmtx-utils");
    for (format, dpi, symbology) in [
        ("zpl", "203", "code128"),
        ("tspl", "203", "code128"),
        ("zpl", "300", "qr"),
        ("tspl", "203", "qr"),
        ("zpl", "203", "datamatrix"),
        ("tspl", "300", "datamatrix"),
    ] {
        let job = dir.path().join(format!("{symbology}-{dpi}.{format}"));
        depot(&db)
            .args(["label", ASSET, LOT, "--format", format, "--dpi", dpi])
            .args(["--symbology", symbology, "--out"])
            .arg(&job)
            .assert()
            .success()
            .stdout(contains(job.display().to_string()));
        let bytes = std::fs::read(&job).unwrap();
        let labels = match format {
            "zpl" => zpl_labels(&bytes),
            _ => tspl_labels(&bytes),
        };
        assert_eq!(labels.len(), 2, "{format}: one job of both labels");
        // 70 × 37 mm at the resolution asked.
        let (w, h): (usize, usize) = if dpi == "203" { (559, 295) } else { (826, 437) };
        for (label, code) in labels.iter().zip([ASSET, LOT]) {
            assert_eq!(label.width, w.div_ceil(8) * 8, "{format} {dpi}");
            assert_eq!(label.height, h);
            // Black marks on a white label: a flipped polarity would be mostly black.
            let ink = label.ink();
            assert!(ink > 0.03 && ink < 0.5, "{format} {symbology}: ink {ink}");
            assert!(!label.at(0, 0) && !label.at(w - 1, h - 1), "blank corners");
            let png = label.png(
                &dir.path()
                    .join(format!("{symbology}-{dpi}-{code}.{format}.png")),
            );
            match symbology {
                "datamatrix" if dmtx_ok => assert_eq!(dmtx(&png), code, "{}", png.display()),
                "code128" | "qr" if zbar_ok => assert_eq!(zbar(&png), code, "{}", png.display()),
                _ => {}
            }
        }
    }
}

/// `depot labels` sends one job of an owner's labels, the same bytes to a printer on the
/// network as to a file; `depot label` to the printer too.
#[test]
fn a_printer_on_the_network_gets_the_job_the_file_holds() {
    let (dir, db) = sample_db();
    for (format, command) in [("zpl", "labels"), ("tspl", "labels"), ("tspl", "label")] {
        let file = dir.path().join(format!("{command}.{format}"));
        let args: Vec<&str> = match command {
            "labels" => vec!["labels", "--owner", "CK-XJ-03", "--module", "water"],
            _ => vec!["label", ASSET, LOT],
        };
        depot(&db)
            .args(&args)
            .args(["--format", format, "--out"])
            .arg(&file)
            .assert()
            .success();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let printer = std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let mut got = Vec::new();
            conn.read_to_end(&mut got).unwrap();
            got
        });
        let to = format!("tcp://127.0.0.1:{port}");
        let sent = depot(&db)
            .args(&args)
            .args(["--format", format, "--out", &to])
            .assert()
            .success();
        let got = printer.join().unwrap();
        let expected = std::fs::read(&file).unwrap();
        assert!(
            got == expected,
            "{command} {format}: the printer got other bytes"
        );
        if command == "labels" {
            let n = match format {
                "zpl" => zpl_labels(&got).len(),
                _ => tspl_labels(&got).len(),
            };
            assert!(n > 12, "{n} labels");
            sent.stderr(contains(format!("{n} labels sent to {to}")));
        }
    }
}

/// A printer that is not there is named, host and port, in the reader's language; nothing
/// is written.
#[test]
fn an_unreachable_printer_is_named_in_both_languages() {
    let (_dir, db) = sample_db();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let to = format!("tcp://127.0.0.1:{port}");
    depot(&db)
        .args(["label", ASSET, "--format", "zpl", "--out", &to])
        .assert()
        .failure()
        .stderr(contains(format!("printer at 127.0.0.1 port {port}")));
    depot(&db)
        .args([
            "--lang", "zh", "label", ASSET, "--format", "zpl", "--out", &to,
        ])
        .assert()
        .failure()
        .stderr(contains(format!("打印机 127.0.0.1 端口 {port}")).and(contains("连接被拒绝")));
    depot(&db)
        .args([
            "label",
            ASSET,
            "--format",
            "zpl",
            "--out",
            "tcp://printer:notaport",
        ])
        .assert()
        .failure()
        .stderr(contains(
            "'tcp://printer:notaport' is not a printer's address",
        ));
    // SVG is not a printer's language; an A4 sheet has one size.
    depot(&db)
        .args(["label", ASSET, "--out", &to])
        .assert()
        .failure()
        .stderr(contains("--format zpl"));
    depot(&db)
        .args([
            "labels", "--owner", "CK-SJ", "--size", "50x30", "--out", "a.svg",
        ])
        .assert()
        .failure()
        .stderr(contains("--size and --dpi are for zpl and tspl"));
}

/// `lp:QUEUE` runs `lp -d QUEUE -o raw` with the job on its input; its refusal and its
/// absence are said.
#[test]
fn a_print_queue_gets_the_job_through_lp() {
    let (dir, db) = sample_db();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let lp = bin.join("lp");
    let seen = dir.path().join("seen");
    std::fs::write(
        &lp,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}.args'\ncat > '{0}.job'\n\
             [ \"$2\" = broken ] && {{ echo 'lp: The printer or class does not exist.' >&2; exit 1; }}\n\
             exit 0\n",
            seen.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let file = dir.path().join("one.zpl");
    depot(&db)
        .args([
            "label",
            LOT,
            "--format",
            "zpl",
            "--symbology",
            "qr",
            "--out",
        ])
        .arg(&file)
        .assert()
        .success();
    depot(&db)
        .env("PATH", &path)
        .args(["label", LOT, "--format", "zpl", "--symbology", "qr"])
        .args(["--out", "lp:Zebra_GK420"])
        .assert()
        .success()
        .stderr(contains("1 labels sent to lp:Zebra_GK420"));
    let args = std::fs::read_to_string(seen.with_extension("args")).unwrap();
    assert_eq!(args, "-d\nZebra_GK420\n-o\nraw\n");
    assert!(std::fs::read(seen.with_extension("job")).unwrap() == std::fs::read(&file).unwrap());

    depot(&db)
        .env("PATH", &path)
        .args(["label", LOT, "--format", "zpl", "--out", "lp:broken"])
        .assert()
        .failure()
        .stderr(contains("`lp -d broken -o raw` failed").and(contains("does not exist")));
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for (lang, said) in [("en", "it is not installed"), ("zh", "未安装")] {
        depot(&db)
            .env("PATH", &empty)
            .args([
                "--lang", lang, "label", LOT, "--format", "tspl", "--out", "lp:TSC",
            ])
            .assert()
            .failure()
            .stderr(contains("lp").and(contains(said)));
    }
}

/// The calibration label needs no database: its border is 1 mm inside the edge, and its
/// size and resolution are the ones asked for.
#[test]
fn a_calibration_label_shows_its_border_and_size() {
    let dir = TempDir::new().unwrap();
    let no_db = dir.path().join("none.redb");
    let job = dir.path().join("cal.tspl");
    depot(&no_db)
        .args([
            "label",
            "--calibrate",
            "--format",
            "tspl",
            "--size",
            "50x30",
        ])
        .args(["--dpi", "300", "--out"])
        .arg(&job)
        .assert()
        .success();
    assert!(!no_db.exists(), "no database is opened or made");
    let bytes = std::fs::read(&job).unwrap();
    assert!(bytes.starts_with(b"SIZE 50 mm,30 mm\r\nGAP 2 mm,0 mm\r\nCLS\r\n"));
    let labels = tspl_labels(&bytes);
    assert_eq!(labels.len(), 1);
    let cal = &labels[0];
    // 50 × 30 mm at 300 dpi: 590 × 354 dots; 1 mm is 12 dots.
    assert_eq!((cal.width, cal.height), (592, 354));
    let (mid_x, mid_y) = (295, 177);
    for (x, y) in [
        (12, mid_y),
        (mid_x, 12),
        (589 - 12, mid_y),
        (mid_x, 353 - 12),
    ] {
        assert!(cal.at(x, y), "the border at ({x}, {y})");
    }
    for (x, y) in [(5, mid_y), (mid_x, 5), (589 - 5, mid_y), (mid_x, 353 - 5)] {
        assert!(!cal.at(x, y), "blank outside the border at ({x}, {y})");
    }
    let file = dir.path().join("cal");
    depot(&no_db)
        .args([
            "--lang",
            "zh",
            "label",
            "--calibrate",
            "--format",
            "svg",
            "--out",
        ])
        .arg(&file)
        .assert()
        .success();
    let svg = std::fs::read_to_string(file.join("calibration.svg")).unwrap();
    assert!(svg.contains("校准 70 × 37 毫米，300 dpi"), "{svg}");
    depot(&no_db)
        .args(["label", "--calibrate", ASSET])
        .assert()
        .failure();
}

/// `--help` tells of the formats, the printers and the calibration, in both languages.
#[test]
fn help_tells_of_printers_and_calibration() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("x.redb");
    depot(&db)
        .args(["label", "--help"])
        .assert()
        .success()
        .stdout(
            contains("--calibrate")
                .and(contains("tcp://HOST:PORT"))
                .and(contains("zpl"))
                .and(contains("datamatrix")),
        );
    depot(&db)
        .args(["--lang", "zh", "labels", "--help"])
        .assert()
        .success()
        .stdout(contains("打印机的分辨率").and(contains("`lp:队列`")));
}

/// Why labels cannot be made is said in Chinese too, the symbol's reason included.
#[test]
fn label_errors_are_said_in_chinese() {
    let (_dir, db) = sample_db();
    depot(&db)
        .args([
            "--lang", "zh", "label", ASSET, "NOPE-1", "NOPE-2", "--format", "zpl",
        ])
        .args(["--out", "x.zpl"])
        .assert()
        .failure()
        .stderr(contains("登记簿中没有：NOPE-1、NOPE-2"));
    depot(&db)
        .args([
            "--lang", "zh", "labels", "--owner", "NOBODY", "--format", "tspl",
        ])
        .args(["--out", "x.tspl"])
        .assert()
        .failure()
        .stderr(contains("没有代码为 NOBODY 的单位或仓库"));
}
