//! The validation report: results as the text, JSON and W3C RDF reports show them.

use super::engine::Raw;
use super::shapes::{self, Constraint, Path, Severity, Shapes, SH};
use crate::rdf::vocab::PREFIXES;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt::Write as _;

/// At most this many failing nodes per constraint are listed in the text report.
const SHOWN_PER_GROUP: usize = 20;

/// One failed constraint on one focus node (and value).
#[derive(Clone, Debug, serde::Serialize)]
pub struct ValidationResult {
    pub severity: Severity,
    /// The targeted shape the focus node was validated against, e.g. `cgsh:CaseShape`.
    pub shape: String,
    /// The property path, e.g. `cg:caseNumber` or `^cg:hasMeasure`; none for node-level constraints.
    pub path: Option<String>,
    /// The constraint parameter, e.g. `sh:maxCount`.
    pub constraint: String,
    /// The node that fails, as N-Triples (`<https://…>`).
    pub focus: String,
    /// The offending value, when the constraint is about one value.
    pub value: Option<String>,
    /// The shape's `sh:message` (or a description of the constraint).
    pub message: String,
    /// The same result as RDF terms, for the W3C report.
    #[serde(skip)]
    pub terms: ResultTerms,
}

/// A result's terms (`sh:focusNode`, `sh:resultPath`, `sh:value`, `sh:sourceShape`,
/// `sh:sourceConstraintComponent`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultTerms {
    pub focus: Term,
    pub path: Option<Path>,
    pub value: Option<Term>,
    pub source_shape: NamedOrBlankNode,
    pub component: NamedNode,
    pub severity: NamedNode,
}

impl ValidationResult {
    fn key(&self) -> impl Ord + '_ {
        (
            (
                self.severity,
                &self.shape,
                &self.path,
                &self.constraint,
                &self.focus,
                &self.value,
                &self.message,
            ),
            self.terms.source_shape.to_string(),
            self.terms.component.as_str(),
        )
    }
}

impl PartialEq for ValidationResult {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ValidationResult {}

impl PartialOrd for ValidationResult {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ValidationResult {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// The outcome of validating a graph.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Report {
    pub conforms: bool,
    pub violations: usize,
    pub warnings: usize,
    /// How many (targeted shape, focus node) pairs were checked.
    pub checks: usize,
    pub results: Vec<ValidationResult>,
}

impl Report {
    pub(super) fn new(shapes: &Shapes, raw: Vec<Raw<'_>>, checks: usize) -> Self {
        let mut results: Vec<ValidationResult> = raw.iter().map(|r| result(shapes, r)).collect();
        results.sort();
        results.dedup();
        let count = |s: Severity| results.iter().filter(|r| r.severity == s).count();
        let (violations, warnings) = (count(Severity::Violation), count(Severity::Warning));
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
            "{verdict}: {} violation{}, {} warning{} ({} focus-node checks)",
            self.violations,
            plural(self.violations),
            self.warnings,
            plural(self.warnings),
            self.checks
        );
        out
    }

    /// The W3C validation report (`sh:ValidationReport`) as Turtle. Result nodes are
    /// blank nodes numbered in report order, so the same report gives the same bytes.
    pub fn render_turtle(&self) -> Result<String, std::io::Error> {
        let triples = self.triples();
        let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
        let extra = [
            ("sh", SH),
            ("xsd", "http://www.w3.org/2001/XMLSchema#"),
            ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ];
        for (prefix, iri) in PREFIXES.iter().chain(&extra) {
            serializer = serializer
                .with_prefix(*prefix, *iri)
                .map_err(std::io::Error::other)?;
        }
        let mut writer = serializer.for_writer(Vec::new());
        for t in &triples {
            writer.serialize_triple(t)?;
        }
        let bytes = writer.finish()?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The report as triples.
    pub fn triples(&self) -> Vec<Triple> {
        let report = BlankNode::new_unchecked("report");
        let mut head = vec![Triple::new(
            report.clone(),
            rdf::TYPE,
            shapes::sh("ValidationReport"),
        )];
        // SHACL's sh:conforms is false on any result, warnings included (`conforms()` counts
        // only violations, which is what decides a build).
        push(
            &mut head,
            &report,
            "conforms",
            Literal::from(self.results.is_empty()),
        );
        // The report's own triples first, so that Turtle groups them under one subject.
        let mut links = Vec::new();
        let mut out = Vec::new();
        let mut paths = 0;
        // Anonymous shapes get parser-chosen blank node ids: number them in report order instead.
        let mut shape_labels: HashMap<&BlankNode, BlankNode> = HashMap::new();
        for (i, r) in self.results.iter().enumerate() {
            let node = BlankNode::new_unchecked(format!("r{}", i + 1));
            links.push(Triple::new(
                report.clone(),
                shapes::sh("result"),
                node.clone(),
            ));
            out.push(Triple::new(
                node.clone(),
                rdf::TYPE,
                shapes::sh("ValidationResult"),
            ));
            push(&mut out, &node, "focusNode", r.terms.focus.clone());
            if let Some(path) = &r.terms.path {
                let term = path_term(path, &mut paths, &mut out);
                push(&mut out, &node, "resultPath", term);
            }
            if let Some(value) = &r.terms.value {
                push(&mut out, &node, "value", value.clone());
            }
            let source: Term = match &r.terms.source_shape {
                NamedOrBlankNode::NamedNode(n) => n.clone().into(),
                NamedOrBlankNode::BlankNode(b) => {
                    let next = shape_labels.len() + 1;
                    let label = shape_labels
                        .entry(b)
                        .or_insert_with(|| BlankNode::new_unchecked(format!("shape{next}")));
                    label.clone().into()
                }
            };
            push(&mut out, &node, "sourceShape", source);
            push(
                &mut out,
                &node,
                "sourceConstraintComponent",
                r.terms.component.clone(),
            );
            push(&mut out, &node, "resultSeverity", r.terms.severity.clone());
            push(
                &mut out,
                &node,
                "resultMessage",
                Literal::from(r.message.as_str()),
            );
        }
        head.extend(links);
        head.extend(out);
        head
    }
}

fn push(out: &mut Vec<Triple>, subject: &BlankNode, local: &str, object: impl Into<Term>) {
    out.push(Triple::new(
        subject.clone(),
        shapes::sh(local),
        object.into(),
    ));
}

/// A path as the SHACL path syntax: an IRI, or blank nodes (`sh:inversePath`, RDF lists…)
/// whose triples are added to `out`.
fn path_term(path: &Path, count: &mut usize, out: &mut Vec<Triple>) -> Term {
    let fresh = |count: &mut usize| {
        *count += 1;
        BlankNode::new_unchecked(format!("p{count}"))
    };
    let list = |parts: &[Path], count: &mut usize, out: &mut Vec<Triple>| -> Term {
        let terms: Vec<Term> = parts.iter().map(|p| path_term(p, count, out)).collect();
        let mut head: Term = rdf::NIL.into_owned().into();
        for term in terms.into_iter().rev() {
            let cell = fresh(count);
            out.push(Triple::new(cell.clone(), rdf::FIRST, term));
            out.push(Triple::new(cell.clone(), rdf::REST, head));
            head = cell.into();
        }
        head
    };
    let (local, inner) = match path {
        Path::Predicate(p) => return p.clone().into(),
        Path::Sequence(parts) => return list(parts, count, out),
        Path::Alternative(parts) => {
            let alternatives = list(parts, count, out);
            let node = fresh(count);
            push(out, &node, "alternativePath", alternatives);
            return node.into();
        }
        Path::Inverse(p) => ("inversePath", p),
        Path::ZeroOrMore(p) => ("zeroOrMorePath", p),
        Path::OneOrMore(p) => ("oneOrMorePath", p),
        Path::ZeroOrOne(p) => ("zeroOrOnePath", p),
    };
    let inner = path_term(inner, count, out);
    let node = fresh(count);
    push(out, &node, local, inner);
    node.into()
}

/// One raw result as a report result: terms, names and message.
fn result(shapes: &Shapes, raw: &Raw<'_>) -> ValidationResult {
    let source = shapes.get(raw.source);
    let constraint = &source.constraints[raw.component.constraint];
    let path = match raw.predicate {
        Some(p) => Some(Path::Predicate(p.into_owned())),
        None => source.path.clone(),
    };
    let component = component_iri(constraint, raw.component.qualified_max);
    let message = source
        .message
        .clone()
        .unwrap_or_else(|| format!("{} is not satisfied.", constraint.parameter()));
    let name = |p: &NamedNode| compact(&p.clone().into());
    let value = raw.value.map(|v| v.into_owned());
    ValidationResult {
        severity: source.severity,
        shape: compact(&shapes.get(raw.root).id.clone().into()),
        path: path.as_ref().map(|p| p.render(&name)),
        constraint: constraint.parameter().to_string(),
        focus: raw.focus.to_string(),
        value: value.as_ref().map(compact),
        message,
        terms: ResultTerms {
            focus: raw.focus.into_owned(),
            path,
            value,
            source_shape: source.id.clone(),
            component,
            severity: source.severity_iri.clone(),
        },
    }
}

/// The W3C constraint component of a constraint, e.g. `sh:MinCountConstraintComponent`.
fn component_iri(constraint: &Constraint, qualified_max: bool) -> NamedNode {
    let local = match constraint {
        Constraint::QualifiedValueShape { .. } if qualified_max => "QualifiedMaxCount".to_string(),
        Constraint::QualifiedValueShape { .. } => "QualifiedMinCount".to_string(),
        other => {
            let parameter = &other.parameter()["sh:".len()..];
            let mut chars = parameter.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect()
        }
    };
    shapes::sh(&format!("{local}ConstraintComponent"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
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
