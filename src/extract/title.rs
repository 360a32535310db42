//! Titles in `《》`: policy documents vs creative works.
//! STUB: to be implemented (matches nothing yet).

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    Policy,
    Work,
}

#[derive(Debug, Default)]
pub struct TitleLexicon {}

impl TitleLexicon {
    pub fn embedded() -> Self {
        Self {}
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMatch {
    /// The title without brackets.
    pub title: String,
    pub kind: TitleKind,
    /// Char range in the searched text (brackets included).
    pub range: Range<usize>,
}

pub fn find(_text: &str, _lexicon: &TitleLexicon) -> Vec<TitleMatch> {
    Vec::new()
}
