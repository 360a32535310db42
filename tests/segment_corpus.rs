//! The shipped document segments as the hand annotations say.

use casegraph::read::read_file;
use casegraph::segment::{segment, SectionKind};
use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/000_544783cc65985ead.txt");

fn gold() -> Vec<serde_json::Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gold/dev");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect()
}

#[test]
fn corpus_has_25_cases_with_gold_structure() {
    let doc = segment(read_file(Path::new(CORPUS)).unwrap()).unwrap();
    assert_eq!(doc.cases.len(), 25);
    assert_eq!(
        doc.cases.iter().map(|c| c.number).collect::<Vec<_>>(),
        (1..=25).collect::<Vec<_>>()
    );
    for g in gold() {
        let n = g["number"].as_u64().unwrap() as u32;
        let case = doc.cases.iter().find(|c| c.number == n).unwrap();
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(
            squash(&case.title),
            squash(g["title"].as_str().unwrap()),
            "case {n} title"
        );
        assert_eq!(
            case.provider.as_ref().unwrap().text(),
            g["provider"].as_str().unwrap(),
            "case {n} provider"
        );
        let counts = [
            case.items(SectionKind::Measures).len(),
            case.items(SectionKind::Outcomes).len(),
            case.items(SectionKind::NextSteps).len(),
        ];
        let s = &g["sections"];
        let want = [
            s["measures"].as_u64(),
            s["outcomes"].as_u64(),
            s["next_steps"].as_u64(),
        ]
        .map(|v| v.unwrap() as usize);
        assert_eq!(counts, want, "case {n} section counts");
        assert!(case
            .policy_basis
            .as_ref()
            .unwrap()
            .text()
            .contains("《全面深化服务贸易创新发展试点总体方案》"));
    }
    for w in &doc.warnings {
        eprintln!("{w}");
    }
    assert!(doc.warnings.is_empty());
}

#[test]
fn every_item_span_cuts_out_its_text() {
    let text = std::fs::read_to_string(CORPUS).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let doc = segment(read_file(Path::new(CORPUS)).unwrap()).unwrap();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let lines: Vec<&str> = text.split('\n').collect();
    for case in &doc.cases {
        for kind in SectionKind::ALL {
            for item in case.items(kind) {
                let s = item.body.span;
                let cut: String = chars[s.start_char..s.end_char].iter().collect();
                // the cut may still hold lone page numbers, which the text drops
                let cut: String = cut
                    .split('\n')
                    .filter(|l| {
                        !(l.trim().len() <= 3
                            && !l.trim().is_empty()
                            && l.trim().bytes().all(|b| b.is_ascii_digit()))
                    })
                    .collect();
                assert_eq!(
                    squash(&cut),
                    squash(item.body.text()),
                    "case {} {:?} {}",
                    case.number,
                    kind,
                    item.ordinal
                );
                assert!(lines[s.start_line - 1].contains(&item.body.text()[..6]));
            }
        }
    }
}
