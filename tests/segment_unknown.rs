//! Never misfile: a heading-shaped line of unknown wording opens a section of
//! its own (with a warning naming file and line); it is never appended to the
//! text of the item before it. A layout with no recognised case is an error
//! that lists the forms looked for and the lines that came close.

use casegraph::extract::{extract_document, Lexicons, Location};
use casegraph::read::decode;
use casegraph::segment::{segment, Document, SectionKind};
use std::path::Path;

const CORPUS: &str = include_str!("../data/000_544783cc65985ead.txt");

fn doc(text: &str) -> Result<Document, casegraph::diagnostic::Diagnostic> {
    segment(decode(Path::new("book.txt"), text.as_bytes()).unwrap())
}

#[test]
fn an_unknown_outcome_wording_is_a_section_of_its_own_never_part_of_an_item() {
    let original = doc(CORPUS).unwrap();
    let re = regex::Regex::new(r"(?m)^\s*二、\s*实践(效果|成果|成效)\s*$").unwrap();
    let text = re.replace_all(CORPUS, "二、推广价值与启示").into_owned();
    let copy = doc(&text).unwrap();
    assert_eq!(copy.cases.len(), 25);
    for (a, b) in original.cases.iter().zip(&copy.cases) {
        // The measures are untouched: nothing of the next section joined them.
        let texts = |c: &casegraph::segment::Case, k| {
            c.items(k)
                .iter()
                .map(|i| i.body.text().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            texts(a, SectionKind::Measures),
            texts(b, SectionKind::Measures)
        );
        assert_eq!(
            texts(a, SectionKind::NextSteps),
            texts(b, SectionKind::NextSteps)
        );
        assert!(texts(b, SectionKind::Measures)
            .iter()
            .all(|t| !t.contains("推广价值")));
        assert!(b.outcomes.is_empty());
        let [other] = b.other_sections.as_slice() else {
            panic!("case {}: {:?}", b.number, b.other_sections.len())
        };
        assert_eq!(other.heading, "推广价值与启示");
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let outcomes: String = a.outcomes.iter().map(|i| squash(i.body.text())).collect();
        assert_eq!(
            squash(other.body.text()),
            format!("二、推广价值与启示{outcomes}")
        );
        // The warning names the heading line.
        let line = other.body.span.start_line;
        assert!(copy.warnings.iter().any(|w| w.line == line
            && w.file.ends_with("book.txt")
            && w.message.contains("二、推广价值与启示")
            && w.message.contains("unknown kind")));
    }
    // Facts of the unknown section are kept, and filed under it.
    let extractions = extract_document(&copy, Lexicons::embedded());
    let outcome_figures = extract_document(&original, Lexicons::embedded())
        .iter()
        .flat_map(|e| e.quantities.iter())
        .filter(|q| matches!(q.location, Location::Item(SectionKind::Outcomes, _)))
        .count();
    let other_figures = extractions
        .iter()
        .flat_map(|e| e.quantities.iter())
        .filter(|q| matches!(q.location, Location::OtherSection(1)))
        .count();
    assert!(outcome_figures > 20);
    assert_eq!(other_figures, outcome_figures);
}

#[test]
fn an_unknown_heading_after_numbered_items_closes_the_item() {
    let text = "\
1.推动跨境服务

（成都市提供）

《方案》提出，扩大开放。

一、主要做法

（一）搭建平台。推出跨境结算产品。

（二）优化服务。开通线上渠道。

二、经验启示

坚持问题导向，服务企业 120 余家。

三、实践效果

（一）规模扩大。累计结算超 35.6 亿美元。

四、下一步工作思路

继续扩大试点范围。
";
    let d = doc(text).unwrap();
    let case = &d.cases[0];
    assert_eq!(case.measures.len(), 2);
    assert_eq!(
        case.measures[1].body.text(),
        "（二）优化服务。开通线上渠道。"
    );
    assert_eq!(case.outcomes.len(), 1);
    assert_eq!(case.next_steps.len(), 1);
    assert_eq!(case.other_sections.len(), 1);
    assert_eq!(
        case.other_sections[0].body.text(),
        "二、经验启示坚持问题导向，服务企业 120 余家。"
    );
    let warning = d
        .warnings
        .iter()
        .find(|w| w.message.contains("unknown kind"))
        .expect("a warning");
    assert_eq!(warning.line, 13);
    assert!(
        warning.to_string().starts_with("book.txt:13: warning:"),
        "{warning}"
    );
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
}

#[test]
fn an_unrecognised_layout_lists_the_forms_and_the_candidate_lines() {
    let text = "\
第一章 推动跨境服务

《方案》提出，扩大开放。

一、背景情况

第二章 优化营商环境

二、实施情况
";
    let e = doc(text).unwrap_err();
    let message = e.to_string();
    assert!(
        message.starts_with("book.txt:1: error: no case found"),
        "{message}"
    );
    for form in [
        "`1.标题`",
        "`1、标题`",
        "`案例1 标题`",
        "`案例一：标题`",
        "`（上海市提供）`",
    ] {
        assert!(message.contains(form), "{form}: {message}");
    }
    assert!(message.contains("line 5: `一、背景情况`"), "{message}");
    assert!(message.contains("line 9: `二、实施情况`"), "{message}");
}

#[test]
fn a_short_numbered_line_inside_an_item_is_no_section() {
    let text = "\
1.推动跨境服务

（成都市提供）

一、主要做法

（一）搭建平台。主要包括：

一、建立机制

二、完善体系

（二）优化服务。开通线上渠道。

二、实践效果

规模扩大。

三、下一步工作思路

继续推进。
";
    let d = doc(text).unwrap();
    let case = &d.cases[0];
    assert!(case.other_sections.is_empty());
    assert_eq!(case.measures.len(), 2);
    assert_eq!(
        case.measures[0].body.text(),
        "（一）搭建平台。主要包括：一、建立机制二、完善体系"
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}
