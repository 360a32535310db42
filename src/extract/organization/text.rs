//! One block of text prepared for organisation finding: whitespace removed
//! (PDF extraction scatters spaces inside names), every char classified, and
//! the dictionary matches of the lexicon laid over it.

use super::lexicon::{AnchorKind, BlockTable, OrgLexicon, SuffixKind, WordKind};
use crate::extract::offsets::{string_of, CharCursor};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::ops::Range;

/// `（以下简称上期所）`, `（简称“能源中心”）`, `（GSO）`: a short name given
/// right after the body it names.
#[derive(Debug, Clone)]
pub(super) struct AliasDefinition {
    /// Char range of the whole parenthesis.
    pub range: Range<usize>,
    pub alias: String,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Span<K> {
    pub start: usize,
    pub end: usize,
    pub kind: K,
}

/// A block without whitespace, with what the lexicon finds in it. All but
/// `learned` is independent of the aliases learned so far, so a block read
/// again once it taught new aliases keeps it and redoes only `learned`.
pub(super) struct Prepared {
    pub chars: Vec<char>,
    /// Where each char of `chars` stands in the original text.
    pub origin: Origin,
    /// Whether a char can belong to a name (CJK, Latin letters, the
    /// parentheses of an inner group like `中国（杭州）知识产权保护中心`).
    pub name_char: Vec<bool>,
    /// Whether a char lies inside an inner parenthesised group.
    pub in_paren: Vec<bool>,
    /// The generic words of the block, in text order.
    words: Vec<Span<WordKind>>,
    /// Index in `words` of the word covering each char, [`NO_WORD`] if none:
    /// 4 bytes a char where a span a char was 24, written for every char of
    /// every block.
    word_ids: Vec<u32>,
    /// Known bodies (kind = index into `OrgLexicon::known`).
    pub known: Vec<Span<usize>>,
    /// Place, country-pair and national prefixes.
    pub anchors: Vec<Span<AnchorKind>>,
    /// Head nouns (kind = index into `OrgLexicon::suffixes`), heads that are
    /// blocked by what follows them left out.
    pub suffixes: Vec<Span<usize>>,
    pub alias_definitions: Vec<AliasDefinition>,
    /// Learned aliases found in the block (kind = index into the alias list).
    pub learned: Vec<Span<usize>>,
    /// The leftmost-longest matches of the place lexicon's forms in the
    /// block's text as printed, when the lexicon was built with one: char
    /// range in the text, form index, and the char after the match.
    pub places: Vec<(Range<usize>, usize, Option<char>)>,
    /// The leftmost-longest matches of the sector lexicon's terms in the
    /// block's text as printed (term indices, in text order), when the
    /// lexicon was built with one.
    pub sector_terms: Option<Vec<usize>>,
    /// Whether the block had whitespace.
    pub squeezed: bool,
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '〇')
}

const NO_WORD: u32 = u32::MAX;

/// Whether `word` opens `window` (a char-wise `starts_with`, without
/// collecting the window into a string).
fn window_starts_with(window: &[char], word: &str) -> bool {
    let mut rest = window.iter();
    word.chars().all(|c| rest.next() == Some(&c))
}

/// Occurrences of the forms of each block table, as (start, end, pattern).
type Occurrences = [Vec<(usize, usize, usize)>; 6];

thread_local! {
    /// The lists [`occurrences`] fills, kept from one block to the next with
    /// their room: made afresh, they were a tenth of the allocations of a
    /// document, and most of the lists grew once or twice in each block.
    static OCCURRENCE_LISTS: std::cell::Cell<Occurrences> = Default::default();
}

/// Every occurrence of every form of the block tables in a block, per table
/// (indexed by [`BlockTable`]), each list sorted by start, longest first,
/// then by pattern: one pass of one automaton, from which each table's
/// leftmost-longest matches are then read off. Filled into the lists of the
/// thread, which [`recycle`] gives back.
fn occurrences(lexicon: &OrgLexicon, squeezed: &str) -> Occurrences {
    let mut out = OCCURRENCE_LISTS.take();
    out.iter_mut().for_each(Vec::clear);
    let mut cursor = CharCursor::new(squeezed);
    for m in lexicon.block_matcher.find_overlapping_iter(squeezed) {
        let form = &lexicon.block_patterns[m.value() as usize];
        let end = cursor.char_at(m.end());
        let start = end - form.chars;
        for &(table, p) in &form.rows {
            insert_sorted(&mut out[table as usize], (start, end, p));
        }
    }
    out
}

/// Gives the lists of [`occurrences`] back to the thread, for the next block.
fn recycle(lists: Occurrences) {
    OCCURRENCE_LISTS.set(lists);
}

/// Inserts an occurrence into a list sorted by start, longest first, then by
/// pattern. Occurrences come by end, and a pattern is a few chars long, so
/// each lands a few places from the back: cheaper than sorting the lists.
fn insert_sorted(list: &mut Vec<(usize, usize, usize)>, item: (usize, usize, usize)) {
    let key = |&(start, end, p): &(usize, usize, usize)| (start, std::cmp::Reverse(end), p);
    let mut at = list.len();
    while at > 0 && key(&list[at - 1]) > key(&item) {
        at -= 1;
    }
    list.insert(at, item);
}

/// The leftmost-longest, non-overlapping matches among `occurrences` (sorted
/// as [`occurrences`] sorts them), as a leftmost-longest automaton of the
/// table would find them.
fn leftmost_longest(occurrences: &[(usize, usize, usize)]) -> Vec<(usize, usize, usize)> {
    leftmost_longest_accepted(occurrences, |_, _, _| true)
}

/// Like [`leftmost_longest`], but a rejected match does not hide the matches
/// that overlap it: the search resumes one char after its start
/// (`联合国家互联网…` still finds `国家互联网…` once `联合国` is rejected).
fn leftmost_longest_accepted(
    occurrences: &[(usize, usize, usize)],
    accept: impl Fn(usize, usize, usize) -> bool,
) -> Vec<(usize, usize, usize)> {
    // At most one match per occurrence: one allocation, not a growing list.
    let mut out = Vec::with_capacity(occurrences.len());
    let mut from = 0;
    let mut next = 0;
    loop {
        while occurrences.get(next).is_some_and(|o| o.0 < from) {
            next += 1;
        }
        let Some(&(start, end, p)) = occurrences.get(next) else {
            break;
        };
        if accept(start, end, p) {
            out.push((start, end, p));
            from = end;
        } else {
            from = start + 1;
        }
    }
    out
}

/// The leftmost-longest matches among the occurrences of forms without
/// whitespace in a block's squeezed chars, as a leftmost-longest scan of
/// the block's text as printed finds them: an occurrence across dropped
/// whitespace is none in the printed text, and the others stand there at
/// the same distances.
fn printed_matches(
    occurrences: &[(usize, usize, usize)],
    origin: &Origin,
) -> Vec<(usize, usize, usize)> {
    if origin.steps.is_empty() {
        return leftmost_longest(occurrences);
    }
    let unbroken: Vec<(usize, usize, usize)> = occurrences
        .iter()
        .filter(|&&(start, end, _)| origin.of(end - 1) - origin.of(start) == end - 1 - start)
        .copied()
        .collect();
    leftmost_longest(&unbroken)
}

/// The [`printed_matches`] of place forms (which hold no whitespace: the
/// lexicon reads them off its pass only then), each as its char range in
/// the text, its form and the char after it there (`None` at whitespace or
/// the end: no rule looks for those).
fn printed_places(
    occurrences: &[(usize, usize, usize)],
    chars: &[char],
    origin: &Origin,
) -> Vec<(Range<usize>, usize, Option<char>)> {
    printed_matches(occurrences, origin)
        .into_iter()
        .map(|(start, end, form)| {
            let last = origin.of(end - 1);
            let next = chars.get(end).filter(|_| origin.of(end) == last + 1);
            (origin.of(start)..last + 1, form, next.copied())
        })
        .collect()
}

/// Leftmost-longest, non-overlapping matches of `aliases` over `chars`, as
/// an Aho-Corasick automaton of them would give: the aliases of a case are
/// few and change from block to block, so building an automaton per block
/// cost far more than this scan indexed by first char.
fn learned_matches(chars: &[char], aliases: &[&str]) -> Vec<(usize, usize, usize)> {
    if aliases.is_empty() {
        return Vec::new();
    }
    // first char → (alias index, alias, its length in chars). Looked up for
    // every char of the block: hashed with Fx, not SipHash.
    let mut by_first: FxHashMap<char, Vec<(usize, &str, usize)>> = FxHashMap::default();
    // One bit per first char (modulo 64): most chars start no alias, and
    // this test tells them without hashing.
    let mut first_bits = 0u64;
    let bit = |c: char| 1u64 << (c as u32 % 64);
    for (p, &alias) in aliases.iter().enumerate() {
        if let Some(first) = alias.chars().next() {
            let len = alias.chars().count();
            by_first.entry(first).or_default().push((p, alias, len));
            first_bits |= bit(first);
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if first_bits & bit(chars[i]) == 0 {
            i += 1;
            continue;
        }
        let longest = by_first.get(&chars[i]).and_then(|candidates| {
            candidates
                .iter()
                .filter(|(_, a, _)| window_starts_with(&chars[i..], a))
                .max_by_key(|(p, _, len)| (*len, std::cmp::Reverse(*p)))
        });
        match longest {
            Some(&(p, _, len)) => {
                out.push((i, i + len, p));
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// The chars `range` of `text` with runs of whitespace as one space.
fn printed(text: &str, range: Range<usize>) -> String {
    let s: String = text.chars().skip(range.start).take(range.len()).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn overlaps(a: (usize, usize), spans: &[(usize, usize)]) -> bool {
    spans.iter().any(|&(s, e)| a.0 < e && s < a.1)
}

/// Reads the parenthesised groups of a block: an alias definition, a Latin
/// acronym, or an inner part of a name (`中国（杭州）知识产权保护中心`), which
/// `name_char` and `in_paren` then mark; other groups are no part of a name.
fn parenthesised(
    text: &str,
    squeezed: &mut Squeezed,
    in_paren: &mut [bool],
) -> Vec<AliasDefinition> {
    let (chars, origin) = (&squeezed.chars, &squeezed.origin);
    let name_char = &mut squeezed.name_char;
    let n = chars.len();
    let mut alias_definitions = Vec::new();
    // Where the group read last closed: a parenthesis inside it opens none.
    let mut resume = 0;
    for &i in &squeezed.opening_parens {
        if i < resume {
            continue;
        }
        let Some(len) = chars[i + 1..].iter().position(|&c| c == '）' || c == ')') else {
            break;
        };
        let close = i + 1 + len;
        let inner: String = chars[i + 1..close].iter().collect();
        let alias = inner
            .strip_prefix("以下简称")
            .or_else(|| inner.strip_prefix("简称"))
            .map(|a| a.trim_matches(|c| matches!(c, '“' | '”' | '"' | '「' | '」')));
        // An acronym (`GSO`) or a full Latin name (`Robert Bosch GmbH`,
        // `Hengyuan Machinery Co., Ltd.`), with its spaces as printed.
        let latin = !inner.is_empty()
            && inner.len() <= 80
            && inner.starts_with(|c: char| c.is_ascii_uppercase())
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.,&'’".contains(c));
        let latin_alias = latin.then(|| printed(text, origin.of(i + 1)..origin.of(close - 1) + 1));
        if let Some(alias) = alias.filter(|a| !a.is_empty()) {
            alias_definitions.push(AliasDefinition {
                range: i..close + 1,
                alias: alias.to_string(),
            });
        } else if let Some(alias) = latin_alias {
            alias_definitions.push(AliasDefinition {
                range: i..close + 1,
                alias,
            });
        } else {
            let inner_name =
                (1..=8).contains(&len) && chars[i + 1..close].iter().all(|&c| is_cjk(c));
            let joined = i > 0 && name_char[i - 1] && close + 1 < n && is_cjk(chars[close + 1]);
            if inner_name && joined {
                for j in i..=close {
                    name_char[j] = true;
                    in_paren[j] = true;
                }
                resume = close + 1;
                continue;
            }
        }
        for flag in &mut name_char[i..=close] {
            *flag = false;
        }
        resume = close + 1;
    }
    alias_definitions
}

/// The char index in a block's text of each char of its squeezed chars,
/// kept as the count of whitespace dropped before them where that count
/// changes: most blocks have no whitespace, and few chars are looked up.
pub(super) struct Origin {
    /// (index in the squeezed chars, whitespace dropped before it), by index.
    steps: Vec<(usize, usize)>,
}

impl Origin {
    /// The char index in the block's text of squeezed char `at`.
    pub fn of(&self, at: usize) -> usize {
        let step = self.steps.partition_point(|&(from, _)| from <= at);
        at + step.checked_sub(1).map_or(0, |s| self.steps[s].1)
    }
}

/// A block's chars but whitespace, read in one pass over its text.
struct Squeezed<'a> {
    chars: Vec<char>,
    /// Whether each char can belong to a name (CJK, Latin letters). Titles
    /// are not organisation mentions: 《…》 is blanked out whole.
    name_char: Vec<bool>,
    /// Where `（` or `(` stands, in order: few chars are, and the groups are
    /// read from there rather than by a second pass over every char.
    opening_parens: Vec<usize>,
    origin: Origin,
    /// The same chars as a string, for the automaton.
    text: Cow<'a, str>,
}

/// The chars of `text` but whitespace (PDF extraction scatters spaces inside
/// names), where they stand in `text`, and the same chars as a string for
/// the automaton; then which can belong to a name and where parentheses
/// open, read off the chars without decoding them again.
fn squeeze(text: &str) -> Squeezed<'_> {
    let mut chars = Vec::with_capacity(text.len());
    let mut origin = Origin { steps: Vec::new() };
    let mut squeezed = String::new();
    // Whitespace dropped so far, and as of the last step recorded.
    let (mut dropped, mut recorded) = (0, 0);
    // Byte offset of the run of non-whitespace being read.
    let mut run = 0;
    for (b, c) in text.char_indices() {
        if is_whitespace(c) {
            squeezed.push_str(&text[run..b]);
            run = b + c.len_utf8();
            dropped += 1;
            continue;
        }
        if dropped != recorded {
            origin.steps.push((chars.len(), dropped));
            recorded = dropped;
        }
        chars.push(c);
    }
    // Most blocks have no whitespace: they are searched as they are.
    let text = if run == 0 {
        Cow::Borrowed(text)
    } else {
        squeezed.push_str(&text[run..]);
        Cow::Owned(squeezed)
    };
    let (name_char, opening_parens) = marks(&chars);
    Squeezed {
        chars,
        name_char,
        opening_parens,
        origin,
        text,
    }
}

/// [`Squeezed::name_char`] and [`Squeezed::opening_parens`] of `chars`: a
/// test per char without state, then the few title marks and parentheses,
/// found in a second pass.
fn marks(chars: &[char]) -> (Vec<bool>, Vec<usize>) {
    let mut name_char: Vec<bool> = chars
        .iter()
        .map(|&c| is_cjk(c) || c.is_ascii_alphabetic())
        .collect();
    let mut opening_parens = Vec::new();
    // Where the title being read opened (`《`): up to its `》`, no char is.
    let mut title = None;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '《' => title = title.or(Some(i)),
            '》' => {
                if let Some(start) = title.take() {
                    name_char[start..i].fill(false);
                }
            }
            '（' | '(' => opening_parens.push(i),
            _ => {}
        }
    }
    if let Some(start) = title {
        name_char[start..].fill(false);
    }
    (name_char, opening_parens)
}

/// `char::is_whitespace`, answered at once for the CJK chars that make up
/// most of a block: no whitespace char lies above U+3000.
fn is_whitespace(c: char) -> bool {
    c <= '\u{3000}' && c.is_whitespace()
}

impl Prepared {
    pub fn new(text: &str, lexicon: &OrgLexicon) -> Self {
        let mut squeezed = squeeze(text);
        let mut in_paren = vec![false; squeezed.chars.len()];
        let alias_definitions = parenthesised(text, &mut squeezed, &mut in_paren);
        let Squeezed {
            chars,
            mut name_char,
            origin,
            text: squeezed,
            ..
        } = squeezed;
        let n = chars.len();

        let found = occurrences(lexicon, &squeezed);
        let [suffix_found, known_found, word_found, anchor_found, place_found, sector_found] = [
            BlockTable::Suffix,
            BlockTable::Known,
            BlockTable::Word,
            BlockTable::Anchor,
            BlockTable::Place,
            BlockTable::Sector,
        ]
        .map(|t| &found[t as usize]);
        let first_anchors = leftmost_longest(anchor_found);
        // A known name inside a title or an alias definition is no mention; one
        // that straddles a place name is a misreading (`京东` in `北京东路`).
        let known: Vec<Span<usize>> = leftmost_longest_accepted(known_found, |start, end, p| {
            let after = &chars[end..n.min(end + 2)];
            let blocked = lexicon.known[lexicon.known_forms[p]]
                .blocked_after
                .iter()
                .any(|b| window_starts_with(after, b));
            let straddles = first_anchors
                .iter()
                .any(|&(a_start, a_end, _)| a_start < start && start < a_end && a_end < end);
            !blocked && !straddles
        })
        .into_iter()
        .filter(|&(start, end, _)| name_char[start..end].iter().all(|&b| b))
        .map(|(start, end, p)| Span {
            start,
            end,
            kind: lexicon.known_forms[p],
        })
        .collect();
        // A place that starts inside a known body and runs past it is a
        // misreading (`保山` in `中国信保山东分公司`); the place after it is
        // still found (`山东`).
        let accept = |start: usize, end: usize, _| {
            !known
                .iter()
                .any(|k| k.start < start && start < k.end && k.end < end)
        };
        // With no place rejected, the search would find the first run again.
        let anchor_matches = if first_anchors.iter().all(|&(s, e, p)| accept(s, e, p)) {
            first_anchors
        } else {
            leftmost_longest_accepted(anchor_found, accept)
        };
        let anchors: Vec<Span<AnchorKind>> = anchor_matches
            .into_iter()
            .map(|(start, end, p)| Span {
                start,
                end,
                kind: lexicon.anchor_kinds[p],
            })
            .collect();
        // A dash right after a place joins it to the rest of a name
        // (`中国—南亚农业科技交流合作组`): looked for after each anchor, which
        // are few, not at every char.
        for i in anchors.iter().map(|a| a.end) {
            if (1..n.saturating_sub(1)).contains(&i)
                && chars[i] == '—'
                && name_char[i - 1]
                && is_cjk(chars[i + 1])
            {
                name_char[i] = true;
            }
        }
        // Chars inside a known body or an anchor: a mask, since every generic
        // word of the block is tested against them.
        let mut protected = vec![false; n];
        let spans = known.iter().map(|k| (k.start, k.end));
        for (start, end) in spans.chain(anchors.iter().map(|a| (a.start, a.end))) {
            protected[start..end].fill(true);
        }

        // A generic word inside a known body or a place name is not one
        // (`联合` in `联合国`, `和` in `和记港口`).
        let word_matches = leftmost_longest(word_found);
        let mut words = Vec::with_capacity(word_matches.len());
        let mut word_ids = vec![NO_WORD; n];
        for (start, end, p) in word_matches {
            if protected[start..end].contains(&true) {
                continue;
            }
            word_ids[start..end].fill(words.len() as u32);
            words.push(Span {
                start,
                end,
                kind: lexicon.word_kinds[p],
            });
        }
        let word_at = |at: usize| words.get(word_ids[at] as usize).copied();

        let known_ranges: Vec<(usize, usize)> = known.iter().map(|k| (k.start, k.end)).collect();
        // A head blocked by what follows it does not hide a head that overlaps
        // it (`合作组` in `铁路合作组织` leaves `组织`).
        let suffixes = leftmost_longest_accepted(suffix_found, |_, end, p| {
            let after = &chars[end..n.min(end + 4)];
            !lexicon.suffixes[p]
                .blocked_after
                .iter()
                .any(|b| window_starts_with(after, b))
        })
        .into_iter()
        .filter(|&(start, end, p)| {
            let kind = lexicon.suffixes[p].kind;
            let visible_end = end == n
                || !name_char[end]
                || matches!(word_at(end), Some(w) if w.start == end
                    && matches!(w.kind, WordKind::Stop | WordKind::Soft));
            kind != SuffixKind::NotAHead
                && (kind != SuffixKind::Abbreviation || visible_end)
                && !overlaps((start, end), &known_ranges)
        })
        .map(|(start, end, kind)| Span { start, end, kind })
        .collect();

        let places = printed_places(place_found, &chars, &origin);
        let sector_terms = lexicon.sectors.map(|_| {
            let found = printed_matches(sector_found, &origin);
            found.into_iter().map(|(_, _, term)| term).collect()
        });
        recycle(found);
        Self {
            chars,
            origin,
            name_char,
            in_paren,
            words,
            word_ids,
            known,
            anchors,
            suffixes,
            alias_definitions,
            learned: Vec::new(),
            places,
            sector_terms,
            squeezed: matches!(squeezed, Cow::Owned(_)),
        }
    }

    /// Lays the matches of `learned_aliases` over the block, in place of
    /// those of the aliases known before.
    pub fn set_learned(&mut self, learned_aliases: &[&str]) {
        self.learned = learned_matches(&self.chars, learned_aliases)
            .into_iter()
            .filter(|&(start, end, _)| self.name_char[start..end].iter().all(|&b| b))
            .map(|(start, end, kind)| Span { start, end, kind })
            .collect();
    }

    pub fn slice(&self, range: Range<usize>) -> String {
        string_of(self.chars[range].iter())
    }

    /// Whether the char at `at` belongs to a generic word, a head noun or a
    /// national or global prefix: to no proper name.
    pub fn is_descriptive(&self, at: usize) -> bool {
        self.word_ids[at] != NO_WORD
            || self.suffixes.iter().any(|s| s.start <= at && at < s.end)
            || self.anchors.iter().any(|a| {
                matches!(a.kind, AnchorKind::National | AnchorKind::Global)
                    && a.start <= at
                    && at < a.end
            })
    }

    /// The generic word covering the char at `at`, if any.
    pub fn word_at(&self, at: usize) -> Option<Span<WordKind>> {
        self.words.get(self.word_ids[at] as usize).copied()
    }

    /// The generic word of kind `kind` that starts at `at`, if any.
    pub fn word_starting(&self, at: usize, kind: WordKind) -> Option<Span<WordKind>> {
        self.word_ids
            .get(at)
            .and_then(|&id| self.words.get(id as usize).copied())
            .filter(|w| w.start == at && w.kind == kind)
    }

    /// Where each generic word of kind `kind` that opens with `first`
    /// starts, in text order: the words are far fewer than the chars.
    pub fn words_opening_with(
        &self,
        first: char,
        kind: WordKind,
    ) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .filter(move |w| w.kind == kind && self.chars[w.start] == first)
            .map(|w| w.start)
    }

    pub fn is_stop(&self, at: usize) -> bool {
        matches!(self.word_at(at), Some(w) if w.kind == WordKind::Stop)
    }

    /// Whether a known body or a head noun ends right before `at`, possibly
    /// followed by an inner parenthesised group.
    pub fn org_ends_at(&self, mut at: usize) -> bool {
        if at > 0 && self.chars[at - 1] == '）' && self.in_paren[at - 1] {
            while at > 0 && self.in_paren[at - 1] {
                at -= 1;
            }
        }
        self.suffixes.iter().any(|s| s.end == at) || self.known.iter().any(|k| k.end == at)
    }

    /// An anchor or known body that starts at `at` (outside inner parentheses).
    pub fn anchor_starts_at(&self, at: usize) -> bool {
        self.anchors.iter().any(|a| a.start == at) || self.known.iter().any(|k| k.start == at)
    }

    /// The start of an anchor or known body that ends right before `at`.
    pub fn anchor_ending_at(&self, at: usize) -> Option<usize> {
        self.anchors
            .iter()
            .map(|a| (a.start, a.end))
            .chain(self.known.iter().map(|k| (k.start, k.end)))
            .filter(|&(_, end)| end == at)
            .map(|(start, _)| start)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::{marks, squeeze};

    #[test]
    fn titles_are_no_names_and_parentheses_are_found() {
        let chars: Vec<char> = "由A局《关于（试行）》和(B)《未完".chars().collect();
        let (name_char, parens) = marks(&chars);
        let shown: String = name_char
            .iter()
            .map(|&b| if b { '1' } else { '0' })
            .collect();
        assert_eq!(shown, "111000000001010000");
        assert_eq!(parens, [6, 12]);
    }

    #[test]
    fn squeezed_chars_know_where_they_stand() {
        let squeezed = squeeze(" 上海 期\u{3000}货  所 ");
        assert_eq!(squeezed.chars.iter().collect::<String>(), "上海期货所");
        assert_eq!(squeezed.text, "上海期货所");
        let at: Vec<usize> = (0..5).map(|i| squeezed.origin.of(i)).collect();
        assert_eq!(at, [1, 2, 4, 6, 9]);
        let squeezed = squeeze("上海期货");
        assert!(matches!(squeezed.text, std::borrow::Cow::Borrowed(_)));
        assert_eq!(squeezed.origin.of(3), 3);
    }
}
