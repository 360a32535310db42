//! What every fuzz target checks beyond "does not panic": the invariants the
//! later stages rely on (spans inside the file, ranges inside the text).

#![allow(dead_code)] // each target uses a part

use casegraph::extract::{extract_case, CaseExtraction, Lexicons};
use casegraph::read::SourceText;
use casegraph::segment::{Document, SectionKind};
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
        1 <= span.start_line && span.start_line <= span.end_line && span.end_line <= source.lines.len(),
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

/// Checks every span of a segmented document.
pub fn check_document(doc: &Document) {
    let source = &doc.source;
    for case in &doc.cases {
        check_span(source, &case.span, "case");
        check_span(source, &case.title_span, "case title");
        for located in case.provider.iter().chain(&case.policy_basis) {
            check_span(source, &located.span, "provider/basis");
        }
        for kind in SectionKind::ALL {
            for item in case.items(kind) {
                check_span(source, &item.body.span, "item");
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
