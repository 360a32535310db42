//! Views, filters and formats on small hand-made rows.

use super::*;
use crate::graph::views::passage;

const BASE: &str = "https://example.org/id/";

fn entity(path: &str, kind: NodeKind, zh: &str, en: Option<&str>) -> EntityRow {
    EntityRow {
        iri: format!("{BASE}{path}"),
        kind,
        subtype: (kind == NodeKind::Organization).then(|| "Enterprise".to_string()),
        label_zh: zh.to_string(),
        label_en: en.map(str::to_string),
        aliases: Vec::new(),
        located_in: None,
    }
}

fn case(number: u32, title: &str, provider: &str) -> CaseRow {
    CaseRow {
        iri: format!("{BASE}case/d/{number}"),
        number,
        title: title.to_string(),
        provider: Some(format!("{BASE}{provider}")),
        start_line: number as usize * 100,
        end_line: number as usize * 100 + 50,
        headings: vec![format!("做法{number}")],
    }
}

fn link(number: u32, target: &str) -> LinkRow {
    LinkRow {
        case: format!("{BASE}case/d/{number}"),
        target: format!("{BASE}{target}"),
    }
}

/// Three cases: two from 苏州 (one by a bank located in 苏州), one from 宁波;
/// banks and a port shared between them; sectors and a partner country.
pub(super) fn sample_rows() -> Rows {
    let mut bank = entity("org/江南银行", NodeKind::Organization, "江南银行", None);
    bank.located_in = Some(format!("{BASE}place/320500"));
    bank.aliases = vec!["江南行".to_string()];
    Rows {
        cases: vec![
            case(1, "跨境结算便利化", "place/320500"),
            case(2, "港口数字化", "place/330200"),
            case(3, "绿色金融", "org/江南银行"),
        ],
        entities: vec![
            entity("place/320500", NodeKind::City, "苏州", Some("Suzhou")),
            entity("place/330200", NodeKind::City, "宁波", Some("Ningbo")),
            bank,
            entity(
                "org/东海港务集团",
                NodeKind::Organization,
                "东海港务集团",
                None,
            ),
            entity("org/数据交易所", NodeKind::Organization, "数据交易所", None),
            entity("country/SG", NodeKind::Country, "新加坡", Some("Singapore")),
            entity("policy/方案", NodeKind::PolicyDocument, "总体方案", None),
            entity(
                "sector/finance",
                NodeKind::Sector,
                "金融服务",
                Some("Financial services"),
            ),
            entity(
                "sector/transport",
                NodeKind::Sector,
                "运输服务",
                Some("Transport services"),
            ),
        ],
        mentions: vec![
            link(1, "org/江南银行"),
            link(1, "org/东海港务集团"),
            link(1, "country/SG"),
            link(1, "policy/方案"),
            link(1, "place/320500"),
            link(2, "org/江南银行"),
            link(2, "org/东海港务集团"),
            link(2, "org/数据交易所"),
            link(2, "country/SG"),
            link(3, "org/数据交易所"),
        ],
        sectors: vec![
            link(1, "sector/finance"),
            link(2, "sector/transport"),
            link(3, "sector/finance"),
        ],
        evidence: vec![EvidenceRow {
            entity: format!("{BASE}org/江南银行"),
            case_number: 1,
            item_label: "搭建结算平台".to_string(),
            item_text: "由江南行牵头，搭建跨境结算平台。".to_string(),
            start_line: 120,
            end_line: 124,
        }],
    }
}

fn labels(graph: &RelGraph) -> Vec<String> {
    graph.nodes().map(|(_, n)| n.label_zh.clone()).collect()
}

fn edge(graph: &RelGraph, a: &str, b: &str) -> Option<Edge> {
    let find = |label: &str| {
        graph
            .nodes()
            .find(|(_, n)| n.label_zh == label)
            .map(|(i, _)| i)
    };
    let (a, b) = (find(a)?, find(b)?);
    graph
        .graph
        .find_edge(a, b)
        .or_else(|| graph.graph.find_edge(b, a))
        .map(|e| graph.graph[e].clone())
}

#[test]
fn cases_view_links_providers_to_cases_to_what_they_mention() {
    let g = build_view(&sample_rows(), View::Cases, &Filter::default());
    // 3 cases + 2 cities + bank, port, exchange, Singapore, the plan
    assert_eq!(g.node_count(), 10, "{:?}", labels(&g));
    // provided: 3; mentions: case 1 → bank, port, SG, plan (苏州 is its provider: no second edge);
    // case 2 → bank, port, exchange, SG; case 3 → exchange (the bank provided it)
    assert_eq!(g.edge_count(), 3 + 4 + 4 + 1);
    assert_eq!(
        edge(&g, "苏州", "1. 跨境结算便利化").unwrap().relation,
        Relation::Provided
    );
    assert!(g.directed);
}

#[test]
fn organizations_view_weights_pairs_by_shared_cases() {
    let g = build_view(&sample_rows(), View::Organizations, &Filter::default());
    assert_eq!(labels(&g), ["东海港务集团", "数据交易所", "江南银行"]);
    let shared = edge(&g, "江南银行", "东海港务集团").unwrap();
    assert_eq!((shared.weight, shared.cases.clone()), (2, vec![1, 2]));
    // the bank provided case 3, which mentions the exchange: provider counts as a participant
    assert_eq!(
        edge(&g, "江南银行", "数据交易所").unwrap().cases,
        vec![2, 3]
    );
    assert_eq!(g.edge_count(), 3);
    assert!(!g.directed);
}

#[test]
fn cities_view_counts_cases_per_sector_and_country() {
    let g = build_view(&sample_rows(), View::Cities, &Filter::default());
    // the bank is no place: case 3 has no providing city
    assert_eq!(
        labels(&g),
        ["宁波", "苏州", "新加坡", "运输服务", "金融服务"]
    );
    assert_eq!(edge(&g, "苏州", "金融服务").unwrap().weight, 1);
    assert_eq!(
        edge(&g, "苏州", "新加坡").unwrap().relation,
        Relation::Partners
    );
    assert_eq!(g.edge_count(), 4);
}

#[test]
fn city_filter_takes_cases_of_the_city_and_of_bodies_located_in_it() {
    for name in ["苏州", "苏州市", "suzhou"] {
        let g = build_view(
            &sample_rows(),
            View::Cases,
            &Filter {
                city: Some(name.to_string()),
                ..Filter::default()
            },
        );
        let cases: Vec<String> = g
            .nodes()
            .filter(|(_, n)| n.kind == NodeKind::Case)
            .map(|(_, n)| n.label_zh.clone())
            .collect();
        assert_eq!(cases, ["1. 跨境结算便利化", "3. 绿色金融"], "{name}");
    }
}

#[test]
fn city_filter_falls_back_to_cases_mentioning_a_place_that_provided_none() {
    let mut rows = sample_rows();
    rows.entities.push(entity(
        "place/310000",
        NodeKind::City,
        "上海",
        Some("Shanghai"),
    ));
    rows.mentions.push(link(2, "place/310000"));
    let g = build_view(
        &rows,
        View::Cases,
        &Filter {
            city: Some("上海".into()),
            ..Filter::default()
        },
    );
    assert!(labels(&g).contains(&"2. 港口数字化".to_string()));
    assert_eq!(
        g.nodes().filter(|(_, n)| n.kind == NodeKind::Case).count(),
        1
    );
}

#[test]
fn case_and_weight_filters() {
    let one = build_view(
        &sample_rows(),
        View::Organizations,
        &Filter {
            case: Some(2),
            ..Filter::default()
        },
    );
    assert_eq!(one.node_count(), 3);
    assert!(one.graph.edge_weights().all(|e| e.cases == [2]));
    let heavy = build_view(
        &sample_rows(),
        View::Organizations,
        &Filter {
            min_weight: Some(2),
            ..Filter::default()
        },
    );
    // the port and the exchange share only case 2; both keep another edge
    assert_eq!((heavy.node_count(), heavy.edge_count()), (3, 2));
    assert!(edge(&heavy, "东海港务集团", "数据交易所").is_none());
    let heavier = build_view(
        &sample_rows(),
        View::Organizations,
        &Filter {
            min_weight: Some(3),
            ..Filter::default()
        },
    );
    // …and nothing shares three: no edges, and no node is left alone on the page
    assert_eq!((heavier.node_count(), heavier.edge_count()), (0, 0));
}

#[test]
fn nodes_carry_details_and_the_source_passage() {
    let g = build_view(&sample_rows(), View::Cases, &Filter::default());
    let (_, bank) = g.nodes().find(|(_, n)| n.label_zh == "江南银行").unwrap();
    assert_eq!(bank.subtype.as_deref(), Some("Enterprise"));
    assert!(bank
        .details
        .contains(&("位于 located in".to_string(), "苏州".to_string())));
    assert!(bank
        .details
        .contains(&("别名 aliases".to_string(), "江南行".to_string())));
    assert_eq!(bank.sources.len(), 1);
    assert_eq!((bank.sources[0].case, bank.sources[0].start_line), (1, 120));
    assert!(bank.sources[0].text.contains("江南行牵头"));
}

#[test]
fn passages_centre_on_the_mention() {
    let text = format!("{}江南银行{}", "前".repeat(100), "后".repeat(200));
    let p = passage(&text, &["江南银行"]);
    assert!(p.starts_with('…') && p.ends_with('…'));
    assert_eq!(p.chars().count(), 60 + 100 + 2);
    assert!(p.contains("江南银行"));
    assert_eq!(passage("短文本", &["无关"]), "短文本");
}

fn render(graph: &RelGraph, format: Format) -> String {
    let mut out = Vec::new();
    format::write(graph, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_view_in_every_format_is_written_and_deterministic() {
    let rows = sample_rows();
    for view in View::ALL {
        let graph = build_view(&rows, view, &Filter::default());
        for format in Format::ALL {
            let first = render(&graph, format);
            assert!(
                first.contains("东海港务集团") || view == View::Cities,
                "{view:?} {format:?}"
            );
            assert!(
                first.contains("Singapore") || view == View::Organizations || format == Format::Svg,
                "{view:?} {format:?}"
            );
            let again = render(&build_view(&rows, view, &Filter::default()), format);
            assert_eq!(first, again, "{view:?} {format:?} differs between two runs");
        }
    }
}

#[test]
fn json_is_node_link_with_iris() {
    let graph = build_view(&sample_rows(), View::Organizations, &Filter::default());
    let value: serde_json::Value = serde_json::from_str(&render(&graph, Format::Json)).unwrap();
    assert_eq!(value["directed"], false);
    assert_eq!(value["nodes"].as_array().unwrap().len(), 3);
    let links = value["links"].as_array().unwrap();
    assert_eq!(links.len(), 3);
    let ids: Vec<&str> = value["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(links
        .iter()
        .all(|l| ids.contains(&l["source"].as_str().unwrap())
            && ids.contains(&l["target"].as_str().unwrap())));
    assert_eq!(value["nodes"][2]["label_zh"], "江南银行");
}

#[test]
fn markup_is_escaped() {
    let mut rows = sample_rows();
    rows.entities[3].label_zh = "A&B <港务> \"集团\"".to_string();
    let graph = build_view(&rows, View::Organizations, &Filter::default());
    for format in [Format::Graphml, Format::Gexf, Format::Svg] {
        let text = render(&graph, format);
        assert!(text.contains("A&amp;B &lt;港务&gt;"), "{format:?}");
        assert!(!text.contains("<港务>"), "{format:?}");
    }
    assert!(render(&graph, Format::Dot).contains(r#"A&B <港务> \"集团\""#));
    let html = render(&graph, Format::Html);
    let data = html
        .split(r#"type="application/json">"#)
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    assert!(!data.contains('<'));
}

#[test]
fn directedness_shows_in_every_format() {
    let cases = build_view(&sample_rows(), View::Cases, &Filter::default());
    let orgs = build_view(&sample_rows(), View::Organizations, &Filter::default());
    assert!(render(&cases, Format::Dot).starts_with("digraph cases {"));
    assert!(render(&orgs, Format::Dot).contains(" -- "));
    assert!(render(&cases, Format::Graphml).contains(r#"edgedefault="directed""#));
    assert!(render(&orgs, Format::Gexf).contains(r#"defaultedgetype="undirected""#));
}

#[test]
fn svg_has_a_legend_and_cjk_fonts() {
    let graph = build_view(&sample_rows(), View::Cases, &Filter::default());
    let svg = render(&graph, Format::Svg);
    assert!(svg.contains("Noto Sans CJK SC"));
    for kind in graph.kinds() {
        assert!(
            svg.contains(kind.legend().0) && svg.contains(kind.colour()),
            "{kind:?}"
        );
    }
    assert_eq!(
        svg.matches("<circle").count(),
        graph.node_count() + graph.kinds().len()
    );
}

#[test]
fn layout_stays_inside_the_canvas() {
    let graph = build_view(&sample_rows(), View::Cases, &Filter::default());
    let l = layout::layout(&graph);
    assert_eq!(l.positions.len(), graph.node_count());
    assert!(l
        .positions
        .iter()
        .all(|&(x, y)| (0.0..=l.width).contains(&x) && (0.0..=l.height).contains(&y)));
    // no two nodes on top of each other
    for (i, a) in l.positions.iter().enumerate() {
        for b in &l.positions[i + 1..] {
            assert!((a.0 - b.0).hypot(a.1 - b.1) > 10.0);
        }
    }
}

#[test]
fn empty_graphs_are_written_too() {
    let graph = build_view(&Rows::default(), View::Cities, &Filter::default());
    for format in Format::ALL {
        assert!(!render(&graph, format).is_empty(), "{format:?}");
    }
}

/// A graph of the organisations view built edge by edge: `edges` as label pairs.
fn hand_made(edges: &[(&str, &str, u32)]) -> RelGraph {
    let mut graph = petgraph::graph::DiGraph::new();
    let mut index = std::collections::BTreeMap::new();
    for &(a, b, weight) in edges {
        let mut node = |label: &str| {
            *index.entry(label.to_string()).or_insert_with(|| {
                graph.add_node(Node {
                    iri: format!("{BASE}org/{label}"),
                    kind: NodeKind::Organization,
                    subtype: None,
                    label_zh: label.to_string(),
                    label_en: None,
                    details: Vec::new(),
                    sources: Vec::new(),
                })
            })
        };
        let (a, b) = (node(a), node(b));
        graph.add_edge(
            a,
            b,
            Edge {
                relation: Relation::CoOccurs,
                weight,
                cases: vec![1],
            },
        );
    }
    RelGraph {
        view: View::Organizations,
        directed: false,
        graph,
    }
}

fn ranked<'a>(ranking: &'a rank::Ranking, label: &str) -> &'a rank::NodeRank {
    ranking.nodes.iter().find(|n| n.label_zh == label).unwrap()
}

#[test]
fn betweenness_matches_networkx_on_a_diamond_with_a_tail() {
    // networkx.betweenness_centrality(G, normalized=False) gives
    // a 0.5, b 1.0, c 1.0, d 3.5, e 0.0 for these edges.
    let ranking = rank::rank(&hand_made(&[
        ("a", "b", 1),
        ("a", "c", 1),
        ("b", "d", 1),
        ("c", "d", 1),
        ("d", "e", 1),
    ]));
    for (label, expected) in [("a", 0.5), ("b", 1.0), ("c", 1.0), ("d", 3.5), ("e", 0.0)] {
        assert!(
            (ranked(&ranking, label).betweenness - expected).abs() < 1e-9,
            "{label}"
        );
    }
}

#[test]
fn page_rank_and_degrees_of_a_star() {
    // Centre c with leaves x, y, z (weights 1, 2, 3).
    let ranking = rank::rank(&hand_made(&[("c", "x", 1), ("c", "y", 2), ("c", "z", 3)]));
    let centre = ranked(&ranking, "c");
    assert_eq!((centre.degree, centre.weighted_degree), (3, 6));
    assert_eq!(
        (
            ranked(&ranking, "z").degree,
            ranked(&ranking, "z").weighted_degree
        ),
        (1, 3)
    );
    assert!((centre.betweenness - 3.0).abs() < 1e-9);
    // petgraph's page_rank sends the random jump only between nodes without an
    // edge; on this star its fixed point is the leading eigenvector of
    // [[0.0375, 2.55], [0.85/3, 0.1125]] acting on (centre, leaf), normalised
    // to centre + 3 leaves = 1: λ = 0.925827, centre/leaf = 2.870565.
    assert!(
        (centre.page_rank - 0.488_976).abs() < 1e-5,
        "{}",
        centre.page_rank
    );
    for leaf in ["x", "y", "z"] {
        assert!(
            (ranked(&ranking, leaf).page_rank - 0.170_341).abs() < 1e-5,
            "{leaf}"
        );
    }
    assert_eq!(ranking.nodes[0].label_zh, "c");
    // leaves tie on PageRank: the heavier edge ranks first
    let order: Vec<&str> = ranking.nodes.iter().map(|n| n.label_zh.as_str()).collect();
    assert_eq!(order, ["c", "z", "y", "x"]);
}

#[test]
fn components_are_numbered_largest_first_and_reported() {
    let ranking = rank::rank(&hand_made(&[("p", "q", 1), ("c", "x", 1), ("c", "y", 1)]));
    assert_eq!(ranking.component_sizes, [3, 2]);
    assert_eq!(
        (
            ranked(&ranking, "c").component,
            ranked(&ranking, "q").component
        ),
        (1, 2)
    );
    let cycle = rank::rank(&hand_made(&[
        ("a", "b", 1),
        ("b", "c", 1),
        ("c", "d", 1),
        ("d", "a", 1),
    ]));
    assert!(cycle
        .nodes
        .iter()
        .all(|n| (n.page_rank - 0.25).abs() < 1e-9));
    let mut table = Vec::new();
    rank::write_table(&ranking, &mut table).unwrap();
    let table = String::from_utf8(table).unwrap();
    assert!(table.lines().nth(1).unwrap().contains(" c "), "{table}");
    assert!(
        table.ends_with("2 connected component(s); sizes: 3, 2\n"),
        "{table}"
    );
}
