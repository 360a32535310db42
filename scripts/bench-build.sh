#!/usr/bin/env bash
# Times `casegraph build` of the shipped document into a fresh store, N runs
# (default 7), and prints each run and the median. Release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
bin="${CARGO_TARGET_DIR:-target}/release/casegraph"
[ -x "$bin" ] || cargo build --release --locked --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
times=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" build --store "$work/store-$i" >/dev/null
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
  echo "run $i: ${times[-1]} ms (fresh store)"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median of %d runs: %d ms\n", NR, m}'
