//! What was last pushed to each server, so that a push sends only the graphs
//! that changed.
//!
//! One small JSON file per server URL, in `<store>/casegraph-push/`: it moves
//! and disappears with the store it describes (RocksDB leaves folders it did
//! not make alone), and a store deleted and rebuilt starts with no state, so
//! the next push sends everything, which is always safe. A graph is recorded
//! only once the server confirmed it (its `PUT` succeeded and its triple count
//! matched), and the file is rewritten after each graph, atomically.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A graph as it was when the server last confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pushed {
    pub hash: String,
    pub triples: u64,
}

/// The push state for one server URL.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PushState {
    pub url: String,
    pub graphs: BTreeMap<String, Pushed>,
}

/// The state file of pushes from the store at `store` to `url`.
pub fn path(store: &Path, url: &str) -> PathBuf {
    let key: String = Sha256::digest(url.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    store.join("casegraph-push").join(format!("{key}.json"))
}

impl PushState {
    /// The state at `file`; empty when there is none. A file that does not
    /// read is an error rather than a reason to resend everything silently.
    pub fn load(file: &Path, url: &str) -> Result<Self, String> {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    url: url.to_string(),
                    graphs: BTreeMap::new(),
                })
            }
            Err(e) => return Err(format!("{}: {e}", file.display())),
        };
        let state: Self = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}: {e} (delete it, or push with --all)",
                file.display(),
                e.line()
            )
        })?;
        if state.url != url {
            return Err(format!(
                "{} records pushes to {}, not {url}",
                file.display(),
                state.url
            ));
        }
        Ok(state)
    }

    /// Writes the state beside `file` and renames it over: whole or not at all.
    pub fn save(&self, file: &Path) -> Result<(), String> {
        let io = |e: std::io::Error| format!("{}: {e}", file.display());
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder).map_err(io)?;
        }
        let tmp = file.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self).expect("serialisable") + "\n";
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, file).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_is_per_url() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = ("http://a/store", "http://b/store");
        assert_ne!(path(dir.path(), a), path(dir.path(), b));
        let file = path(dir.path(), a);
        let mut state = PushState::load(&file, a).unwrap();
        assert!(state.graphs.is_empty());
        state.graphs.insert(
            "http://g".into(),
            Pushed {
                hash: "h".into(),
                triples: 3,
            },
        );
        state.save(&file).unwrap();
        assert_eq!(PushState::load(&file, a).unwrap().graphs, state.graphs);
        assert!(PushState::load(&file, b).is_err());
        std::fs::write(&file, "{").unwrap();
        let error = PushState::load(&file, a).unwrap_err();
        assert!(error.contains("json:1"), "{error}");
    }
}
