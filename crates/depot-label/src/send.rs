//! Where a print job goes besides a file: straight to a network printer's raw port
//! (`tcp://HOST:PORT`, port 9100 on nearly every label printer), or to a CUPS queue set up
//! as raw (`lp:QUEUE`, by running `lp -d QUEUE -o raw` with the job on its standard input).
//! Each failure says which printer or queue, and what to check.

use std::io::Write;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::{Command, Stdio};
use std::time::Duration;

use depot_domain::Lang;
use depot_domain::msg::label::PrintMsg;

/// How long a printer has to answer a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a printer may stall while taking a job (a printer busy with a long job takes its
/// input slowly, but does take it).
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// The raw port when `tcp://HOST` names none.
pub const RAW_PORT: u16 = 9100;

/// A printer: on the network, or a print queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printer {
    Tcp { host: String, port: u16 },
    Lp { queue: String },
}

impl std::fmt::Display for Printer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Printer::Tcp { host, port } if host.contains(':') => write!(f, "tcp://[{host}]:{port}"),
            Printer::Tcp { host, port } => write!(f, "tcp://{host}:{port}"),
            Printer::Lp { queue } => write!(f, "lp:{queue}"),
        }
    }
}

/// Why a job did not reach its printer.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.say(Lang::En))]
pub enum SendError {
    BadAddress(String),
    NoQueue(String),
    UnknownHost {
        host: String,
        port: u16,
        source: std::io::Error,
    },
    Connect {
        host: String,
        port: u16,
        source: std::io::Error,
    },
    Send {
        host: String,
        port: u16,
        source: std::io::Error,
    },
    LpMissing(String),
    LpStart {
        queue: String,
        source: std::io::Error,
    },
    LpFailed {
        queue: String,
        status: String,
        said: String,
    },
}

impl SendError {
    /// The message in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let io = |e: &std::io::Error| depot_domain::io_said(e, lang);
        let m = match self {
            SendError::BadAddress(given) => PrintMsg::BadAddress {
                given: given.clone(),
            },
            SendError::NoQueue(given) => PrintMsg::NoQueue {
                given: given.clone(),
            },
            SendError::UnknownHost { host, port, source } => PrintMsg::UnknownHost {
                host: host.clone(),
                port: port.to_string(),
                error: io(source),
            },
            SendError::Connect { host, port, source } => PrintMsg::Connect {
                host: host.clone(),
                port: port.to_string(),
                error: io(source),
                seconds: CONNECT_TIMEOUT.as_secs().to_string(),
            },
            SendError::Send { host, port, source } => PrintMsg::Send {
                host: host.clone(),
                port: port.to_string(),
                error: io(source),
            },
            SendError::LpMissing(queue) => PrintMsg::LpMissing {
                queue: queue.clone(),
            },
            SendError::LpStart { queue, source } => PrintMsg::LpStart {
                queue: queue.clone(),
                error: io(source),
            },
            SendError::LpFailed {
                queue,
                status,
                said,
            } => PrintMsg::LpFailed {
                queue: queue.clone(),
                status: status.clone(),
                said: said.clone(),
            },
        };
        m.say(lang)
    }
}

impl Printer {
    /// The printer `out` names (`tcp://HOST:PORT`, `tcp://HOST`, `lp:QUEUE`), `None` for a
    /// path; an address that is not one is an error.
    pub fn parse(out: &str) -> Result<Option<Printer>, SendError> {
        if let Some(rest) = strip_prefix_ci(out, "tcp://") {
            let rest = rest.trim_end_matches('/');
            let bad = || SendError::BadAddress(out.to_owned());
            let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
                let (host, after) = v6.split_once(']').ok_or_else(bad)?;
                match after.strip_prefix(':') {
                    Some(p) => (host, Some(p)),
                    None if after.is_empty() => (host, None),
                    None => return Err(bad()),
                }
            } else {
                match rest.split_once(':') {
                    Some((h, p)) => (h, Some(p)),
                    None => (rest, None),
                }
            };
            let port = match port {
                Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(bad)?,
                None => RAW_PORT,
            };
            if host.is_empty() || host.contains(['/', ' ']) {
                return Err(bad());
            }
            return Ok(Some(Printer::Tcp {
                host: host.to_owned(),
                port,
            }));
        }
        if let Some(queue) = strip_prefix_ci(out, "lp:") {
            if queue.is_empty() || queue.contains(['/', ' ']) {
                return Err(SendError::NoQueue(out.to_owned()));
            }
            return Ok(Some(Printer::Lp {
                queue: queue.to_owned(),
            }));
        }
        Ok(None)
    }

    /// Sends `job` whole; returns once the printer or the queue has taken it.
    pub fn send(&self, job: &[u8]) -> Result<(), SendError> {
        match self {
            Printer::Tcp { host, port } => tcp(host, *port, job),
            Printer::Lp { queue } => lp(queue, job),
        }
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn tcp(host: &str, port: u16, job: &[u8]) -> Result<(), SendError> {
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|source| SendError::UnknownHost {
            host: host.to_owned(),
            port,
            source,
        })?
        .collect();
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no address");
    let mut stream = None;
    for addr in &addrs {
        match TcpStream::connect_timeout(addr, CONNECT_TIMEOUT) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = e,
        }
    }
    let Some(mut stream) = stream else {
        return Err(SendError::Connect {
            host: host.to_owned(),
            port,
            source: last,
        });
    };
    let sent = |source| SendError::Send {
        host: host.to_owned(),
        port,
        source,
    };
    stream
        .set_write_timeout(Some(WRITE_TIMEOUT))
        .map_err(sent)?;
    stream.write_all(job).map_err(sent)?;
    stream.flush().map_err(sent)?;
    // Closing our side tells the printer the job is whole.
    stream.shutdown(std::net::Shutdown::Write).map_err(sent)?;
    Ok(())
}

fn lp(queue: &str, job: &[u8]) -> Result<(), SendError> {
    let child = Command::new("lp")
        .args(["-d", queue, "-o", "raw"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(SendError::LpMissing(queue.to_owned()));
        }
        Err(source) => {
            return Err(SendError::LpStart {
                queue: queue.to_owned(),
                source,
            });
        }
    };
    let start = |source| SendError::LpStart {
        queue: queue.to_owned(),
        source,
    };
    // `lp` reads the whole job before it answers; a refusal closes its input early, and
    // its own words below say why.
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(job),
        None => Ok(()),
    };
    let out = child.wait_with_output().map_err(start)?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        return Err(SendError::LpFailed {
            queue: queue.to_owned(),
            status: out.status.to_string(),
            said,
        });
    }
    written.map_err(start)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn printers_are_named_by_address_or_queue() {
        let tcp = |h: &str, p| {
            Some(Printer::Tcp {
                host: h.into(),
                port: p,
            })
        };
        assert_eq!(
            Printer::parse("tcp://10.0.0.5:9100").unwrap(),
            tcp("10.0.0.5", 9100)
        );
        assert_eq!(
            Printer::parse("TCP://zebra-1").unwrap(),
            tcp("zebra-1", 9100)
        );
        assert_eq!(
            Printer::parse("tcp://[::1]:6101").unwrap(),
            tcp("::1", 6101)
        );
        assert_eq!(
            Printer::parse("lp:TSC_TE200").unwrap(),
            Some(Printer::Lp {
                queue: "TSC_TE200".into()
            })
        );
        assert_eq!(Printer::parse("labels.zpl").unwrap(), None);
        assert_eq!(Printer::parse("out/dir").unwrap(), None);
        for bad in [
            "tcp://",
            "tcp://host:0",
            "tcp://host:port",
            "tcp://h:99999",
            "tcp://[::1",
        ] {
            assert!(
                matches!(Printer::parse(bad), Err(SendError::BadAddress(_))),
                "{bad}"
            );
        }
        assert!(matches!(Printer::parse("lp:"), Err(SendError::NoQueue(_))));
        assert_eq!(tcp("::1", 6101).unwrap().to_string(), "tcp://[::1]:6101");
    }

    #[test]
    fn a_printer_that_is_not_there_is_named_in_both_languages() {
        // A port just released: nothing listens on it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let p = Printer::Tcp {
            host: "127.0.0.1".into(),
            port,
        };
        let e = p.send(b"^XA^XZ").unwrap_err();
        assert!(matches!(e, SendError::Connect { .. }), "{e:?}");
        let en = e.say(Lang::En);
        assert!(en.contains(&format!("127.0.0.1 port {port}")), "{en}");
        let zh = e.say(Lang::Zh);
        assert!(zh.contains(&format!("127.0.0.1 端口 {port}")), "{zh}");
        assert!(zh.contains("连接被拒绝"), "{zh}");
    }
}
