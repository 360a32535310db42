#!/usr/bin/env bash
# Corpus-scale benchmark, side by side with Oxigraph's own loader.
#
#   scripts/bench-corpus.sh N [RUNS] [BUILDS]
#
# Makes N documents shaped like the shipped one (../shared/bench/synth_corpus.py),
# then, in one run on this machine:
#   - `casegraph build` of the N documents into a fresh store (wall time, CPU
#     time, peak RSS), BUILDS times (default 1), medians reported;
#   - the same again with nothing changed, and with one document changed;
#   - `casegraph export -f nquads` of the store, loaded by `oxigraph load` (PyPI
#     `oxigraph`, the CLI of the Oxigraph version casegraph uses) into a fresh
#     store, BUILDS times as well;
#   - the ratio of the two builds;
#   - each saved query's median time over RUNS runs (default 5), its parameters
#     taken from the `e.g.` examples of the query's header.
# Everything is written under target/bench-corpus-N (kept for inspection).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:?usage: scripts/bench-corpus.sh N [RUNS] [BUILDS]}"
RUNS="${2:-5}"
BUILDS="${3:-1}"
SHARED="${CASEGRAPH_SHARED:-../shared}"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/release/casegraph"
WORK="target/bench-corpus-$N"

OX_VERSION=$(sed -n '/^name = "oxigraph"$/{n;s/version = "\(.*\)"/\1/p}' Cargo.lock)
if ! command -v oxigraph >/dev/null 2>&1 || [ "$(oxigraph --version 2>/dev/null | awk '{print $2}')" != "$OX_VERSION" ]; then
  echo "installing the oxigraph CLI $OX_VERSION (PyPI)" >&2
  python3 -m pip install -q "oxigraph==$OX_VERSION" 2>/dev/null || python3 -m pip install -q --break-system-packages "oxigraph==$OX_VERSION"
fi
cargo build --release --locked --quiet

rm -rf "$WORK" && mkdir -p "$WORK"
python3 "$SHARED/bench/synth_corpus.py" data/000_544783cc65985ead.txt "$WORK/docs" "$N" >/dev/null
BYTES=$(cat "$WORK"/docs/*.txt | wc -c)

# /usr/bin/time: wall seconds and peak resident set (KiB) of one command.
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" || {
    echo "$label failed:" >&2; tail -5 "$WORK/$label.err" >&2; exit 1; }
  read -r secs kib user sys <"$WORK/time"
  printf '%s %s %s %s %s\n' "$label" "$secs" "$kib" "$user" "$sys" >>"$WORK/figures"
}

for _ in $(seq "$BUILDS"); do
  rm -rf "$WORK/store"
  measure build "$BIN" build --store "$WORK/store" "$WORK/docs"
done
measure rebuild-unchanged "$BIN" build --store "$WORK/store" "$WORK/docs"
# One figure of one document changed: that document alone is rebuilt.
docs=("$WORK"/docs/*.txt)   # not `ls | head`: its SIGPIPE ends the script under pipefail
first=${docs[0]}
sed -i '0,/[0-9][0-9]*万/s//987654万/' "$first"
measure rebuild-one-changed "$BIN" build --store "$WORK/store" "$WORK/docs"
measure export "$BIN" export --store "$WORK/store" -f nquads -o "$WORK/all.nq"
QUADS=$(wc -l <"$WORK/all.nq")
for _ in $(seq "$BUILDS"); do
  rm -rf "$WORK/oxigraph-store"
  measure oxigraph-load oxigraph load --location "$WORK/oxigraph-store" --file "$WORK/all.nq"
done

python3 - "$WORK" "$N" "$BYTES" "$QUADS" "$BIN" "$RUNS" <<'EOF'
import os, re, statistics, subprocess, sys, time
work, n, size, quads, binary, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
runs_of = {}
for line in open(os.path.join(work, 'figures')):
    label, secs, kib, user, system = line.split()
    runs_of.setdefault(label, []).append((float(secs), int(kib) / 1024, float(user) + float(system)))
# Medians of each column over the runs of a step.
fig = {label: tuple(statistics.median(col) for col in zip(*rs)) for label, rs in runs_of.items()}
b, o = fig['build'], fig['oxigraph-load']
print(f'corpus: {n} documents, {size / 1e6:.1f} MB, {quads} quads')
print(f'{"step":24} {"runs":>4} {"wall s":>8} {"CPU s":>8} {"peak MB":>8}')
for label in ('build', 'oxigraph-load', 'rebuild-unchanged', 'rebuild-one-changed', 'export'):
    secs, mb, cpu = fig[label]
    print(f'{label:24} {len(runs_of[label]):4} {secs:8.2f} {cpu:8.2f} {mb:8.0f}')
print(f'build / oxigraph load: time {b[0] / max(o[0], 1e-9):.2f}x, peak memory {b[1] / max(o[1], 1e-9):.2f}x')
print(f'per document: {b[0] / n * 1000:.1f} ms wall, {b[2] / n * 1000:.1f} ms CPU')
listing = subprocess.run([binary, 'query', '--list'], capture_output=True, text=True, check=True).stdout
names = re.findall(r'^(\S+)\s', listing, re.M)
store = os.path.join(work, 'store')
print(f'\n{"saved query":40} {"median ms":>10} {"rows":>6}')
def measure(label, cmd):
    times, rows = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True)
        times.append((time.perf_counter() - t) * 1000)
        if out.returncode != 0:
            sys.exit(f'{label} failed: {out.stderr.strip()[:300]}')
        rows = max(0, len(out.stdout.splitlines()) - 1)
    print(f'{label:40} {statistics.median(times):10.1f} {rows:6d}')

for name in names:
    header = open(os.path.join('queries', name + '.rq'), encoding='utf-8').read()
    required, optional = [], []
    for pname, is_optional, example in re.findall(r'^# param: (\w+)(\??) \S+ — .*?e\.g\. (\S+)', header, re.M):
        (optional if is_optional else required).extend(['--param', f'{pname}={example}'])
    cmd = [binary, 'query', name, '--store', store, '--format', 'tsv'] + required
    measure(name, cmd)
    # An optional parameter narrows the query: timed with its example too.
    if optional:
        measure(f'{name} {" ".join(optional[1::2])}', cmd + optional)
EOF
