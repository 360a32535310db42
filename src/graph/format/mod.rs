//! Writing a view: DOT, GraphML, GEXF, node-link JSON, SVG, HTML.

mod dot;
mod gexf;
mod graphml;
mod html;
mod json;
mod svg;

use super::{Node, NodeKind, RelGraph};
use std::io::{self, Write};

/// An output format of `casegraph graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz.
    Dot,
    /// GraphML (Gephi, yEd, networkx).
    Graphml,
    /// GEXF 1.2 (Gephi), with the layout's positions and colours.
    Gexf,
    /// Node-link JSON (D3, Cytoscape, networkx `node_link_graph`).
    Json,
    /// A drawing laid out here: colour by kind, legend, Chinese labels.
    Svg,
    /// One self-contained page (no network): pan, zoom, hover, details, search.
    Html,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 6] = [
        Format::Dot,
        Format::Graphml,
        Format::Gexf,
        Format::Json,
        Format::Svg,
        Format::Html,
    ];
}

/// Writes `graph` in `format`.
pub fn write(graph: &RelGraph, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Dot => dot::write(graph, out),
        Format::Graphml => graphml::write(graph, out),
        Format::Gexf => gexf::write(graph, out),
        Format::Json => json::write(graph, out),
        Format::Svg => svg::write(graph, out),
        Format::Html => html::write(graph, out),
    }
}

/// Fonts that have Chinese glyphs on common systems, best first.
pub(crate) const CJK_FONTS: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// Escapes text for XML content and attribute values.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids (control chars other than tab and newlines).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The short label drawn next to a node: case labels keep their number and
/// the start of the title; long names are cut with `…`.
pub(crate) fn short_label(node: &Node) -> String {
    let limit = if node.kind == NodeKind::Case { 14 } else { 16 };
    let chars: Vec<char> = node.label_zh.chars().collect();
    if chars.len() <= limit {
        node.label_zh.clone()
    } else {
        chars[..limit - 1].iter().collect::<String>() + "…"
    }
}

/// Node radius from its weighted degree: hubs stand out, leaves stay visible.
pub(crate) fn node_radii(graph: &RelGraph) -> Vec<f64> {
    use petgraph::visit::EdgeRef;
    let mut strength = vec![0u32; graph.node_count()];
    for e in graph.graph.edge_references() {
        strength[e.source().index()] += e.weight().weight;
        strength[e.target().index()] += e.weight().weight;
    }
    strength
        .iter()
        .map(|&s| (5.0 + 2.2 * (s as f64).sqrt()).min(24.0))
        .collect()
}

/// `#RRGGBB` → (r, g, b).
pub(crate) fn rgb(hex: &str) -> (u8, u8, u8) {
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    (channel(1), channel(3), channel(5))
}
