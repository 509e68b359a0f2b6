//! Native tests of scratchc's C library, `c_src/libc`.
//!
//! `tests/libc/formats.c` is built twice with `clang-19 -m32`: against glibc,
//! and freestanding (`-nostdinc -ffreestanding -fno-builtin`) against
//! `c_src/include` and `c_src/libc`, with `tests/libc/native_output.c`
//! providing scratch.h's output primitives through write(2). Both runs must
//! print the same bytes and exit with the same status. The freestanding
//! binary may import nothing from glibc but the startup code, write, _exit
//! and the math functions that Scratch blocks compute, so no glibc function
//! can stand in for a missing library one.
//!
//! `tests/libc/library_only.c` checks what glibc cannot share (a full heap,
//! abort's status), and every library source is compiled for the Scratch
//! target to catch 64-bit integer operations, which the backend rejects.
//!
//! Needs clang-19, llvm-nm-19 (package llvm-19) and the 32-bit C library
//! (libc6-dev-i386), which scripts/setup.sh installs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{check, repo_root};

/// Flags of every native build. SSE arithmetic keeps x87 excess precision
/// from making the test's own computed values differ between the builds.
const NATIVE_FLAGS: [&str; 7] = ["-m32", "-O2", "-msse2", "-mfpmath=sse", "-Wall", "-Wextra", "-Werror"];

/// Symbols that the freestanding build may import from glibc: the startup
/// code, the system calls of native_output.c, and the math functions that
/// the backend turns into Scratch blocks, which libm provides natively.
const ALLOWED_IMPORTS: [&str; 15] = [
    "__libc_start_main",
    "write",
    "_exit",
    "sqrt",
    "sqrtf",
    "fabs",
    "fabsf",
    "floor",
    "floorf",
    "ceil",
    "ceilf",
    "exp",
    "expf",
    "log",
    "logf",
];

/// Heap size for library_only.c: smaller than the default, to check that
/// the SCRATCH_HEAP_SIZE macro sets it.
const TEST_HEAP_SIZE: &str = "SCRATCH_HEAP_SIZE=16384";

/// Runs clang-19 with `args` and panics with its messages when it fails.
fn clang(args: &[&str], step: &str) {
    let output = Command::new("clang-19")
        .args(args)
        .output()
        .expect("running clang-19 failed; install clang-19 and the 32-bit C library (libc6-dev-i386)");
    check(&output, step);
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("the path is UTF-8")
}

/// Returns the library's C sources, sorted.
fn library_sources() -> Vec<PathBuf> {
    let folder = repo_root().join("c_src").join("libc");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|err| panic!("reading {} failed: {err}", folder.display()))
        .map(|entry| entry.expect("reading a folder entry failed").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "c"))
        .collect();
    sources.sort();
    assert!(!sources.is_empty(), "{} has no .c files", folder.display());
    sources
}

/// Builds `program` against glibc into `output`.
fn build_against_glibc(program: &Path, output: &Path) {
    let mut args = NATIVE_FLAGS.to_vec();
    args.extend([path_text(program), "-o", path_text(output)]);
    clang(&args, "the glibc build (clang-19 -m32)");
}

/// Builds `program` freestanding against c_src/libc into `output`, with
/// `defines` (NAME=VALUE) for the program and the library alike.
fn build_against_library(program: &Path, defines: &[&str], folder: &Path, output: &Path) {
    let root = repo_root();
    let resource_dir = Command::new("clang-19").arg("-print-resource-dir").output().expect("running clang-19 failed");
    check(&resource_dir, "clang-19 -print-resource-dir");
    let resource_include = PathBuf::from(String::from_utf8(resource_dir.stdout).expect("UTF-8").trim()).join("include");

    // native_output.c uses the system headers, so it is compiled apart.
    let native_output = folder.join("native_output.o");
    let native_output_source = root.join("tests").join("libc").join("native_output.c");
    let mut args = NATIVE_FLAGS.to_vec();
    args.extend(["-c", path_text(&native_output_source), "-o", path_text(&native_output)]);
    clang(&args, "compiling tests/libc/native_output.c");

    let include = root.join("c_src").join("include");
    let scratch_header_dir = root.join("c_src");
    let define_flags: Vec<String> = defines.iter().map(|define| format!("-D{define}")).collect();
    let sources = library_sources();
    let mut args = NATIVE_FLAGS.to_vec();
    args.extend(["-ffreestanding", "-fno-builtin", "-nostdinc", "-isystem", path_text(&resource_include)]);
    args.extend(["-I", path_text(&include), "-I", path_text(&scratch_header_dir)]);
    args.extend(define_flags.iter().map(String::as_str));
    args.push(path_text(program));
    args.extend(sources.iter().map(|source| path_text(source)));
    args.extend([path_text(&native_output), "-lm", "-o", path_text(output)]);
    clang(&args, "the freestanding build against c_src/libc");

    assert_imports_only_system_calls(output);
}

/// Panics when the binary imports a glibc symbol other than ALLOWED_IMPORTS,
/// which would mean that glibc supplied a function the library lacks.
fn assert_imports_only_system_calls(binary: &Path) {
    let listing = Command::new("llvm-nm-19")
        .args(["-D", "--undefined-only"])
        .arg(binary)
        .output()
        .expect("running llvm-nm-19 failed; install the llvm-19 package");
    check(&listing, "llvm-nm-19");
    let listing = String::from_utf8_lossy(&listing.stdout);
    let unexpected: Vec<&str> = listing
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            match (fields.next(), fields.next()) {
                // Weak references (w, v) may stay unresolved; U must not.
                (Some("U"), Some(symbol)) => Some(symbol.split('@').next().unwrap_or(symbol)),
                _ => None,
            }
        })
        .filter(|symbol| !ALLOWED_IMPORTS.contains(symbol))
        .collect();
    assert!(
        unexpected.is_empty(),
        "the freestanding build imports {unexpected:?} from glibc: c_src/libc must define them"
    );
}

fn run(program: &Path) -> Output {
    Command::new(program).output().unwrap_or_else(|err| panic!("starting {} failed: {err}", program.display()))
}

/// Describes the first line where two outputs differ, 1-based, each line
/// cut to 400 bytes.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let expected_lines: Vec<&[u8]> = expected.split(|&byte| byte == b'\n').collect();
    let actual_lines: Vec<&[u8]> = actual.split(|&byte| byte == b'\n').collect();
    let show = |line: Option<&&[u8]>| match line {
        Some(line) => format!("{:?}", String::from_utf8_lossy(&line[..line.len().min(400)])),
        None => "no line".to_string(),
    };
    for index in 0..expected_lines.len().max(actual_lines.len()) {
        if expected_lines.get(index) != actual_lines.get(index) {
            return format!(
                "first difference at line {}:\n  glibc:       {}\n  c_src/libc:  {}",
                index + 1,
                show(expected_lines.get(index)),
                show(actual_lines.get(index))
            );
        }
    }
    "the outputs are equal".to_string()
}

#[test]
fn formats_match_glibc() {
    let root = repo_root();
    let program = root.join("tests").join("libc").join("formats.c");
    let folder = tempfile::tempdir().expect("creating a temporary folder failed");
    let glibc_binary = folder.path().join("formats_glibc");
    let library_binary = folder.path().join("formats_libc");
    build_against_glibc(&program, &glibc_binary);
    build_against_library(&program, &[], folder.path(), &library_binary);

    let glibc = run(&glibc_binary);
    let library = run(&library_binary);

    assert_eq!(glibc.status.code(), Some(3), "the glibc build should exit with exit(3)'s status");
    assert_eq!(library.status.code(), Some(3), "the c_src/libc build should exit with exit(3)'s status");
    assert!(
        glibc.stdout.ends_with(b"done\n"),
        "the glibc build did not reach the end of formats.c; stderr:\n{}",
        String::from_utf8_lossy(&glibc.stderr)
    );
    assert!(
        library.stdout == glibc.stdout,
        "formats.c prints differently with c_src/libc ({} bytes) than with glibc ({} bytes); {}",
        library.stdout.len(),
        glibc.stdout.len(),
        first_difference(&glibc.stdout, &library.stdout)
    );
    assert!(library.stderr.is_empty(), "stderr output should be dropped, got:\n{}", String::from_utf8_lossy(&library.stderr));
}

#[test]
fn heap_limits_and_abort() {
    let root = repo_root();
    let program = root.join("tests").join("libc").join("library_only.c");
    let folder = tempfile::tempdir().expect("creating a temporary folder failed");
    let binary = folder.path().join("library_only");
    build_against_library(&program, &[TEST_HEAP_SIZE], folder.path(), &binary);

    let output = run(&binary);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let failed: Vec<&str> = stdout.lines().filter(|line| line.starts_with("FAILED")).collect();
    assert!(failed.is_empty(), "library_only.c reported failures:\n{}\n\nwhole output:\n{stdout}", failed.join("\n"));
    assert!(stdout.ends_with("failures: 0\n"), "library_only.c did not reach its end:\n{stdout}");
    assert_eq!(output.status.code(), Some(134), "abort() should exit with status 134");
}

/// Returns the instruction lines of LLVM IR text that use a 64-bit integer,
/// leaving out lifetime markers, whose size operand is always i64.
fn lines_with_i64(ir: &str) -> Vec<String> {
    ir.lines()
        .filter(|line| line.starts_with("  ") && line.contains("i64"))
        .filter(|line| !line.contains("@llvm.lifetime."))
        .map(str::to_string)
        .collect()
}

#[test]
fn library_compiles_for_scratch_target() {
    let root = repo_root();
    let folder = tempfile::tempdir().expect("creating a temporary folder failed");
    let include = root.join("c_src").join("include");
    let scratch_header_dir = root.join("c_src");
    for source in library_sources() {
        let name = source.file_stem().expect("a .c file has a stem").to_string_lossy().into_owned();
        let ir_path = folder.path().join(format!("{name}.ll"));
        let args = [
            "--target=i386-none-elf",
            "-O2",
            "-ffreestanding",
            "-fno-builtin",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-I",
            path_text(&include),
            "-I",
            path_text(&scratch_header_dir),
            "-emit-llvm",
            "-S",
            path_text(&source),
            "-o",
            path_text(&ir_path),
        ];
        clang(&args, &format!("compiling {} for the Scratch target", source.display()));

        let ir = std::fs::read_to_string(&ir_path).expect("reading the IR failed");
        let wide = lines_with_i64(&ir);
        assert!(wide.is_empty(), "{} uses 64-bit integers, which the backend rejects:\n{}", source.display(), wide.join("\n"));
        let casts: Vec<&str> = ir.lines().filter(|line| line.contains(" bitcast ")).collect();
        assert!(
            casts.is_empty(),
            "{} reinterprets bits with bitcast, which Scratch numbers do not have:\n{}",
            source.display(),
            casts.join("\n")
        );
    }
}
