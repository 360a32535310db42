#!/usr/bin/env bash
# Starts `casegraph serve` on a free loopback port over STORE, runs the bounded
# load test (scripts/load-test.py) against it, stops the server.
#   scripts/load-test.sh [STORE] [REQUESTS] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-store}"; requests="${2:-2000}"; concurrency="${3:-16}"
bin="${CASEGRAPH:-${CARGO_TARGET_DIR:-target}/release/casegraph}"
log="$(mktemp)"
"$bin" serve --store "$store" --bind 127.0.0.1:0 --timeout 60s >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q 'http://' "$log" && break; sleep 0.1; done
base="$(grep -o 'http://[0-9.:]*' "$log" | head -1)"
[ -n "$base" ] || { cat "$log" >&2; exit 1; }
python3 scripts/load-test.py "$base" --requests "$requests" --concurrency "$concurrency"
