//! The corpus: many documents built into one store, incrementally and in parallel.
//!
//! [`build`] skips the documents whose bytes and pipeline are unchanged since
//! they were stored, runs the text pipeline and SHACL validation on the others
//! in parallel (rayon), and hands each finished document to one writer thread.
//! The writer stores a changed document in its own transaction
//! ([`GraphStore::write_document`]) and new ones through Oxigraph's bulk
//! loader ([`NewDocuments`]), which builds sorted files in the background as
//! batches fill and ingests them all in one atomic commit. A bounded channel between the two keeps memory flat however many
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
use crate::store::{GraphStore, NewDocuments, StoreError, StoredDocument};
use crate::text_index;
use oxigraph::model::{NamedNode, QuadRef};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
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
    #[error("the documents are stored, but {0}; `casegraph build` again updates the index")]
    TextIndex(#[from] text_index::TextIndexError),
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
    // Heals the counts of a build killed between a bulk load and its counts.
    store.repair_statistics(&options.iris)?;
    let stored_before = store.documents()?.len();
    // What each stored document was built from, read in one scan per
    // predicate rather than two lookups per file.
    let stored: FxHashMap<NamedNode, StoredDocument> = store
        .stored_documents()?
        .into_iter()
        .map(|(document, _, built_from)| (document, built_from))
        .collect();
    let ontology_graph = ontology::graph();
    let ontology_quads = ontology::ontology_quads();
    // Written with the first document, so a build that writes nothing leaves the store as it was.
    let ontology = (!store.holds_graph(&ontology_graph, &ontology_quads)?)
        .then_some((&ontology_graph, ontology_quads.as_slice()));

    let (sender, receiver) =
        mpsc::sync_channel::<(usize, Prepared)>(2 * rayon::current_num_threads());
    let (summary, written, index) = std::thread::scope(|scope| {
        let written = scope.spawn(move || {
            let mut writer = Writer {
                store,
                iris: &options.iris,
                new: None,
                new_reports: Vec::new(),
                written: Written::default(),
                ontology,
                in_order: report::InOrder::default(),
                index: IndexFeed::begin(store),
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
                let prepared = prepare(path, &stored, options, lexicons, &ontology_quads);
                // The writer only stops early on a store failure, which it reports itself.
                let _ = sender.send((index, prepared));
            });
        written.join().expect("the writer thread does not panic")
    })?;
    let compact = written.needs_compaction(stored_before);
    settle(store, written.anything, compact, index)?;
    Ok(summary)
}

/// What the writer wrote, as far as the end of the build is concerned.
#[derive(Debug, Default, Clone, Copy)]
struct Written {
    /// Anything at all, and so the store is to be flushed.
    anything: bool,
    /// New documents bulk loaded.
    bulk_documents: usize,
    /// Batches they were loaded in: each a sorted run RocksDB has to merge.
    bulk_batches: usize,
}

/// RocksDB's `level0_slowdown_writes_trigger` as Oxigraph sets it (its
/// OPTIONS file): with this many ingested runs, the flush at the end waits
/// for RocksDB to compact them itself.
const ROCKSDB_SLOWDOWN_RUNS: usize = 20;

impl Written {
    /// Whether the build should compact the store ([`GraphStore::optimize`]):
    /// it bulk loaded several runs, fewer than RocksDB compacts by itself
    /// before the flush returns, and they are most of the store, so that
    /// rewriting the store costs about what loading them did. Measured on
    /// 100 documents (two batches): 3 s more to build, lookups twice as fast.
    fn needs_compaction(&self, stored_before: usize) -> bool {
        (2..ROCKSDB_SLOWDOWN_RUNS).contains(&self.bulk_batches)
            && self.bulk_documents >= stored_before
    }
}

/// Makes what the build wrote durable (and compacts the store if `compact`)
/// and brings the text index in step. The flush waits for RocksDB to compact
/// the files the bulk loader ingested (20 s at 1000 documents), on its own
/// threads: the index, fed while the documents were written, is reconciled
/// with the store and committed meanwhile.
fn settle(
    store: &GraphStore,
    wrote: bool,
    compact: bool,
    index: IndexFeed,
) -> Result<(), BuildError> {
    let (flushed, synced) = std::thread::scope(|scope| {
        let synced = scope.spawn(|| index.finish(store));
        let flushed = match (wrote, compact) {
            (false, _) => Ok(()),
            (true, false) => store.flush(),
            (true, true) => store.optimize(),
        };
        (
            flushed,
            synced.join().expect("the text index sync does not panic"),
        )
    });
    flushed?;
    synced?;
    Ok(())
}

/// The one thread that writes: new documents through the bulk loader,
/// committed together; a changed one in a transaction of its own.
struct Writer<'a, F> {
    store: &'a GraphStore,
    iris: &'a IriScheme,
    /// New documents on their way through the bulk loader, and their reports,
    /// given once it has committed.
    new: Option<NewDocuments<'a>>,
    new_reports: Vec<(usize, DocumentReport)>,
    written: Written,
    /// The ontology graph, while it is still to be written.
    ontology: Option<(&'a oxigraph::model::NamedNode, &'a [oxigraph::model::Quad])>,
    in_order: report::InOrder,
    index: IndexFeed,
    progress: &'a indicatif::ProgressBar,
    on_done: &'a mut F,
}

impl<F: FnMut(&DocumentReport)> Writer<'_, F> {
    fn accept(&mut self, index: usize, prepared: Prepared) {
        self.progress.inc(1);
        match prepared {
            Prepared::Unchanged(report) | Prepared::Failed(report) => self.report(index, report),
            Prepared::Built(doc, report) if report.action == Action::Added => {
                self.add_new(index, doc.rdf, report)
            }
            Prepared::Built(doc, mut report) => {
                // New documents first: a replaced one's retractions must see their ledgers.
                self.commit_new();
                let written = self
                    .write_ontology()
                    .and_then(|()| self.store.write_document(&doc.rdf, self.iris));
                match written {
                    Ok(()) => self.index.put(&doc.rdf),
                    Err(e) => {
                        report.fail(Diagnostic::error(&report.path.clone(), 0, e.to_string()))
                    }
                }
                self.report(index, report);
            }
        }
    }

    fn add_new(&mut self, index: usize, doc: crate::rdf::DocumentGraph, report: DocumentReport) {
        self.new_reports.push((index, report));
        // Put before the commit: the index's own commit comes after it, and
        // drops what the store did not take in the end.
        self.index.put(&doc);
        if self.new.is_none() {
            if let Err(e) = self.write_ontology() {
                return self.settle_new(Err(e));
            }
            self.new = Some(self.store.new_documents(self.iris));
        }
        if let Some(Err(e)) = self.new.as_mut().map(|new| new.add(doc)) {
            self.settle_new(Err(e));
        }
    }

    fn commit_new(&mut self) {
        if let Some(new) = self.new.take() {
            self.written.bulk_documents += new.len();
            let committed = new.commit().map(|batches| {
                self.written.bulk_batches += batches;
            });
            self.settle_new(committed);
        }
    }

    /// Reports the new documents, failed if their load did.
    fn settle_new(&mut self, result: Result<(), StoreError>) {
        self.new = None;
        for (index, mut report) in std::mem::take(&mut self.new_reports) {
            if let Err(e) = &result {
                report.fail(Diagnostic::error(&report.path.clone(), 0, e.to_string()));
            }
            self.report(index, report);
        }
    }

    fn write_ontology(&mut self) -> Result<(), StoreError> {
        self.written.anything = true;
        if let Some((graph, quads)) = self.ontology.take() {
            self.store.replace_graphs(&[(graph, quads)])?;
        }
        Ok(())
    }

    fn report(&mut self, index: usize, report: DocumentReport) {
        self.in_order.push(index, report, self.on_done);
    }

    /// The summary, what was written, and the text index's update.
    fn finish(mut self) -> Result<(Summary, Written, IndexFeed), BuildError> {
        self.commit_new();
        Ok((self.in_order.finish(), self.written, self.index))
    }
}

/// Reads, checks, and (unless unchanged) builds and validates one document.
fn prepare(
    path: &Path,
    stored: &FxHashMap<NamedNode, StoredDocument>,
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
    let stored = stored.get(&options.iris.document(&doc_id));
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
    let report = crate::validate::validate_quads(
        built
            .rdf
            .quads()
            .chain(built.rdf.entity_quads(&entity_graph))
            .chain(ontology_quads.iter().map(QuadRef::from)),
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
    store.repair_statistics(iris)?;
    for (document, graph) in targets {
        store.remove_document(document, graph, iris)?;
    }
    settle(store, true, false, IndexFeed::begin(store))
}

/// The text index's update during a build, fed with each document as it is
/// written ([`text_index::Update`]); a failure is kept for the end, since
/// the documents are stored whatever becomes of their index.
enum IndexFeed {
    Feeding(Box<text_index::Update>),
    Failed(text_index::TextIndexError),
}

impl IndexFeed {
    fn begin(store: &GraphStore) -> Self {
        match text_index::Update::begin(store.path()) {
            Ok(update) => Self::Feeding(Box::new(update)),
            Err(e) => Self::Failed(e),
        }
    }

    fn put(&mut self, doc: &crate::rdf::DocumentGraph) {
        if let Self::Feeding(update) = self {
            if let Err(e) = update.put_document(doc) {
                *self = Self::Failed(e);
            }
        }
    }

    fn finish(
        self,
        store: &GraphStore,
    ) -> Result<text_index::SyncSummary, text_index::TextIndexError> {
        match self {
            Self::Feeding(update) => update.finish(store),
            Self::Failed(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Written;

    fn bulk(documents: usize, batches: usize) -> Written {
        Written {
            anything: true,
            bulk_documents: documents,
            bulk_batches: batches,
        }
    }

    #[test]
    fn a_bulk_load_of_several_runs_that_is_most_of_the_store_is_compacted() {
        // 100 documents into an empty store: two batches, nothing merges them.
        assert!(bulk(100, 2).needs_compaction(0));
        assert!(bulk(500, 10).needs_compaction(400));
        // One batch is one run already.
        assert!(!bulk(40, 1).needs_compaction(0));
        // RocksDB compacts this many runs itself before the flush returns.
        assert!(!bulk(1000, 20).needs_compaction(0));
        // A few documents added to a large store: not worth rewriting it.
        assert!(!bulk(150, 3).needs_compaction(1000));
        // Documents replaced in transactions only.
        assert!(!bulk(0, 0).needs_compaction(1000));
    }
}
