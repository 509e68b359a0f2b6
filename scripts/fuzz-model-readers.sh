#!/usr/bin/env bash
# Fuzzes scratchc-modelpack's checkpoint and tokenizer readers with mutated
# inputs (modelpack/src/fuzz.rs) for a while, with overflow checks on, so that
# arithmetic overflow panics too. `cargo test` runs a fixed slice of 20,000
# inputs on every test run; this script runs the long test.
#
# usage: scripts/fuzz-model-readers.sh [SECONDS] [SEED]
#   SECONDS  how long to run (default 600)
#   SEED     which inputs to generate (default 1); a failure prints the seed
#            and input number that replay it
# With SCRATCHC_ARTIFACTS set, the real model files join the starting inputs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds="${1:-600}"
seed="${2:-1}"
for value in "$seconds" "$seed"; do
    if ! [[ "$value" =~ ^[0-9]+$ ]]; then
        echo "fuzz-model-readers: SECONDS and SEED must be whole numbers, got '$value'" >&2
        exit 2
    fi
done

if [[ -n "${SCRATCHC_ARTIFACTS:-}" ]]; then
    inputs="the tiny files and the model files in $SCRATCHC_ARTIFACTS"
else
    inputs="the tiny files only (set SCRATCHC_ARTIFACTS to add the model files)"
fi
echo "fuzz-model-readers: $seconds s of inputs from seed $seed, mutating $inputs" >&2
echo "fuzz-model-readers: building in target/fuzz first (about a minute the first time)" >&2
CARGO_TARGET_DIR=target/fuzz CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true \
    SCRATCHC_FUZZ_SECONDS="$seconds" SCRATCHC_FUZZ_SEED="$seed" \
    cargo test --quiet --release -p scratchc-modelpack readers_survive_long_fuzzing -- --ignored --nocapture
