//! `casegraph build`: the store from the shipped document, rebuilds, bad input.
#![cfg(feature = "store")]

mod common;
use common::*;
use std::path::Path;

fn export_nquads(store: &Path) -> String {
    ok(&[
        "export",
        "--format",
        "nquads",
        "--store",
        store.to_str().unwrap(),
    ])
}

#[test]
fn build_prints_a_summary_and_rebuilds_identically() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let s = store.to_str().unwrap();
    let out = ok(&["build", "--store", s]);
    assert!(
        out.contains("000_544783cc65985ead.txt: added: 25 cases"),
        "{out}"
    );
    assert!(
        out.contains("1 document(s): 1 added, 0 replaced, 0 unchanged, 0 failed; "),
        "{out}"
    );
    assert!(out.contains("; 1 document(s) in the store; "), "{out}");
    let first = export_nquads(&store);
    ok(&["build", "--store", s]);
    let second = export_nquads(&store);
    assert!(
        first == second,
        "a rebuild changes nothing and adds no duplicates: first difference {:?}",
        first_difference(&first, &second)
    );
    assert!(first.lines().count() > 5000);
}

#[test]
fn failed_build_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let s = store.to_str().unwrap();
    ok(&["build", "--store", s]);
    let before = export_nquads(&store);
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "no cases here\n").unwrap();
    let o = casegraph(&["build", "--store", s, CORPUS, bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("1 of 2 document(s) failed and were not written"),
        "{}",
        stderr(&o)
    );
    let after = export_nquads(&store);
    assert!(
        before == after,
        "store changed: {:?}",
        first_difference(&before, &after)
    );
}

#[test]
fn bad_inputs_name_file_and_line_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let corpus = std::fs::read_to_string(CORPUS).unwrap();
    let truncated: String = corpus.chars().take(corpus.chars().count() / 2).collect();
    let truncated_lines = truncated.lines().count();
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "empty.txt",
            Vec::new(),
            "empty.txt:1: error: the file is empty".into(),
        ),
        (
            "binary.bin",
            vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3, 0xff],
            "binary.bin:1: error: binary data".into(),
        ),
        (
            "prose.txt",
            "这是一段文字。\n没有案例。\n".as_bytes().to_vec(),
            "prose.txt:1: error: no case found".into(),
        ),
        (
            "cut.txt",
            truncated.into_bytes(),
            format!("cut.txt:{truncated_lines}: error: the document seems truncated"),
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let o = casegraph(&[
            "build",
            "--store",
            store.to_str().unwrap(),
            path.to_str().unwrap(),
        ]);
        assert!(!o.status.success(), "{name} must fail");
        let err = stderr(&o);
        assert!(
            err.contains(&expected),
            "{name}: expected `{expected}` in:\n{err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    let o = casegraph(&[
        "build",
        "--store",
        store.to_str().unwrap(),
        "/nonexistent/x.txt",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("/nonexistent/x.txt: error: cannot read file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn documents_get_their_own_named_graphs() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let s = store.to_str().unwrap();
    let copy = dir.path().join("second-batch.txt");
    std::fs::copy(CORPUS, &copy).unwrap();
    ok(&["build", "--store", s, CORPUS, copy.to_str().unwrap()]);
    let docs = ok(&["query", "documents", "--format", "csv", "--store", s]);
    assert!(docs.contains("graph/000_544783cc65985ead"), "{docs}");
    assert!(docs.contains("graph/second-batch"), "{docs}");
    // building one document again leaves the other's graph alone
    ok(&["build", "--store", s, CORPUS]);
    let docs = ok(&["query", "documents", "--format", "csv", "--store", s]);
    assert!(docs.contains("graph/second-batch"), "{docs}");
    let graph = "https://w3id.org/casegraph/id/graph/second-batch";
    let one = ok(&[
        "export", "--format", "nquads", "--graph", graph, "--store", s,
    ]);
    assert!(one.lines().all(|l| l.ends_with(&format!("<{graph}> ."))));
}

#[test]
fn the_iri_base_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let s = store.to_str().unwrap();
    ok(&["build", "--base", "https://example.org/kg/", "--store", s]);
    let nq = export_nquads(&store);
    assert!(nq.contains("<https://example.org/kg/case/000_544783cc65985ead/7/measure/2> "));
    assert!(!nq.contains("https://w3id.org/casegraph/id/"));
    let o = casegraph(&["build", "--base", "not an iri/", "--store", s]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("is not an absolute IRI"),
        "{}",
        stderr(&o)
    );
}
