//! The data preview of `xla check --data`, as text and as JSON.

use super::json::RejectedRow;
use crate::eval::Preview;
use crate::value::canonical;
use serde_json::{Map, Value as Json};
use std::fmt::Write as _;

/// The schema name of the preview JSON.
pub const PREVIEW_SCHEMA: &str = "xla-preview/1";

/// The preview as a reader scans it: one block per dataset.
pub fn preview_text(preview: &Preview) -> String {
    let mut out = String::new();
    for d in &preview.datasets {
        let _ = writeln!(out, "dataset {} (reject up to {}%)", d.dataset, canonical(d.reject_up_to));
        if let Some(table) = &d.table {
            let _ = writeln!(
                out,
                "  not previewed: it lives in the SQL table `{table}`, which `xla sql` reads on its engine"
            );
            continue;
        }
        if let Some(error) = &d.error {
            let _ = writeln!(out, "  error: {error}");
            continue;
        }
        for f in &d.files {
            let lines = if f.lines == f.rows_read { String::new() } else { format!(" on {} lines", f.lines) };
            let _ = writeln!(
                out,
                "  {}: {} rows read{lines}, {} rejected, {} collapsed by `unique by`",
                f.path, f.rows_read, f.rows_rejected, f.rows_collapsed
            );
            let months: Vec<String> =
                preview.months.iter().zip(&f.rows_per_month).map(|(m, n)| format!("{m} {n}")).collect();
            let _ =
                writeln!(out, "    rows per month: {}; without a period: {}", months.join(", "), f.rows_without_period);
        }
        let verdict = if d.over_limit { "MORE than `reject up to` allows" } else { "within `reject up to`" };
        let _ = writeln!(out, "  {} of {} rows rejected, {verdict}", d.rows_rejected, d.rows_read);
        for r in &d.rejections {
            let _ = writeln!(out, "    {r}");
        }
        if d.rows_rejected > d.rejections.len() as u64 {
            let _ = writeln!(out, "    … and {} more", d.rows_rejected - d.rejections.len() as u64);
        }
    }
    out
}

/// The preview as JSON (fields in `docs/cli.md`).
pub fn preview_json(preview: &Preview) -> String {
    let datasets: Vec<Json> = preview
        .datasets
        .iter()
        .map(|d| {
            let files: Vec<Json> = d
                .files
                .iter()
                .map(|f| {
                    let months: Map<String, Json> = preview
                        .months
                        .iter()
                        .zip(&f.rows_per_month)
                        .map(|(m, n)| (m.to_string(), Json::from(*n)))
                        .collect();
                    serde_json::json!({
                        "path": f.path,
                        "rows_read": f.rows_read,
                        "lines": f.lines,
                        "rows_rejected": f.rows_rejected,
                        "rows_collapsed": f.rows_collapsed,
                        "rows_per_month": months,
                        "rows_without_period": f.rows_without_period,
                    })
                })
                .collect();
            let rejected: Vec<RejectedRow<'_>> = d.rejections.iter().map(RejectedRow::from).collect();
            serde_json::json!({
                "dataset": d.dataset,
                "reject_up_to": canonical(d.reject_up_to),
                "error": d.error,
                "table": d.table,
                "rows_read": d.rows_read,
                "rows_rejected": d.rows_rejected,
                "over_limit": d.over_limit,
                "files": files,
                "rejected_rows": {"count": d.rows_rejected, "first": rejected},
            })
        })
        .collect();
    let months: Vec<String> = preview.months.iter().map(ToString::to_string).collect();
    let json = serde_json::json!({"schema": PREVIEW_SCHEMA, "months": months, "datasets": datasets});
    serde_json::to_string_pretty(&json).unwrap_or_default()
}
