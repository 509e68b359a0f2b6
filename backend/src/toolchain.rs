//! Finding and running the tools around the backend: clang-19 with the
//! plugin for `scratchc cc`, and Node with the headless runner for
//! `scratchc run`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result};
use inkwell::context::Context;
use inkwell::module::Module;
use inkwell::values::{AsValueRef, FunctionValue};

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

/// Returns the folder of scratchc's C library sources, `libc/` beside scratch.h.
pub fn library_dir() -> PathBuf {
    include_dir().join("libc")
}

/// Options of `scratchc cc` passed on to clang.
pub struct CompileOptions<'a> {
    pub include_dirs: &'a [PathBuf],
    pub defines: &'a [String],
    pub optimization: &'a str,
}

/// Math functions that the C library computes, so that clang must call
/// them instead of using its intrinsics (see c_src/libc/math.c).
const C_LIBRARY_MATH: [&str; 6] = ["pow", "powf", "sin", "sinf", "cos", "cosf"];

/// Compiles C to optimized bitcode for the Scratch target with clang-19,
/// without the plugin: `normalize` runs it once the whole program is linked.
pub fn compile_c(source: &Path, bitcode: &Path, options: &CompileOptions) -> Result<()> {
    if !source.is_file() {
        return Err(bad_input(format!("cannot read {}: no such file", source.display())));
    }
    if source.extension().and_then(|extension| extension.to_str()) != Some("c") {
        return Err(bad_input(format!(
            "{} is not a C source file; scratchc cc compiles files that end in .c",
            source.display()
        )));
    }
    let clang = std::env::var("SCRATCHC_CLANG").unwrap_or_else(|_| "clang-19".to_string());
    let mut command = Command::new(&clang);
    command
        .args(["--target=i386-none-elf", "-emit-llvm", "-c", "-gline-tables-only"])
        .arg(format!("-O{}", options.optimization))
        // Scratch math has no errno; this turns sqrtf and friends into intrinsics.
        .arg("-fno-math-errno")
        // The backend has no vector values.
        .args(["-fno-vectorize", "-fno-slp-vectorize"])
        // Scratch's blocks for these differ from C's; the C library has them.
        .args(C_LIBRARY_MATH.iter().map(|name| format!("-fno-builtin-{name}")))
        // scratch.h, then the C library's headers.
        .arg("-I")
        .arg(include_dir())
        .arg("-I")
        .arg(include_dir().join("include"));
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
    // Clang's first error becomes the one line, with its C line under it.
    let error_count = messages.lines().filter_map(clang_error).count();
    let Some((location, message)) = messages.lines().find_map(clang_error) else {
        eprint!("{messages}");
        return Err(bad_input(format!("{clang} failed to compile {} (see its messages above)", source.display())));
    };
    let more = if error_count > 1 { format!(" (the first of {error_count} errors)") } else { String::new() };
    Err(bad_input_at(format!("{message}{more}"), location))
}

/// Splits a clang diagnostic `file:line:column: error: message` (or
/// `fatal error:`) into its location and message. A diagnostic without a
/// location, such as `clang-19: error: ...`, gives only the message.
fn clang_error(diagnostic: &str) -> Option<(Option<SourceLocation>, &str)> {
    let (place, message) =
        diagnostic.split_once(": fatal error: ").or_else(|| diagnostic.split_once(": error: "))?;
    let mut parts = place.rsplitn(3, ':');
    let (Some(column), Some(line_number), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
        return Some((None, message));
    };
    let location = match (line_number.parse(), column.parse()) {
        (Ok(line), Ok(column)) => Some(SourceLocation { file: file.to_string(), line, column }),
        _ => None,
    };
    Some((location, message))
}

/// Runs the plugin's `scratch-normalize` on a whole program with opt-19, in
/// `layout` (`words`, `bytes` or `auto`).
pub fn normalize(input: &Path, output: &Path, layout: &str) -> Result<()> {
    let opt = std::env::var("SCRATCHC_OPT").unwrap_or_else(|_| "opt-19".to_string());
    let plugin = plugin_path()?;
    let result = Command::new(&opt)
        .env("SCRATCHC_LAYOUT", layout)
        .arg(format!("-load-pass-plugin={}", plugin.display()))
        .arg("-passes=scratch-normalize")
        .arg(input)
        .arg("-o")
        .arg(output)
        .stderr(Stdio::piped())
        .output()
        .map_err(|err| bad_input(format!("cannot run {opt}: {err}; install llvm-19 (scripts/setup.sh does) or set SCRATCHC_OPT")))?;
    if result.status.success() {
        return Ok(());
    }
    // The plugin reports its first error as `error: scratchc: <message>`:
    // that message is the one line.
    let messages = String::from_utf8_lossy(&result.stderr);
    if let Some(message) = messages.lines().find_map(|line| line.split_once(PLUGIN_ERROR_PREFIX).map(|(_, rest)| rest)) {
        let (location, message) = split_location(message);
        return Err(bad_input_at(message, location));
    }
    eprint!("{messages}");
    Err(bad_input(format!("{opt} failed to normalize {} (see its messages above)", input.display())))
}

/// The prefix opt prints before each error of the plugin.
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

/// Returns the functions that `bitcode` calls but does not define, other
/// than the scratch.h builtins and LLVM intrinsics: the C library's, or
/// unknown ones.
pub fn external_functions(bitcode: &Path) -> Result<Vec<String>> {
    let context = Context::create();
    let module = Module::parse_bitcode_from_path(bitcode, &context)
        .map_err(|err| anyhow::anyhow!("cannot read {}: {err}", bitcode.display()))?;
    Ok(module
        .get_functions()
        .filter(|function| function.count_basic_blocks() == 0 && is_used(function.as_value_ref()))
        .map(|function| function.get_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("llvm.") && !name.starts_with("scratch_"))
        .collect())
}

/// Compiles each C library source into `folder`, all at once: one clang-19
/// per file, which would take about a second one after another.
pub fn compile_library(folder: &Path, defines: &[String], optimization: &str) -> Result<Vec<PathBuf>> {
    let mut sources: Vec<PathBuf> = std::fs::read_dir(library_dir())
        .map_err(|err| bad_input(format!("cannot read the C library in {}: {err}", library_dir().display())))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "c"))
        .collect();
    sources.sort();
    let options = CompileOptions { include_dirs: &[], defines, optimization };
    let outputs: Vec<PathBuf> = sources
        .iter()
        .map(|source| {
            let stem = source.file_stem().expect("a .c file has a stem").to_string_lossy();
            folder.join(format!("libc.{stem}.bc"))
        })
        .collect();
    std::thread::scope(|scope| {
        let compilations: Vec<_> = sources
            .iter()
            .zip(&outputs)
            .map(|(source, output)| scope.spawn(|| compile_c(source, output, &options)))
            .collect();
        compilations.into_iter().try_for_each(|compilation| compilation.join().expect("a compile thread panicked"))
    })?;
    Ok(outputs)
}

/// Links the C library into the program and keeps only what the program
/// reaches. A function that the program defines itself wins over the
/// library's one of the same name.
pub fn link_library(program: &Path, library: &[PathBuf], output: &Path) -> Result<()> {
    let context = Context::create();
    let read = |path: &Path| {
        Module::parse_bitcode_from_path(path, &context)
            .map_err(|err| anyhow::anyhow!("cannot read {}: {err}", path.display()))
    };
    let module = read(program)?;
    for path in library {
        let part = read(path)?;
        for function in part.get_functions() {
            let name = function.get_name();
            let defined_by_program = module.get_function(&name.to_string_lossy()).is_some_and(|own| own.count_basic_blocks() > 0);
            if defined_by_program && function.count_basic_blocks() > 0 {
                make_declaration(function);
            }
        }
        module
            .link_in_module(part)
            .map_err(|err| bad_input(format!("cannot link the C library into the program: {}", err.to_string().trim())))?;
    }
    remove_unreached(&module);
    if !module.write_bitcode_to_path(output) {
        anyhow::bail!("cannot write {}", output.display());
    }
    Ok(())
}

fn is_used(value: llvm_sys::prelude::LLVMValueRef) -> bool {
    // SAFETY: `value` is a live function or global of a live module.
    unsafe { !llvm_sys::core::LLVMGetFirstUse(value).is_null() }
}

/// Deletes a function's body, leaving a declaration.
fn make_declaration(function: FunctionValue) {
    for block in function.get_basic_blocks() {
        // SAFETY: the whole body goes, so no block is left using another.
        unsafe { block.delete() }.expect("a block of a function can be deleted");
    }
    function.set_linkage(inkwell::module::Linkage::External);
}

/// Deletes defined functions and globals that nothing uses, repeatedly, so
/// that the library adds only what the program calls. `main` and functions
/// marked for Scratch are used by `main`'s name or by the annotations.
fn remove_unreached(module: &Module) {
    loop {
        let mut removed = false;
        for function in module.get_functions() {
            let name = function.get_name().to_string_lossy().into_owned();
            if function.count_basic_blocks() > 0 && !is_used(function.as_value_ref()) && name != "main" {
                // SAFETY: nothing uses the function.
                unsafe { function.delete() };
                removed = true;
            }
        }
        for global in module.get_globals() {
            let name = global.get_name().to_string_lossy().into_owned();
            if !is_used(global.as_value_ref()) && !name.starts_with("llvm.") {
                // SAFETY: nothing uses the global.
                unsafe { global.delete() };
                removed = true;
            }
        }
        if !removed {
            return;
        }
    }
}
