//! Tables and figures: every figure is a chart with its numbers in a table
//! beside it, so that readers can copy them into slides.

use super::chart::{self, Chart};
use super::escape;
use std::fmt::Write as _;

/// One table cell.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    /// The text shown (escaped when written).
    pub text: String,
    /// A CSS class (`num` right-aligns; `status-…` colours a status).
    pub class: Option<String>,
    /// The value as the settlement JSON writes it, in `data-value`, for
    /// tools and tests that read the figures back.
    pub value: Option<String>,
}

impl Cell {
    /// A plain text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), ..Cell::default() }
    }

    /// A right-aligned figure, with its machine form.
    pub fn figure(text: impl Into<String>, value: Option<String>) -> Cell {
        Cell { text: text.into(), class: Some("num".to_string()), value }
    }

    /// A status, coloured by its class and spelled out.
    pub fn status(status: &str) -> Cell {
        Cell {
            text: status.replace('_', " "),
            class: Some(format!("status status-{status}")),
            value: Some(status.to_string()),
        }
    }
}

/// A table: a caption, a header row, body rows and optional footer rows.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The caption.
    pub caption: String,
    /// The column headings.
    pub head: Vec<String>,
    /// The body rows; the first cell of each is its row heading.
    pub rows: Vec<Vec<Cell>>,
    /// Footer rows (totals).
    pub foot: Vec<Vec<Cell>>,
}

/// Writes `table` into `out`.
pub fn write_table(out: &mut String, table: &Table) {
    out.push_str("<table>\n");
    let _ = writeln!(out, "<caption>{}</caption>", escape(&table.caption));
    out.push_str("<thead><tr>");
    for h in &table.head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        write_row(out, row);
    }
    out.push_str("</tbody>\n");
    if !table.foot.is_empty() {
        out.push_str("<tfoot>\n");
        for row in &table.foot {
            write_row(out, row);
        }
        out.push_str("</tfoot>\n");
    }
    out.push_str("</table>\n");
}

fn write_row(out: &mut String, row: &[Cell]) {
    out.push_str("<tr>");
    for (i, cell) in row.iter().enumerate() {
        let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
        let close = if i == 0 { "th" } else { "td" };
        let _ = write!(out, "<{tag}");
        if let Some(class) = &cell.class {
            let _ = write!(out, " class=\"{}\"", escape(class));
        }
        if let Some(value) = &cell.value {
            let _ = write!(out, " data-value=\"{}\"", escape(value));
        }
        let _ = write!(out, ">{}</{close}>", escape(&cell.text));
    }
    out.push_str("</tr>\n");
}

/// Writes a figure: the charts (one or more sharing the months), their
/// numbers in `table` beside them, and a caption.
pub fn write_figure(out: &mut String, id: &str, charts: &[Chart], table: &Table, caption: &str) {
    let _ = writeln!(out, "<figure class=\"chart\" id=\"{}\">", escape(&id));
    out.push_str("<div class=\"plots\">\n");
    for c in charts {
        out.push_str(&chart::svg(c));
        out.push('\n');
    }
    out.push_str("</div>\n<div class=\"numbers\">\n");
    write_table(out, table);
    out.push_str("</div>\n");
    let _ = writeln!(out, "<figcaption>{}</figcaption>\n</figure>", escape(&caption));
}
