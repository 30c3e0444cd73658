//! Windows longer than a month (LANGUAGE.md §6, §7.7): `over N months`
//! after an aggregate or `scheduled`, and a clause's `measured every N
//! months` with the conditions, earnback and baseline window that must fit it.

use super::expr::Uses;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::MetricExpr;
use crate::ir::MetricId;
use crate::source::Span;
use crate::syntax::ast::{self, ClauseFieldKind, CountUnit, Expr, ExprKind, Target, TargetValue, UnitWord, Whole};
use crate::value::Type;

impl Checker<'_> {
    /// `CALL over N months` at metric level: the call must be an aggregate
    /// or `scheduled(CAL)`, and N at least 2.
    pub(super) fn metric_over(
        &mut self,
        e: &Expr,
        call: &Expr,
        keyword: Span,
        months: Whole,
        uses: &mut Uses,
    ) -> Option<(MetricExpr, Type)> {
        let ExprKind::Call { func, args } = &call.kind else {
            self.report(self.over_not_aggregate(keyword, call.span));
            return None;
        };
        let windowed = func.name == "scheduled" || super::names::AGGREGATES.contains(&func.name.as_str());
        if !windowed {
            self.report(self.over_not_aggregate(keyword, call.span));
            return None;
        }
        let checked = self.metric_call(call, func, args, uses);
        if months.value < 2 {
            self.report(
                Diagnostic::new(
                    Code::OverTooShort,
                    months.span,
                    format!("a rolling window of {} month{} is not a window", months.value, plural(months.value)),
                )
                .with_label("fewer than 2 months")
                .with_help(format!(
                    "write `over N months` with N of 2 or more, or remove `over` to measure the month alone: `{}`",
                    self.text_of(call.span)
                )),
            );
            return None;
        }
        let n = months.value;
        match checked? {
            (MetricExpr::Scheduled(cal), ty) => Some((MetricExpr::ScheduledOver(cal, n), ty)),
            (MetricExpr::Aggregate(id), ty) => {
                let text = self.text_of(e.span);
                if let Some(agg) = self.aggregates.get_mut(id) {
                    agg.over = Some(n);
                    agg.text = text;
                }
                Some((MetricExpr::Aggregate(id), ty))
            }
            _ => {
                self.report(self.over_not_aggregate(keyword, call.span));
                None
            }
        }
    }

    fn over_not_aggregate(&self, keyword: Span, call: Span) -> Diagnostic {
        Diagnostic::new(Code::OverNotAggregate, keyword, "`over N months` follows an aggregate or `scheduled(CALENDAR)`")
            .with_label("a rolling window")
            .with_secondary(call, "not an aggregate")
            .with_help("put the window right after an aggregate, as in `percent(tickets meeting reopens > 0) over 3 months`, or after `scheduled(CALENDAR)`")
    }

    /// The diagnostic for `over` inside an aggregate, on a row value.
    pub(super) fn over_in_row(&self, keyword: Span) -> Diagnostic {
        Diagnostic::new(Code::OverNotAggregate, keyword, "`over N months` cannot apply to a value of one row")
            .with_label("inside an aggregate")
            .with_help("a rolling window applies to a whole aggregate: write it after the closing parenthesis, as in `count(tickets where priority == \"P1\") over 3 months`")
    }

    /// A clause's `measured every N months`: N at least 2 and dividing 12.
    /// `Ok(None)` for a monthly clause; `Err(())` after reporting.
    pub(super) fn measured_every(&mut self, node: &ast::Clause) -> Result<Option<u32>, ()> {
        let Some(n) = node.fields.iter().find_map(|f| match f.kind {
            ClauseFieldKind::Measured(n) => Some(n),
            _ => None,
        }) else {
            return Ok(None);
        };
        if n.value >= 2 && 12 % n.value == 0 {
            return Ok(Some(n.value));
        }
        self.report(
            Diagnostic::new(
                Code::MeasuredEvery,
                n.span,
                format!("a measurement period of {} month{} does not divide the contract year", n.value, plural(n.value)),
            )
            .with_label("not 2, 3, 4, 6 or 12")
            .with_help("measurement periods are blocks of the contract year: write `measured every N months` with N one of 2, 3 (quarters), 4, 6 (half years) or 12, or remove the field to assess the clause every month"),
        );
        Err(())
    }

    /// In a clause measured every `period` months, conditions and earnback
    /// must count `periods`, and the baseline window must be a whole number
    /// of periods; false after reporting.
    pub(super) fn fits_periods(&mut self, node: &ast::Clause, period: u32) -> bool {
        let mut ok = true;
        for field in &node.fields {
            let (unit, tail) = match &field.kind {
                ClauseFieldKind::When { condition, .. } => (condition.unit, ""),
                ClauseFieldKind::Earnback(_, unit) => (Some(*unit), " met"),
                ClauseFieldKind::Target(Target {
                    value: TargetValue::Baseline { reviewed_every: Some(n), .. },
                    ..
                }) if n.value % period != 0 => {
                    self.report(
                        Diagnostic::new(
                            Code::ReviewPeriods,
                            n.span,
                            format!(
                                "a review period of {} month{} is not a whole number of {period}-month measurement periods",
                                n.value,
                                plural(n.value)
                            ),
                        )
                        .with_label("cuts a measurement period in two")
                        .with_help(format!(
                            "a review period's base is the mean of the measurement periods that close in it, so review periods of unequal numbers of periods weigh differently; write a multiple of {period}, such as `reviewed every {} months`",
                            period * (n.value / period).max(1)
                        )),
                    );
                    continue;
                }
                ClauseFieldKind::Baseline(n) if n.value % period != 0 => {
                    let lower = n.value / period * period;
                    let fix = if lower == 0 { period } else { lower };
                    self.report(
                        Diagnostic::new(
                            Code::BaselinePeriods,
                            n.span,
                            format!(
                                "a baseline of {} month{} is not a whole number of {period}-month measurement periods",
                                n.value,
                                plural(n.value)
                            ),
                        )
                        .with_label("cuts a period in two")
                        .with_help(format!(
                            "the clause is measured every {period} months: write `baseline first {fix} months` or another multiple of {period}"
                        )),
                    );
                    ok = false;
                    continue;
                }
                _ => continue,
            };
            if let Some(UnitWord { unit: CountUnit::Months, span }) = unit {
                // The field as written up to its unit, saying `periods`.
                let head = self.text_of(Span { end: span.start, ..field.span });
                let example = format!("{head} periods{tail}");
                self.report(
                    Diagnostic::new(
                        Code::MonthsInPeriodClause,
                        span,
                        format!("this clause is measured every {period} months, so it counts periods, not months"),
                    )
                    .with_label("write `periods`")
                    .with_help(format!("write it as `{example}`: each period is {period} months")),
                );
                ok = false;
            }
        }
        ok
    }
}

impl Checker<'_> {
    /// Warns about each `over N months` (on an aggregate or `scheduled`)
    /// that the clause's metric reads and whose window is no longer than the
    /// clause's measurement period of `period` months: over a whole period
    /// it reads that period, as if it were not written.
    pub(super) fn over_within_period(&mut self, node: &ast::Clause, metric: MetricId, period: u32) {
        let Some(field) = node.fields.iter().find(|f| matches!(f.kind, ClauseFieldKind::Measured(_))) else {
            return;
        };
        let mut windows: Vec<(u32, String)> = Vec::new();
        {
            let metrics = &self.metrics;
            let lookup = |id: MetricId| metrics.expr(id);
            let expr = MetricExpr::Metric(metric);
            expr.for_each_read(&lookup, &mut |read| {
                let window = match read {
                    MetricExpr::Aggregate(id) => {
                        self.aggregates.get(*id).and_then(|a| a.over.map(|n| (n, format!("`{}`", a.text))))
                    }
                    MetricExpr::ScheduledOver(_, n) => Some((*n, format!("`scheduled(..) over {n} months`"))),
                    _ => None,
                };
                if let Some(w) = window.filter(|(n, _)| *n <= period) {
                    if !windows.contains(&w) {
                        windows.push(w);
                    }
                }
            });
        }
        for (n, what) in windows {
            self.report(
                Diagnostic::new(
                    Code::OverWithinPeriod,
                    field.span,
                    format!("{what} has no effect in clause `{}`, measured every {period} months", node.id.name),
                )
                .with_label(format!("each assessment reads the whole {period}-month period"))
                .with_help(format!(
                    "a window of {n} months ending with the period's last month lies inside the period; remove `over {n} months`, or make it longer than the period (`over {} months` reads the two periods ending with this one)",
                    period * 2
                )),
            );
        }
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
