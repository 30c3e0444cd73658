//! The script's common table expressions, in order, and the inline tables
//! of time it carries: time zones both ways, calendars' working time, and
//! the spans (months and windows) states are computed over.
//!
//! Each inline table is added once, when first asked for, under a name
//! that says what it is.

use super::dialect::Dialect;
use super::time::{self, DayRange, TimeTableError, DAY};
use super::SqlError;
use crate::diagnostic::Code;
use crate::eval::{MonthSpan, Term};
use crate::ir::{CalendarId, Program};
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What the script computes before its final query.
pub struct Prelude {
    /// Statements run first (Spark's views over files).
    pub statements: Vec<String>,
    /// The common table expressions, in order: name and body.
    pub ctes: Vec<(String, String)>,
}

/// The script's common table expressions.
pub struct Tables<'p> {
    dialect: Dialect,
    program: &'p Program,
    term: &'p Term,
    /// The days the time tables cover (none if the term's cannot be).
    range: Option<DayRange>,
    ctes: Vec<(String, String)>,
    /// Statements run before the query (Spark's views over files).
    statements: Vec<String>,
    /// Names of the inline tables already asked for.
    added: HashSet<String>,
    calendars: HashMap<CalendarId, time::CalendarTable>,
    /// Tables that could not be built.
    errors: Vec<SqlError>,
}

impl<'p> Tables<'p> {
    /// No tables yet, for `program` over `term`.
    pub fn new(dialect: Dialect, program: &'p Program, term: &'p Term) -> Self {
        let mut errors = Vec::new();
        let range = DayRange::for_term(term).map_err(|e| errors.push(time_error(e))).ok();
        Tables {
            dialect,
            program,
            term,
            range,
            ctes: Vec::new(),
            statements: Vec::new(),
            added: HashSet::new(),
            calendars: HashMap::new(),
            errors,
        }
    }

    /// Adds `name AS (body)` and returns `name`.
    pub fn add(&mut self, name: &str, body: String) -> String {
        self.ctes.push((name.to_string(), body));
        name.to_string()
    }

    /// Adds a statement to run before the query.
    pub fn statement(&mut self, statement: String) {
        self.statements.push(statement);
    }

    /// The statements to run before the query, and the common table
    /// expressions, in the order added; or why a time table could not be
    /// built.
    pub fn finish(self) -> Result<Prelude, Vec<SqlError>> {
        if self.errors.is_empty() {
            Ok(Prelude { statements: self.statements, ctes: self.ctes })
        } else {
            Err(self.errors)
        }
    }

    /// The day number of `date`.
    pub fn day(&self, date: NaiveDate) -> i64 {
        day_number(date)
    }

    /// The instants every table covers, `[first, last)` in seconds: a day
    /// inside the tables' days at each end, so that a local time of any
    /// instant inside is in them too.
    pub fn instant_range(&self) -> (i64, i64) {
        self.range.map_or((0, 0), |r| (r.start() + DAY, r.end() - DAY))
    }

    /// The table turning local wall-clock times in `tz` into instants:
    /// `(local_day, change, before, after)`.
    pub fn local_to_utc(&mut self, tz: Tz) -> String {
        self.once(format!("xla_local_to_utc_{}", table_name(tz)), |tables| {
            let table = tables.built(time::TzTable::new(tz, tables.range?))?;
            let rows =
                table.rows().iter().map(|r| format!("({}, {}, {}, {})", r.local_day, r.change, r.before, r.after));
            Some((time::TzTable::COLUMNS.map(String::from).to_vec(), rows.collect()))
        })
    }

    /// The table turning instants into wall-clock times in `tz`:
    /// `(utc_day, change, before, after)`.
    pub fn utc_to_local(&mut self, tz: Tz) -> String {
        self.once(format!("xla_utc_to_local_{}", table_name(tz)), |tables| {
            let table = tables.built(time::UtcTable::new(tz, tables.range?))?;
            let rows =
                table.rows().iter().map(|r| format!("({}, {}, {}, {})", r.utc_day, r.change_utc, r.before, r.after));
            Some((time::UtcTable::COLUMNS.map(String::from).to_vec(), rows.collect()))
        })
    }

    /// Calendar `id`'s working time per UTC day, and how many spans a day
    /// has: `(utc_day, before_day, s1, e1, …)`.
    pub fn calendar(&mut self, id: CalendarId) -> (String, usize) {
        let name = self.once(format!("xla_calendar_{id}"), |tables| {
            let table = tables.calendar_table(id)?;
            let rows = table.rows().iter().map(|r| {
                let spans: Vec<String> = r.spans.iter().map(|(s, e)| format!("{s}, {e}")).collect();
                format!("({}, {}, {})", r.utc_day, r.before_day, spans.join(", "))
            });
            Some((table.columns(), rows.collect()))
        });
        (name, self.calendar_table(id).map_or(1, time::CalendarTable::spans_per_day))
    }

    /// Adds the inline table `name` the first time it is asked for, with
    /// the columns and rows `build` gives (none: it could not be built, and
    /// the error is kept).
    fn once(&mut self, name: String, build: impl FnOnce(&mut Self) -> Option<(Vec<String>, Vec<String>)>) -> String {
        if self.added.insert(name.clone()) {
            if let Some((columns, rows)) = build(self) {
                let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
                let body = self.dialect.values(&columns, &rows);
                self.add(&name, body);
            }
        }
        name
    }

    /// The table `result` holds, or none with its error kept.
    fn built<T>(&mut self, result: Result<T, TimeTableError>) -> Option<T> {
        result.map_err(|e| self.errors.push(time_error(e))).ok()
    }

    /// Calendar `id`'s table, built once (none if it cannot be: the error
    /// is kept).
    fn calendar_table(&mut self, id: CalendarId) -> Option<&time::CalendarTable> {
        if !self.calendars.contains_key(&id) {
            let (calendar, tz) = (&self.program.calendars[id], self.term.tz);
            let table = self.built(time::CalendarTable::new(calendar, tz, self.range?))?;
            self.calendars.insert(id, table);
        }
        self.calendars.get(&id)
    }

    /// The spans table `name`: `(span_id, first_m, last_m, first_label,
    /// last_label, span_from, span_to)` and, for each of `calendars`, the
    /// working time up to the span's start and end.
    pub fn spans(&mut self, name: &str, spans: &[MonthSpan], calendars: &BTreeSet<CalendarId>) -> String {
        let mut columns: Vec<String> =
            ["span_id", "first_m", "last_m", "first_label", "last_label", "span_from", "span_to"]
                .map(String::from)
                .to_vec();
        for &c in calendars {
            let (from, to) = super::expr::span_cumulative_names(c);
            columns.push(from);
            columns.push(to);
        }
        for &c in calendars {
            self.calendar_table(c);
        }
        let mut rows = Vec::new();
        for (id, span) in spans.iter().enumerate() {
            let (from, to) = self.term.span_window(*span);
            let (from, to) = (from.timestamp(), to.timestamp());
            let label = |m: usize| self.dialect.string(&self.term.months[m].to_string());
            let mut row = vec![
                id.to_string(),
                span.first.to_string(),
                span.last.to_string(),
                label(span.first),
                label(span.last),
                from.to_string(),
                to.to_string(),
            ];
            for &c in calendars {
                let cum = |t: i64| self.calendars.get(&c).and_then(|table| table.cum(t)).unwrap_or(0);
                let (cf, ct) = (cum(from), cum(to));
                row.push(cf.to_string());
                row.push(ct.to_string());
            }
            rows.push(format!("({})", row.join(", ")));
        }
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let body = self.dialect.values(&columns, &rows);
        self.add(name, body)
    }
}

/// A time table that cannot be built, as a compile error.
fn time_error(e: TimeTableError) -> SqlError {
    SqlError {
        code: Code::SqlTimeTable,
        message: format!("the time tables of the script cannot be built: {e}"),
        help: "evaluate the contract locally (`xla settle` with exported data)".into(),
    }
}

/// A time zone's name as part of an SQL name (`Europe/Berlin` → `europe_berlin`).
fn table_name(tz: Tz) -> String {
    tz.name().chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

/// Days since 1970-01-01.
pub fn day_number(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days()
}
