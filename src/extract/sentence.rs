//! Sentence bounds in unsegmented Chinese text.

use std::ops::Range;

/// Whether `c` ends a sentence (or a clause that stands as one: `；`).
pub fn is_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?')
}

/// The char range of the sentence holding `at`: from after the previous
/// sentence end to its own end mark (included), or the text's edges.
///
/// ```
/// use casegraph::extract::sentence::bounds;
/// let chars: Vec<char> = "一是甲。二是乙 5 家。三是丙".chars().collect();
/// assert_eq!(bounds(&chars, 9..10), 4..12);
/// ```
pub fn bounds(chars: &[char], at: Range<usize>) -> Range<usize> {
    let start = chars[..at.start.min(chars.len())]
        .iter()
        .rposition(|&c| is_end(c))
        .map_or(0, |i| i + 1);
    let end = chars[at.end.min(chars.len())..]
        .iter()
        .position(|&c| is_end(c))
        .map_or(chars.len(), |i| at.end + i + 1);
    start..end
}
