//! `depot key init|show` and `depot export bundle` from outside: the key file is private and
//! never silently replaced, the first bundle makes a key and says so, and a bundle's
//! readiness.csv is `depot export readiness` of the same date.
#![allow(clippy::unwrap_used)]

use depot_testkit::cli::Env;
use predicates::prelude::*;

/// The `fingerprint:` line of a command's output.
fn fingerprint_in(text: &str) -> String {
    text.lines()
        .find(|l| l.starts_with("fingerprint: SHA256:"))
        .unwrap_or_else(|| panic!("no fingerprint in {text}"))
        .to_owned()
}

#[test]
fn key_init_makes_a_private_key_and_refuses_to_replace_it() {
    let env = Env::sample();
    let made = env.stdout(&["key", "init"]);
    assert!(made.contains("depot.redb.key"), "{made}");
    let key = env.path("depot.redb.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let pem = std::fs::read(&key).unwrap();
    env.depot()
        .args(["key", "init"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read(&key).unwrap(), pem);
    let shown = env.stdout(&["key", "show"]);
    assert_eq!(fingerprint_in(&shown), fingerprint_in(&made));
    let public = made.lines().find(|l| l.starts_with("public key:")).unwrap();
    assert!(shown.contains(public));
    let forced = env.stdout(&["key", "init", "--force"]);
    assert_ne!(fingerprint_in(&forced), fingerprint_in(&made));
}

#[test]
fn key_show_without_a_key_says_how_to_make_one() {
    let env = Env::sample();
    env.depot()
        .args(["key", "show"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("depot key init"));
}

#[test]
fn the_first_bundle_makes_a_key_and_its_readiness_is_the_readiness_export() {
    let env = Env::sample();
    // Today, the sample's import day: the bundle carries its movements.
    let today = chrono::Local::now().date_naive().to_string();
    let elsewhere = env.path("keys/hq-enrolled.key");
    env.depot()
        .env("DEPOT_KEY", &elsewhere)
        .args(["export", "bundle", "--out", "b1", "--as-of", &today])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("had no key")
                .and(predicate::str::contains("fingerprint: SHA256:")),
        )
        .stdout(predicate::str::contains("wrote bundle b1"));
    assert!(elsewhere.exists());
    assert!(!env.path("depot.redb.key").exists());
    let readiness = env.stdout(&["export", "readiness", "--as-of", &today, "--out", "-"]);
    assert_eq!(env.read("b1/readiness.csv"), readiness);
    let manifest = env.read("b1/manifest.json");
    assert!(
        manifest.contains(&format!("\"as_of\": \"{today}\"")),
        "{manifest}"
    );
    // The same key again, and an existing folder refused.
    env.depot()
        .env("DEPOT_KEY", &elsewhere)
        .args(["export", "bundle", "--out", "b1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not empty"));
    env.depot()
        .env("DEPOT_KEY", &elsewhere)
        .args(["export", "bundle", "--out", "b2"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty())
        .stdout(predicate::str::contains("no new movements"));
}

#[test]
fn a_bundle_refuses_single_file_options_and_needs_a_folder() {
    let env = Env::sample();
    for args in [
        &["export", "bundle"][..],
        &["export", "bundle", "--out", "-"],
        &["export", "bundle", "--out", "b", "--excel"],
        &["export", "bundle", "--out", "b", "--since", "5"],
    ] {
        env.depot().args(args).assert().failure();
    }
    assert!(!env.path("b").exists());
    env.depot()
        .args(["export", "assets", "--full", "--out", "-"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("export bundle"));
}

#[test]
fn a_bundle_stops_at_its_as_of_and_says_so_in_both_languages() {
    let env = Env::sample();
    let today = chrono::Local::now().date_naive();
    let yesterday = (today - chrono::Days::new(1)).to_string();
    let before = (today - chrono::Days::new(2)).to_string();
    env.depot()
        .args(["export", "bundle", "--out", "b1", "--as-of", &yesterday])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "no new movements (3690 later movements, from 1, are dated after {yesterday} and wait for the next bundle)"
        )));
    assert!(env.read("b1/manifest.json").contains("\"last_seq\": 0,"));
    for (lang, said) in [
        ("en", format!("the last bundle was as of {yesterday}")),
        ("zh", format!("上一个数据包截至 {yesterday}")),
    ] {
        env.depot()
            .args([
                "--lang", lang, "export", "bundle", "--out", "b0", "--as-of", &before,
            ])
            .assert()
            .failure()
            .stderr(predicate::str::contains(said));
    }
    env.depot()
        .args([
            "--lang", "zh", "export", "bundle", "--out", "b2", "--as-of", &yesterday,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "无新台账记录（其后 3690 条台账记录自 1 起，日期晚于 {yesterday}，留待下一个数据包）"
        )));
    env.depot()
        .args(["export", "bundle", "--out", "b3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("movements 1 to 3690;"));
}
