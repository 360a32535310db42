//! Writing query results: the W3C SPARQL 1.1 result formats, and a table for people.

use super::QueryError;
use crate::rdf::vocab::PREFIXES;
use oxigraph::io::RdfFormat;
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QueryTripleIter};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// How to print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    /// Aligned columns for people; IRIs shortened with the usual prefixes.
    Table,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
}

/// Writes `results` to `out`; CONSTRUCT/DESCRIBE results are written as Turtle.
pub fn write_results(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    // Standard output is line-buffered: one write per row costs more than the
    // query itself on a listing of 100,000 rows.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    write_unbuffered(results, format, &mut buffered)?;
    buffered.flush()?;
    Ok(())
}

fn write_unbuffered(
    results: QueryResults<'_>,
    format: ResultFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let eval = |e: oxigraph::sparql::QueryEvaluationError| QueryError::Evaluation(e.to_string());
    let w3c = match format {
        ResultFormat::Table => None,
        ResultFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultFormat::Json => Some(QueryResultsFormat::Json),
        ResultFormat::Xml => Some(QueryResultsFormat::Xml),
    };
    match results {
        QueryResults::Boolean(value) => match w3c {
            Some(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut *out, value)?;
            }
            None => writeln!(out, "{}", if value { "yes" } else { "no" })?,
        },
        QueryResults::Graph(triples) => write_graph(triples, RdfFormat::Turtle, out)?,
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            match w3c {
                Some(f) => {
                    let mut writer = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut *out, variables)?;
                    for solution in solutions {
                        writer.serialize(&solution.map_err(eval)?)?;
                    }
                    writer.finish()?;
                }
                None => {
                    let header: Vec<String> =
                        variables.iter().map(|v| v.as_str().to_string()).collect();
                    let mut rows = Vec::new();
                    for solution in solutions {
                        let solution = solution.map_err(eval)?;
                        rows.push(
                            variables
                                .iter()
                                .map(|v| solution.get(v).map(display_term).unwrap_or_default())
                                .collect(),
                        );
                    }
                    write_table(out, &header, &rows)?;
                }
            }
        }
    }
    Ok(())
}

/// Writes CONSTRUCT/DESCRIBE results in `format`, with the project's prefixes.
pub fn write_graph(
    triples: QueryTripleIter<'_>,
    format: RdfFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let mut writer = crate::export::serializer(format).for_writer(out);
    for triple in triples {
        let triple = triple.map_err(|e| QueryError::Evaluation(e.to_string()))?;
        writer.serialize_triple(&triple)?;
    }
    writer.finish()?;
    Ok(())
}

/// A term as a person reads it: literal values bare, IRIs with prefixes.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => shorten(n.as_str()),
        other => other.to_string(),
    }
}

fn shorten(iri: &str) -> String {
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            return format!("{prefix}:{local}");
        }
    }
    if let Some(local) = iri.strip_prefix(crate::rdf::vocab::DEFAULT_BASE) {
        return format!(":{local}");
    }
    format!("<{iri}>")
}

const MAX_CELL: usize = 60;

fn write_table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let cell = |s: &str| -> String {
        let s = s.replace(['\n', '\t'], " ");
        if s.width() <= MAX_CELL {
            return s;
        }
        let mut cut = String::new();
        for c in s.chars() {
            if cut.width() + 2 > MAX_CELL {
                break;
            }
            cut.push(c);
        }
        cut + "…"
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c)).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].width())
                .chain(std::iter::once(header[i].width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, cells: &[String]| -> std::io::Result<()> {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.width())))
            .collect();
        writeln!(out, "{}", padded.join("  ").trim_end())
    };
    line(out, header)?;
    line(
        out,
        &widths.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>(),
    )?;
    for row in &rows {
        line(out, row)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}
