#!/usr/bin/env bash
# Push throughput: N synthetic documents (default 100, made by the shared
# synth_corpus.py from the shipped document) built into a store, then, to the
# same Oxigraph server (PyPI `oxigraph`, started here on loopback):
#   1. `casegraph push URL --all` (streams each graph, then counts it on the server),
#   2. `curl -T` of the same data as one N-Quads file (`casegraph export -f nquads`),
# and prints both, with the ratio. Release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100}"
bin="${CARGO_TARGET_DIR:-target}/release/casegraph"
[ -x "$bin" ] || cargo build --release --locked --quiet
synth=""
for candidate in ../shared/bench/synth_corpus.py ../../shared/bench/synth_corpus.py; do
  [ -f "$candidate" ] && synth="$candidate" && break
done
[ -n "$synth" ] || { echo "synth_corpus.py not found (../shared/bench/)" >&2; exit 1; }
command -v oxigraph >/dev/null || { echo "oxigraph is missing: pip install oxigraph" >&2; exit 1; }

work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
python3 "$synth" data/000_544783cc65985ead.txt "$work/docs" "$n" >/dev/null
echo "building $n documents…" >&2
"$bin" build --store "$work/store" "$work/docs"/*.txt | tail -n 1 >&2
"$bin" export -f nquads --store "$work/store" -o "$work/all.nq"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start_server() {
  rm -rf "$work/server"
  oxigraph serve --location "$work/server" --bind "127.0.0.1:$port" 2>"$work/server.log" &
  server=$!
  until curl -sf "http://127.0.0.1:$port/query?query=ASK%7B%7D" >/dev/null; do sleep 0.2; done
}
ms() { echo $(( ($2 - $1) / 1000000 )); }

start_server
t0=$(date +%s%N)
"$bin" push "http://127.0.0.1:$port/store" --all --store "$work/store" \
  --sparql "http://127.0.0.1:$port/query" | tail -n 1
t1=$(date +%s%N)
kill "$server"; wait "$server" 2>/dev/null || true

start_server
t2=$(date +%s%N)
curl -sSf -T "$work/all.nq" -H 'Content-Type: application/n-quads' "http://127.0.0.1:$port/store"
t3=$(date +%s%N)

bytes=$(stat -c %s "$work/all.nq")
quads=$(wc -l < "$work/all.nq")
push_ms=$(ms "$t0" "$t1"); curl_ms=$(ms "$t2" "$t3")
awk -v b="$bytes" -v q="$quads" -v p="$push_ms" -v c="$curl_ms" -v n="$n" 'BEGIN {
  printf "%d documents, %d quads, %.1f MB of N-Quads\n", n, q, b / 1048576
  printf "casegraph push --all:  %6d ms  %8.0f triples/s  (includes hashing every graph and a COUNT per graph)\n", p, q / (p / 1000)
  printf "curl -T all.nq:        %6d ms  %8.0f triples/s  (one PUT of the whole dataset, nothing checked)\n", c, q / (c / 1000)
  printf "ratio push / curl:     %.2f\n", p / c
}'
