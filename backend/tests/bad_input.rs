//! Bad input to `scratchc cc` and `scratchc build`: each case must exit with
//! code 2, print one `scratchc: error: ...` line that names the problem,
//! create no file, and leave an existing output file as it was.
//!
//! The `cc` cases load the pass plugin from beside the `scratchc` binary, which
//! `cargo test -p scratchc` does not build: run `cargo build --workspace` first
//! (or `cargo test --workspace`), or set `SCRATCHC_PLUGIN`.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{repo_root as repository_root, require_plugin};

const PREVIOUS_OUTPUT: &[u8] = b"an earlier build's output, which a failed build must keep";

const GOOD_PROGRAM: &str = r#"#include "scratch.h"
int main(void) {
    scratch_print_int(7);
    scratch_print_newline();
    return 0;
}
"#;

/// Runs scratchc with `args` in `folder`, so messages show the short relative paths.
fn run_scratchc(folder: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scratchc")).args(args).current_dir(folder).output().unwrap()
}

/// Returns the names of the entries of `folder`, to spot files a run left behind.
fn folder_entries(folder: &Path) -> BTreeSet<String> {
    fs::read_dir(folder).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

/// Asserts exit code 2 and an error message whose first line contains every
/// key word. Returns stderr's lines so the caller can check how many there are.
fn assert_rejected(output: &Output, key_words: &[&str]) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(2), "expected exit code 2\nstdout:\n{stdout}\nstderr:\n{stderr}");
    let reports_written = |text: &str| text.lines().any(|line| line.starts_with("wrote "));
    assert!(!reports_written(&stdout), "stdout reports a written file:\n{stdout}");
    assert!(!reports_written(&stderr), "stderr reports a written file:\n{stderr}");

    let lines: Vec<String> = stderr.lines().map(str::to_string).collect();
    let first = lines.first().map(String::as_str).unwrap_or("");
    assert!(first.starts_with("scratchc: error: "), "stderr does not start with `scratchc: error: `:\n{stderr}");
    for key_word in key_words {
        assert!(first.contains(key_word), "the message lacks {key_word:?}:\n{stderr}");
    }
    lines
}

/// Asserts that the message line is followed by the C source line it names,
/// with a caret under the call, and nothing else.
fn assert_source_snippet(lines: &[String], location: &str, source_line: &str) {
    let shown = lines.join("\n");
    assert_eq!(lines.len(), 5, "expected the message and a 4-line source snippet:\n{shown}");
    assert!(lines[1].contains(&format!("--> {location}")), "the snippet does not name {location}:\n{shown}");
    assert!(lines[3].ends_with(source_line), "the snippet does not show {source_line:?}:\n{shown}");
    assert!(lines[4].trim_end().ends_with('^'), "the snippet has no caret line:\n{shown}");
}

fn assert_one_line(lines: &[String]) {
    assert_eq!(lines.len(), 1, "expected a one-line message, got {} lines:\n{}", lines.len(), lines.join("\n"));
}

/// Runs `args` in `folder` twice, first with no file at `output` and then
/// with one there. Checks each run with `check`, that the first run created
/// no file at all, and that the second left the existing file unchanged.
fn assert_no_output_written(folder: &Path, output: &str, args: &[&str], check: impl Fn(&Output)) {
    let output_path = folder.join(output);
    assert!(!output_path.exists(), "{output} exists before the first run");
    let before = folder_entries(folder);
    check(&run_scratchc(folder, args));
    assert!(!output_path.exists(), "the failed run created {output}");
    assert_eq!(folder_entries(folder), before, "the failed run left files behind");

    if let Some(parent) = output_path.parent().filter(|parent| !parent.is_dir()) {
        // An output in a missing folder cannot pre-exist, and the run must not create the folder.
        assert!(!parent.exists(), "the failed run created {}", parent.display());
        return;
    }
    fs::write(&output_path, PREVIOUS_OUTPUT).unwrap();
    let before = folder_entries(folder);
    check(&run_scratchc(folder, args));
    assert_eq!(fs::read(&output_path).unwrap(), PREVIOUS_OUTPUT, "the failed run changed the existing {output}");
    assert_eq!(folder_entries(folder), before, "the failed run left files behind");
}

#[test]
fn unnormalized_ir_rejected() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("program.c"), GOOD_PROGRAM).unwrap();
    let compiled = Command::new("clang-19")
        .args(["--target=i386-none-elf", "-O2", "-emit-llvm", "-c", "-I"])
        .arg(repository_root().join("c_src"))
        .args(["program.c", "-o", "program.bc"])
        .current_dir(folder.path())
        .output()
        .expect("running clang-19 failed; install clang-19");
    assert!(compiled.status.success(), "clang-19 failed:\n{}", String::from_utf8_lossy(&compiled.stderr));

    assert_no_output_written(folder.path(), "out.sb3", &["build", "program.bc", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["program.bc", "not normalized", "scratchc cc", "scratch-normalize"]);
        assert_one_line(&lines);
    });
}

#[test]
fn function_missing_from_the_library_rejected() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    let source = "#include <stdio.h>\nFILE *fopen(const char *path, const char *mode);\n\
                  int main(void) {\n    fopen(\"data.txt\", \"r\");\n    return 0;\n}\n";
    fs::write(folder.path().join("calls_fopen.c"), source).unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["cc", "calls_fopen.c", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["calls_fopen.c:4:", "unknown external function `fopen`", "C library"]);
        assert_source_snippet(&lines, "calls_fopen.c:4:5", "fopen(\"data.txt\", \"r\");");
    });
}

#[test]
fn clang_error_reported_in_one_line() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    let source = "int main(void) {\n    int x = 1;\n    return x\n}\nint g(void) { return y; }\n";
    fs::write(folder.path().join("typo.c"), source).unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["cc", "typo.c", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["typo.c:3:13:", "expected ';'", "the first of 2 errors"]);
        assert_source_snippet(&lines, "typo.c:3:13", "return x");
    });
}

#[test]
fn scratch_function_address_rejected() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    let source = "#include \"scratch.h\"\ndouble (*round_it)(double) = scratch_round;\n\
                  int main(void) {\n    scratch_print_int((int)round_it(2.5));\n    return 0;\n}\n";
    fs::write(folder.path().join("round_pointer.c"), source).unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["cc", "round_pointer.c", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["pointer to `scratch_round`", "Scratch blocks", "call `scratch_round` directly"]);
        assert_one_line(&lines);
    });
}

#[test]
fn undefined_extern_function_rejected() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    let source = "#include \"scratch.h\"\nextern int foo(int x);\n\
                  int main(void) {\n    scratch_print_int(foo(3));\n    scratch_print_newline();\n    return 0;\n}\n";
    fs::write(folder.path().join("calls_foo.c"), source).unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["cc", "calls_foo.c", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["calls_foo.c:4:", "unknown external function `foo`"]);
        assert_source_snippet(&lines, "calls_foo.c:4:", "scratch_print_int(foo(3));");
    });
}

#[test]
fn empty_bitcode_file_rejected() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("empty.bc"), b"").unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["build", "empty.bc", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["empty.bc", "is empty", "LLVM IR"]);
        assert_one_line(&lines);
    });
}

#[test]
fn empty_text_ir_file_rejected() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("empty.ll"), b"").unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["build", "empty.ll", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["empty.ll", "is empty", "LLVM IR"]);
        assert_one_line(&lines);
    });
}

#[test]
fn text_that_is_not_ir_rejected() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("notes.ll"), "hello, this is not LLVM IR\n").unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["build", "notes.ll", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["notes.ll", "not valid LLVM 19 IR", "notes.ll:1:1"]);
        assert_one_line(&lines);
    });
}

#[test]
fn object_file_as_bitcode_rejected() {
    // A native object file named .bc: binary input that is not LLVM bitcode.
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("program.c"), GOOD_PROGRAM).unwrap();
    let compiled = Command::new("clang-19")
        .args(["-m32", "-c", "-I"])
        .arg(repository_root().join("c_src"))
        .args(["program.c", "-o", "object.bc"])
        .current_dir(folder.path())
        .output()
        .expect("running clang-19 failed; install clang-19");
    assert!(compiled.status.success(), "clang-19 failed:\n{}", String::from_utf8_lossy(&compiled.stderr));

    assert_no_output_written(folder.path(), "out.sb3", &["build", "object.bc", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["object.bc", "neither LLVM bitcode nor LLVM IR text"]);
        // Quoting a line of a binary file would print raw bytes to the terminal.
        assert_one_line(&lines);
    });
}

#[test]
fn output_folder_missing_rejected() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("program.c"), GOOD_PROGRAM).unwrap();

    let args = ["cc", "program.c", "-o", "no_such_folder/out.sb3"];
    assert_no_output_written(folder.path(), "no_such_folder/out.sb3", &args, |output| {
        let lines = assert_rejected(output, &["no_such_folder/out.sb3", "no_such_folder", "does not exist"]);
        assert_one_line(&lines);
    });
}

#[test]
fn wrong_output_extension_rejected() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("program.c"), GOOD_PROGRAM).unwrap();

    for output_name in ["out.txt", "out", "out.sb2"] {
        let args = ["cc", "program.c", "-o", output_name];
        assert_no_output_written(folder.path(), output_name, &args, |output| {
            let lines = assert_rejected(output, &[output_name, "must end in .sb3", ".sprite3"]);
            assert_one_line(&lines);
        });
    }
}

#[test]
fn missing_source_rejected() {
    let folder = tempfile::tempdir().unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["cc", "missing.c", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["cannot read missing.c", "no such file"]);
        assert_one_line(&lines);
    });
}

#[test]
fn missing_ir_file_rejected() {
    let folder = tempfile::tempdir().unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["build", "missing.bc", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["cannot read missing.bc"]);
        let message = lines[0].to_lowercase();
        assert!(message.contains("no such file"), "the message does not say the file is missing: {}", lines[0]);
        assert_one_line(&lines);
    });
}

#[test]
fn program_without_entry_point_rejected() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("library.c"), "int twice(int x) { return 2 * x; }\n").unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["cc", "library.c", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["no `main`", "SCRATCH_WHEN_FLAG_CLICKED"]);
        assert_one_line(&lines);
    });
}

#[test]
fn run_rejects_c_source() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("program.c"), GOOD_PROGRAM).unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_scratchc"))
        .args(["run", "program.c"])
        .current_dir(folder.path())
        .output()
        .expect("failed to start scratchc");
    let lines = assert_rejected(&output, &["program.c", "not a Scratch project", ".sb3"]);
    assert_one_line(&lines);
}

#[test]
fn ir_from_a_newer_llvm_rejected() {
    // `samesign` on icmp first appeared in LLVM 20's IR.
    let folder = tempfile::tempdir().unwrap();
    let ir = "define i32 @main() {\n  %c = icmp samesign ult i32 1, 2\n  ret i32 0\n}\n";
    fs::write(folder.path().join("newer.ll"), ir).unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["build", "newer.ll", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["newer.ll", "not valid LLVM 19 IR", "newer.ll:2"]);
        assert_one_line(&lines);
    });
}

#[test]
fn internal_error_exits_with_one() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("good.c"), GOOD_PROGRAM).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_scratchc"))
        .args(["cc", "good.c", "-o", "out.sb3"])
        .current_dir(folder.path())
        .env("SCRATCHC_DEBUG_PANIC", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("scratchc: internal error: "), "{stderr}");
    assert!(stderr.contains("please report it"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "expected one line, got {stderr}");
    assert!(!folder.path().join("out.sb3").exists(), "the failed run created out.sb3");
}

#[test]
fn char_array_rejected_in_words_layout_with_source_line() {
    // The words layout has no byte addresses: the plugin rejects the char
    // accesses, and scratchc shows its first error as one line and the C line.
    let folder = tempfile::tempdir().unwrap();
    let program = "#include \"scratch.h\"\nchar text[8];\nint main(void) {\n    text[1] = 'a';\n    return text[1];\n}\n";
    fs::write(folder.path().join("chars.c"), program).unwrap();

    let arguments = ["cc", "chars.c", "--layout", "words", "-o", "out.sb3"];
    assert_no_output_written(folder.path(), "out.sb3", &arguments, |output| {
        let lines = assert_rejected(output, &["chars.c:4:", "in function 'main'", "not a multiple of 4", "--layout bytes"]);
        assert_source_snippet(&lines, "chars.c:4:", "    text[1] = 'a';");
    });
}

#[test]
fn memory_beyond_limit_rejected() {
    // 20,000,000 ints: more than the 2^24 list items scratchc allows.
    let folder = tempfile::tempdir().unwrap();
    let program = "#include \"scratch.h\"\nint big[20000000];\nint main(void) {\n    big[5] = 3;\n    return big[5];\n}\n";
    fs::write(folder.path().join("big.c"), program).unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["cc", "big.c", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["20000000 memory cells", "`big`", "16777216", "make the global arrays smaller"]);
        assert_one_line(&lines);
    });
}

#[test]
fn truncated_bitcode_rejected() {
    // Real bitcode of a good program, cut in half.
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("program.c"), GOOD_PROGRAM).unwrap();
    let compiled = run_scratchc(folder.path(), &["cc", "program.c", "--keep-bitcode", "whole.bc", "-o", "whole.sb3"]);
    assert!(compiled.status.success(), "scratchc cc failed:\n{}", String::from_utf8_lossy(&compiled.stderr));
    let bitcode = fs::read(folder.path().join("whole.bc")).unwrap();
    fs::write(folder.path().join("half.bc"), &bitcode[..bitcode.len() / 2]).unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["build", "half.bc", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["half.bc"]);
        assert_one_line(&lines);
    });
}

#[test]
fn run_names_itself_in_runner_errors() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("program.c"), GOOD_PROGRAM).unwrap();
    let built = run_scratchc(folder.path(), &["cc", "program.c", "-o", "program.sb3"]);
    assert!(built.status.success(), "scratchc cc failed:\n{}", String::from_utf8_lossy(&built.stderr));

    let output = run_scratchc(folder.path(), &["run", "program.sb3", "--set", "nope=1"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr, "scratchc run: --set nope: the project has no variable named \"nope\"\n");
}

/// C that scratchc cannot compile: each program, the words its one-line
/// message must contain, and the C location it must name when clang's line
/// tables have one.
const UNSUPPORTED_CONSTRUCTS: &[(&str, &str, &[&str], Option<&str>)] = &[
    (
        "vla.c",
        "int sum(int n) {\n    int values[n];\n    for (int i = 0; i < n; i++) values[i] = i * i;\n    int s = 0;\n    for (int i = 0; i < n; i++) s += values[i] ^ values[n - 1 - i];\n    return s;\n}\nint main(void) { return sum(5); }\n",
        &["in function `sum`", "variable-length arrays are not supported"],
        Some("vla.c:2:"),
    ),
    (
        "pun.c",
        "#include <string.h>\nunsigned bits_of(float x) {\n    unsigned u;\n    memcpy(&u, &x, sizeof u);\n    return u;\n}\nint main(void) { return (int)(bits_of(1.5f) >> 24); }\n",
        &["in function `bits_of`", "reading the bits of a floating-point value", "from float to i32"],
        Some("pun.c:4:"),
    ),
    (
        "extern.c",
        "long time(long *t);\nint main(void) {\n    return (int)time(0);\n}\n",
        &["in function `main`", "unknown external function `time`"],
        Some("extern.c:3:"),
    ),
    (
        "asm.c",
        "int main(void) {\n    int x = 1;\n    __asm__ volatile(\"\" : \"+r\"(x));\n    return x;\n}\n",
        &["in function `main`", "inline assembly is not supported"],
        Some("asm.c:3:"),
    ),
    (
        "atomic.c",
        "int counter;\nint main(void) {\n    __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);\n    return counter;\n}\n",
        &["in function `main`", "atomicrmw", "is not supported"],
        Some("atomic.c:3:"),
    ),
    (
        "long_double.c",
        "long double half(long double x) { return x / 2; }\nint main(void) {\n    volatile long double y = 3;\n    return (int)half(y);\n}\n",
        &["`long double` values are not supported; use `double`", "function `half`"],
        None,
    ),
    (
        "long_double_constant.c",
        "#include <stdio.h>\nint main(void) {\n    printf(\"%Lf\\n\", 1.0L);\n    return 0;\n}\n",
        &["in function `main`", "`long double` values are not supported; use `double`"],
        Some("long_double_constant.c:3:"),
    ),
    (
        "computed_goto.c",
        "int run(int n) {\n    static void *labels[] = {&&even, &&odd};\n    int count = 0;\nagain:\n    if (n == 0) return count;\n    goto *labels[n & 1];\neven:\n    count += 2; n--; goto again;\nodd:\n    count += 1; n--; goto again;\n}\nint main(void) { return run(7); }\n",
        &["in function 'run'", "indirect branches (computed goto) are not supported"],
        None,
    ),
];

#[test]
fn unsupported_constructs_are_named_with_their_line() {
    for (file, program, key_words, location) in UNSUPPORTED_CONSTRUCTS {
        let folder = tempfile::tempdir().unwrap();
        fs::write(folder.path().join(file), program).unwrap();
        assert_no_output_written(folder.path(), "out.sb3", &["cc", file, "-o", "out.sb3"], |output| {
            let lines = assert_rejected(output, key_words);
            match location {
                Some(location) => assert!(
                    lines[0].starts_with(&format!("scratchc: error: {location}")),
                    "{file}: the message does not start with {location}:\n{}",
                    lines.join("\n")
                ),
                None => assert_one_line(&lines),
            }
        });
    }
}

#[test]
fn source_that_is_not_c_rejected() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("plain.h"), "int main(void) { return 4; }\n").unwrap();

    assert_no_output_written(folder.path(), "out.sb3", &["cc", "plain.h", "-o", "out.sb3"], |output| {
        let lines = assert_rejected(output, &["plain.h is not a C source file", "files that end in .c"]);
        assert_one_line(&lines);
    });
}
