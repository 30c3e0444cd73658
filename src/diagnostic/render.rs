//! The three output forms of `xla check`: human (miette), JSON and GitHub
//! workflow annotations.

use super::window::Window;
use super::{Diagnostic, Severity};
use crate::source::{SourceFile, Sources, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};
use serde::Serialize;

/// Lines longer than this (in bytes) are not drawn: a minified or generated
/// contract can hold a line of megabytes, which no one reads in a terminal
/// and which miette cannot draw past column 65,535. The location is given
/// as `file:line:column` instead.
const LONGEST_DRAWN_LINE: usize = 1_000;

/// Renders one diagnostic the way a person reads it: message, code, source
/// snippet with labels, help. `color` turns ANSI styling on. The cost
/// depends on the lines shown, not on the size of the file.
pub fn render_human(diagnostic: &Diagnostic, sources: &Sources, color: bool) -> String {
    let file = sources.get(diagnostic.span.file);
    let same_file: Vec<Span> = std::iter::once(diagnostic.span)
        .chain(diagnostic.labels.iter().map(|l| l.span).filter(|s| s.file == diagnostic.span.file))
        .collect();
    let drawn = same_file.iter().all(|&span| fits_on_screen(file, span));
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    let at = |span: Span| {
        let other = sources.get(span.file);
        let at = other.line_col(span.start as usize);
        format!("{}:{}:{}", other.path.display(), at.line, at.column)
    };
    if drawn {
        labels.push(LabeledSpan::new_primary_with_span(diagnostic.label.clone(), to_miette(diagnostic.span)));
    } else {
        let label = diagnostic.label.as_deref().map_or(String::new(), |l| format!(": {l}"));
        notes.push(format!("{}{label}", at(diagnostic.span)));
    }
    for label in &diagnostic.labels {
        if label.span.file == diagnostic.span.file && drawn {
            labels.push(LabeledSpan::new_with_span(Some(label.message.clone()), to_miette(label.span)));
        } else {
            notes.push(format!("{}: {}", at(label.span), label.message));
        }
    }
    let mut help = diagnostic.help.clone();
    if !notes.is_empty() {
        let joined = notes.join("\n");
        help = Some(match help {
            Some(h) => format!("{h}\n{joined}"),
            None => joined,
        });
    }
    let mut report = MietteDiagnostic::new(diagnostic.message.clone())
        .with_code(diagnostic.code.as_str())
        .with_severity(match diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_labels(labels);
    if let Some(help) = help {
        report = report.with_help(help);
    }
    let mut report = miette::Report::new(report);
    if drawn {
        report = report.with_source_code(Window::around(file, same_file));
    }
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{}: {}\n", diagnostic.code, diagnostic.message);
    }
    out
}

/// Whether every line `span` touches is short enough to draw.
fn fits_on_screen(file: &SourceFile, span: Span) -> bool {
    let (first, last) = (file.line_of(span.start as usize), file.line_of(span.end as usize));
    (first..=last).all(|line| file.line_range(line).len() <= LONGEST_DRAWN_LINE)
}

fn to_miette(span: Span) -> miette::SourceSpan {
    (span.start as usize, (span.end - span.start) as usize).into()
}

/// A line and column pair in JSON output (both one-based).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct JsonPosition {
    /// One-based line.
    pub line: usize,
    /// One-based column, in characters.
    pub column: usize,
}

/// One diagnostic as `xla check --format json` prints it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct JsonDiagnostic {
    /// The file, as given on the command line.
    pub file: String,
    /// One-based line of the start.
    pub line: usize,
    /// One-based column of the start.
    pub column: usize,
    /// Where the span ends (exclusive).
    pub end: JsonPosition,
    /// `"error"` or `"warning"`.
    pub severity: &'static str,
    /// The stable code.
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// The help line, if any.
    pub help: Option<String>,
}

/// Converts a diagnostic to its JSON form.
pub fn render_json(diagnostic: &Diagnostic, sources: &Sources) -> JsonDiagnostic {
    let file = sources.get(diagnostic.span.file);
    let start = file.line_col(diagnostic.span.start as usize);
    let end = file.line_col(diagnostic.span.end as usize);
    JsonDiagnostic {
        file: file.path.display().to_string(),
        line: start.line,
        column: start.column,
        end: JsonPosition { line: end.line, column: end.column },
        severity: diagnostic.severity.as_str(),
        code: diagnostic.code.as_str(),
        message: diagnostic.message.clone(),
        help: diagnostic.help.clone(),
    }
}

/// Renders a diagnostic as a GitHub Actions workflow command
/// (`::error file=…,line=…::message`).
pub fn render_github(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let j = render_json(diagnostic, sources);
    let mut message = j.message.clone();
    if let Some(help) = &j.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        j.severity,
        escape_property(&j.file),
        j.line,
        j.column,
        j.end.line,
        j.end.column,
        j.code,
        escape_data(&message)
    )
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
