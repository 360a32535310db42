//! Narrowing a query's variable to values an index beside the store found,
//! before Oxigraph evaluates it.
//!
//! A saved query declares which variable an index may narrow, and with which
//! parameter (`# text-index: item term`: `?item` is among the items whose
//! text contains `?term`). The query keeps its own test (its `CONTAINS`), so
//! narrowing to a superset of the answer changes no row, only how many rows
//! the evaluation starts from.

use super::covered::{CoveredQuery, CoveredRows};
use super::SavedQuery;
use crate::store::GraphStore;
use crate::text_index::{TextIndex, TextIndexError};
use oxigraph::model::{NamedNode, Term, Variable};
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use spargebra::Query;

/// Values a variable of the query's WHERE clause ranges within.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrowing {
    pub variable: Variable,
    pub values: Vec<NamedNode>,
}

/// How the text index beside the store serves a query.
#[derive(Debug)]
pub enum IndexUse {
    /// Oxigraph evaluates the query with a variable narrowed.
    Narrowed(Narrowing),
    /// The index gives the query's rows itself (unordered; [`super::covered`]).
    Covered(CoveredRows),
}

/// `query` with its WHERE clause joined with `VALUES ?variable { … }`.
///
/// ```
/// use casegraph::query::Narrowing;
/// use oxigraph::model::{NamedNode, Variable};
/// let query = spargebra::SparqlParser::new()
///     .parse_query("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
///     .unwrap();
/// let narrowing = Narrowing {
///     variable: Variable::new_unchecked("s"),
///     values: vec![NamedNode::new_unchecked("http://x/a")],
/// };
/// let narrowed = casegraph::query::narrow(query, &narrowing).to_string();
/// assert!(narrowed.contains("VALUES ( ?s ) { ( <http://x/a> )"), "{narrowed}");
/// ```
pub fn narrow(query: Query, narrowing: &Narrowing) -> Query {
    let within = |pattern| narrow_pattern(pattern, narrowing);
    match query {
        Query::Select {
            dataset,
            pattern,
            base_iri,
        } => Query::Select {
            dataset,
            pattern: within(pattern),
            base_iri,
        },
        Query::Construct {
            template,
            dataset,
            pattern,
            base_iri,
        } => Query::Construct {
            template,
            dataset,
            pattern: within(pattern),
            base_iri,
        },
        Query::Describe {
            dataset,
            pattern,
            base_iri,
        } => Query::Describe {
            dataset,
            pattern: within(pattern),
            base_iri,
        },
        Query::Ask {
            dataset,
            pattern,
            base_iri,
        } => Query::Ask {
            dataset,
            pattern: within(pattern),
            base_iri,
        },
    }
}

/// Goes down through the solution modifiers (and the projection's
/// expressions and grouping) to the WHERE clause, and joins it with the values.
fn narrow_pattern(pattern: GraphPattern, narrowing: &Narrowing) -> GraphPattern {
    let inside = |inner: Box<GraphPattern>| Box::new(narrow_pattern(*inner, narrowing));
    match pattern {
        GraphPattern::Project { inner, variables } => GraphPattern::Project {
            inner: inside(inner),
            variables,
        },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct {
            inner: inside(inner),
        },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced {
            inner: inside(inner),
        },
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => GraphPattern::Slice {
            inner: inside(inner),
            start,
            length,
        },
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy {
            inner: inside(inner),
            expression,
        },
        GraphPattern::Group {
            inner,
            variables,
            aggregates,
        } => GraphPattern::Group {
            inner: inside(inner),
            variables,
            aggregates,
        },
        where_clause => GraphPattern::Join {
            left: Box::new(GraphPattern::Values {
                variables: vec![narrowing.variable.clone()],
                bindings: narrowing
                    .values
                    .iter()
                    .map(|value| vec![Some(GroundTerm::NamedNode(value.clone()))])
                    .collect(),
            }),
            right: Box::new(where_clause),
        },
    }
}

/// How the text index beside `store` serves `query` with `bindings`: it
/// answers a query it covers ([`CoveredQuery`]) and narrows one that declares
/// `text-index` (when its parameter is bound); none otherwise, or when the
/// index is missing or not in step with the store (then Oxigraph evaluates
/// the query alone, and `warn` is told why).
pub fn index_use(
    store: &GraphStore,
    query: &SavedQuery,
    bindings: &[(Variable, Term)],
    warn: impl FnOnce(&str),
) -> Result<Option<IndexUse>, TextIndexError> {
    let covered = CoveredQuery::of(query);
    let word = query.text_index.as_ref().and_then(|uses| {
        let bound = bindings.iter().find(|(v, _)| v.as_str() == uses.param);
        match bound {
            Some((_, Term::Literal(word))) => Some((&uses.variable, word.value())),
            _ => None,
        }
    });
    if covered.is_none() && word.is_none() {
        return Ok(None);
    }
    let Some(index) = open_in_step(store, warn)? else {
        return Ok(None);
    };
    if let Some(covered) = covered {
        if let Some(rows) = covered.rows(&index, bindings)? {
            return Ok(Some(IndexUse::Covered(rows)));
        }
    }
    let Some((variable, word)) = word else {
        return Ok(None);
    };
    Ok(candidates(&index, variable, word)?.map(IndexUse::Narrowed))
}

/// `variable` narrowed to the items whose text may contain `word`, as the text
/// index beside `store` finds them; `None` when the index is missing or behind
/// the store (after `warn`), or for the empty word.
pub fn items_containing(
    store: &GraphStore,
    variable: &str,
    word: &str,
    warn: impl FnOnce(&str),
) -> Result<Option<Narrowing>, TextIndexError> {
    match open_in_step(store, warn)? {
        Some(index) => candidates(&index, variable, word),
        None => Ok(None),
    }
}

/// The text index, if it is in step with the store (else `warn` is told).
fn open_in_step(
    store: &GraphStore,
    warn: impl FnOnce(&str),
) -> Result<Option<TextIndex>, TextIndexError> {
    let index = TextIndex::open_in_step(store)?;
    if index.is_none() {
        warn("the text index is missing or behind the store (`casegraph build` brings it up to date): answering from the store alone");
    }
    Ok(index)
}

fn candidates(
    index: &TextIndex,
    variable: &str,
    word: &str,
) -> Result<Option<Narrowing>, TextIndexError> {
    Ok(index.candidates(word)?.map(|values| Narrowing {
        variable: Variable::new_unchecked(variable),
        values,
    }))
}
