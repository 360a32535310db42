//! The body of a case: the policy-basis paragraph, then its sections and their items.

use super::lines::{self, ItemStyle, LineKind, SectionKind};
use super::{append_line, Case, Item, Located, OtherSection};
use crate::diagnostic::Diagnostic;
use crate::read::SourceText;
use crate::span::TextBlock;

/// The section being read.
#[derive(Clone, Copy)]
enum Open {
    Known(SectionKind),
    /// Index into `Case::other_sections`.
    Other(usize),
}

/// What has been read of the open known section.
#[derive(Default)]
struct SectionState {
    style: Option<ItemStyle>,
    /// (ordinal, body) of the open item.
    current: Option<(usize, TextBlock)>,
    /// Text before the first item.
    lead: TextBlock,
}

/// Reads the content lines `body` (after the title and provider) into `case`.
pub fn fill(
    case: &mut Case,
    source: &SourceText,
    kinds: &[LineKind],
    body: &[usize],
    warnings: &mut Vec<Diagnostic>,
) {
    let mut intro = TextBlock::default();
    let mut open: Option<Open> = None;
    let mut seen: Vec<SectionKind> = Vec::new();
    let mut state = SectionState::default();
    // The ordinal of the last section heading: a heading of unknown wording
    // counts only as the next section (`四、` after `三、`), and not once a
    // short numbered list has started inside the section (`一、建立机制`
    // then `二、完善体系` stay text).
    let mut last_ordinal = 0;
    let mut inner_list = false;
    for &l in body {
        let line_kind = &kinds[l];
        let heading = match line_kind {
            LineKind::SectionHeading {
                kind,
                ordinal,
                rest_start,
            } => {
                let next = !inner_list && *ordinal == Some(last_ordinal + 1);
                inner_list |= kind.is_none() && !next;
                (kind.is_some() || next).then_some((*kind, *ordinal, *rest_start))
            }
            _ => None,
        };
        if let Some((kind, ordinal, rest_start)) = heading {
            close(case, open, &mut state, source, warnings);
            last_ordinal = ordinal.unwrap_or(last_ordinal);
            inner_list = false;
            open = Some(match kind {
                Some(kind) => {
                    check_order(case, kind, &seen, source, l, warnings);
                    seen.push(kind);
                    if let Some(rest) = rest_start {
                        append_line(&mut state.lead, source, l, rest);
                    }
                    Open::Known(kind)
                }
                None => open_other(case, source, l, warnings),
            });
            continue;
        }
        match open {
            None => append_line(&mut intro, source, l, 0),
            Some(Open::Other(index)) => {
                let block = &mut case.other_sections[index].body.block;
                append_line(block, source, l, 0);
            }
            Some(Open::Known(kind)) => read_line(case, kind, &mut state, source, line_kind, l),
        }
    }
    close(case, open, &mut state, source, warnings);
    if !intro.is_empty() {
        case.policy_basis = Some(Located::new(source, intro));
    }
    for kind in SectionKind::ALL {
        if !seen.contains(&kind) {
            warnings.push(Diagnostic::warning(
                &source.path,
                case.title_span.start_line,
                format!("case {}: no `{}` section", case.number, kind.heading()),
            ));
        }
    }
}

/// A line inside a known section: a new item when it carries the section's
/// next number in the section's numbering style, else text of the open item.
fn read_line(
    case: &mut Case,
    kind: SectionKind,
    state: &mut SectionState,
    source: &SourceText,
    line_kind: &LineKind,
    l: usize,
) {
    if let Some((style, ordinal)) = line_kind.item_start() {
        let expected = state.current.as_ref().map_or(1, |(n, _)| n + 1);
        let same_style = state.style.map_or(true, |s| s == style);
        if same_style && ordinal == expected && (expected > 1 || case.items(kind).is_empty()) {
            flush(case, kind, state, source);
            state.style = Some(style);
            let mut block = TextBlock::default();
            append_line(&mut block, source, l, 0);
            state.current = Some((ordinal, block));
            return;
        }
    }
    match &mut state.current {
        Some((_, block)) => append_line(block, source, l, 0),
        None => append_line(&mut state.lead, source, l, 0),
    }
}

fn flush(case: &mut Case, kind: SectionKind, state: &mut SectionState, source: &SourceText) {
    if let Some((ordinal, block)) = state.current.take() {
        if !block.is_empty() {
            case.items_mut(kind)
                .push(make_item(source, kind, ordinal, block));
        }
    }
}

/// Ends the open section: its last item, and the text before its first item,
/// which is the whole section when it has no numbered items (split at
/// `一是…二是…` when it is written that way).
fn close(
    case: &mut Case,
    open: Option<Open>,
    state: &mut SectionState,
    source: &SourceText,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(Open::Known(kind)) = open else {
        *state = SectionState::default();
        return;
    };
    flush(case, kind, state, source);
    let lead = std::mem::take(&mut state.lead);
    *state = SectionState::default();
    if lead.is_empty() {
        return;
    }
    let (lead, items) = if case.items(kind).is_empty() {
        split_enumeration(&lead)
    } else {
        (Some(lead), Vec::new())
    };
    for (i, block) in items.into_iter().enumerate() {
        case.items_mut(kind)
            .push(make_item(source, kind, i + 1, block));
    }
    let Some(lead) = lead else { return };
    if case.items(kind).is_empty() {
        case.items_mut(kind).push(make_item(source, kind, 1, lead));
    } else {
        let span = source.index.span(lead.origin_span());
        warnings.push(Diagnostic::warning(
            &source.path,
            span.start_line,
            format!(
                "case {}: text before the first numbered item of `{}` is not part of any item",
                case.number,
                kind.heading()
            ),
        ));
    }
}

/// `一是…。二是…。三是…` at sentence starts: the text before `一是` (if any)
/// and one block per part; no parts unless `一是` and `二是` both open one.
fn split_enumeration(block: &TextBlock) -> (Option<TextBlock>, Vec<TextBlock>) {
    let chars: Vec<char> = block.text().chars().collect();
    let mut starts = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        let at_sentence_start = i == 0 || "。；;：:！？".contains(chars[i - 1]);
        if at_sentence_start && chars[i + 1] == '是' {
            let numeral: String = chars[i..=i].iter().collect();
            if lines::chinese_numeral(&numeral) == Some(starts.len() + 1) {
                starts.push(i);
            }
        }
        i += 1;
    }
    if starts.len() < 2 {
        return (Some(block.clone()), Vec::new());
    }
    let lead = (starts[0] > 0).then(|| block.slice(0..starts[0]));
    let mut parts = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(chars.len());
        parts.push(block.slice(s..e));
    }
    (lead, parts)
}

/// Opens a section of unknown kind, with a warning naming the line.
fn open_other(
    case: &mut Case,
    source: &SourceText,
    l: usize,
    warnings: &mut Vec<Diagnostic>,
) -> Open {
    let text = source.lines[l].text.trim();
    let wording: String = text
        .trim_start_matches(|c: char| "第一二三四五六七八九十部分、.．（）() \u{3000}".contains(c))
        .trim_end_matches(['：', ':'])
        .to_string();
    warnings.push(Diagnostic::warning(
        &source.path,
        l + 1,
        format!(
            "case {}: section heading `{text}` is none of 做法 / 成效 / 下一步 \
             (data/section_headings.tsv): kept as a section of unknown kind",
            case.number
        ),
    ));
    let mut block = TextBlock::default();
    append_line(&mut block, source, l, 0);
    case.other_sections.push(OtherSection {
        heading: wording,
        ordinal: case.other_sections.len() + 1,
        body: Located::new(source, block),
    });
    Open::Other(case.other_sections.len() - 1)
}

fn check_order(
    case: &Case,
    kind: SectionKind,
    seen: &[SectionKind],
    source: &SourceText,
    l: usize,
    warnings: &mut Vec<Diagnostic>,
) {
    let problem = if seen.contains(&kind) {
        "a second"
    } else if seen.last().is_some_and(|last| *last > kind) {
        "out of order:"
    } else {
        return;
    };
    let message = if problem == "a second" {
        format!(
            "case {}: a second `{}` section",
            case.number,
            kind.heading()
        )
    } else {
        format!(
            "case {}: section `{}` out of order",
            case.number,
            kind.heading()
        )
    };
    warnings.push(Diagnostic::warning(&source.path, l + 1, message));
}

fn make_item(source: &SourceText, kind: SectionKind, ordinal: usize, block: TextBlock) -> Item {
    let text = block.text();
    let after_marker = lines::item_marker_len(text);
    let heading: String = text[after_marker..]
        .split('。')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    Item {
        kind,
        ordinal,
        heading,
        body: Located::new(source, block),
    }
}
