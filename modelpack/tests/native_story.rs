//! Packs the real stories260K model, builds c_src/llama2_scratch.c natively
//! with `clang-19 -m32` and checks the story token for token against
//! llama2.c's greedy output for the same model.
//!
//! Needs SCRATCHC_ARTIFACTS: the folder with stories260K.bin and tok512.bin.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const GREEDY_20_IDS: [u32; 20] = [
    403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267,
    337,
];
const GREEDY_NEXT_12_IDS: [u32; 12] = [410, 408, 419, 292, 411, 322, 265, 282, 295, 433, 426, 385];
const GREEDY_20_TEXT: &str =
    "Once upon a time, there was a little girl named Lily. She loved to play";
const GREEDY_32_TEXT_TAIL: &str = " outside in the park. One";

fn artifacts_dir() -> PathBuf {
    match std::env::var_os("SCRATCHC_ARTIFACTS") {
        Some(dir) => PathBuf::from(dir),
        None => panic!(
            "SCRATCHC_ARTIFACTS is not set: set it to the folder that contains stories260K.bin and tok512.bin"
        ),
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn run_packer(artifacts: &Path, out_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scratchc-modelpack"))
        .arg("--artifacts")
        .arg(artifacts)
        .arg("--out-dir")
        .arg(out_dir)
        .env_remove("SCRATCHC_ARTIFACTS")
        .output()
        .expect("cannot start scratchc-modelpack")
}

/// The packed model, built once for all tests in this file.
struct Image {
    dir: tempfile::TempDir,
}

fn image() -> &'static Image {
    static IMAGE: OnceLock<Image> = OnceLock::new();
    IMAGE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let output = run_packer(&artifacts_dir(), dir.path());
        assert!(
            output.status.success(),
            "scratchc-modelpack failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Image { dir }
    })
}

/// Compiles `source` against the packed model with extra clang flags and returns the executable.
fn compile(source: &Path, name: &str, flags: &[&str]) -> PathBuf {
    compile_in(image().dir.path(), source, name, flags)
}

/// Compiles `source` against the model image in `dir` with extra clang
/// flags and returns the executable, written into `dir`.
fn compile_in(dir: &Path, source: &Path, name: &str, flags: &[&str]) -> PathBuf {
    let executable = dir.join(name);
    let output = Command::new("clang-19")
        .args(["-m32", "-O2", "-Wall", "-Werror"])
        .arg("-I")
        .arg(repo_root().join("c_src"))
        .arg("-I")
        .arg(dir)
        .args(flags)
        .arg(source)
        .arg("-lm")
        .arg("-o")
        .arg(&executable)
        .output()
        .expect("cannot start clang-19");
    assert!(
        output.status.success(),
        "clang-19 failed on {}: {}",
        source.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    executable
}

/// Packs the model into `dir` with extra scratchc-modelpack arguments.
fn pack_into(dir: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_scratchc-modelpack"))
        .arg("--artifacts")
        .arg(artifacts_dir())
        .arg("--out-dir")
        .arg(dir)
        .args(args)
        .env_remove("SCRATCHC_ARTIFACTS")
        .output()
        .expect("cannot start scratchc-modelpack");
    assert!(output.status.success(), "scratchc-modelpack {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// Runs a native build and returns the story text and the `!!output` ids it prints.
fn run_story(executable: &Path, args: &[&str]) -> (String, Vec<u32>) {
    let output = Command::new(executable).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{} failed: {}",
        executable.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let (text, ids_line) = stdout
        .rsplit_once("!!output:")
        .unwrap_or_else(|| panic!("no !!output line in {stdout:?}"));
    let ids = ids_line
        .split_whitespace()
        .map(|id| id.parse().unwrap())
        .collect();
    (text.trim_end_matches('\n').to_string(), ids)
}

/// A driver that includes llama2_scratch.c, so tests can set its ui_*
/// globals and call its random number generator directly.
fn harness() -> &'static PathBuf {
    static HARNESS: OnceLock<PathBuf> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let source = image().dir.path().join("harness.c");
        fs::write(
            &source,
            r#"#define main llama2_scratch_main
#include "llama2_scratch.c"
#undef main

/* harness rng SEED COUNT: prints COUNT values of random_u32 after seeding.
 * harness story STEPS TEMPERATURE TOP_K TOP_P SEED PRESET: runs one story.
 * harness truncated TOP_K TOP_P COIN P0 P1 ...: prints sample_truncated's choice. */
int main(int argc, char **argv) {
    if (argc >= 6 && strcmp(argv[1], "truncated") == 0) {
        static float probs[VOCAB_SIZE];
        int n = argc - 5;
        for (int i = 0; i < n; i++) probs[i] = (float)atof(argv[5 + i]);
        printf("%d\n", sample_truncated(probs, n, atoi(argv[2]), (float)atof(argv[3]), (float)atof(argv[4])));
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "rng") == 0) {
        seed_random(atoi(argv[2]));
        for (int i = 0; i < atoi(argv[3]); i++) printf("%u\n", random_u32());
        return 0;
    }
    if (argc == 8 && strcmp(argv[1], "story") == 0) {
        ui_steps = atoi(argv[2]);
        ui_temperature = atof(argv[3]);
        ui_top_k = atoi(argv[4]);
        ui_top_p = atof(argv[5]);
        ui_seed = atoi(argv[6]);
        ui_prompt_preset = atoi(argv[7]);
        reset_run();
        start_run();
        scratch_print_list("!!output");
        return 0;
    }
    fprintf(stderr, "usage: harness rng SEED COUNT | harness story STEPS TEMPERATURE TOP_K TOP_P SEED PRESET\n");
    return 2;
}
"#,
        )
        .unwrap();
        compile(&source, "harness", &[])
    })
}

fn story(
    steps: u32,
    temperature: f32,
    top_k: u32,
    top_p: f32,
    seed: i32,
    preset: u32,
) -> (String, Vec<u32>) {
    let args = [
        "story".to_string(),
        steps.to_string(),
        temperature.to_string(),
        top_k.to_string(),
        top_p.to_string(),
        seed.to_string(),
        preset.to_string(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_story(harness(), &args)
}

fn greedy_32_ids() -> Vec<u32> {
    GREEDY_20_IDS
        .iter()
        .chain(&GREEDY_NEXT_12_IDS)
        .copied()
        .collect()
}

#[test]
fn greedy_story_default_steps() {
    let executable = compile(&repo_root().join("c_src/llama2_scratch.c"), "story20", &[]);
    let (text, ids) = run_story(&executable, &[]);
    assert_eq!(ids, GREEDY_20_IDS);
    assert_eq!(text, GREEDY_20_TEXT);
}

#[test]
fn greedy_story_32_steps() {
    let executable = compile(
        &repo_root().join("c_src/llama2_scratch.c"),
        "story32",
        &["-DGEN_STEPS=32"],
    );
    let (text, ids) = run_story(&executable, &[]);
    assert_eq!(ids, greedy_32_ids());
    assert_eq!(text, format!("{GREEDY_20_TEXT}{GREEDY_32_TEXT_TAIL}"));
}

#[test]
fn prompt_preset_gives_greedy_story() {
    let (text, ids) = story(32, 0.0, 0, 1.0, 0, 1);
    assert_eq!(ids, greedy_32_ids());
    assert_eq!(text, format!("{GREEDY_20_TEXT}{GREEDY_32_TEXT_TAIL}"));
}

#[test]
fn prompt_preset_tokens_in_header() {
    let header = fs::read_to_string(image().dir.path().join("model_image.h")).unwrap();
    assert!(
        header.contains(
            "prompt_preset_tokens[PROMPT_PRESET_LENGTH] = {\n    1, 403, 407, 261, 378, 432,\n};"
        ),
        "the preset prompt is not BOS followed by the first five greedy ids"
    );
}

#[test]
fn steps_clamped_to_sequence_length() {
    assert_eq!(story(100, 0.0, 0, 1.0, 0, 0).1, greedy_32_ids());
    assert_eq!(story(0, 0.0, 0, 1.0, 0, 0).1, [403]);
}

/// llama2.c's xorshift64* on a real 64-bit state.
fn reference_random_u32(state: &mut u64) -> u32 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as u32
}

#[test]
fn random_u32_matches_64_bit_xorshift() {
    for seed in [1i32, 42, 1337, -1, i32::MIN, i32::MAX] {
        let output = Command::new(harness())
            .args(["rng", &seed.to_string(), "1000"])
            .output()
            .unwrap();
        let values: Vec<u32> = String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|line| line.parse().unwrap())
            .collect();

        let mut state = seed as i64 as u64;
        let expected: Vec<u32> = (0..1000)
            .map(|_| reference_random_u32(&mut state))
            .collect();
        assert_eq!(values, expected, "seed {seed}");
    }
}

#[test]
fn sampling_repeats_with_same_seed() {
    let first = story(32, 1.0, 0, 0.9, 42, 0);
    let second = story(32, 1.0, 0, 0.9, 42, 0);
    assert_eq!(first, second);
    assert!(
        first.1.iter().all(|&id| id > 2 && id < 512),
        "{:?}",
        first.1
    );
}

#[test]
fn high_temperature_differs_from_greedy() {
    let (_, ids) = story(32, 2.0, 0, 1.0, 7, 0);
    assert_ne!(ids, greedy_32_ids()[..ids.len()]);
}

#[test]
fn top_k_one_is_greedy() {
    assert_eq!(story(32, 1.5, 1, 1.0, 3, 0).1, greedy_32_ids());
}

#[test]
fn tiny_top_p_is_greedy() {
    assert_eq!(story(32, 1.0, 0, 0.01, 3, 0).1, greedy_32_ids());
}

fn sample_truncated(top_k: u32, top_p: f32, coin: f32, probs: &[f32]) -> u32 {
    let mut args = vec![
        "truncated".to_string(),
        top_k.to_string(),
        top_p.to_string(),
        coin.to_string(),
    ];
    args.extend(probs.iter().map(f32::to_string));
    let output = Command::new(harness()).args(&args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn top_k_samples_only_k_best() {
    let probs = [0.1, 0.4, 0.2, 0.3];
    // Candidates 1 (0.4) and 3 (0.3) share the coin in proportion 4:3.
    assert_eq!(sample_truncated(2, 1.0, 0.0, &probs), 1);
    assert_eq!(sample_truncated(2, 1.0, 0.5, &probs), 1);
    assert_eq!(sample_truncated(2, 1.0, 0.6, &probs), 3);
    assert_eq!(sample_truncated(2, 1.0, 0.999, &probs), 3);
}

#[test]
fn top_p_keeps_smallest_nucleus() {
    let probs = [0.1, 0.4, 0.2, 0.3];
    // 0.4 + 0.3 = 0.7 passes 0.6, so the nucleus is {1, 3}.
    assert_eq!(sample_truncated(0, 0.6, 0.5, &probs), 1);
    assert_eq!(sample_truncated(0, 0.6, 0.6, &probs), 3);
    // 0.4 + 0.3 + 0.2 passes 0.8: token 2 gets coins from 0.7 / 0.9 on.
    assert_eq!(sample_truncated(0, 0.8, 0.8, &probs), 2);
    assert_ne!(sample_truncated(0, 0.8, 0.999, &probs), 0);
}

#[test]
fn top_k_then_top_p() {
    let probs = [0.1, 0.4, 0.2, 0.3];
    // Top 3 is {1, 3, 2}, and top-p 0.5 cuts it to {1, 3}.
    assert_eq!(sample_truncated(3, 0.5, 0.9, &probs), 3);
}

#[test]
fn equal_probabilities_keep_id_order() {
    let probs = [0.25, 0.25, 0.25, 0.25];
    assert_eq!(sample_truncated(2, 1.0, 0.0, &probs), 0);
    assert_eq!(sample_truncated(2, 1.0, 0.99, &probs), 1);
}

fn copy_artifacts(dir: &Path) {
    for name in ["stories260K.bin", "tok512.bin"] {
        fs::copy(artifacts_dir().join(name), dir.join(name)).unwrap();
    }
}

#[test]
fn packer_rejects_changed_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    copy_artifacts(dir.path());
    let path = dir.path().join("stories260K.bin");
    let mut bytes = fs::read(&path).unwrap();
    bytes[1000] ^= 1;
    fs::write(&path, bytes).unwrap();

    let output = run_packer(dir.path(), &dir.path().join("out"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("stories260K.bin"), "{stderr}");
    assert!(
        stderr.contains("b0a507e7ad0f626624f17112325e66691f9076d622e1d3274d103d00299f2696"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!dir.path().join("out/model_image.h").exists());
}

#[test]
fn packer_rejects_truncated_tokenizer() {
    let dir = tempfile::tempdir().unwrap();
    copy_artifacts(dir.path());
    let path = dir.path().join("tok512.bin");
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();

    let output = run_packer(dir.path(), &dir.path().join("out"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("tok512.bin") && stderr.contains("truncated"),
        "{stderr}"
    );
}

#[test]
fn packer_rejects_an_output_folder_it_cannot_create() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the output folder's parent should be.
    let blocker = dir.path().join("blocker");
    fs::write(&blocker, "").unwrap();
    let output = run_packer(&artifacts_dir(), &blocker.join("out"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot create the output folder"), "{stderr}");
    assert!(stderr.contains("blocker/out"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "expected one line, got {stderr}");
}

#[test]
fn packer_rejects_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_packer(dir.path(), &dir.path().join("out"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("stories260K.bin") && stderr.contains("SCRATCHC_ARTIFACTS"),
        "{stderr}"
    );
}

/// Returns the numbers of the first JSON array that follows `key` in `text`.
fn json_array_after<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    let start = text
        .find(key)
        .unwrap_or_else(|| panic!("no {key} in the JSON"));
    let rest = &text[start..];
    let open = rest.find('[').unwrap();
    let close = rest.find(']').unwrap();
    rest[open + 1..close].split(',').collect()
}

/// Returns the text of the first initializer of `w2_cells` in model_image.h.
fn first_w2_cell(header: &str) -> &str {
    let w2 = &header[header.find("w2_cells[").unwrap()..];
    w2[w2.find("{\n").unwrap() + 2..].split(',').next().unwrap().trim()
}

#[test]
fn json_export_matches_headers() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("image").join("model.json");
    let output = Command::new(env!("CARGO_BIN_EXE_scratchc-modelpack"))
        .arg("--artifacts")
        .arg(artifacts_dir())
        .arg("--out-dir")
        .arg(dir.path().join("image"))
        .arg("--json")
        .arg(&json_path)
        .env_remove("SCRATCHC_ARTIFACTS")
        .output()
        .expect("cannot start scratchc-modelpack");
    assert!(
        output.status.success(),
        "scratchc-modelpack --json failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = fs::read_to_string(&json_path).unwrap();
    let header = fs::read_to_string(dir.path().join("image/model_image.h")).unwrap();

    assert!(
        json.contains("\"dim\": 64, \"hidden_dim\": 172, \"n_layers\": 5"),
        "{}",
        &json[..200]
    );
    let cells = json_array_after(&json, "\"w2\":");
    assert_eq!(cells.len(), 13760);
    // The first cell of w2: four two's complement bytes in the JSON, four
    // signed base-256 digits in the header.
    let json_cell = cells[0].parse::<u32>().unwrap();
    let json_weights = json_cell.to_le_bytes().map(|byte| byte as i8 as i64);
    let first = first_w2_cell(&header);
    let header_cell: i64 = first.parse().unwrap();
    let digits = json_weights.iter().rev().fold(0i64, |value, &weight| value * 256 + weight);
    assert_eq!(header_cell, digits);
    let prompt = json_array_after(&json, "\"prompt_tokens\":");
    assert_eq!(prompt, ["1", "403", "407", "261", "378", "432"]);
}

/// Builds llama2_scratch.c natively against the image in `dir` and checks
/// its 32-step greedy story.
fn assert_native_story_32(dir: &Path) {
    let source = repo_root().join("c_src/llama2_scratch.c");
    let executable = compile_in(dir, &source, "story32", &["-DGEN_STEPS=32"]);
    let (text, ids) = run_story(&executable, &[]);
    assert_eq!(ids, greedy_32_ids());
    assert_eq!(text, format!("{GREEDY_20_TEXT}{GREEDY_32_TEXT_TAIL}"));
}

#[test]
fn unpacked_weights_tell_the_same_story() {
    let dir = tempfile::tempdir().unwrap();
    pack_into(dir.path(), &["--weights", "unpacked"]);
    let layout = fs::read_to_string(dir.path().join("generated_layout.h")).unwrap();
    assert!(layout.contains("#define Q8_WEIGHTS_PER_CELL 1\n"), "{layout}");
    assert!(layout.contains("#define WQ_CELLS 20480 "), "{layout}");
    assert!(layout.contains("#define WQ_GROUPS 5120\n"), "{layout}");

    assert_native_story_32(dir.path());
}

#[test]
fn paired_weights_tell_the_same_story() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("model.json");
    pack_into(dir.path(), &["--weights", "paired", "--json", json_path.to_str().unwrap()]);
    let layout = fs::read_to_string(dir.path().join("generated_layout.h")).unwrap();
    assert!(layout.contains("#define PAIRED_LANE_BASE 134217728.0\n"), "{layout}");
    assert!(layout.contains("#define WQ_CELLS 10240 "), "{layout}");
    assert!(layout.contains("#define WQ_GROUPS 320\n"), "{layout}");
    assert!(!layout.contains("Q8_WEIGHTS_PER_CELL"), "{layout}");

    // The header's first cell of w2 pairs rows 0 and 1 of the JSON's weights.
    let json = fs::read_to_string(&json_path).unwrap();
    assert!(json.contains("\"weights\": \"paired\", \"lane_base\": 134217728"), "{}", &json[..400]);
    let weights: Vec<i64> = json_array_after(&json, "\"w2\":")
        .iter()
        .map(|weight| weight.trim().parse().unwrap())
        .collect();
    assert_eq!(weights.len(), 5 * 64 * 172);
    assert!(weights.iter().all(|weight| weight.abs() <= 511));
    let header = fs::read_to_string(dir.path().join("model_image.h")).unwrap();
    let first = first_w2_cell(&header);
    assert_eq!(first, format!("{}.0", weights[0] + 134217728 * weights[172]));

    assert_native_story_32(dir.path());
}

/// The greedy ids of stories260K without quantization, 256 steps from BOS,
/// from a float forward pass with run.c's arithmetic. The first 32 are
/// llama2.c's reference story, and Q8_0 with groups of 4 first differs from
/// them at step 196, as the model files' notes report for llama2.c's story.
const FLOAT_256_IDS: [u32; 256] = [
    403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338,
    401, 396, 267, 337, 410, 408, 419, 292, 411, 322, 265, 282, 295, 433, 426, 385,
    328, 432, 358, 394, 261, 370, 432, 352, 266, 268, 388, 426, 338, 391, 266, 267,
    337, 335, 312, 432, 398, 312, 286, 267, 414, 270, 333, 415, 426, 13, 438, 310,
    439, 419, 357, 336, 432, 313, 438, 310, 432, 278, 316, 439, 419, 298, 414, 267,
    265, 282, 295, 433, 426, 436, 317, 286, 296, 418, 269, 279, 292, 416, 439, 413,
    409, 416, 327, 263, 415, 294, 267, 400, 426, 338, 336, 432, 313, 442, 391, 267,
    337, 335, 364, 420, 268, 388, 432, 398, 359, 280, 303, 439, 413, 272, 417, 264,
    312, 426, 436, 13, 438, 310, 286, 296, 418, 269, 279, 292, 416, 439, 413, 409,
    416, 327, 263, 415, 294, 267, 400, 426, 338, 336, 432, 313, 442, 439, 423, 262,
    304, 420, 422, 432, 317, 426, 359, 279, 292, 416, 439, 413, 409, 416, 327, 263,
    415, 294, 267, 400, 426, 436, 13, 438, 310, 279, 292, 416, 439, 413, 391, 267,
    281, 421, 427, 311, 357, 432, 384, 358, 336, 432, 313, 442, 439, 423, 262, 304,
    420, 422, 432, 357, 426, 359, 279, 292, 416, 439, 413, 409, 416, 327, 263, 415,
    294, 267, 400, 426, 436, 320, 285, 357, 336, 432, 313, 455, 289, 439, 413, 263,
    304, 420, 422, 432, 317, 426, 410, 448, 411, 280, 303, 281, 421, 427, 364, 426,
];

#[test]
fn paired_weights_keep_float_story_256_steps() {
    assert_eq!(FLOAT_256_IDS[..32], greedy_32_ids()[..]);
    let dir = tempfile::tempdir().unwrap();
    pack_into(dir.path(), &["--weights", "paired", "--seq-len", "256"]);
    let source = repo_root().join("c_src/llama2_scratch.c");
    let executable = compile_in(dir.path(), &source, "story256", &["-DGEN_STEPS=256"]);
    let (_, ids) = run_story(&executable, &[]);
    assert_eq!(ids, FLOAT_256_IDS);
}
