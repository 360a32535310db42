//! Quantities printed with digits and a unit or counter (`近 140 万吨`).
//! STUB: to be implemented (matches nothing yet).

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The number as printed, as an `xsd:decimal` lexical form (`140`, `1.5`, `10000`).
    pub value: String,
    /// The unit or counter as printed (`万吨`, `%`, `家`).
    pub unit: String,
    /// Hedge word (`近`, `逾`, `约`, `余`, …), normalised per the guidelines.
    pub qualifier: Option<String>,
    /// Value in base units and that unit (`1400000`, `t`), when the unit is known.
    pub normalized: Option<(String, String)>,
    /// The year or year-month the figure refers to (`2022`, `2023-06`), when the sentence says.
    pub ref_date: Option<String>,
    /// Char range in the searched text.
    pub range: Range<usize>,
}

#[derive(Debug, Default)]
pub struct UnitLexicon {}

impl UnitLexicon {
    pub fn embedded() -> Self {
        Self {}
    }
}

pub fn find(_text: &str, _lexicon: &UnitLexicon) -> Vec<Quantity> {
    Vec::new()
}
