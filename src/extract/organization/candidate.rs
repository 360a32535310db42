//! Candidate names around head nouns: where a name starts, what type it is,
//! and whether it names a specific body at all.

use super::lexicon::{AnchorKind, HeadClass, OrgLexicon, SuffixKind, WordKind};
use super::text::{Prepared, Span};
use super::OrgClass;

/// A possible organisation name in a prepared block.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub start: usize,
    pub end: usize,
    pub class: OrgClass,
    /// The known body the name opens with (`中国银行` in `中国银行浙江省分行`).
    pub head_known: Option<usize>,
    /// The name ends in a sub-unit head (`分行`, `分公司`).
    pub branch: bool,
    /// A level-prefixed short form (`市委网信办`): kept only when it shortens
    /// a name the case already used.
    pub level_only: bool,
    /// A named event (`…大会`): it hides the bodies inside it and is dropped.
    pub event: bool,
    /// Where the candidate comes from decides which wins an overlap.
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Known,
    Learned,
    Suffix,
    /// An item of an enumeration of organisations (`盈趣科技、国贸石化等企业`).
    Enumeration,
}

/// Level words that open a short form of a local body (`市财政局`, `区政府`).
const LEVEL_CHARS: [char; 4] = ['市', '省', '区', '县'];

/// Prefixes that make a public body international (`国际科学院协会委员会`).
const INTERNATIONAL_PREFIXES: [&str; 3] = ["国际", "世界", "联合国"];

/// Every head noun in `text` with the name it ends, when it ends one.
pub(super) fn from_suffixes(text: &Prepared, lexicon: &OrgLexicon) -> Vec<Candidate> {
    text.suffixes
        .iter()
        .filter_map(|suffix| candidate_at(text, lexicon, suffix))
        .collect()
}

fn candidate_at(text: &Prepared, lexicon: &OrgLexicon, suffix: &Span<usize>) -> Option<Candidate> {
    let head = &lexicon.suffixes[suffix.kind];
    let (a, b) = (suffix.start, suffix.end);

    // The widest stretch of name characters before the head, up to a stop word.
    let mut region_start = a;
    while region_start > 0 && text.name_char[region_start - 1] && !text.is_stop(region_start - 1) {
        region_start -= 1;
    }

    // `A与B`, `A和B`, `A联合B`: split when B stands alone or A is complete.
    let mut soft = region_start;
    while soft < a {
        if let Some(w) = text
            .word_starting(soft, WordKind::Soft)
            .filter(|w| w.end <= a)
        {
            let right = skip_modifiers(text, w.end);
            if soft > region_start && (text.anchor_starts_at(right) || text.org_ends_at(soft)) {
                region_start = w.end;
            }
            soft = w.end;
        } else {
            soft += 1;
        }
    }

    let mut start = name_start(text, region_start, a);

    // Leading words: a determiner makes the mention generic; modifiers and
    // joining words are trimmed.
    loop {
        if text.word_starting(start, WordKind::Determiner).is_some() {
            return None;
        }
        match text
            .word_starting(start, WordKind::Modifier)
            .or(text.word_starting(start, WordKind::Soft))
        {
            Some(w) if w.end <= a => start = w.end,
            _ => break,
        }
    }
    if start >= a && head.kind != SuffixKind::Branch {
        return None;
    }
    // `中国与老挝银行`: two places share one head noun, so it names a kind
    // of body in each place, not one body.
    if shares_head_with_place_before(text, start, a) {
        return None;
    }
    // `…委员会会议` is the meeting of the body, not a named event holding it.
    if head.class == HeadClass::Event && text.org_ends_at(a) {
        return None;
    }

    let head_known = text
        .known
        .iter()
        .find(|k| k.start == start && k.end <= a)
        .map(|k| k.kind);
    let branch = head.kind == SuffixKind::Branch;
    let (class, has_head) = classify(text, lexicon, start, b);
    if branch && !has_head {
        return None;
    }
    let level_only = LEVEL_CHARS.contains(&text.chars[start]) && !text.anchor_starts_at(start);
    if !level_only && !branch && !has_proper_element(text, start, a, class, head.kind) {
        return None;
    }
    Some(Candidate {
        start,
        end: b,
        class,
        head_known,
        branch,
        level_only,
        event: head.class == HeadClass::Event,
        source: Source::Suffix,
    })
}

/// Whether the stem `[start, head_start)` is one place and the text before
/// it is another place joined by `与`/`和` (`中国与老挝银行`).
fn shares_head_with_place_before(text: &Prepared, start: usize, head_start: usize) -> bool {
    let place_stem = text
        .anchors
        .iter()
        .any(|a| a.start == start && a.end == head_start && a.kind != AnchorKind::Global);
    if !place_stem || start == 0 {
        return false;
    }
    let Some(joiner) = text.word_at(start - 1).filter(|w| w.kind == WordKind::Soft) else {
        return false;
    };
    text.anchors
        .iter()
        .any(|a| a.end == joiner.start && a.kind != AnchorKind::Global && !text.org_ends_at(a.end))
}

fn skip_modifiers(text: &Prepared, mut at: usize) -> usize {
    while let Some(w) = text.word_starting(at, WordKind::Modifier) {
        at = w.end;
    }
    at
}

/// Where the name ending at `head_start` begins within `[region_start, head_start)`:
/// at the last place or known body (`子…上海国际能源交易中心`), extended over a
/// body or place right before it (`中国铁路成都局…`, `中国银行浙江省分行`) and
/// over `…附属`.
fn name_start(text: &Prepared, region_start: usize, head_start: usize) -> usize {
    // `国家`, `国际` open names but also sit inside them
    // (`装配式建筑国家重点实验室`): only places and known bodies mark a start.
    let last_anchor = text
        .anchors
        .iter()
        .filter(|a| !matches!(a.kind, AnchorKind::National | AnchorKind::Global))
        .map(|a| a.start)
        .chain(text.known.iter().map(|k| k.start))
        .filter(|&s| s >= region_start && s < head_start && !text.in_paren[s])
        .max();
    let Some(mut start) = last_anchor else {
        return region_start;
    };
    while start > region_start {
        if let Some(before) = text.anchor_ending_at(start).filter(|&s| s >= region_start) {
            start = before;
        } else if text.org_ends_at(start)
            || (start >= region_start + 2 && text.slice(start - 2..start) == "附属")
        {
            // A sub-unit or an affiliate of the body before it.
            return region_start;
        } else {
            break;
        }
    }
    start
}

/// The type of the name `[start, end)` and whether it has a non-branch head.
fn classify(text: &Prepared, lexicon: &OrgLexicon, start: usize, end: usize) -> (OrgClass, bool) {
    let by_head = classify_by_head(text, lexicon, start, end);
    // A facility of a known body (`国家知识产权局审查员实践基地`) stays a
    // facility; a sub-unit of one takes its type (`人民银行杭州中心支行`).
    let (class, has_head) = match text.known.iter().find(|k| k.start == start && k.end <= end) {
        Some(k) if by_head.0 != OrgClass::Platform => (lexicon.known[k.kind].class, true),
        _ => by_head,
    };
    // The public bodies of a foreign country (`老挝中央银行`, `荷兰外交部`)
    // are foreign-government organisations.
    let foreign = text
        .anchors
        .iter()
        .any(|a| a.start == start && a.kind == AnchorKind::Country);
    if foreign && class == OrgClass::GovernmentBody {
        (OrgClass::InternationalOrganization, has_head)
    } else {
        (class, has_head)
    }
}

fn classify_by_head(
    text: &Prepared,
    lexicon: &OrgLexicon,
    start: usize,
    end: usize,
) -> (OrgClass, bool) {
    let heads: Vec<&Span<usize>> = text
        .suffixes
        .iter()
        .filter(|s| s.start >= start && s.end <= end)
        .collect();
    let deciding = heads
        .iter()
        .rev()
        .find(|s| lexicon.suffixes[s.kind].kind != SuffixKind::Branch)
        .or(heads.last());
    let Some(deciding) = deciding else {
        return (OrgClass::Other, false);
    };
    let head = &lexicon.suffixes[deciding.kind];
    let has_head = head.kind != SuffixKind::Branch;
    let name = text.slice(start..deciding.start);
    let qualified = |head_class: HeadClass| {
        lexicon
            .qualifiers
            .iter()
            .filter(|(h, _, _)| *h == head_class)
            .filter_map(|(_, word, class)| {
                rfind_short(&name, word).map(|at| (at + word.len(), *class))
            })
            .max_by_key(|&(end, _)| end)
            .map(|(_, class)| class)
    };
    let cross_border = || {
        text.anchors.iter().any(|a| {
            a.start >= start
                && a.end <= deciding.start
                && matches!(a.kind, AnchorKind::Country | AnchorKind::Pair)
        })
    };
    let class = match head.class {
        HeadClass::Center => qualified(HeadClass::Center).unwrap_or(OrgClass::Platform),
        HeadClass::Group if cross_border() => OrgClass::InternationalOrganization,
        HeadClass::Group => qualified(HeadClass::Group).unwrap_or(OrgClass::Association),
        // Events are dropped like facilities once they have claimed their text.
        HeadClass::Event => OrgClass::Platform,
        HeadClass::Fixed(OrgClass::Enterprise) => {
            qualified(HeadClass::Fixed(OrgClass::Enterprise)).unwrap_or(OrgClass::Enterprise)
        }
        HeadClass::Fixed(class) => class,
    };
    // `国际…协会`, `世界…委员会` are international; `全球…联盟`, `国际邮件互换局` are not.
    let international = INTERNATIONAL_PREFIXES.iter().any(|p| name.starts_with(p))
        && head.form != "联盟"
        && (class == OrgClass::Association || head.form.ends_with("委员会"));
    if international {
        (OrgClass::InternationalOrganization, has_head)
    } else {
        (class, has_head)
    }
}

/// `haystack.rfind(needle)` for a name and a word of a few chars: the
/// standard searcher's set-up cost more than the search, once per qualifier
/// for each candidate. A byte match of valid UTF-8 starts on a char boundary.
fn rfind_short(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, word) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = word.first() else {
        return Some(hay.len());
    };
    let last_start = hay.len().checked_sub(word.len())?;
    (0..=last_start)
        .rev()
        .find(|&i| hay[i] == first && &hay[i..i + word.len()] == word)
}

/// Whether the stem `[start, head_start)` names a specific body rather than
/// describing one (`体育服务产业集团` does not).
fn has_proper_element(
    text: &Prepared,
    start: usize,
    head_start: usize,
    class: OrgClass,
    kind: SuffixKind,
) -> bool {
    let public = !matches!(
        class,
        OrgClass::Enterprise
            | OrgClass::FinancialInstitution
            | OrgClass::Exchange
            | OrgClass::Platform
    );
    if kind == SuffixKind::Weak {
        let opens_with_anchor = text.known.iter().any(|k| k.start == start)
            || text
                .anchors
                .iter()
                .any(|a| a.start == start && (a.kind.is_proper() || public));
        return opens_with_anchor;
    }
    let stem_len = head_start - start;
    if stem_len < 2 {
        return false;
    }
    let inside = |s: usize, e: usize| s >= start && e <= head_start;
    if text.known.iter().any(|k| inside(k.start, k.end)) {
        return true;
    }
    if text.anchors.iter().any(|a| {
        inside(a.start, a.end) && (a.kind.is_proper() || (a.kind == AnchorKind::National && public))
    }) {
        return true;
    }
    let mut uncovered = 0;
    let mut latin_run = 0;
    let mut proper_latin = false;
    for i in start..head_start {
        let c = text.chars[i];
        let covered = text.is_descriptive(i);
        if c.is_ascii_alphabetic() {
            if !covered {
                latin_run += 1;
                proper_latin |= latin_run >= 2;
            }
        } else {
            latin_run = 0;
            if !covered && !text.in_paren[i] {
                uncovered += 1;
            }
        }
    }
    if uncovered >= 2 || proper_latin {
        return true;
    }
    matches!(class, OrgClass::Association | OrgClass::JudicialBody) && stem_len >= 4
}

#[cfg(test)]
mod tests {
    use super::rfind_short;

    #[test]
    fn rfind_short_is_rfind() {
        for hay in ["", "研究", "联合研究院研究", "a研究b", "研"] {
            for needle in ["", "研究", "研", "究", "b", "研究院研究x"] {
                assert_eq!(
                    rfind_short(hay, needle),
                    hay.rfind(needle),
                    "{hay} {needle}"
                );
            }
        }
    }
}
