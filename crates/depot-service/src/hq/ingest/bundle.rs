//! One bundle's movements checked against the depot's chain and written in chunks.

use crate::export::csv::MOVEMENTS_HEADER;
use crate::hq::error::Refusal;
use crate::store::Writer;
use crate::store::hq::{HqLast, HqMovement};
use crate::{Error, Result};
use depot_domain::movement::{GENESIS, hex};
use depot_domain::msg::service::ServiceMsg;
use depot_exchange::bundle::BundleError;
use depot_exchange::bundle::manifest::{Manifest, unhex};

/// Movements taken in (compared, or appended) at a time: a bundle of a month's movements in
/// one COPY on PostgreSQL, a bounded amount of memory for a full one.
const CHUNK: usize = 20_000;

/// Where the check of a bundle's chain is: the movement it expects next, and the hash that
/// one must be chained to.
struct Chain {
    expect: u64,
    prev: [u8; 32],
}

/// A bundle that passed its own checks, being taken in.
pub(super) struct Bundle<'a> {
    pub(super) dir: &'a str,
    pub(super) m: &'a Manifest,
    pub(super) head_hash: [u8; 32],
    /// Every movement's hash was recomputed already ([`Bundle::check_hashes`]).
    pub(super) hashes_checked: bool,
}

impl Bundle<'_> {
    fn code(&self) -> String {
        self.m.body.depot.code.clone()
    }

    /// Whether the bundle can continue what headquarters holds of the depot (`last`), by its
    /// manifest: it must not start after a gap, and a bundle that starts right after the last
    /// movement held must follow a bundle headquarters received. (A bundle that starts inside
    /// what is held, a full one say, is compared movement by movement instead.)
    pub(super) fn follows(&self, w: &Writer<'_>, last: Option<&HqLast>) -> Result<()> {
        let b = &self.m.body;
        let held = last.map_or(0, |l| l.last_seq);
        if !b.full && b.first_seq > held + 1 {
            return Err(Error::Hq(Refusal::SkippedMovements {
                dir: self.dir.to_owned(),
                code: self.code(),
                held,
                first: b.first_seq,
                from: held + 1,
                to: b.first_seq - 1,
            }));
        }
        if let (Some(l), Some(p)) = (last, &b.previous)
            && b.first_seq == held + 1
            && *p != l.manifest_sha256
            && w.hq_bundle(&b.depot.code, p)?.is_none()
        {
            return Err(Error::Hq(Refusal::SkippedRound {
                dir: self.dir.to_owned(),
                code: self.code(),
                previous: p.clone(),
            }));
        }
        Ok(())
    }

    fn older(&self, l: &HqLast) -> Error {
        let b = &self.m.body;
        Error::Hq(Refusal::Older {
            dir: self.dir.to_owned(),
            code: self.code(),
            first: b.first_seq,
            last: b.last_seq,
            as_of: b.as_of.clone(),
            held: l.last_seq,
            held_as_of: l.as_of.to_string(),
        })
    }

    fn chain_error(&self, line: u64, seq: u64, what: String) -> Error {
        Error::Hq(Refusal::BadChain {
            dir: self.dir.to_owned(),
            line,
            seq,
            what,
        })
    }

    /// Recomputes every movement's hash from its text (the CPU of an ingest), before the
    /// database is looked at: the links and what is held are checked when it is taken in.
    /// Returns the movements read, for [`Bundle::take_movements`] not to read the file again,
    /// when they are few (at most a chunk's: the memory of one bundle waiting its turn stays
    /// bounded), each on a line of its own, and the file is whole and of the right header
    /// (else the file is read again then, and what is wrong with it said there).
    pub(super) fn check_hashes(&self, csv: &[u8]) -> Result<Option<Vec<HqMovement>>> {
        let b = &self.m.body;
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(csv);
        // A file that is not CSV, or of another header, is said when it is taken in.
        if r.headers()
            .map_or(true, |h| h.iter().ne(MOVEMENTS_HEADER.iter().copied()))
        {
            return Ok(None);
        }
        let few = (b.last_seq + 1).saturating_sub(b.first_seq) <= CHUNK as u64;
        let mut kept: Option<Vec<HqMovement>> =
            few.then(|| Vec::with_capacity((b.last_seq + 1).saturating_sub(b.first_seq) as usize));
        let mut record = csv::StringRecord::new();
        let mut mv = HqMovement::default();
        let mut expect = b.first_seq;
        loop {
            match r.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) => {
                    kept = None;
                    break;
                }
            }
            let line = record.position().map_or(0, |p| p.line());
            self.movement(&record, line, expect, &mut mv)?;
            if !mv.hash_is_valid() {
                return Err(self.chain_error(
                    line,
                    expect,
                    "its hash is not the one its columns and prev_hash give".to_owned(),
                ));
            }
            if let Some(k) = &mut kept {
                // Where the file is read again, errors name the movement's line: kept only
                // while it is the line of its place.
                if line == k.len() as u64 + 2 && k.len() < CHUNK {
                    // Its strings kept as they are; the next movement is read into new ones.
                    k.push(std::mem::take(&mut mv));
                } else {
                    kept = None;
                }
            }
            expect += 1;
        }
        Ok(kept)
    }

    /// Checks each movement's link (and its hash, unless [`Bundle::check_hashes`] did), the
    /// first to the movement held before it, compares the ones headquarters already holds (a
    /// full bundle's, or an older one's: a difference is a fork) and appends the others: the
    /// movements `read` by [`Bundle::check_hashes`], else those of `movements.csv` read again.
    /// Returns how many were appended.
    pub(super) fn take_movements(
        &self,
        w: &mut Writer<'_>,
        last: Option<&HqLast>,
        csv: &[u8],
        read: Option<&[HqMovement]>,
    ) -> Result<u64> {
        let b = &self.m.body;
        let code = self.code();
        let held = last.map_or(0, |l| l.last_seq);
        // What the first movement must be chained to: the movement before it as held.
        let prev = match last {
            _ if b.first_seq == 1 => GENESIS,
            Some(l) if b.first_seq == held + 1 => l.head_hash,
            _ => match w.hq_movement_hashes(&code, b.first_seq - 1, b.first_seq - 1)?[..] {
                [(_, hash)] => hash,
                _ => {
                    let missing = b.first_seq - 1;
                    return Err(Error::Msg(ServiceMsg::HqMovementMissing {
                        code: code.to_string(),
                        held: held.to_string(),
                        missing: missing.to_string(),
                    }));
                }
            },
        };
        let mut chain = Chain {
            expect: b.first_seq,
            prev,
        };
        let malformed = |what: String| {
            Error::Hq(Refusal::Bundle {
                dir: self.dir.to_owned(),
                source: BundleError::FileChanged {
                    file: "movements.csv".to_owned(),
                    what,
                },
            })
        };
        let mut appended = 0u64;
        if let Some(read) = read {
            // Each on the line of its place, the header on the first.
            for (mv, line) in read.iter().zip(2..) {
                self.link(&mut chain, mv, line)?;
            }
            appended += self.put_chunk(w, &code, held, read)?;
        } else {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(false)
                .from_reader(csv);
            let header = r
                .headers()
                .map_err(|e| malformed(format!("not CSV: {e}")))?
                .clone();
            if header.iter().ne(MOVEMENTS_HEADER.iter().copied()) {
                return Err(malformed(format!(
                    "its header is {}, not {}",
                    header.iter().collect::<Vec<_>>().join(","),
                    MOVEMENTS_HEADER.join(",")
                )));
            }
            // The movements of a chunk are read into the same `HqMovement`s chunk after chunk
            // (`used` of them filled), so that their strings are allocated once, not per
            // movement.
            let mut chunk: Vec<HqMovement> = Vec::with_capacity(CHUNK.min(1 + b.last_seq as usize));
            let mut used = 0;
            let mut record = csv::StringRecord::new();
            loop {
                let more = r
                    .read_record(&mut record)
                    .map_err(|e| malformed(format!("not CSV: {e}")))?;
                if !more {
                    break;
                }
                let line = record.position().map_or(0, |p| p.line());
                if used == chunk.len() {
                    chunk.push(HqMovement::default());
                }
                let mv = &mut chunk[used];
                self.movement(&record, line, chain.expect, mv)?;
                self.link(&mut chain, mv, line)?;
                used += 1;
                if used == CHUNK {
                    appended += self.put_chunk(w, &code, held, &chunk[..used])?;
                    used = 0;
                }
            }
            appended += self.put_chunk(w, &code, held, &chunk[..used])?;
        }
        let Chain { expect, prev } = chain;
        if expect != b.last_seq + 1 {
            return Err(malformed(format!(
                "it holds movements {} to {}, the manifest says {} to {}",
                b.first_seq,
                expect - 1,
                b.first_seq,
                b.last_seq
            )));
        }
        if prev != self.head_hash {
            return Err(self.chain_error(
                0,
                b.last_seq,
                format!(
                    "the last movement's hash is {}, the manifest's head_hash {}",
                    hex(&prev),
                    hex(&self.head_hash)
                ),
            ));
        }
        // Movement for movement what is held, and nothing new: an older bundle, unless it is
        // the round after the last one ingested (a full bundle with no new movements).
        if let Some(l) = last
            && b.last_seq <= l.last_seq
            && b.first_seq <= l.last_seq
            && b.previous.as_deref() != Some(l.manifest_sha256.as_str())
        {
            return Err(self.older(l));
        }
        Ok(appended)
    }

    /// Checks that `mv` (on `line` of the file), the movement `chain` expects, is chained to
    /// the one before it (and its hash, unless checked already), and moves `chain` past it.
    fn link(&self, chain: &mut Chain, mv: &HqMovement, line: u64) -> Result<()> {
        let b = &self.m.body;
        let expect = chain.expect;
        if mv.prev_hash != chain.prev {
            let what = if expect == b.first_seq && expect > 1 {
                // Chained to another movement than the one held before it.
                return Err(Error::Hq(Refusal::Fork {
                    dir: self.dir.to_owned(),
                    code: self.code(),
                    seq: expect - 1,
                }));
            } else {
                format!(
                    "its prev_hash is {}, and movement {}'s hash is {}",
                    hex(&mv.prev_hash),
                    expect - 1,
                    hex(&chain.prev)
                )
            };
            return Err(self.chain_error(line, expect, what));
        }
        if !self.hashes_checked && !mv.hash_is_valid() {
            return Err(self.chain_error(
                line,
                expect,
                "its hash is not the one its columns and prev_hash give".to_owned(),
            ));
        }
        chain.prev = mv.hash;
        chain.expect += 1;
        Ok(())
    }

    /// One row of `movements.csv` as a movement, which must be number `seq`, read into `mv`
    /// (its strings reused).
    fn movement(
        &self,
        rec: &csv::StringRecord,
        line: u64,
        seq: u64,
        mv: &mut HqMovement,
    ) -> Result<()> {
        let found: Option<u64> = rec.get(0).and_then(|s| s.parse().ok());
        if found != Some(seq) {
            return Err(self.chain_error(
                line,
                seq,
                format!(
                    "it is numbered {}, where movement {seq} belongs",
                    rec.get(0).unwrap_or_default()
                ),
            ));
        }
        let hash32 = |i: usize, what: &str| {
            unhex::<32>(rec.get(i).unwrap_or_default()).ok_or_else(|| {
                self.chain_error(line, seq, format!("its {what} is not 64 hex digits"))
            })
        };
        mv.seq = seq;
        mv.prev_hash = hash32(11, "prev_hash")?;
        mv.hash = hash32(12, "hash")?;
        for (field, i) in [
            (&mut mv.at, 1),
            (&mut mv.action, 2),
            (&mut mv.barcode, 3),
            (&mut mv.item, 4),
            (&mut mv.quantity, 5),
            (&mut mv.from, 6),
            (&mut mv.to, 7),
            (&mut mv.operator, 8),
            (&mut mv.reference, 9),
            (&mut mv.reason, 10),
            (&mut mv.detail, 13),
        ] {
            field.clear();
            field.push_str(rec.get(i).unwrap_or_default());
        }
        Ok(())
    }

    /// Compares the movements of `chunk` (in seq order) that headquarters holds (seq ≤
    /// `held`) and appends the rest. Returns how many were appended.
    fn put_chunk(
        &self,
        w: &mut Writer<'_>,
        code: &str,
        held: u64,
        chunk: &[HqMovement],
    ) -> Result<u64> {
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
            return Ok(0);
        };
        let (first, last) = (first.seq, last.seq);
        if first <= held {
            let known = w.hq_movement_hashes(code, first, last.min(held))?;
            for (mv, (seq, hash)) in chunk.iter().zip(&known) {
                if mv.seq != *seq || mv.hash != *hash {
                    return Err(Error::Hq(Refusal::Fork {
                        dir: self.dir.to_owned(),
                        code: code.to_owned(),
                        seq: mv.seq,
                    }));
                }
            }
        }
        let new = &chunk[chunk.partition_point(|m| m.seq <= held)..];
        w.append_hq_movements(code, new)?;
        Ok(new.len() as u64)
    }
}
