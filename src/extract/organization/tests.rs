use super::*;
use crate::extract::sector::{SectorLexicon, TermCounts};

fn lexicon() -> &'static OrgLexicon {
    static LEXICON: std::sync::LazyLock<OrgLexicon> =
        std::sync::LazyLock::new(OrgLexicon::embedded);
    &LEXICON
}

/// Runs `find` over `blocks` in order with one alias table, like a case.
fn find_all(blocks: &[&str]) -> (Vec<OrgMatch>, BTreeMap<String, String>) {
    let mut aliases = AliasTable::default();
    let places = PlaceLexicon::embedded();
    let found = blocks
        .iter()
        .flat_map(|b| find(b, lexicon(), &places, &mut aliases))
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
fn alias_defined_with_yixia_jiancheng_resolves_later_blocks() {
    let (found, aliases) = find_all(&[
        "2020 年 11 月，上海期货交易所（以下简称上期所）子公司上海国际能源交易中心（以下简称能源中心）上市国际铜期货。",
        "上期所科学设计原油期权合约规则，为能源中心上市更多期权品种提供了制度支持。",
    ]);
    let pairs: Vec<(&str, &str)> = found
        .iter()
        .map(|m| (m.name.as_str(), m.surface.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("上海期货交易所", "上海期货交易所"),
            ("上海国际能源交易中心", "上海国际能源交易中心"),
            ("上海期货交易所", "上期所"),
            ("上海国际能源交易中心", "能源中心"),
        ]
    );
    assert!(found.iter().all(|m| m.class == OrgClass::Exchange));
    assert_eq!(aliases["能源中心"], "上海国际能源交易中心");
    assert_eq!(aliases["上期所"], "上海期货交易所");
}

#[test]
fn alias_in_other_cities_and_quoted_form() {
    let (found, aliases) = find_all(&[
        "大连商品交易所（简称“大商所”）与郑州商品交易所（以下简称郑商所）开展合作。",
        "郑商所推出新合约。",
    ]);
    assert_eq!(aliases["大商所"], "大连商品交易所");
    assert_eq!(aliases["郑商所"], "郑州商品交易所");
    assert_eq!(found.last().unwrap().name, "郑州商品交易所");
    assert_eq!(found.last().unwrap().surface, "郑商所");
}

#[test]
fn sports_group_without_proper_name_is_not_an_organisation() {
    assert_eq!(
        names("加强经营主体培育，推动成立首家体育服务产业集团，构建战略布局。"),
        []
    );
    // The same shape with a proper name is one.
    assert_eq!(
        names("推动成立厦门象屿体育服务产业集团。"),
        [org("厦门象屿体育服务产业集团", OrgClass::Enterprise)]
    );
}

#[test]
fn central_bank_branch_is_one_government_body() {
    assert_eq!(
        names("人民银行杭州中心支行积极推进服务贸易等领域的跨境人民币收付。"),
        [org("中国人民银行杭州中心支行", OrgClass::GovernmentBody)]
    );
}

#[test]
fn bank_branches_in_other_cities_take_the_bank_type() {
    assert_eq!(
        names("指导中国工商银行苏州分行、中国银行浙江省分行等机构参与试点。"),
        [
            org("中国工商银行苏州分行", OrgClass::FinancialInstitution),
            org("中国银行浙江省分行", OrgClass::FinancialInstitution),
        ]
    );
    // A short form is resolved to the full name of the bank.
    let (found, aliases) = find_all(&["由工行深圳分行落实收益权受让。"]);
    assert_eq!(found[0].name, "中国工商银行深圳分行");
    assert_eq!(aliases["工行深圳分行"], "中国工商银行深圳分行");
}

#[test]
fn generic_mentions_are_not_organisations() {
    for text in [
        "某银行是经批准设立的首家合资商业银行。",
        "由国内券商成立的某证券有限公司是唯一一家证券公司。",
        "全面引入境外投资者参与，受到各级政府好评。",
        "涉及上期所会员单位 25 家。",
        "明确相关部门职责，支持金融机构开展创新。",
        "组织 8 家试点银行开展业务，鼓励国际邮轮公司推出产品。",
        "鼓励科研机构、行业协会等参与制定标准。",
    ] {
        let found: Vec<_> = names(text)
            .into_iter()
            .filter(|(n, _)| n != "上海期货交易所")
            .collect();
        assert_eq!(found, [], "{text}");
    }
}

#[test]
fn level_prefixed_short_forms_are_dropped_unless_they_shorten_an_earlier_name() {
    assert_eq!(names("市财政局、区政府和省商务厅联合出台办法。"), []);
    let (found, aliases) = find_all(&[
        "北京市委网信办联合国家互联网应急中心北京分中心组建工作专班。",
        "在市委网信办的指导下开展工作。",
    ]);
    let named: Vec<&str> = found.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        named,
        [
            "北京市委网信办",
            "国家计算机网络应急技术处理协调中心北京分中心",
            "北京市委网信办"
        ]
    );
    assert_eq!(aliases["市委网信办"], "北京市委网信办");
}

#[test]
fn parenthesised_parts_stay_inside_names() {
    assert_eq!(
        names("借助中国（杭州）知识产权保护中心的技术支持。设立杭州知识产权法庭（滨江）巡回审判庭、白马湖法庭。"),
        [
            org("中国（杭州）知识产权保护中心", OrgClass::GovernmentBody),
            org("杭州知识产权法庭（滨江）巡回审判庭", OrgClass::JudicialBody),
            org("白马湖法庭", OrgClass::JudicialBody),
        ]
    );
    assert_eq!(
        names("依托中国（南京）知识产权保护中心开展快速预审。"),
        [org(
            "中国（南京）知识产权保护中心",
            OrgClass::GovernmentBody
        )]
    );
}

#[test]
fn latin_acronym_in_parentheses_is_an_alias() {
    let (found, aliases) = find_all(&["入选全球研究基础设施高官会（GSO）和经合组织（OECD）目录。"]);
    let named: Vec<(&str, OrgClass)> = found.iter().map(|m| (m.name.as_str(), m.class)).collect();
    assert_eq!(
        named,
        [
            (
                "全球研究基础设施高官会",
                OrgClass::InternationalOrganization
            ),
            ("经济合作与发展组织", OrgClass::InternationalOrganization),
        ]
    );
    assert_eq!(aliases["GSO"], "全球研究基础设施高官会");
    assert_eq!(aliases["OECD"], "经济合作与发展组织");
}

#[test]
fn courts_universities_and_institutes_elsewhere() {
    assert_eq!(
        names("成都市中级人民法院与四川大学联合设立研究中心，武汉大学、西湖大学参与。"),
        [
            org("成都市中级人民法院", OrgClass::JudicialBody),
            org("四川大学", OrgClass::ResearchInstitution),
            org("武汉大学", OrgClass::ResearchInstitution),
            org("西湖大学", OrgClass::ResearchInstitution),
        ]
    );
    assert_eq!(
        names("中国科学院西安光学精密机械研究所与天津仲裁委员会签署协议。"),
        [
            org(
                "中国科学院西安光学精密机械研究所",
                OrgClass::ResearchInstitution
            ),
            org("天津仲裁委员会", OrgClass::JudicialBody),
        ]
    );
}

#[test]
fn joined_names_are_split_at_the_joining_word() {
    assert_eq!(
        names("打造获住房城乡建设部与香港建造业议会联合授予的示范平台。"),
        [
            org("住房和城乡建设部", OrgClass::GovernmentBody),
            org("香港建造业议会", OrgClass::Association),
        ]
    );
    assert_eq!(
        names("发挥宁波知识产权服务业联盟和生物医药知识产权创新联盟作用。"),
        [
            org("宁波知识产权服务业联盟", OrgClass::Association),
            org("生物医药知识产权创新联盟", OrgClass::Association),
        ]
    );
}

#[test]
fn affiliated_hospital_and_foreign_institute() {
    assert_eq!(
        names("批复同意首都医科大学附属北京友谊医院与荷兰阿姆斯特丹大学医学中心合作研究项目。"),
        [
            org(
                "首都医科大学附属北京友谊医院",
                OrgClass::ResearchInstitution
            ),
            org("荷兰阿姆斯特丹大学医学中心", OrgClass::ResearchInstitution),
        ]
    );
}

#[test]
fn centres_are_typed_by_their_qualifier_and_platforms_left_out() {
    assert_eq!(
        names("中法聚变能联合中心、中美国际托卡马克合作研究中心相继落成。"),
        [
            org("中法聚变能联合中心", OrgClass::ResearchInstitution),
            org(
                "中美国际托卡马克合作研究中心",
                OrgClass::ResearchInstitution
            ),
        ]
    );
    // Financial centres, service centres and platforms are facilities.
    assert_eq!(
        names("增强上海国际金融中心的辐射力，建设广州建筑大数据分析中心和知识产权服务平台。"),
        []
    );
}

#[test]
fn subunit_abbreviation_resolves_to_the_earlier_full_name() {
    let (found, aliases) = find_all(&[
        "中国科学院合肥物质科学研究院（以下简称合肥物质科学研究院）获批试点。",
        "搭建“中科院-合肥研究院-科研单元”联动机制。",
    ]);
    let named: Vec<&str> = found.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        named,
        [
            "中国科学院合肥物质科学研究院",
            "中国科学院",
            "中国科学院合肥物质科学研究院"
        ]
    );
    assert_eq!(aliases["合肥研究院"], "中国科学院合肥物质科学研究院");
    assert_eq!(
        aliases["合肥物质科学研究院"],
        "中国科学院合肥物质科学研究院"
    );
}

#[test]
fn titles_are_not_searched() {
    assert_eq!(
        names("制定《重庆市知识产权运营中心建设经费资助办法》。"),
        []
    );
}

#[test]
fn surface_and_range_map_back_to_the_printed_text() {
    let text = "与 PSA 国际港务集团合作。";
    let (found, _) = find_all(&[text]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "新加坡港务集团");
    assert_eq!(found[0].surface, "PSA 国际港务集团");
    let printed: String = text
        .chars()
        .skip(found[0].range.start)
        .take(found[0].range.len())
        .collect();
    assert_eq!(printed, "PSA 国际港务集团");
}

#[test]
fn classify_name_types_provider_lines() {
    let lexicon = lexicon();
    assert_eq!(
        classify_name("国家知识产权局", lexicon),
        OrgClass::GovernmentBody
    );
    assert_eq!(
        classify_name("市场监管总局", lexicon),
        OrgClass::GovernmentBody
    );
    assert_eq!(classify_name("深圳证券交易所", lexicon), OrgClass::Exchange);
    assert_eq!(
        classify_name("中国信保山东分公司", lexicon),
        OrgClass::FinancialInstitution
    );
    assert_eq!(
        classify_name("南京大学", lexicon),
        OrgClass::ResearchInstitution
    );
}

#[test]
fn functional_centres_of_named_bodies_are_organisations() {
    assert_eq!(
        names("与广州市检测中心签署协议，依托交通运输部人才交流中心和教育考试中心开展培训。"),
        [
            org("广州市检测中心", OrgClass::GovernmentBody),
            org("交通运输部人才交流中心", OrgClass::GovernmentBody),
            org("教育考试中心", OrgClass::GovernmentBody),
        ]
    );
    assert_eq!(
        names("推动酒泉卫星测控中心参与建设。"),
        [org("酒泉卫星测控中心", OrgClass::ResearchInstitution)]
    );
    // Facility-like centres stay out.
    assert_eq!(names("建设苏州数据中心、物流中心和知识产权运营中心。"), []);
}

#[test]
fn working_and_cooperation_groups_are_bodies() {
    assert_eq!(
        names("牵头建立东盟渔业科技交流合作组、中国—中亚能源合作协作组等机制。"),
        [
            org(
                "东盟渔业科技交流合作组",
                OrgClass::InternationalOrganization
            ),
            org(
                "中国—中亚能源合作协作组",
                OrgClass::InternationalOrganization
            ),
        ]
    );
    assert_eq!(
        names("成立宁波知识产权保护协作组。"),
        [org("宁波知识产权保护协作组", OrgClass::Association)]
    );
    // The longest name wins over the council it belongs to.
    assert_eq!(
        names("对接金砖国家工商理事会中方理事会数字经济工作组。"),
        [org(
            "金砖国家工商理事会中方理事会数字经济工作组",
            OrgClass::InternationalOrganization
        )]
    );
    // `合作组` inside `合作组织` is no head.
    assert_eq!(
        names("铁路合作组织通过新版协定。"),
        [org("铁路合作组织", OrgClass::InternationalOrganization)]
    );
}

#[test]
fn short_company_names_in_enumerations_of_companies() {
    assert_eq!(
        names("授牌浙江大学、联科智能等12家院校和企业。"),
        [
            org("浙江大学", OrgClass::ResearchInstitution),
            org("联科智能", OrgClass::Enterprise),
        ]
    );
    assert_eq!(
        names("寻求与赛默飞、艾伯维、礼来等在华设立子公司的国际药企合作。"),
        [
            org("赛默飞", OrgClass::Enterprise),
            org("艾伯维", OrgClass::Enterprise),
            org("礼来", OrgClass::Enterprise),
        ]
    );
    assert_eq!(
        names("创新园已签约进驻云途物流、星海电服等20多个项目。"),
        [
            org("云途物流", OrgClass::Enterprise),
            org("星海电服", OrgClass::Enterprise),
        ]
    );
    assert_eq!(
        names("推动航天八院、九院南京分院等科研院所共建平台。"),
        [
            org("航天八院", OrgClass::ResearchInstitution),
            org("九院南京分院", OrgClass::ResearchInstitution),
        ]
    );
}

#[test]
fn enumerations_of_sectors_places_and_things_name_no_company() {
    for text in [
        "推动汽车、电子等行业重点企业完成评估。",
        "支持服务贸易、跨境电商等外贸企业发展。",
        "以发明专利、实用新型专利等知识产权为企业底层资产。",
        "与深圳、北京、泰州等地多家供应商对接。",
        "开展汽车、医疗等领域企业培训。",
    ] {
        assert_eq!(names(text), [], "{text}");
    }
}

#[test]
fn abbreviated_names_end_where_the_name_visibly_ends() {
    assert_eq!(
        names("由广州高新投将企业的知识产权转化为金融资产。"),
        [org("广州高新投", OrgClass::FinancialInstitution)]
    );
    assert_eq!(
        names("获评中国篮协“金牌”赛事，宁波石化从沙特进口原油。"),
        [
            org("中国篮协", OrgClass::Association),
            org("宁波石化", OrgClass::Enterprise),
        ]
    );
    // The same characters opening common words are no heads.
    for text in [
        "上海协同推进改革，签订合作协议。",
        "广州加大投入，深圳投资增长。",
        "推动宁波石化产业发展。",
    ] {
        assert_eq!(names(text), [], "{text}");
    }
}

#[test]
fn branch_of_an_abbreviated_parent_is_not_cut_by_a_place_misreading() {
    // `信保山西` also reads `保山` (a city); the branch is still found whole.
    let (found, aliases) = find_all(&["中国信保山西分公司创新承保模式。"]);
    assert_eq!(found[0].name, "中国出口信用保险公司山西分公司");
    assert_eq!(found[0].class, OrgClass::FinancialInstitution);
    assert_eq!(
        aliases["中国信保山西分公司"],
        "中国出口信用保险公司山西分公司"
    );
    assert_eq!(
        names("落地中俄数字经济研究中心、铁建重工华南区域总部、中联重科海外区域总部等项目。"),
        [
            org("中俄数字经济研究中心", OrgClass::ResearchInstitution),
            org("铁建重工华南区域总部", OrgClass::Enterprise),
            org("中联重科海外区域总部", OrgClass::Enterprise),
        ]
    );
}

#[test]
fn generic_and_embedded_mentions_are_not_organisations() {
    // Two places sharing one head name a kind of bank, not a bank.
    assert_eq!(names("推动中国与泰国银行合作。"), []);
    // A body that only opens the name of an event is not mentioned.
    assert_eq!(names("抓住联合国气候变化大会召开的契机。"), []);
    // ... but the body named right before the event word is.
    assert_eq!(
        names("联合国大会通过决议。"),
        [org("联合国", OrgClass::InternationalOrganization)]
    );
    // A postal exchange office is a facility.
    assert_eq!(names("建设国际邮件互换局铁路口岸中心。"), []);
    // Industry words name no company.
    assert_eq!(names("完成电站或光伏公司工程承建。"), []);
}

#[test]
fn foreign_government_bodies_and_multilateral_banks_are_international() {
    assert_eq!(
        names("某银行是经泰国中央银行批准设立的合资银行，与新开发银行、亚投行签署协议。"),
        [
            org("泰国中央银行", OrgClass::InternationalOrganization),
            org("新开发银行", OrgClass::InternationalOrganization),
            org("亚洲基础设施投资银行", OrgClass::InternationalOrganization),
        ]
    );
    assert_eq!(
        names("新加坡金融管理局与上海市金融工作局签署备忘录。"),
        [
            org("新加坡金融管理局", OrgClass::InternationalOrganization),
            org("上海市金融工作局", OrgClass::GovernmentBody),
        ]
    );
    // China Customs is the General Administration of Customs.
    assert_eq!(
        names("发挥中国海关的作用。"),
        [org("海关总署", OrgClass::GovernmentBody)]
    );
}

// The miss classes of other case books, on sentences written for the test.

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
        ("北京协和医院牵头组建联盟。", "北京协和医院"),
        ("由上海交响乐团演奏。", "上海交响乐团"),
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
    // A short head right after a name is no part of it when it opens a verb (`办展`).
    let found = names("大连图书馆联合办展。");
    assert_eq!(
        found,
        vec![org("大连图书馆", OrgClass::ResearchInstitution)]
    );
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

#[test]
fn places_read_off_the_organisation_pass_are_the_places_a_scan_finds() {
    let places = PlaceLexicon::embedded();
    let with_places = OrgLexicon::embedded_with_places(&places);
    let texts = [
        "中国银行浙江省分行与杭州企业合作",
        "中美国际合作中心落户南沙，广州市南沙区与鼓楼",
        "中山大学与美国际商会、大湾区",
        // Whitespace, which the organisation pass drops: no place across
        // it (`浙 江`, `美国 际`), the ones beside it where printed.
        "上海 期货交易所与浙江 省、浙 江和杭州\u{3000}南沙区",
        "中美国 际合作中心与美 国际商会 ",
        " 广州",
        "",
    ];
    // And every line of the shipped document.
    let shipped = include_str!("../../../data/000_544783cc65985ead.txt").lines();
    for text in texts.into_iter().chain(shipped) {
        let scanned = place::find(text, &places);
        // The same lexicon, and one whose automaton has no place forms.
        for lexicon in [&with_places, lexicon()] {
            let mut aliases = AliasTable::default();
            let (_, found) = find_with_places(text, lexicon, &places, &mut aliases);
            assert_eq!(found, scanned, "{text}");
        }
    }
}

#[test]
fn sector_terms_counted_off_the_organisation_pass_are_those_a_scan_counts() {
    let places = PlaceLexicon::embedded();
    let sectors = SectorLexicon::embedded();
    let with_sectors = OrgLexicon::embedded_with(&places, &sectors);
    let texts = [
        "银行开展跨境人民币结算业务，推动知识产权服务与金融服务",
        "知识产权服务中心与知识产权运营",
        // Whitespace, which the organisation pass drops: no term across it
        // (`跨境 人民币`), the ones beside it where printed.
        "跨境 人民币结算与知识 产权、金融\u{3000}服务 数字贸易",
        " 旅游",
        "",
    ];
    for text in texts {
        let mut scanned = TermCounts::default();
        scanned.count_in(text, &sectors);
        // The same lexicon, and ones whose automaton has no sector terms.
        for lexicon in [&with_sectors, lexicon()] {
            let mut counted = TermCounts::default();
            let mut aliases = AliasTable::default();
            find_in_block(
                text,
                lexicon,
                &places,
                Some((&sectors, &mut counted)),
                &mut aliases,
            );
            assert_eq!(counted, scanned, "{text}");
        }
    }
    // And they are counts: a scan of a text with terms finds some.
    let mut some = TermCounts::default();
    some.count_in(texts[0], &sectors);
    assert_ne!(some, TermCounts::default());
}
