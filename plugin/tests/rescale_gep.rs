//! scratch-rescale-gep: byte-offset GEPs become 32-bit-cell GEPs without
//! changing the program's output. Byte accesses and unprovable offsets are
//! compile errors that name the function, the instruction and the C line.

mod common;

use std::fs;
use std::process::Command;

use common::*;

fn byte_geps(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| {
            line.contains("getelementptr i8,")
                || line.contains("getelementptr inbounds i8,")
                || line.contains("getelementptr (i8,")
                || line.contains("getelementptr inbounds (i8,")
        })
        .collect()
}

#[test]
fn c_program_output_is_kept() {
    let dir = scratch_dir("c_program_output_is_kept");
    let ir = dir.join("memory.ll");
    compile_to_ir(&test_input("c/memory.c"), &ir, &[]);
    let original = fs::read_to_string(&ir).unwrap();
    assert!(
        !byte_geps(&original).is_empty(),
        "memory.c has no byte GEPs, so this test proves nothing"
    );

    let text = assert_same_native_output(
        "scratch-rescale-gep",
        &ir,
        &test_input("c/memory_driver.c"),
        &dir,
    );
    assert!(
        byte_geps(&text).is_empty(),
        "byte GEPs survived: {:?}",
        byte_geps(&text)
    );
}

#[test]
fn provable_offsets_are_rescaled() {
    let dir = scratch_dir("provable_offsets_are_rescaled");
    let text = assert_same_native_output(
        "scratch-rescale-gep",
        &test_input("ir/provable_offsets.ll"),
        &test_input("ir/provable_offsets_driver.c"),
        &dir,
    );
    assert!(
        byte_geps(&text).is_empty(),
        "byte GEPs survived: {:?}",
        byte_geps(&text)
    );
    assert!(
        text.contains("@third = global ptr getelementptr (i32, ptr getelementptr (i32, ptr @cells, i32 2), i32 1)"),
        "nested constant GEP not rescaled:\n{text}"
    );
    assert!(
        text.contains("getelementptr inbounds i32, ptr %p, i32 %i"),
        "shl by 2 not folded away:\n{text}"
    );
}

#[test]
fn unprovable_offset_is_rejected() {
    let dir = scratch_dir("unprovable_offset_is_rejected");
    let output = run_opt(
        "scratch-rescale-gep",
        &test_input("ir/unprovable_gep.ll"),
        &dir.join("out.ll"),
    );
    let stderr = assert_clean_failure(&output);
    assert!(
        stderr.contains("error: scratchc: in function 'at_offset'"),
        "{stderr}"
    );
    assert!(stderr.contains("not provably a multiple of 4"), "{stderr}");
    assert!(
        stderr.contains("%q = getelementptr inbounds i8, ptr %p, i32 %bytes"),
        "{stderr}"
    );
    assert!(stderr.contains("build with -g"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "expected one line:\n{stderr}");
}

#[test]
fn byte_load_is_rejected() {
    let dir = scratch_dir("byte_load_is_rejected");
    let output = run_opt(
        "scratch-rescale-gep",
        &test_input("ir/i8_load.ll"),
        &dir.join("out.ll"),
    );
    let stderr = assert_clean_failure(&output);
    assert!(
        stderr.contains("in function 'first_byte': load of i8 is not supported"),
        "{stderr}"
    );
    assert!(stderr.contains("%b = load i8, ptr %p"), "{stderr}");
}

/// Through clang with -g, the error names the C file and line, and no
/// output file is left behind.
#[test]
fn clang_error_names_source_line() {
    let dir = scratch_dir("clang_error_names_source_line");
    let source = dir.join("bytes.c");
    fs::write(&source, "// A byte array.\nint byte_sum(const char *p, int n) {\n  int s = 0;\n  for (int i = 0; i < n; i++)\n    s += p[i];\n  return s;\n}\n").unwrap();
    let output_file = dir.join("bytes.bc");
    let output = run(Command::new(CLANG)
        .env("SCRATCHC_LAYOUT", "words")
        .args([SCRATCH_TARGET, "-O2", "-g", "-emit-llvm", "-c"])
        .arg(format!("-fpass-plugin={}", plugin_path().display()))
        .arg(&source)
        .arg("-o")
        .arg(&output_file));

    let stderr = assert_clean_failure(&output);
    assert!(
        stderr.contains("bytes.c:5:"),
        "no C source line in:\n{stderr}"
    );
    assert!(stderr.contains("in function 'byte_sum'"), "{stderr}");
    assert!(stderr.contains("getelementptr"), "{stderr}");
    assert!(
        !output_file.exists(),
        "clang left an output file after the error"
    );
}
