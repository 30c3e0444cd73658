//! Code actions: the checker's "did you mean" fixes, removing an unused
//! item or a `min_volume` that cannot apply, and adding `min_volume` to a
//! clause whose metric can go unmeasured.

use super::world::{DocView, World};
use super::{convert, diagnostics, model};
use crate::diagnostic::Code;
use crate::source::Span;
use crate::syntax::ast::{ClauseFieldKind, ItemKind};
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, WorkspaceEdit};
use std::collections::HashMap;

/// The actions for the byte range `start..=end` of the document.
pub fn actions(world: &World, view: &DocView, start: usize, end: usize) -> Vec<CodeActionOrCommand> {
    let analysis = &view.analysis;
    let mut out = Vec::new();
    for d in &analysis.checked.diagnostics {
        if d.span.file != view.file || (d.span.end as usize) < start || (d.span.start as usize) > end {
            continue;
        }
        let lsp_diagnostic = diagnostics::convert(d, analysis, world);
        let (title, edit, preferred) = if let Some(fix) = &d.fix {
            let title = format!("Change to `{}`", fix.replacement);
            (
                title,
                TextEdit { range: convert::range(view.source(), fix.span), new_text: fix.replacement.clone() },
                true,
            )
        } else if d.code == Code::Unused {
            let Some(item) = model::item_containing(analysis, d.span) else { continue };
            let what = view.source().slice(d.span);
            let noun = match item.kind {
                ItemKind::Metric(_) => "metric",
                ItemKind::Dataset(_) => "dataset",
                ItemKind::Calendar(_) => "calendar",
                _ => "item",
            };
            (format!("Remove unused {noun} `{what}`"), removal(view, item.span, true), false)
        } else if d.code == Code::VolumeAlwaysMeasured {
            let Some(field) = min_volume_field(view, d.span) else { continue };
            ("Remove `min_volume` (the metric is always measured)".to_string(), removal(view, field, false), true)
        } else {
            continue;
        };
        out.push(action(world, view, title, CodeActionKind::QUICKFIX, edit, Some(vec![lsp_diagnostic]), preferred));
    }
    if let Some(a) = add_min_volume(world, view, start) {
        out.push(a);
    }
    out
}

fn action(
    world: &World,
    view: &DocView,
    title: String,
    kind: CodeActionKind,
    edit: TextEdit,
    diagnostics: Option<Vec<lsp_types::Diagnostic>>,
    preferred: bool,
) -> CodeActionOrCommand {
    let uri = world.uri_of(&view.source().path);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics,
        edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri, vec![edit])])), ..WorkspaceEdit::default() }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}

/// The edit that deletes `span` with its whole lines (and, for items, the
/// `///` lines above it and one blank line), or just the span when it
/// shares its lines with other text.
fn removal(view: &DocView, span: Span, item: bool) -> TextEdit {
    let text = view.text();
    let span = model::trim_end(text, span);
    let (s, e) = (span.start as usize, span.end as usize);
    let line_begin = text[..s].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[e..].find('\n').map_or(text.len(), |n| e + n + 1);
    let alone = text[line_begin..s].trim().is_empty() && {
        let rest = text[e..line_end].trim();
        rest.is_empty() || rest.starts_with("//")
    };
    let (mut from, mut to) = if alone { (line_begin, line_end) } else { (s, e) };
    if alone && item {
        // The doc comment above.
        while from > 0 {
            let prev_begin = text[..from - 1].rfind('\n').map_or(0, |n| n + 1);
            if text[prev_begin..from].trim_start().starts_with("///") {
                from = prev_begin;
            } else {
                break;
            }
        }
        // The blank line after it, so that no gap is left behind.
        let next_end = text[to..].find('\n').map_or(text.len(), |n| to + n + 1);
        if to < text.len() && text[to..next_end].trim().is_empty() {
            to = next_end;
        }
    }
    if from > to {
        from = to;
    }
    let file = view.source();
    let range = convert::range(file, Span::new(view.file, from, to));
    TextEdit { range, new_text: String::new() }
}

/// The `min_volume` field whose span overlaps `span`.
fn min_volume_field(view: &DocView, span: Span) -> Option<Span> {
    let item = model::item_containing(&view.analysis, span)?;
    let ItemKind::Clause(clause) = &item.kind else { return None };
    clause
        .fields
        .iter()
        .find(|f| {
            matches!(f.kind, ClauseFieldKind::MinVolume(_)) && f.span.start <= span.end && span.start <= f.span.end
        })
        .map(|f| f.span)
}

/// "Add `min_volume`" on a clause without one whose metric can be none.
fn add_min_volume(world: &World, view: &DocView, at: usize) -> Option<CodeActionOrCommand> {
    let ast = view.analysis.ast(view.file)?;
    // The last item starting at or before `at` (an item's span may run on
    // to the start of the next).
    let item = ast.items.iter().rev().find(|i| (i.span.start as usize) <= at && at <= i.span.end as usize)?;
    let ItemKind::Clause(clause) = &item.kind else { return None };
    if clause.fields.iter().any(|f| matches!(f.kind, ClauseFieldKind::MinVolume(_))) {
        return None;
    }
    let (field, metric) = clause.fields.iter().find_map(|f| match &f.kind {
        ClauseFieldKind::Metric(m) => Some((f, m)),
        _ => None,
    })?;
    let facts = view.analysis.checked.index.metrics.get(&metric.name)?;
    if facts.always_measured {
        return None;
    }
    let text = view.text();
    let line_begin = text[..field.span.start as usize].rfind('\n').map_or(0, |n| n + 1);
    let indent = &text[line_begin..field.span.start as usize];
    if !indent.trim().is_empty() {
        return None; // the field does not start its line
    }
    let line_end = text[field.span.end as usize..].find('\n').map(|n| field.span.end as usize + n + 1)?;
    // Line the value up with the metric's, as the clause is laid out.
    let width = (metric.span.start - field.span.start) as usize;
    let keyword = format!("{:<width$}", "min_volume ", width = width.max("min_volume ".len()));
    let edit = TextEdit {
        range: convert::range(view.source(), Span::new(view.file, line_end, line_end)),
        new_text: format!("{indent}{keyword}10\n"),
    };
    let title = format!("Add `min_volume` to `{}` (months with fewer rows are not measured)", clause.id.name);
    Some(action(world, view, title, CodeActionKind::REFACTOR_REWRITE, edit, None, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::world::World;

    const CONTRACT: &str = "contract \"T\" {\n  client \"a\"\n}\n\ndataset t from csv \"t.csv\" {\n  p text = \"p\"\n  at timestamp = \"at\"\n  period by at\n}\n\nmetric share = percent(t meeting p == \"x\")\n\nsla s {\n  metric     share\n  target     >= 95%\n  allocation 10%\n}\n";

    fn world(text: &str) -> (World, lsp_types::Uri) {
        let mut world = World::default();
        let uri: lsp_types::Uri = "file:///virtual/c.xla".parse().unwrap();
        world.open(uri.clone(), text.to_string(), 1);
        (world, uri)
    }

    #[test]
    fn offers_min_volume_on_a_clause_that_can_go_unmeasured() {
        let (mut world, uri) = world(CONTRACT);
        let view = world.view(&uri).unwrap();
        let at = CONTRACT.find("sla s").unwrap();
        let list = actions(&world, &view, at, at);
        let titles: Vec<String> = list
            .iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a.title.clone(),
                CodeActionOrCommand::Command(c) => c.title.clone(),
            })
            .collect();
        assert_eq!(titles, ["Add `min_volume` to `s` (months with fewer rows are not measured)"]);
    }
}
