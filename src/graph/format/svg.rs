//! A static drawing: the force layout, nodes coloured by kind and sized by
//! weighted degree, labels placed where they overlap least, and a legend.

use super::{node_radii, short_label, xml_escape, RelGraph, CJK_FONTS};
use crate::graph::layout::{layout, Layout};
use petgraph::visit::EdgeRef;
use std::io::{self, Write};

const FONT_SIZE: f64 = 12.0;

/// An axis-aligned box: x, y (top left), width, height.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlap(&self, other: &Rect) -> f64 {
        let dx = (self.x + self.w).min(other.x + other.w) - self.x.max(other.x);
        let dy = (self.y + self.h).min(other.y + other.h) - self.y.max(other.y);
        if dx > 0.0 && dy > 0.0 {
            dx * dy
        } else {
            0.0
        }
    }
}

/// Width of `text` at [`FONT_SIZE`]: Chinese glyphs are square, Latin ones about half.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                FONT_SIZE * 0.58
            } else {
                FONT_SIZE
            }
        })
        .sum()
}

/// Where each label goes: the first of right, left, below, above that
/// overlaps nothing, else the one that overlaps least. Big nodes choose first.
/// Returns the text anchor position and `text-anchor` per node.
fn place_labels(
    layout: &Layout,
    radii: &[f64],
    labels: &[String],
) -> Vec<(f64, f64, &'static str)> {
    let n = labels.len();
    let mut taken: Vec<Rect> = (0..n)
        .map(|i| Rect {
            x: layout.positions[i].0 - radii[i],
            y: layout.positions[i].1 - radii[i],
            w: 2.0 * radii[i],
            h: 2.0 * radii[i],
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| radii[b].total_cmp(&radii[a]).then(a.cmp(&b)));
    let mut placed = vec![(0.0, 0.0, "start"); n];
    for i in order {
        let (x, y) = layout.positions[i];
        let (w, h, r) = (text_width(&labels[i]), FONT_SIZE + 2.0, radii[i]);
        let candidates = [
            (
                Rect {
                    x: x + r + 3.0,
                    y: y - h / 2.0,
                    w,
                    h,
                },
                (x + r + 3.0, y + FONT_SIZE * 0.35, "start"),
            ),
            (
                Rect {
                    x: x - r - 3.0 - w,
                    y: y - h / 2.0,
                    w,
                    h,
                },
                (x - r - 3.0, y + FONT_SIZE * 0.35, "end"),
            ),
            (
                Rect {
                    x: x - w / 2.0,
                    y: y + r + 2.0,
                    w,
                    h,
                },
                (x, y + r + 2.0 + FONT_SIZE * 0.85, "middle"),
            ),
            (
                Rect {
                    x: x - w / 2.0,
                    y: y - r - 2.0 - h,
                    w,
                    h,
                },
                (x, y - r - 4.0, "middle"),
            ),
        ];
        let cost = |rect: &Rect| -> f64 {
            let outside = if rect.x < 0.0
                || rect.x + rect.w > layout.width
                || rect.y < 0.0
                || rect.y + rect.h > layout.height
            {
                1e6
            } else {
                0.0
            };
            outside
                + taken
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, t)| t.overlap(rect))
                    .sum::<f64>()
        };
        let mut best = 0;
        let mut best_cost = f64::MAX;
        for (k, (rect, _)) in candidates.iter().enumerate() {
            let c = cost(rect);
            if c < best_cost {
                best = k;
                best_cost = c;
            }
            if c == 0.0 {
                break;
            }
        }
        taken.push(candidates[best].0);
        placed[i] = candidates[best].1;
    }
    placed
}

pub(super) fn write(graph: &RelGraph, out: &mut dyn Write) -> io::Result<()> {
    let layout = layout(graph);
    let radii = node_radii(graph);
    let labels: Vec<String> = graph.nodes().map(|(_, n)| short_label(n)).collect();
    let label_at = place_labels(&layout, &radii, &labels);
    let kinds = graph.kinds();
    let legend_height = 34.0 + 20.0 * kinds.len() as f64;
    let (width, height) = (layout.width, layout.height.max(legend_height + 20.0));
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="{}" font-size="{FONT_SIZE}">"#,
        CJK_FONTS.replace('\'', "")
    )?;
    writeln!(
        out,
        "<style>.label{{fill:#1a1a1a;paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}}.case{{font-weight:bold}}</style>"
    )?;
    writeln!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    )?;

    writeln!(
        out,
        r##"<g id="edges" stroke="#8a8a8a" stroke-opacity="0.55">"##
    )?;
    let g = &graph.graph;
    for e in g.edge_references() {
        let (a, b) = (
            layout.positions[e.source().index()],
            layout.positions[e.target().index()],
        );
        let edge = e.weight();
        let width = 0.8 + (edge.weight as f64 - 1.0).min(8.0) * 0.7;
        writeln!(
            out,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="{width:.1}"><title>{} — {} ({}, {})</title></line>"#,
            a.0,
            a.1,
            b.0,
            b.1,
            xml_escape(&g[e.source()].label_zh),
            xml_escape(&g[e.target()].label_zh),
            edge.relation.slug(),
            edge.weight
        )?;
    }
    writeln!(out, "</g>")?;

    writeln!(
        out,
        r##"<g id="nodes" stroke="#ffffff" stroke-width="1.5">"##
    )?;
    for (i, node) in graph.nodes() {
        let (x, y) = layout.positions[i.index()];
        let en = node
            .label_en
            .as_deref()
            .map(|en| format!(" · {en}"))
            .unwrap_or_default();
        writeln!(
            out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="{}"><title>{}{} ({})</title></circle>"#,
            radii[i.index()],
            node.kind.colour(),
            xml_escape(&node.label_zh),
            xml_escape(&en),
            node.kind.slug()
        )?;
    }
    writeln!(out, "</g>")?;

    writeln!(out, r#"<g id="labels">"#)?;
    for (i, node) in graph.nodes() {
        let (x, y, anchor) = label_at[i.index()];
        let class = if node.kind == crate::graph::NodeKind::Case {
            "label case"
        } else {
            "label"
        };
        writeln!(
            out,
            r#"<text class="{class}" x="{x:.1}" y="{y:.1}" text-anchor="{anchor}">{}</text>"#,
            xml_escape(&labels[i.index()])
        )?;
    }
    writeln!(out, "</g>")?;

    writeln!(out, r#"<g id="legend" transform="translate(12,12)">"#)?;
    let legend_width = 190.0;
    writeln!(
        out,
        r##"<rect width="{legend_width}" height="{legend_height}" rx="6" fill="#ffffff" fill-opacity="0.9" stroke="#cccccc"/>"##
    )?;
    writeln!(
        out,
        r#"<text x="10" y="20" font-weight="bold">{} · {} nodes · {} edges</text>"#,
        graph.view.name(),
        graph.node_count(),
        graph.edge_count()
    )?;
    for (row, kind) in kinds.iter().enumerate() {
        let y = 38.0 + 20.0 * row as f64;
        let (zh, en) = kind.legend();
        writeln!(
            out,
            r#"<circle cx="18" cy="{:.0}" r="6" fill="{}"/>"#,
            y - 4.0,
            kind.colour()
        )?;
        writeln!(out, r#"<text x="32" y="{y:.0}">{zh} {en}</text>"#)?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, "</svg>")
}
