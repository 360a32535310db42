//! Extraction scored against the hand annotations of cases 1–12
//! (`tests/fixtures/gold/dev`), field by field, without a store.
//! Run with `--nocapture` to see the figures and the misses.

use casegraph::eval::{from_extraction, load_gold, score, Report};
use casegraph::extract::{extract_case, Lexicons};
use casegraph::read::read_file;
use casegraph::segment::segment;
use std::path::Path;
use std::sync::LazyLock;

static REPORT: LazyLock<Report> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = segment(read_file(&root.join("data/000_544783cc65985ead.txt")).unwrap()).unwrap();
    let lexicons = Lexicons::embedded();
    let extractions: Vec<_> = doc
        .cases
        .iter()
        .map(|c| extract_case(&doc.source, c, lexicons))
        .collect();
    let gold = load_gold(&root.join("tests/fixtures/gold/dev")).unwrap();
    let report = score(
        &gold,
        &from_extraction::answers(&doc, &extractions, lexicons),
    );
    eprintln!("{}", report.render(true));
    report
});

fn f1(field: &str) -> f64 {
    REPORT.fields[field].tally.f1()
}

fn accuracy(field: &str) -> f64 {
    REPORT.fields[field].accuracy.unwrap()
}

#[test]
fn places() {
    assert!(f1("places_cn") >= 0.95, "places F1 {}", f1("places_cn"));
}

#[test]
fn countries() {
    assert!(f1("countries") >= 0.95, "countries F1 {}", f1("countries"));
}

#[test]
fn titles() {
    assert!(f1("titles") >= 0.95, "titles F1 {}", f1("titles"));
    assert!(
        accuracy("titles") >= 0.9,
        "title class accuracy {}",
        accuracy("titles")
    );
}

#[test]
fn organizations() {
    assert!(
        f1("organizations") >= 0.90,
        "organizations F1 {}",
        f1("organizations")
    );
    assert!(
        accuracy("organizations") >= 0.85,
        "organization type accuracy {}",
        accuracy("organizations")
    );
}

#[test]
fn indicators() {
    assert!(
        f1("indicators") >= 0.95,
        "indicators F1 {}",
        f1("indicators")
    );
    assert!(
        accuracy("indicators") >= 0.9,
        "qualifier accuracy {}",
        accuracy("indicators")
    );
}

#[test]
fn dates() {
    assert!(f1("dates") >= 0.95, "dates F1 {}", f1("dates"));
}

#[test]
fn sections_titles_providers() {
    assert_eq!(REPORT.sections_exact, REPORT.cases);
    assert_eq!(REPORT.titles_right, REPORT.cases);
    assert_eq!(REPORT.providers_right, REPORT.cases);
}

#[test]
fn sectors() {
    assert!(
        REPORT.sectors_right >= 10,
        "sector right for {}/{}",
        REPORT.sectors_right,
        REPORT.cases
    );
}
