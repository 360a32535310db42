//! Arbitrary bytes as a file: `read::decode` then `segment::segment`.
//! Errors are fine (most inputs are not a case collection); panics are not.

#![no_main]

use casegraph::read::decode;
use casegraph::segment::segment;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

mod common;

fuzz_target!(|bytes: &[u8]| {
    let Ok(source) = decode(Path::new("fuzz.txt"), bytes) else {
        return;
    };
    assert_eq!(source.lines.first().map(|l| l.start), Some(0));
    if let Ok(doc) = segment(source) {
        assert!(!doc.cases.is_empty());
        common::check_document(&doc);
    }
});
