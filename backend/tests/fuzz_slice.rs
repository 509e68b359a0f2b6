//! A fixed slice of the llvm-stress fuzz run (`scripts/fuzz-llvm-stress.sh`):
//! seeds 1 to 200 at `--size=10`, each given a `main` that prints a checksum
//! of the memory the module writes, normalized by the pass plugin and lowered
//! by `scratchc build`. The projects that compile are loaded in scratch-vm,
//! and those whose native -O0 and -O2 builds agree (and that store no floats)
//! run there and must print what the native builds print. Rejections and
//! undefined results are fine; a crash, a hang, an invalid project or a run
//! that prints something else fails the test.
//!
//! It needs `llvm-stress-19`, `opt-19`, `clang-19` with the 32-bit C library
//! (`libc6-dev-i386`), Node.js with the packages under `tests/`, and the pass
//! plugin beside the `scratchc` binary, which `cargo test -p scratchc` does not
//! build: run `cargo build --workspace` first (or `cargo test --workspace`), or
//! set `SCRATCHC_PLUGIN`.

use std::fs;
use std::process::Command;

mod common;

use common::{repo_root as repository_root, plugin_path};

const FIRST_SEED: u64 = 1;
const LAST_SEED: u64 = 200;
/// llvm-stress's rough instruction count per module. Small modules get past
/// the plugin's memory layout checks more often, so more of them reach the
/// backend than at llvm-stress's default of 100.
const MODULE_SIZE: u64 = 10;

/// Lists the report's reason groups of one class, one per line, for failure messages.
fn describe_groups(report: &serde_json::Value, class: &str) -> String {
    let groups = report["groups"].as_array().expect("the report has a groups array");
    groups
        .iter()
        .filter(|group| group["class"] == class)
        .map(|group| {
            let seeds: Vec<String> = group["seeds"]
                .as_array()
                .expect("a group has a seeds array")
                .iter()
                .take(5)
                .map(|seed| seed.to_string())
                .collect();
            format!("  {} (seeds {}): {}", group["count"], seeds.join(","), group["reason"].as_str().unwrap_or("?"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn llvm_stress_slice_has_no_failures() {
    let plugin = plugin_path();
    let work_dir = std::env::temp_dir().join(format!("scratchc-fuzz-slice-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work_dir);
    let report_path = work_dir.join("report.json");

    let output = Command::new("bash")
        .arg(repository_root().join("scripts/fuzz-llvm-stress.sh"))
        .args(["--from", &FIRST_SEED.to_string(), "--to", &LAST_SEED.to_string()])
        .args(["--size", &MODULE_SIZE.to_string(), "--jobs", "2", "--timeout", "30"])
        .arg("--work-dir")
        .arg(&work_dir)
        .arg("--report")
        .arg(&report_path)
        .arg("--plugin")
        .arg(&plugin)
        .arg("--scratchc")
        .arg(env!("CARGO_BIN_EXE_scratchc"))
        .output()
        .expect("cannot run bash scripts/fuzz-llvm-stress.sh");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);

    // Exit status 2 means the fuzz script itself could not run (bad usage, a
    // missing tool), so the report below would not exist.
    assert_ne!(output.status.code(), Some(2), "the fuzz script failed to run\nstdout:\n{stdout}\nstderr:\n{stderr}");
    let report_text = fs::read_to_string(&report_path)
        .unwrap_or_else(|error| panic!("cannot read the report {}: {error}\nstderr:\n{stderr}", report_path.display()));
    let report: serde_json::Value = serde_json::from_str(&report_text).expect("the report is valid JSON");
    let counts = &report["counts"];

    let total: u64 = counts.as_object().expect("the report has a counts object").values().map(|count| count.as_u64().unwrap()).sum();
    assert_eq!(total, LAST_SEED - FIRST_SEED + 1, "the report does not count every seed\n{stdout}");

    let kept_files = format!("the files of the failing seeds are in {}/seed-N/", work_dir.display());
    for class in ["ran-different", "crashed", "hung", "invalid-project"] {
        assert_eq!(
            counts[class].as_u64(),
            Some(0),
            "{} llvm-stress modules are in class {class}, by reason (modules, seeds, reason):\n{}\n{kept_files}",
            counts[class],
            describe_groups(&report, class)
        );
    }
    // At this size roughly one module in seven has a defined result and runs.
    // None at all means that the harness or the native builds broke.
    assert!(
        counts["ran-same"].as_u64().unwrap_or(0) > 0,
        "no llvm-stress module ran in scratch-vm with the same output as natively; undefined results by reason:\n{}",
        describe_groups(&report, "undefined-result")
    );
    assert!(output.status.success(), "the fuzz script reported a failure\nstdout:\n{stdout}\nstderr:\n{stderr}");

    // Keep the files when anything above failed; they are what reproduces it.
    fs::remove_dir_all(&work_dir).expect("cannot remove the fuzz work folder");
}
