//! The barcodes of a ledger numbered 0, 1, 2 … in the order first met, so that a replay keeps
//! each barcode in one slot found by its number: by the ledger's own links ([`Linked`]), or by
//! the barcodes themselves ([`Numbers`]) where a link is broken.

use super::snapshot::FxMap;

/// A barcode kept in the map's own memory (barcodes are at most 32 characters): a look-up
/// compares it where it probes instead of following a pointer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Code {
    len: u8,
    bytes: [u8; 32],
}

impl Code {
    fn of(code: &str) -> Option<Code> {
        let mut bytes = [0u8; 32];
        bytes
            .get_mut(..code.len())?
            .copy_from_slice(code.as_bytes());
        Some(Code {
            len: code.len() as u8,
            bytes,
        })
    }
}

/// The barcodes of a ledger numbered 0, 1, 2 … in the order they are first met. Over a
/// million barcodes the look-up is a cache miss per movement, as dear as the rest of the
/// replay: a trend numbers them by the ledger's links instead ([`Linked`]), by their codes
/// only where a link is broken, on a thread of its own, and the replay finds each barcode's
/// slot by its number ([`super::Trend::push_numbered`]). Most barcodes are at
/// most 15 bytes: those are keyed by one 16-byte number (half the memory of a 32-byte key, and
/// hashed in two multiplications).
#[derive(Default)]
pub struct Numbers {
    tiny: FxMap<u128, u32>,
    short: FxMap<Code, u32>,
    /// Longer codes (none in a valid register, but the ledger is read as it is).
    long: FxMap<Box<str>, u32>,
    next: u32,
}

/// A code of at most 15 bytes as one number: its bytes, then its length in the last byte.
fn tiny(code: &str) -> Option<u128> {
    let b = code.as_bytes();
    let mut k = [0u8; 16];
    k.get_mut(..b.len())
        .filter(|_| b.len() < 16)?
        .copy_from_slice(b);
    k[15] = b.len() as u8;
    Some(u128::from_le_bytes(k))
}

impl Numbers {
    /// The number of `code`: the next one if it was not met before.
    pub fn number(&mut self, code: &str) -> u32 {
        let next = self.next;
        let n = if let Some(k) = tiny(code) {
            *self.tiny.entry(k).or_insert(next)
        } else if let Some(c) = Code::of(code) {
            *self.short.entry(c).or_insert(next)
        } else {
            *self.long.entry(code.into()).or_insert(next)
        };
        if n == next {
            self.next += 1;
        }
        n
    }
}

/// A movement to number by the ledger's links ([`Linked`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Link {
    /// Its sequence number.
    pub seq: u64,
    /// The sequence number of its barcode's movement before it (0: none).
    pub prev: u64,
    /// Its barcode, hashed ([`Linked::code`]).
    pub code: u64,
}

/// The barcodes of a ledger numbered as [`Numbers`] numbers them (0, 1, 2 … in the order
/// first met), by the links the ledger keeps: each movement names its barcode's movement
/// before it, so its number is that one's, read from a table by sequence number. No barcode is
/// looked up, and a run of movements is numbered in two passes over tables whose reads do not
/// wait on each other (a miss of the cache each, overlapping), where a look-up in a map of a
/// million barcodes waits on one miss after another. A link that does not lead to a movement
/// of the same barcode is broken ([`Linked::number`]; `depot verify` names it).
#[derive(Debug, Clone, Default)]
pub struct Linked {
    /// The sequence number of the first movement numbered.
    since: u64,
    /// The number of each movement's barcode, by sequence number from `since` (`u32::MAX`:
    /// not in the ledger).
    by_seq: Vec<u32>,
    /// Each number's barcode, hashed.
    codes: Vec<u64>,
}

impl Linked {
    /// Numbers the movements from `since` on.
    pub fn new(since: u64) -> Self {
        Linked {
            since,
            ..Linked::default()
        }
    }

    /// The hash of a barcode that a [`Link`] carries.
    pub fn code(code: &str) -> u64 {
        use std::hash::BuildHasher;
        foldhash::fast::FixedState::with_seed(0).hash_one(code)
    }

    /// Numbers `links`, the next movements of the ledger in its order, into `out` (one number
    /// each). `Err(seq)`: the link of movement `seq` is broken (numbering stops there; the
    /// ledger must then be numbered by its barcodes, [`Numbers`]).
    pub fn number(&mut self, links: &[Link], out: &mut [u32]) -> Result<(), u64> {
        // The numbers, by the links: the reads of `by_seq` are independent of each other.
        for (l, n) in links.iter().zip(out.iter_mut()) {
            let at = l.seq.checked_sub(self.since).ok_or(l.seq)? as usize;
            if at < self.by_seq.len() {
                return Err(l.seq);
            }
            self.by_seq.resize(at, u32::MAX);
            *n = if l.prev == 0 {
                self.codes.push(l.code);
                self.codes.len() as u32 - 1
            } else {
                let i = l.prev.checked_sub(self.since).ok_or(l.seq)?;
                match self.by_seq.get(i as usize) {
                    Some(&n) if n != u32::MAX => n,
                    _ => return Err(l.seq),
                }
            };
            self.by_seq.push(*n);
        }
        // Each link leads to the same barcode: again reads that do not wait on each other.
        for (l, &n) in links.iter().zip(out.iter()) {
            if self.codes[n as usize] != l.code {
                return Err(l.seq);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Link, Linked, Numbers};

    /// A ledger of `codes` in order, each movement linked to its barcode's one before.
    fn linked(codes: &[&str]) -> Vec<Link> {
        codes
            .iter()
            .enumerate()
            .map(|(i, c)| Link {
                seq: i as u64 + 1,
                prev: codes[..i]
                    .iter()
                    .rposition(|o| o == c)
                    .map_or(0, |j| j as u64 + 1),
                code: Linked::code(c),
            })
            .collect()
    }

    /// Numbered by the links, in runs of any length, a ledger's barcodes get the numbers
    /// [`Numbers`] gives them by their codes.
    #[test]
    fn links_number_as_codes_do() {
        let codes = ["A", "B", "A", "C", "C", "B", "D", "A", "E", "D"];
        let links = linked(&codes);
        let mut numbers = Numbers::default();
        let want: Vec<u32> = codes.iter().map(|c| numbers.number(c)).collect();
        for run in 1..=links.len() {
            let mut l = Linked::new(1);
            let mut got = vec![0; links.len()];
            for (ls, out) in links.chunks(run).zip(got.chunks_mut(run)) {
                l.number(ls, out).unwrap();
            }
            assert_eq!(got, want, "runs of {run}");
        }
    }

    /// A link to another barcode's movement, to a movement not read, to itself or to a later
    /// one is broken, and so is a movement read twice. (A movement that names no movement
    /// before it is taken as its barcode's first, as `depot verify` checks.)
    #[test]
    fn a_broken_link_is_found() {
        let codes = ["A", "B", "A", "B"];
        let good = linked(&codes);
        let mut out = vec![0; 4];
        for (at, prev) in [(2, 2), (2, 9), (3, 4), (3, 5)] {
            let mut links = good.clone();
            links[at].prev = prev;
            let e = Linked::new(1).number(&links, &mut out).unwrap_err();
            assert_eq!(e, links[at].seq, "link {prev} at {at}");
        }
        // Read from the third movement on, the first two are not there to lead to.
        assert_eq!(Linked::new(3).number(&good[2..], &mut out[2..]), Err(3));
        let mut l = Linked::new(1);
        l.number(&good[..2], &mut out[..2]).unwrap();
        assert_eq!(l.number(&good[1..2], &mut out[..1]), Err(2));
    }

    /// Codes are numbered in the order first met, whatever their length, and a code that
    /// ends where another one's bytes go on (or in a zero byte) is another code.
    #[test]
    fn barcodes_are_numbered_in_turn() {
        let mut n = Numbers::default();
        let long = "X".repeat(40);
        let codes = [
            "A",
            "AB",
            "A\0",
            "",
            "ABCDEFGHIJKLMNO",
            "ABCDEFGHIJKLMNOP",
            "ABCDEFGHIJKLMNOPQ",
            &long,
            "Q",
        ];
        for (i, c) in codes.iter().enumerate() {
            assert_eq!(n.number(c), i as u32, "{c:?}");
        }
        for (i, c) in codes.iter().enumerate().rev() {
            assert_eq!(n.number(c), i as u32, "{c:?} again");
        }
        assert_eq!(n.number("R"), codes.len() as u32);
    }
}
