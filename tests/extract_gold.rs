//! Extraction scored against the hand annotations of cases 1–12
//! (`tests/fixtures/gold/dev`), field by field, without a store.
//! Run with `--nocapture` to see the figures and the misses.

mod gold_report;

use casegraph::eval::Report;
use gold_report::{accuracy, f1};
use std::sync::LazyLock;

static REPORT: LazyLock<Report> =
    LazyLock::new(|| gold_report::score_against("tests/fixtures/gold/dev"));

#[test]
fn places() {
    assert!(
        f1(&REPORT, "places_cn") >= 0.95,
        "places F1 {}",
        f1(&REPORT, "places_cn")
    );
}

#[test]
fn countries() {
    assert!(
        f1(&REPORT, "countries") >= 0.95,
        "countries F1 {}",
        f1(&REPORT, "countries")
    );
}

#[test]
fn titles() {
    assert!(
        f1(&REPORT, "titles") >= 0.95,
        "titles F1 {}",
        f1(&REPORT, "titles")
    );
    assert!(
        accuracy(&REPORT, "titles") >= 0.9,
        "title class accuracy {}",
        accuracy(&REPORT, "titles")
    );
}

#[test]
fn organizations() {
    assert!(
        f1(&REPORT, "organizations") >= 0.90,
        "organizations F1 {}",
        f1(&REPORT, "organizations")
    );
    assert!(
        accuracy(&REPORT, "organizations") >= 0.85,
        "organization type accuracy {}",
        accuracy(&REPORT, "organizations")
    );
}

#[test]
fn indicators() {
    assert!(
        f1(&REPORT, "indicators") >= 0.95,
        "indicators F1 {}",
        f1(&REPORT, "indicators")
    );
    assert!(
        accuracy(&REPORT, "indicators") >= 0.9,
        "qualifier accuracy {}",
        accuracy(&REPORT, "indicators")
    );
}

#[test]
fn dates() {
    assert!(
        f1(&REPORT, "dates") >= 0.95,
        "dates F1 {}",
        f1(&REPORT, "dates")
    );
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
