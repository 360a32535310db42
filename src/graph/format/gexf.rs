//! GEXF 1.2 for Gephi, with the layout's positions, colours by kind and sizes,
//! so the graph opens already drawn.

use super::{node_radii, rgb, xml_escape, RelGraph};
use crate::graph::layout::layout;
use petgraph::visit::EdgeRef;
use std::io::{self, Write};

const NODE_ATTRIBUTES: [&str; 4] = ["label_en", "kind", "subtype", "iri"];

pub(super) fn write(graph: &RelGraph, out: &mut dyn Write) -> io::Result<()> {
    let positions = layout(graph);
    let radii = node_radii(graph);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">"#
    )?;
    writeln!(out, "  <meta>")?;
    writeln!(out, "    <creator>casegraph</creator>")?;
    writeln!(
        out,
        "    <description>casegraph {} view</description>",
        graph.view.name()
    )?;
    writeln!(out, "  </meta>")?;
    let default = if graph.directed {
        "directed"
    } else {
        "undirected"
    };
    writeln!(
        out,
        r#"  <graph defaultedgetype="{default}" mode="static">"#
    )?;
    writeln!(out, r#"    <attributes class="node">"#)?;
    for (id, title) in NODE_ATTRIBUTES.iter().enumerate() {
        writeln!(
            out,
            r#"      <attribute id="{id}" title="{title}" type="string"/>"#
        )?;
    }
    writeln!(out, "    </attributes>")?;
    writeln!(out, r#"    <attributes class="edge">"#)?;
    writeln!(
        out,
        r#"      <attribute id="0" title="relation" type="string"/>"#
    )?;
    writeln!(
        out,
        r#"      <attribute id="1" title="cases" type="string"/>"#
    )?;
    writeln!(out, "    </attributes>")?;
    writeln!(out, "    <nodes>")?;
    for (i, node) in graph.nodes() {
        writeln!(
            out,
            r#"      <node id="n{}" label="{}">"#,
            i.index(),
            xml_escape(&node.label_zh)
        )?;
        writeln!(out, "        <attvalues>")?;
        let values = [
            node.label_en.as_deref(),
            Some(node.kind.slug()),
            node.subtype.as_deref(),
            Some(node.iri.as_str()),
        ];
        for (id, value) in values.iter().enumerate() {
            if let Some(value) = value {
                writeln!(
                    out,
                    r#"          <attvalue for="{id}" value="{}"/>"#,
                    xml_escape(value)
                )?;
            }
        }
        writeln!(out, "        </attvalues>")?;
        let (r, g, b) = rgb(node.kind.colour());
        let (x, y) = positions.positions[i.index()];
        writeln!(out, r#"        <viz:color r="{r}" g="{g}" b="{b}"/>"#)?;
        // GEXF's y axis points up; the layout's (like SVG's) points down.
        writeln!(
            out,
            r#"        <viz:position x="{x:.1}" y="{:.1}" z="0.0"/>"#,
            positions.height - y
        )?;
        writeln!(
            out,
            r#"        <viz:size value="{:.1}"/>"#,
            radii[i.index()]
        )?;
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for e in graph.graph.edge_references() {
        let edge = e.weight();
        let cases: Vec<String> = edge.cases.iter().map(u32::to_string).collect();
        writeln!(
            out,
            r#"      <edge id="e{}" source="n{}" target="n{}" weight="{}">"#,
            e.id().index(),
            e.source().index(),
            e.target().index(),
            edge.weight
        )?;
        writeln!(out, "        <attvalues>")?;
        writeln!(
            out,
            r#"          <attvalue for="0" value="{}"/>"#,
            edge.relation.slug()
        )?;
        writeln!(
            out,
            r#"          <attvalue for="1" value="{}"/>"#,
            cases.join(",")
        )?;
        writeln!(out, "        </attvalues>")?;
        writeln!(out, "      </edge>")?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")
}
