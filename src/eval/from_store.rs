//! The system's answers read from a built store, with the same SPARQL
//! queries the shared `score.py` runs (`src/eval/queries/`).

use super::{SystemCase, SystemOrg};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::BTreeMap;

type Row = BTreeMap<String, String>;

fn select(store: &Store, name: &str, text: &str) -> anyhow::Result<Vec<Row>> {
    let mut prepared = SparqlEvaluator::new().parse_query(text).map_err(|e| anyhow::anyhow!("eval query {name}: {e}"))?;
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(solutions) = prepared.on_store(store).execute()? else {
        anyhow::bail!("eval query {name} is not a SELECT");
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution?;
        let row = solution
            .iter()
            .map(|(v, t)| {
                let value = match t {
                    Term::Literal(l) => l.value().to_string(),
                    Term::NamedNode(n) => n.as_str().to_string(),
                    other => other.to_string(),
                };
                (v.as_str().to_string(), value)
            })
            .collect();
        rows.push(row);
    }
    Ok(rows)
}

fn case_number(row: &Row) -> Option<u32> {
    row.get("n")?.parse().ok()
}

fn local_name(iri: &str) -> String {
    iri.rsplit(['#', '/']).next().unwrap_or(iri).to_string()
}

/// One [`SystemCase`] per case number found in `store`.
pub fn answers(store: &Store) -> anyhow::Result<BTreeMap<u32, SystemCase>> {
    let mut out: BTreeMap<u32, SystemCase> = BTreeMap::new();
    for row in select(store, "sections", include_str!("queries/sections.rq"))? {
        let Some(n) = case_number(&row) else { continue };
        let case = out.entry(n).or_default();
        case.title = row.get("title").cloned().unwrap_or_default();
        case.providers = row.get("provider").map(|p| p.split('|').map(str::to_string).collect()).unwrap_or_default();
        let count = |k: &str| row.get(k).and_then(|v| v.parse().ok()).unwrap_or(0);
        case.sections = [count("measures"), count("outcomes"), count("next_steps")];
    }
    for row in select(store, "places", include_str!("queries/places.rq"))? {
        if let (Some(n), Some(label)) = (case_number(&row), row.get("label")) {
            out.entry(n).or_default().places_cn.insert(label.clone());
        }
    }
    for row in select(store, "countries", include_str!("queries/countries.rq"))? {
        if let (Some(n), Some(label)) = (case_number(&row), row.get("label")) {
            out.entry(n).or_default().countries.insert(label.clone());
        }
    }
    for row in select(store, "dates", include_str!("queries/dates.rq"))? {
        if let (Some(n), Some(date)) = (case_number(&row), row.get("date")) {
            out.entry(n).or_default().dates.insert(date.clone());
        }
    }
    for row in select(store, "titles", include_str!("queries/titles.rq"))? {
        if let (Some(n), Some(label), Some(class)) = (case_number(&row), row.get("label"), row.get("cls")) {
            out.entry(n).or_default().titles.insert(label.clone(), local_name(class));
        }
    }
    for row in select(store, "organizations", include_str!("queries/organizations.rq"))? {
        if let (Some(n), Some(org), Some(name), Some(class)) = (case_number(&row), row.get("org"), row.get("name"), row.get("cls")) {
            let entry = out.entry(n).or_default().organizations.entry(org.clone()).or_default();
            entry.names.insert(name.clone());
            entry.classes.insert(local_name(class));
        }
    }
    for row in select(store, "indicators", include_str!("queries/indicators.rq"))? {
        if let (Some(n), Some(value), Some(unit)) = (case_number(&row), row.get("value"), row.get("unit")) {
            let value: f64 = value.parse().unwrap_or(f64::NAN);
            let qualifier = row.get("qualifier").cloned().unwrap_or_default();
            out.entry(n).or_default().indicators.push((value, unit.clone(), qualifier));
        }
    }
    for row in select(store, "sectors", include_str!("queries/sectors.rq"))? {
        if let (Some(n), Some(label)) = (case_number(&row), row.get("label")) {
            out.entry(n).or_default().sectors.insert(label.clone());
        }
    }
    Ok(out)
}
