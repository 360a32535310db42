//! Explicit calendar dates (`2020 年 11 月`, `2021年6月30日`).
//! STUB: to be implemented (matches nothing yet).

use std::ops::Range;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    pub value: DateValue,
    pub range: Range<usize>,
}

pub fn find(_text: &str) -> Vec<DateMatch> {
    Vec::new()
}
