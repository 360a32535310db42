//! The full-text index beside the store: `search` and `outcome-figures` give
//! the same rows with and without it, it follows adds, replacements and
//! removals, and is not used (the query reads every text instead) while it is
//! behind the store.
#![cfg(feature = "store")]

mod common;
use common::*;
use std::path::{Path, PathBuf};

const INDEX: &str = "casegraph-text-index";

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `search` for `term`: its rows (TSV) and its stderr.
fn search(store: &Path, term: &str) -> (String, String) {
    let out = casegraph(&[
        "query",
        "search",
        "--store",
        s(store),
        "--param",
        &format!("term={term}"),
        "--format",
        "tsv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    (stdout(&out), stderr(&out))
}

fn rows(tsv: &str) -> usize {
    tsv.lines().count().saturating_sub(1)
}

/// The shipped document under another name, with each `(from, to)` replaced.
fn copy(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(CORPUS).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the query `query` (a name or a file) with `params` (`NAME=VALUE`),
/// in `format`: its rows and its stderr.
fn run_query(store: &Path, query: &str, params: &[String], format: &str) -> (String, String) {
    let mut args = vec!["query", query, "--store", s(store), "--format", format];
    for param in params {
        args.extend(["--param", param]);
    }
    let out = casegraph(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    (stdout(&out), stderr(&out))
}

/// Runs the query file `query` with `term`, in `format`.
fn run_file(store: &Path, query: &Path, term: &str, format: &str) -> String {
    run_query(store, s(query), &[format!("term={term}")], format).0
}

/// A copy of the shipped query `name` with a comment added: the same
/// query to Oxigraph, but not the text the index covers.
fn edited_copy(dir: &Path, name: &str) -> PathBuf {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("queries/{name}.rq"));
    let edited = dir.join(format!("{name}-edited.rq"));
    let text = std::fs::read_to_string(&shipped).unwrap();
    std::fs::write(&edited, format!("{text}# edited\n")).unwrap();
    edited
}

#[test]
fn search_gives_the_same_rows_with_and_without_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let a = copy(dir.path(), "a.txt", &[]);
    let b = copy(dir.path(), "b.txt", &[("（上海市提供）", "（天津市提供）")]);
    ok(&["build", "--store", s(&store), s(&a), s(&b)]);
    assert!(store.join(INDEX).join("meta.json").exists());
    // The shipped `search` is answered from the index alone; a copy of it
    // with another text is evaluated by Oxigraph, narrowed by the index.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/search.rq");
    let edited = edited_copy(dir.path(), "search");
    // One character, two, a phrase, Latin letters, and a word no text holds.
    let terms = ["港", "跨境", "知识产权", "RCEP", "不存在的词语"];
    let indexed: Vec<(String, String)> = terms.iter().map(|t| search(&store, t)).collect();
    for (_, err) in &indexed {
        assert!(err.is_empty(), "no note while the index is in step: {err}");
    }
    assert!(rows(&indexed[1].0) > 20, "{}", indexed[1].0);
    assert_eq!(rows(&indexed[4].0), 0);
    let as_json: Vec<String> = terms
        .iter()
        .map(|t| run_file(&store, &shipped, t, "json"))
        .collect();
    for (term, (with_index, _)) in terms.iter().zip(&indexed) {
        let narrowed = run_file(&store, &edited, term, "tsv");
        assert!(
            *with_index == narrowed,
            "{term}: the index's rows differ from Oxigraph's: {:?}",
            first_difference(with_index, &narrowed)
        );
    }
    std::fs::remove_dir_all(store.join(INDEX)).unwrap();
    for ((term, (with_index, _)), json) in terms.iter().zip(&indexed).zip(&as_json) {
        let (scanned, err) = search(&store, term);
        assert!(err.contains("text index is missing"), "{err}");
        assert!(
            *with_index == scanned,
            "{term}: the index changed the rows: {:?}",
            first_difference(with_index, &scanned)
        );
        assert_eq!(*json, run_file(&store, &shipped, term, "json"), "{term}");
    }
}

#[test]
fn outcome_figures_gives_the_same_rows_with_and_without_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let a = copy(dir.path(), "a.txt", &[]);
    // Figures written in a non-canonical form: the index is fed the
    // document's quads, and must give what the store gives back.
    let b = copy(
        dir.path(),
        "b.txt",
        &[
            ("（上海市提供）", "（天津市提供）"),
            ("20.3亿元", "20.30亿元"),
            ("4.4亿元", "04.40亿元"),
            ("12.7%", "12.0%"),
        ],
    );
    ok(&["build", "--store", s(&store), s(&a), s(&b)]);
    let edited = edited_copy(dir.path(), "outcome-figures");
    let askings: [&[String]; 4] = [
        &[],
        &["only=亿元".to_string()],
        &["only=%".to_string()],
        &["only=没有的单位".to_string()],
    ];
    let mut indexed = Vec::new();
    for params in askings {
        let (tsv, err) = run_query(&store, "outcome-figures", params, "tsv");
        assert!(err.is_empty(), "no note while the index is in step: {err}");
        let (by_oxigraph, _) = run_query(&store, s(&edited), params, "tsv");
        assert!(
            tsv == by_oxigraph,
            "{params:?}: the index's rows differ from Oxigraph's: {:?}",
            first_difference(&tsv, &by_oxigraph)
        );
        let (json, _) = run_query(&store, "outcome-figures", params, "json");
        assert_eq!(json, run_query(&store, s(&edited), params, "json").0);
        indexed.push(tsv);
    }
    assert!(rows(&indexed[0]) > 200, "{}", indexed[0]);
    assert!(rows(&indexed[1]) > 20 && rows(&indexed[2]) > 20);
    assert!(indexed[1].contains("\t20.3\t"), "canonical decimals");
    assert_eq!(rows(&indexed[3]), 0);
    // Without the index, the same rows from the store alone.
    std::fs::remove_dir_all(store.join(INDEX)).unwrap();
    for (params, with_index) in askings.iter().zip(&indexed) {
        let (alone, err) = run_query(&store, "outcome-figures", params, "tsv");
        assert!(err.contains("text index is missing"), "{err}");
        assert!(
            *with_index == alone,
            "{params:?}: the index changed the rows: {:?}",
            first_difference(with_index, &alone)
        );
    }
}

#[test]
fn the_index_follows_replacements_and_removals() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let a = copy(dir.path(), "a.txt", &[("跨境", "越境甲")]);
    let b = copy(dir.path(), "b.txt", &[]);
    ok(&["build", "--store", s(&store), s(&a), s(&b)]);
    let (before, _) = search(&store, "越境甲");
    assert!(rows(&before) > 0, "{before}");
    // a.txt replaced: its old word is gone, its new one found.
    let a = copy(dir.path(), "a.txt", &[("跨境", "越境乙")]);
    let out = ok(&["build", "--store", s(&store), s(&a), s(&b)]);
    assert!(out.contains("a.txt: replaced"), "{out}");
    assert_eq!(rows(&search(&store, "越境甲").0), 0);
    assert_eq!(rows(&search(&store, "越境乙").0), rows(&before));
    // Removed: none of its items is found any more.
    ok(&["remove", "--store", s(&store), "a"]);
    let (after, err) = search(&store, "越境乙");
    assert!(err.is_empty(), "{err}");
    assert_eq!(rows(&after), 0, "{after}");
}

#[test]
fn an_index_behind_the_store_is_not_used_and_the_next_build_brings_it_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let a = copy(dir.path(), "a.txt", &[]);
    let b = copy(dir.path(), "b.txt", &[("跨境", "远洋丙")]);
    ok(&["build", "--store", s(&store), s(&a)]);
    let old_index = dir.path().join("old-index");
    std::process::Command::new("cp")
        .args(["-a", s(&store.join(INDEX)), s(&old_index)])
        .status()
        .unwrap();
    ok(&["build", "--store", s(&store), s(&a), s(&b)]);
    let (fresh, _) = search(&store, "远洋丙");
    assert!(rows(&fresh) > 0, "{fresh}");
    // As after a build killed between the store's commit and the index's.
    std::fs::remove_dir_all(store.join(INDEX)).unwrap();
    std::process::Command::new("cp")
        .args(["-a", s(&old_index), s(&store.join(INDEX))])
        .status()
        .unwrap();
    let (behind, err) = search(&store, "远洋丙");
    assert!(err.contains("behind the store"), "{err}");
    assert_eq!(behind, fresh, "the rows come from reading every text");
    let out = ok(&["build", "--store", s(&store), s(&a), s(&b)]);
    assert!(out.contains("0 added, 0 replaced, 2 unchanged"), "{out}");
    let (synced, err) = search(&store, "远洋丙");
    assert!(err.is_empty(), "{err}");
    assert_eq!(synced, fresh);
}

#[test]
fn an_update_keeps_only_what_the_store_holds_in_the_end() {
    use casegraph::store::GraphStore;
    use casegraph::text_index::{IndexedDocument, IndexedItem, TextIndex, Update};
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("store");
    let a = copy(dir.path(), "a.txt", &[]);
    ok(&["build", "--store", s(&store_path), s(&a)]);
    std::fs::remove_dir_all(store_path.join(INDEX)).unwrap();
    let store = GraphStore::open(&store_path).unwrap();
    // A document fed to the index whose write then failed: the store never took it.
    let mut update = Update::begin(&store_path).unwrap();
    let ghost = "https://w3id.org/casegraph/id/graph/ghost";
    update
        .put(
            ghost,
            "0 0",
            IndexedDocument {
                items: vec![IndexedItem {
                    item: "https://w3id.org/casegraph/id/item/ghost".into(),
                    texts: vec!["远洋丙".into()],
                    rows: Vec::new(),
                }],
                figures: Vec::new(),
            },
        )
        .unwrap();
    let summary = update.finish(&store).unwrap();
    // `a`, stored but never put, is read from the store; the ghost is gone.
    assert_eq!((summary.indexed, summary.dropped), (1, 1), "{summary:?}");
    let index = TextIndex::open_in_step(&store).unwrap();
    let index = index.expect("the index holds exactly the store's documents");
    assert_eq!(index.candidates("远洋丙").unwrap(), Some(vec![]));
    assert!(!index.candidates("跨境").unwrap().unwrap().is_empty());
}

/// Rows as strings, sorted, so that two sides compare whatever order
/// their quads came in.
fn sorted_rows<'t>(
    rows: impl IntoIterator<Item = impl IntoIterator<Item = Option<&'t oxigraph::model::Term>>>,
) -> Vec<String> {
    let mut out: Vec<String> = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|t| t.map_or("UNDEF".to_string(), |t| t.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn what_is_fed_to_the_index_is_what_the_store_gives_back() {
    use casegraph::extract::Lexicons;
    use casegraph::rdf::{vocab, IriScheme};
    use casegraph::store::{GraphStore, StoredDocument};
    use casegraph::text_index::IndexedDocument;
    let dir = tempfile::tempdir().unwrap();
    let iris = IriScheme::new(vocab::DEFAULT_BASE).unwrap();
    // The shipped document, and a copy with figures in non-canonical forms.
    let edited = copy(
        dir.path(),
        "b.txt",
        &[("20.3亿元", "20.30亿元"), ("12.7%", "+12.0%")],
    );
    let store = GraphStore::open(&dir.path().join("store")).unwrap();
    let mut expected = Vec::new();
    for path in [Path::new(CORPUS), &edited] {
        let built = casegraph::pipeline::build_file(path, &iris, Lexicons::embedded()).unwrap();
        store.write_document(&built.rdf, &iris).unwrap();
        let written = StoredDocument::of_graph(&built.rdf).unwrap();
        expected.push((built.rdf.document.clone(), built.rdf.graph.clone(), written));
        let comparable = |indexed: IndexedDocument| {
            let items: Vec<_> = indexed
                .items
                .into_iter()
                .map(|item| {
                    let rows = sorted_rows(item.rows.iter().map(|row| row.iter().map(Some)));
                    (item.item, item.texts, rows)
                })
                .collect();
            let figures: Vec<_> = indexed
                .figures
                .iter()
                .map(|unit| {
                    let rows =
                        sorted_rows(unit.rows.iter().map(|row| row.iter().map(Option::as_ref)));
                    (unit.unit.to_string(), rows)
                })
                .collect();
            (items, figures)
        };
        let (fed_items, fed_figures) = comparable(IndexedDocument::of_document(&built.rdf));
        let stored = IndexedDocument::stored(&store, &built.rdf.graph).unwrap();
        let (stored_items, stored_figures) = comparable(stored);
        assert!(fed_items.len() > 100, "{} items", fed_items.len());
        assert_eq!(fed_items, stored_items);
        assert!(fed_figures.len() > 5, "{} units", fed_figures.len());
        assert_eq!(fed_figures, stored_figures);
        // Each item of the shipped document: one text, and one row (its case's
        // number, its section, ordinal and heading).
        assert!(
            fed_items
                .iter()
                .all(|(_, texts, rows)| texts.len() == 1 && rows.len() == 1),
            "one text and one row per item"
        );
        let measure = fed_items
            .iter()
            .find(|(item, _, _)| item.contains("/1/measure/1"))
            .expect("case 1's first measure");
        assert!(
            measure.2[0].starts_with(
                "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> \"measure\" \"1\"^^"
            ),
            "{:?}",
            measure.2
        );
        // The version the index marks is the one the store keeps.
        let document = &built.rdf.document;
        assert_eq!(
            StoredDocument::of_graph(&built.rdf),
            store.stored_document(document).unwrap()
        );
    }
    // Read all at once (as the index checks them), as they were written.
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(expected.len(), 2);
    assert_eq!(store.stored_documents().unwrap(), expected);
}
