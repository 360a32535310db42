//! Reading from a remote store: saved queries through the SPARQL 1.1
//! Protocol, and graphs (or their triple counts) to check a push.
//!
//! A saved query's parameters are bound as RDF terms as they are locally:
//! the query is parsed into Oxigraph's SPARQL algebra, a `VALUES` table of the
//! bound terms is joined in where the evaluation starts (the innermost left of
//! the query's group, so every filter, `BIND` and `OPTIONAL` of that group sees
//! it, as with Oxigraph's substitution), and the algebra is written back as
//! SPARQL. A value is a term of the table, never text of the query.

use super::client::{Client, Request};
use super::PublishError;
use crate::query::{QueryError, SavedQuery};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Literal;
use oxigraph::model::{NamedNode, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::{QueryResults, QueryTripleIter};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use spargebra::algebra::{Expression, Function, GraphPattern};
use spargebra::term::GroundTerm;

/// The text of `query` with `bindings` joined in as a `VALUES` table.
pub fn bound_query_text(
    query: &SavedQuery,
    bindings: &[(Variable, Term)],
) -> Result<String, QueryError> {
    let mut parsed = match spargebra::SparqlParser::new().parse_query(&query.text) {
        Ok(parsed) => parsed,
        Err(syntax) => {
            return Err(
                if spargebra::SparqlParser::new()
                    .parse_update(&query.text)
                    .is_ok()
                {
                    QueryError::Update(query.name.clone())
                } else {
                    QueryError::Syntax(query.name.clone(), syntax.to_string())
                },
            )
        }
    };
    let pattern = match &mut parsed {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    let unbound: Vec<Variable> = query
        .params
        .iter()
        .filter(|p| p.optional && !bindings.iter().any(|(v, _)| v.as_str() == p.name))
        .map(|p| Variable::new_unchecked(&p.name))
        .collect();
    without_unbound(pattern, &unbound);
    if bindings.is_empty() {
        return Ok(parsed.to_string());
    }
    let (mut variables, mut row, mut texts) = (Vec::new(), Vec::new(), Vec::new());
    for (variable, term) in bindings {
        match term {
            Term::Literal(l) if is_non_ascii_string(l) => texts.push((variable, l)),
            Term::NamedNode(n) => row.push(Some(GroundTerm::NamedNode(n.clone()))),
            Term::Literal(l) => row.push(Some(GroundTerm::Literal(l.clone()))),
            other => {
                return Err(QueryError::Param(format!(
                    "?{}: {other} cannot be sent to an endpoint",
                    variable.as_str()
                )))
            }
        }
        if !matches!(term, Term::Literal(l) if is_non_ascii_string(l)) {
            variables.push(variable.clone());
        }
    }
    let mut values = if variables.is_empty() {
        GraphPattern::Bgp { patterns: vec![] }
    } else {
        GraphPattern::Values {
            variables,
            bindings: vec![row],
        }
    };
    // Virtuoso 7.2 compares a plain non-ASCII string written in a query as
    // unequal to the same text read from the store (`STR(?label) = "老挝"` is
    // false), but not when it comes from `STR` of a tagged literal: such a
    // value is bound as `BIND(STR("老挝"@und) AS ?p)`, the same term in SPARQL.
    for (variable, text) in texts {
        // "und": the BCP 47 tag for an undetermined language.
        let tagged = Literal::new_language_tagged_literal_unchecked(text.value(), "und");
        values = GraphPattern::Extend {
            inner: Box::new(values),
            variable: variable.clone(),
            expression: Expression::FunctionCall(Function::Str, vec![Expression::Literal(tagged)]),
        };
    }
    join_first(pattern, values);
    Ok(parsed.to_string())
}

fn is_non_ascii_string(literal: &Literal) -> bool {
    literal.datatype() == oxigraph::model::vocab::xsd::STRING && !literal.value().is_ascii()
}

/// The pattern of the solution modifiers (and grouping) around `$inner`.
macro_rules! modifier {
    ($inner:pat) => {
        GraphPattern::Slice { inner: $inner, .. }
            | GraphPattern::Distinct { inner: $inner }
            | GraphPattern::Reduced { inner: $inner }
            | GraphPattern::Project { inner: $inner, .. }
            | GraphPattern::OrderBy { inner: $inner, .. }
            | GraphPattern::Group { inner: $inner, .. }
    };
}

/// The pattern of the binary operators that are strict (an error in an
/// operand is an error), binding their operands to `$a` and `$b`.
macro_rules! strict_binary {
    ($a:pat, $b:pat) => {
        Expression::Equal($a, $b)
            | Expression::SameTerm($a, $b)
            | Expression::Greater($a, $b)
            | Expression::GreaterOrEqual($a, $b)
            | Expression::Less($a, $b)
            | Expression::LessOrEqual($a, $b)
            | Expression::Add($a, $b)
            | Expression::Subtract($a, $b)
            | Expression::Multiply($a, $b)
            | Expression::Divide($a, $b)
    };
}

/// Drops from each `COALESCE` the arguments that read an optional parameter
/// left unbound. Such an argument is an error in SPARQL, which `COALESCE`
/// skips: that is how saved queries test optional parameters. The rewrite
/// keeps that meaning on engines that evaluate a comparison with an unbound
/// variable to `false` instead of an error (Virtuoso 7).
fn without_unbound(pattern: &mut GraphPattern, unbound: &[Variable]) {
    if unbound.is_empty() {
        return;
    }
    match pattern {
        GraphPattern::Filter { expr, inner } => {
            rewrite(expr, unbound);
            without_unbound(inner, unbound);
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => {
            rewrite(expression, unbound);
            without_unbound(inner, unbound);
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            if let Some(expression) = expression {
                rewrite(expression, unbound);
            }
            without_unbound(left, unbound);
            without_unbound(right, unbound);
        }
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            without_unbound(left, unbound);
            without_unbound(right, unbound);
        }
        modifier!(inner)
        | GraphPattern::Graph { inner, .. }
        | GraphPattern::Service { inner, .. } => without_unbound(inner, unbound),
        _ => {}
    }
}

fn rewrite(expression: &mut Expression, unbound: &[Variable]) {
    use Expression as E;
    match expression {
        E::Coalesce(arguments) => {
            for argument in arguments.iter_mut() {
                rewrite(argument, unbound);
            }
            if arguments.iter().any(|a| !errs(a, unbound)) {
                arguments.retain(|a| !errs(a, unbound));
            }
        }
        E::Or(a, b) | E::And(a, b) | strict_binary!(a, b) => {
            rewrite(a, unbound);
            rewrite(b, unbound);
        }
        E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => rewrite(a, unbound),
        E::If(a, b, c) => {
            rewrite(a, unbound);
            rewrite(b, unbound);
            rewrite(c, unbound);
        }
        E::In(a, list) => {
            rewrite(a, unbound);
            list.iter_mut().for_each(|item| rewrite(item, unbound));
        }
        E::FunctionCall(_, list) => list.iter_mut().for_each(|item| rewrite(item, unbound)),
        E::Exists(pattern) => without_unbound(pattern, unbound),
        _ => {}
    }
}

/// Whether `expression` is certainly an error when `unbound` are unbound:
/// it reads one through operators and functions that are strict (all but
/// `||`, `&&`, `IF`, `COALESCE`, `BOUND` and `EXISTS`).
fn errs(expression: &Expression, unbound: &[Variable]) -> bool {
    use Expression as E;
    match expression {
        E::Variable(v) => unbound.contains(v),
        strict_binary!(a, b) => errs(a, unbound) || errs(b, unbound),
        E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) | E::In(a, _) => errs(a, unbound),
        E::FunctionCall(_, arguments) => arguments.iter().any(|a| errs(a, unbound)),
        _ => false,
    }
}

/// Joins `values` in at the start of the evaluation of `pattern`: through the
/// solution modifiers, grouping, filters and binds of the outer group, and down
/// the left of its joins, optionals and minuses.
fn join_first(pattern: &mut GraphPattern, values: GraphPattern) {
    match pattern {
        GraphPattern::Project { inner, .. } => join_in_group(inner, values),
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner } => join_first(inner, values),
        other => join_in_group(other, values),
    }
}

/// Joins `values` at the left end of the group under the query's projection
/// (through its ordering, grouping, filters and binds). A subquery met there is joined
/// with as a whole: only what it projects is seen outside it, so a parameter
/// bound inside it would not reach the outer group's filters.
fn join_in_group(pattern: &mut GraphPattern, values: GraphPattern) {
    match pattern {
        GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::Filter { inner, .. } => join_in_group(inner, values),
        GraphPattern::Join { left, .. }
        | GraphPattern::LeftJoin { left, .. }
        | GraphPattern::Minus { left, .. } => join_in_group(left, values),
        other => {
            let right = std::mem::replace(other, GraphPattern::Bgp { patterns: vec![] });
            *other = GraphPattern::Join {
                left: Box::new(values),
                right: Box::new(right),
            };
        }
    }
}

const ACCEPT_RESULTS: &str =
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, \
     application/n-triples;q=0.8, text/turtle;q=0.7";

/// Runs `text` at the SPARQL endpoint `endpoint` (an HTML form POST, which
/// every SPARQL 1.1 Protocol server takes) and reads the results as they come.
pub fn run(
    client: &Client,
    endpoint: &str,
    text: &str,
) -> Result<QueryResults<'static>, PublishError> {
    let form = format!("query={}", utf8_percent_encode(text, NON_ALPHANUMERIC));
    let make = || -> std::io::Result<Box<dyn std::io::Read + '_>> {
        Ok(Box::new(std::io::Cursor::new(form.as_bytes())))
    };
    let response = client.send(&Request {
        method: "POST",
        url: endpoint.to_string(),
        headers: vec![
            ("Content-Type", "application/x-www-form-urlencoded".into()),
            // Not chunked: Virtuoso 7.2 does not read chunked request bodies.
            ("Content-Length", form.len().to_string()),
            ("Accept", ACCEPT_RESULTS.into()),
        ],
        body: Some(&make),
    })?;
    let media_type = media_type(&response);
    let reader = response.into_body().into_reader();
    let bad = |detail: String| PublishError::Response {
        url: endpoint.to_string(),
        detail,
    };
    if let Some(format) = QueryResultsFormat::from_media_type(&media_type) {
        let parsed = QueryResultsParser::from_format(format)
            .for_reader(reader)
            .map_err(|e| bad(e.to_string()))?;
        return Ok(parsed.into());
    }
    if let Some(format) = RdfFormat::from_media_type(&media_type) {
        let triples = RdfParser::from_format(format)
            .for_reader(reader)
            .map(|quad| {
                quad.map(Into::into)
                    .map_err(|e| oxigraph::sparql::QueryEvaluationError::Service(Box::new(e)))
            });
        return Ok(QueryTripleIter::new(triples).into());
    }
    Err(bad(format!(
        "the endpoint answered `{media_type}`, not SPARQL results (is it a SPARQL endpoint?)"
    )))
}

/// The solutions of a SELECT at `endpoint`, all read (`graph --endpoint`).
pub fn select(
    client: &Client,
    endpoint: &str,
    text: &str,
) -> Result<Vec<oxigraph::sparql::QuerySolution>, QueryError> {
    let failed = |e: String| QueryError::Evaluation(e);
    match run(client, endpoint, text).map_err(|e| failed(e.to_string()))? {
        QueryResults::Solutions(solutions) => solutions
            .map(|s| s.map_err(|e| failed(e.to_string())))
            .collect(),
        _ => Err(failed(format!("{endpoint} gave no solutions to a SELECT"))),
    }
}

fn media_type(response: &ureq::http::Response<ureq::Body>) -> String {
    response
        .headers()
        .get(ureq::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// `url?graph=IRI`, the Graph Store Protocol's indirect identification.
pub fn graph_url(store_url: &str, graph: &NamedNode) -> String {
    let separator = if store_url.contains('?') { '&' } else { '?' };
    format!(
        "{store_url}{separator}graph={}",
        utf8_percent_encode(graph.as_str(), NON_ALPHANUMERIC)
    )
}

/// How many triples the server holds in `graph`: a `COUNT` at `sparql` when
/// given, otherwise the graph read back through the Graph Store Protocol.
pub fn count_triples(
    client: &Client,
    store_url: &str,
    sparql: Option<&str>,
    graph: &NamedNode,
) -> Result<u64, PublishError> {
    match sparql {
        Some(endpoint) => count_by_query(client, endpoint, graph),
        None => {
            let mut count = 0;
            read_graph(client, store_url, graph, |_| count += 1)?;
            Ok(count)
        }
    }
}

fn count_by_query(client: &Client, endpoint: &str, graph: &NamedNode) -> Result<u64, PublishError> {
    // `graph` is an IRI the store validated: its `<…>` form cannot leave the brackets.
    let text = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}");
    let bad = |detail: String| PublishError::Response {
        url: endpoint.to_string(),
        detail,
    };
    let QueryResults::Solutions(mut solutions) = run(client, endpoint, &text)? else {
        return Err(bad("a COUNT query did not give solutions".into()));
    };
    let solution = solutions
        .next()
        .ok_or_else(|| bad("a COUNT query gave no row".into()))?
        .map_err(|e| bad(e.to_string()))?;
    match solution.get("n") {
        Some(Term::Literal(n)) => n
            .value()
            .parse()
            .map_err(|_| bad(format!("a COUNT query gave `{}`", n.value()))),
        other => Err(bad(format!("a COUNT query gave {other:?}"))),
    }
}

/// Reads `graph` back from the Graph Store at `store_url`, triple by triple.
pub fn read_graph(
    client: &Client,
    store_url: &str,
    graph: &NamedNode,
    mut each: impl FnMut(oxigraph::model::Triple),
) -> Result<(), PublishError> {
    let url = graph_url(store_url, graph);
    let response = client.send(&Request {
        method: "GET",
        url: url.clone(),
        // Turtle first: Virtuoso 7.2 leaves `xsd:decimal` literals out of its N-Triples.
        headers: vec![("Accept", "text/turtle, application/n-triples;q=0.9".into())],
        body: None,
    })?;
    let format = RdfFormat::from_media_type(&media_type(&response)).unwrap_or(RdfFormat::Turtle);
    let reader = response.into_body().into_reader();
    for quad in RdfParser::from_format(format).for_reader(reader) {
        let quad = quad.map_err(|e| PublishError::Response {
            url: url.clone(),
            detail: e.to_string(),
        })?;
        each(quad.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(text: &str) -> SavedQuery {
        crate::query::parse_header("test", text).unwrap()
    }

    #[test]
    fn values_are_joined_under_the_filters_of_the_outer_group() {
        let query = saved(
            "SELECT ?term ?x WHERE { ?x <http://e/p> ?t OPTIONAL { ?x <http://e/q> ?y } FILTER(CONTAINS(?t, ?term)) } ORDER BY ?x",
        );
        let hostile = "\" } } DROP ALL #\n>";
        let text = bound_query_text(
            &query,
            &[(
                Variable::new("term").unwrap(),
                Literal::new_simple_literal(hostile).into(),
            )],
        )
        .unwrap();
        // The value stays one literal of a VALUES table inside the filtered group.
        let reparsed = spargebra::SparqlParser::new().parse_query(&text).unwrap();
        let spargebra::Query::Select { pattern, .. } = &reparsed else {
            panic!("{text}")
        };
        let mut found = None;
        fn find(
            p: &GraphPattern,
            found: &mut Option<Vec<Vec<Option<GroundTerm>>>>,
            under_filter: bool,
        ) {
            match p {
                GraphPattern::Values { bindings, .. } if under_filter => {
                    *found = Some(bindings.clone())
                }
                GraphPattern::Filter { inner, .. } => find(inner, found, true),
                GraphPattern::Project { inner, .. } | GraphPattern::OrderBy { inner, .. } => {
                    find(inner, found, under_filter)
                }
                GraphPattern::Join { left, right } | GraphPattern::LeftJoin { left, right, .. } => {
                    find(left, found, under_filter);
                    find(right, found, under_filter);
                }
                _ => {}
            }
        }
        find(pattern, &mut found, false);
        assert_eq!(
            found,
            Some(vec![vec![Some(GroundTerm::Literal(
                Literal::new_simple_literal(hostile)
            ))]]),
            "{text}"
        );
    }

    /// How many `Project`s (the query's own, and subqueries) lie above the first VALUES.
    fn projects_above_values(p: &GraphPattern) -> Option<usize> {
        match p {
            GraphPattern::Values { .. } => Some(0),
            GraphPattern::Project { inner, .. } => projects_above_values(inner).map(|n| n + 1),
            GraphPattern::Filter { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Extend { inner, .. } => projects_above_values(inner),
            GraphPattern::Join { left, right } | GraphPattern::LeftJoin { left, right, .. } => {
                projects_above_values(left).or_else(|| projects_above_values(right))
            }
            _ => None,
        }
    }

    #[test]
    fn values_are_not_hidden_inside_a_subquery_that_starts_the_group() {
        let query = saved(
            "SELECT ?p ?x WHERE { { SELECT ?x WHERE { ?x <http://e/p> ?y } } FILTER(?x = ?p) } ORDER BY ?x",
        );
        let text = bound_query_text(
            &query,
            &[(
                Variable::new("p").unwrap(),
                NamedNode::new("http://e/a").unwrap().into(),
            )],
        )
        .unwrap();
        let reparsed = spargebra::SparqlParser::new().parse_query(&text).unwrap();
        let spargebra::Query::Select { pattern, .. } = &reparsed else {
            panic!("{text}")
        };
        assert_eq!(projects_above_values(pattern), Some(1), "{text}");
    }

    #[test]
    fn updates_are_refused_and_no_bindings_leave_the_query_as_it_was() {
        let update = saved("DELETE WHERE { ?s ?p ?o }");
        assert!(matches!(
            bound_query_text(&update, &[]),
            Err(QueryError::Update(_))
        ));
        let plain = saved("SELECT ?s WHERE { ?s ?p ?o }");
        let text = bound_query_text(&plain, &[]).unwrap();
        assert_eq!(
            spargebra::SparqlParser::new().parse_query(&text).unwrap(),
            spargebra::SparqlParser::new()
                .parse_query(&plain.text)
                .unwrap()
        );
    }

    #[test]
    fn an_optional_parameter_left_out_is_dropped_from_coalesce() {
        let query = saved(
            "# param: doc? string — a document\nSELECT ?x WHERE { ?x <http://e/p> ?f FILTER(COALESCE(?f = ?doc, true)) }",
        );
        let text = bound_query_text(&query, &[]).unwrap();
        assert!(!text.contains("?doc"), "{text}");
        let given = bound_query_text(
            &query,
            &[(
                Variable::new("doc").unwrap(),
                Literal::new_simple_literal("a.txt").into(),
            )],
        )
        .unwrap();
        assert!(given.contains("COALESCE((?f = ?doc)"), "{given}");
    }

    #[test]
    fn non_ascii_strings_are_bound_as_the_str_of_a_tagged_literal() {
        let query = saved("SELECT ?term ?x WHERE { ?x <http://e/p> ?t FILTER(STR(?t) = ?term) }");
        let term = Literal::new_simple_literal("老挝");
        let text =
            bound_query_text(&query, &[(Variable::new("term").unwrap(), term.into())]).unwrap();
        assert!(text.contains(r#"BIND(STR("老挝"@und) AS ?term)"#), "{text}");
        spargebra::SparqlParser::new().parse_query(&text).unwrap();
    }

    #[test]
    fn graph_urls_encode_the_iri() {
        let g =
            NamedNode::new("https://w3id.org/casegraph/id/graph/a b?c&d=上").unwrap_or_else(|_| {
                NamedNode::new("https://w3id.org/casegraph/id/graph/a?c&d=上").unwrap()
            });
        let url = graph_url("http://h/store", &g);
        assert!(
            url.starts_with("http://h/store?graph=https%3A%2F%2Fw3id"),
            "{url}"
        );
        assert!(
            !url["http://h/store?".len()..].contains(['&', '?']),
            "{url}"
        );
        assert_eq!(graph_url("http://h/crud?x=1", &g).matches('?').count(), 1);
    }
}
