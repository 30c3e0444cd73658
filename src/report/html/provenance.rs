//! Data provenance: the contract files and every input file with its
//! SHA-256 digest, the rows read, used in the months reviewed, rejected,
//! without a period and collapsed, and the first rejected rows.

use super::table::{write_table, Cell, Table};
use super::{escape, Review};
use crate::data::RowLocation;
use crate::report::REJECTED_ROWS_IN_MARKDOWN;
use std::fmt::Write as _;

/// Writes the provenance section.
pub fn section(out: &mut String, review: Review) {
    let inputs = review.inputs;
    let eval = inputs.eval;
    out.push_str("<section id=\"provenance\">\n<h2>Data provenance</h2>\n");
    let mut contract_rows =
        vec![vec![Cell::text(inputs.contract.root.path.clone()), Cell::text(inputs.contract.root.sha256.clone())]];
    contract_rows.extend(
        inputs.contract.includes.iter().map(|f| vec![Cell::text(f.path.clone()), Cell::text(f.sha256.clone())]),
    );
    write_table(
        out,
        &Table {
            caption: "Contract files".to_string(),
            head: vec!["File".to_string(), "SHA-256".to_string()],
            rows: contract_rows,
            foot: Vec::new(),
        },
    );
    let mut rows = Vec::new();
    let (mut read, mut used, mut rejected, mut without, mut collapsed) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for dataset in &eval.inputs {
        for f in &dataset.files {
            let in_review: u64 = review.indices().map(|m| f.rows_used.get(m).copied().unwrap_or(0)).sum();
            read += f.rows_read;
            used += in_review;
            rejected += f.rows_rejected;
            without += f.rows_without_period;
            collapsed += f.rows_collapsed;
            rows.push(vec![
                Cell::text(dataset.dataset.clone()),
                Cell::text(f.path.clone()),
                Cell { text: f.sha256.clone(), class: Some("digest".to_string()), value: None },
                Cell::figure(f.rows_read.to_string(), None),
                Cell::figure(in_review.to_string(), None),
                Cell::figure(f.rows_rejected.to_string(), None),
                Cell::figure(f.rows_without_period.to_string(), None),
                Cell::figure(f.rows_collapsed.to_string(), None),
            ]);
        }
    }
    let figure = |n: u64| Cell::figure(n.to_string(), None);
    write_table(
        out,
        &Table {
            caption: "Input files".to_string(),
            head: [
                "Dataset",
                "File",
                "SHA-256",
                "Rows read",
                "Used in the months reviewed",
                "Rejected",
                "Without period",
                "Collapsed",
            ]
            .map(String::from)
            .to_vec(),
            rows,
            foot: vec![vec![
                Cell::text("Total"),
                Cell::text(""),
                Cell::text(""),
                figure(read),
                figure(used),
                figure(rejected),
                figure(without),
                figure(collapsed),
            ]],
        },
    );
    out.push_str(
        "<p class=\"small\"><em>Used</em> counts a row once in every reviewed month it counts in (a row with a start \
         and an end counts in each month it overlaps). <em>Without period</em>: rows whose period column falls in no \
         month of the contract term (or is empty), so they count in no month. <em>Collapsed</em>: earlier versions of a \
         record replaced by a later one (<code>unique by</code>). <em>Rejected</em>: rows that could not be read, within \
         what the dataset allows (<code>reject up to</code>).</p>\n",
    );
    if eval.rejected_total > 0 {
        let shown = eval.rejections.len().min(REJECTED_ROWS_IN_MARKDOWN);
        let _ = writeln!(
            out,
            "<h3>Rejected rows ({} in all, the first {shown})</h3>\n<ul class=\"rejected\">",
            eval.rejected_total
        );
        for r in eval.rejections.iter().take(shown) {
            let column = r.column.as_ref().map_or_else(String::new, |c| format!(", column {c}"));
            let at = match &r.at {
                RowLocation::Line(line) => format!("line {line}"),
                RowLocation::SheetRow { sheet, row } => format!("sheet {sheet} row {row}"),
                RowLocation::Key(key) => format!("row with key {key}"),
            };
            let _ = writeln!(out, "<li>{}</li>", escape(&format!("{} {at}{column}: {}", r.file, r.reason)));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}
