//! The unsynced data of one file: the extents written since its last sync, as a page cache
//! holds them. Reads see them over the backing file; a sync writes them to it; a power cut
//! drops them.

use std::collections::BTreeMap;

/// Non-overlapping extents by their offset in the file.
#[derive(Debug, Default)]
pub struct Overlay {
    extents: BTreeMap<u64, Vec<u8>>,
}

impl Overlay {
    pub fn is_empty(&self) -> bool {
        self.extents.is_empty()
    }

    /// How many bytes are unsynced.
    pub fn bytes(&self) -> u64 {
        self.extents.values().map(|b| b.len() as u64).sum()
    }

    /// The offset just past the last unsynced byte (0 when there is none).
    pub fn end(&self) -> u64 {
        self.extents
            .iter()
            .next_back()
            .map_or(0, |(&o, b)| o + b.len() as u64)
    }

    /// Keeps `data` at `offset`, over whatever was unsynced there.
    pub fn write(&mut self, offset: u64, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        let end = offset + data.len() as u64;
        self.punch(offset, end);
        // Sequential writes (a log) grow one extent instead of making thousands.
        if let Some((&o, prev)) = self.extents.range_mut(..offset).next_back()
            && o + prev.len() as u64 == offset
        {
            prev.extend_from_slice(data);
            return;
        }
        self.extents.insert(offset, data.to_vec());
    }

    /// Forgets the unsynced bytes in `start..end` (written through, or cut off by a truncate).
    pub fn punch(&mut self, start: u64, end: u64) {
        if start >= end {
            return;
        }
        if let Some((&o, buf)) = self.extents.range_mut(..start).next_back() {
            let e = o + buf.len() as u64;
            if e > start {
                let tail = (e > end).then(|| buf[(end - o) as usize..].to_vec());
                buf.truncate((start - o) as usize);
                if let Some(t) = tail {
                    self.extents.insert(end, t);
                }
            }
        }
        let inside: Vec<u64> = self.extents.range(start..end).map(|(&o, _)| o).collect();
        for o in inside {
            if let Some(buf) = self.extents.remove(&o) {
                let e = o + buf.len() as u64;
                if e > end {
                    self.extents.insert(end, buf[(end - o) as usize..].to_vec());
                }
            }
        }
    }

    /// A truncate to `size`: nothing unsynced stays past it.
    pub fn truncate(&mut self, size: u64) {
        let end = self.end();
        self.punch(size, end);
    }

    /// Copies the unsynced bytes that fall in `offset..offset + buf.len()` over `buf`.
    pub fn read_into(&self, offset: u64, buf: &mut [u8]) {
        let end = offset + buf.len() as u64;
        let first = self
            .extents
            .range(..offset)
            .next_back()
            .map_or(offset, |(&o, _)| o);
        for (&o, data) in self.extents.range(first..end) {
            let e = o + data.len() as u64;
            let (from, to) = (o.max(offset), e.min(end));
            if from < to {
                buf[(from - offset) as usize..(to - offset) as usize]
                    .copy_from_slice(&data[(from - o) as usize..(to - o) as usize]);
            }
        }
    }

    /// Hands every extent over (to be written to the backing file) and keeps none.
    pub fn take(&mut self) -> BTreeMap<u64, Vec<u8>> {
        std::mem::take(&mut self.extents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a reader sees of `len` bytes over a backing file of zeros.
    fn seen(o: &Overlay, len: usize) -> Vec<u8> {
        let mut buf = vec![0; len];
        o.read_into(0, &mut buf);
        buf
    }

    #[test]
    fn later_writes_win_and_reads_see_every_extent() {
        let mut o = Overlay::default();
        o.write(2, b"abcdef");
        o.write(4, b"XY");
        o.write(0, b"1");
        o.write(7, b"zz");
        assert_eq!(seen(&o, 10), b"1\0abXYezz\0");
        assert_eq!(o.end(), 9);
        let mut part = vec![0; 3];
        o.read_into(3, &mut part);
        assert_eq!(part, b"bXY");
    }

    #[test]
    fn sequential_writes_make_one_extent() {
        let mut o = Overlay::default();
        for i in 0..100u64 {
            o.write(i * 8, &[i as u8; 8]);
        }
        assert_eq!(o.take().len(), 1);
        assert!(o.is_empty());
    }

    #[test]
    fn a_punch_keeps_both_sides() {
        let mut o = Overlay::default();
        o.write(0, b"abcdefgh");
        o.punch(2, 5);
        assert_eq!(seen(&o, 8), b"ab\0\0\0fgh");
        assert_eq!(o.bytes(), 5);
        o.truncate(6);
        assert_eq!(seen(&o, 8), b"ab\0\0\0f\0\0");
        assert_eq!(o.end(), 6);
    }

    #[test]
    fn a_write_over_several_extents_replaces_them() {
        let mut o = Overlay::default();
        o.write(0, b"aa");
        o.write(4, b"bb");
        o.write(8, b"cc");
        o.write(1, b"XXXXXXXX");
        assert_eq!(seen(&o, 10), b"aXXXXXXXXc");
        assert_eq!(o.bytes(), 10);
    }
}
