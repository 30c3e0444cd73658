//! Looking things up in a check: the item that defines a symbol, the
//! datasets and their columns, the names in scope.

use super::world::Analysis;
use crate::check::Symbol;
use crate::source::{FileId, Span};
use crate::syntax::ast;

/// The item of file `file` whose span contains `span`.
pub fn item_containing(analysis: &Analysis, span: Span) -> Option<&ast::Item> {
    analysis
        .ast(span.file)?
        .items
        .iter()
        .find(|i| i.span.file == span.file && i.span.start <= span.start && span.end <= i.span.end)
}

/// The item that defines `symbol`, with the span of the definition.
pub fn definition_item<'a>(analysis: &'a Analysis, symbol: &Symbol) -> Option<(Span, &'a ast::Item)> {
    let span = *analysis.checked.index.definitions.get(symbol)?;
    Some((span, item_containing(analysis, span)?))
}

/// `span` without the whitespace at its end (an item's span can run on to
/// the start of the next item).
pub fn trim_end(text: &str, span: Span) -> Span {
    let inner = text.get(span.range()).unwrap_or("");
    Span { end: span.start + inner.trim_end().len() as u32, ..span }
}

/// Every dataset of the check, in file order.
pub fn datasets(analysis: &Analysis) -> impl Iterator<Item = &ast::Dataset> {
    items(analysis).filter_map(|(_, i)| match &i.kind {
        ast::ItemKind::Dataset(d) => Some(d),
        _ => None,
    })
}

/// The dataset called `name`.
pub fn dataset<'a>(analysis: &'a Analysis, name: &str) -> Option<&'a ast::Dataset> {
    datasets(analysis).find(|d| d.name.name == name)
}

/// Every item of every file of the check, with its file.
pub fn items(analysis: &Analysis) -> impl Iterator<Item = (FileId, &ast::Item)> {
    analysis.checked.asts.iter().flat_map(|(f, a)| a.items.iter().map(move |i| (*f, i)))
}

/// The column type as written: `text in ["a", "b"]?`, `number in -100..100`.
pub fn column_type(column: &ast::Column) -> String {
    let mut s = column.ty.name.clone();
    if let Some(values) = &column.values {
        let list: Vec<String> = values.iter().map(|v| format!("{:?}", v.value)).collect();
        s.push_str(&format!(" in [{}]", list.join(", ")));
    }
    if let Some(range) = &column.range {
        s.push_str(&format!(" in {}", range.written));
    }
    if column.optional {
        s.push('?');
    }
    s
}

/// What a symbol is, in a word.
pub fn noun(symbol: &Symbol) -> &'static str {
    match symbol {
        Symbol::Metric(_) => "metric",
        Symbol::Dataset(_) => "dataset",
        Symbol::Column(..) => "column",
        Symbol::Calendar(_) => "calendar",
        Symbol::Level(_) => "escalation level",
        Symbol::Clause(_) => "clause",
    }
}

/// The name a symbol is written with.
pub fn name(symbol: &Symbol) -> String {
    match symbol {
        Symbol::Metric(n) | Symbol::Dataset(n) | Symbol::Calendar(n) | Symbol::Clause(n) | Symbol::Column(_, n) => {
            n.clone()
        }
        Symbol::Level(n) => n.to_string(),
    }
}
