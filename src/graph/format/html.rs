//! One self-contained page: the data as JSON, and a small canvas viewer
//! (`viewer.js`, `viewer.css`, written for this page) inlined. It loads
//! nothing from the network, so it works offline and from `file://`.

use super::{node_radii, RelGraph, CJK_FONTS};
use crate::graph::layout::layout;
use crate::graph::{NodeKind, Source};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::io::{self, Write};

const VIEWER_JS: &str = include_str!("viewer.js");
const VIEWER_CSS: &str = include_str!("viewer.css");

#[derive(Serialize)]
struct PageData<'a> {
    title: String,
    directed: bool,
    width: f64,
    height: f64,
    kinds: Vec<KindInfo>,
    nodes: Vec<PageNode<'a>>,
    /// `[source index, target index, weight, relation, cases]`
    edges: Vec<(usize, usize, u32, &'static str, &'a [u32])>,
}

#[derive(Serialize)]
struct KindInfo {
    slug: &'static str,
    zh: &'static str,
    en: &'static str,
    colour: &'static str,
}

#[derive(Serialize)]
struct PageNode<'a> {
    iri: &'a str,
    kind: &'static str,
    subtype: Option<&'a str>,
    zh: &'a str,
    en: Option<&'a str>,
    x: f64,
    y: f64,
    r: f64,
    details: &'a [(String, String)],
    sources: &'a [Source],
}

/// Rounds to one decimal so the page's bytes do not depend on float noise.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

pub(super) fn write(graph: &RelGraph, out: &mut dyn Write) -> io::Result<()> {
    let positions = layout(graph);
    let radii = node_radii(graph);
    let g = &graph.graph;
    let title = format!(
        "casegraph · {} · {} nodes · {} edges",
        graph.view.name(),
        graph.node_count(),
        graph.edge_count()
    );
    let data = PageData {
        title: title.clone(),
        directed: graph.directed,
        width: round(positions.width),
        height: round(positions.height),
        kinds: graph
            .kinds()
            .into_iter()
            .map(|k: NodeKind| KindInfo {
                slug: k.slug(),
                zh: k.legend().0,
                en: k.legend().1,
                colour: k.colour(),
            })
            .collect(),
        nodes: graph
            .nodes()
            .map(|(i, n)| PageNode {
                iri: &n.iri,
                kind: n.kind.slug(),
                subtype: n.subtype.as_deref(),
                zh: &n.label_zh,
                en: n.label_en.as_deref(),
                x: round(positions.positions[i.index()].0),
                y: round(positions.positions[i.index()].1),
                r: round(radii[i.index()]),
                details: &n.details,
                sources: &n.sources,
            })
            .collect(),
        edges: g
            .edge_references()
            .map(|e| {
                (
                    e.source().index(),
                    e.target().index(),
                    e.weight().weight,
                    e.weight().relation.slug(),
                    e.weight().cases.as_slice(),
                )
            })
            .collect(),
    };
    // `<` never appears raw, so no `</script>` can end the data block early.
    let json = serde_json::to_string(&data)
        .map_err(io::Error::other)?
        .replace('<', "\\u003c");
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="zh"><head><meta charset="utf-8">"#)?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(out, "<title>{}</title>", super::xml_escape(&title))?;
    writeln!(
        out,
        "<style>:root{{--cjk-fonts:{CJK_FONTS}}}\n{VIEWER_CSS}</style></head>"
    )?;
    writeln!(out, "<body>")?;
    writeln!(
        out,
        r#"<main id="stage"><canvas id="canvas" aria-label="graph"></canvas><div id="tooltip" hidden></div><div id="hint">滚轮缩放 · 拖动平移 · 点击查看详情 / wheel: zoom · drag: pan · click: details</div></main>"#
    )?;
    writeln!(
        out,
        r#"<aside id="side"><h1 id="title"></h1><input id="search" type="search" placeholder="搜索 search…" autocomplete="off"><div id="matches"></div><fieldset id="kinds"><legend>类型 kinds</legend></fieldset><section id="details"><p class="muted">点击节点查看详情和原文。Click a node for its details and source text.</p></section></aside>"#
    )?;
    writeln!(
        out,
        r#"<script id="graph-data" type="application/json">{json}</script>"#
    )?;
    writeln!(out, "<script>\n{VIEWER_JS}</script>")?;
    writeln!(out, "</body></html>")
}
