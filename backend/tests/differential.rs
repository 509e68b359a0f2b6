//! Differential tests: every C program in `tests/c/` runs natively and in
//! Scratch, and both runs must print the same lines and exit with the same code.
//!
//! The native build is `clang-19 -m32 -O2 -I c_src PROGRAM.c -lm`, the 32-bit
//! data model that the Scratch build shares. The Scratch build is `scratchc cc`
//! followed by `scratchc run` in the headless scratch-vm (Node.js and the
//! packages under `tests/` must be installed).
//!
//! `scratchc cc` loads the pass plugin `libscratchc_plugin.so` from beside the
//! `scratchc` binary, and `cargo test -p scratchc` does not build it: run
//! `cargo build --workspace` first (or `cargo test --workspace`), or point
//! `SCRATCHC_PLUGIN` at a built plugin.

use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::{repo_root as repository_root, require_plugin, scratchc};

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
fn run_captured(mut command: Command, folder: &Path, name: &str, limit: Duration) -> (Option<ExitStatus>, String, String) {
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
fn first_difference(expected: &str, actual: &str) -> String {
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

/// Builds and runs `tests/c/{name}.c` natively and in Scratch and compares the runs.
fn check_program(name: &str) {
    require_plugin();
    let root = repository_root();
    let source = root.join("tests").join("c").join(format!("{name}.c"));
    assert!(source.is_file(), "{} is missing", source.display());
    let folder = tempfile::tempdir().expect("creating a temporary folder failed");

    let native = folder.path().join(name);
    let compiled = Command::new("clang-19")
        .args(["-m32", "-O2", "-I"])
        .arg(root.join("c_src"))
        .arg(&source)
        .arg("-o")
        .arg(&native)
        .arg("-lm")
        .output()
        .expect("running clang-19 failed; install clang-19 and the 32-bit C library (libc6-dev-i386)");
    assert_success("the native build (clang-19 -m32)", &compiled);
    let (native_status, native_stdout, native_stderr) =
        run_captured(Command::new(&native), folder.path(), "native", Duration::from_secs(60));
    let native_status = native_status.expect("the native program timed out after 60 s");
    let native_code = native_status.code().unwrap_or_else(|| panic!("the native program was killed: {native_status}"));
    assert!(
        native_stdout.lines().count() >= 3,
        "the native run printed fewer than 3 lines, too little to compare:\n{native_stdout}{native_stderr}"
    );

    let project = folder.path().join(format!("{name}.sb3"));
    let built = Command::new(scratchc()).arg("cc").arg(&source).arg("-o").arg(&project).output().unwrap();
    assert_success("scratchc cc", &built);

    let started = Instant::now();
    let mut run = Command::new(scratchc());
    run.arg("run").arg("--timeout").arg(RUN_TIMEOUT_SECONDS.to_string()).arg(&project);
    let limit = Duration::from_secs(RUN_TIMEOUT_SECONDS + 60);
    let (scratch_status, scratch_stdout, scratch_stderr) = run_captured(run, folder.path(), "scratch", limit);
    let scratch_status = scratch_status.unwrap_or_else(|| panic!("scratchc run did not stop within {} s", limit.as_secs()));
    let scratch_code = scratch_status.code().unwrap_or_else(|| panic!("scratchc run was killed: {scratch_status}"));
    eprintln!("{name}: Scratch run took {:.1} s", started.elapsed().as_secs_f64());

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
}

/// Declares one test per program in `tests/c/` and `PROGRAMS`, the list of their names.
macro_rules! differential_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_program(stringify!($name));
            }
        )*

        const PROGRAMS: &[&str] = &[$(stringify!($name)),*];
    };
}

differential_tests!(
    arrays, bitwise, calls, counted_loops, divrem, early_exit, floats, function_pointers, int64, intrinsics, irreducible, loops, recursion, shifts, sieve, sort, structs, switch_fsm, wrap32,
);

#[test]
fn every_program_has_a_test() {
    let folder = repository_root().join("tests").join("c");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|ext| ext.to_str()) != Some("c") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !PROGRAMS.contains(&stem.as_str()) {
            missing.push(stem);
        }
    }
    assert!(missing.is_empty(), "add these programs to differential_tests! in this file: {missing:?}");
}

#[test]
fn build_is_reproducible() {
    require_plugin();
    let source = repository_root().join("tests/c/counted_loops.c");
    let mut builds = Vec::new();
    // The same output name each time: it names the sprite.
    for _ in 0..2 {
        let folder = tempfile::tempdir().unwrap();
        let project = folder.path().join("program.sb3");
        let output = Command::new(scratchc())
            .arg("cc")
            .arg(&source)
            .arg("-o")
            .arg(&project)
            .output()
            .expect("failed to start scratchc");
        assert!(output.status.success(), "scratchc cc failed:\n{}", String::from_utf8_lossy(&output.stderr));
        builds.push(std::fs::read(&project).unwrap());
    }
    assert!(builds[0] == builds[1], "two builds of the same C file differ");
}
