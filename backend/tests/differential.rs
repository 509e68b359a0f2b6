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

use std::process::Command;

mod common;

use common::compare::{check_against_native, programs_without_test, NativeBuild};
use common::{repo_root as repository_root, require_plugin, scratchc};

/// Builds and runs `tests/c/{name}.c` natively and in Scratch and compares the runs.
fn check_program(name: &str) {
    let root = repository_root();
    let source = root.join("tests").join("c").join(format!("{name}.c"));
    let include = root.join("c_src");
    let native = NativeBuild { arguments: vec!["-O2".into(), "-I".into(), include.display().to_string()] };
    check_against_native(name, &source, &native, &[]);
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
    let missing = programs_without_test(&repository_root().join("tests").join("c"), PROGRAMS);
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

/// A store of `poison` writes a value of its own width: in the bytes layout
/// an i8 store must leave the three bytes after it alone. llvm-stress found
/// a store that wrote four bytes.
#[test]
fn undefined_byte_store_keeps_its_neighbours() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    let ir = folder.path().join("poison.ll");
    std::fs::write(
        &ir,
        "target datalayout = \"e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128\"\n\
         target triple = \"i386-unknown-none-elf\"\n\
         @buffer = global [4 x i32] zeroinitializer, align 16\n\
         declare void @scratch_print_int(i32)\n\
         declare void @scratch_print_newline()\n\
         define void @fill(ptr %p) {\n  store i32 -1, ptr %p, align 4\n  store i8 poison, ptr %p, align 1\n  ret void\n}\n\
         define i32 @main() {\n  call void @fill(ptr @buffer)\n  %word = load i32, ptr @buffer, align 4\n\
           call void @scratch_print_int(i32 %word)\n  call void @scratch_print_newline()\n  ret i32 0\n}\n",
    )
    .unwrap();

    let normalized = folder.path().join("poison.bc");
    let opt = Command::new("opt-19")
        .env("SCRATCHC_LAYOUT", "bytes")
        .arg(format!("-load-pass-plugin={}", common::plugin_path().display()))
        .arg("-passes=scratch-normalize")
        .arg(&ir)
        .arg("-o")
        .arg(&normalized)
        .output()
        .unwrap();
    assert!(opt.status.success(), "opt-19 failed:\n{}", String::from_utf8_lossy(&opt.stderr));

    let project = folder.path().join("poison.sb3");
    let built = Command::new(scratchc()).arg("build").arg(&normalized).arg("-o").arg(&project).output().unwrap();
    assert!(built.status.success(), "scratchc build failed:\n{}", String::from_utf8_lossy(&built.stderr));

    let run = Command::new(scratchc()).arg("run").arg(&project).output().unwrap();
    // Byte 0 is undefined (stored as 0); bytes 1 to 3 keep 0xff.
    assert_eq!(String::from_utf8_lossy(&run.stdout), "-256\n");
}

/// A program that strips the leading space of a piece from a script with
/// screen refresh, measured by Scratch's timer, which advances once a frame.
const STRIP_PROGRAM: &str = r#"#include "scratch.h"

SCRATCH_LIST("pieces") static const char *const pieces[1] = {" abc"};
static volatile int sink;

/* By an estimate, tens of milliseconds in scratch-vm: more than the 75% of
 * a frame it runs scripts for, so the frame ends at the next yield. */
__attribute__((noinline)) static void fill_the_frame(void) {
    for (int i = 0; i < 60000; i++) sink = sink + i;
}

SCRATCH_SCREEN_REFRESH int main(void) {
    fill_the_frame();
    double started = scratch_timer();
    scratch_emit_piece("ids", pieces, "piece_text", 0, 1);
    scratch_print_str("within a frame: ");
    scratch_print_int(scratch_timer() - started < 0.01);
    scratch_print_newline();
    return 0;
}
"#;

/// `scratch_emit_piece` drops a leading space letter by letter. The loop must
/// not hand control back to Scratch, or the piece's text comes a frame late.
/// With the fix nothing yields between the two timer reads, so the test
/// cannot fail by chance; it catches the yield when the frame is full.
#[test]
fn stripped_piece_stays_in_its_frame() {
    require_plugin();
    let folder = tempfile::tempdir().unwrap();
    let source = folder.path().join("strip.c");
    std::fs::write(&source, STRIP_PROGRAM).unwrap();
    let include = repository_root().join("c_src");

    let native = folder.path().join("strip");
    let built = Command::new("clang-19")
        .args(["-m32", "-O2", "-I"])
        .arg(&include)
        .arg(&source)
        .args(["-lm", "-o"])
        .arg(&native)
        .output()
        .expect("failed to start clang-19");
    assert!(built.status.success(), "clang-19 failed:\n{}", String::from_utf8_lossy(&built.stderr));
    let native_run = Command::new(&native).output().unwrap();
    assert!(String::from_utf8_lossy(&native_run.stdout).contains("within a frame: 1\n"));

    let project = folder.path().join("strip.sb3");
    let compiled = Command::new(scratchc()).arg("cc").arg(&source).arg("-o").arg(&project).output().unwrap();
    assert!(compiled.status.success(), "scratchc cc failed:\n{}", String::from_utf8_lossy(&compiled.stderr));
    let run = Command::new(scratchc()).arg("run").arg(&project).output().unwrap();
    assert!(run.status.success(), "scratchc run failed:\n{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(String::from_utf8_lossy(&run.stdout), "within a frame: 1\n");
}
