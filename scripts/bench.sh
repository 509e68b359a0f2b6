#!/usr/bin/env bash
# Benchmarks stories260K in every runtime and prints one table; docs/benchmarks.md
# explains each number.
#
# It builds stories260K with GEN_STEPS=32 and the matvec64 micro-benchmark
# into build/bench/ (timing modelpack, clang-19 with the plugin, and the
# backend), then runs tests/vm/bench/run.js, which times greedy generation
# of 32 tokens after warm-up runs in scratch-vm, in TurboWarp (headless
# Chromium), in the hand-written JavaScript forward pass (Node and Chromium)
# and natively, counts the blocks scratch-vm runs per token, and writes every
# number to out/bench.json.
#
# Once the workspace is built, it takes 30 to 40 seconds on a 2-core Intel
# Xeon, and took one to two minutes on a 2-core AMD EPYC. The benchmarks run one after another, but anything else running on
# the machine shows up in the numbers.
#
# Environment: SCRATCHC_ARTIFACTS, the folder with stories260K.bin and
# tok512.bin (default: artifacts/, which scripts/fetch-artifacts.sh fills);
# WEIGHTS, the weight layout as in scripts/build-stories260k.sh (packed, the
# default, unpacked or paired).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=build/bench
bin=target/release
mkdir -p "$build" out

log() {
    echo "bench: $*" >&2
}

# Seconds since the epoch, with nanoseconds.
now() {
    date +%s.%N
}

elapsed() {
    awk -v start="$1" -v end="$2" 'BEGIN { printf "%.3f", end - start }'
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
weights="${WEIGHTS:-packed}"
if [[ "$weights" != packed && "$weights" != unpacked && "$weights" != paired ]]; then
    log "error: WEIGHTS must be packed, unpacked or paired, got '$weights'"
    exit 2
fi

log "building the toolchain (cargo build --release --workspace)"
cargo build --quiet --release --workspace

log "packing the model (scratchc-modelpack --gen-steps 32 --weights $weights --json)"
started=$(now)
"$bin/scratchc-modelpack" --out-dir "$build/stories260k" --seq-len 32 --gen-steps 32 \
    --weights "$weights" --json "$build/stories260k/model.json" >/dev/null
modelpack_seconds=$(elapsed "$started" "$(now)")

log "compiling c_src/llama2_scratch.c (scratchc cc -v)"
started=$(now)
cc_output=$("$bin/scratchc" cc c_src/llama2_scratch.c -I "$build/stories260k" -DGEN_STEPS=32 \
    --keep-bitcode "$build/llama2_scratch.bc" --sprite-name stories260k --target scratch \
    -o "$build/stories260k_inference_visible_scratch.sb3" \
    -o "$build/stories260k_inference_visible_scratch.sprite3" -v 2>&1 >/dev/null)
scratchc_cc_seconds=$(elapsed "$started" "$(now)")
backend_statistics=$(grep -m1 'procedures' <<<"$cc_output") ||
    { log "error: scratchc cc -v printed no statistics line: $cc_output"; exit 1; }

# The TurboWarp-tuned project, as scripts/build-stories260k.sh makes it
# (the C shapes its loops for the target). Lowering its kept bitcode once
# more times the backend alone.
log "compiling it again for TurboWarp (scratchc cc --target turbowarp)"
"$bin/scratchc" cc c_src/llama2_scratch.c -I "$build/stories260k" -DGEN_STEPS=32 \
    --keep-bitcode "$build/llama2_scratch_turbowarp.bc" --sprite-name stories260k --target turbowarp \
    -o "$build/stories260k_inference_visible.sb3" 2>/dev/null
started=$(now)
"$bin/scratchc" build "$build/llama2_scratch_turbowarp.bc" --sprite-name stories260k --target turbowarp \
    -o "$build/stories260k_inference_visible.sb3" 2>/dev/null
scratchc_build_seconds=$(elapsed "$started" "$(now)")

log "compiling the native builds and matvec64"
clang-19 -m32 -O2 -I c_src -I "$build/stories260k" tests/bench/story_native.c -lm -o "$build/story_native"
clang-19 -m32 -O2 -I c_src tests/bench/matvec64.c -o "$build/matvec64"
"$bin/scratchc" cc tests/bench/matvec64.c --target scratch -o "$build/matvec64.sb3" 2>/dev/null
"$bin/scratchc" cc tests/bench/matvec64.c --target turbowarp -o "$build/matvec64_turbowarp.sb3" 2>/dev/null

cores=$(nproc)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || echo unknown)
cat >"$build/build.json" <<EOF
{
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "weights": "$weights",
  "machine": {"cpu": "$cpu", "cores": $cores, "load_before": "$load_before",
              "load_after_build": "$(cut -d' ' -f1-3 /proc/loadavg)"},
  "files": {
    "model_json": "$build/stories260k/model.json",
    "visible_sb3": "$build/stories260k_inference_visible.sb3",
    "scratch_sb3": "$build/stories260k_inference_visible_scratch.sb3",
    "matvec_sb3": "$build/matvec64.sb3",
    "matvec_turbowarp_sb3": "$build/matvec64_turbowarp.sb3",
    "native_story": "$build/story_native",
    "native_matvec": "$build/matvec64"
  },
  "compile": {
    "modelpack_seconds": $modelpack_seconds,
    "scratchc_cc_seconds": $scratchc_cc_seconds,
    "scratchc_build_seconds": $scratchc_build_seconds
  },
  "backend_statistics": "$backend_statistics"
}
EOF

node tests/vm/bench/run.js --build-json "$build/build.json" --out out/bench.json

cat <<EOF

Caveats: this machine has $cores cores, shared with whatever else runs on it.
A second busy process takes a core from scratch-vm or from Chromium's renderer
and shows up directly in the times; compare the load averages above, and run
again before trusting a difference of less than about 20%. Times in Scratch
include the VM's frame scheduling, and TurboWarp's timer (!!tok_per_s) only
advances between frames.
EOF
