//! Go to definition, find references, highlights and rename: all read the
//! checker's symbol index, so they follow names across included files.

use super::world::{DocView, World};
use super::{builtins, convert, model};
use crate::check::Symbol;
use crate::source::Span;
use crate::syntax::{Rule, XlaParser};
use lsp_types::{DocumentHighlight, DocumentHighlightKind, Location, PrepareRenameResponse, TextEdit, WorkspaceEdit};
use pest::Parser;
use std::collections::HashMap;

/// The symbol at `offset` and the span of the name there.
pub fn symbol_at(view: &DocView, offset: usize) -> Option<(Symbol, Span)> {
    let index = &view.analysis.checked.index;
    index
        .references
        .iter()
        .find(|(s, _)| s.file == view.file && s.contains(offset))
        .map(|(s, sym)| (sym.clone(), *s))
        .or_else(|| {
            index
                .definitions
                .iter()
                .find(|(_, s)| s.file == view.file && s.contains(offset))
                .map(|(sym, s)| (sym.clone(), *s))
        })
}

fn location(world: &World, view: &DocView, span: Span) -> Location {
    let file = view.analysis.file(span.file);
    Location { uri: world.uri_of(&file.path), range: convert::range(file, span) }
}

/// Where the symbol at `offset` is defined.
pub fn definition(world: &World, view: &DocView, offset: usize) -> Option<Location> {
    let (symbol, _) = symbol_at(view, offset)?;
    let span = view.analysis.checked.index.definitions.get(&symbol)?;
    Some(location(world, view, *span))
}

/// Every span naming `symbol`: the definition first (if wanted), then the uses in order.
fn occurrences(view: &DocView, symbol: &Symbol, with_definition: bool) -> Vec<Span> {
    let index = &view.analysis.checked.index;
    let mut spans: Vec<Span> = Vec::new();
    if with_definition {
        spans.extend(index.definitions.get(symbol).copied());
    }
    for span in index.references_to(symbol) {
        if !spans.contains(&span) {
            spans.push(span);
        }
    }
    spans
}

/// Every use of the symbol at `offset`.
pub fn references(world: &World, view: &DocView, offset: usize, with_definition: bool) -> Vec<Location> {
    let Some((symbol, _)) = symbol_at(view, offset) else { return Vec::new() };
    occurrences(view, &symbol, with_definition).into_iter().map(|s| location(world, view, s)).collect()
}

/// The uses of the symbol at `offset` in this document.
pub fn highlights(view: &DocView, offset: usize) -> Vec<DocumentHighlight> {
    let Some((symbol, _)) = symbol_at(view, offset) else { return Vec::new() };
    let definition = view.analysis.checked.index.definitions.get(&symbol).copied();
    occurrences(view, &symbol, true)
        .into_iter()
        .filter(|s| s.file == view.file)
        .map(|s| DocumentHighlight {
            range: convert::range(view.source(), s),
            kind: Some(if Some(s) == definition { DocumentHighlightKind::WRITE } else { DocumentHighlightKind::READ }),
        })
        .collect()
}

/// Why a rename cannot be done.
pub type RenameError = String;

fn renamable(view: &DocView, offset: usize) -> Result<(Symbol, Span), RenameError> {
    let (symbol, span) =
        symbol_at(view, offset).ok_or("there is no metric, dataset, column, calendar or clause here")?;
    match &symbol {
        Symbol::Level(_) => Err("escalation levels are numbered 1, 2, …; renumber them by hand".to_string()),
        Symbol::Calendar(n) if n == "always" => {
            Err("`always` is the built-in calendar and cannot be renamed".to_string())
        }
        _ if !view.analysis.checked.index.definitions.contains_key(&symbol) => {
            Err(format!("`{}` is not defined, so there is nothing to rename", model::name(&symbol)))
        }
        _ => Ok((symbol, span)),
    }
}

/// The name to rename at `offset`, or why it cannot be renamed.
pub fn prepare_rename(view: &DocView, offset: usize) -> Result<PrepareRenameResponse, RenameError> {
    let (symbol, span) = renamable(view, offset)?;
    Ok(PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::range(view.source(), span),
        placeholder: model::name(&symbol),
    })
}

/// Whether `name` is a valid name, and if not, why.
pub fn check_name(name: &str) -> Result<(), RenameError> {
    if builtins::RESERVED.contains(&name) {
        return Err(format!("`{name}` is a reserved word and cannot be a name"));
    }
    let whole = XlaParser::parse(Rule::ident, name).ok().and_then(|mut p| p.next()).is_some_and(|p| p.as_str() == name);
    if !whole {
        return Err(format!(
            "`{name}` is not a valid name: use lower-case letters, digits and `_`, starting with a letter or `_`"
        ));
    }
    Ok(())
}

/// The edits that rename the symbol at `offset` to `new_name`, everywhere.
pub fn rename(world: &World, view: &DocView, offset: usize, new_name: &str) -> Result<WorkspaceEdit, RenameError> {
    let (symbol, _) = renamable(view, offset)?;
    check_name(new_name)?;
    let old = model::name(&symbol);
    if new_name != old {
        if let Some(other) = taken(view, &symbol, new_name) {
            return Err(format!("`{new_name}` is already the name of a {}", model::noun(&other)));
        }
    }
    // The protocol type keys edits by URI; the key is never mutated.
    #[allow(clippy::mutable_key_type)]
    let mut changes: HashMap<lsp_types::Uri, Vec<TextEdit>> = HashMap::new();
    for span in occurrences(view, &symbol, true) {
        let loc = location(world, view, span);
        changes.entry(loc.uri).or_default().push(TextEdit { range: loc.range, new_text: new_name.to_string() });
    }
    Ok(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() })
}

/// The symbol already called `name` in the namespace of `symbol`.
fn taken(view: &DocView, symbol: &Symbol, name: &str) -> Option<Symbol> {
    let definitions = &view.analysis.checked.index.definitions;
    let n = name.to_string();
    let candidates: Vec<Symbol> = match symbol {
        // Metrics, datasets and calendars share one namespace (with `always`).
        Symbol::Metric(_) | Symbol::Dataset(_) | Symbol::Calendar(_) => {
            if name == "always" {
                return Some(Symbol::Calendar(n));
            }
            vec![Symbol::Metric(n.clone()), Symbol::Dataset(n.clone()), Symbol::Calendar(n)]
        }
        Symbol::Clause(_) => vec![Symbol::Clause(n)],
        Symbol::Column(dataset, _) => vec![Symbol::Column(dataset.clone(), n)],
        Symbol::Level(_) => return None,
    };
    candidates.into_iter().find(|c| definitions.contains_key(c))
}
