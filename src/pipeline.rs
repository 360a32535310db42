//! The text pipeline end to end, for one file: read → segment → extract → link → RDF.
//!
//! Pure: nothing here touches the store, so a failure leaves it as it was.

use crate::diagnostic::Diagnostic;
use crate::extract::{extract_document, CaseExtraction, Lexicons};
use crate::link::{link, Linked};
use crate::rdf::{document_graph, DocumentGraph, IriScheme};
use crate::segment::{segment, Document, SectionKind};
use std::path::Path;

/// One input file turned into its named graph and its entity triples.
pub struct BuiltDocument {
    pub doc: Document,
    pub extractions: Vec<CaseExtraction>,
    pub linked: Linked,
    pub rdf: DocumentGraph,
}

impl BuiltDocument {
    /// Numbered items over all sections of all cases.
    pub fn item_count(&self) -> usize {
        self.doc
            .cases
            .iter()
            .map(|c| {
                SectionKind::ALL
                    .iter()
                    .map(|&k| c.items(k).len())
                    .sum::<usize>()
            })
            .sum()
    }

    pub fn indicator_count(&self) -> usize {
        self.extractions.iter().map(|e| e.quantities.len()).sum()
    }
}

/// Runs the pipeline on `path`; `Err` holds the fatal problem.
pub fn build_file(
    path: &Path,
    iris: &IriScheme,
    lexicons: &Lexicons,
) -> Result<BuiltDocument, Diagnostic> {
    let source = crate::read::read_file(path)?;
    build_source(source, iris, lexicons)
}

/// The pipeline after reading.
pub fn build_source(
    source: crate::read::SourceText,
    iris: &IriScheme,
    lexicons: &Lexicons,
) -> Result<BuiltDocument, Diagnostic> {
    let doc = segment(source)?;
    let extractions: Vec<CaseExtraction> = extract_document(&doc, lexicons);
    let linked = link(&extractions, lexicons);
    let rdf = document_graph(&doc, &extractions, &linked, iris);
    Ok(BuiltDocument {
        doc,
        extractions,
        linked,
        rdf,
    })
}
