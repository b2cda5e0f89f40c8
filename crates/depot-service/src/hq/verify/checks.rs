//! The checks of one depot: its chain of movements, its manifests, its last snapshot.

use super::outcome::DepotCheck;
use super::problem::{ManifestFault, Problem};
use crate::Result;
use crate::store::Reader;
use crate::store::hq::{HqBundle, HqDepot, PLACE_FILES, SNAPSHOT_FILES};
use depot_domain::movement::{GENESIS, hex};
use depot_domain::msg::service::ServiceMsg;
use depot_exchange::bundle::manifest::{Manifest, fingerprint, sha256_hex};
use std::collections::HashSet;

/// Held movements read at a time.
const CHUNK: u64 = 10_000;

/// What a stop (Ctrl+C) during `hq verify` leaves behind.
pub const NOT_VERIFIED: ServiceMsg = ServiceMsg::NotVerified;

/// The held ledger, chunk by chunk.
pub(super) fn chain(r: &Reader, d: &HqDepot, c: &mut DepotCheck) -> Result<()> {
    let (last, head) = d
        .last
        .as_ref()
        .map_or((0, GENESIS), |l| (l.last_seq, l.head_hash));
    let mut prev = GENESIS;
    let mut expect = 1u64;
    let mut from = 1u64;
    while from <= last {
        crate::interrupt::check(NOT_VERIFIED)?;
        let to = from.saturating_add(CHUNK - 1).min(last);
        for m in r.hq_movements(&d.code, from, to)? {
            if m.seq != expect {
                c.found(Problem::Missing {
                    from: expect,
                    to: m.seq - 1,
                });
                // Carry on from what is there, so that one gap is one problem.
                prev = m.prev_hash;
            }
            if m.prev_hash != prev {
                c.found(Problem::Link { seq: m.seq });
            }
            if !m.hash_is_valid() {
                c.found(Problem::Hash { seq: m.seq });
            }
            prev = m.hash;
            expect = m.seq + 1;
            c.movements += 1;
        }
        from = to + 1;
    }
    if expect <= last {
        c.found(Problem::Missing {
            from: expect,
            to: last,
        });
    } else if prev != head {
        c.found(Problem::Head { seq: last });
    }
    if let Some(m) = r
        .hq_movements(&d.code, last + 1, last.saturating_add(CHUNK))?
        .first()
    {
        c.found(Problem::Extra { seq: m.seq });
    }
    Ok(())
}

/// The kept manifests; returns those that read, by their recorded SHA-256.
pub(super) fn manifests(
    d: &HqDepot,
    bundles: &[HqBundle],
    enrolled: &[&str],
    c: &mut DepotCheck,
) -> Vec<(String, Manifest)> {
    let current = fingerprint(&d.public_key);
    let mut read: Vec<(usize, Manifest)> = Vec::new();
    for (i, b) in bundles.iter().enumerate() {
        let fault = |what| Problem::Manifest {
            as_of: b.as_of.to_string(),
            sha256: b.manifest_sha256.clone(),
            what,
        };
        if sha256_hex(&b.manifest) != b.manifest_sha256 {
            c.found(fault(ManifestFault::Changed));
            continue;
        }
        let m = match Manifest::parse(&b.manifest) {
            Ok(m) => m,
            Err(e) => {
                c.found(fault(ManifestFault::Unreadable(e.to_string())));
                continue;
            }
        };
        if m.body.depot.code != d.code
            || m.body.first_seq != b.first_seq
            || m.body.last_seq != b.last_seq
        {
            c.found(fault(ManifestFault::Differs));
            continue;
        }
        if m.verify_signature().is_err() {
            c.found(fault(ManifestFault::Signature));
            continue;
        }
        read.push((i, m));
    }
    // Trusted: signed with a key enrolled for the depot, or named as `previous` by a trusted
    // manifest; to a fixed point, whatever order the bundles are in.
    let key_of = |m: &Manifest| {
        depot_exchange::bundle::manifest::unhex::<32>(&m.body.public_key)
            .map(|k| fingerprint(&k))
            .unwrap_or_default()
    };
    let mut trusted: HashSet<usize> = read
        .iter()
        .filter(|(_, m)| {
            let fp = key_of(m);
            fp == current || enrolled.iter().any(|o| o.contains(&fp))
        })
        .map(|(i, _)| *i)
        .collect();
    loop {
        let vouched: HashSet<&str> = read
            .iter()
            .filter(|(i, _)| trusted.contains(i))
            .filter_map(|(_, m)| m.body.previous.as_deref())
            .collect();
        let before = trusted.len();
        for (i, _) in &read {
            if vouched.contains(bundles[*i].manifest_sha256.as_str()) {
                trusted.insert(*i);
            }
        }
        if trusted.len() == before {
            break;
        }
    }
    let mut out = Vec::with_capacity(read.len());
    for (i, m) in read {
        let b = &bundles[i];
        if !trusted.contains(&i) {
            c.found(Problem::Manifest {
                as_of: b.as_of.to_string(),
                sha256: b.manifest_sha256.clone(),
                what: ManifestFault::Key {
                    fingerprint: key_of(&m),
                },
            });
            continue;
        }
        out.push((b.manifest_sha256.clone(), m));
    }
    out
}

/// The kept snapshot files against the last manifest.
pub(super) fn snapshot(
    r: &Reader,
    d: &HqDepot,
    bundles: &[HqBundle],
    manifests: &[(String, Manifest)],
    c: &mut DepotCheck,
) -> Result<()> {
    let Some(last) = &d.last else {
        return Ok(());
    };
    let sha = &last.manifest_sha256;
    let Some((_, m)) = manifests.iter().find(|(s, _)| s == sha) else {
        // Said above when the manifest is kept but bad.
        if !bundles.iter().any(|b| &b.manifest_sha256 == sha) {
            c.found(Problem::NoLastManifest {
                sha256: sha.clone(),
            });
        }
        return Ok(());
    };
    if m.body.head_hash != hex(&last.head_hash) || m.body.last_seq != last.last_seq {
        c.found(Problem::Head { seq: last.last_seq });
    }
    for name in SNAPSHOT_FILES {
        let listed = m.body.files.iter().find(|f| f.name == name);
        if listed.is_none() && PLACE_FILES.contains(&name) {
            // A version-1 bundle carries no places: kept empty, or not at all before version 2.
            if r.hq_file(&d.code, name)?.is_some_and(|b| !b.is_empty()) {
                c.found(Problem::File {
                    name,
                    missing: false,
                });
            }
            continue;
        }
        match r.hq_file(&d.code, name)? {
            None => c.found(Problem::File {
                name,
                missing: true,
            }),
            Some(bytes) if listed.is_none_or(|f| f.sha256 != sha256_hex(&bytes)) => {
                c.found(Problem::File {
                    name,
                    missing: false,
                })
            }
            Some(_) => {}
        }
    }
    Ok(())
}
