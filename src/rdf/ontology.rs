//! The ontology and the sector scheme (`ontology/*.ttl`), compiled in, as the
//! quads of their own named graph.

use super::vocab::ONTOLOGY_GRAPH;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};

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
    for (name, text) in [("ontology/casegraph.ttl", ONTOLOGY_TTL), ("ontology/sectors.ttl", SECTORS_TTL)] {
        let parser = RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph.clone());
        for quad in parser.for_slice(text.as_bytes()) {
            // The files are compiled in and parsed by a test: an error here is a build defect.
            quads.push(quad.unwrap_or_else(|e| panic!("{name} does not parse: {e}")));
        }
    }
    super::sort_quads(quads)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ontology_parses_and_defines_the_vocabulary() {
        let quads = super::ontology_quads();
        assert!(quads.len() > 500);
        let text: String = quads.iter().map(|q| q.to_string()).collect();
        for term in ["Case", "Measure", "hasIndicator", "normalizedValue", "TextSpan", "sectorEvidence"] {
            assert!(text.contains(&format!("<https://w3id.org/casegraph/ontology#{term}> <http://www.w3.org/2000/01/rdf-schema#label>")), "{term}");
        }
        assert!(text.contains("\"金融服务\"@zh"));
    }
}
