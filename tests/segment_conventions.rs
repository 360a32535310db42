//! The shipped document rewritten into each accepted convention of case books
//! of this genre (case headings, section wordings, item numbering, cover page)
//! segments and extracts into the same cases, sections, items and facts as
//! the original, positions aside. The forms are listed in docs/conventions.md.

use casegraph::extract::{extract_document, CaseExtraction, Lexicons};
use casegraph::read::decode;
use casegraph::segment::{item_marker_len, segment, Document, SectionKind};
use std::path::Path;

const CORPUS: &str = include_str!("../data/000_544783cc65985ead.txt");

fn doc(text: &str) -> Document {
    segment(decode(Path::new("copy.txt"), text.as_bytes()).unwrap())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Everything the pipeline read, without positions and item markers.
fn summary(doc: &Document) -> Vec<String> {
    let extractions = extract_document(doc, Lexicons::embedded());
    let mut out = Vec::new();
    for (case, ex) in doc.cases.iter().zip(&extractions) {
        out.push(format!(
            "case {} {} | {:?} | {:?}",
            case.number,
            squash(&case.title),
            case.provider.as_ref().map(|p| p.text()),
            case.policy_basis.as_ref().map(|p| squash(p.text()))
        ));
        for kind in SectionKind::ALL {
            for item in case.items(kind) {
                let text = item.body.text();
                out.push(format!(
                    "  {kind:?} {} {} | {}",
                    item.ordinal,
                    squash(&item.heading),
                    squash(&text[item_marker_len(text)..])
                ));
            }
        }
        assert!(case.other_sections.is_empty());
        out.extend(facts(ex));
    }
    out
}

fn facts(ex: &CaseExtraction) -> Vec<String> {
    let mut out: Vec<String> = ex
        .mentions
        .iter()
        .map(|m| format!("  mention {:?} {} {:?}", m.entity, m.surface, m.location))
        .chain(ex.quantities.iter().map(|q| {
            format!(
                "  quantity {} {} {:?} {:?}",
                q.quantity.value, q.quantity.unit, q.quantity.qualifier, q.location
            )
        }))
        .chain(
            ex.dates
                .iter()
                .map(|d| format!("  date {:?} {:?}", d.date, d.location)),
        )
        .chain(ex.sectors.iter().map(|s| format!("  sector {}", s.concept)))
        .chain(ex.aliases.iter().map(|(a, n)| format!("  alias {a} {n}")))
        .chain(ex.provider.iter().map(|p| format!("  provider {p:?}")))
        .collect();
    out.sort();
    out
}

fn assert_same(original: &Document, copy_text: &str, what: &str) -> Document {
    assert_ne!(copy_text, CORPUS, "{what}: the copy is rewritten");
    let copy = doc(copy_text);
    let (a, b) = (summary(original), summary(&copy));
    assert_eq!(a.len(), b.len(), "{what}: number of facts");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "{what}");
    }
    assert!(copy.warnings.is_empty(), "{what}: {:?}", copy.warnings);
    copy
}

/// A case heading from its number and title.
type HeadingForm = Box<dyn Fn(u32, &str) -> String>;
/// A section or item marker from its number.
type Marker = Box<dyn Fn(usize) -> String>;

fn chinese(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        _ => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
    }
}

/// Rewrites the lines at which the original's cases start.
fn rewrite_case_headings(original: &Document, form: impl Fn(u32, &str) -> String) -> String {
    let mut lines: Vec<String> = CORPUS.split('\n').map(str::to_string).collect();
    for case in &original.cases {
        let l = case.title_span.start_line - 1;
        let line = lines[l].trim().to_string();
        let title = line.split_once('.').expect("N.title").1.to_string();
        lines[l] = form(case.number, &title);
    }
    lines.join("\n")
}

#[test]
fn case_heading_forms() {
    let original = doc(CORPUS);
    assert_eq!(original.cases.len(), 25);
    let forms: Vec<(&str, HeadingForm)> = vec![
        ("1、标题", Box::new(|n, t| format!("{n}、{t}"))),
        (
            "１．标题 (full width)",
            Box::new(|n, t| {
                let wide: String = n
                    .to_string()
                    .chars()
                    .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
                    .collect();
                format!("{wide}．{t}")
            }),
        ),
        ("案例1 标题", Box::new(|n, t| format!("案例{n} {t}"))),
        (
            "案例一　标题",
            Box::new(|n, t| format!("案例{}\u{3000}{t}", chinese(n))),
        ),
        ("案例 1：标题", Box::new(|n, t| format!("案例 {n}：{t}"))),
        ("【案例1】标题", Box::new(|n, t| format!("【案例{n}】{t}"))),
        (
            "案例一 / 标题 on the next line",
            Box::new(|n, t| format!("案例{}\n\n{t}", chinese(n))),
        ),
    ];
    for (name, form) in forms {
        let text = rewrite_case_headings(&original, form);
        assert_ne!(text, CORPUS);
        assert_same(&original, &text, name);
    }
}

/// The section heading lines of the original, by kind.
fn rewrite_sections(wordings: [&str; 3], marker: impl Fn(usize) -> String) -> String {
    let canonical = [
        ("一", "主要做法"),
        ("二", "实践(效果|成果|成效)"),
        ("三", "下一步工作思路"),
    ];
    let mut out = CORPUS.to_string();
    for (k, (numeral, word)) in canonical.iter().enumerate() {
        let re = regex::Regex::new(&format!(r"(?m)^\s*{numeral}、\s*{word}\s*$")).unwrap();
        let replacement = format!("{}{}", marker(k + 1), wordings[k]);
        let before = out.clone();
        out = re
            .replace_all(&out, regex::NoExpand(&replacement))
            .into_owned();
        assert_ne!(before, out, "{word} rewritten");
    }
    out
}

#[test]
fn section_wordings_and_ordinal_forms() {
    let original = doc(CORPUS);
    let cn = |k: usize| chinese(k as u32);
    let variants: Vec<([&str; 3], Marker)> = vec![
        (
            ["工作举措", "取得成效", "下一步计划"],
            Box::new(move |k| format!("{}、", cn(k))),
        ),
        (
            ["具体做法", "实践成效", "下一步打算"],
            Box::new(move |k| format!("{}、 ", cn(k))),
        ),
        (
            ["创新举措", "经验效果", "工作打算"],
            Box::new(move |k| format!("{}．", cn(k))),
        ),
        (
            ["主要举措", "工作成效", "下一步工作计划"],
            Box::new(move |k| format!("第{}部分 ", cn(k))),
        ),
        (
            ["主要做法：", "实践成果：", "下一步工作思路："],
            Box::new(move |k| format!("{}.", cn(k))),
        ),
        (
            ["【主要做法】", "【实践效果】", "【下一步工作思路】"],
            Box::new(|_| String::new()),
        ),
        (
            ["经验做法", "主要成效", "下一步工作安排"],
            Box::new(|_| String::new()),
        ),
        (
            ["主要做法", "实践效果", "下一步工作思路"],
            Box::new(|k| format!("{k}.")),
        ),
        // Not in the table: read by the word they contain.
        (
            ["重点改革举措", "开放成效", "下一步发展展望"],
            Box::new(move |k| format!("{}、", cn(k))),
        ),
    ];
    for (wordings, marker) in variants {
        let text = rewrite_sections(wordings, marker);
        assert_same(&original, &text, &format!("{wordings:?}"));
    }
}

/// Replaces the `（一）` marker of every item line of the original.
fn rewrite_items(original: &Document, marker: impl Fn(usize) -> String) -> String {
    let mut lines: Vec<String> = CORPUS.split('\n').map(str::to_string).collect();
    for case in &original.cases {
        for kind in SectionKind::ALL {
            for item in case.items(kind) {
                let l = item.body.span.start_line - 1;
                let line = lines[l].clone();
                let Some(at) = line
                    .find('（')
                    .filter(|_| line.trim_start().starts_with('（'))
                else {
                    continue; // an unnumbered section
                };
                let close = line.find('）').unwrap();
                lines[l] = format!(
                    "{}{}",
                    marker(item.ordinal),
                    &line[close + '）'.len_utf8()..]
                );
                assert!(at < close);
            }
        }
    }
    lines.join("\n")
}

#[test]
fn item_numbering_forms() {
    let original = doc(CORPUS);
    for (name, marker) in [
        ("1.", Box::new(|n: usize| format!("{n}.")) as Marker),
        ("1、", Box::new(|n| format!("{n}、"))),
        ("（1）", Box::new(|n| format!("（{n}）"))),
        ("(1)", Box::new(|n| format!("({n})"))),
    ] {
        let text = rewrite_items(&original, marker);
        assert_same(&original, &text, name);
    }
}

#[test]
fn sections_numbered_like_items_with_items_numbered_in_arabic() {
    let original = doc(CORPUS);
    let items = rewrite_items(&original, |n| format!("{n}."));
    let copy = items
        .replace("一、主要做法", "（一）主要做法")
        .replace("二、实践", "（二）实践")
        .replace("二、 实践", "（二）实践")
        .replace("三、下一步", "（三）下一步");
    assert_same(&original, &copy, "（一）主要做法 with 1. items");
}

#[test]
fn yishi_ershi_enumeration_splits_a_section_into_items() {
    // Sections whose items hold no `一是…` enumeration of their own are
    // rewritten as one paragraph `一是…二是…`.
    let original = doc(CORPUS);
    let nested = regex::Regex::new(r"(^|[。；：])[一二三四五六七八九十]是").unwrap();
    let mut lines: Vec<String> = CORPUS.split('\n').map(str::to_string).collect();
    let mut rewritten = 0;
    for case in &original.cases {
        for kind in SectionKind::ALL {
            let items = case.items(kind);
            let plain = items.len() >= 2
                && items.iter().all(|i| {
                    let t = i.body.text();
                    !nested.is_match(&t[item_marker_len(t)..]) && t.ends_with('。')
                });
            if !plain {
                continue;
            }
            for item in items {
                let l = item.body.span.start_line - 1;
                let close = lines[l].find('）').unwrap() + '）'.len_utf8();
                lines[l] = format!("{}是{}", chinese(item.ordinal as u32), &lines[l][close..]);
            }
            rewritten += 1;
        }
    }
    assert!(rewritten >= 10, "{rewritten} sections rewritten");
    let text = lines.join("\n");
    let copy = doc(&text);
    for (a, b) in original.cases.iter().zip(&copy.cases) {
        for kind in SectionKind::ALL {
            let (x, y) = (a.items(kind), b.items(kind));
            assert_eq!(x.len(), y.len(), "case {} {kind:?}", a.number);
            for (i, j) in x.iter().zip(y) {
                assert_eq!(i.heading, j.heading);
                let (t, u) = (i.body.text(), j.body.text());
                assert_eq!(
                    squash(&t[item_marker_len(t)..]),
                    squash(&u[item_marker_len(u)..])
                );
            }
        }
    }
    assert_same(&original, &text, "一是…二是…");
}

#[test]
fn cover_page_becomes_metadata_and_a_table_of_contents_is_no_case() {
    let original = doc(CORPUS);
    let toc: String = original
        .cases
        .iter()
        .map(|c| format!("{}.{} …………………… {}\n\n", c.number, c.title, c.number * 7))
        .collect();
    let text = format!(
        "全面深化服务贸易创新发展试点\n\n“最佳实践案例”\n\n商务部服务贸易和商贸服务业司\n\n二〇二三年十二月\n\n目\u{3000}录\n\n{toc}{CORPUS}"
    );
    let copy = assert_same(&original, &text, "cover page");
    assert_eq!(copy.title, "全面深化服务贸易创新发展试点“最佳实践案例”");
    assert_eq!(
        copy.publisher.as_deref(),
        Some("商务部服务贸易和商贸服务业司")
    );
    assert_eq!(copy.date.as_deref(), Some("2023-12"));
    assert_eq!(original.publisher, None);
    assert_eq!(original.date, None);
}

#[test]
fn all_conventions_at_once() {
    let original = doc(CORPUS);
    let headings =
        rewrite_case_headings(&original, |n, t| format!("案例{}\u{3000}{t}", chinese(n)));
    let sections = regex::Regex::new(r"(?m)^\s*二、\s*实践(效果|成果|成效)\s*$").unwrap();
    let text = sections
        .replace_all(&headings, "二、取得成效")
        .replace("三、下一步工作思路", "三、下一步打算");
    let text = format!("服务贸易创新发展案例集\n\n2024年1月\n\n{text}");
    let copy = assert_same(&original, &text, "all at once");
    assert_eq!(copy.date.as_deref(), Some("2024-01"));
}

#[test]
fn provider_line_forms() {
    let original = doc(CORPUS);
    let provider = regex::Regex::new(r"(?m)^（(.+?)提供）$").unwrap();
    for (name, form) in [
        ("（…供稿）", "（${1}供稿）"),
        ("（供稿单位：…）", "（供稿单位：${1}）"),
    ] {
        let text = provider.replace_all(CORPUS, form);
        assert_same(&original, &text, name);
    }
}

#[test]
fn without_provider_lines_cases_are_found_by_their_structure() {
    let original = doc(CORPUS);
    let headings =
        rewrite_case_headings(&original, |n, t| format!("案例{}\u{3000}{t}", chinese(n)));
    let provider = regex::Regex::new(r"(?m)^（.+?提供）\n").unwrap();
    let text = provider.replace_all(&headings, "");
    let copy = doc(&text);
    assert_eq!(copy.cases.len(), 25);
    for (a, b) in original.cases.iter().zip(&copy.cases) {
        assert_eq!(a.number, b.number);
        assert!(b.provider.is_none());
        assert_eq!(squash(&a.title), squash(&b.title), "case {}", a.number);
        assert_eq!(
            a.policy_basis.as_ref().map(|p| squash(p.text())),
            b.policy_basis.as_ref().map(|p| squash(p.text())),
            "case {}",
            a.number
        );
        for kind in SectionKind::ALL {
            assert_eq!(
                a.items(kind).len(),
                b.items(kind).len(),
                "case {}",
                a.number
            );
        }
    }
    assert!(copy.warnings.is_empty(), "{:?}", copy.warnings);
}
