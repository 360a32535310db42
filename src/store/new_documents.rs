//! New documents through Oxigraph's bulk loader.

use super::statistics::{self, Tally};
use super::{GraphStore, StoreError};
use crate::rdf::{DocumentGraph, IriScheme};
use oxigraph::model::{NamedNode, Quad, QuadRef};
use oxigraph::store::BulkLoader;

/// Quads handed to the bulk loader at a time: each batch becomes sorted files
/// built by a thread of the loader while the next one fills.
const BATCH_QUADS: usize = 500_000;

/// Threads the bulk loader builds sorted files with.
const LOADER_THREADS: usize = 2;

/// Documents that are not in the store yet, written through Oxigraph's bulk
/// loader: far cheaper than a transaction's indexed write batch. Batches are
/// turned into sorted files in the background as they fill, and
/// [`NewDocuments::commit`] ingests them all in one atomic step, then counts
/// them ([`statistics`]). Nothing is visible before the commit, so a build
/// killed before it leaves none of these documents behind. New documents only
/// add to the entity graph, so nothing needs retracting.
pub struct NewDocuments<'a> {
    store: &'a GraphStore,
    iris: &'a IriScheme,
    entity_graph: NamedNode,
    loader: BulkLoader<'a>,
    batch: Vec<Quad>,
    tally: Tally,
    graphs: Vec<NamedNode>,
    batches: usize,
}

impl GraphStore {
    /// Starts writing new documents (see [`NewDocuments`]).
    pub fn new_documents<'a>(&'a self, iris: &'a IriScheme) -> NewDocuments<'a> {
        NewDocuments {
            store: self,
            iris,
            entity_graph: iris.entity_graph(),
            loader: self.store.bulk_loader().with_num_threads(LOADER_THREADS),
            batch: Vec::new(),
            tally: Tally::default(),
            graphs: Vec::new(),
            batches: 0,
        }
    }
}

impl NewDocuments<'_> {
    /// Adds a document; its quads go to the loader once the batch is full.
    pub fn add(&mut self, doc: DocumentGraph) -> Result<(), StoreError> {
        self.tally.merge(&Tally::of_document(doc.quads()), 1);
        // Oxigraph's loader takes owned quads: made here, once, as they go.
        let entity_quads = doc.entity_quads(&self.entity_graph);
        self.batch.extend(entity_quads.map(QuadRef::into_owned));
        self.batch.extend(doc.quads().map(QuadRef::into_owned));
        self.graphs.push(doc.graph);
        if self.batch.len() >= BATCH_QUADS {
            let batch = std::mem::take(&mut self.batch);
            self.batches += 1;
            self.loader
                .load_quads(batch)
                .map_err(|e| self.store.storage_error(e))?;
        }
        Ok(())
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.graphs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.graphs.is_empty()
    }

    /// Makes the documents part of the store, in one atomic step, then counts
    /// them. Gives the number of batches loaded: each is a sorted run of
    /// files that RocksDB has to merge with the others (see
    /// [`GraphStore::optimize`]).
    pub fn commit(mut self) -> Result<usize, StoreError> {
        let store = self.store;
        let storage = |source| store.storage_error(source);
        let batch = std::mem::take(&mut self.batch);
        self.batches += usize::from(!batch.is_empty());
        self.loader.load_quads(batch).map_err(storage)?;
        self.loader.commit().map_err(storage)?;
        let mut transaction = store.store.start_transaction().map_err(storage)?;
        for graph in &self.graphs {
            statistics::set_counted(&mut transaction, self.iris, graph, true);
        }
        statistics::apply(&mut transaction, self.iris, &self.tally).map_err(storage)?;
        transaction.commit().map_err(storage)?;
        Ok(self.batches)
    }
}
