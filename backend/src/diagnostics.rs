//! Errors a user can act on, as opposed to internal errors.
//!
//! Every error that bad input can cause is a `BadInput`: `main` prints it as
//! one line and exits with code 2. Anything else is an internal error (exit 1).

use std::fmt;

use crate::ir::SourceLocation;

#[derive(Debug)]
pub struct BadInput {
    pub message: String,
    /// The C source position, when debug info has it.
    pub location: Option<SourceLocation>,
}

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for BadInput {}

/// Returns an `anyhow::Error` carrying a `BadInput` with no source position.
pub fn bad_input(message: impl Into<String>) -> anyhow::Error {
    BadInput { message: message.into(), location: None }.into()
}

/// Returns an `anyhow::Error` carrying a `BadInput` at the given C source position.
pub fn bad_input_at(message: impl Into<String>, location: Option<SourceLocation>) -> anyhow::Error {
    BadInput { message: message.into(), location }.into()
}
