//! Counts kept in step with the documents, so that questions over a whole
//! corpus ("which organisations do most cases mention?") read a few hundred
//! numbers instead of joining every mention in the store.
//!
//! The statistics graph (`…/id/statistics`) holds, for the documents now in
//! the store:
//! - `<entity> cg:casesMentioning n`: the cases that mention the entity;
//! - `<sector> cg:casesInSector n`: the cases classed in the sector;
//! - a `cg:ProviderMentions` node per (provider, mentioned entity), with
//!   `cg:provider`, `cg:mentioned` and `cg:casesMentioning n`: the cases of
//!   that provider that mention that entity;
//! - a `cg:FiguresOfUnit` node per unit printed with the figures of outcome
//!   items, with `cg:figureUnit` (the unit) and `cg:figureCount n`: the
//!   figures printed with it, as `queries/outcome-units.rq` counts them;
//! - `<statistics graph> cg:countsGraph <document graph>` for each document
//!   graph the numbers include, and `cg:statisticsVersion`: which counts a
//!   store holds, so that one from an older casegraph is recounted.
//!
//! A case belongs to one document, so a count over the store is the sum of
//! the documents' counts: writing or removing a document adds or subtracts its
//! [`Tally`], in the transaction that changes the document. Documents added
//! by the bulk loader are counted in a transaction just after its commit; a
//! build killed in between leaves `cg:countsGraph` short of the stored
//! documents, and the next write recounts everything ([`GraphStore::repair_statistics`]).

use super::{GraphStore, StoreError};
use crate::rdf::vocab::{
    CASE, CASES_IN_SECTOR, CASES_MENTIONING, COUNTS_GRAPH, FIGURES_OF_UNIT, FIGURE_COUNT,
    FIGURE_UNIT, HAS_INDICATOR, HAS_OUTCOME, MENTIONED, MENTIONS, PROVIDED_BY, PROVIDER,
    PROVIDER_MENTIONS, SECTOR, STATISTICS_VERSION, UNIT,
};
use crate::rdf::IriScheme;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, Term,
    TermRef,
};
use oxigraph::store::{StorageError, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// The counts this casegraph keeps (`cg:statisticsVersion`): 2 added the
/// figures per unit. A store whose statistics graph says otherwise is
/// recounted by [`GraphStore::repair_statistics`].
const VERSION: i64 = 2;

/// What a count is of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// Cases that mention the entity.
    Mentioned(NamedNode),
    /// Cases classed in the sector.
    Sector(NamedNode),
    /// Cases of the provider that mention the entity.
    ProviderMentions {
        provider: NamedNode,
        entity: NamedNode,
    },
    /// Figures of outcome items printed with the unit (an `xsd:string`, as
    /// the shapes require).
    Unit(String),
}

/// Numbers of cases (or of figures) per [`Key`]: one document's share, or a
/// change to apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally(BTreeMap<Key, i64>);

/// The predicates whose links to a named node the statistics count.
const COUNTED_LINKS: [NamedNodeRef<'static>; 6] = [
    rdf::TYPE,
    MENTIONS,
    SECTOR,
    PROVIDED_BY,
    HAS_OUTCOME,
    HAS_INDICATOR,
];

/// The links of one subject that the statistics count.
#[derive(Default)]
struct Links<'a> {
    is_case: bool,
    mentions: BTreeSet<NamedNodeRef<'a>>,
    sectors: BTreeSet<NamedNodeRef<'a>>,
    providers: BTreeSet<NamedNodeRef<'a>>,
    /// As the subject of `cg:hasOutcome` (a case): its outcome items.
    outcomes: Vec<NamedNodeRef<'a>>,
    /// As the subject of `cg:hasIndicator` (an item): its figures.
    indicators: Vec<NamedNodeRef<'a>>,
    /// As the subject of `cg:unit` (a figure): its units.
    units: Vec<&'a str>,
}

impl Tally {
    /// The counts of one document, from the quads of its graph.
    ///
    /// ```
    /// use casegraph::store::statistics::{Key, Tally};
    /// use oxigraph::model::*;
    /// let cg = |l: &str| NamedNode::new(format!("https://w3id.org/casegraph/ontology#{l}")).unwrap();
    /// let (case, org) = (NamedNode::new("http://x/case/1").unwrap(), NamedNode::new("http://x/org/a").unwrap());
    /// let quads = [
    ///     Quad::new(case.clone(), vocab::rdf::TYPE, cg("Case"), GraphName::DefaultGraph),
    ///     Quad::new(case.clone(), cg("mentions"), org.clone(), GraphName::DefaultGraph),
    /// ];
    /// let tally = Tally::of_document(quads.iter().map(QuadRef::from));
    /// assert_eq!(tally.get(&Key::Mentioned(org)), 1);
    /// ```
    pub fn of_document<'a>(quads: impl IntoIterator<Item = QuadRef<'a>>) -> Self {
        let mut subjects: BTreeMap<NamedNodeRef<'a>, Links<'a>> = BTreeMap::new();
        for quad in quads {
            let NamedOrBlankNodeRef::NamedNode(s) = quad.subject else {
                continue;
            };
            let p = quad.predicate;
            match quad.object {
                TermRef::NamedNode(o) if COUNTED_LINKS.contains(&p) => {
                    let links = subjects.entry(s).or_default();
                    match p {
                        p if p == rdf::TYPE => links.is_case |= o == CASE,
                        p if p == MENTIONS => drop(links.mentions.insert(o)),
                        p if p == SECTOR => drop(links.sectors.insert(o)),
                        p if p == PROVIDED_BY => drop(links.providers.insert(o)),
                        p if p == HAS_OUTCOME => links.outcomes.push(o),
                        _ => links.indicators.push(o),
                    }
                }
                TermRef::Literal(unit) if p == UNIT && unit.datatype() == xsd::STRING => {
                    subjects.entry(s).or_default().units.push(unit.value());
                }
                _ => {}
            }
        }
        let mut tally = Self::default();
        for links in subjects.values() {
            if links.is_case {
                tally.add_case(links);
            }
            tally.add_figures(&subjects, links);
        }
        tally
    }

    /// The counts of one case: the entities it mentions, with its providers,
    /// and its sectors.
    fn add_case(&mut self, links: &Links<'_>) {
        for entity in &links.mentions {
            self.add(Key::Mentioned(entity.into_owned()), 1);
            for provider in &links.providers {
                let (provider, entity) = (provider.into_owned(), entity.into_owned());
                self.add(Key::ProviderMentions { provider, entity }, 1);
            }
        }
        for sector in &links.sectors {
            self.add(Key::Sector(sector.into_owned()), 1);
        }
    }

    /// The figures of the outcome items of `links`' subject, per unit: the
    /// rows of `?case cg:hasOutcome ?o . ?o cg:hasIndicator ?i . ?i cg:unit
    /// ?unit`, as `outcome-units` counts them (every outcome and figure of a
    /// document is in the document's graph).
    fn add_figures<'a>(
        &mut self,
        subjects: &BTreeMap<NamedNodeRef<'a>, Links<'a>>,
        links: &Links<'a>,
    ) {
        let linked = |node: &NamedNodeRef<'a>| subjects.get(node).into_iter();
        for outcome in links.outcomes.iter().flat_map(linked) {
            for figure in outcome.indicators.iter().flat_map(linked) {
                for unit in &figure.units {
                    self.add(Key::Unit((*unit).to_owned()), 1);
                }
            }
        }
    }

    /// The number counted for `key`.
    pub fn get(&self, key: &Key) -> i64 {
        self.0.get(key).copied().unwrap_or(0)
    }

    fn add(&mut self, key: Key, n: i64) {
        *self.0.entry(key).or_default() += n;
    }

    /// Adds `other` times `sign` (1 to add a document, -1 to take it away).
    pub fn merge(&mut self, other: &Tally, sign: i64) {
        for (key, n) in &other.0 {
            self.add(key.clone(), sign * n);
        }
    }
}

/// The document graph's quads that [`Tally::of_document`] reads, from the store.
fn stored_links(
    transaction: &Transaction<'_>,
    graph: &NamedNode,
) -> Result<Vec<Quad>, StorageError> {
    let mut quads = Vec::new();
    let cases =
        transaction.quads_for_pattern(None, Some(rdf::TYPE), Some(CASE.into()), Some(graph.into()));
    for quad in cases {
        quads.push(quad?);
    }
    for predicate in [
        MENTIONS,
        SECTOR,
        PROVIDED_BY,
        HAS_OUTCOME,
        HAS_INDICATOR,
        UNIT,
    ] {
        for quad in transaction.quads_for_pattern(None, Some(predicate), None, Some(graph.into())) {
            quads.push(quad?);
        }
    }
    Ok(quads)
}

/// What the store's document `graph` counts for now (nothing if it is not there).
pub(super) fn stored_tally(
    transaction: &Transaction<'_>,
    graph: &NamedNode,
) -> Result<Tally, StorageError> {
    let quads = stored_links(transaction, graph)?;
    Ok(Tally::of_document(quads.iter().map(Quad::as_ref)))
}

/// Where a count lives: its subject and predicate, and the description of
/// the subject when it is a node of its own (a provider–entity pair, a
/// unit), created and deleted with the count.
fn count_node(
    iris: &IriScheme,
    key: &Key,
) -> (
    NamedNode,
    NamedNodeRef<'static>,
    Vec<(NamedNodeRef<'static>, Term)>,
) {
    match key {
        Key::Mentioned(entity) => (entity.clone(), CASES_MENTIONING, Vec::new()),
        Key::Sector(sector) => (sector.clone(), CASES_IN_SECTOR, Vec::new()),
        Key::ProviderMentions { provider, entity } => (
            iris.provider_mentions(provider, entity),
            CASES_MENTIONING,
            vec![
                (rdf::TYPE, PROVIDER_MENTIONS.into_owned().into()),
                (PROVIDER, provider.clone().into()),
                (MENTIONED, entity.clone().into()),
            ],
        ),
        Key::Unit(unit) => (
            iris.unit_figures(unit),
            FIGURE_COUNT,
            vec![
                (rdf::TYPE, FIGURES_OF_UNIT.into_owned().into()),
                (FIGURE_UNIT, Literal::new_simple_literal(unit).into()),
            ],
        ),
    }
}

fn stored_count(
    transaction: &Transaction<'_>,
    node: &NamedNode,
    predicate: NamedNodeRef<'_>,
    graph: &NamedNode,
) -> Result<Option<Literal>, StorageError> {
    let found = transaction
        .quads_for_pattern(Some(node.into()), Some(predicate), None, Some(graph.into()))
        .next();
    Ok(match found.transpose()?.map(|q| q.object) {
        Some(Term::Literal(l)) => Some(l),
        _ => None,
    })
}

/// Adds `change` to the counts of the statistics graph.
pub(super) fn apply(
    transaction: &mut Transaction<'_>,
    iris: &IriScheme,
    change: &Tally,
) -> Result<(), StorageError> {
    let graph = iris.statistics_graph();
    let in_graph = GraphNameRef::NamedNode(graph.as_ref());
    for (key, &n) in change.0.iter().filter(|(_, n)| **n != 0) {
        let (node, predicate, description) = count_node(iris, key);
        let old_literal = stored_count(transaction, &node, predicate, &graph)?;
        let old = old_literal
            .as_ref()
            .and_then(|l| l.value().parse::<i64>().ok())
            .unwrap_or(0);
        if let Some(literal) = &old_literal {
            transaction.remove(QuadRef::new(&node, predicate, literal, in_graph));
        }
        let new = (old + n).max(0);
        if new > 0 {
            let count = Literal::new_typed_literal(new.to_string(), xsd::INTEGER);
            transaction.insert(QuadRef::new(&node, predicate, &count, in_graph));
        }
        for (predicate, object) in &description {
            let quad = QuadRef::new(&node, *predicate, object, in_graph);
            if new > 0 {
                transaction.insert(quad);
            } else {
                transaction.remove(quad);
            }
        }
    }
    Ok(())
}

/// Records whether the counts include the document `graph`.
pub(super) fn set_counted(
    transaction: &mut Transaction<'_>,
    iris: &IriScheme,
    graph: &NamedNode,
    counted: bool,
) {
    let statistics = iris.statistics_graph();
    let quad = QuadRef::new(
        &statistics,
        COUNTS_GRAPH,
        graph,
        GraphNameRef::NamedNode(statistics.as_ref()),
    );
    if counted {
        transaction.insert(quad);
    } else {
        transaction.remove(quad);
    }
}

impl GraphStore {
    /// Recounts the statistics graph from the documents if it does not count
    /// exactly the stored documents (a build killed between a bulk load and
    /// its counts) or not the counts of this casegraph ([`VERSION`]: a store
    /// from an older one). Returns whether it did.
    pub fn repair_statistics(&self, iris: &IriScheme) -> Result<bool, StoreError> {
        let storage = |source| self.storage_error(source);
        let statistics = iris.statistics_graph();
        let stored: BTreeSet<NamedNode> = self
            .documents()?
            .into_iter()
            .map(|(_, graph)| graph)
            .collect();
        let mut counted = BTreeSet::new();
        for quad in self.store.quads_for_pattern(
            Some(statistics.as_ref().into()),
            Some(COUNTS_GRAPH),
            None,
            Some(statistics.as_ref().into()),
        ) {
            if let Term::NamedNode(graph) = quad.map_err(storage)?.object {
                counted.insert(graph);
            }
        }
        let version = Literal::new_typed_literal(VERSION.to_string(), xsd::INTEGER);
        let current = self
            .store
            .contains(QuadRef::new(
                &statistics,
                STATISTICS_VERSION,
                &version,
                GraphNameRef::NamedNode(statistics.as_ref()),
            ))
            .map_err(storage)?;
        if counted == stored && current {
            return Ok(false);
        }
        let mut transaction = self.store.start_transaction().map_err(storage)?;
        transaction
            .clear_graph(GraphNameRef::NamedNode(statistics.as_ref()))
            .map_err(storage)?;
        let mut total = Tally::default();
        for graph in &stored {
            total.merge(&stored_tally(&transaction, graph).map_err(storage)?, 1);
            set_counted(&mut transaction, iris, graph, true);
        }
        apply(&mut transaction, iris, &total).map_err(storage)?;
        transaction.insert(QuadRef::new(
            &statistics,
            STATISTICS_VERSION,
            &version,
            GraphNameRef::NamedNode(statistics.as_ref()),
        ));
        transaction.commit().map_err(storage)?;
        Ok(true)
    }
}
