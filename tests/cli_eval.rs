//! `casegraph eval` on the store built from the shipped document, and the
//! shared scorer run against `casegraph query`.
#![cfg(feature = "store")]

mod common;
use common::*;
use std::process::Command;

const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gold/dev");

#[test]
fn eval_meets_the_bar_on_the_dev_gold() {
    let out = ok(&[
        "eval",
        "--gold",
        GOLD,
        "--json",
        "--store",
        shared_store().to_str().unwrap(),
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f1 = |field: &str| {
        let t = &report["fields"][field]["tally"];
        let (tp, fp, fn_) = (
            t["tp"].as_f64().unwrap(),
            t["fp"].as_f64().unwrap(),
            t["fn"].as_f64().unwrap(),
        );
        2.0 * tp / (2.0 * tp + fp + fn_)
    };
    for field in ["places_cn", "countries", "titles", "dates", "indicators"] {
        assert!(f1(field) >= 0.95, "{field} F1 {}", f1(field));
    }
    assert!(
        f1("organizations") >= 0.90,
        "organizations F1 {}",
        f1("organizations")
    );
    assert!(
        report["fields"]["organizations"]["accuracy"]
            .as_f64()
            .unwrap()
            >= 0.85
    );
    assert_eq!(report["sections_exact"], 12);
    assert_eq!(report["titles_right"], 12);
    assert_eq!(report["providers_right"], 12);
    assert!(report["sectors_right"].as_u64().unwrap() >= 10);
    let text = ok(&[
        "eval",
        "--gold",
        GOLD,
        "--misses",
        "--store",
        shared_store().to_str().unwrap(),
    ]);
    assert!(text.contains("organizations  P "), "{text}");
}

/// The project's own figures agree with the shared score.py, when it is there.
#[test]
fn shared_scorer_agrees() {
    let score = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/gold/score.py");
    if !score.exists() {
        eprintln!("skipped: ../shared/gold/score.py is not there");
        return;
    }
    let o = Command::new("python3")
        .arg(&score)
        .arg(GOLD)
        .arg("--")
        .args([
            env!("CARGO_BIN_EXE_casegraph"),
            "query",
            "--store",
            shared_store().to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let last = stdout(&o).lines().last().unwrap().to_string();
    let theirs: serde_json::Value = serde_json::from_str(&last).unwrap();
    let ours: serde_json::Value = serde_json::from_str(&ok(&[
        "eval",
        "--gold",
        GOLD,
        "--json",
        "--store",
        shared_store().to_str().unwrap(),
    ]))
    .unwrap();
    for field in [
        "places_cn",
        "countries",
        "titles",
        "organizations",
        "indicators",
        "dates",
    ] {
        for k in ["tp", "fp", "fn"] {
            assert_eq!(
                theirs[field][k], ours["fields"][field]["tally"][k],
                "{field}.{k}"
            );
        }
    }
    assert_eq!(theirs["sections"]["exact"], ours["sections_exact"]);
    assert_eq!(theirs["sector"]["right"], ours["sectors_right"]);
}
