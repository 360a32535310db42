//! ORDER BY on decoded rows.
//!
//! Oxigraph sorts solutions on their store ids and decodes both terms at
//! every comparison: a string key costs a RocksDB read per comparison, so
//! sorting 17,000 figures by unit and sentence was a third of the query.
//! When a SELECT orders by projected variables only, the ordering (and the
//! LIMIT/OFFSET after it) is taken out of the query and applied here to the
//! decoded rows, each term decoded once. The comparison is SPARQL's, as
//! Oxigraph's evaluator implements it (`spareval`'s `cmp_terms`), so the rows
//! come out in the same order; rows that tie on every key are then ordered by
//! their other columns, so the output never depends on evaluation order.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNode, NamedNode, Term, TermRef, Variable};
use oxigraph::sparql::{QueryResults, QuerySolution, QuerySolutionIter};
use spareval::ExpressionTerm;
use spargebra::algebra::{Expression, GraphPattern, OrderExpression};
use spargebra::Query;
use std::cmp::Ordering;
use std::sync::Arc;

/// The ordering and slice taken out of a query, applied to its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowOrder {
    /// Column index and whether it sorts descending, most significant first.
    keys: Vec<(usize, bool)>,
    start: usize,
    length: Option<usize>,
}

/// `query` without its top-level ORDER BY and slice, and that ordering, when
/// every ORDER BY key is a projected variable; otherwise `query` unchanged.
///
/// ```
/// let query = spargebra::SparqlParser::new()
///     .parse_query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o) ?s LIMIT 5")
///     .unwrap();
/// let (unordered, order) = casegraph::query::take_order(query);
/// assert!(order.is_some());
/// let text = unordered.to_string();
/// assert!(!text.contains("ORDER BY") && !text.contains("LIMIT"), "{text}");
/// ```
pub fn take_order(query: Query) -> (Query, Option<RowOrder>) {
    let Query::Select {
        dataset,
        pattern,
        base_iri,
    } = query
    else {
        return (query, None);
    };
    let order = row_order(&pattern);
    let pattern = match order {
        Some(_) => without_order(pattern),
        None => pattern,
    };
    let query = Query::Select {
        dataset,
        pattern,
        base_iri,
    };
    (query, order)
}

/// The ordering of a `[Slice] [Distinct|Reduced] Project OrderBy` pattern
/// (how spargebra builds a SELECT), if its keys are projected variables.
fn row_order(pattern: &GraphPattern) -> Option<RowOrder> {
    let (pattern, start, length) = match pattern {
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => (inner.as_ref(), *start, *length),
        other => (other, 0, None),
    };
    let pattern = match pattern {
        GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } => inner.as_ref(),
        other => other,
    };
    let GraphPattern::Project { inner, variables } = pattern else {
        return None;
    };
    let GraphPattern::OrderBy { expression, .. } = inner.as_ref() else {
        return None;
    };
    let keys = expression
        .iter()
        .map(|key| {
            let (expression, descending) = match key {
                OrderExpression::Asc(e) => (e, false),
                OrderExpression::Desc(e) => (e, true),
            };
            let Expression::Variable(variable) = expression else {
                return None;
            };
            let column = variables.iter().position(|v| v == variable)?;
            Some((column, descending))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(RowOrder {
        keys,
        start,
        length,
    })
}

/// `pattern` without its slice and ORDER BY (see [`row_order`]).
fn without_order(pattern: GraphPattern) -> GraphPattern {
    match pattern {
        GraphPattern::Slice { inner, .. } => without_order(*inner),
        GraphPattern::Distinct { inner } => GraphPattern::Distinct {
            inner: Box::new(without_order(*inner)),
        },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced {
            inner: Box::new(without_order(*inner)),
        },
        GraphPattern::Project { inner, variables } => GraphPattern::Project {
            inner: Box::new(without_order(*inner)),
            variables,
        },
        GraphPattern::OrderBy { inner, .. } => *inner,
        other => other,
    }
}

impl RowOrder {
    /// Sorts and slices the rows of `results`. Sorting needs every row, so
    /// this reads them all (as Oxigraph's ORDER BY does); the first
    /// evaluation error is returned.
    pub fn apply<'a>(
        &self,
        results: QueryResults<'a>,
    ) -> Result<QueryResults<'a>, oxigraph::sparql::QueryEvaluationError> {
        let QueryResults::Solutions(solutions) = results else {
            return Ok(results);
        };
        let variables: Arc<[Variable]> = solutions.variables().into();
        let rows = solutions.collect::<Result<Vec<_>, _>>()?;
        let order = self.positions(rows.len(), |i| {
            rows[i]
                .values()
                .iter()
                .map(|term| term.as_ref().map(Term::as_ref))
                .collect()
        });
        let mut rows: Vec<Option<QuerySolution>> = rows.into_iter().map(Some).collect();
        let rows = order
            .into_iter()
            .map(move |i| Ok(rows[i].take().expect("each position once")));
        Ok(QueryResults::Solutions(QuerySolutionIter::new(
            variables, rows,
        )))
    }

    /// The positions of `count` rows in sorted order, sliced: `row(i)` gives
    /// the terms of row `i`, borrowed (called once per row, and again for
    /// rows that tie on every key). The keys borrow the rows' strings: a
    /// copy of each (a figure's sentence, an item's heading) was a third of
    /// sorting 175,000 rows.
    pub fn positions<'r>(
        &self,
        count: usize,
        row: impl Fn(usize) -> Vec<Option<TermRef<'r>>>,
    ) -> Vec<usize> {
        self.slice(self.sorted(count, row)).collect()
    }

    /// The positions of the rows of `groups` (each a count of rows and its
    /// term for the most significant key, which all its rows share) in
    /// sorted order, sliced, as (group, row within it); `row(g, i)` gives the
    /// terms of row `i` of group `g`, as for [`Self::positions`].
    ///
    /// The groups are ordered on that key first and the rows sorted a run of
    /// equal keys at a time: rows of different runs are ordered by that key
    /// alone, so this is the order [`Self::positions`] gives, with sort keys
    /// for one run in memory instead of every row's (175,000 rows of seven
    /// keys were 68 MB, and a tenth of `outcome-figures` went to zeroing
    /// their pages).
    pub fn grouped_positions<'r>(
        &self,
        groups: &[(usize, Option<TermRef<'r>>)],
        row: impl Fn(usize, usize) -> Vec<Option<TermRef<'r>>>,
    ) -> Vec<(usize, usize)> {
        let keys: Vec<Option<SortKey<'r>>> = groups.iter().map(|g| g.1.map(SortKey::of)).collect();
        let cmp_first = |a: usize, b: usize| self.cmp_first_key(keys[a].as_ref(), keys[b].as_ref());
        let mut by_key: Vec<usize> = (0..groups.len()).collect();
        // Stable: within a run, groups stay in their order, as in `positions`.
        by_key.sort_by(|&a, &b| cmp_first(a, b));
        let total = groups.iter().map(|g| g.0).sum();
        let mut out = Vec::with_capacity(total);
        for run in by_key.chunk_by(|&a, &b| cmp_first(a, b).is_eq()) {
            let rows: Vec<(usize, usize)> = run
                .iter()
                .flat_map(|&g| (0..groups[g].0).map(move |i| (g, i)))
                .collect();
            let sorted = self.sorted(rows.len(), |i| row(rows[i].0, rows[i].1));
            out.extend(sorted.into_iter().map(|i| rows[i]));
        }
        self.slice(out).collect()
    }

    /// The column of the most significant key.
    pub fn first_column(&self) -> Option<usize> {
        self.keys.first().map(|&(column, _)| column)
    }

    /// Whether only a slice of the rows is kept (OFFSET, LIMIT).
    pub fn is_sliced(&self) -> bool {
        self.start > 0 || self.length.is_some()
    }

    /// `terms` in the order of the most significant key (as values of its
    /// column), in runs of terms it does not tell apart: the leading terms
    /// of the runs [`Self::grouped_positions`] sorts one at a time.
    pub fn runs_of_first_key(&self, terms: Vec<Term>) -> Vec<Vec<Term>> {
        let keys: Vec<SortKey<'_>> = terms.iter().map(|t| SortKey::of(t.as_ref())).collect();
        let cmp_first = |a: usize, b: usize| self.cmp_first_key(Some(&keys[a]), Some(&keys[b]));
        let mut by_key: Vec<usize> = (0..terms.len()).collect();
        by_key.sort_by(|&a, &b| cmp_first(a, b));
        by_key
            .chunk_by(|&a, &b| cmp_first(a, b).is_eq())
            .map(|run| run.iter().map(|&i| terms[i].clone()).collect())
            .collect()
    }

    /// The most significant key's comparison of two values.
    fn cmp_first_key(&self, a: Option<&SortKey<'_>>, b: Option<&SortKey<'_>>) -> Ordering {
        let order = cmp_keys(a, b);
        match self.keys.first() {
            Some(&(_, true)) => order.reverse(),
            _ => order,
        }
    }

    fn slice<T>(&self, sorted: Vec<T>) -> impl Iterator<Item = T> {
        sorted
            .into_iter()
            .skip(self.start)
            .take(self.length.unwrap_or(usize::MAX))
    }

    /// The positions of `count` rows in sorted order, not sliced.
    fn sorted<'r>(
        &self,
        count: usize,
        row: impl Fn(usize) -> Vec<Option<TermRef<'r>>>,
    ) -> Vec<usize> {
        let width = self.keys.len();
        let mut keys: Vec<Option<SortKey<'r>>> = Vec::with_capacity(count * width);
        for i in 0..count {
            let terms = row(i);
            keys.extend(
                self.keys
                    .iter()
                    .map(|&(column, _)| terms.get(column).copied().flatten().map(SortKey::of)),
            );
        }
        let keys_of = |i: usize| &keys[i * width..(i + 1) * width];
        let mut positions: Vec<usize> = (0..count).collect();
        positions.sort_by(|&a, &b| {
            self.compare(keys_of(a), keys_of(b))
                .then_with(|| self.tie_break(&row(a), &row(b)))
        });
        positions
    }

    fn compare(&self, a: &[Option<SortKey<'_>>], b: &[Option<SortKey<'_>>]) -> Ordering {
        self.keys
            .iter()
            .zip(a.iter().zip(b))
            .map(|(&(_, descending), (a, b))| {
                let order = cmp_keys(a.as_ref(), b.as_ref());
                if descending {
                    order.reverse()
                } else {
                    order
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// The order of rows that tie on every key, by all their columns: SPARQL's
    /// where it decides (for the columns that are not keys: the keys tie),
    /// then the terms themselves (`1` and `1.0` compare equal in SPARQL).
    fn tie_break(&self, a: &[Option<TermRef<'_>>], b: &[Option<TermRef<'_>>]) -> Ordering {
        a.iter()
            .zip(b)
            .enumerate()
            .map(|(column, (&x, &y))| {
                let is_key = self.keys.iter().any(|&(key, _)| key == column);
                let by_value = || {
                    let (x, y) = (x.map(SortKey::of), y.map(SortKey::of));
                    cmp_keys(x.as_ref(), y.as_ref())
                };
                let sparql = if is_key { Ordering::Equal } else { by_value() };
                sparql.then_with(|| cmp_written(x, y))
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

/// A term as ORDER BY compares it: strings and IRIs borrowed from the row,
/// other literals by their value (numbers, dates: no allocation).
enum SortKey<'a> {
    Blank(&'a str),
    Iri(&'a str),
    String(&'a str),
    LangString { value: &'a str, language: &'a str },
    Value(ExpressionTerm),
}

impl<'a> SortKey<'a> {
    fn of(term: TermRef<'a>) -> Self {
        match term {
            TermRef::BlankNode(node) => Self::Blank(node.as_str()),
            TermRef::NamedNode(iri) => Self::Iri(iri.as_str()),
            TermRef::Literal(literal) => match (literal.language(), literal.datatype()) {
                (Some(language), _) => Self::LangString {
                    value: literal.value(),
                    language,
                },
                (None, datatype) if datatype == xsd::STRING => Self::String(literal.value()),
                _ => Self::Value(term.into_owned().into()),
            },
        }
    }

    fn expression_term(&self) -> ExpressionTerm {
        match self {
            Self::Blank(id) => ExpressionTerm::BlankNode(BlankNode::new_unchecked(*id)),
            Self::Iri(iri) => ExpressionTerm::NamedNode(NamedNode::new_unchecked(*iri)),
            Self::String(value) => ExpressionTerm::StringLiteral((*value).to_string()),
            Self::LangString { value, language } => ExpressionTerm::LangStringLiteral {
                value: (*value).to_string(),
                language: (*language).to_string(),
            },
            Self::Value(term) => term.clone(),
        }
    }
}

/// [`cmp_terms`] on borrowed keys: the strings, IRIs and blank nodes that
/// most keys are compare without a copy; anything else as the evaluator does.
fn cmp_keys(a: Option<&SortKey<'_>>, b: Option<&SortKey<'_>>) -> Ordering {
    use SortKey::{Blank, Iri, LangString, String};
    match (a, b) {
        (Some(Blank(a)), Some(Blank(b)))
        | (Some(Iri(a)), Some(Iri(b)))
        | (Some(String(a)), Some(String(b))) => a.cmp(b),
        (
            Some(LangString {
                value: va,
                language: la,
            }),
            Some(LangString {
                value: vb,
                language: lb,
            }),
        ) if la == lb => va.cmp(vb),
        (Some(SortKey::Value(a)), Some(SortKey::Value(b))) => cmp_terms(Some(a), Some(b)),
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (a, b) => cmp_terms(
            a.map(SortKey::expression_term).as_ref(),
            b.map(SortKey::expression_term).as_ref(),
        ),
    }
}

/// A total order of terms as written (kind, then text, datatype, language),
/// without formatting them.
fn cmp_written(a: Option<TermRef<'_>>, b: Option<TermRef<'_>>) -> Ordering {
    fn parts<'t>(term: TermRef<'t>) -> (u8, &'t str, &'t str, &'t str) {
        match term {
            TermRef::BlankNode(node) => (0, node.as_str(), "", ""),
            TermRef::NamedNode(iri) => (1, iri.as_str(), "", ""),
            TermRef::Literal(l) => (
                2,
                l.value(),
                l.datatype().as_str(),
                l.language().unwrap_or(""),
            ),
        }
    }
    match (a, b) {
        (Some(x), Some(y)) => parts(x).cmp(&parts(y)),
        _ => a.is_some().cmp(&b.is_some()),
    }
}

/// SPARQL's ORDER BY comparison, as `spareval` 0.2 implements it: unbound,
/// blank nodes, IRIs, then literals; comparable literals by value, others
/// by lexical form, datatype and language.
fn cmp_terms(a: Option<&ExpressionTerm>, b: Option<&ExpressionTerm>) -> Ordering {
    use ExpressionTerm::{BlankNode, NamedNode};
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(BlankNode(a)), Some(BlankNode(b))) => a.as_str().cmp(b.as_str()),
        (Some(BlankNode(_)), Some(_)) => Ordering::Less,
        (Some(NamedNode(_)), Some(BlankNode(_))) => Ordering::Greater,
        (Some(NamedNode(a)), Some(NamedNode(b))) => a.as_str().cmp(b.as_str()),
        (Some(NamedNode(_)), Some(_)) => Ordering::Less,
        (Some(_), Some(BlankNode(_) | NamedNode(_))) => Ordering::Greater,
        (Some(a), Some(b)) => partial_cmp_literals(a, b).unwrap_or_else(|| {
            let (a, b) = (literal(a), literal(b));
            (a.value(), a.datatype(), a.language()).cmp(&(b.value(), b.datatype(), b.language()))
        }),
    }
}

fn literal(term: &ExpressionTerm) -> oxigraph::model::Literal {
    match Term::from(term.clone()) {
        Term::Literal(literal) => literal,
        // Only literals reach here (see `cmp_terms`).
        other => oxigraph::model::Literal::new_simple_literal(other.to_string()),
    }
}

/// Literals compared by value where SPARQL defines it (`spareval`'s
/// `partial_cmp_literals`): strings, same-language strings, numbers of
/// any numeric type, and dates, times and durations of one kind.
fn partial_cmp_literals(a: &ExpressionTerm, b: &ExpressionTerm) -> Option<Ordering> {
    use oxsdatatypes::{Decimal, Double, Float};
    use ExpressionTerm as T;
    match (a, b) {
        (T::StringLiteral(a), T::StringLiteral(b)) => a.partial_cmp(b),
        (
            T::LangStringLiteral {
                value: va,
                language: la,
            },
            T::LangStringLiteral {
                value: vb,
                language: lb,
            },
        ) => (la == lb).then(|| va.cmp(vb)),
        (T::FloatLiteral(a), T::FloatLiteral(b)) => a.partial_cmp(b),
        (T::FloatLiteral(a), T::DoubleLiteral(b)) => Double::from(*a).partial_cmp(b),
        (T::FloatLiteral(a), T::IntegerLiteral(b)) => a.partial_cmp(&Float::from(*b)),
        (T::FloatLiteral(a), T::DecimalLiteral(b)) => a.partial_cmp(&(*b).into()),
        (T::DoubleLiteral(a), T::FloatLiteral(b)) => a.partial_cmp(&(*b).into()),
        (T::DoubleLiteral(a), T::DoubleLiteral(b)) => a.partial_cmp(b),
        (T::DoubleLiteral(a), T::IntegerLiteral(b)) => a.partial_cmp(&Double::from(*b)),
        (T::DoubleLiteral(a), T::DecimalLiteral(b)) => a.partial_cmp(&(*b).into()),
        (T::IntegerLiteral(a), T::FloatLiteral(b)) => Float::from(*a).partial_cmp(b),
        (T::IntegerLiteral(a), T::DoubleLiteral(b)) => Double::from(*a).partial_cmp(b),
        (T::IntegerLiteral(a), T::IntegerLiteral(b)) => a.partial_cmp(b),
        (T::IntegerLiteral(a), T::DecimalLiteral(b)) => Decimal::from(*a).partial_cmp(b),
        (T::DecimalLiteral(a), T::FloatLiteral(b)) => Float::from(*a).partial_cmp(b),
        (T::DecimalLiteral(a), T::DoubleLiteral(b)) => Double::from(*a).partial_cmp(b),
        (T::DecimalLiteral(a), T::IntegerLiteral(b)) => a.partial_cmp(&Decimal::from(*b)),
        (T::DecimalLiteral(a), T::DecimalLiteral(b)) => a.partial_cmp(b),
        (T::DateTimeLiteral(a), T::DateTimeLiteral(b)) => a.partial_cmp(b),
        (T::TimeLiteral(a), T::TimeLiteral(b)) => a.partial_cmp(b),
        (T::DateLiteral(a), T::DateLiteral(b)) => a.partial_cmp(b),
        (T::GYearMonthLiteral(a), T::GYearMonthLiteral(b)) => a.partial_cmp(b),
        (T::GYearLiteral(a), T::GYearLiteral(b)) => a.partial_cmp(b),
        (T::GMonthDayLiteral(a), T::GMonthDayLiteral(b)) => a.partial_cmp(b),
        (T::GDayLiteral(a), T::GDayLiteral(b)) => a.partial_cmp(b),
        (T::GMonthLiteral(a), T::GMonthLiteral(b)) => a.partial_cmp(b),
        (T::DurationLiteral(a), T::DurationLiteral(b)) => a.partial_cmp(b),
        (T::DurationLiteral(a), T::YearMonthDurationLiteral(b)) => a.partial_cmp(b),
        (T::DurationLiteral(a), T::DayTimeDurationLiteral(b)) => a.partial_cmp(b),
        (T::YearMonthDurationLiteral(a), T::DurationLiteral(b)) => a.partial_cmp(b),
        (T::YearMonthDurationLiteral(a), T::YearMonthDurationLiteral(b)) => a.partial_cmp(b),
        (T::YearMonthDurationLiteral(a), T::DayTimeDurationLiteral(b)) => a.partial_cmp(b),
        (T::DayTimeDurationLiteral(a), T::DurationLiteral(b)) => a.partial_cmp(b),
        (T::DayTimeDurationLiteral(a), T::YearMonthDurationLiteral(b)) => a.partial_cmp(b),
        (T::DayTimeDurationLiteral(a), T::DayTimeDurationLiteral(b)) => a.partial_cmp(b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;
    use oxigraph::sparql::SparqlEvaluator;
    use oxigraph::store::Store;

    /// Distinct terms of every kind ORDER BY compares, none equal in value
    /// to another, so Oxigraph's (unstable) sort has no ties to break.
    const DATA: &str = r#"
        @prefix ex: <http://example.com/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:a ex:v 3 ; ex:k "k1" .
        ex:b ex:v 2.5 ; ex:k "k2" .
        ex:c ex:v "1.5e0"^^xsd:double ; ex:k "k1" .
        ex:d ex:v "b" ; ex:k "k2" .
        ex:e ex:v "a"@en ; ex:k "k1" .
        ex:f ex:v "a"@zh ; ex:k "k2" .
        ex:g ex:v "2020-01-01"^^xsd:date ; ex:k "k1" .
        ex:h ex:v "2019-12-31"^^xsd:date .
        ex:i ex:v "x"^^ex:custom ; ex:k "k2" .
        ex:j ex:v ex:iri ; ex:k "k1" .
        ex:l ex:v [] ; ex:k "k2" .
        ex:m ex:v "2021"^^xsd:gYear ; ex:k "k1" .
        ex:n ex:v -4 .
        ex:o ex:k "k3" .
    "#;

    fn store() -> Store {
        let store = Store::new().unwrap();
        store.load_from_slice(RdfFormat::Turtle, DATA).unwrap();
        store
    }

    type Rows = Vec<Vec<Option<Term>>>;

    fn rows(results: QueryResults<'_>) -> Rows {
        let QueryResults::Solutions(solutions) = results else {
            panic!("not solutions")
        };
        solutions.map(|s| s.unwrap().values().to_vec()).collect()
    }

    fn by_oxigraph_and_here(store: &Store, text: &str) -> (Rows, Rows) {
        let oxigraph = SparqlEvaluator::new()
            .parse_query(text)
            .unwrap()
            .on_store(store)
            .execute()
            .unwrap();
        let parsed = spargebra::SparqlParser::new().parse_query(text).unwrap();
        let (unordered, order) = take_order(parsed);
        let order = order.unwrap_or_else(|| panic!("{text} keeps its ORDER BY"));
        let here = SparqlEvaluator::new()
            .for_query(unordered)
            .on_store(store)
            .execute()
            .unwrap();
        (rows(oxigraph), rows(order.apply(here).unwrap()))
    }

    #[test]
    fn rows_come_in_oxigraphs_order() {
        let store = store();
        let where_ = "WHERE { ?s ?any ?other OPTIONAL { ?s <http://example.com/v> ?v } OPTIONAL { ?s <http://example.com/k> ?k } }";
        for order in ["?v", "DESC(?v)", "?k DESC(?v)", "DESC(?k) ?v", "?k ?s"] {
            let text = format!("SELECT DISTINCT ?s ?k ?v {where_} ORDER BY {order}");
            let (oxigraph, here) = by_oxigraph_and_here(&store, &text);
            assert_eq!(oxigraph.len(), 14, "{text}");
            assert_eq!(here, oxigraph, "{text}");
        }
    }

    #[test]
    fn limit_and_offset_apply_after_sorting() {
        let store = store();
        let text = "SELECT ?s ?v WHERE { ?s <http://example.com/v> ?v } ORDER BY DESC(?v) LIMIT 4 OFFSET 2";
        let (oxigraph, here) = by_oxigraph_and_here(&store, text);
        assert_eq!(oxigraph.len(), 4);
        assert_eq!(here, oxigraph);
    }

    #[test]
    fn ties_are_ordered_by_the_other_columns() {
        let store = store();
        let text = "SELECT ?k ?s WHERE { ?s <http://example.com/k> ?k } ORDER BY ?k";
        let (_, here) = by_oxigraph_and_here(&store, text);
        let keys: Vec<String> = here
            .iter()
            .map(|row| format!("{} {}", row[0].as_ref().unwrap(), row[1].as_ref().unwrap()))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn rows_grouped_by_the_first_key_come_in_the_same_order() {
        let store = store();
        let where_ = "WHERE { ?s ?any ?other OPTIONAL { ?s <http://example.com/v> ?v } OPTIONAL { ?s <http://example.com/k> ?k } }";
        for order in [
            "?k DESC(?v)",
            "DESC(?k) ?v ?s",
            "?v ?s",
            "DESC(?v) ?k",
            "?k ?s LIMIT 5 OFFSET 3",
        ] {
            let text = format!("SELECT ?k ?v ?s {where_} ORDER BY {order}");
            let parsed = spargebra::SparqlParser::new().parse_query(&text).unwrap();
            let (unordered, order) = take_order(parsed);
            let order = order.unwrap();
            let results = SparqlEvaluator::new()
                .for_query(unordered)
                .on_store(&store)
                .execute()
                .unwrap();
            let rows = rows(results);
            fn view(row: &[Option<Term>]) -> Vec<Option<TermRef<'_>>> {
                row.iter().map(|t| t.as_ref().map(Term::as_ref)).collect()
            }
            let expected: Vec<&Vec<Option<Term>>> = order
                .positions(rows.len(), |i| view(&rows[i]))
                .into_iter()
                .map(|i| &rows[i])
                .collect();
            // Groups of rows sharing the first key's term, last seen first.
            let column = order.first_column().unwrap();
            let mut groups: Vec<(Option<Term>, Vec<usize>)> = Vec::new();
            for (i, row) in rows.iter().enumerate().rev() {
                match groups.iter_mut().find(|(term, _)| *term == row[column]) {
                    Some((_, members)) => members.push(i),
                    None => groups.push((row[column].clone(), vec![i])),
                }
            }
            let leads: Vec<(usize, Option<TermRef<'_>>)> = groups
                .iter()
                .map(|(term, members)| (members.len(), term.as_ref().map(Term::as_ref)))
                .collect();
            assert!(leads.len() > 2, "{text}");
            let grouped: Vec<&Vec<Option<Term>>> = order
                .grouped_positions(&leads, |g, i| view(&rows[groups[g].1[i]]))
                .into_iter()
                .map(|(g, i)| &rows[groups[g].1[i]])
                .collect();
            assert!(!grouped.is_empty(), "{text}");
            assert_eq!(grouped, expected, "{text}");
        }
    }

    #[test]
    fn terms_come_in_runs_of_the_first_key() {
        let order_of = |text: &str| {
            let parsed = spargebra::SparqlParser::new().parse_query(text).unwrap();
            take_order(parsed).1.unwrap()
        };
        let literal = |text: &str| Term::from(oxigraph::model::Literal::new_simple_literal(text));
        let typed = |text: &str, datatype| {
            Term::from(oxigraph::model::Literal::new_typed_literal(text, datatype))
        };
        // `1` and `1.0` are equal to ORDER BY: one run, in the order given.
        let terms = vec![
            literal("b"),
            typed("2", xsd::INTEGER),
            literal("a"),
            typed("1.0", xsd::DECIMAL),
            typed("1", xsd::INTEGER),
        ];
        let ascending = order_of("SELECT ?u ?v WHERE { ?u ?p ?v } ORDER BY ?u DESC(?v)");
        assert!(!ascending.is_sliced());
        assert_eq!(
            ascending.runs_of_first_key(terms.clone()),
            vec![
                vec![terms[3].clone(), terms[4].clone()],
                vec![terms[1].clone()],
                vec![terms[2].clone()],
                vec![terms[0].clone()],
            ]
        );
        let descending = order_of("SELECT ?u WHERE { ?u ?p ?v } ORDER BY DESC(?u) LIMIT 3");
        assert!(descending.is_sliced());
        let runs = descending.runs_of_first_key(terms.clone());
        assert_eq!(runs.first(), Some(&vec![terms[0].clone()]));
        assert_eq!(runs.last(), Some(&vec![terms[3].clone(), terms[4].clone()]));
    }

    #[test]
    fn orderings_not_on_projected_variables_stay_in_the_query() {
        for text in [
            "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?o",
            "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY STR(?o)",
            "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3",
            "ASK { ?s ?p ?o }",
        ] {
            let parsed = spargebra::SparqlParser::new().parse_query(text).unwrap();
            let (kept, order) = take_order(parsed.clone());
            assert!(order.is_none(), "{text}");
            assert_eq!(kept, parsed, "{text}");
        }
    }
}
