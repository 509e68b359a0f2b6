//! `scratchc_normalize_module`: a host that loads the plugin with dlopen
//! (as the backend may) normalizes a module in-process and receives errors
//! as a message instead of an exit.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Builds `tests/c/in_process_host.c` against the system libLLVM-19.
fn build_host(dir: &Path) -> PathBuf {
    let llvm_config = |flag: &str| {
        let output = run(Command::new("llvm-config-19").arg(flag));
        assert_success(&output, &format!("llvm-config-19 {flag}"));
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    };
    let include_dir = llvm_config("--includedir");
    let lib_dir = llvm_config("--libdir");

    let host = dir.join("in_process_host");
    let build = run(Command::new(CLANG)
        .arg(test_input("c/in_process_host.c"))
        .arg(format!("-I{include_dir}"))
        .arg(format!("-L{lib_dir}"))
        .arg(format!("-Wl,-rpath,{lib_dir}"))
        .args(["-lLLVM-19", "-ldl", "-o"])
        .arg(&host));
    assert_success(&build, "building the in-process host");
    host
}

#[test]
fn host_normalizes_module() {
    let dir = scratch_dir("host_normalizes_module");
    let host = build_host(&dir);
    let ir = dir.join("control.ll");
    compile_to_ir(&test_input("c/control.c"), &ir, &[]);

    let output = run(Command::new(&host).arg(passes_path()).arg(&ir));
    assert_success(&output, "in-process normalization");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("!scratchc.normalized"), "no mark:\n{text}");
    assert!(
        lines_containing(&text, " switch ").is_empty(),
        "switch survived:\n{text}"
    );

    let normalized = dir.join("control.normalized.ll");
    fs::write(&normalized, &text).unwrap();
    let verify = run(Command::new(OPT)
        .args(["-passes=verify", "-disable-output"])
        .arg(&normalized));
    assert_success(&verify, "verifying the in-process result");
}

#[test]
fn host_receives_error_message() {
    let dir = scratch_dir("host_receives_error_message");
    let host = build_host(&dir);

    // An i8 load is an error in the words layout only.
    let output = run(Command::new(&host)
        .env("SCRATCHC_LAYOUT", "words")
        .arg(passes_path())
        .arg(test_input("ir/i8_load.ll")));
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout:\n{stdout}\nstderr:\n{}",
        stderr_of(&output)
    );
    assert!(
        stdout.starts_with("error: scratchc: in function 'first_byte': load of i8"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1, "expected one line:\n{stdout}");
}
