//! Stage 8, publish: the store's named graphs to a shared triplestore, and
//! saved queries run against it.
//!
//! Only W3C protocols: each graph is replaced whole with a `PUT ?graph=IRI` of
//! the SPARQL 1.1 Graph Store HTTP Protocol (so a re-push never duplicates),
//! streamed as N-Triples straight from the store; queries go through the
//! SPARQL 1.1 Protocol. A push sends only the graphs whose content changed
//! since the server last confirmed them (`state`), then checks that the server
//! holds as many triples in each as the store does.

pub mod client;
pub mod local;
pub mod remote;
pub mod state;

pub use client::{Client, ClientOptions, Credentials};

use client::Request;
use local::{GraphDigest, NTriplesStream};
use oxigraph::model::NamedNode;
use oxigraph::store::Store;
use state::{PushState, Pushed};
use std::cell::Cell;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Why a push or a remote query failed.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{url}: {detail}")]
    Transport {
        url: String,
        detail: String,
        transient: bool,
    },
    #[error("{method} {url}: the server answered {status} {reason}{}", said(.message, .attempts))]
    Status {
        method: &'static str,
        url: String,
        status: u16,
        reason: String,
        message: String,
        attempts: u32,
    },
    #[error("{url}: {detail}")]
    Auth { url: String, detail: String },
    #[error("`{url}` is not a usable URL: {detail}")]
    Url { url: String, detail: String },
    #[error("{url}: unreadable answer: {detail}")]
    Response { url: String, detail: String },
    #[error("reading the store: {0}")]
    Local(String),
    #[error("push state: {0}")]
    State(String),
    #[error("the store has no graph <{0}>")]
    NoSuchGraph(String),
    #[error("<{graph}>: the server holds {remote} triples after the push, the store {local}")]
    Mismatch {
        graph: String,
        local: u64,
        remote: u64,
    },
    #[error("push stopped at <{graph}> ({done} of {total} graph(s) confirmed; run the push again to send the rest): {source}")]
    Stopped {
        graph: String,
        done: usize,
        total: usize,
        source: Box<PublishError>,
    },
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
}

/// What to push, where.
pub struct PushOptions {
    /// The Graph Store endpoint, e.g. `http://host:7878/store`.
    pub url: String,
    /// A SPARQL endpoint of the same server, to count triples after the push;
    /// without it each pushed graph is read back.
    pub sparql: Option<String>,
    /// Only this graph.
    pub graph: Option<NamedNode>,
    /// Send every graph, changed or not.
    pub all: bool,
    /// Say what would be sent; send nothing.
    pub dry_run: bool,
}

/// What a push did.
#[derive(Debug, Default)]
pub struct PushReport {
    pub sent: Vec<GraphDigest>,
    pub unchanged: usize,
    pub bytes: u64,
    pub seconds: f64,
}

/// Pushes the changed graphs of `store` (at `store_path`, where the push state
/// lives) to `options.url`, reporting each graph to `out`.
pub fn push(
    store: &Store,
    store_path: &Path,
    options: &PushOptions,
    client: &Client,
    out: &mut dyn Write,
) -> Result<PushReport, PublishError> {
    let started = Instant::now();
    let local = |e: std::io::Error| PublishError::Local(e.to_string());
    let mut graphs = local::named_graphs(store).map_err(|e| PublishError::Local(e.to_string()))?;
    if let Some(only) = &options.graph {
        if !graphs.contains(only) {
            return Err(PublishError::NoSuchGraph(only.as_str().to_string()));
        }
        graphs = vec![only.clone()];
    }
    let state_file = state::path(store_path, &options.url);
    let mut state = PushState::load(&state_file, &options.url).map_err(PublishError::State)?;
    let mut changed = Vec::new();
    let mut report = PushReport::default();
    for graph in &graphs {
        let digest = local::digest(store, graph).map_err(local)?;
        let same = state.graphs.get(graph.as_str()).map(|p| &p.hash) == Some(&digest.hash);
        if same && !options.all {
            report.unchanged += 1;
        } else {
            changed.push(digest);
        }
    }
    if options.dry_run {
        for digest in &changed {
            writeln!(
                out,
                "would send <{}>: {} triples, {}",
                digest.graph.as_str(),
                digest.triples,
                size(digest.bytes)
            )?;
        }
        let bytes = changed.iter().map(|d| d.bytes).sum();
        writeln!(
            out,
            "dry run: {} graph(s) would be sent to {} ({}), {} unchanged; nothing was sent",
            changed.len(),
            options.url,
            size(bytes),
            report.unchanged
        )?;
        return Ok(report);
    }
    if changed.is_empty() {
        writeln!(
            out,
            "nothing to send: the {} graph(s) are as {} last confirmed them (--all sends them anyway)",
            report.unchanged, options.url
        )?;
        return Ok(report);
    }
    let content_type = Cell::new("application/n-triples");
    let total = changed.len();
    for (done, digest) in changed.into_iter().enumerate() {
        let graph_started = Instant::now();
        let stopped = |source| PublishError::Stopped {
            graph: digest.graph.as_str().to_string(),
            done,
            total,
            source: Box::new(source),
        };
        send_graph(client, store, &options.url, &digest, &content_type).map_err(stopped)?;
        let remote = remote::count_triples(
            client,
            &options.url,
            options.sparql.as_deref(),
            &digest.graph,
        )
        .map_err(stopped)?;
        if remote != digest.triples {
            return Err(stopped(PublishError::Mismatch {
                graph: digest.graph.as_str().to_string(),
                local: digest.triples,
                remote,
            }));
        }
        state.graphs.insert(
            digest.graph.as_str().to_string(),
            Pushed {
                hash: digest.hash.clone(),
                triples: digest.triples,
            },
        );
        state.save(&state_file).map_err(PublishError::State)?;
        writeln!(
            out,
            "sent <{}>: {} triples, {} in {:.2} s; the server holds {remote} triples",
            digest.graph.as_str(),
            digest.triples,
            size(digest.bytes),
            graph_started.elapsed().as_secs_f64()
        )?;
        report.bytes += digest.bytes;
        report.sent.push(digest);
    }
    report.seconds = started.elapsed().as_secs_f64();
    writeln!(
        out,
        "pushed {} graph(s) to {} ({}, {} triples) in {:.2} s, {}/s; {} unchanged; every count matches the store",
        report.sent.len(),
        options.url,
        size(report.bytes),
        report.sent.iter().map(|d| d.triples).sum::<u64>(),
        report.seconds,
        size((report.bytes as f64 / report.seconds.max(1e-9)) as u64),
        report.unchanged
    )?;
    Ok(report)
}

/// `PUT` one graph, streamed. A server that does not take N-Triples (`415`)
/// gets the same bytes as Turtle, of which N-Triples is a subset. The length
/// is known from the digest (the store is a read-only snapshot, and the
/// serialisation deterministic): Virtuoso 7.2 mishandles chunked bodies.
fn send_graph(
    client: &Client,
    store: &Store,
    url: &str,
    digest: &GraphDigest,
    content_type: &Cell<&'static str>,
) -> Result<(), PublishError> {
    let graph = &digest.graph;
    let make = || -> std::io::Result<Box<dyn std::io::Read + '_>> {
        Ok(Box::new(NTriplesStream::new(store, graph)))
    };
    loop {
        let request = Request {
            method: "PUT",
            url: remote::graph_url(url, graph),
            headers: vec![
                (
                    "Content-Type",
                    format!("{}; charset=utf-8", content_type.get()),
                ),
                ("Content-Length", digest.bytes.to_string()),
            ],
            body: Some(&make),
        };
        match client.send(&request) {
            Err(PublishError::Status { status: 415, .. })
                if content_type.get() != "text/turtle" =>
            {
                content_type.set("text/turtle");
            }
            other => return other.map(|_| ()),
        }
    }
}

/// What the server said, and how often it was asked.
fn said(message: &str, attempts: &u32) -> String {
    let mut text = String::new();
    if !message.is_empty() {
        text = format!(": {message}");
    }
    if *attempts > 1 {
        text += &format!(" ({attempts} attempts)");
    }
    text
}

/// Bytes for people: `1.9 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} kB", b as f64 / f64::from(1 << 10)),
        b => format!("{b} B"),
    }
}
