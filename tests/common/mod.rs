//! Helpers for tests that run the `casegraph` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Predicates whose values depend on byte positions and file bytes (spans,
/// hash, size): left out when two typesettings of one text are compared.
pub const POSITIONAL: [&str; 6] = [
    "#startLine>",
    "#endLine>",
    "#startChar>",
    "#endChar>",
    "#sha256>",
    "#byteSize>",
];

/// Whether an N-Triples/N-Quads line states a position or a file property.
pub fn is_positional(line: &str) -> bool {
    POSITIONAL.iter().any(|p| line.contains(p))
}

pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/000_544783cc65985ead.txt");

pub fn casegraph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casegraph"))
        .args(args)
        .output()
        .expect("runs casegraph")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs casegraph and expects success; returns stdout.
pub fn ok(args: &[&str]) -> String {
    let o = casegraph(args);
    assert!(
        o.status.success(),
        "casegraph {args:?} failed:\n{}",
        stderr(&o)
    );
    stdout(&o)
}

/// A store built once from the shipped document, shared by the tests of one binary (read-only use).
pub fn shared_store() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        ok(&["build", "--store", path.to_str().unwrap()]);
        (dir, path)
    });
    path
}

/// Whether python3 can import `module`; in CI a missing module is a failure, elsewhere a skip.
pub fn python_has(module: &str) -> bool {
    let found = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 module {module} is required in CI (make test installs it)"
        );
        eprintln!("skipped: python3 module {module} is not installed (make test installs it)");
    }
    found
}

/// The first line where two texts differ, for short assertion messages.
pub fn first_difference(a: &str, b: &str) -> Option<(String, String)> {
    let (mut x, mut y) = (a.lines(), b.lines());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return None,
            (l, r) if l != r => {
                return Some((
                    l.unwrap_or("<end>").to_string(),
                    r.unwrap_or("<end>").to_string(),
                ))
            }
            _ => {}
        }
    }
}
