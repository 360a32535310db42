//! What the index keeps of each figure: the row the saved query
//! `outcome-figures` gives for it, so that the query can be answered from the
//! index alone (see `query::covered`). On a corpus it lists every figure
//! (175,000 at 1000 documents), and Oxigraph reads the store once per
//! pattern and row: seconds, where the index reads a few blocks.

use crate::rdf::vocab::{
    CASE_NUMBER, HAS_INDICATOR, HAS_OUTCOME, NORMALIZED_UNIT, NORMALIZED_VALUE, QUALIFIER,
    REF_DATE, SENTENCE, UNIT, VALUE,
};
use oxigraph::model::{NamedNodeRef, QuadRef, Term, TermRef};
use std::collections::HashMap;

/// The predicates [`figures_of`] reads.
pub const FIGURE_PREDICATES: [NamedNodeRef<'static>; 10] = [
    UNIT,
    HAS_INDICATOR,
    HAS_OUTCOME,
    CASE_NUMBER,
    VALUE,
    SENTENCE,
    QUALIFIER,
    NORMALIZED_VALUE,
    NORMALIZED_UNIT,
    REF_DATE,
];

/// The columns of a figure's row after its unit, as `outcome-figures`
/// selects them (`?unit` is also `?only`, the first column).
pub const FIGURE_COLUMNS: [&str; 7] = [
    "qualifier",
    "value",
    "normalized",
    "base_unit",
    "year",
    "n",
    "sentence",
];

/// The rows of the figures of one unit in one document graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFigures {
    pub unit: Term,
    /// One per row: the terms of [`FIGURE_COLUMNS`], `None` where unbound.
    pub rows: Vec<[Option<Term>; 7]>,
}

/// The figure rows of one document graph's `quads` (those with one of
/// [`FIGURE_PREDICATES`] are enough), grouped by unit, in unit order: every
/// combination the query's joins give, unordered within a unit.
pub fn figures_of<'q>(quads: impl IntoIterator<Item = QuadRef<'q>>) -> Vec<UnitFigures> {
    let mut objects: HashMap<(NamedNodeRef<'q>, TermRef<'q>), Vec<TermRef<'q>>> = HashMap::new();
    let mut subjects: HashMap<(NamedNodeRef<'q>, TermRef<'q>), Vec<TermRef<'q>>> = HashMap::new();
    let mut units = Vec::new();
    for quad in quads {
        if !FIGURE_PREDICATES.contains(&quad.predicate) {
            continue;
        }
        let subject = TermRef::from(quad.subject);
        if quad.predicate == UNIT {
            units.push((subject, quad.object));
        }
        objects
            .entry((quad.predicate, subject))
            .or_default()
            .push(quad.object);
        subjects
            .entry((quad.predicate, quad.object))
            .or_default()
            .push(subject);
    }
    let get = |map: &HashMap<_, Vec<TermRef<'q>>>, key| -> Vec<TermRef<'q>> {
        map.get(&key).cloned().unwrap_or_default()
    };
    // OPTIONAL: each value, or one unbound row.
    let optional = |terms: Vec<TermRef<'q>>| -> Vec<Option<Term>> {
        let mut owned: Vec<Option<Term>> = terms.iter().map(|t| Some(t.into_owned())).collect();
        if owned.is_empty() {
            owned.push(None);
        }
        owned
    };
    let mut by_unit: HashMap<TermRef<'q>, Vec<[Option<Term>; 7]>> = HashMap::new();
    for (indicator, unit) in units {
        let numbers: Vec<TermRef<'q>> = get(&subjects, (HAS_INDICATOR, indicator))
            .into_iter()
            .flat_map(|outcome| get(&subjects, (HAS_OUTCOME, outcome)))
            .flat_map(|case| get(&objects, (CASE_NUMBER, case)))
            .collect();
        let values = get(&objects, (VALUE, indicator));
        let sentences = get(&objects, (SENTENCE, indicator));
        let qualifiers = optional(get(&objects, (QUALIFIER, indicator)));
        let normalized = normalized_pairs(
            get(&objects, (NORMALIZED_VALUE, indicator)),
            get(&objects, (NORMALIZED_UNIT, indicator)),
        );
        let years = optional(get(&objects, (REF_DATE, indicator)));
        let rows = by_unit.entry(unit).or_default();
        for n in &numbers {
            for value in &values {
                for sentence in &sentences {
                    for qualifier in &qualifiers {
                        for (normalized, base_unit) in &normalized {
                            for year in &years {
                                rows.push([
                                    qualifier.clone(),
                                    Some(value.into_owned()),
                                    normalized.clone(),
                                    base_unit.clone(),
                                    year.clone(),
                                    Some(n.into_owned()),
                                    Some(sentence.into_owned()),
                                ]);
                            }
                        }
                    }
                }
            }
        }
    }
    let mut grouped: Vec<UnitFigures> = by_unit
        .into_iter()
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(unit, rows)| UnitFigures {
            unit: unit.into_owned(),
            rows,
        })
        .collect();
    grouped.sort_by_cached_key(|figures| figures.unit.to_string());
    grouped
}

/// `OPTIONAL { {normalized value} {normalized unit} }`: both or neither.
fn normalized_pairs(
    values: Vec<TermRef<'_>>,
    units: Vec<TermRef<'_>>,
) -> Vec<(Option<Term>, Option<Term>)> {
    let pairs: Vec<_> = values
        .iter()
        .flat_map(|value| {
            units
                .iter()
                .map(move |unit| (Some(value.into_owned()), Some(unit.into_owned())))
        })
        .collect();
    match pairs.is_empty() {
        true => vec![(None, None)],
        false => pairs,
    }
}
