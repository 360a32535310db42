//! The rows of the views, read from the store with SPARQL SELECTs over the
//! union of all graphs, so any graph built by casegraph can be drawn.

use super::{CaseRow, EntityRow, EvidenceRow, LinkRow, NodeKind, Rows};
use crate::query::QueryError;
use crate::rdf::vocab::CG;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::BTreeMap;

const PREFIXES: &str = "PREFIX cg: <https://w3id.org/casegraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
";

const CASES: &str = "SELECT ?case ?n ?title ?provider ?sl ?el WHERE {
  ?case a cg:Case ; cg:caseNumber ?n .
  OPTIONAL { ?case dcterms:title ?title }
  OPTIONAL { ?case cg:providedBy ?provider }
  OPTIONAL { ?case prov:wasDerivedFrom ?span . ?span cg:startLine ?sl ; cg:endLine ?el }
}";

const HEADINGS: &str = "SELECT ?case ?section ?ord ?label WHERE {
  VALUES (?has ?section) { (cg:hasMeasure 1) (cg:hasOutcome 2) (cg:hasNextStep 3) }
  ?case a cg:Case ; ?has ?item .
  ?item cg:ordinal ?ord ; rdfs:label ?label .
}";

/// Every entity a case mentions or is provided by, and the places containing
/// them, with each fact about them as one (entity, property, value) row.
const ENTITY_FACTS: &str = "SELECT ?e ?p ?o WHERE {
  { SELECT DISTINCT ?e WHERE { ?case a cg:Case ; (cg:mentions|cg:providedBy)/cg:locatedIn* ?e } }
  VALUES ?p { rdf:type rdfs:label skos:altLabel cg:locatedIn }
  ?e ?p ?o .
}";

const SECTORS: &str = "SELECT ?s ?label WHERE {
  { SELECT DISTINCT ?s WHERE { ?case a cg:Case ; cg:sector ?s } }
  OPTIONAL { ?s skos:prefLabel ?label }
}";

const MENTIONS: &str = "SELECT DISTINCT ?case ?e WHERE { ?case a cg:Case ; cg:mentions ?e }";

const SECTOR_LINKS: &str = "SELECT DISTINCT ?case ?s WHERE { ?case a cg:Case ; cg:sector ?s }";

const EVIDENCE: &str = "SELECT ?e ?n ?label ?text ?sl ?el WHERE {
  VALUES ?has { cg:hasMeasure cg:hasOutcome cg:hasNextStep }
  ?case a cg:Case ; cg:caseNumber ?n ; ?has ?item .
  ?item cg:mentions ?e ; rdfs:label ?label ; cg:text ?text .
  OPTIONAL { ?item prov:wasDerivedFrom ?span . ?span cg:startLine ?sl ; cg:endLine ?el }
}";

/// Where rows are read from: a function from a SELECT's text to its
/// solutions over the union of all graphs (the local store, or a remote
/// SPARQL endpoint for `graph --endpoint`).
pub type Source<'a> = &'a dyn Fn(&str) -> Result<Vec<QuerySolution>, QueryError>;

/// Reads every row the views need from `store`, in a stable order.
pub fn rows(store: &Store) -> Result<Rows, QueryError> {
    rows_from(&|text| select_local(store, text))
}

/// Reads every row the views need from `store`, in a stable order.
pub fn rows_from(store: Source<'_>) -> Result<Rows, QueryError> {
    let mut rows = Rows {
        cases: cases(store)?,
        entities: entities(store)?,
        ..Rows::default()
    };
    rows.entities.extend(sectors(store)?);
    rows.entities.sort_by(|a, b| a.iri.cmp(&b.iri));
    rows.mentions = links(store, MENTIONS, "e")?;
    rows.sectors = links(store, SECTOR_LINKS, "s")?;
    rows.evidence = select(store, EVIDENCE)?
        .iter()
        .map(|s| EvidenceRow {
            entity: iri(s, "e"),
            case_number: number(s, "n") as u32,
            item_label: text(s, "label"),
            item_text: text(s, "text"),
            start_line: number(s, "sl"),
            end_line: number(s, "el"),
        })
        .collect();
    rows.evidence.sort_by(|a, b| {
        (&a.entity, a.case_number, a.start_line, &a.item_label).cmp(&(
            &b.entity,
            b.case_number,
            b.start_line,
            &b.item_label,
        ))
    });
    Ok(rows)
}

fn cases(store: Source<'_>) -> Result<Vec<CaseRow>, QueryError> {
    let mut headings: BTreeMap<String, Vec<(usize, usize, String)>> = BTreeMap::new();
    for s in select(store, HEADINGS)? {
        headings.entry(iri(&s, "case")).or_default().push((
            number(&s, "section"),
            number(&s, "ord"),
            text(&s, "label"),
        ));
    }
    let mut cases: BTreeMap<String, CaseRow> = BTreeMap::new();
    for s in select(store, CASES)? {
        let case_iri = iri(&s, "case");
        cases.entry(case_iri.clone()).or_insert_with(|| {
            let mut items = headings.remove(&case_iri).unwrap_or_default();
            items.sort();
            CaseRow {
                number: number(&s, "n") as u32,
                title: text(&s, "title"),
                provider: optional_iri(&s, "provider"),
                start_line: number(&s, "sl"),
                end_line: number(&s, "el"),
                headings: items.into_iter().map(|(_, _, label)| label).collect(),
                iri: case_iri,
            }
        });
    }
    Ok(cases.into_values().collect())
}

fn entities(store: Source<'_>) -> Result<Vec<EntityRow>, QueryError> {
    let mut by_iri: BTreeMap<String, EntityRow> = BTreeMap::new();
    let mut facts = select(store, ENTITY_FACTS)?;
    // Types first, so a label never arrives before its entity is known.
    facts.sort_by_key(|s| iri(s, "p") != oxigraph::model::vocab::rdf::TYPE.as_str());
    for s in facts {
        let entity = iri(&s, "e");
        let property = iri(&s, "p");
        let Some(value) = s.get("o") else { continue };
        if property == oxigraph::model::vocab::rdf::TYPE.as_str() {
            let Term::NamedNode(class) = value else {
                continue;
            };
            let Some((kind, subtype)) = class
                .as_str()
                .strip_prefix(CG)
                .and_then(NodeKind::from_class)
            else {
                continue;
            };
            by_iri.entry(entity.clone()).or_insert_with(|| EntityRow {
                iri: entity,
                kind,
                subtype: subtype.map(str::to_string),
                label_zh: String::new(),
                label_en: None,
                aliases: Vec::new(),
                located_in: None,
            });
            continue;
        }
        let Some(row) = by_iri.get_mut(&entity) else {
            continue;
        };
        match (property.as_str(), value) {
            (p, Term::Literal(l)) if p.ends_with("#label") => match l.language() {
                Some("en") => row.label_en = Some(l.value().to_string()),
                _ => row.label_zh = l.value().to_string(),
            },
            (p, Term::Literal(l)) if p.ends_with("#altLabel") => {
                row.aliases.push(l.value().to_string())
            }
            (_, Term::NamedNode(parent)) => row.located_in = Some(parent.as_str().to_string()),
            _ => {}
        }
    }
    let mut rows: Vec<EntityRow> = by_iri.into_values().collect();
    for row in &mut rows {
        row.aliases.sort();
        row.aliases.dedup();
        if row.label_zh.is_empty() {
            row.label_zh = row.iri.rsplit('/').next().unwrap_or_default().to_string();
        }
    }
    Ok(rows)
}

fn sectors(store: Source<'_>) -> Result<Vec<EntityRow>, QueryError> {
    let mut by_iri: BTreeMap<String, EntityRow> = BTreeMap::new();
    for s in select(store, SECTORS)? {
        let concept = iri(&s, "s");
        let row = by_iri.entry(concept.clone()).or_insert_with(|| EntityRow {
            label_zh: concept.rsplit('/').next().unwrap_or_default().to_string(),
            iri: concept,
            kind: NodeKind::Sector,
            subtype: None,
            label_en: None,
            aliases: Vec::new(),
            located_in: None,
        });
        if let Some(Term::Literal(l)) = s.get("label") {
            match l.language() {
                Some("en") => row.label_en = Some(l.value().to_string()),
                _ => row.label_zh = l.value().to_string(),
            }
        }
    }
    Ok(by_iri.into_values().collect())
}

fn links(store: Source<'_>, query: &str, target: &str) -> Result<Vec<LinkRow>, QueryError> {
    let mut links: Vec<LinkRow> = select(store, query)?
        .iter()
        .map(|s| LinkRow {
            case: iri(s, "case"),
            target: iri(s, target),
        })
        .collect();
    links.sort();
    Ok(links)
}

fn select(store: Source<'_>, body: &str) -> Result<Vec<QuerySolution>, QueryError> {
    store(&format!("{PREFIXES}{body}"))
}

/// Runs a SELECT over the union of all graphs.
fn select_local(store: &Store, text: &str) -> Result<Vec<QuerySolution>, QueryError> {
    let mut prepared = SparqlEvaluator::new()
        .parse_query(text)
        .map_err(|e| QueryError::Syntax("graph view".into(), e.to_string()))?;
    prepared.dataset_mut().set_default_graph_as_union();
    match prepared
        .on_store(store)
        .execute()
        .map_err(|e| QueryError::Evaluation(e.to_string()))?
    {
        QueryResults::Solutions(solutions) => solutions
            .map(|s| s.map_err(|e| QueryError::Evaluation(e.to_string())))
            .collect(),
        _ => Err(QueryError::Evaluation(
            "expected solutions from a SELECT".into(),
        )),
    }
}

fn optional_iri(s: &QuerySolution, var: &str) -> Option<String> {
    match s.get(var) {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}

fn iri(s: &QuerySolution, var: &str) -> String {
    optional_iri(s, var).unwrap_or_default()
}

fn text(s: &QuerySolution, var: &str) -> String {
    match s.get(var) {
        Some(Term::Literal(l)) => l.value().to_string(),
        _ => String::new(),
    }
}

fn number(s: &QuerySolution, var: &str) -> usize {
    text(s, var).parse().unwrap_or(0)
}
