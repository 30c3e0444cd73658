//! The checker: names, types and units → typed IR (LANGUAGE.md §9).
//!
//! [`check_file`] reads a root contract and its includes, parses them,
//! resolves every name, infers the type and unit of every expression and
//! runs every static check. It always returns the diagnostics and the symbol
//! index (the language server needs both for half-typed files); it returns a
//! [`Program`] only when there is no error.
//!
//! The work is split by item kind, each file adding methods to [`Checker`]:
//! `contract`, `calendar`, `dataset`, `expr` (with the unit rules in
//! `units`), `metric`, `escalation`, `clause` (with `threshold`, `bands`,
//! `regimes` for its money, `points` and `rules`), `gain`, and `warnings`
//! last. `names` reports unknown names and
//! `words` puts types into words for messages.

mod bands;
mod calendar;
mod clause;
mod contract;
mod csv_options;
mod dataset;
mod escalation;
mod expr;
mod files;
mod gain;
mod hints;
mod index;
mod metric;
mod names;
mod periods;
mod points;
mod range;
mod regimes;
mod rules;
mod scope;
mod table_name;
mod threshold;
mod units;
mod warnings;
mod words;

pub use files::{normalize, FileSystem, Files, RealFs};
pub use index::{MetricFacts, Symbol, SymbolIndex};

use crate::calendar::Calendar;
use crate::diagnostic::{self, Diagnostic};
use crate::ir::{self, Program};
use crate::source::Sources;
use crate::syntax::ast;
use std::path::Path;

/// Everything the checker learnt about one contract.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The texts of the root file and its includes.
    pub sources: Sources,
    /// The ASTs, root first.
    pub asts: Vec<(crate::source::FileId, ast::File)>,
    /// Errors and warnings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Definitions and references of every name.
    pub index: SymbolIndex,
    /// The typed program; `None` if there is any error.
    pub program: Option<Program>,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Checks the contract whose root file is `path`, reading it and its
/// includes through `fs`.
pub fn check_file(path: &Path, fs: &dyn FileSystem) -> std::io::Result<Checked> {
    let text = fs.read_to_string(path)?;
    Ok(check_text(path, text, fs))
}

/// Checks a root file whose text is already known (an editor buffer);
/// includes are read through `fs`.
pub fn check_text(path: &Path, text: String, fs: &dyn FileSystem) -> Checked {
    let mut diagnostics = Vec::new();
    let files = files::load(path, text, fs, &mut diagnostics);
    let mut checker = Checker::new(&files, fs);
    checker.diagnostics = diagnostics;
    let program = checker.run();
    let mut diagnostics = without_echoes(checker.diagnostics);
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let index = checker.index;
    Checked {
        sources: files.sources,
        asts: files.asts,
        diagnostics,
        index,
        program: if has_errors { None } else { program },
    }
}

/// Drops what the checker says about a malformed literal: the literal was
/// replaced by a placeholder, so anything said about its value (such as
/// "`end` takes a date" after "`2026-02-30` is not a date") only echoes the
/// syntax diagnostic at the same place.
fn without_echoes(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let malformed: Vec<crate::source::Span> =
        diagnostics.iter().filter(|d| d.code == diagnostic::Code::BadLiteral).map(|d| d.span).collect();
    diagnostics.into_iter().filter(|d| d.code == diagnostic::Code::BadLiteral || !malformed.contains(&d.span)).collect()
}

/// The state of one check: the files, what has been resolved so far, and
/// the diagnostics found.
pub(crate) struct Checker<'a> {
    files: &'a Files,
    fs: &'a dyn FileSystem,
    diagnostics: Vec<Diagnostic>,
    index: SymbolIndex,
    scope: scope::Scope<'a>,
    contract: Option<ir::Contract>,
    facts: contract::Facts,
    calendars: Vec<Calendar>,
    datasets: Vec<ir::Dataset>,
    aggregates: Vec<ir::Aggregate>,
    metrics: metric::Metrics,
    /// Set while a clause's credit or bonus expression is checked: the type
    /// of the clause's metric (`None` if the metric has errors of its own).
    money_expr: Option<Option<crate::value::Type>>,
}

impl<'a> Checker<'a> {
    fn new(files: &'a Files, fs: &'a dyn FileSystem) -> Self {
        Checker {
            files,
            fs,
            diagnostics: Vec::new(),
            index: SymbolIndex::default(),
            scope: scope::Scope::default(),
            contract: None,
            facts: contract::Facts::default(),
            calendars: vec![Calendar::always()],
            datasets: Vec::new(),
            aggregates: Vec::new(),
            metrics: metric::Metrics::default(),
            money_expr: None,
        }
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Runs every check in dependency order and assembles the program.
    fn run(&mut self) -> Option<Program> {
        self.collect_items();
        self.check_contract();
        self.check_calendars();
        self.check_datasets();
        self.check_metrics();
        let escalation = self.check_escalation();
        let clauses = self.check_clauses(escalation.as_ref());
        let gains = self.check_gains();
        self.warn_unused();
        let contract = self.contract.clone()?;
        Some(Program {
            contract,
            calendars: std::mem::take(&mut self.calendars),
            datasets: std::mem::take(&mut self.datasets),
            aggregates: std::mem::take(&mut self.aggregates),
            metrics: self.metrics.take_ordered(),
            escalation,
            clauses,
            gains,
        })
    }
}
