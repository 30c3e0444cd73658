//! Warnings about items nothing uses.

use super::{Checker, Symbol};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use std::collections::HashSet;

impl Checker<'_> {
    /// Warns about metrics, datasets and calendars that nothing refers to.
    ///
    /// A name offered as the "did you mean" of an unknown name counts as
    /// used (the typo is the problem). When the contract has errors,
    /// checking stopped early inside the
    /// broken parts, so their uses were never recorded; then a name that is
    /// mentioned anywhere outside its own definition counts as used, rather
    /// than warning about something that is only hidden by an error.
    pub(super) fn warn_unused(&mut self) {
        let has_errors = self.diagnostics.iter().any(Diagnostic::is_error);
        let used: HashSet<&Symbol> = self.index.references.iter().map(|(_, s)| s).collect();
        let mut warnings = Vec::new();
        let mut unused = Vec::new();
        for m in &self.scope.metrics {
            unused.push((
                Symbol::Metric(m.node.name.name.clone()),
                m.node.name.span,
                "metric",
                "use it in a clause, a gain or another metric, or remove it",
            ));
        }
        for d in &self.scope.datasets {
            unused.push((
                Symbol::Dataset(d.node.name.name.clone()),
                d.node.name.span,
                "dataset",
                "aggregate it in a metric, or remove it",
            ));
        }
        for c in &self.scope.calendars {
            unused.push((
                Symbol::Calendar(c.node.name.name.clone()),
                c.node.name.span,
                "calendar",
                "use it in `business_time`, `overlap`, `scheduled` or `escalation using`, or remove it",
            ));
        }
        for (symbol, span, noun, help) in unused {
            let (Symbol::Metric(name) | Symbol::Dataset(name) | Symbol::Calendar(name)) = &symbol else { continue };
            let suggested = self
                .diagnostics
                .iter()
                .any(|d| d.code == Code::UnknownName && d.fix.as_ref().is_some_and(|f| f.replacement == *name));
            if used.contains(&symbol) || suggested || (has_errors && self.mentioned_elsewhere(name, span)) {
                continue;
            }
            warnings.push(
                Diagnostic::new(Code::Unused, span, format!("{noun} `{name}` is never used"))
                    .with_label("unused")
                    .with_help(help),
            );
        }
        self.diagnostics.extend(warnings);
    }

    /// Whether `name` appears as a whole word in any file, other than at `definition`.
    fn mentioned_elsewhere(&self, name: &str, definition: Span) -> bool {
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        self.files.sources.iter().any(|(id, file)| {
            file.text.match_indices(name).any(|(at, _)| {
                let before = file.text[..at].chars().next_back();
                let after = file.text[at + name.len()..].chars().next();
                let whole = !before.is_some_and(is_word) && !after.is_some_and(is_word);
                whole && !(id == definition.file && at == definition.start as usize)
            })
        })
    }
}
