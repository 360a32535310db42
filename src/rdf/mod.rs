//! Stage 5, map to RDF: a document, its extractions and its linked entities →
//! a [`DocumentGraph`]: the quads of the document's own named graph, and the
//! triples it states about shared entities, exactly per the vocabulary.
//!
//! Shared entities (places, organisations, titles) are described once in the
//! whole store, in the entity graph, not once per document: so a document's
//! entity statements are kept apart, and the document graph records each of
//! them as a `cg:entityStatement` (its N-Triples text), the ledger from which
//! the store keeps the entity graph exact when documents come and go.
//!
//! The output is free of duplicates, in an order fixed by the input, and every
//! IRI comes from the input alone, so the same input always gives the same quads.

mod builder;
mod conventions;
pub mod iri;
pub mod ontology;
pub mod vocab;

use crate::extract::{CaseExtraction, Location, OrgClass, PlaceClass};
use crate::link::{EntityClass, Linked};
use crate::segment::{Document, SectionKind};
use crate::span::Span;
pub use builder::Triples;
use builder::{GraphBuilder, Node};
pub use iri::IriScheme;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Quad, QuadRef, Triple};
use std::collections::BTreeMap;
use vocab::*;

impl GraphBuilder {
    fn decimal(&mut self, s: Node, p: NamedNodeRef<'static>, lexical: &str) {
        self.typed(s, p, &decimal_lexical(lexical), xsd::DECIMAL);
    }

    /// `thing prov:wasDerivedFrom span` (or `via span`), with the span described.
    fn span(&mut self, thing: Node, via: NamedNodeRef<'static>, name: &str, span: Span, doc: Node) {
        let node = self.node(IriScheme::span(self.iri(thing), name));
        self.add(thing, via, node);
        self.add_iri(node, rdf::TYPE, TEXT_SPAN);
        self.integer(node, START_LINE, span.start_line);
        self.integer(node, END_LINE, span.end_line);
        self.integer(node, START_CHAR, span.start_char);
        self.integer(node, END_CHAR, span.end_char);
        self.add(node, IN_DOCUMENT, doc);
    }
}

/// What one document puts in the store.
#[derive(Debug, Clone)]
pub struct DocumentGraph {
    /// The named graph of the document's own facts.
    pub graph: NamedNode,
    /// The `cg:SourceDocument` node.
    pub document: NamedNode,
    /// The triples of `graph`, without repeats, in the order first made (fixed
    /// by the input, so no sort is needed for determinism; exports sort):
    /// the document's metadata, cases, items, indicators, mentions, spans, and
    /// one `cg:entityStatement` per entity triple. [`DocumentGraph::quads`]
    /// gives them as quads.
    pub triples: Triples,
    /// What the document says about shared entities, sorted by their N-Triples text; the store keeps
    /// them once, in the entity graph ([`IriScheme::entity_graph`]).
    pub entity_triples: Vec<Triple>,
}

impl DocumentGraph {
    /// The quads of the document's graph, borrowed.
    pub fn quads(&self) -> impl ExactSizeIterator<Item = QuadRef<'_>> + Clone + '_ {
        let graph = self.graph.as_ref();
        self.triples.iter().map(move |t| t.in_graph(graph))
    }

    /// The entity triples as quads of `entity_graph`.
    pub fn entity_quads<'a>(
        &'a self,
        entity_graph: &'a NamedNode,
    ) -> impl Iterator<Item = Quad> + 'a {
        self.entity_triples
            .iter()
            .map(|t| t.clone().in_graph(entity_graph.clone()))
    }
}

/// The literal that records one entity triple in a document's ledger.
pub fn entity_statement(triple: &Triple) -> Literal {
    Literal::new_simple_literal(triple.to_string())
}

/// Maps a document to its graph and its entity triples.
pub fn document_graph(
    doc: &Document,
    extractions: &[CaseExtraction],
    linked: &Linked,
    iris: &IriScheme,
) -> DocumentGraph {
    let doc_id = doc.source.doc_id();
    let graph = iris.graph(&doc_id);
    let document = iris.document(&doc_id);
    // About one quad per dozen bytes of text (10 364 for the shipped 121 KB).
    let expected = doc.source.byte_len / 8;
    let mut g = GraphBuilder::with_capacity(expected);
    let doc_node = g.node(document.clone());
    document_metadata(&mut g, doc, doc_node);
    conventions::add(&mut g, doc, doc_node, iris);
    for ((case, ex), links) in doc.cases.iter().zip(extractions).zip(&linked.cases) {
        case_quads(&mut g, iris, &doc_id, doc_node, case, ex, links);
    }
    let mut entities = GraphBuilder::with_capacity(0);
    entity_quads(&mut entities, linked, iris);
    let mut statements: Vec<(String, Triple)> = entities
        .finish()
        .iter()
        .map(|t| (t.to_string(), t.into_owned()))
        .collect();
    statements.sort_by(|a, b| a.0.cmp(&b.0));
    statements.dedup_by(|a, b| a.0 == b.0);
    let mut entity_triples = Vec::with_capacity(statements.len());
    for (text, triple) in statements {
        g.simple(doc_node, ENTITY_STATEMENT, &text);
        entity_triples.push(triple);
    }
    DocumentGraph {
        graph,
        document,
        triples: g.finish(),
        entity_triples,
    }
}

/// The `cg:SourceDocument` node: what the file is, and what built it.
fn document_metadata(g: &mut GraphBuilder, doc: &Document, doc_node: Node) {
    g.add_iri(doc_node, rdf::TYPE, SOURCE_DOCUMENT);
    g.zh(doc_node, DCT_TITLE, &doc.title);
    g.simple(doc_node, SHA256, &doc.source.sha256);
    g.simple(doc_node, FILE_NAME, &doc.source.file_name);
    g.integer(doc_node, BYTE_SIZE, doc.source.byte_len);
    g.integer(doc_node, CASE_COUNT, doc.cases.len());
    g.simple(doc_node, GENERATOR_VERSION, env!("CARGO_PKG_VERSION"));
    g.simple(doc_node, PIPELINE_FINGERPRINT, crate::PIPELINE_FINGERPRINT);
}

/// The nodes of a case and its items: where the facts found in each part of
/// the case are attached.
struct CaseNodes {
    case: Node,
    items: BTreeMap<(SectionKind, usize), Node>,
}

impl CaseNodes {
    /// The node that holds a fact found at `location`: its item or section;
    /// facts found in the title, provider or policy basis belong to the case.
    fn holder(&self, g: &mut GraphBuilder, location: Location) -> Node {
        match location {
            Location::Item(kind, ordinal) => {
                *self.items.get(&(kind, ordinal)).unwrap_or(&self.case)
            }
            Location::OtherSection(k) => {
                g.node(conventions::other_section_node(g.iri(self.case), k))
            }
            _ => self.case,
        }
    }
}

fn case_quads(
    g: &mut GraphBuilder,
    iris: &IriScheme,
    doc_id: &str,
    doc_node: Node,
    case: &crate::segment::Case,
    ex: &CaseExtraction,
    links: &crate::link::LinkedCase,
) {
    let case_node = g.node(iris.case(doc_id, case.number));
    case_description(g, iris, case_node, doc_node, case, links);
    let nodes = CaseNodes {
        items: item_quads(g, iris, doc_id, case_node, doc_node, case),
        case: case_node,
    };
    for (location, key) in &links.mentions {
        let entity = g.node(iris.entity(key));
        g.add(nodes.case, MENTIONS, entity);
        if matches!(location, Location::Item(..) | Location::OtherSection(_)) {
            let holder = nodes.holder(g, *location);
            g.add(holder, MENTIONS, entity);
        }
    }
    indicator_quads(g, &nodes, ex, doc_node);
    for d in &ex.dates {
        let datatype = match d.date {
            crate::extract::DateValue::YearMonth(..) => xsd::G_YEAR_MONTH,
            crate::extract::DateValue::Date(..) => xsd::DATE,
        };
        let holder = nodes.holder(g, d.location);
        g.typed(holder, DATE, &d.date.lexical(), datatype);
    }
    sector_quads(g, nodes.case, ex);
}

/// The case node: number, title, document, spans, provider, policy basis.
fn case_description(
    g: &mut GraphBuilder,
    iris: &IriScheme,
    case_node: Node,
    doc_node: Node,
    case: &crate::segment::Case,
    links: &crate::link::LinkedCase,
) {
    g.add_iri(case_node, rdf::TYPE, CASE);
    g.integer(case_node, CASE_NUMBER, case.number as usize);
    g.zh(case_node, DCT_TITLE, &case.title);
    g.add(case_node, IN_DOCUMENT, doc_node);
    g.span(
        case_node,
        PROV_WAS_DERIVED_FROM,
        "span",
        case.span,
        doc_node,
    );
    g.span(
        case_node,
        TITLE_SOURCE,
        "title-span",
        case.title_span,
        doc_node,
    );
    if let Some(provider) = &case.provider {
        g.simple(case_node, PROVIDER_TEXT, provider.text());
    }
    if let Some(key) = &links.provider {
        let provider = g.node(iris.entity(key));
        g.add(case_node, PROVIDED_BY, provider);
    }
    if let Some(basis) = &case.policy_basis {
        g.zh(case_node, POLICY_BASIS, basis.text());
        g.span(
            case_node,
            POLICY_BASIS_SOURCE,
            "policy-basis-span",
            basis.span,
            doc_node,
        );
    }
}

/// The measures, outcomes and next steps of a case; returns their nodes.
fn item_quads(
    g: &mut GraphBuilder,
    iris: &IriScheme,
    doc_id: &str,
    case_node: Node,
    doc_node: Node,
    case: &crate::segment::Case,
) -> BTreeMap<(SectionKind, usize), Node> {
    let mut item_nodes = BTreeMap::new();
    for kind in SectionKind::ALL {
        let (class, link) = match kind {
            SectionKind::Measures => (MEASURE, HAS_MEASURE),
            SectionKind::Outcomes => (OUTCOME, HAS_OUTCOME),
            SectionKind::NextSteps => (NEXT_STEP, HAS_NEXT_STEP),
        };
        for item in case.items(kind) {
            let node = g.node(iris.item(doc_id, case.number, kind, item.ordinal));
            g.add(case_node, link, node);
            g.add_iri(node, rdf::TYPE, class);
            g.integer(node, ORDINAL, item.ordinal);
            g.zh(node, RDFS_LABEL, &item.heading);
            g.zh(node, TEXT, item.body.text());
            g.span(
                node,
                PROV_WAS_DERIVED_FROM,
                "span",
                item.body.span,
                doc_node,
            );
            item_nodes.insert((kind, item.ordinal), node);
        }
    }
    item_nodes
}

/// One `cg:Indicator` per quantity, numbered within the node that holds it.
fn indicator_quads(g: &mut GraphBuilder, nodes: &CaseNodes, ex: &CaseExtraction, doc_node: Node) {
    let mut counters: BTreeMap<Node, usize> = BTreeMap::new();
    for q in &ex.quantities {
        let parent = nodes.holder(g, q.location);
        let n = counters.entry(parent).or_default();
        *n += 1;
        let node = g.node(IriScheme::indicator(g.iri(parent), *n));
        let quantity = &q.quantity;
        g.add(parent, HAS_INDICATOR, node);
        g.add_iri(node, rdf::TYPE, INDICATOR);
        g.decimal(node, VALUE, &quantity.value);
        g.simple(node, UNIT, &quantity.unit);
        if let Some(qualifier) = &quantity.qualifier {
            g.simple(node, QUALIFIER, qualifier);
        }
        if let Some((value, unit)) = &quantity.normalized {
            g.decimal(node, NORMALIZED_VALUE, value);
            g.simple(node, NORMALIZED_UNIT, unit);
        }
        if let Some(date) = &quantity.ref_date {
            let datatype = if date.len() == 4 {
                xsd::G_YEAR
            } else {
                xsd::G_YEAR_MONTH
            };
            g.typed(node, REF_DATE, date, datatype);
        }
        g.zh(node, SENTENCE, &q.sentence);
        g.span(node, PROV_WAS_DERIVED_FROM, "span", q.span, doc_node);
    }
}

/// The case's sectors, with the keywords that voted for each.
fn sector_quads(g: &mut GraphBuilder, case_node: Node, ex: &CaseExtraction) {
    for sector in &ex.sectors {
        let concept = g.node(iri::sector_concept(&sector.concept));
        g.add(case_node, SECTOR, concept);
        let total: usize = sector.evidence.iter().map(|(_, n)| n).sum::<usize>().max(1);
        for (keyword, occurrences) in &sector.evidence {
            let evidence = IriScheme::sector_evidence(g.iri(case_node), &sector.concept, keyword);
            let node = g.node(evidence);
            g.add(case_node, SECTOR_EVIDENCE_PROP, node);
            g.add_iri(node, rdf::TYPE, SECTOR_EVIDENCE);
            g.add(node, CONCEPT, concept);
            g.zh(node, KEYWORD, keyword);
            g.integer(node, OCCURRENCES, *occurrences);
            let share = sector.score * (*occurrences as f64) / total as f64;
            g.decimal(node, SCORE, &format!("{share:.3}"));
        }
    }
}

/// What the document says of each entity it links to.
fn entity_quads(g: &mut GraphBuilder, linked: &Linked, iris: &IriScheme) {
    for (key, record) in &linked.entities {
        let node = g.node(iris.entity(key));
        g.add_iri(node, rdf::TYPE, class_term(record.class));
        g.zh(node, RDFS_LABEL, &record.label_zh);
        if let Some(en) = &record.label_en {
            g.add(
                node,
                RDFS_LABEL,
                builder::ObjectRef::Literal(en, builder::LiteralKind::Language("en")),
            );
        }
        for alias in &record.alt_labels {
            g.zh(node, SKOS_ALT_LABEL, alias);
        }
        if let Some(parent) = &record.located_in {
            let parent = g.node(iris.entity(parent));
            g.add(node, LOCATED_IN, parent);
        }
        if let Some(code) = &record.adcode {
            g.simple(node, ADCODE, code);
        }
        if let Some(code) = &record.iso3166 {
            g.simple(node, ISO3166, code);
        }
        if let Some(lat) = record.latitude {
            g.decimal(node, LATITUDE, &format!("{lat}"));
        }
        if let Some(lon) = record.longitude {
            g.decimal(node, LONGITUDE, &format!("{lon}"));
        }
    }
}

/// Sorts by the N-Quads form and drops duplicates: a total, stable order.
pub fn sort_quads(quads: Vec<Quad>) -> Vec<Quad> {
    let mut keyed: Vec<(String, Quad)> = quads.into_iter().map(|q| (q.to_string(), q)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.into_iter().map(|(_, q)| q).collect()
}

/// The canonical `xsd:decimal` of a figure as written (`140`, `1.5`, not
/// `89.0` or `1e3`): the form the store gives back, so that a document's
/// quads before it is stored equal those read from the store (the text index
/// is fed the former and rebuilt from the latter). A value out of the
/// decimal's range stays as written, as the store keeps it.
fn decimal_lexical(s: &str) -> String {
    let s = s.trim().trim_start_matches('+');
    let plain = match s.contains(['e', 'E']) {
        true => s.parse::<f64>().map(|v| format!("{v}")).ok(),
        false => None,
    };
    let plain = plain.as_deref().unwrap_or(s);
    plain
        .parse::<oxsdatatypes::Decimal>()
        .map_or_else(|_| plain.to_string(), |d| d.to_string())
}

fn class_term(class: EntityClass) -> NamedNodeRef<'static> {
    match class {
        EntityClass::Place(PlaceClass::Province) => PROVINCE,
        EntityClass::Place(PlaceClass::City) => CITY,
        EntityClass::Place(PlaceClass::SpecialAdministrativeRegion) => SAR,
        EntityClass::Place(PlaceClass::District) => DISTRICT,
        EntityClass::Place(PlaceClass::Country) => COUNTRY,
        EntityClass::Place(PlaceClass::Region) => REGION,
        EntityClass::Organization(OrgClass::GovernmentBody) => GOVERNMENT_BODY,
        EntityClass::Organization(OrgClass::Exchange) => EXCHANGE,
        EntityClass::Organization(OrgClass::FinancialInstitution) => FINANCIAL_INSTITUTION,
        EntityClass::Organization(OrgClass::Enterprise) => ENTERPRISE,
        EntityClass::Organization(OrgClass::ResearchInstitution) => RESEARCH_INSTITUTION,
        EntityClass::Organization(OrgClass::JudicialBody) => JUDICIAL_BODY,
        EntityClass::Organization(OrgClass::Association) => ASSOCIATION,
        EntityClass::Organization(OrgClass::InternationalOrganization) => {
            INTERNATIONAL_ORGANIZATION
        }
        EntityClass::Organization(OrgClass::Platform) => PLATFORM,
        EntityClass::Organization(OrgClass::Other) => ORGANIZATION,
        EntityClass::PolicyDocument => POLICY_DOCUMENT,
        EntityClass::CreativeWork => CREATIVE_WORK,
    }
}

#[cfg(test)]
mod tests {
    use super::decimal_lexical;

    #[test]
    fn decimals_are_written_in_the_form_the_store_gives_back() {
        for (written, canonical) in [
            ("89.0", "89"),
            ("+1.50", "1.5"),
            ("0.5", "0.5"),
            ("1e3", "1000"),
            ("2.5E-1", "0.25"),
            ("140", "140"),
            (" 007 ", "7"),
        ] {
            assert_eq!(decimal_lexical(written), canonical, "{written}");
        }
        // Beyond the store's decimals: kept as written, as the store keeps it.
        let huge = "123456789012345678901234567890";
        assert_eq!(decimal_lexical(huge), huge);
    }
}
