//! Links libLLVM-19.so, found through `llvm-config-19`. The inkwell feature
//! `llvm19-1-no-llvm-linking` leaves linking to us so that the plugin, which
//! must resolve LLVM from its host, and the backend can share one workspace.
use std::process::Command;

fn main() {
    let config = std::env::var("LLVM_CONFIG").unwrap_or_else(|_| "llvm-config-19".to_string());
    let output = Command::new(&config).arg("--libdir").output().unwrap_or_else(|err| {
        panic!("failed to run {config}: {err}; install llvm-19-dev (scripts/setup.sh does) or set LLVM_CONFIG")
    });
    assert!(output.status.success(), "{config} --libdir failed");
    let libdir = String::from_utf8(output.stdout).expect("llvm-config printed non-UTF-8");
    let libdir = libdir.trim();
    println!("cargo:rustc-link-search=native={libdir}");
    println!("cargo:rustc-link-lib=dylib=LLVM-19");
    println!("cargo:rustc-link-arg=-Wl,-rpath,{libdir}");
    println!("cargo:rerun-if-env-changed=LLVM_CONFIG");
}
