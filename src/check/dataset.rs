//! Datasets: formats, columns, options (LANGUAGE.md §5).

use super::csv_options;
use super::names::Unknown;
use super::table_name;
use super::{Checker, Symbol};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::ir::{ColumnKind, CsvOptions, DataFormat, Dataset, DatasetColumn, DurationUnit, PeriodBy, UniqueBy};
use crate::source::Span;
use crate::syntax::ast::{self, DatasetOptionKind, LitKind};
use crate::trust;
use chrono::format::{Item, StrftimeItems};
use rust_decimal::Decimal;

const COLUMN_TYPES: &[&str] = &["text", "number", "count", "percent", "bool", "date", "timestamp", "duration"];
const UNITS: &[&str] = &["seconds", "minutes", "hours"];
/// Type names from spreadsheets and databases, with the column type meant.
const TYPE_ALIASES: &[(&str, &str)] = &[
    ("string", "text"),
    ("str", "text"),
    ("integer", "count"),
    ("int", "count"),
    ("float", "number"),
    ("decimal", "number"),
    ("boolean", "bool"),
    ("datetime", "timestamp"),
    ("time", "timestamp"),
];

impl Checker<'_> {
    /// Checks every dataset and builds its loader description.
    pub(super) fn check_datasets(&mut self) {
        let entries = self.scope.datasets.clone();
        for entry in entries {
            if let Some(dataset) = self.check_dataset(entry.node) {
                self.datasets.push(dataset);
            }
        }
    }

    /// Checks one dataset. Errors in options still yield a dataset (with
    /// placeholders; no program is built when there are errors) so that the
    /// metrics over it are checked too; only broken columns drop it, since
    /// every use of them would then be a misleading error.
    fn check_dataset(&mut self, node: &ast::Dataset) -> Option<Dataset> {
        let mut columns_ok = true;
        let format = match node.format.name.as_str() {
            "csv" => Some(DataFormat::Csv),
            "jsonl" => Some(DataFormat::Jsonl),
            "xlsx" => Some(DataFormat::Xlsx),
            "table" => Some(DataFormat::Table),
            other => {
                let mut d =
                    Diagnostic::new(Code::FieldValue, node.format.span, format!("`{other}` is not a data format"))
                        .with_label("unknown format")
                        .with_help("datasets are read `from csv`, `from jsonl` (JSON Lines), `from xlsx` (Excel) or `from table` (a SQL table)");
                if let Some(best) = did_you_mean(other, ["csv", "jsonl", "xlsx", "table"]) {
                    d = d.with_fix(best);
                }
                self.report(d);
                None
            }
        };
        let mut ok = true;
        let mut columns: Vec<DatasetColumn> = Vec::new();
        let mut names: Vec<(&str, Span)> = Vec::new();
        for column in &node.columns {
            if let Some((_, first)) = names.iter().find(|(n, _)| *n == column.name.name) {
                let first = *first;
                self.report(
                    Diagnostic::new(
                        Code::DuplicateName,
                        column.name.span,
                        format!("dataset `{}` already has a column `{}`", node.name.name, column.name.name),
                    )
                    .with_label("second column of this name")
                    .with_secondary(first, "first defined here")
                    .with_help("rename one of the columns; the source column names may stay the same"),
                );
                columns_ok = false;
                continue;
            }
            names.push((&column.name.name, column.name.span));
            self.index.define(Symbol::Column(node.name.name.clone(), column.name.name.clone()), column.name.span);
            match self.column(column, format) {
                Some(c) => columns.push(c),
                None => columns_ok = false,
            }
        }

        let mut period = None;
        let mut timezone = self.facts.timezone;
        let mut reject_up_to = Decimal::ZERO;
        let mut skip_rows = 0;
        let mut missing = Vec::new();
        let mut unique_by = None;
        let mut csv = CsvOptions::default();
        let mut sheet = None;
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        for option in &node.options {
            let key = option_name(&option.kind);
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let first = *first;
                self.report(
                    Diagnostic::new(Code::DuplicateField, option.span, format!("`{key}` is given twice"))
                        .with_label("second time")
                        .with_secondary(first, "first given here")
                        .with_help("keep one of them"),
                );
                ok = false;
                continue;
            }
            seen.push((key, option.span));
            match &option.kind {
                DatasetOptionKind::PeriodBy { start, end } => {
                    let start_idx = self.period_column(node, &columns, start);
                    let end_idx = end.as_ref().map(|e| self.period_column(node, &columns, e));
                    period = match (start_idx, end_idx) {
                        (Some(s), None) => Some(PeriodBy::Instant(s)),
                        (Some(s), Some(Some(e))) => Some(PeriodBy::Interval { start: s, end: e }),
                        _ => {
                            ok = false;
                            None
                        }
                    };
                }
                DatasetOptionKind::Timezone(name) => {
                    timezone = self.timezone(&name.value, name.span);
                    ok &= timezone.is_some();
                }
                DatasetOptionKind::RejectUpTo(limit) => match limit.kind {
                    LitKind::Percent(p) if p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED => reject_up_to = p,
                    _ => {
                        self.report(
                            Diagnostic::new(
                                Code::FieldValue,
                                limit.span,
                                "`reject up to` takes a percentage from 0% to 100%",
                            )
                            .with_label("out of range")
                            .with_help("it is the share of the rows read that may be rejected before settlement fails, such as `0.5%`"),
                        );
                        ok = false;
                    }
                },
                DatasetOptionKind::Skip(n) => {
                    if format == Some(DataFormat::Table) {
                        ok &= self.file_option_on_table("skip", option.span);
                    } else if format == Some(DataFormat::Jsonl) {
                        self.report(
                            Diagnostic::new(Code::ColumnOption, option.span, "`skip N rows` applies to CSV files only")
                                .with_label("in a JSON Lines dataset")
                                .with_help("remove it; JSON Lines files have no header rows to skip"),
                        );
                        ok = false;
                    }
                    skip_rows = n.value;
                }
                DatasetOptionKind::Sheet(name) => {
                    ok &= self.format_only(format, DataFormat::Xlsx, "sheet", option.span);
                    sheet = Some(name.value.clone());
                }
                DatasetOptionKind::Multiline => {
                    ok &= self.csv_only(format, "multiline", option.span);
                    csv.multiline = true;
                }
                DatasetOptionKind::Delimiter(value) => {
                    ok &= self.csv_only(format, "delimiter", option.span);
                    match csv_options::delimiter(value) {
                        Ok(d) => csv.delimiter = d,
                        Err(d) => {
                            self.report(*d);
                            ok = false;
                        }
                    }
                }
                DatasetOptionKind::Decimal(value) => {
                    ok &= self.csv_only(format, "decimal", option.span);
                    match csv_options::decimal_comma(value) {
                        Ok(comma) => csv.decimal_comma = comma,
                        Err(d) => {
                            self.report(*d);
                            ok = false;
                        }
                    }
                }
                DatasetOptionKind::Encoding(value) => {
                    ok &= self.csv_only(format, "encoding", option.span);
                    match csv_options::encoding(value) {
                        Ok(e) => csv.encoding = e,
                        Err(d) => {
                            self.report(*d);
                            ok = false;
                        }
                    }
                }
                DatasetOptionKind::Missing(markers) => missing = markers.iter().map(|m| m.value.clone()).collect(),
                DatasetOptionKind::UniqueBy { key, latest } => {
                    let key_idx = self.column_ref(node, &columns, key);
                    let latest_idx = latest.as_ref().map(|l| self.column_ref(node, &columns, l));
                    match (key_idx, latest_idx) {
                        (Some(key), None) => unique_by = Some(UniqueBy { key, latest: None }),
                        (Some(key), Some(Some(l))) => unique_by = Some(UniqueBy { key, latest: Some(l) }),
                        _ => ok = false,
                    }
                }
            }
        }
        if period.is_none() && !seen.iter().any(|(k, _)| *k == "period by") {
            self.report(
                Diagnostic::new(Code::MissingField, node.name.span, format!("dataset `{}` does not say which column assigns rows to months", node.name.name))
                    .with_label("no `period by`")
                    .with_help("add `period by COLUMN` naming a date or timestamp column (or `period by START to END` for outages and other intervals)"),
            );
            ok = false;
        }
        if format == Some(DataFormat::Table) {
            if let Err(d) = table_name::table_name(&node.path) {
                self.report(*d);
            }
        } else if let Err(reason) = trust::check_data_path(&node.path.value) {
            self.report(
                Diagnostic::new(
                    Code::PathRefused,
                    node.path.span,
                    format!("dataset `{}` reads `{}`, which {reason}", node.name.name, node.path.value),
                )
                .with_label("this path")
                .with_help("name the files by a path or glob inside the data directory, such as `\"tickets/*.csv\"`"),
            );
        }
        if !columns_ok {
            return None;
        }
        let _ = ok; // option errors are reported; the placeholders below keep checking going
        Some(Dataset {
            name: node.name.name.clone(),
            format: format.unwrap_or(DataFormat::Csv),
            path: node.path.value.clone(),
            columns,
            period: period.unwrap_or(PeriodBy::Instant(0)),
            timezone: timezone.unwrap_or(chrono_tz::UTC),
            reject_up_to,
            skip_rows,
            missing,
            unique_by,
            csv,
            sheet,
        })
    }

    /// Reports `option` (named `name`) on a dataset whose format is known
    /// and is not CSV; true when it fits.
    fn csv_only(&mut self, format: Option<DataFormat>, name: &str, span: Span) -> bool {
        self.format_only(format, DataFormat::Csv, name, span)
    }

    /// Reports `option` (named `name`), which belongs to `wanted` datasets,
    /// on a dataset whose format is known and is another; true when it fits.
    fn format_only(&mut self, format: Option<DataFormat>, wanted: DataFormat, name: &str, span: Span) -> bool {
        match format {
            Some(DataFormat::Table) => self.file_option_on_table(name, span),
            Some(f) if f != wanted => {
                self.report(
                    Diagnostic::new(
                        Code::FormatOption,
                        span,
                        format!(
                            "`{name}` applies to {} datasets only, and this one is read from {}",
                            wanted.describe(),
                            f.describe()
                        ),
                    )
                    .with_label(format!("this dataset is read from {}", f.describe()))
                    .with_help(format!("remove `{name}`: it describes {} files only", wanted.describe())),
                );
                false
            }
            _ => true,
        }
    }

    /// Reports `option` (named `name`), which describes how a file is
    /// written, on a dataset that lives in a SQL table; always false.
    fn file_option_on_table(&mut self, name: &str, span: Span) -> bool {
        self.report(
            Diagnostic::new(
                Code::FormatOption,
                span,
                format!("`{name}` describes how a file is written, and this dataset is a SQL table"),
            )
            .with_label("this dataset is read `from table`")
            .with_help(format!("remove `{name}`: the engine that holds the table reads its columns itself")),
        );
        false
    }

    /// Checks a column of a dataset of `format` (none: unknown).
    fn column(&mut self, column: &ast::Column, dataset_format: Option<DataFormat>) -> Option<DatasetColumn> {
        let ty = column.ty.name.as_str();
        if !COLUMN_TYPES.contains(&ty) {
            let mut d = Diagnostic::new(Code::UnknownName, column.ty.span, format!("`{ty}` is not a column type"))
                .with_label("unknown type");
            let alias = TYPE_ALIASES.iter().find(|(a, _)| *a == ty).map(|(_, t)| *t);
            d = match alias.or_else(|| did_you_mean(ty, COLUMN_TYPES.iter().copied())) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")).with_fix(best),
                None => d.with_help(format!(
                    "the column types are {}",
                    COLUMN_TYPES.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
                )),
            };
            self.report(d);
            return None;
        }
        let mut ok = true;
        if column.values.as_ref().is_some_and(Vec::is_empty) {
            self.report(self.option_error(
                column.ty.span,
                "`text in []` lists no values, so every row would be rejected",
                "list the values the column may hold, such as `text in [\"P1\", \"P2\"]`",
            ));
            ok = false;
        }
        if column.values.is_some() && ty != "text" {
            self.report(self.option_error(
                column.ty.span,
                "only `text` columns can list their values with `in [..]`",
                "use `text in [..]`",
            ));
            ok = false;
        }
        if let Some(format) = column.format.as_ref().filter(|_| dataset_format == Some(DataFormat::Table)) {
            self.report(
                Diagnostic::new(Code::TableColumnFormat, format.span, "a column of a SQL table takes no `format`")
                    .with_label("the dataset is read `from table`")
                    .with_help(
                        "remove `format`: the engine holds typed values, and casts a text column to the \
                         column's declared type (a value the cast refuses is a rejected row)",
                    ),
            );
            ok = false;
        } else if let Some(format) = &column.format {
            if ty != "date" && ty != "timestamp" {
                self.report(self.option_error(
                    format.span,
                    "`format` applies to `date` and `timestamp` columns only",
                    "remove `format`, or change the column's type",
                ));
                ok = false;
            } else if StrftimeItems::new(&format.value).any(|i| matches!(i, Item::Error)) {
                self.report(
                    Diagnostic::new(
                        Code::ColumnOption,
                        format.span,
                        format!("`{}` is not a valid strftime format", format.value),
                    )
                    .with_label("invalid format")
                    .with_help("use strftime directives such as `%d/%m/%Y %H:%M` (day/month/year hour:minute)"),
                );
                ok = false;
            }
        }
        let mut unit = DurationUnit::Seconds;
        if let Some(u) = &column.unit {
            if ty != "duration" {
                self.report(self.option_error(
                    u.span,
                    "`unit` applies to `duration` columns only",
                    "remove `unit`, or change the column's type to `duration`",
                ));
                ok = false;
            } else {
                unit = match u.name.as_str() {
                    "seconds" => DurationUnit::Seconds,
                    "minutes" => DurationUnit::Minutes,
                    "hours" => DurationUnit::Hours,
                    other => {
                        let mut d = self.option_error(
                            u.span,
                            &format!("`{other}` is not a duration unit"),
                            "the units are `seconds`, `minutes` and `hours`",
                        );
                        if let Some(best) = did_you_mean(other, UNITS.iter().copied()) {
                            d = d.with_fix(best);
                        }
                        self.report(d);
                        ok = false;
                        DurationUnit::Seconds
                    }
                };
            }
        }
        let range = self.column_range(column, ty);
        ok &= range.is_ok();
        let format = column.format.as_ref().map(|f| f.value.clone());
        let kind = match ty {
            "text" => match &column.values {
                Some(values) => ColumnKind::TextIn(values.iter().map(|v| v.value.clone()).collect()),
                None => ColumnKind::Text,
            },
            "number" => ColumnKind::Number,
            "count" => ColumnKind::Count,
            "percent" => ColumnKind::Percent,
            "bool" => ColumnKind::Bool,
            "date" => ColumnKind::Date { format },
            "timestamp" => ColumnKind::Timestamp { format },
            _ => ColumnKind::Duration { unit },
        };
        ok.then(|| DatasetColumn {
            name: column.name.name.clone(),
            source: column.source.value.clone(),
            kind,
            range: range.ok().flatten(),
            optional: column.optional,
        })
    }

    fn option_error(&self, span: Span, message: &str, help: &str) -> Diagnostic {
        Diagnostic::new(Code::ColumnOption, span, message.to_string())
            .with_label("does not fit the column's type")
            .with_help(help.to_string())
    }

    /// Resolves a column named in a dataset option; records the reference.
    fn column_ref(&mut self, node: &ast::Dataset, columns: &[DatasetColumn], name: &ast::Ident) -> Option<usize> {
        if let Some(i) = columns.iter().position(|c| c.name == name.name) {
            self.index.refer(name.span, Symbol::Column(node.name.name.clone(), name.name.clone()));
            return Some(i);
        }
        if node.columns.iter().any(|c| c.name.name == name.name) {
            return None; // the column itself has an error, already reported
        }
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        self.unknown(name, Unknown::Column(&node.name.name), names.iter().map(String::as_str));
        None
    }

    fn period_column(&mut self, node: &ast::Dataset, columns: &[DatasetColumn], name: &ast::Ident) -> Option<usize> {
        let index = self.column_ref(node, columns, name)?;
        match columns[index].kind {
            ColumnKind::Date { .. } | ColumnKind::Timestamp { .. } => Some(index),
            _ => {
                let column_span = node.columns.iter().find(|c| c.name.name == name.name).map(|c| c.ty.span);
                let mut d = Diagnostic::new(
                    Code::PeriodColumn,
                    name.span,
                    format!("`{}` is not a date or timestamp column, so it cannot assign rows to months", name.name),
                )
                .with_label("used for `period by`")
                .with_help("name a `date` or `timestamp` column, or change this column's type");
                if let Some(span) = column_span {
                    d = d.with_secondary(span, "declared with this type");
                }
                self.report(d);
                None
            }
        }
    }
}

fn option_name(kind: &DatasetOptionKind) -> &'static str {
    match kind {
        DatasetOptionKind::PeriodBy { .. } => "period by",
        DatasetOptionKind::Timezone(_) => "timezone",
        DatasetOptionKind::RejectUpTo(_) => "reject up to",
        DatasetOptionKind::Skip(_) => "skip",
        DatasetOptionKind::Missing(_) => "missing",
        DatasetOptionKind::UniqueBy { .. } => "unique by",
        DatasetOptionKind::Multiline => "multiline",
        DatasetOptionKind::Sheet(_) => "sheet",
        DatasetOptionKind::Delimiter(_) => "delimiter",
        DatasetOptionKind::Decimal(_) => "decimal",
        DatasetOptionKind::Encoding(_) => "encoding",
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{check_file, RealFs};
    use crate::ir::{ColumnKind, DataFormat, PeriodBy};
    use std::path::Path;

    #[test]
    fn a_table_dataset_holds_its_table_name_and_typed_columns() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/warehouse/contract.xla");
        let checked = check_file(&path, &RealFs).unwrap();
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
        let program = checked.program.unwrap();
        let tickets = &program.datasets[0];
        assert_eq!((tickets.format, tickets.path.as_str()), (DataFormat::Table, "itsm.incidents"));
        assert_eq!(tickets.columns[2].kind, ColumnKind::Timestamp { format: None });
        assert_eq!(tickets.period, PeriodBy::Instant(3));
        assert_eq!(tickets.missing, ["N/A"]);
        let surveys = &program.datasets[1];
        assert_eq!((surveys.format, surveys.path.as_str()), (DataFormat::Jsonl, "surveys.jsonl"));
    }
}
