//! Each supported constraint fires on a planted error and names the right
//! focus node, path and value; a correct graph conforms.

use super::*;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, QuadRef, Term};

const PREFIXES_TTL: &str = "
@prefix cg: <https://w3id.org/casegraph/ontology#> .
@prefix cgs: <https://w3id.org/casegraph/sector/> .
@prefix ex: <https://w3id.org/casegraph/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
";

/// A small graph with one of each kind of node, valid against the shipped shapes.
const VALID: &str = r#"
ex:doc a cg:SourceDocument ; dcterms:title "合集"@zh ; cg:fileName "a.txt" ;
    cg:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .
ex:span a cg:TextSpan ; cg:startLine 1 ; cg:endLine 2 ; cg:startChar 0 ; cg:endChar 5 ; cg:inDocument ex:doc .
ex:case a cg:Case ; cg:caseNumber 1 ; dcterms:title "案例一"@zh ; cg:inDocument ex:doc ;
    prov:wasDerivedFrom ex:span ; cg:providedBy ex:city ; cg:providerText "成都市" ;
    cg:hasMeasure ex:measure ; cg:sector cgs:financial ; cg:sectorEvidence ex:evidence ;
    cg:date "2021-03"^^xsd:gYearMonth ; cg:mentions ex:bank .
ex:measure a cg:Measure ; cg:ordinal 1 ; rdfs:label "措施"@zh ; cg:text "全文"@zh ;
    prov:wasDerivedFrom ex:span ; cg:hasIndicator ex:indicator ; cg:mentions ex:city .
ex:indicator a cg:Indicator ; cg:value "1.5"^^xsd:decimal ; cg:unit "亿元" ; cg:qualifier "近" ;
    cg:normalizedValue "150000000"^^xsd:decimal ; cg:normalizedUnit "元" ; prov:wasDerivedFrom ex:span .
ex:city a cg:City ; rdfs:label "成都"@zh , "Chengdu"@en ; cg:adcode "510100" ; cg:locatedIn ex:province ;
    cg:latitude "30.66"^^xsd:decimal ; cg:longitude "104.07"^^xsd:decimal .
ex:province a cg:Province ; rdfs:label "四川"@zh ; cg:adcode "510000" .
ex:bank a cg:FinancialInstitution ; rdfs:label "某银行成都分行"@zh ; skos:altLabel "某行"@zh .
ex:evidence a cg:SectorEvidence ; cg:concept cgs:financial ; cg:keyword "金融"@zh ; cg:occurrences 3 ; cg:score "0.75"^^xsd:decimal .
"#;

const GRAPH: &str = "https://w3id.org/casegraph/id/graph/test";
const EX: &str = "https://w3id.org/casegraph/id/";

/// Loads Turtle `data` (with the test prefixes) and the sector scheme into a fresh store.
fn store_with(data: &str) -> Store {
    let store = Store::new().unwrap();
    let graph = NamedNode::new_unchecked(GRAPH);
    let text = format!("{PREFIXES_TTL}{data}");
    let parser = RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph);
    store
        .extend(parser.for_slice(text.as_bytes()).map(|q| q.unwrap()))
        .unwrap();
    let ontology = crate::rdf::ontology::ontology_quads();
    store.extend(ontology).unwrap();
    store
}

fn validate(data: &str) -> Report {
    validate_store(&store_with(data)).unwrap()
}

/// The valid graph plus `extra` triples (Turtle, repeated subjects merge).
fn validate_with_extra(extra: &str) -> Report {
    validate(&format!("{VALID}\n{extra}"))
}

fn node(local: &str) -> String {
    format!("<{EX}{local}>")
}

/// The constraint components of the results, in report order.
fn constraints(report: &Report) -> Vec<&str> {
    report
        .results
        .iter()
        .map(|r| r.constraint.as_str())
        .collect()
}

/// The single result of `report`, which must hold exactly one.
fn only(report: &Report) -> &ValidationResult {
    assert_eq!(
        report.results.len(),
        1,
        "expected one result:\n{}",
        report.render_text()
    );
    &report.results[0]
}

fn assert_one(
    report: &Report,
    shape: &str,
    path: Option<&str>,
    constraint: &str,
    focus: &str,
    value: Option<&str>,
) {
    let r = only(report);
    assert_eq!(
        (r.shape.as_str(), r.path.as_deref(), r.constraint.as_str()),
        (shape, path, constraint),
        "{}",
        report.render_text()
    );
    assert_eq!(r.focus, node(focus), "{}", report.render_text());
    assert_eq!(r.value.as_deref(), value, "{}", report.render_text());
}

#[test]
fn shipped_shapes_parse_into_the_model() {
    let shapes = shipped_shapes().unwrap();
    let ids: Vec<String> = shapes.iter().map(|s| s.id.to_string()).collect();
    for class in [
        "Case",
        "Measure",
        "Indicator",
        "TextSpan",
        "Place",
        "Organization",
        "SourceDocument",
        "SectorEvidence",
    ] {
        assert!(
            ids.iter()
                .any(|id| id.ends_with(&format!("#{class}Shape>"))),
            "{class} shape missing: {ids:?}"
        );
    }
    let constraints: usize = shapes.all.iter().map(|s| s.constraints.len()).sum();
    assert!(constraints > 150, "{constraints} constraints");
}

#[test]
fn valid_graph_conforms_with_no_results() {
    let report = validate(VALID);
    assert!(report.conforms(), "{}", report.render_text());
    assert!(report.results.is_empty(), "{}", report.render_text());
}

#[test]
fn min_count_fires_on_a_missing_title() {
    let report = validate(&VALID.replace(r#"dcterms:title "案例一"@zh ;"#, ""));
    assert_one(
        &report,
        "cgsh:CaseShape",
        Some("dcterms:title"),
        "sh:minCount",
        "case",
        None,
    );
    assert!(!report.conforms());
    assert!(
        only(&report).message.contains("exactly one dcterms:title"),
        "the shape's sh:message is used"
    );
}

#[test]
fn max_count_fires_on_two_case_numbers() {
    let report = validate_with_extra("ex:case cg:caseNumber 2 .");
    assert_one(
        &report,
        "cgsh:CaseShape",
        Some("cg:caseNumber"),
        "sh:maxCount",
        "case",
        None,
    );
}

#[test]
fn datatype_fires_on_a_string_value_and_on_an_ill_formed_literal() {
    let report = validate(&VALID.replace(r#"cg:value "1.5"^^xsd:decimal"#, r#"cg:value "1.5""#));
    assert_one(
        &report,
        "cgsh:IndicatorShape",
        Some("cg:value"),
        "sh:datatype",
        "indicator",
        Some(r#""1.5""#),
    );

    let report = validate(&VALID.replace("cg:ordinal 1 ;", r#"cg:ordinal "first"^^xsd:integer ;"#));
    let datatype: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.constraint == "sh:datatype")
        .collect();
    assert_eq!(datatype.len(), 1, "{}", report.render_text());
    assert_eq!(
        datatype[0].value.as_deref(),
        Some(r#""first"^^xsd:integer"#)
    );
}

#[test]
fn min_inclusive_fires_on_zero_and_on_an_incomparable_value() {
    let report = validate(&VALID.replace("cg:caseNumber 1", "cg:caseNumber 0"));
    assert_one(
        &report,
        "cgsh:CaseShape",
        Some("cg:caseNumber"),
        "sh:minInclusive",
        "case",
        Some(r#""0"^^xsd:integer"#),
    );
    // A string cannot be compared with 1: SHACL counts that as a failure too.
    let report = validate(&VALID.replace("cg:caseNumber 1", r#"cg:caseNumber "1""#));
    let constraints = constraints(&report);
    assert_eq!(
        constraints,
        ["sh:datatype", "sh:minInclusive"],
        "{}",
        report.render_text()
    );
}

#[test]
fn max_inclusive_fires_on_a_latitude_out_of_range() {
    let report = validate(&VALID.replace(r#""30.66"^^xsd:decimal"#, r#""95.5"^^xsd:decimal"#));
    assert_one(
        &report,
        "cgsh:PlaceShape",
        Some("cg:latitude"),
        "sh:maxInclusive",
        "city",
        Some(r#""95.5"^^xsd:decimal"#),
    );
}

#[test]
fn language_in_fires_on_an_english_title() {
    let report = validate(&VALID.replace(r#""案例一"@zh"#, r#""Case one"@en"#));
    assert_one(
        &report,
        "cgsh:CaseShape",
        Some("dcterms:title"),
        "sh:languageIn",
        "case",
        Some(r#""Case one"@en"#),
    );
}

#[test]
fn unique_lang_fires_on_two_chinese_names() {
    let report = validate_with_extra(r#"ex:province rdfs:label "四川省"@zh ."#);
    let r = &report.results;
    assert_eq!(
        r.len(),
        1,
        "one result per duplicated language (SHACL 4.4.4):\n{}",
        report.render_text()
    );
    assert!(r
        .iter()
        .all(|r| r.constraint == "sh:uniqueLang" && r.focus == node("province")));
}

#[test]
fn pattern_fires_on_a_bad_code_in_both_place_shapes() {
    let report = validate(&VALID.replace(r#"cg:adcode "510100""#, r#"cg:adcode "51010""#));
    let shapes: Vec<&str> = report.results.iter().map(|r| r.shape.as_str()).collect();
    // Six digits (PlaceShape) and ends in 00 (CityShape): both patterns fail.
    assert_eq!(
        shapes,
        ["cgsh:CityShape", "cgsh:PlaceShape"],
        "{}",
        report.render_text()
    );
    assert!(report
        .results
        .iter()
        .all(|r| r.constraint == "sh:pattern" && r.value.as_deref() == Some(r#""51010""#)));
}

#[test]
fn min_length_fires_on_an_empty_unit() {
    let report = validate(&VALID.replace(r#"cg:unit "亿元""#, r#"cg:unit """#));
    assert_one(
        &report,
        "cgsh:IndicatorShape",
        Some("cg:unit"),
        "sh:minLength",
        "indicator",
        Some(r#""""#),
    );
}

#[test]
fn class_fires_when_the_document_is_not_a_source_document() {
    let report = validate(&VALID.replace(
        "cg:inDocument ex:doc ;\n    prov:wasDerivedFrom",
        "cg:inDocument ex:span ;\n    prov:wasDerivedFrom",
    ));
    let expected = format!("<{EX}span>");
    assert_one(
        &report,
        "cgsh:CaseShape",
        Some("cg:inDocument"),
        "sh:class",
        "case",
        Some(expected.as_str()),
    );
}

#[test]
fn node_and_or_fire_with_the_case_as_focus() {
    // A text span is neither a place nor an organisation.
    let report = validate(&VALID.replace("cg:providedBy ex:city", "cg:providedBy ex:span"));
    let expected = format!("<{EX}span>");
    assert_one(
        &report,
        "cgsh:CaseShape",
        Some("cg:providedBy"),
        "sh:node",
        "case",
        Some(expected.as_str()),
    );
    // A sector outside the scheme.
    let report = validate(&VALID.replace("cg:sector cgs:financial", "cg:sector cgs:astrology"));
    assert_one(
        &report,
        "cgsh:CaseShape",
        Some("cg:sector"),
        "sh:node",
        "case",
        Some("cgs:astrology"),
    );
    // sh:or of datatypes: a date that is neither xsd:gYearMonth nor xsd:date.
    let report = validate(&VALID.replace(
        r#""2021-03"^^xsd:gYearMonth"#,
        r#""2021-13"^^xsd:gYearMonth"#,
    ));
    assert_one(
        &report,
        "cgsh:CaseShape",
        Some("cg:date"),
        "sh:or",
        "case",
        Some(r#""2021-13"^^xsd:gYearMonth"#),
    );
}

#[test]
fn node_level_or_fires_on_a_value_without_its_unit() {
    let report = validate(&VALID.replace(r#"cg:normalizedUnit "元" ;"#, ""));
    let r = only(&report);
    assert_eq!(
        (r.shape.as_str(), r.path.as_deref(), r.constraint.as_str()),
        ("cgsh:IndicatorShape", None, "sh:or")
    );
    assert_eq!(r.focus, node("indicator"));
    assert!(r.message.contains("together, or neither"), "{}", r.message);
}

#[test]
fn inverse_path_fires_on_an_indicator_of_no_item() {
    let report = validate_with_extra(
        r#"ex:loose a cg:Indicator ; cg:value 2.0 ; cg:unit "家" ; prov:wasDerivedFrom ex:span ."#,
    );
    assert_one(
        &report,
        "cgsh:IndicatorShape",
        Some("^cg:hasIndicator"),
        "sh:minCount",
        "loose",
        None,
    );
}

#[test]
fn less_than_and_less_than_or_equals_fire_on_a_reversed_span() {
    let report = validate_with_extra(
        "ex:bad a cg:TextSpan ; cg:startLine 3 ; cg:endLine 2 ; cg:startChar 5 ; cg:endChar 5 ; cg:inDocument ex:doc .",
    );
    let constraints = constraints(&report);
    assert_eq!(
        constraints,
        ["sh:lessThan", "sh:lessThanOrEquals"],
        "{}",
        report.render_text()
    );
    assert!(report.results.iter().all(|r| r.focus == node("bad")));
}

#[test]
fn qualified_min_count_fires_on_a_name_without_chinese() {
    let report = validate(&VALID.replace(
        r#"ex:bank a cg:FinancialInstitution ; rdfs:label "某银行成都分行"@zh"#,
        r#"ex:bank a cg:FinancialInstitution ; rdfs:label "A Bank"@en"#,
    ));
    assert_one(
        &report,
        "cgsh:OrganizationShape",
        Some("rdfs:label"),
        "sh:qualifiedValueShape",
        "bank",
        None,
    );
}

#[test]
fn warnings_are_reported_but_the_graph_still_conforms() {
    // sh:in with sh:severity sh:Warning, and a qualifiedMaxCount warning (two place types).
    let report = validate(
        &VALID
            .replace(r#"cg:qualifier "近""#, r#"cg:qualifier "大约""#)
            .replace(
                "ex:province a cg:Province",
                "ex:province a cg:Province , cg:City",
            ),
    );
    assert!(report.conforms(), "{}", report.render_text());
    assert_eq!(report.violations, 0);
    let found: Vec<(&str, &str)> = report
        .results
        .iter()
        .map(|r| (r.constraint.as_str(), r.focus.as_str()))
        .collect();
    assert!(
        found.contains(&("sh:in", &node("indicator"))),
        "{}",
        report.render_text()
    );
    assert!(
        found.contains(&("sh:qualifiedValueShape", &node("province"))),
        "{}",
        report.render_text()
    );
    assert!(report
        .results
        .iter()
        .all(|r| r.severity == Severity::Warning));
}

#[test]
fn max_count_zero_and_has_value_fire() {
    let report = validate_with_extra(
        r#"ex:cn a cg:Country ; rdfs:label "中国"@zh ; cg:iso3166 "CN" ; cg:adcode "100000" ."#,
    );
    assert_one(
        &report,
        "cgsh:CountryShape",
        Some("cg:adcode"),
        "sh:maxCount",
        "cn",
        None,
    );
    // A sector concept that is not in the scheme fails the scheme's sh:hasValue.
    let report = validate_with_extra(
        r#"cgs:astrology a skos:Concept ; skos:prefLabel "占星"@zh , "Astrology"@en ; skos:notation "SZ" ."#,
    );
    let constraints = constraints(&report);
    assert_eq!(
        constraints,
        ["sh:hasValue", "sh:pattern"],
        "{}",
        report.render_text()
    );
}

#[test]
fn constraints_the_shipped_shapes_do_not_use_work_too() {
    let shapes = shapes::parse(&format!(
        r#"{PREFIXES_TTL}
        ex:S a sh:NodeShape ; sh:targetClass cg:Case ;
            sh:property [ sh:path cg:providerText ; sh:maxLength 3 ] ,
                        [ sh:path cg:caseNumber ; sh:minExclusive 1 ; sh:maxExclusive 9 ] ,
                        [ sh:path cg:providerText ; sh:pattern "^ab" ; sh:flags "i" ] ,
                        [ sh:path cg:sector ; sh:hasValue cgs:travel ] ,
                        [ sh:path cg:mentions ; sh:minCount 2 ] ."#
    ))
    .unwrap();
    let store = store_with(
        r#"ex:c a cg:Case ; cg:providerText "ABCD" ; cg:caseNumber 1 ; cg:sector cgs:financial ; cg:mentions ex:x ."#,
    );
    let report = validate_with(&store, &shapes).unwrap();
    let mut constraints = constraints(&report);
    constraints.sort();
    // "ABCD" matches ^ab case-insensitively, so sh:pattern does not fire.
    assert_eq!(
        constraints,
        [
            "sh:hasValue",
            "sh:maxLength",
            "sh:minCount",
            "sh:minExclusive"
        ],
        "{}",
        report.render_text()
    );
}

#[test]
fn unsupported_shacl_is_refused_not_ignored() {
    let sparql = format!(
        "{PREFIXES_TTL} ex:S a sh:NodeShape ; sh:targetClass cg:Case ; sh:sparql [ sh:select \"SELECT $this WHERE {{}}\" ] ."
    );
    let error = shapes::parse(&sparql).unwrap_err().to_string();
    assert!(error.contains("sh:sparql is not supported"), "{error}");
    let node_count =
        format!("{PREFIXES_TTL} ex:S a sh:NodeShape ; sh:targetClass cg:Case ; sh:minCount 1 .");
    assert!(shapes::parse(&node_count)
        .unwrap_err()
        .to_string()
        .contains("needs a property shape"));
    let recursive = format!("{PREFIXES_TTL} ex:S a sh:NodeShape ; sh:targetClass cg:Case ; sh:property [ sh:path cg:mentions ; sh:node ex:S ] .");
    assert!(shapes::parse(&recursive)
        .unwrap_err()
        .to_string()
        .contains("recursive shapes are not supported"));
}

#[test]
fn closed_shapes_and_complex_paths_are_validated() {
    let shapes = shapes::parse(&format!(
        r#"{PREFIXES_TTL}
        ex:S a sh:NodeShape ; sh:targetClass cg:Case ; sh:closed true ;
            sh:ignoredProperties ( rdf:type ) ;
            sh:property [ sh:path cg:caseNumber ] ,
                        [ sh:path ( cg:hasMeasure cg:ordinal ) ; sh:maxInclusive 1 ] ,
                        [ sh:path [ sh:zeroOrMorePath cg:locatedIn ] ; sh:minCount 3 ] ."#
    ))
    .unwrap();
    let store = store_with(
        r#"ex:c a cg:Case ; cg:caseNumber 1 ; cg:hasMeasure ex:m ; cg:locatedIn ex:a .
           ex:m cg:ordinal 2 . ex:a cg:locatedIn ex:c ."#,
    );
    let report = validate_with(&store, &shapes).unwrap();
    let found: Vec<(&str, Option<&str>, Option<&str>)> = report
        .results
        .iter()
        .map(|r| (r.constraint.as_str(), r.path.as_deref(), r.value.as_deref()))
        .collect();
    let measure = node("m");
    let place = node("a");
    assert_eq!(
        found,
        [
            ("sh:closed", Some("cg:hasMeasure"), Some(measure.as_str())),
            (
                "sh:maxInclusive",
                Some("cg:hasMeasure/cg:ordinal"),
                Some("\"2\"^^xsd:integer")
            ),
            ("sh:closed", Some("cg:locatedIn"), Some(place.as_str())),
            ("sh:minCount", Some("cg:locatedIn*"), None),
        ],
        "{}",
        report.render_text()
    );
}

#[test]
fn the_w3c_report_carries_every_result_term() {
    let report = validate_with_extra("ex:case cg:caseNumber 2 .");
    let turtle = report.render_turtle().unwrap();
    let graph: Vec<oxigraph::model::Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(turtle.as_bytes())
        .map(|t| oxigraph::model::Triple::from(t.unwrap()))
        .collect();
    let has = |p: &str, o: &str| {
        graph.iter().any(|t| {
            t.predicate.as_str() == format!("{}{p}", shapes::SH) && t.object.to_string() == o
        })
    };
    assert!(
        has(
            "conforms",
            "\"false\"^^<http://www.w3.org/2001/XMLSchema#boolean>"
        ),
        "{turtle}"
    );
    assert!(has("focusNode", &node("case")), "{turtle}");
    assert!(
        has(
            "resultPath",
            "<https://w3id.org/casegraph/ontology#caseNumber>"
        ),
        "{turtle}"
    );
    assert!(
        has(
            "sourceConstraintComponent",
            "<http://www.w3.org/ns/shacl#MaxCountConstraintComponent>"
        ),
        "{turtle}"
    );
    assert!(
        has("resultSeverity", "<http://www.w3.org/ns/shacl#Violation>"),
        "{turtle}"
    );
    assert!(
        graph
            .iter()
            .any(|t| t.predicate.as_str().ends_with("#sourceShape")),
        "{turtle}"
    );
    let again = validate_with_extra("ex:case cg:caseNumber 2 .");
    assert_eq!(turtle, again.render_turtle().unwrap(), "deterministic");
}

#[test]
fn text_report_groups_by_shape_and_constraint() {
    let report = validate_with_extra("ex:case cg:caseNumber 2 .\nex:case2 a cg:Case ; cg:caseNumber 2 , 3 ; dcterms:title \"二\"@zh ; cg:inDocument ex:doc ; prov:wasDerivedFrom ex:span ; cg:sector cgs:travel .");
    let text = report.render_text();
    assert_eq!(
        text.matches("Violation: cgsh:CaseShape cg:caseNumber sh:maxCount (2 nodes)")
            .count(),
        1,
        "{text}"
    );
    assert!(
        text.contains(&format!("    focus {}\n", node("case"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("    focus {}\n", node("case2"))),
        "{text}"
    );
    let verdict = format!(
        "does NOT conform: 2 violations, 0 warnings ({} focus-node checks)\n",
        report.checks
    );
    assert!(text.ends_with(&verdict), "{text}");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["conforms"], false);
    assert_eq!(json["results"][0]["constraint"], "sh:maxCount");
}

#[test]
fn validate_quads_refuses_a_broken_graph_before_it_is_stored() {
    let iris = crate::rdf::IriScheme::new(crate::rdf::vocab::DEFAULT_BASE).unwrap();
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/000_544783cc65985ead.txt"
    ));
    let built =
        crate::pipeline::build_file(path, &iris, crate::extract::Lexicons::embedded()).unwrap();
    let mut ontology = crate::rdf::ontology::ontology_quads();
    ontology.extend(
        built
            .rdf
            .entity_quads(&iris.entity_graph())
            .map(QuadRef::into_owned),
    );
    let report =
        validate_quads(built.rdf.quads().chain(ontology.iter().map(QuadRef::from))).unwrap();
    assert!(
        report.conforms(),
        "the shipped document's graph must conform:\n{}",
        report.render_text()
    );

    // One case with a second case number.
    let case = iris.case(&built.doc.source.doc_id(), 1);
    let extra = Quad::new(
        case.clone(),
        crate::rdf::vocab::CASE_NUMBER,
        oxigraph::model::Literal::from(99),
        built.rdf.graph.clone(),
    );
    let report = validate_quads(
        built
            .rdf
            .quads()
            .chain(ontology.iter().map(QuadRef::from))
            .chain([extra.as_ref()]),
    )
    .unwrap();
    assert!(!report.conforms());
    assert_eq!(only(&report).focus, Term::from(case).to_string());
}
