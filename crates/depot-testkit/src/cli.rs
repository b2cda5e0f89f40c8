//! The `depot` binary run from outside: a temporary working directory with a database in it,
//! commands against it, and snapshots of the register (its status and exports) to prove that a
//! refused command changed nothing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

use crate::register::{OFFICER, QM, sample_dir};

/// The operator named by [`Env::depot`]'s commands (not one of the sample's operators; see
/// [`OFFICER`] for [`depot`]'s).
pub const OPERATOR: &str = "测试员";

/// The first operator, and so the officer, of a register a test makes afresh with
/// [`Env::officer_at`].
pub const FRESH_OFFICER: &str = "officer";

/// The reference files of the sample (everything an assets or lots file refers to).
pub const REFERENCE_FILES: [&str; 4] =
    ["modules.csv", "units.csv", "warehouses.csv", "catalog.csv"];

/// The `depot` binary the running test was built with (it lies beside the test's executable).
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("depot")
}

/// A temporary directory holding `depot.redb` and whatever files a test writes.
pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
}

/// What a test compares before and after a command that must change nothing.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub status: String,
    pub assets: String,
    pub lots: String,
    pub movements: String,
}

impl Default for Env {
    fn default() -> Env {
        Env::new()
    }
}

impl Env {
    /// An empty directory; no database yet.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("depot.redb");
        Env { dir, db }
    }

    /// A database built by `depot init --sample`.
    pub fn sample() -> Env {
        let env = Env::new();
        env.depot().args(["init", "--sample"]).assert().success();
        env
    }

    /// A database built by `depot init --sample` as the sample's officer ([`OFFICER`]), who
    /// then adds a quartermaster ([`QM`]).
    pub fn crew() -> Env {
        let env = Env::new();
        env.out_as(OFFICER, &["init", "--sample"]);
        env.out_as(OFFICER, &["operator", "add", QM, "--role", "quartermaster"]);
        env
    }

    /// `depot` run in the directory, against its database, as operator `op`, in the C locale.
    pub fn as_(&self, op: &str) -> Command {
        let mut c = self.anonymous();
        c.env("LANG", "C").args(["--operator", op]);
        c
    }

    /// What `args` print, run as `op` ([`Env::as_`]); they must succeed.
    pub fn out_as(&self, op: &str, args: &[&str]) -> String {
        let out = self.as_(op).args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    /// What `args` say on standard error, run as `op` ([`Env::as_`]); they must fail.
    pub fn err_as(&self, op: &str, args: &[&str]) -> String {
        let out = self.as_(op).args(args).assert().failure();
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    }

    /// A database holding only the sample's units, warehouses, modules and catalogue.
    pub fn reference() -> Env {
        let env = Env::new();
        let refs = env.path("refs");
        std::fs::create_dir(&refs).unwrap();
        for f in REFERENCE_FILES {
            std::fs::copy(sample_dir().join(f), refs.join(f)).unwrap();
        }
        env.depot().args(["import", "refs"]).assert().success();
        env
    }

    /// `depot` run in the directory, against its database, naming an operator.
    pub fn depot(&self) -> Command {
        let mut c = self.anonymous();
        c.args(["--operator", OPERATOR]);
        c
    }

    /// `depot` run in the directory, against its database, naming no operator.
    pub fn anonymous(&self) -> Command {
        self.against(&self.db)
    }

    /// `depot` run in the directory against another database `db` (a headquarters' beside
    /// the depot's, say), naming no operator.
    pub fn against(&self, db: &Path) -> Command {
        let mut c = Command::new(bin());
        c.current_dir(self.dir.path())
            .env_remove("DEPOT_DB")
            .env_remove("DEPOT_OPERATOR")
            .arg("--db")
            .arg(db);
        c
    }

    /// `depot` against `db` (a file in the folder, or a postgres:// URL) as [`FRESH_OFFICER`],
    /// saying things in `lang`, with no signing key taken from the environment: for the tests
    /// of several registers (depots, headquarters) side by side.
    pub fn officer_at(&self, db: &str, lang: &str) -> Command {
        let mut c = self.against(Path::new(db));
        c.env("LANG", "C").env_remove("DEPOT_KEY").args([
            "--operator",
            FRESH_OFFICER,
            "--lang",
            lang,
        ]);
        c
    }

    /// What `args` print on `db` ([`Env::officer_at`], in English); they must succeed.
    pub fn ok_at(&self, db: &str, args: &[&str]) -> String {
        let o = self.officer_at(db, "en").args(args).assert().success();
        String::from_utf8(o.get_output().stdout.clone()).expect("depot prints UTF-8")
    }

    /// `args` fail on `db` in both languages, saying `en` and `zh`.
    pub fn refused_at(&self, db: &str, args: &[&str], en: &str, zh: &str) {
        for (lang, said) in [("en", en), ("zh", zh)] {
            self.officer_at(db, lang)
                .args(args)
                .assert()
                .failure()
                .stderr(predicates::str::contains(said));
        }
    }

    /// The public key `key show` prints on `db` for the signing key file `key`.
    pub fn public_key_at(&self, db: &str, key: &str) -> String {
        self.ok_at(db, &["key", "show", "--key", key])
            .lines()
            .find_map(|l| l.strip_prefix("public key: "))
            .expect("key show prints the public key")
            .trim()
            .to_owned()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file into the directory (creating parent folders) and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// The stdout of a command that must succeed.
    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.depot().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "depot {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// `depot export KIND --out -`.
    pub fn export(&self, kind: &str) -> String {
        self.stdout(&["export", kind, "--out", "-"])
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            status: self.stdout(&["status"]),
            assets: self.export("assets"),
            lots: self.export("lots"),
            movements: self.export("movements"),
        }
    }

    /// The number of movements in the ledger.
    pub fn movement_count(&self) -> usize {
        self.export("movements").lines().count() - 1
    }

    /// Runs `depot verify` and asserts it passes.
    pub fn verify_ok(&self) {
        self.depot()
            .arg("verify")
            .assert()
            .success()
            .stdout(predicates::str::contains("ledger OK"));
    }

    /// Imports `content` as `name` with `depot import KIND name`, expects it to be refused,
    /// and checks that the register did not change. Returns stderr.
    pub fn refused(&self, kind: &str, name: &str, content: impl AsRef<[u8]>) -> String {
        self.write(name, content);
        self.refused_cmd(&["import", kind, name])
    }

    /// Runs a command that must fail and change nothing. Returns stderr.
    pub fn refused_cmd(&self, args: &[&str]) -> String {
        let before = self.snapshot();
        let out = self.depot().args(args).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            !out.status.success(),
            "depot {args:?} succeeded but must fail; stdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(stderr.contains("error"), "no error message: {stderr}");
        assert_eq!(
            before,
            self.snapshot(),
            "a refused import changed the register"
        );
        stderr
    }

    /// The rejects file written beside `name`, parsed: header and rows.
    pub fn rejects(&self, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let stem = name.strip_suffix(".csv").unwrap_or(name);
        let p = self.path(&format!("{stem}.rejected.csv"));
        assert!(p.is_file(), "{} was not written", p.display());
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&p)
            .unwrap();
        let mut records = r.records().map(|r| {
            r.unwrap()
                .iter()
                .map(|c| c.trim_start_matches('\u{feff}').to_owned())
                .collect::<Vec<_>>()
        });
        let header = records.next().unwrap();
        (header, records.collect())
    }
}

/// `depot` against the database `db`, as the officer, with nothing taken from the environment.
pub fn depot(db: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(bin());
    c.env_remove("DEPOT_DB")
        .env_remove("DEPOT_OPERATOR")
        .arg("--db")
        .arg(db)
        .arg("--operator")
        .arg(OFFICER);
    c
}

/// What `cmd` with `args` prints; it must succeed (its standard error says why not).
pub fn stdout_of(mut cmd: std::process::Command, args: &[&str]) -> String {
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "depot {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The `error:` lines of a command's stderr.
pub fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

/// Asserts that stderr holds an error naming this file, line, column and value.
pub fn assert_row_error(stderr: &str, file: &str, line: u64, column: &str, value: &str) {
    let want = format!("{file}:{line}: column '{column}' value '{value}': ");
    assert!(
        stderr.contains(&want),
        "expected an error starting `{want}` in:\n{stderr}"
    );
}

/// The header of an assets file in the exchange format.
pub const ASSETS_HEADER: &str =
    "barcode,item,serial,owner,location,module,status,commissioned,last_inspected,plate\n";
/// The header of a lots file in the exchange format.
pub const LOTS_HEADER: &str = "barcode,item,lot,owner,module,quantity,expires,received\n";
