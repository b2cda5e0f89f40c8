//! The labels benchmark: a thousand labels drawn as one ZPL job for a 203 dpi printer, Code128
//! with the Chinese names of the synthetic register's catalogue and stations, the way
//! `depot labels --format zpl` draws them (layout, raster with the system's CJK font, 1-bit
//! bitmap, hex), the job written to `--dir`. No register is opened: what is timed is the
//! drawing, which is what a thousand labels cost beyond a snapshot's read.
//!
//! Goal: a thousand labels under 5 s.

use std::time::Instant;

use depot_label::{self as label, Dpi, Fonts, Format, Label, Size, Stock, Symbology};

use crate::BenchResult;
use crate::report::{Goal, Report};
use crate::synth;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Where the job and the results go.
    #[arg(long, default_value = "/tmp/depot-bench")]
    pub dir: std::path::PathBuf,
    /// Labels in the job.
    #[arg(long, default_value_t = 1000)]
    pub labels: usize,
}

/// Labels like a detachment's: the catalogue's names, stations of the synthetic register.
fn labels(n: usize) -> Vec<Label> {
    let names: Vec<String> = synth::catalog()
        .iter()
        .map(|i| i.line.split(',').nth(1).unwrap_or("").to_owned())
        .collect();
    (0..n)
        .map(|i| {
            let item = &names[i % names.len()];
            let station = i % 97;
            Label {
                barcode: synth::barcode("QZ", i as u64, 7).as_str().into(),
                item: format!("I-{}", i % names.len()).as_str().into(),
                item_name: item.clone(),
                owner: format!("ZHAN-{station:06}").as_str().into(),
                owner_name: Some(format!("第{}支队辖区第{station}消防救援站", i % 13 + 1)),
                lot: None,
            }
        })
        .collect()
}

pub fn run(args: &Args) -> BenchResult<()> {
    std::fs::create_dir_all(&args.dir)?;
    let fonts = Fonts::find();
    for w in &fonts.warnings {
        eprintln!("warning: {w}");
    }
    let mut rep = Report::new("labels");
    rep.setup("labels", args.labels);
    rep.setup("format", "ZPL, Code128, 70x37 mm at 203 dpi");
    rep.setup(
        "font",
        fonts.path.as_ref().map_or_else(
            || "none (bitmap font)".to_owned(),
            |p| p.display().to_string(),
        ),
    );
    let stock = Stock::new(Size::DEFAULT, Dpi::D203);
    let input = labels(args.labels);

    let start = Instant::now();
    let coded = label::symbols(input, Symbology::Code128)?;
    let job = label::job(&coded, &stock, Format::Zpl, &fonts)?;
    let drawn = start.elapsed().as_secs_f64();
    let path = args.dir.join("labels-1000.zpl");
    std::fs::write(&path, &job)?;
    let total = start.elapsed().as_secs_f64();

    rep.goal(
        &format!("{} ZPL labels drawn", args.labels),
        drawn,
        "s",
        Goal::AtMost(5.0),
    );
    rep.info("and written to a file", total, "s");
    rep.info("per label", drawn * 1e3 / args.labels.max(1) as f64, "ms");
    rep.info("job size", job.len() as f64 / 1e6, "MB");
    print!("{}", rep.table());
    let saved = rep.save(&args.dir)?;
    println!("   results: {}", saved.display());
    Ok(())
}
