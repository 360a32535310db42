//! Assembling the three views from rows, with the filters applied.

use super::{
    CaseRow, Edge, EntityRow, Filter, Node, NodeKind, RelGraph, Relation, Rows, Source, View,
};
use petgraph::graph::DiGraph;
use std::collections::{BTreeMap, BTreeSet};

/// At most this many passages of source text per node: enough to see how an
/// entity is used without making the HTML page heavy.
const MAX_SOURCES: usize = 12;

/// Chars of context kept before and after a mention in a passage.
const CONTEXT_BEFORE: usize = 60;
const CONTEXT_AFTER: usize = 100;

/// What a case in the `cases` view links to besides its provider: the actors
/// and objects analysts follow (provinces and districts would only repeat the
/// cities, and creative works are incidental).
const CASE_VIEW_KINDS: [NodeKind; 6] = [
    NodeKind::City,
    NodeKind::SpecialRegion,
    NodeKind::Organization,
    NodeKind::Country,
    NodeKind::Region,
    NodeKind::PolicyDocument,
];

/// Builds `view` from `rows`, keeping what `filter` asks for.
pub fn build_view(rows: &Rows, view: View, filter: &Filter) -> RelGraph {
    let index = RowIndex::new(rows);
    let cases = index.selected_cases(filter);
    let mut acc = Accumulator::default();
    match view {
        View::Cases => cases_view(&index, &cases, &mut acc),
        View::Organizations => organizations_view(&index, &cases, &mut acc),
        View::Cities => cities_view(&index, &cases, &mut acc),
    }
    if let Some(min) = filter.min_weight {
        acc.edges.retain(|_, e| e.weight >= min);
        let linked: BTreeSet<&String> = acc.edges.keys().flat_map(|(a, b, _)| [a, b]).collect();
        let keep: BTreeSet<String> = linked.into_iter().cloned().collect();
        acc.nodes.retain(|iri, _| keep.contains(iri));
    }
    let case_numbers: BTreeSet<u32> = cases.iter().map(|c| c.number).collect();
    acc.finish(view, &index, &case_numbers)
}

/// Rows looked up by IRI.
struct RowIndex<'a> {
    rows: &'a Rows,
    entities: BTreeMap<&'a str, &'a EntityRow>,
    mentions: BTreeMap<&'a str, Vec<&'a EntityRow>>,
    sectors: BTreeMap<&'a str, Vec<&'a EntityRow>>,
}

impl<'a> RowIndex<'a> {
    fn new(rows: &'a Rows) -> Self {
        let entities: BTreeMap<&str, &EntityRow> =
            rows.entities.iter().map(|e| (e.iri.as_str(), e)).collect();
        let by_case = |links: &'a [super::LinkRow]| {
            let mut map: BTreeMap<&str, Vec<&EntityRow>> = BTreeMap::new();
            for link in links {
                if let Some(entity) = entities.get(link.target.as_str()) {
                    map.entry(link.case.as_str()).or_default().push(entity);
                }
            }
            for targets in map.values_mut() {
                targets.sort_by(|a, b| a.iri.cmp(&b.iri));
                targets.dedup_by(|a, b| a.iri == b.iri);
            }
            map
        };
        let mentions = by_case(&rows.mentions);
        let sectors = by_case(&rows.sectors);
        Self {
            rows,
            entities,
            mentions,
            sectors,
        }
    }

    fn entity(&self, iri: &str) -> Option<&'a EntityRow> {
        self.entities.get(iri).copied()
    }

    fn provider(&self, case: &CaseRow) -> Option<&'a EntityRow> {
        case.provider.as_deref().and_then(|iri| self.entity(iri))
    }

    fn mentions(&self, case: &CaseRow) -> &[&'a EntityRow] {
        self.mentions
            .get(case.iri.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn sectors(&self, case: &CaseRow) -> &[&'a EntityRow] {
        self.sectors
            .get(case.iri.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// `place` itself or a place (or body) located in it, following `cg:locatedIn`.
    fn is_within(&self, entity: &EntityRow, places: &BTreeSet<&str>) -> bool {
        let mut current = Some(entity);
        // Containment chains are short (district → city → province); the bound guards cycles.
        for _ in 0..8 {
            let Some(e) = current else { return false };
            if places.contains(e.iri.as_str()) {
                return true;
            }
            current = e.located_in.as_deref().and_then(|iri| self.entity(iri));
        }
        false
    }

    /// The cases the filter keeps, sorted by number then IRI.
    fn selected_cases(&self, filter: &Filter) -> Vec<&'a CaseRow> {
        let mut cases: Vec<&CaseRow> = self
            .rows
            .cases
            .iter()
            .filter(|c| filter.case.map_or(true, |n| c.number == n))
            .collect();
        if let Some(name) = &filter.city {
            let places: BTreeSet<&str> = self
                .rows
                .entities
                .iter()
                .filter(|e| e.kind.is_place() && names_place(e, name))
                .map(|e| e.iri.as_str())
                .collect();
            let provided: Vec<&CaseRow> = cases
                .iter()
                .copied()
                .filter(|c| self.provider(c).is_some_and(|p| self.is_within(p, &places)))
                .collect();
            // A place that provided nothing still has cases about it.
            cases = if provided.is_empty() {
                cases
                    .into_iter()
                    .filter(|c| {
                        self.mentions(c)
                            .iter()
                            .any(|e| places.contains(e.iri.as_str()))
                    })
                    .collect()
            } else {
                provided
            };
        }
        cases.sort_by(|a, b| (a.number, &a.iri).cmp(&(b.number, &b.iri)));
        cases.dedup_by(|a, b| a.iri == b.iri);
        cases
    }
}

/// `上海`, `上海市` and `Shanghai` all name the place labelled 上海.
fn names_place(entity: &EntityRow, name: &str) -> bool {
    let name = name.trim();
    let short = |s: &str| s.trim_end_matches(['市', '省']).to_string();
    short(&entity.label_zh) == short(name)
        || entity
            .label_en
            .as_deref()
            .is_some_and(|en| en.eq_ignore_ascii_case(name))
}

/// Nodes and edges keyed by IRI while a view is assembled.
#[derive(Default)]
struct Accumulator<'a> {
    nodes: BTreeMap<String, NodeSeed<'a>>,
    /// (source IRI, target IRI, relation) → edge.
    edges: BTreeMap<(String, String, Relation), Edge>,
}

enum NodeSeed<'a> {
    Case(&'a CaseRow),
    Entity(&'a EntityRow),
}

impl<'a> Accumulator<'a> {
    fn case(&mut self, case: &'a CaseRow) {
        self.nodes
            .entry(case.iri.clone())
            .or_insert(NodeSeed::Case(case));
    }

    fn entity(&mut self, entity: &'a EntityRow) {
        self.nodes
            .entry(entity.iri.clone())
            .or_insert(NodeSeed::Entity(entity));
    }

    /// Adds one case's worth of weight to the edge `from → to`.
    fn link(&mut self, from: &str, to: &str, relation: Relation, case: u32) {
        let edge = self
            .edges
            .entry((from.to_string(), to.to_string(), relation))
            .or_insert(Edge {
                relation,
                weight: 0,
                cases: Vec::new(),
            });
        if !edge.cases.contains(&case) {
            edge.weight += 1;
            edge.cases.push(case);
            edge.cases.sort_unstable();
        }
    }

    fn finish(self, view: View, index: &RowIndex<'_>, cases: &BTreeSet<u32>) -> RelGraph {
        let mut nodes: Vec<Node> = self
            .nodes
            .values()
            .map(|seed| make_node(seed, index, cases))
            .collect();
        nodes.sort_by(|a, b| (a.kind, &a.label_zh, &a.iri).cmp(&(b.kind, &b.label_zh, &b.iri)));
        let mut graph = DiGraph::new();
        let mut position = BTreeMap::new();
        for node in nodes {
            let iri = node.iri.clone();
            position.insert(iri, graph.add_node(node));
        }
        let mut edges: Vec<_> = self
            .edges
            .into_iter()
            .filter_map(|((from, to, _), edge)| {
                let (mut a, mut b) = (*position.get(&from)?, *position.get(&to)?);
                if !view.is_directed() && b < a {
                    std::mem::swap(&mut a, &mut b);
                }
                Some((a, b, edge))
            })
            .collect();
        edges.sort_by_key(|x| (x.0, x.1, x.2.relation));
        for (a, b, edge) in edges {
            graph.add_edge(a, b, edge);
        }
        RelGraph {
            view,
            directed: view.is_directed(),
            graph,
        }
    }
}

fn cases_view<'a>(index: &RowIndex<'a>, cases: &[&'a CaseRow], acc: &mut Accumulator<'a>) {
    for &case in cases {
        acc.case(case);
        let provider = index.provider(case);
        if let Some(p) = provider {
            acc.entity(p);
            acc.link(&p.iri, &case.iri, Relation::Provided, case.number);
        }
        for &entity in index.mentions(case) {
            // The provider is already linked; a second edge would say nothing new.
            if CASE_VIEW_KINDS.contains(&entity.kind)
                && provider.map_or(true, |p| p.iri != entity.iri)
            {
                acc.entity(entity);
                acc.link(&case.iri, &entity.iri, Relation::Mentions, case.number);
            }
        }
    }
}

fn organizations_view<'a>(index: &RowIndex<'a>, cases: &[&'a CaseRow], acc: &mut Accumulator<'a>) {
    for &case in cases {
        let mut bodies: Vec<&EntityRow> = index
            .mentions(case)
            .iter()
            .copied()
            .filter(|e| e.kind == NodeKind::Organization)
            .collect();
        bodies.extend(
            index
                .provider(case)
                .filter(|p| p.kind == NodeKind::Organization),
        );
        bodies.sort_by(|a, b| a.iri.cmp(&b.iri));
        bodies.dedup_by(|a, b| a.iri == b.iri);
        for (i, a) in bodies.iter().enumerate() {
            acc.entity(a);
            for b in &bodies[i + 1..] {
                acc.link(&a.iri, &b.iri, Relation::CoOccurs, case.number);
            }
        }
    }
}

fn cities_view<'a>(index: &RowIndex<'a>, cases: &[&'a CaseRow], acc: &mut Accumulator<'a>) {
    for &case in cases {
        let Some(place) = index.provider(case).filter(|p| p.kind.is_place()) else {
            continue;
        };
        acc.entity(place);
        for &sector in index.sectors(case) {
            acc.entity(sector);
            acc.link(&place.iri, &sector.iri, Relation::WorksIn, case.number);
        }
        for &country in index
            .mentions(case)
            .iter()
            .filter(|e| e.kind == NodeKind::Country)
        {
            acc.entity(country);
            acc.link(&place.iri, &country.iri, Relation::Partners, case.number);
        }
    }
}

fn make_node(seed: &NodeSeed<'_>, index: &RowIndex<'_>, cases: &BTreeSet<u32>) -> Node {
    match seed {
        NodeSeed::Case(case) => {
            let mut details = vec![("案例 case".to_string(), case.number.to_string())];
            if let Some(p) = index.provider(case) {
                details.push(("提供 provided by".to_string(), p.label_zh.clone()));
            }
            details.push((
                "行 lines".to_string(),
                format!("{}–{}", case.start_line, case.end_line),
            ));
            let sources = vec![Source {
                case: case.number,
                item: case.title.clone(),
                start_line: case.start_line,
                end_line: case.end_line,
                text: case.headings.join("\n"),
            }];
            Node {
                iri: case.iri.clone(),
                kind: NodeKind::Case,
                subtype: None,
                label_zh: format!("{}. {}", case.number, case.title),
                label_en: Some(format!("Case {}", case.number)),
                details,
                sources,
            }
        }
        NodeSeed::Entity(entity) => {
            let mut details = Vec::new();
            if let Some(subtype) = &entity.subtype {
                details.push(("类型 type".to_string(), subtype.clone()));
            }
            if !entity.aliases.is_empty() {
                details.push(("别名 aliases".to_string(), entity.aliases.join("、")));
            }
            if let Some(parent) = entity
                .located_in
                .as_deref()
                .and_then(|iri| index.entity(iri))
            {
                details.push(("位于 located in".to_string(), parent.label_zh.clone()));
            }
            let sources = entity_sources(entity, index, cases);
            let mut numbers: Vec<u32> = sources.iter().map(|s| s.case).collect();
            numbers.dedup();
            if !numbers.is_empty() {
                let list: Vec<String> = numbers.iter().map(u32::to_string).collect();
                details.push(("案例 cases".to_string(), list.join(", ")));
            }
            Node {
                iri: entity.iri.clone(),
                kind: entity.kind,
                subtype: entity.subtype.clone(),
                label_zh: entity.label_zh.clone(),
                label_en: entity.label_en.clone(),
                details,
                sources,
            }
        }
    }
}

/// The passages of the kept cases that mention `entity`, by case and line.
fn entity_sources(entity: &EntityRow, index: &RowIndex<'_>, cases: &BTreeSet<u32>) -> Vec<Source> {
    let mut names: Vec<&str> = std::iter::once(entity.label_zh.as_str())
        .chain(entity.aliases.iter().map(String::as_str))
        .collect();
    // Prefer the longest name: `上海期货交易所` before its alias `上期所`.
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    let mut sources: Vec<Source> = index
        .rows
        .evidence
        .iter()
        .filter(|e| e.entity == entity.iri && cases.contains(&e.case_number))
        .map(|e| Source {
            case: e.case_number,
            item: e.item_label.clone(),
            start_line: e.start_line,
            end_line: e.end_line,
            text: passage(&e.item_text, &names),
        })
        .collect();
    sources.sort();
    sources.dedup();
    sources.truncate(MAX_SOURCES);
    sources
}

/// The part of `text` around the first of `names` found in it (the start of
/// the text when none is), with `…` where it was cut.
///
/// ```ignore
/// assert_eq!(passage("甲乙丙", &["乙"]), "甲乙丙");
/// ```
pub(super) fn passage(text: &str, names: &[&str]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = names
        .iter()
        .filter(|n| !n.is_empty())
        .find_map(|n| text.find(n).map(|byte| text[..byte].chars().count()))
        .unwrap_or(0);
    let start = at.saturating_sub(CONTEXT_BEFORE);
    let end = (at + CONTEXT_AFTER).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}
