//! The document's extraction scored against one folder of hand annotations
//! (shared by `extract_gold.rs` and `extract_heldout.rs`).

use casegraph::eval::{from_extraction, load_gold, score, Report};
use casegraph::extract::{extract_document, Lexicons};
use casegraph::read::read_file;
use casegraph::segment::segment;
use std::path::Path;

/// Extracts every case of the corpus document and scores the cases that have
/// gold in `gold_folder` (relative to the crate root); prints the report.
pub fn score_against(gold_folder: &str) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = segment(read_file(&root.join("data/000_544783cc65985ead.txt")).unwrap()).unwrap();
    let lexicons = Lexicons::embedded();
    let extractions: Vec<_> = extract_document(&doc, lexicons);
    let gold = load_gold(&root.join(gold_folder)).unwrap();
    let report = score(
        &gold,
        &from_extraction::answers(&doc, &extractions, lexicons),
    );
    eprintln!("{}", report.render(true));
    report
}

/// F1 of `field` in `report`.
pub fn f1(report: &Report, field: &str) -> f64 {
    report.fields[field].tally.f1()
}

/// Type or qualifier accuracy of `field` over its matched items.
pub fn accuracy(report: &Report, field: &str) -> f64 {
    report.fields[field].accuracy.unwrap()
}
