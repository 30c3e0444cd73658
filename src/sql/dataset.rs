//! One table dataset as a chain of common table expressions: read every
//! declared column as text, check and type each cell (a bad cell rejects
//! the row, naming the first bad column as the local loader does), turn
//! local times into instants, and place each valid row in the months, and
//! the windows, it belongs to.

use super::cells::{self, CellNames};
use super::expr::{cumulative_name, local_name, value_name, ExprCompiler, Needs};
use super::source::{self, Source};
use super::tables::Tables;
use super::{Dialect, SqlError};
use crate::diagnostic::Code;
use crate::eval::{MonthSpan, Term};
use crate::ir::{ColumnKind, Dataset, DatasetId, PeriodBy, Program};
use std::path::Path;

/// One aggregate of the dataset, compiled.
pub struct AggregateSql {
    /// Its index in the program.
    pub id: usize,
    /// `where`, or none.
    pub filter: Option<String>,
    /// `meeting`, or none.
    pub meeting: Option<String>,
    /// `E`, or none.
    pub value: Option<String>,
    /// The spans its states are computed over: every settled month, and the
    /// windows it is fed row by row (see `eval::window`).
    pub spans: Vec<usize>,
}

/// A table dataset, compiled.
pub struct DatasetSql<'p> {
    /// The dataset.
    pub dataset: &'p Dataset,
    /// Its index.
    pub id: DatasetId,
    /// Its aggregates.
    pub aggregates: Vec<AggregateSql>,
    /// Every span some aggregate is computed over: the settled months
    /// first (span `m` is month `m`), then windows.
    pub spans: Vec<MonthSpan>,
    needs: Needs,
    source: Source,
    dialect: Dialect,
    term: &'p Term,
}

/// The names of a dataset's common table expressions the records read.
pub struct DatasetNames {
    /// Every row read, with `xla_reason`, `xla_column` and `xla_key`.
    pub checked: String,
    /// The valid rows with `xla_rank`: above 1 for a row `unique by` drops.
    pub ranked: String,
    /// Valid rows placed: `xla_month` (an instant dataset's month, or
    /// null), `xla_in_term` (belongs to a settled month) and `xla_later`.
    pub placed: String,
    /// Valid rows joined with each span they belong to.
    pub row_spans: String,
}

impl<'p> DatasetSql<'p> {
    /// Compiles dataset `id` of `program`, its files (if any) under
    /// `data_dir`, or says what cannot be pushed down.
    pub fn new(
        d: Dialect,
        program: &'p Program,
        term: &'p Term,
        id: DatasetId,
        data_dir: Option<&Path>,
    ) -> Result<Self, Vec<SqlError>> {
        let dataset = &program.datasets[id];
        let mut errors = Vec::new();
        let source = source::of(d, dataset, id, data_dir).map_err(|e| errors.push(e)).ok();
        if dataset.unique_by.is_some_and(|u| u.latest.is_none()) {
            errors.push(SqlError {
                code: Code::SqlUnsupportedOption,
                message: format!(
                    "dataset `{}`: `unique by` without `latest by` keeps the last row read, and a table has \
                     no read order",
                    dataset.name
                ),
                help: "add `latest by COL` with the column that orders a key's versions (`sys_updated_on`), \
                       or collapse the change log in a view and declare the view as the table"
                    .into(),
            });
        }
        let text_columns = dataset.columns.iter().map(|c| matches!(c.kind, ColumnKind::Text | ColumnKind::TextIn(_)));
        let mut compiler = ExprCompiler::new(d, text_columns.collect());
        let mut spans: Vec<MonthSpan> = (0..term.months.len()).map(MonthSpan::month).collect();
        let windows = crate::eval::windows(program, term);
        let mut aggregates = Vec::new();
        for (agg_id, agg) in program.aggregates.iter().enumerate().filter(|(_, a)| a.dataset == id) {
            let mut compile = |e: &Option<crate::ir::RowExpr>| match e {
                Some(e) => compiler.compile(e).map(Some),
                None => Ok(None),
            };
            let compiled = (|| Ok((compile(&agg.filter)?, compile(&agg.meeting)?, compile(&agg.value)?)))();
            let (filter, meeting, value) = match compiled {
                Ok(parts) => parts,
                Err(why) => {
                    let why: super::expr::Unsupported = why;
                    errors.push(SqlError {
                        code: Code::SqlUnsupportedExpr,
                        message: format!(
                            "`{}` over dataset `{}`: {} is not pushed down to SQL",
                            agg.text, dataset.name, why.what
                        ),
                        help: why.help,
                    });
                    continue;
                }
            };
            let mut own: Vec<usize> = (0..term.months.len()).collect();
            if crate::eval::fed_per_window(program, agg_id) {
                for span in &windows[agg_id] {
                    let at = match spans.iter().position(|s| s == span) {
                        Some(at) => at,
                        None => {
                            spans.push(*span);
                            spans.len() - 1
                        }
                    };
                    own.push(at);
                }
            }
            aggregates.push(AggregateSql { id: agg_id, filter, meeting, value, spans: own });
        }
        let Some(source) = source.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        let mut needs = compiler.needs;
        let (PeriodBy::Instant(c) | PeriodBy::Interval { start: c, .. }) = dataset.period;
        if matches!(dataset.columns[c].kind, ColumnKind::Timestamp { .. }) {
            needs.local.insert(c);
        }
        Ok(DatasetSql { dataset, id, aggregates, spans, needs, source, dialect: d, term })
    }

    fn prefix(&self) -> String {
        format!("d{}", self.id)
    }

    /// Adds the dataset's common table expressions to `tables`.
    pub fn ctes(&self, tables: &mut Tables) -> DatasetNames {
        let d = self.dialect;
        let p = self.prefix();
        let columns = &self.dataset.columns;
        let timestamp = |i: usize| matches!(columns[i].kind, ColumnKind::Timestamp { .. });

        // Read: every declared column as text, trimmed, and whether it is missing.
        let key_column = self.dataset.unique_by.map_or(0, |u| u.key);
        let mut read = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            read.push(format!("{} AS t{i}", d.to_text(&d.ident(&column.source))));
        }
        read.push(format!("{} AS xla_key", d.to_text(&d.ident(&columns[key_column].source))));
        let read = read.join(", ");
        let reads: Vec<String> =
            self.source.relations.iter().map(|relation| format!("SELECT {read} FROM {relation}")).collect();
        for statement in &self.source.statements {
            tables.statement(statement.clone());
        }
        let src = tables.add(&format!("{p}_src"), reads.join("\n  UNION ALL "));
        let missing: Vec<String> = self.dataset.missing.iter().map(|m| d.string(m.trim())).collect();
        let mut trimmed = Vec::new();
        for i in 0..columns.len() {
            let marker =
                if missing.is_empty() { String::new() } else { format!(" OR trim(t{i}) IN ({})", missing.join(", ")) };
            trimmed.push(format!("trim(t{i}) AS s{i}, (t{i} IS NULL OR trim(t{i}) = ''{marker}) AS z{i}"));
        }
        let text = tables.add(&format!("{p}_text"), format!("SELECT *, {} FROM {src}", trimmed.join(", ")));

        // Check each cell, then type the good ones.
        let mut reasons = Vec::new();
        let mut values = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            let (raw, s, z) = (format!("t{i}"), format!("s{i}"), format!("z{i}"));
            let sql = cells::column(d, column, &CellNames { raw: &raw, text: &s, missing: &z });
            reasons.push(format!("{} AS r{i}", sql.reason));
            let good = |e: &str| format!("CASE WHEN z{i} OR r{i} IS NOT NULL THEN NULL ELSE {e} END");
            let name = if timestamp(i) { format!("w{i}") } else { value_name(i) };
            values.push(format!("{} AS {name}", good(&sql.value)));
            if let Some(offset) = sql.offset {
                values.push(format!("{} AS o{i}", good(&offset)));
            }
        }
        let cells = tables.add(&format!("{p}_cells"), format!("SELECT *, {} FROM {text}", reasons.join(",\n    ")));
        let typed = tables.add(&format!("{p}_typed"), format!("SELECT *, {} FROM {cells}", values.join(",\n    ")));

        // Local times to instants, through the dataset's time-zone table.
        let (first, last) = tables.instant_range();
        let mut zoned = vec!["c.*".to_string()];
        let mut joins = Vec::new();
        for i in (0..columns.len()).filter(|&i| timestamp(i)) {
            let zone = tables.local_to_utc(self.dataset.timezone);
            let z = format!("zt{i}");
            // One equality, so that the engine hashes the join: with `AND
            // o IS NULL` beside it DuckDB compared every row with every day.
            joins.push(format!(
                "LEFT JOIN {zone} {z} ON {z}.local_day = CASE WHEN o{i} IS NULL THEN {} END",
                d.floor_div(&format!("w{i}"), "86400")
            ));
            let instant = format!(
                "CASE WHEN w{i} IS NULL THEN NULL WHEN o{i} IS NOT NULL THEN w{i} - o{i} \
                 WHEN w{i} < {z}.change THEN w{i} - {z}.before \
                 WHEN w{i} < {z}.change + GREATEST({z}.after - {z}.before, 0) THEN NULL ELSE w{i} - {z}.after END"
            );
            zoned.push(format!("{instant} AS {}", value_name(i)));
            let gap = d.string(&format!(
                " does not exist in {} (the clocks skip it for daylight saving)",
                self.dataset.timezone.name()
            ));
            let range =
                d.string(" lies outside the years xla sql can place in time (ten years either side of the term)");
            zoned.push(format!(
                "CASE WHEN w{i} IS NULL THEN NULL \
                 WHEN o{i} IS NULL AND {z}.local_day IS NULL THEN 'local time \"' || s{i} || '\"' || {range} \
                 WHEN o{i} IS NULL AND ({instant}) IS NULL THEN 'local time \"' || s{i} || '\"' || {gap} \
                 WHEN ({instant}) < {first} OR ({instant}) >= {last} THEN '\"' || s{i} || '\"' || {range} \
                 ELSE NULL END AS q{i}"
            ));
        }
        let zoned = tables
            .add(&format!("{p}_zoned"), format!("SELECT {} FROM {typed} c {}", zoned.join(",\n    "), joins.join(" ")));

        // The row's reason: the first bad column's, in declaration order.
        let mut reasons = Vec::new();
        let mut which = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            for r in std::iter::once(format!("r{i}")).chain(timestamp(i).then(|| format!("q{i}"))) {
                reasons.push(r.clone());
                which.push(format!("WHEN {r} IS NOT NULL THEN {}", d.string(&column.source)));
            }
        }
        let checked = tables.add(
            &format!("{p}_checked"),
            format!(
                "SELECT *, COALESCE({}) AS xla_reason, CASE {} END AS xla_column FROM {zoned}",
                reasons.join(", "),
                which.join(" ")
            ),
        );

        // Local wall-clock times and working time, for valid rows.
        let mut local = vec!["v.*".to_string()];
        let mut joins = Vec::new();
        for &i in &self.needs.local {
            let table = tables.utc_to_local(self.term.tz);
            let u = format!("ul{i}");
            joins.push(format!("LEFT JOIN {table} {u} ON {u}.utc_day = {}", d.floor_div(&value_name(i), "86400")));
            local.push(format!(
                "{} + CASE WHEN {} < {u}.change_utc THEN {u}.before ELSE {u}.after END AS {}",
                value_name(i),
                value_name(i),
                local_name(i)
            ));
        }
        for &(cal, i) in &self.needs.cumulative {
            let (table, width) = tables.calendar(cal);
            let k = format!("k{cal}_{i}");
            let v = value_name(i);
            joins.push(format!("LEFT JOIN {table} {k} ON {k}.utc_day = {}", d.floor_div(&v, "86400")));
            let spans: Vec<String> =
                (1..=width).map(|j| format!("GREATEST(0, LEAST({v}, {k}.e{j}) - {k}.s{j})")).collect();
            local.push(format!("{k}.before_day + {} AS {}", spans.join(" + "), cumulative_name(cal, i)));
        }
        let (ranked, kept) = self.collapse(tables, &checked);
        let valid = tables
            .add(&format!("{p}_local"), format!("SELECT {} FROM {kept} v {}", local.join(",\n    "), joins.join(" ")));

        // Months.
        let placed = tables.add(&format!("{p}_placed"), format!("SELECT *, {} FROM {valid}", self.placing(tables)));
        let spans = tables.spans(&format!("{p}_spans"), &self.spans, &self.needs.span_calendars);
        let on = match self.dataset.period {
            PeriodBy::Instant(_) => "r.xla_month BETWEEN s.first_m AND s.last_m".to_string(),
            PeriodBy::Interval { start, end } => format!(
                "r.{a} < s.span_to AND (r.{b} IS NULL OR r.{b} > s.span_from)",
                a = value_name(start),
                b = value_name(end)
            ),
        };
        let row_spans =
            tables.add(&format!("{p}_rows"), format!("SELECT r.*, s.* FROM {placed} r JOIN {spans} s ON {on}"));
        DatasetNames { checked, ranked, placed, row_spans }
    }

    /// The valid rows, collapsed by `unique by KEY latest by COL` when the
    /// dataset says so: per key, the row with the greatest `COL` (none is
    /// smallest); rows with a none key are all kept. `xla_rank` above 1
    /// marks a row dropped in favour of a later version. A table has no
    /// read order, so among rows that tie on `COL` the one whose cells, as
    /// text, sort last (column by column, in code-point order) is kept
    /// (`docs/warehouse.md`).
    fn collapse(&self, tables: &mut Tables, checked: &str) -> (String, String) {
        let p = self.prefix();
        let rank = match self.dataset.unique_by {
            Some(crate::ir::UniqueBy { key, latest: Some(latest) }) => {
                let cells: Vec<String> = (0..self.dataset.columns.len())
                    .map(|i| format!("{} DESC NULLS LAST", self.dialect.text_order(&format!("t{i}"))))
                    .collect();
                format!(
                    "CASE WHEN {k} IS NULL THEN 1 ELSE ROW_NUMBER() OVER (PARTITION BY {k} \
                     ORDER BY {l} DESC NULLS LAST, {}) END",
                    cells.join(", "),
                    k = value_name(key),
                    l = value_name(latest)
                )
            }
            _ => "1".to_string(),
        };
        let ranked = tables.add(
            &format!("{p}_ranked"),
            format!("SELECT *, {rank} AS xla_rank FROM {checked} WHERE xla_reason IS NULL"),
        );
        let kept = tables.add(&format!("{p}_unique"), format!("SELECT * FROM {ranked} WHERE xla_rank = 1"));
        (ranked, kept)
    }

    /// `xla_month`, `xla_in_term` and `xla_later` of a valid row (as
    /// `eval::sink` places rows).
    fn placing(&self, tables: &Tables) -> String {
        let d = self.dialect;
        let day_of = |c: usize| match self.dataset.columns[c].kind {
            ColumnKind::Timestamp { .. } => d.floor_div(&local_name(c), "86400"),
            _ => value_name(c),
        };
        let (start_day, end_day) = (tables.day(self.term.start), tables.day(self.term.end));
        let month_ends: Vec<i64> = self.term.months.iter().map(|p| tables.day(p.next().first_day())).collect();
        let last_end = month_ends.last().copied().unwrap_or(start_day);
        let month = |day: &str| {
            let arms: Vec<String> =
                month_ends.iter().enumerate().map(|(m, end)| format!("WHEN {day} < {end} THEN {m}")).collect();
            format!(
                "CASE WHEN {day} IS NULL OR {day} < {start_day} OR {day} > {end_day} THEN NULL {} ELSE NULL END",
                arms.join(" ")
            )
        };
        let later = |day: &str| format!("({day} IS NOT NULL AND {day} >= {last_end} AND {day} <= {end_day})");
        match self.dataset.period {
            PeriodBy::Instant(c) => {
                let day = day_of(c);
                format!(
                    "{} AS xla_month, ({}) IS NOT NULL AS xla_in_term, {} AS xla_later",
                    month(&day),
                    month(&day),
                    later(&day)
                )
            }
            PeriodBy::Interval { start, end } => {
                let (from, to) = self
                    .term
                    .windows
                    .first()
                    .zip(self.term.windows.last())
                    .map_or((0, 0), |(f, l)| (f.0.timestamp(), l.1.timestamp()));
                let (s, e) = (value_name(start), value_name(end));
                format!(
                    "CAST(NULL AS BIGINT) AS xla_month, ({s} IS NOT NULL AND {s} < {to} AND ({e} IS NULL OR {e} > {from})) AS xla_in_term, {} AS xla_later",
                    later(&day_of(start))
                )
            }
        }
    }
}
