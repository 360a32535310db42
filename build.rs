//! Compiles the saved queries of `queries/*.rq` into the binary, so that
//! `casegraph query NAME` works from any directory.

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
    let mut out = String::from("/// (name, text) of every saved query, by name.\npub const SAVED: &[(&str, &str)] = &[\n");
    for name in names {
        println!("cargo:rerun-if-changed=queries/{name}");
        let stem = name.trim_end_matches(".rq");
        writeln!(out, "    ({stem:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/queries/{name}\"))),").unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("saved_queries.rs");
    std::fs::write(target, out).unwrap();
}
