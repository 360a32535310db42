//! `casegraph validate` and validation in `build`: the shipped document's
//! graph conforms; a store with a deliberately broken triple does not.
#![cfg(feature = "store")]
#![cfg(feature = "store")]

mod common;
use casegraph::store::GraphStore;
use common::*;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::path::Path;

const CG: &str = "https://w3id.org/casegraph/ontology#";

/// A fresh store built from the shipped document (the tests below change it).
fn built_store(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let store = dir.path().join("store");
    ok(&["build", "--store", store.to_str().unwrap()]);
    store
}

/// The first value of `?x` (with the graph in `?g`) for a query over all graphs.
fn first_match(store: &GraphStore, pattern: &str) -> (NamedNode, NamedNode) {
    let query = format!("SELECT ?x ?g WHERE {{ GRAPH ?g {{ {pattern} }} }} ORDER BY ?x LIMIT 1");
    let QueryResults::Solutions(mut solutions) = SparqlEvaluator::new()
        .parse_query(&query)
        .unwrap()
        .on_store(store.store())
        .execute()
        .unwrap()
    else {
        panic!("not a SELECT")
    };
    let solution = solutions.next().expect("a match").unwrap();
    let named = |v: &str| match solution.get(v) {
        Some(Term::NamedNode(n)) => n.clone(),
        other => panic!("{v} = {other:?}"),
    };
    (named("x"), named("g"))
}

/// Adds `subject predicate object` to the store at `path`, where `subject` is
/// the first `?x` of `pattern`, in `subject`'s graph; returns `subject`.
fn insert(path: &Path, pattern: &str, predicate: &str, object: impl Into<Term>) -> NamedNode {
    let store = GraphStore::open(path).unwrap();
    let (subject, graph) = first_match(&store, pattern);
    let quad = Quad::new(
        subject.clone(),
        NamedNode::new_unchecked(format!("{CG}{predicate}")),
        object,
        GraphName::NamedNode(graph),
    );
    store.store().insert(&quad).unwrap();
    store.store().flush().unwrap();
    subject
}

#[test]
fn validate_exits_zero_on_the_graph_of_the_shipped_document() {
    let store = shared_store().to_str().unwrap();
    let out = ok(&["validate", "--store", store]);
    assert!(out.starts_with("conforms: 0 violations"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["validate", "--store", store, "--format", "json"])).unwrap();
    assert_eq!(json["conforms"], true);
    assert_eq!(json["violations"], 0);
    assert!(json["checks"].as_u64().unwrap() > 150, "{json}");
}

#[test]
fn validate_fails_on_a_case_with_two_case_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(&dir);
    let case = insert(
        &store,
        &format!("?x a <{CG}Case>"),
        "caseNumber",
        Literal::from(999),
    );
    let o = casegraph(&["validate", "--store", store.to_str().unwrap()]);
    assert!(
        !o.status.success(),
        "a violation must fail:\n{}",
        stdout(&o)
    );
    let out = stdout(&o);
    assert!(
        out.contains("Violation: cgsh:CaseShape cg:caseNumber sh:maxCount (1 node)"),
        "{out}"
    );
    assert!(out.contains(&format!("focus <{}>", case.as_str())), "{out}");
    assert!(out.contains("does NOT conform: 1 violation,"), "{out}");
    assert!(
        stderr(&o).contains("1 violation(s) of the SHACL shapes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn validate_fails_on_a_string_typed_value_and_json_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = built_store(&dir);
    let indicator = insert(
        &store,
        &format!("?x a <{CG}Indicator> FILTER NOT EXISTS {{ ?x <{CG}qualifier> ?q }}"),
        "qualifier",
        Literal::new_simple_literal("大约"),
    );
    // A warning alone does not fail.
    let out = ok(&["validate", "--store", store.to_str().unwrap()]);
    assert!(
        out.contains("Warning: cgsh:IndicatorShape cg:qualifier sh:in (1 node)"),
        "{out}"
    );
    assert!(out.contains("conforms: 0 violations, 1 warning"), "{out}");

    // A second, string-typed cg:value: a datatype violation (and a count one).
    let same = format!(
        "VALUES ?x {{ <{}> }} ?x a <{CG}Indicator>",
        indicator.as_str()
    );
    insert(&store, &same, "value", Literal::new_simple_literal("1.5"));
    let store_path = store.to_str().unwrap();
    let o = casegraph(&["validate", "--store", store_path, "--format", "json"]);
    assert!(!o.status.success());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["conforms"], false);
    let results = json["results"].as_array().unwrap();
    let datatype = results
        .iter()
        .find(|r| r["constraint"] == "sh:datatype")
        .expect("a sh:datatype result");
    assert_eq!(datatype["focus"], format!("<{}>", indicator.as_str()));
    assert_eq!(datatype["path"], "cg:value");
    assert_eq!(datatype["value"], "\"1.5\"");
    assert_eq!(datatype["severity"], "Violation");
    assert!(datatype["message"]
        .as_str()
        .unwrap()
        .contains("xsd:decimal"));
}

#[test]
fn validate_without_a_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let o = casegraph(&[
        "validate",
        "--store",
        dir.path().join("none").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("run `casegraph build` first"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn build_validates_quietly_when_the_graph_conforms_and_can_skip_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let o = casegraph(&["build", "--store", store.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("Violation") && !stderr(&o).contains("Warning:"),
        "{}",
        stderr(&o)
    );
    ok(&["build", "--no-validate", "--store", store.to_str().unwrap()]);
    ok(&["validate", "--store", store.to_str().unwrap()]);
}
