use super::*;

/// (value, unit, qualifier) of every quantity of `text`.
fn found(text: &str) -> Vec<(String, String, String)> {
    find(text, &UnitLexicon::embedded())
        .into_iter()
        .map(|q| (q.value, q.unit, q.qualifier.unwrap_or_default()))
        .collect()
}

fn q(value: &str, unit: &str, qualifier: &str) -> (String, String, String) {
    (value.into(), unit.into(), qualifier.into())
}

#[test]
fn units_counters_and_magnitudes_as_printed() {
    assert_eq!(
        found("涉及会员单位 25 家，企业 41 家，挂钩贸易量近 140 万吨，货值逾 150亿人民币。"),
        [
            q("25", "家", ""),
            q("41", "家", ""),
            q("140", "万吨", "近"),
            q("150", "亿人民币", "逾"),
        ]
    );
    assert_eq!(
        found("累计开户 4.11万户，收付 6.5 万亿元，外币收付 225.9亿美元，面积 1.5 平方公里。"),
        [
            q("4.11", "万户", ""),
            q("6.5", "万亿元", ""),
            q("225.9", "亿美元", ""),
            q("1.5", "平方公里", ""),
        ]
    );
}

#[test]
fn hedges_before_between_and_after() {
    assert_eq!(
        found("受理咨询电话3100余通，培训企业约300余家，投资额超过10亿元以上，完成 90%以上。"),
        [
            q("3100", "通", "余"),
            q("300", "家", "约"),
            q("10", "亿元", "超过"),
            q("90", "%", "以上"),
        ]
    );
    assert_eq!(
        found("与 40 多个国家合作，办理业务 16 万多件，航摄 300 多万平方公里，申请专利 300 多项。"),
        [
            q("40", "个", "余"),
            q("16", "万件", "余"),
            q("300", "万平方公里", "余"),
            q("300", "项", "余"),
        ]
    );
    assert_eq!(
        found("合同金额高达 1484亿元，占比达到 55%，给予不超过 500 万元资助，不少于1亿元资金，成本低至2.98%/年，约 3 年左右。"),
        [
            q("1484", "亿元", "达"),
            q("55", "%", "达"),
            q("500", "万元", "不超过"),
            q("1", "亿元", "不少于"),
            q("2.98", "%/年", "低至"),
            q("3", "年", "约"),
        ]
    );
}

#[test]
fn words_ending_in_a_hedge_character_are_no_hedge() {
    assert_eq!(
        found("签约 69 个重点项目，节约 30%工期，附近 3 家银行。"),
        [q("69", "个", ""), q("30", "%", ""), q("3", "家", "")]
    );
}

#[test]
fn a_rate_phrase_may_stand_between_hedge_and_number() {
    assert_eq!(found("密度高达每平方公里 20 个"), [q("20", "个", "达")]);
}

#[test]
fn lists_ranges_and_rates() {
    assert_eq!(
        found("同比分别增长 12.7%、18.2%，占比分别为 92%和88%，1 至 2 天即可收款，服务 10-20 家企业，速度 3538.15 条/天。"),
        [
            q("12.7", "%", ""),
            q("18.2", "%", ""),
            q("92", "%", ""),
            q("88", "%", ""),
            q("1", "天", ""),
            q("2", "天", ""),
            q("10", "家", ""),
            q("20", "家", ""),
            q("3538.15", "条/天", ""),
        ]
    );
}

#[test]
fn longest_unit_wins() {
    assert_eq!(
        found("开展活动 30 场次，培训 1 万人次，展示 1 个月，接受咨询 200 余项次。"),
        [
            q("30", "场次", ""),
            q("1", "万人次", ""),
            q("1", "个月", ""),
            q("200", "项次", "余"),
        ]
    );
}

#[test]
fn a_bare_magnitude_is_the_unit() {
    assert_eq!(found("覆盖逾 3 亿收视用户"), [q("3", "亿", "逾")]);
}

#[test]
fn years_dates_ordinals_and_labels_are_not_quantities() {
    assert!(found("2020 年 11 月，2022 年，截至 2023 年 3月末，自 2021 年 1 月 1 日起").is_empty());
    assert!(found("第 3 批试点，第十五届电影节，20 号胶期货，5大行业，签订4年期协议").is_empty());
    assert!(
        found("“十四五”规划，“1+4”架构，“6+2”体系，P2 实验室，3D 全息，5G 网络，J/80 级别")
            .is_empty()
    );
    assert!(found("编撰《服务贸易100问》，近三成，两年以来，去回比例约 5：4 左右").is_empty());
}

#[test]
fn digits_are_told_from_their_bytes() {
    for digit in ["0", "9", "０", "９"] {
        assert!(prints_digit(&format!("服务（{digit}）：")), "{digit}");
    }
    // Full-width punctuation and `优` (`E4 BC 98`) share bytes with `９`.
    assert!(!prints_digit("优化（服务）：，；"));
    assert!(!prints_digit(""));
}

#[test]
fn every_kind_of_quotation_mark_quotes() {
    assert!(found("‘3 家’，「40 个」，『5 项』，“6 件”，《7 份》").is_empty());
    // An opening mark without its closing mark quotes nothing.
    assert_eq!(found("「共 8 家"), [q("8", "家", "")]);
}

#[test]
fn a_number_after_a_title_still_counts() {
    assert_eq!(
        found("编撰印制《服务贸易100问》6000册，入选“2022 全国百强企业”的 4 家企业"),
        [q("6000", "册", ""), q("4", "家", "")]
    );
}

#[test]
fn a_duration_in_years_is_a_quantity_but_a_year_is_not() {
    assert_eq!(found("连续 3 年获评，2023 年"), [q("3", "年", "")]);
}

#[test]
fn thousands_separators_and_full_width_digits() {
    assert_eq!(
        found("营收 1,000 万元，服务 ２５ 家"),
        [q("1000", "万元", ""), q("25", "家", "")]
    );
    // An ASCII comma between clauses is no thousands separator.
    assert_eq!(found("完成 12,在境内 5 家"), [q("5", "家", "")]);
}

#[test]
fn normalised_values_are_exact_decimals() {
    let lexicon = UnitLexicon::embedded();
    let normalized = |text: &str| find(text, &lexicon)[0].normalized.clone();
    let pair = |v: &str, u: &str| Some((v.to_string(), u.to_string()));
    assert_eq!(normalized("近 140 万吨"), pair("1400000", "t"));
    assert_eq!(normalized("6.5 万亿元"), pair("6500000000000", "CNY"));
    assert_eq!(normalized("225.9亿美元"), pair("22590000000", "USD"));
    assert_eq!(normalized("45 万标箱"), pair("450000", "TEU"));
    assert_eq!(normalized("0.3 万欧元"), pair("3000", "EUR"));
    assert_eq!(normalized("12.7%"), pair("12.7", "percent"));
    assert_eq!(normalized("1.5 平方公里"), pair("1.5", "km2"));
    assert_eq!(normalized("4.65 万人次"), pair("46500", "人次"));
    assert_eq!(normalized("25 家"), None);
    assert_eq!(normalized("3 亿"), None);
}

#[test]
fn reference_dates_come_from_the_same_sentence() {
    let lexicon = UnitLexicon::embedded();
    let refs = |text: &str| -> Vec<Option<String>> {
        find(text, &lexicon)
            .into_iter()
            .map(|q| q.ref_date)
            .collect()
    };
    assert_eq!(
        refs("2021 年，价格首度成为基准；2022 年，贸易量近 140 万吨，较 2021 年（5 万吨）大幅增加。货值 150 亿元。"),
        [Some("2022".into()), Some("2021".into()), None]
    );
    assert_eq!(
        refs("截至 2023 年 6 月底，已与 3 家银行合作"),
        [Some("2023-06".into())]
    );
    assert_eq!(
        refs("2021 年和 2022 年，武汉出口总额分别为 853.2 亿元、1008.6 亿元。"),
        [Some("2021".into()), Some("2022".into())]
    );
}

#[test]
fn ranges_cover_hedge_number_and_unit() {
    let found = find("货值逾 150亿人民币。", &UnitLexicon::embedded());
    assert_eq!(found[0].range, 2..11);
    let found = find("约300余家", &UnitLexicon::embedded());
    assert_eq!(found[0].range, 0..6);
}

#[test]
fn decimal_arithmetic() {
    assert_eq!(
        multiply_decimal("1.9", "100000000").as_deref(),
        Some("190000000")
    );
    assert_eq!(multiply_decimal("3538.15", "1").as_deref(), Some("3538.15"));
    assert_eq!(multiply_decimal("0", "10000").as_deref(), Some("0"));
    assert_eq!(multiply_decimal("1e5", "1"), None);
    assert_eq!(multiply_decimal(".5", "1"), None);
    // Past u128: no figure rather than a wrong one.
    let huge = "9".repeat(38);
    assert_eq!(multiply_decimal(&huge, "1").as_deref(), Some(huge.as_str()));
    assert_eq!(multiply_decimal(&format!("{huge}9"), "1"), None);
    assert_eq!(multiply_decimal(&huge, "10"), None);
}

#[test]
fn a_label_colon_is_no_ratio() {
    assert_eq!(
        found("平均传播速度：3538.15 条/天，最高峰值 2.8623 万条，去回比例约 5：4 左右。"),
        [q("3538.15", "条/天", ""), q("2.8623", "万条", "最高")]
    );
}

#[test]
fn a_comparison_baseline_year_refers_only_to_the_figure_right_after_it() {
    let lexicon = UnitLexicon::embedded();
    let refs = |text: &str| -> Vec<Option<String>> {
        find(text, &lexicon)
            .into_iter()
            .map(|q| q.ref_date)
            .collect()
    };
    assert_eq!(
        refs("2022年全年监测企业458家，比2017年增加67%；2023 年贸易量近 90 万吨，较 2022 年（3 万吨）大幅增加，货值逾 80亿元。"),
        [
            Some("2022".into()),
            Some("2022".into()),
            Some("2023".into()),
            Some("2022".into()),
            Some("2023".into()),
        ]
    );
}

#[test]
fn a_rate_keeps_its_denominator_when_normalised() {
    let found = find("融资成本低至2.98%/年", &UnitLexicon::embedded());
    assert_eq!(
        found[0].normalized,
        Some(("2.98".into(), "percent/年".into()))
    );
}

#[test]
fn more_labels_ranks_and_ranges() {
    assert!(found("提供 7×24 小时服务，引进 J-20 型号，居全国前 3 名，C919 大飞机").is_empty());
    assert_eq!(
        found("降低成本 30%-50%，提前 3 天完成，2021-2023 年间"),
        [q("30", "%", ""), q("50", "%", ""), q("3", "天", "")]
    );
}

#[test]
fn made_up_texts_of_other_places_and_figures() {
    assert_eq!(
        found("截至 2023 年 9 月，招商银行武汉分行累计服务 1.2 万余家外贸企业，办理结算逾 86.4 亿美元，较上年增长 27.5%，平均办理时间缩短至 2 个工作日。"),
        [
            q("1.2", "万家", "余"),
            q("86.4", "亿美元", "逾"),
            q("27.5", "%", ""),
            q("2", "个工作日", ""),
        ]
    );
    assert_eq!(
        found(
            "西安港全年开行 4,068 列，集装箱吞吐量约 38.6 万 TEU，签约《中欧班列运输协议》12 份。"
        ),
        [
            q("4068", "列", ""),
            q("38.6", "万TEU", "约"),
            q("12", "份", ""),
        ]
    );
}
