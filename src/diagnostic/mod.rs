//! Diagnostics: one type for every error and warning the toolchain reports.
//!
//! A [`Diagnostic`] has a stable [`Code`], a primary span, a message in plain
//! words, optional secondary labels, a help line and, for "did you mean"
//! suggestions, a machine-applicable [`Fix`] that the language server offers
//! as a quick fix.

mod code;
mod render;
mod suggest;
mod window;

pub use code::{Code, Severity};
pub use render::{render_github, render_human, render_json, JsonDiagnostic};
pub use suggest::did_you_mean;

use crate::source::Span;

/// A secondary location that explains the primary one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// A text edit that resolves a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What to replace.
    pub span: Span,
    /// The replacement text.
    pub replacement: String,
}

/// One error or warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code, e.g. `XLA0101`.
    pub code: Code,
    /// Error or warning (the code's default).
    pub severity: Severity,
    /// The message, in words a contract manager understands.
    pub message: String,
    /// The primary location.
    pub span: Span,
    /// What to write at the primary span (shown under the caret).
    pub label: Option<String>,
    /// Further locations that explain the problem.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// A replacement that fixes it, when there is exactly one obvious one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic of `code` at `span`, with the code's default severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// Sets the text shown under the primary span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into() });
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches a fix that replaces the primary span with `replacement`.
    pub fn with_fix(mut self, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix { span: self.span, replacement: replacement.into() });
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file and position, errors before warnings at one
/// place, so output is stable whatever order the checks ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.file, a.span.start, a.span.end, a.severity, a.code).cmp(&(
            b.span.file,
            b.span.start,
            b.span.end,
            b.severity,
            b.code,
        ))
    });
}
