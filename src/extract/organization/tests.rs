use super::*;

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
