//! `/`: what the store holds; `/cases`: every case, by document.

use super::{
    case_href, enc, entity_href, esc, param, params, render, select, term, text, Page, Shared,
};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use oxigraph::model::Literal;
use std::fmt::Write as _;

// The counts come from the statistics graph (`store::statistics`), so the
// page costs the same whatever the number of documents.
const DOCUMENTS: &str = "SELECT ?file ?title ?cases WHERE {
  ?doc a cg:SourceDocument ; cg:fileName ?file ; cg:caseCount ?cases .
  OPTIONAL { ?doc dcterms:title ?title }
} ORDER BY ?file";

/// The entities of a class (or its subclasses) most often mentioned by cases.
fn top(class: &str) -> String {
    format!(
        "SELECT ?e ?label ?n WHERE {{
  ?class rdfs:subClassOf* cg:{class} .
  ?e a ?class ; cg:casesMentioning ?n ; rdfs:label ?label FILTER(langMatches(lang(?label), \"zh\"))
}} ORDER BY DESC(?n) ?label LIMIT 12"
    )
}

const SECTORS: &str = "SELECT ?e ?label ?n WHERE {
  ?e cg:casesInSector ?n ; skos:prefLabel ?label FILTER(langMatches(lang(?label), \"zh\"))
} ORDER BY DESC(?n) ?label LIMIT 12";

pub async fn page(State(app): State<Shared>) -> Response {
    render(&app, |store, token| {
        let docs = select(store, token, DOCUMENTS)?;
        let total: usize = docs.iter().filter_map(|r| text(r, "cases").parse::<usize>().ok()).sum();
        let mut body = format!(
            "<h1>政策案例图谱 <span class=en>Policy case graph</span></h1>
<p>{} 份文件，{total} 个案例。<span class=en>{} documents, {total} cases.</span></p>
<h2>文件 <span class=en>Documents</span></h2><table><tr><th>文件 File</th><th>标题 Title</th><th>案例 Cases</th></tr>",
            docs.len(),
            docs.len()
        );
        for d in &docs {
            let file = text(d, "file");
            let _ = write!(
                body,
                "<tr><td><a href=\"/cases?doc={}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                esc(&enc(&file)),
                esc(&file),
                esc(&text(d, "title")),
                esc(&text(d, "cases"))
            );
        }
        body.push_str("</table><div class=grid>");
        let tops = [
            ("City", "城市", "Cities"),
            ("Organization", "机构", "Organisations"),
            ("PolicyDocument", "政策文件", "Policy documents"),
        ];
        for (class, zh, en) in tops {
            let rows = select(store, token, &top(class))?;
            body.push_str(&top_card(zh, en, &rows));
        }
        body.push_str(&top_card("行业", "Sectors", &select(store, token, SECTORS)?));
        body.push_str("</div>");
        Ok(Page { title: "首页 Home".into(), body })
    })
    .await
}

fn top_card(zh: &str, en: &str, rows: &[super::Row]) -> String {
    let mut html = format!(
        "<div class=card><h2>提及最多的{zh} <span class=en>Most mentioned {en}</span></h2><ol>"
    );
    for r in rows {
        let _ = write!(
            html,
            "<li><a href=\"{}\">{}</a> <span class=muted>{} 个案例</span></li>",
            esc(&entity_href(&text(r, "e"))),
            esc(&text(r, "label")),
            esc(&text(r, "n"))
        );
    }
    html.push_str("</ol></div>");
    html
}

/// Each case's number, title and file, as subqueries of one pattern each:
/// Oxigraph joins them on hashes instead of one index lookup per row, several
/// times faster on a corpus (only cases have a `cg:caseNumber`).
pub const CASE_ROWS: &str = "{ SELECT ?case ?n WHERE { ?case cg:caseNumber ?n } }
  { SELECT ?case ?title WHERE { ?case dcterms:title ?title } }
  { SELECT ?case ?d WHERE { ?case cg:inDocument ?d } }
  { SELECT ?d ?file WHERE { ?d cg:fileName ?file } }";

fn cases_query(doc: Option<&str>) -> String {
    let only = doc
        .map(|d| format!("FILTER(?file = {})", term(Literal::new_simple_literal(d))))
        .unwrap_or_default();
    format!(
        "SELECT ?case ?file ?n ?title ?provider WHERE {{
  {CASE_ROWS}
  OPTIONAL {{ SELECT ?case ?provider WHERE {{ ?case cg:providerText ?provider }} }} {only}
}} ORDER BY ?file ?n"
    )
}

pub async fn cases(State(app): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let doc = param(&params(raw), "doc");
    render(&app, move |store, token| {
        let rows = select(store, token, &cases_query(doc.as_deref()))?;
        let mut body = format!(
            "<h1>案例 <span class=en>Cases</span>{}</h1><table><tr><th>文件 File</th><th>编号 No.</th><th>标题 Title</th><th>提供 Provider</th></tr>",
            doc.as_deref().map(|d| format!(" · {}", esc(d))).unwrap_or_default()
        );
        for r in &rows {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td></tr>",
                esc(&text(r, "file")),
                esc(&text(r, "n")),
                esc(&case_href(&text(r, "case"))),
                esc(&text(r, "title")),
                esc(&text(r, "provider"))
            );
        }
        let _ = write!(body, "</table><p class=muted>{} 个案例 cases</p>", rows.len());
        Ok(Page { title: "案例 Cases".into(), body })
    })
    .await
}
