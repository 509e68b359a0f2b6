//! scratch-structure-cfg: switches, irreducible cycles and loops with several
//! exits become the structured shape the backend expects, without changing
//! the program's output.

mod common;

use common::*;

#[test]
fn c_program_output_is_kept() {
    let text = check_c_program(
        "scratch-structure-cfg",
        "control",
        "structure_c_program_output_is_kept",
    );
    assert!(
        lines_containing(&text, " switch ").is_empty(),
        "switch survived"
    );
}

#[test]
fn irreducible_cycle_is_fixed() {
    let dir = scratch_dir("irreducible_cycle_is_fixed");
    let text = assert_same_native_output(
        "scratch-structure-cfg",
        &test_input("ir/irreducible.ll"),
        &test_input("ir/irreducible_driver.c"),
        &dir,
    );
    assert!(
        lines_containing(&text, " switch ").is_empty(),
        "switch survived:\n{text}"
    );
    assert!(
        text.contains("irr.guard"),
        "fix-irreducible did not run:\n{text}"
    );
}

#[test]
fn full_pipeline_keeps_output() {
    for (name, test_name) in [
        ("intrinsics", "full_pipeline_intrinsics"),
        ("memory", "full_pipeline_memory"),
        ("control", "full_pipeline_control"),
    ] {
        let text = check_c_program("scratch-normalize", name, test_name);
        assert!(text.contains("!scratchc.normalized"), "{name}: no mark");
        assert!(
            lines_containing(&text, " switch ").is_empty(),
            "{name}: switch survived"
        );
    }
}

/// A loop with two early returns leaves through one exit block after
/// unify-loop-exits, and the structure check accepts the result.
#[test]
fn loops_get_one_exit_block() {
    let dir = scratch_dir("loops_get_one_exit_block");
    let source = dir.join("exits.c");
    std::fs::write(
        &source,
        "int first_negative_or_big(const int *a, int n) {\n  for (int i = 0; i < n; i++) {\n    if (a[i] < 0) return -i;\n    if (a[i] > 100) return i;\n  }\n  return n;\n}\n",
    )
    .unwrap();
    let ir = dir.join("exits.ll");
    compile_to_ir(&source, &ir, &[]);

    let text = normalize(
        "scratch-structure-cfg",
        &ir,
        &dir.join("exits.normalized.ll"),
    );
    assert!(
        text.contains("loop.exit.guard"),
        "unify-loop-exits did not run:\n{text}"
    );
}
