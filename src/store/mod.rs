//! Stage 6, store: the graph on disk in Oxigraph (RocksDB).
//!
//! Writes are all-or-nothing: a document's named graph is replaced inside one
//! transaction, so a build that fails or is killed leaves the previous store
//! as it was. Readers open the store read-only, so they work while a build
//! holds it for writing.

use oxigraph::model::{GraphNameRef, NamedNode, Quad};
use oxigraph::store::{StorageError, Store};
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

    /// Opens an existing store for reading; works while another process writes.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let store = Store::open_read_only(path).map_err(|e| classify(path, e))?;
        Ok(Self {
            store,
            path: path.to_path_buf(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Replaces each named graph by its quads, all in one transaction.
    pub fn replace_graphs(&self, graphs: &[(&NamedNode, &[Quad])]) -> Result<(), StoreError> {
        let storage = |source| StoreError::Storage {
            path: self.path.clone(),
            source,
        };
        let mut transaction = self.store.start_transaction().map_err(storage)?;
        for (graph, quads) in graphs {
            transaction
                .clear_graph(GraphNameRef::NamedNode(graph.as_ref()))
                .map_err(storage)?;
            transaction.insert_named_graph(graph.as_ref());
            transaction.extend(quads.iter());
        }
        transaction.commit().map_err(storage)?;
        self.store.flush().map_err(storage)
    }

    /// Number of quads in all graphs.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(|source| StoreError::Storage {
            path: self.path.clone(),
            source,
        })
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }
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
