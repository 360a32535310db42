//! The explorer in headless Chromium: the pages a reader goes through, with
//! no console errors and nothing fetched from anywhere but the server; text
//! from documents is shown as text.
#![cfg(feature = "store")]

mod common;
mod serve_util;

use common::{ok, shared_store};
use serve_util::{enc, have, Server};
use std::process::Command;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The DOM of `url` after it ran, and the console lines Chromium logged.
fn visit(browser: &str, url: &str) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
        ])
        .args([
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg("--virtual-time-budget=3000")
        // Every host name fails to resolve: a request leaving the server would show as an error.
        .arg("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap();
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("ERR_"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

/// The first link in `dom` after `marker` whose target starts with `prefix`.
fn link_after(dom: &str, marker: &str, prefix: &str) -> String {
    let from = dom
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker:?} in page"));
    let needle = format!("href=\"{prefix}");
    let at = from
        + dom[from..]
            .find(&needle)
            .unwrap_or_else(|| panic!("no link to {prefix} after {marker:?}"));
    let start = at + "href=\"".len();
    dom[start..start + dom[start..].find('"').unwrap()].replace("&amp;", "&")
}

fn check_page(browser: &str, server: &Server, path: &str, expect: &[&str]) -> String {
    let (dom, console) = visit(browser, &server.url(path));
    assert!(
        console.is_empty(),
        "{path}: console:\n{}",
        console.join("\n")
    );
    for e in expect {
        assert!(
            dom.contains(e),
            "{path}: no {e:?} in\n{}",
            &dom[..dom.len().min(3000)]
        );
    }
    // Nothing is loaded from elsewhere.
    for attr in ["src=\"http", "src=\"//", "href=\"//", "url(http"] {
        assert!(!dom.contains(attr), "{path} loads from elsewhere ({attr})");
    }
    for stylesheet in dom.split("<link ").skip(1) {
        let href = stylesheet
            .split("href=\"")
            .nth(1)
            .unwrap_or("")
            .split('"')
            .next()
            .unwrap();
        assert!(
            href.starts_with('/') || href.starts_with("data:"),
            "{path} links {href}"
        );
    }
    dom
}

#[test]
fn a_reader_goes_through_the_explorer() {
    let Some(browser) = chromium() else {
        have("chromium");
        return;
    };
    let server = Server::start(shared_store(), &[]);
    let home = check_page(
        browser,
        &server,
        "/",
        &[
            "政策案例图谱",
            "25 个案例",
            "提及最多的城市",
            "提及最多的机构",
            "提及最多的政策文件",
            "提及最多的行业",
        ],
    );
    let city = link_after(&home, "提及最多的城市", "/entity?iri=");
    let city_page = check_page(browser, &server, &city, &["相关案例", "共同出现"]);
    let case = link_after(&city_page, "相关案例", "/case?iri=");
    let case_page = check_page(
        browser,
        &server,
        &case,
        &[
            "一、主要做法",
            "<mark class=\"place\"",
            "<mark class=\"org\"",
            "<mark class=\"figure\"",
            "行 lines",
            "政策依据",
        ],
    );
    let org = link_after(&case_page, "<mark class=\"org\"", "/entity?iri=");
    check_page(browser, &server, &org, &["相关案例", "rdfs:label"]);
    let form = check_page(browser, &server, "/ui/queries", &["cases-by-provider"]);
    assert!(form.contains("/ui/queries/cases-by-provider"));
    let results = check_page(
        browser,
        &server,
        &format!("/ui/queries/cases-by-provider?provider={}", enc("上海")),
        &["<input", "结果", "<table>", "format=csv", "format=json"],
    );
    assert!(results.matches("<tr>").count() > 2, "rows for 上海");
    let sparql = check_page(
        browser,
        &server,
        &format!(
            "/ui/sparql?query={}",
            enc("SELECT ?c WHERE { ?c a <https://w3id.org/casegraph/ontology#Case> }")
        ),
        &["<textarea", "25 行 rows", "示例"],
    );
    assert!(sparql.contains("/ui/sparql?example=cases"));
    check_page(
        browser,
        &server,
        &format!("/search?q={}", enc("跨境")),
        &["条目", "<mark class=\"figure\""],
    );
    let graph = check_page(browser, &server, "/graph?view=cases", &["data-rendered=\""]);
    assert!(!graph.contains("data-rendered=\"0\""));
    check_page(
        browser,
        &server,
        &format!("/graph?view=cities&city={}", enc("上海")),
        &["data-rendered=\""],
    );
    let map = check_page(browser, &server, "/map", &["<svg", "<circle", "上海"]);
    assert!(map.matches("<circle").count() >= 5, "places on the map");
}

#[test]
fn markup_in_documents_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    // A case title and a providing body (an organisation entity) with markup;
    // the body's name, 42 chars, was once too long for a provider and went
    // silently into the policy basis.
    let edited = CORPUS_TEXT
        .replacen(
            " 1.首创国际化期货期权交易品种",
            " 1.首创<script>document.title='pwned'</script>国际化期货期权交易品种",
            1,
        )
        .replacen(
            "（广州市提供）",
            "（<script>alert(document.domain)</script>管理局提供）",
            1,
        );
    let file = dir.path().join("edited.txt");
    std::fs::write(&file, edited).unwrap();
    let store = dir.path().join("store");
    ok(&[
        "build",
        file.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
        "--no-validate",
    ]);
    let server = Server::start(&store, &[]);
    let case = format!(
        "/case?iri={}",
        enc("https://w3id.org/casegraph/id/case/edited/1")
    );
    let raw = server.get(&case, &[]);
    assert_eq!(raw.status, 200, "{}", raw.text());
    let html = raw.text();
    assert!(
        html.contains("&lt;script&gt;document.title="),
        "the title is shown"
    );
    assert!(!html.contains("<script"), "no script element in the page");
    let case2 = server.get(
        &format!(
            "/case?iri={}",
            enc("https://w3id.org/casegraph/id/case/edited/2")
        ),
        &[],
    );
    assert_eq!(case2.status, 200, "{}", case2.text());
    assert!(case2
        .text()
        .contains("&lt;script&gt;alert(document.domain)&lt;/script&gt;管理局"));
    assert!(!case2.text().contains("<script"));
    let org = link_after(&case2.text(), "Provided by", "/entity?iri=");
    let org_page = server.get(&org, &[]);
    assert_eq!(org_page.status, 200, "{}", org_page.text());
    assert!(
        org_page
            .text()
            .contains("<h1>&lt;script&gt;alert(document.domain)&lt;/script&gt;管理局</h1>"),
        "{}",
        org_page.text()
    );
    assert!(!org_page.text().contains("<script"));
    let Some(browser) = chromium() else {
        have("chromium");
        return;
    };
    for path in [case.as_str(), org.as_str(), "/search?q=script"] {
        let (dom, console) = visit(browser, &server.url(path));
        assert!(console.is_empty(), "{path}: {console:?}");
        assert!(
            dom.contains("document.title=") || dom.contains("alert(document.domain)"),
            "{path} shows the markup as text"
        );
        assert!(!dom.contains("<script"), "{path}: a script element");
        assert!(!dom.contains("<title>pwned"), "{path}: a script ran");
    }
}

const CORPUS_TEXT: &str = include_str!("../data/000_544783cc65985ead.txt");
