#!/usr/bin/env bash
# Sets up what is missing, then runs every test: the Rust workspace's tests
# (plugin passes, backend, differential C programs in scratch-vm, the
# stories260K end-to-end test) and the Node runner's own tests.
#
# The stories260K tests read the model files from SCRATCHC_ARTIFACTS, or from
# artifacts/ (which scripts/setup.sh fills) when it is not set.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/setup.sh
export SCRATCHC_ARTIFACTS="${SCRATCHC_ARTIFACTS:-$root/artifacts}"

# Both suites run even when the first fails; the exit status reports both.
status=0
echo "test: cargo test --release --workspace --no-fail-fast" >&2
cargo test --release --workspace --no-fail-fast || status=1

echo "test: node --test tests/vm/" >&2
(cd tests && node --test vm/) || status=1

if [ "$status" -ne 0 ]; then
    echo "test: some tests failed (see above)" >&2
fi
exit "$status"
