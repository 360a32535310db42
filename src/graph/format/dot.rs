//! Graphviz DOT: `dot -Tsvg` or `sfdp -Tsvg` draws it.

use super::{RelGraph, CJK_FONTS};
use petgraph::visit::EdgeRef;
use std::io::{self, Write};

pub(super) fn write(graph: &RelGraph, out: &mut dyn Write) -> io::Result<()> {
    let (keyword, arrow) = if graph.directed {
        ("digraph", "->")
    } else {
        ("graph", "--")
    };
    let font = quote(
        CJK_FONTS
            .split(", ")
            .next()
            .unwrap_or("sans-serif")
            .trim_matches('\''),
    );
    writeln!(out, "{keyword} {} {{", graph.view.name())?;
    writeln!(
        out,
        "  graph [overlap=false, splines=true, fontname={font}];"
    )?;
    writeln!(
        out,
        "  node [shape=ellipse, style=filled, fontcolor=\"#111111\", fontname={font}];"
    )?;
    writeln!(out, "  edge [color=\"#888888\"];")?;
    for (i, node) in graph.nodes() {
        let label = match &node.label_en {
            Some(en) if *en != node.label_zh => format!("{}\n{en}", node.label_zh),
            _ => node.label_zh.clone(),
        };
        write!(
            out,
            "  n{} [label={}, kind={}, iri={}, fillcolor={}",
            i.index(),
            quote(&label),
            quote(node.kind.slug()),
            quote(&node.iri),
            quote(node.kind.colour())
        )?;
        if let Some(subtype) = &node.subtype {
            write!(out, ", subtype={}", quote(subtype))?;
        }
        writeln!(out, "];")?;
    }
    for e in graph.graph.edge_references() {
        let edge = e.weight();
        let cases: Vec<String> = edge.cases.iter().map(u32::to_string).collect();
        writeln!(
            out,
            "  n{} {arrow} n{} [relation={}, weight={}, penwidth={:.1}, cases={}];",
            e.source().index(),
            e.target().index(),
            quote(edge.relation.slug()),
            edge.weight,
            1.0 + (edge.weight as f64 - 1.0).min(6.0) * 0.5,
            quote(&cases.join(","))
        )?;
    }
    writeln!(out, "}}")
}

/// A DOT double-quoted string (`\n` stays a line break in labels).
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
