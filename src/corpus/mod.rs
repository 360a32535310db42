//! The corpus: many documents built into one store, incrementally and in parallel.
//!
//! [`build`] skips the documents whose bytes and pipeline are unchanged since
//! they were stored, runs the text pipeline and SHACL validation on the others
//! in parallel (rayon), and hands each finished document to one writer thread.
//! The writer stores a changed document in its own transaction
//! ([`GraphStore::write_document`]) and new ones in batches through Oxigraph's
//! bulk loader ([`GraphStore::add_new_documents`]), whose commit is atomic
//! too. A bounded channel between the two keeps memory flat however many
//! documents there are; results are reported in input order, whatever order
//! the documents finish in, and only once they are stored.

mod discover;
mod report;

pub use discover::discover;
pub use report::{Action, DocumentReport, Summary};

use crate::diagnostic::Diagnostic;
use crate::extract::Lexicons;
use crate::pipeline::{build_source, BuiltDocument};
use crate::rdf::{ontology, IriScheme};
use crate::store::{GraphStore, StoreError};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// How a build treats its documents.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub iris: IriScheme,
    /// Warnings make a document fail.
    pub strict: bool,
    /// Check each document against the SHACL shapes before it is stored.
    pub validate: bool,
    /// Rebuild documents even when they are unchanged.
    pub force: bool,
}

/// Why a build could not run at all (a document's own problems are in its report).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Input(String),
    #[error("the SHACL shapes could not be checked: {0}")]
    Validate(String),
}

/// What happened to one document before it reached the writer.
enum Prepared {
    Unchanged(DocumentReport),
    Failed(DocumentReport),
    Built(Box<BuiltDocument>, DocumentReport),
}

/// Builds `files` into `store`; `on_done` sees each document's report, in input order.
pub fn build(
    files: &[PathBuf],
    store: &GraphStore,
    options: &BuildOptions,
    lexicons: fn() -> &'static Lexicons,
    progress: &indicatif::ProgressBar,
    mut on_done: impl FnMut(&DocumentReport) + Send,
) -> Result<Summary, BuildError> {
    check_unique_ids(files)?;
    let entity_graph = options.iris.entity_graph();
    let ontology_graph = ontology::graph();
    let ontology_quads = ontology::ontology_quads();
    // Written with the first document, so a build that writes nothing leaves the store as it was.
    let ontology = (!store.holds_graph(&ontology_graph, &ontology_quads)?)
        .then_some((&ontology_graph, ontology_quads.as_slice()));

    let (sender, receiver) =
        mpsc::sync_channel::<(usize, Prepared)>(2 * rayon::current_num_threads());
    std::thread::scope(|scope| {
        let written = scope.spawn(move || {
            let mut writer = Writer {
                store,
                entity_graph,
                pending: Vec::new(),
                pending_quads: 0,
                wrote: false,
                ontology,
                in_order: report::InOrder::default(),
                progress,
                on_done: &mut on_done,
            };
            for (index, prepared) in receiver {
                writer.accept(index, prepared);
            }
            writer.finish()
        });
        files
            .par_iter()
            .enumerate()
            .for_each_with(sender, |sender, (index, path)| {
                let prepared = prepare(path, store, options, lexicons, &ontology_quads);
                // The writer only stops early on a store failure, which it reports itself.
                let _ = sender.send((index, prepared));
            });
        written.join().expect("the writer thread does not panic")
    })
}

/// New documents are loaded together once they hold this many quads.
const BULK_BATCH_QUADS: usize = 250_000;

/// The one thread that writes: stores documents as they come, new ones in
/// batches through the bulk loader, changed ones one transaction each.
struct Writer<'a, F> {
    store: &'a GraphStore,
    entity_graph: oxigraph::model::NamedNode,
    pending: Vec<(usize, crate::rdf::DocumentGraph, DocumentReport)>,
    pending_quads: usize,
    /// Whether anything was written, and so must be flushed.
    wrote: bool,
    /// The ontology graph, while it is still to be written.
    ontology: Option<(&'a oxigraph::model::NamedNode, &'a [oxigraph::model::Quad])>,
    in_order: report::InOrder,
    progress: &'a indicatif::ProgressBar,
    on_done: &'a mut F,
}

impl<F: FnMut(&DocumentReport)> Writer<'_, F> {
    fn accept(&mut self, index: usize, prepared: Prepared) {
        match prepared {
            Prepared::Unchanged(report) | Prepared::Failed(report) => self.done(index, report),
            Prepared::Built(doc, report) if report.action == Action::Added => {
                self.pending_quads += doc.rdf.quads.len() + doc.rdf.entity_triples.len();
                self.pending.push((index, doc.rdf, report));
                if self.pending_quads >= BULK_BATCH_QUADS {
                    self.flush();
                }
            }
            Prepared::Built(doc, mut report) => {
                // Pending new documents first: a replaced one's retractions must see their ledgers.
                self.flush();
                let written = self
                    .write_ontology()
                    .and_then(|()| self.store.write_document(&doc.rdf, &self.entity_graph));
                if let Err(e) = written {
                    report.fail(Diagnostic::error(&report.path.clone(), 0, e.to_string()));
                }
                self.done(index, report);
            }
        }
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let result = self.write_ontology().and_then(|()| {
            let docs: Vec<&crate::rdf::DocumentGraph> =
                self.pending.iter().map(|(_, doc, _)| doc).collect();
            self.store.add_new_documents(&docs, &self.entity_graph)
        });
        self.pending_quads = 0;
        for (index, _, mut report) in std::mem::take(&mut self.pending) {
            if let Err(e) = &result {
                report.fail(Diagnostic::error(&report.path.clone(), 0, e.to_string()));
            }
            self.done(index, report);
        }
    }

    fn write_ontology(&mut self) -> Result<(), StoreError> {
        self.wrote = true;
        if let Some((graph, quads)) = self.ontology.take() {
            self.store.replace_graphs(&[(graph, quads)])?;
        }
        Ok(())
    }

    fn done(&mut self, index: usize, report: DocumentReport) {
        self.progress.inc(1);
        self.in_order.push(index, report, self.on_done);
    }

    fn finish(mut self) -> Result<Summary, BuildError> {
        self.flush();
        if self.wrote {
            self.store.flush()?;
        }
        Ok(self.in_order.finish())
    }
}

/// Reads, checks, and (unless unchanged) builds and validates one document.
fn prepare(
    path: &Path,
    store: &GraphStore,
    options: &BuildOptions,
    lexicons: fn() -> &'static Lexicons,
    ontology_quads: &[oxigraph::model::Quad],
) -> Prepared {
    let mut report = DocumentReport::new(path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            report.fail(Diagnostic::error(path, 0, format!("cannot read file: {e}")));
            return Prepared::Failed(report);
        }
    };
    let sha256 = crate::read::sha256_hex(&bytes);
    let doc_id = crate::read::doc_id_of(path).unwrap_or_else(|| sha256[..12].to_string());
    let stored = match store.stored_document(&options.iris.document(&doc_id)) {
        Ok(stored) => stored,
        Err(e) => {
            report.fail(Diagnostic::error(path, 0, e.to_string()));
            return Prepared::Failed(report);
        }
    };
    if !options.force
        && stored
            .as_ref()
            .is_some_and(|s| s.sha256 == sha256 && s.fingerprint == crate::PIPELINE_FINGERPRINT)
    {
        report.action = Action::Unchanged;
        return Prepared::Unchanged(report);
    }
    report.action = if stored.is_some() {
        Action::Replaced
    } else {
        Action::Added
    };
    let built = crate::read::decode(path, &bytes)
        .and_then(|source| build_source(source, &options.iris, lexicons()));
    let built = match built {
        Ok(built) => built,
        Err(e) => {
            report.fail(e);
            return Prepared::Failed(report);
        }
    };
    report.describe(&built);
    if options.strict && !built.doc.warnings.is_empty() {
        let n = built.doc.warnings.len();
        report.fail(Diagnostic::error(
            path,
            built.doc.warnings[0].line,
            format!("{n} warning(s) and --strict: the document was not written"),
        ));
        return Prepared::Failed(report);
    }
    if options.validate {
        if let Err(problem) = validate(&built, &options.iris, ontology_quads) {
            report.fail(Diagnostic::error(path, 0, problem));
            return Prepared::Failed(report);
        }
    }
    Prepared::Built(Box::new(built), report)
}

/// The document's graph, its entity triples and the ontology, against the shapes.
fn validate(
    built: &BuiltDocument,
    iris: &IriScheme,
    ontology_quads: &[oxigraph::model::Quad],
) -> Result<(), String> {
    let entity_graph = iris.entity_graph();
    let entity_quads: Vec<_> = built.rdf.entity_quads(&entity_graph).collect();
    let report = crate::validate::validate_quads(
        built
            .rdf
            .quads
            .iter()
            .chain(&entity_quads)
            .chain(ontology_quads),
    )
    .map_err(|e| format!("the SHACL shapes could not be checked: {e}"))?;
    if report.conforms() {
        return Ok(());
    }
    Err(format!(
        "the graph violates the SHACL shapes ({} violation(s)); the document was not written (--no-validate writes it anyway):\n{}",
        report.violations,
        report.render_text()
    ))
}

/// Two inputs with the same file stem would overwrite each other's graph.
fn check_unique_ids(files: &[PathBuf]) -> Result<(), BuildError> {
    let mut seen: std::collections::HashMap<String, &Path> = std::collections::HashMap::new();
    for file in files {
        let Some(id) = crate::read::doc_id_of(file) else {
            continue;
        };
        if let Some(other) = seen.insert(id.clone(), file) {
            return Err(BuildError::Input(format!(
                "{} and {} have the same document id `{id}` (the file name without extension) and would share one named graph: rename one; the store was not changed",
                other.display(),
                file.display()
            )));
        }
    }
    Ok(())
}

/// Removes the documents `ids` (as `casegraph build` names them) and what only they said of entities.
pub fn remove(store: &GraphStore, iris: &IriScheme, ids: &[String]) -> Result<(), BuildError> {
    let stored = store.documents()?;
    let mut targets = Vec::new();
    for id in ids {
        let document = iris.document(id);
        match stored.iter().find(|(doc, _)| *doc == document) {
            Some(target) => targets.push(target),
            None => {
                return Err(BuildError::Input(format!(
                    "no document `{id}` in the store (`casegraph query documents` lists them); nothing was removed"
                )))
            }
        }
    }
    let entity_graph = iris.entity_graph();
    for (document, graph) in targets {
        store.remove_document(document, graph, &entity_graph)?;
    }
    store.flush()?;
    Ok(())
}
