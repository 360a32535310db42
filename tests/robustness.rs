//! Bad and unusual input: variants of the document give the same graph, odd
//! files fail cleanly, builds are atomic, readers work while a build writes.
#![cfg(feature = "store")]

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The N-Triples of a store, minus what depends on byte positions (spans, hash).
fn position_free_triples(store: &Path) -> BTreeSet<String> {
    let nt = ok(&[
        "export",
        "--format",
        "ntriples",
        "--store",
        store.to_str().unwrap(),
    ]);
    nt.lines()
        .filter(|l| !is_positional(l))
        .map(str::to_string)
        .collect()
}

fn build_variant(dir: &Path, name: &str, text: &str) -> BTreeSet<String> {
    let sub = dir.join(name);
    std::fs::create_dir_all(&sub).unwrap();
    let file = sub.join("000_544783cc65985ead.txt");
    std::fs::write(&file, text).unwrap();
    let store = sub.join("store");
    ok(&[
        "build",
        "--store",
        store.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    position_free_triples(&store)
}

#[test]
fn layout_variants_give_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(CORPUS).unwrap();
    let reference = build_variant(dir.path(), "original", &original);
    let no_blank: String = original
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let crlf = original.replace('\n', "\r\n");
    let no_page_numbers: String = original
        .split('\n')
        .filter(|l| {
            !(l.trim().len() <= 3
                && !l.trim().is_empty()
                && l.trim().bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    for (name, text) in [
        ("no-blank", no_blank),
        ("crlf", crlf),
        ("no-page-numbers", no_page_numbers),
    ] {
        let variant = build_variant(dir.path(), name, &text);
        let missing: Vec<_> = reference.difference(&variant).take(3).collect();
        let extra: Vec<_> = variant.difference(&reference).take(3).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: missing {missing:?}, extra {extra:?}"
        );
    }
}

/// The date literals (`xsd:date`, `xsd:gYearMonth`) of a set of N-Triples.
fn dates(triples: &BTreeSet<String>) -> BTreeSet<String> {
    triples
        .iter()
        .filter_map(|t| {
            let end = t
                .find("^^<http://www.w3.org/2001/XMLSchema#date>")
                .or_else(|| t.find("^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"))?;
            let start = t[..end].rfind(" \"")?;
            Some(t[start + 1..].trim_end_matches(" .").to_string())
        })
        .collect()
}

#[test]
fn full_width_digits_give_the_same_dates() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(CORPUS).unwrap();
    let full_width: String = original
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            _ => c,
        })
        .collect();
    let reference = dates(&build_variant(dir.path(), "original", &original));
    let variant = dates(&build_variant(dir.path(), "full-width", &full_width));
    assert!(reference.len() > 5, "{reference:?}");
    assert_eq!(variant, reference);
}

#[test]
fn gbk_document_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(CORPUS).unwrap();
    let reference = build_variant(dir.path(), "utf8", &original);
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&original);
    assert!(!unmappable);
    let sub = dir.path().join("gbk");
    std::fs::create_dir_all(&sub).unwrap();
    let file = sub.join("000_544783cc65985ead.txt");
    std::fs::write(&file, &bytes).unwrap();
    let store = sub.join("store");
    ok(&[
        "build",
        "--store",
        store.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(position_free_triples(&store), reference);
}

#[test]
fn odd_files_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    // a very long line and a large file without cases
    let long = dir.path().join("long.txt");
    std::fs::write(&long, "很长的一行".repeat(2_000_000)).unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(
        &big,
        "这是一行普通的文字，没有案例编号。\n".repeat(2_000_000),
    )
    .unwrap();
    assert!(std::fs::metadata(&big).unwrap().len() > 100_000_000);
    for file in [&long, &big] {
        let o = casegraph(&[
            "build",
            "--store",
            store.to_str().unwrap(),
            file.to_str().unwrap(),
        ]);
        assert!(!o.status.success());
        assert!(
            stderr(&o).contains("error: no case found"),
            "{}",
            stderr(&o)
        );
    }
    // invalid UTF-8 that is not GB18030 either
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, [b'1', b'.', 0xff, 0xfe, 0xfd, b'\n', 0x80, 0x80]).unwrap();
    let o = casegraph(&[
        "build",
        "--store",
        store.to_str().unwrap(),
        junk.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("junk.txt:1: error: not text"),
        "{}",
        stderr(&o)
    );
    assert!(
        !store.join("CURRENT").exists(),
        "no store is created for nothing"
    );
}

#[test]
fn warnings_are_printed_and_strict_makes_them_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(CORPUS).unwrap();
    // case 3 loses its outcomes section heading: its items join the measures
    let broken = original.replacen("二、实践效果", "（实践效果）", 3);
    let file = dir.path().join("doc.txt");
    std::fs::write(&file, broken).unwrap();
    let store = dir.path().join("store");
    let o = casegraph(&[
        "build",
        "--store",
        store.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("doc.txt:245: warning: case 3: no `二、实践效果` section"),
        "{}",
        stderr(&o)
    );
    let strict_store = dir.path().join("strict");
    let o = casegraph(&[
        "build",
        "--strict",
        "--store",
        strict_store.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--strict"), "{}", stderr(&o));
    assert!(!strict_store.join("CURRENT").exists());
}

#[test]
fn readers_work_while_a_writer_holds_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ok(&["build", "--store", store.to_str().unwrap()]);
    let writer = casegraph::store::GraphStore::open(&store).unwrap();
    let out = ok(&[
        "query",
        "cases",
        "--format",
        "csv",
        "--store",
        store.to_str().unwrap(),
    ]);
    assert_eq!(out.lines().count(), 26);
    let o = casegraph(&["build", "--store", store.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is busy"), "{}", stderr(&o));
    drop(writer);
}

#[test]
fn a_killed_build_leaves_the_previous_store_queryable() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let s = store.to_str().unwrap();
    ok(&["build", "--store", s]);
    let before = ok(&["export", "--format", "nquads", "--store", s]);
    for delay_ms in [5u64, 30, 80, 150, 300] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_casegraph"))
            .args(["build", "--store", s])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // whatever moment it died at, the store holds the whole previous graph
        let after = ok(&["export", "--format", "nquads", "--store", s]);
        assert!(
            after == before,
            "killed after {delay_ms} ms: {:?}",
            first_difference(&before, &after)
        );
    }
}
