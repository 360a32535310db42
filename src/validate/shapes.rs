//! The shapes graph as a Rust model of SHACL Core.
//!
//! Every SHACL Core constraint component is modelled. Nothing is skipped
//! silently: a `sh:` term the model does not know (a SPARQL-based constraint
//! `sh:sparql`, a `sh:target` of SHACL-AF, …) makes [`parse`] fail with its
//! name, so a shape cannot be ignored by the validator without anyone noticing.
//! Shapes live in an arena ([`Shapes`]) and refer to each other by index, so a
//! helper shape used by many others is read once.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{
    Graph, Literal, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef,
};
use std::collections::HashMap;

pub const SH: &str = "http://www.w3.org/ns/shacl#";

/// A SHACL term, `sh:<local>`.
pub(crate) fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// How bad a failed constraint is (`sh:severity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Severity {
    Violation,
    Warning,
    Info,
    /// A severity IRI of the shapes' own (SHACL allows any): reported, but does not fail `conforms()`.
    Other,
}

/// Index of a shape in [`Shapes::all`].
pub type ShapeId = usize;

/// A parsed shapes graph: every shape reachable from a targeted shape.
#[derive(Clone, Debug, Default)]
pub struct Shapes {
    pub all: Vec<Shape>,
    /// The shapes with at least one target, in the order of their node's N-Triples form.
    pub targeted: Vec<ShapeId>,
}

impl Shapes {
    pub fn get(&self, id: ShapeId) -> &Shape {
        &self.all[id]
    }

    /// The targeted shapes.
    pub fn iter(&self) -> impl Iterator<Item = &Shape> {
        self.targeted.iter().map(|&i| &self.all[i])
    }
}

/// A node shape (no path) or a property shape (with `sh:path`).
#[derive(Clone, Debug)]
pub struct Shape {
    /// The shape's node in the shapes graph (an IRI or a blank node).
    pub id: NamedOrBlankNode,
    pub path: Option<Path>,
    pub targets: Vec<Target>,
    pub constraints: Vec<Constraint>,
    pub message: Option<String>,
    pub severity: Severity,
    /// The `sh:severity` IRI (`sh:Violation` when none is given).
    pub severity_iri: NamedNode,
    /// `sh:deactivated true`: the shape validates nothing and every node conforms to it.
    pub deactivated: bool,
}

/// How a shape selects its focus nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `sh:targetClass`, or the shape being itself an `rdfs:Class` (implicit target).
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// A SHACL property path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Path {
    Predicate(NamedNode),
    Inverse(Box<Path>),
    Sequence(Vec<Path>),
    Alternative(Vec<Path>),
    ZeroOrMore(Box<Path>),
    OneOrMore(Box<Path>),
    ZeroOrOne(Box<Path>),
}

impl Path {
    /// The path in SPARQL syntax, with `name` rendering each predicate.
    pub fn render(&self, name: &dyn Fn(&NamedNode) -> String) -> String {
        let inner = |p: &Path| match p {
            Path::Sequence(_) | Path::Alternative(_) => format!("({})", p.render(name)),
            _ => p.render(name),
        };
        let join =
            |parts: &[Path], sep: &str| parts.iter().map(inner).collect::<Vec<_>>().join(sep);
        match self {
            Path::Predicate(p) => name(p),
            Path::Inverse(p) => format!("^{}", inner(p)),
            Path::Sequence(parts) => join(parts, "/"),
            Path::Alternative(parts) => join(parts, "|"),
            Path::ZeroOrMore(p) => format!("{}*", inner(p)),
            Path::OneOrMore(p) => format!("{}+", inner(p)),
            Path::ZeroOrOne(p) => format!("{}?", inner(p)),
        }
    }
}

/// `sh:nodeKind` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

/// One SHACL Core constraint component with its parameters.
#[derive(Clone, Debug)]
pub enum Constraint {
    Class(NamedNode),
    Datatype(NamedNode),
    NodeKind(NodeKind),
    MinCount(u64),
    MaxCount(u64),
    MinExclusive(Literal),
    MinInclusive(Literal),
    MaxExclusive(Literal),
    MaxInclusive(Literal),
    MinLength(u64),
    MaxLength(u64),
    Pattern {
        regex: regex::Regex,
        source: String,
    },
    LanguageIn(Vec<String>),
    UniqueLang,
    Equals(NamedNode),
    Disjoint(NamedNode),
    LessThan(NamedNode),
    LessThanOrEquals(NamedNode),
    Not(ShapeId),
    And(Vec<ShapeId>),
    Or(Vec<ShapeId>),
    Xone(Vec<ShapeId>),
    Node(ShapeId),
    Property(ShapeId),
    QualifiedValueShape {
        shape: ShapeId,
        min: Option<u64>,
        max: Option<u64>,
        /// With `sh:qualifiedValueShapesDisjoint`: the sibling qualified shapes a value must not conform to.
        siblings: Vec<ShapeId>,
    },
    Closed {
        /// The predicates of the shape's property shapes and `sh:ignoredProperties`.
        allowed: Vec<NamedNode>,
    },
    HasValue(Term),
    In(Vec<Term>),
}

impl Constraint {
    /// The parameter's short name, e.g. `sh:minCount` (the text and JSON reports use it).
    pub fn parameter(&self) -> &'static str {
        match self {
            Constraint::Class(_) => "sh:class",
            Constraint::Datatype(_) => "sh:datatype",
            Constraint::NodeKind(_) => "sh:nodeKind",
            Constraint::MinCount(_) => "sh:minCount",
            Constraint::MaxCount(_) => "sh:maxCount",
            Constraint::MinExclusive(_) => "sh:minExclusive",
            Constraint::MinInclusive(_) => "sh:minInclusive",
            Constraint::MaxExclusive(_) => "sh:maxExclusive",
            Constraint::MaxInclusive(_) => "sh:maxInclusive",
            Constraint::MinLength(_) => "sh:minLength",
            Constraint::MaxLength(_) => "sh:maxLength",
            Constraint::Pattern { .. } => "sh:pattern",
            Constraint::LanguageIn(_) => "sh:languageIn",
            Constraint::UniqueLang => "sh:uniqueLang",
            Constraint::Equals(_) => "sh:equals",
            Constraint::Disjoint(_) => "sh:disjoint",
            Constraint::LessThan(_) => "sh:lessThan",
            Constraint::LessThanOrEquals(_) => "sh:lessThanOrEquals",
            Constraint::Not(_) => "sh:not",
            Constraint::And(_) => "sh:and",
            Constraint::Or(_) => "sh:or",
            Constraint::Xone(_) => "sh:xone",
            Constraint::Node(_) => "sh:node",
            Constraint::Property(_) => "sh:property",
            Constraint::QualifiedValueShape { .. } => "sh:qualifiedValueShape",
            Constraint::Closed { .. } => "sh:closed",
            Constraint::HasValue(_) => "sh:hasValue",
            Constraint::In(_) => "sh:in",
        }
    }

    /// Whether the constraint is about the set of values of a path, so needs a property shape.
    fn needs_path(&self) -> bool {
        matches!(
            self,
            Constraint::MinCount(_)
                | Constraint::MaxCount(_)
                | Constraint::UniqueLang
                | Constraint::LessThan(_)
                | Constraint::LessThanOrEquals(_)
                | Constraint::QualifiedValueShape { .. }
        )
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

/// The shapes of a Turtle shapes graph.
pub fn parse(turtle: &str) -> Result<Shapes, ShapesError> {
    let mut graph = Graph::new();
    for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
        let triple = triple.map_err(|e| ShapesError::Syntax(e.to_string()))?;
        graph.insert(&oxigraph::model::Triple::from(triple));
    }
    from_graph(&graph)
}

/// The shapes of a shapes graph: every targeted shape and every shape they refer to.
pub fn from_graph(graph: &Graph) -> Result<Shapes, ShapesError> {
    let mut reader = Reader {
        graph,
        shapes: Shapes::default(),
        index: HashMap::new(),
    };
    let mut roots: Vec<NamedOrBlankNode> = Vec::new();
    for target in TARGETS {
        let predicate = sh(target);
        roots.extend(
            graph
                .triples_for_predicate(&predicate)
                .map(|t| t.subject.into_owned()),
        );
    }
    // Implicit class targets: a shape that is also a class targets its instances.
    for kind in ["NodeShape", "PropertyShape"] {
        for shape in graph.subjects_for_predicate_object(rdf::TYPE, &sh(kind)) {
            if graph.contains(oxigraph::model::TripleRef::new(
                shape,
                rdf::TYPE,
                rdfs::CLASS,
            )) {
                roots.push(shape.into_owned());
            }
        }
    }
    roots.sort_by_key(|id| id.to_string());
    roots.dedup();
    for root in &roots {
        let id = reader.shape(root.as_ref())?;
        reader.shapes.targeted.push(id);
    }
    reader.refuse_cycles()?;
    for shape in &reader.shapes.all {
        for c in &shape.constraints {
            if let Constraint::Property(id) = c {
                if reader.shapes.all[*id].path.is_none() {
                    return Err(reader.error(
                        reader.shapes.all[*id].id.as_ref(),
                        "the value of sh:property has no sh:path",
                    ));
                }
            }
        }
    }
    Ok(reader.shapes)
}

const TARGETS: &[&str] = &[
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
];

/// Predicates of a shape node that carry no constraint of their own.
const ANNOTATIONS: &[&str] = &[
    "name",
    "description",
    "message",
    "severity",
    "order",
    "group",
    "defaultValue",
    "deactivated",
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "path",
];

/// Parameters read together with another component.
const PARAMETERS: &[&str] = &[
    "flags",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "ignoredProperties",
];

struct Reader<'a> {
    graph: &'a Graph,
    shapes: Shapes,
    index: HashMap<NamedOrBlankNode, ShapeId>,
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
            other => Err(self.error(owner, format!("{other} is not a shape, path or list node"))),
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

    /// A boolean parameter: SHACL activates it with `true` only (`"1"^^xsd:boolean`
    /// leaves it off, as the W3C test uniqueLang-002 says).
    fn boolean(
        &self,
        owner: NamedOrBlankNodeRef<'_>,
        term: TermRef<'_>,
    ) -> Result<bool, ShapesError> {
        Ok(self.literal(owner, term)?.value() == "true")
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
            if items.len() > 100_000 {
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

    fn severity(
        &self,
        node: NamedOrBlankNodeRef<'_>,
    ) -> Result<(Severity, NamedNode), ShapesError> {
        let Some(term) = self.object(node, &sh("severity"))? else {
            return Ok((Severity::Violation, sh("Violation")));
        };
        let iri = self.iri(node, term)?;
        let severity = match iri.as_str().strip_prefix(SH) {
            Some("Violation") => Severity::Violation,
            Some("Warning") => Severity::Warning,
            Some("Info") => Severity::Info,
            _ => Severity::Other,
        };
        Ok((severity, iri))
    }

    fn targets(&self, node: NamedOrBlankNodeRef<'_>) -> Result<Vec<Target>, ShapesError> {
        let mut targets = Vec::new();
        for term in self.objects(node, &sh("targetClass")) {
            targets.push(Target::Class(self.iri(node, term)?));
        }
        for term in self.objects(node, &sh("targetNode")) {
            targets.push(Target::Node(term.into_owned()));
        }
        for term in self.objects(node, &sh("targetSubjectsOf")) {
            targets.push(Target::SubjectsOf(self.iri(node, term)?));
        }
        for term in self.objects(node, &sh("targetObjectsOf")) {
            targets.push(Target::ObjectsOf(self.iri(node, term)?));
        }
        if let NamedOrBlankNodeRef::NamedNode(iri) = node {
            if self.graph.contains(oxigraph::model::TripleRef::new(
                node,
                rdf::TYPE,
                rdfs::CLASS,
            )) {
                targets.push(Target::Class(iri.into_owned()));
            }
        }
        Ok(targets)
    }

    /// Reads the shape at `node` (once: later references reuse its index).
    fn shape(&mut self, node: NamedOrBlankNodeRef<'_>) -> Result<ShapeId, ShapesError> {
        if let Some(&id) = self.index.get(&node.into_owned()) {
            return Ok(id);
        }
        let id = self.shapes.all.len();
        self.index.insert(node.into_owned(), id);
        self.shapes.all.push(Shape {
            id: node.into_owned(),
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            message: None,
            severity: Severity::Violation,
            severity_iri: sh("Violation"),
            deactivated: false,
        });
        let path = match self.object(node, &sh("path"))? {
            Some(term) => Some(self.path(node, term, 0)?),
            None => None,
        };
        let deactivated = match self.object(node, &sh("deactivated"))? {
            Some(term) => self.boolean(node, term)?,
            None => false,
        };
        let targets = self.targets(node)?;
        let message = self.message(node);
        let (severity, severity_iri) = self.severity(node)?;
        let constraints = self.constraints(node)?;
        if path.is_none() {
            if let Some(c) = constraints.iter().find(|c| c.needs_path()) {
                return Err(self.error(
                    node,
                    format!("{} needs a property shape (sh:path)", c.parameter()),
                ));
            }
        }
        self.shapes.all[id] = Shape {
            id: node.into_owned(),
            path,
            targets,
            constraints,
            message,
            severity,
            severity_iri,
            deactivated,
        };
        Ok(id)
    }

    fn path(
        &self,
        owner: NamedOrBlankNodeRef<'_>,
        term: TermRef<'_>,
        depth: usize,
    ) -> Result<Path, ShapesError> {
        if depth > 64 {
            return Err(self.error(owner, "property path nests too deep"));
        }
        let node = match term {
            TermRef::NamedNode(p) => return Ok(Path::Predicate(p.into_owned())),
            TermRef::BlankNode(b) => NamedOrBlankNodeRef::from(b),
            other => return Err(self.error(owner, format!("{other} is not a path"))),
        };
        let sub = |t: TermRef<'_>| self.path(owner, t, depth + 1);
        let boxed = |t: TermRef<'_>| sub(t).map(Box::new);
        if self.object(node, &rdf::FIRST.into_owned())?.is_some() {
            let parts = self.list(owner, term)?;
            if parts.len() < 2 {
                return Err(self.error(owner, "a sequence path needs at least two members"));
            }
            return Ok(Path::Sequence(
                parts
                    .iter()
                    .map(|p| sub(p.as_ref()))
                    .collect::<Result<_, _>>()?,
            ));
        }
        let kinds = [
            "inversePath",
            "alternativePath",
            "zeroOrMorePath",
            "oneOrMorePath",
            "zeroOrOnePath",
        ];
        let mut found = Vec::new();
        for kind in kinds {
            if let Some(value) = self.object(node, &sh(kind))? {
                found.push((kind, value));
            }
        }
        let [(kind, value)] = found[..] else {
            return Err(self.error(owner, format!("{term} is not a SHACL property path")));
        };
        Ok(match kind {
            "inversePath" => Path::Inverse(boxed(value)?),
            "alternativePath" => {
                let parts = self.list(owner, value)?;
                if parts.len() < 2 {
                    return Err(self.error(owner, "an alternative path needs at least two members"));
                }
                Path::Alternative(
                    parts
                        .iter()
                        .map(|p| sub(p.as_ref()))
                        .collect::<Result<_, _>>()?,
                )
            }
            "zeroOrMorePath" => Path::ZeroOrMore(boxed(value)?),
            "oneOrMorePath" => Path::OneOrMore(boxed(value)?),
            _ => Path::ZeroOrOne(boxed(value)?),
        })
    }

    /// The constraint components declared on `node`; fails on any `sh:` term it does not know.
    fn constraints(
        &mut self,
        node: NamedOrBlankNodeRef<'_>,
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
            let Some(local) = predicate.as_str().strip_prefix(SH) else {
                continue;
            };
            if ANNOTATIONS.contains(&local) || PARAMETERS.contains(&local) {
                continue;
            }
            let mut values: Vec<Term> = self
                .objects(node, &predicate)
                .into_iter()
                .map(TermRef::into_owned)
                .collect();
            values.sort_by_key(|t| t.to_string());
            for value in values {
                if let Some(c) = self.constraint(node, local, value.as_ref())? {
                    constraints.push(c);
                }
            }
        }
        Ok(constraints)
    }

    fn shape_list(
        &mut self,
        node: NamedOrBlankNodeRef<'_>,
        value: TermRef<'_>,
    ) -> Result<Vec<ShapeId>, ShapesError> {
        let members = self.list(node, value)?;
        members
            .iter()
            .map(|t| {
                let member = self.node_ref(node, t.as_ref())?;
                self.shape(member)
            })
            .collect()
    }

    fn nested(
        &mut self,
        node: NamedOrBlankNodeRef<'_>,
        value: TermRef<'_>,
    ) -> Result<ShapeId, ShapesError> {
        let member = self.node_ref(node, value)?;
        self.shape(member)
    }

    fn constraint(
        &mut self,
        node: NamedOrBlankNodeRef<'_>,
        local: &str,
        value: TermRef<'_>,
    ) -> Result<Option<Constraint>, ShapesError> {
        Ok(Some(match local {
            "class" => Constraint::Class(self.iri(node, value)?),
            "datatype" => Constraint::Datatype(self.iri(node, value)?),
            "nodeKind" => Constraint::NodeKind(self.node_kind(node, value)?),
            "minCount" => Constraint::MinCount(self.count(node, value)?),
            "maxCount" => Constraint::MaxCount(self.count(node, value)?),
            "minLength" => Constraint::MinLength(self.count(node, value)?),
            "maxLength" => Constraint::MaxLength(self.count(node, value)?),
            "minExclusive" => Constraint::MinExclusive(self.literal(node, value)?),
            "minInclusive" => Constraint::MinInclusive(self.literal(node, value)?),
            "maxExclusive" => Constraint::MaxExclusive(self.literal(node, value)?),
            "maxInclusive" => Constraint::MaxInclusive(self.literal(node, value)?),
            "pattern" => self.pattern(node, value)?,
            "languageIn" => Constraint::LanguageIn(
                self.list(node, value)?
                    .iter()
                    .map(|t| {
                        self.literal(node, t.as_ref())
                            .map(|l| l.value().to_string())
                    })
                    .collect::<Result<_, _>>()?,
            ),
            "uniqueLang" => {
                if !self.boolean(node, value)? {
                    return Ok(None);
                }
                Constraint::UniqueLang
            }
            "equals" => Constraint::Equals(self.iri(node, value)?),
            "disjoint" => Constraint::Disjoint(self.iri(node, value)?),
            "lessThan" => Constraint::LessThan(self.iri(node, value)?),
            "lessThanOrEquals" => Constraint::LessThanOrEquals(self.iri(node, value)?),
            "not" => Constraint::Not(self.nested(node, value)?),
            "and" => Constraint::And(self.shape_list(node, value)?),
            "or" => Constraint::Or(self.shape_list(node, value)?),
            "xone" => Constraint::Xone(self.shape_list(node, value)?),
            "node" => Constraint::Node(self.nested(node, value)?),
            "property" => Constraint::Property(self.nested(node, value)?),
            "qualifiedValueShape" => self.qualified(node, value)?,
            "closed" => {
                if !self.boolean(node, value)? {
                    return Ok(None);
                }
                self.closed(node)?
            }
            "hasValue" => Constraint::HasValue(value.into_owned()),
            "in" => Constraint::In(self.list(node, value)?),
            other => {
                return Err(self.error(
                    node,
                    format!("sh:{other} is not supported by casegraph's validator"),
                ))
            }
        }))
    }

    fn node_kind(
        &self,
        node: NamedOrBlankNodeRef<'_>,
        value: TermRef<'_>,
    ) -> Result<NodeKind, ShapesError> {
        let iri = self.iri(node, value)?;
        Ok(match iri.as_str().strip_prefix(SH) {
            Some("IRI") => NodeKind::Iri,
            Some("BlankNode") => NodeKind::BlankNode,
            Some("Literal") => NodeKind::Literal,
            Some("BlankNodeOrIRI") => NodeKind::BlankNodeOrIri,
            Some("BlankNodeOrLiteral") => NodeKind::BlankNodeOrLiteral,
            Some("IRIOrLiteral") => NodeKind::IriOrLiteral,
            _ => return Err(self.error(node, format!("{iri} is not a node kind"))),
        })
    }

    fn pattern(
        &self,
        node: NamedOrBlankNodeRef<'_>,
        value: TermRef<'_>,
    ) -> Result<Constraint, ShapesError> {
        let source = self.literal(node, value)?.value().to_string();
        let flags = match self.object(node, &sh("flags"))? {
            Some(t) => self.literal(node, t)?.value().to_string(),
            None => String::new(),
        };
        let mut builder = regex::RegexBuilder::new(&source);
        for flag in flags.chars() {
            match flag {
                'i' => builder.case_insensitive(true),
                's' => builder.dot_matches_new_line(true),
                'm' => builder.multi_line(true),
                'x' => builder.ignore_whitespace(true),
                'q' => {
                    builder = regex::RegexBuilder::new(&regex::escape(&source));
                    &mut builder
                }
                other => return Err(self.error(node, format!("unknown regex flag {other:?}"))),
            };
        }
        let regex = builder
            .build()
            .map_err(|e| self.error(node, format!("sh:pattern {source:?}: {e}")))?;
        Ok(Constraint::Pattern { regex, source })
    }

    fn qualified(
        &mut self,
        node: NamedOrBlankNodeRef<'_>,
        value: TermRef<'_>,
    ) -> Result<Constraint, ShapesError> {
        let bound = |this: &Self, name: &str| -> Result<Option<u64>, ShapesError> {
            this.object(node, &sh(name))?
                .map(|t| this.count(node, t))
                .transpose()
        };
        let (min, max) = (
            bound(self, "qualifiedMinCount")?,
            bound(self, "qualifiedMaxCount")?,
        );
        if min.is_none() && max.is_none() {
            return Err(self.error(
                node,
                "sh:qualifiedValueShape without sh:qualifiedMinCount or sh:qualifiedMaxCount",
            ));
        }
        let disjoint = match self.object(node, &sh("qualifiedValueShapesDisjoint"))? {
            Some(t) => self.boolean(node, t)?,
            None => false,
        };
        let shape = self.nested(node, value)?;
        let mut siblings = Vec::new();
        if disjoint {
            // The qualified value shapes of the other property shapes of this shape's parents.
            let parents: Vec<NamedOrBlankNode> = self
                .graph
                .subjects_for_predicate_object(&sh("property"), node)
                .map(|p| p.into_owned())
                .collect();
            let mut others = Vec::new();
            for parent in &parents {
                for sibling in self.objects(parent.as_ref(), &sh("property")) {
                    if sibling == TermRef::from(node) {
                        continue;
                    }
                    let sibling = self.node_ref(node, sibling)?;
                    others.extend(
                        self.objects(sibling, &sh("qualifiedValueShape"))
                            .into_iter()
                            .map(TermRef::into_owned),
                    );
                }
            }
            for other in others {
                let id = self.nested(node, other.as_ref())?;
                if id != shape && !siblings.contains(&id) {
                    siblings.push(id);
                }
            }
        }
        Ok(Constraint::QualifiedValueShape {
            shape,
            min,
            max,
            siblings,
        })
    }

    fn closed(&self, node: NamedOrBlankNodeRef<'_>) -> Result<Constraint, ShapesError> {
        let mut allowed = Vec::new();
        for property in self.objects(node, &sh("property")) {
            let property = self.node_ref(node, property)?;
            if let Some(TermRef::NamedNode(p)) = self.object(property, &sh("path"))? {
                allowed.push(p.into_owned());
            }
        }
        if let Some(list) = self.object(node, &sh("ignoredProperties"))? {
            for term in self.list(node, list)? {
                allowed.push(self.iri(node, term.as_ref())?);
            }
        }
        Ok(Constraint::Closed { allowed })
    }

    /// Recursive shapes (a shape that reaches itself through `sh:node`, `sh:property`, …)
    /// are left undefined by SHACL: refuse them rather than loop.
    fn refuse_cycles(&self) -> Result<(), ShapesError> {
        let shapes = &self.shapes.all;
        // 0 = unvisited, 1 = on the stack, 2 = done.
        let mut state = vec![0u8; shapes.len()];
        for start in 0..shapes.len() {
            let mut stack = vec![(start, 0usize)];
            while let Some(&mut (id, ref mut next)) = stack.last_mut() {
                if *next == 0 {
                    if state[id] == 2 {
                        stack.pop();
                        continue;
                    }
                    state[id] = 1;
                }
                let children = references(&shapes[id]);
                if let Some(&child) = children.get(*next) {
                    *next += 1;
                    match state[child] {
                        1 => {
                            return Err(ShapesError::Shape {
                                shape: shapes[child].id.to_string(),
                                problem: "recursive shapes are not supported (SHACL leaves their validation undefined)".to_string(),
                            })
                        }
                        0 => stack.push((child, 0)),
                        _ => {}
                    }
                } else {
                    state[id] = 2;
                    stack.pop();
                }
            }
        }
        Ok(())
    }
}

/// The shapes a shape refers to.
fn references(shape: &Shape) -> Vec<ShapeId> {
    let mut out = Vec::new();
    for c in &shape.constraints {
        match c {
            Constraint::Not(s) | Constraint::Node(s) | Constraint::Property(s) => out.push(*s),
            Constraint::And(list) | Constraint::Or(list) | Constraint::Xone(list) => {
                out.extend(list)
            }
            Constraint::QualifiedValueShape {
                shape, siblings, ..
            } => {
                out.push(*shape);
                out.extend(siblings);
            }
            _ => {}
        }
    }
    out
}
