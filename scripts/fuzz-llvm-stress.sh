#!/usr/bin/env bash
# Fuzzes the pass plugin, `scratchc build` and `scratchc run` with
# llvm-stress-19 modules, and compares the runs with native clang-19 -m32
# builds. tests/fuzz/llvm-stress.js does the work, and --help lists the
# options. Build first with `cargo build --release --workspace`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

for tool in node llvm-stress-19 opt-19 clang-19; do
    if ! command -v "$tool" >/dev/null; then
        echo "fuzz-llvm-stress: $tool not found; scripts/setup.sh installs it" >&2
        exit 2
    fi
done
exec node "$root/tests/fuzz/llvm-stress.js" "$@"
