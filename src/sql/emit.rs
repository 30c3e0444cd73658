//! The states file as SQL: one `SELECT` per kind of record, all
//! `UNION ALL`ed into one result set with the columns of `xla-states/1`
//! (`record, dataset, aggregate, first_month, last_month, field, value,
//! weight`; `docs/states.md`).

use super::civil::date_text;
use super::dataset::{DatasetNames, DatasetSql};
use super::states::KeyKind;
use super::states::FORMAT as STATES_FORMAT;
use super::tables::Prelude;
use super::{Dialect, SqlOptions};
use crate::eval::Term;
use crate::ir::{AggFunc, Program};

/// How many keys of rejected rows are listed per column.
pub const REJECTED_KEYS: u32 = 5;

/// One `SELECT` of records, with its eight columns in order.
struct Record<'a> {
    record: &'a str,
    dataset: String,
    aggregate: String,
    first_month: String,
    last_month: String,
    field: String,
    value: String,
    weight: String,
}

impl Record<'_> {
    /// The select list; every column cast to its type so that the union
    /// agrees in every dialect.
    fn select(&self, d: Dialect) -> String {
        let text = |e: &str| if e == "NULL" { format!("CAST(NULL AS {})", d.text_type()) } else { d.to_text(e) };
        let int = |e: &str| format!("CAST({e} AS BIGINT)");
        format!(
            "SELECT {} AS record, {} AS dataset, {} AS aggregate, {} AS first_month, {} AS last_month, \
             {} AS field, {} AS value, {} AS weight",
            text(&d.string(self.record)),
            text(&self.dataset),
            int(&self.aggregate),
            text(&self.first_month),
            text(&self.last_month),
            text(&self.field),
            text(&self.value),
            int(&self.weight),
        )
    }
}

fn record(record: &str) -> Record<'_> {
    Record {
        record,
        dataset: "NULL".into(),
        aggregate: "NULL".into(),
        first_month: "NULL".into(),
        last_month: "NULL".into(),
        field: "NULL".into(),
        value: "NULL".into(),
        weight: "NULL".into(),
    }
}

/// The header records: format, contract fingerprint, engine, term.
pub fn header(d: Dialect, options: &SqlOptions, term: &Term) -> String {
    let field = |name: &str, value: &str| Record { field: d.string(name), value: d.string(value), ..record("header") };
    let first = term.months.first().map(ToString::to_string).unwrap_or_default();
    let last = term.months.last().map(ToString::to_string).unwrap_or_default();
    let term = Record {
        field: d.string("term"),
        first_month: d.string(&first),
        last_month: d.string(&last),
        ..record("header")
    };
    [
        field("format", STATES_FORMAT),
        field("contract_sha256", &options.contract_fingerprint),
        field("engine", d.name()),
        term,
    ]
    .iter()
    .map(|r| r.select(d))
    .collect::<Vec<_>>()
    .join("\nUNION ALL\n")
}

/// The records of one dataset: its input counts, its rejections and the
/// states of its aggregates.
pub fn records(d: Dialect, program: &Program, term: &Term, sql: &DatasetSql<'_>, names: &DatasetNames) -> Vec<String> {
    let name = d.string(&sql.dataset.name);
    let months = term.months.len();
    let input = |field: &str, weight: &str| Record {
        dataset: name.clone(),
        field: d.string(field),
        weight: weight.to_string(),
        ..record("input")
    };
    let mut out = Vec::new();
    let source = Record { value: d.string(&super::states::source_name(sql.dataset)), ..input("source", "NULL") };
    out.push(source.select(d));
    let counted = |r: Record<'_>, from: &str, filter: &str| format!("{} FROM {from} WHERE {filter}", r.select(d));
    out.push(counted(input("rows_read", "COUNT(*)"), &names.checked, "TRUE"));
    out.push(counted(input("rows_rejected", "COUNT(*)"), &names.checked, "xla_reason IS NOT NULL"));
    out.push(counted(input("rows_collapsed", "COUNT(*)"), &names.ranked, "xla_rank > 1"));
    out.push(counted(input("rows_without_period", "COUNT(*)"), &names.placed, "NOT xla_in_term AND NOT xla_later"));
    let used =
        Record { first_month: "first_label".into(), last_month: "last_label".into(), ..input("rows_used", "COUNT(*)") };
    out.push(format!(
        "{} FROM {} WHERE span_id < {months} GROUP BY first_label, last_label",
        used.select(d),
        names.row_spans
    ));
    // Reasons numbered in code-point order of (column, reason), the same in
    // every engine; up to five keys of each, in the same order.
    let order = |e: &str| d.text_order(e);
    let numbered = format!(
        "SELECT xla_column, xla_reason, COALESCE(xla_key, '') AS xla_key, \
         DENSE_RANK() OVER (ORDER BY {}, {}) AS xla_number, \
         ROW_NUMBER() OVER (PARTITION BY xla_column, xla_reason ORDER BY {}) AS xla_rank \
         FROM {} WHERE xla_reason IS NOT NULL",
        order("xla_column"),
        order("xla_reason"),
        order("COALESCE(xla_key, '')"),
        names.checked
    );
    let reason = |kind| Record {
        dataset: name.clone(),
        aggregate: "xla_number".into(),
        field: "xla_column".into(),
        ..record(kind)
    };
    let rejected = Record { value: "xla_reason".into(), weight: "COUNT(*)".into(), ..reason("reject") };
    out.push(format!("{} FROM ({numbered}) AS r GROUP BY xla_number, xla_column, xla_reason", rejected.select(d)));
    let key = Record { value: "xla_key".into(), ..reason("reject_key") };
    out.push(format!("{} FROM ({numbered}) AS k WHERE xla_rank <= {REJECTED_KEYS}", key.select(d)));
    for agg in &sql.aggregates {
        let func = program.aggregates[agg.id].func;
        let ids = agg.spans.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        let filter = agg.filter.as_deref().unwrap_or("TRUE");
        let state = |field: &str, value: &str, weight: &str| Record {
            dataset: name.clone(),
            aggregate: agg.id.to_string(),
            first_month: "first_label".into(),
            last_month: "last_label".into(),
            field: d.string(field),
            value: value.to_string(),
            weight: weight.to_string(),
            ..record("state")
        };
        let rows = format!("FROM {} WHERE span_id IN ({ids}) AND ({filter})", names.row_spans);
        let by_span = "GROUP BY span_id, first_label, last_label";
        let value = agg.value.as_deref().unwrap_or("NULL");
        match func {
            AggFunc::Count => out.push(format!("{} {rows} {by_span}", state("rows", "NULL", "COUNT(*)").select(d))),
            AggFunc::Percent => {
                let meeting = agg.meeting.as_deref().unwrap_or("FALSE");
                out.push(format!("{} {rows} {by_span}", state("population", "NULL", "COUNT(*)").select(d)));
                out.push(format!(
                    "{} {rows} {by_span}",
                    state("meeting", "NULL", &format!("SUM(CASE WHEN {meeting} THEN 1 ELSE 0 END)")).select(d)
                ));
            }
            AggFunc::Sum | AggFunc::Mean | AggFunc::Min | AggFunc::Max => {
                let (field, f) = match func {
                    AggFunc::Min => ("best", "MIN"),
                    AggFunc::Max => ("best", "MAX"),
                    _ => ("total", "SUM"),
                };
                // Both records or neither: a group whose values are all none has neither.
                let having = format!("HAVING COUNT({value}) > 0");
                out.push(format!(
                    "{} {rows} {by_span} {having}",
                    state(field, &format!("{f}({value})"), "NULL").select(d)
                ));
                out.push(format!(
                    "{} {rows} {by_span} {having}",
                    state("n", "NULL", &format!("COUNT({value})")).select(d)
                ));
            }
            AggFunc::Median | AggFunc::Percentile => out.push(format!(
                "{} {rows} AND ({value}) IS NOT NULL {by_span}, {value}",
                state("value", value, "COUNT(*)").select(d)
            )),
            AggFunc::Distinct => {
                // Dates travel as `YYYY-MM-DD`; every other key as the engine writes it.
                let is_date = program.aggregates[agg.id]
                    .value
                    .as_ref()
                    .is_some_and(|v| KeyKind::of(sql.dataset, v) == KeyKind::Date);
                let key = if is_date { date_text(d, value) } else { value.to_string() };
                out.push(format!(
                    "{} {rows} AND ({value}) IS NOT NULL {by_span}, {value}",
                    state("key", &key, "1").select(d)
                ))
            }
        }
    }
    out
}

/// The whole script: the session settings, then one query.
pub fn script(
    d: Dialect,
    program: &Program,
    options: &SqlOptions,
    Prelude { statements, ctes }: Prelude,
    parts: &[String],
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "-- xla sql: the row-level work of contract \"{}\" for {}, through {} ({}).\n\
         -- Run it on the engine that holds the data, export the result set as CSV\n\
         -- (with its header row) and settle with `xla settle … --states FILE`.\n\
         -- Generated: do not edit (the states carry the contract's fingerprint).\n",
        program.contract.name.replace('\n', " "),
        d.name(),
        options.through,
        STATES_FORMAT
    ));
    for statement in d.preamble().into_iter().map(str::to_string).chain(statements) {
        out.push_str(&statement);
        out.push_str(";\n");
    }
    match d.materialize() {
        // One query: the common table expressions of a `WITH`.
        None => {
            out.push_str("WITH\n");
            let ctes: Vec<String> =
                ctes.into_iter().map(|(name, body)| format!("{name} {} (\n  {body}\n)", d.cte_as())).collect();
            out.push_str(&ctes.join(",\n"));
        }
        // Engines that would compute a shared expression once per use get
        // each used more than once as a table of its own, computed once,
        // and the others as views.
        Some(statement) => {
            for (i, (name, body)) in ctes.iter().enumerate() {
                let later = ctes[i + 1..].iter().map(|(_, b)| b).chain(parts);
                let uses: usize = later.map(|text| references(text, name)).sum();
                let keep = if uses > 1 { statement } else { "CREATE OR REPLACE TEMPORARY VIEW" };
                out.push_str(&format!("{keep} {name} AS\n  {body};\n"));
            }
        }
    }
    out.push_str("\nSELECT record, dataset, aggregate, first_month, last_month, field, value, weight FROM (\n");
    out.push_str(&parts.join("\nUNION ALL\n"));
    out.push_str(
        "\n) AS xla_states\nORDER BY record NULLS FIRST, dataset NULLS FIRST, aggregate NULLS FIRST, \
         first_month NULLS FIRST, last_month NULLS FIRST, field NULLS FIRST, value NULLS FIRST;\n",
    );
    out
}

/// How many times `text` names the table `name` (as a whole word).
fn references(text: &str, name: &str) -> usize {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    text.match_indices(name)
        .filter(|(at, _)| !word(text[..*at].chars().next_back()) && !word(text[at + name.len()..].chars().next()))
        .count()
}
