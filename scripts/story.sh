#!/usr/bin/env bash
# The main job: sets up what is missing, builds stories260K into
# out/stories260k_inference_visible.sb3, and runs it headless in scratch-vm,
# streaming the story as the Scratch program writes it.
#
# GEN_STEPS (1..32, default 20) and SCRATCHC_ARTIFACTS work as in
# scripts/build-stories260k.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Reject bad knobs before the set-up, which can take minutes.
scripts/build-stories260k.sh --check
scripts/setup.sh
scripts/build-stories260k.sh
echo "story: running out/stories260k_inference_visible.sb3 in scratch-vm" >&2
exec target/release/scratchc run out/stories260k_inference_visible.sb3 --print-list '!!output'
