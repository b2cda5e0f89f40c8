//! Workbooks in: `depot import KIND FILE.xlsx` (and `.xls`, `.ods`) reads the sheets whose
//! header has the kind's columns, finds the header under title rows, skips total rows, and
//! names a bad cell by its sheet and reference; the rejected rows go back as a workbook.

use depot_testkit::cli::Env;

/// The CSV export of `kind` as of a fixed day (so two databases compare).
fn export_csv(env: &Env, kind: &str) -> String {
    env.stdout(&["export", kind, "--out", "-", "--as-of", "2026-06-01"])
}

#[test]
fn a_workbook_exported_by_depot_imports_back_into_an_equal_register() {
    let from = Env::sample();
    for lang in ["en", "zh"] {
        let to = Env::reference();
        for kind in ["assets", "lots"] {
            let book = to.path(&format!("{kind}.xlsx"));
            from.depot()
                .args(["--lang", lang, "export", kind, "--format", "xlsx", "--out"])
                .arg(&book)
                .assert()
                .success();
            to.depot()
                .args(["--lang", lang, "import", kind])
                .arg(&book)
                .assert()
                .success();
        }
        for kind in ["assets", "lots"] {
            assert_eq!(
                export_csv(&from, kind),
                export_csv(&to, kind),
                "{kind} after a round trip through a workbook in {lang}"
            );
        }
    }
}
