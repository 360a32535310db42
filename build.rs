//! Compiles the saved queries of `queries/*.rq` into the binary, so that
//! `casegraph query NAME` works from any directory; and fingerprints what
//! decides the graph of a document (the code, the data tables, the ontology),
//! so that an incremental build knows when a stored document is out of date.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("queries");
    println!("cargo:rerun-if-changed=queries");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("queries/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rq"))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// (name, text) of every saved query, by name.\npub const SAVED: &[(&str, &str)] = &[\n",
    );
    for name in names {
        println!("cargo:rerun-if-changed=queries/{name}");
        let stem = name.trim_end_matches(".rq");
        writeln!(out, "    ({stem:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/queries/{name}\"))),").unwrap();
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("saved_queries.rs"), out).unwrap();
    let fingerprint = pipeline_fingerprint(&["src", "data", "ontology"]);
    std::fs::write(
        Path::new(&out_dir).join("pipeline_fingerprint.rs"),
        format!("/// SHA-256 of the code, data tables and ontology this binary was built from.\npub const PIPELINE_FINGERPRINT: &str = {fingerprint:?};\n"),
    )
    .unwrap();
}

/// SHA-256 over the package version and every file under `dirs` (path and bytes, in path order).
fn pipeline_fingerprint(dirs: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut files = Vec::new();
    for dir in dirs {
        println!("cargo:rerun-if-changed={dir}");
        collect_files(Path::new(dir), &mut files);
    }
    files.sort();
    let mut hasher = Sha256::new();
    hasher.update(std::env::var("CARGO_PKG_VERSION").unwrap_or_default());
    for file in files {
        hasher.update(file.to_string_lossy().as_bytes());
        hasher.update(std::fs::read(&file).unwrap_or_default());
    }
    hasher.finalize().iter().fold(String::new(), |mut hex, b| {
        write!(hex, "{b:02x}").unwrap();
        hex
    })
}

fn collect_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, files);
        } else {
            files.push(path);
        }
    }
}
