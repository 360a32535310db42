//! The shapes graph as a small Rust model of SHACL Core.
//!
//! Only what `ontology/shapes.ttl` needs is modelled, but nothing is skipped
//! silently: a `sh:` term the model does not know (say `sh:closed` or a
//! `sh:sparql` constraint) makes [`parse`] fail, so a new shape cannot be
//! ignored by the validator without anyone noticing.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef,
};

pub const SH: &str = "http://www.w3.org/ns/shacl#";
const RDFS_LABEL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
const RDFS_COMMENT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#comment");

/// A SHACL term, `sh:<local>`.
fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// How bad a failed constraint is (`sh:severity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Severity {
    Violation,
    Warning,
    Info,
}

/// A shape: a node shape, or the anonymous shape in `sh:or ( [ sh:class X ] … )`.
#[derive(Clone, Debug)]
pub struct Shape {
    /// The shape's node in the shapes graph (an IRI or a blank node).
    pub id: NamedOrBlankNode,
    /// `sh:targetClass` values: the instances of these classes are validated.
    pub target_classes: Vec<NamedNode>,
    /// Constraints on the focus node itself (`sh:or`, `sh:class`, … at node level).
    pub constraints: Vec<Constraint>,
    pub properties: Vec<PropertyShape>,
    pub message: Option<String>,
    pub severity: Severity,
}

/// A property shape: constraints on the values reached from the focus node by `path`.
#[derive(Clone, Debug)]
pub struct PropertyShape {
    pub id: NamedOrBlankNode,
    pub path: Path,
    /// `sh:name`, for the report.
    pub name: Option<String>,
    pub constraints: Vec<Constraint>,
    pub message: Option<String>,
    pub severity: Severity,
}

/// The SHACL property paths the shapes use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Path {
    Predicate(NamedNode),
    /// `[ sh:inversePath p ]`: from the focus node back along `p`.
    Inverse(NamedNode),
}

/// One SHACL Core constraint component with its parameters.
#[derive(Clone, Debug)]
pub enum Constraint {
    MinCount(u64),
    MaxCount(u64),
    Datatype(NamedNode),
    Class(NamedNode),
    Node(Box<Shape>),
    Or(Vec<Shape>),
    In(Vec<Term>),
    LanguageIn(Vec<String>),
    UniqueLang,
    Pattern {
        regex: String,
        flags: Option<String>,
    },
    MinLength(u64),
    MaxLength(u64),
    MinInclusive(Literal),
    MaxInclusive(Literal),
    MinExclusive(Literal),
    MaxExclusive(Literal),
    HasValue(Term),
    LessThan(NamedNode),
    LessThanOrEquals(NamedNode),
    QualifiedValueShape {
        shape: Box<Shape>,
        min: Option<u64>,
        max: Option<u64>,
    },
}

impl Constraint {
    /// Whether the constraint tests each value on its own (and so may also
    /// stand on a node shape, testing the focus node); the others are about the
    /// set of values of a path.
    pub fn is_per_value(&self) -> bool {
        !matches!(
            self,
            Constraint::MinCount(_)
                | Constraint::MaxCount(_)
                | Constraint::UniqueLang
                | Constraint::LessThan(_)
                | Constraint::LessThanOrEquals(_)
                | Constraint::QualifiedValueShape { .. }
        )
    }

    /// The constraint component's short name, e.g. `sh:minCount`.
    pub fn component(&self) -> &'static str {
        match self {
            Constraint::MinCount(_) => "sh:minCount",
            Constraint::MaxCount(_) => "sh:maxCount",
            Constraint::Datatype(_) => "sh:datatype",
            Constraint::Class(_) => "sh:class",
            Constraint::Node(_) => "sh:node",
            Constraint::Or(_) => "sh:or",
            Constraint::In(_) => "sh:in",
            Constraint::LanguageIn(_) => "sh:languageIn",
            Constraint::UniqueLang => "sh:uniqueLang",
            Constraint::Pattern { .. } => "sh:pattern",
            Constraint::MinLength(_) => "sh:minLength",
            Constraint::MaxLength(_) => "sh:maxLength",
            Constraint::MinInclusive(_) => "sh:minInclusive",
            Constraint::MaxInclusive(_) => "sh:maxInclusive",
            Constraint::MinExclusive(_) => "sh:minExclusive",
            Constraint::MaxExclusive(_) => "sh:maxExclusive",
            Constraint::HasValue(_) => "sh:hasValue",
            Constraint::LessThan(_) => "sh:lessThan",
            Constraint::LessThanOrEquals(_) => "sh:lessThanOrEquals",
            Constraint::QualifiedValueShape { .. } => "sh:qualifiedValueShape",
        }
    }
}

/// Why the shapes graph could not be turned into the model.
#[derive(Debug, thiserror::Error)]
pub enum ShapesError {
    #[error("shapes graph does not parse: {0}")]
    Syntax(String),
    #[error("shape {shape}: {problem}")]
    Shape { shape: String, problem: String },
}

/// Every shape of `turtle` that has a target, in the order of their IRIs.
pub fn parse(turtle: &str) -> Result<Vec<Shape>, ShapesError> {
    let mut graph = Graph::new();
    for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
        let triple = triple.map_err(|e| ShapesError::Syntax(e.to_string()))?;
        graph.insert(&oxigraph::model::Triple::from(triple));
    }
    let reader = Reader { graph: &graph };
    let target_class = sh("targetClass");
    let mut ids: Vec<NamedOrBlankNode> = graph
        .triples_for_predicate(&target_class)
        .map(|t| t.subject.into_owned())
        .collect();
    ids.sort_by_key(|id| id.to_string());
    ids.dedup();
    ids.iter().map(|id| reader.shape(id.as_ref(), 0)).collect()
}

/// Node shapes nest (`sh:node`, `sh:or`); deeper than this is a cycle.
const MAX_DEPTH: usize = 16;

/// Predicates of a shape node that carry no constraint.
const ANNOTATIONS: &[&str] = &[
    "name",
    "description",
    "message",
    "severity",
    "order",
    "group",
    "targetClass",
    "property",
    "path",
];

/// Parameters read together with another component (`sh:pattern`, `sh:qualifiedValueShape`).
const PARAMETERS: &[&str] = &["flags", "qualifiedMinCount", "qualifiedMaxCount"];

struct Reader<'a> {
    graph: &'a Graph,
}

impl Reader<'_> {
    fn error(&self, node: NamedOrBlankNodeRef<'_>, problem: impl Into<String>) -> ShapesError {
        ShapesError::Shape {
            shape: node.to_string(),
            problem: problem.into(),
        }
    }

    fn objects(&self, node: NamedOrBlankNodeRef<'_>, predicate: &NamedNode) -> Vec<TermRef<'_>> {
        self.graph
            .objects_for_subject_predicate(node, predicate)
            .collect()
    }

    fn object(
        &self,
        node: NamedOrBlankNodeRef<'_>,
        predicate: &NamedNode,
    ) -> Result<Option<TermRef<'_>>, ShapesError> {
        let mut objects = self.objects(node, predicate);
        if objects.len() > 1 {
            return Err(self.error(node, format!("more than one {predicate}")));
        }
        Ok(objects.pop())
    }

    fn node_ref<'t>(
        &self,
        owner: NamedOrBlankNodeRef<'_>,
        term: TermRef<'t>,
    ) -> Result<NamedOrBlankNodeRef<'t>, ShapesError> {
        match term {
            TermRef::NamedNode(n) => Ok(n.into()),
            TermRef::BlankNode(b) => Ok(b.into()),
            other => Err(self.error(owner, format!("{other} is not a shape or list node"))),
        }
    }

    fn iri(
        &self,
        owner: NamedOrBlankNodeRef<'_>,
        term: TermRef<'_>,
    ) -> Result<NamedNode, ShapesError> {
        match term {
            TermRef::NamedNode(n) => Ok(n.into_owned()),
            other => Err(self.error(owner, format!("{other} is not an IRI"))),
        }
    }

    fn literal(
        &self,
        owner: NamedOrBlankNodeRef<'_>,
        term: TermRef<'_>,
    ) -> Result<Literal, ShapesError> {
        match term {
            TermRef::Literal(l) => Ok(l.into_owned()),
            other => Err(self.error(owner, format!("{other} is not a literal"))),
        }
    }

    fn count(&self, owner: NamedOrBlankNodeRef<'_>, term: TermRef<'_>) -> Result<u64, ShapesError> {
        let literal = self.literal(owner, term)?;
        literal
            .value()
            .parse()
            .map_err(|_| self.error(owner, format!("{literal} is not a count")))
    }

    /// The members of the RDF list starting at `head`.
    fn list(
        &self,
        owner: NamedOrBlankNodeRef<'_>,
        head: TermRef<'_>,
    ) -> Result<Vec<Term>, ShapesError> {
        let mut items = Vec::new();
        let mut node = head;
        while node != TermRef::from(rdf::NIL) {
            let cell = self.node_ref(owner, node)?;
            let first = self
                .object(cell, &rdf::FIRST.into_owned())?
                .ok_or_else(|| self.error(owner, "RDF list cell without rdf:first"))?;
            items.push(first.into_owned());
            node = self
                .object(cell, &rdf::REST.into_owned())?
                .ok_or_else(|| self.error(owner, "RDF list cell without rdf:rest"))?;
            if items.len() > 10_000 {
                return Err(self.error(owner, "RDF list does not end"));
            }
        }
        Ok(items)
    }

    /// The `sh:message`, preferring English, else any.
    fn message(&self, node: NamedOrBlankNodeRef<'_>) -> Option<String> {
        let messages: Vec<Literal> = self
            .objects(node, &sh("message"))
            .into_iter()
            .filter_map(|t| match t {
                TermRef::Literal(l) => Some(l.into_owned()),
                _ => None,
            })
            .collect();
        messages
            .iter()
            .find(|l| l.language() == Some("en"))
            .or(messages.first())
            .map(|l| l.value().to_string())
    }

    fn severity(&self, node: NamedOrBlankNodeRef<'_>) -> Result<Severity, ShapesError> {
        let Some(term) = self.object(node, &sh("severity"))? else {
            return Ok(Severity::Violation);
        };
        match self.iri(node, term)?.as_str().strip_prefix(SH) {
            Some("Violation") => Ok(Severity::Violation),
            Some("Warning") => Ok(Severity::Warning),
            Some("Info") => Ok(Severity::Info),
            _ => Err(self.error(node, format!("unknown severity {term}"))),
        }
    }

    fn shape(&self, node: NamedOrBlankNodeRef<'_>, depth: usize) -> Result<Shape, ShapesError> {
        if depth > MAX_DEPTH {
            return Err(self.error(node, "shapes nest too deep (a cycle of sh:node or sh:or?)"));
        }
        let mut properties = Vec::new();
        for term in self.objects(node, &sh("property")) {
            properties.push(self.property_shape(self.node_ref(node, term)?, depth + 1)?);
        }
        let target_classes = self
            .objects(node, &sh("targetClass"))
            .into_iter()
            .map(|t| self.iri(node, t))
            .collect::<Result<_, _>>()?;
        let constraints = self.constraints(node, depth)?;
        if let Some(c) = constraints.iter().find(|c| !c.is_per_value()) {
            return Err(self.error(
                node,
                format!("{} needs a property shape (sh:path)", c.component()),
            ));
        }
        Ok(Shape {
            id: node.into_owned(),
            target_classes,
            constraints,
            properties,
            message: self.message(node),
            severity: self.severity(node)?,
        })
    }

    fn property_shape(
        &self,
        node: NamedOrBlankNodeRef<'_>,
        depth: usize,
    ) -> Result<PropertyShape, ShapesError> {
        let path_term = self
            .object(node, &sh("path"))?
            .ok_or_else(|| self.error(node, "property shape without sh:path"))?;
        let path = match path_term {
            TermRef::NamedNode(p) => Path::Predicate(p.into_owned()),
            TermRef::BlankNode(b) => match self.object(b.into(), &sh("inversePath"))? {
                Some(TermRef::NamedNode(p)) => Path::Inverse(p.into_owned()),
                _ => {
                    return Err(self.error(
                        node,
                        "only predicate paths and sh:inversePath of a predicate are supported",
                    ))
                }
            },
            other => return Err(self.error(node, format!("{other} is not a path"))),
        };
        let name = self
            .objects(node, &sh("name"))
            .into_iter()
            .find_map(|t| match t {
                TermRef::Literal(l) => Some(l.value().to_string()),
                _ => None,
            });
        Ok(PropertyShape {
            id: node.into_owned(),
            path,
            name,
            constraints: self.constraints(node, depth)?,
            message: self.message(node),
            severity: self.severity(node)?,
        })
    }

    /// The constraint components declared on `node`; fails on any `sh:` term it does not know.
    fn constraints(
        &self,
        node: NamedOrBlankNodeRef<'_>,
        depth: usize,
    ) -> Result<Vec<Constraint>, ShapesError> {
        let mut constraints = Vec::new();
        let mut predicates: Vec<NamedNode> = self
            .graph
            .triples_for_subject(node)
            .map(|t| t.predicate.into_owned())
            .collect();
        predicates.sort();
        predicates.dedup();
        for predicate in predicates {
            if predicate.as_ref() == rdf::TYPE
                || predicate.as_ref() == RDFS_LABEL
                || predicate.as_ref() == RDFS_COMMENT
            {
                continue;
            }
            let Some(local) = predicate.as_str().strip_prefix(SH) else {
                continue;
            };
            if ANNOTATIONS.contains(&local) || PARAMETERS.contains(&local) {
                continue;
            }
            for value in self.objects(node, &predicate) {
                constraints.push(self.constraint(node, local, value, depth)?);
            }
        }
        Ok(constraints)
    }

    fn constraint(
        &self,
        node: NamedOrBlankNodeRef<'_>,
        local: &str,
        value: TermRef<'_>,
        depth: usize,
    ) -> Result<Constraint, ShapesError> {
        let nested = |term: TermRef<'_>| -> Result<Shape, ShapesError> {
            self.shape(self.node_ref(node, term)?, depth + 1)
        };
        let literal_in = |term: TermRef<'_>| self.literal(node, term);
        Ok(match local {
            "minCount" => Constraint::MinCount(self.count(node, value)?),
            "maxCount" => Constraint::MaxCount(self.count(node, value)?),
            "minLength" => Constraint::MinLength(self.count(node, value)?),
            "maxLength" => Constraint::MaxLength(self.count(node, value)?),
            "datatype" => Constraint::Datatype(self.iri(node, value)?),
            "class" => Constraint::Class(self.iri(node, value)?),
            "node" => Constraint::Node(Box::new(nested(value)?)),
            "or" => Constraint::Or(
                self.list(node, value)?
                    .iter()
                    .map(|t| nested(t.as_ref()))
                    .collect::<Result<_, _>>()?,
            ),
            "in" => Constraint::In(self.list(node, value)?),
            "languageIn" => Constraint::LanguageIn(
                self.list(node, value)?
                    .iter()
                    .map(|t| literal_in(t.as_ref()).map(|l| l.value().to_string()))
                    .collect::<Result<_, _>>()?,
            ),
            "uniqueLang" => match value {
                TermRef::Literal(l) if l.value() == "true" => Constraint::UniqueLang,
                _ => return Err(self.error(node, "only sh:uniqueLang true is supported")),
            },
            "pattern" => {
                let flags = self
                    .object(node, &sh("flags"))?
                    .map(|t| literal_in(t).map(|l| l.value().to_string()))
                    .transpose()?;
                Constraint::Pattern {
                    regex: literal_in(value)?.value().to_string(),
                    flags,
                }
            }
            "minInclusive" => Constraint::MinInclusive(literal_in(value)?),
            "maxInclusive" => Constraint::MaxInclusive(literal_in(value)?),
            "minExclusive" => Constraint::MinExclusive(literal_in(value)?),
            "maxExclusive" => Constraint::MaxExclusive(literal_in(value)?),
            "hasValue" => Constraint::HasValue(value.into_owned()),
            "lessThan" => Constraint::LessThan(self.iri(node, value)?),
            "lessThanOrEquals" => Constraint::LessThanOrEquals(self.iri(node, value)?),
            "qualifiedValueShape" => {
                let bound = |name: &str| -> Result<Option<u64>, ShapesError> {
                    self.object(node, &sh(name))?
                        .map(|t| self.count(node, t))
                        .transpose()
                };
                let (min, max) = (bound("qualifiedMinCount")?, bound("qualifiedMaxCount")?);
                if min.is_none() && max.is_none() {
                    return Err(self.error(node, "sh:qualifiedValueShape without sh:qualifiedMinCount or sh:qualifiedMaxCount"));
                }
                Constraint::QualifiedValueShape {
                    shape: Box::new(nested(value)?),
                    min,
                    max,
                }
            }
            other => {
                return Err(self.error(
                    node,
                    format!("sh:{other} is not supported by casegraph's validator"),
                ))
            }
        })
    }
}
