//! Unit tests of the CSV exports: the two-thread stock exports write what one thread writes.

use super::*;
use crate::export::tables::{assets_in, lots_in};

/// Formatted on two threads in blocks of any size, the assets and lots exports are the
/// bytes one thread writes, in every output mode.
#[test]
fn two_threads_write_what_one_writes() {
    use crate::import::files as import;
    use depot_exchange::{CsvOptions, InputEncoding, OutputEncoding, sample};
    let store = crate::store::in_memory().unwrap();
    let ctx = crate::Ctx::new(Some("t")).unwrap();
    import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false).unwrap();
    let r = Extract::open(&store).unwrap();
    let n = r.stock_count().unwrap();
    let modes = [
        CsvOptions::default(),
        CsvOptions {
            excel: true,
            encoding: OutputEncoding::Utf8,
        },
        CsvOptions {
            excel: true,
            encoding: OutputEncoding::Gb18030,
        },
    ];
    type Export = fn(&Extract, &ExportOptions, &mut Vec<u8>, Option<u64>) -> Result<u64>;
    let kinds: [Export; 2] = [
        |r, o, w, b| assets_in(r, o, w, b),
        |r, o, w, b| lots_in(r, o, w, b),
    ];
    for csv in modes {
        let opts = ExportOptions {
            csv,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            since: 0,
        };
        let mut rows = 0;
        for export in kinds {
            let mut one = Vec::new();
            let written = export(&r, &opts, &mut one, None).unwrap();
            rows += written;
            for block in [1, 2, 7, 1000, n, n + 5] {
                let mut two = Vec::new();
                assert_eq!(export(&r, &opts, &mut two, Some(block)).unwrap(), written);
                assert!(one == two, "block {block}, {csv:?}");
            }
        }
        assert_eq!(rows, n);
    }
}

#[test]
fn headers_match_the_published_schemas() {
    for (name, header) in [
        ("inventory", INVENTORY_HEADER),
        ("assets", ASSETS_HEADER),
        ("lots", LOTS_HEADER),
        ("movements", MOVEMENTS_HEADER),
    ] {
        let (path, schema) = depot_exchange::columns::published(name);
        let published: Vec<&str> = schema["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, published.as_slice(), "{path}");
    }
}

#[test]
fn dates_format_without_chrono() {
    let mut t = DateText::new();
    for d in ["2026-11-23", "0999-01-05", "2016-02-29"] {
        assert_eq!(t.format(d.parse().unwrap()), d);
    }
}
