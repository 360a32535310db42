//! The ontology and the sector scheme (`ontology/*.ttl`), compiled in, as the
//! quads of their own named graph.

use super::vocab::ONTOLOGY_GRAPH;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use std::collections::HashMap;

pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/casegraph.ttl");
pub const SECTORS_TTL: &str = include_str!("../../ontology/sectors.ttl");
pub const SHAPES_TTL: &str = include_str!("../../ontology/shapes.ttl");

/// The ontology graph's name.
pub fn graph() -> NamedNode {
    NamedNode::new_unchecked(ONTOLOGY_GRAPH)
}

/// The ontology and sector scheme, in the ontology graph, sorted.
pub fn ontology_quads() -> Vec<Quad> {
    let graph = GraphName::from(graph());
    let mut quads = Vec::new();
    let mut blanks: HashMap<BlankNode, BlankNode> = HashMap::new();
    for (name, text) in [
        ("ontology/casegraph.ttl", ONTOLOGY_TTL),
        ("ontology/sectors.ttl", SECTORS_TTL),
    ] {
        let parser = RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph.clone());
        for quad in parser.for_slice(text.as_bytes()) {
            // The files are compiled in and parsed by a test: an error here is a build defect.
            let mut quad = quad.unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            // The parser names blank nodes at random; name them by first appearance
            // so that every build stores (and exports) the same bytes.
            if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
                quad.subject = stable(&mut blanks, b).into();
            }
            if let Term::BlankNode(b) = &quad.object {
                quad.object = stable(&mut blanks, b).into();
            }
            quads.push(quad);
        }
    }
    super::sort_quads(quads)
}

fn stable(blanks: &mut HashMap<BlankNode, BlankNode>, node: &BlankNode) -> BlankNode {
    let next = blanks.len();
    blanks
        .entry(node.clone())
        .or_insert_with(|| BlankNode::new_unchecked(format!("ontology{next}")))
        .clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ontology_quads_are_the_same_every_time() {
        assert_eq!(super::ontology_quads(), super::ontology_quads());
    }

    #[test]
    fn ontology_parses_and_defines_the_vocabulary() {
        let quads = super::ontology_quads();
        assert!(quads.len() > 500);
        let text: String = quads.iter().map(|q| q.to_string()).collect();
        for term in [
            "Case",
            "Measure",
            "hasIndicator",
            "normalizedValue",
            "TextSpan",
            "sectorEvidence",
        ] {
            assert!(text.contains(&format!("<https://w3id.org/casegraph/ontology#{term}> <http://www.w3.org/2000/01/rdf-schema#label>")), "{term}");
        }
        assert!(text.contains("\"金融服务\"@zh"));
    }
}
