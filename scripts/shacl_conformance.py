#!/usr/bin/env python3
"""Runs the W3C SHACL Core test suite through `casegraph validate`.

Usage: shacl_conformance.py CASEGRAPH_BINARY CORE_DIR [--json FILE]

CORE_DIR is the suite's `core` folder (with manifest.ttl). Each test's data and
shapes graphs go through `casegraph validate --shapes S --data D --format turtle`;
the report is compared with the expected one on sh:conforms and on the set of
(focus node, result path, source constraint component, source shape, value)
of its results. Blank nodes carry no identity across two parsers, so a blank
node matches any blank node; result paths are compared by their structure
(`^ex:p`, `(ex:a / ex:b)`, …). A test is "unsupported" when casegraph refuses
the shapes with "not supported" (it never ignores a feature silently).
Prints passed / failed / unsupported per folder, then the totals.
"""

import collections
import json
import logging
import subprocess
import sys
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")


def term_key(term):
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        return f"{term!s}|{term.datatype or ''}|{term.language or ''}"
    return str(term)


def path_key(graph, node):
    """A path as a string in SPARQL-like syntax, the same for equal structures."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return f"<{node}>"
    if (node, RDF.first, None) in graph:
        return "(" + " / ".join(path_key(graph, p) for p in Collection(graph, node)) + ")"
    for predicate, fmt in [
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ]:
        inner = graph.value(node, predicate)
        if inner is not None:
            return fmt.format(path_key(graph, inner))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + " | ".join(path_key(graph, p) for p in Collection(graph, alternatives)) + ")"
    return "_:"


def report_of(graph, report):
    conforms = graph.value(report, SH.conforms)
    results = set()
    for result in graph.objects(report, SH.result):
        results.add(
            (
                term_key(graph.value(result, SH.focusNode)),
                path_key(graph, graph.value(result, SH.resultPath)),
                term_key(graph.value(result, SH.sourceConstraintComponent)),
                term_key(graph.value(result, SH.sourceShape)),
                term_key(graph.value(result, SH.value)),
            )
        )
    return (conforms is not None and conforms.toPython() is True), results


def tests_of(manifest_path):
    """(folder, name, data file, shapes file, expected graph, expected node) for each test."""
    graph = Graph()
    graph.parse(manifest_path, format="turtle", publicID=manifest_path.as_uri())
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for include in graph.objects(manifest, MF.include):
            yield from tests_of(Path(str(include).removeprefix("file://")))
        entries = graph.value(manifest, MF.entries)
        if entries is None:
            continue
        for entry in Collection(graph, entries):
            action = graph.value(entry, MF.action)
            data = Path(str(graph.value(action, SHT.dataGraph)).removeprefix("file://"))
            shapes = Path(str(graph.value(action, SHT.shapesGraph)).removeprefix("file://"))
            name = str(entry).rsplit("/", 1)[-1]
            yield manifest_path.parent.name, name, data, shapes, graph, graph.value(entry, MF.result)


def run(binary, data, shapes):
    return subprocess.run(
        [binary, "validate", "--shapes", str(shapes), "--data", str(data), "--format", "turtle"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def outcome(binary, data, shapes, graph, expected):
    """('passed' | 'failed' | 'unsupported', detail)."""
    done = run(binary, data, shapes)
    expects_failure = expected == SHT.Failure
    if done.returncode != 0 and not done.stdout.strip():
        if expects_failure:
            return "passed", ""
        if "not supported" in done.stderr:
            return "unsupported", done.stderr.strip().splitlines()[-1]
        return "failed", done.stderr.strip()[-300:]
    if expects_failure:
        return "failed", "a failure was expected, casegraph produced a report"
    actual = Graph()
    actual.parse(data=done.stdout, format="turtle")
    report = next(actual.subjects(RDF.type, SH.ValidationReport), None)
    if report is None:
        return "failed", "no sh:ValidationReport in the output"
    got = report_of(actual, report)
    want = report_of(graph, expected)
    if got == want:
        return "passed", ""
    missing = sorted(want[1] - got[1], key=str)
    extra = sorted(got[1] - want[1], key=str)
    return "failed", f"conforms {got[0]} (want {want[0]}); missing {missing}; unexpected {extra}"


def main():
    # rdflib logs a traceback for every ill-typed literal the suite holds on purpose.
    logging.disable(logging.ERROR)
    binary, core = sys.argv[1], Path(sys.argv[2]).resolve()
    json_out = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
    verbose = "-v" in sys.argv
    counts = collections.OrderedDict()
    outcomes = {}
    for folder, name, data, shapes, graph, expected in tests_of(core / "manifest.ttl"):
        status, detail = outcome(binary, data, shapes, graph, expected)
        counts.setdefault(folder, collections.Counter())[status] += 1
        outcomes[f"{folder}/{name}"] = status
        if status != "passed":
            print(f"{status}: {folder}/{name}: {detail}" if verbose else f"{status}: {folder}/{name}")
    total = collections.Counter()
    for folder, c in counts.items():
        total.update(c)
        print(f"core/{folder}: {c['passed']} passed, {c['failed']} failed, {c['unsupported']} unsupported")
    print(f"total: {total['passed']} passed, {total['failed']} failed, {total['unsupported']} unsupported")
    if json_out:
        Path(json_out).write_text(json.dumps({"tests": outcomes, "total": dict(total)}, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
