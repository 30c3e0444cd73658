//! Collecting the items of all files into namespaces, and reporting
//! duplicates and a missing or repeated contract.
//!
//! Metrics, datasets and calendars share one namespace (they meet in
//! expressions, so one name must mean one thing); clause and gain ids share
//! another (they name money lines in the ledger).

use super::{Checker, Symbol};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, ItemKind};
use std::collections::{HashMap, HashSet};

/// An item with the doc comment and span of the `Item` around it.
#[derive(Debug)]
pub struct Entry<'a, T> {
    /// The item's node.
    pub node: &'a T,
    /// Its doc comment.
    pub doc: Option<&'a str>,
    /// The whole item.
    pub span: Span,
}

impl<T> Clone for Entry<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Entry<'_, T> {}

/// The items of a contract, by kind, in file order.
#[derive(Default)]
pub struct Scope<'a> {
    /// The contract item of the root file.
    pub contract: Option<Entry<'a, ast::Contract>>,
    /// Calendars.
    pub calendars: Vec<Entry<'a, ast::Calendar>>,
    /// Datasets.
    pub datasets: Vec<Entry<'a, ast::Dataset>>,
    /// Metrics.
    pub metrics: Vec<Entry<'a, ast::Metric>>,
    /// Where each metric is in `metrics`, by name.
    pub metric_by_name: HashMap<&'a str, usize>,
    /// The escalation ladder.
    pub escalation: Option<Entry<'a, ast::Escalation>>,
    /// Clauses.
    pub clauses: Vec<Entry<'a, ast::Clause>>,
    /// Gains.
    pub gains: Vec<Entry<'a, ast::Gain>>,
    /// Names of metrics, datasets and calendars, with where they are defined.
    pub values: HashMap<&'a str, (ValueKind, Span)>,
    /// Names declared by items that did not parse: uses of them are not
    /// reported as unknown (the syntax error is the one to fix).
    pub unparsed_names: HashSet<&'a str>,
    /// Whether a `contract` item did not parse (so "no contract" is not reported).
    pub unparsed_contract: bool,
}

/// What a name in the value namespace refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A metric.
    Metric,
    /// A dataset.
    Dataset,
    /// A calendar.
    Calendar,
}

impl ValueKind {
    /// The kind in words.
    pub fn noun(self) -> &'static str {
        match self {
            ValueKind::Metric => "metric",
            ValueKind::Dataset => "dataset",
            ValueKind::Calendar => "calendar",
        }
    }
}

impl<'a> Checker<'a> {
    /// Sorts every item of every file into the scope.
    pub(super) fn collect_items(&mut self) {
        let root = FileId(0);
        let mut clause_ids: HashMap<&'a str, Span> = HashMap::new();
        let files = self.files;
        for (file, ast) in &files.asts {
            for broken in &ast.unparsed {
                match (broken.keyword.as_str(), &broken.name) {
                    ("contract", _) => self.scope.unparsed_contract |= *file == root,
                    ("metric" | "dataset" | "calendar", Some(name)) => {
                        self.scope.unparsed_names.insert(&name.name);
                    }
                    _ => {}
                }
            }
            for item in &ast.items {
                let doc = item.doc.as_deref();
                let span = item.span;
                match &item.kind {
                    ItemKind::Include(_) => {}
                    ItemKind::Contract(node) => {
                        if *file != root {
                            self.report(
                                Diagnostic::new(Code::ContractItem, node.name.span, "an included file cannot hold a `contract`")
                                    .with_label("contract in an included file")
                                    .with_help("keep the one `contract` item in the root file; included files hold shared calendars, datasets and metrics"),
                            );
                        } else if let Some(first) = &self.scope.contract {
                            let first_span = first.node.name.span;
                            self.report(
                                Diagnostic::new(
                                    Code::ContractItem,
                                    node.name.span,
                                    "a file can hold only one `contract`",
                                )
                                .with_label("second contract")
                                .with_secondary(first_span, "first contract here")
                                .with_help("put each contract in a file of its own"),
                            );
                        } else {
                            self.scope.contract = Some(Entry { node, doc, span });
                        }
                    }
                    ItemKind::Calendar(node) => {
                        if node.name.name == "always" {
                            self.report(
                                Diagnostic::new(
                                    Code::DuplicateName,
                                    node.name.span,
                                    "`always` is the built-in calendar and cannot be redefined",
                                )
                                .with_label("redefines `always`")
                                .with_help("choose another name, such as `around_the_clock`"),
                            );
                        } else if self.define_value(&node.name, ValueKind::Calendar) {
                            self.scope.calendars.push(Entry { node, doc, span });
                        }
                    }
                    ItemKind::Dataset(node) => {
                        if self.define_value(&node.name, ValueKind::Dataset) {
                            self.scope.datasets.push(Entry { node, doc, span });
                        }
                    }
                    ItemKind::Metric(node) => {
                        if self.define_value(&node.name, ValueKind::Metric) {
                            self.scope.metric_by_name.insert(&node.name.name, self.scope.metrics.len());
                            self.scope.metrics.push(Entry { node, doc, span });
                        }
                    }
                    ItemKind::Escalation(node) => {
                        if let Some(first) = &self.scope.escalation {
                            let first_span = first.span;
                            self.report(
                                Diagnostic::new(
                                    Code::DuplicateName,
                                    Span { end: span.start + 10, ..span },
                                    "the escalation ladder is declared twice",
                                )
                                .with_label("second `escalation`")
                                .with_secondary(
                                    Span { end: first_span.start + 10, ..first_span },
                                    "first declared here",
                                )
                                .with_help("declare all levels in one `escalation` item"),
                            );
                        } else {
                            self.scope.escalation = Some(Entry { node, doc, span });
                        }
                    }
                    ItemKind::Clause(node) => {
                        if self.define_clause_id(&node.id, &mut clause_ids) {
                            self.scope.clauses.push(Entry { node, doc, span });
                        }
                    }
                    ItemKind::Gain(node) => {
                        if self.define_clause_id(&node.id, &mut clause_ids) {
                            self.scope.gains.push(Entry { node, doc, span });
                        }
                    }
                }
            }
        }
        if self.scope.contract.is_none() && !self.scope.unparsed_contract {
            let start = Span::new(root, 0, 0);
            self.report(
                Diagnostic::new(Code::ContractItem, start, "this file has no `contract` item")
                    .with_label("no contract")
                    .with_help("a contract's root file needs one `contract \"Name\" { client … provider … start … end … timezone … currency … monthly_fee … }`; files that only hold shared items are checked through the file that includes them"),
            );
        }
    }

    /// Defines a name in the value namespace; false (and a diagnostic) if taken.
    fn define_value(&mut self, name: &'a ast::Ident, kind: ValueKind) -> bool {
        if let Some((other, first)) = self.scope.values.get(name.name.as_str()).copied() {
            self.report(
                Diagnostic::new(
                    Code::DuplicateName,
                    name.span,
                    format!("`{}` is already defined as a {}", name.name, other.noun()),
                )
                .with_label(format!("second definition, as a {}", kind.noun()))
                .with_secondary(first, "first defined here")
                .with_help("metrics, datasets and calendars share one set of names; rename one of them"),
            );
            return false;
        }
        self.scope.values.insert(&name.name, (kind, name.span));
        let symbol = match kind {
            ValueKind::Metric => Symbol::Metric(name.name.clone()),
            ValueKind::Dataset => Symbol::Dataset(name.name.clone()),
            ValueKind::Calendar => Symbol::Calendar(name.name.clone()),
        };
        self.index.define(symbol, name.span);
        true
    }

    fn define_clause_id(&mut self, id: &'a ast::Ident, seen: &mut HashMap<&'a str, Span>) -> bool {
        if let Some(first) = seen.get(id.name.as_str()).copied() {
            self.report(
                Diagnostic::new(
                    Code::DuplicateName,
                    id.span,
                    format!("`{}` is already the id of another clause or gain", id.name),
                )
                .with_label("second use of this id")
                .with_secondary(first, "first used here")
                .with_help("clause and gain ids name lines of the ledger, so each must be unique"),
            );
            return false;
        }
        seen.insert(&id.name, id.span);
        self.index.define(Symbol::Clause(id.name.clone()), id.span);
        true
    }
}
