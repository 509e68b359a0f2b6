//! Helpers shared by the backend's test binaries.
// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod compare;
pub mod vanilla;

use std::path::{Path, PathBuf};
use std::process::Output;

/// llama2.c's greedy token ids for 32 steps from BOS.
pub const REFERENCE_IDS: [u32; 32] = [
    403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267, 337, 410, 408,
    419, 292, 411, 322, 265, 282, 295, 433, 426, 385,
];
pub const REFERENCE_TEXT_20: &str = "Once upon a time, there was a little girl named Lily. She loved to play";
pub const REFERENCE_TEXT_32: &str =
    "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

pub fn scratchc() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_scratchc"))
}

pub fn artifacts() -> PathBuf {
    PathBuf::from(
        std::env::var_os("SCRATCHC_ARTIFACTS")
            .expect("set SCRATCHC_ARTIFACTS to the folder with stories260K.bin and tok512.bin"),
    )
}

/// Asserts that a command succeeded, showing its output when it did not.
pub fn check(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed with {}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Returns the story text and the `!!output` token ids from the output of
/// `scratchc run --print-list '!!output'` or of the native program, which
/// print the same format.
pub fn parse_story(stdout: &[u8]) -> (String, Vec<u32>) {
    let stdout = String::from_utf8_lossy(stdout);
    let mut text = String::new();
    let mut ids = Vec::new();
    for line in stdout.lines() {
        match line.strip_prefix("!!output:") {
            Some(list) => ids = list.split_whitespace().map(|id| id.parse().expect("token id")).collect(),
            None => text.push_str(line),
        }
    }
    (text.trim_end().to_string(), ids)
}

/// Returns the pass plugin `scratchc cc` uses, panicking with the fix when it
/// is missing.
pub fn plugin_path() -> PathBuf {
    if let Some(plugin) = std::env::var_os("SCRATCHC_PLUGIN") {
        return PathBuf::from(plugin);
    }
    let plugin = scratchc().with_file_name("libscratchc_plugin.so");
    assert!(
        plugin.is_file(),
        "the pass plugin {} is missing: run `cargo build --workspace` before these tests, \
         or set SCRATCHC_PLUGIN to a built libscratchc_plugin.so",
        plugin.display()
    );
    plugin
}

/// Panics with the fix when the plugin that `scratchc cc` needs is missing.
pub fn require_plugin() {
    plugin_path();
}
