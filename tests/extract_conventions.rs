//! Extraction on the classes other case books of this genre showed as misses,
//! on sentences written for the test (never any collection's text).

use casegraph::extract::organization::{find, AliasTable, OrgClass, OrgMatch};
use casegraph::extract::{quantity, title, Lexicons};
use std::collections::BTreeMap;

/// Runs `find` over `blocks` in order with one alias table, like a case.
fn find_all(blocks: &[&str]) -> (Vec<OrgMatch>, BTreeMap<String, String>) {
    let lexicons = Lexicons::embedded();
    let mut aliases = AliasTable::default();
    let found = blocks
        .iter()
        .flat_map(|b| find(b, &lexicons.organizations, &lexicons.places, &mut aliases))
        .collect();
    (found, aliases.into_map())
}

fn names(text: &str) -> Vec<(String, OrgClass)> {
    find_all(&[text])
        .0
        .into_iter()
        .map(|m| (m.name, m.class))
        .collect()
}

fn org(name: &str, class: OrgClass) -> (String, OrgClass) {
    (name.to_string(), class)
}

#[test]
fn chinese_name_with_parenthesised_latin_name_is_one_organisation_with_an_alias() {
    let (found, aliases) = find_all(&[
        "2022 年，江苏恒远精密机械有限公司（Hengyuan Precision Machinery Co., Ltd.）与当地企业签约。",
        "德国博世集团（Robert Bosch GmbH）在苏州设立研发中心。",
    ]);
    let names: Vec<&str> = found.iter().map(|m| m.name.as_str()).collect();
    assert!(names.contains(&"江苏恒远精密机械有限公司"), "{names:?}");
    assert!(
        names.contains(&"博世集团") || names.contains(&"德国博世集团"),
        "{names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Ltd") || n.contains("GmbH")),
        "{names:?}"
    );
    assert_eq!(
        aliases
            .get("Hengyuan Precision Machinery Co., Ltd.")
            .map(String::as_str),
        Some("江苏恒远精密机械有限公司"),
        "{aliases:?}"
    );
    assert!(aliases.contains_key("Robert Bosch GmbH"), "{aliases:?}");
}

#[test]
fn company_forms_of_other_countries() {
    let mut misses = Vec::new();
    for (text, name) in [
        ("日本丸红株式会社在上海设立分公司。", "日本丸红株式会社"),
        (
            "与新加坡港务集团有限公司签署合作协议。",
            "新加坡港务集团有限公司",
        ),
        ("引进西门子医疗GmbH参与建设。", "西门子医疗GmbH"),
        ("与Maersk Line Ltd.开展合作。", "Maersk Line Ltd."),
        ("由Acme Robotics Inc.提供技术支持。", "Acme Robotics Inc."),
        ("与 Nordic Shipping AG 签约。", "Nordic Shipping AG"),
        ("联合 Banco Andino S.A. 推出产品。", "Banco Andino S.A."),
        (
            "重庆渝新欧物流有限责任公司承运。",
            "重庆渝新欧物流有限责任公司",
        ),
        // A plain full company name with no context around it.
        ("杭州云帆数字科技有限公司", "杭州云帆数字科技有限公司"),
    ] {
        let found = names(text);
        if !found.contains(&org(name, OrgClass::Enterprise)) {
            misses.push(format!("{text}: {found:?}"));
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

#[test]
fn museums_hospitals_theatres_galleries_and_libraries_are_organisations() {
    let mut misses = Vec::new();
    for (text, name) in [
        ("上海博物馆推出数字展览。", "上海博物馆"),
        ("与广东省美术馆联合办展。", "广东省美术馆"),
        ("四川大学华西医院开展远程会诊。", "四川大学华西医院"),
        ("深圳大剧院引进海外剧目。", "深圳大剧院"),
        ("由国家图书馆提供古籍数据。", "国家图书馆"),
        ("杭州剧院举办演出季。", "杭州剧院"),
        ("苏州科技馆开放新展厅。", "苏州科技馆"),
    ] {
        let found = names(text);
        if !found.iter().any(|(n, _)| n == name) {
            misses.push(format!("{text}: {found:?}"));
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

#[test]
fn an_organisation_span_stops_before_a_verb() {
    for (text, name) in [
        ("宁波港集团推出跨境物流专线。", "宁波港集团"),
        (
            "浙江银海贸易有限公司开展海外仓业务。",
            "浙江银海贸易有限公司",
        ),
        ("厦门国际银行发布跨境金融产品。", "厦门国际银行"),
    ] {
        let found = names(text);
        assert!(found.iter().any(|(n, _)| n == name), "{text}: {found:?}");
        assert!(
            !found
                .iter()
                .any(|(n, _)| n.ends_with("推出") || n.contains("开展") || n.contains("发布")),
            "{text}: {found:?}"
        );
    }
    // A name is not taken to run on past its head noun into the predicate.
    let found = names("天津港集团组织开展培训。");
    assert_eq!(found, vec![org("天津港集团", OrgClass::Enterprise)]);
}

#[test]
fn generic_phrases_are_not_organisations() {
    let mut misses = Vec::new();
    for text in [
        "相关金融机构积极参与。",
        "有关部门加强协作。",
        "多家文化企业参与合作。",
        "各类市场主体踊跃参与。",
        "国内外知名企业纷纷入驻。",
        "重点企业和行业协会共同推动。",
        "该公司业务增长明显。",
        "本地医院服务能力提升。",
        "一批博物馆开展数字化改造。",
    ] {
        let found = names(text);
        if !found.is_empty() {
            misses.push(format!("{text}: {found:?}"));
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

fn title_kind(text: &str, wanted: &str) -> title::TitleKind {
    let found = title::find(text, &Lexicons::embedded().titles);
    found
        .into_iter()
        .find(|m| m.title == wanted)
        .unwrap_or_else(|| panic!("{wanted} not found in {text}"))
        .kind
}

#[test]
fn a_title_is_classed_by_its_own_last_word() {
    use title::TitleKind::{Policy, Work};
    let mut misses = Vec::new();
    for (text, name, kind) in [
        ("原创舞剧《丝路花语》赴海外巡演。", "丝路花语", Work),
        ("推出《江南遗梦》舞剧，观众反响热烈。", "江南遗梦", Work),
        ("网络游戏《山海奇旅》上线海外版本。", "山海奇旅", Work),
        ("出版《小熊去旅行》绘本，译成多国文字。", "小熊去旅行", Work),
        ("拍摄《大河之洲》纪录片，在海外播出。", "大河之洲", Work),
        (
            "编印《外籍人士在华生活指南》，发放至社区。",
            "外籍人士在华生活指南",
            Work,
        ),
        (
            "编印《外国游客入境旅游指南》，方便游客。",
            "外国游客入境旅游指南",
            Work,
        ),
        (
            "出台《跨境电商综合试验区建设方案》。",
            "跨境电商综合试验区建设方案",
            Policy,
        ),
        (
            "印发《数据出境安全评估办法》。",
            "数据出境安全评估办法",
            Policy,
        ),
        ("制定《技术进出口管理规定》。", "技术进出口管理规定", Policy),
        (
            "出台《关于促进服务消费的意见》。",
            "关于促进服务消费的意见",
            Policy,
        ),
        (
            "下发《关于开展试点工作的通知》。",
            "关于开展试点工作的通知",
            Policy,
        ),
        (
            "发布《跨境数据流动评估标准》。",
            "跨境数据流动评估标准",
            Policy,
        ),
        (
            "发布《企业境外投资合规指南》，指导企业合规经营。",
            "企业境外投资合规指南",
            Policy,
        ),
    ] {
        if title_kind(text, name) != kind {
            misses.push(text);
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

#[test]
fn counters_of_occurrences_are_figures() {
    let units = &Lexicons::embedded().quantities;
    let mut misses = Vec::new();
    for (text, value, unit) in [
        ("全年查处侵权案件 35 起。", "35", "起"),
        ("服务企业 1200 家次。", "1200", "家次"),
        ("接待游客 86 万人次。", "86", "万人次"),
        ("完成检验 42 批次。", "42", "批次"),
        ("处理跨境订单 3500 单。", "3500", "单"),
        ("累计通关 1.2 万票。", "1.2", "万票"),
    ] {
        let found = quantity::find(text, units);
        if !found.iter().any(|q| q.value == value && q.unit == unit) {
            let got: Vec<_> = found.iter().map(|q| (&q.value, &q.unit)).collect();
            misses.push(format!("{text}: {got:?}"));
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}
