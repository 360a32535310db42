//! Arbitrary text inside a well-formed case, so that every input reaches the
//! extractors through the segmenter (random bytes seldom form a case heading
//! followed by a provider line).
//!
//! The input is split at `|` into up to five parts: title, provider,
//! policy basis, first measure, outcomes section. A part may hold newlines,
//! headings, markers of its own: the segmenter must cope.

#![no_main]

use casegraph::extract::Lexicons;
use casegraph::link::link;
use casegraph::read::decode;
use casegraph::segment::segment;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

mod common;

fuzz_target!(|text: &str| {
    let mut parts = text.splitn(5, '|');
    let mut next = || parts.next().unwrap_or("");
    let (title, provider, basis, measure, outcomes) = (next(), next(), next(), next(), next());
    let document = format!(
        "案例集\n\n1.{title}\n（{provider}提供）\n{basis}\n一、主要做法\n（一）{measure}\n\
         二、实践效果\n{outcomes}\n三、下一步工作思路\n（一）继续推进。\n"
    );
    let lexicons = Lexicons::embedded();
    let Ok(source) = decode(Path::new("fuzz.txt"), document.as_bytes()) else {
        return;
    };
    let Ok(doc) = segment(source) else {
        return;
    };
    common::check_document(&doc);
    let extractions = common::extract_all(&doc, lexicons);
    link(&extractions, lexicons);
});
