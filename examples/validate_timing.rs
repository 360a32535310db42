//! The per-document cost of `validate::validate_quads`, as a parallel
//! multi-document build pays it: `cargo run --release --example validate_timing [FILE.txt]`
//! builds one case document (default: the shipped one) and prints the median
//! and minimum time of validating its graph (plus the ontology graph) over 50 runs.

use casegraph::extract::Lexicons;
use casegraph::rdf::{ontology, vocab, IriScheme};
use oxigraph::model::QuadRef;
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/data/000_544783cc65985ead.txt").to_string()
    });
    let iris = IriScheme::new(vocab::DEFAULT_BASE).map_err(anyhow::Error::msg)?;
    let built = casegraph::pipeline::build_file(path.as_ref(), &iris, Lexicons::embedded())
        .map_err(|d| anyhow::anyhow!("{d}"))?;
    let ontology = ontology::ontology_quads();
    casegraph::validate::shipped_shapes()?; // parsed once per process
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let report = casegraph::validate::validate_quads(
            built.rdf.quads().chain(ontology.iter().map(QuadRef::from)),
        )?;
        times.push(started.elapsed());
        anyhow::ensure!(report.conforms(), "{}", report.render_text());
    }
    times.sort();
    println!(
        "{} + {} quads: median {:.2} ms, min {:.2} ms",
        built.rdf.triples.len(),
        ontology.len(),
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
    Ok(())
}
