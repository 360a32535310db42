use super::*;
use crate::read::decode;
use std::path::Path;

fn doc(text: &str) -> Result<Document, Diagnostic> {
    segment(decode(Path::new("t.txt"), text.as_bytes())?)
}

const TWO_CASES: &str = "\
 1.首创国际化期货期权

交易品种

（上海市提供）

《全面深化服务贸易创新发展试点总体方案》提出，全面

探索对外开放。

一、 主要做法

（一）上市国际铜期货，提升影

响力。2020 年 11 月，上海期货交易所上市。

8

（二）开展 20 号胶期货。上期所开展

 推广运用。

二、实践成果

成交规模稳步增长。

三、下一步工作思路

（一）继续上市。丰富产品。
 2.探索人民币跨境收付新方式

（国家知识产权局提供）

《方案》提出，探索。

一、主要做法

（一）做法。

二、实践成效

（一）效果一。

（二）效果二。（三）不是新条目。

三、下一步工作思路

继续推进。
";

#[test]
fn segments_cases_sections_and_items() {
    let d = doc(TWO_CASES).unwrap();
    assert_eq!(d.cases.len(), 2);
    let c = &d.cases[0];
    assert_eq!(c.number, 1);
    assert_eq!(c.title, "首创国际化期货期权交易品种");
    assert_eq!(c.provider.as_ref().unwrap().text(), "上海市");
    assert_eq!(
        c.policy_basis.as_ref().unwrap().text(),
        "《全面深化服务贸易创新发展试点总体方案》提出，全面探索对外开放。"
    );
    assert_eq!(
        (c.measures.len(), c.outcomes.len(), c.next_steps.len()),
        (2, 1, 1)
    );
    assert_eq!(c.measures[0].heading, "上市国际铜期货，提升影响力");
    assert_eq!(
        c.measures[0].body.text(),
        "（一）上市国际铜期货，提升影响力。2020 年 11 月，上海期货交易所上市。"
    );
    // the page number between items is dropped, the stray leading space too
    assert_eq!(
        c.measures[1].body.text(),
        "（二）开展 20 号胶期货。上期所开展推广运用。"
    );
    assert_eq!(c.outcomes[0].ordinal, 1);
    assert_eq!(c.outcomes[0].heading, "成交规模稳步增长");
    let c2 = &d.cases[1];
    assert_eq!(c2.provider.as_ref().unwrap().text(), "国家知识产权局");
    assert_eq!(c2.outcomes.len(), 2, "an inline （三） is not an item");
    assert_eq!(c2.next_steps[0].body.text(), "继续推进。");
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn spans_point_into_the_original_file() {
    let d = doc(TWO_CASES).unwrap();
    let chars: Vec<char> = TWO_CASES.chars().collect();
    let cut = |s: Span| -> String {
        chars[s.start_char..s.end_char]
            .iter()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let c = &d.cases[0];
    assert_eq!(c.title_span.start_line, 1);
    assert_eq!(c.title_span.end_line, 3);
    assert_eq!(cut(c.title_span), "首创国际化期货期权交易品种");
    let item = &c.measures[0];
    assert_eq!(cut(item.body.span), item.body.text().replace(' ', ""));
    assert_eq!(item.body.span.start_line, 13);
    assert_eq!(cut(c.provider.as_ref().unwrap().span), "上海市");
    assert!(cut(c.span).starts_with("1.首创"));
    assert!(cut(c.span).ends_with("丰富产品。"));
}

#[test]
fn no_cases_is_an_error_naming_the_file() {
    let e = doc("这是一段没有案例的文字。\n").unwrap_err();
    assert!(
        e.to_string().starts_with("t.txt:1: error: no case found"),
        "{e}"
    );
}

#[test]
fn truncated_document_is_an_error() {
    let cut = &TWO_CASES[..TWO_CASES.find("二、实践成效").unwrap()];
    let e = doc(cut).unwrap_err();
    assert!(e.message.contains("truncated"), "{e}");
    let mid = &TWO_CASES[..TWO_CASES.find("继续推进").unwrap() + "继续".len()];
    let e = doc(mid).unwrap_err();
    assert!(e.message.contains("mid-sentence"), "{e}");
    assert_eq!(e.line, TWO_CASES.lines().count());
}

#[test]
fn duplicate_case_numbers_are_an_error() {
    let text = TWO_CASES.replace(" 2.探索", " 1.探索");
    let e = doc(&text).unwrap_err();
    assert!(e.message.contains("duplicate case number 1"), "{e}");
    assert_eq!(
        e.line,
        1 + TWO_CASES
            .lines()
            .position(|l| l.contains("2.探索"))
            .unwrap()
    );
}

#[test]
fn missing_section_is_a_warning() {
    let text = TWO_CASES.replace("二、实践成果\n\n成交规模稳步增长。\n\n", "");
    let d = doc(&text).unwrap();
    assert_eq!(d.cases[0].outcomes.len(), 0);
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message.contains("no `二、实践效果` section") && w.line == 1));
}

#[test]
fn crlf_and_no_blank_lines_give_the_same_structure() {
    let squeezed: String = TWO_CASES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\r\n");
    let a = doc(TWO_CASES).unwrap();
    let b = doc(&squeezed).unwrap();
    for (x, y) in a.cases.iter().zip(&b.cases) {
        assert_eq!(x.title, y.title);
        for kind in SectionKind::ALL {
            let xs: Vec<_> = x.items(kind).iter().map(|i| i.body.text()).collect();
            let ys: Vec<_> = y.items(kind).iter().map(|i| i.body.text()).collect();
            assert_eq!(xs, ys);
        }
    }
}

#[test]
fn out_of_order_and_repeated_sections_are_warnings() {
    let swapped = TWO_CASES.replacen(
        "二、实践成果\n\n成交规模稳步增长。\n\n三、下一步工作思路\n\n（一）继续上市。丰富产品。",
        "三、下一步工作思路\n\n（一）继续上市。丰富产品。\n\n二、实践成果\n\n成交规模稳步增长。",
        1,
    );
    assert_ne!(swapped, TWO_CASES);
    let d = doc(&swapped.replacen(
        "继续推进。",
        "继续推进。\n\n三、下一步工作思路\n\n再推进。",
        1,
    ))
    .unwrap();
    assert!(
        d.warnings.iter().any(|w| w
            .message
            .contains("case 1: section `二、实践效果` out of order")),
        "{:?}",
        d.warnings
    );
    assert!(
        d.warnings.iter().any(|w| w
            .message
            .contains("case 2: a second `三、下一步工作思路` section")),
        "{:?}",
        d.warnings
    );
    assert_eq!(d.cases[0].outcomes.len(), 1);
    assert_eq!(d.cases[0].next_steps.len(), 1);
}

#[test]
fn blank_provider_line_is_not_a_provider() {
    // Fuzzer reproducer (case_text): `（　提供）` used to give the provider `提`.
    let text = "1.标题\n（\u{3000}提供）\n一、主要做法\n（一）做法。\n二、实践效果\n（一）效果。\n三、下一步工作思路\n（一）继续。\n";
    let d = doc(text).unwrap();
    assert!(d.cases[0].provider.is_none());
    assert_eq!(d.cases[0].title, "标题");
}

#[test]
fn title_broken_across_lines_without_a_provider() {
    let text = "\
案例一

推动跨境金融

服务便利化

《关于推进贸易高质量发展的指导意见》提出，扩大金融服务开放。

一、工作举措

1.搭建平台。推出跨境结算产品。

2.优化服务。（1）开通渠道；（2）简化流程。

二、取得成效

结算规模扩大。

三、下一步计划

继续推进。
 2.深化通关便利化

改革

一、主要做法

继续推进。

二、实践效果

通关提速。

三、下一步工作思路

继续推进。
";
    let d = doc(text).unwrap();
    assert_eq!(d.cases.len(), 2, "{:?}", d.warnings);
    let c = &d.cases[0];
    assert_eq!(c.title, "推动跨境金融服务便利化");
    assert!(c.provider.is_none());
    assert_eq!(
        c.policy_basis.as_ref().unwrap().text(),
        "《关于推进贸易高质量发展的指导意见》提出，扩大金融服务开放。"
    );
    assert_eq!(c.measures.len(), 2);
    assert_eq!(c.measures[1].heading, "优化服务");
    assert_eq!(
        c.measures[1].body.text(),
        "2.优化服务。（1）开通渠道；（2）简化流程。"
    );
    assert_eq!((c.outcomes.len(), c.next_steps.len()), (1, 1));
    assert_eq!(d.cases[1].title, "深化通关便利化改革");
    assert!(d.cases[1].policy_basis.is_none());
    // Only the missing provider is not a warning: nothing else is.
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn cover_page_dates_publishers_and_front_matter() {
    let cover = read_cover(&[
        "服务业扩大开放综合试点",
        "示范案例",
        "国务院服务贸易发展部际联席会议办公室",
        "2024年3月15日",
        "前言",
        "为总结推广…",
    ]);
    assert_eq!(
        cover.title.as_deref(),
        Some("服务业扩大开放综合试点示范案例")
    );
    assert_eq!(
        cover.publisher.as_deref(),
        Some("国务院服务贸易发展部际联席会议办公室")
    );
    assert_eq!(cover.date.as_deref(), Some("2024-03-15"));
    assert_eq!(read_cover(&["二〇二二年"]).date.as_deref(), Some("2022"));
    let with_prose = read_cover(&[
        "服务贸易创新发展案例",
        "商务部服务贸易司 编",
        "2023 年 12 月",
        "为总结推广试点经验，现将案例印发如下。",
    ]);
    assert_eq!(with_prose.title.as_deref(), Some("服务贸易创新发展案例"));
    assert_eq!(with_prose.publisher.as_deref(), Some("商务部服务贸易司"));
    assert_eq!(with_prose.date.as_deref(), Some("2023-12"));
    assert_eq!(read_cover(&["2023年13月"]).date, None);
    assert_eq!(read_cover(&[]), Cover::default());
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_provider_with_markup_is_kept_whole() {
    // 42 chars of name: over the old limit of 30, the line went silently into
    // the policy basis and the case had no provider.
    let name = "<script>document.title='owned'</script>管理局";
    let text = TWO_CASES.replacen("（国家知识产权局提供）", &format!("（{name}提供）"), 1);
    let d = doc(&text).unwrap();
    assert_eq!(d.cases.len(), 2);
    let c2 = &d.cases[1];
    assert_eq!(c2.provider.as_ref().unwrap().text(), name);
    assert_eq!(
        c2.policy_basis.as_ref().unwrap().text(),
        "《方案》提出，探索。"
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn a_provider_line_not_read_as_one_is_a_warning_naming_its_line() {
    let long = format!("（{}提供）", "某".repeat(lines::MAX_PROVIDER_CHARS + 1));
    let text = TWO_CASES.replacen("（国家知识产权局提供）", &long, 1);
    let line = line_of(&text, &long);
    let d = doc(&text).unwrap();
    // The case is still found by its sections, without a provider: said so.
    assert_eq!(d.cases.len(), 2);
    assert!(d.cases[1].provider.is_none());
    let w: Vec<_> = d.warnings.iter().filter(|w| w.line == line).collect();
    assert_eq!(w.len(), 1, "{:?}", d.warnings);
    assert!(w[0].message.contains("has no provider"), "{}", w[0].message);
    let heading = format!("line {}", line_of(&text, "2.探索人民币"));
    assert!(w[0].message.contains(&heading), "{}", w[0].message);
    // Without its first section either, the heading opens no case: said so.
    let text = text.replacen("一、主要做法\n\n（一）做法。", "", 1);
    let d = doc(&text).unwrap();
    assert_eq!(d.cases.len(), 1);
    let w: Vec<_> = d.warnings.iter().filter(|w| w.line == line).collect();
    assert_eq!(w.len(), 1, "{:?}", d.warnings);
    assert!(w[0].message.contains("opens no case"), "{}", w[0].message);
    assert_eq!(w[0].file, Path::new("t.txt"));
}
