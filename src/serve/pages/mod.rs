//! The explorer: HTML pages for people, rendered on the server from SPARQL
//! SELECTs over the store. Everything taken from documents goes through
//! [`esc`]; pages need no script and load nothing but `/assets/style.css`.

mod case;
mod entity;
mod home;
mod map;
mod queries;
mod search;
mod text;

pub use queries::results_table;

use super::exec::{blocking, blocking_on_graph_store, Failure};
use super::Shared;
use crate::graph::format::xml_escape;
use crate::query::{self, QueryError, SavedQuery};
use crate::rdf::vocab::PREFIXES;
use crate::store::GraphStore;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use oxigraph::model::Term;
use oxigraph::sparql::{CancellationToken, QueryResults};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(home::page))
        .route("/cases", get(home::cases))
        .route("/case", get(case::page))
        .route("/entity", get(entity::page))
        .route("/search", get(search::page))
        .route("/ui/queries", get(queries::list))
        .route("/ui/queries/{name}", get(queries::form))
        .route("/ui/sparql", get(queries::editor))
        .route("/graph", get(graph))
        .route("/map", get(map::page))
}

/// A page: its title and the HTML of its `<main>`.
pub struct Page {
    pub title: String,
    pub body: String,
}

/// Text from the store or the request, safe in HTML content and attributes.
pub fn esc(text: &str) -> String {
    xml_escape(text)
}

/// A value for a URL's query string.
pub fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

pub fn entity_href(iri: &str) -> String {
    format!("/entity?iri={}", enc(iri))
}

pub fn case_href(iri: &str) -> String {
    format!("/case?iri={}", enc(iri))
}

/// The request's `key=value` pairs.
pub fn params(raw: Option<String>) -> Vec<(String, String)> {
    super::sparql::pairs(raw.unwrap_or_default().as_bytes())
}

pub fn param(params: &[(String, String)], key: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A term as SPARQL text: `<iri>` (validated, so it cannot close early) or a quoted, escaped literal.
pub fn term(term: impl Into<Term>) -> String {
    term.into().to_string()
}

/// An IRI from the request, validated.
pub fn iri_param(params: &[(String, String)]) -> Result<oxigraph::model::NamedNode, Failure> {
    let iri = param(params, "iri").ok_or_else(|| Failure::bad_request("give ?iri=…"))?;
    oxigraph::model::NamedNode::new(&iri)
        .map_err(|e| Failure::bad_request(format!("iri={iri} is not an IRI: {e}")))
}

/// One solution, by variable name.
pub type Row = BTreeMap<String, Term>;

/// The value of a variable as text (a literal's value, an IRI's string), or "".
pub fn text(row: &Row, var: &str) -> String {
    match row.get(var) {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Runs a SELECT written for the explorer (the usual prefixes are added)
/// under the request's cancellation token. Values from the request enter the
/// text only as terms in their N-Triples form ([`term`]), which escapes them.
pub fn select(store: &Store, token: &CancellationToken, sparql: &str) -> Result<Vec<Row>, Failure> {
    select_narrowed(store, token, sparql, None)
}

/// [`select`], with `?item` narrowed to the items whose text may contain
/// `word`, as the text index beside the store finds them (see
/// [`query::narrow`]); without an index in step with the store, every item.
/// The query keeps its own test of the text, so the rows are the same.
pub fn select_items_containing(
    store: &GraphStore,
    token: &CancellationToken,
    sparql: &str,
    word: &str,
) -> Result<Vec<Row>, Failure> {
    // A text index that cannot be read only means reading every text.
    let narrowing = query::items_containing(store, "item", word, |_| {})
        .ok()
        .flatten();
    select_narrowed(
        store.store(),
        token,
        sparql,
        narrowing.map(query::IndexUse::Narrowed),
    )
}

fn select_narrowed(
    store: &Store,
    token: &CancellationToken,
    sparql: &str,
    narrowing: Option<query::IndexUse>,
) -> Result<Vec<Row>, Failure> {
    let mut text = String::new();
    for (prefix, iri) in PREFIXES {
        let _ = writeln!(text, "PREFIX {prefix}: <{iri}>");
    }
    text.push_str(sparql);
    let saved = SavedQuery {
        name: "explorer".into(),
        title: String::new(),
        description: String::new(),
        params: Vec::new(),
        text_index: None,
        text,
    };
    let failed = |e: QueryError| Failure::from_query(e, token);
    let results = query::run_narrowed(store, &saved, Vec::new(), narrowing, token.clone());
    let QueryResults::Solutions(solutions) = results.map_err(failed)? else {
        return Err(Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "not a SELECT",
        ));
    };
    solutions
        .map(|solution| {
            let solution = solution.map_err(|e| failed(QueryError::Evaluation(e.to_string())))?;
            Ok(solution
                .iter()
                .map(|(v, t)| (v.as_str().to_string(), t.clone()))
                .collect())
        })
        .collect()
}

/// Runs `render` on the blocking pool and wraps its page in the layout.
pub async fn render<F>(app: &Shared, render: F) -> Response
where
    F: FnOnce(&Store, &CancellationToken) -> Result<Page, Failure> + Send + 'static,
{
    page_response(blocking(app, render).await)
}

/// [`render`], for a page that needs what lives beside the store (the text index).
pub async fn render_on_graph_store<F>(app: &Shared, render: F) -> Response
where
    F: FnOnce(&GraphStore, &CancellationToken) -> Result<Page, Failure> + Send + 'static,
{
    page_response(blocking_on_graph_store(app, render).await)
}

fn page_response(page: Result<Page, Failure>) -> Response {
    match page {
        Ok(page) => Html(layout(&page.title, &page.body)).into_response(),
        Err(failure) => error_page(failure),
    }
}

pub fn error_page(failure: Failure) -> Response {
    let body = format!(
        "<h1>出错了 <span class=en>Error {}</span></h1><p class=error>{}</p><p><a href=\"/\">返回首页 Home</a></p>",
        failure.status.as_u16(),
        esc(&failure.message)
    );
    (failure.status, Html(layout("出错了 Error", &body))).into_response()
}

/// The frame of every page.
pub fn layout(title: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · casegraph</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/style.css"></head>
<body><header class="top"><a class="brand" href="/">casegraph 政策案例图谱</a>
<nav><a href="/cases">案例 Cases</a><a href="/ui/queries">查询 Queries</a><a href="/ui/sparql">SPARQL</a><a href="/graph">关系图 Graph</a><a href="/map">地图 Map</a></nav>
<form action="/search" method="get"><input type="search" name="q" placeholder="搜索案例、条目、实体 Search" aria-label="search"> <button>搜索</button></form></header>
<main>{body}</main></body></html>
"#,
        title = esc(title)
    )
}

/// A table of solutions: IRIs link to their page, everything else is text.
pub fn table(vars: &[String], rows: &[Row]) -> String {
    let mut html = String::from("<table><thead><tr>");
    for v in vars {
        let _ = write!(html, "<th>{}</th>", esc(v));
    }
    html.push_str("</tr></thead><tbody>");
    for row in rows {
        html.push_str("<tr>");
        for v in vars {
            let cell = match row.get(v) {
                Some(Term::NamedNode(n)) => format!(
                    "<a href=\"{}\">{}</a>",
                    esc(&entity_href(n.as_str())),
                    esc(&query::display_term(&Term::NamedNode(n.clone())))
                ),
                Some(term) => esc(&query::display_term(term)),
                None => String::new(),
            };
            let _ = write!(html, "<td>{cell}</td>");
        }
        html.push_str("</tr>");
    }
    let _ = write!(
        html,
        "</tbody></table><p class=muted>{} 行 rows</p>",
        rows.len()
    );
    html
}

/// `/graph?view=cases|organizations|cities&case=N&city=NAME`: the existing
/// self-contained HTML view of `casegraph graph`.
async fn graph(State(app): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    use crate::graph::{self as g, Filter, View};
    let params = params(raw);
    let view = match param(&params, "view").as_deref() {
        None | Some("cases") => View::Cases,
        Some("organizations") => View::Organizations,
        Some("cities") => View::Cities,
        Some(other) => {
            return error_page(Failure::bad_request(format!(
                "view={other} is not one of cases, organizations, cities"
            )))
        }
    };
    let case = match param(&params, "case").map(|n| n.parse::<u32>()) {
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => return error_page(Failure::bad_request("case= takes a case number")),
        None => None,
    };
    let filter = Filter {
        case,
        city: param(&params, "city"),
        min_weight: None,
    };
    let result = blocking(&app, move |store, _| {
        let rows = g::store::rows(store)
            .map_err(|e| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        let built = g::build_view(&rows, view, &filter);
        let mut out = Vec::new();
        g::format::write(&built, g::Format::Html, &mut out)
            .map_err(|e| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        Ok(out)
    })
    .await;
    match result {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(failure) => error_page(failure),
    }
}
