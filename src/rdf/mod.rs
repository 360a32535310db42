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
use crate::link::{EntityClass, EntityKey, Linked};
use crate::segment::{Document, SectionKind};
use crate::span::Span;
pub use builder::Triples;
use builder::{GraphBuilder, Node};
pub use iri::IriScheme;
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, TermRef, TripleRef,
};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
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
    pub entity_triples: Triples,
}

impl DocumentGraph {
    /// The quads of the document's graph, borrowed.
    pub fn quads(&self) -> impl ExactSizeIterator<Item = QuadRef<'_>> + Clone + '_ {
        let graph = self.graph.as_ref();
        self.triples.iter().map(move |t| t.in_graph(graph))
    }

    /// The entity triples as quads of `entity_graph`, borrowed.
    pub fn entity_quads<'a>(
        &'a self,
        entity_graph: &'a NamedNode,
    ) -> impl ExactSizeIterator<Item = QuadRef<'a>> + 'a {
        let graph = entity_graph.as_ref();
        self.entity_triples.iter().map(move |t| t.in_graph(graph))
    }
}

/// A triple in N-Triples, exactly as its `Display` writes it (the ledger's
/// text). IRIs and literals without a char to escape, nearly all of them,
/// are copied whole: `Display` writes a literal char by char, which was a
/// sixth of the mapping.
pub fn ntriples(triple: TripleRef<'_>) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(256);
    let subject = match triple.subject {
        NamedOrBlankNodeRef::NamedNode(iri) => TermRef::NamedNode(iri),
        other => TermRef::from(other),
    };
    for term in [subject, triple.predicate.into(), triple.object] {
        if !out.is_empty() {
            out.push(' ');
        }
        match term {
            TermRef::NamedNode(iri) => {
                out.push('<');
                out.push_str(iri.as_str());
                out.push('>');
            }
            TermRef::Literal(literal) if plain_literal(literal) => {
                out.push('"');
                out.push_str(literal.value());
                out.push('"');
                if let Some(language) = literal.language() {
                    out.push('@');
                    out.push_str(language);
                } else if literal.datatype() != xsd::STRING {
                    out.push_str("^^<");
                    out.push_str(literal.datatype().as_str());
                    out.push('>');
                }
            }
            other => {
                let _ = write!(out, "{other}");
            }
        }
    }
    out
}

/// A literal N-Triples writes as its value in quotes, then its language tag
/// (without a direction) or datatype: nothing in the value is escaped.
fn plain_literal(literal: LiteralRef<'_>) -> bool {
    let escaped = |c: char| {
        matches!(
            c,
            '\0'..='\u{1F}' | '\u{7F}' | '"' | '\\' | '\u{FFFE}' | '\u{FFFF}'
        )
    };
    let tagged = literal.language().is_some();
    (!tagged || literal.datatype() == rdf::LANG_STRING) && !literal.value().contains(escaped)
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
    // About one statement per dozen bytes of text (9,615 for the shipped
    // 121 KB); sized to the count, not far above it, since the index over the
    // statements is written at random places all over.
    let expected = doc.source.byte_len / 11;
    let mut g = GraphBuilder::with_capacity(expected);
    let doc_node = g.node(document.clone());
    document_metadata(&mut g, doc, doc_node);
    conventions::add(&mut g, doc, doc_node, iris);
    let mut entities = EntityNodes::new(iris);
    for ((case, ex), links) in doc.cases.iter().zip(extractions).zip(&linked.cases) {
        let case_node = g.node(iris.case(&doc_id, case.number));
        case_description(&mut g, &mut entities, case_node, doc_node, case, links);
        let nodes = CaseNodes {
            items: item_quads(&mut g, iris, &doc_id, case_node, doc_node, case),
            case: case_node,
        };
        case_facts(&mut g, &mut entities, &nodes, doc_node, ex, links);
    }
    // The entities' own statements: about one for every twelve of the graph.
    let mut described = GraphBuilder::with_capacity(expected / 8);
    entity_quads(&mut described, linked, iris);
    let (entity_triples, statements) = described.finish().sorted_by_key(ntriples);
    for text in &statements {
        g.simple(doc_node, ENTITY_STATEMENT, text);
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

/// The node of each linked entity, minted once per document: an entity is
/// named by every case and item that mentions it.
struct EntityNodes<'a> {
    iris: &'a IriScheme,
    nodes: FxHashMap<&'a EntityKey, Node>,
}

impl<'a> EntityNodes<'a> {
    fn new(iris: &'a IriScheme) -> Self {
        Self {
            iris,
            nodes: FxHashMap::default(),
        }
    }

    fn node(&mut self, g: &mut GraphBuilder, key: &'a EntityKey) -> Node {
        *self
            .nodes
            .entry(key)
            .or_insert_with(|| g.node(self.iris.entity(key)))
    }
}

/// What was found in a case: the entities it mentions, its figures, dates and sectors.
fn case_facts<'a>(
    g: &mut GraphBuilder,
    entities: &mut EntityNodes<'a>,
    nodes: &CaseNodes,
    doc_node: Node,
    ex: &CaseExtraction,
    links: &'a crate::link::LinkedCase,
) {
    for (location, key) in &links.mentions {
        let entity = entities.node(g, key);
        g.add(nodes.case, MENTIONS, entity);
        if matches!(location, Location::Item(..) | Location::OtherSection(_)) {
            let holder = nodes.holder(g, *location);
            g.add(holder, MENTIONS, entity);
        }
    }
    indicator_quads(g, nodes, ex, doc_node);
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
fn case_description<'a>(
    g: &mut GraphBuilder,
    entities: &mut EntityNodes<'a>,
    case_node: Node,
    doc_node: Node,
    case: &crate::segment::Case,
    links: &'a crate::link::LinkedCase,
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
        let provider = entities.node(g, key);
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
fn decimal_lexical(s: &str) -> Cow<'_, str> {
    let s = s.trim().trim_start_matches('+');
    match is_canonical_decimal(s) {
        true => Cow::Borrowed(s),
        false => Cow::Owned(canonical_by_parsing(s)),
    }
}

/// Whether `s` is written as the store writes decimals: digits, without
/// leading zeros, then maybe a `.` and digits without trailing zeros; few
/// enough digits that the decimal keeps them all. Most figures are (`140`,
/// `1.5`), and parsing and printing them was a sixth of the mapping.
fn is_canonical_decimal(s: &str) -> bool {
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let (integer, fraction) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let integer_ok = (1..=15).contains(&integer.len())
        && all_digits(integer)
        && (integer == "0" || !integer.starts_with('0'));
    let fraction_ok = fraction.map_or(true, |f| {
        (1..=15).contains(&f.len()) && all_digits(f) && !f.ends_with('0')
    });
    integer_ok && fraction_ok
}

fn canonical_by_parsing(s: &str) -> String {
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
    use super::{canonical_by_parsing, decimal_lexical, ntriples};
    use oxigraph::model::vocab::xsd;
    use oxigraph::model::{BlankNode, Literal, NamedNode, Term, Triple};

    #[test]
    fn triples_are_written_as_their_display_writes_them() {
        let s = NamedNode::new_unchecked("https://e.org/place/上海");
        let p = NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
        let objects: Vec<Term> = vec![
            NamedNode::new_unchecked("https://e.org/x").into(),
            BlankNode::new_unchecked("b1").into(),
            Literal::new_simple_literal("上海市").into(),
            Literal::new_language_tagged_literal_unchecked("上海", "zh").into(),
            Literal::new_language_tagged_literal_unchecked("Shanghai", "en-GB").into(),
            Literal::new_typed_literal("31.2", xsd::DECIMAL).into(),
            Literal::new_typed_literal("x", xsd::STRING).into(),
            Literal::new_simple_literal("a \"quote\" and \\ back").into(),
            Literal::new_simple_literal("tab\tnew\nline\r\u{8}\u{c}\u{1}\u{7f}\u{fffe}").into(),
            Literal::new_language_tagged_literal_unchecked("引号\"", "zh").into(),
            Literal::new_simple_literal("").into(),
        ];
        for object in objects {
            let triple = Triple::new(s.clone(), p.clone(), object);
            assert_eq!(ntriples(triple.as_ref()), triple.to_string());
        }
        let blank = Triple::new(BlankNode::new_unchecked("s"), p, Literal::from(3));
        assert_eq!(ntriples(blank.as_ref()), blank.to_string());
    }

    #[test]
    fn decimals_taken_as_written_are_those_parsing_would_give() {
        let integers = [
            "",
            "0",
            "00",
            "7",
            "07",
            "10",
            "123456789012345",
            "1234567890123456",
        ];
        let fractions = [None, Some(""), Some("5"), Some("50"), Some("05"), Some("0")];
        let long = Some("123456789012345");
        let longer = Some("1234567890123456");
        for integer in integers {
            for fraction in fractions.into_iter().chain([long, longer]) {
                for sign in ["", "-", "+"] {
                    let written = match fraction {
                        Some(f) => format!("{sign}{integer}.{f}"),
                        None => format!("{sign}{integer}"),
                    };
                    let trimmed = written.trim_start_matches('+');
                    assert_eq!(
                        decimal_lexical(&written),
                        canonical_by_parsing(trimmed),
                        "{written}"
                    );
                }
            }
        }
    }

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
