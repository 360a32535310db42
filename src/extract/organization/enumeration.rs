//! Organisations named by a short form without a head noun, recognised from
//! the enumeration they stand in: `授牌厦门大学、盈趣科技等16家院校和企业`,
//! `与百时美施贵宝、辉瑞、强生等国际化大药企`, `签约进驻时代电服、壹普智慧等30多个项目`.
//!
//! An enumeration is two or more items joined by `、` (the last one possibly
//! by `和`/`及`) and closed by `等`. Its items are organisations when the
//! phrase after `等` names a kind of body (`企业`, `科研院所`, `银行`, from
//! `data/org_list_context.tsv`) before any word that makes them sectors or
//! places (`等行业企业`, `等地企业`), or when the list follows a verb of moving
//! into a park (`进驻`). An item becomes an organisation only if it looks like
//! a proper name: at least two characters that are neither generic words nor
//! head nouns, and not a place alone. A two-character item (`强生`) also needs
//! a sibling that is an organisation, since short common nouns abound.

use super::candidate::{Candidate, Source};
use super::lexicon::{ListRole, OrgLexicon, WordKind};
use super::text::Prepared;
use super::OrgClass;
use std::ops::Range;

/// How far after `等` the collective noun is looked for.
const CLOSING_LEN: usize = 24;
/// Items shorter than this need a sibling that is an organisation.
const MIN_LEN_ALONE: usize = 3;
/// Longer items are clauses, not names.
const MAX_LEN: usize = 10;

/// Characters that end the phrase after `等`.
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | '、'
            | '（'
            | '）'
            | '('
            | ')'
            | '“'
            | '”'
            | '"'
            | '《'
            | '》'
            | ','
    )
}

/// Organisations among the items of the enumerations in `text`. Items that
/// overlap a candidate in `found` are left to it (and count as siblings that
/// are organisations).
pub(super) fn from_enumerations(
    text: &Prepared,
    lexicon: &OrgLexicon,
    found: &[Candidate],
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for closer in text.words_opening_with('等', WordKind::Stop) {
        let items = items_before(text, closer);
        if items.len() < 2 {
            continue;
        }
        let entered = follows_entry_verb(text, lexicon, items[0].start);
        let Some(class) =
            closing_class(text, lexicon, closer + 1).or(entered.then_some(OrgClass::Enterprise))
        else {
            continue;
        };
        let overlaps_found =
            |r: &Range<usize>| found.iter().any(|c| c.start < r.end && r.start < c.end);
        let names: Vec<&Range<usize>> = items
            .iter()
            .filter(|r| !overlaps_found(r) && looks_like_name(text, r))
            .collect();
        let has_sibling_org =
            items.iter().any(overlaps_found) || names.iter().any(|r| r.len() >= MIN_LEN_ALONE);
        out.extend(
            names
                .into_iter()
                .filter(|r| r.len() >= MIN_LEN_ALONE || has_sibling_org)
                .map(|r| Candidate {
                    start: r.start,
                    end: r.end,
                    class,
                    head_known: None,
                    branch: false,
                    level_only: false,
                    event: false,
                    source: Source::Enumeration,
                }),
        );
    }
    out
}

/// The items of the enumeration closed by the `等` at `closer`, in order.
fn items_before(text: &Prepared, closer: usize) -> Vec<Range<usize>> {
    let is_boundary = |i: usize| {
        text.is_stop(i) || matches!(text.word_at(i), Some(w) if w.kind == WordKind::Soft)
    };
    let mut items = Vec::new();
    let mut end = closer;
    loop {
        let mut start = end;
        while start > 0 && text.name_char[start - 1] && !is_boundary(start - 1) {
            start -= 1;
        }
        if start == end {
            break;
        }
        items.push(start..end);
        if start == 0 {
            break;
        }
        if text.chars[start - 1] == '、' {
            end = start - 1;
            continue;
        }
        // `A、B和C等`: only the last item is joined by a word.
        match text.word_at(start - 1) {
            Some(w) if w.kind == WordKind::Soft && items.len() == 1 && w.start > 0 => {
                end = w.start;
            }
            _ => break,
        }
    }
    items.reverse();
    items
}

/// Whether the word right before `at` is a verb of moving in (`进驻`).
fn follows_entry_verb(text: &Prepared, lexicon: &OrgLexicon, at: usize) -> bool {
    let Some(word) = at.checked_sub(1).and_then(|i| text.word_at(i)) else {
        return false;
    };
    let form = text.slice(word.start..word.end);
    lexicon
        .list_forms
        .iter()
        .zip(&lexicon.list_roles)
        .any(|(f, role)| *role == ListRole::Entry && *f == form)
}

/// The type the phrase after `等` (from `from`) gives the items: that of its
/// last collective noun, unless a sector or place word comes first.
fn closing_class(text: &Prepared, lexicon: &OrgLexicon, from: usize) -> Option<OrgClass> {
    let closing: String = text.chars[from..]
        .iter()
        .take(CLOSING_LEN)
        .take_while(|&&c| !is_clause_break(c))
        .collect();
    let mut class = None;
    for m in lexicon.list_matcher.find_iter(&closing) {
        match lexicon.list_roles[m.pattern().as_usize()] {
            ListRole::Blocker if class.is_none() => return None,
            ListRole::Head(c) => class = Some(c),
            _ => {}
        }
    }
    class
}

/// Whether the item `range` reads as a proper name: not too long, not a
/// determiner phrase, not a place alone, with two characters of its own.
fn looks_like_name(text: &Prepared, range: &Range<usize>) -> bool {
    if !(2..=MAX_LEN).contains(&range.len())
        || text
            .word_starting(range.start, WordKind::Determiner)
            .is_some()
        || text
            .anchors
            .iter()
            .any(|a| a.start <= range.start && range.end <= a.end)
    {
        return false;
    }
    let own_chars = range
        .clone()
        .filter(|&i| !text.is_descriptive(i) && !text.in_paren[i])
        .count();
    own_chars >= 2
}
