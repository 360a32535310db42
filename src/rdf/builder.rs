//! The triples of one graph, built without repeats and kept compactly.
//!
//! A document maps to about ten thousand statements over a few thousand
//! nodes, with a handful of predicates and datatypes. As owned quads, each
//! statement copied its graph name, predicate, subject and datatype IRIs: four
//! or five allocations, most of the mapping's time. Here every IRI is kept
//! once ([`Node`]), predicates and datatypes are the vocabulary's static IRIs,
//! and literal text is appended to one buffer; quads are lent out as
//! [`QuadRef`]s, and made owned only where Oxigraph's loader wants them.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{LiteralRef, NamedNode, NamedNodeRef, TermRef, TripleRef};
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;

/// An IRI of the graph being built, kept once however many statements name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Node(u32);

/// What is known of a literal besides its text: no language or datatype
/// other than the vocabulary's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum LiteralKind {
    Simple,
    Language(&'static str),
    Typed(NamedNodeRef<'static>),
}

/// A statement's object: 12 bytes, so that a statement is 20. Ten thousand
/// of them are written per document: at 72 bytes, with the predicate, the
/// literal's range and its kind inline, their list was the text chain's
/// second source of last-level cache misses (callgrind's cache simulation).
#[derive(Debug, Clone, Copy)]
enum Object {
    Node(Node),
    /// `len` bytes of the text buffer from `start`, of kind `kinds[kind]`.
    Literal {
        start: u32,
        len: u32,
        kind: u16,
    },
}

#[derive(Debug, Clone, Copy)]
struct Statement {
    subject: Node,
    /// The predicate's IRI, kept as a node like any other.
    predicate: Node,
    object: Object,
}

/// Triples whose subjects are IRIs and whose predicates and datatypes are
/// static: what the mapping states. Their order is the order they were first
/// stated in, which the input alone fixes.
#[derive(Debug, Clone, Default)]
pub struct Triples {
    nodes: Vec<NamedNode>,
    text: String,
    /// The distinct kinds of the literals, in the order first used.
    kinds: Vec<LiteralKind>,
    statements: Vec<Statement>,
}

impl Triples {
    pub fn len(&self) -> usize {
        self.statements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The triples, borrowed, in the order they were first stated.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = TripleRef<'_>> + Clone + '_ {
        self.statements.iter().map(|s| self.triple(s))
    }

    /// The same triples ordered by `key`, the first of each key kept, and
    /// the keys in that order.
    pub(super) fn sorted_by_key(
        mut self,
        key: impl Fn(TripleRef<'_>) -> String,
    ) -> (Self, Vec<String>) {
        let mut keyed: Vec<(String, Statement)> = self
            .statements
            .iter()
            .map(|s| (key(self.triple(s)), *s))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        keyed.dedup_by(|a, b| a.0 == b.0);
        let (keys, statements) = keyed.into_iter().unzip();
        self.statements = statements;
        (self, keys)
    }

    fn triple(&self, statement: &Statement) -> TripleRef<'_> {
        let object = match statement.object {
            Object::Node(node) => TermRef::NamedNode(self.iri(node)),
            Object::Literal { start, len, kind } => TermRef::Literal(literal(
                self.literal_text(start, len),
                self.kinds[usize::from(kind)],
            )),
        };
        let predicate = self.iri(statement.predicate);
        TripleRef::new(self.iri(statement.subject), predicate, object)
    }

    /// The `len` bytes of literal text from `start`.
    fn literal_text(&self, start: u32, len: u32) -> &str {
        &self.text[start as usize..(start + len) as usize]
    }

    fn iri(&self, node: Node) -> NamedNodeRef<'_> {
        self.nodes[node.0 as usize].as_ref()
    }
}

fn literal(text: &str, kind: LiteralKind) -> LiteralRef<'_> {
    match kind {
        LiteralKind::Simple => LiteralRef::new_simple_literal(text),
        LiteralKind::Language(tag) => LiteralRef::new_language_tagged_literal_unchecked(text, tag),
        LiteralKind::Typed(datatype) => LiteralRef::new_typed_literal(text, datatype),
    }
}

/// A byte offset in a graph's text buffer, which holds the literals of one
/// document: far below 4 GiB.
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("a graph's literals fit in 4 GiB")
}

/// Builds [`Triples`]: each statement once, in the order first stated.
pub(super) struct GraphBuilder {
    triples: Triples,
    node_index: FirstSeen,
    statement_index: FirstSeen,
    /// The node of each static predicate IRI, by the address and length of
    /// its text: two words hashed for every statement, not the IRI's text.
    /// (Two statics that spell the same IRI get the same node all the same.)
    predicates: FxHashMap<(usize, usize), Node>,
}

/// An object as the builder is given it.
pub(super) enum ObjectRef<'a> {
    Node(Node),
    Literal(&'a str, LiteralKind),
}

impl From<Node> for ObjectRef<'_> {
    fn from(node: Node) -> Self {
        ObjectRef::Node(node)
    }
}

impl GraphBuilder {
    /// Room for `expected` statements up front: growing the lists and the
    /// index copied and rehashed every statement several times over.
    pub(super) fn with_capacity(expected: usize) -> Self {
        Self {
            triples: Triples {
                nodes: Vec::with_capacity(expected / 4),
                // Literal text averages 31 bytes a statement (sentences,
                // headings): a buffer that grows copies the whole of it.
                text: String::with_capacity(expected * 36),
                kinds: Vec::new(),
                statements: Vec::with_capacity(expected),
            },
            node_index: FirstSeen::with_capacity(expected / 4),
            statement_index: FirstSeen::with_capacity(expected),
            predicates: FxHashMap::default(),
        }
    }

    pub(super) fn finish(self) -> Triples {
        self.triples
    }

    /// The node of `iri`: the same node each time the same IRI is given.
    pub(super) fn node(&mut self, iri: NamedNode) -> Node {
        self.known(iri.as_str())
            .unwrap_or_else(|| self.push_node(iri))
    }

    /// The node of a vocabulary IRI (a class, a concept).
    pub(super) fn vocabulary(&mut self, iri: NamedNodeRef<'static>) -> Node {
        self.known(iri.as_str())
            .unwrap_or_else(|| self.push_node(iri.into_owned()))
    }

    /// The node that holds `iri` already; else `iri` is indexed as the next
    /// node, which the caller then pushes.
    fn known(&mut self, iri: &str) -> Option<Node> {
        let nodes = &self.triples.nodes;
        let next = nodes.len() as u32;
        let hash = FxBuildHasher.hash_one(iri);
        self.node_index
            .find_or_insert(hash, next, |at| nodes[at as usize].as_str() == iri)
            .map(Node)
    }

    fn push_node(&mut self, iri: NamedNode) -> Node {
        self.triples.nodes.push(iri);
        Node(self.triples.nodes.len() as u32 - 1)
    }

    /// The IRI of `node`.
    pub(super) fn iri(&self, node: Node) -> &NamedNode {
        &self.triples.nodes[node.0 as usize]
    }

    /// Keeps `s p o` unless it was stated before. The statement is checked as
    /// given and stored only when new: a repeated statement (an entity
    /// mentioned in several items of a case) costs no allocation.
    pub(super) fn add<'a>(
        &mut self,
        subject: Node,
        predicate: NamedNodeRef<'static>,
        object: impl Into<ObjectRef<'a>>,
    ) {
        let predicate = self.predicate(predicate);
        let object = object.into();
        let (hash, kind) = match &object {
            ObjectRef::Node(node) => (FxBuildHasher.hash_one((subject, predicate, node)), 0),
            ObjectRef::Literal(text, kind) => {
                let kind = self.kind(*kind);
                (
                    FxBuildHasher.hash_one((subject, predicate, text, kind)),
                    kind,
                )
            }
        };
        let triples = &mut self.triples;
        let next = triples.statements.len() as u32;
        let same = |at: u32| {
            let earlier = &triples.statements[at as usize];
            earlier.subject == subject
                && earlier.predicate == predicate
                && match (earlier.object, &object) {
                    (Object::Node(a), ObjectRef::Node(b)) => a == *b,
                    (
                        Object::Literal {
                            start,
                            len,
                            kind: a,
                        },
                        ObjectRef::Literal(text, _),
                    ) => a == kind && triples.literal_text(start, len) == *text,
                    _ => false,
                }
        };
        if self
            .statement_index
            .find_or_insert(hash, next, same)
            .is_some()
        {
            return;
        }
        let object = match object {
            ObjectRef::Node(node) => Object::Node(node),
            ObjectRef::Literal(text, _) => {
                let start = offset(triples.text.len());
                triples.text.push_str(text);
                Object::Literal {
                    start,
                    len: offset(text.len()),
                    kind,
                }
            }
        };
        triples.statements.push(Statement {
            subject,
            predicate,
            object,
        });
    }

    /// The node of a static predicate IRI.
    fn predicate(&mut self, iri: NamedNodeRef<'static>) -> Node {
        let key = (iri.as_str().as_ptr() as usize, iri.as_str().len());
        if let Some(&node) = self.predicates.get(&key) {
            return node;
        }
        let node = self.vocabulary(iri);
        self.predicates.insert(key, node);
        node
    }

    /// The index of `kind` among the kinds used: a graph has a handful
    /// (plain, `@zh`, a few datatypes), looked through in order.
    fn kind(&mut self, kind: LiteralKind) -> u16 {
        let kinds = &mut self.triples.kinds;
        let at = kinds.iter().position(|&k| k == kind).unwrap_or_else(|| {
            kinds.push(kind);
            kinds.len() - 1
        });
        u16::try_from(at).expect("fewer than 65,536 literal kinds in a graph")
    }

    /// `s p iri`, for an object from the vocabulary (a class, a concept).
    pub(super) fn add_iri(
        &mut self,
        subject: Node,
        predicate: NamedNodeRef<'static>,
        iri: NamedNodeRef<'static>,
    ) {
        let object = self.vocabulary(iri);
        self.add(subject, predicate, object);
    }

    pub(super) fn simple(&mut self, s: Node, p: NamedNodeRef<'static>, text: &str) {
        self.add(s, p, ObjectRef::Literal(text, LiteralKind::Simple));
    }

    pub(super) fn zh(&mut self, s: Node, p: NamedNodeRef<'static>, text: &str) {
        self.add(s, p, ObjectRef::Literal(text, LiteralKind::Language("zh")));
    }

    pub(super) fn typed(
        &mut self,
        s: Node,
        p: NamedNodeRef<'static>,
        lexical: &str,
        datatype: NamedNodeRef<'static>,
    ) {
        self.add(
            s,
            p,
            ObjectRef::Literal(lexical, LiteralKind::Typed(datatype)),
        );
    }

    /// An `xsd:integer`, written without an allocation (six per text span).
    pub(super) fn integer(&mut self, s: Node, p: NamedNodeRef<'static>, n: usize) {
        self.typed(s, p, itoa::Buffer::new().format(n), xsd::INTEGER);
    }
}

/// The index of the first of equal things, found by their hash; the rare
/// things that share a hash with a different earlier one are kept aside.
/// Indices, not clones: cloning every quad into a set and hashing it with
/// SipHash was most of the mapping's time.
///
/// Keyed by 32 bits of the hash: the table is written at random places for
/// every statement, and at half the size more of it stays in the cache;
/// the few more hashes that collide are told apart all the same.
struct FirstSeen {
    first: FxHashMap<u32, u32>,
    collided: Vec<(u32, u32)>,
}

impl FirstSeen {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            first: FxHashMap::with_capacity_and_hasher(capacity, FxBuildHasher),
            collided: Vec::new(),
        }
    }

    /// The earlier index with this `hash` that `same` accepts; else `next`
    /// is recorded under `hash` and the answer is `None`.
    fn find_or_insert(&mut self, hash: u64, next: u32, same: impl Fn(u32) -> bool) -> Option<u32> {
        // The high half: FxHasher mixes its last multiply into the high bits.
        let hash = (hash >> 32) as u32;
        match self.first.entry(hash) {
            Entry::Vacant(e) => {
                e.insert(next);
                None
            }
            Entry::Occupied(e) => {
                let first = *e.get();
                if same(first) {
                    return Some(first);
                }
                let earlier = self.collided.iter().find(|&&(h, at)| h == hash && same(at));
                if let Some(&(_, at)) = earlier {
                    return Some(at);
                }
                self.collided.push((hash, next));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::vocab::rdfs;

    #[test]
    fn each_statement_is_kept_once_in_the_order_first_stated() {
        let mut g = GraphBuilder::with_capacity(0);
        let a = g.node(NamedNode::new_unchecked("http://e/a"));
        let b = g.node(NamedNode::new_unchecked("http://e/b"));
        assert_eq!(g.node(NamedNode::new_unchecked("http://e/a")), a);
        g.zh(a, rdfs::LABEL, "甲");
        g.add(a, rdfs::SEE_ALSO, b);
        g.zh(a, rdfs::LABEL, "甲");
        // The same predicate from another static string is the same statement.
        let label: &'static str = Box::leak(rdfs::LABEL.as_str().to_owned().into_boxed_str());
        g.zh(a, NamedNodeRef::new_unchecked(label), "甲");
        g.simple(a, rdfs::LABEL, "甲");
        g.integer(b, rdfs::COMMENT, 12);
        g.add(a, rdfs::SEE_ALSO, b);
        let triples = g.finish();
        let written: Vec<String> = triples.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            written,
            [
                "<http://e/a> <http://www.w3.org/2000/01/rdf-schema#label> \"甲\"@zh",
                "<http://e/a> <http://www.w3.org/2000/01/rdf-schema#seeAlso> <http://e/b>",
                "<http://e/a> <http://www.w3.org/2000/01/rdf-schema#label> \"甲\"",
                "<http://e/b> <http://www.w3.org/2000/01/rdf-schema#comment> \"12\"^^<http://www.w3.org/2001/XMLSchema#integer>",
            ]
        );
    }

    #[test]
    fn statements_that_share_a_hash_are_told_apart() {
        let mut seen = FirstSeen::with_capacity(0);
        let values = ["x", "y", "x", "z", "y"];
        let found: Vec<Option<u32>> = (0..values.len() as u32)
            .map(|i| seen.find_or_insert(7, i, |at| values[at as usize] == values[i as usize]))
            .collect();
        assert_eq!(found, [None, None, Some(0), None, Some(1)]);
    }
}
