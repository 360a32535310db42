//! The graph views on a store built from the shipped document: counts equal
//! those of equivalent SPARQL queries, networkx reads GraphML and GEXF, and
//! the HTML page works in headless Chromium with no network.
#![cfg(feature = "store")]
#![cfg(feature = "store")]

use casegraph::extract::Lexicons;
use casegraph::graph::{self, build_view, Filter, Format, RelGraph, Rows, View};
use casegraph::pipeline::build_file;
use casegraph::rdf::{ontology, vocab, IriScheme};
use casegraph::store::GraphStore;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const DOCUMENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/000_544783cc65985ead.txt");

/// One store for the whole file, built from the shipped document with the ontology.
fn store() -> &'static (tempfile::TempDir, GraphStore) {
    static STORE: OnceLock<(tempfile::TempDir, GraphStore)> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let iris = IriScheme::new(vocab::DEFAULT_BASE).unwrap();
        let built = build_file(Path::new(DOCUMENT), &iris, Lexicons::embedded()).unwrap();
        let store = GraphStore::open(&dir.path().join("store")).unwrap();
        store
            .replace_graphs(&[(&ontology::graph(), &ontology::ontology_quads())])
            .unwrap();
        store.write_document(&built.rdf, &iris).unwrap();
        (dir, store)
    })
}

fn rows() -> &'static Rows {
    static ROWS: OnceLock<Rows> = OnceLock::new();
    ROWS.get_or_init(|| graph::store::rows(store().1.store()).unwrap())
}

fn view(view: View, filter: &Filter) -> RelGraph {
    build_view(rows(), view, filter)
}

const PREFIXES: &str = "PREFIX cg: <https://w3id.org/casegraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
";

/// Kinds the `cases` view links a case to, besides its provider.
const CASE_VIEW_TARGET: &str = "{ VALUES ?k { cg:City cg:SpecialAdministrativeRegion cg:Country cg:Region cg:PolicyDocument } ?e a ?k }
  UNION { ?e a ?k . ?k rdfs:subClassOf* cg:Organization }";

const PLACE: &str =
    "VALUES ?pk { cg:City cg:Province cg:District cg:SpecialAdministrativeRegion } ?p a ?pk";

/// The number of distinct solutions of `pattern` over `vars`.
fn count(store: &Store, vars: &str, pattern: &str) -> usize {
    let text = format!("{PREFIXES}SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {vars} WHERE {{ {pattern} }} }}");
    let mut query = SparqlEvaluator::new()
        .parse_query(&text)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    query.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(mut solutions) = query.on_store(store).execute().unwrap() else {
        panic!("not a SELECT")
    };
    let solution = solutions.next().unwrap().unwrap();
    match solution.get("n") {
        Some(oxigraph::model::Term::Literal(l)) => l.value().parse().unwrap(),
        other => panic!("{other:?}"),
    }
}

/// (nodes, edges) of each view by SPARQL alone.
fn sparql_counts(view: View) -> (usize, usize) {
    let store = store().1.store();
    match view {
        View::Cases => {
            let nodes = count(
                store,
                "?x",
                &format!(
                    "{{ ?x a cg:Case }} UNION {{ ?c a cg:Case ; cg:providedBy ?x . ?x a ?any }}
                     UNION {{ ?c a cg:Case ; cg:mentions ?e . {CASE_VIEW_TARGET} BIND(?e AS ?x) }}"
                ),
            );
            let provided = count(
                store,
                "?p ?c",
                "?c a cg:Case ; cg:providedBy ?p . ?p a ?any",
            );
            let mentions = count(
                store,
                "?c ?e",
                &format!("?c a cg:Case ; cg:mentions ?e . {CASE_VIEW_TARGET} FILTER NOT EXISTS {{ ?c cg:providedBy ?e }}"),
            );
            (nodes, provided + mentions)
        }
        View::Organizations => {
            // ?o takes part in case ?c: named in it or providing it.
            let takes_part = |o: &str| {
                format!("{{ ?c cg:mentions {o} }} UNION {{ ?c cg:providedBy {o} }} {o} a {o}k . {o}k rdfs:subClassOf* cg:Organization .")
            };
            let nodes = count(store, "?o", &format!("?c a cg:Case . {}", takes_part("?o")));
            let pairs = count(
                store,
                "?a ?b",
                &format!(
                    "?c a cg:Case . {} {} FILTER(STR(?a) < STR(?b))",
                    takes_part("?a"),
                    takes_part("?b")
                ),
            );
            (nodes, pairs)
        }
        View::Cities => {
            let sectors = count(
                store,
                "?p ?s",
                &format!("?c a cg:Case ; cg:providedBy ?p ; cg:sector ?s . {PLACE}"),
            );
            let countries = count(
                store,
                "?p ?e",
                &format!(
                    "?c a cg:Case ; cg:providedBy ?p ; cg:mentions ?e . ?e a cg:Country . {PLACE}"
                ),
            );
            let nodes = count(
                store,
                "?x",
                &format!(
                    "?c a cg:Case ; cg:providedBy ?p . {PLACE}
                     {{ ?c cg:providedBy ?x }} UNION {{ ?c cg:sector ?x }} UNION {{ ?c cg:mentions ?x . ?x a cg:Country }}"
                ),
            );
            (nodes, sectors + countries)
        }
    }
}

#[test]
fn node_and_edge_counts_equal_the_sparql_counts() {
    for v in View::ALL {
        let g = view(v, &Filter::default());
        let expected = sparql_counts(v);
        println!("{v:?}: {} nodes, {} edges", g.node_count(), g.edge_count());
        assert_eq!((g.node_count(), g.edge_count()), expected, "{v:?}");
        assert!(
            g.node_count() > 10 && g.edge_count() > 10,
            "{v:?} is suspiciously small"
        );
    }
}

#[test]
fn the_city_filter_keeps_the_cases_that_city_provided() {
    let g = view(
        View::Cases,
        &Filter {
            city: Some("上海".into()),
            ..Filter::default()
        },
    );
    let cases = g
        .nodes()
        .filter(|(_, n)| n.kind == graph::NodeKind::Case)
        .count();
    let expected = count(
        store().1.store(),
        "?c",
        "?c a cg:Case ; cg:providedBy ?p . ?p a cg:City ; rdfs:label \"上海\"@zh",
    );
    assert_eq!(cases, expected);
    assert!(expected >= 2);
    // one case: its provider and what it names, nothing else
    let one = view(
        View::Cases,
        &Filter {
            case: Some(1),
            ..Filter::default()
        },
    );
    assert_eq!(
        one.nodes()
            .filter(|(_, n)| n.kind == graph::NodeKind::Case)
            .count(),
        1
    );
    assert_eq!(
        one.edge_count(),
        one.node_count() - 1,
        "a star around case 1"
    );
}

#[test]
fn every_view_in_every_format_is_written_the_same_twice() {
    for v in View::ALL {
        for f in Format::ALL {
            let first = render(&view(v, &Filter::default()), f);
            assert!(first.len() > 500, "{v:?} {f:?}");
            let again = render(
                &build_view(
                    &graph::store::rows(store().1.store()).unwrap(),
                    v,
                    &Filter::default(),
                ),
                f,
            );
            assert!(first == again, "{v:?} {f:?}: not deterministic");
        }
    }
}

fn render(g: &RelGraph, format: Format) -> String {
    let mut out = Vec::new();
    graph::format::write(g, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn write_temp(name: &str, text: &str) -> PathBuf {
    let path = store().0.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A tool missing here fails the test under CI (which installs it) and is
/// skipped with a notice elsewhere.
fn skip_without(tool: &str, available: bool) -> bool {
    if available {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is missing and CI is set: .ci/run installs it"
    );
    eprintln!("SKIPPED: {tool} is not installed");
    true
}

#[test]
fn networkx_reads_graphml_and_gexf_with_the_same_counts() {
    let has_networkx = Command::new("python3")
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if skip_without("python3 with networkx", has_networkx) {
        return;
    }
    for v in View::ALL {
        let g = view(v, &Filter::default());
        let graphml = write_temp(
            &format!("{}.graphml", v.name()),
            &render(&g, Format::Graphml),
        );
        let gexf = write_temp(&format!("{}.gexf", v.name()), &render(&g, Format::Gexf));
        let json = write_temp(&format!("{}.json", v.name()), &render(&g, Format::Json));
        let script = "import sys, json, networkx as nx
a = nx.read_graphml(sys.argv[1]); b = nx.read_gexf(sys.argv[2])
c = nx.node_link_graph(json.load(open(sys.argv[3])), edges='links')
print(a.number_of_nodes(), a.number_of_edges(), b.number_of_nodes(), b.number_of_edges(), c.number_of_nodes(), c.number_of_edges())";
        let out = Command::new("python3")
            .args(["-c", script])
            .arg(&graphml)
            .arg(&gexf)
            .arg(&json)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let counts: Vec<usize> = String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        let (n, e) = (g.node_count(), g.edge_count());
        assert_eq!(
            counts,
            [n, e, n, e, n, e],
            "{v:?}: graphml, gexf, json as networkx reads them"
        );
    }
}

#[test]
fn the_html_page_works_offline_in_headless_chromium() {
    let chromium = ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if skip_without("chromium", chromium.is_some()) {
        return;
    }
    let html = render(&view(View::Cases, &Filter::default()), Format::Html);
    // Nothing to fetch: no external scripts, styles, images or fonts.
    for needle in ["<script src", "<link", "url(", "@import", "<img"] {
        assert!(!html.contains(needle), "the page would load `{needle}`");
    }
    let page = write_temp("cases.html", &html);
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium.unwrap())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ])
        .args([
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
        ])
        // every host name fails to resolve: any network use would show as an error
        .arg("--host-resolver-rules=MAP * ~NOTFOUND")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}#self-test", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    let nodes = view(View::Cases, &Filter::default()).node_count();
    assert!(
        dom.contains(&format!("data-rendered=\"{nodes}\"")),
        "the viewer did not draw:\n{}",
        &dom[..dom.len().min(2000)]
    );
    let self_test = dom
        .split("data-self-test=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("self-test ran")
        .replace("&quot;", "\"");
    let result: serde_json::Value = serde_json::from_str(&self_test).unwrap();
    assert!(
        result["hovered"].as_i64().unwrap() > 0,
        "hover highlights neighbours: {result}"
    );
    assert_eq!(result["selected"], true, "click shows details: {result}");
    assert_eq!(result["found"], true, "search finds the node: {result}");
    assert_eq!(
        result["filtered"], true,
        "kind filter hides nodes: {result}"
    );
}

#[test]
fn ranking_the_organizations_view() {
    let g = view(View::Organizations, &Filter::default());
    let ranking = graph::rank::rank(&g);
    assert_eq!(ranking.nodes.len(), g.node_count());
    assert_eq!(
        ranking.component_sizes.iter().sum::<usize>(),
        g.node_count()
    );
    let total: f64 = ranking.nodes.iter().map(|n| n.page_rank).sum();
    assert!(
        (total - 1.0).abs() < 1e-6,
        "PageRank sums to 1, got {total}"
    );
    assert!(ranking
        .nodes
        .windows(2)
        .all(|w| w[0].page_rank >= w[1].page_rank));
    let mut table = Vec::new();
    graph::rank::write_table(&ranking, &mut table).unwrap();
    let table = String::from_utf8(table).unwrap();
    println!("{}", table.lines().take(12).collect::<Vec<_>>().join("\n"));
    assert_eq!(table.lines().count(), g.node_count() + 2);
}
