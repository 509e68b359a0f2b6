//! The plugin loads into opt-19 and clang-19, registers its pipeline names,
//! marks normalized modules, and leaves native builds alone.

mod common;

use std::fs;
use std::process::Command;

use common::*;

const TRIVIAL_C: &str = "int triple(int x) { return 3 * x; }\n";

#[test]
fn opt_accepts_every_pipeline_name() {
    let dir = scratch_dir("opt_accepts_every_pipeline_name");
    let source = dir.join("trivial.c");
    fs::write(&source, TRIVIAL_C).unwrap();
    let ir = dir.join("trivial.ll");
    compile_to_ir(&source, &ir, &[]);

    for name in [
        "scratch-normalize",
        "scratch-expand-intrinsics",
        "scratch-rescale-gep",
        "scratch-structure-cfg",
    ] {
        let output = run_opt(name, &ir, &dir.join(format!("{name}.ll")));
        assert_success(&output, &format!("opt -passes={name}"));
    }
}

#[test]
fn opt_rejects_unknown_pipeline_name() {
    let dir = scratch_dir("opt_rejects_unknown_pipeline_name");
    let source = dir.join("trivial.c");
    fs::write(&source, TRIVIAL_C).unwrap();
    let ir = dir.join("trivial.ll");
    compile_to_ir(&source, &ir, &[]);

    let output = run_opt("scratch-no-such-pass", &ir, &dir.join("out.ll"));
    assert!(
        !output.status.success(),
        "opt accepted an unknown pass name"
    );
}

#[test]
fn normalize_adds_layout_mark() {
    let dir = scratch_dir("normalize_adds_layout_mark");
    let source = dir.join("trivial.c");
    fs::write(&source, TRIVIAL_C).unwrap();
    let ir = dir.join("trivial.ll");
    compile_to_ir(&source, &ir, &[]);

    let text = normalize("scratch-normalize", &ir, &dir.join("normalized.ll"));
    let mark = lines_containing(&text, "!scratchc.normalized = !{");
    assert_eq!(mark.len(), 1, "expected one mark in:\n{text}");
    let node = mark[0]
        .trim_start_matches("!scratchc.normalized = !{")
        .trim_end_matches('}');
    assert!(
        text.contains(&format!("{node} = !{{!\"words\", i32 2}}")),
        "mark node {node} is not words/2:\n{text}"
    );
}

/// Returns the layout named by the normalized mark of `text`.
fn marked_layout(text: &str) -> String {
    let mark = lines_containing(text, "!scratchc.normalized = !{");
    assert_eq!(mark.len(), 1, "expected one mark in:\n{text}");
    let node = mark[0].trim_start_matches("!scratchc.normalized = !{").trim_end_matches('}');
    let definition = lines_containing(text, &format!("{node} = !{{"));
    let definition = definition.first().unwrap_or_else(|| panic!("no node {node} in:\n{text}"));
    definition.split('"').nth(1).unwrap_or_default().to_string()
}

#[test]
fn auto_layout_follows_char_memory() {
    let dir = scratch_dir("auto_layout_follows_char_memory");
    let programs = [
        ("ints.c", "int a[4];\nint get(int i) { return a[i]; }\n", "words"),
        ("chars.c", "char a[4];\nint get(int i) { return a[i]; }\n", "bytes"),
    ];
    for (name, source_text, expected) in programs {
        let source = dir.join(name);
        fs::write(&source, source_text).unwrap();
        let ir = dir.join(format!("{name}.ll"));
        compile_to_ir(&source, &ir, &[]);
        let output = dir.join(format!("{name}.normalized.ll"));
        assert_success(&run_opt_in_layout("auto", "scratch-normalize", &ir, &output), "opt in auto layout");
        let text = fs::read_to_string(&output).unwrap();
        assert_eq!(marked_layout(&text), expected, "layout of {name}");
    }
}

#[test]
fn unknown_layout_is_rejected() {
    let dir = scratch_dir("unknown_layout_is_rejected");
    let source = dir.join("trivial.c");
    fs::write(&source, TRIVIAL_C).unwrap();
    let ir = dir.join("trivial.ll");
    compile_to_ir(&source, &ir, &[]);
    let output = run_opt_in_layout("nibbles", "scratch-normalize", &ir, &dir.join("out.ll"));
    let message = assert_clean_failure(&output);
    assert!(
        message.contains("SCRATCHC_LAYOUT is `nibbles`; set it to words, bytes or auto"),
        "unexpected message: {message}"
    );
}

#[test]
fn single_passes_add_no_mark() {
    let dir = scratch_dir("single_passes_add_no_mark");
    let source = dir.join("trivial.c");
    fs::write(&source, TRIVIAL_C).unwrap();
    let ir = dir.join("trivial.ll");
    compile_to_ir(&source, &ir, &[]);

    let text = normalize("scratch-rescale-gep", &ir, &dir.join("out.ll"));
    assert!(
        !text.contains("scratchc.normalized"),
        "a single pass marked the module as normalized"
    );
}

#[test]
fn normalize_twice_keeps_one_mark() {
    let dir = scratch_dir("normalize_twice_keeps_one_mark");
    let source = dir.join("trivial.c");
    fs::write(&source, TRIVIAL_C).unwrap();
    let ir = dir.join("trivial.ll");
    compile_to_ir(&source, &ir, &[]);

    let text = normalize(
        "scratch-normalize,scratch-normalize",
        &ir,
        &dir.join("twice.ll"),
    );
    assert_eq!(
        lines_containing(&text, "!scratchc.normalized").len(),
        1,
        "{text}"
    );
}

#[test]
fn clang_normalizes_scratch_target() {
    let dir = scratch_dir("clang_normalizes_scratch_target");
    let output_ir = dir.join("intrinsics.ll");
    let result = run(Command::new(CLANG)
        .args([SCRATCH_TARGET, "-O2", "-emit-llvm", "-S"])
        .arg(format!("-fpass-plugin={}", plugin_path().display()))
        .arg(test_input("c/intrinsics.c"))
        .arg("-o")
        .arg(&output_ir));
    assert_success(&result, "clang -fpass-plugin");

    let text = fs::read_to_string(&output_ir).unwrap();
    assert!(
        text.contains("!scratchc.normalized"),
        "no normalization mark:\n{text}"
    );
    assert!(
        lines_containing(&text, "@llvm.memcpy").is_empty(),
        "memcpy survived:\n{text}"
    );
    assert!(
        lines_containing(&text, "@llvm.ctpop").is_empty(),
        "ctpop survived:\n{text}"
    );
}

#[test]
fn clang_bitcode_output_is_normalized() {
    let dir = scratch_dir("clang_bitcode_output_is_normalized");
    let bitcode = dir.join("control.bc");
    let result = run(Command::new(CLANG)
        .args([SCRATCH_TARGET, "-O2", "-emit-llvm", "-c"])
        .arg(format!("-fpass-plugin={}", plugin_path().display()))
        .arg(test_input("c/control.c"))
        .arg("-o")
        .arg(&bitcode));
    assert_success(&result, "clang -fpass-plugin -c");

    let text_ir = dir.join("control.ll");
    let disassemble = run(Command::new("llvm-dis-19")
        .arg(&bitcode)
        .arg("-o")
        .arg(&text_ir));
    assert_success(&disassemble, "llvm-dis-19");
    let text = fs::read_to_string(&text_ir).unwrap();
    assert!(
        text.contains("!scratchc.normalized"),
        "no normalization mark:\n{text}"
    );
    assert!(
        lines_containing(&text, " switch ").is_empty(),
        "switch survived:\n{text}"
    );
}

/// A native build with the plugin loaded produces the same IR as without.
#[test]
fn native_build_is_unchanged() {
    let dir = scratch_dir("native_build_is_unchanged");
    let compile = |plugin: bool, output: &str| {
        let path = dir.join(output);
        let mut command = Command::new(CLANG);
        command.args(["-m32", "-O2", "-emit-llvm", "-S"]);
        if plugin {
            command.arg(format!("-fpass-plugin={}", plugin_path().display()));
        }
        let result = run(command
            .arg(test_input("c/intrinsics.c"))
            .arg("-o")
            .arg(&path));
        assert_success(&result, "native clang");
        fs::read_to_string(path).unwrap()
    };

    let without = compile(false, "without.ll");
    let with = compile(true, "with.ll");
    assert!(
        without.contains("@llvm.memcpy"),
        "the sample no longer uses memcpy, so this test proves nothing"
    );
    assert_eq!(with, without, "loading the plugin changed a native build");
}

/// Code the passes would reject still builds natively with the plugin loaded.
#[test]
fn native_build_ignores_byte_access() {
    let dir = scratch_dir("native_build_ignores_byte_access");
    let source = dir.join("bytes.c");
    fs::write(
        &source,
        "int byte_at(const char *p, int i) { return p[i]; }\n",
    )
    .unwrap();
    let result = run(Command::new(CLANG)
        .args(["-m32", "-O2", "-c"])
        .arg(format!("-fpass-plugin={}", plugin_path().display()))
        .arg(&source)
        .arg("-o")
        .arg(dir.join("bytes.o")));
    assert_success(&result, "native clang with the plugin");
}
