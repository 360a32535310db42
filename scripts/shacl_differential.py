#!/usr/bin/env python3
"""casegraph's SHACL validator against pySHACL on the same data and shapes.

Usage: shacl_differential.py CASEGRAPH_BINARY SHAPES DATA...

For each DATA file (N-Triples or Turtle) both validators run against SHAPES;
their reports are compared on sh:conforms and on the set of (focus node,
result path, source constraint component, source shape, value) results, with
the comparison of scripts/shacl_conformance.py. Prints one JSON object per
data file: {"file", "same", "conforms", "results", "components", "detail"};
exits non-zero if any report differs.
"""

import json
import subprocess
import sys
from pathlib import Path

import pyshacl
from rdflib import RDF, Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shacl_conformance import SH, report_of  # noqa: E402


def casegraph_report(binary, shapes, data):
    done = subprocess.run(
        [binary, "validate", "--shapes", shapes, "--data", data, "--format", "turtle"],
        capture_output=True,
        text=True,
    )
    graph = Graph()
    graph.parse(data=done.stdout, format="turtle")
    report = next(graph.subjects(RDF.type, SH.ValidationReport), None)
    if report is None:
        raise SystemExit(f"casegraph gave no report for {data}: {done.stderr}")
    return report_of(graph, report)


def pyshacl_report(shapes_graph, data):
    data_graph = Graph()
    data_graph.parse(data)
    _, graph, _ = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, inference="none", advanced=False, meta_shacl=False
    )
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    return report_of(graph, report)


def main():
    binary, shapes = sys.argv[1], sys.argv[2]
    shapes_graph = Graph()
    shapes_graph.parse(shapes)
    all_same = True
    for data in sys.argv[3:]:
        ours = casegraph_report(binary, shapes, data)
        theirs = pyshacl_report(shapes_graph, data)
        same = ours == theirs
        all_same &= same
        detail = ""
        if not same:
            detail = (
                f"conforms {ours[0]} vs pySHACL {theirs[0]}; only casegraph: {sorted(ours[1] - theirs[1], key=str)}; "
                f"only pySHACL: {sorted(theirs[1] - ours[1], key=str)}"
            )
        components = sorted({r[2].rsplit('#', 1)[-1] for r in ours[1] | theirs[1]})
        print(
            json.dumps(
                {
                    "file": data,
                    "same": same,
                    "conforms": ours[0],
                    "results": len(ours[1]),
                    "components": components,
                    "detail": detail,
                },
                ensure_ascii=False,
            ),
            flush=True,
        )
    sys.exit(0 if all_same else 1)


if __name__ == "__main__":
    main()
