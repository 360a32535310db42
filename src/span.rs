//! Source positions: where every fact of the graph comes from.
//!
//! Offsets count Unicode scalar values (`char`s) of the original file, 0-based and
//! end-exclusive; lines are 1-based. A [`TextBlock`] is text assembled from
//! several source lines (page artefacts dropped, lines joined) that remembers,
//! for each of its chars, where it stood in the original file.

use std::ops::Range;

/// A stretch of the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start_line: usize,
    pub end_line: usize,
    pub start_char: usize,
    pub end_char: usize,
}

/// Maps char offsets of the original file to 1-based line numbers.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Char offset at which each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(line_starts: Vec<usize>) -> Self {
        debug_assert!(line_starts.first() == Some(&0));
        Self { line_starts }
    }

    /// The 1-based line holding the char at `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .max(1)
    }

    /// The span of `chars` (original offsets, end exclusive).
    pub fn span(&self, chars: Range<usize>) -> Span {
        let last = chars.end.max(chars.start + 1) - 1;
        Span {
            start_line: self.line_of(chars.start),
            end_line: self.line_of(last),
            start_char: chars.start,
            end_char: chars.end.max(chars.start),
        }
    }
}

/// Text joined from source lines, with the original offset of each char.
///
/// ```
/// use casegraph::span::TextBlock;
/// let mut block = TextBlock::default();
/// block.push_str("上海期", 10);
/// block.push_str("货交易所", 20);
/// assert_eq!(block.text(), "上海期货交易所");
/// assert_eq!(block.origin_range(2..4), 12..21);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextBlock {
    text: String,
    /// The original offsets of the chars of `text`, as runs of consecutive
    /// offsets: (index in the block of the run's first char, its original
    /// offset), by index. A line is one run: an offset per char was 8 bytes a
    /// char, written for every char of the file. Adjacent runs never
    /// continue each other, so equal blocks have equal runs.
    runs: Vec<(usize, usize)>,
    /// Number of chars.
    len: usize,
}

impl TextBlock {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of chars.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Appends `s`, whose first char stood at original offset `start`.
    pub fn push_str(&mut self, s: &str, start: usize) {
        // Whole, not char by char: segmenting copies every line of the file here.
        self.text.push_str(s);
        self.extend_origins(start, s.chars().count());
    }

    /// Appends one char that stood at original offset `origin`.
    pub fn push(&mut self, c: char, origin: usize) {
        self.text.push(c);
        self.extend_origins(origin, 1);
    }

    /// Records `count` chars appended from original offset `start` on.
    fn extend_origins(&mut self, start: usize, count: usize) {
        if count == 0 {
            return;
        }
        let continues = self.len > 0 && self.origin_of(self.len - 1) + 1 == start;
        if !continues {
            self.runs.push((self.len, start));
        }
        self.len += count;
    }

    /// The original offset of char `at` (< `len`).
    fn origin_of(&self, at: usize) -> usize {
        let run = self.runs.partition_point(|&(from, _)| from <= at) - 1;
        let (from, origin) = self.runs[run];
        origin + (at - from)
    }

    /// The last char, if any.
    pub fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    /// The original offsets covered by the chars `range` of this block.
    pub fn origin_range(&self, range: Range<usize>) -> Range<usize> {
        if self.len == 0 {
            return 0..0;
        }
        let start = self.origin_of(range.start.min(self.len - 1));
        if range.end <= range.start {
            return start..start;
        }
        let last = self.origin_of((range.end - 1).min(self.len - 1));
        start..last + 1
    }

    /// The original offsets of the whole block.
    pub fn origin_span(&self) -> Range<usize> {
        self.origin_range(0..self.len())
    }

    /// A new block holding the chars `range` of this one.
    pub fn slice(&self, range: Range<usize>) -> TextBlock {
        let range = range.start.min(self.len())..range.end.min(self.len());
        let mut part = TextBlock {
            text: self
                .text
                .chars()
                .skip(range.start)
                .take(range.len())
                .collect(),
            runs: Vec::new(),
            len: 0,
        };
        let mut at = range.start;
        while at < range.end {
            let run = self.runs.partition_point(|&(from, _)| from <= at) - 1;
            let run_end = self.runs.get(run + 1).map_or(self.len, |&(from, _)| from);
            let end = run_end.min(range.end);
            part.extend_origins(self.origin_of(at), end - at);
            at = end;
        }
        part
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_finds_lines() {
        let index = LineIndex::new(vec![0, 5, 9]);
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(4), 1);
        assert_eq!(index.line_of(5), 2);
        assert_eq!(index.line_of(100), 3);
        assert_eq!(
            index.span(6..10),
            Span {
                start_line: 2,
                end_line: 3,
                start_char: 6,
                end_char: 10
            }
        );
    }

    #[test]
    fn origins_are_kept_in_runs() {
        let mut block = TextBlock::default();
        block.push_str("上海", 10);
        block.push_str("期货", 12);
        block.push('交', 20);
        block.push_str("", 30);
        block.push_str("易所", 21);
        assert_eq!(block.len(), 7);
        assert_eq!(block.runs, [(0, 10), (4, 20)]);
        let origins: Vec<usize> = (0..7).map(|i| block.origin_range(i..i + 1).start).collect();
        assert_eq!(origins, [10, 11, 12, 13, 20, 21, 22]);
        // Built in other pieces, the same chars from the same places are the same block.
        let mut same = TextBlock::default();
        same.push_str("上海期货", 10);
        same.push_str("交易所", 20);
        assert_eq!(block, same);
        let part = block.slice(3..6);
        assert_eq!(part.text(), "货交易");
        assert_eq!(part.runs, [(0, 13), (1, 20)]);
        assert_eq!(part.origin_span(), 13..22);
        assert_eq!(block.slice(5..5), TextBlock::default());
    }

    #[test]
    fn slice_keeps_origins() {
        let mut block = TextBlock::default();
        block.push_str("abc", 0);
        block.push_str("de", 10);
        let part = block.slice(2..4);
        assert_eq!(part.text(), "cd");
        assert_eq!(part.origin_span(), 2..11);
    }
}
