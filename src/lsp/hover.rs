//! Hover: what a name is — its definition, type and unit, doc comment; for a
//! clause, its metric and target; for a built-in function, its signature.

use super::lexer::{self, TokenKind};
use super::world::{Analysis, DocView};
use super::{builtins, convert, model};
use crate::check::Symbol;
use crate::source::Span;
use crate::syntax::{ast, doc_before};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

/// The hover at byte `offset` of the document.
pub fn hover(view: &DocView, offset: usize) -> Option<Hover> {
    let analysis = &view.analysis;
    let index = &analysis.checked.index;
    if let Some(symbol) = index.symbol_at(view.file, offset) {
        let span = symbol_span_at(view, offset)?;
        let text = describe(analysis, symbol)?;
        return Some(markdown(text, Some(convert::range(view.source(), span))));
    }
    // A built-in function name.
    let text = view.text();
    let tokens = lexer::lex(text);
    let i = tokens.iter().position(|t| t.start <= offset && offset <= t.end && t.kind == TokenKind::Ident)?;
    let token = tokens[i];
    let word = token.text(text);
    let called = tokens.get(i + 1).is_some_and(|t| t.is_punct(text, "("));
    let span = Span::new(view.file, token.start, token.end);
    let range = Some(convert::range(view.source(), span));
    if let Some(f) = builtins::function(word).filter(|_| called) {
        return Some(markdown(format!("```xla\n{}\n```\n{}", f.signature, f.doc), range));
    }
    // A data format, after `from` in a dataset's head.
    let after_from = i.checked_sub(1).and_then(|p| tokens.get(p)).is_some_and(|t| t.is_word(text, "from"));
    if let Some(doc) = builtins::data_format(word).filter(|_| after_from && in_dataset(text, token.start)) {
        return Some(markdown(format!("`{word}` — data format\n\n{doc}"), range));
    }
    // A dataset option, first on its line in a dataset.
    let first = lexer::first_on_line(text, token.start);
    if first && in_dataset(text, token.start) {
        let (label, _, doc) = builtins::dataset_option(word)?;
        return Some(markdown(format!("`{label}` — dataset option\n\n{doc}"), range));
    }
    // A keyword of windows and measurement periods (`period` as in `1 period`).
    let plural = if word == "period" { "periods" } else { word };
    if let Some((_, usage, doc)) = builtins::KEYWORD_DOCS.iter().find(|(k, _, _)| *k == plural) {
        let after_count = i
            .checked_sub(1)
            .and_then(|p| tokens.get(p))
            .is_some_and(|t| t.kind == TokenKind::Number || t.is_word(text, "consecutive"));
        if plural == "periods" && !after_count {
            return None; // `period by` in a dataset
        }
        return Some(markdown(format!("```xla\n{usage}\n```\n{doc}"), range));
    }
    // `value`, `points`, `rolling`, …: the money regimes' words (§7.2–§7.2b).
    // `target` and `value` starting a line are field keywords, not these words.
    if first && matches!(word, "target" | "value") {
        return None;
    }
    builtins::money_word(word).map(|doc| markdown(format!("`{word}`: {doc}"), range))
}

/// Whether `offset` is in a dataset item: the last line before it that
/// starts an item (at its first column) starts a dataset.
fn in_dataset(text: &str, offset: usize) -> bool {
    text[..offset]
        .lines()
        .rev()
        .find(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .is_some_and(|line| line.starts_with("dataset "))
}

fn symbol_span_at(view: &DocView, offset: usize) -> Option<Span> {
    let index = &view.analysis.checked.index;
    index
        .references
        .iter()
        .map(|(s, _)| *s)
        .chain(index.definitions.values().copied())
        .find(|s| s.file == view.file && s.contains(offset))
}

fn markdown(value: String, range: Option<lsp_types::Range>) -> Hover {
    Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range }
}

fn code(s: &str) -> String {
    format!("```xla\n{}\n```", s.trim_end())
}

fn slice(analysis: &Analysis, span: Span) -> &str {
    analysis.file(span.file).slice(span)
}

/// The first `n` lines of `s`, with an ellipsis if there were more.
fn first_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    if lines.len() <= n {
        return s.to_string();
    }
    format!("{}\n  …", lines[..n].join("\n"))
}

/// A markdown description of a symbol.
pub fn describe(analysis: &Analysis, symbol: &Symbol) -> Option<String> {
    if let Symbol::Calendar(name) = symbol {
        if name == "always" {
            return Some(format!("{}\n\nThe built-in calendar: every minute of every day.", code("calendar always")));
        }
    }
    let (_, item) = model::definition_item(analysis, symbol)?;
    let mut parts = Vec::new();
    let mut doc = item.doc.clone();
    match (&item.kind, symbol) {
        (ast::ItemKind::Metric(_), Symbol::Metric(name)) => {
            parts.push(code(&first_lines(slice(analysis, item.span), 12)));
            if let Some(facts) = analysis.checked.index.metrics.get(name) {
                let mut line = format!("**{}** · unit `{}`", facts.ty, facts.ty.unit_name());
                if facts.always_measured {
                    line.push_str(" · always measured");
                }
                parts.push(line);
            }
        }
        (ast::ItemKind::Dataset(d), Symbol::Dataset(_)) => {
            parts.push(code(&format!(
                "dataset {} from {} {}",
                d.name.name,
                d.format.name,
                slice(analysis, d.path.span)
            )));
            let mut lines: Vec<String> =
                d.columns.iter().map(|c| format!("- `{}`: {}", c.name.name, model::column_type(c))).collect();
            for option in &d.options {
                if let ast::DatasetOptionKind::PeriodBy { .. } = option.kind {
                    lines.push(format!("\n`{}`", slice(analysis, option.span).trim()));
                }
            }
            parts.push(lines.join("\n"));
        }
        (ast::ItemKind::Dataset(d), Symbol::Column(_, column)) => {
            let c = d.columns.iter().find(|c| c.name.name == *column)?;
            parts.push(code(slice(analysis, c.span)));
            let mut line = format!("column of `{}` · **{}**", d.name.name, model::column_type(c));
            if c.optional {
                line.push_str(" · may be none");
            }
            parts.push(line);
            let file = analysis.file(c.span.file);
            let comments = analysis.ast(c.span.file).map(|a| a.comments.as_slice()).unwrap_or(&[]);
            doc = doc_before(&file.text, comments, c.span.start as usize);
        }
        (ast::ItemKind::Calendar(_), Symbol::Calendar(_)) => {
            parts.push(code(&first_lines(slice(analysis, item.span), 12)));
        }
        (ast::ItemKind::Escalation(e), Symbol::Level(n)) => {
            let level = e.levels.iter().find(|l| l.number.value == *n)?;
            parts.push(code(slice(analysis, level.span)));
            let on = e.calendar.as_ref().map_or("always".to_string(), |c| c.name.clone());
            parts.push(format!(
                "escalation level {n}: {} · due {} business days after the month, on `{on}`",
                level.role.value, level.within.value
            ));
        }
        (ast::ItemKind::Clause(c), Symbol::Clause(_)) => {
            let kind = c.kind.keyword();
            let mut header = format!("{kind} {}", c.id.name);
            if let Some(title) = &c.title {
                header.push(' ');
                header.push_str(slice(analysis, title.span));
            }
            let mut lines = vec![header];
            let mut metric_type = None;
            for field in &c.fields {
                match &field.kind {
                    ast::ClauseFieldKind::Metric(m) => {
                        metric_type = analysis.checked.index.metrics.get(&m.name).map(|f| f.ty.to_string());
                        lines.push(format!("  {}", slice(analysis, field.span).trim()));
                    }
                    ast::ClauseFieldKind::Target(_)
                    | ast::ClauseFieldKind::Minimum(_)
                    | ast::ClauseFieldKind::Allocation(_)
                    | ast::ClauseFieldKind::MinVolume(_)
                    | ast::ClauseFieldKind::From(_)
                    | ast::ClauseFieldKind::Baseline(_) => {
                        lines.push(format!("  {}", slice(analysis, field.span).trim()))
                    }
                    _ => {}
                }
            }
            parts.push(code(&lines.join("\n")));
            if let Some(t) = metric_type {
                parts.push(format!(
                    "measures a **{t}** · {}",
                    if kind == "sla" { "service level" } else { "experience level" }
                ));
            }
        }
        (ast::ItemKind::Gain(g), Symbol::Clause(_)) => {
            let mut lines = vec![format!("gain {}", g.id.name)];
            if let Some(title) = &g.title {
                lines[0].push(' ');
                lines[0].push_str(slice(analysis, title.span));
            }
            for field in &g.fields {
                lines.push(format!("  {}", first_lines(slice(analysis, field.span).trim(), 6)));
            }
            parts.push(code(&lines.join("\n")));
        }
        _ => return None,
    }
    if let Some(doc) = doc {
        parts.push(doc);
    }
    Some(parts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::world::World;

    const CONTRACT: &str = "contract \"T\" {\n  timezone \"Europe/Paris\"\n}\n\ndataset t from csv \"t.csv\" {\n  at timestamp = \"at\"\n  period by at\n  delimiter \";\"\n  encoding \"latin1\"\n  multiline\n}\n\ndataset w from table \"itsm.tickets\" {\n  at timestamp = \"at\"\n  period by at\n}\n";

    fn hover_at(needle: &str) -> Option<String> {
        let mut world = World::default();
        let uri: lsp_types::Uri = "file:///virtual/c.xla".parse().unwrap();
        world.open(uri.clone(), CONTRACT.to_string(), 1);
        let view = world.view(&uri).unwrap();
        let offset = CONTRACT.find(needle).unwrap() + 1;
        hover(&view, offset).map(|h| match h.contents {
            HoverContents::Markup(m) => m.value,
            other => format!("{other:?}"),
        })
    }

    #[test]
    fn dataset_options_have_hovers() {
        let delimiter = hover_at("delimiter").unwrap_or_default();
        assert!(
            delimiter.starts_with("`delimiter` — dataset option\n\nCSV: the character between fields"),
            "{delimiter}"
        );
        let encoding = hover_at("encoding").unwrap_or_default();
        assert!(encoding.contains("`windows-1252`, `latin1` or `utf-16`"), "{encoding}");
        assert!(hover_at("multiline").unwrap_or_default().contains("may span several lines"));
        // `timezone` in the contract is a contract field, not a dataset option.
        assert_eq!(hover_at("timezone"), None);
    }

    #[test]
    fn data_formats_have_hovers_after_from() {
        let table = hover_at("table \"itsm").unwrap_or_default();
        assert!(table.starts_with("`table` — data format\n\na table in a SQL engine"), "{table}");
        assert!(table.contains("`xla sql`") && table.contains("no `format`"), "{table}");
        let csv = hover_at("csv \"t.csv").unwrap_or_default();
        assert!(csv.starts_with("`csv` — data format\n\nCSV files"), "{csv}");
        // The word as a path is no format.
        assert_eq!(hover_at("t.csv"), None);
    }
}
