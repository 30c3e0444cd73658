//! Warnings about items nothing uses.

use super::{Checker, Symbol};
use crate::diagnostic::{Code, Diagnostic};

impl Checker<'_> {
    /// Warns about metrics, datasets and calendars that nothing refers to.
    pub(super) fn warn_unused(&mut self) {
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
            if !self.index.is_used(&symbol) {
                let name = match &symbol {
                    Symbol::Metric(n) | Symbol::Dataset(n) | Symbol::Calendar(n) => n.clone(),
                    _ => continue,
                };
                self.report(
                    Diagnostic::new(Code::Unused, span, format!("{noun} `{name}` is never used"))
                        .with_label("unused")
                        .with_help(help),
                );
            }
        }
    }
}
