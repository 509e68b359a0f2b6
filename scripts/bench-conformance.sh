#!/usr/bin/env bash
# Times the conformance programs (tests/conformance/*.c): the scratchc cc
# build and the run in scratch-vm (`scratchc run`, which includes starting
# Node and loading the project, about 1.5 s). With --turbowarp it also times
# the run in TurboWarp (tests/vm/turbowarp.js, which includes packaging the
# project and starting Chromium). Prints one row per program, slowest run
# first, and checks each run's output against the native build.
#
# usage: scripts/bench-conformance.sh [--turbowarp] [PROGRAM...]
# Build the workspace first (cargo build --release --workspace). The runs go
# one after another; anything else running on the machine shows in the times.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

turbowarp=0
programs=()
for argument in "$@"; do
    case "$argument" in
        --turbowarp) turbowarp=1 ;;
        -h | --help)
            sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        -*)
            echo "bench-conformance: unknown option $argument; see --help" >&2
            exit 2
            ;;
        *) programs+=("$argument") ;;
    esac
done
if [ ${#programs[@]} -eq 0 ]; then
    for source in tests/conformance/*.c; do
        programs+=("$(basename "$source" .c)")
    done
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Seconds since the epoch, with nanoseconds.
now() {
    date +%s.%N
}

elapsed() {
    awk -v start="$1" -v end="$2" 'BEGIN { printf "%.2f", end - start }'
}

# Runs a command, keeping its stdout in $1 and returning its exit status.
run_into() {
    local output="$1"
    shift
    local status=0
    "$@" >"$output" 2>"$output.stderr" || status=$?
    return "$status"
}

failures=0
rows="$work/rows"
: >"$rows"
for name in "${programs[@]}"; do
    source="tests/conformance/$name.c"
    if [ ! -f "$source" ]; then
        echo "bench-conformance: $source not found" >&2
        exit 2
    fi
    clang-19 -m32 -O2 -std=c11 -msse2 -mfpmath=sse "$source" -o "$work/$name.native" -lm
    native_status=0
    run_into "$work/$name.expected" "$work/$name.native" || native_status=$?

    started=$(now)
    target/release/scratchc cc "$source" -o "$work/$name.sb3" 2>"$work/$name.cc.stderr"
    compiled=$(now)
    vm_status=0
    run_into "$work/$name.vm" target/release/scratchc run "$work/$name.sb3" || vm_status=$?
    finished=$(now)
    vm_verdict=same
    if ! cmp -s "$work/$name.expected" "$work/$name.vm" || [ "$vm_status" != "$native_status" ]; then
        vm_verdict=DIFFERENT
        failures=$((failures + 1))
    fi
    row="$(elapsed "$compiled" "$finished") $name $(elapsed "$started" "$compiled") $vm_verdict"

    if [ "$turbowarp" = 1 ]; then
        target/release/scratchc cc --target turbowarp "$source" -o "$work/$name.turbowarp.sb3" 2>/dev/null
        tw_started=$(now)
        tw_status=0
        run_into "$work/$name.tw" node tests/vm/turbowarp.js "$work/$name.turbowarp.sb3" || tw_status=$?
        tw_finished=$(now)
        tw_verdict=same
        if ! cmp -s "$work/$name.expected" "$work/$name.tw" || [ "$tw_status" != "$native_status" ]; then
            tw_verdict=DIFFERENT
            failures=$((failures + 1))
        fi
        row="$row $(elapsed "$tw_started" "$tw_finished") $tw_verdict"
    fi
    echo "$row" >>"$rows"
    echo "bench-conformance: $name done" >&2
done

if [ "$turbowarp" = 1 ]; then
    printf '%-20s %9s %12s %10s %14s %10s\n' program "cc (s)" "scratch-vm (s)" output "TurboWarp (s)" output
    sort -rn "$rows" | awk '{ printf "%-20s %9s %12s %10s %14s %10s\n", $2, $3, $1, $4, $5, $6 }'
else
    printf '%-20s %9s %14s %10s\n' program "cc (s)" "scratch-vm (s)" output
    sort -rn "$rows" | awk '{ printf "%-20s %9s %14s %10s\n", $2, $3, $1, $4 }'
fi
if [ "$failures" -gt 0 ]; then
    echo "bench-conformance: $failures runs printed something other than the native build" >&2
    exit 1
fi
