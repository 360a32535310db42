//! Arbitrary text straight into each finder of `extract`, and into the line
//! classifier: the stages after segmentation see joined item text, which can
//! hold anything.

#![no_main]

use casegraph::extract::{date, organization, place, quantity, sector, title, Lexicons};
use casegraph::segment::classify;
use libfuzzer_sys::fuzz_target;

mod common;
use common::check_range;

fuzz_target!(|text: &str| {
    let lexicons = Lexicons::embedded();
    let mut aliases = organization::AliasTable::default();
    for m in organization::find(
        text,
        &lexicons.organizations,
        &lexicons.places,
        &mut aliases,
    ) {
        check_range(text, &m.range, "organization");
    }
    organization::classify_name(text, &lexicons.organizations);
    for m in place::find(text, &lexicons.places) {
        check_range(text, &m.range, "place");
    }
    place::lookup_exact(text, &lexicons.places);
    for m in title::find(text, &lexicons.titles) {
        check_range(text, &m.range, "title");
    }
    for q in quantity::find(text, &lexicons.quantities) {
        check_range(text, &q.range, "quantity");
    }
    for d in date::find(text) {
        check_range(text, &d.range, "date");
    }
    for y in date::find_years(text) {
        check_range(text, &y.range, "year");
    }
    let (head, body) = text.split_at(text.char_indices().nth(8).map_or(text.len(), |(i, _)| i));
    sector::classify(head, body, &lexicons.sectors);
    for line in text.lines() {
        classify(line);
    }
    if let Some((a, b)) = text.split_once('*') {
        quantity::multiply_decimal(a, b);
    }
});
