use super::*;
use std::sync::LazyLock;

static LEXICON: LazyLock<PlaceLexicon> = LazyLock::new(PlaceLexicon::embedded);

fn china(code: &str) -> PlaceRef {
    PlaceRef::China(code.to_string())
}

fn country(iso2: &str) -> PlaceRef {
    PlaceRef::Country(iso2.to_string())
}

/// Short labels of the places found in `text`, in text order.
fn labels(text: &str) -> Vec<String> {
    find(text, &LEXICON)
        .iter()
        .map(|m| LEXICON.info(&m.place).unwrap().label_zh.clone())
        .collect()
}

#[test]
fn pair_abbreviation_before_guoji_is_not_a_country() {
    assert!(labels("中美国际托卡马克合作研究中心相继落成").is_empty());
    assert!(labels("中韩国际合作示范区").is_empty());
    assert_eq!(labels("与美国企业合作"), ["美国"]);
    // The 国 of 美国 followed by the 国 of 国际: both words are there.
    assert_eq!(labels("美国国际集团"), ["美国"]);
}

#[test]
fn place_inside_an_organisation_name_is_a_mention() {
    let found = find("指导中国银行浙江省分行等机构", &LEXICON);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].place, china("330000"));
    assert_eq!(found[0].surface, "浙江省");
    assert_eq!(labels("上海国际能源交易中心上市国际铜期货"), ["上海"]);
}

#[test]
fn made_up_text_with_other_cities_provinces_and_countries() {
    let found = find("成都市联合四川省企业赴新加坡、阿联酋开展推介", &LEXICON);
    let places: Vec<_> = found.iter().map(|m| m.place.clone()).collect();
    assert_eq!(
        places,
        [
            china("510100"),
            china("510000"),
            country("SG"),
            country("AE")
        ]
    );
    let chengdu = LEXICON.info(&china("510100")).unwrap();
    assert_eq!(chengdu.class, PlaceClass::City);
    assert_eq!(chengdu.located_in, Some(china("510000")));
    assert_eq!(
        LEXICON.info(&country("AE")).unwrap().iso3166.as_deref(),
        Some("AE")
    );
}

#[test]
fn full_and_short_names_resolve_to_the_same_place() {
    for (full, short, code) in [
        ("上海市", "上海", "310000"),
        ("浙江省", "浙江", "330000"),
        ("香港特别行政区", "香港", "810000"),
        ("广西壮族自治区", "广西", "450000"),
    ] {
        let [a, b] = [full, short].map(|name| find(name, &LEXICON));
        assert_eq!(a.len(), 1, "{full}");
        assert_eq!(a[0].place, china(code));
        assert_eq!(b[0].place, china(code), "{short}");
        assert_eq!(a[0].surface, full, "the longest form is matched whole");
    }
}

#[test]
fn stoplisted_words_are_not_places() {
    // 合作 (合作市), 资源 (资源县): common words that are also division names.
    assert!(labels("加强资源共享，深化国际合作").is_empty());
    assert!(labels("中山大学与长治久安").is_empty());
    // 信保 is a blocking context: 保山 would otherwise swallow the 山 of 山东.
    assert_eq!(labels("中国信保山东分公司"), ["山东"]);
}

#[test]
fn china_itself_is_not_a_place() {
    assert!(labels("我国在全国率先推出，中国服务走出去").is_empty());
}

#[test]
fn one_character_abbreviations_produce_no_wrong_places() {
    assert!(labels("港澳专业人士与日韩企业").is_empty());
    assert!(labels("中老铁路和中欧班列").is_empty());
    assert_eq!(labels("推进粤港澳工程项目合作"), Vec::<String>::new());
    // The region is a place; the abbreviations inside it are not read one by one.
    let found = find("粤港澳大湾区建筑行业", &LEXICON);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].place, PlaceRef::Region("greater-bay-area".into()));
}

#[test]
fn regions_and_longer_names_win_over_names_inside_them() {
    let found = find("面向南亚东南亚和马来西亚", &LEXICON);
    let places: Vec<_> = found.iter().map(|m| m.place.clone()).collect();
    assert_eq!(
        places,
        [
            PlaceRef::Region("south-asia".into()),
            PlaceRef::Region("southeast-asia".into()),
            country("MY"),
        ]
    );
    assert_eq!(LEXICON.info(&places[0]).unwrap().class, PlaceClass::Region);
}

#[test]
fn ambiguous_short_name_is_read_as_the_larger_division() {
    // 吉林 is a province and a city of it.
    assert_eq!(find("吉林", &LEXICON)[0].place, china("220000"));
    assert_eq!(find("吉林市", &LEXICON)[0].place, china("220200"));
}

#[test]
fn district_short_name_needs_its_city_in_the_text() {
    assert!(labels("滨江的企业").is_empty());
    let found = find("杭州滨江的企业", &LEXICON);
    assert_eq!(found[1].place, china("330108"));
    let district = LEXICON.info(&found[1].place).unwrap();
    assert_eq!(district.class, PlaceClass::District);
    assert_eq!(district.located_in, Some(china("330100")));
    // A full district name needs no context.
    assert_eq!(
        find("在南沙区先行开展试点", &LEXICON)[0].place,
        china("440115")
    );
}

#[test]
fn ranges_are_char_ranges_of_the_surface() {
    let text = "截至2023年，深圳市与香港合作";
    for m in find(text, &LEXICON) {
        let surface: String = text
            .chars()
            .skip(m.range.start)
            .take(m.range.len())
            .collect();
        assert_eq!(surface, m.surface);
    }
    assert_eq!(find(text, &LEXICON)[0].range, 8..11);
}

#[test]
fn lookup_exact_reads_provider_lines() {
    assert_eq!(lookup_exact("上海市", &LEXICON), Some(china("310000")));
    assert_eq!(lookup_exact("上海", &LEXICON), Some(china("310000")));
    assert_eq!(lookup_exact(" 昆明市 ", &LEXICON), Some(china("530100")));
    assert_eq!(lookup_exact("国家知识产权局", &LEXICON), None);
    assert_eq!(lookup_exact("市场监管总局", &LEXICON), None);
    // Stoplisted forms name nothing even on their own.
    assert_eq!(lookup_exact("合作", &LEXICON), None);
}

#[test]
fn info_carries_labels_codes_and_coordinates() {
    let shanghai = LEXICON.info(&china("310000")).unwrap();
    assert_eq!(shanghai.label_zh, "上海");
    assert_eq!(shanghai.label_en.as_deref(), Some("Shanghai"));
    assert_eq!(shanghai.adcode.as_deref(), Some("310000"));
    assert_eq!(shanghai.located_in, None);
    assert!(shanghai
        .latitude
        .is_some_and(|lat| (31.0..32.0).contains(&lat)));
    let laos = LEXICON.info(&country("LA")).unwrap();
    assert_eq!(
        (laos.class, laos.label_zh.as_str()),
        (PlaceClass::Country, "老挝")
    );
    assert!(LEXICON.places().count() > 3000);
}

const FIXTURE_PLACES: &str = "# fixture
adcode\tname\tshort\tkind\tparent\tlat\tlon\tname_en\tprefer
320000\t江苏省\t江苏\tProvince\t\t\t\tJiangsu\t1
320100\t南京市\t南京\tCity\t320000\t\t\tNanjing\t1
320106\t鼓楼区\t鼓楼\tDistrict\t320100\t\t\tGulou\t1
350000\t福建省\t福建\tProvince\t\t\t\tFujian\t1
350100\t福州市\t福州\tCity\t350000\t\t\tFuzhou\t1
350102\t鼓楼区\t鼓楼\tDistrict\t350100\t\t\tGulou\t0
";
const FIXTURE_COUNTRIES: &str = "# fixture
iso2\tname_zh\taliases\tname_en
US\t美国\t美利坚合众国\tUnited States
";
const FIXTURE_REGIONS: &str = "# fixture
slug\tname_zh\taliases\tname_en\tkind_note
yangtze-river-delta\t长三角\t长江三角洲\tYangtze River Delta\tcluster
";
const FIXTURE_STOPLIST: &str = "# fixture
form\tshadows\treason
南京路\t南京\tstreet name found in many cities
";

#[test]
fn district_sharing_a_name_resolves_by_the_city_named_beside_it() {
    let lexicon = PlaceLexicon::from_tables(
        FIXTURE_PLACES,
        FIXTURE_COUNTRIES,
        FIXTURE_REGIONS,
        FIXTURE_STOPLIST,
    )
    .unwrap();
    let codes = |text: &str| -> Vec<PlaceRef> {
        find(text, &lexicon).into_iter().map(|m| m.place).collect()
    };
    assert_eq!(codes("福州鼓楼"), [china("350100"), china("350102")]);
    assert_eq!(codes("南京鼓楼"), [china("320100"), china("320106")]);
    // Full name without context: the preferred one.
    assert_eq!(codes("鼓楼区"), [china("320106")]);
    // Short name without context: nothing.
    assert!(codes("鼓楼").is_empty());
    // Blocking context and alias.
    assert!(codes("南京路步行街").is_empty());
    assert_eq!(
        codes("美利坚合众国与长江三角洲"),
        [
            country("US"),
            PlaceRef::Region("yangtze-river-delta".into())
        ]
    );
    // The 国际 rule holds without a stoplist entry for it.
    assert!(codes("中美国际合作").is_empty());
}

#[test]
fn malformed_tables_are_reported() {
    let bad_kind = FIXTURE_PLACES.replace("Province", "Prefecture");
    let err = PlaceLexicon::from_tables(
        &bad_kind,
        FIXTURE_COUNTRIES,
        FIXTURE_REGIONS,
        FIXTURE_STOPLIST,
    )
    .unwrap_err();
    assert!(err.contains("Prefecture"), "{err}");
    let no_iso = FIXTURE_COUNTRIES.replace("iso2", "code");
    let err = PlaceLexicon::from_tables(FIXTURE_PLACES, &no_iso, FIXTURE_REGIONS, FIXTURE_STOPLIST)
        .unwrap_err();
    assert!(err.contains("iso2"), "{err}");
}
