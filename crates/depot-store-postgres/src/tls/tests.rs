//! Unit tests of TLS: the URL's `sslmode` and `sslrootcert` and how the URL gives them up.

use super::*;

#[test]
fn sslmode_and_sslrootcert_leave_the_url_and_the_variables_fill_in() {
    let (rest, found) = take_params(
        "postgres://u:p@h:5/d?sslmode=verify-full&application_name=x&sslrootcert=%2Ftmp%2Fa%20b.pem",
        &["sslmode", "sslrootcert"],
    );
    assert_eq!(rest, "postgres://u:p@h:5/d?application_name=x");
    assert_eq!(found[0].as_deref(), Some("verify-full"));
    assert_eq!(found[1].as_deref(), Some("/tmp/a b.pem"));
    let (rest, found) = take_params("postgres://h/d?sslmode=disable", &["sslmode"]);
    assert_eq!(
        (rest.as_str(), found[0].as_deref()),
        ("postgres://h/d", Some("disable"))
    );
    let (rest, found) = take_params("host=h sslmode=require dbname=d", &["sslmode"]);
    assert_eq!(
        (rest.as_str(), found[0].as_deref()),
        ("host=h dbname=d", Some("require"))
    );

    let none = |_: &str| None;
    let (_, t) = Tls::take("postgres://h/d", none).unwrap();
    assert_eq!(t.mode, SslMode::Prefer);
    assert!(t.connector.is_some());
    let (_, t) = Tls::take("postgres://h/d", |k: &str| {
        (k == "PGSSLMODE").then(|| "disable".to_owned())
    })
    .unwrap();
    assert!(t.mode == SslMode::Disable && t.connector.is_none());
    let (_, t) = Tls::take("postgres://h/d?sslmode=require", |k: &str| {
        (k == "PGSSLMODE").then(|| "disable".to_owned())
    })
    .unwrap();
    assert_eq!(t.mode, SslMode::Require);
    let e = Tls::take("postgres://h/d?sslmode=sure", none).unwrap_err();
    assert!(
        e.en.contains("sslmode=sure") && e.en.contains("verify-full") && e.zh.contains("之一"),
        "{e}"
    );
    let e = Tls::take(
        "postgres://h/d?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem",
        none,
    )
    .unwrap_err();
    assert!(
        e.en.contains("/nonexistent/ca.pem") && e.en.contains("cannot be read"),
        "{e}"
    );
    // require checks the CA of ~/.postgresql/root.crt where there is one, as libpq's.
    let home = tempfile::tempdir().unwrap();
    assert!(Tls::new(SslMode::Require, None, Some(home.path().into())).is_ok());
    std::fs::create_dir(home.path().join(".postgresql")).unwrap();
    std::fs::write(
        home.path().join(".postgresql/root.crt"),
        "not a certificate",
    )
    .unwrap();
    let e = Tls::new(SslMode::Require, None, Some(home.path().into())).unwrap_err();
    assert!(
        e.en.contains("root.crt") && e.en.contains("holds no certificate"),
        "{e}"
    );
}
