//! `casegraph export`: every format, determinism, independent parsers.
#![cfg(feature = "store")]

mod common;
use common::*;
use std::process::Command;

fn export(format: &str) -> String {
    export_with(&["--format", format])
}

/// `casegraph export ARGS` of the shared store.
fn export_with(args: &[&str]) -> String {
    let store = ["--store", shared_store().to_str().unwrap()];
    ok(&[&["export"], args, &store].concat())
}

#[test]
fn every_format_exports_and_is_deterministic() {
    for format in ["turtle", "trig", "ntriples", "nquads", "rdfxml", "jsonld"] {
        let a = export(format);
        let b = export(format);
        assert!(a.len() > 10_000, "{format}");
        assert_eq!(a, b, "{format} export is byte-identical across runs");
    }
}

/// The export holds exactly the store's quads, sorted, each once: checked
/// against the store read directly (not through `casegraph export`).
#[test]
fn export_equals_the_store_read_directly() {
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::{GraphName, Quad, TripleRef};
    use std::collections::BTreeSet;
    let store = oxigraph::store::Store::open_read_only(shared_store()).unwrap();
    let stored: Vec<Quad> = store.iter().collect::<Result<_, _>>().unwrap();
    let parse = |text: &str, format| -> Vec<Quad> {
        RdfParser::from_format(format)
            .for_slice(text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap()
    };

    let nquads = export("nquads");
    let lines: Vec<&str> = nquads.lines().collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "sorted, each once");
    let exported = parse(&nquads, RdfFormat::NQuads);
    assert_eq!(exported.len(), stored.len());
    let stored_set: BTreeSet<String> = stored.iter().map(Quad::to_string).collect();
    let exported_set: BTreeSet<String> = exported.iter().map(Quad::to_string).collect();
    assert_eq!(exported_set, stored_set);

    // The triple formats: the union of the graphs, each triple once.
    let triple = |q: &Quad| TripleRef::from(q.as_ref()).to_string();
    let union: BTreeSet<String> = stored.iter().map(triple).collect();
    for (format, rdf_format) in [
        ("ntriples", RdfFormat::NTriples),
        ("turtle", RdfFormat::Turtle),
    ] {
        let triples = parse(&export(format), rdf_format);
        assert!(triples
            .iter()
            .all(|q| q.graph_name == GraphName::DefaultGraph));
        let set: BTreeSet<String> = triples.iter().map(triple).collect();
        assert_eq!(triples.len(), set.len(), "{format}: each triple once");
        assert_eq!(set, union, "{format}");
    }
}

/// Written to a file (beside it, then renamed) or to standard output, twice: the same bytes.
#[test]
fn a_file_and_standard_output_get_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["trig", "jsonld"] {
        let out = dir.path().join(format!("x.{format}"));
        for _ in 0..2 {
            export_with(&["--format", format, "-o", out.to_str().unwrap()]);
            assert_eq!(std::fs::read_to_string(&out).unwrap(), export(format));
        }
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 2, "no temporary file is left: {left:?}");
}

#[test]
fn turtle_is_pretty_and_parses() {
    let ttl = export("turtle");
    let header: Vec<&str> = ttl
        .lines()
        .take_while(|l| l.starts_with("@prefix"))
        .collect();
    assert!(
        header.contains(&"@prefix cg: <https://w3id.org/casegraph/ontology#> ."),
        "{header:?}"
    );
    assert!(ttl.contains(" ;\n"), "subjects are grouped");
    let parsed = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(ttl.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("the Turtle export parses");
    let ntriples = export("ntriples");
    let unique: std::collections::BTreeSet<&str> = ntriples.lines().collect();
    assert_eq!(parsed.len(), unique.len());
}

#[test]
fn export_to_a_file_and_one_graph() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("doc.ttl");
    let graph = "https://w3id.org/casegraph/id/graph/000_544783cc65985ead";
    export_with(&["--graph", graph, "-o", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("首创国际化期货期权交易品种"));
    assert!(
        !text.contains("owl:Ontology"),
        "the ontology graph is not in the document graph"
    );
    let o = casegraph(&[
        "export",
        "--graph",
        "https://example.org/none",
        "--store",
        shared_store().to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("has no graph <https://example.org/none>"));
}

/// TriG and N-Quads read back by rdflib as the same graphs, with the same triples.
#[test]
fn rdflib_reads_trig_and_nquads_as_the_same_dataset() {
    if !python_has("rdflib") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let trig = dir.path().join("x.trig");
    let nq = dir.path().join("x.nq");
    let ttl = dir.path().join("x.ttl");
    std::fs::write(&trig, export("trig")).unwrap();
    std::fs::write(&nq, export("nquads")).unwrap();
    std::fs::write(&ttl, export("turtle")).unwrap();
    let script = r#"
import sys, rdflib
from rdflib.compare import isomorphic
a = rdflib.Dataset(); a.parse(sys.argv[1], format="trig")
b = rdflib.Dataset(); b.parse(sys.argv[2], format="nquads")
names = lambda d: sorted(str(g.identifier) for g in d.graphs() if len(g))
assert names(a) == names(b), (names(a), names(b))
for name in names(a):
    ga, gb = a.graph(rdflib.URIRef(name)), b.graph(rdflib.URIRef(name))
    assert len(ga) == len(gb) and isomorphic(ga, gb), name
t = rdflib.Graph(); t.parse(sys.argv[3], format="turtle")
print(len(names(a)), sum(len(a.graph(rdflib.URIRef(n))) for n in names(a)), len(t))
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .args([&trig, &nq, &ttl])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let counts: Vec<usize> = stdout(&o)
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(
        counts[0], 4,
        "the document graph, the entity, statistics and ontology graphs"
    );
    assert!(counts[1] > 5000 && counts[2] > 5000);
}

/// RDF/XML reads back in rdflib as the N-Triples graph; JSON-LD with every quad.
#[test]
fn rdflib_reads_rdfxml_and_jsonld() {
    if !python_has("rdflib") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = ["ntriples", "rdfxml", "jsonld", "nquads"]
        .iter()
        .map(|format| {
            let path = dir.path().join(format!("x.{format}"));
            std::fs::write(&path, export(format)).unwrap();
            path
        })
        .collect();
    let script = r#"
import sys, rdflib
from rdflib.compare import isomorphic
nt = rdflib.Graph(); nt.parse(sys.argv[1], format="nt")
xml = rdflib.Graph(); xml.parse(sys.argv[2], format="xml")
assert isomorphic(nt, xml), "RDF/XML differs from N-Triples"
jsonld = rdflib.Dataset(); jsonld.parse(sys.argv[3], format="json-ld")
nq = rdflib.Dataset(); nq.parse(sys.argv[4], format="nquads")
count = lambda d: sum(len(g) for g in d.graphs())
assert count(jsonld) == count(nq), (count(jsonld), count(nq))
print(len(nt), count(jsonld))
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .args(&files)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let counts: Vec<usize> = stdout(&o)
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(counts[0] > 5000 && counts[1] > 5000, "{counts:?}");
}

/// `casegraph export | head -1`: the reader leaving early is not an error.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_casegraph"))
        .args([
            "export",
            "--format",
            "ntriples",
            "--store",
            shared_store().to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.ends_with(" .\n"));
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
