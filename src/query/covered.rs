//! The saved query `search`, answered from the text index that covers it.
//!
//! `search` gives the items whose text contains a word, with their case's
//! number, section, ordinal and heading. On a corpus a common word is in tens
//! of thousands of items, and Oxigraph reads the store once per pattern and
//! row (37,000 rows: 4 s at 1000 documents). The text index keeps those
//! columns for each item ([`crate::text_index::items_of`]), so the rows come
//! from it; casegraph then orders them as the query orders them
//! ([`super::order`]). The index covers only the text of `queries/search.rq`
//! its rows were written for (checked by its SHA-256): an edited query is
//! evaluated by Oxigraph, narrowed by the index as any other.

use super::SavedQuery;
use oxigraph::model::{Literal, Term, Variable};
use oxigraph::sparql::{QueryResults, QuerySolutionIter};
use std::sync::Arc;

/// SHA-256 of the `queries/search.rq` that [`solutions`] answers.
const SEARCH_SHA256: &str = "b7a7d8323a50b523afd283042e3ced62307ee7e97515dbbf90629792b56678b4";

/// The variables `search` selects, in order: the word, then the columns of
/// [`crate::text_index::IndexedItem::rows`].
const VARIABLES: [&str; 5] = ["term", "n", "section", "ordinal", "heading"];

/// Whether the text index answers `query` by itself.
pub fn covers(query: &SavedQuery) -> bool {
    crate::read::sha256_hex(query.text.as_bytes()) == SEARCH_SHA256
}

/// `rows` as the solutions of `search` for the word bound to `?term`, in the
/// order given.
pub fn solutions<'a>(rows: Vec<[Term; 4]>, bindings: &[(Variable, Term)]) -> QueryResults<'a> {
    let variables: Arc<[Variable]> = VARIABLES.map(Variable::new_unchecked).into();
    let term = bindings
        .iter()
        .find(|(variable, _)| variable.as_str() == VARIABLES[0])
        .map(|(_, term)| term.clone())
        .unwrap_or_else(|| Literal::new_simple_literal("").into());
    QueryResults::Solutions(QuerySolutionIter::from_tuples(
        variables,
        rows.into_iter().map(move |[n, section, ordinal, heading]| {
            Ok(vec![
                Some(term.clone()),
                Some(n),
                Some(section),
                Some(ordinal),
                Some(heading),
            ])
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn the_shipped_search_is_covered_and_an_edited_one_is_not() {
        let search = super::super::resolve("search").unwrap();
        assert!(
            covers(&search),
            "queries/search.rq changed: check that text_index::items_of still gives its rows \
             (tests/text_index.rs compares them with Oxigraph's), then update SEARCH_SHA256"
        );
        let mut edited = search.clone();
        edited.text.push_str("# edited\n");
        assert!(!covers(&edited));
    }
}
