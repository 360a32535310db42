//! Choosing the result format from `format=` or the `Accept` header.

use super::exec::Failure;
use crate::query::ResultFormat;
use axum::http::StatusCode;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};

/// A format for SELECT/ASK results: (format, media type, `format=` names).
const SOLUTIONS: [(ResultFormat, &str, &[&str]); 4] = [
    (
        ResultFormat::Json,
        "application/sparql-results+json",
        &["json", "application/json"],
    ),
    (
        ResultFormat::Xml,
        "application/sparql-results+xml",
        &["xml", "application/xml", "text/xml"],
    ),
    (ResultFormat::Csv, "text/csv", &["csv"]),
    (ResultFormat::Tsv, "text/tab-separated-values", &["tsv"]),
];

/// The RDF formats for CONSTRUCT/DESCRIBE results and graphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Turtle,
    NTriples,
    RdfXml,
    JsonLd,
}

const GRAPHS: [(GraphFormat, &str, &[&str]); 4] = [
    (
        GraphFormat::Turtle,
        "text/turtle",
        &["turtle", "ttl", "application/x-turtle"],
    ),
    (
        GraphFormat::NTriples,
        "application/n-triples",
        &["ntriples", "nt", "text/plain"],
    ),
    (
        GraphFormat::RdfXml,
        "application/rdf+xml",
        &["rdfxml", "xml", "application/xml", "text/xml"],
    ),
    (
        GraphFormat::JsonLd,
        "application/ld+json",
        &["jsonld", "json", "application/json"],
    ),
];

impl GraphFormat {
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            GraphFormat::Turtle => RdfFormat::Turtle,
            GraphFormat::NTriples => RdfFormat::NTriples,
            GraphFormat::RdfXml => RdfFormat::RdfXml,
            GraphFormat::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

/// What the client will take, for each kind of result (`None`: nothing it accepts).
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    pub solutions: Option<(ResultFormat, &'static str)>,
    pub graph: Option<(GraphFormat, &'static str)>,
}

impl Choice {
    pub fn solutions(&self) -> Result<(ResultFormat, &'static str), Failure> {
        self.solutions
            .ok_or_else(|| not_acceptable("SELECT and ASK results come as JSON, XML, CSV or TSV"))
    }

    pub fn graph(&self) -> Result<(GraphFormat, &'static str), Failure> {
        self.graph
            .ok_or_else(|| not_acceptable("graphs come as Turtle, N-Triples, RDF/XML or JSON-LD"))
    }
}

impl Choice {
    /// The media types chosen, as sent to a query worker.
    pub fn media(&self) -> (Option<String>, Option<String>) {
        (
            self.solutions.map(|(_, m)| m.to_string()),
            self.graph.map(|(_, m)| m.to_string()),
        )
    }

    /// The choice [`Choice::media`] described (unknown media types: none).
    pub fn from_media(solutions: Option<&str>, graph: Option<&str>) -> Self {
        Self {
            solutions: SOLUTIONS
                .iter()
                .find(|(_, m, _)| Some(*m) == solutions)
                .map(|(f, m, _)| (*f, *m)),
            graph: GRAPHS
                .iter()
                .find(|(_, m, _)| Some(*m) == graph)
                .map(|(f, m, _)| (*f, *m)),
        }
    }
}

fn not_acceptable(what: &str) -> Failure {
    Failure::new(
        StatusCode::NOT_ACCEPTABLE,
        format!("no format the client accepts: {what} (ask with Accept or format=)"),
    )
}

/// `format=` wins over `Accept`; neither (or `*/*`) gives JSON and Turtle.
pub fn choose(format: Option<&str>, accept: Option<&str>) -> Result<Choice, Failure> {
    if let Some(name) = format.filter(|f| !f.is_empty()) {
        let name = name.trim().to_ascii_lowercase();
        let named = |names: &[&str], media: &str| names.contains(&name.as_str()) || media == name;
        let choice = Choice {
            solutions: SOLUTIONS
                .iter()
                .find(|(_, media, names)| named(names, media))
                .map(|(f, m, _)| (*f, *m)),
            graph: GRAPHS
                .iter()
                .find(|(_, media, names)| named(names, media))
                .map(|(f, m, _)| (*f, *m)),
        };
        if choice.solutions.is_none() && choice.graph.is_none() {
            return Err(Failure::bad_request(format!(
                "format={name} is not one of json, xml, csv, tsv, turtle, ntriples, rdfxml, jsonld"
            )));
        }
        return Ok(choice);
    }
    let ranges = media_ranges(accept.unwrap_or("*/*"));
    let pick = |media: &str, names: &[&str]| {
        ranges.iter().position(|range| {
            range == "*/*"
                || range == media
                || names.contains(&range.as_str())
                || range
                    .strip_suffix("/*")
                    .is_some_and(|kind| media.split('/').next() == Some(kind))
        })
    };
    let best = |rank: &mut dyn Iterator<Item = Option<usize>>| {
        rank.enumerate()
            .filter_map(|(i, r)| r.map(|r| (r, i)))
            .min()
            .map(|(_, i)| i)
    };
    let solutions = best(&mut SOLUTIONS.iter().map(|(_, m, n)| pick(m, n)))
        .map(|i| (SOLUTIONS[i].0, SOLUTIONS[i].1));
    let graph =
        best(&mut GRAPHS.iter().map(|(_, m, n)| pick(m, n))).map(|i| (GRAPHS[i].0, GRAPHS[i].1));
    Ok(Choice { solutions, graph })
}

/// The media ranges of an Accept header, best first (stable for equal q), q=0 dropped.
fn media_ranges(accept: &str) -> Vec<String> {
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0 && !media.is_empty()).then_some((q, i, media))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, m)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_header_order_and_q() {
        let c = choose(None, Some("text/csv;q=0.5, application/sparql-results+xml")).unwrap();
        assert_eq!(c.solutions.unwrap().0, ResultFormat::Xml);
        assert!(c.graph.is_none());
        let c = choose(None, Some("application/n-triples, */*;q=0.1")).unwrap();
        assert_eq!(c.graph.unwrap().0, GraphFormat::NTriples);
        assert_eq!(c.solutions.unwrap().0, ResultFormat::Json);
        let c = choose(None, None).unwrap();
        assert_eq!(c.solutions.unwrap().0, ResultFormat::Json);
        assert_eq!(c.graph.unwrap().0, GraphFormat::Turtle);
    }

    #[test]
    fn a_choice_survives_the_trip_to_a_worker() {
        for (format, accept) in [(Some("tsv"), None), (None, Some("application/rdf+xml"))] {
            let c = choose(format, accept).unwrap();
            let (s, g) = c.media();
            let back = Choice::from_media(s.as_deref(), g.as_deref());
            assert_eq!(back.solutions, c.solutions);
            assert_eq!(back.graph, c.graph);
        }
    }

    #[test]
    fn format_parameter_wins() {
        let c = choose(Some("tsv"), Some("application/sparql-results+json")).unwrap();
        assert_eq!(c.solutions.unwrap().0, ResultFormat::Tsv);
        let c = choose(Some("xml"), None).unwrap();
        assert_eq!(c.graph.unwrap().0, GraphFormat::RdfXml);
        assert!(choose(Some("yaml"), None).is_err());
    }
}
