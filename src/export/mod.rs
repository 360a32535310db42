//! Stage 7b, export: the store (or one named graph) in an RDF format.
//!
//! Output is deterministic: quads are sorted by their N-Quads form before
//! writing, so the same store always gives the same bytes. Triple formats
//! (Turtle, N-Triples, RDF/XML) get the union of the selected graphs.

use crate::rdf::{sort_quads, vocab::PREFIXES};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, Quad, QuadRef};
use oxigraph::store::Store;
use std::io::Write;

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
}

/// Writes the store's quads (of `graph` only, when given) to `out`; returns how many were written.
pub fn export(
    store: &Store,
    format: ExportFormat,
    graph: Option<&NamedNode>,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let quads: Vec<Quad> = match graph {
        Some(g) => {
            if !store.contains_named_graph(g)? {
                return Err(ExportError::NoSuchGraph(g.as_str().to_string()));
            }
            store
                .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
                .collect::<Result<_, _>>()?
        }
        None => store.iter().collect::<Result<_, _>>()?,
    };
    let rdf_format = format.rdf_format();
    let quads = if rdf_format.supports_datasets() {
        sort_quads(quads)
    } else {
        sort_quads(
            quads
                .into_iter()
                .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
                .collect(),
        )
    };
    write_quads(&quads, rdf_format, out)?;
    Ok(quads.len())
}

/// A serialiser for `format` that writes the project's prefixes.
pub fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer.with_prefix(*prefix, *iri).expect("valid prefix");
    }
    serializer
}

/// Serialises sorted `quads` with the project's prefixes.
pub fn write_quads(
    quads: &[Quad],
    format: RdfFormat,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut writer = serializer(format).for_writer(out);
    for quad in quads {
        writer.serialize_quad(QuadRef::from(quad))?;
    }
    writer.finish()?;
    Ok(())
}
