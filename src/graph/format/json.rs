//! Node-link JSON, the shape D3 force layouts and networkx's
//! `node_link_graph(data, edges="links")` read: nodes by IRI, links by IRI.

use super::RelGraph;
use crate::graph::{Node, View};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct NodeLink<'a> {
    directed: bool,
    multigraph: bool,
    graph: GraphInfo,
    nodes: Vec<JsonNode<'a>>,
    links: Vec<JsonLink<'a>>,
}

#[derive(Serialize)]
struct GraphInfo {
    view: View,
    kinds: Vec<&'static str>,
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: &'a str,
    #[serde(flatten)]
    node: &'a Node,
}

#[derive(Serialize)]
struct JsonLink<'a> {
    source: &'a str,
    target: &'a str,
    relation: &'static str,
    weight: u32,
    cases: &'a [u32],
}

pub(super) fn write(graph: &RelGraph, out: &mut dyn Write) -> io::Result<()> {
    let g = &graph.graph;
    let data = NodeLink {
        directed: graph.directed,
        multigraph: false,
        graph: GraphInfo {
            view: graph.view,
            kinds: graph.kinds().iter().map(|k| k.slug()).collect(),
        },
        nodes: graph
            .nodes()
            .map(|(_, node)| JsonNode {
                id: &node.iri,
                node,
            })
            .collect(),
        links: g
            .edge_references()
            .map(|e| JsonLink {
                source: &g[e.source()].iri,
                target: &g[e.target()].iri,
                relation: e.weight().relation.slug(),
                weight: e.weight().weight,
                cases: &e.weight().cases,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &data)?;
    writeln!(out)
}
