//! A body rewritten before parsing (shortcodes, admonitions), with the way back: every byte of
//! the rewritten text knows the byte of the source it stands for, so links and diagnostics found
//! in the rewritten text are reported at the author's line and column.

/// Text built from pieces of a source and inserted strings.
#[derive(Debug, Default)]
pub(crate) struct Rewritten {
    /// The rewritten text.
    pub(crate) text: String,
    /// (offset in `text`, offset in the source), sorted by both.
    map: Vec<(usize, usize)>,
    /// The ranges of `text` that were made up rather than copied, in order.
    inserted: Vec<std::ops::Range<usize>>,
}

impl Rewritten {
    /// Appends `source[range]` as it is.
    pub(crate) fn copy(&mut self, source: &str, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.map.push((self.text.len(), range.start));
        self.text.push_str(&source[range]);
    }

    /// Appends `text` made up for the source at offset `at`.
    pub(crate) fn insert(&mut self, text: &str, at: usize) {
        if text.is_empty() {
            return;
        }
        self.map.push((self.text.len(), at));
        let start = self.text.len();
        self.text.push_str(text);
        self.inserted.push(start..self.text.len());
    }

    /// Whether the rewritten text at `offset` was made up by the rewrite (a callout's HTML, a
    /// shortcode's output) rather than written by the author.
    pub(crate) fn is_inserted(&self, offset: usize) -> bool {
        let i = self.inserted.partition_point(|r| r.end <= offset);
        self.inserted.get(i).is_some_and(|r| r.contains(&offset))
    }

    /// The source offset of an offset of the rewritten text.
    pub(crate) fn source_offset(&self, offset: usize) -> usize {
        let i = self.map.partition_point(|&(out, _)| out <= offset);
        match i.checked_sub(1).map(|i| self.map[i]) {
            Some((out, src)) => {
                // Inside an inserted string, stay at its anchor rather than run past it.
                let next_src = self.map.get(i).map_or(usize::MAX, |&(_, s)| s);
                (src + (offset - out)).min(next_src.max(src))
            }
            None => offset,
        }
    }

    /// The offset of the rewritten text where a source offset ended up (inside the last piece
    /// starting at or before it).
    pub(crate) fn rewritten_offset(&self, offset: usize) -> usize {
        let mut best = None;
        for &(out, src) in &self.map {
            if src <= offset {
                best = Some(out + (offset - src));
            } else {
                break;
            }
        }
        best.unwrap_or(offset).min(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_through_copies_and_inserts() {
        let source = "ab{{< x >}}cd";
        let mut r = Rewritten::default();
        r.copy(source, 0..2);
        r.insert("<X>", 2);
        r.copy(source, 11..13);
        assert_eq!(r.text, "ab<X>cd");
        assert_eq!(r.source_offset(1), 1);
        assert_eq!(r.source_offset(3), 3);
        assert_eq!(r.source_offset(5), 11);
        assert_eq!(r.source_offset(6), 12);
        assert_eq!(r.rewritten_offset(11), 5);
        assert_eq!(r.rewritten_offset(1), 1);
        assert!(r.is_inserted(2) && r.is_inserted(4));
        assert!(!r.is_inserted(1) && !r.is_inserted(5));
    }
}
