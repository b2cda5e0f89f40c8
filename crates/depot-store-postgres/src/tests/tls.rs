//! TLS as the URL asks for it, against the test server's TLS (`tools/pg.sh` turns it on with a
//! CA of its own, `DEPOT_TEST_PG_CA`).

#![allow(clippy::unwrap_used)]

use super::*;
use crate::conn::{Pool, Target};
use crate::testing::server_ca;

/// `url` with `params` added to its query.
fn with(url: &str, params: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{params}")
}

/// Whether depot's own connection to `url` is TLS, as the server sees it.
fn session_is_tls(url: &str) -> Result<bool, StoreError> {
    let mut c = Pool::new(Target::parse(url)?).connect()?;
    let row = c
        .client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap();
    Ok(row.get(0))
}

#[test]
fn each_sslmode_gives_tls_or_plain() {
    let Some(db) = TestDb::new() else { return };
    let Some(ca) = server_ca() else { return };
    assert!(session_is_tls(&with(&db.url, "sslmode=require")).unwrap());
    assert!(!session_is_tls(&with(&db.url, "sslmode=disable")).unwrap());
    // libpq's default, prefer: TLS when the server offers it.
    assert!(session_is_tls(&db.url).unwrap());
    let full = with(&db.url, &format!("sslmode=verify-full&sslrootcert={ca}"));
    assert!(session_is_tls(&full).unwrap());
    // The whole store over it.
    let s = Store::new(PgStore::create(&full).unwrap());
    assert_eq!(s.read().unwrap().modules().unwrap().len(), 8);
}

#[test]
fn an_untrusted_certificate_or_a_wrong_host_name_is_refused() {
    let Some(db) = TestDb::new() else { return };
    let Some(ca) = server_ca() else { return };
    // No CA given: the system's roots (or ~/.postgresql/root.crt), which never signed the
    // test server's certificate.
    let e = error_text(session_is_tls(&with(&db.url, "sslmode=verify-full")));
    assert!(
        (e.contains("not trusted") || e.contains("no trusted CA on this system"))
            && e.contains("sslrootcert"),
        "{e}"
    );
    assert!(!e.contains(":depot_test@"), "{e}");
    // The certificate names localhost and 127.0.0.1; connect to that address by another name.
    let (auth, rest) = db.url.split_once('@').unwrap();
    let port_db = rest.split_once(':').unwrap().1;
    let wrong = format!("{auth}@wrong.invalid:{port_db}");
    let named = with(&wrong, &format!("hostaddr=127.0.0.1&sslrootcert={ca}"));
    let e = error_text(session_is_tls(&with(&named, "sslmode=verify-full")));
    assert!(
        e.contains("another host name") && e.contains("verify-ca"),
        "{e}"
    );
    assert!(session_is_tls(&with(&named, "sslmode=verify-ca")).unwrap());
    // require with a CA checks it, as libpq does.
    assert!(session_is_tls(&with(&named, "sslmode=require")).unwrap());
}

#[test]
fn tls_where_the_server_has_none_is_refused() {
    let Some(db) = TestDb::new() else { return };
    let Some(ca) = server_ca() else { return };
    // The cluster's socket is in its folder, the CA's grandparent; PostgreSQL has no TLS there.
    let folder = std::path::Path::new(&ca)
        .parent()
        .unwrap()
        .parent()
        .unwrap();
    let port = db
        .url
        .rsplit_once(':')
        .unwrap()
        .1
        .split_once('/')
        .unwrap()
        .0;
    let socket = format!(
        "host={} port={port} user=depot_test password=depot_test dbname={}",
        folder.display(),
        db.name()
    );
    assert!(!session_is_tls(&format!("{socket} sslmode=disable")).unwrap());
    let e = error_text(session_is_tls(&format!("{socket} sslmode=require")));
    assert!(
        e.contains("does not speak TLS") && !e.contains("password"),
        "{e}"
    );
}

#[test]
fn a_bad_sslmode_or_ca_file_is_told_without_the_password() {
    let e = error_text(Target::parse("postgres://u:secret@h/d?sslmode=sure"));
    assert!(e.contains("sslmode=sure") && !e.contains("secret"), "{e}");
    let e = error_text(Target::parse(
        "postgres://u:secret@h/d?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
    ));
    assert!(
        e.contains("/nonexistent/ca.pem") && !e.contains("secret"),
        "{e}"
    );
    let e = error_text(Target::parse(
        "postgres://u:secret@h/d?sslmode=verify-full&sslcert=/c.pem&sslkey=/c.key",
    ));
    assert!(
        e.contains("client certificate") && !e.contains("secret"),
        "{e}"
    );
}

#[test]
fn prefer_falls_back_to_plain_where_tls_cannot_be_had() {
    let Some(db) = TestDb::new() else { return };
    // A host name TLS cannot check (not a DNS name), reached at its address: prefer, as
    // libpq's, goes on in plain; require does not.
    let (auth, rest) = db.url.split_once('@').unwrap();
    let port_db = rest.split_once(':').unwrap().1;
    let odd = with(&format!("{auth}@odd!name:{port_db}"), "hostaddr=127.0.0.1");
    assert!(!session_is_tls(&odd).unwrap());
    let e = error_text(session_is_tls(&with(&odd, "sslmode=require")));
    assert!(
        e.contains("odd!name") && e.contains("not a name TLS can check"),
        "{e}"
    );
}
