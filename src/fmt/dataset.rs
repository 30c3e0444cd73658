//! The lines of a `dataset` item.
//!
//! Columns and options are printed in source order. Columns align as a
//! table: name, type (with `?`), `= "source"`, then `format` and `unit` as
//! written. A `text in [..]` type is too long to set the width of the type
//! column: its line follows the name column only.

use super::cursor::Cursor;
use super::doc::{one, CellBuf, Line, Node};
use super::items::head;
use crate::source::Span;
use crate::syntax::ast::{Column, Dataset, DatasetOption, DatasetOptionKind};

/// The head and body of a dataset item starting at byte `start`.
pub fn block(c: &mut Cursor, start: usize, dataset: &Dataset) -> (Line, Vec<Node>) {
    let mut cell = CellBuf::new();
    cell.tok(c.at(start, "dataset"))
        .tok(c.span(dataset.name.span))
        .tok(c.kw("from"))
        .tok(c.span(dataset.format.span))
        .tok(c.span(dataset.path.span));
    let head = head(c, cell);
    let mut entries: Vec<(usize, Entry)> = dataset
        .columns
        .iter()
        .map(|col| (col.span.start as usize, Entry::Column(col)))
        .chain(dataset.options.iter().map(|opt| (opt.span.start as usize, Entry::Option(opt))))
        .collect();
    entries.sort_by_key(|(start, _)| *start);
    let body = entries
        .into_iter()
        .map(|(_, entry)| {
            Node::Line(match entry {
                Entry::Column(col) => column(c, col),
                Entry::Option(opt) => option(c, opt),
            })
        })
        .collect();
    (head, body)
}

/// A line of a dataset body.
enum Entry<'a> {
    Column(&'a Column),
    Option(&'a DatasetOption),
}

/// `NAME TYPE [in [..] | in LO..HI][?] = "source" [format "…"] [unit U]`.
fn column(c: &mut Cursor, col: &Column) -> Line {
    let name = one(c.span(col.name.span));
    let mut ty = CellBuf::new();
    ty.tok(c.span(col.ty.span));
    if let Some(values) = &col.values {
        ty.tok(c.kw("in")).tok(c.kw("["));
        for (i, value) in values.iter().enumerate() {
            if i == 0 {
                ty.tight(c.span(value.span));
            } else {
                ty.tight(c.kw(",")).tok(c.span(value.span));
            }
        }
        c.skip_trailing_comma();
        ty.tight(c.kw("]"));
    }
    if let Some(range) = &col.range {
        ty.tok(c.kw("in")).tok(c.span(range.low.span)).tight(c.kw("..")).tight(c.span(range.high.span));
    }
    if col.optional {
        ty.tight(c.kw("?"));
    }
    let mut source = CellBuf::new();
    source.tok(c.kw("=")).tok(c.span(col.source.span));
    // `format` and `unit`, in the order written.
    let mut extras: Vec<(&str, Span)> =
        col.format.iter().map(|f| ("format", f.span)).chain(col.unit.iter().map(|u| ("unit", u.span))).collect();
    extras.sort_by_key(|(_, span)| span.start);
    let mut rest = CellBuf::new();
    for (keyword, span) in extras {
        rest.tok(c.kw_before(span, keyword)).tok(c.span(span));
    }
    let mut cells = vec![name, ty.done(), source.done()];
    let rest = rest.done();
    if !rest.is_empty() {
        cells.push(rest);
    }
    Line { cells, aligned: if col.values.is_some() || col.range.is_some() { 1 } else { 3 }, gap: 1, group: Some(0) }
}

/// `period by …`, `timezone "…"`, `reject up to P%`, `skip N rows`,
/// `missing "…", …`, `unique by KEY [latest by COL]`, `multiline`,
/// `delimiter "…"`, `decimal "…"`, `encoding "…"`, `sheet "…"`.
fn option(c: &mut Cursor, opt: &DatasetOption) -> Line {
    let start = opt.span.start as usize;
    let mut cell = CellBuf::new();
    match &opt.kind {
        DatasetOptionKind::PeriodBy { start: from, end } => {
            cell.tok(c.at(start, "period")).tok(c.kw("by")).tok(c.span(from.span));
            if let Some(end) = end {
                cell.tok(c.kw("to")).tok(c.span(end.span));
            }
        }
        DatasetOptionKind::Timezone(zone) => {
            cell.tok(c.at(start, "timezone")).tok(c.span(zone.span));
        }
        DatasetOptionKind::RejectUpTo(share) => {
            cell.tok(c.at(start, "reject")).tok(c.kw("up")).tok(c.kw("to")).tok(c.literal(share));
        }
        DatasetOptionKind::Skip(rows) => {
            cell.tok(c.at(start, "skip")).tok(c.span(rows.span)).tok(c.word());
        }
        DatasetOptionKind::Missing(values) => {
            cell.tok(c.at(start, "missing"));
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    cell.tight(c.kw(","));
                }
                cell.tok(c.span(value.span));
            }
        }
        DatasetOptionKind::Multiline => {
            cell.tok(c.at(start, "multiline"));
        }
        DatasetOptionKind::Delimiter(value) => {
            cell.tok(c.at(start, "delimiter")).tok(c.span(value.span));
        }
        DatasetOptionKind::Decimal(value) => {
            cell.tok(c.at(start, "decimal")).tok(c.span(value.span));
        }
        DatasetOptionKind::Encoding(value) => {
            cell.tok(c.at(start, "encoding")).tok(c.span(value.span));
        }
        DatasetOptionKind::Sheet(value) => {
            cell.tok(c.at(start, "sheet")).tok(c.span(value.span));
        }
        DatasetOptionKind::UniqueBy { key, latest } => {
            cell.tok(c.at(start, "unique")).tok(c.kw("by")).tok(c.span(key.span));
            if let Some(latest) = latest {
                cell.tok(c.kw("latest")).tok(c.kw("by")).tok(c.span(latest.span));
            }
        }
    }
    Line::single(cell.done())
}
