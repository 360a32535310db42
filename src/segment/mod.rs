//! Stage 2, segment: [`SourceText`] → [`Document`] of cases, sections and items.
//!
//! The input is text extracted from a PDF: a blank line between text lines,
//! lone page numbers, headings and names broken across lines, heading
//! variants. Segmenting works on classified lines ([`LineKind`]) and keeps,
//! for every piece, where it stood in the original file.

mod cover;
mod headings;
mod lines;
mod sections;

use crate::diagnostic::Diagnostic;
use crate::read::SourceText;
use crate::span::{Span, TextBlock};
pub use cover::{read_cover, Cover};
pub use lines::{
    chinese_numeral, classify, item_marker_len, section_wordings, ItemStyle, LineKind, SectionKind,
};

/// A segmented input file.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: SourceText,
    /// The collection's title from the cover page, else the file stem.
    pub title: String,
    /// The publishing office named on the cover page.
    pub publisher: Option<String>,
    /// The date on the cover page, ISO 8601 (`2023-12`).
    pub date: Option<String>,
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
    /// Sections whose heading is not one of the three kinds, in order.
    pub other_sections: Vec<OtherSection>,
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

    fn new(source: &SourceText, block: TextBlock) -> Self {
        let span = source.index.span(block.origin_span());
        Located { block, span }
    }
}

/// A numbered item of a section (`（一）…`, `1.…`, `一是…`), or a whole unnumbered section.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: SectionKind,
    /// 1-based position in its section.
    pub ordinal: usize,
    /// The text after the item marker up to the first `。`.
    pub heading: String,
    /// The whole item, marker included, page artefacts removed, lines joined.
    pub body: Located,
}

/// A section whose heading-shaped line (`四、经验启示`) names none of the three
/// kinds: kept whole, apart from every item, so nothing is misfiled.
#[derive(Debug, Clone)]
pub struct OtherSection {
    /// The heading's wording, without its ordinal.
    pub heading: String,
    /// 1-based position among the case's other sections.
    pub ordinal: usize,
    /// The whole section, heading line included.
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

    let starts = headings::find(&source, &kinds, &content, &mut warnings);
    if starts.is_empty() {
        return Err(headings::no_case_error(&source, &kinds, &content));
    }
    let cover_lines: Vec<&str> = content[..starts[0].pos]
        .iter()
        .map(|&l| source.lines[l].text.trim())
        .collect();
    let cover = read_cover(&cover_lines);
    let mut cases: Vec<Case> = Vec::new();
    for (h, start) in starts.iter().enumerate() {
        let end = starts.get(h + 1).map_or(content.len(), |next| next.pos);
        let case = segment_case(&source, &kinds, &content, *start, end, &mut warnings);
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
    check_truncation(&source, &kinds, &content, &cases)?;
    let title = cover.title.unwrap_or_else(|| file_stem(&source));
    Ok(Document {
        source,
        title,
        publisher: cover.publisher,
        date: cover.date,
        cases,
        warnings,
    })
}

fn file_stem(source: &SourceText) -> String {
    std::path::Path::new(&source.file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The case whose heading is `content[start.pos]`; `end` is the position of the next case.
fn segment_case(
    source: &SourceText,
    kinds: &[LineKind],
    content: &[usize],
    start: headings::CaseStart,
    end: usize,
    warnings: &mut Vec<Diagnostic>,
) -> Case {
    let heading_line = content[start.pos];
    let LineKind::CaseHeading {
        number,
        title_start,
        ..
    } = kinds[heading_line]
    else {
        unreachable!("a case starts at a heading")
    };
    let mut title_block = TextBlock::default();
    append_line(&mut title_block, source, heading_line, title_start);
    for &l in &content[start.pos + 1..start.title_end] {
        append_line(&mut title_block, source, l, 0);
    }
    let title = squeeze_spaces(title_block.text());
    // A title on the line after a bare `案例一` still needs a span.
    let title_origin = if title_block.is_empty() {
        let line = &source.lines[heading_line];
        line.start..line.start + line.text.trim_end().chars().count()
    } else {
        title_block.origin_span()
    };

    let provider = start
        .provider
        .and_then(|p| provider_of(source, kinds, content[p]));
    let mut case = Case {
        number,
        title,
        title_span: source.index.span(title_origin),
        provider,
        policy_basis: None,
        measures: Vec::new(),
        outcomes: Vec::new(),
        next_steps: Vec::new(),
        other_sections: Vec::new(),
        span: Span::default(),
    };
    let body = &content[start.body_start().min(end)..end];
    sections::fill(&mut case, source, kinds, body, warnings);

    let last_line = content[end - 1];
    let end_char =
        source.lines[last_line].start + source.lines[last_line].text.trim_end().chars().count();
    let heading = &source.lines[heading_line];
    let start_char =
        heading.start + (heading.text.chars().count() - heading.text.trim_start().chars().count());
    case.span = source.index.span(start_char..end_char);
    case
}

fn provider_of(source: &SourceText, kinds: &[LineKind], line: usize) -> Option<Located> {
    let LineKind::Provider(range) = &kinds[line] else {
        return None;
    };
    let mut block = TextBlock::default();
    append_line(&mut block, source, line, range.start);
    let name_chars = source.lines[line].text[range.clone()].chars().count();
    Some(Located::new(source, block.slice(0..name_chars)))
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

/// A document cut short ends mid-sentence, or before its last case has all
/// the sections the other cases have (all three when it is the only case).
fn check_truncation(
    source: &SourceText,
    kinds: &[LineKind],
    content: &[usize],
    cases: &[Case],
) -> Result<(), Diagnostic> {
    let (last, others) = cases.split_last().expect("at least one case");
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
    let missing = SectionKind::ALL.into_iter().rfind(|&kind| {
        others.iter().all(|c| !c.items(kind).is_empty()) && last.items(kind).is_empty()
    });
    if let Some(missing) = missing {
        return Err(Diagnostic::error(
            &source.path,
            line,
            format!(
                "the document seems truncated: its last case ({}) ends before its `{}` section",
                last.number,
                missing.heading()
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
