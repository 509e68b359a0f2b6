//! End-to-end: stories260K compiled to Scratch tells llama2.c's greedy story
//! in scratch-vm, token for token, and a native build of the same C on the
//! same memory image agrees.
//!
//! Needs the model files in `$SCRATCHC_ARTIFACTS` (scripts/test.sh points it
//! at artifacts/ when unset), the workspace built (`cargo build --workspace`,
//! for scratchc-modelpack and the plugin beside scratchc), clang-19 and the
//! Node tooling in tests/node_modules (`npm ci` in tests/).

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::vanilla::assert_vanilla_opcodes;
use common::{artifacts, check, parse_story, repo_root, scratchc, REFERENCE_IDS, REFERENCE_TEXT_20, REFERENCE_TEXT_32};

fn run(command: &mut Command) -> Output {
    let output = command.output().unwrap_or_else(|err| panic!("failed to start {command:?}: {err}"));
    output
}

/// Packs the model into `folder` with scratchc-modelpack, with the weight
/// layout `weights` (packed, unpacked or paired).
fn pack_model(folder: &Path, weights: &str) {
    let modelpack = scratchc().with_file_name("scratchc-modelpack");
    assert!(modelpack.exists(), "{} is missing; run `cargo build --workspace` first", modelpack.display());
    let output = run(
        Command::new(modelpack)
            .arg("--artifacts")
            .arg(artifacts())
            .arg("--out-dir")
            .arg(folder)
            .args(["--weights", weights]),
    );
    check(&output, "scratchc-modelpack");
}

/// Compiles the story for `target` (scratch or turbowarp) with `weights`
/// into `folder`/story.sb3 and returns that path.
fn compile_story(folder: &Path, steps: u32, weights: &str, target: &str) -> std::path::PathBuf {
    pack_model(folder, weights);
    let project = folder.join("story.sb3");
    let output = run(
        Command::new(scratchc())
            .arg("cc")
            .arg(repo_root().join("c_src/llama2_scratch.c"))
            .arg("-I")
            .arg(folder)
            .arg(format!("-DGEN_STEPS={steps}"))
            .args(["--target", target])
            .arg("-o")
            .arg(&project),
    );
    check(&output, "scratchc cc");
    project
}

/// Compiles the story for `target` (scratch or turbowarp) with `weights`
/// and runs it in scratch-vm.
fn scratch_story(steps: u32, weights: &str, target: &str) -> (String, Vec<u32>) {
    let folder = tempfile::tempdir().unwrap();
    run_in_scratch_vm(&compile_story(folder.path(), steps, weights, target))
}

/// Runs a compiled story in scratch-vm and returns its text and ids.
fn run_in_scratch_vm(project: &Path) -> (String, Vec<u32>) {
    let output = run(Command::new(scratchc()).arg("run").arg(project).args(["--print-list", "!!output", "--timeout", "900"]));
    check(&output, "scratchc run");
    parse_story(&output.stdout)
}

/// Checks a story's text and ids against the reference's first 20 tokens.
fn assert_reference_story_20((text, ids): (String, Vec<u32>)) {
    assert_eq!(ids, REFERENCE_IDS[..20]);
    assert_eq!(text, REFERENCE_TEXT_20);
}

fn native_story(steps: u32) -> (String, Vec<u32>) {
    let folder = tempfile::tempdir().unwrap();
    pack_model(folder.path(), "packed");
    let binary = folder.path().join("story");
    let output = run(
        Command::new("clang-19")
            .args(["-m32", "-O2", "-I"])
            .arg(repo_root().join("c_src"))
            .arg("-I")
            .arg(folder.path())
            .arg(format!("-DGEN_STEPS={steps}"))
            .arg(repo_root().join("c_src/llama2_scratch.c"))
            .arg("-lm")
            .arg("-o")
            .arg(&binary),
    );
    check(&output, "clang-19 -m32");
    let output = run(&mut Command::new(&binary));
    check(&output, "the native story");
    parse_story(&output.stdout)
}

#[test]
fn story_20_steps_in_scratch_vm() {
    assert_reference_story_20(scratch_story(20, "packed", "scratch"));
}

#[test]
fn story_32_steps_in_scratch_vm() {
    let (text, ids) = scratch_story(32, "packed", "scratch");
    assert_eq!(ids, REFERENCE_IDS);
    assert_eq!(text, REFERENCE_TEXT_32);
}

// The unpacked layout, in the loop shape of each target: matmul's row loop
// fully unrolled (scratch) and unrolled by four (turbowarp).
#[test]
fn unpacked_weights_story_in_scratch_vm() {
    assert_reference_story_20(scratch_story(20, "unpacked", "scratch"));
}

#[test]
fn unpacked_weights_turbowarp_build_in_scratch_vm() {
    assert_reference_story_20(scratch_story(20, "unpacked", "turbowarp"));
}

// The paired layout (one scale per row, two rows to a cell, integer inputs),
// in the loop shape of each target: fully unrolled (scratch) and unrolled by
// four (turbowarp).
// The default build's blocks are checked in flagship.rs; these are the
// paired build's.
#[test]
fn paired_weights_story_in_scratch_vm() {
    let folder = tempfile::tempdir().unwrap();
    let project = compile_story(folder.path(), 20, "paired", "scratch");
    assert_vanilla_opcodes(&project);
    assert_reference_story_20(run_in_scratch_vm(&project));
}

#[test]
fn paired_weights_turbowarp_build_in_scratch_vm() {
    assert_reference_story_20(scratch_story(20, "paired", "turbowarp"));
}

#[test]
fn paired_weights_story_in_turbowarp() {
    let folder = tempfile::tempdir().unwrap();
    let project = compile_story(folder.path(), 20, "paired", "turbowarp");
    let output = run(Command::new("node")
        .arg(repo_root().join("tests/vm/turbowarp.js"))
        .arg(&project)
        .args(["--print-list", "!!output", "--timeout", "300"]));
    check(&output, "tests/vm/turbowarp.js");
    assert_reference_story_20(parse_story(&output.stdout));
}

#[test]
fn native_build_matches_reference() {
    let (text, ids) = native_story(32);
    assert_eq!(ids, REFERENCE_IDS);
    assert_eq!(text, REFERENCE_TEXT_32);
}

fn build_script(gen_steps: &str, artifacts: &Path) -> Output {
    run(Command::new("bash")
        .arg(repo_root().join("scripts/build-stories260k.sh"))
        .current_dir(repo_root())
        .env("GEN_STEPS", gen_steps)
        .env("SCRATCHC_ARTIFACTS", artifacts))
}

#[test]
fn build_script_rejects_gen_steps_out_of_range() {
    for value in ["0", "33", "99", "-1", "ten"] {
        let output = build_script(value, &artifacts());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "GEN_STEPS={value}: {stderr}");
        assert!(stderr.contains("GEN_STEPS must be a whole number from 1 to 32"), "GEN_STEPS={value}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "GEN_STEPS={value}: expected one line, got {stderr}");
    }
}

#[test]
fn build_script_rejects_unknown_weight_layout() {
    let output = run(Command::new("bash")
        .arg(repo_root().join("scripts/build-stories260k.sh"))
        .arg("--check")
        .current_dir(repo_root())
        .env("WEIGHTS", "fast"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("WEIGHTS must be packed, unpacked or paired, got 'fast'"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "expected one line, got {stderr}");
}

#[test]
fn modelpack_rejects_corrupt_checkpoint() {
    let folder = tempfile::tempdir().unwrap();
    let mut checkpoint = std::fs::read(artifacts().join("stories260K.bin")).unwrap();
    checkpoint[1000] ^= 0x55;
    std::fs::write(folder.path().join("stories260K.bin"), checkpoint).unwrap();
    std::fs::copy(artifacts().join("tok512.bin"), folder.path().join("tok512.bin")).unwrap();
    let out = folder.path().join("packed");
    let modelpack = scratchc().with_file_name("scratchc-modelpack");
    let output = run(Command::new(modelpack).arg("--artifacts").arg(folder.path()).arg("--out-dir").arg(&out));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("stories260K.bin"), "{stderr}");
    assert!(stderr.contains("b0a507e7ad0f626624f17112325e66691f9076d622e1d3274d103d00299f2696"), "{stderr}");
    assert!(!out.join("model_image.h").exists(), "no output may be written for a corrupt model");
}
