//! Evaluation of the shapes on an indexed data graph.
//!
//! The data graph (the union of the given quads' graphs) is indexed once in
//! hash maps, subject-predicate → objects and predicate-object → subjects, so
//! following a path from a node costs the node's values, never a scan; each
//! targeted shape then visits its focus nodes once. The cost is linear in the
//! number of focus nodes and their values, whatever the size of the graph.

use super::shapes::{Constraint, NodeKind, Path, Shape, ShapeId, Shapes, Target};
use super::values;
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedNodeRef, QuadRef, TermRef};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
use std::cmp::Ordering;

/// The data graph, indexed: the union of the quads' graphs (a triple in two graphs counts once).
#[derive(Default)]
pub struct Data<'a> {
    forward: HashMap<(TermRef<'a>, NamedNodeRef<'a>), Vec<TermRef<'a>>>,
    backward: HashMap<(NamedNodeRef<'a>, TermRef<'a>), Vec<TermRef<'a>>>,
    predicates: HashMap<TermRef<'a>, Vec<NamedNodeRef<'a>>>,
    by_predicate: HashMap<NamedNodeRef<'a>, Vec<(TermRef<'a>, TermRef<'a>)>>,
}

impl<'a> Data<'a> {
    pub fn new(quads: impl IntoIterator<Item = QuadRef<'a>>) -> Self {
        let mut seen = HashSet::default();
        let mut data = Data::default();
        for quad in quads {
            let subject = TermRef::from(quad.subject);
            if !seen.insert((subject, quad.predicate, quad.object)) {
                continue;
            }
            let values = data.forward.entry((subject, quad.predicate)).or_default();
            if values.is_empty() {
                data.predicates
                    .entry(subject)
                    .or_default()
                    .push(quad.predicate);
            }
            values.push(quad.object);
            data.backward
                .entry((quad.predicate, quad.object))
                .or_default()
                .push(subject);
            data.by_predicate
                .entry(quad.predicate)
                .or_default()
                .push((subject, quad.object));
        }
        data
    }

    pub fn objects(&self, subject: TermRef<'a>, predicate: NamedNodeRef<'a>) -> &[TermRef<'a>] {
        self.forward
            .get(&(subject, predicate))
            .map_or(&[], Vec::as_slice)
    }

    fn subjects(&self, predicate: NamedNodeRef<'a>, object: TermRef<'a>) -> &[TermRef<'a>] {
        self.backward
            .get(&(predicate, object))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether `node` is a SHACL instance of `class` (`rdf:type/rdfs:subClassOf*`).
    fn is_instance(&self, node: TermRef<'a>, class: TermRef<'a>) -> bool {
        let types = self.objects(node, rdf::TYPE);
        if types.contains(&class) {
            return true;
        }
        // Class hierarchies are small: a list is cheaper than a hash set here.
        let mut seen: Vec<TermRef<'a>> = Vec::new();
        let mut todo: Vec<TermRef<'a>> = types.to_vec();
        while let Some(t) = todo.pop() {
            if t == class {
                return true;
            }
            if !seen.contains(&t) {
                seen.push(t);
                todo.extend_from_slice(self.objects(t, rdfs::SUB_CLASS_OF));
            }
        }
        false
    }

    /// The SHACL instances of `class`.
    fn instances(&self, class: TermRef<'a>) -> Vec<TermRef<'a>> {
        let mut classes = vec![class];
        let mut seen: HashSet<TermRef<'a>> = classes.iter().copied().collect();
        let mut i = 0;
        while i < classes.len() {
            for sub in self.subjects(rdfs::SUB_CLASS_OF, classes[i]) {
                if seen.insert(*sub) {
                    classes.push(*sub);
                }
            }
            i += 1;
        }
        let mut out = Nodes::default();
        for c in classes {
            out.extend(self.subjects(rdf::TYPE, c).iter().copied());
        }
        out.list
    }

    /// The nodes reached from `node` by `path`, each once, in order of discovery.
    pub fn values(&self, node: TermRef<'a>, path: &'a Path) -> Vec<TermRef<'a>> {
        // The index holds each triple once, so one step needs no de-duplication.
        match path {
            Path::Predicate(p) => return self.objects(node, p.as_ref()).to_vec(),
            Path::Inverse(inner) => {
                if let Path::Predicate(p) = inner.as_ref() {
                    return self.subjects(p.as_ref(), node).to_vec();
                }
            }
            _ => {}
        }
        let mut out = Nodes::default();
        self.walk(node, path, &mut out);
        out.list
    }

    fn walk(&self, node: TermRef<'a>, path: &'a Path, out: &mut Nodes<'a>) {
        match path {
            Path::Predicate(p) => out.extend(self.objects(node, p.as_ref()).iter().copied()),
            Path::Inverse(inner) => match inner.as_ref() {
                Path::Predicate(p) => out.extend(self.subjects(p.as_ref(), node).iter().copied()),
                other => {
                    // Inverse of a complex path: the nodes from which `other` reaches `node`.
                    for candidate in self.all_nodes() {
                        if self.values(candidate, other).contains(&node) {
                            out.push(candidate);
                        }
                    }
                }
            },
            Path::Sequence(parts) => {
                let mut current = vec![node];
                for part in parts {
                    let mut next = Nodes::default();
                    for n in current {
                        self.walk(n, part, &mut next);
                    }
                    current = next.list;
                }
                out.extend(current);
            }
            Path::Alternative(parts) => {
                for part in parts {
                    self.walk(node, part, out);
                }
            }
            Path::ZeroOrOne(inner) => {
                out.push(node);
                self.walk(node, inner, out);
            }
            Path::ZeroOrMore(inner) | Path::OneOrMore(inner) => {
                let mut reached = Nodes::default();
                if matches!(path, Path::ZeroOrMore(_)) {
                    reached.push(node);
                }
                let mut frontier = vec![node];
                let mut expanded = HashSet::default();
                while let Some(n) = frontier.pop() {
                    if !expanded.insert(n) {
                        continue;
                    }
                    let mut step = Nodes::default();
                    self.walk(n, inner, &mut step);
                    for m in step.list {
                        reached.push(m);
                        frontier.push(m);
                    }
                }
                out.extend(reached.list);
            }
        }
    }

    /// Every subject and object of the graph (for inverses of complex paths only).
    fn all_nodes(&self) -> Vec<TermRef<'a>> {
        let mut out = Nodes::default();
        for pairs in self.by_predicate.values() {
            for (s, o) in pairs {
                out.push(*s);
                out.push(*o);
            }
        }
        out.list
    }
}

/// A list of nodes without repeats.
#[derive(Default)]
struct Nodes<'a> {
    list: Vec<TermRef<'a>>,
    seen: HashSet<TermRef<'a>>,
}

impl<'a> Nodes<'a> {
    fn push(&mut self, node: TermRef<'a>) {
        if self.seen.insert(node) {
            self.list.push(node);
        }
    }

    fn extend(&mut self, nodes: impl IntoIterator<Item = TermRef<'a>>) {
        for n in nodes {
            self.push(n);
        }
    }
}

/// Which constraint component a result comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Component {
    /// The index of the constraint in its shape's `constraints`.
    pub constraint: usize,
    /// For `sh:qualifiedValueShape`: whether the maximum (not the minimum) failed.
    pub qualified_max: bool,
}

/// One validation result, before it is rendered.
#[derive(Clone, Debug)]
pub struct Raw<'a> {
    /// The targeted shape the validation started from.
    pub root: ShapeId,
    pub source: ShapeId,
    pub component: Component,
    pub focus: TermRef<'a>,
    /// For `sh:closed`, the predicate of the offending triple instead of the shape's path.
    pub predicate: Option<NamedNodeRef<'a>>,
    pub value: Option<TermRef<'a>>,
}

/// Validates `data` against the targeted shapes; returns the results and the number of
/// (shape, focus node) pairs checked.
pub fn run<'a>(shapes: &'a Shapes, data: &Data<'a>) -> (Vec<Raw<'a>>, usize) {
    let validator = Validator {
        shapes,
        data,
        conforms: RefCell::default(),
    };
    let mut results = Vec::new();
    let mut checked = 0;
    for &root in &shapes.targeted {
        let shape = shapes.get(root);
        if shape.deactivated {
            continue;
        }
        for focus in validator.focus_nodes(shape) {
            checked += 1;
            let before = results.len();
            validator.check(root, focus, &mut results);
            for r in &mut results[before..] {
                r.root = root;
            }
        }
    }
    (results, checked)
}

struct Validator<'s, 'a> {
    shapes: &'a Shapes,
    data: &'s Data<'a>,
    /// Whether a node conforms to a nested shape (`sh:node`, `sh:or`…), computed once:
    /// the same entity is a value of many focus nodes.
    conforms: RefCell<HashMap<(ShapeId, TermRef<'a>), bool>>,
}

impl<'a> Validator<'_, 'a> {
    fn focus_nodes(&self, shape: &'a Shape) -> Vec<TermRef<'a>> {
        let mut out = Nodes::default();
        for target in &shape.targets {
            match target {
                Target::Class(c) => out.extend(self.data.instances(c.as_ref().into())),
                Target::Node(n) => out.push(n.as_ref()),
                Target::SubjectsOf(p) | Target::ObjectsOf(p) => {
                    let subjects = matches!(target, Target::SubjectsOf(_));
                    if let Some(pairs) = self.data.by_predicate.get(&p.as_ref()) {
                        out.extend(pairs.iter().map(|(s, o)| if subjects { *s } else { *o }));
                    }
                }
            }
        }
        out.list
    }

    /// Whether `node` conforms to the shape `id` (any result, whatever its severity, fails it).
    fn conforms(&self, id: ShapeId, node: TermRef<'a>) -> bool {
        if let Some(&known) = self.conforms.borrow().get(&(id, node)) {
            return known;
        }
        let mut results = Vec::new();
        self.check(id, node, &mut results);
        self.conforms
            .borrow_mut()
            .insert((id, node), results.is_empty());
        results.is_empty()
    }

    /// Validates one focus node against one shape, adding the results to `out`.
    fn check(&self, id: ShapeId, focus: TermRef<'a>, out: &mut Vec<Raw<'a>>) {
        let shape = self.shapes.get(id);
        if shape.deactivated {
            return;
        }
        let values = match &shape.path {
            Some(path) => self.data.values(focus, path),
            None => vec![focus],
        };
        for (index, constraint) in shape.constraints.iter().enumerate() {
            let mut emit = |value: Option<TermRef<'a>>, qualified_max: bool| {
                out.push(Raw {
                    root: id,
                    source: id,
                    component: Component {
                        constraint: index,
                        qualified_max,
                    },
                    focus,
                    predicate: None,
                    value,
                })
            };
            match constraint {
                Constraint::Property(p) => {
                    for &v in &values {
                        self.check(*p, v, out);
                    }
                }
                Constraint::Closed { allowed } => {
                    for &v in &values {
                        self.closed(id, index, v, allowed, out);
                    }
                }
                _ => self.constraint(focus, &values, constraint, &mut emit),
            }
        }
    }

    fn closed(
        &self,
        id: ShapeId,
        index: usize,
        node: TermRef<'a>,
        allowed: &[oxigraph::model::NamedNode],
        out: &mut Vec<Raw<'a>>,
    ) {
        let Some(predicates) = self.data.predicates.get(&node) else {
            return;
        };
        for &p in predicates {
            if allowed.iter().any(|a| a.as_ref() == p) {
                continue;
            }
            for &o in self.data.objects(node, p) {
                out.push(Raw {
                    root: id,
                    source: id,
                    component: Component {
                        constraint: index,
                        qualified_max: false,
                    },
                    focus: node,
                    predicate: Some(p),
                    value: Some(o),
                });
            }
        }
    }

    /// Runs one constraint on the value nodes of `focus`; `emit(value, qualified_max)` reports.
    fn constraint(
        &self,
        focus: TermRef<'a>,
        values: &[TermRef<'a>],
        constraint: &'a Constraint,
        emit: &mut dyn FnMut(Option<TermRef<'a>>, bool),
    ) {
        let mut each = |fails: &dyn Fn(TermRef<'a>) -> bool| {
            for &v in values {
                if fails(v) {
                    emit(Some(v), false);
                }
            }
        };
        match constraint {
            Constraint::Class(c) => each(&|v| !self.data.is_instance(v, c.as_ref().into())),
            Constraint::Datatype(d) => each(&|v| !values::has_datatype(v, d.as_str())),
            Constraint::NodeKind(kind) => each(&|v| !node_kind_holds(*kind, v)),
            Constraint::MinExclusive(b) => each(&|v| !ordered(v, b, &[Ordering::Greater])),
            Constraint::MinInclusive(b) => {
                each(&|v| !ordered(v, b, &[Ordering::Greater, Ordering::Equal]))
            }
            Constraint::MaxExclusive(b) => each(&|v| !ordered(v, b, &[Ordering::Less])),
            Constraint::MaxInclusive(b) => {
                each(&|v| !ordered(v, b, &[Ordering::Less, Ordering::Equal]))
            }
            Constraint::MinLength(n) => each(&|v| length(v).map_or(true, |l| l < *n)),
            Constraint::MaxLength(n) => each(&|v| length(v).map_or(true, |l| l > *n)),
            Constraint::Pattern { regex, .. } => {
                each(&|v| string_value(v).map_or(true, |s| !regex.is_match(s)))
            }
            Constraint::LanguageIn(tags) => each(&|v| match v {
                TermRef::Literal(l) => l.language().map_or(true, |lang| {
                    !tags.iter().any(|t| values::lang_matches(lang, t))
                }),
                _ => true,
            }),
            Constraint::Not(s) => each(&|v| self.conforms(*s, v)),
            Constraint::And(list) => each(&|v| !list.iter().all(|s| self.conforms(*s, v))),
            Constraint::Or(list) => each(&|v| !list.iter().any(|s| self.conforms(*s, v))),
            Constraint::Xone(list) => {
                each(&|v| list.iter().filter(|s| self.conforms(**s, v)).count() != 1)
            }
            Constraint::Node(s) => each(&|v| !self.conforms(*s, v)),
            Constraint::In(list) => each(&|v| !list.iter().any(|t| t.as_ref() == v)),
            Constraint::HasValue(t) => {
                if !values.contains(&t.as_ref()) {
                    emit(None, false);
                }
            }
            Constraint::MinCount(n) => {
                if (values.len() as u64) < *n {
                    emit(None, false);
                }
            }
            Constraint::MaxCount(n) => {
                if values.len() as u64 > *n {
                    emit(None, false);
                }
            }
            Constraint::UniqueLang => {
                for _ in duplicate_languages(values) {
                    emit(None, false);
                }
            }
            Constraint::Equals(p) => {
                let others = self.data.objects(focus, p.as_ref());
                for &v in values.iter().filter(|v| !others.contains(v)) {
                    emit(Some(v), false);
                }
                for &o in others.iter().filter(|o| !values.contains(o)) {
                    emit(Some(o), false);
                }
            }
            Constraint::Disjoint(p) => {
                let others = self.data.objects(focus, p.as_ref());
                each(&|v| others.contains(&v));
            }
            Constraint::LessThan(p) | Constraint::LessThanOrEquals(p) => {
                let allowed: &[Ordering] = if matches!(constraint, Constraint::LessThan(_)) {
                    &[Ordering::Less]
                } else {
                    &[Ordering::Less, Ordering::Equal]
                };
                let others = self.data.objects(focus, p.as_ref());
                each(&|v| {
                    others
                        .iter()
                        .any(|o| !values::compare(v, *o).is_some_and(|c| allowed.contains(&c)))
                });
            }
            Constraint::QualifiedValueShape {
                shape,
                min,
                max,
                siblings,
            } => {
                let count = values
                    .iter()
                    .filter(|v| {
                        self.conforms(*shape, **v)
                            && !siblings.iter().any(|s| self.conforms(*s, **v))
                    })
                    .count() as u64;
                if min.is_some_and(|m| count < m) {
                    emit(None, false);
                }
                if max.is_some_and(|m| count > m) {
                    emit(None, true);
                }
            }
            Constraint::Property(_) | Constraint::Closed { .. } => {}
        }
    }
}

/// `value` compared with `bound` gives one of `allowed` (an incomparable value fails).
fn ordered(value: TermRef<'_>, bound: &oxigraph::model::Literal, allowed: &[Ordering]) -> bool {
    values::compare(value, bound.as_ref().into()).is_some_and(|o| allowed.contains(&o))
}

fn node_kind_holds(kind: NodeKind, v: TermRef<'_>) -> bool {
    let (iri, blank, literal) = (
        matches!(v, TermRef::NamedNode(_)),
        matches!(v, TermRef::BlankNode(_)),
        matches!(v, TermRef::Literal(_)),
    );
    match kind {
        NodeKind::Iri => iri,
        NodeKind::BlankNode => blank,
        NodeKind::Literal => literal,
        NodeKind::BlankNodeOrIri => blank || iri,
        NodeKind::BlankNodeOrLiteral => blank || literal,
        NodeKind::IriOrLiteral => iri || literal,
    }
}

/// The string form SHACL's string constraints test (`STR`); none for a blank node.
fn string_value<'x>(v: TermRef<'x>) -> Option<&'x str> {
    match v {
        TermRef::NamedNode(n) => Some(n.as_str()),
        TermRef::Literal(l) => Some(l.value()),
        _ => None,
    }
}

fn length(v: TermRef<'_>) -> Option<u64> {
    string_value(v).map(|s| s.chars().count() as u64)
}

/// The language tags (lower case) carried by more than one value, each once, sorted.
fn duplicate_languages(values: &[TermRef<'_>]) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::default();
    for v in values {
        if let TermRef::Literal(l) = v {
            if let Some(lang) = l.language() {
                *counts.entry(lang.to_ascii_lowercase()).or_default() += 1;
            }
        }
    }
    let mut out: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(l, _)| l)
        .collect();
    out.sort();
    out
}
