//! What the conventions of other case books add to a document's graph: the
//! cover page's metadata, and the sections whose heading is of unknown kind
//! (see `docs/conventions.md`). Only standard and existing terms are used.

use super::builder::{GraphBuilder, Node};
use super::vocab::{ORDINAL, RDFS_LABEL, TEXT};
use super::IriScheme;
use crate::segment::{Case, Document};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{NamedNode, NamedNodeRef};

const DCT_PUBLISHER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/publisher");
const DCT_ISSUED: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/issued");
const DCT_HAS_PART: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/hasPart");
const ITEM: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/casegraph/ontology#Item");

/// The cover page's metadata and every case's sections of unknown kind.
pub(super) fn add(g: &mut GraphBuilder, doc: &Document, doc_node: Node, iris: &IriScheme) {
    cover(g, doc, doc_node);
    let doc_id = doc.source.doc_id();
    for case in &doc.cases {
        let case_node = g.node(iris.case(&doc_id, case.number));
        other_sections(g, case, case_node, doc_node);
    }
}

/// `dcterms:publisher` (@zh) and `dcterms:issued` (xsd:gYear, gYearMonth or
/// date) of the `cg:SourceDocument`, when its cover page names them.
fn cover(g: &mut GraphBuilder, doc: &Document, doc_node: Node) {
    if let Some(publisher) = &doc.publisher {
        g.zh(doc_node, DCT_PUBLISHER, publisher);
    }
    if let Some(date) = &doc.date {
        let datatype = match date.len() {
            4 => xsd::G_YEAR,
            7 => xsd::G_YEAR_MONTH,
            _ => xsd::DATE,
        };
        g.typed(doc_node, DCT_ISSUED, date, datatype);
    }
}

/// The node of the case's `ordinal`-th section of unknown kind.
pub(super) fn other_section_node(case_node: &NamedNode, ordinal: usize) -> NamedNode {
    NamedNode::new_unchecked(format!("{}/section/{ordinal}", case_node.as_str()))
}

/// Each section of unknown kind is a `cg:Item` that is no `cg:Measure`,
/// `cg:Outcome` or `cg:NextStep`, a `dcterms:hasPart` of its case (the
/// super-property of `cg:hasMeasure`, …): its heading, its whole text and its span.
fn other_sections(g: &mut GraphBuilder, case: &Case, case_node: Node, doc_node: Node) {
    for section in &case.other_sections {
        let node = g.node(other_section_node(g.iri(case_node), section.ordinal));
        g.add(case_node, DCT_HAS_PART, node);
        g.add_iri(node, rdf::TYPE, ITEM);
        g.integer(node, ORDINAL, section.ordinal);
        g.zh(node, RDFS_LABEL, &section.heading);
        g.zh(node, TEXT, section.body.text());
        let via = super::vocab::PROV_WAS_DERIVED_FROM;
        g.span(node, via, "span", section.body.span, doc_node);
    }
}
