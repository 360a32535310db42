//! The endpoint for tools: SPARQL 1.1 Protocol (`/sparql`), Graph Store
//! Protocol read side (`/store`), saved queries as URLs (`/queries`).

use super::exec::{blocking, blocking_on_graph_store, Failure};
use super::negotiate::{self, Choice, GraphFormat};
use super::{worker, Shared};
use crate::export::{export, ExportError, ExportFormat};
use crate::query::{self, SavedQuery};
use crate::store::GraphStore;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use oxigraph::model::{NamedNode, Term, Variable};
use oxigraph::sparql::{CancellationToken, QueryResults};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/sparql", get(sparql_get).post(sparql_post))
        .route("/store", get(graph_store))
        .route("/queries", get(list_queries))
        .route("/queries/{name}", get(saved_query))
}

/// `key=value` pairs of a query string or form body.
pub fn pairs(encoded: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(encoded).into_owned().collect()
}

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn accept(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())
}

async fn sparql_get(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = pairs(raw.unwrap_or_default().as_bytes());
    protocol(app, &headers, &params, None).await
}

async fn sparql_post(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Response {
    let mut params = pairs(raw.unwrap_or_default().as_bytes());
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let media = content_type.split(';').next().unwrap_or_default().trim();
    let direct = match media.to_ascii_lowercase().as_str() {
        "application/x-www-form-urlencoded" => {
            params.extend(pairs(&body));
            None
        }
        "application/sparql-query" => match String::from_utf8(body.to_vec()) {
            Ok(text) => Some(text),
            Err(_) => return Failure::bad_request("the query is not UTF-8").into_response(),
        },
        "application/sparql-update" => return Failure::update_refused().into_response(),
        other => {
            return Failure::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("POST a form (application/x-www-form-urlencoded) or a query (application/sparql-query), not `{other}`"),
            )
            .into_response()
        }
    };
    protocol(app, &headers, &params, direct).await
}

async fn protocol(
    app: Shared,
    headers: &HeaderMap,
    params: &[(String, String)],
    direct: Option<String>,
) -> Response {
    if value(params, "update").is_some() {
        return Failure::update_refused().into_response();
    }
    if ["default-graph-uri", "named-graph-uri"]
        .iter()
        .any(|k| value(params, k).is_some())
    {
        return Failure::bad_request(
            "default-graph-uri and named-graph-uri are not supported: the default graph is the union of all graphs; use GRAPH in the query",
        )
        .into_response();
    }
    let Some(text) = direct.or_else(|| value(params, "query").map(str::to_string)) else {
        return Failure::bad_request(
            "no query: pass query=… (GET or form) or POST application/sparql-query",
        )
        .into_response();
    };
    let choice = match negotiate::choose(value(params, "format"), accept(headers)) {
        Ok(choice) => choice,
        Err(failure) => return failure.into_response(),
    };
    // Any SPARQL may come here: it runs in a worker process, which is killed
    // at the timeout (Oxigraph checks its cancellation token only when it
    // reads the store, so an in-memory join or sort would keep a thread).
    let (solutions, graph) = choice.media();
    let request = worker::Request {
        query: text,
        answer: worker::Answer::Formats { solutions, graph },
    };
    respond(app.workers.run(&request, app.timeout).await)
}

/// Runs one of our saved queries in this process, under the timeout's
/// cancellation token: they are written to be bounded (selective patterns,
/// no cross products), unlike arbitrary SPARQL, which goes to a worker.
pub async fn run_saved(
    app: &Shared,
    saved: SavedQuery,
    bindings: Vec<(Variable, Term)>,
    choice: Choice,
) -> Result<(&'static str, Vec<u8>), Failure> {
    blocking_on_graph_store(app, move |store, token| {
        evaluate(store, &saved, bindings, choice, token)
    })
    .await
}

/// The results of `saved` with `bindings`, with the help of the text index
/// ([`query::index_use`]). A text index that cannot be read only means
/// answering from the store alone.
pub fn results<'a>(
    store: &'a GraphStore,
    saved: &SavedQuery,
    bindings: Vec<(Variable, Term)>,
    token: &CancellationToken,
) -> Result<QueryResults<'a>, Failure> {
    let index = query::index_use(store, saved, &bindings, |_| {})
        .ok()
        .flatten();
    query::run_narrowed(store.store(), saved, bindings, index, token.clone())
        .map_err(|e| Failure::from_query(e, token))
}

/// Evaluates a query and writes its results in the chosen format: (media type, body).
pub fn evaluate(
    store: &GraphStore,
    saved: &SavedQuery,
    bindings: Vec<(Variable, Term)>,
    choice: Choice,
    token: &CancellationToken,
) -> Result<(&'static str, Vec<u8>), Failure> {
    let results = results(store, saved, bindings, token)?;
    let mut body = Vec::new();
    let media = match results {
        QueryResults::Graph(triples) => {
            let (format, media) = choice.graph()?;
            query::write_graph(triples, format.rdf_format(), &mut body)
                .map_err(|e| Failure::from_query(e, token))?;
            media
        }
        other => {
            let (format, media) = choice.solutions()?;
            query::write_results(other, format, &mut body)
                .map_err(|e| Failure::from_query(e, token))?;
            media
        }
    };
    Ok((media, body))
}

fn respond(result: Result<(impl AsRef<str>, Vec<u8>), Failure>) -> Response {
    match result {
        Ok((media, body)) => {
            let media = media.as_ref();
            let content_type = if media.starts_with("text/") {
                format!("{media}; charset=utf-8")
            } else {
                media.to_string()
            };
            ([(header::CONTENT_TYPE, content_type)], body).into_response()
        }
        Err(failure) => failure.into_response(),
    }
}

async fn graph_store(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = pairs(raw.unwrap_or_default().as_bytes());
    let graph = match (value(&params, "graph"), value(&params, "default")) {
        (Some(iri), None) => match NamedNode::new(iri) {
            Ok(node) => Some(node),
            Err(e) => {
                return Failure::bad_request(format!("graph={iri}: not an IRI: {e}"))
                    .into_response()
            }
        },
        (None, Some(_)) => None,
        _ => {
            return Failure::bad_request(
                "give either ?graph=IRI or ?default (the union of all graphs)",
            )
            .into_response()
        }
    };
    let (format, media) = match negotiate::choose(value(&params, "format"), accept(&headers))
        .and_then(|c| c.graph())
    {
        Ok(chosen) => chosen,
        Err(failure) => return failure.into_response(),
    };
    let export_format = match format {
        GraphFormat::Turtle => ExportFormat::Turtle,
        GraphFormat::NTriples => ExportFormat::Ntriples,
        GraphFormat::RdfXml => ExportFormat::Rdfxml,
        GraphFormat::JsonLd => ExportFormat::Jsonld,
    };
    respond(
        blocking(&app, move |store, _| {
            let mut body = Vec::new();
            export(store, export_format, graph.as_ref(), &mut body).map_err(|e| match e {
                ExportError::NoSuchGraph(_) => Failure::not_found(e.to_string()),
                other => Failure::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
            })?;
            Ok((media, body))
        })
        .await,
    )
}

/// A saved query by its plain name only: never a file.
pub fn saved_by_name(name: &str) -> Result<SavedQuery, Failure> {
    query::saved_queries()
        .into_iter()
        .find(|q| q.name == name)
        .ok_or_else(|| Failure::not_found(format!("no saved query named `{name}` (see /queries)")))
}

async fn list_queries() -> Response {
    let list: Vec<serde_json::Value> = query::saved_queries()
        .iter()
        .map(|q| {
            serde_json::json!({
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "url": format!("/queries/{}", q.name),
                "params": q.params.iter().map(|p| serde_json::json!({
                    "name": p.name,
                    "kind": format!("{:?}", p.kind).to_lowercase(),
                    "optional": p.optional,
                    "description": p.description,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json(list).into_response()
}

async fn saved_query(
    State(app): State<Shared>,
    Path(name): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let params = pairs(raw.unwrap_or_default().as_bytes());
    let prepared = saved_by_name(&name).and_then(|saved| {
        let values: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| k != "format")
            .cloned()
            .collect();
        let bindings =
            query::bind(&saved, &values).map_err(|e| Failure::bad_request(e.to_string()))?;
        let choice = negotiate::choose(value(&params, "format"), accept(&headers))?;
        Ok((saved, bindings, choice))
    });
    match prepared {
        Ok((saved, bindings, choice)) => respond(run_saved(&app, saved, bindings, choice).await),
        Err(failure) => failure.into_response(),
    }
}
