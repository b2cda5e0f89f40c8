//! PostgreSQL's usual conventions for what a connection URL leaves out: the `PG*` variables
//! and the password file, as libpq reads them (the `postgres` crate reads neither).

use std::path::PathBuf;

use postgres::Config;
use postgres::config::Host;

/// `url` with the port `PGPORT` gives when it names none (the parsed configuration cannot
/// tell: it shows the default port then). A single host only.
pub fn with_port(url: &str, var: impl Fn(&str) -> Option<String>) -> String {
    let port = var("PGPORT").and_then(|p| p.parse::<u16>().ok());
    let (Some(port), Some((scheme, rest))) = (port, url.split_once("://")) else {
        return url.to_owned();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if port_given(url) || host.is_empty() || host.contains(',') {
        return url.to_owned();
    }
    format!("{scheme}://{authority}:{port}{tail}")
}

/// Fills in what `config` leaves out, from the variables `var` gives and the password file.
pub fn complete(config: &mut Config, var: impl Fn(&str) -> Option<String>) {
    if config.get_hosts().is_empty() {
        match var("PGHOST") {
            Some(h) if h.starts_with('/') => {
                config.host_path(h);
            }
            Some(h) if !h.is_empty() => {
                config.host(&h);
            }
            _ => {
                // libpq's default on Debian: the server's socket folder.
                let socket = "/var/run/postgresql";
                if std::path::Path::new(socket).is_dir() {
                    config.host_path(socket);
                } else {
                    config.host("localhost");
                }
            }
        }
    }
    if config.get_user().is_none()
        && let Some(u) = var("PGUSER").filter(|u| !u.is_empty())
    {
        config.user(&u);
    }
    if config.get_dbname().is_none()
        && let Some(d) = var("PGDATABASE").filter(|d| !d.is_empty())
    {
        config.dbname(&d);
    }
    if config.get_password().is_some() {
        return;
    }
    if let Some(p) = var("PGPASSWORD") {
        config.password(p);
        return;
    }
    let file = var("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".pgpass")));
    let Some(text) = file
        .filter(|f| private(f))
        .and_then(|f| std::fs::read_to_string(f).ok())
    else {
        return;
    };
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        // A socket is "localhost" to the password file, as libpq has it.
        _ => "localhost".to_owned(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().map(str::to_owned).or_else(|| var("USER"));
    let db = config
        .get_dbname()
        .map(str::to_owned)
        .or_else(|| user.clone());
    let user = user.unwrap_or_default();
    let db = db.unwrap_or_default();
    if let Some(pw) = lookup(&text, [&host, &port, &db, &user]) {
        config.password(pw);
    }
}

/// Whether `url` names a port: `host:port` in a URL, `port=` in a key-value string.
fn port_given(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return url.contains("port=");
    };
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let hosts = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let after_v6 = hosts.rsplit_once(']').map_or(hosts, |(_, h)| h);
    after_v6.contains(':') || rest.contains("port=")
}

/// Whether a password file may be used: libpq ignores one that others may read.
fn private(f: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(f).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 == 0)
    }
    #[cfg(not(unix))]
    {
        f.is_file()
    }
}

/// The password of the first line of a password file that matches host, port, database and
/// user (`*` matches anything; `\:` and `\\` are a colon and a backslash).
pub fn lookup(text: &str, want: [&str; 4]) -> Option<String> {
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split(line);
        let [host, port, db, user, password] = fields.as_slice() else {
            continue;
        };
        let fits = [host, port, db, user]
            .iter()
            .zip(want)
            .all(|(f, w)| f.as_str() == "*" || f.as_str() == w);
        if fits {
            return Some(password.clone());
        }
    }
    None
}

fn split(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(n), Some(last)) = (chars.next(), out.last_mut()) {
                    last.push(n);
                }
            }
            ':' if out.len() < 5 => out.push(String::new()),
            c => {
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_password_file_line_matches_as_libpq_reads_it() {
        let text =
            "# depot\nother:5432:*:*:no\n127.0.0.1:5432:depot:qm:s\\:e\\\\cret\n*:*:*:qm:any\n";
        assert_eq!(
            lookup(text, ["127.0.0.1", "5432", "depot", "qm"]).as_deref(),
            Some("s:e\\cret")
        );
        assert_eq!(
            lookup(text, ["db.example", "6543", "x", "qm"]).as_deref(),
            Some("any")
        );
        assert_eq!(lookup(text, ["db.example", "6543", "x", "li"]), None);
    }

    #[test]
    fn the_pg_variables_fill_what_the_url_leaves_out() {
        let vars = |k: &str| match k {
            "PGPORT" => Some("6543".to_owned()),
            _ => None,
        };
        let url = with_port("postgres://qm@db.example/depot", vars);
        assert_eq!(url, "postgres://qm@db.example:6543/depot");
        assert_eq!(
            with_port("postgres://qm@db.example:7", vars),
            "postgres://qm@db.example:7"
        );
        let mut c: Config = url.parse().unwrap();
        complete(&mut c, |k| match k {
            "PGPORT" => Some("6543".into()),
            "PGUSER" => Some("ignored".into()),
            "PGPASSWORD" => Some("pw".into()),
            _ => None,
        });
        assert_eq!(c.get_ports(), &[6543]);
        assert_eq!(c.get_user(), Some("qm"));
        assert_eq!(c.get_password(), Some(&b"pw"[..]));
        let mut c: Config = "postgres://qm:given@db.example:7/depot".parse().unwrap();
        complete(&mut c, |k| match k {
            "PGPASSWORD" => Some("pw".into()),
            "PGPORT" => Some("6543".into()),
            _ => None,
        });
        assert_eq!(c.get_password(), Some(&b"given"[..]));
        assert!(port_given("postgres://u:p@[::1]:5432/x") && !port_given("postgres://u:p@[::1]/x"));
    }
}
