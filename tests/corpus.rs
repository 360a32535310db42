//! Many documents in one store: one fact one triple, incremental builds,
//! removal, a killed build, and every saved query on a corpus.
#![cfg(feature = "store")]

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `n` variants of the shipped document, as other books of the genre would
/// differ: other providers, other figures, another title per document.
fn variants(dir: &Path, n: usize) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(CORPUS).unwrap();
    let cities = ["天津", "大连", "宁波"];
    (0..n)
        .map(|i| {
            let path = dir.join(format!("book-{i}.txt"));
            let edited = text
                .replacen(
                    "（上海市提供）",
                    &format!("（{}市提供）", cities[i % cities.len()]),
                    1,
                )
                .replacen("探索", &format!("第{}批探索", i + 1), 1);
            std::fs::write(&path, edited).unwrap();
            path
        })
        .collect()
}

fn select(store: &Path, query: &str) -> Vec<BTreeMap<String, String>> {
    let file = tempfile::NamedTempFile::with_suffix(".rq").unwrap();
    std::fs::write(file.path(), query).unwrap();
    let out = ok(&[
        "query",
        s(file.path()),
        "--store",
        s(store),
        "--format",
        "json",
    ]);
    rows(&out, |_, value| value.to_string())
}

/// The rows of W3C SPARQL JSON results, each value passed through `value`.
fn rows(json: &str, value: impl Fn(&str, &str) -> String) -> Vec<BTreeMap<String, String>> {
    let json: serde_json::Value = serde_json::from_str(json).unwrap();
    json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), value(k, v["value"].as_str().unwrap())))
                .collect()
        })
        .collect()
}

fn export(store: &Path) -> String {
    ok(&["export", "--format", "nquads", "--store", s(store)])
}

/// The union default graph holds no triple twice, and the entity graph is
/// exactly the union of the documents' ledgers.
fn assert_one_fact_one_triple(store: &Path) {
    let duplicates = select(
        store,
        "SELECT ?s ?p ?o (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ?p ?o HAVING (COUNT(*) > 1) LIMIT 5",
    );
    assert!(
        duplicates.is_empty(),
        "triples stored twice: {duplicates:?}"
    );
    let nquads = export(store);
    let entity_graph = "<https://w3id.org/casegraph/id/entities>";
    let stored: BTreeSet<String> = nquads
        .lines()
        .filter_map(|l| l.strip_suffix(&format!(" {entity_graph} .")))
        .map(str::to_string)
        .collect();
    let ledger: BTreeSet<String> = select(
        store,
        "PREFIX cg: <https://w3id.org/casegraph/ontology#> SELECT DISTINCT ?t WHERE { ?d cg:entityStatement ?t }",
    )
    .into_iter()
    .map(|row| row["t"].clone())
    .collect();
    assert!(!stored.is_empty());
    assert_eq!(
        stored, ledger,
        "the entity graph is the union of the ledgers"
    );
}

fn build(store: &Path, files: &[&Path]) -> String {
    let mut args = vec!["build", "--store", s(store)];
    args.extend(files.iter().map(|f| s(f)));
    ok(&args)
}

#[test]
fn add_replace_remove_keep_one_fact_one_triple_and_exact_entities() {
    let dir = tempfile::tempdir().unwrap();
    let docs = variants(dir.path(), 3);
    let store = dir.path().join("store");
    let out = build(&store, &[&docs[0], &docs[1], &docs[2]]);
    assert_eq!(out.matches(": added: ").count(), 3, "{out}");
    assert_one_fact_one_triple(&store);
    let label_count = select(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/casegraph/id/org/国家知识产权局> <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
    );
    assert_eq!(label_count[0]["n"], "1", "a shared label is stored once");

    // Replace one: book-1 now names a provider none of the others names.
    let text = std::fs::read_to_string(&docs[1]).unwrap();
    std::fs::write(
        &docs[1],
        // Another provider, and a figure in another unit.
        text.replacen("（大连市提供）", "（兰州市提供）", 1)
            .replacen("亿元", "万元", 1),
    )
    .unwrap();
    assert!(std::fs::read_to_string(&docs[1])
        .unwrap()
        .contains("兰州市提供"));
    let out = build(&store, &[&docs[0], &docs[1], &docs[2]]);
    assert!(out.contains("book-0.txt: unchanged"), "{out}");
    assert!(out.contains("book-1.txt: replaced: "), "{out}");
    assert!(out.contains("book-2.txt: unchanged"), "{out}");
    assert_one_fact_one_triple(&store);

    // Remove one: what only it said is gone; the store equals one built without it.
    ok(&["remove", "book-2", "--store", s(&store)]);
    assert_one_fact_one_triple(&store);
    let fresh = dir.path().join("fresh");
    build(&fresh, &[&docs[0], &docs[1]]);
    let (after, expected) = (export(&store), export(&fresh));
    assert!(
        after == expected,
        "after removal the store equals one built from the remaining documents: {:?}",
        first_difference(&after, &expected)
    );
    // 宁波 was named only by book-2's provider, 大连 only by book-1's before
    // it was replaced: both left with what named them.
    assert!(
        !after.contains("宁波"),
        "an entity nothing refers to any more is gone"
    );
    assert!(
        !after.contains("大连"),
        "an entity nothing refers to any more is gone"
    );
    assert!(after.contains("兰州"));

    // Replacing back and forth ends where a fresh build of the same files ends.
    std::fs::write(&docs[1], &text).unwrap();
    build(&store, &[&docs[0], &docs[1]]);
    let fresh2 = dir.path().join("fresh2");
    build(&fresh2, &[&docs[0], &docs[1]]);
    assert!(export(&store) == export(&fresh2));
}

/// RocksDB's table files in a store: after a full compaction, at most one
/// sorted run per index.
fn sorted_runs(store: &Path) -> usize {
    std::fs::read_dir(store)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("sst".as_ref()))
        .count()
}

#[test]
fn optimize_keeps_what_the_store_holds() {
    let dir = tempfile::tempdir().unwrap();
    let docs = variants(dir.path(), 2);
    let store = dir.path().join("store");
    // Two builds, two sorted runs to merge.
    build(&store, &[&docs[0]]);
    build(&store, &[&docs[0], &docs[1]]);
    let before = export(&store);
    let search_before = run_saved(&store, "search", &[]);
    let files_before = sorted_runs(&store);
    let out = ok(&["optimize", "--store", s(&store)]);
    assert!(out.contains("optimized"), "{out}");
    let files_after = sorted_runs(&store);
    assert!(
        files_after < files_before,
        "the store's files are merged: {files_before} -> {files_after}"
    );
    let after = export(&store);
    assert!(
        before == after,
        "the same quads after optimizing: {:?}",
        first_difference(&before, &after)
    );
    assert!(!search_before.is_empty());
    assert_eq!(
        run_saved(&store, "search", &[]),
        search_before,
        "the same rows after optimizing"
    );
    let searched = casegraph(&[
        "query",
        "search",
        "--param",
        "term=跨境",
        "--store",
        s(&store),
        "--format",
        "tsv",
    ]);
    assert!(
        !stderr(&searched).contains("reading every text"),
        "the text index still matches the store: {}",
        stderr(&searched)
    );
    let out = build(&store, &[&docs[0], &docs[1]]);
    assert_eq!(out.matches(": unchanged").count(), 2, "{out}");

    let missing = dir.path().join("missing");
    let failed = casegraph(&["optimize", "--store", s(&missing)]);
    assert!(!failed.status.success());
    assert!(stderr(&failed).contains(s(&missing)), "{}", stderr(&failed));
    assert!(!missing.exists(), "no store is made where there was none");
}

#[test]
fn unchanged_documents_are_skipped_and_force_rebuilds_them() {
    let dir = tempfile::tempdir().unwrap();
    let docs = variants(dir.path(), 2);
    std::fs::write(dir.path().join("notes.md"), "not a document").unwrap();
    let store = dir.path().join("store");
    let out = build(&store, &[dir.path()]);
    assert_eq!(out.matches(": added: ").count(), 2, "{out}");
    let before = export(&store);
    let out = build(&store, &[dir.path()]);
    assert!(out.contains("book-0.txt: unchanged\n"), "{out}");
    assert!(out.contains("book-1.txt: unchanged\n"), "{out}");
    assert!(out.contains("0 added, 0 replaced, 2 unchanged"), "{out}");
    let out = ok(&["build", "--force", "--store", s(&store), s(&docs[0])]);
    assert!(out.contains("book-0.txt: replaced: "), "{out}");
    assert!(
        before == export(&store),
        "a forced rebuild gives the same store"
    );
}

#[test]
fn a_bad_document_is_not_written_and_the_others_are() {
    let dir = tempfile::tempdir().unwrap();
    let docs = variants(dir.path(), 1);
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "no cases here\n").unwrap();
    let store = dir.path().join("store");
    let o = casegraph(&["build", "--store", s(&store), s(&docs[0]), s(&bad)]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("bad.txt:1: error: no case found"), "{err}");
    assert!(err.contains("1 of 2 document(s) failed"), "{err}");
    assert!(stdout(&o).contains("book-0.txt: added"), "{}", stdout(&o));
    let graphs = select(&store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }");
    assert!(
        graphs.iter().all(|row| !row["g"].ends_with("/bad")),
        "{graphs:?}"
    );
}

#[test]
fn removing_an_unknown_document_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ok(&["build", "--store", s(&store)]);
    let before = export(&store);
    let o = casegraph(&[
        "remove",
        "000_544783cc65985ead",
        "nope",
        "--store",
        s(&store),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no document `nope`"), "{}", stderr(&o));
    assert!(before == export(&store));
}

#[test]
fn a_killed_build_leaves_each_document_old_or_new() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let docs = variants(dir.path(), 12);
    let store = dir.path().join("store");
    build(&store, &[dir.path()]);
    let old: BTreeMap<String, String> = graphs_by_sha(&store);
    // Change every document, start a rebuild, and kill it once some are written.
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        std::fs::write(doc, text.replacen("第", "新第", 1)).unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_casegraph"))
        .args(["build", "--store", s(&store), s(dir.path())])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for _ in 0..3 {
        lines.next();
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let new_store = dir.path().join("new");
    build(&new_store, &[dir.path()]);
    let new = graphs_by_sha(&new_store);
    let now = graphs_by_sha(&store);
    assert_eq!(now.len(), docs.len(), "no document is lost: {now:?}");
    let mut replaced = 0;
    for (graph, sha) in &now {
        assert!(
            old.get(graph) == Some(sha) || new.get(graph) == Some(sha),
            "{graph} is neither old nor new"
        );
        replaced += usize::from(new.get(graph) == Some(sha));
    }
    eprintln!(
        "{replaced} of {} documents were replaced before the kill",
        docs.len()
    );
    assert_one_fact_one_triple(&store);
    // Finishing the build reaches the same store as a fresh one.
    build(&store, &[dir.path()]);
    let (finished, fresh) = (export(&store), export(&new_store));
    assert!(
        finished == fresh,
        "{:?}",
        first_difference(&finished, &fresh)
    );
}

/// Each document graph → the sha256 of the file it was built from.
fn graphs_by_sha(store: &Path) -> BTreeMap<String, String> {
    select(
        store,
        "PREFIX cg: <https://w3id.org/casegraph/ontology#> SELECT ?g ?sha WHERE { GRAPH ?g { ?d a cg:SourceDocument ; cg:sha256 ?sha } }",
    )
    .into_iter()
    .map(|row| (row["g"].clone(), row["sha"].clone()))
    .collect()
}

/// A parameter value for each saved query that needs one (from its examples).
fn example_params(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{}/queries/{name}.rq", env!("CARGO_MANIFEST_DIR")))
        .unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("# param: "))
        .filter(|l| !l.split_whitespace().next().unwrap().ends_with('?'))
        .map(|l| {
            let name = l.split_whitespace().next().unwrap();
            let example = l
                .rsplit("e.g. ")
                .next()
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap();
            format!("{name}={example}")
        })
        .collect()
}

fn saved_query_names() -> Vec<String> {
    ok(&["query", "--list"])
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

fn run_saved(store: &Path, name: &str, extra: &[String]) -> Vec<BTreeMap<String, String>> {
    let mut args: Vec<String> = vec![
        "query".into(),
        name.into(),
        "--store".into(),
        s(store).into(),
        "--format".into(),
        "json".into(),
    ];
    for p in example_params(name).iter().chain(extra) {
        args.push("--param".into());
        args.push(p.clone());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    rows(&ok(&args), as_set)
}

/// GROUP_CONCAT lists come in the store's order, which depends on the IRIs: compare them as sets.
fn as_set(column: &str, value: &str) -> String {
    if !matches!(column, "figures" | "aliases") {
        return value.to_string();
    }
    let mut parts: Vec<&str> = value.split([',', '、']).map(str::trim).collect();
    parts.sort_unstable();
    parts.join(",")
}

/// Every saved query on a store of two copies of the shipped document (under
/// two names) agrees with the one-document store: per-document answers are the
/// same, answers about entities are the same with every case count doubled.
#[test]
fn every_saved_query_agrees_between_one_document_and_a_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.txt");
    std::fs::copy(CORPUS, &copy).unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    build(&one, &[Path::new(CORPUS)]);
    build(&two, &[Path::new(CORPUS), &copy]);
    let original = "000_544783cc65985ead.txt".to_string();
    for name in saved_query_names() {
        let single = run_saved(&one, &name, &[]);
        let corpus = run_saved(&two, &name, &[]);
        assert!(
            !corpus.is_empty() || single.is_empty(),
            "{name}: no rows on the corpus"
        );
        let columns: BTreeSet<&String> = single.iter().flat_map(|r| r.keys()).collect();
        let by_document = ["doc", "file", "document"]
            .iter()
            .find(|c| columns.iter().any(|k| k == *c));
        let counts = ["cases", "figure_count"]
            .iter()
            .find(|c| columns.iter().any(|k| k == *c));
        match (by_document, counts) {
            // Rows that name their document: the original's rows are all there, unchanged.
            (Some(column), _) => {
                let mine: Vec<_> = corpus
                    .iter()
                    .filter(|r| r.get(*column) == Some(&original))
                    .cloned()
                    .collect();
                assert_eq!(
                    without(&mine, &["graph"]),
                    without(&single, &["graph"]),
                    "{name}"
                );
            }
            // Rows about entities (or units): the same rows, each count doubled.
            (None, Some(column)) => {
                let doubled: Vec<_> = single
                    .iter()
                    .map(|r| {
                        let mut r = r.clone();
                        let n: usize = r[*column].parse().unwrap();
                        r.insert(column.to_string(), (2 * n).to_string());
                        r
                    })
                    .collect();
                assert_eq!(corpus, doubled, "{name}");
            }
            // Rows about cases without their document: each row twice, once
            // per copy, the same but for the copy's IRIs.
            (None, None) => {
                let as_original: Vec<_> = corpus
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|(k, v)| {
                                (k.clone(), v.replace("/copy/", "/000_544783cc65985ead/"))
                            })
                            .collect()
                    })
                    .collect();
                assert_eq!(sorted(as_original), sorted(single.clone()), "{name}");
            }
        }
    }
    // With the document named, the per-case queries answer for that document only.
    for name in ["case-measures", "case-outcomes", "case-next-steps"] {
        let single = run_saved(&one, name, &[format!("document={original}")]);
        let corpus = run_saved(&two, name, &[format!("document={original}")]);
        assert!(!single.is_empty());
        assert_eq!(single, corpus, "{name}");
    }
}

fn without(rows: &[BTreeMap<String, String>], columns: &[&str]) -> Vec<BTreeMap<String, String>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .filter(|(k, _)| !columns.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .collect()
}

fn sorted(mut rows: Vec<BTreeMap<String, String>>) -> Vec<BTreeMap<String, String>> {
    rows.sort();
    rows.dedup();
    rows
}

/// Rows of `query` as (first column, second column, …) strings, sorted.
fn tuples(store: &Path, query: &str) -> Vec<Vec<String>> {
    let prefixed = format!("PREFIX cg: <https://w3id.org/casegraph/ontology#> {query}");
    let mut out: Vec<Vec<String>> = select(store, &prefixed)
        .into_iter()
        .map(|row| row.into_values().collect())
        .collect();
    out.sort();
    out
}

/// The statistics graph holds exactly the counts a query over the documents gives.
fn assert_statistics_are_exact(store: &Path) {
    let counted = |kept: &str, recount: &str| {
        let (kept, recount) = (tuples(store, kept), tuples(store, recount));
        assert!(!recount.is_empty());
        assert_eq!(kept, recount);
    };
    counted(
        "SELECT ?e ?n WHERE { ?e cg:casesMentioning ?n FILTER NOT EXISTS { ?e a cg:ProviderMentions } }",
        "SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cg:Case ; cg:mentions ?e } GROUP BY ?e",
    );
    counted(
        "SELECT ?s ?n WHERE { ?s cg:casesInSector ?n }",
        "SELECT ?s (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cg:Case ; cg:sector ?s } GROUP BY ?s",
    );
    counted(
        "SELECT ?p ?e ?n WHERE { ?x a cg:ProviderMentions ; cg:provider ?p ; cg:mentioned ?e ; cg:casesMentioning ?n }",
        "SELECT ?p ?e (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cg:Case ; cg:providedBy ?p ; cg:mentions ?e } GROUP BY ?p ?e",
    );
    counted(
        "SELECT ?u ?n WHERE { ?x a cg:FiguresOfUnit ; cg:figureUnit ?u ; cg:figureCount ?n }",
        "SELECT ?u (COUNT(?i) AS ?n) WHERE { ?c cg:hasOutcome ?o . ?o cg:hasIndicator ?i . ?i cg:unit ?u } GROUP BY ?u",
    );
}

#[test]
fn statistics_follow_adds_replacements_and_removals_and_heal_after_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let docs = variants(dir.path(), 3);
    let store = dir.path().join("store");
    build(&store, &[&docs[0], &docs[1], &docs[2]]);
    assert_statistics_are_exact(&store);
    let text = std::fs::read_to_string(&docs[1]).unwrap();
    std::fs::write(
        &docs[1],
        // Another provider, and a figure in another unit.
        text.replacen("（大连市提供）", "（兰州市提供）", 1)
            .replacen("亿元", "万元", 1),
    )
    .unwrap();
    build(&store, &[&docs[0], &docs[1], &docs[2]]);
    assert_statistics_are_exact(&store);
    ok(&["remove", "book-2", "--store", s(&store)]);
    assert_statistics_are_exact(&store);
    let before = export(&store);

    // A build killed between a bulk load and its counts: a document not
    // counted, and a count that is wrong. The next build recounts.
    {
        use oxigraph::model::*;
        let raw = oxigraph::store::Store::open(&store).unwrap();
        let stats = NamedNode::new("https://w3id.org/casegraph/id/statistics").unwrap();
        let counts_graph =
            NamedNode::new("https://w3id.org/casegraph/ontology#countsGraph").unwrap();
        let counted = raw
            .quads_for_pattern(None, Some(counts_graph.as_ref()), None, None)
            .next()
            .unwrap()
            .unwrap();
        raw.remove(&counted).unwrap();
        let entity = NamedNode::new("https://w3id.org/casegraph/id/org/国家知识产权局").unwrap();
        let cases_mentioning =
            NamedNode::new("https://w3id.org/casegraph/ontology#casesMentioning").unwrap();
        let count = raw
            .quads_for_pattern(
                Some(entity.as_ref().into()),
                Some(cases_mentioning.as_ref()),
                None,
                None,
            )
            .next()
            .unwrap()
            .unwrap();
        raw.remove(&count).unwrap();
        raw.insert(&Quad::new(
            entity,
            cases_mentioning,
            Literal::from(99),
            stats,
        ))
        .unwrap();
    }
    assert!(export(&store) != before);
    let out = build(&store, &[&docs[0], &docs[1]]);
    assert!(out.contains("book-0.txt: unchanged"), "{out}");
    assert!(export(&store) == before, "the counts were recounted");
}

#[test]
fn statistics_of_an_older_casegraph_are_recounted() {
    let dir = tempfile::tempdir().unwrap();
    let docs = variants(dir.path(), 2);
    let store = dir.path().join("store");
    build(&store, &[&docs[0], &docs[1]]);
    assert_statistics_are_exact(&store);
    let before = export(&store);
    // What a casegraph before the figures per unit left: its counts, without
    // the units' nor the version.
    {
        use oxigraph::model::*;
        let raw = oxigraph::store::Store::open(&store).unwrap();
        let cg = |local: &str| {
            NamedNode::new(format!("https://w3id.org/casegraph/ontology#{local}")).unwrap()
        };
        let units: Vec<NamedOrBlankNode> = raw
            .quads_for_pattern(
                None,
                Some(vocab::rdf::TYPE),
                Some(cg("FiguresOfUnit").as_ref().into()),
                None,
            )
            .map(|q| q.unwrap().subject)
            .collect();
        assert!(!units.is_empty());
        let mut old = raw
            .quads_for_pattern(None, Some(cg("statisticsVersion").as_ref()), None, None)
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(old.len(), 1);
        for unit in &units {
            old.extend(
                raw.quads_for_pattern(Some(unit.as_ref()), None, None, None)
                    .map(Result::unwrap),
            );
        }
        for quad in &old {
            raw.remove(quad).unwrap();
        }
    }
    assert!(export(&store) != before);
    let out = build(&store, &[&docs[0], &docs[1]]);
    assert!(out.contains("book-0.txt: unchanged"), "{out}");
    assert!(export(&store) == before, "the counts were recounted");
    assert_statistics_are_exact(&store);
}
