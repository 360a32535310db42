//! Stage 2, segment: [`SourceText`] → [`Document`] of cases, sections and items.
//!
//! The input is text extracted from a PDF: a blank line between text lines,
//! lone page numbers, headings and names broken across lines, heading
//! variants. Segmenting works on classified lines ([`LineKind`]) and keeps,
//! for every piece, where it stood in the original file.

mod lines;

use crate::diagnostic::Diagnostic;
use crate::read::SourceText;
use crate::span::{Span, TextBlock};
pub use lines::{chinese_numeral, classify, LineKind, SectionKind};

/// A segmented input file.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: SourceText,
    /// Text before the first case, if any, else the file stem.
    pub title: String,
    pub cases: Vec<Case>,
    /// Recoverable problems (fatal ones are returned as `Err`).
    pub warnings: Vec<Diagnostic>,
}

/// One numbered case.
#[derive(Debug, Clone)]
pub struct Case {
    pub number: u32,
    /// The heading after the number, joined across lines.
    pub title: String,
    pub title_span: Span,
    /// The text inside `（…提供）`, without `提供`.
    pub provider: Option<Located>,
    /// The paragraph between the provider and the first section (it quotes the national plan).
    pub policy_basis: Option<Located>,
    pub measures: Vec<Item>,
    pub outcomes: Vec<Item>,
    pub next_steps: Vec<Item>,
    /// From the heading to the last char of the case.
    pub span: Span,
}

impl Case {
    pub fn items(&self, kind: SectionKind) -> &[Item] {
        match kind {
            SectionKind::Measures => &self.measures,
            SectionKind::Outcomes => &self.outcomes,
            SectionKind::NextSteps => &self.next_steps,
        }
    }

    fn items_mut(&mut self, kind: SectionKind) -> &mut Vec<Item> {
        match kind {
            SectionKind::Measures => &mut self.measures,
            SectionKind::Outcomes => &mut self.outcomes,
            SectionKind::NextSteps => &mut self.next_steps,
        }
    }
}

/// Text with its place in the source.
#[derive(Debug, Clone)]
pub struct Located {
    pub block: TextBlock,
    pub span: Span,
}

impl Located {
    pub fn text(&self) -> &str {
        self.block.text()
    }
}

/// A numbered item of a section (`（一）…`), or a whole unnumbered section.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: SectionKind,
    /// 1-based position in its section.
    pub ordinal: usize,
    /// The text after the `（一）` marker up to the first `。`.
    pub heading: String,
    /// The whole item, marker included, page artefacts removed, lines joined.
    pub body: Located,
}

/// Splits `source` into cases.
///
/// Fatal problems (no case at all, duplicate case numbers, a truncated
/// document) are returned as `Err`; the others become [`Document::warnings`].
pub fn segment(source: SourceText) -> Result<Document, Diagnostic> {
    let kinds: Vec<LineKind> = source.lines.iter().map(|l| classify(&l.text)).collect();
    let content: Vec<usize> = (0..kinds.len())
        .filter(|&i| !matches!(kinds[i], LineKind::Blank | LineKind::PageNumber))
        .collect();
    let mut warnings = Vec::new();

    // A heading is a `N.title` line followed, within a few content lines, by the provider.
    let mut headings = Vec::new(); // (position in `content`, provider position)
    for (pos, &line) in content.iter().enumerate() {
        if !matches!(kinds[line], LineKind::CaseHeading { .. }) {
            continue;
        }
        let provider = content[pos + 1..]
            .iter()
            .take(4)
            .position(|&l| matches!(kinds[l], LineKind::Provider(_)))
            .map(|p| pos + 1 + p);
        if let Some(provider) = provider {
            if content[pos + 1..provider]
                .iter()
                .all(|&l| matches!(kinds[l], LineKind::Text))
            {
                headings.push((pos, provider));
            }
        }
    }
    if headings.is_empty() {
        return Err(Diagnostic::error(
            &source.path,
            1,
            "no case found: expected a heading line like `1.标题` followed by a provider line like `（上海市提供）`",
        ));
    }

    let title = document_title(&source, &content[..headings[0].0]);
    let mut cases: Vec<Case> = Vec::new();
    for (h, &(pos, provider_pos)) in headings.iter().enumerate() {
        let end = headings.get(h + 1).map_or(content.len(), |next| next.0);
        let case = segment_case(
            &source,
            &kinds,
            &content[pos..end],
            provider_pos - pos,
            &mut warnings,
        );
        if let Some(previous) = cases.iter().find(|c| c.number == case.number) {
            return Err(Diagnostic::error(
                &source.path,
                case.title_span.start_line,
                format!(
                    "duplicate case number {}: already used by the case at line {}",
                    case.number, previous.title_span.start_line
                ),
            ));
        }
        if let Some(previous) = cases.last() {
            if case.number != previous.number + 1 {
                warnings.push(Diagnostic::warning(
                    &source.path,
                    case.title_span.start_line,
                    format!(
                        "case {} follows case {}: numbers out of sequence",
                        case.number, previous.number
                    ),
                ));
            }
        }
        cases.push(case);
    }
    check_truncation(
        &source,
        &kinds,
        &content,
        cases.last().expect("at least one case"),
    )?;
    Ok(Document {
        source,
        title,
        cases,
        warnings,
    })
}

fn document_title(source: &SourceText, before: &[usize]) -> String {
    let text: String = before
        .iter()
        .map(|&l| source.lines[l].text.trim())
        .collect();
    if text.is_empty() {
        std::path::Path::new(&source.file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        text
    }
}

/// `lines` are the content lines of one case, from its heading on.
fn segment_case(
    source: &SourceText,
    kinds: &[LineKind],
    lines: &[usize],
    provider_at: usize,
    warnings: &mut Vec<Diagnostic>,
) -> Case {
    let path = &source.path;
    let LineKind::CaseHeading {
        number,
        title_start,
    } = kinds[lines[0]]
    else {
        unreachable!("segment_case starts at a heading")
    };
    let mut title_block = TextBlock::default();
    append_line(&mut title_block, source, lines[0], title_start);
    for &l in &lines[1..provider_at] {
        append_line(&mut title_block, source, l, 0);
    }
    let title = squeeze_spaces(title_block.text());

    let provider_line = lines[provider_at];
    let provider = match &kinds[provider_line] {
        LineKind::Provider(range) => {
            let mut block = TextBlock::default();
            append_line(&mut block, source, provider_line, range.start);
            let name_chars = source.lines[provider_line].text[range.clone()]
                .chars()
                .count();
            let block = block.slice(0..name_chars);
            let span = source.index.span(block.origin_span());
            Some(Located { block, span })
        }
        _ => None,
    };

    let mut case = Case {
        number,
        title,
        title_span: source.index.span(title_block.origin_span()),
        provider,
        policy_basis: None,
        measures: Vec::new(),
        outcomes: Vec::new(),
        next_steps: Vec::new(),
        span: Span::default(),
    };

    // Everything after the provider: the policy-basis paragraph, then sections.
    let mut intro = TextBlock::default();
    let mut section: Option<SectionKind> = None;
    let mut seen_sections: Vec<SectionKind> = Vec::new();
    let mut current: Option<(usize, TextBlock)> = None; // (ordinal, body) of the open item
    let mut lead = TextBlock::default();

    let flush =
        |case: &mut Case, kind: Option<SectionKind>, current: &mut Option<(usize, TextBlock)>| {
            if let (Some(kind), Some((ordinal, block))) = (kind, current.take()) {
                if !block.is_empty() {
                    case.items_mut(kind)
                        .push(make_item(source, kind, ordinal, block));
                }
            }
        };

    for &l in &lines[provider_at + 1..] {
        match &kinds[l] {
            LineKind::SectionHeading { kind, rest_start } => {
                flush(&mut case, section, &mut current);
                finish_section(&mut case, section, &mut lead, source, warnings);
                if seen_sections.contains(kind) {
                    warnings.push(Diagnostic::warning(
                        path,
                        l + 1,
                        format!(
                            "case {}: a second `{}` section",
                            case.number,
                            kind.heading()
                        ),
                    ));
                } else if seen_sections.last().is_some_and(|last| last > kind) {
                    warnings.push(Diagnostic::warning(
                        path,
                        l + 1,
                        format!(
                            "case {}: section `{}` out of order",
                            case.number,
                            kind.heading()
                        ),
                    ));
                }
                seen_sections.push(*kind);
                section = Some(*kind);
                if let Some(rest) = rest_start {
                    append_line(&mut lead, source, l, *rest);
                }
            }
            LineKind::ItemStart { ordinal } if section.is_some() => {
                let expected = current.as_ref().map_or(1, |(n, _)| n + 1);
                let kind = section.expect("inside a section");
                if *ordinal == expected && (expected > 1 || case.items(kind).is_empty()) {
                    flush(&mut case, section, &mut current);
                    let mut block = TextBlock::default();
                    append_line(&mut block, source, l, 0);
                    current = Some((*ordinal, block));
                } else {
                    append_to(&mut current, &mut lead, source, l);
                }
            }
            _ if section.is_none() => append_line(&mut intro, source, l, 0),
            _ => append_to(&mut current, &mut lead, source, l),
        }
    }
    flush(&mut case, section, &mut current);
    finish_section(&mut case, section, &mut lead, source, warnings);

    if !intro.is_empty() {
        let span = source.index.span(intro.origin_span());
        case.policy_basis = Some(Located { block: intro, span });
    }
    for kind in SectionKind::ALL {
        if !seen_sections.contains(&kind) {
            warnings.push(Diagnostic::warning(
                path,
                case.title_span.start_line,
                format!("case {}: no `{}` section", case.number, kind.heading()),
            ));
        }
    }
    let last_line = *lines.last().expect("a case has its heading line");
    let end =
        source.lines[last_line].start + source.lines[last_line].text.trim_end().chars().count();
    let heading = &source.lines[lines[0]];
    let start =
        heading.start + (heading.text.chars().count() - heading.text.trim_start().chars().count());
    case.span = source.index.span(start..end);
    case
}

fn append_to(
    current: &mut Option<(usize, TextBlock)>,
    lead: &mut TextBlock,
    source: &SourceText,
    line: usize,
) {
    match current {
        Some((_, block)) => append_line(block, source, line, 0),
        None => append_line(lead, source, line, 0),
    }
}

/// Text of a section before its first numbered item: the whole section when it
/// has no numbered items, else a lead paragraph (kept, with a warning, as item 0's text would be lost).
fn finish_section(
    case: &mut Case,
    section: Option<SectionKind>,
    lead: &mut TextBlock,
    source: &SourceText,
    warnings: &mut Vec<Diagnostic>,
) {
    let block = std::mem::take(lead);
    let Some(kind) = section else { return };
    if block.is_empty() {
        return;
    }
    if case.items(kind).is_empty() {
        case.items_mut(kind).push(make_item(source, kind, 1, block));
    } else {
        let span = source.index.span(block.origin_span());
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

fn make_item(source: &SourceText, kind: SectionKind, ordinal: usize, block: TextBlock) -> Item {
    let text = block.text();
    let after_marker = lines::item_marker_len(text);
    let heading: String = text[after_marker..]
        .split('。')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let span = source.index.span(block.origin_span());
    Item {
        kind,
        ordinal,
        heading,
        body: Located { block, span },
    }
}

/// Appends line `line` from byte `from` on, trimmed, to `block`; inserts a
/// space only where two Latin words or numbers would otherwise run together.
fn append_line(block: &mut TextBlock, source: &SourceText, line: usize, from: usize) {
    let line = &source.lines[line];
    let rest = &line.text[from..];
    let trimmed = rest.trim();
    if trimmed.is_empty() {
        return;
    }
    let leading = rest.len() - rest.trim_start().len();
    let start = line.start + line.text[..from + leading].chars().count();
    let first = trimmed.chars().next().expect("non-empty");
    if block.last_char().is_some_and(|c| c.is_ascii_alphanumeric()) && first.is_ascii_alphanumeric()
    {
        block.push(' ', start);
    }
    block.push_str(trimmed, start);
}

fn squeeze_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A document cut short ends mid-sentence, or before its last case has all its sections.
fn check_truncation(
    source: &SourceText,
    kinds: &[LineKind],
    content: &[usize],
    last: &Case,
) -> Result<(), Diagnostic> {
    let &last_line = content.last().expect("a case has content");
    let text = source.lines[last_line].text.trim_end();
    let ends_sentence = text
        .chars()
        .next_back()
        .is_some_and(|c| "。！？；：.!?;”’」』）)》…".contains(c));
    let line = last_line + 1;
    if !ends_sentence && !matches!(kinds[last_line], LineKind::SectionHeading { .. }) {
        return Err(Diagnostic::error(
            &source.path,
            line,
            format!(
                "the document seems truncated: case {} ends mid-sentence (`…{}`)",
                last.number,
                tail(text, 12)
            ),
        ));
    }
    if last.next_steps.is_empty() {
        return Err(Diagnostic::error(
            &source.path,
            line,
            format!(
                "the document seems truncated: its last case ({}) ends before its `{}` section",
                last.number,
                SectionKind::NextSteps.heading()
            ),
        ));
    }
    Ok(())
}

fn tail(text: &str, n: usize) -> String {
    let count = text.chars().count();
    text.chars().skip(count.saturating_sub(n)).collect()
}

#[cfg(test)]
mod tests;
