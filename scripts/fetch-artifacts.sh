#!/usr/bin/env bash
# Puts the stories260K model files in artifacts/, each checked against its
# SHA-256: copied from $SCRATCHC_ARTIFACTS when that is set, otherwise
# downloaded from karpathy/tinyllamas on Hugging Face. A file that is already
# in place with the right hash is left alone.
#
# Exit status: 0 when both files are in place, 2 when a source file is missing
# or has the wrong hash, 1 when a download fails.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
artifacts_dir="$repo_root/artifacts"
base_url="https://huggingface.co/karpathy/tinyllamas/resolve/main/stories260K"

# file name, SHA-256
artifacts=(
    "stories260K.bin b0a507e7ad0f626624f17112325e66691f9076d622e1d3274d103d00299f2696"
    "tok512.bin 037cb335abb25d1fa9e8ecae30ed2a3a8ace9302862ebcdc05d51a6bbb10c312"
)

log() { printf 'fetch-artifacts: %s\n' "$*"; }
die() {
    local code="$1"
    shift
    printf 'fetch-artifacts: %s\n' "$*" >&2
    exit "$code"
}

sha256_of() { sha256sum "$1" | cut -d ' ' -f 1; }

# The download or copy goes to a temporary name in artifacts/ and is renamed
# into place only after its hash checks out.
temp_file=""
trap 'if [ -n "$temp_file" ]; then rm -f "$temp_file"; fi' EXIT

download() {
    local url="$1" output="$2"
    if command -v curl >/dev/null 2>&1; then
        curl --fail --location --silent --show-error --retry 3 --output "$output" "$url"
    elif command -v wget >/dev/null 2>&1; then
        wget --quiet --tries=3 --output-document="$output" "$url"
    else
        die 2 "neither curl nor wget is installed: install one, or set SCRATCHC_ARTIFACTS to a folder containing the model files"
    fi
}

mkdir -p "$artifacts_dir"

for entry in "${artifacts[@]}"; do
    read -r name expected <<<"$entry"
    destination="$artifacts_dir/$name"

    if [ -f "$destination" ]; then
        actual="$(sha256_of "$destination")"
        if [ "$actual" = "$expected" ]; then
            log "artifacts/$name is already in place (SHA-256 ok)"
            continue
        fi
        log "artifacts/$name has SHA-256 $actual, expected $expected; removing it"
        rm -f "$destination"
    fi

    temp_file="$(mktemp "$artifacts_dir/.$name.XXXXXX")"
    if [ -n "${SCRATCHC_ARTIFACTS:-}" ]; then
        source_path="$SCRATCHC_ARTIFACTS/$name"
        [ -f "$source_path" ] || die 2 "$source_path not found (SCRATCHC_ARTIFACTS=$SCRATCHC_ARTIFACTS)"
        log "copying $source_path"
        cp "$source_path" "$temp_file"
    else
        source_path="$base_url/$name"
        log "downloading $source_path"
        download "$source_path" "$temp_file" || die 1 "download of $source_path failed; without internet access, set SCRATCHC_ARTIFACTS to a folder that holds the model files"
    fi

    actual="$(sha256_of "$temp_file")"
    if [ "$actual" != "$expected" ]; then
        die 2 "$source_path: SHA-256 mismatch: expected $expected, got $actual"
    fi
    chmod 0644 "$temp_file"
    mv "$temp_file" "$destination"
    temp_file=""
    log "artifacts/$name is in place (SHA-256 ok)"
done
