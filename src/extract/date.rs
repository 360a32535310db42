//! Explicit calendar dates (`2020 年 11 月`, `2021年6月30日`).
//!
//! A date needs a four-digit year and a month; a bare year (`2022 年`, `2023 年初`)
//! is no date. In a range whose second end leaves out what the first one printed
//! (`2021年6月至8月`, `2021年6月1日至30日`), the second end takes the year (and
//! month) of the first: both ends are explicit dates a reader can state.

use super::quantity::ascii_digit;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateValue {
    YearMonth(i32, u32),
    Date(i32, u32, u32),
}

impl DateValue {
    /// `YYYY-MM` or `YYYY-MM-DD`, the `xsd:gYearMonth` / `xsd:date` lexical form.
    pub fn lexical(&self) -> String {
        match self {
            DateValue::YearMonth(y, m) => format!("{y:04}-{m:02}"),
            DateValue::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
        }
    }
}

/// A date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    pub value: DateValue,
    /// Char range in the searched text.
    pub range: Range<usize>,
}

/// Years a text treats as plausible calendar years.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// `2021 年 6 月 30 日`: year, month and an optional day, spaces allowed anywhere.
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月(?:\s*([0-9０-９]{1,2})\s*[日号])?")
        .expect("date regex")
});

/// The end of a range that leaves out the year: `至 8 月`, `至 8 月 31 日`, or only the day `至 30 日`.
static RANGE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:至|到|-|—|－|~|～)\s*(?:([0-9０-９]{1,2})\s*月(?:\s*([0-9０-９]{1,2})\s*[日号])?|([0-9０-９]{1,2})\s*[日号])")
        .expect("range regex")
});

/// `2022 年` with an optional month: what a figure can refer to.
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9０-９]{4})\s*年(?:\s*([0-9０-９]{1,2})\s*月)?").expect("year regex")
});

/// Finds every explicit date of `text`, in text order.
///
/// ```
/// use casegraph::extract::date::{find, DateValue};
/// let found = find("2020 年 11 月上市，2021年6月30日前完成；2022 年全年增长。");
/// let values: Vec<_> = found.iter().map(|d| d.value).collect();
/// assert_eq!(values, [DateValue::YearMonth(2020, 11), DateValue::Date(2021, 6, 30)]);
/// ```
pub fn find(text: &str) -> Vec<DateMatch> {
    let mut out = Vec::new();
    for caps in FULL_DATE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if preceded_by_digit(text, whole.start()) {
            continue;
        }
        let (year, month) = (number(&caps[1]) as i32, number(&caps[2]));
        let day = caps.get(3).map(|d| number(d.as_str()));
        let Some(value) = date_value(year, month, day) else {
            continue;
        };
        out.push(DateMatch {
            value,
            range: char_range(text, whole.range()),
        });
        // `至 8 月`, `至 30 日`: the other end of the range, in the same year (and month).
        let rest = &text[whole.end()..];
        if let Some(tail) = RANGE_TAIL.captures(rest) {
            let end_value = match (tail.get(1), tail.get(2), tail.get(3)) {
                (Some(m), d, _) => {
                    date_value(year, number(m.as_str()), d.map(|d| number(d.as_str())))
                }
                (None, _, Some(d)) if day.is_some() => {
                    date_value(year, month, Some(number(d.as_str())))
                }
                _ => None,
            };
            let tail_end = whole.end() + tail.get(0).expect("match").end();
            if let Some(value) = end_value {
                out.push(DateMatch {
                    value,
                    range: char_range(text, whole.end()..tail_end),
                });
            }
        }
    }
    out
}

/// A year printed in a text, with the month when one follows (`2023 年 3 月末`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearMention {
    pub year: i32,
    pub month: Option<u32>,
    /// Char range in the searched text.
    pub range: Range<usize>,
}

impl YearMention {
    /// `2022` or `2022-03`.
    pub fn lexical(&self) -> String {
        match self.month {
            Some(m) => format!("{:04}-{m:02}", self.year),
            None => format!("{:04}", self.year),
        }
    }
}

/// Every year printed as `NNNN 年` (with its month, if any): the time a figure can refer to.
///
/// ```
/// use casegraph::extract::date::find_years;
/// let years = find_years("2021 年和 2022年 3 月分别为");
/// let lexical: Vec<_> = years.iter().map(|y| y.lexical()).collect();
/// assert_eq!(lexical, ["2021", "2022-03"]);
/// ```
pub fn find_years(text: &str) -> Vec<YearMention> {
    YEAR.captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0).expect("match");
            let year = number(&caps[1]) as i32;
            if preceded_by_digit(text, whole.start()) || !YEARS.contains(&year) {
                return None;
            }
            let month = caps
                .get(2)
                .map(|m| number(m.as_str()))
                .filter(|m| (1..=12).contains(m));
            Some(YearMention {
                year,
                month,
                range: char_range(text, whole.range()),
            })
        })
        .collect()
}

/// A checked date: the year plausible, the month 1–12, the day valid for the month.
fn date_value(year: i32, month: u32, day: Option<u32>) -> Option<DateValue> {
    if !YEARS.contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    match day {
        None => Some(DateValue::YearMonth(year, month)),
        Some(d) if (1..=days_in_month(year, month)).contains(&d) => {
            Some(DateValue::Date(year, month, d))
        }
        Some(_) => None,
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// `12022 年` holds no year 2022.
fn preceded_by_digit(text: &str, byte: usize) -> bool {
    text[..byte]
        .chars()
        .next_back()
        .is_some_and(|c| ascii_digit(c).is_some())
}

/// The value of the ASCII or full-width digits the patterns above matched
/// (at most four: no overflow). `str::parse` reads ASCII digits only, and
/// panicked on `２０２１年６月`.
fn number(digits: &str) -> u32 {
    digits
        .chars()
        .filter_map(ascii_digit)
        .fold(0, |n, d| n * 10 + (d as u32 - '0' as u32))
}

/// The char range of a byte range of `text`.
fn char_range(text: &str, bytes: Range<usize>) -> Range<usize> {
    let start = text[..bytes.start].chars().count();
    start..start + text[bytes].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_are_dates_too() {
        let found = find("２０２１年６月１日至３０日上线，2022 年 ３ 月复盘");
        let values: Vec<_> = found.iter().map(|d| d.value).collect();
        assert_eq!(
            values,
            [
                DateValue::Date(2021, 6, 1),
                DateValue::Date(2021, 6, 30),
                DateValue::YearMonth(2022, 3)
            ]
        );
        let years: Vec<_> = find_years("２０２３年３月末")
            .iter()
            .map(|y| y.lexical())
            .collect();
        assert_eq!(years, ["2023-03"]);
        // A full-width digit before the year makes it no year, as an ASCII one does.
        assert!(find("１２０２１年６月").is_empty());
    }

    fn lexicals(text: &str) -> Vec<String> {
        find(text).iter().map(|d| d.value.lexical()).collect()
    }

    #[test]
    fn year_month_and_full_dates_with_pdf_spacing() {
        assert_eq!(
            lexicals("2020 年 11 月，上期所上市国际铜期货。截至 2023 年 3月末，累计开户。"),
            ["2020-11", "2023-03"]
        );
        assert_eq!(
            lexicals("自 2021 年 1 月 1 日起统一品牌；2021 年 12 月 4 日，班列始发。"),
            ["2021-01-01", "2021-12-04"]
        );
        assert_eq!(lexicals("截至2022 年12 月，服务 6 家企业"), ["2022-12"]);
    }

    #[test]
    fn bare_years_and_year_parts_are_no_dates() {
        assert!(lexicals("2022 年，挂钩实货贸易量近 140 万吨，较 2021 年大幅增加").is_empty());
        assert!(lexicals("截至 2022 年底，于 2023 年初正式启动，2021 年下半年").is_empty());
    }

    #[test]
    fn both_ends_of_a_range() {
        assert_eq!(
            lexicals("2022 年 1 月至 2023 年 3 月末，成都实现交易"),
            ["2022-01", "2023-03"]
        );
        assert_eq!(
            lexicals("2021年6月至8月，武汉开展试点"),
            ["2021-06", "2021-08"]
        );
        assert_eq!(
            lexicals("2023年9月1日至30日在南宁举办"),
            ["2023-09-01", "2023-09-30"]
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(lexicals("2021 年 13 月").is_empty());
        assert!(lexicals("2023 年 2 月 30 日").is_empty());
        assert_eq!(lexicals("2024 年 2 月 29 日"), ["2024-02-29"]);
    }

    #[test]
    fn ranges_are_in_chars() {
        let found = find("天津于2019年5月");
        assert_eq!(found[0].range, 3..10);
    }

    #[test]
    fn years_with_months_for_reference() {
        let years = find_years("先后于 2018 年 11 月、2022 年开展，123456 年不算");
        let lexical: Vec<_> = years.iter().map(|y| y.lexical()).collect();
        assert_eq!(lexical, ["2018-11", "2022"]);
    }
}
