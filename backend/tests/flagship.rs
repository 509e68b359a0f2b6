//! The stories260K outputs as users get them: the five files the build script
//! writes, the sprite imported into an empty project, and the stage settings
//! (sampling with a seed, the prompt preset, out-of-range steps) checked
//! against a native build of the same C on the same memory image.
//!
//! Needs what story.rs needs: `$SCRATCHC_ARTIFACTS`, the workspace built,
//! clang-19, and `npm ci` in tests/.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

mod common;

use common::vanilla::assert_vanilla_opcodes;
use common::{artifacts, check, parse_story, repo_root, scratchc, REFERENCE_IDS, REFERENCE_TEXT_20};

const REFERENCE_IDS_20: &[u32] = REFERENCE_IDS.split_at(20).0;

/// The five files, as named for users.
const OUTPUTS: [&str; 5] = [
    "stories260k_inference.sprite3",
    "stories260k_inference_visible.sprite3",
    "stories260k_inference_visible.sb3",
    "stories260k_inference_visible_scratch.sprite3",
    "stories260k_inference_visible_scratch.sb3",
];


/// Runs scripts/build-stories260k.sh once per test binary and returns out/.
fn built_outputs() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let output = Command::new("bash")
            .arg(repo_root().join("scripts/build-stories260k.sh"))
            .current_dir(repo_root())
            .env("SCRATCHC_ARTIFACTS", artifacts())
            .env("SCRATCHC_BIN", scratchc().parent().unwrap())
            .env("GEN_STEPS", "20")
            .output()
            .expect("failed to start bash");
        check(&output, "scripts/build-stories260k.sh");
        repo_root().join("out")
    })
}

/// Builds the native twin of the flagship once and returns its path.
fn native_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        built_outputs();
        let binary = std::env::temp_dir().join(format!("scratchc-flagship-native-{}", std::process::id()));
        let output = Command::new("clang-19")
            .args(["-m32", "-O2", "-I"])
            .arg(repo_root().join("c_src"))
            .arg("-I")
            .arg(repo_root().join("build/stories260k"))
            .arg("-DGEN_STEPS=20")
            .arg(repo_root().join("c_src/llama2_scratch.c"))
            .args(["-lm", "-o"])
            .arg(&binary)
            .output()
            .expect("failed to start clang-19");
        check(&output, "clang-19 -m32");
        binary
    })
}

/// Runs a flagship file in scratch-vm with the given stage settings.
fn scratch_run(file: &str, settings: &[&str]) -> (String, Vec<u32>) {
    let mut command = Command::new(scratchc());
    command.arg("run").arg(built_outputs().join(file)).args(["--print-list", "!!output", "--timeout", "600"]);
    for setting in settings {
        command.arg("--set").arg(setting);
    }
    let output = command.output().expect("failed to start scratchc");
    check(&output, "scratchc run");
    parse_story(&output.stdout)
}

fn native_run(settings: &[&str]) -> (String, Vec<u32>) {
    let output = Command::new(native_binary()).args(settings).output().expect("failed to start the native story");
    check(&output, "the native story");
    parse_story(&output.stdout)
}


#[test]
fn five_outputs_pass_validation() {
    let out = built_outputs();
    let mut command = Command::new("node");
    command.arg(repo_root().join("tests/vm/validate.js"));
    for name in OUTPUTS {
        command.arg(out.join(name));
    }
    let output = command.output().expect("failed to start node");
    check(&output, "tests/vm/validate.js");
    let stdout = String::from_utf8_lossy(&output.stdout);
    for name in OUTPUTS {
        assert!(stdout.contains(&format!("{name}: ok")), "{name} not validated:\n{stdout}");
    }
}

#[test]
fn scratch_outputs_use_vanilla_opcodes() {
    let out = built_outputs();
    for name in ["stories260k_inference_visible_scratch.sb3", "stories260k_inference_visible_scratch.sprite3"] {
        assert_vanilla_opcodes(&out.join(name));
    }
}

/// Reads the JSON file `entry` (project.json or sprite.json) of a built output.
fn output_json(output: &str, entry: &str) -> serde_json::Value {
    let file = std::fs::File::open(built_outputs().join(output)).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut json = String::new();
    archive.by_name(entry).unwrap().read_to_string(&mut json).unwrap();
    serde_json::from_str(&json).unwrap()
}

#[test]
fn hidden_sprite_places_scripts_off_screen() {
    let sprite = output_json("stories260k_inference.sprite3", "sprite.json");
    let top_level: Vec<&serde_json::Value> =
        sprite["blocks"].as_object().unwrap().values().filter(|block| block["topLevel"] == true).collect();
    assert!(!top_level.is_empty());
    for block in top_level {
        let x = block["x"].as_f64().unwrap();
        assert!(x < -10_000.0, "script at x = {x} is in view");
    }
}

#[test]
fn imported_sprite_tells_reference_story() {
    let (text, ids) = scratch_run("stories260k_inference_visible.sprite3", &[]);
    assert_eq!(ids, REFERENCE_IDS_20);
    assert_eq!(text, REFERENCE_TEXT_20);
}

#[test]
fn hidden_sprite_tells_reference_story() {
    let (text, ids) = scratch_run("stories260k_inference.sprite3", &["ui_steps=8"]);
    assert_eq!(ids, REFERENCE_IDS_20[..8]);
    assert!(REFERENCE_TEXT_20.starts_with(&text), "{text}");
}

#[test]
fn sampling_matches_native_build() {
    // Each of these seeds leaves the greedy story within 12 steps (checked
    // below), so a sampler that fell back to greedy would fail.
    let cases: [&[&str]; 4] = [
        &["ui_temperature=1", "ui_top_p=0.9", "ui_seed=7", "ui_steps=12"],
        &["ui_temperature=1", "ui_top_p=0.9", "ui_seed=3", "ui_steps=12"],
        &["ui_temperature=1", "ui_seed=42", "ui_steps=12"],
        &["ui_temperature=1", "ui_top_k=40", "ui_seed=99", "ui_steps=12"],
    ];
    for settings in cases {
        let (native_text, native_ids) = native_run(settings);
        let (text, ids) = scratch_run("stories260k_inference_visible_scratch.sb3", settings);
        assert!(!native_ids.is_empty(), "{settings:?}: the native run generated nothing");
        assert_ne!(native_ids, REFERENCE_IDS_20[..native_ids.len()], "{settings:?}: sampling gave the greedy story");
        assert_eq!(ids, native_ids, "{settings:?}: token ids differ");
        assert_eq!(text, native_text, "{settings:?}: text differs");
    }
}

#[test]
fn prompt_preset_continues_reference() {
    let (text, ids) = scratch_run("stories260k_inference_visible.sb3", &["ui_prompt_preset=1", "ui_steps=10"]);
    assert!(text.starts_with("Once upon a time,"), "{text}");
    assert_eq!(ids, REFERENCE_IDS_20[..ids.len()]);
    assert_eq!(ids.len(), 10, "each of the 10 steps emits one token, forced or sampled");
}

#[test]
fn steps_out_of_range_are_clamped() {
    let (_, ids) = scratch_run("stories260k_inference_visible.sb3", &["ui_steps=-5"]);
    assert_eq!(ids, REFERENCE_IDS_20[..1]);
    let (_, ids) = scratch_run("stories260k_inference_visible.sb3", &["ui_steps=2.7"]);
    assert_eq!(ids, REFERENCE_IDS_20[..2]);
}

#[test]
fn turbowarp_tells_reference_story() {
    let project = built_outputs().join("stories260k_inference_visible.sb3");
    let screenshot = std::env::temp_dir().join(format!("scratchc-turbowarp-{}.png", std::process::id()));
    let output = Command::new("node")
        .arg(repo_root().join("tests/vm/turbowarp.js"))
        .arg(&project)
        .args(["--print-list", "!!output", "--timeout", "300", "--screenshot"])
        .arg(&screenshot)
        .output()
        .expect("failed to start node");
    check(&output, "tests/vm/turbowarp.js");
    let (text, ids) = parse_story(&output.stdout);
    assert_eq!(ids, REFERENCE_IDS_20);
    assert_eq!(text, REFERENCE_TEXT_20);
    let png = std::fs::read(&screenshot).expect("the screenshot was not written");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
    std::fs::remove_file(&screenshot).ok();
}

#[test]
fn second_run_after_done_works() {
    let output = Command::new(scratchc())
        .arg("run")
        .arg(built_outputs().join("stories260k_inference_visible.sb3"))
        .args(["--set", "ui_steps=3", "--runs", "2", "--print-list", "!!output"])
        .output()
        .expect("failed to start scratchc");
    check(&output, "scratchc run --runs 2");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stories: Vec<&str> = stdout.lines().filter(|line| !line.starts_with("!!output:")).collect();
    assert_eq!(stories, ["Once upon a", "Once upon a"], "{stdout}");
    assert!(stdout.contains("!!output: 403 407 261\n"), "{stdout}");
}
