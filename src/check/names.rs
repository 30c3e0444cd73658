//! Reporting names that are not defined, with a "did you mean", and
//! resolving calendar names (used by row functions, `scheduled` and the
//! escalation ladder alike).

use super::scope::ValueKind;
use super::{Checker, Symbol};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::syntax::ast::Ident;

/// The aggregates (§6).
pub const AGGREGATES: &[&str] = &["count", "percent", "sum", "mean", "median", "min", "max", "percentile", "distinct"];
/// The metric-level functions (§6).
pub const METRIC_FUNCTIONS: &[&str] = &["scheduled", "min", "max", "clamp", "baseline", "floor", "ceil"];
/// The words that name this month's figures inside a clause's credit or
/// bonus expression (§7.2a), and only there.
pub const CLAUSE_WORDS: &[&str] = &["value", "target", "monthly_fee"];
/// The row functions (§6).
pub const ROW_FUNCTIONS: &[&str] =
    &["business_time", "overlap", "coalesce", "lower", "contains", "date", "hour", "weekday"];

/// Names people write for functions that the language spells otherwise.
const FUNCTION_ALIASES: &[(&str, &str)] = &[
    ("average", "mean"),
    ("avg", "mean"),
    ("total", "sum"),
    ("minimum", "min"),
    ("maximum", "max"),
    ("percentage", "percent"),
    ("count_distinct", "distinct"),
];

/// What kind of name was not found.
#[derive(Clone, Copy, Debug)]
pub enum Unknown<'n> {
    /// A metric.
    Metric,
    /// A dataset.
    Dataset,
    /// A calendar.
    Calendar,
    /// A function.
    Function,
    /// A column of the named dataset.
    Column(&'n str),
}

impl Unknown<'_> {
    fn message(self, name: &str) -> String {
        match self {
            Unknown::Metric => format!("there is no metric called `{name}`"),
            Unknown::Dataset => format!("there is no dataset called `{name}`"),
            Unknown::Calendar => format!("there is no calendar called `{name}`"),
            Unknown::Function => format!("there is no function called `{name}`"),
            Unknown::Column(dataset) => format!("dataset `{dataset}` has no column `{name}`"),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Unknown::Metric => "unknown metric",
            Unknown::Dataset => "unknown dataset",
            Unknown::Calendar => "unknown calendar",
            Unknown::Function => "unknown function",
            Unknown::Column(_) => "unknown column",
        }
    }

    /// "the metrics are `a`, `b`", or what to do when there are none.
    fn listing(self, candidates: &[&str]) -> String {
        let (plural, declare) = match self {
            Unknown::Function => {
                return format!(
                    "the aggregates are {}; the metric-level functions are {}; the row functions are {}",
                    quoted(AGGREGATES),
                    quoted(METRIC_FUNCTIONS),
                    quoted(ROW_FUNCTIONS)
                )
            }
            Unknown::Metric => ("metrics".to_string(), "declare one with `metric NAME = …`"),
            Unknown::Dataset => ("datasets".to_string(), "declare one with `dataset NAME from csv \"file.csv\" { … }`"),
            Unknown::Calendar => ("calendars".to_string(), "declare one with `calendar NAME { hours … }`"),
            Unknown::Column(dataset) => (format!("columns of `{dataset}`"), "declare the column in the dataset"),
        };
        if candidates.is_empty() {
            return format!("there are no {plural} yet; {declare}");
        }
        let shown: Vec<&str> = candidates.iter().take(8).copied().collect();
        let more = if candidates.len() > shown.len() { ", …" } else { "" };
        format!("the {plural} are {}{more}", quoted(&shown))
    }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

impl Checker<'_> {
    /// Reports a name that is not defined, with the closest candidate as a
    /// "did you mean" (and a fix), or the list of candidates.
    pub(super) fn unknown<'n>(&mut self, ident: &Ident, what: Unknown, candidates: impl IntoIterator<Item = &'n str>) {
        let declared_by_broken_item = matches!(what, Unknown::Metric | Unknown::Dataset | Unknown::Calendar)
            && self.scope.unparsed_names.contains(ident.name.as_str());
        if declared_by_broken_item {
            return; // the item's syntax error is the one to fix
        }
        let candidates: Vec<&str> = candidates.into_iter().collect();
        let alias = match what {
            Unknown::Function => FUNCTION_ALIASES.iter().find(|(a, _)| *a == ident.name).map(|(_, f)| *f),
            _ => None,
        };
        let mut d = Diagnostic::new(Code::UnknownName, ident.span, what.message(&ident.name)).with_label(what.label());
        d = match alias.or_else(|| did_you_mean(&ident.name, candidates.iter().copied())) {
            Some(best) => d.with_help(format!("did you mean `{best}`?")).with_fix(best),
            None => d.with_help(what.listing(&candidates)),
        };
        self.report(d);
    }

    /// Reports an unknown function.
    pub(super) fn unknown_function(&mut self, func: &Ident) {
        let all = AGGREGATES.iter().chain(METRIC_FUNCTIONS).chain(ROW_FUNCTIONS).copied();
        self.unknown(func, Unknown::Function, all);
    }

    /// The calendar `ident` names, recording the reference. Reports names
    /// that are not calendars; `None` also for a declared calendar that has
    /// errors of its own.
    pub(super) fn calendar_ref(&mut self, ident: &Ident) -> Option<usize> {
        self.index.refer(ident.span, Symbol::Calendar(ident.name.clone()));
        if let Some(id) = self.calendar_id(&ident.name) {
            return Some(id);
        }
        match self.scope.values.get(ident.name.as_str()).map(|(k, _)| *k) {
            Some(ValueKind::Calendar) => {} // declared, with its own error
            Some(other) => self.report(
                Diagnostic::new(
                    Code::UnknownName,
                    ident.span,
                    format!("`{}` is a {}, not a calendar", ident.name, other.noun()),
                )
                .with_label("not a calendar")
                .with_help("name a calendar declared with `calendar NAME { … }`, or the built-in `always`"),
            ),
            None => {
                let names: Vec<String> = std::iter::once("always".to_string())
                    .chain(self.scope.calendars.iter().map(|c| c.node.name.name.clone()))
                    .collect();
                self.unknown(ident, Unknown::Calendar, names.iter().map(String::as_str));
            }
        }
        None
    }
}
