//! `/search?q=`: case titles, item text and entity names containing a word.

use super::home::CASE_ROWS;
use super::text::{highlight, sentence_with, Mark};
use super::{
    case_href, entity_href, esc, param, params, render_on_graph_store, select,
    select_items_containing, term, text, Page, Shared,
};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use oxigraph::model::Literal;
use std::fmt::Write as _;

pub async fn page(State(app): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let q = param(&params(raw), "q").unwrap_or_default();
    render_on_graph_store(&app, move |graph_store, token| {
        let store = graph_store.store();
        let mut body = format!(
            "<h1>搜索 <span class=en>Search</span></h1><form action=\"/search\"><input type=search name=q value=\"{}\" size=40> <button>搜索 Search</button></form>",
            esc(&q)
        );
        if q.is_empty() {
            return Ok(Page { title: "搜索 Search".into(), body });
        }
        let word = term(Literal::new_simple_literal(&q));
        let found = Mark { needle: q.clone(), class: "figure", href: None, title: q.clone() };
        // The entities a case mentions, provides or is classed in carry a
        // count of those cases (`store::statistics`): starting from them reads
        // a few thousand names instead of every label of every item.
        let entities = select(store, token, &format!(
            "SELECT ?e ?label WHERE {{
  {{ SELECT DISTINCT ?e WHERE {{ {{ ?e cg:casesMentioning [] }} UNION {{ ?e cg:casesInSector [] }} }} }}
  VALUES ?p {{ rdfs:label skos:altLabel skos:prefLabel }}
  ?e ?p ?name FILTER(CONTAINS(STR(?name), {word}))
  FILTER EXISTS {{ ?c cg:mentions|cg:providedBy|cg:sector ?e }}
  ?e rdfs:label|skos:prefLabel ?label FILTER(langMatches(lang(?label), \"zh\"))
}} GROUP BY ?e ?label ORDER BY STRLEN(?label) ?label LIMIT 100"))?;
        let _ = write!(body, "<h2>实体 <span class=en>Entities</span> ({})</h2><p>", entities.len());
        for r in &entities {
            let _ = write!(body, "<a class=tag href=\"{}\">{}</a>", esc(&entity_href(&text(r, "e"))), highlight(&text(r, "label"), std::slice::from_ref(&found)));
        }
        body.push_str("</p>");
        let cases = select(store, token, &format!(
            "SELECT ?case ?n ?title ?file WHERE {{ {CASE_ROWS}
  FILTER(CONTAINS(STR(?title), {word})) }} ORDER BY ?file ?n LIMIT 200"))?;
        let _ = write!(body, "<h2>案例标题 <span class=en>Case titles</span> ({})</h2><ul>", cases.len());
        for r in &cases {
            let _ = write!(body, "<li><a href=\"{}\">{} · {}</a> <span class=muted>{}</span></li>", esc(&case_href(&text(r, "case"))), esc(&text(r, "n")), highlight(&text(r, "title"), std::slice::from_ref(&found)), esc(&text(r, "file")));
        }
        body.push_str("</ul>");
        let items = select_items_containing(graph_store, token, &format!(
            "SELECT ?case ?n ?title ?heading ?text WHERE {{ ?item cg:text ?text FILTER(CONTAINS(STR(?text), {word}))
  {{ SELECT ?case ?item WHERE {{ VALUES ?link {{ cg:hasMeasure cg:hasOutcome cg:hasNextStep }} ?case ?link ?item }} }}
  {CASE_ROWS}
  OPTIONAL {{ SELECT ?item ?heading WHERE {{ ?item rdfs:label ?heading }} }}
}} ORDER BY ?file ?n ?item LIMIT 200"), &q)?;
        let _ = write!(body, "<h2>条目 <span class=en>Items</span> ({})</h2><table>", items.len());
        for r in &items {
            let sentence = sentence_with(&text(r, "text"), std::slice::from_ref(&q)).unwrap_or_default();
            let _ = write!(body, "<tr><td><a href=\"{}\">{} · {}</a></td><td><b>{}</b> {}</td></tr>", esc(&case_href(&text(r, "case"))), esc(&text(r, "n")), esc(&text(r, "title")), esc(&text(r, "heading")), highlight(&sentence, std::slice::from_ref(&found)));
        }
        body.push_str("</table>");
        Ok(Page { title: format!("搜索 {q}"), body })
    })
    .await
}
