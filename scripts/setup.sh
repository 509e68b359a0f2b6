#!/usr/bin/env bash
# Sets up a Debian 12 machine to build and test scratchc: installs the missing
# Debian packages, checks Rust and Node.js, installs the Node test tooling,
# builds the workspace and puts the model files in place. Safe to run again:
# each step skips work that is already done.
#
# Run as root, or as a user with sudo. Set SCRATCHC_ARTIFACTS to a folder with
# the model files to copy them instead of downloading them.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
min_node_major=18

# LLVM 19 and the libraries the backend links with, the 32-bit C library for
# native builds that share the Scratch target's data model, and Chromium for
# the TurboWarp tests.
packages=(clang-19 llvm-19-dev libpolly-19-dev libzstd-dev zlib1g-dev libc6-dev-i386 lib32gcc-12-dev chromium)

log() { printf 'setup: %s\n' "$*"; }
die() {
    printf 'setup: %s\n' "$*" >&2
    exit 2
}

is_installed() {
    [ "$(dpkg-query --show --showformat='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# Rust: rustup installs cargo in ~/.cargo/bin, which a new shell may not
# have on its PATH yet.
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck source=/dev/null
    . "$HOME/.cargo/env"
fi
command -v cargo >/dev/null 2>&1 ||
    die "cargo not found: install Rust with rustup (https://rustup.rs), then run this script again"
log "found $(cargo --version)"

# Debian packages. Node.js and npm come from Debian too when they are missing
# (Debian 12 ships Node.js 18).
missing=()
for package in "${packages[@]}"; do
    is_installed "$package" || missing+=("$package")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ "${#missing[@]}" -eq 0 ]; then
    log "Debian packages already installed: ${packages[*]}"
else
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        die "missing Debian packages: ${missing[*]}. Run this script as root, or install them first"
    fi
    log "installing missing Debian packages: ${missing[*]}"
    "${as_root[@]}" apt-get update
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install --yes --no-install-recommends "${missing[@]}"
fi

# Node.js and npm, for the Scratch VM tooling in tests/.
node_version="$(node --version)"
node_major="${node_version#v}"
node_major="${node_major%%.*}"
if [ "$node_major" -lt "$min_node_major" ]; then
    die "Node.js $node_version is too old: scratch-vm tooling needs $min_node_major or newer"
fi
log "found Node.js $node_version and npm $(npm --version)"

# npm writes node_modules/.package-lock.json on every install, so its age
# shows whether node_modules matches the committed lock file.
installed_lock="$repo_root/tests/node_modules/.package-lock.json"
if [ ! -f "$installed_lock" ] || [ "$repo_root/tests/package-lock.json" -nt "$installed_lock" ]; then
    log "installing Node packages (npm ci in tests/)"
    (cd "$repo_root/tests" && npm ci --no-audit --no-fund)
else
    log "Node packages in tests/node_modules are up to date"
fi

log "building the workspace (cargo build --release --workspace)"
(cd "$repo_root" && cargo build --release --workspace)

log "putting the model files in place"
"$repo_root/scripts/fetch-artifacts.sh"

log "done"
