//! Stage 6, store: the graph on disk in Oxigraph (RocksDB).
//!
//! Writes are all-or-nothing per document: a document's named graph and its
//! share of the entity graph change inside one transaction, so a build that
//! fails or is killed leaves each document as it was or wholly new. Readers
//! open the store read-only, so they work while a build holds it for writing.
//!
//! The entity graph holds each statement about a shared entity once. Which
//! documents support a statement is read from their ledgers
//! (`cg:entityStatement` in each document graph): a statement leaves the
//! entity graph when the last document that supports it is replaced or removed.

mod new_documents;
pub mod statistics;

pub use new_documents::NewDocuments;

use crate::rdf::vocab::{ENTITY_STATEMENT, PIPELINE_FINGERPRINT, SHA256, SOURCE_DOCUMENT};
use crate::rdf::{DocumentGraph, IriScheme};
use oxigraph::model::vocab::rdf;
use oxigraph::model::QuadRef;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNodeRef, Quad, Term, TermRef, Triple};
use oxigraph::store::{StorageError, Store, Transaction};
use rustc_hash::{FxHashMap, FxHashSet};
use statistics::Tally;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store at {0}: run `casegraph build` first (or pass --store DIR)")]
    Missing(PathBuf),
    #[error("the store at {0} is busy: another casegraph process is writing to it; try again when it is done")]
    Busy(PathBuf),
    #[error("store {path}: {source}")]
    Storage { path: PathBuf, source: StorageError },
}

/// An open store and where it lives.
pub struct GraphStore {
    store: Store,
    path: PathBuf,
}

impl GraphStore {
    /// Opens (or creates) the store at `path` for writing.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let store = Store::open(path).map_err(|e| classify(path, e))?;
        Ok(Self {
            store,
            path: path.to_path_buf(),
        })
    }

    /// Whether a store exists at `path`.
    pub fn exists(path: &Path) -> bool {
        path.join("CURRENT").exists()
    }

    /// Opens an existing store for reading; works while another process writes.
    ///
    /// A writer may delete files (compaction, ingested batches) between the
    /// moment a reader reads the list of files and the moment it opens them:
    /// the open then fails as "corruption" of a file that is merely gone, and a
    /// fresh attempt reads the new list.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !Self::exists(path) {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let mut attempt = 0;
        let store = loop {
            match Store::open_read_only(path) {
                Ok(store) => break store,
                Err(e) if attempt < 20 && is_vanished_file(&e) => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(25 * attempt));
                }
                Err(e) => return Err(classify(path, e)),
            }
        };
        Ok(Self {
            store,
            path: path.to_path_buf(),
        })
    }

    /// Where the store lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    fn storage_error(&self, source: StorageError) -> StoreError {
        StoreError::Storage {
            path: self.path.clone(),
            source,
        }
    }

    /// Replaces each named graph by its quads, all in one transaction.
    pub fn replace_graphs(&self, graphs: &[(&NamedNode, &[Quad])]) -> Result<(), StoreError> {
        let storage = |source| self.storage_error(source);
        let mut transaction = self.store.start_transaction().map_err(storage)?;
        for (graph, quads) in graphs {
            transaction
                .clear_graph(GraphNameRef::NamedNode(graph.as_ref()))
                .map_err(storage)?;
            transaction.insert_named_graph(graph.as_ref());
            transaction.extend(quads.iter());
        }
        transaction.commit().map_err(storage)
    }

    /// Whether `graph` holds exactly `quads` (given without repeats).
    pub fn holds_graph(&self, graph: &NamedNode, quads: &[Quad]) -> Result<bool, StoreError> {
        let stored = self
            .store
            .quads_for_pattern(None, None, None, Some(graph.into()))
            .count();
        if stored != quads.len() {
            return Ok(false);
        }
        for quad in quads {
            if !self
                .store
                .contains(quad)
                .map_err(|e| self.storage_error(e))?
            {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// What the store holds of `document` (its `cg:SourceDocument` node), if anything.
    pub fn stored_document(
        &self,
        document: &NamedNode,
    ) -> Result<Option<StoredDocument>, StoreError> {
        let value = |predicate| -> Result<Option<String>, StoreError> {
            match self
                .store
                .quads_for_pattern(Some(document.into()), Some(predicate), None, None)
                .next()
            {
                Some(quad) => Ok(Some(object_value(
                    quad.map_err(|e| self.storage_error(e))?.object,
                ))),
                None => Ok(None),
            }
        };
        let Some(sha256) = value(SHA256)? else {
            return Ok(None);
        };
        Ok(Some(StoredDocument {
            sha256,
            fingerprint: value(PIPELINE_FINGERPRINT)?.unwrap_or_default(),
        }))
    }

    /// Every stored document: its `cg:SourceDocument` node, the graph holding
    /// it and what it was built from, in IRI order. One scan per predicate:
    /// [`Self::stored_document`] for each of 1000 documents was two fifths
    /// of a query answered from the text index, which checks them all.
    pub fn stored_documents(
        &self,
    ) -> Result<Vec<(NamedNode, NamedNode, StoredDocument)>, StoreError> {
        let values = |predicate| -> Result<FxHashMap<NamedNode, String>, StoreError> {
            let mut out = FxHashMap::default();
            for quad in self
                .store
                .quads_for_pattern(None, Some(predicate), None, None)
            {
                let quad = quad.map_err(|e| self.storage_error(e))?;
                if let oxigraph::model::NamedOrBlankNode::NamedNode(subject) = quad.subject {
                    // The first in object order, as `stored_document` reads it.
                    out.entry(subject)
                        .or_insert_with(|| object_value(quad.object));
                }
            }
            Ok(out)
        };
        let (mut sha256s, mut fingerprints) = (values(SHA256)?, values(PIPELINE_FINGERPRINT)?);
        let mut out = Vec::new();
        for (document, graph) in self.documents()? {
            if let Some(sha256) = sha256s.remove(&document) {
                let fingerprint = fingerprints.remove(&document).unwrap_or_default();
                out.push((
                    document,
                    graph,
                    StoredDocument {
                        sha256,
                        fingerprint,
                    },
                ));
            }
        }
        Ok(out)
    }

    /// Every stored document: its `cg:SourceDocument` node and the graph holding it, in IRI order.
    pub fn documents(&self) -> Result<Vec<(NamedNode, NamedNode)>, StoreError> {
        let mut out = Vec::new();
        for quad in
            self.store
                .quads_for_pattern(None, Some(rdf::TYPE), Some(SOURCE_DOCUMENT.into()), None)
        {
            let quad = quad.map_err(|e| self.storage_error(e))?;
            if let (
                oxigraph::model::NamedOrBlankNode::NamedNode(doc),
                oxigraph::model::GraphName::NamedNode(graph),
            ) = (quad.subject, quad.graph_name)
            {
                out.push((doc, graph));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Stores `doc`: replaces its graph and brings the entity graph and the
    /// statistics up to date, in one transaction.
    ///
    /// Only the difference with the stored graph is written: a document
    /// rebuilt by a new casegraph or with one figure changed is mostly the
    /// same quads, and rewriting all of them (a delete and a put per index)
    /// cost a second per document.
    pub fn write_document(&self, doc: &DocumentGraph, iris: &IriScheme) -> Result<(), StoreError> {
        let storage = |source| self.storage_error(source);
        let entity_graph = &iris.entity_graph();
        // Read outside the transaction: faster, and this process is the only writer.
        let stored = self.graph_quads(&doc.graph)?;
        let mut transaction = self.store.start_transaction().map_err(storage)?;
        let mut change = Tally::of_document(doc.quads());
        change.merge(&Tally::of_document(stored.iter().map(Quad::as_ref)), -1);
        statistics::apply(&mut transaction, iris, &change).map_err(storage)?;
        statistics::set_counted(&mut transaction, iris, &doc.graph, true);
        // The new ledger is in the document's graph already, as the old one
        // is in the stored graph: read, not written out again.
        let old = ledger_of(stored.iter().map(Quad::as_ref), &doc.document);
        let new = ledger_of(doc.quads(), &doc.document);
        let gone: Vec<&str> = old.difference(&new).copied().collect();
        retract(&mut transaction, &gone, &doc.graph, entity_graph).map_err(storage)?;
        transaction.extend(doc.entity_quads(entity_graph));
        let kept: FxHashSet<QuadRef<'_>> = doc.quads().collect();
        for quad in stored.iter().filter(|q| !kept.contains(&q.as_ref())) {
            transaction.remove(quad);
        }
        transaction.insert_named_graph(doc.graph.as_ref());
        let old: FxHashSet<QuadRef<'_>> = stored.iter().map(Quad::as_ref).collect();
        transaction.extend(doc.quads().filter(|q| !old.contains(q)));
        transaction.commit().map_err(storage)
    }

    /// Drops a document's graph, what only it said of entities, and its
    /// counts, in one transaction.
    pub fn remove_document(
        &self,
        document: &NamedNode,
        graph: &NamedNode,
        iris: &IriScheme,
    ) -> Result<(), StoreError> {
        let storage = |source| self.storage_error(source);
        let entity_graph = &iris.entity_graph();
        let stored = self.graph_quads(graph)?;
        let mut transaction = self.store.start_transaction().map_err(storage)?;
        let mut change = Tally::default();
        change.merge(&Tally::of_document(stored.iter().map(Quad::as_ref)), -1);
        statistics::apply(&mut transaction, iris, &change).map_err(storage)?;
        statistics::set_counted(&mut transaction, iris, graph, false);
        let old = ledger_of(stored.iter().map(Quad::as_ref), document);
        retract(
            &mut transaction,
            &old.into_iter().collect::<Vec<_>>(),
            graph,
            entity_graph,
        )
        .map_err(storage)?;
        transaction
            .remove_named_graph(NamedOrBlankNodeRef::NamedNode(graph.as_ref()))
            .map_err(storage)?;
        transaction.commit().map_err(storage)
    }

    /// Every quad of a named graph. (Fx hashed, as the sets compared with
    /// it: SipHash of every quad of a replaced document was a tenth of
    /// replacing it.)
    fn graph_quads(&self, graph: &NamedNode) -> Result<FxHashSet<Quad>, StoreError> {
        self.store
            .quads_for_pattern(None, None, None, Some(graph.into()))
            .collect::<Result<_, _>>()
            .map_err(|e| self.storage_error(e))
    }

    /// The quads of the graph `graph` with one of `predicates`.
    pub fn graph_quads_with(
        &self,
        graph: &NamedNode,
        predicates: &[oxigraph::model::NamedNodeRef<'_>],
    ) -> Result<Vec<Quad>, StoreError> {
        let mut out = Vec::new();
        for predicate in predicates {
            for quad in
                self.store
                    .quads_for_pattern(None, Some(*predicate), None, Some(graph.into()))
            {
                out.push(quad.map_err(|e| self.storage_error(e))?);
            }
        }
        Ok(out)
    }

    /// Makes the data written so far durable on disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.store.flush().map_err(|e| self.storage_error(e))
    }

    /// Merges the store's sorted runs into one per index (Oxigraph's
    /// `Store::optimize`, RocksDB's full compaction). Every lookup reads one
    /// block per run, so a store left with several runs answers lookups
    /// up to twice as slowly (100 documents bulk loaded in two batches:
    /// `case-measures` 154 → 80 ms). It rewrites the whole store: worth it
    /// after a bulk load that is most of the store. Flushes first:
    /// compaction alone leaves the last writes in the log, which every reader
    /// opening the store would replay.
    pub fn optimize(&self) -> Result<(), StoreError> {
        self.flush()?;
        self.store.optimize().map_err(|e| self.storage_error(e))
    }
}

/// What an incremental build compares a document with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    /// SHA-256 of the file it was built from.
    pub sha256: String,
    /// [`crate::PIPELINE_FINGERPRINT`] of the binary that built it.
    pub fingerprint: String,
}

impl StoredDocument {
    /// What the store will hold of `doc` once it is written.
    pub fn of_graph(doc: &DocumentGraph) -> Option<Self> {
        let value = |predicate| {
            doc.triples
                .iter()
                .find(|t| {
                    t.predicate == predicate
                        && t.subject == NamedOrBlankNodeRef::NamedNode(doc.document.as_ref())
                })
                .map(|t| object_value(t.object.into_owned()))
        };
        Some(Self {
            sha256: value(SHA256)?,
            fingerprint: value(PIPELINE_FINGERPRINT).unwrap_or_default(),
        })
    }

    /// The text a document's version is written as: `sha256 fingerprint`.
    pub fn version(&self) -> String {
        format!("{} {}", self.sha256, self.fingerprint)
    }
}

/// A literal's value, another term's N-Triples text.
fn object_value(term: Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// The entity statements a document supports (its ledger), as
/// N-Triples text, from the quads of its graph.
fn ledger_of<'q>(
    quads: impl IntoIterator<Item = QuadRef<'q>>,
    document: &NamedNode,
) -> BTreeSet<&'q str> {
    quads
        .into_iter()
        .filter(|q| {
            q.predicate == ENTITY_STATEMENT
                && q.subject == NamedOrBlankNodeRef::NamedNode(document.as_ref())
        })
        .filter_map(|q| match q.object {
            TermRef::Literal(statement) => Some(statement.value()),
            _ => None,
        })
        .collect()
}

/// Removes from the entity graph each statement of `gone` that no document
/// other than the one in `graph` supports.
fn retract(
    transaction: &mut Transaction<'_>,
    gone: &[&str],
    graph: &NamedNode,
    entity_graph: &NamedNode,
) -> Result<(), StorageError> {
    for statement in gone {
        let literal = oxigraph::model::Literal::new_simple_literal(*statement);
        let supported_elsewhere = transaction
            .quads_for_pattern(
                None,
                Some(ENTITY_STATEMENT),
                Some(TermRef::from(&literal)),
                None,
            )
            .filter_map(Result::ok)
            .any(|q| q.graph_name != GraphNameRef::NamedNode(graph.as_ref()).into_owned());
        if supported_elsewhere {
            continue;
        }
        if let Some(triple) = parse_statement(statement) {
            transaction.remove(&triple.in_graph(entity_graph.clone()));
        }
    }
    Ok(())
}

/// Reads back a ledger entry (one N-Triples statement, without the final dot).
fn parse_statement(statement: &str) -> Option<Triple> {
    let line = format!("{statement} .\n");
    oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
        .for_slice(line.as_bytes())
        .next()?
        .ok()
        .map(Triple::from)
}

fn is_vanished_file(error: &StorageError) -> bool {
    let message = error.to_string();
    message.contains("No such file or directory")
}

fn classify(path: &Path, error: StorageError) -> StoreError {
    let message = error.to_string();
    if message.contains("lock") || message.contains("Resource temporarily unavailable") {
        StoreError::Busy(path.to_path_buf())
    } else {
        StoreError::Storage {
            path: path.to_path_buf(),
            source: error,
        }
    }
}
