//! A query worker: `casegraph serve-worker --store DIR`, started by the
//! server ([`super::pool`]) to evaluate arbitrary SPARQL where a runaway
//! query can be killed. It reads requests on stdin and writes replies on
//! stdout, one at a time, each a length-prefixed frame:
//!
//! - request: `u32` length, then [`Request`] as JSON;
//! - reply: `u32` length, then [`Head`] as JSON; `u64` length, then the body.
//!
//! It opens the store read-only and reopens it when a `build` changed it,
//! as the server does ([`LiveStore`]); it exits at the end of its input or
//! when the server that started it is gone.

use super::exec::Failure;
use super::live::LiveStore;
use super::negotiate::Choice;
use super::{pages, sparql, ServeError};
use crate::query;
use axum::http::StatusCode;
use oxigraph::sparql::CancellationToken;
use serde::{Deserialize, Serialize};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::time::Duration;

/// A query to evaluate and the form its answer takes.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub query: String,
    pub answer: Answer,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum Answer {
    /// The W3C result formats chosen by the client, as media types.
    Formats {
        solutions: Option<String>,
        graph: Option<String>,
    },
    /// An HTML table, for the explorer's SPARQL editor.
    Table,
}

/// What a reply says besides its body.
#[derive(Debug, Serialize, Deserialize)]
pub struct Head {
    pub status: u16,
    /// The body's media type when the status is 200, else the error message.
    pub text: String,
}

/// Largest head or request frame read; a longer one is a broken stream.
pub const MAX_FRAME: usize = 64 * 1024 * 1024;

/// The worker's main loop.
pub fn worker_main(store: &Path) -> Result<(), ServeError> {
    exit_with_parent();
    let live = LiveStore::open(store)?;
    let mut input = BufReader::new(io::stdin().lock());
    let mut output = BufWriter::new(io::stdout().lock());
    while let Some(frame) = read_frame(&mut input)? {
        let reply = serde_json::from_slice::<Request>(&frame)
            .map_err(|e| Failure::bad_request(format!("a malformed worker request: {e}")))
            .and_then(|request| answer(&live, request));
        let (head, body) = match reply {
            Ok((media, body)) => (
                Head {
                    status: 200,
                    text: media.to_string(),
                },
                body,
            ),
            Err(f) => (
                Head {
                    status: f.status.as_u16(),
                    text: f.message,
                },
                Vec::new(),
            ),
        };
        let head = serde_json::to_vec(&head).map_err(io::Error::other)?;
        output.write_all(&(head.len() as u32).to_be_bytes())?;
        output.write_all(&head)?;
        output.write_all(&(body.len() as u64).to_be_bytes())?;
        output.write_all(&body)?;
        output.flush()?;
    }
    Ok(())
}

/// Evaluates one request over the newest store: (media type, body).
fn answer(live: &LiveStore, request: Request) -> Result<(&'static str, Vec<u8>), Failure> {
    let store = live.current();
    // Never cancelled: the server kills this process instead.
    let token = CancellationToken::new();
    let saved = query::parse_header("query", &request.query)
        .map_err(|e| Failure::bad_request(e.to_string()))?;
    match request.answer {
        Answer::Formats { solutions, graph } => {
            let choice = Choice::from_media(solutions.as_deref(), graph.as_deref());
            sparql::evaluate(&store, &saved, Vec::new(), choice, &token)
        }
        Answer::Table => {
            let results = sparql::results(&store, &saved, Vec::new(), &token)?;
            let html = pages::results_table(results).map_err(|e| Failure::from_query(e, &token))?;
            Ok(("text/html", html.into_bytes()))
        }
    }
}

/// A `u32`-length-prefixed frame, or `None` at the end of the input.
fn read_frame(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "frame too long"));
    }
    let mut frame = vec![0; len];
    input.read_exact(&mut frame)?;
    Ok(Some(frame))
}

/// A worker whose server died (even by SIGKILL, mid-query) exits too: a
/// thread watches for the worker being handed to another parent.
fn exit_with_parent() {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(250));
            if std::os::unix::process::parent_id() != parent {
                std::process::exit(2);
            }
        });
    }
}

impl Failure {
    /// The failure a worker's reply head describes.
    pub fn from_head(head: Head) -> Self {
        let status = StatusCode::from_u16(head.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self::new(status, head.text)
    }
}
