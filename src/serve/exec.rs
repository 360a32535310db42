//! Running store work off the async workers, under the timeout, and the
//! errors a request can end in.

use super::Shared;
use crate::query::QueryError;
use crate::store::GraphStore;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;

/// A request that cannot be answered: its status and a message for people.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// An update sent to this read-only endpoint.
    pub fn update_refused() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "this endpoint is read-only: SPARQL updates are refused (change the store with `casegraph build`)",
        )
    }

    /// The failure of a query, told apart from its being cancelled.
    pub fn from_query(error: QueryError, token: &CancellationToken) -> Self {
        if token.is_cancelled() {
            return Self::new(StatusCode::SERVICE_UNAVAILABLE, "the query was stopped");
        }
        match error {
            QueryError::Unknown(_) => Self::not_found(error.to_string()),
            QueryError::Param(m) => Self::bad_request(m),
            QueryError::Update(_) => Self::update_refused(),
            QueryError::Syntax(_, m) => Self::bad_request(format!("SPARQL syntax error: {m}")),
            other => Self::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{}\n", self.message),
        )
            .into_response()
    }
}

/// Runs `job` on the blocking pool with the newest store; after the timeout
/// the job's token is cancelled (Oxigraph then stops at its next step and the
/// thread is freed) and the request gets 503.
pub async fn blocking<T, F>(app: &Shared, job: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce(&Store, &CancellationToken) -> Result<T, Failure> + Send + 'static,
{
    blocking_on_graph_store(app, move |store, token| job(store.store(), token)).await
}

/// [`blocking`], for a job that needs more than Oxigraph's store: the path
/// and what lives beside it (the text index).
pub async fn blocking_on_graph_store<T, F>(app: &Shared, job: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce(&GraphStore, &CancellationToken) -> Result<T, Failure> + Send + 'static,
{
    let token = CancellationToken::new();
    let (for_job, shared) = (token.clone(), Shared::clone(app));
    let handle = tokio::task::spawn_blocking(move || {
        let store = shared.store.current();
        job(&store, &for_job)
    });
    match tokio::time::timeout(app.timeout, handle).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the request failed: {join}"),
        )),
        Err(_) => {
            token.cancel();
            Err(Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the query ran past the server's timeout ({:?}) and was stopped; narrow it (LIMIT, fewer joins) or start the server with a longer --timeout",
                    app.timeout
                ),
            ))
        }
    }
}
