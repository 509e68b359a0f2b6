#!/usr/bin/env bash
# Builds the stories260K flagship: checks the model files, packs them into a
# C memory image, and compiles c_src/llama2_scratch.c into five files in out/:
#   stories260k_inference_visible.sb3             a project to open
#   stories260k_inference_visible.sprite3         the sprite, to import
#   stories260k_inference.sprite3                 the sprite, scripts out of sight
#   stories260k_inference_visible_scratch.sb3     for scratch.mit.edu
#   stories260k_inference_visible_scratch.sprite3 for scratch.mit.edu
# All five use only blocks vanilla Scratch 3 has. The _scratch files are tuned
# for the official Scratch VM, the others for TurboWarp (scratchc --target).
#
# Knobs (environment variables):
#   GEN_STEPS             tokens the saved project generates, 1..32 (default 20)
#   MAX_BRANCH_RECURSION  frames between call-stack resets (default 200)
#   WEIGHTS               packed (default: Q8_0, four int8 to a memory cell),
#                         unpacked (Q8_0, one int8 to a cell), or paired (one
#                         scale per row, two rows to a cell, the input of each
#                         product made integers: the fastest in both runtimes)
#   SCRATCHC_ARTIFACTS    folder with stories260K.bin and tok512.bin
#                         (default: artifacts/, filled by scripts/fetch-artifacts.sh)
#   PROFILE               cargo profile of the binaries to use (default release)
#   SCRATCHC_BIN          folder of prebuilt scratchc and scratchc-modelpack
#                         binaries; when set, cargo is not run
#
# With --check, only validates the knobs and exits.
#
# Exit codes: 0 success, 2 bad input (a knob out of range, a missing or
# corrupt model file), anything else a failure of a build step.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seq_len=32
gen_steps="${GEN_STEPS:-20}"
max_branch_recursion="${MAX_BRANCH_RECURSION:-200}"
weights="${WEIGHTS:-packed}"
profile="${PROFILE:-release}"

fail() {
    echo "build-stories260k: error: $*" >&2
    exit 2
}

if ! [[ "$gen_steps" =~ ^[0-9]+$ ]] || ((10#$gen_steps < 1 || 10#$gen_steps > seq_len)); then
    fail "GEN_STEPS must be a whole number from 1 to $seq_len (SEQ_LEN), got '$gen_steps'"
fi
gen_steps=$((10#$gen_steps))
if ! [[ "$max_branch_recursion" =~ ^[0-9]+$ ]] || ((10#$max_branch_recursion < 1 || 10#$max_branch_recursion > 100000)); then
    fail "MAX_BRANCH_RECURSION must be a whole number from 1 to 100000, got '$max_branch_recursion'"
fi
max_branch_recursion=$((10#$max_branch_recursion))
if [[ "$weights" != packed && "$weights" != unpacked && "$weights" != paired ]]; then
    fail "WEIGHTS must be packed, unpacked or paired, got '$weights'"
fi
if [[ "${1:-}" == "--check" ]]; then
    exit 0
fi

started=$(date +%s%N)
if [[ -n "${SCRATCHC_BIN:-}" ]]; then
    # Prebuilt binaries, as the tests use them: no cargo run inside cargo test.
    bin="$SCRATCHC_BIN"
else
    cargo_flags=()
    bin="target/debug"
    if [[ "$profile" == "release" ]]; then
        cargo_flags=(--release)
        bin="target/release"
    fi
    echo "build-stories260k: building the toolchain (cargo ${cargo_flags[*]:-} --workspace)" >&2
    cargo build --quiet "${cargo_flags[@]}" --workspace
fi

echo "build-stories260k: checking and packing the model (GEN_STEPS=$gen_steps, WEIGHTS=$weights)" >&2
"$bin/scratchc-modelpack" --out-dir build/stories260k --seq-len "$seq_len" --gen-steps "$gen_steps" \
    --weights "$weights" >/dev/null
packed=$(date +%s%N)

mkdir -p out
# Compiles llama2_scratch.c for one runtime, turbowarp or scratch, because it
# shapes its loops for each (SCRATCH_TARGET_TURBOWARP). It keeps the bitcode in
# build/stories260k/llama2_scratch_TARGET.bc. The other arguments are options
# of scratchc cc, such as the outputs.
# NOTE: MAX_BRANCH_RECURSION is passed on, but llama2_scratch.c has no
# recursion, so no call-stack reset is generated for it.
compile_story() {
    local target="$1"
    shift
    "$bin/scratchc" cc c_src/llama2_scratch.c -I build/stories260k \
        -DGEN_STEPS="$gen_steps" -DMAX_BRANCH_RECURSION="$max_branch_recursion" \
        --keep-bitcode "build/stories260k/llama2_scratch_$target.bc" \
        --sprite-name stories260k --target "$target" "$@" ${VERBOSE:+-v}
}

compile_story turbowarp -o out/stories260k_inference_visible.sb3 -o out/stories260k_inference_visible.sprite3
# The same program with its scripts out of sight, for importing.
"$bin/scratchc" build build/stories260k/llama2_scratch_turbowarp.bc --sprite-name stories260k --target turbowarp \
    --hide-blocks -o out/stories260k_inference.sprite3
# Tuned for the official Scratch VM, for scratch.mit.edu.
compile_story scratch -o out/stories260k_inference_visible_scratch.sb3 \
    -o out/stories260k_inference_visible_scratch.sprite3
finished=$(date +%s%N)

echo "build-stories260k: checked and packed the model in $(((packed - started) / 1000000)) ms," \
    "compiled C to Scratch in $(((finished - packed) / 1000000)) ms" >&2
