//! Stage 7b, export: the store (or one named graph) in an RDF format.
//!
//! Output is deterministic: quads are written in the byte order of their
//! N-Quads lines, so the same store always gives the same bytes. Triple formats
//! (Turtle, N-Triples, RDF/XML) get the union of the selected graphs.
//!
//! The store's own index order follows term hashes, not text, so export sorts.
//! A corpus store does not fit in memory as sorted text (9.6 M quads took 10 GB),
//! so the lines are sorted in bounded runs that spill to temporary files (in
//! `$TMPDIR`, removed when done) and are merged as they are written out.

mod sort;

use crate::rdf::vocab::PREFIXES;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, Quad};
use oxigraph::store::Store;
use std::io::Write;
use std::str::FromStr;

/// N-Quads lines sorted in memory at once (some 250 bytes a quad: 250,000
/// quads); a larger store is sorted in runs of this size on disk.
const BYTES_IN_MEMORY: usize = 64 << 20;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Turtle,
    Trig,
    Ntriples,
    Nquads,
    Rdfxml,
    Jsonld,
}

impl ExportFormat {
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::Trig => RdfFormat::TriG,
            ExportFormat::Ntriples => RdfFormat::NTriples,
            ExportFormat::Nquads => RdfFormat::NQuads,
            ExportFormat::Rdfxml => RdfFormat::RdfXml,
            ExportFormat::Jsonld => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the store has no graph <{0}> (see `casegraph query graphs`)")]
    NoSuchGraph(String),
    #[error("reading the store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    #[error("sorting in temporary files (in $TMPDIR, about the size of the N-Quads): {0}")]
    Sort(std::io::Error),
    #[error("a stored quad does not read back from its N-Quads line: {0}")]
    Reread(#[from] oxigraph::model::TermParseError),
}

/// Writes the store's quads (of `graph` only, when given) to `out`; returns how many were written.
pub fn export(
    store: &Store,
    format: ExportFormat,
    graph: Option<&NamedNode>,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    export_sorting(store, format, graph, out, BYTES_IN_MEMORY)
}

/// [`export`], sorting at most `bytes_in_memory` of lines in memory at once.
fn export_sorting(
    store: &Store,
    format: ExportFormat,
    graph: Option<&NamedNode>,
    out: &mut dyn Write,
    bytes_in_memory: usize,
) -> Result<usize, ExportError> {
    let quads = match graph {
        Some(g) => {
            if !store.contains_named_graph(g)? {
                return Err(ExportError::NoSuchGraph(g.as_str().to_string()));
            }
            store.quads_for_pattern(None, None, None, Some(g.as_ref().into()))
        }
        None => store.iter(),
    };
    let rdf_format = format.rdf_format();
    let mut lines = sort::Sorter::new(bytes_in_memory);
    for quad in quads {
        let mut quad = quad?;
        if !rdf_format.supports_datasets() {
            quad.graph_name = GraphName::DefaultGraph;
        }
        lines.push(quad.to_string()).map_err(ExportError::Sort)?;
    }
    let mut writer = serializer(rdf_format).for_writer(out);
    let mut written = 0;
    for line in lines.sorted().map_err(ExportError::Sort)? {
        let line = line.map_err(ExportError::Sort)?;
        writer.serialize_quad(&Quad::from_str(&line)?)?;
        written += 1;
    }
    writer.finish()?;
    Ok(written)
}

/// A serialiser for `format` that writes the project's prefixes.
pub fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer.with_prefix(*prefix, *iri).expect("valid prefix");
    }
    serializer
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Literal, NamedNode};

    const FORMATS: [ExportFormat; 6] = [
        ExportFormat::Turtle,
        ExportFormat::Trig,
        ExportFormat::Ntriples,
        ExportFormat::Nquads,
        ExportFormat::Rdfxml,
        ExportFormat::Jsonld,
    ];

    /// The ontology in two graphs (every triple twice in the union), and
    /// literals that N-Quads escapes.
    fn store() -> Store {
        let store = Store::new().unwrap();
        let ontology = crate::rdf::ontology::ONTOLOGY_TTL;
        for graph in ["https://example.org/g/b", "https://example.org/g/a"] {
            let graph = NamedNode::new(graph).unwrap();
            store
                .load_from_slice(
                    oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
                        .with_default_graph(graph),
                    ontology.as_bytes(),
                )
                .unwrap();
        }
        let s = NamedNode::new("https://example.org/s").unwrap();
        let p = NamedNode::new("https://example.org/p").unwrap();
        let g = NamedNode::new("https://example.org/g/a").unwrap();
        for object in [
            Literal::new_simple_literal("line\nbreak \"quoted\" \\ tab\t"),
            Literal::new_language_tagged_literal("国家知识产权局", "zh").unwrap(),
            Literal::new_typed_literal("1.5", oxigraph::model::vocab::xsd::DECIMAL),
        ] {
            store
                .insert(&Quad::new(s.clone(), p.clone(), object, g.clone()))
                .unwrap();
        }
        let b = BlankNode::new("b0").unwrap();
        store
            .insert(&Quad::new(b, p, s, GraphName::DefaultGraph))
            .unwrap();
        store
    }

    /// What export wrote before it sorted on disk: every quad in memory, sorted.
    fn reference(store: &Store, format: ExportFormat) -> Vec<u8> {
        let rdf_format = format.rdf_format();
        let quads = store.iter().map(|q| {
            let mut q = q.unwrap();
            if !rdf_format.supports_datasets() {
                q.graph_name = GraphName::DefaultGraph;
            }
            q
        });
        let mut writer = serializer(rdf_format).for_writer(Vec::new());
        for quad in crate::rdf::sort_quads(quads.collect()) {
            writer.serialize_quad(&quad).unwrap();
        }
        writer.finish().unwrap()
    }

    fn exported(store: &Store, format: ExportFormat, bytes_in_memory: usize) -> Vec<u8> {
        let mut out = Vec::new();
        export_sorting(store, format, None, &mut out, bytes_in_memory).unwrap();
        out
    }

    #[test]
    fn sorting_on_disk_writes_the_bytes_of_sorting_in_memory() {
        let store = store();
        let quads = store.len().unwrap();
        assert!(quads > 400, "{quads}");
        for format in FORMATS {
            let expected = reference(&store, format);
            // All in memory; one quad a run (merged on two levels); a few quads a run.
            for budget in [usize::MAX, 1, 4096] {
                let got = exported(&store, format, budget);
                assert!(got == expected, "{format:?}, {budget} bytes in memory");
            }
        }
    }

    #[test]
    fn counts_each_triple_of_the_union_once() {
        let store = store();
        let mut out = Vec::new();
        let quads = export_sorting(&store, ExportFormat::Nquads, None, &mut out, 1).unwrap();
        let triples = export_sorting(&store, ExportFormat::Ntriples, None, &mut out, 1).unwrap();
        assert_eq!(quads, store.len().unwrap());
        // The ontology is in both graphs: the union has it once.
        assert!(
            triples < quads && triples > quads / 2,
            "{triples} of {quads}"
        );
    }
}
