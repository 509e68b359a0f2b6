//! Finding and running the tools around the backend: clang-19 with the
//! plugin for `scratchc cc`, and Node with the headless runner for
//! `scratchc run`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::diagnostics::{bad_input, bad_input_at};
use crate::ir::SourceLocation;

/// Returns the repository folder this binary was built from. Tools and
/// headers are found relative to it unless an environment variable names
/// another place.
fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("backend/ has a parent").to_path_buf()
}

/// Returns the folder that contains scratch.h: `$SCRATCHC_INCLUDE`, else `c_src/`.
pub fn include_dir() -> PathBuf {
    std::env::var_os("SCRATCHC_INCLUDE").map(PathBuf::from).unwrap_or_else(|| source_root().join("c_src"))
}

/// Returns the pass plugin: `$SCRATCHC_PLUGIN`, else `libscratchc_plugin.so` beside
/// this executable (Cargo builds both into the same target folder).
pub fn plugin_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("SCRATCHC_PLUGIN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe().context("cannot locate the scratchc executable")?;
    let path = exe.with_file_name("libscratchc_plugin.so");
    if !path.exists() {
        return Err(bad_input(format!(
            "the pass plugin {} is missing; build it with `cargo build --release --workspace` \
             or set SCRATCHC_PLUGIN",
            path.display()
        )));
    }
    Ok(path)
}

/// Options of `scratchc cc` passed on to clang.
pub struct CompileOptions<'a> {
    pub include_dirs: &'a [PathBuf],
    pub defines: &'a [String],
    pub optimization: &'a str,
}

/// Compiles C to normalized bitcode with clang-19 and the plugin.
pub fn compile_c(source: &Path, bitcode: &Path, options: &CompileOptions) -> Result<()> {
    if !source.is_file() {
        return Err(bad_input(format!("cannot read {}: no such file", source.display())));
    }
    let clang = std::env::var("SCRATCHC_CLANG").unwrap_or_else(|_| "clang-19".to_string());
    let plugin = plugin_path()?;
    let mut command = Command::new(&clang);
    command
        .args(["--target=i386-none-elf", "-emit-llvm", "-c", "-gline-tables-only"])
        .arg(format!("-O{}", options.optimization))
        // Scratch math has no errno; this turns sqrtf and friends into intrinsics.
        .arg("-fno-math-errno")
        // The backend has no vector values.
        .args(["-fno-vectorize", "-fno-slp-vectorize"])
        .arg(format!("-fpass-plugin={}", plugin.display()))
        .arg("-I")
        .arg(include_dir());
    for dir in options.include_dirs {
        command.arg("-I").arg(dir);
    }
    for define in options.defines {
        command.arg(format!("-D{define}"));
    }
    command.arg(source).arg("-o").arg(bitcode).stderr(Stdio::piped());
    let output = command.output().map_err(|err| {
        bad_input(format!("cannot run {clang}: {err}; install clang-19 (scripts/setup.sh does) or set SCRATCHC_CLANG"))
    })?;
    let messages = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        // Warnings, as clang printed them.
        eprint!("{messages}");
        return Ok(());
    }
    // The plugin reports through clang as `error: scratchc: <message>`: that
    // message is the one line, and clang's "1 error generated." adds nothing.
    if let Some(message) = messages.lines().find_map(|line| line.strip_prefix(PLUGIN_ERROR_PREFIX)) {
        let (location, message) = split_location(message);
        return Err(bad_input_at(message, location));
    }
    eprint!("{messages}");
    Err(bad_input(format!("{clang} failed to compile {} (see its messages above)", source.display())))
}

/// The start of each error line that clang prints for the plugin.
const PLUGIN_ERROR_PREFIX: &str = "error: scratchc: ";

/// Splits `file:line:column: rest` into its C source position and the rest;
/// a message without that prefix has no position.
fn split_location(message: &str) -> (Option<SourceLocation>, &str) {
    let mut parts = message.splitn(4, ':');
    let (Some(file), Some(line), Some(column), Some(rest)) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return (None, message);
    };
    match (line.parse(), column.parse()) {
        (Ok(line), Ok(column)) if !file.is_empty() && !file.contains(' ') => {
            (Some(SourceLocation { file: file.to_string(), line, column }), rest.trim_start())
        }
        _ => (None, message),
    }
}

/// Returns the headless runner script: `$SCRATCHC_RUNNER`, else `tests/vm/run.js`.
pub fn runner_path() -> PathBuf {
    std::env::var_os("SCRATCHC_RUNNER")
        .map(PathBuf::from)
        .unwrap_or_else(|| source_root().join("tests").join("vm").join("run.js"))
}
