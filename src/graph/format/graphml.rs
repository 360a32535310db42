//! GraphML, with typed keys for every node and edge attribute.

use super::{xml_escape, RelGraph};
use petgraph::visit::EdgeRef;
use std::io::{self, Write};

const NODE_KEYS: [&str; 6] = ["label", "label_zh", "label_en", "kind", "subtype", "iri"];

pub(super) fn write(graph: &RelGraph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for key in NODE_KEYS {
        writeln!(
            out,
            r#"  <key id="{key}" for="node" attr.name="{key}" attr.type="string"/>"#
        )?;
    }
    writeln!(
        out,
        r#"  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="cases" for="edge" attr.name="cases" attr.type="string"/>"#
    )?;
    let default = if graph.directed {
        "directed"
    } else {
        "undirected"
    };
    writeln!(
        out,
        r#"  <graph id="{}" edgedefault="{default}">"#,
        graph.view.name()
    )?;
    for (i, node) in graph.nodes() {
        writeln!(out, r#"    <node id="n{}">"#, i.index())?;
        let values = [
            Some(node.label_zh.as_str()),
            Some(node.label_zh.as_str()),
            node.label_en.as_deref(),
            Some(node.kind.slug()),
            node.subtype.as_deref(),
            Some(node.iri.as_str()),
        ];
        for (key, value) in NODE_KEYS.iter().zip(values) {
            if let Some(value) = value {
                writeln!(
                    out,
                    r#"      <data key="{key}">{}</data>"#,
                    xml_escape(value)
                )?;
            }
        }
        writeln!(out, "    </node>")?;
    }
    for e in graph.graph.edge_references() {
        let edge = e.weight();
        let cases: Vec<String> = edge.cases.iter().map(u32::to_string).collect();
        writeln!(
            out,
            r#"    <edge id="e{}" source="n{}" target="n{}">"#,
            e.id().index(),
            e.source().index(),
            e.target().index()
        )?;
        writeln!(
            out,
            r#"      <data key="relation">{}</data>"#,
            edge.relation.slug()
        )?;
        writeln!(out, r#"      <data key="weight">{}</data>"#, edge.weight)?;
        writeln!(out, r#"      <data key="cases">{}</data>"#, cases.join(","))?;
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}
