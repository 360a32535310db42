//! Line classification: what each line of the PDF text is.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// The three sections of a case, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    /// `一、主要做法`
    Measures,
    /// `二、实践效果` (`实践成果`, `实践成效`)
    Outcomes,
    /// `三、下一步工作思路`
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
}

/// What a line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A lone page number between paragraphs.
    PageNumber,
    /// `N.title…`; `title_start` is the byte where the title starts.
    CaseHeading {
        number: u32,
        title_start: usize,
    },
    /// `（上海市提供）`; the byte range of the provider's name.
    Provider(Range<usize>),
    /// `一、主要做法`; `rest_start` is the byte of any text after the heading on the same line.
    SectionHeading {
        kind: SectionKind,
        rest_start: Option<usize>,
    },
    /// A line that opens with `（一）`, `（二）`, …
    ItemStart {
        ordinal: usize,
    },
    Text,
}

static CASE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([0-9]{1,3})\s*[.．、]\s*([^\s0-9.．%％].*)$").unwrap());
// The name starts at a non-space char: with `(.+?)` a blank name (`（　提供）`,
// found by fuzzing) matched as the whitespace itself, and the segmenter, which
// trims lines, then took the `提` of `提供` for the provider.
static PROVIDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[（(]\s*(\S.*?)\s*提供\s*[）)]\s*$").unwrap());
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([一二三四五])\s*[、.．]\s*(主要做法|实践效果|实践成果|实践成效|下一步工作思路|下一步工作计划|下一步工作|下一步计划|下一步)\s*[：:]?\s*").unwrap()
});
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[（(]([一二三四五六七八九十]{1,3})[）)]").unwrap());

/// Classifies one line (without its terminator).
///
/// ```
/// use casegraph::segment::{classify, LineKind, SectionKind};
/// assert_eq!(classify(" 61 "), LineKind::PageNumber);
/// assert_eq!(classify("二、实践成果"), LineKind::SectionHeading { kind: SectionKind::Outcomes, rest_start: None });
/// assert_eq!(classify("1.5 平方公里范围内"), LineKind::Text);
/// assert!(matches!(classify(" 4.对接国际"), LineKind::CaseHeading { number: 4, .. }));
/// ```
pub fn classify(line: &str) -> LineKind {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return LineKind::Blank;
    }
    if trimmed.len() <= 3 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return LineKind::PageNumber;
    }
    if let Some(c) = CASE_HEADING.captures(line) {
        if let Ok(number) = c[1].parse::<u32>() {
            if number > 0 {
                return LineKind::CaseHeading {
                    number,
                    title_start: c.get(2).expect("group").start(),
                };
            }
        }
    }
    if let Some(c) = PROVIDER.captures(line) {
        let name = c.get(1).expect("group");
        if name.as_str().chars().count() <= 30 {
            return LineKind::Provider(name.range());
        }
    }
    if let Some(c) = SECTION.captures(line) {
        let kind = match &c[2] {
            "主要做法" => SectionKind::Measures,
            "实践效果" | "实践成果" | "实践成效" => SectionKind::Outcomes,
            _ => SectionKind::NextSteps,
        };
        let end = c.get(0).expect("match").end();
        let rest_start = (end < line.trim_end().len()).then_some(end);
        return LineKind::SectionHeading { kind, rest_start };
    }
    if let Some(c) = ITEM.captures(line) {
        if let Some(ordinal) = chinese_numeral(&c[1]) {
            return LineKind::ItemStart { ordinal };
        }
    }
    LineKind::Text
}

/// Byte length of a leading `（一）` marker, 0 when there is none.
pub fn item_marker_len(text: &str) -> usize {
    ITEM.find(text).map_or(0, |m| m.end())
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
    }
}
