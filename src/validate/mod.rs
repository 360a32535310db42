//! Validation: the graph against its SHACL shapes (`ontology/shapes.ttl`).
//!
//! The shapes are parsed into a small model of SHACL Core ([`shapes`]) and
//! each constraint of each targeted shape becomes a SPARQL query returning
//! the nodes that violate it ([`sparql`]), run on Oxigraph over the union of
//! all graphs. Why not a SHACL crate (issue 5): rudof's `shacl_validation`
//! 0.2.12 does not build as published (its semver ranges pick up rudof_rdf
//! 0.2.20, whose IRI type changed), brings ~200 crates (tokio, reqwest,
//! rustls) even without its `sparql` feature, and, once pinned to build,
//! reported the wrong focus node for 9 of 21 planted errors and dropped
//! every `sh:message`.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let store = oxigraph::store::Store::new()?;
//! let report = casegraph::validate::validate_store(&store)?;
//! assert!(report.conforms());
//! print!("{}", report.render_text());
//! # Ok(()) }
//! ```

pub mod shapes;
pub mod sparql;
#[cfg(test)]
mod tests;

use crate::rdf::vocab::PREFIXES;
use oxigraph::model::{Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
pub use shapes::{Severity, Shape, ShapesError};
use sparql::{Check, Returns};
use std::fmt::Write as _;

/// At most this many failing nodes per constraint are listed in the text report.
const SHOWN_PER_GROUP: usize = 20;

/// Why validation could not run (as opposed to: the data does not conform).
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error(transparent)]
    Shapes(#[from] ShapesError),
    #[error("validation query for {check} failed: {message}")]
    Query { check: String, message: String },
    #[error("in-memory store: {0}")]
    Storage(String),
}

/// One failed constraint on one focus node (and value).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct ValidationResult {
    pub severity: Severity,
    /// The targeted node shape, e.g. `cgsh:CaseShape`.
    pub shape: String,
    /// The property path, e.g. `cg:caseNumber` or `^cg:hasMeasure`; none for node-level constraints.
    pub path: Option<String>,
    /// The constraint component, e.g. `sh:maxCount`.
    pub constraint: String,
    /// The node that fails, as N-Triples (`<https://…>`).
    pub focus: String,
    /// The offending value, when the constraint is about one value.
    pub value: Option<String>,
    /// The shape's `sh:message` (or a description of the constraint).
    pub message: String,
}

/// The outcome of validating a graph.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Report {
    pub conforms: bool,
    pub violations: usize,
    pub warnings: usize,
    /// How many constraint queries ran.
    pub checks: usize,
    pub results: Vec<ValidationResult>,
}

impl Report {
    fn new(mut results: Vec<ValidationResult>, checks: usize) -> Self {
        results.sort();
        results.dedup();
        let violations = results
            .iter()
            .filter(|r| r.severity == Severity::Violation)
            .count();
        let warnings = results
            .iter()
            .filter(|r| r.severity == Severity::Warning)
            .count();
        Report {
            conforms: violations == 0,
            violations,
            warnings,
            checks,
            results,
        }
    }

    /// No result of severity `sh:Violation` (warnings do not count).
    pub fn conforms(&self) -> bool {
        self.conforms
    }

    /// A readable report: one block per shape, path and constraint, with its
    /// message and the failing focus nodes and values.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let mut start = 0;
        while start < self.results.len() {
            let first = &self.results[start];
            let same_group = |r: &ValidationResult| {
                (r.severity, &r.shape, &r.path, &r.constraint, &r.message)
                    == (
                        first.severity,
                        &first.shape,
                        &first.path,
                        &first.constraint,
                        &first.message,
                    )
            };
            let end = start
                + self.results[start..]
                    .iter()
                    .take_while(|r| same_group(r))
                    .count();
            let group = &self.results[start..end];
            let path = first
                .path
                .as_deref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{:?}: {}{} {} ({} node{})",
                first.severity,
                first.shape,
                path,
                first.constraint,
                group.len(),
                plural(group.len())
            );
            let _ = writeln!(out, "  {}", first.message);
            for r in group.iter().take(SHOWN_PER_GROUP) {
                match &r.value {
                    Some(value) if *value != r.focus => {
                        let _ = writeln!(out, "    focus {}  value {}", r.focus, value);
                    }
                    _ => {
                        let _ = writeln!(out, "    focus {}", r.focus);
                    }
                }
            }
            if group.len() > SHOWN_PER_GROUP {
                let _ = writeln!(
                    out,
                    "    … and {} more (--format json lists all)",
                    group.len() - SHOWN_PER_GROUP
                );
            }
            start = end;
        }
        let verdict = if self.conforms {
            "conforms"
        } else {
            "does NOT conform"
        };
        let _ = writeln!(
            out,
            "{verdict}: {} violation{}, {} warning{} ({} constraint checks)",
            self.violations,
            plural(self.violations),
            self.warnings,
            plural(self.warnings),
            self.checks
        );
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The shapes compiled into the binary (`ontology/shapes.ttl`), as the model.
pub fn shipped_shapes() -> Result<Vec<Shape>, ShapesError> {
    shapes::parse(crate::rdf::ontology::SHAPES_TTL)
}

/// Validates the union of all graphs of `store` against the shipped shapes.
pub fn validate_store(store: &Store) -> Result<Report, ValidateError> {
    validate_with(store, &shipped_shapes()?)
}

/// Validates quads before they are stored (`build` does this): loads them into
/// an in-memory store. Include the ontology graph, which holds the sector
/// scheme that `cg:sector` values are checked against.
pub fn validate_quads<'a>(
    quads: impl IntoIterator<Item = &'a Quad>,
) -> Result<Report, ValidateError> {
    let store = Store::new().map_err(|e| ValidateError::Storage(e.to_string()))?;
    store
        .extend(quads.into_iter().cloned())
        .map_err(|e| ValidateError::Storage(e.to_string()))?;
    validate_store(&store)
}

/// Validates the union of all graphs of `store` against `shapes`.
pub fn validate_with(store: &Store, shapes: &[Shape]) -> Result<Report, ValidateError> {
    let checks = sparql::checks(shapes);
    let mut results = Vec::new();
    for check in &checks {
        run_check(store, check, &mut results)?;
    }
    Ok(Report::new(results, checks.len()))
}

fn run_check(
    store: &Store,
    check: &Check<'_>,
    results: &mut Vec<ValidationResult>,
) -> Result<(), ValidateError> {
    let describe = || {
        format!(
            "{} {}",
            compact(&Term::from(check.shape.id.clone())),
            check.constraint.component()
        )
    };
    let failed = |message: String| ValidateError::Query {
        check: describe(),
        message,
    };
    let mut prepared = SparqlEvaluator::new()
        .parse_query(&check.query)
        .map_err(|e| failed(format!("{e}\n{}", check.query)))?;
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(solutions) = prepared
        .on_store(store)
        .execute()
        .map_err(|e| failed(e.to_string()))?
    else {
        return Err(failed("not a SELECT".to_string()));
    };
    let severity = check.property.map_or(check.shape.severity, |p| p.severity);
    let message = check
        .property
        .and_then(|p| p.message.clone())
        .or_else(|| check.shape.message.clone())
        .unwrap_or_else(|| format!("{} is not satisfied.", check.constraint.component()));
    let path = check.property.map(|p| match &p.path {
        shapes::Path::Predicate(p) => compact(&p.clone().into()),
        shapes::Path::Inverse(p) => format!("^{}", compact(&p.clone().into())),
    });
    for solution in solutions {
        let solution = solution.map_err(|e| failed(e.to_string()))?;
        let Some(focus) = solution.get("focus") else {
            continue;
        };
        let value = match check.returns {
            Returns::FocusAndValue => solution.get("value").map(compact),
            // A node-level constraint tests the focus node itself.
            Returns::Focus if check.property.is_none() => Some(compact(focus)),
            Returns::Focus => None,
        };
        results.push(ValidationResult {
            severity,
            shape: compact(&Term::from(check.shape.id.clone())),
            path: path.clone(),
            constraint: check.constraint.component().to_string(),
            focus: focus.to_string(),
            value,
            message: message.clone(),
        });
    }
    Ok(())
}

/// A term for the report: vocabulary IRIs and datatypes as `prefix:local`, others as N-Triples.
fn compact(term: &Term) -> String {
    const MORE: &[(&str, &str)] = &[
        ("cgsh", "https://w3id.org/casegraph/shapes#"),
        ("sh", shapes::SH),
    ];
    let prefixed = |iri: &str| {
        PREFIXES.iter().chain(MORE).find_map(|(prefix, ns)| {
            let local = iri.strip_prefix(ns)?;
            let plain = !local.is_empty()
                && local
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            plain.then(|| format!("{prefix}:{local}"))
        })
    };
    match term {
        Term::NamedNode(n) => {
            // Instance IRIs stay whole so they can be pasted into a query.
            if n.as_str().starts_with(crate::rdf::vocab::DEFAULT_BASE) {
                return term.to_string();
            }
            prefixed(n.as_str()).unwrap_or_else(|| term.to_string())
        }
        Term::Literal(l)
            if l.language().is_none()
                && l.datatype().as_str() != "http://www.w3.org/2001/XMLSchema#string" =>
        {
            let datatype = prefixed(l.datatype().as_str())
                .unwrap_or_else(|| format!("<{}>", l.datatype().as_str()));
            format!(
                "{}^^{datatype}",
                Term::from(oxigraph::model::Literal::new_simple_literal(l.value()))
            )
        }
        _ => term.to_string(),
    }
}
