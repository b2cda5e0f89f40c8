//! Short texts kept end to end in one string: the barcodes of a million records without an
//! allocation each, and the codes a pass meets.

/// Short texts kept end to end in one string.
#[derive(Debug, Clone, Default)]
pub struct Arena {
    text: String,
    ends: Vec<u32>,
}

impl Arena {
    pub(super) fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }
    /// Makes room for `n` more texts of `bytes` in all.
    pub(super) fn reserve(&mut self, n: usize, bytes: usize) {
        self.ends.reserve(n);
        self.text.reserve(bytes);
    }
    /// Appends the texts of `other`, last first if `reversed`.
    pub(super) fn append(&mut self, other: &Arena, reversed: bool) {
        self.reserve(other.ends.len(), other.text.len());
        if other.ends.is_empty() {
            return;
        }
        if !reversed {
            let base = self.text.len() as u32;
            self.text.push_str(&other.text);
            self.ends.extend(other.ends.iter().map(|e| base + e));
            return;
        }
        let mut end = other.text.len();
        for start in other
            .ends
            .iter()
            .rev()
            .skip(1)
            .map(|&e| e as usize)
            .chain([0])
        {
            self.push(other.text.get(start..end).unwrap_or(""));
            end = start;
        }
    }
    /// How many texts it holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// The `i`th text.
    pub fn get(&self, i: usize) -> &str {
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0) as usize
        };
        self.text.get(start..end).unwrap_or("")
    }
}
