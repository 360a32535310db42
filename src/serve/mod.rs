//! Stage 8, serve: a read-only SPARQL endpoint and a web explorer over the store.
//!
//! One axum router on tokio: the SPARQL 1.1 Protocol (`/sparql`), the read
//! side of the Graph Store Protocol (`/store`), the saved queries as URLs
//! (`/queries`), and HTML pages for people (`/`, `/case`, `/entity`, …) whose
//! every asset is compiled in. Oxigraph evaluates queries synchronously, so
//! every evaluation runs on tokio's blocking pool under a timeout that cancels
//! it ([`exec`]); the store is reopened when a `build` elsewhere changed it
//! ([`live`]). Arbitrary SPARQL (`/sparql`, the explorer's editor) runs in
//! worker processes instead, killed at the timeout ([`pool`], [`worker`]).

mod assets;
mod exec;
mod live;
mod negotiate;
mod pages;
mod pool;
mod sparql;
mod worker;

use crate::store::StoreError;
use axum::extract::DefaultBodyLimit;
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use exec::Failure;
pub use worker::worker_main;

/// Largest request body accepted (a query, a form); larger ones get 413.
pub const MAX_BODY: usize = 256 * 1024;

/// How `casegraph serve` runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub store: PathBuf,
    pub bind: String,
    /// A query (or page) running longer is cancelled and answered with 503.
    pub timeout: Duration,
    /// Send `Access-Control-Allow-Origin: *` so pages of other sites may query.
    pub cors: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("--bind `{0}` is not an address with a port, e.g. 127.0.0.1:7878")]
    Address(String),
    #[error("{0} is already in use (another server is listening there): stop it or pick another port with --bind")]
    PortTaken(SocketAddr),
    #[error("cannot listen on {0}: {1}")]
    Listen(SocketAddr, std::io::Error),
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// What every handler shares.
pub(crate) struct App {
    pub store: live::LiveStore,
    pub workers: pool::Pool,
    pub timeout: Duration,
}

pub(crate) type Shared = Arc<App>;

/// Runs the server until Ctrl-C or SIGTERM; `ready` is told the bound address.
pub fn serve(options: &Options, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let addr: SocketAddr = options
        .bind
        .parse()
        .map_err(|_| ServeError::Address(options.bind.clone()))?;
    let store = live::LiveStore::open(&options.store)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AddrInUse => ServeError::PortTaken(addr),
                _ => ServeError::Listen(addr, e),
            })?;
        let local = listener.local_addr()?;
        if !local.ip().is_loopback() {
            eprintln!(
                "casegraph serve: warning: listening on {local}, reachable from other machines; the store is read-only but anyone who can reach this port can query it"
            );
        }
        let app = Arc::new(App {
            store,
            workers: pool::Pool::start(&options.store)?,
            timeout: options.timeout,
        });
        ready(local);
        let served = axum::serve(listener, router(Arc::clone(&app), options.cors))
            .with_graceful_shutdown(shutdown_signal())
            .await;
        app.workers.shutdown().await;
        served?;
        Ok(())
    });
    // Queries still running were cancelled by their timeout; do not wait longer.
    runtime.shutdown_timeout(options.timeout);
    result
}

/// Every route of the endpoint and the explorer.
pub(crate) fn router(app: Shared, cors: bool) -> Router {
    let router = Router::new()
        .merge(sparql::routes())
        .merge(pages::routes())
        .merge(assets::routes())
        .fallback(|| async { Failure::not_found("no such page or endpoint") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app);
    if cors {
        router.layer(tower_http::cors::CorsLayer::permissive())
    } else {
        router
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    eprintln!("casegraph serve: stopping (finishing the requests under way)");
}
