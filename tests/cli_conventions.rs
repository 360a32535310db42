//! The shipped document rewritten into other case-book conventions builds into
//! the same graph, positions aside; a section of unknown kind is kept out of
//! the three section properties, passes the shapes, and `--strict` refuses it.
#![cfg(feature = "store")]

mod common;
use common::*;
use std::path::Path;

const ORIGINAL: &str = include_str!("../data/000_544783cc65985ead.txt");
const FILE: &str = "000_544783cc65985ead.txt";

/// Builds `text` under the shipped file's name; its N-Quads without positions.
fn graph_of(dir: &Path, name: &str, text: &str) -> String {
    let sub = dir.join(name);
    std::fs::create_dir_all(&sub).unwrap();
    let file = sub.join(FILE);
    std::fs::write(&file, text).unwrap();
    let store = sub.join("store");
    let s = store.to_str().unwrap();
    ok(&["build", "--strict", "--store", s, file.to_str().unwrap()]);
    let quads = ok(&["export", "--format", "nquads", "--store", s]);
    quads
        .lines()
        .filter(|l| !is_positional(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn chinese(n: usize) -> String {
    let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => digits[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", digits[n % 10]),
        _ => format!("{}十{}", digits[n / 10], digits[n % 10]),
    }
}

fn with_case_headings(form: impl Fn(usize, &str) -> String) -> String {
    let heading = regex::Regex::new(r"(?m)^ ?([0-9]{1,2})\.(.+)$").unwrap();
    let mut next = 1;
    ORIGINAL
        .split('\n')
        .map(|line| match heading.captures(line) {
            // Case headings come in order 1, 2, …; other `N.` lines are text.
            Some(c) if c[1].parse::<usize>() == Ok(next) && !c[2].starts_with(' ') => {
                next += 1;
                form(next - 1, &c[2])
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn other_conventions_build_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    let original = graph_of(dir.path(), "original", ORIGINAL);
    assert!(original.lines().count() > 5000);
    let outcomes = regex::Regex::new(r"(?m)^\s*二、\s*实践(效果|成果|成效)\s*$").unwrap();
    let copies = [
        (
            "案例一",
            with_case_headings(|n, t| format!("案例{}\u{3000}{t}", chinese(n))),
        ),
        (
            "案例 1：",
            with_case_headings(|n, t| format!("案例 {n}：{t}")),
        ),
        ("1、", with_case_headings(|n, t| format!("{n}、{t}"))),
        (
            "wordings",
            outcomes
                .replace_all(ORIGINAL, "二、取得成效")
                .replace("一、主要做法", "一、工作举措")
                .replace("三、下一步工作思路", "三、下一步打算"),
        ),
    ];
    for (name, text) in copies {
        assert_ne!(text, ORIGINAL, "{name}");
        let copy = graph_of(dir.path(), &name.replace(' ', "_"), &text);
        assert!(
            copy == original,
            "{name}: first difference {:?}",
            first_difference(&original, &copy)
        );
    }
}

#[test]
fn a_cover_page_adds_title_publisher_and_date_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let original = graph_of(dir.path(), "original", ORIGINAL);
    let text = format!("服务贸易创新发展\n\n最佳实践案例\n\n商务部服务贸易司\n\n2023年12月\n\n目录\n\n1.首创国际化期货期权交易品种 …… 1\n\n{ORIGINAL}");
    let copy = graph_of(dir.path(), "cover", &text);
    let doc = "<https://w3id.org/casegraph/id/doc/000_544783cc65985ead>";
    let about_doc = |g: &str| -> Vec<String> {
        g.lines()
            .filter(|l| l.starts_with(doc) && l.contains("purl.org/dc/terms/"))
            .map(str::to_string)
            .collect()
    };
    let rest = |g: &str| -> Vec<String> {
        let about = about_doc(g);
        g.lines()
            .filter(|l| !about.iter().any(|a| a == l))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(rest(&original), rest(&copy));
    let facts = about_doc(&copy).join("\n");
    assert!(
        facts.contains("<http://purl.org/dc/terms/title> \"服务贸易创新发展最佳实践案例\"@zh"),
        "{facts}"
    );
    assert!(
        facts.contains("<http://purl.org/dc/terms/publisher> \"商务部服务贸易司\"@zh"),
        "{facts}"
    );
    assert!(
        facts.contains("<http://purl.org/dc/terms/issued> \"2023-12\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"),
        "{facts}"
    );
}

#[test]
fn an_unknown_section_is_kept_apart_valid_and_fatal_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    let outcomes = regex::Regex::new(r"(?m)^\s*二、\s*实践(效果|成果|成效)\s*$").unwrap();
    let text = outcomes
        .replace_all(ORIGINAL, "二、推广价值与启示")
        .into_owned();
    let file = dir.path().join("book.txt");
    std::fs::write(&file, &text).unwrap();
    let store = dir.path().join("s");
    let s = store.to_str().unwrap();

    let o = casegraph(&["build", "--strict", "--store", s, file.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("--strict: the document was not written"),
        "{err}"
    );
    let line = 1 + text
        .lines()
        .position(|l| l.contains("推广价值与启示"))
        .unwrap();
    assert!(
        err.contains(&format!(
            "book.txt:{line}: warning: case 1: section heading `二、推广价值与启示`"
        )),
        "{err}"
    );
    assert!(!store.join("CURRENT").exists() || ok(&["export", "--store", s]).is_empty());

    // Without --strict it builds, and validation (run by build) passes.
    let out = ok(&["build", "--store", s, file.to_str().unwrap()]);
    assert!(out.contains("25 cases"), "{out}");
    let quads = ok(&["export", "--format", "nquads", "--store", s]);
    let case1 = "<https://w3id.org/casegraph/id/case/book/1>";
    let section = "<https://w3id.org/casegraph/id/case/book/1/section/1>";
    assert!(quads.contains(&format!(
        "{case1} <http://purl.org/dc/terms/hasPart> {section}"
    )));
    assert!(quads.contains(&format!(
        "{section} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/casegraph/ontology#Item>"
    )));
    assert!(quads.contains(&format!(
        "{section} <http://www.w3.org/2000/01/rdf-schema#label> \"推广价值与启示\"@zh"
    )));
    assert!(!quads.contains(&format!(
        "{case1} <https://w3id.org/casegraph/ontology#hasOutcome>"
    )));
    assert!(quads.contains(&format!(
        "{section} <https://w3id.org/casegraph/ontology#hasIndicator>"
    )));
    // `validate` exits non-zero on any violation.
    ok(&["validate", "--store", s]);
}
