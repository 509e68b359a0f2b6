//! The conformance suite: every C program in `tests/conformance/` is built
//! natively against glibc (`clang-19 -m32 -O2`) and for Scratch with
//! scratchc's own C library, and both runs must print the same bytes and
//! exit with the same code. A fixed subset also runs in TurboWarp.
//!
//! The Scratch runs need Node.js and the packages under `tests/`; the
//! TurboWarp runs need Debian's Chromium too. `scratchc cc` loads the pass
//! plugin from beside the `scratchc` binary: run `cargo build --workspace`
//! first, or `cargo test --workspace`.

use std::process::Command;
use std::time::{Duration, Instant};

mod common;

use common::compare::{check_against_native, first_difference, programs_without_test, run_captured, run_native, NativeBuild};
use common::{repo_root, require_plugin, scratchc};

fn source_of(name: &str) -> std::path::PathBuf {
    repo_root().join("tests").join("conformance").join(format!("{name}.c"))
}

/// `-mfpmath=sse`: without it, i386 code computes doubles in the x87's 80
/// bits, while Scratch's numbers are IEEE doubles like SSE2's.
fn native_build() -> NativeBuild {
    let arguments = ["-O2", "-std=c11", "-msse2", "-mfpmath=sse"];
    NativeBuild { arguments: arguments.iter().map(|argument| argument.to_string()).collect() }
}

fn check_program(name: &str) {
    check_against_native(name, &source_of(name), &native_build(), &[]);
}

/// Declares one test per program and `PROGRAMS`, the list of their names.
macro_rules! conformance_tests {
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

conformance_tests!(
    base64, bignum, bit_tricks, bitfields, char_arrays, char_short, conditionals_bool, crc32, divrem,
    double_arith, dynamic_memory, exit_status, function_tables, game_of_life, globals, int32_limits,
    int64_arith, int64_conversions, irreducible_goto, linked_list, loops_control, mandelbrot, math_library,
    matrix, nqueens, pointer_arith, printf_floats, printf_integers, qsort_records, recursion, return_seven,
    sha256, shifts32, shifts64, sieve, sorting, sprintf_buffers, string_functions, strtol_atoi, struct_values,
    switch_cases, tokenizer, varargs,
);

#[test]
fn every_program_has_a_test() {
    let missing = programs_without_test(&repo_root().join("tests").join("conformance"), PROGRAMS);
    assert!(missing.is_empty(), "add these programs to conformance_tests! in this file: {missing:?}");
}

/// The programs that also run in TurboWarp: a few of each kind, since each
/// run packages the project and starts Chromium.
const TURBOWARP_PROGRAMS: &[&str] =
    &["int64_arith", "printf_floats", "sha256", "linked_list", "irreducible_goto", "varargs", "recursion"];

#[test]
fn turbowarp_subset_matches_native() {
    require_plugin();
    let runner = repo_root().join("tests").join("vm").join("turbowarp.js");
    for name in TURBOWARP_PROGRAMS {
        let folder = tempfile::tempdir().unwrap();
        let native = run_native(name, &source_of(name), &native_build(), folder.path());

        let project = folder.path().join(format!("{name}.sb3"));
        let built = Command::new(scratchc())
            .args(["cc", "--target", "turbowarp"])
            .arg(source_of(name))
            .arg("-o")
            .arg(&project)
            .output()
            .unwrap();
        assert!(built.status.success(), "{name}: scratchc cc failed:\n{}", String::from_utf8_lossy(&built.stderr));
        let started = Instant::now();
        let mut run = Command::new("node");
        run.arg(&runner).arg(&project).args(["--timeout", "120"]);
        let (status, stdout, stderr) = run_captured(run, folder.path(), "turbowarp", Duration::from_secs(180));
        let code = status.and_then(|status| status.code()).expect("turbowarp.js ran to its end");
        eprintln!("{name}: TurboWarp run took {:.1} s", started.elapsed().as_secs_f64());
        assert!(
            stdout == native.stdout && code == native.code,
            "{name}: TurboWarp and native runs differ ({}), exit codes {code} and {}\n{stderr}",
            first_difference(&native.stdout, &stdout),
            native.code
        );
    }
}

/// Returns the `monitors` of a project's project.json.
fn project_monitors(project: &std::path::Path) -> Vec<serde_json::Value> {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(project).unwrap()).unwrap();
    let mut json = String::new();
    archive.by_name("project.json").unwrap().read_to_string(&mut json).unwrap();
    let project: serde_json::Value = serde_json::from_str(&json).unwrap();
    project["monitors"].as_array().unwrap().clone()
}

#[test]
fn printing_program_shows_stdout_on_stage() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    let printing = folder.path().join("printing.c");
    std::fs::write(&printing, "#include <stdio.h>\nint main(void) {\n    puts(\"hello\");\n    return 0;\n}\n").unwrap();
    let silent = folder.path().join("silent.c");
    std::fs::write(&silent, "int main(void) {\n    return 3;\n}\n").unwrap();

    for (source, shows_stdout) in [(&printing, true), (&silent, false)] {
        let project = source.with_extension("sb3");
        let built = Command::new(scratchc()).arg("cc").arg(source).arg("-o").arg(&project).output().unwrap();
        assert!(built.status.success(), "scratchc cc failed:\n{}", String::from_utf8_lossy(&built.stderr));
        let list_monitors: Vec<serde_json::Value> = project_monitors(&project)
            .into_iter()
            .filter(|monitor| monitor["opcode"] == "data_listcontents")
            .collect();
        if shows_stdout {
            assert_eq!(list_monitors.len(), 1, "expected one list monitor: {list_monitors:?}");
            assert_eq!(list_monitors[0]["params"]["LIST"], "stdout");
            assert_eq!(list_monitors[0]["visible"], true);
        } else {
            assert!(list_monitors.is_empty(), "a program that prints nothing shows a list: {list_monitors:?}");
        }
    }
}
