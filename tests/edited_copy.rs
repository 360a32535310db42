//! Edited copies of the document (other names, figures, dates, titles): the
//! extraction follows the text, it does not remember the original.

use casegraph::eval::{from_extraction, SystemCase};
use casegraph::extract::{extract_document, Lexicons};
use casegraph::read::decode;
use casegraph::segment::segment;
use std::collections::BTreeMap;
use std::path::Path;

const CORPUS: &str = include_str!("../data/000_544783cc65985ead.txt");

fn answers(text: &str) -> BTreeMap<u32, SystemCase> {
    let doc = segment(decode(Path::new("edited.txt"), text.as_bytes()).unwrap()).unwrap();
    let lexicons = Lexicons::embedded();
    let extractions: Vec<_> = extract_document(&doc, lexicons);
    from_extraction::answers(&doc, &extractions, lexicons)
}

fn org_names(case: &SystemCase) -> Vec<String> {
    case.organizations
        .values()
        .flat_map(|o| o.names.iter().cloned())
        .collect()
}

#[test]
fn renamed_bodies_places_figures_dates_and_titles_are_followed() {
    let original = answers(CORPUS);
    let edited = CORPUS
        .replace(
            "上海期货交易所（以下简称上期所）",
            "大连商品交易所（以下简称大商所）",
        )
        .replace("上期所", "大商所")
        .replace("近 140 万吨", "近 230 万吨")
        .replace("2020 年 11 月", "2019 年 7 月")
        .replace("（杭州市提供）", "（宁波市提供）")
        .replace("老挝", "柬埔寨")
        .replacen(
            "《全面深化服务贸易创新发展试点总体方案》提出，全面",
            "《服务业扩大开放综合试点总体方案》提出，全面",
            1,
        );
    let edited = answers(&edited);

    let (before, after) = (&original[&1], &edited[&1]);
    assert!(org_names(before).contains(&"上海期货交易所".to_string()));
    assert!(!org_names(after).contains(&"上海期货交易所".to_string()));
    assert!(
        org_names(after).contains(&"大连商品交易所".to_string()),
        "{:?}",
        org_names(after)
    );
    assert!(
        org_names(after).contains(&"大商所".to_string()),
        "the alias is learned from the text"
    );
    assert!(
        after.places_cn.contains("大连"),
        "a place inside the new name: {:?}",
        after.places_cn
    );
    assert!(after
        .indicators
        .iter()
        .any(|(v, u, q)| *v == 230.0 && u == "万吨" && q == "近"));
    assert!(!after
        .indicators
        .iter()
        .any(|(v, u, _)| *v == 140.0 && u == "万吨"));
    assert!(after.dates.contains("2019-07") && !after.dates.contains("2020-11"));
    assert!(after.titles.contains_key("服务业扩大开放综合试点总体方案"));
    assert!(!after
        .titles
        .contains_key("全面深化服务贸易创新发展试点总体方案"));

    assert_eq!(original[&5].providers, ["杭州市"]);
    assert_eq!(edited[&5].providers, ["宁波市"]);
    assert!(edited[&5].places_cn.contains("宁波"));

    let with_laos: Vec<u32> = original
        .iter()
        .filter(|(_, c)| c.countries.contains("老挝"))
        .map(|(n, _)| *n)
        .collect();
    assert!(!with_laos.is_empty());
    for n in with_laos {
        assert!(!edited[&n].countries.contains("老挝"));
        assert!(
            edited[&n].countries.contains("柬埔寨"),
            "case {n}: {:?}",
            edited[&n].countries
        );
    }
}

#[test]
fn a_short_document_of_our_own_is_understood() {
    let text = "\
1.推动跨境金融服务便利化

（成都市提供）

《关于推进贸易高质量发展的指导意见》提出，扩大金融服务开放。成都市依托中国工商银行四川省分行（以下简称工行四川分行）开展试点。

一、主要做法

（一）搭建平台。2022 年 3 月，工行四川分行联合新加坡星展银行推出跨境结算产品。

二、实践效果

（一）业务规模扩大。累计结算超 35.6 亿美元，服务企业 120 余家。

三、下一步工作思路

继续扩大试点范围。
";
    let answers = answers(text);
    let case = &answers[&1];
    assert_eq!(case.providers, ["成都市"]);
    assert!(
        case.places_cn.contains("成都") && case.places_cn.contains("四川"),
        "{:?}",
        case.places_cn
    );
    assert!(case.countries.contains("新加坡"), "{:?}", case.countries);
    assert_eq!(
        case.titles
            .get("关于推进贸易高质量发展的指导意见")
            .map(String::as_str),
        Some("PolicyDocument")
    );
    assert!(case.dates.contains("2022-03"));
    let mut figures: Vec<(f64, String, String)> = case.indicators.clone();
    figures.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    assert_eq!(
        figures,
        vec![
            (35.6, "亿美元".to_string(), "超".to_string()),
            (120.0, "家".to_string(), "余".to_string())
        ]
    );
    let names = org_names(case);
    assert!(
        names.contains(&"中国工商银行四川省分行".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"工行四川分行".to_string()), "{names:?}");
    assert_eq!(case.sections, [1, 1, 1]);
    assert!(case.sectors.contains("金融服务"), "{:?}", case.sectors);
}
