//! The checker's diagnostics in the protocol's terms: the same codes and
//! messages as `xla check`; the help line appended to the message as
//! `check --format github` prints it; secondary labels as related
//! information.

use super::convert;
use super::world::{Analysis, World};
use crate::diagnostic::{Diagnostic, Severity};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString, PublishDiagnosticsParams,
};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// One diagnostic of `analysis`, converted.
pub fn convert(d: &Diagnostic, analysis: &Analysis, world: &World) -> lsp_types::Diagnostic {
    let file = analysis.file(d.span.file);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|label| {
            let other = analysis.file(label.span.file);
            DiagnosticRelatedInformation {
                location: Location { uri: world.uri_of(&other.path), range: convert::range(other, label.span) },
                message: label.message.clone(),
            }
        })
        .collect();
    lsp_types::Diagnostic {
        range: convert::range(file, d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("xla".to_string()),
        message,
        related_information: if related.is_empty() { None } else { Some(related) },
        tags: (d.code == crate::diagnostic::Code::Unused).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// What was last published for each file.
pub type Published = HashMap<PathBuf, Vec<lsp_types::Diagnostic>>;

/// The diagnostics to publish after an edit: for every open document and
/// every file its check reads, the diagnostics of the checks that cover it.
/// Open documents always get a list (the editor learns that their new
/// version was checked); other files only when their list changed, which
/// includes an empty list for a file whose diagnostics are gone.
pub fn collect(world: &mut World, published: &mut Published) -> Vec<PublishDiagnosticsParams> {
    let mut by_file: BTreeMap<PathBuf, Unique> = BTreeMap::new();
    for (path, _) in world.documents() {
        by_file.insert(path.clone(), Unique::default());
    }
    for root in world.roots() {
        let Some(analysis) = world.analysis(&root) else { continue };
        for (id, file) in analysis.checked.sources.iter() {
            let list = by_file.entry(file.path.clone()).or_default();
            for d in analysis.checked.diagnostics.iter().filter(|d| d.span.file == id) {
                list.push(convert(d, &analysis, world));
            }
        }
    }
    let mut by_file: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> =
        by_file.into_iter().map(|(path, unique)| (path, unique.list)).collect();
    for old in published.keys() {
        by_file.entry(old.clone()).or_default();
    }
    let mut out = Vec::new();
    for (path, diagnostics) in by_file {
        let version = world.version_of(&path);
        if version.is_none() && published.get(&path).map_or(diagnostics.is_empty(), |old| *old == diagnostics) {
            continue;
        }
        if diagnostics.is_empty() {
            published.remove(&path);
        } else {
            published.insert(path.clone(), diagnostics.clone());
        }
        out.push(PublishDiagnosticsParams { uri: world.uri_of(&path), diagnostics, version });
    }
    out
}

/// The diagnostics of one file without repeats (a file included by two
/// checked roots gets the same diagnostics from both). Repeats are found
/// through a hash of range and message, so a file with many diagnostics
/// costs linear time, not quadratic (16,000 diagnostics took 1.25 s).
#[derive(Default)]
struct Unique {
    list: Vec<lsp_types::Diagnostic>,
    /// Indices into `list` by range and message.
    seen: HashMap<(lsp_types::Range, String), Vec<usize>>,
}

impl Unique {
    fn push(&mut self, diagnostic: lsp_types::Diagnostic) {
        let same = self.seen.entry((diagnostic.range, diagnostic.message.clone())).or_default();
        if same.iter().all(|&i| self.list[i] != diagnostic) {
            same.push(self.list.len());
            self.list.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(line: u32, message: &str) -> lsp_types::Diagnostic {
        let at = lsp_types::Position { line, character: 0 };
        lsp_types::Diagnostic {
            range: lsp_types::Range { start: at, end: at },
            message: message.to_string(),
            ..lsp_types::Diagnostic::default()
        }
    }

    #[test]
    fn repeats_are_dropped_and_everything_else_kept_in_order() {
        let mut unique = Unique::default();
        for d in [diagnostic(1, "a"), diagnostic(2, "a"), diagnostic(1, "a"), diagnostic(1, "b")] {
            unique.push(d);
        }
        let mut other_code = diagnostic(1, "a");
        other_code.code = Some(NumberOrString::String("XLA1001".into()));
        unique.push(other_code.clone());
        assert_eq!(unique.list, [diagnostic(1, "a"), diagnostic(2, "a"), diagnostic(1, "b"), other_code]);
    }
}
