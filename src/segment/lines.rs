//! Line classification: what each line of the PDF text is.
//!
//! The forms are those of case books of this genre (see `docs/conventions.md`);
//! section wordings come from `data/section_headings.tsv`.

use crate::extract::table::Table;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// The three sections of a case, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    /// `一、主要做法` (`工作举措`, `具体做法`, …)
    Measures,
    /// `二、实践效果` (`实践成果`, `实践成效`, `取得成效`, …)
    Outcomes,
    /// `三、下一步工作思路` (`下一步计划`, `工作打算`, …)
    NextSteps,
}

impl SectionKind {
    pub const ALL: [SectionKind; 3] = [
        SectionKind::Measures,
        SectionKind::Outcomes,
        SectionKind::NextSteps,
    ];

    /// The canonical heading.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Measures => "一、主要做法",
            SectionKind::Outcomes => "二、实践效果",
            SectionKind::NextSteps => "三、下一步工作思路",
        }
    }

    /// The path segment used in item IRIs.
    pub fn slug(self) -> &'static str {
        match self {
            SectionKind::Measures => "measure",
            SectionKind::Outcomes => "outcome",
            SectionKind::NextSteps => "next-step",
        }
    }

    fn from_table(name: &str) -> Option<Self> {
        match name {
            "measures" => Some(SectionKind::Measures),
            "outcomes" => Some(SectionKind::Outcomes),
            "next_steps" => Some(SectionKind::NextSteps),
            _ => None,
        }
    }
}

/// How the items of a section are numbered; the first item sets it, and
/// numbering of another style inside an item stays in that item's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemStyle {
    /// `（一）`
    ParenChinese,
    /// `（1）`
    ParenArabic,
    /// `1.` / `1．`
    ArabicDot,
    /// `1、`
    ArabicComma,
}

/// What a line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A lone page number between paragraphs.
    PageNumber,
    /// `N.title…`, `N、title…`, `案例N title`, `案例一：title`; `title_start` is
    /// the byte where the title starts (the line's end when the title is on the
    /// next line); `item_style` is how the line reads if it is not a case
    /// heading after all (`None` for the `案例` forms, which are never items).
    CaseHeading {
        number: u32,
        title_start: usize,
        item_style: Option<ItemStyle>,
    },
    /// `（上海市提供）`; the byte range of the provider's name.
    Provider(Range<usize>),
    /// `一、主要做法`; `kind` is `None` for a heading-shaped line whose wording
    /// is not in the table; `ordinal` is the heading's number when it has one;
    /// `rest_start` is the byte of any text after the heading on the same line.
    SectionHeading {
        kind: Option<SectionKind>,
        ordinal: Option<usize>,
        rest_start: Option<usize>,
    },
    /// A line that opens with an item number: `（一）`, `（1）`, `1.`, `1、`.
    ItemStart {
        style: ItemStyle,
        ordinal: usize,
    },
    Text,
}

impl LineKind {
    /// The item number a line opens with: an item line, or a plain `N.title`
    /// heading line that turned out not to head a case.
    pub fn item_start(&self) -> Option<(ItemStyle, usize)> {
        match *self {
            LineKind::ItemStart { style, ordinal } => Some((style, ordinal)),
            LineKind::CaseHeading {
                number,
                item_style: Some(style),
                ..
            } => Some((style, number as usize)),
            _ => None,
        }
    }
}

/// A pattern anchored at the start of a line (`^\s*` then a char of a
/// known class): a line whose first non-space char is of another class is
/// told apart without running the regex, ten of which were tried on every
/// line that could open a heading, an item or a provider.
struct Opening {
    regex: Regex,
    opens: fn(char) -> bool,
}

impl Opening {
    fn new(pattern: &str, opens: fn(char) -> bool) -> Self {
        Self {
            regex: Regex::new(pattern).expect("a valid pattern"),
            opens,
        }
    }

    fn can_match(&self, line: &str) -> bool {
        line.trim_start().chars().next().is_some_and(self.opens)
    }

    fn captures<'a>(&self, line: &'a str) -> Option<regex::Captures<'a>> {
        self.can_match(line)
            .then(|| self.regex.captures(line))
            .flatten()
    }

    fn is_match(&self, line: &str) -> bool {
        self.can_match(line) && self.regex.is_match(line)
    }
}

fn is_digit(c: char) -> bool {
    matches!(c, '0'..='9' | '０'..='９')
}

fn is_open_paren(c: char) -> bool {
    matches!(c, '（' | '(')
}

fn opens_case_label(c: char) -> bool {
    matches!(c, '【' | '[' | '案')
}

fn opens_section_ordinal(c: char) -> bool {
    c == '第' || is_numeral(c)
}

/// A Chinese numeral of one to ten (a `str::contains` per line cost more
/// than the rest of telling a line of text).
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

static CASE_PLAIN: LazyLock<Opening> = LazyLock::new(|| {
    Opening::new(
        r"^\s*([0-9０-９]{1,3})\s*([.．、])\s*([^\s0-9０-９.．%％].*)$",
        is_digit,
    )
});
static CASE_LABELLED: LazyLock<Opening> = LazyLock::new(|| {
    Opening::new(
        r"^\s*[【\[]?\s*案例\s*([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*[】\]]?\s*[：:.．、]?\s*([^\s，,。；;].*)?$",
        opens_case_label,
    )
});
// The name starts at a non-space char: with `(.+?)` a blank name (`（　提供）`,
// found by fuzzing) matched as the whitespace itself, and the segmenter, which
// trims lines, then took the `提` of `提供` for the provider.
static PROVIDER: LazyLock<Opening> = LazyLock::new(|| {
    Opening::new(
        r"^\s*[（(]\s*(?:(\S.*?)\s*(?:提供|供稿)|(?:供稿单位|提供单位|供稿)\s*[：:]\s*(\S.*?))\s*[）)]\s*$",
        is_open_paren,
    )
});
/// A section ordinal: `一、`, `一.`, `第一部分`, `第一部分：`.
static SECTION_ORDINAL: LazyLock<Opening> = LazyLock::new(|| {
    Opening::new(
        r"^\s*(?:第([一二三四五六七八九十]{1,3})部分\s*[、.．：:]?|([一二三四五六七八九十]{1,3})\s*[、.．])\s*",
        opens_section_ordinal,
    )
});
/// `1.` / `1、` before a section wording (the whole line): `1.主要做法`.
static ARABIC_ORDINAL: LazyLock<Opening> =
    LazyLock::new(|| Opening::new(r"^\s*([0-9０-９]{1,2})\s*[.．、]\s*", is_digit));
static PAREN_CHINESE: LazyLock<Opening> = LazyLock::new(|| {
    Opening::new(
        r"^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]",
        is_open_paren,
    )
});
static PAREN_ARABIC: LazyLock<Opening> =
    LazyLock::new(|| Opening::new(r"^\s*[（(]\s*([0-9０-９]{1,2})\s*[）)]", is_open_paren));
/// Item markers that can open an item's text (for its heading).
static ITEM_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[（(]\s*(?:[一二三四五六七八九十]{1,3}|[0-9０-９]{1,2})\s*[）)]|[0-9０-９]{1,2}\s*[.．、]|[一二三四五六七八九十]{1,3}是)\s*").unwrap()
});

/// Section wordings of `data/section_headings.tsv`.
struct SectionTable {
    /// Longest first.
    exact: Vec<(Vec<char>, SectionKind)>,
    contains: Vec<(String, SectionKind)>,
    /// Contained words that decide the kind by themselves.
    decides: Vec<(String, SectionKind)>,
    /// The first char of each `exact` wording.
    openers: Vec<char>,
}

static SECTIONS: LazyLock<SectionTable> = LazyLock::new(|| {
    let table = Table::parse(
        "section_headings.tsv",
        include_str!("../../data/section_headings.tsv"),
    )
    .expect("section_headings.tsv");
    let [wording, kind, mode] = table
        .columns(["wording", "kind", "match"])
        .expect("section_headings.tsv columns");
    let mut exact = Vec::new();
    let mut contains = Vec::new();
    let mut decides = Vec::new();
    for row in &table.rows {
        let k = SectionKind::from_table(row.get(kind))
            .unwrap_or_else(|| panic!("section_headings.tsv:{}: unknown kind", row.line));
        match row.get(mode) {
            "exact" if row.get(wording).is_empty() => {
                panic!("section_headings.tsv:{}: empty wording", row.line)
            }
            "exact" => exact.push((row.get(wording).chars().collect::<Vec<_>>(), k)),
            "contains" => contains.push((row.get(wording).to_string(), k)),
            "decides" => decides.push((row.get(wording).to_string(), k)),
            other => panic!("section_headings.tsv:{}: unknown match {other}", row.line),
        }
    }
    exact.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    let mut openers: Vec<char> = exact
        .iter()
        .filter_map(|(wording, _)| wording.first().copied())
        .collect();
    openers.sort_unstable();
    openers.dedup();
    SectionTable {
        openers,
        exact,
        contains,
        decides,
    }
});

/// Longest a heading without a known wording may be and still be read as one.
const MAX_HEADING_CHARS: usize = 15;
/// Longest a heading read by a word it contains may be.
const MAX_CONTAINS_CHARS: usize = 12;
const SENTENCE_PUNCTUATION: &[char] = &['。', '，', '；', '！', '？', ',', ';', '!', '?', '、'];

/// Classifies one line (without its terminator).
///
/// ```
/// use casegraph::segment::{classify, LineKind, SectionKind};
/// assert_eq!(classify(" 61 "), LineKind::PageNumber);
/// assert_eq!(classify("二、实践成果"), LineKind::SectionHeading { kind: Some(SectionKind::Outcomes), ordinal: Some(2), rest_start: None });
/// assert_eq!(classify("1.5 平方公里范围内"), LineKind::Text);
/// assert!(matches!(classify(" 4.对接国际"), LineKind::CaseHeading { number: 4, .. }));
/// assert!(matches!(classify("案例四　对接国际"), LineKind::CaseHeading { number: 4, item_style: None, .. }));
/// ```
pub fn classify(line: &str) -> LineKind {
    let trimmed = line.trim();
    let Some(first) = trimmed.chars().next() else {
        return LineKind::Blank;
    };
    if trimmed.len() <= 3 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return LineKind::PageNumber;
    }
    // Most lines are running text: their first char already rules out every
    // form below, which otherwise cost eight regex searches per line.
    if !opens_structure(first) {
        return LineKind::Text;
    }
    // `1.主要做法` is a section, not a case titled 主要做法.
    let section = section_heading(line);
    if let Some(kind) = case_heading(line).filter(|_| section.is_none()) {
        return kind;
    }
    if let Some(name) = provider_name(line) {
        return LineKind::Provider(name);
    }
    if let Some(kind) = section {
        return kind;
    }
    if let Some(c) = PAREN_CHINESE.captures(line) {
        if let Some(ordinal) = chinese_numeral(&c[1]) {
            let style = ItemStyle::ParenChinese;
            return LineKind::ItemStart { style, ordinal };
        }
    }
    if let Some(c) = PAREN_ARABIC.captures(line) {
        if let Some(ordinal) = arabic_numeral(&c[1]).filter(|&n| n > 0) {
            let style = ItemStyle::ParenArabic;
            return LineKind::ItemStart { style, ordinal };
        }
    }
    LineKind::Text
}

/// Whether a line whose first non-space char is `first` can be anything but
/// text: every form [`classify`] reads opens with a digit, a bracket or
/// parenthesis, `案` (`案例`), `第` (`第一部分`), a Chinese numeral, or the
/// first char of a section wording of the table.
fn opens_structure(first: char) -> bool {
    is_digit(first)
        || is_open_paren(first)
        || opens_case_label(first)
        || opens_section_ordinal(first)
        || SECTIONS.openers.contains(&first)
}

/// Longest a provider's name may be: one or several bodies, as printed (a
/// name carrying markup, `<script>…</script>管理局`, is kept whole, so it
/// was 30 until a 42-char one went silently into the policy basis).
pub const MAX_PROVIDER_CHARS: usize = 100;

/// The byte range of the name in a provider line (`（上海市提供）`); an item
/// line (`（一）…由上海市提供）`) or an over-long name is none.
fn provider_name(line: &str) -> Option<Range<usize>> {
    let c = PROVIDER.captures(line)?;
    let name = c.get(1).or(c.get(2)).expect("one group");
    let item = PAREN_CHINESE.is_match(line) || PAREN_ARABIC.is_match(line);
    (!item && name.as_str().chars().count() <= MAX_PROVIDER_CHARS).then(|| name.range())
}

/// Whether a line has the shape of a provider line, whatever its name: a
/// case heading followed by one that is not read as a provider gets a warning.
pub fn looks_like_provider(line: &str) -> bool {
    PROVIDER.is_match(line)
}

fn case_heading(line: &str) -> Option<LineKind> {
    if let Some(c) = CASE_LABELLED.captures(line) {
        let number = arabic_numeral(&c[1]).or_else(|| chinese_numeral(&c[1]))?;
        let title_start = c.get(2).map_or(line.trim_end().len(), |m| m.start());
        return (number > 0).then_some(LineKind::CaseHeading {
            number: number as u32,
            title_start,
            item_style: None,
        });
    }
    let c = CASE_PLAIN.captures(line)?;
    let number = arabic_numeral(&c[1]).filter(|&n| n > 0)?;
    let style = if &c[2] == "、" {
        ItemStyle::ArabicComma
    } else {
        ItemStyle::ArabicDot
    };
    Some(LineKind::CaseHeading {
        number: number as u32,
        title_start: c.get(3).expect("group").start(),
        item_style: Some(style),
    })
}

/// `一、主要做法`, `（二）取得成效：…`, `第三部分 下一步打算`, a bare `工作举措`
/// line, or a heading-shaped line of unknown wording (`四、经验启示`).
fn section_heading(line: &str) -> Option<LineKind> {
    let (ordinal, from, numeral_marker) = if let Some(c) = SECTION_ORDINAL.captures(line) {
        let n = c.get(1).or(c.get(2)).expect("one group");
        (
            chinese_numeral(n.as_str()),
            c.get(0).expect("match").end(),
            true,
        )
    } else if let Some(c) = PAREN_CHINESE.captures(line) {
        let end = c.get(0).expect("match").end();
        (chinese_numeral(&c[1]), end, false)
    } else if let Some(c) = ARABIC_ORDINAL.captures(line) {
        let end = c.get(0).expect("match").end();
        (arabic_numeral(&c[1]), end, false)
    } else {
        (None, 0, false)
    };
    let trim_end = line.trim_end().len();
    let rest_after = |end: usize| {
        let rest = &line[end..];
        let skip = rest.len()
            - rest
                .trim_start()
                .trim_start_matches(['：', ':', '】', ']'])
                .trim_start()
                .len();
        (end + skip < trim_end).then_some(end + skip)
    };
    let bracketed = line[from..].trim_start().trim_start_matches(['【', '[']);
    let from = line.len() - bracketed.len();
    if let Some((kind, end)) = exact_wording(line, from) {
        let rest_start = rest_after(end);
        // A bare or `（一）` heading is a whole line: otherwise it is an item or text.
        if numeral_marker || rest_start.is_none() {
            return Some(LineKind::SectionHeading {
                kind: Some(kind),
                ordinal,
                rest_start,
            });
        }
        return None;
    }
    if !numeral_marker {
        return None;
    }
    let colon = line[from..].find(['：', ':']).map(|i| from + i);
    let phrase: String = line[from..colon.unwrap_or(trim_end)]
        .chars()
        .filter(|c| !c.is_whitespace() && !"【】[]".contains(*c))
        .collect();
    let chars = phrase.chars().count();
    // `二、三产业…` is a wrapped line of text, not a heading.
    let numeral_next = phrase.starts_with(is_numeral);
    if chars == 0
        || chars > MAX_HEADING_CHARS
        || numeral_next
        || phrase.contains(SENTENCE_PUNCTUATION)
    {
        return None;
    }
    let rest_start = colon.and_then(rest_after);
    let kind = (chars <= MAX_CONTAINS_CHARS)
        .then(|| kind_by_contained_word(&phrase))
        .flatten();
    Some(LineKind::SectionHeading {
        kind,
        ordinal,
        rest_start,
    })
}

/// The longest table wording the line spells from byte `from` (spaces inside
/// it ignored), if it is followed by the end, a colon, a bracket or a space;
/// with the byte where the wording ends.
fn exact_wording(line: &str, from: usize) -> Option<(SectionKind, usize)> {
    let text = &line[from..];
    // Only wordings that open with the text's first char can be spelled:
    // the others are told without reading the text once each.
    let first = text.trim_start().chars().next();
    let mut candidates = SECTIONS
        .exact
        .iter()
        .filter(|(w, _)| w.first() == first.as_ref());
    candidates.find_map(|(wording, kind)| {
        let mut want = wording.iter().peekable();
        let mut end = None;
        for (i, c) in text.char_indices() {
            if want.peek().is_none() {
                end = Some(i);
                break;
            }
            if c.is_whitespace() {
                continue;
            }
            if Some(&&c) != want.peek() {
                return None;
            }
            want.next();
        }
        if want.peek().is_some() {
            return None;
        }
        let end = end.unwrap_or(text.len());
        let next = text[end..].chars().next();
        (!next.is_some_and(|c| !c.is_whitespace() && !"：:】]".contains(c)))
            .then_some((*kind, from + end))
    })
}

/// The one kind that the table's `contains` words in `phrase` agree on.
fn kind_by_contained_word(phrase: &str) -> Option<SectionKind> {
    if let Some((_, kind)) = SECTIONS
        .decides
        .iter()
        .find(|(word, _)| phrase.contains(word.as_str()))
    {
        return Some(*kind);
    }
    let mut kinds: Vec<SectionKind> = SECTIONS
        .contains
        .iter()
        .filter(|(word, _)| phrase.contains(word.as_str()))
        .map(|(_, kind)| *kind)
        .collect();
    kinds.dedup();
    kinds.sort();
    kinds.dedup();
    match kinds.as_slice() {
        [kind] => Some(*kind),
        _ => None,
    }
}

/// Byte length of a leading item marker (`（一）`, `（1）`, `1.`, `1、`, `一是`), 0 when there is none.
pub fn item_marker_len(text: &str) -> usize {
    ITEM_MARKER.find(text).map_or(0, |m| m.end())
}

/// The value of ASCII or full-width digits.
fn arabic_numeral(s: &str) -> Option<usize> {
    s.chars()
        .map(|c| match c {
            '0'..='9' => Some(c as usize - '0' as usize),
            '０'..='９' => Some(c as usize - '０' as usize),
            _ => None,
        })
        .try_fold(0usize, |n, d| Some(n.checked_mul(10)? + d?))
}

/// All the wordings of the section table, for error messages and docs.
pub fn section_wordings(kind: SectionKind) -> Vec<String> {
    SECTIONS
        .exact
        .iter()
        .filter(|(_, k)| *k == kind)
        .map(|(w, _)| w.iter().collect())
        .collect()
}
/// Value of a Chinese numeral from 一 to 九十九.
///
/// ```
/// assert_eq!(casegraph::segment::chinese_numeral("十二"), Some(12));
/// assert_eq!(casegraph::segment::chinese_numeral("二十"), Some(20));
/// assert_eq!(casegraph::segment::chinese_numeral("零"), None);
/// ```
pub fn chinese_numeral(s: &str) -> Option<usize> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p + 1)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', d] => Some(10 * digit(*t)? + digit(*d)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every wording of the table opens a heading on its own, indented or in
    /// brackets: none is taken for text by the first-char shortcut.
    #[test]
    fn every_table_wording_heads_a_section() {
        for kind in SectionKind::ALL {
            for wording in section_wordings(kind) {
                for line in [
                    wording.clone(),
                    format!("　【{wording}】"),
                    format!("二、{wording}"),
                ] {
                    assert!(
                        matches!(classify(&line), LineKind::SectionHeading { kind: Some(k), .. } if k == kind),
                        "{line}: {:?}",
                        classify(&line)
                    );
                }
            }
        }
        assert_eq!(classify("推动跨境贸易便利化"), LineKind::Text);
        assert!(matches!(
            classify(" 【案例3】对接国际"),
            LineKind::CaseHeading { number: 3, .. }
        ));
        assert!(matches!(
            classify("第二部分 实践效果"),
            LineKind::SectionHeading {
                ordinal: Some(2),
                ..
            }
        ));
    }

    #[test]
    fn provider_name_is_trimmed_and_never_blank() {
        let line = "（ 上海市\u{3000}提供）";
        let LineKind::Provider(name) = classify(line) else {
            panic!("not a provider line");
        };
        assert_eq!(&line[name], "上海市");
        // Fuzzer reproducer: an ideographic space where the name should be.
        assert_eq!(classify("（\u{3000}提供）"), LineKind::Text);
        assert_eq!(classify("( 提供)"), LineKind::Text);
        for line in ["（成都市商务局供稿）", "（供稿单位：成都市商务局）"] {
            let LineKind::Provider(name) = classify(line) else {
                panic!("{line}: not a provider line");
            };
            assert_eq!(&line[name], "成都市商务局");
        }
        assert_eq!(
            classify("（试行）"),
            LineKind::Text,
            "a parenthesis alone is no provider"
        );
        // Markup in the name is kept whole (it was dropped past 30 chars).
        let line = "（<script>document.title='owned'</script>管理局提供）";
        let LineKind::Provider(name) = classify(line) else {
            panic!("{line}: not a provider line");
        };
        assert_eq!(&line[name], "<script>document.title='owned'</script>管理局");
        // An item that ends with a provider's words stays an item.
        assert!(matches!(
            classify("（一）数据由上海市统计局提供）"),
            LineKind::ItemStart { .. }
        ));
        let long = format!("（{}提供）", "某".repeat(MAX_PROVIDER_CHARS + 1));
        assert_eq!(classify(&long), LineKind::Text);
        assert!(looks_like_provider(&long));
    }

    #[test]
    fn headings_read_by_the_words_they_contain() {
        let kind = |line: &str| match classify(line) {
            LineKind::SectionHeading { kind, .. } => kind,
            other => panic!("{line}: {other:?}"),
        };
        assert_eq!(kind("三、下一步工作举措"), Some(SectionKind::NextSteps));
        assert_eq!(kind("二、改革成效显著"), Some(SectionKind::Outcomes));
        assert_eq!(kind("一、主要创新举措"), Some(SectionKind::Measures));
        assert_eq!(kind("二、经验做法与成效"), None, "two kinds: unknown");
        assert_eq!(kind("四、经验启示"), None);
        assert_eq!(classify("二、三产业融合发展"), LineKind::Text);
        assert_eq!(classify("一、建立机制，完善体系"), LineKind::Text);
    }

    #[test]
    fn arabic_numbered_section_headings_are_no_case_headings() {
        assert_eq!(
            classify("1.主要做法"),
            LineKind::SectionHeading {
                kind: Some(SectionKind::Measures),
                ordinal: Some(1),
                rest_start: None
            }
        );
        assert!(matches!(
            classify("2、取得成效"),
            LineKind::SectionHeading {
                kind: Some(SectionKind::Outcomes),
                ..
            }
        ));
        assert!(matches!(
            classify("1.主要做法创新"),
            LineKind::CaseHeading { number: 1, .. }
        ));
    }
}
