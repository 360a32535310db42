//! `/ui/queries`: the saved queries as forms with a result table;
//! `/ui/sparql`: a SPARQL editor with the saved queries as examples.

use super::{enc, esc, layout, param, params, table, Row, Shared};
use crate::query::{self, SavedQuery};
use crate::serve::exec::{blocking_on_graph_store, Failure};
use crate::serve::sparql::{results, saved_by_name};
use crate::serve::worker::{Answer, Request};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::fmt::Write as _;

pub async fn list() -> Response {
    let mut body = String::from(
        "<h1>常用查询 <span class=en>Saved queries</span></h1><p class=muted>每个查询也可作为数据接口 <span class=en>each is also an endpoint</span>: <code>/queries/NAME?参数=值&amp;format=json|xml|csv|tsv</code></p><table><tr><th>查询 Query</th><th>说明 Description</th><th>参数 Parameters</th></tr>",
    );
    for q in query::saved_queries() {
        let params: Vec<String> = q
            .params
            .iter()
            .map(|p| format!("{}{}", p.name, if p.optional { "?" } else { "" }))
            .collect();
        let _ = write!(
            body,
            "<tr><td><a href=\"/ui/queries/{}\">{}</a><br><span class=muted>{}</span></td><td>{}</td><td>{}</td></tr>",
            esc(&q.name),
            esc(&q.title),
            esc(&q.name),
            esc(&q.description),
            esc(&params.join(", "))
        );
    }
    body.push_str("</table>");
    Html(layout("常用查询 Saved queries", &body)).into_response()
}

pub async fn form(
    State(app): State<Shared>,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let saved = match saved_by_name(&name) {
        Ok(saved) => saved,
        Err(failure) => return super::error_page(failure),
    };
    let given: Vec<(String, String)> = params(raw)
        .into_iter()
        .filter(|(k, v)| saved.params.iter().any(|p| &p.name == k) && !v.trim().is_empty())
        .collect();
    let mut body = format!(
        "<h1>{}</h1><p>{}</p><form method=get action=\"/ui/queries/{}\">",
        esc(&saved.title),
        esc(&saved.description),
        esc(&saved.name)
    );
    for p in &saved.params {
        let value = param(&given, &p.name).unwrap_or_default();
        let _ = write!(
            body,
            "<p><label>{}{} <input type=text name=\"{}\" value=\"{}\" size=50 {}></label><br><span class=muted>{}</span></p>",
            esc(&p.name),
            if p.optional { " (可选 optional)" } else { "" },
            esc(&p.name),
            esc(&value),
            if p.optional { "" } else { "required" },
            esc(&p.description)
        );
    }
    body.push_str("<p><button>运行 Run</button></p></form>");
    let ready = saved
        .params
        .iter()
        .all(|p| p.optional || given.iter().any(|(k, _)| k == &p.name));
    let status = if ready {
        let query_string: String = given
            .iter()
            .map(|(k, v)| format!("{}={}&", enc(k), enc(v)))
            .collect();
        let _ = write!(body, "<p>下载 <span class=en>Download</span>:");
        for format in ["csv", "json", "xml", "tsv"] {
            let _ = write!(
                body,
                " <a href=\"{}\">{}</a>",
                esc(&format!(
                    "/queries/{}?{query_string}format={format}",
                    saved.name
                )),
                format.to_uppercase()
            );
        }
        body.push_str("</p>");
        run_into(&app, saved.clone(), given, &mut body).await
    } else {
        StatusCode::OK
    };
    (status, Html(layout(&saved.title, &body))).into_response()
}

/// Runs `saved` with `values` and appends its result table (or the error) to `body`.
async fn run_into(
    app: &Shared,
    saved: SavedQuery,
    values: Vec<(String, String)>,
    body: &mut String,
) -> StatusCode {
    // Our own saved queries are bounded: they run here, under the token.
    let result = blocking_on_graph_store(app, move |store, token| {
        let bindings =
            query::bind(&saved, &values).map_err(|e| Failure::bad_request(e.to_string()))?;
        let results = results(store, &saved, bindings, token)?;
        results_table(results).map_err(|e| Failure::from_query(e, token))
    })
    .await;
    append_results(result, body)
}

/// Appends a result table (or the error) to `body`; the page's status.
fn append_results(result: Result<String, Failure>, body: &mut String) -> StatusCode {
    match result {
        Ok(html) => {
            body.push_str("<h2>结果 <span class=en>Results</span></h2>");
            body.push_str(&html);
            StatusCode::OK
        }
        Err(failure) => {
            let _ = write!(body, "<p class=error>{}</p>", esc(&failure.message));
            failure.status
        }
    }
}

/// Any query result as an HTML table (a graph as subject, predicate, object).
pub fn results_table(results: QueryResults<'_>) -> Result<String, query::QueryError> {
    let eval =
        |e: oxigraph::sparql::QueryEvaluationError| query::QueryError::Evaluation(e.to_string());
    let (vars, rows): (Vec<String>, Vec<Row>) = match results {
        QueryResults::Boolean(b) => {
            return Ok(format!("<p>{}</p>", if b { "是 true" } else { "否 false" }));
        }
        QueryResults::Solutions(solutions) => {
            let vars = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            let mut rows = Vec::new();
            for s in solutions {
                rows.push(
                    s.map_err(eval)?
                        .iter()
                        .map(|(v, t)| (v.as_str().to_string(), t.clone()))
                        .collect(),
                );
            }
            (vars, rows)
        }
        QueryResults::Graph(triples) => {
            let vars = ["subject", "predicate", "object"]
                .map(String::from)
                .to_vec();
            let mut rows = Vec::new();
            for t in triples {
                let t = t.map_err(eval)?;
                let cells: [(String, Term); 3] = [
                    ("subject".into(), t.subject.into()),
                    ("predicate".into(), t.predicate.into()),
                    ("object".into(), t.object),
                ];
                rows.push(cells.into_iter().collect());
            }
            (vars, rows)
        }
    };
    Ok(table(&vars, &rows))
}

const DEFAULT_QUERY: &str = "PREFIX cg: <https://w3id.org/casegraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?n ?title WHERE { ?case a cg:Case ; cg:caseNumber ?n ; dcterms:title ?title } ORDER BY ?n LIMIT 10";

pub async fn editor(State(app): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let params = params(raw);
    let example = param(&params, "example").and_then(|n| saved_by_name(&n).ok());
    let text = param(&params, "query");
    let shown = text
        .clone()
        .or_else(|| example.as_ref().map(|q| q.text.clone()))
        .unwrap_or_else(|| DEFAULT_QUERY.to_string());
    let mut body = format!(
        "<h1>SPARQL 查询 <span class=en>editor</span></h1><p class=muted>默认图为所有图的并集 <span class=en>the default graph is the union of all graphs</span>; 只读 read-only. 接口 Endpoint: <code>/sparql</code></p>
<form method=get action=\"/ui/sparql\"><textarea name=query rows=14 spellcheck=false>{}</textarea><p><button>运行 Run</button></p></form>
<details><summary>示例 Examples</summary><ul>",
        esc(&shown)
    );
    for q in query::saved_queries() {
        let _ = write!(
            body,
            "<li><a href=\"/ui/sparql?example={}\">{}</a> <span class=muted>{}</span></li>",
            esc(&enc(&q.name)),
            esc(&q.title),
            esc(&q.name)
        );
    }
    body.push_str("</ul></details>");
    // Any SPARQL may come here: it runs in a worker process, killed at the timeout.
    let status = match text {
        Some(query) => {
            let request = Request {
                query,
                answer: Answer::Table,
            };
            let table = app.workers.run(&request, app.timeout).await;
            let table = table.map(|(_, html)| String::from_utf8_lossy(&html).into_owned());
            append_results(table, &mut body)
        }
        None => StatusCode::OK,
    };
    (status, Html(layout("SPARQL", &body))).into_response()
}
