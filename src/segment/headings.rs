//! Which `N.标题` / `案例N 标题` lines head a case, and where each title ends.

use super::lines::{looks_like_provider, LineKind, SectionKind, MAX_PROVIDER_CHARS};
use crate::diagnostic::Diagnostic;
use crate::read::SourceText;

/// A case heading found in the content lines (positions index `content`).
#[derive(Debug, Clone, Copy)]
pub struct CaseStart {
    pub pos: usize,
    /// One past the last line of the title.
    pub title_end: usize,
    pub provider: Option<usize>,
}

impl CaseStart {
    /// The first content line of the case after its title and provider.
    pub fn body_start(&self) -> usize {
        self.provider.map_or(self.title_end, |p| p + 1)
    }
}

/// Longest a title may grow to by joining the lines after its heading line
/// when no provider line closes it.
const MAX_TITLE_CHARS: usize = 48;
/// Longest a line may be and still continue a title.
const MAX_CONTINUATION_CHARS: usize = 24;

/// A heading line is a case's when a provider line follows it within a few
/// lines of title, or when the next heading after it opens the sections of a
/// case (`一、…`). So a table of contents or an item numbered `1.` is no case.
/// A heading followed by a line shaped like a provider line that is not read
/// as one gets a warning: its provider (or the whole case) would go unseen.
pub fn find(
    source: &SourceText,
    kinds: &[LineKind],
    content: &[usize],
    warnings: &mut Vec<Diagnostic>,
) -> Vec<CaseStart> {
    let mut starts = Vec::new();
    for (pos, &line) in content.iter().enumerate() {
        if !matches!(kinds[line], LineKind::CaseHeading { .. }) {
            continue;
        }
        let provider = content[pos + 1..]
            .iter()
            .take(4)
            .position(|&l| matches!(kinds[l], LineKind::Provider(_)))
            .map(|p| pos + 1 + p)
            .filter(|&p| {
                content[pos + 1..p]
                    .iter()
                    .all(|&l| kinds[l] == LineKind::Text)
            });
        if let Some(provider) = provider {
            starts.push(CaseStart {
                pos,
                title_end: provider,
                provider: Some(provider),
            });
            continue;
        }
        let is_case = opens_sections_next(kinds, &content[pos + 1..]);
        if let Some(w) = unread_provider(source, kinds, &content[pos..], is_case) {
            warnings.push(w);
        }
        if is_case {
            let title_end = title_end(source, kinds, content, pos);
            starts.push(CaseStart {
                pos,
                title_end,
                provider: None,
            });
        }
    }
    starts
}

/// The warning for a provider-shaped line within four lines of the heading
/// `lines[0]` that was not read as a provider (an item line, or a name too long).
fn unread_provider(
    source: &SourceText,
    kinds: &[LineKind],
    lines: &[usize],
    is_case: bool,
) -> Option<Diagnostic> {
    let &line = lines[1..]
        .iter()
        .take(4)
        .take_while(|&&l| !matches!(kinds[l], LineKind::CaseHeading { .. }))
        .find(|&&l| looks_like_provider(&source.lines[l].text))?;
    let heading = lines[0] + 1;
    let fate = if is_case {
        "the case has no provider and the line is read as text"
    } else {
        "so the heading opens no case: it and what follows are read as text of what precedes it"
    };
    Some(Diagnostic::warning(
        &source.path,
        line + 1,
        format!(
            "`{}` after the case heading at line {heading} looks like a provider line but is not read as one (an item number, or a name over {MAX_PROVIDER_CHARS} chars); {fate}",
            source.lines[line].text.trim()
        ),
    ))
}

fn opens_sections_next(kinds: &[LineKind], after: &[usize]) -> bool {
    let next = after.iter().map(|&l| &kinds[l]).find(|k| {
        matches!(
            k,
            LineKind::CaseHeading { .. } | LineKind::SectionHeading { .. }
        )
    });
    match next {
        Some(LineKind::SectionHeading { kind, ordinal, .. }) => {
            *ordinal == Some(1) || (ordinal.is_none() && *kind == Some(SectionKind::Measures))
        }
        _ => false,
    }
}

/// Without a provider line, the title runs on over short lines without
/// sentence punctuation (`案例一` alone on its line takes the next line whole).
fn title_end(source: &SourceText, kinds: &[LineKind], content: &[usize], pos: usize) -> usize {
    let LineKind::CaseHeading { title_start, .. } = kinds[content[pos]] else {
        return pos + 1;
    };
    let mut title: String = source.lines[content[pos]].text[title_start..]
        .trim()
        .to_string();
    let mut end = pos + 1;
    while let Some(&l) = content.get(end) {
        let line = source.lines[l].text.trim();
        let continues = kinds[l] == LineKind::Text
            && (title.is_empty()
                || (line.chars().count() <= MAX_CONTINUATION_CHARS
                    && title.chars().count() + line.chars().count() <= MAX_TITLE_CHARS
                    && !title.ends_with(['。', '！', '？'])
                    && !line.starts_with(['（', '('])
                    && !line.contains(['。', '，', '；', '：', '《', '！', '？'])));
        if !continues {
            break;
        }
        title.push_str(line);
        end += 1;
    }
    end
}

/// The error for a document in which no case heading was recognised: the
/// forms looked for, and the first lines that came close.
pub fn no_case_error(source: &SourceText, kinds: &[LineKind], content: &[usize]) -> Diagnostic {
    let candidates: Vec<String> = content
        .iter()
        .filter(|&&l| {
            matches!(
                kinds[l],
                LineKind::CaseHeading { .. } | LineKind::SectionHeading { .. }
            )
        })
        .take(5)
        .map(|&l| format!("line {}: `{}`", l + 1, source.lines[l].text.trim()))
        .collect();
    let first = content.first().map_or(1, |&l| l + 1);
    let found = if candidates.is_empty() {
        "no line looks like a case or section heading".to_string()
    } else {
        format!("heading-like lines: {}", candidates.join("; "))
    };
    Diagnostic::error(
        &source.path,
        first,
        format!(
            "no case found: expected a case heading (`1.标题`, `1、标题`, `案例1 标题`, `案例一：标题`) \
             followed by a provider line like `（上海市提供）` or by the case's first section \
             (`一、主要做法`, wordings in data/section_headings.tsv); {found}"
        ),
    )
}
