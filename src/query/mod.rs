//! Stage 7a, query: saved SPARQL queries with typed parameters.
//!
//! Saved queries live in `queries/*.rq` (compiled in). Each starts with a
//! header comment:
//!
//! ```text
//! # title: Cases by provider
//! # description: The cases a city or body provided.
//! # param: provider zh — the provider's label, e.g. 上海
//! ```
//!
//! Parameter values are bound as RDF terms (SPARQL variable substitution),
//! never pasted into the query text, so a value cannot change the query.
//! Only queries run here: updates are refused. The default graph is the union
//! of all named graphs.

mod covered;
mod format;
mod narrow;
mod order;

pub use covered::{CoveredQuery, CoveredRows};
pub use format::{display_term, write_graph, write_results, ResultFormat};
pub use narrow::{index_use, items_containing, narrow, IndexUse, Narrowing};
pub use order::{take_order, RowOrder};

use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter,
    SparqlEvaluator,
};
use oxigraph::store::Store;
use std::path::Path;

mod saved {
    include!(concat!(env!("OUT_DIR"), "/saved_queries.rs"));
}

/// How a parameter value becomes an RDF term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A plain string literal.
    String,
    /// A literal tagged `@zh`.
    Zh,
    /// An `xsd:integer`.
    Integer,
    /// An IRI.
    Iri,
}

/// One declared parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    pub optional: bool,
    pub description: String,
}

/// A query with its header.
#[derive(Debug, Clone)]
pub struct SavedQuery {
    pub name: String,
    pub title: String,
    pub description: String,
    pub params: Vec<Param>,
    /// `# text-index: VARIABLE PARAM`: `?VARIABLE` ranges over items whose
    /// `cg:text` contains the parameter, so a text index may narrow it.
    pub text_index: Option<TextIndexUse>,
    pub text: String,
}

/// Which variable a text index narrows, for the words of which parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextIndexUse {
    pub variable: String,
    pub param: String,
}

/// Why a query could not run.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(
        "no saved query named `{0}` (see `casegraph query --list`); a query file must end in .rq"
    )]
    Unknown(String),
    #[error("{0}: {1}")]
    File(String, std::io::Error),
    #[error("{name}: line {line}: {message}")]
    Header {
        name: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Param(String),
    #[error("`casegraph query` runs SPARQL queries only; updates are refused ({0})")]
    Update(String),
    #[error("{0}: SPARQL syntax error: {1}")]
    Syntax(String, String),
    #[error("query failed: {0}")]
    Evaluation(String),
    #[error("writing results: {0}")]
    Io(#[from] std::io::Error),
}

/// Every saved query, by name.
pub fn saved_queries() -> Vec<SavedQuery> {
    saved::SAVED
        .iter()
        .map(|(name, text)| {
            parse_header(name, text).unwrap_or_else(|e| panic!("saved query {name}: {e}"))
        })
        .collect()
}

/// A saved query by `NAME`, or a query file by path (`FILE.rq`).
///
/// Names are plain words: `../x` is neither a saved query nor, lacking `.rq`,
/// a file, so it cannot reach outside `queries/`.
pub fn resolve(name_or_file: &str) -> Result<SavedQuery, QueryError> {
    let is_name = !name_or_file.is_empty()
        && name_or_file
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if is_name {
        return saved::SAVED
            .iter()
            .find(|(name, _)| *name == name_or_file)
            .map(|(name, text)| parse_header(name, text))
            .ok_or_else(|| QueryError::Unknown(name_or_file.to_string()))?;
    }
    if !name_or_file.ends_with(".rq") && !name_or_file.ends_with(".sparql") {
        return Err(QueryError::Unknown(name_or_file.to_string()));
    }
    let text = std::fs::read_to_string(Path::new(name_or_file))
        .map_err(|e| QueryError::File(name_or_file.to_string(), e))?;
    parse_header(name_or_file, &text)
}

/// Reads the `# key: value` header of a query.
pub fn parse_header(name: &str, text: &str) -> Result<SavedQuery, QueryError> {
    let mut query = SavedQuery {
        name: name.to_string(),
        title: String::new(),
        description: String::new(),
        params: Vec::new(),
        text_index: None,
        text: text.to_string(),
    };
    for (i, line) in text.lines().enumerate() {
        let Some(comment) = line.trim().strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = comment.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "title" => query.title = value.to_string(),
            "description" => {
                if !query.description.is_empty() {
                    query.description.push(' ');
                }
                query.description.push_str(value);
            }
            "param" => {
                query
                    .params
                    .push(parse_param(value).map_err(|message| QueryError::Header {
                        name: name.to_string(),
                        line: i + 1,
                        message,
                    })?)
            }
            "text-index" => {
                let mut words = value.split_whitespace();
                query.text_index = match (words.next(), words.next(), words.next()) {
                    (Some(variable), Some(param), None) => Some(TextIndexUse {
                        variable: variable.trim_start_matches('?').to_string(),
                        param: param.to_string(),
                    }),
                    _ => {
                        return Err(QueryError::Header {
                            name: name.to_string(),
                            line: i + 1,
                            message: format!(
                                "`text-index: {value}`: expected `text-index: VARIABLE PARAM`"
                            ),
                        })
                    }
                };
            }
            _ => {}
        }
    }
    Ok(query)
}

/// `name[?] kind — description`
fn parse_param(spec: &str) -> Result<Param, String> {
    let mut words = spec.splitn(3, char::is_whitespace);
    let raw_name = words.next().unwrap_or_default();
    let (name, optional) = match raw_name.strip_suffix('?') {
        Some(n) => (n, true),
        None => (raw_name, false),
    };
    Variable::new(name).map_err(|_| format!("`{name}` is not a variable name"))?;
    let kind = match words.next().unwrap_or_default() {
        "string" => ParamKind::String,
        "zh" => ParamKind::Zh,
        "integer" => ParamKind::Integer,
        "iri" => ParamKind::Iri,
        other => {
            return Err(format!(
                "parameter kind `{other}` is not one of string, zh, integer, iri"
            ))
        }
    };
    let description = words
        .next()
        .unwrap_or_default()
        .trim()
        .trim_start_matches(['—', '-'])
        .trim()
        .to_string();
    Ok(Param {
        name: name.to_string(),
        kind,
        optional,
        description,
    })
}

/// Binds `NAME=VALUE` pairs to the query's declared parameters.
pub fn bind(
    query: &SavedQuery,
    values: &[(String, String)],
) -> Result<Vec<(Variable, Term)>, QueryError> {
    let mut bound = Vec::new();
    for (name, value) in values {
        let param = query
            .params
            .iter()
            .find(|p| &p.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = query.params.iter().map(|p| p.name.as_str()).collect();
                QueryError::Param(format!(
                    "{} has no parameter `{name}` (it takes: {})",
                    query.name,
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ))
            })?;
        let term: Term = match param.kind {
            ParamKind::String => Literal::new_simple_literal(value).into(),
            ParamKind::Zh => Literal::new_language_tagged_literal_unchecked(value, "zh").into(),
            ParamKind::Integer => {
                let n: i64 = value.parse().map_err(|_| {
                    QueryError::Param(format!("--param {name}: `{value}` is not an integer"))
                })?;
                Literal::from(n).into()
            }
            ParamKind::Iri => NamedNode::new(value)
                .map_err(|e| {
                    QueryError::Param(format!("--param {name}: `{value}` is not an IRI: {e}"))
                })?
                .into(),
        };
        bound.push((Variable::new_unchecked(name), term));
    }
    for p in &query.params {
        if !p.optional && !values.iter().any(|(n, _)| n == &p.name) {
            return Err(QueryError::Param(format!(
                "{} needs --param {}=… ({})",
                query.name, p.name, p.description
            )));
        }
    }
    Ok(bound)
}

/// Runs `query` with `bindings` over the union of all graphs of `store`.
pub fn run<'a>(
    store: &'a Store,
    query: &SavedQuery,
    bindings: Vec<(Variable, Term)>,
) -> Result<QueryResults<'a>, QueryError> {
    run_cancellable(store, query, bindings, CancellationToken::new())
}

/// [`run`], stopped (`QueryEvaluationError::Cancelled`) once `token` is
/// cancelled: the server's timeout frees the thread evaluating the query.
pub fn run_cancellable<'a>(
    store: &'a Store,
    query: &SavedQuery,
    bindings: Vec<(Variable, Term)>,
    token: CancellationToken,
) -> Result<QueryResults<'a>, QueryError> {
    run_narrowed(store, query, bindings, None, token)
}

/// [`run_cancellable`], with the help of an index beside the store: a
/// variable narrowed to values it found, or the rows it gave (see [`IndexUse`]).
pub fn run_narrowed<'a>(
    store: &'a Store,
    query: &SavedQuery,
    bindings: Vec<(Variable, Term)>,
    index: Option<IndexUse>,
    token: CancellationToken,
) -> Result<QueryResults<'a>, QueryError> {
    let evaluator = SparqlEvaluator::new().with_cancellation_token(token.clone());
    let parsed = spargebra::SparqlParser::new()
        .parse_query(&query.text)
        .map_err(|syntax| {
            if SparqlEvaluator::new().parse_update(&query.text).is_ok() {
                QueryError::Update(query.name.clone())
            } else {
                QueryError::Syntax(query.name.clone(), syntax.to_string())
            }
        })?;
    let (parsed, order) = take_order(parsed);
    let parsed = match index {
        None => parsed,
        Some(IndexUse::Narrowed(narrowing)) => narrow(parsed, &narrowing),
        Some(IndexUse::Covered(rows)) => {
            return Ok(stop_between_rows(rows.solutions(order.as_ref()), token));
        }
    };
    let evaluation = |e: QueryEvaluationError| QueryError::Evaluation(e.to_string());
    let ordered = |results| match order {
        None => Ok(results),
        Some(order) => order.apply(results).map_err(evaluation),
    };
    let mut prepared = evaluator.for_query(parsed);
    prepared.dataset_mut().set_default_graph_as_union();
    for (variable, term) in bindings {
        prepared = prepared.substitute_variable(variable, term);
    }
    ordered(stop_between_rows(
        prepared.on_store(store).execute().map_err(evaluation)?,
        token,
    ))
}

/// Oxigraph checks the token when it reads the store; this also checks it
/// before each solution or triple handed out, so a query that streams rows
/// from memory (a cross product) stops too.
fn stop_between_rows(results: QueryResults<'_>, token: CancellationToken) -> QueryResults<'_> {
    let check = move || {
        if token.is_cancelled() {
            Err(QueryEvaluationError::Cancelled)
        } else {
            Ok(())
        }
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let variables: std::sync::Arc<[Variable]> = solutions.variables().into();
            QueryResults::Solutions(QuerySolutionIter::new(
                variables,
                solutions.map(move |s| check().and(s)),
            ))
        }
        QueryResults::Graph(triples) => {
            QueryResults::Graph(QueryTripleIter::new(triples.map(move |t| check().and(t))))
        }
        boolean => boolean,
    }
}
