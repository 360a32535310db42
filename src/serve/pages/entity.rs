//! `/entity?iri=`: a place, organisation, policy document, country or sector:
//! what the store says of it, the cases that mention it (with the sentence),
//! and what it is mentioned with.

use super::text::sentence_with;
use super::{
    case_href, enc, entity_href, esc, iri_param, params, render, select, term, text, Page, Shared,
};
use crate::query::display_term;
use crate::serve::exec::Failure;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use oxigraph::model::NamedNode;
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use std::fmt::Write as _;

pub async fn page(State(app): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let iri = match iri_param(&params(raw)) {
        Ok(iri) => iri,
        Err(failure) => return super::error_page(failure),
    };
    let is_case = {
        let e = term(iri.clone());
        super::super::exec::blocking(&app, move |store, token| {
            Ok(!select(
                store,
                token,
                &format!("SELECT ?n WHERE {{ {e} a cg:Case ; cg:caseNumber ?n }}"),
            )?
            .is_empty())
        })
        .await
    };
    match is_case {
        Ok(true) => Redirect::to(&super::case_href(iri.as_str())).into_response(),
        Ok(false) => render(&app, move |store, token| entity_page(store, token, &iri)).await,
        Err(failure) => super::error_page(failure),
    }
}

fn entity_page(store: &Store, token: &CancellationToken, iri: &NamedNode) -> Result<Page, Failure> {
    let e = term(iri.clone());
    let facts = select(
        store,
        token,
        &format!(
            "SELECT ?p ?o ?label WHERE {{ {e} ?p ?o . OPTIONAL {{ ?o rdfs:label|skos:prefLabel ?label FILTER(langMatches(lang(?label), \"zh\")) }} }} ORDER BY ?p ?o"
        ),
    )?;
    if facts.is_empty() {
        return Err(Failure::not_found(format!(
            "the store says nothing of <{}>",
            iri.as_str()
        )));
    }
    let names: Vec<String> = facts
        .iter()
        .filter(|r| {
            ["label", "altLabel", "prefLabel"]
                .iter()
                .any(|p| text(r, "p").ends_with(p))
        })
        .map(|r| text(r, "o"))
        .collect();
    let title = facts
        .iter()
        .find(|r| matches!(r.get("o"), Some(oxigraph::model::Term::Literal(l)) if l.language() == Some("zh")))
        .map(|r| text(r, "o"))
        .unwrap_or_else(|| iri.as_str().to_string());
    let mut body = format!(
        "<h1>{}</h1><p class=muted>{}</p>",
        esc(&title),
        esc(iri.as_str())
    );
    body.push_str("<h2>属性 <span class=en>What the graph says</span></h2><table>");
    for r in &facts {
        let value = match r.get("o") {
            Some(oxigraph::model::Term::NamedNode(n)) => {
                let label = r
                    .get("label")
                    .map(display_term)
                    .unwrap_or_else(|| display_term(&n.clone().into()));
                format!(
                    "<a href=\"{}\">{}</a>",
                    esc(&entity_href(n.as_str())),
                    esc(&label)
                )
            }
            Some(other) => esc(&display_term(other)),
            None => String::new(),
        };
        let predicate = r.get("p").map(display_term).unwrap_or_default();
        let _ = write!(
            body,
            "<tr><th>{}</th><td>{value}</td></tr>",
            esc(&predicate)
        );
    }
    body.push_str("</table>");
    if facts.iter().any(|r| text(r, "o").ends_with("#City")) {
        let _ = write!(
            body,
            "<p><a href=\"/graph?view=cases&amp;city={}\">该城市的关系图 Graph of this city's cases</a></p>",
            esc(&enc(&title))
        );
    }
    body.push_str(&cases(store, token, &e, &names)?);
    body.push_str(&co_occurring(store, token, &e)?);
    Ok(Page { title, body })
}

fn cases(
    store: &Store,
    token: &CancellationToken,
    e: &str,
    names: &[String],
) -> Result<String, Failure> {
    let rows = select(
        store,
        token,
        &format!(
            "SELECT ?case ?how ?n ?title ?file (SAMPLE(?t) AS ?text) WHERE {{
  {{ ?case cg:mentions {e} BIND(\"提及 mentions\" AS ?how)
     OPTIONAL {{ ?case cg:hasMeasure|cg:hasOutcome|cg:hasNextStep ?item . ?item cg:mentions {e} ; cg:text ?t }} }}
  UNION {{ ?case cg:providedBy {e} BIND(\"提供 provided\" AS ?how) }}
  UNION {{ ?case cg:sector {e} BIND(\"行业 sector\" AS ?how) }}
  ?case a cg:Case ; cg:caseNumber ?n ; dcterms:title ?title ; cg:inDocument/cg:fileName ?file .
}} GROUP BY ?case ?how ?n ?title ?file ORDER BY ?file ?n ?how LIMIT 500"
        ),
    )?;
    let mut html = format!(
        "<h2>相关案例 <span class=en>Cases</span> ({})</h2><table><tr><th>案例 Case</th><th>关系 How</th><th>原句 Sentence</th></tr>",
        rows.len()
    );
    for r in &rows {
        let sentence = sentence_with(&text(r, "text"), names).unwrap_or_default();
        let _ = write!(
            html,
            "<tr><td><a href=\"{}\">{} · {}</a></td><td>{}</td><td>{}</td></tr>",
            esc(&case_href(&text(r, "case"))),
            esc(&text(r, "n")),
            esc(&text(r, "title")),
            esc(&text(r, "how")),
            esc(&sentence)
        );
    }
    html.push_str("</table>");
    Ok(html)
}

fn co_occurring(store: &Store, token: &CancellationToken, e: &str) -> Result<String, Failure> {
    let rows = select(
        store,
        token,
        &format!(
            // Counted per entity first, labelled after: the labels join the
            // few hundred counts, not every mention (half the time on 100 documents).
            "SELECT ?o ?label ?n WHERE {{
  {{ SELECT ?o (COUNT(DISTINCT ?case) AS ?n) WHERE {{
     ?case a cg:Case ; cg:mentions {e}, ?o . FILTER(?o != {e}) }} GROUP BY ?o }}
  ?o rdfs:label ?label FILTER(langMatches(lang(?label), \"zh\"))
}} ORDER BY DESC(?n) ?label LIMIT 30"
        ),
    )?;
    if rows.is_empty() {
        return Ok(String::new());
    }
    let mut html =
        String::from("<h2>共同出现 <span class=en>Mentioned together with</span></h2><p>");
    for r in &rows {
        let _ = write!(
            html,
            "<a class=tag href=\"{}\">{} <span class=muted>{}</span></a>",
            esc(&entity_href(&text(r, "o"))),
            esc(&text(r, "label")),
            esc(&text(r, "n"))
        );
    }
    html.push_str("</p>");
    Ok(html)
}
