//! Extraction on the classes other case books of this genre showed as misses,
//! on sentences written for the test (never any collection's text). The
//! organisation classes are tested in `src/extract/organization/tests.rs`.

use casegraph::extract::{quantity, title, Lexicons};

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
