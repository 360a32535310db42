//! `casegraph query`: saved queries, parameters, formats, safety.
#![cfg(feature = "store")]

mod common;
use common::*;

fn q(args: &[&str]) -> String {
    let store = shared_store().to_str().unwrap().to_string();
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--store", &store]);
    ok(&all)
}

fn json_rows(out: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(out).expect("SPARQL JSON results");
    v["results"]["bindings"].as_array().unwrap().clone()
}

#[test]
fn list_shows_every_saved_query_with_parameters() {
    let out = ok(&["query", "--list"]);
    let names: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert!(names.len() >= 8, "{out}");
    for name in [
        "cases",
        "cases-by-provider",
        "case-measures",
        "case-outcomes",
        "cases-citing-policy",
        "search",
        "explain",
    ] {
        assert!(names.contains(&name), "{name} missing from:\n{out}");
    }
    assert!(out.contains("--param provider=…"), "{out}");
}

#[test]
fn cases_lists_all_25_with_their_sections() {
    let rows = json_rows(&q(&["cases", "--format", "json"]));
    assert_eq!(rows.len(), 25);
    let first = &rows[0];
    assert_eq!(first["n"]["value"], "1");
    assert_eq!(first["provider"]["value"], "上海市");
    assert_eq!(first["measures"]["value"], "3");
}

#[test]
fn cases_by_provider_binds_the_parameter() {
    let rows = json_rows(&q(&[
        "cases-by-provider",
        "--param",
        "provider=上海",
        "--format",
        "json",
    ]));
    let numbers: Vec<&str> = rows
        .iter()
        .map(|r| r["n"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["1", "4", "11", "22"]);
    let rows = json_rows(&q(&[
        "cases-by-provider",
        "--param",
        "provider=国家知识产权局",
        "--format",
        "json",
    ]));
    assert_eq!(rows.len(), 1);
}

#[test]
fn case_items_queries_follow_the_sections() {
    let rows = json_rows(&q(&[
        "case-measures",
        "--param",
        "case=7",
        "--format",
        "json",
    ]));
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["ordinal"]["value"], "1");
    let rows = json_rows(&q(&[
        "case-outcomes",
        "--param",
        "case=1",
        "--format",
        "json",
    ]));
    assert_eq!(rows.len(), 3);
    assert!(
        rows[1]["figures"]["value"]
            .as_str()
            .unwrap()
            .contains("近140万吨"),
        "{rows:?}"
    );
    let rows = json_rows(&q(&[
        "case-next-steps",
        "--param",
        "case=25",
        "--format",
        "json",
    ]));
    assert_eq!(rows.len(), 1);
}

#[test]
fn policy_search_and_explain() {
    let rows = json_rows(&q(&[
        "cases-citing-policy",
        "--param",
        "title=全面深化服务贸易创新发展试点总体方案",
        "--format",
        "json",
    ]));
    let cases: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r["n"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(cases.len(), 25);
    let rows = json_rows(&q(&["policy-documents", "--format", "json"]));
    assert_eq!(rows[0]["cases"]["value"], "25");
    let rows = json_rows(&q(&[
        "search",
        "--param",
        "term=国际铜期货",
        "--format",
        "json",
    ]));
    assert!(rows.iter().all(|r| r["n"]["value"] == "1") && !rows.is_empty());
    let item = "https://w3id.org/casegraph/id/case/000_544783cc65985ead/1/measure/1";
    let rows = json_rows(&q(&[
        "explain",
        "--param",
        &format!("thing={item}"),
        "--format",
        "json",
    ]));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["start_line"]["value"], "19");
    assert!(rows[0]["text"]["value"]
        .as_str()
        .unwrap()
        .starts_with("（一）上市国际铜期货"));
}

#[test]
fn every_format_is_the_w3c_one() {
    let csv = q(&["cases", "--format", "csv"]);
    assert!(
        csv.starts_with("doc,n,title,provider,measures,outcomes,next_steps\r\n"),
        "{csv}"
    );
    let tsv = q(&["cases", "--format", "tsv"]);
    assert!(tsv.starts_with("?doc\t?n\t?title"), "{tsv}");
    let xml = q(&["cases", "--format", "xml"]);
    assert!(xml.contains("<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">"));
    let table = q(&["cases"]);
    assert!(
        table.contains("首创国际化期货期权交易品种") && table.ends_with("(25 rows)\n"),
        "{table}"
    );
}

#[test]
fn parameter_values_stay_values() {
    for evil in [
        "上海\" } ; DROP ALL ; #",
        "} ; DROP ALL",
        "x') || true || ('",
        "<http://evil/>",
    ] {
        let rows = json_rows(&q(&[
            "cases-by-provider",
            "--param",
            &format!("provider={evil}"),
            "--format",
            "json",
        ]));
        assert!(rows.is_empty(), "{evil} matched something");
    }
    // the store still has every case
    assert_eq!(json_rows(&q(&["cases", "--format", "json"])).len(), 25);
    let o = casegraph(&[
        "query",
        "case-measures",
        "--param",
        "case=1 } UNION { ?s ?p ?o",
        "--store",
        shared_store().to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is not an integer"), "{}", stderr(&o));
}

#[test]
fn names_cannot_escape_and_updates_are_refused() {
    let store = shared_store().to_str().unwrap();
    let o = casegraph(&["query", "../Cargo", "--store", store]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no saved query named `../Cargo`"),
        "{}",
        stderr(&o)
    );
    let dir = tempfile::tempdir().unwrap();
    let update = dir.path().join("drop.rq");
    std::fs::write(&update, "DROP ALL").unwrap();
    let o = casegraph(&["query", update.to_str().unwrap(), "--store", store]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("updates are refused"), "{}", stderr(&o));
    assert_eq!(json_rows(&q(&["cases", "--format", "json"])).len(), 25);
    let o = casegraph(&["query", "cases-by-provider", "--store", store]);
    assert!(
        stderr(&o).contains("needs --param provider="),
        "{}",
        stderr(&o)
    );
    let o = casegraph(&["query", "cases", "--param", "nope=1", "--store", store]);
    assert!(
        stderr(&o).contains("has no parameter `nope`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_query_file_runs_too() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("count.rq");
    std::fs::write(&file, "# title: count\nPREFIX cg: <https://w3id.org/casegraph/ontology#>\nSELECT (COUNT(*) AS ?n) WHERE { ?c a cg:Case }").unwrap();
    let rows = json_rows(&q(&[file.to_str().unwrap(), "--format", "json"]));
    assert_eq!(rows[0]["n"]["value"], "25");
}

#[test]
fn missing_store_is_a_clear_error() {
    let o = casegraph(&["query", "cases", "--store", "/nonexistent/store"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no store at /nonexistent/store"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn outcome_figures_lists_one_unit_or_all_and_outcome_units_counts_them() {
    let units = json_rows(&q(&["outcome-units", "--format", "json"]));
    assert!(units.len() > 5, "{units:?}");
    let figures_of = |unit: &str| -> usize {
        units
            .iter()
            .find(|r| r["unit"]["value"] == unit)
            .and_then(|r| r["figure_count"]["value"].as_str()?.parse().ok())
            .unwrap_or_else(|| panic!("{unit} missing from {units:?}"))
    };
    for unit in ["亿美元", "%"] {
        let only = json_rows(&q(&[
            "outcome-figures",
            "--param",
            &format!("only={unit}"),
            "--format",
            "json",
        ]));
        assert_eq!(only.len(), figures_of(unit), "{unit}");
        assert!(
            only.iter()
                .all(|r| r["unit"]["value"] == unit && r["sentence"]["value"] != ""),
            "{only:?}"
        );
    }
    let total: usize = units
        .iter()
        .map(|r| figures_of(r["unit"]["value"].as_str().unwrap()))
        .sum();
    assert_eq!(
        total, 175,
        "the figures of the shipped document's outcome items"
    );
    // Without a unit: every figure, each unit's as listed with `only`.
    let all = json_rows(&q(&["outcome-figures", "--format", "json"]));
    assert_eq!(all.len(), total, "{all:?}");
}

#[test]
fn optional_parameters_filter_when_given() {
    let finance = json_rows(&q(&[
        "cases-by-sector",
        "--param",
        "sector=金融服务",
        "--format",
        "json",
    ]));
    assert!(!finance.is_empty());
    assert!(finance.iter().all(|r| r["label"]["value"] == "金融服务"));
    let laos = json_rows(&q(&[
        "cases-by-country",
        "--param",
        "country=老挝",
        "--format",
        "json",
    ]));
    assert!(!laos.is_empty() && laos.iter().all(|r| r["iso"]["value"] == "LA"));
    let shenzhen = json_rows(&q(&[
        "city-institutions",
        "--param",
        "city=深圳",
        "--format",
        "json",
    ]));
    assert!(!shenzhen.is_empty() && shenzhen.iter().all(|r| r["city_name"]["value"] == "深圳"));
    let other_doc = json_rows(&q(&[
        "case-measures",
        "--param",
        "case=7",
        "--param",
        "document=other.txt",
        "--format",
        "json",
    ]));
    assert!(other_doc.is_empty());
}

#[test]
fn every_saved_query_runs() {
    let store = shared_store().to_str().unwrap().to_string();
    let list = ok(&["query", "--list"]);
    let names: Vec<&str> = list
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let sample = |param: &str| -> String {
        match param {
            "case" => "1".into(),
            "provider" | "city" => "上海".into(),
            "title" => "方案".into(),
            "term" => "跨境".into(),
            "only" => "亿元".into(),
            "thing" => "https://w3id.org/casegraph/id/case/000_544783cc65985ead/1".into(),
            other => panic!("no sample value for required parameter {other}"),
        }
    };
    for name in names {
        let query = casegraph::query::resolve(name).unwrap();
        let mut args = vec![
            "query".to_string(),
            name.to_string(),
            "--format".into(),
            "json".into(),
            "--store".into(),
            store.clone(),
        ];
        for p in query.params.iter().filter(|p| !p.optional) {
            args.push("--param".into());
            args.push(format!("{}={}", p.name, sample(&p.name)));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let rows = json_rows(&ok(&args));
        assert!(!rows.is_empty(), "{name} returned nothing");
    }
}
