//! `casegraph serve`: the SPARQL endpoint against `casegraph query`, the
//! protocol's refusals and limits, live reloading, start-up errors, shutdown.
#![cfg(feature = "store")]

mod common;
mod serve_util;

use common::{casegraph, ok, python_has, shared_store, stderr, CORPUS};
use serve_util::{enc, have, Server};
use std::process::Command;
use std::time::{Duration, Instant};

/// A value for each required parameter of the saved queries.
fn sample(param: &str) -> &'static str {
    match param {
        "case" => "1",
        "provider" | "city" => "上海",
        "title" => "方案",
        "term" => "跨境",
        "only" => "亿元",
        "thing" => "https://w3id.org/casegraph/id/case/000_544783cc65985ead/1",
        other => panic!("no sample value for required parameter {other}"),
    }
}

/// (name, required parameters with sample values) of every saved query.
fn saved() -> Vec<(String, Vec<(String, String)>)> {
    casegraph::query::saved_queries()
        .into_iter()
        .map(|q| {
            let params = q
                .params
                .iter()
                .filter(|p| !p.optional)
                .map(|p| (p.name.clone(), sample(&p.name).to_string()))
                .collect();
            (q.name, params)
        })
        .collect()
}

#[test]
fn curl_gets_what_query_prints_for_every_saved_query_and_format() {
    if !have("curl") {
        return;
    }
    let store = shared_store().to_str().unwrap();
    let server = Server::start(shared_store(), &[]);
    for (name, params) in saved() {
        for format in ["json", "xml", "csv", "tsv"] {
            let mut args = vec![
                "query".to_string(),
                name.clone(),
                "-f".into(),
                format.into(),
                "--store".into(),
                store.into(),
            ];
            let mut url = server.url(&format!("/queries/{name}?format={format}"));
            for (k, v) in &params {
                args.push("--param".into());
                args.push(format!("{k}={v}"));
                url.push_str(&format!("&{}={}", enc(k), enc(v)));
            }
            let expected = ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
            let out = Command::new("curl")
                .args(["-sS", "--fail", &url])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{url}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                String::from_utf8(out.stdout).unwrap(),
                expected,
                "{name} as {format}"
            );
        }
    }
}

#[test]
fn sparqlwrapper_gets_what_query_prints() {
    if !python_has("SPARQLWrapper") {
        return;
    }
    let store = shared_store().to_str().unwrap();
    let server = Server::start(shared_store(), &[]);
    // The endpoint runs query text: the saved queries without parameters go as they are.
    let script = r#"
import sys
from SPARQLWrapper import SPARQLWrapper, JSON, XML, CSV, TSV
endpoint, path, fmt = sys.argv[1], sys.argv[2], sys.argv[3]
s = SPARQLWrapper(endpoint)
s.setQuery(open(path, encoding="utf-8").read())
s.setMethod("POST")
s.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV}[fmt])
sys.stdout.buffer.write(s.query().response.read())
"#;
    let mut checked = 0;
    for query in casegraph::query::saved_queries() {
        if !query.params.is_empty() {
            continue;
        }
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), &query.text).unwrap();
        for format in ["json", "xml", "csv", "tsv"] {
            let expected = ok(&["query", &query.name, "-f", format, "--store", store]);
            let out = Command::new("python3")
                .args(["-c", script, &server.url("/sparql")])
                .arg(file.path())
                .arg(format)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}: {}",
                query.name,
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                String::from_utf8(out.stdout).unwrap(),
                expected,
                "{} as {format}",
                query.name
            );
            checked += 1;
        }
    }
    assert!(checked >= 16, "only {checked} comparisons");
}

#[test]
fn get_post_form_and_direct_post_agree_and_negotiate() {
    let server = Server::start(shared_store(), &[]);
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/casegraph/ontology#Case> }";
    let get = server.get(&format!("/sparql?query={}", enc(q)), &["Accept: text/csv"]);
    assert_eq!(get.status, 200);
    assert!(get.header("content-type").unwrap().starts_with("text/csv"));
    assert_eq!(get.text(), "n\r\n25\r\n");
    let form = server.request(
        "POST",
        "/sparql",
        &[
            "Content-Type: application/x-www-form-urlencoded",
            "Accept: text/csv",
        ],
        format!("query={}", enc(q)).as_bytes(),
    );
    assert_eq!(form.text(), get.text());
    let direct = server.request(
        "POST",
        "/sparql?format=csv",
        &["Content-Type: application/sparql-query"],
        q.as_bytes(),
    );
    assert_eq!(direct.text(), get.text());
    let json = server.get(&format!("/sparql?query={}", enc(q)), &[]);
    assert_eq!(
        json.header("content-type"),
        Some("application/sparql-results+json")
    );
    let v: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    assert_eq!(v["results"]["bindings"][0]["n"]["value"], "25");
    let construct = "CONSTRUCT { ?c a <https://w3id.org/casegraph/ontology#Case> } WHERE { ?c a <https://w3id.org/casegraph/ontology#Case> }";
    let nt = server.get(
        &format!("/sparql?query={}", enc(construct)),
        &["Accept: application/n-triples"],
    );
    assert_eq!(nt.status, 200);
    assert_eq!(nt.header("content-type"), Some("application/n-triples"));
    assert_eq!(nt.text().lines().count(), 25);
    for (format, media) in [
        ("turtle", "text/turtle"),
        ("rdfxml", "application/rdf+xml"),
        ("jsonld", "application/ld+json"),
    ] {
        let r = server.get(
            &format!("/sparql?query={}&format={format}", enc(construct)),
            &[],
        );
        assert_eq!(r.status, 200, "{format}: {}", r.text());
        assert!(r.header("content-type").unwrap().starts_with(media));
    }
    let none = server.get(&format!("/sparql?query={}", enc(q)), &["Accept: image/png"]);
    assert_eq!(none.status, 406);
}

#[test]
fn graph_store_protocol_reads_what_export_writes() {
    let store = shared_store().to_str().unwrap();
    let server = Server::start(shared_store(), &[]);
    let graph = "https://w3id.org/casegraph/id/graph/000_544783cc65985ead";
    let expected = ok(&[
        "export", "--graph", graph, "-f", "ntriples", "--store", store,
    ]);
    let r = server.get(
        &format!("/store?graph={}", enc(graph)),
        &["Accept: application/n-triples"],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), expected);
    let all = ok(&["export", "-f", "turtle", "--store", store]);
    let r = server.get("/store?default", &[]);
    assert_eq!(r.header("content-type"), Some("text/turtle; charset=utf-8"));
    assert_eq!(r.text(), all);
    let missing = server.get(
        &format!("/store?graph={}", enc("https://example.org/none")),
        &[],
    );
    assert_eq!(missing.status, 404, "{}", missing.text());
    assert_eq!(server.get("/store", &[]).status, 400);
}

#[test]
fn the_saved_query_list_and_parameter_errors() {
    let server = Server::start(shared_store(), &[]);
    let list: serde_json::Value =
        serde_json::from_slice(&server.get("/queries", &[]).body).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), casegraph::query::saved_queries().len());
    let provider = list
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "cases-by-provider")
        .unwrap();
    assert_eq!(provider["params"][0]["name"], "provider");
    assert_eq!(provider["params"][0]["kind"], "string");
    let missing = server.get("/queries/cases-by-provider", &[]);
    assert_eq!(missing.status, 400);
    assert!(missing.text().contains("provider"), "{}", missing.text());
    assert_eq!(
        server.get("/queries/case-measures?case=seven", &[]).status,
        400
    );
    assert_eq!(server.get("/queries/nope", &[]).status, 404);
    // A name is never a file: a query file next to the server is not run.
    assert_eq!(
        server.get("/queries/..%2Fqueries%2Fcases.rq", &[]).status,
        404
    );
    // A value stays a value.
    let r = server.get(
        &format!(
            "/queries/cases-by-provider?format=csv&provider={}",
            enc("上海\" } UNION { ?x ?y ?z")
        ),
        &[],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.text().lines().count(), 1, "{}", r.text());
}

#[test]
fn updates_are_refused() {
    let server = Server::start(shared_store(), &[]);
    let update = "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }";
    let tries = [
        server.get(&format!("/sparql?update={}", enc(update)), &[]),
        server.request(
            "POST",
            "/sparql",
            &["Content-Type: application/x-www-form-urlencoded"],
            format!("update={}", enc(update)).as_bytes(),
        ),
        server.request(
            "POST",
            "/sparql",
            &["Content-Type: application/sparql-update"],
            update.as_bytes(),
        ),
        server.get(&format!("/sparql?query={}", enc(update)), &[]),
    ];
    for r in &tries {
        assert_eq!(r.status, 403, "{}", r.text());
        assert!(r.text().contains("read-only"), "{}", r.text());
    }
    let ask = server.get(
        &format!("/sparql?query={}", enc("ASK { <http://e/s> ?p ?o }")),
        &["Accept: text/csv"],
    );
    assert_eq!(ask.text(), "false");
}

#[test]
fn oversized_bodies_get_413() {
    let server = Server::start(shared_store(), &[]);
    let big = format!(
        "SELECT * WHERE {{ ?s ?p ?o }} # {}",
        "x".repeat(casegraph::serve::MAX_BODY + 10)
    );
    let r = server.request(
        "POST",
        "/sparql",
        &["Content-Type: application/sparql-query"],
        big.as_bytes(),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    let r = server.request(
        "POST",
        "/sparql",
        &["Content-Type: application/x-www-form-urlencoded"],
        format!("query={}", enc(&big)).as_bytes(),
    );
    assert_eq!(r.status, 413);
    assert_eq!(
        server.get("/sparql?query=ASK%7B%7D", &[]).status,
        200,
        "the server still answers"
    );
}

#[test]
fn malformed_queries_get_400_with_the_parser_message() {
    let server = Server::start(shared_store(), &[]);
    let r = server.get(
        &format!("/sparql?query={}", enc("SELECT ?x WHERE { ?x ")),
        &[],
    );
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("SPARQL syntax error") && r.text().contains("error at 1:"),
        "{}",
        r.text()
    );
    let r = server.request(
        "POST",
        "/sparql",
        &["Content-Type: application/sparql-query"],
        &[0xff, 0xfe],
    );
    assert_eq!(r.status, 400);
    let r = server.request("POST", "/sparql", &["Content-Type: text/plain"], b"ASK {}");
    assert_eq!(r.status, 415);
    assert_eq!(server.get("/sparql", &[]).status, 400);
    assert_eq!(
        server
            .get("/sparql?query=ASK%7B%7D&format=yaml", &[])
            .status,
        400
    );
}

#[test]
fn paths_outside_the_assets_are_not_found() {
    let server = Server::start(shared_store(), &[]);
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2FCargo.toml",
        "/assets/../Cargo.toml",
        "/assets/..%2FCargo.toml",
        "/assets/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/assets/..%5cCargo.toml",
        "/assets/style.css/../../Cargo.toml",
        "//etc/passwd",
        "/assets//etc/passwd",
    ] {
        let r = server.get(path, &[]);
        assert!((400..500).contains(&r.status), "{path}: {}", r.status);
        assert!(
            !r.text().contains("[package]") && !r.text().contains("root:"),
            "{path} leaked a file"
        );
    }
    let css = server.get("/assets/style.css", &[]);
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
}

/// The `n` of a one-row CSV `SELECT (COUNT(*) AS ?n)` answer from `/sparql`.
fn sparql_count(server: &Server, query: &str) -> u64 {
    let r = server.get(&format!("/sparql?format=csv&query={}", enc(query)), &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    r.text().lines().nth(1).unwrap().trim().parse().unwrap()
}

#[cfg(target_os = "linux")]
/// A cross product of ~10,000 triples, counted in memory: it would run for
/// days, and Oxigraph never looks at its cancellation token there, so only
/// killing the worker frees the core.
const RUNAWAY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

/// Sends [`RUNAWAY`] to `/sparql` from another thread.
#[cfg(target_os = "linux")]
fn start_runaway(server: &Server) -> std::thread::JoinHandle<serve_util::Response> {
    let addr = server.addr;
    let path = format!("/sparql?query={}", enc(RUNAWAY));
    std::thread::spawn(move || serve_util::request(addr, "GET", &path, &[], b""))
}

/// The server's worker processes, once at least two have started. A worker
/// shows its own command line only once it has exec'd, which a loaded machine
/// may delay a little after the server said it was ready.
#[cfg(target_os = "linux")]
fn workers_when_started(pid: u32) -> Vec<u32> {
    serve_util::eventually(Duration::from_secs(10), || {
        serve_util::workers_of(pid).len() >= 2
    });
    serve_util::workers_of(pid)
}

#[test]
#[cfg(target_os = "linux")]
fn a_runaway_query_is_stopped_at_the_timeout_its_core_freed_and_the_server_keeps_answering() {
    let mut server = Server::start(shared_store(), &["--timeout", "2s"]);
    let pid = server.child.id();
    let workers = workers_when_started(pid);
    if workers.len() < 2 {
        panic!("a pool of workers: {workers:?}; {}", server.stop());
    }
    let cases = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/casegraph/ontology#Case> }";
    let triples = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let (case_count, triple_count) = (sparql_count(&server, cases), sparql_count(&server, triples));
    assert_eq!(case_count, 25);
    let ticks = |p: u32| serve_util::proc_stat(p).map_or(0, |(_, _, t)| t);
    let before: Vec<u64> = workers.iter().map(|&p| ticks(p)).collect();
    let started = Instant::now();
    let slow = start_runaway(&server);
    std::thread::sleep(Duration::from_millis(1000));
    // Answered meanwhile: a saved query, a page, and SPARQL by another worker.
    let during = server.get("/queries/documents?format=csv", &[]);
    assert_eq!(during.status, 200, "answers while the runaway query runs");
    assert_eq!(server.get("/", &[]).status, 200);
    assert_eq!(sparql_count(&server, cases), case_count);
    // The busy worker: the one that spent the most CPU meanwhile.
    let (busy, spent) = workers
        .iter()
        .zip(&before)
        .map(|(&p, &t)| (p, ticks(p).saturating_sub(t)))
        .max_by_key(|&(_, spent)| spent)
        .unwrap();
    assert!(spent > 0, "the runaway query runs in a worker");
    let r = slow.join().unwrap();
    let elapsed = started.elapsed();
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("timeout"), "{}", r.text());
    assert!(
        elapsed < Duration::from_secs(30),
        "answered near the timeout: {elapsed:?}"
    );
    // Killed and reaped (no zombie left): its /proc entry is gone.
    assert!(
        serve_util::eventually(Duration::from_secs(5), || serve_util::proc_stat(busy)
            .is_none()),
        "the worker of the runaway query still exists: {:?}",
        serve_util::proc_stat(busy)
    );
    // Replaced: as many workers as before, none a zombie, and they answer.
    assert!(
        serve_util::eventually(Duration::from_secs(5), || {
            serve_util::workers_of(pid).len() == workers.len()
        }),
        "workers after the kill: {:?}",
        serve_util::workers_of(pid)
    );
    for p in serve_util::workers_of(pid) {
        assert_ne!(
            serve_util::proc_stat(p).map(|s| s.0),
            Some('Z'),
            "zombie worker {p}"
        );
    }
    for _ in 0..workers.len() + 1 {
        assert_eq!(sparql_count(&server, cases), case_count);
        assert_eq!(sparql_count(&server, triples), triple_count);
    }
    assert_eq!(server.get("/queries/documents?format=csv", &[]).status, 200);
    // The explorer's SPARQL editor runs in the workers too.
    let editor = server.get(&format!("/ui/sparql?query={}", enc(RUNAWAY)), &[]);
    assert_eq!(editor.status, 503, "{}", editor.text());
    let editor = server.get(&format!("/ui/sparql?query={}", enc(cases)), &[]);
    assert_eq!(editor.status, 200, "{}", editor.text());
    assert!(editor.text().contains(">25<"), "{}", editor.text());
}

#[test]
fn new_builds_appear_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ok(&["build", "--store", store.to_str().unwrap()]);
    let server = Server::start(&store, &[]);
    let count = || {
        let r = server.get("/queries/documents?format=csv", &[]);
        assert_eq!(r.status, 200, "{}", r.text());
        r.text().lines().count() - 1
    };
    assert_eq!(count(), 1);
    let copy = dir.path().join("second.txt");
    std::fs::copy(CORPUS, &copy).unwrap();
    ok(&[
        "build",
        copy.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while count() != 2 {
        assert!(
            Instant::now() < deadline,
            "the second document never appeared"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn start_up_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing");
    let o = casegraph(&[
        "serve",
        "--store",
        missing.to_str().unwrap(),
        "--bind",
        "127.0.0.1:0",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no store at"), "{}", stderr(&o));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().to_string();
    let o = casegraph(&[
        "serve",
        "--store",
        shared_store().to_str().unwrap(),
        "--bind",
        &port,
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already in use"), "{}", stderr(&o));
    let o = casegraph(&[
        "serve",
        "--store",
        shared_store().to_str().unwrap(),
        "--bind",
        "localhost",
    ]);
    assert!(stderr(&o).contains("is not an address"), "{}", stderr(&o));
}

#[test]
fn sigterm_stops_it_cleanly_and_non_loopback_warns() {
    let mut server = Server::start(shared_store(), &[]);
    assert_eq!(server.get("/", &[]).status, 200);
    #[cfg(target_os = "linux")]
    let workers = serve_util::workers_of(server.child.id());
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            assert!(exit.success(), "exit status {exit}");
            break;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Its query workers were stopped with it.
    #[cfg(target_os = "linux")]
    for p in workers {
        assert!(
            serve_util::proc_stat(p).is_none(),
            "worker {p} outlived the server"
        );
    }
    let mut open = Command::new(env!("CARGO_BIN_EXE_casegraph"))
        .args([
            "serve",
            "--store",
            shared_store().to_str().unwrap(),
            "--bind",
            "0.0.0.0:0",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(open.stderr.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let _ = open.kill();
    let _ = open.wait();
    assert!(
        line.contains("warning") && line.contains("other machines"),
        "{line}"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn workers_do_not_outlive_a_killed_server() {
    let mut server = Server::start(shared_store(), &["--timeout", "60s"]);
    let pid = server.child.id();
    let workers = workers_when_started(pid);
    assert!(!workers.is_empty());
    // One of them busy with a long query when the server dies by SIGKILL.
    start_runaway(&server);
    std::thread::sleep(Duration::from_millis(500));
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    for p in workers {
        // Orphans are reaped by init (or the nearest subreaper) once they exit.
        assert!(
            serve_util::eventually(Duration::from_secs(5), || {
                serve_util::proc_stat(p).map_or(true, |(state, _, _)| state == 'Z')
            }),
            "worker {p} outlived its server: {:?}",
            serve_util::proc_stat(p)
        );
    }
}

#[test]
fn cors_only_when_asked() {
    let plain = Server::start(shared_store(), &[]);
    let r = plain.get("/sparql?query=ASK%7B%7D", &["Origin: https://example.org"]);
    assert!(r.header("access-control-allow-origin").is_none());
    let open = Server::start(shared_store(), &["--cors"]);
    let r = open.get("/sparql?query=ASK%7B%7D", &["Origin: https://example.org"]);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn the_search_page_lists_every_mentioned_entity_whose_name_has_the_word() {
    // The page starts from the entities the counts name; the plain question
    // (every label, then whether something mentions it) must give as many.
    let server = Server::start(shared_store(), &[]);
    let mut found = 0;
    for word in ["知识产权", "上海", "服务", "局", "跨境", "中心", "金融"] {
        let plain = format!(
            "PREFIX cg: <https://w3id.org/casegraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?e ?label WHERE {{
  ?e rdfs:label|skos:altLabel|skos:prefLabel ?name FILTER(CONTAINS(STR(?name), \"{word}\"))
  FILTER EXISTS {{ ?c cg:mentions|cg:providedBy|cg:sector ?e }}
  ?e rdfs:label|skos:prefLabel ?label FILTER(langMatches(lang(?label), \"zh\"))
}} }} }}"
        );
        let expected = sparql_count(&server, &plain).min(100);
        found += expected;
        let page = server.get(&format!("/search?q={}", enc(word)), &[]);
        assert_eq!(page.status, 200);
        let heading = format!("Entities</span> ({expected})</h2>");
        assert!(page.text().contains(&heading), "{word}: expected {heading}");
    }
    assert!(found > 10, "the words find entities ({found})");
}
