//! Where every name is defined and used: the basis of go to definition,
//! find references and rename in the language server.

use crate::source::Span;
use crate::value::Type;
use std::collections::HashMap;

/// Something a name can refer to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbol {
    /// A metric.
    Metric(String),
    /// A dataset.
    Dataset(String),
    /// A column of a dataset: (dataset, column).
    Column(String, String),
    /// A calendar.
    Calendar(String),
    /// An escalation level.
    Level(u32),
    /// An `sla`/`xla` clause or a gain.
    Clause(String),
}

/// Definitions and references of every symbol in a contract.
#[derive(Clone, Debug, Default)]
pub struct SymbolIndex {
    /// Where each symbol is defined (the span of its name).
    pub definitions: HashMap<Symbol, Span>,
    /// Every use of a symbol, in the order found.
    pub references: Vec<(Span, Symbol)>,
    /// What the checker learnt about each metric that checked, by name, even
    /// when the contract as a whole has errors (hover, code actions).
    pub metrics: HashMap<String, MetricFacts>,
}

/// The facts about one checked metric that an editor shows or acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricFacts {
    /// The type (and so the unit) of its value.
    pub ty: Type,
    /// Whether it is made only of aggregates that always have a value, so
    /// that `min_volume` does not apply to it.
    pub always_measured: bool,
}

impl SymbolIndex {
    /// Records a definition.
    pub fn define(&mut self, symbol: Symbol, span: Span) {
        self.definitions.entry(symbol).or_insert(span);
    }

    /// Records the facts of a metric that checked.
    pub fn record_metric(&mut self, name: &str, facts: MetricFacts) {
        self.metrics.insert(name.to_string(), facts);
    }

    /// Records a use.
    pub fn refer(&mut self, span: Span, symbol: Symbol) {
        self.references.push((span, symbol));
    }

    /// The symbol defined or used at `offset` of the file of `file`.
    pub fn symbol_at(&self, file: crate::source::FileId, offset: usize) -> Option<&Symbol> {
        self.references.iter().find(|(span, _)| span.file == file && span.contains(offset)).map(|(_, s)| s).or_else(
            || self.definitions.iter().find(|(_, span)| span.file == file && span.contains(offset)).map(|(s, _)| s),
        )
    }

    /// Every use of `symbol`.
    pub fn references_to<'a>(&'a self, symbol: &'a Symbol) -> impl Iterator<Item = Span> + 'a {
        self.references.iter().filter(move |(_, s)| s == symbol).map(|(span, _)| *span)
    }
}
