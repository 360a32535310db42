//! What the index keeps of each item: its texts, which it is searched by,
//! and the rows the saved query `search` gives for it, so that `search` can
//! be answered from the index alone (see `query::covered`).

use crate::rdf::vocab::{
    CASE_NUMBER, HAS_MEASURE, HAS_NEXT_STEP, HAS_OUTCOME, ORDINAL, RDFS_LABEL, TEXT,
};
use oxigraph::model::{Literal, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, Term, TermRef};
use std::collections::{BTreeMap, HashMap};

/// How `queries/search.rq` names each link from a case to its items.
pub const SECTIONS: [(NamedNodeRef<'static>, &str); 3] = [
    (HAS_MEASURE, "measure"),
    (HAS_OUTCOME, "outcome"),
    (HAS_NEXT_STEP, "next step"),
];

/// The predicates [`items_of`] reads.
pub const PREDICATES: [NamedNodeRef<'static>; 7] = [
    TEXT,
    RDFS_LABEL,
    ORDINAL,
    CASE_NUMBER,
    HAS_MEASURE,
    HAS_OUTCOME,
    HAS_NEXT_STEP,
];

/// The columns of an item's row, as `search` selects them after its word.
pub const ITEM_COLUMNS: [&str; 4] = ["n", "section", "ordinal", "heading"];

/// One item of a document graph, as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedItem {
    /// The item's IRI.
    pub item: String,
    /// `STR` of each of its `cg:text` values.
    pub texts: Vec<String>,
    /// `search`'s row for each way the item is reached: its case's number,
    /// its section, its ordinal and its heading (every combination, as the
    /// query's joins give them).
    pub rows: Vec<[Term; ITEM_COLUMNS.len()]>,
}

/// The items of one document graph's `quads` (those with one of
/// [`PREDICATES`] are enough), in IRI order.
pub fn items_of<'q>(quads: impl IntoIterator<Item = QuadRef<'q>>) -> Vec<IndexedItem> {
    let mut texts: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut objects: HashMap<(NamedNodeRef<'q>, NamedOrBlankNodeRef<'q>), Vec<TermRef<'q>>> =
        HashMap::new();
    // Item → (case, section) for each link to it.
    let mut links: HashMap<TermRef<'q>, Vec<(NamedOrBlankNodeRef<'q>, &'static str)>> =
        HashMap::new();
    for quad in quads {
        if quad.predicate == TEXT {
            if let NamedOrBlankNodeRef::NamedNode(item) = quad.subject {
                // `STR` of a blank node is an error: the query's filter drops it.
                let value = match quad.object {
                    TermRef::Literal(literal) => Some(literal.value()),
                    TermRef::NamedNode(iri) => Some(iri.as_str()),
                    _ => None,
                };
                if let Some(value) = value {
                    texts
                        .entry(item.as_str())
                        .or_default()
                        .push(value.to_string());
                }
            }
        } else if let Some((_, section)) = SECTIONS.iter().find(|(p, _)| *p == quad.predicate) {
            links
                .entry(quad.object)
                .or_default()
                .push((quad.subject, section));
        } else {
            objects
                .entry((quad.predicate, quad.subject))
                .or_default()
                .push(quad.object);
        }
    }
    let values = |predicate, subject| {
        objects
            .get(&(predicate, subject))
            .map(Vec::as_slice)
            .unwrap_or_default()
    };
    texts
        .into_iter()
        .map(|(item, texts)| {
            let node = NamedNodeRef::new_unchecked(item);
            let mut rows = Vec::new();
            for (case, section) in links.get(&TermRef::from(node)).into_iter().flatten() {
                for n in values(CASE_NUMBER, *case) {
                    for ordinal in values(ORDINAL, node.into()) {
                        for heading in values(RDFS_LABEL, node.into()) {
                            rows.push([
                                n.into_owned(),
                                Literal::new_simple_literal(*section).into(),
                                ordinal.into_owned(),
                                heading.into_owned(),
                            ]);
                        }
                    }
                }
            }
            IndexedItem {
                item: item.to_string(),
                texts,
                rows,
            }
        })
        .collect()
}
