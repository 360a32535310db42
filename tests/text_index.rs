//! The full-text index beside the store: `search` gives the same rows with
//! and without it, follows adds, replacements and removals, and is not used
//! (the query reads every text instead) while it is behind the store.
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

/// Runs the query file `query` with `term`, in `format`.
fn run_file(store: &Path, query: &Path, term: &str, format: &str) -> String {
    ok(&[
        "query",
        s(query),
        "--store",
        s(store),
        "--param",
        &format!("term={term}"),
        "--format",
        format,
    ])
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
    let edited = dir.path().join("search-edited.rq");
    let text = std::fs::read_to_string(&shipped).unwrap();
    std::fs::write(&edited, format!("{text}# edited\n")).unwrap();
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
    use casegraph::text_index::{IndexedItem, TextIndex, Update};
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
            [IndexedItem {
                item: "https://w3id.org/casegraph/id/item/ghost".into(),
                texts: vec!["远洋丙".into()],
                rows: Vec::new(),
            }],
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

#[test]
fn the_items_fed_to_the_index_are_those_the_store_gives_back() {
    use casegraph::extract::Lexicons;
    use casegraph::rdf::{vocab, IriScheme};
    use casegraph::store::{GraphStore, StoredDocument};
    use casegraph::text_index::{items_of_document, stored_items, IndexedItem};
    let dir = tempfile::tempdir().unwrap();
    let iris = IriScheme::new(vocab::DEFAULT_BASE).unwrap();
    let built =
        casegraph::pipeline::build_file(Path::new(CORPUS), &iris, Lexicons::embedded()).unwrap();
    let store = GraphStore::open(&dir.path().join("store")).unwrap();
    store.write_document(&built.rdf, &iris).unwrap();
    // Rows as strings, in order, so that the two sides compare whatever
    // order their quads came in.
    let comparable = |items: Vec<IndexedItem>| -> Vec<(String, Vec<String>, Vec<String>)> {
        items
            .into_iter()
            .map(|item| {
                let mut rows: Vec<String> = item
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|t| t.to_string())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                rows.sort();
                (item.item, item.texts, rows)
            })
            .collect()
    };
    let fed = comparable(items_of_document(&built.rdf));
    let stored = comparable(stored_items(&store, &built.rdf.graph).unwrap());
    assert!(fed.len() > 100, "{} items", fed.len());
    assert_eq!(fed, stored);
    // Each item of the shipped document: one text, and one row (its case's
    // number, its section, ordinal and heading).
    let (item, texts, rows) = &fed[0];
    assert_eq!(texts.len(), 1, "{item}");
    assert_eq!(rows.len(), 1, "{item}: {rows:?}");
    assert!(
        fed.iter()
            .all(|(_, texts, rows)| texts.len() == 1 && rows.len() == 1),
        "one text and one row per item"
    );
    let measure = fed
        .iter()
        .find(|(item, _, _)| item.ends_with("/case/000_544783cc65985ead/1/measure/1"))
        .expect("case 1's first measure");
    assert!(
        measure.2[0]
            .starts_with("\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> \"measure\" \"1\"^^"),
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
