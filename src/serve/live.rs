//! The store as the server sees it: opened read-only, and reopened when its
//! files change.
//!
//! A RocksDB read-only instance sees the store as it was when opened; a
//! `build` in another process writes new files (WAL, SST, MANIFEST). At most
//! once per [`CHECK_EVERY`], a request compares the directory's file list
//! (names, sizes, times) with the one seen at opening, and reopens on a
//! difference. Requests under way keep the instance they started with (an
//! `Arc`), so a reopen never cuts a query short. If the reopen fails (a build
//! is half-way), the previous instance keeps answering and the next check
//! tries again.

use crate::store::{GraphStore, StoreError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// How often the store directory is looked at.
pub const CHECK_EVERY: Duration = Duration::from_millis(500);

type Fingerprint = Vec<(String, u64, Option<SystemTime>)>;

pub struct LiveStore {
    path: PathBuf,
    open: Mutex<Open>,
}

struct Open {
    store: Arc<GraphStore>,
    fingerprint: Fingerprint,
    checked: Instant,
}

impl LiveStore {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let fingerprint = fingerprint(path);
        let store = GraphStore::open_read_only(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            open: Mutex::new(Open {
                store: Arc::new(store),
                fingerprint,
                checked: Instant::now(),
            }),
        })
    }

    /// The newest readable instance.
    pub fn current(&self) -> Arc<GraphStore> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.checked.elapsed() >= CHECK_EVERY {
            open.checked = Instant::now();
            let now = fingerprint(&self.path);
            if now != open.fingerprint {
                match GraphStore::open_read_only(&self.path) {
                    Ok(store) => {
                        open.store = Arc::new(store);
                        open.fingerprint = now;
                    }
                    Err(e) => eprintln!(
                        "casegraph serve: the store changed but cannot be reopened yet ({e}); answering from the previous state"
                    ),
                }
            }
        }
        Arc::clone(&open.store)
    }
}

/// The store's files, but not RocksDB's info logs (which change on every open).
fn fingerprint(path: &Path) -> Fingerprint {
    let Ok(entries) = std::fs::read_dir(path) else {
        return Vec::new();
    };
    let mut files: Fingerprint = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("LOG") || name == "LOCK" {
                return None;
            }
            let meta = entry.metadata().ok()?;
            Some((name, meta.len(), meta.modified().ok()))
        })
        .collect();
    files.sort();
    files
}
