//! Runs a C program natively and in Scratch and compares what the two runs
//! print and their exit codes.
//!
//! The native build is `clang-19 -m32`, the 32-bit data model that the
//! Scratch build shares. The Scratch build is `scratchc cc` followed by
//! `scratchc run` in the headless scratch-vm (Node.js and the packages under
//! `tests/` must be installed).

use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use super::{require_plugin, scratchc};

/// Seconds that `scratchc run` may take before its runner gives up (exit 124).
const RUN_TIMEOUT_SECONDS: u64 = 120;

/// Waits for `child`, killing it when `limit` passes. Returns None on timeout.
fn wait_with_limit(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting for a child process failed") {
            return Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs `command` with stdout and stderr redirected to files in `folder`
/// (so a chatty program cannot fill a pipe), killing it after `limit`.
/// Returns the exit status (None on timeout), stdout and stderr.
pub fn run_captured(mut command: Command, folder: &Path, name: &str, limit: Duration) -> (Option<ExitStatus>, String, String) {
    let stdout_path = folder.join(format!("{name}.stdout"));
    let stderr_path = folder.join(format!("{name}.stderr"));
    command
        .stdin(Stdio::null())
        .stdout(File::create(&stdout_path).expect("creating a capture file failed"))
        .stderr(File::create(&stderr_path).expect("creating a capture file failed"));
    let mut child = command.spawn().unwrap_or_else(|err| panic!("starting {command:?} failed: {err}"));
    let status = wait_with_limit(&mut child, limit);
    let stdout = String::from_utf8_lossy(&std::fs::read(&stdout_path).unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&std::fs::read(&stderr_path).unwrap()).into_owned();
    (status, stdout, stderr)
}

fn assert_success(step: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{step} failed with {}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Describes the first line where two outputs differ, 1-based.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    for index in 0..expected_lines.len().max(actual_lines.len()) {
        let want = expected_lines.get(index);
        let got = actual_lines.get(index);
        if want != got {
            return format!("first difference at line {}: native {:?}, Scratch {:?}", index + 1, want, got);
        }
    }
    "the lines are equal; the outputs differ in line endings".to_string()
}

/// How to build the native program: arguments for `clang-19 -m32` before
/// the source file.
pub struct NativeBuild {
    pub arguments: Vec<String>,
}

/// The output of a native run: stdout and the exit code.
pub struct NativeRun {
    pub stdout: String,
    pub code: i32,
}

/// Builds `source` natively into `folder` and runs it, asserting that the
/// build succeeds and the program ends within 60 s with at least 3 lines,
/// enough to compare.
pub fn run_native(name: &str, source: &Path, native: &NativeBuild, folder: &Path) -> NativeRun {
    assert!(source.is_file(), "{} is missing", source.display());
    let executable = folder.join(name);
    let compiled = Command::new("clang-19")
        .arg("-m32")
        .args(&native.arguments)
        .arg(source)
        .arg("-o")
        .arg(&executable)
        .arg("-lm")
        .output()
        .expect("running clang-19 failed; install clang-19 and the 32-bit C library (libc6-dev-i386)");
    assert_success("the native build (clang-19 -m32)", &compiled);
    let (status, stdout, stderr) = run_captured(Command::new(&executable), folder, "native", Duration::from_secs(60));
    let status = status.expect("the native program timed out after 60 s");
    let code = status.code().unwrap_or_else(|| panic!("the native program was killed: {status}"));
    assert!(
        stdout.lines().count() >= 3,
        "the native run printed fewer than 3 lines, too little to compare:\n{stdout}{stderr}"
    );
    NativeRun { stdout, code }
}

/// Builds `source` natively and with `scratchc cc` (plus `scratchc_arguments`),
/// runs both, and asserts that they print the same bytes and exit with the
/// same code. Returns the seconds the Scratch run took.
pub fn check_against_native(name: &str, source: &Path, native: &NativeBuild, scratchc_arguments: &[&str]) -> f64 {
    require_plugin();
    let folder = tempfile::tempdir().expect("creating a temporary folder failed");
    let NativeRun { stdout: native_stdout, code: native_code } = run_native(name, source, native, folder.path());

    let project = folder.path().join(format!("{name}.sb3"));
    let built = Command::new(scratchc())
        .arg("cc")
        .arg(source)
        .args(scratchc_arguments)
        .arg("-o")
        .arg(&project)
        .output()
        .unwrap();
    assert_success("scratchc cc", &built);

    let started = Instant::now();
    let mut run = Command::new(scratchc());
    run.arg("run").arg("--timeout").arg(RUN_TIMEOUT_SECONDS.to_string()).arg(&project);
    let limit = Duration::from_secs(RUN_TIMEOUT_SECONDS + 60);
    let (scratch_status, scratch_stdout, scratch_stderr) = run_captured(run, folder.path(), "scratch", limit);
    let scratch_status = scratch_status.unwrap_or_else(|| panic!("scratchc run did not stop within {} s", limit.as_secs()));
    let scratch_code = scratch_status.code().unwrap_or_else(|| panic!("scratchc run was killed: {scratch_status}"));
    let seconds = started.elapsed().as_secs_f64();
    eprintln!("{name}: Scratch run took {seconds:.1} s");

    let same_output = native_stdout == scratch_stdout;
    assert!(
        same_output && native_code == scratch_code,
        "{name}: the native and Scratch runs differ ({})\n\
         native exit code {native_code}, Scratch exit code {scratch_code}\n\
         --- native stdout ---\n{native_stdout}\
         --- Scratch stdout ---\n{scratch_stdout}\
         --- Scratch stderr ---\n{scratch_stderr}",
        if same_output { "same output".to_string() } else { first_difference(&native_stdout, &scratch_stdout) },
    );
    seconds
}

/// Returns the C programs in `folder` whose names are not in `programs`, so
/// that a test file can check it declares a test for each.
pub fn programs_without_test(folder: &Path, programs: &[&str]) -> Vec<String> {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|extension| extension.to_str()) != Some("c") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !programs.contains(&stem.as_str()) {
            missing.push(stem);
        }
    }
    missing
}
