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
    /// Original char offset of each char of `text`.
    origin: Vec<usize>,
}

impl TextBlock {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.origin.is_empty()
    }

    /// Number of chars.
    pub fn len(&self) -> usize {
        self.origin.len()
    }

    /// Appends `s`, whose first char stood at original offset `start`.
    pub fn push_str(&mut self, s: &str, start: usize) {
        // Whole, not char by char: segmenting copies every line of the file here.
        self.text.push_str(s);
        self.origin.extend(start..start + s.chars().count());
    }

    /// Appends one char that stood at original offset `origin`.
    pub fn push(&mut self, c: char, origin: usize) {
        self.text.push(c);
        self.origin.push(origin);
    }

    /// The last char, if any.
    pub fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    /// The original offsets covered by the chars `range` of this block.
    pub fn origin_range(&self, range: Range<usize>) -> Range<usize> {
        if self.origin.is_empty() {
            return 0..0;
        }
        let start = self.origin[range.start.min(self.origin.len() - 1)];
        if range.end <= range.start {
            return start..start;
        }
        let last = self.origin[(range.end - 1).min(self.origin.len() - 1)];
        start..last + 1
    }

    /// The original offsets of the whole block.
    pub fn origin_span(&self) -> Range<usize> {
        self.origin_range(0..self.len())
    }

    /// A new block holding the chars `range` of this one.
    pub fn slice(&self, range: Range<usize>) -> TextBlock {
        let range = range.start.min(self.len())..range.end.min(self.len());
        TextBlock {
            text: self
                .text
                .chars()
                .skip(range.start)
                .take(range.len())
                .collect(),
            origin: self.origin[range].to_vec(),
        }
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
    fn slice_keeps_origins() {
        let mut block = TextBlock::default();
        block.push_str("abc", 0);
        block.push_str("de", 10);
        let part = block.slice(2..4);
        assert_eq!(part.text(), "cd");
        assert_eq!(part.origin_span(), 2..11);
    }
}
