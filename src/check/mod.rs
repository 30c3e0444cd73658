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
//! `units`), `metric`, `clause`, and `warnings` last.

mod calendar;
mod clause;
mod contract;
mod dataset;
mod expr;
mod files;
mod index;
mod metric;
mod scope;
mod units;
mod warnings;

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
    let mut diagnostics = checker.diagnostics;
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
