#!/usr/bin/env bash
# Fuzzes the text pipeline (read → segment → extract → link) with cargo-fuzz.
# Not part of CI: a developer runs it after changing a stage.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS (default 60) is the time per target; TARGETs default to all of
# fuzz/fuzz_targets (read_segment, pipeline, case_text, finders). Targets run
# one after another with one job each.
#
# Installs cargo-fuzz when missing. cargo-fuzz needs nightly compiler flags:
# on a stable toolchain RUSTC_BOOTSTRAP=1 unlocks them. The seed corpora are
# regenerated from the shipped document (scripts/fuzz_seeds.py); corpora and
# crash artifacts stay in fuzz/corpus and fuzz/artifacts (git-ignored).
# A crash prints the input's path; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-…
# and add it, inline, to a regression unit test next to the code it breaks.
#
# Environment: CARGO_TARGET_DIR (default ~/.cache/casegraph/fuzz-target),
# FUZZ_SANITIZER (default address; `none` if ASan does not link), FUZZ_MAX_LEN
# (default 16384 bytes).
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz" >&2
    cargo install --locked cargo-fuzz
fi

export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/casegraph/fuzz-target}"
sanitizer="${FUZZ_SANITIZER:-address}"
max_len="${FUZZ_MAX_LEN:-16384}"

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

python3 scripts/fuzz_seeds.py

for target in "${targets[@]}"; do
    echo "fuzz.sh: $target for ${seconds}s" >&2
    # -timeout: an input taking longer than 10 s is reported (a quadratic
    # blow-up or a loop), not waited on for libFuzzer's default 20 minutes.
    cargo fuzz run --sanitizer "$sanitizer" --debug-assertions "$target" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10
done
