//! Throughput of each text stage on the shipped document, in bytes of input
//! per second (criterion prints MiB/s): read → segment → extract → link → map,
//! and `chain`, the five end to end.
//!
//! Time is the CPU time of the benchmarking thread, not wall time: the stages
//! run on one core, and on a shared machine wall time mostly measures the
//! neighbours.
//!
//! `cargo bench --bench stages`

use casegraph::extract::{extract_document, Lexicons};
use casegraph::link::link;
use casegraph::rdf::{document_graph, vocab, IriScheme};
use casegraph::read::decode;
use casegraph::segment::segment;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// The allocator of the `casegraph` binary (`src/main.rs`), so that the figures
/// are those of a build; glibc's malloc costs about a fifth of the chain.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DOCUMENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/000_544783cc65985ead.txt");

/// CPU time consumed by the calling thread (`CLOCK_THREAD_CPUTIME_ID`).
struct ThreadCpuTime;

fn thread_cpu_now() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant
    // every Linux kernel since 2.6 knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu_now()
    }
    fn end(&self, start: Duration) -> Duration {
        thread_cpu_now().saturating_sub(start)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        // Same unit as wall time (nanoseconds), so the same formatting.
        WallTime.formatter()
    }
}

fn stages(c: &mut Criterion<ThreadCpuTime>) {
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
    group.bench_function("chain", |b| {
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
    config = Criterion::default().with_measurement(ThreadCpuTime).sample_size(20);
    targets = stages
}
criterion_main!(benches);
