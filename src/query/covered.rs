//! Saved queries answered from the text index that covers them.
//!
//! Two saved queries list tens of thousands of rows on a corpus: `search`
//! (the items whose text contains a word, with their case's number, section,
//! ordinal and heading) and `outcome-figures` (every figure, or those of one
//! unit, with its case's number and sentence). Oxigraph reads the store once
//! per pattern and row: 37,000 rows of `search` took 4 s at 1000 documents,
//! 175,000 rows of `outcome-figures` 4.4 s. The text index keeps those rows
//! for each item ([`crate::text_index::items_of`]) and each figure
//! ([`crate::text_index::figures_of`]), so the rows come from it; casegraph
//! then orders them as the query orders them ([`super::order`]).
//!
//! The index covers only the exact query text its rows were written for
//! (checked by its SHA-256): an edited query is evaluated by Oxigraph (for
//! `search`, narrowed by the index as any query declaring `text-index`).

use super::RowOrder;
use super::SavedQuery;
use crate::text_index::{RowGroup, TextIndex, TextIndexError, FIGURE_COLUMNS, ITEM_COLUMNS};
use oxigraph::model::{Literal, Term, TermRef, Variable};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QuerySolutionIter};
use std::sync::Arc;

/// SHA-256 of the `queries/search.rq` that [`CoveredQuery::Search`] answers.
const SEARCH_SHA256: &str = "b7a7d8323a50b523afd283042e3ced62307ee7e97515dbbf90629792b56678b4";
/// SHA-256 of the `queries/outcome-figures.rq` that [`CoveredQuery::Figures`] answers.
const FIGURES_SHA256: &str = "436d2d46b9639c9a116e5ef229ca62ab1973fc8ee93e0a2d249d44017b2f7f25";

/// The variable `search` selects before [`ITEM_COLUMNS`]: the word asked for.
const SEARCH_WORD: &str = "term";
/// The variables `outcome-figures` selects before [`FIGURE_COLUMNS`]: the
/// unit asked for (every unit when not given), and the unit.
const FIGURES_KEYS: [&str; 2] = ["only", "unit"];

/// A saved query the text index answers by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoveredQuery {
    /// `queries/search.rq`.
    Search,
    /// `queries/outcome-figures.rq`.
    Figures,
}

/// The rows of a covered query, unordered, as the index gave them: decoded
/// one by one as they are written out, so that 175,000 rows are never all
/// in memory as terms (their allocation was a third of the query).
#[derive(Debug)]
pub struct CoveredRows {
    pub variables: Vec<Variable>,
    rows: Rows,
}

/// Where a covered query's rows are.
enum Rows {
    /// Read from the index.
    Read(Vec<RowGroup>),
    /// Every figure, read from `index` one unit at a time as they are
    /// written out when the rows are ordered by unit first: the stored rows
    /// of one unit in memory, not those of all 175,000 figures, whose fresh
    /// pages the kernel zeroed for up to a third of the query.
    ByUnit {
        index: Box<TextIndex>,
        units: Vec<Term>,
    },
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rows::Read(groups) => f.debug_tuple("Read").field(groups).finish(),
            Rows::ByUnit { units, .. } => f.debug_struct("ByUnit").field("units", units).finish(),
        }
    }
}

impl CoveredQuery {
    /// Which covered query `query` is, if any.
    pub fn of(query: &SavedQuery) -> Option<Self> {
        match crate::read::sha256_hex(query.text.as_bytes()).as_str() {
            SEARCH_SHA256 => Some(Self::Search),
            FIGURES_SHA256 => Some(Self::Figures),
            _ => None,
        }
    }

    /// The query's rows for `params` from `index`; `None` where the index
    /// does not answer (`search` for the empty word, which every text contains).
    pub fn rows(
        self,
        index: &TextIndex,
        params: &[(Variable, Term)],
    ) -> Result<Option<CoveredRows>, TextIndexError> {
        let param = |name: &str| {
            params
                .iter()
                .find(|(variable, _)| variable.as_str() == name)
                .map(|(_, term)| term)
        };
        match self {
            Self::Search => {
                let word = match param(SEARCH_WORD) {
                    Some(Term::Literal(word)) => word.clone(),
                    _ => return Ok(None),
                };
                Ok(index
                    .search_rows(word.value())?
                    .map(|rows| search_rows(word, rows)))
            }
            Self::Figures => Ok(Some(match param(FIGURES_KEYS[0]) {
                Some(unit) => figure_rows(index.figures(Some(unit))?),
                None => CoveredRows {
                    variables: figure_variables(),
                    rows: Rows::ByUnit {
                        units: index.figure_units()?,
                        index: Box::new(index.clone()),
                    },
                },
            })),
        }
    }
}

fn variables(names: impl IntoIterator<Item = &'static str>) -> Vec<Variable> {
    names.into_iter().map(Variable::new_unchecked).collect()
}

fn search_rows(word: Literal, groups: Vec<RowGroup>) -> CoveredRows {
    let word = Term::from(word);
    CoveredRows {
        variables: variables(std::iter::once(SEARCH_WORD).chain(ITEM_COLUMNS)),
        rows: Rows::Read(
            groups
                .into_iter()
                .map(|group| group.led_by(word.clone()))
                .collect(),
        ),
    }
}

/// The column of `outcome-figures`' rows that holds the unit (`?unit`).
fn unit_column() -> Option<usize> {
    FIGURES_KEYS.iter().position(|&key| key == "unit")
}

fn figure_variables() -> Vec<Variable> {
    variables(FIGURES_KEYS.into_iter().chain(FIGURE_COLUMNS))
}

/// The index leads each figure with its unit: the query gives it as `?only`
/// and `?unit`.
fn figure_rows(groups: Vec<RowGroup>) -> CoveredRows {
    CoveredRows {
        variables: figure_variables(),
        rows: Rows::Read(figure_groups(groups)),
    }
}

fn figure_groups(groups: Vec<RowGroup>) -> Vec<RowGroup> {
    groups
        .into_iter()
        .map(|group| match group.leading().first().cloned() {
            Some(unit) => group.led_by(unit),
            None => group,
        })
        .collect()
}

/// Group and row within it, of every row.
fn all_rows(groups: &[RowGroup]) -> Vec<(usize, usize)> {
    groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| (0..group.len()).map(move |i| (g, i)))
        .collect()
}

/// Group and row within it, of every row, in `order`: a run of groups
/// at a time when the most significant key is a term each group leads
/// with (`outcome-figures`' unit).
fn ordered(groups: &[RowGroup], order: &RowOrder) -> Vec<(usize, usize)> {
    fn leading_key<'g>(
        order: &RowOrder,
        group: &'g RowGroup,
    ) -> Option<(usize, Option<TermRef<'g>>)> {
        let column = order.first_column()?;
        let term = group.leading().get(column)?;
        Some((group.len(), Some(term.as_ref())))
    }
    let keys = groups.iter().map(|group| leading_key(order, group));
    if let Some(keys) = keys.collect::<Option<Vec<_>>>() {
        return order.grouped_positions(&keys, |g, i| groups[g].view(i));
    }
    let rows = all_rows(groups);
    order
        .positions(rows.len(), |i| groups[rows[i].0].view(rows[i].1))
        .into_iter()
        .map(|i| rows[i])
        .collect()
}

/// The rows of `groups` at `positions`, as solutions' tuples.
fn tuples(
    groups: Vec<RowGroup>,
    positions: Vec<(usize, usize)>,
) -> impl Iterator<Item = Result<Vec<Option<Term>>, QueryEvaluationError>> {
    positions
        .into_iter()
        .map(move |(g, i)| Ok(groups[g].row(i)))
}

fn index_failed(error: crate::text_index::TextIndexError) -> QueryEvaluationError {
    QueryEvaluationError::Dataset(Box::new(error))
}

impl CoveredRows {
    /// The rows as query solutions: in `order` (sorted on the stored terms,
    /// each decoded when written), or as the index gave them.
    pub fn solutions<'a>(self, order: Option<&RowOrder>) -> QueryResults<'a> {
        let variables: Arc<[Variable]> = self.variables.into();
        let groups = match self.rows {
            Rows::Read(groups) => groups,
            Rows::ByUnit { index, units } => {
                let by_unit = order
                    .filter(|order| order.first_column() == unit_column() && !order.is_sliced());
                if let Some(order) = by_unit {
                    let rows = rows_by_unit(*index, units, order.clone());
                    return QueryResults::Solutions(QuerySolutionIter::from_tuples(
                        variables, rows,
                    ));
                }
                match index.figures(None) {
                    Ok(groups) => figure_groups(groups),
                    Err(error) => {
                        let failed = std::iter::once(Err(index_failed(error)));
                        return QueryResults::Solutions(QuerySolutionIter::from_tuples(
                            variables, failed,
                        ));
                    }
                }
            }
        };
        let positions = match order {
            Some(order) => ordered(&groups, order),
            None => all_rows(&groups),
        };
        QueryResults::Solutions(QuerySolutionIter::from_tuples(
            variables,
            tuples(groups, positions),
        ))
    }
}

/// Every figure's row in `order`, whose first key is the unit: the units in
/// that order, a run of units of equal key at a time read from `index` and
/// sorted, as [`ordered`] sorts all the rows at once.
///
/// The runs are read and sorted on a thread of their own, one run ahead of
/// the caller decoding and writing out the rows of the run before, so a
/// second core overlaps the two (`perf record` at 1000 documents: the
/// reading and sorting thread has 62 % of the samples, the writing one 38 %).
fn rows_by_unit(
    index: TextIndex,
    units: Vec<Term>,
    order: RowOrder,
) -> impl Iterator<Item = Result<Vec<Option<Term>>, QueryEvaluationError>> {
    let runs = order.runs_of_first_key(units);
    let sorted_runs = runs.into_iter().map(move |run| {
        let groups = figure_groups(index.figures_of_units(&run).map_err(index_failed)?);
        let positions = ordered(&groups, &order);
        Ok((groups, positions))
    });
    one_ahead(sorted_runs).flat_map(|sorted| -> Box<dyn Iterator<Item = _>> {
        match sorted {
            Ok((groups, positions)) => Box::new(tuples(groups, positions)),
            Err(error) => Box::new(std::iter::once(Err(error))),
        }
    })
}

/// The items of `items`, made on a thread of their own while the caller
/// takes the one before. The thread stops when the caller drops the
/// iterator; a thread that cannot start, or that panics, ends the items
/// with an error instead of cutting them short silently.
fn one_ahead<T: Send + 'static>(
    items: impl Iterator<Item = Result<T, QueryEvaluationError>> + Send + 'static,
) -> Box<dyn Iterator<Item = Result<T, QueryEvaluationError>>> {
    let failed = |message: String| {
        Err(QueryEvaluationError::Dataset(Box::new(
            std::io::Error::other(message),
        )))
    };
    // A rendezvous: the thread holds one finished item until it is taken.
    let (sender, receiver) = std::sync::mpsc::sync_channel(0);
    let worker = std::thread::Builder::new()
        .name("casegraph-read-ahead".into())
        .spawn(move || {
            for item in items {
                if sender.send(item).is_err() {
                    break;
                }
            }
        });
    match worker {
        Ok(worker) => Box::new(
            receiver.into_iter().chain(
                std::iter::once_with(move || {
                    worker
                        .join()
                        .err()
                        .map(|_| failed("reading the text index failed".into()))
                })
                .flatten(),
            ),
        ),
        Err(error) => Box::new(std::iter::once(failed(format!(
            "cannot start a thread to read the text index: {error}"
        )))),
    }
}

#[cfg(test)]
mod tests {
    use super::{one_ahead, CoveredQuery};

    #[test]
    fn items_made_ahead_come_in_their_order_and_a_panic_is_an_error() {
        let items = one_ahead((0..1000).map(Ok));
        let numbers: Vec<i32> = items.map(Result::unwrap).collect();
        assert_eq!(numbers, (0..1000).collect::<Vec<_>>());

        let panicking = (0..3).map(|i| {
            if i < 2 {
                Ok(i)
            } else {
                panic!("index unreadable")
            }
        });
        let items: Vec<_> = one_ahead(panicking).collect();
        assert_eq!(items.len(), 3, "two items, then the error: {items:?}");
        assert!(matches!(items[..2], [Ok(0), Ok(1)]));
        let error = items[2].as_ref().unwrap_err().to_string();
        assert!(error.contains("reading the text index failed"), "{error}");
    }

    #[test]
    fn a_caller_that_stops_early_stops_the_thread() {
        let made = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = made.clone();
        let items = (0..1_000_000).map(move |i| {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(i)
        });
        let first: Vec<i32> = one_ahead(items).take(3).map(Result::unwrap).collect();
        assert_eq!(first, [0, 1, 2]);
        // A thread that went on after its caller left would make the million
        // items in this time (each send fails at once).
        std::thread::sleep(std::time::Duration::from_millis(100));
        let made = made.load(std::sync::atomic::Ordering::SeqCst);
        assert!(made <= 4, "made {made} items for a caller that took 3");
    }

    #[test]
    fn the_shipped_queries_are_covered_and_edited_ones_are_not() {
        for (name, covered) in [
            ("search", CoveredQuery::Search),
            ("outcome-figures", CoveredQuery::Figures),
        ] {
            let query = super::super::resolve(name).unwrap();
            assert_eq!(
                CoveredQuery::of(&query),
                Some(covered),
                "queries/{name}.rq changed: check that the text index still gives its rows \
                 (tests/text_index.rs compares them with Oxigraph's), then update its SHA-256 \
                 in query/covered.rs"
            );
            let mut edited = query.clone();
            edited.text.push_str("# edited\n");
            assert_eq!(CoveredQuery::of(&edited), None);
        }
        assert_eq!(
            CoveredQuery::of(&super::super::resolve("cases").unwrap()),
            None
        );
    }
}
