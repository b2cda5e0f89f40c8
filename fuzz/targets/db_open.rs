//! A database file as `depot --db FILE` opens it, after anything may have happened to it: the
//! bytes are written to a file and `Store::open` must give a store or an error, and when it
//! refuses, leave the file byte for byte as it was. An opened store is read (the register's
//! lists, and `depot verify`'s replay of the ledger), which may report damage but not panic.

use super::fixture;

/// For libFuzzer, before the first input: libfuzzer-sys's panic hook aborts on every panic,
/// caught or not, but `Store::open` catches the panics redb raises on some damaged files and
/// reports the file as damaged. The hook here only prints; a panic that depot does not catch
/// still reaches libfuzzer-sys, which aborts on it. (`cargo test` keeps its own hook.)
#[allow(dead_code)]
pub fn init() {
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
}

pub fn run(data: &[u8]) {
    let dir = fixture::scratch();
    let path = dir.path().join("depot.redb");
    std::fs::write(&path, data).expect("the input is written");
    match depot_service::store::open(&path) {
        Ok(store) => {
            // The lists a front end reads, as the front ends read them: a panic redb raises on
            // an impossible page is contained as a damaged file (the CLI and the terminal UI
            // contain it the same way at their top); one of depot's own is not, and fails here.
            let _ = store.contained(|| {
                if let Ok(r) = store.read() {
                    let _ = r.units();
                    let _ = r.warehouses();
                    let _ = r.modules();
                    let _ = r.catalog();
                    let _ = r.standards();
                    let _ = r.targets();
                    let _ = r.stock_count();
                    let _ = r.ledger_head();
                }
            });
            // verify reads every page, and contains such a panic itself.
            if let Ok(report) = depot_service::verify::verify(&store) {
                let _ = report.to_string();
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            let after = std::fs::read(&path).expect("the file is still there");
            assert!(after == data, "a refused open changed the file ({e})");
        }
    }
}
