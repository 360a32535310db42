//! What every fuzz target checks beyond "does not panic": the invariants the
//! later stages rely on (spans inside the file, ranges inside the text).

#![allow(dead_code)] // each target uses a part

use casegraph::extract::{extract_case, CaseExtraction, Lexicons};
use casegraph::read::SourceText;
use casegraph::segment::{classify, Document, LineKind, Located, SectionKind};
use casegraph::span::Span;
use std::ops::Range;

/// A span of the source: ordered, inside the file's chars and lines.
pub fn check_span(source: &SourceText, span: &Span, what: &str) {
    assert!(
        span.start_char <= span.end_char && span.end_char <= source.char_len,
        "{what}: span {span:?} outside 0..{}",
        source.char_len
    );
    assert!(
        1 <= span.start_line
            && span.start_line <= span.end_line
            && span.end_line <= source.lines.len(),
        "{what}: lines of {span:?} outside 1..={}",
        source.lines.len()
    );
}

/// A char range a finder returned: non-empty and inside the text it searched.
pub fn check_range(text: &str, range: &Range<usize>, what: &str) {
    let len = text.chars().count();
    assert!(
        range.start < range.end && range.end <= len,
        "{what}: range {range:?} outside the {len} chars of {text:?}"
    );
}

/// The chars of the decoded file, by char offset (line terminators as `\n`).
fn file_chars(source: &SourceText) -> Vec<char> {
    let mut chars = vec!['\n'; source.char_len];
    for line in &source.lines {
        for (i, c) in line.text.chars().enumerate() {
            chars[line.start + i] = c;
        }
    }
    chars
}

/// Every char of a block stands at its recorded origin in the file (the
/// traceability invariant), except the spaces the segmenter inserts between
/// Latin words of joined lines.
fn check_origins(file: &[char], located: &Located, what: &str) {
    let block = &located.block;
    for (i, c) in block.text().chars().enumerate() {
        let origin = block.origin_range(i..i + 1).start;
        assert!(
            c == ' ' || file.get(origin) == Some(&c),
            "{what}: char {i} {c:?} of {:?} traced to {:?} at {origin}",
            block.text(),
            file.get(origin)
        );
    }
}

/// The provider is the name printed in its `（…提供）` line, nothing else.
fn check_provider(source: &SourceText, provider: &Located) {
    let line = &source.lines[provider.span.start_line - 1].text;
    let LineKind::Provider(name) = classify(line) else {
        panic!(
            "provider {:?} not from a provider line: {line:?}",
            provider.text()
        );
    };
    assert_eq!(provider.text(), line[name].trim(), "provider of {line:?}");
}

/// Checks every span of a segmented document, and that each block's chars
/// trace back to the file.
pub fn check_document(doc: &Document) {
    let source = &doc.source;
    let file = file_chars(source);
    for case in &doc.cases {
        check_span(source, &case.span, "case");
        check_span(source, &case.title_span, "case title");
        if let Some(provider) = &case.provider {
            check_provider(source, provider);
        }
        for located in case.provider.iter().chain(&case.policy_basis) {
            check_span(source, &located.span, "provider/basis");
            check_origins(&file, located, "provider/basis");
        }
        for kind in SectionKind::ALL {
            for item in case.items(kind) {
                check_span(source, &item.body.span, "item");
                check_origins(&file, &item.body, "item");
            }
        }
    }
}

/// Extracts every case and checks the spans of what was found.
pub fn extract_all(doc: &Document, lexicons: &Lexicons) -> Vec<CaseExtraction> {
    let extractions: Vec<CaseExtraction> = doc
        .cases
        .iter()
        .map(|case| extract_case(&doc.source, case, lexicons))
        .collect();
    for ex in &extractions {
        let spans = ex
            .mentions
            .iter()
            .map(|m| &m.span)
            .chain(ex.quantities.iter().map(|q| &q.span))
            .chain(ex.dates.iter().map(|d| &d.span));
        for span in spans {
            check_span(&doc.source, span, "extracted fact");
        }
    }
    extractions
}
