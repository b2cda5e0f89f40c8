//! Finding the bundles among the paths given, each depot's in the order of its chain.

use depot_exchange::bundle::manifest::{self, MANIFEST, Manifest};
use std::path::PathBuf;

/// A bundle folder found for ingesting, with its manifest and the manifest's hash when it
/// could be read.
struct Found {
    dir: PathBuf,
    manifest: Option<(Manifest, String)>,
}

/// The bundle folders `paths` name: each a bundle (it has `manifest.json`), or a folder of
/// bundles (every sub-folder with one). Each depot's bundles are put in the order they were
/// made (each after the one its `previous` names, else by their movements), so that folders
/// given in any order are ingested in the right one. Folders whose manifest cannot be read
/// stay where they were given, to be refused in turn.
pub fn bundles_in(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for p in paths {
        if p.join(MANIFEST).exists() || !p.is_dir() {
            dirs.push(p.clone());
            continue;
        }
        let mut subs: Vec<PathBuf> = std::fs::read_dir(p)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|s| s.join(MANIFEST).exists())
                    .collect()
            })
            .unwrap_or_default();
        if subs.is_empty() {
            // Said by the check: it has no manifest.json.
            dirs.push(p.clone());
        }
        subs.sort();
        dirs.extend(subs);
    }
    let found: Vec<Found> = dirs
        .into_iter()
        .map(|dir| {
            let manifest = std::fs::read(dir.join(MANIFEST)).ok().and_then(|b| {
                Manifest::parse(&b)
                    .ok()
                    .map(|m| (m, manifest::sha256_hex(&b)))
            });
            Found { dir, manifest }
        })
        .collect();
    // Each depot's bundles, in the order given; a depot's place is its first bundle's.
    let mut order: Vec<Vec<usize>> = Vec::new();
    let mut depot_at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, f) in found.iter().enumerate() {
        match &f.manifest {
            Some((m, _)) => {
                let at = *depot_at.entry(&m.body.depot.code).or_insert_with(|| {
                    order.push(Vec::new());
                    order.len() - 1
                });
                order[at].push(i);
            }
            None => order.push(vec![i]),
        }
    }
    let mut out = Vec::with_capacity(found.len());
    for group in order {
        out.extend(
            in_chain_order(&found, group)
                .into_iter()
                .map(|i| found[i].dir.clone()),
        );
    }
    out
}

/// One depot's bundles (indexes into `found`) in the order they were made: chains of
/// `previous` links, each from a bundle whose predecessor is not among them, the chains in
/// the order of their first bundle's movements.
fn in_chain_order(found: &[Found], mut group: Vec<usize>) -> Vec<usize> {
    let body = |i: usize| found[i].manifest.as_ref().map(|(m, sha)| (&m.body, sha));
    let key = |i: usize| body(i).map(|(b, _)| (b.last_seq, b.first_seq, b.created.clone()));
    group.sort_by_key(|&i| key(i));
    let sha_of = |i: usize| body(i).map(|(_, s)| s.clone());
    let previous_of = |i: usize| body(i).and_then(|(b, _)| b.previous.clone());
    let mut taken = vec![false; found.len()];
    let mut out = Vec::with_capacity(group.len());
    let roots: Vec<usize> = group
        .iter()
        .copied()
        .filter(|&i| {
            previous_of(i).is_none_or(|p| group.iter().all(|&j| sha_of(j).as_ref() != Some(&p)))
        })
        .collect();
    for root in roots.into_iter().chain(group.iter().copied()) {
        let mut at = root;
        while !taken[at] {
            taken[at] = true;
            out.push(at);
            let sha = sha_of(at);
            match group
                .iter()
                .copied()
                .find(|&j| !taken[j] && previous_of(j).is_some() && previous_of(j) == sha)
            {
                Some(next) => at = next,
                None => break,
            }
        }
    }
    out
}
