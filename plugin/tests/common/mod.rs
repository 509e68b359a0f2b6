//! Helpers shared by the plugin tests: locating the built plugin, running
//! opt-19 and clang-19, and comparing a native build of normalized IR with a
//! native build of the original.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const OPT: &str = "opt-19";
pub const CLANG: &str = "clang-19";
pub const SCRATCH_TARGET: &str = "--target=i386-none-elf";

/// Returns the plugin that hosts load, `libscratchc_plugin.so` (the loader
/// that checks the LLVM version), as Cargo built it for this test run.
pub fn plugin_path() -> PathBuf {
    built_library("libscratchc_plugin.so")
}

/// Returns the library with the passes, which the plugin loads and which
/// exports `scratchc_normalize_module` for in-process hosts.
pub fn passes_path() -> PathBuf {
    built_library("libscratchc_passes.so")
}

/// Returns a shared library of this workspace. Both are also rlibs, so
/// `cargo test` rebuilds them into `deps/`, next to the test binary;
/// `cargo build` copies them one directory up.
fn built_library(name: &str) -> PathBuf {
    let test_binary = std::env::current_exe().expect("test binary path is unknown");
    let deps_dir = test_binary
        .parent()
        .expect("test binary has no parent directory");
    let candidates = [deps_dir.join(name), deps_dir.parent().unwrap().join(name)];
    candidates
        .iter()
        .find(|path| path.exists())
        .unwrap_or_else(|| {
            panic!("{name} not found at {candidates:?}; run `cargo build --workspace`")
        })
        .clone()
}

/// Returns an empty directory for one test's files.
pub fn scratch_dir(test_name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("plugin-tests")
        .join(test_name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("cannot create the test directory");
    dir
}

pub fn test_input(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(relative)
}

/// Runs a command and returns its output, panicking only when it cannot start.
pub fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|error| panic!("failed to start {command:?}: {error}"))
}

pub fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts that a command succeeded, showing its stderr when it did not.
pub fn assert_success(output: &Output, step: &str) {
    assert!(
        output.status.success(),
        "{step} failed with {}:\n{}",
        output.status,
        stderr_of(output)
    );
}

/// Compiles C to textual IR for the Scratch target, without the plugin.
/// `-fno-math-errno`, as scratchc uses, turns `fma()` and friends into
/// intrinsics.
pub fn compile_to_ir(source: &Path, output: &Path, extra: &[&str]) {
    let result = run(Command::new(CLANG)
        .args([SCRATCH_TARGET, "-O2", "-fno-math-errno", "-emit-llvm", "-S"])
        .args(extra)
        .arg(source)
        .arg("-o")
        .arg(output));
    assert_success(&result, &format!("clang on {}", source.display()));
}

/// Runs `opt-19` with the plugin and `-passes=<passes>` on `input`.
/// Runs opt with the passes in the `words` layout, which these tests are
/// written for unless they pass another one to `run_opt_in_layout`.
pub fn run_opt(passes: &str, input: &Path, output: &Path) -> Output {
    run_opt_in_layout("words", passes, input, output)
}

/// Runs opt with the passes, `SCRATCHC_LAYOUT` set to `layout`.
pub fn run_opt_in_layout(layout: &str, passes: &str, input: &Path, output: &Path) -> Output {
    run(Command::new(OPT)
        .env("SCRATCHC_LAYOUT", layout)
        .arg(format!("-load-pass-plugin={}", plugin_path().display()))
        .arg(format!("-passes={passes}"))
        .arg(input)
        .arg("-S")
        .arg("-o")
        .arg(output))
}

/// Runs the passes, checks that they succeed and that LLVM's verifier
/// accepts the result, and returns the output IR as text.
pub fn normalize(passes: &str, input: &Path, output: &Path) -> String {
    assert_success(
        &run_opt(passes, input, output),
        &format!("opt -passes={passes} on {}", input.display()),
    );
    let verify = run(Command::new(OPT)
        .args(["-passes=verify", "-disable-output"])
        .arg(output));
    assert_success(&verify, &format!("verifying {}", output.display()));
    fs::read_to_string(output).expect("cannot read the output IR")
}

/// Builds IR natively for i386 with a C driver, runs it and returns stdout.
/// `-O0` keeps the IR as the passes left it.
pub fn run_native(ir: &Path, driver: &Path, dir: &Path) -> String {
    let executable = dir.join(format!("{}.exe", ir.file_stem().unwrap().to_string_lossy()));
    let build = run(Command::new(CLANG)
        .args(["-m32", "-O0", "-no-pie", "-Wno-override-module"])
        .arg(ir)
        .arg(driver)
        .arg("-o")
        .arg(&executable)
        .arg("-lm"));
    assert_success(&build, &format!("native build of {}", ir.display()));
    let result = run(&mut Command::new(&executable));
    assert_success(&result, &format!("running {}", executable.display()));
    String::from_utf8(result.stdout).expect("program output is not UTF-8")
}

/// Runs `passes` on `ir` and asserts that the native program prints exactly
/// what it prints when built from the original IR. Returns the output IR.
pub fn assert_same_native_output(passes: &str, ir: &Path, driver: &Path, dir: &Path) -> String {
    let normalized = dir.join(format!(
        "{}.normalized.ll",
        ir.file_stem().unwrap().to_string_lossy()
    ));
    let text = normalize(passes, ir, &normalized);

    let expected = run_native(ir, driver, dir);
    let actual = run_native(&normalized, driver, dir);
    assert!(!expected.is_empty(), "the driver printed nothing");
    assert_eq!(
        actual,
        expected,
        "normalized IR ({}) changed the program's output",
        normalized.display()
    );
    text
}

/// Compiles `tests/c/<name>.c` to IR and checks `passes` against its driver
/// `tests/c/<name>_driver.c`. Returns the output IR.
pub fn check_c_program(passes: &str, name: &str, test_name: &str) -> String {
    let dir = scratch_dir(test_name);
    let ir = dir.join(format!("{name}.ll"));
    compile_to_ir(&test_input(&format!("c/{name}.c")), &ir, &[]);
    assert_same_native_output(
        passes,
        &ir,
        &test_input(&format!("c/{name}_driver.c")),
        &dir,
    )
}

/// Returns the lines of `ir` that contain `needle`.
pub fn lines_containing<'a>(ir: &'a str, needle: &str) -> Vec<&'a str> {
    ir.lines().filter(|line| line.contains(needle)).collect()
}

/// Asserts that a failed run exited with status 1 and printed the error
/// without LLVM's crash report.
pub fn assert_clean_failure(output: &Output) -> String {
    let stderr = stderr_of(output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "expected exit status 1, stderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("Stack dump"),
        "stack dump printed:\n{stderr}"
    );
    assert!(
        !stderr.contains("PLEASE submit a bug report"),
        "crash report printed:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "Rust panic message printed:\n{stderr}"
    );
    stderr
}
