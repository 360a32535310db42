//! Throughput of each text stage on the shipped document, in bytes of input
//! per second (criterion prints MB/s): read → segment → extract → link → map.
//!
//! `cargo bench --bench stages`

use casegraph::extract::{extract_document, Lexicons};
use casegraph::link::link;
use casegraph::rdf::{document_graph, vocab, IriScheme};
use casegraph::read::decode;
use casegraph::segment::segment;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;

const DOCUMENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/000_544783cc65985ead.txt");

fn stages(c: &mut Criterion) {
    let path = Path::new(DOCUMENT);
    let bytes = std::fs::read(path).unwrap();
    let lexicons = Lexicons::embedded();
    let iris = IriScheme::new(vocab::DEFAULT_BASE).unwrap();
    let source = decode(path, &bytes).unwrap();
    let doc = segment(source.clone()).unwrap();
    let extractions = extract_document(&doc, lexicons);
    let linked = link(&extractions, lexicons);

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("read", |b| {
        b.iter(|| decode(path, black_box(&bytes)).unwrap())
    });
    group.bench_function("segment", |b| {
        b.iter_batched(
            || source.clone(),
            |s| segment(s).unwrap(),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("extract", |b| {
        b.iter(|| extract_document(black_box(&doc), lexicons))
    });
    group.bench_function("link", |b| {
        b.iter(|| link(black_box(&extractions), lexicons))
    });
    group.bench_function("map", |b| {
        b.iter(|| document_graph(black_box(&doc), &extractions, &linked, &iris))
    });
    group.bench_function("read to map", |b| {
        b.iter(|| {
            let doc = segment(decode(path, black_box(&bytes)).unwrap()).unwrap();
            let extractions = extract_document(&doc, lexicons);
            let linked = link(&extractions, lexicons);
            document_graph(&doc, &extractions, &linked, &iris)
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
