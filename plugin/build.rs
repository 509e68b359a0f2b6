//! Compiles the C++ files (pass registration and IR helpers) against the
//! LLVM 19 headers that `llvm-config-19` reports. Nothing links LLVM here:
//! the host `opt` or `clang` provides its symbols when it loads the plugin.

use std::process::Command;

fn main() {
    let sources = ["cpp/registration.cpp", "cpp/ir_helpers.cpp"];
    for source in sources {
        println!("cargo:rerun-if-changed={source}");
    }
    println!("cargo:rerun-if-env-changed=LLVM_CONFIG");

    let llvm_config = std::env::var("LLVM_CONFIG").unwrap_or_else(|_| "llvm-config-19".into());
    let output = Command::new(&llvm_config)
        .arg("--cxxflags")
        .output()
        .unwrap_or_else(|error| panic!("failed to run {llvm_config} --cxxflags: {error}; install llvm-19-dev or set LLVM_CONFIG"));
    assert!(
        output.status.success(),
        "{llvm_config} --cxxflags failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cxxflags = String::from_utf8(output.stdout).expect("llvm-config output is not UTF-8");

    let mut build = cc::Build::new();
    build.cpp(true).files(sources).warnings(false);
    for flag in cxxflags.split_whitespace() {
        build.flag(flag);
    }
    build.compile("scratchc_registration");
}
