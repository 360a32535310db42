//! Arbitrary bytes through the whole text pipeline:
//! read → segment → extract (every case) → link.

#![no_main]

use casegraph::extract::Lexicons;
use casegraph::link::link;
use casegraph::read::decode;
use casegraph::segment::segment;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

mod common;

fuzz_target!(|bytes: &[u8]| {
    let lexicons = Lexicons::embedded();
    let Ok(source) = decode(Path::new("fuzz.txt"), bytes) else {
        return;
    };
    let Ok(doc) = segment(source) else {
        return;
    };
    common::check_document(&doc);
    let extractions = common::extract_all(&doc, lexicons);
    let linked = link(&extractions, lexicons);
    assert_eq!(linked.cases.len(), doc.cases.len());
});
