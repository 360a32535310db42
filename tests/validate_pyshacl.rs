//! Differential check: casegraph's SHACL validator and pySHACL give the same
//! report (conforms flag; focus node, path, component, source shape and value
//! of every result) on the shipped document's graph and on copies of it with
//! one planted violation per constraint kind that our shapes use.
#![cfg(feature = "store")]

mod common;

use common::*;
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, GraphNameRef, Quad, QuadRef};
use oxigraph::store::Store;
use std::collections::HashSet;
use std::process::Command;

const SHAPES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ontology/shapes.ttl");
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/shacl_differential.py");

const PREFIXES: &str = "
PREFIX cg: <https://w3id.org/casegraph/ontology#>
PREFIX cgs: <https://w3id.org/casegraph/sector/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ex: <https://example.org/planted/>
";

/// The first node (in IRI order) of a pattern about `?x`.
fn first(pattern: &str) -> String {
    format!("{{ SELECT ?x WHERE {{ {pattern} }} ORDER BY STR(?x) LIMIT 1 }}")
}

/// (constraint component the plant must trigger, SPARQL update planting it).
fn plants() -> Vec<(&'static str, String)> {
    let case = first("?x a cg:Case");
    let indicator = first("?x a cg:Indicator ; cg:unit ?u ; cg:normalizedUnit ?n");
    let span = first("?x a cg:TextSpan");
    vec![
        ("MinCount", format!("DELETE {{ ?x dcterms:title ?t }} WHERE {{ {case} ?x dcterms:title ?t }}")),
        ("MaxCount", format!("INSERT {{ ?x cg:caseNumber 999 }} WHERE {{ {case} }}")),
        ("Datatype", format!("DELETE {{ ?x cg:value ?v }} INSERT {{ ?x cg:value \"1.5\" }} WHERE {{ {indicator} ?x cg:value ?v }}")),
        ("MinInclusive", format!("DELETE {{ ?x cg:caseNumber ?n }} INSERT {{ ?x cg:caseNumber 0 }} WHERE {{ {case} ?x cg:caseNumber ?n }}")),
        ("MaxInclusive", format!("DELETE {{ ?x cg:latitude ?l }} INSERT {{ ?x cg:latitude 95.5 }} WHERE {{ {} ?x cg:latitude ?l }}", first("?x cg:latitude ?y"))),
        ("LanguageIn", format!("DELETE {{ ?x dcterms:title ?t }} INSERT {{ ?x dcterms:title \"Case one\"@en }} WHERE {{ {case} ?x dcterms:title ?t }}")),
        ("UniqueLang", format!("INSERT {{ ?x rdfs:label \"另一个名字\"@zh }} WHERE {{ {} }}", first("?x a cg:Province ; rdfs:label ?l"))),
        ("Pattern", format!("DELETE {{ ?x cg:adcode ?c }} INSERT {{ ?x cg:adcode \"51010\" }} WHERE {{ {} ?x cg:adcode ?c }}", first("?x a cg:City ; cg:adcode ?y"))),
        ("MinLength", format!("DELETE {{ ?x cg:unit ?u }} INSERT {{ ?x cg:unit \"\" }} WHERE {{ {indicator} ?x cg:unit ?u }}")),
        ("Class", format!("DELETE {{ ?x cg:inDocument ?d }} INSERT {{ ?x cg:inDocument ?s }} WHERE {{ {case} ?x cg:inDocument ?d . {{ SELECT ?s WHERE {{ ?s a cg:TextSpan }} ORDER BY STR(?s) LIMIT 1 }} }}")),
        ("Node", format!("DELETE {{ ?x cg:sector ?s }} INSERT {{ ?x cg:sector cgs:astrology }} WHERE {{ {} ?x cg:sector ?s }}", first("?x a cg:Case ; cg:sector ?y"))),
        ("Or", format!("DELETE {{ ?x cg:normalizedUnit ?u }} WHERE {{ {indicator} ?x cg:normalizedUnit ?u }}")),
        ("LessThanOrEquals", format!("DELETE {{ ?x cg:startLine ?a ; cg:endLine ?b }} INSERT {{ ?x cg:startLine 9 ; cg:endLine 2 }} WHERE {{ {span} ?x cg:startLine ?a ; cg:endLine ?b }}")),
        ("LessThan", format!("DELETE {{ ?x cg:startChar ?a ; cg:endChar ?b }} INSERT {{ ?x cg:startChar 9 ; cg:endChar 9 }} WHERE {{ {span} ?x cg:startChar ?a ; cg:endChar ?b }}")),
        ("QualifiedMinCount", format!("DELETE {{ ?x rdfs:label ?l }} INSERT {{ ?x rdfs:label \"A Bank\"@en }} WHERE {{ {} ?x rdfs:label ?l }}", first("?x a cg:FinancialInstitution"))),
        ("QualifiedMaxCount", format!("INSERT {{ ?x a cg:City }} WHERE {{ {} }}", first("?x a cg:Province"))),
        ("In", format!("INSERT {{ ?x cg:qualifier \"大约\" }} WHERE {{ {indicator} }}")),
        ("HasValue", "INSERT DATA { cgs:astrology a skos:Concept ; skos:prefLabel \"占星\"@zh , \"Astrology\"@en ; skos:notation \"SZ\" . }".to_string()),
        ("MinCount", "INSERT DATA { ex:loose a cg:Indicator ; cg:value 2.0 ; cg:unit \"家\" . }".to_string()),
    ]
}

/// The shipped document's graph and the ontology graph, merged into the default graph.
fn shipped_store() -> Store {
    let iris = casegraph::rdf::IriScheme::new(casegraph::rdf::vocab::DEFAULT_BASE).unwrap();
    let built = casegraph::pipeline::build_file(
        std::path::Path::new(CORPUS),
        &iris,
        casegraph::extract::Lexicons::embedded(),
    )
    .unwrap();
    let store = Store::new().unwrap();
    let entity_graph = iris.entity_graph();
    let quads = built
        .rdf
        .quads()
        .chain(built.rdf.entity_quads(&entity_graph))
        .map(QuadRef::into_owned)
        .chain(casegraph::rdf::ontology::ontology_quads());
    store
        .extend(quads.map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)))
        .unwrap();
    store
}

#[test]
fn casegraph_and_pyshacl_agree_on_the_shipped_graph_and_each_planted_violation() {
    if !python_has("pyshacl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let write = |store: &Store, name: &str| {
        let path = dir.path().join(name);
        let mut out = Vec::new();
        store
            .dump_graph_to_writer(GraphNameRef::DefaultGraph, RdfFormat::NTriples, &mut out)
            .unwrap();
        std::fs::write(&path, out).unwrap();
        path.to_str().unwrap().to_string()
    };
    files.push((None, write(&shipped_store(), "shipped.nt")));
    for (i, (component, update)) in plants().into_iter().enumerate() {
        let store = shipped_store();
        let content = |s: &Store| s.iter().map(Result::unwrap).collect::<HashSet<Quad>>();
        let before = content(&store);
        store
            .update(format!("{PREFIXES}{update}").as_str())
            .unwrap();
        assert_ne!(content(&store), before, "plant {component} changed nothing");
        files.push((
            Some(component),
            write(&store, &format!("plant-{i}-{component}.nt")),
        ));
    }
    let mut args = vec![SCRIPT, env!("CARGO_BIN_EXE_casegraph"), SHAPES];
    args.extend(files.iter().map(|(_, f)| f.as_str()));
    let output = Command::new("python3").args(&args).output().unwrap();
    let text = stdout(&output);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), files.len(), "{text}\n{}", stderr(&output));
    for ((component, file), line) in files.iter().zip(&lines) {
        assert_eq!(line["same"], true, "{file}: {}", line["detail"]);
        let components = line["components"].as_array().unwrap();
        match component {
            None => assert_eq!(line["results"], 0, "the shipped graph has results: {line}"),
            Some(c) => assert!(
                components
                    .iter()
                    .any(|x| x == &format!("{c}ConstraintComponent")),
                "{file} does not trigger {c}: {line}"
            ),
        }
    }
    assert!(output.status.success(), "{text}");
}
