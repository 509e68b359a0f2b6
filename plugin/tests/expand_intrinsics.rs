//! scratch-expand-intrinsics: expanded intrinsics leave no calls behind, kept
//! ones stay, the program's output does not change, and memory intrinsics
//! that do not cover whole cells are rejected.

mod common;

use common::*;

const EXPANDED: [&str; 17] = [
    "@llvm.umin",
    "@llvm.umax",
    "@llvm.smin",
    "@llvm.smax",
    "@llvm.abs",
    "@llvm.fmuladd",
    "@llvm.fma",
    "@llvm.minnum",
    "@llvm.maxnum",
    "@llvm.trunc",
    "@llvm.ctpop",
    "@llvm.ctlz",
    "@llvm.cttz",
    "@llvm.bswap",
    "@llvm.fshl",
    "@llvm.memcpy",
    "@llvm.memset",
];

#[test]
fn expansion_keeps_program_output() {
    let text = check_c_program(
        "scratch-expand-intrinsics",
        "intrinsics",
        "expansion_keeps_program_output",
    );
    for name in EXPANDED {
        let left = lines_containing(&text, name);
        assert!(left.is_empty(), "{name} survived: {left:?}");
    }
}

#[test]
fn original_uses_the_intrinsics() {
    let dir = scratch_dir("original_uses_the_intrinsics");
    let ir = dir.join("intrinsics.ll");
    compile_to_ir(&test_input("c/intrinsics.c"), &ir, &[]);
    let text = std::fs::read_to_string(&ir).unwrap();
    for name in EXPANDED {
        assert!(
            text.contains(name),
            "intrinsics.c no longer produces {name}, so the expansion test misses it"
        );
    }
}

#[test]
fn memmove_is_expanded() {
    let text = check_c_program(
        "scratch-expand-intrinsics",
        "intrinsics",
        "memmove_is_expanded",
    );
    assert!(
        lines_containing(&text, "@llvm.memmove").is_empty(),
        "memmove survived"
    );
    assert!(
        text.contains("cells.down"),
        "memmove has no downward copy loop:\n{text}"
    );
}

#[test]
fn trunc_uses_kept_intrinsics() {
    let text = check_c_program(
        "scratch-expand-intrinsics",
        "intrinsics",
        "trunc_uses_kept_intrinsics",
    );
    assert!(
        text.contains("@llvm.floor.f64"),
        "trunc expansion lost floor"
    );
    assert!(text.contains("@llvm.ceil.f64"), "trunc expansion lost ceil");
}

#[test]
fn odd_memcpy_is_rejected() {
    let dir = scratch_dir("odd_memcpy_is_rejected");
    let output = run_opt(
        "scratch-expand-intrinsics",
        &test_input("ir/odd_memcpy.ll"),
        &dir.join("out.ll"),
    );
    let stderr = assert_clean_failure(&output);
    assert!(
        stderr.contains("error: scratchc: in function 'copy_six'"),
        "{stderr}"
    );
    assert!(stderr.contains("length of 6 bytes"), "{stderr}");
    assert!(stderr.contains("@llvm.memcpy.p0.p0.i32"), "{stderr}");
}

#[test]
fn unsupported_intrinsic_is_rejected() {
    let dir = scratch_dir("unsupported_intrinsic_is_rejected");
    let output = run_opt(
        "scratch-expand-intrinsics",
        &test_input("ir/unsupported_intrinsic.ll"),
        &dir.join("out.ll"),
    );
    let stderr = assert_clean_failure(&output);
    assert!(
        stderr.contains("intrinsic llvm.sadd.with.overflow.i32 is not supported"),
        "{stderr}"
    );
    assert!(stderr.contains("in function 'checked_add'"), "{stderr}");
}

/// With SSE2 the vectorizers emit vector code and `llvm.vector.reduce.*`;
/// the full pipeline leaves only scalars and keeps the output.
#[test]
fn vector_code_is_scalarized() {
    let dir = scratch_dir("vector_code_is_scalarized");
    let ir = dir.join("vectors.ll");
    compile_to_ir(&test_input("c/vectors.c"), &ir, &["-msse2"]);
    let original = std::fs::read_to_string(&ir).unwrap();
    assert!(
        original.contains("@llvm.vector.reduce.add"),
        "vectors.c is no longer vectorized, so this test proves nothing"
    );

    let text = assert_same_native_output(
        "scratch-normalize",
        &ir,
        &test_input("c/vectors_driver.c"),
        &dir,
    );
    let vector_lines: Vec<&str> = text
        .lines()
        .filter(|line| line.contains(" x i32>") || line.contains(" x float>"))
        .collect();
    assert!(
        vector_lines.is_empty(),
        "vector code survived: {vector_lines:?}"
    );
}
