//! `/case?iri=`: a case with its sections and items, mentions and figures
//! marked, and the source lines of each item.

use super::text::{highlight, Mark};
use super::{
    enc, entity_href, esc, iri_param, params, render, select, term, text, Page, Row, Shared,
};
use crate::serve::exec::Failure;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use oxigraph::model::NamedNode;
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const SECTIONS: [(&str, &str, &str); 3] = [
    ("hasMeasure", "一、主要做法", "Measures"),
    ("hasOutcome", "二、实践效果", "Outcomes"),
    ("hasNextStep", "三、下一步工作思路", "Next steps"),
];

pub async fn page(State(app): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let iri = iri_param(&params(raw));
    render(&app, move |store, token| case_page(store, token, &iri?)).await
}

fn case_page(store: &Store, token: &CancellationToken, case: &NamedNode) -> Result<Page, Failure> {
    let c = term(case.clone());
    let head = select(
        store,
        token,
        &format!(
            "SELECT ?n ?title ?file ?provider ?providerText ?basis WHERE {{
  {c} a cg:Case ; cg:caseNumber ?n ; dcterms:title ?title ; cg:inDocument/cg:fileName ?file .
  OPTIONAL {{ {c} cg:providedBy ?provider }} OPTIONAL {{ {c} cg:providerText ?providerText }}
  OPTIONAL {{ {c} cg:policyBasis ?basis }} }} LIMIT 1"
        ),
    )?;
    let head = head
        .first()
        .ok_or_else(|| Failure::not_found(format!("no case <{}> in the store", case.as_str())))?;
    let marks = marks(store, token, &c)?;
    let all_marks: Vec<Mark> = marks.values().flatten().cloned().collect();
    let number = text(head, "n");
    let mut body = format!(
        "<p class=muted>{} · 案例 {number}</p><h1>{}</h1>",
        esc(&text(head, "file")),
        highlight(&text(head, "title"), &all_marks)
    );
    let provider = text(head, "providerText");
    if !provider.is_empty() {
        let shown = match head.get("provider") {
            Some(_) => format!(
                "<a href=\"{}\">{}</a>",
                esc(&entity_href(&text(head, "provider"))),
                esc(&provider)
            ),
            None => esc(&provider),
        };
        let _ = write!(
            body,
            "<p>提供 <span class=en>Provided by</span>: {shown}</p>"
        );
    }
    body.push_str(&sectors(store, token, &c)?);
    let _ = write!(
        body,
        "<p class=legend><mark class=place>地点 place</mark><mark class=org>机构 organisation</mark><mark class=policy>政策文件 policy document</mark><mark class=figure>数字 figure</mark>
 · <a href=\"/graph?view=cases&amp;case={}\">本案例关系图 Graph of this case</a></p>",
        esc(&enc(&number))
    );
    let basis = text(head, "basis");
    if !basis.is_empty() {
        let _ = write!(
            body,
            "<h2>政策依据 <span class=en>Policy basis</span></h2><div class=item>{}</div>",
            highlight(&basis, &all_marks)
        );
    }
    body.push_str(&items(store, token, &c, &marks)?);
    Ok(Page {
        title: format!("案例 {number} · {}", text(head, "title")),
        body,
    })
}

fn sectors(store: &Store, token: &CancellationToken, c: &str) -> Result<String, Failure> {
    let rows = select(
        store,
        token,
        &format!(
            "SELECT ?s ?label WHERE {{ {c} cg:sector ?s . ?s skos:prefLabel ?label FILTER(langMatches(lang(?label), \"zh\")) }} ORDER BY ?label"
        ),
    )?;
    if rows.is_empty() {
        return Ok(String::new());
    }
    let mut html = String::from("<p>行业 <span class=en>Sectors</span>: ");
    for r in &rows {
        let _ = write!(
            html,
            "<a class=tag href=\"{}\">{}</a>",
            esc(&entity_href(&text(r, "s"))),
            esc(&text(r, "label"))
        );
    }
    html.push_str("</p>");
    Ok(html)
}

/// The marks of each item (and of the case itself, under its own IRI): the
/// labels and aliases of what it mentions, and its figures.
fn marks(
    store: &Store,
    token: &CancellationToken,
    c: &str,
) -> Result<BTreeMap<String, Vec<Mark>>, Failure> {
    let mentions = select(
        store,
        token,
        &format!(
            "SELECT DISTINCT ?holder ?e ?name ?kind WHERE {{
  {{ BIND({c} AS ?holder) {c} cg:mentions ?e }} UNION {{ {c} cg:hasMeasure|cg:hasOutcome|cg:hasNextStep ?holder . ?holder cg:mentions ?e }}
  {{ ?e rdfs:label ?name FILTER(langMatches(lang(?name), \"zh\")) }} UNION {{ ?e skos:altLabel ?name }}
  OPTIONAL {{ ?e a ?k . VALUES (?top ?kind) {{ (cg:Place \"place\") (cg:Organization \"org\") (cg:PolicyDocument \"policy\") }} ?k rdfs:subClassOf* ?top }}
}}"
        ),
    )?;
    let figures = select(
        store,
        token,
        &format!(
            "SELECT ?holder ?v ?u ?q WHERE {{ {c} cg:hasMeasure|cg:hasOutcome|cg:hasNextStep ?holder . ?holder cg:hasIndicator ?i .
  ?i cg:value ?v ; cg:unit ?u . OPTIONAL {{ ?i cg:qualifier ?q }} }}"
        ),
    )?;
    let mut marks: BTreeMap<String, Vec<Mark>> = BTreeMap::new();
    for r in &mentions {
        let class = match text(r, "kind").as_str() {
            "place" => "place",
            "org" => "org",
            "policy" => "policy",
            _ => "other",
        };
        marks.entry(text(r, "holder")).or_default().push(Mark {
            needle: text(r, "name"),
            class,
            href: Some(entity_href(&text(r, "e"))),
            title: text(r, "name"),
        });
    }
    for r in &figures {
        let (value, unit) = (text(r, "v"), text(r, "u"));
        let shown = format!("{}{value}{unit}", text(r, "q"));
        // Printed with or without a space between number and unit (`140 万吨`, `30%`).
        for needle in [format!("{value} {unit}"), format!("{value}{unit}")] {
            marks.entry(text(r, "holder")).or_default().push(Mark {
                needle,
                class: "figure",
                href: None,
                title: shown.clone(),
            });
        }
    }
    Ok(marks)
}

fn items(
    store: &Store,
    token: &CancellationToken,
    c: &str,
    marks: &BTreeMap<String, Vec<Mark>>,
) -> Result<String, Failure> {
    let rows = select(
        store,
        token,
        &format!(
            "SELECT ?link ?item ?ordinal ?heading ?text ?start ?end WHERE {{
  {c} ?link ?item . VALUES ?link {{ cg:hasMeasure cg:hasOutcome cg:hasNextStep }}
  ?item cg:ordinal ?ordinal ; cg:text ?text . OPTIONAL {{ ?item rdfs:label ?heading }}
  OPTIONAL {{ ?item prov:wasDerivedFrom ?span . ?span cg:startLine ?start ; cg:endLine ?end }}
}} ORDER BY ?link ?ordinal"
        ),
    )?;
    let mut html = String::new();
    for (link, zh, en) in SECTIONS {
        let section: Vec<&Row> = rows
            .iter()
            .filter(|r| text(r, "link").ends_with(link))
            .collect();
        if section.is_empty() {
            continue;
        }
        let _ = write!(html, "<h2>{zh} <span class=en>{en}</span></h2>");
        for r in section {
            let item = text(r, "item");
            let empty = Vec::new();
            let item_marks = marks.get(&item).unwrap_or(&empty);
            let _ = write!(
                html,
                "<div class=item id=\"{}\"><span class=lines title=\"源文件行号 source lines\">第 {}–{} 行 lines</span><div class=head>{}. {}</div><div>{}</div></div>",
                esc(&format!("{}-{}", link, text(r, "ordinal"))),
                esc(&text(r, "start")),
                esc(&text(r, "end")),
                esc(&text(r, "ordinal")),
                esc(&text(r, "heading")),
                highlight(&text(r, "text"), item_marks)
            );
        }
    }
    Ok(html)
}
