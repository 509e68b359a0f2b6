//! The plugin checks the LLVM version of the program that loads it. Another
//! version gets a one-line error naming both versions and an API version no
//! LLVM accepts, instead of code built for LLVM 19 running against it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Builds `tests/c/version_host.c` with the extra clang arguments.
fn build_host(dir: &Path, name: &str, arguments: &[String]) -> PathBuf {
    let host = dir.join(name);
    let build = run(Command::new(CLANG)
        .arg(test_input("c/version_host.c"))
        // The host's own symbols are visible to the plugin's lookups, as
        // libLLVM's are in opt.
        .arg("-rdynamic")
        .args(arguments)
        .args(["-ldl", "-o"])
        .arg(&host));
    assert_success(&build, &format!("building {name}"));
    host
}

/// Runs a host on the plugin and returns its stdout and stderr.
fn load_plugin(host: &Path) -> (String, String) {
    let output = run(Command::new(host).arg(plugin_path()));
    assert_success(&output, "loading the plugin");
    let stderr = stderr_of(&output);
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

#[test]
fn other_llvm_version_is_named_and_refused() {
    let dir = scratch_dir("other_llvm_version_is_named_and_refused");
    let host = build_host(&dir, "llvm14_host", &["-DFAKE_LLVM_VERSION=14,0,6".to_string()]);
    let (stdout, stderr) = load_plugin(&host);
    assert_eq!(stdout, "api 0 name scratchc\n");
    assert_eq!(
        stderr,
        "scratchc: this pass plugin is built for LLVM 19, but the program loading it uses LLVM 14.0.6; \
         load it with opt-19 or clang-19\n"
    );
}

#[test]
fn llvm_without_version_query_is_refused() {
    let dir = scratch_dir("llvm_without_version_query_is_refused");
    let host = build_host(&dir, "old_host", &[]);
    let (stdout, stderr) = load_plugin(&host);
    assert_eq!(stdout, "api 0 name scratchc\n");
    assert!(stderr.contains("an LLVM older than 16 (it has no LLVMGetVersion)"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "expected one line:\n{stderr}");
}

#[test]
fn llvm_19_gets_the_passes() {
    let dir = scratch_dir("llvm_19_gets_the_passes");
    let lib_dir = {
        let output = run(Command::new("llvm-config-19").arg("--libdir"));
        assert_success(&output, "llvm-config-19 --libdir");
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    };
    let arguments = [format!("-L{lib_dir}"), format!("-Wl,-rpath,{lib_dir}"), "-lLLVM-19".to_string()];
    let host = build_host(&dir, "llvm19_host", &arguments);
    let (stdout, stderr) = load_plugin(&host);
    assert_eq!(stdout, "api 1 name scratchc\n", "stderr:\n{stderr}");
    assert_eq!(stderr, "");
}
