//! scratch-split-i64: programs on long long print the same natively after
//! the split, alone and within scratch-normalize, and the IR keeps no
//! integer value wider than 32 bits. Reinterpreting a double's bits, wider
//! integers, atomic 64-bit accesses and overflow intrinsics on i64 are
//! compile errors that name the function, the instruction and the C line.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

const SPLIT: &str = "scratch-split-i64";
const NORMALIZE: &str = "scratch-normalize";

/// Compiles `tests/c/<name>.c` with `clang_args` after `-O2`, runs `passes`
/// on it and checks the output against `tests/c/<name>_driver.c` and that
/// no wide integer value is left. Returns the original and the output IR.
fn check_program(passes: &str, name: &str, test_name: &str, clang_args: &[&str]) -> (String, String) {
    let dir = scratch_dir(test_name);
    let ir = dir.join(format!("{name}.ll"));
    compile_to_ir(&test_input(&format!("c/{name}.c")), &ir, clang_args);
    let text = assert_same_native_output(passes, &ir, &test_input(&format!("c/{name}_driver.c")), &dir);
    assert_no_wide_values(&text);
    (fs::read_to_string(&ir).unwrap(), text)
}

fn assert_no_wide_values(ir: &str) {
    let wide = wide_integer_values(ir);
    assert!(wide.is_empty(), "wide integer values survived:\n{}", wide.join("\n"));
}

/// Returns the lines of `ir` that contain an integer type wider than 32
/// bits. Types that only describe memory do not count. These are the element
/// types of GEPs and allocas, the value types of external globals and named
/// struct types.
fn wide_integer_values(ir: &str) -> Vec<&str> {
    ir.lines()
        .filter(|line| {
            let line = line.trim_start();
            let skipped = line.starts_with(';')
                || line.starts_with('!')
                || line.starts_with("source_filename ")
                || line.starts_with("target ")
                || line.starts_with("attributes ")
                || (line.starts_with('%') && line.contains(" = type "));
            !skipped && has_wide_integer_type(&without_memory_types(line))
        })
        .collect()
}

/// Removes the types that follow `getelementptr` (and its keywords),
/// `alloca` and `external global` from one line of IR.
fn without_memory_types(line: &str) -> String {
    let mut text = line.to_string();
    for keyword in ["getelementptr", "alloca", "external global", "external constant"] {
        let mut searched = 0;
        while let Some(found) = text[searched..].find(keyword) {
            let mut start = searched + found + keyword.len();
            loop {
                let rest = text[start..].trim_start();
                let skipped = ["inbounds", "nuw", "nusw", "("]
                    .iter()
                    .find(|word| rest.starts_with(*word));
                match skipped {
                    Some(word) => start = text.len() - rest.len() + word.len(),
                    None => break,
                }
            }
            let end = type_end(&text, start);
            text.replace_range(start..end, " ");
            searched = start + 1;
        }
    }
    text
}

/// Returns where the type starting at `start` ends: at the first comma
/// outside brackets, or at the end of the line.
fn type_end(text: &str, start: usize) -> usize {
    let mut depth = 0;
    for (offset, character) in text[start..].char_indices() {
        match character {
            '[' | '{' | '<' | '(' => depth += 1,
            ']' | '}' | '>' | ')' => depth -= 1,
            ',' if depth == 0 => return start + offset,
            _ => {}
        }
    }
    text.len()
}

/// Returns whether a token such as `i64` or `i128`, not part of a longer
/// name such as `@scratchc.i64_high`, names an integer wider than 32 bits.
fn has_wide_integer_type(text: &str) -> bool {
    let is_name_character = |c: char| c.is_ascii_alphanumeric() || "_.@%$\"".contains(c);
    text.split(|c: char| !is_name_character(c)).any(|token| {
        token
            .strip_prefix('i')
            .and_then(|digits| digits.parse::<u32>().ok())
            .is_some_and(|width| width > 32)
    })
}

/// Returns whether some line of `ir` has `opcode`, then optional flags, then
/// `operand_type`, as in `%3 = mul nsw i64 %1, %2` or `store volatile i64`.
fn has_operation(ir: &str, opcode: &str, operand_type: &str) -> bool {
    const FLAGS: [&str; 6] = ["nsw", "nuw", "exact", "disjoint", "nneg", "volatile"];
    ir.lines().any(|line| {
        let line = line.trim_start();
        let instruction = match line.split_once(" = ") {
            Some((name, rest)) if name.starts_with('%') => rest,
            _ => line,
        };
        let mut words = instruction.split_whitespace();
        let opcode_words = opcode.split_whitespace().count();
        let matches_opcode = words.by_ref().take(opcode_words).eq(opcode.split_whitespace());
        let first_type = words.map(|word| word.trim_end_matches(',')).find(|word| !FLAGS.contains(word));
        matches_opcode && first_type == Some(operand_type)
    })
}

#[test]
fn wide_value_finder_skips_memory_types() {
    let memory_only = [
        "  %2 = getelementptr inbounds [4 x i64], ptr @table, i32 0, i32 %1",
        "  %3 = load i32, ptr getelementptr inbounds ({ i32, i64 }, ptr @a, i32 0, i32 1), align 4",
        "  %4 = alloca i64, align 8",
        "@x = external global i64, align 8",
        "  %5 = load i32, ptr @scratchc.i64_high, align 4",
        "%struct.account = type { i32, i64 }",
    ];
    for line in memory_only {
        assert!(wide_integer_values(line).is_empty(), "{line}");
    }
    let values = [
        "  %1 = add i64 %0, 1",
        "  %2 = load i64, ptr getelementptr inbounds ([2 x i32], ptr @a, i32 0, i32 1), align 4",
        "define i64 @f(i32 %0)",
        "  call void @llvm.dbg.value(metadata i64 %0, metadata !12, metadata !DIExpression())",
        "@g = global i128 0",
    ];
    for line in values {
        assert_eq!(wide_integer_values(line), vec![line]);
    }
}

#[test]
fn arithmetic_output_is_kept() {
    let (original, text) = check_program(SPLIT, "int64_arithmetic", "arithmetic_output_is_kept", &[]);
    for (opcode, ty) in [
        ("add", "i64"), ("sub", "i64"), ("mul", "i64"), ("udiv", "i64"), ("sdiv", "i64"),
        ("and", "i64"), ("or", "i64"), ("xor", "i64"), ("shl", "i64"), ("lshr", "i64"), ("ashr", "i64"),
        ("phi", "i64"), ("sitofp", "i64"), ("uitofp", "i64"), ("fptosi", "double"), ("fptoui", "double"),
        ("fptosi", "float"), ("fptoui", "float"), ("load", "i64"), ("store", "i64"), ("store volatile", "i64"),
        ("zext", "i32"), ("sext", "i32"), ("trunc", "i64"),
    ] {
        assert!(has_operation(&original, opcode, ty), "int64_arithmetic.c no longer has {opcode} {ty}");
    }
    for intrinsic in ["ctpop.i64", "ctlz.i64", "cttz.i64", "bswap.i64", "fshl.i64", "umin.i64", "smax.i64", "abs.i64"] {
        assert!(original.contains(&format!("@llvm.{intrinsic}")), "int64_arithmetic.c no longer calls llvm.{intrinsic}");
    }
    assert_division_helpers(&text, &["udiv64", "sdiv64"]);
}

/// Asserts that the module defines each helper `scratchc.<name>` once.
fn assert_division_helpers(ir: &str, names: &[&str]) {
    for name in names {
        let definitions = lines_containing(ir, &format!("define internal i32 @scratchc.{name}("));
        assert_eq!(definitions.len(), 1, "expected one scratchc.{name} helper");
    }
}

/// Without optimization, clang keeps every compare predicate, srem and urem,
/// and moves every long long through memory.
#[test]
fn unoptimized_arithmetic_output_is_kept() {
    let (original, text) = check_program(
        SPLIT,
        "int64_arithmetic",
        "unoptimized_arithmetic_output_is_kept",
        &["-O0"],
    );
    for predicate in ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"] {
        assert!(has_operation(&original, &format!("icmp {predicate}"), "i64"), "no icmp {predicate} i64");
    }
    for opcode in ["srem", "urem"] {
        assert!(has_operation(&original, opcode, "i64"), "no {opcode} i64");
    }
    assert_division_helpers(&text, &["udiv64", "urem64", "sdiv64", "srem64"]);
}

/// Built with -g, so the split also meets debug intrinsics on i64 values.
#[test]
fn calls_output_is_kept() {
    let (original, text) = check_program(SPLIT, "int64_calls", "calls_output_is_kept", &["-g"]);
    assert!(original.contains("call i64 %"), "int64_calls.c has no indirect call returning i64");
    assert!(original.contains("@printf(ptr"), "int64_calls.c has no printf call");
    assert!(
        original.contains("dbg.value(metadata i64") || original.contains("#dbg_value(i64"),
        "int64_calls.c with -g has no debug value of type i64"
    );
    assert!(
        text.contains("load i32, ptr @scratchc.i64_high"),
        "no caller reads the high half of a returned i64:\n{text}"
    );
}

#[test]
fn varargs_output_is_kept() {
    let (original, _) = check_program(SPLIT, "int64_varargs", "varargs_output_is_kept", &[]);
    assert!(original.contains("@llvm.va_start"), "int64_varargs.c defines no variadic function");
}

#[test]
fn edge_cases_output_is_kept() {
    let dir = scratch_dir("edge_cases_output_is_kept");
    let text = assert_same_native_output(
        SPLIT,
        &test_input("ir/split_i64_edges.ll"),
        &test_input("ir/split_i64_edges_driver.c"),
        &dir,
    );
    assert_no_wide_values(&text);
    assert!(text.contains("declare void @report(i32, i32, i32)"), "declaration not split:\n{text}");
    assert!(!text.contains("dead:"), "unreachable block kept:\n{text}");
}

#[test]
fn full_pipeline_keeps_output() {
    for name in ["int64_arithmetic", "int64_calls"] {
        let (_, text) = check_program(NORMALIZE, name, &format!("full_pipeline_{name}"), &[]);
        assert!(text.contains("!scratchc.normalized"), "{name}: no mark");
    }

    let dir = scratch_dir("full_pipeline_edge_cases");
    let text = assert_same_native_output(
        NORMALIZE,
        &test_input("ir/split_i64_edges.ll"),
        &test_input("ir/split_i64_edges_driver.c"),
        &dir,
    );
    assert_no_wide_values(&text);
}

/// Writes `ir` to a file, runs the split on it and returns stderr after
/// checking that opt failed cleanly.
fn split_error(test_name: &str, ir: &str) -> String {
    let dir = scratch_dir(test_name);
    let input = dir.join("input.ll");
    let module = format!(
        "target datalayout = \"e-m:e-p:32:32-p270:32:32-p271:32:32-p272:64:64-i128:128-f64:32:64-f80:32-n8:16:32-S128\"\n\
         target triple = \"i386-unknown-none-elf\"\n{ir}"
    );
    fs::write(&input, module).unwrap();
    let output = run_opt(SPLIT, &input, &dir.join("out.ll"));
    let stderr = assert_clean_failure(&output);
    assert_eq!(stderr.lines().count(), 1, "expected one line:\n{stderr}");
    stderr
}

/// Through clang with -g, the error names the C file and line, and no
/// output file is left behind.
#[test]
fn double_bits_are_rejected() {
    let dir = scratch_dir("double_bits_are_rejected");
    let source = dir.join("bits.c");
    fs::write(
        &source,
        "// Reinterprets the bits of a double.\nlong long bits_of(double x) {\n    long long bits;\n    __builtin_memcpy(&bits, &x, sizeof bits);\n    return bits;\n}\n",
    )
    .unwrap();
    let output_file = dir.join("bits.bc");
    let output = run(Command::new(CLANG)
        .args([SCRATCH_TARGET, "-O2", "-g", "-emit-llvm", "-c"])
        .arg(format!("-fpass-plugin={}", plugin_path().display()))
        .arg(&source)
        .arg("-o")
        .arg(&output_file));

    let stderr = assert_clean_failure(&output);
    assert!(stderr.contains("bits.c:4:"), "no C source line in:\n{stderr}");
    assert!(stderr.contains("in function 'bits_of'"), "{stderr}");
    assert!(stderr.contains("reinterpreting a double as a 64-bit integer"), "{stderr}");
    assert!(stderr.contains("bitcast double %"), "{stderr}");
    assert!(!output_file.exists(), "clang left an output file after the error");
}

#[test]
fn integer_to_double_bitcast_is_rejected() {
    let stderr = split_error(
        "integer_to_double_bitcast_is_rejected",
        "define double @from_bits(i64 %bits) {\n  %x = bitcast i64 %bits to double\n  ret double %x\n}\n",
    );
    assert!(stderr.contains("error: scratchc: in function 'from_bits'"), "{stderr}");
    assert!(stderr.contains("%x = bitcast i64 %bits to double"), "{stderr}");
    assert!(stderr.contains("build with -g"), "{stderr}");
}

#[test]
fn wider_integers_are_rejected() {
    let stderr = split_error(
        "wider_integers_are_rejected",
        "define i32 @wide_sum(i32 %a, i32 %b) {\n  %w = zext i32 %a to i128\n  %s = add i128 %w, 5\n  %t = trunc i128 %s to i32\n  ret i32 %t\n}\n",
    );
    assert!(stderr.contains("in function 'wide_sum': 128-bit integers are not supported"), "{stderr}");
    assert!(stderr.contains("%w = zext i32 %a to i128"), "{stderr}");
    assert!(stderr.contains("(and 2 more errors)"), "{stderr}");
}

#[test]
fn overflow_intrinsic_is_rejected() {
    let stderr = split_error(
        "overflow_intrinsic_is_rejected",
        "define i1 @checked(i64 %a, i64 %b) {\n  %r = call { i64, i1 } @llvm.umul.with.overflow.i64(i64 %a, i64 %b)\n  %o = extractvalue { i64, i1 } %r, 1\n  ret i1 %o\n}\ndeclare { i64, i1 } @llvm.umul.with.overflow.i64(i64, i64)\n",
    );
    assert!(
        stderr.contains("in function 'checked': intrinsic llvm.umul.with.overflow.i64 is not supported"),
        "{stderr}"
    );
}

#[test]
fn atomic_load_is_rejected() {
    let stderr = split_error(
        "atomic_load_is_rejected",
        "define i32 @low_word(ptr %p) {\n  %v = load atomic i64, ptr %p seq_cst, align 8\n  %t = trunc i64 %v to i32\n  ret i32 %t\n}\n",
    );
    assert!(
        stderr.contains("in function 'low_word': atomic 64-bit loads and stores are not supported"),
        "{stderr}"
    );
}

#[test]
fn opt_accepts_split_pipeline_name() {
    let dir = scratch_dir("opt_accepts_split_pipeline_name");
    let input: &Path = &test_input("ir/split_i64_edges.ll");
    assert_success(&run_opt(SPLIT, input, &dir.join("out.ll")), "opt -passes=scratch-split-i64");
}
