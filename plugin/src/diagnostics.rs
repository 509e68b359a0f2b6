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
        let mut length = 0;
        let data = LLVMGetDebugLocFilename(instruction, &mut length);
        let file = if data.is_null() || length == 0 {
            "<unknown file>".to_string()
        } else {
            String::from_utf8_lossy(std::slice::from_raw_parts(
                data as *const u8,
                length as usize,
            ))
            .into_owned()
        };
        let column = LLVMGetDebugLocColumn(instruction);
        Some(format!("{file}:{line}:{column}"))
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
