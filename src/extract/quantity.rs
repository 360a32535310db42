//! Quantities printed with digits and a unit or counter (`近 140 万吨`, `30%以上`,
//! `40 多个`, `3538.15 条/天`).
//!
//! A quantity is a number written with digits followed by a unit, a counter or a
//! `万`/`亿` magnitude from `data/units.tsv`; hedge words around it (`近`, `超过`,
//! `多`, `以上`…) come from `data/qualifiers.tsv`. Numbers that are not quantities
//! are skipped: years and date parts (`2022 年`, `11 月`: `年` counts only for short
//! durations, `月`/`日` are no units), ordinals (`第 3 批`), labels (`20 号胶`,
//! `5大行业`, `4年期`), anything inside `《》` or quotation marks (`《服务贸易100问》`,
//! `“1+4”`), numbers glued to Latin letters (`P2`, `3D`, `5G`) or to `+` (`6+2`).
//!
//! Values are kept as decimal strings and scaled exactly (no floating point), so
//! `6.5 万亿元` normalises to `6500000000000` CNY.

use super::date;
use super::offsets::{any_byte, string_of};
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind};
use std::ops::Range;

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The number as printed, as an `xsd:decimal` lexical form (`140`, `1.5`, `10000`).
    pub value: String,
    /// The unit or counter as printed (`万吨`, `%`, `家`).
    pub unit: String,
    /// Hedge word (`近`, `逾`, `约`, `余`, …), normalised per the guidelines.
    pub qualifier: Option<String>,
    /// Value in base units and that unit (`1400000`, `t`), when the unit is known.
    pub normalized: Option<(String, String)>,
    /// The year or year-month the figure refers to (`2022`, `2023-06`), when the sentence says.
    pub ref_date: Option<String>,
    /// Char range in the searched text.
    pub range: Range<usize>,
}

/// What a unit of `data/units.tsv` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    /// `万`, `亿`: multiplies the unit after it.
    Magnitude,
    /// Physical units, currencies, percent: normalised to a base unit.
    Measure,
    /// Measure words and durations: no base unit.
    Counter,
    /// A number followed by it is a label, not a quantity (`5大行业`, `4年期`).
    Label,
}

#[derive(Debug, Clone)]
struct Unit {
    surface: String,
    /// Base unit, for [`UnitKind::Measure`].
    base: Option<String>,
    /// Exact decimal factor to the base unit (or the magnitude itself).
    factor: String,
    kind: UnitKind,
    /// A duration such as `年`: a four-digit number before it is a year, not a count.
    duration: bool,
}

/// A word of `data/qualifiers.tsv`: a hedge, or (`normalized: None`) a word that
/// merely ends in a hedge character (`签约` is no `约`).
#[derive(Debug, Clone)]
struct Hedge {
    normalized: Option<String>,
}

/// Dictionary matchers over one list of words.
#[derive(Debug)]
struct WordTable<T> {
    entries: Vec<T>,
    matcher: AhoCorasick,
}

impl<T> WordTable<T> {
    /// `words[i]` is the surface of `entries[i]`; `reversed` builds a matcher that
    /// reads text backwards (for words that end where a number starts).
    fn new(words: Vec<String>, entries: Vec<T>, reversed: bool) -> Self {
        let patterns: Vec<String> = if reversed {
            words.iter().map(|w| w.chars().rev().collect()).collect()
        } else {
            words
        };
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(&patterns)
            .expect("word table patterns compile");
        Self { entries, matcher }
    }

    /// The longest entry that starts exactly at the beginning of `text`, with its length in bytes.
    fn longest_at_start(&self, text: &str) -> Option<(&T, usize)> {
        let input = Input::new(text).anchored(Anchored::Yes);
        self.matcher
            .find(input)
            .map(|m| (&self.entries[m.pattern().as_usize()], m.end()))
    }
}

/// The units, counters and hedge words of `data/units.tsv` and `data/qualifiers.tsv`.
#[derive(Debug)]
pub struct UnitLexicon {
    /// Units, counters and labels (not magnitudes).
    units: WordTable<Unit>,
    magnitudes: WordTable<Unit>,
    /// Words just before the number, matched backwards.
    hedges_before: WordTable<Hedge>,
    hedges_between: WordTable<Hedge>,
    hedges_after: WordTable<Hedge>,
}

impl Default for UnitLexicon {
    fn default() -> Self {
        Self::embedded()
    }
}

impl UnitLexicon {
    /// The tables shipped in `data/`.
    pub fn embedded() -> Self {
        Self::parse(
            include_str!("../../data/units.tsv"),
            include_str!("../../data/qualifiers.tsv"),
        )
    }

    /// Builds the lexicon from the text of a units table and a qualifiers table
    /// (formats described in their header comments).
    ///
    /// # Panics
    /// On a malformed line: the tables are compiled in, so this is a build error.
    pub fn parse(units_tsv: &str, qualifiers_tsv: &str) -> Self {
        let (mut unit_words, mut units) = (Vec::new(), Vec::new());
        let (mut magnitude_words, mut magnitudes) = (Vec::new(), Vec::new());
        for (_, fields) in super::table::rows(units_tsv) {
            let [surface, base, factor, kind] = fields[..] else {
                panic!("units.tsv: expected 4 columns in {fields:?}");
            };
            let unit = Unit {
                surface: surface.to_string(),
                base: (base != "-").then(|| base.to_string()),
                factor: factor.to_string(),
                kind: match kind {
                    "magnitude" => UnitKind::Magnitude,
                    "measure" | "currency" | "percent" => UnitKind::Measure,
                    "counter" | "duration" => UnitKind::Counter,
                    "label" => UnitKind::Label,
                    other => panic!("units.tsv: unknown kind {other}"),
                },
                duration: kind == "duration",
            };
            if unit.kind == UnitKind::Magnitude {
                magnitude_words.push(surface.to_string());
                magnitudes.push(unit);
            } else {
                unit_words.push(surface.to_string());
                units.push(unit);
            }
        }
        let mut by_place: [(Vec<String>, Vec<Hedge>); 3] = Default::default();
        let mut blockers = Vec::new();
        for (_, fields) in super::table::rows(qualifiers_tsv) {
            let [surface, normalized, place] = fields[..] else {
                panic!("qualifiers.tsv: expected 3 columns in {fields:?}");
            };
            let slot = match place {
                "before" => 0,
                "between" => 1,
                "after" => 2,
                "not" => {
                    blockers.push(surface.to_string());
                    continue;
                }
                other => panic!("qualifiers.tsv: unknown place {other}"),
            };
            by_place[slot].0.push(surface.to_string());
            by_place[slot].1.push(Hedge {
                normalized: Some(normalized.to_string()),
            });
        }
        // Blockers compete with the hedges before the number: the longest word wins.
        for word in blockers {
            by_place[0].0.push(word);
            by_place[0].1.push(Hedge { normalized: None });
        }
        let [before, between, after] = by_place;
        Self {
            units: WordTable::new(unit_words, units, false),
            magnitudes: WordTable::new(magnitude_words, magnitudes, false),
            hedges_before: WordTable::new(before.0, before.1, true),
            hedges_between: WordTable::new(between.0, between.1, false),
            hedges_after: WordTable::new(after.0, after.1, false),
        }
    }
}

/// Finds every quantity of `text`, in text order.
///
/// ```
/// use casegraph::extract::quantity::{find, UnitLexicon};
/// let found = find("2022 年，挂钩实货贸易量近 140 万吨，货值逾 150亿人民币。", &UnitLexicon::embedded());
/// assert_eq!(found.len(), 2);
/// assert_eq!((found[0].value.as_str(), found[0].unit.as_str()), ("140", "万吨"));
/// assert_eq!(found[0].qualifier.as_deref(), Some("近"));
/// assert_eq!(found[0].normalized, Some(("1400000".into(), "t".into())));
/// assert_eq!(found[0].ref_date.as_deref(), Some("2022"));
/// ```
pub fn find(text: &str, lexicon: &UnitLexicon) -> Vec<Quantity> {
    with_digits(text).map_or_else(Vec::new, |text| find_in(&text, lexicon))
}

/// [`find`], each quantity with the sentence it is printed in: the search's
/// decoding of the block serves to cut the sentences too.
///
/// ```
/// use casegraph::extract::quantity::{find_in_sentences, UnitLexicon};
/// let found = find_in_sentences("首年。挂钩近 140 万吨。其后", &UnitLexicon::embedded());
/// assert_eq!(found[0].1, "挂钩近 140 万吨。");
/// ```
pub fn find_in_sentences(text: &str, lexicon: &UnitLexicon) -> Vec<(Quantity, String)> {
    let Some(text) = with_digits(text) else {
        return Vec::new();
    };
    find_in(&text, lexicon)
        .into_iter()
        .map(|q| {
            let sentence = super::sentence::bounds(&text.chars, q.range.clone());
            // Cut from the text, not collected char by char.
            let bytes = text.byte_of[sentence.start]..text.byte_of[sentence.end];
            let sentence = text.text[bytes].to_string();
            (q, sentence)
        })
        .collect()
}

/// `text` decoded, if it prints a digit: most blocks print none, and then
/// there is nothing to index.
fn with_digits(text: &str) -> Option<CharText<'_>> {
    prints_digit(text).then(|| CharText::new(text))
}

/// Whether `text` prints an ASCII or a full-width digit (`０`…`９`, in UTF-8
/// `EF BC 90`…`EF BC 99`), read from its bytes without a branch per byte:
/// decoding the chars of the blocks without one cost more.
fn prints_digit(text: &str) -> bool {
    let b = text.as_bytes();
    let full_width =
        |i: usize| (b[i - 2] == 0xEF) & (b[i - 1] == 0xBC) & (b[i].wrapping_sub(0x90) < 10);
    any_byte(text, |x| x.is_ascii_digit())
        || (2..b.len()).fold(false, |found, i| found | full_width(i))
}

fn find_in(text: &CharText, lexicon: &UnitLexicon) -> Vec<Quantity> {
    let chars = &text.chars;
    let quoted = quoted_chars(chars);
    let numbers = numbers(chars);
    let mut out = Vec::new();
    for (i, number) in numbers.iter().enumerate() {
        if quoted[number.range.start] || is_label_number(chars, number) {
            continue;
        }
        // `1 至 2 天`, `10-20 家`: the first number takes the unit of the second.
        let own_unit = read_unit(text, number.range.end, lexicon);
        let (tail, end) = match own_unit {
            Some(tail) => {
                let end = tail.end;
                (tail, end)
            }
            None => {
                let shared = numbers
                    .get(i + 1)
                    .filter(|next| is_range_connector(&chars[number.range.end..next.range.start]))
                    .and_then(|next| read_unit(text, next.range.end, lexicon));
                match shared {
                    Some(tail) => (tail, number.range.end),
                    None => continue,
                }
            }
        };
        if tail.label
            || (tail.is_duration && number.digits.len() >= 4)
            || is_rank(chars, number, &tail.unit)
        {
            // `20 号胶`, `5大行业`; `2022 年` is a year; `前 3 名` a rank.
            continue;
        }
        let (start, before_hedge) = match hedge_before(chars, number.range.start, lexicon) {
            Some((start, hedge)) => (start, Some(hedge)),
            None => (number.range.start, None),
        };
        out.push(Quantity {
            value: number.lexical.clone(),
            unit: tail.unit.clone(),
            qualifier: before_hedge.or_else(|| tail.hedge.clone()),
            normalized: tail.normalize(&number.lexical),
            ref_date: None,
            range: start..end,
        });
    }
    assign_ref_dates(text, &mut out);
    out
}

/// A number printed with digits.
#[derive(Debug, Clone)]
struct Number {
    /// Char range of the digits (and separators) as printed.
    range: Range<usize>,
    /// The `xsd:decimal` lexical form: ASCII digits, no group separators.
    lexical: String,
    /// Integer digits only, to tell years (`2022`) from counts.
    digits: String,
}

/// Every maximal run of digits (with `,` thousands groups and one `.` decimal part).
fn numbers(chars: &[char]) -> Vec<Number> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if ascii_digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut integer = String::new();
        while i < chars.len() {
            if let Some(d) = ascii_digit(chars[i]) {
                integer.push(d);
                i += 1;
            } else if chars[i] == ','
                && (1..=3).all(|k| chars.get(i + k).and_then(|&c| ascii_digit(c)).is_some())
                && chars.get(i + 4).and_then(|&c| ascii_digit(c)).is_none()
            {
                // `1,000`: a thousands group (exactly three digits follow).
                i += 1;
            } else {
                break;
            }
        }
        let mut lexical = integer.clone();
        if matches!(chars.get(i), Some('.') | Some('．'))
            && chars.get(i + 1).and_then(|&c| ascii_digit(c)).is_some()
        {
            lexical.push('.');
            i += 1;
            while let Some(d) = chars.get(i).and_then(|&c| ascii_digit(c)) {
                lexical.push(d);
                i += 1;
            }
        }
        out.push(Number {
            range: start..i,
            lexical,
            digits: integer,
        });
    }
    out
}

/// The ASCII digit for `c`, also for full-width digits.
pub(super) fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// For each char: is it inside `《》` or a quotation (`“”`, `‘’`, `「」`, `『』`, `〈〉`)?
/// An opening mark without its closing mark in the text quotes nothing.
fn quoted_chars(chars: &[char]) -> Vec<bool> {
    const PAIRS: [(char, char); 5] = [
        ('《', '》'),
        ('“', '”'),
        ('‘', '’'),
        ('「', '」'),
        ('『', '』'),
    ];
    let mut quoted = vec![false; chars.len()];
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        // Every mark of `PAIRS` lies in one of these two ranges: one test
        // passes over the other chars.
        if !matches!(c, '‘'..='”' | '《'..='』') {
            continue;
        }
        if let Some(&(_, close)) = PAIRS.iter().find(|(open, _)| *open == c) {
            stack.push((close, i));
        } else if let Some(depth) = stack.iter().rposition(|&(close, _)| close == c) {
            let (_, open) = stack[depth];
            stack.truncate(depth);
            quoted[open..=i].iter_mut().for_each(|q| *q = true);
        }
    }
    quoted
}

/// Numbers that are part of a name or label: `第 3 批`, `P2`, `3D`, `6+2`, `J/80`,
/// `J-20`, `7×24`, `5：4`.
fn is_label_number(chars: &[char], number: &Number) -> bool {
    let before = chars[..number.range.start]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace());
    let glued_before = number.range.start.checked_sub(1).map(|i| chars[i]);
    // `J-20` is a label, `10-20 家` and `30%-50%` are ranges.
    let dash_after_letter = matches!(glued_before, Some('-' | '－'))
        && number.range.start >= 2
        && chars[number.range.start - 2].is_ascii_alphabetic();
    let glued_before = glued_before
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '.' | '×'))
        || dash_after_letter;
    let glued_after = chars.get(number.range.end).is_some_and(|c| {
        (c.is_ascii_alphabetic() && !starts_with_latin_unit(&chars[number.range.end..]))
            || *c == '×'
    });
    let next = chars[number.range.end..]
        .iter()
        .find(|c| !c.is_whitespace());
    before == Some(&'第')
        || glued_before
        || glued_after
        || matches!(next, Some('+' | '＋'))
        || matches!(before, Some('+' | '＋'))
        || is_ratio_side(chars, number)
}

/// `前 3 名`, `前 10 位`: a rank, not a count.
fn is_rank(chars: &[char], number: &Number, unit: &str) -> bool {
    let before = chars[..number.range.start]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace());
    before == Some(&'前') && matches!(unit, "名" | "位")
}

/// `5：4`: a number with a colon and another number on one side (but `速度：3538.15 条/天`
/// is a quantity after a label colon).
fn is_ratio_side(chars: &[char], number: &Number) -> bool {
    let is_colon = |c: char| matches!(c, ':' | '：');
    let is_digit = |c: char| ascii_digit(c).is_some();
    let after = skip_spaces(chars, number.range.end);
    let colon_then_digit = chars.get(after).is_some_and(|&c| is_colon(c))
        && chars
            .get(skip_spaces(chars, after + 1))
            .is_some_and(|&c| is_digit(c));
    let mut before = number.range.start;
    while before > 0 && chars[before - 1].is_whitespace() {
        before -= 1;
    }
    let digit_then_colon = before >= 2
        && is_colon(chars[before - 1])
        && chars[..before - 1]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_some_and(|&c| is_digit(c));
    colon_then_digit || digit_then_colon
}

/// Latin unit symbols that may follow a number (`20 TEU`): not a label like `3D`.
fn starts_with_latin_unit(rest: &[char]) -> bool {
    let word: String = rest
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    matches!(word.as_str(), "TEU")
}

/// `至`, `到`, `-`, `~` between two numbers of one range.
fn is_range_connector(between: &[char]) -> bool {
    let s: String = between.iter().filter(|c| !c.is_whitespace()).collect();
    matches!(
        s.as_str(),
        "至" | "到" | "-" | "—" | "–" | "~" | "～" | "－"
    )
}

/// What follows a number: its unit as printed and the hedge inside or after it.
#[derive(Debug, Clone)]
struct UnitTail {
    /// The unit as printed, whitespace and hedge words removed (`万件` for `万多件`).
    unit: String,
    /// Magnitude factor (`10000` for `万`), `1` without one.
    magnitude: String,
    /// The unit after the magnitude, if any (`None` for a bare `3 亿`).
    unit_entry: Option<Unit>,
    /// The unit after `/` of a rate (`天` of `条/天`).
    per: Option<Unit>,
    hedge: Option<String>,
    label: bool,
    is_duration: bool,
    /// Char index just after the unit and any hedge after it.
    end: usize,
}

impl UnitTail {
    /// The value in base units: measures by their factor, counters only when a
    /// magnitude scales them (`1 万人次` → `10000` `人次`).
    fn normalize(&self, value: &str) -> Option<(String, String)> {
        let unit = self.unit_entry.as_ref()?;
        let (scaled, base) = match (&unit.base, unit.kind) {
            (Some(base), UnitKind::Measure) => {
                let factor = multiply_decimal(&self.magnitude, &unit.factor)?;
                (multiply_decimal(value, &factor)?, base.clone())
            }
            (None, UnitKind::Counter) if self.magnitude != "1" => (
                multiply_decimal(value, &self.magnitude)?,
                unit.surface.clone(),
            ),
            _ => return None,
        };
        // A rate keeps its denominator as printed or in its base unit: `percent/年`.
        let base = match &self.per {
            Some(per) => format!("{base}/{}", per.base.as_deref().unwrap_or(&per.surface)),
            None => base,
        };
        Some((scaled, base))
    }
}

/// A text as chars, able to hand out the `&str` from any char index.
struct CharText<'a> {
    text: &'a str,
    chars: Vec<char>,
    /// Byte offset of each char, plus the text length at the end.
    byte_of: Vec<usize>,
}

impl<'a> CharText<'a> {
    fn new(text: &'a str) -> Self {
        // One pass over the text: decoding it is most of the cost.
        let mut chars = Vec::with_capacity(text.len());
        let mut byte_of = Vec::with_capacity(text.len() + 1);
        for (b, c) in text.char_indices() {
            chars.push(c);
            byte_of.push(b);
        }
        byte_of.push(text.len());
        Self {
            text,
            chars,
            byte_of,
        }
    }

    /// The text from char `i` on (empty past the end).
    fn rest(&self, i: usize) -> &'a str {
        &self.text[self.byte_of[i.min(self.chars.len())]..]
    }

    /// The longest entry of `table` starting at char `i`, with the char index where it ends.
    fn word_at<'t, T>(&self, table: &'t WordTable<T>, i: usize) -> Option<(&'t T, usize)> {
        let (entry, bytes) = table.longest_at_start(self.rest(i))?;
        Some((entry, i + self.rest(i)[..bytes].chars().count()))
    }

    fn skip_spaces(&self, i: usize) -> usize {
        skip_spaces(&self.chars, i)
    }
}

/// Reads the unit after the number ending at `pos`: `[多|余] [magnitude] [多|余] unit
/// [/unit] [以上|以下|余|多|左右]`, whitespace allowed between the parts.
fn read_unit(text: &CharText, pos: usize, lexicon: &UnitLexicon) -> Option<UnitTail> {
    let mut i = text.skip_spaces(pos);
    // `40 多个`, `300 多万平方公里`, `16 万多件`: a hedge counts when a unit follows it.
    let hedge_then_unit = |at: usize, magnitude_ok: bool| {
        let (hedge, end) = text.word_at(&lexicon.hedges_between, at)?;
        let after = text.skip_spaces(end);
        let unit_follows = text.word_at(&lexicon.units, after).is_some()
            || (magnitude_ok && text.word_at(&lexicon.magnitudes, after).is_some());
        unit_follows.then(|| (hedge.normalized.clone(), after))
    };
    let mut hedge = None;
    if let Some((h, after)) = hedge_then_unit(i, true) {
        hedge = h;
        i = after;
    }
    let direct = text.word_at(&lexicon.units, i);
    let mut unit = String::new();
    let (magnitude, unit_entry) = match (text.word_at(&lexicon.magnitudes, i), direct) {
        (Some((m, m_end)), direct) => {
            let mut j = text.skip_spaces(m_end);
            if hedge.is_none() {
                if let Some((h, after)) = hedge_then_unit(j, false) {
                    hedge = h;
                    j = after;
                }
            }
            let following = text.word_at(&lexicon.units, j);
            let composed_end = following.map_or(j, |(_, end)| end);
            match direct {
                // `千米` is a unit even though `千` is a magnitude: the longer reading wins.
                Some((u, end)) if end >= composed_end => {
                    unit.push_str(&u.surface);
                    i = end;
                    ("1".to_string(), Some(u.clone()))
                }
                _ => {
                    unit.push_str(&m.surface);
                    i = composed_end;
                    if let Some((u, _)) = following {
                        unit.push_str(&u.surface);
                    }
                    (m.factor.clone(), following.map(|(u, _)| u.clone()))
                }
            }
        }
        (None, Some((u, end))) => {
            unit.push_str(&u.surface);
            i = end;
            ("1".to_string(), Some(u.clone()))
        }
        (None, None) => return None,
    };
    // A rate: `条/天`, `%/年`, `元/吨`.
    let mut per = None;
    if text.chars.get(i) == Some(&'/') {
        if let Some((per_unit, end)) = text.word_at(&lexicon.units, i + 1) {
            unit.push('/');
            unit.push_str(&per_unit.surface);
            i = end;
            per = Some(per_unit.clone());
        }
    }
    let after = text.skip_spaces(i);
    if let Some((h, word_end)) = text.word_at(&lexicon.hedges_after, after) {
        // `余`/`多` right after a unit is a hedge only at the end of a phrase
        // (`3 年多，`), not the start of a word (`30 家多元主体`).
        let single_char = word_end == after + 1;
        let next_is_han = text.chars.get(word_end).is_some_and(|&c| is_han(c));
        if !(single_char && next_is_han) {
            hedge = hedge.or_else(|| h.normalized.clone());
            i = word_end;
        }
    }
    Some(UnitTail {
        unit,
        magnitude,
        label: unit_entry
            .as_ref()
            .is_some_and(|u| u.kind == UnitKind::Label),
        is_duration: unit_entry.as_ref().is_some_and(|u| u.duration),
        unit_entry,
        per,
        hedge,
        end: i,
    })
}

/// The number of chars in the first `bytes` bytes of `s`.
fn char_len(s: &str, bytes: usize) -> usize {
    s[..bytes].chars().count()
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The hedge word printed just before the number starting at `start`, with the char
/// index where it starts. A `每…` rate phrase may stand between them
/// (`密度高达每平方公里 20 个`).
fn hedge_before(chars: &[char], start: usize, lexicon: &UnitLexicon) -> Option<(usize, String)> {
    let mut end = start;
    while end > 0 && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if let Some(per) = per_phrase_start(chars, end, lexicon) {
        end = per;
    }
    let reversed = string_of(chars[end.saturating_sub(8)..end].iter().rev());
    let (hedge, len) = lexicon.hedges_before.longest_at_start(&reversed)?;
    let hedge = hedge.normalized.clone()?;
    Some((end - char_len(&reversed, len), hedge))
}

/// If `chars[..end]` ends with `每` + a unit (`每平方公里`, `每万人`), where `每` starts.
fn per_phrase_start(chars: &[char], end: usize, lexicon: &UnitLexicon) -> Option<usize> {
    let window = end.saturating_sub(8);
    let per = (window..end).rev().find(|&i| chars[i] == '每')?;
    let phrase: String = chars[per + 1..end].iter().collect();
    let whole = |len: usize| len == phrase.len();
    let unit_len = lexicon.units.longest_at_start(&phrase).map(|(_, l)| l);
    let magnitude_then_unit = lexicon
        .magnitudes
        .longest_at_start(&phrase)
        .and_then(|(_, m)| {
            lexicon
                .units
                .longest_at_start(&phrase[m..])
                .map(|(_, l)| m + l)
        });
    (unit_len.is_some_and(whole) || magnitude_then_unit.is_some_and(whole)).then_some(per)
}

/// Multiplies two non-negative decimal strings exactly (`"1.5"` × `"10000"` = `"15000"`).
/// `None` when either is not a plain decimal or the product overflows.
///
/// ```
/// use casegraph::extract::quantity::multiply_decimal;
/// assert_eq!(multiply_decimal("6.5", "1000000000000").as_deref(), Some("6500000000000"));
/// assert_eq!(multiply_decimal("2.8623", "10000").as_deref(), Some("28623"));
/// assert_eq!(multiply_decimal("0.5", "0.1").as_deref(), Some("0.05"));
/// ```
pub fn multiply_decimal(a: &str, b: &str) -> Option<String> {
    let (ma, sa) = parse_decimal(a)?;
    let (mb, sb) = parse_decimal(b)?;
    let mantissa = ma.checked_mul(mb)?;
    Some(format_decimal(mantissa, sa + sb))
}

/// `"12.50"` → (1250, 2): the digits as an integer and the number of decimals.
fn parse_decimal(s: &str) -> Option<(u128, usize)> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    // The digits read in place: formatting them into a string to parse it
    // was most of the cost of normalising a figure.
    let mantissa = int.bytes().chain(frac.bytes()).try_fold(0u128, |m, d| {
        m.checked_mul(10)?.checked_add(u128::from(d - b'0'))
    })?;
    Some((mantissa, frac.len()))
}

/// `mantissa × 10^-scale` as a decimal without trailing fractional zeros.
fn format_decimal(mantissa: u128, scale: usize) -> String {
    let digits = format!("{mantissa:0>width$}", width = scale + 1);
    let (int, frac) = digits.split_at(digits.len() - scale);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// Sets [`Quantity::ref_date`]: the year (or year-month) printed last before the
/// quantity in the same sentence. A comparison baseline (`比2017年增加67%`) is
/// passed over unless the figure directly follows it (`较 2021 年（5 万吨）`).
/// When a sentence lists several years and then figures `分别` (respectively), the
/// k-th figure after `分别` takes the k-th year.
fn assign_ref_dates(text: &CharText, quantities: &mut [Quantity]) {
    if quantities.is_empty() {
        return;
    }
    let chars = &text.chars;
    let years = date::find_years(text.text);
    for k in 0..quantities.len() {
        let start = quantities[k].range.start;
        let sentence_start = super::sentence::bounds(chars, start..start).start;
        let earlier: Vec<&date::YearMention> = years
            .iter()
            .filter(|y| y.range.start >= sentence_start && y.range.end <= start)
            .filter(|y| !is_baseline(chars, y) || directly_before(chars, y.range.end, start))
            .collect();
        let Some(last) = earlier.last() else {
            continue;
        };
        let mut chosen = last.lexical();
        if let Some(respectively) = chars[last.range.end..start]
            .windows(2)
            .rposition(|w| w == ['分', '别'])
            .map(|i| last.range.end + i)
        {
            // The years listed together just before `分别`: `2021 年和 2022 年，…分别为 A 和 B`.
            let listed = listed_years(chars, &earlier);
            let rank = quantities[..k]
                .iter()
                .filter(|q| q.range.start > respectively)
                .count();
            if listed.len() > 1 {
                if let Some(year) = listed.get(rank) {
                    chosen = year.lexical();
                }
            }
        }
        quantities[k].ref_date = Some(chosen);
    }
}

/// A year printed as the term of a comparison: `比 2017 年`, `较 2021 年`, `相比 2020 年`.
fn is_baseline(chars: &[char], year: &date::YearMention) -> bool {
    let before: String = chars[..year.range.start]
        .iter()
        .rev()
        .filter(|c| !c.is_whitespace())
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    before.ends_with('比') || before.ends_with('较')
}

/// Only brackets, `的`, `为` or a colon stand between `from` and `to`: `2021 年（5 万吨）`.
fn directly_before(chars: &[char], from: usize, to: usize) -> bool {
    chars[from..to]
        .iter()
        .all(|c| c.is_whitespace() || matches!(c, '（' | '(' | '的' | '为' | '：' | ':'))
}

/// The trailing run of `years` joined only by `和`, `、`, `与`, `及`, `至` (and spaces).
fn listed_years<'a>(chars: &[char], years: &[&'a date::YearMention]) -> Vec<&'a date::YearMention> {
    let mut run = vec![*years.last().expect("non-empty")];
    for pair in years.windows(2).rev() {
        let between: String = chars[pair[0].range.end..pair[1].range.start]
            .iter()
            .filter(|c| !c.is_whitespace())
            .collect();
        if matches!(between.as_str(), "和" | "、" | "与" | "及" | "至") {
            run.insert(0, pair[0]);
        } else {
            break;
        }
    }
    run
}

#[cfg(test)]
mod tests;
