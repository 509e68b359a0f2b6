//! Compile errors of the Rust passes. Each error is one line that names the
//! C source location (when the module has debug info), the function and the
//! offending instruction, so the user can find the C code to change.

use std::fmt;

use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::ir;

#[derive(Debug, Clone)]
pub struct PassError {
    message: String,
}

impl PassError {
    /// Builds an error about `instruction`: `file.c:12:9: in function 'f':
    /// <problem>: <instruction>`, or without debug info `in function 'f':
    /// <problem>: <instruction> (build with -g to see the C source line)`.
    pub fn at_instruction(instruction: LLVMValueRef, problem: impl fmt::Display) -> PassError {
        let function = unsafe { LLVMGetBasicBlockParent(LLVMGetInstructionParent(instruction)) };
        let text = format!(
            "in function '{}': {problem}: {}",
            ir::value_name(function),
            ir::print_value(instruction)
        );
        let message = match source_location(instruction) {
            Some(location) => format!("{location}: {text}"),
            None => format!("{text} (build with -g to see the C source line)"),
        };
        PassError { message }
    }

    /// Builds an error about the whole module, such as its settings.
    pub fn new(problem: impl fmt::Display) -> PassError {
        PassError { message: problem.to_string() }
    }

    /// Builds an error about a whole function, such as its control flow.
    pub fn in_function(function: LLVMValueRef, problem: impl fmt::Display) -> PassError {
        PassError {
            message: format!("in function '{}': {problem}", ir::value_name(function)),
        }
    }

    /// Builds an error about a global variable, such as its initializer.
    pub fn in_global(global: LLVMValueRef, problem: impl fmt::Display) -> PassError {
        PassError {
            message: format!(
                "in the initializer of global '{}': {problem}",
                ir::value_name(global)
            ),
        }
    }
}

impl fmt::Display for PassError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

/// Returns `file:line:column` from the instruction's `!dbg` location.
fn source_location(instruction: LLVMValueRef) -> Option<String> {
    unsafe {
        let line = LLVMGetDebugLocLine(instruction);
        if line == 0 {
            return None;
        }
        let text = |data: *const std::ffi::c_char, length: u32| {
            (!data.is_null() && length > 0).then(|| {
                String::from_utf8_lossy(std::slice::from_raw_parts(
                    data as *const u8,
                    length as usize,
                ))
                .into_owned()
            })
        };
        let mut length = 0;
        let file = text(LLVMGetDebugLocFilename(instruction, &mut length), length)
            .unwrap_or_else(|| "<unknown file>".to_string());
        let directory =
            text(LLVMGetDebugLocDirectory(instruction, &mut length), length).unwrap_or_default();
        let column = LLVMGetDebugLocColumn(instruction);
        Some(format!("{}:{line}:{column}", readable_path(&directory, file)))
    }
}

/// Joins the errors of one pass into the single line the host prints: the
/// first error, and how many more there are.
pub fn summarize(errors: &[PassError]) -> String {
    match errors {
        [] => String::new(),
        [only] => only.to_string(),
        [first, _] => format!("{first} (and 1 more error)"),
        [first, rest @ ..] => format!("{first} (and {} more errors)", rest.len()),
    }
}

/// Returns the path of a source file as debug info names it: `file` when it
/// can be read from here, else `directory/file`. clang may record a file
/// outside the current folder as a folder plus a relative name.
fn readable_path(directory: &str, file: String) -> String {
    let path = std::path::Path::new(&file);
    if path.is_absolute() || path.exists() || directory.is_empty() {
        return file;
    }
    let joined = std::path::Path::new(directory).join(path);
    if joined.exists() {
        joined.to_string_lossy().into_owned()
    } else {
        file
    }
}
