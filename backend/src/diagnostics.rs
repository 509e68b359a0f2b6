//! Errors a user can act on, as opposed to internal errors.
//!
//! Every error that bad input can cause is a `BadInput`: `main` prints it as
//! one line, followed by the C source line with a caret when debug info names
//! a readable file, and exits with code 2. Anything else is an internal error
//! (exit 1).

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

/// Returns why the function `name` has no address, to end a message
/// "..., but <reason>": a scratch.h function is a Scratch block, and any
/// other function that this C file only declares has no definition.
pub fn why_no_address(name: &str) -> String {
    if name.starts_with("scratch_") {
        format!("scratch.h functions are Scratch blocks and have no address; call `{name}` directly")
    } else {
        format!("`{name}` is not defined in this C file")
    }
}

/// Renders the source line at `location` with a caret under its column, as
/// codespan-reporting draws it, without the header line (the caller prints
/// the message itself). Returns `None` when the file cannot be read or the
/// line does not exist.
pub fn source_snippet(location: &SourceLocation) -> Option<String> {
    use codespan_reporting::diagnostic::{Diagnostic, Label};
    use codespan_reporting::files::SimpleFile;
    use codespan_reporting::term::{self, termcolor::NoColor, Chars, Config};

    let source = std::fs::read_to_string(&location.file).ok()?;
    let line_start: usize = source.split_inclusive('\n').take(location.line.checked_sub(1)? as usize).map(str::len).sum();
    let line = source[line_start..].lines().next()?;
    let column = (location.column.max(1) as usize - 1).min(line.len());
    // Underline the identifier or token that starts at the column. A column
    // past the line's end (where clang puts a missing `;`) gets an empty
    // span: a span over the newline would draw two lines.
    let token = line[column..]
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(line.len() - column, |(end, _)| end)
        .max(1)
        .min(line.len() - column);
    let start = line_start + column;
    let end = (start + token).min(source.len());

    let file = SimpleFile::new(location.file.clone(), source);
    let diagnostic = Diagnostic::error().with_labels(vec![Label::primary((), start..end)]);
    let config = Config { chars: Chars::ascii(), ..Config::default() };
    let mut rendered = NoColor::new(Vec::new());
    term::emit(&mut rendered, &config, &file, &diagnostic).ok()?;
    let text = String::from_utf8(rendered.into_inner()).ok()?;
    // Drop codespan's header line; the message is printed before the snippet.
    let snippet: Vec<&str> = text.lines().skip(1).filter(|line| !line.trim().is_empty()).collect();
    Some(snippet.join("\n"))
}
