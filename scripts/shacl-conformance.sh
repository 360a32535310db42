#!/usr/bin/env bash
# The W3C SHACL Core test suite through `casegraph validate`.
#
# The suite ships inside pySHACL's source distribution on PyPI; it is
# downloaded here at run time (never copied into this repository), and each
# core test runs as `casegraph validate --shapes S --data D --format turtle`.
# Prints passed / failed / unsupported per folder and the totals.
#
# Usage: scripts/shacl-conformance.sh [BINARY] [--json FILE] [-v]
#   BINARY   the casegraph binary (default: $CARGO_TARGET_DIR/release/casegraph or target/release/casegraph)
#   PYSHACL_VERSION  the sdist to take the suite from (default 0.40.1, whose suite the README totals are for)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${CARGO_TARGET_DIR:-target}/release/casegraph"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then binary="$1"; shift; fi
[ -x "$binary" ] || { echo "no casegraph binary at $binary (cargo build --release)" >&2; exit 2; }
python3 -c 'import rdflib' 2>/dev/null || { echo "python3 rdflib is missing (scripts/install-deps.sh --test)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
version="${PYSHACL_VERSION:-0.40.1}"
if ! python3 -m pip download -q --no-deps --no-binary :all: "pyshacl==$version" -d "$tmp" >&2; then
  echo "cannot download the pyshacl sdist from PyPI (offline?)" >&2
  exit 3
fi
tar xzf "$tmp"/pyshacl-*.tar.gz -C "$tmp"
core="$(echo "$tmp"/pyshacl-*/test/resources/sht_tests/core)"
[ -f "$core/manifest.ttl" ] || { echo "no SHACL core suite in the pyshacl sdist" >&2; exit 2; }
python3 scripts/shacl_conformance.py "$binary" "$core" "$@"
