//! The outline of a document: its items, with dataset columns, escalation
//! levels and clause fields beneath them.

use super::convert;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{self, ItemKind};
use lsp_types::{DocumentSymbol, SymbolKind};

/// The outline of `file`, whose AST is `ast`.
pub fn outline(file: &SourceFile, ast: &ast::File) -> Vec<DocumentSymbol> {
    ast.items.iter().filter_map(|item| item_symbol(file, item)).collect()
}

#[allow(deprecated)] // `deprecated` is a required field of the protocol type
fn symbol(
    file: &SourceFile,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let span = super::model::trim_end(&file.text, span);
    // The selection must lie inside the range.
    let selection = if selection.start >= span.start && selection.end <= span.end { selection } else { span };
    DocumentSymbol {
        name: if name.is_empty() { "_".to_string() } else { name },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: convert::range(file, span),
        selection_range: convert::range(file, selection),
        children: if children.is_empty() { None } else { Some(children) },
    }
}

fn item_symbol(file: &SourceFile, item: &ast::Item) -> Option<DocumentSymbol> {
    let span = item.span;
    Some(match &item.kind {
        ItemKind::Include(path) => {
            symbol(file, path.value.clone(), Some("include".into()), SymbolKind::FILE, span, path.span, vec![])
        }
        ItemKind::Contract(c) => {
            let children = c
                .fields
                .iter()
                .map(|f| {
                    let whole = f.key.span.to(f.value.span);
                    let value = file.slice(f.value.span).to_string();
                    symbol(file, f.key.name.clone(), Some(value), SymbolKind::FIELD, whole, f.key.span, vec![])
                })
                .collect();
            symbol(file, c.name.value.clone(), Some("contract".into()), SymbolKind::MODULE, span, c.name.span, children)
        }
        ItemKind::Calendar(c) => {
            symbol(file, c.name.name.clone(), Some("calendar".into()), SymbolKind::EVENT, span, c.name.span, vec![])
        }
        ItemKind::Dataset(d) => {
            let children = d
                .columns
                .iter()
                .map(|c| {
                    let ty = super::model::column_type(c);
                    symbol(file, c.name.name.clone(), Some(ty), SymbolKind::FIELD, c.span, c.name.span, vec![])
                })
                .collect();
            let detail = format!("dataset from {} {}", d.format.name, file.slice(d.path.span));
            symbol(file, d.name.name.clone(), Some(detail), SymbolKind::STRUCT, span, d.name.span, children)
        }
        ItemKind::Metric(m) => {
            symbol(file, m.name.name.clone(), Some("metric".into()), SymbolKind::VARIABLE, span, m.name.span, vec![])
        }
        ItemKind::Escalation(e) => {
            let children = e
                .levels
                .iter()
                .map(|l| {
                    let name = format!("level {}", l.number.value);
                    symbol(
                        file,
                        name,
                        Some(l.role.value.clone()),
                        SymbolKind::ENUM_MEMBER,
                        l.span,
                        l.number.span,
                        vec![],
                    )
                })
                .collect();
            let keyword = Span { end: span.start + 10, ..span };
            symbol(file, "escalation".into(), None, SymbolKind::ENUM, span, keyword, children)
        }
        ItemKind::Clause(c) => {
            let kind = c.kind.keyword();
            let detail = match &c.title {
                Some(t) => format!("{kind} {:?}", t.value),
                None => kind.to_string(),
            };
            let children = c
                .fields
                .iter()
                .map(|f| {
                    let text = file.slice(f.span);
                    let keyword = file.slice(f.keyword).to_string();
                    let rest = text.get(keyword.len()..).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
                    let detail = (!rest.is_empty()).then(|| shorten(&rest));
                    symbol(file, keyword, detail, SymbolKind::PROPERTY, f.span, f.keyword, vec![])
                })
                .collect();
            symbol(file, c.id.name.clone(), Some(detail), SymbolKind::CLASS, span, c.id.span, children)
        }
        ItemKind::Gain(g) => {
            let detail = match &g.title {
                Some(t) => format!("gain {:?}", t.value),
                None => "gain".to_string(),
            };
            symbol(file, g.id.name.clone(), Some(detail), SymbolKind::OBJECT, span, g.id.span, vec![])
        }
    })
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 60 {
        return s.to_string();
    }
    let cut: String = s.chars().take(59).collect();
    format!("{cut}…")
}
