//! The typed intermediate representation: what the checker produces and the
//! evaluator runs. Names are resolved to indices, types and units are known,
//! and every value is validated; nothing here needs checking again.

mod clause;
mod dataset;
mod expr;

pub use clause::{
    Action, Band, BandAmount, BandLevel, BonusRule, Clause, Condition, CreditRule, Direction, Escalation,
    EscalationLevel, Gain, PointsBand, StatusTest, TargetRule, Threshold, ValueTest, WhenRule, Window,
};
pub use dataset::{
    ColumnKind, CsvOptions, DataFormat, Dataset, DatasetColumn, DurationUnit, PeriodBy, TextEncoding, UniqueBy,
    ValueRange,
};
pub use expr::{AggFunc, Aggregate, ArithOp, MetricExpr, RowExpr, RowFunc};

use crate::calendar::Calendar;
use crate::value::{Currency, Money, Percent, Type};
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::path::PathBuf;

/// Index of a calendar in [`Program::calendars`] (0 is `always`).
pub type CalendarId = usize;
/// Index of a dataset in [`Program::datasets`].
pub type DatasetId = usize;
/// Index of a metric in [`Program::metrics`].
pub type MetricId = usize;
/// Index of an aggregate in [`Program::aggregates`].
pub type AggregateId = usize;

/// A checked contract, ready to evaluate.
#[derive(Clone, Debug)]
pub struct Program {
    /// The `contract` item.
    pub contract: Contract,
    /// Calendars; index 0 is the built-in `always`.
    pub calendars: Vec<Calendar>,
    /// Datasets.
    pub datasets: Vec<Dataset>,
    /// Every aggregate used by any metric or gain, each over one dataset.
    pub aggregates: Vec<Aggregate>,
    /// Metrics, ordered so that each comes after the metrics it uses.
    pub metrics: Vec<Metric>,
    /// The escalation ladder, if declared.
    pub escalation: Option<Escalation>,
    /// `sla` and `xla` clauses, in file order.
    pub clauses: Vec<Clause>,
    /// Gains, in file order.
    pub gains: Vec<Gain>,
}

impl Program {
    /// The metric with this name.
    pub fn metric(&self, name: &str) -> Option<(MetricId, &Metric)> {
        self.metrics.iter().enumerate().find(|(_, m)| m.name == name)
    }
}

/// The contract's terms.
#[derive(Clone, Debug)]
pub struct Contract {
    /// The contract's name.
    pub name: String,
    /// The client.
    pub client: String,
    /// The provider.
    pub provider: String,
    /// First day of the term.
    pub start: NaiveDate,
    /// Last day of the term.
    pub end: NaiveDate,
    /// The timezone periods and calendars use.
    pub timezone: Tz,
    /// The settlement currency.
    pub currency: Currency,
    /// The monthly fee (not pro-rated).
    pub monthly_fee: Money,
    /// Most that credits can take in a month, of the monthly fee.
    pub at_risk: Percent,
    /// Most that credits can take in a contract year, or in any 12
    /// consecutive months (§7.2).
    pub annual_cap: Option<AnnualCap>,
    /// What one service point costs (§7.2b), if the contract prices points.
    pub point_value: Option<BandAmount>,
    /// Most that allocations may add up to.
    pub pool: Percent,
    /// Most that bonuses and gains can add in a month, of the monthly fee.
    pub gain_cap: Percent,
    /// The root file.
    pub file: PathBuf,
}

#[cfg(test)]
impl Contract {
    /// A contract from `start` to `end` in `tz`, with one euro of fee and
    /// 1% caps: what the tests of terms and time tables need.
    pub(crate) fn for_test(start: NaiveDate, end: NaiveDate, tz: Tz) -> Contract {
        let eur = crate::value::fixtures::eur();
        let one = rust_decimal::Decimal::ONE;
        Contract {
            name: String::new(),
            client: String::new(),
            provider: String::new(),
            start,
            end,
            timezone: tz,
            currency: eur,
            monthly_fee: Money::new(one, eur),
            at_risk: Percent(one),
            annual_cap: None,
            point_value: None,
            pool: Percent(one),
            gain_cap: Percent(one),
            file: PathBuf::new(),
        }
    }
}

/// The annual cap of a contract (§4, §7.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnnualCap {
    /// How much: a percent of 12 monthly fees, or an amount.
    pub amount: CapAmount,
    /// Whether it caps every 12 consecutive months (`rolling`) rather than
    /// each contract year.
    pub rolling: bool,
}

/// The size of an annual cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CapAmount {
    /// `annual_cap P%`: P% of 12 × the monthly fee.
    OfTwelveFees(Percent),
    /// `annual_cap 50000.00 EUR`.
    Money(rust_decimal::Decimal),
}

/// A checked metric.
#[derive(Clone, Debug)]
pub struct Metric {
    /// Its name.
    pub name: String,
    /// The type of its value.
    pub ty: Type,
    /// Its definition.
    pub expr: MetricExpr,
    /// Whether it is made only of aggregates that always have a value
    /// (`count`, `sum`, `distinct`), so that volume does not apply.
    pub always_measured: bool,
    /// Whether it uses `baseline(..)`, directly or through other metrics.
    pub uses_baseline: bool,
    /// Its doc comment.
    pub doc: Option<String>,
}
