//! Node rankings of a view: degree, weighted degree, PageRank, betweenness,
//! and connected components. Every measure treats the graph as undirected: a
//! view's arrows say who acts on what, not who may reach whom.
//!
//! PageRank and components come from petgraph (`algo::page_rank`,
//! `algo::kosaraju_scc`); petgraph has no betweenness, so Brandes' algorithm
//! is written here.

use super::{NodeKind, RelGraph};
use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::VecDeque;
use std::io::Write;

/// PageRank's damping factor and iterations (the values Gephi and networkx use
/// by default for the damping; 100 iterations converge on graphs this size).
pub const DAMPING: f64 = 0.85;
pub const PAGE_RANK_ITERATIONS: usize = 100;

/// The measures of one node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeRank {
    pub iri: String,
    pub label_zh: String,
    pub kind: NodeKind,
    /// Number of neighbours.
    pub degree: usize,
    /// Sum of the weights of the node's edges.
    pub weighted_degree: u32,
    pub page_rank: f64,
    /// Number of shortest paths between other nodes through this one (not
    /// normalised: networkx's `betweenness_centrality(normalized=False)`).
    pub betweenness: f64,
    /// 1-based number of the node's connected component (1 = the largest).
    pub component: usize,
}

/// Nodes best first (PageRank, then weighted degree, then label), and the
/// connected components' sizes, largest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    pub nodes: Vec<NodeRank>,
    pub component_sizes: Vec<usize>,
}

/// Scores every node of `graph`.
pub fn rank(graph: &RelGraph) -> Ranking {
    let g = &graph.graph;
    let mut undirected: UnGraph<(), ()> = UnGraph::with_capacity(g.node_count(), g.edge_count());
    for _ in g.node_indices() {
        undirected.add_node(());
    }
    let mut weighted_degree = vec![0u32; g.node_count()];
    for e in g.edge_references() {
        undirected.add_edge(e.source(), e.target(), ());
        weighted_degree[e.source().index()] += e.weight().weight;
        weighted_degree[e.target().index()] += e.weight().weight;
    }
    let page_rank = petgraph::algo::page_rank(&undirected, DAMPING, PAGE_RANK_ITERATIONS);
    let betweenness = betweenness(&undirected);
    let (component_of, component_sizes) = components(&undirected);
    let mut nodes: Vec<NodeRank> = g
        .node_indices()
        .map(|i| NodeRank {
            iri: g[i].iri.clone(),
            label_zh: g[i].label_zh.clone(),
            kind: g[i].kind,
            degree: undirected.neighbors(i).count(),
            weighted_degree: weighted_degree[i.index()],
            page_rank: page_rank[i.index()],
            betweenness: betweenness[i.index()],
            component: component_of[i.index()],
        })
        .collect();
    nodes.sort_by(|a, b| {
        b.page_rank
            .total_cmp(&a.page_rank)
            .then(b.weighted_degree.cmp(&a.weighted_degree))
            .then_with(|| a.label_zh.cmp(&b.label_zh))
            .then_with(|| a.iri.cmp(&b.iri))
    });
    Ranking {
        nodes,
        component_sizes,
    }
}

/// Brandes (2001) for unweighted undirected graphs: one breadth-first search
/// per source, then dependencies accumulated in reverse order. Each path is
/// found from both ends, hence the final halving.
pub fn betweenness(graph: &UnGraph<(), ()>) -> Vec<f64> {
    let n = graph.node_count();
    let mut centrality = vec![0.0; n];
    let neighbours: Vec<Vec<usize>> = graph
        .node_indices()
        .map(|i| graph.neighbors(i).map(|j| j.index()).collect())
        .collect();
    for s in 0..n {
        let mut order = Vec::with_capacity(n);
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut paths = vec![0.0f64; n];
        let mut distance = vec![usize::MAX; n];
        paths[s] = 1.0;
        distance[s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &w in &neighbours[v] {
                if distance[w] == usize::MAX {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 && !predecessors[w].contains(&v) {
                    paths[w] += paths[v];
                    predecessors[w].push(v);
                }
            }
        }
        let mut dependency = vec![0.0; n];
        for &w in order.iter().rev() {
            for &v in &predecessors[w] {
                dependency[v] += paths[v] / paths[w] * (1.0 + dependency[w]);
            }
            if w != s {
                centrality[w] += dependency[w];
            }
        }
    }
    centrality.iter().map(|c| c / 2.0).collect()
}

/// Component number of each node (1 = largest, ties by first node) and sizes.
fn components(graph: &UnGraph<(), ()>) -> (Vec<usize>, Vec<usize>) {
    let mut parts = petgraph::algo::kosaraju_scc(graph);
    for part in &mut parts {
        part.sort();
    }
    parts.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let mut component_of = vec![0; graph.node_count()];
    for (number, part) in parts.iter().enumerate() {
        for node in part {
            component_of[node.index()] = number + 1;
        }
    }
    (component_of, parts.iter().map(Vec::len).collect())
}

/// Writes the ranking as an aligned text table, then the components.
pub fn write_table(ranking: &Ranking, out: &mut dyn Write) -> std::io::Result<()> {
    let width = ranking
        .nodes
        .iter()
        .map(|n| unicode_width::UnicodeWidthStr::width(n.label_zh.as_str()))
        .max()
        .unwrap_or(4)
        .clamp(4, 40);
    writeln!(
        out,
        "{:>4}  {}  {:>6} {:>8} {:>9} {:>11} {:>4}  kind",
        "rank",
        pad("label", width),
        "degree",
        "weighted",
        "pagerank",
        "betweenness",
        "comp"
    )?;
    for (i, n) in ranking.nodes.iter().enumerate() {
        writeln!(
            out,
            "{:>4}  {}  {:>6} {:>8} {:>9.6} {:>11.3} {:>4}  {}",
            i + 1,
            pad(&n.label_zh, width),
            n.degree,
            n.weighted_degree,
            n.page_rank,
            n.betweenness,
            n.component,
            n.kind.slug()
        )?;
    }
    let sizes: Vec<String> = ranking
        .component_sizes
        .iter()
        .map(usize::to_string)
        .collect();
    writeln!(
        out,
        "{} connected component(s); sizes: {}",
        ranking.component_sizes.len(),
        sizes.join(", ")
    )
}

/// Pads (or cuts, with `…`) to `width` terminal columns: a Chinese char takes two.
fn pad(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let mut out = String::new();
    let mut used = 0;
    if text.width() <= width {
        out.push_str(text);
        used = text.width();
    } else {
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(c);
            used += w;
        }
        out.push('…');
        used += 1;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}
