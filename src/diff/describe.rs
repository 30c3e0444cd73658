//! The checked IR written back in the language's own words, one canonical
//! way: names resolved, every compound operand in parentheses, values in
//! their units. Two versions of a contract differ in an aspect exactly when
//! these texts differ, so layout and comments never count as changes.

use crate::ir::{
    Action, Aggregate, ArithOp, Band, BandAmount, BandLevel, BonusRule, ColumnKind, CreditRule, Dataset, DurationUnit,
    MetricExpr, MetricId, PeriodBy, PointsBand, Program, RowExpr, RowFunc, StatusTest, TargetRule, Threshold, Window,
};
use crate::report::human;
use crate::value::{canonical, Currency, Decimal, Type, Value};

/// A metric's definition: `name = expr`, followed by the definitions of
/// the metrics it uses (`; other = …`), so that a change in one of them
/// shows in the clauses that measure it.
pub fn metric_definition(program: &Program, id: MetricId) -> String {
    let mut order = vec![id];
    let mut i = 0;
    while i < order.len() {
        let mut used = Vec::new();
        if let Some(m) = program.metrics.get(order[i]) {
            metrics_used(&m.expr, &mut used);
        }
        for u in used {
            if !order.contains(&u) {
                order.push(u);
            }
        }
        i += 1;
    }
    let parts: Vec<String> = order
        .iter()
        .filter_map(|&m| program.metrics.get(m))
        .map(|m| format!("{} = {}", m.name, metric_expr(program, &m.expr, true)))
        .collect();
    parts.join("; ")
}

fn metrics_used(expr: &MetricExpr, out: &mut Vec<MetricId>) {
    match expr {
        MetricExpr::Metric(id) | MetricExpr::Baseline(id) => out.push(*id),
        _ => expr.children().for_each(|e| metrics_used(e, out)),
    }
}

/// A metric-level expression; `top` leaves the outermost operation bare.
pub fn metric_expr(program: &Program, expr: &MetricExpr, top: bool) -> String {
    let sub = |e: &MetricExpr| metric_expr(program, e, false);
    let name = |id: &MetricId| program.metrics.get(*id).map_or_else(|| "?".to_string(), |m| m.name.clone());
    match expr {
        MetricExpr::Literal(v) => literal(v),
        MetricExpr::Metric(id) => name(id),
        MetricExpr::Aggregate(id) => {
            program.aggregates.get(*id).map_or_else(|| "?".to_string(), |a| aggregate(program, a))
        }
        MetricExpr::Neg(e) => format!("-{}", sub(e)),
        MetricExpr::Arith { op, lhs, rhs, .. } => wrap(format!("{} {} {}", sub(lhs), arith(*op), sub(rhs)), top),
        MetricExpr::Scheduled(c) => format!("scheduled({})", calendar(program, *c)),
        MetricExpr::ScheduledOver(c, n) => format!("scheduled({}) over {n} months", calendar(program, *c)),
        MetricExpr::Min(a, b) => format!("min({}, {})", sub(a), sub(b)),
        MetricExpr::Max(a, b) => format!("max({}, {})", sub(a), sub(b)),
        MetricExpr::Clamp(a, b, c) => format!("clamp({}, {}, {})", sub(a), sub(b), sub(c)),
        MetricExpr::Baseline(id) => format!("baseline({})", name(id)),
        MetricExpr::Floor(e) => format!("floor({})", metric_expr(program, e, true)),
        MetricExpr::Ceil(e) => format!("ceil({})", metric_expr(program, e, true)),
        MetricExpr::ClauseValue => "value".to_string(),
        MetricExpr::ClauseTarget => "target".to_string(),
    }
}

fn aggregate(program: &Program, a: &Aggregate) -> String {
    let Some(dataset) = program.datasets.get(a.dataset) else { return "?".to_string() };
    let row = |e: &RowExpr| row_expr(program, dataset, e, true);
    let mut inside = String::new();
    if let Some(p) = a.percentile {
        inside.push_str(&format!("{}, ", canonical(p)));
    }
    if let Some(v) = &a.value {
        inside.push_str(&format!("{} of ", row_expr(program, dataset, v, false)));
    }
    inside.push_str(&dataset.name);
    if let Some(f) = &a.filter {
        inside.push_str(&format!(" where {}", row(f)));
    }
    if let Some(m) = &a.meeting {
        inside.push_str(&format!(" meeting {}", row(m)));
    }
    let over = a.over.map_or_else(String::new, |n| format!(" over {n} months"));
    format!("{}({inside}){over}", a.func.name())
}

fn row_expr(program: &Program, dataset: &Dataset, expr: &RowExpr, top: bool) -> String {
    let sub = |e: &RowExpr| row_expr(program, dataset, e, false);
    let arg = |e: &RowExpr| row_expr(program, dataset, e, true);
    match expr {
        RowExpr::Literal(v) => literal(v),
        RowExpr::Column(i) => dataset.columns.get(*i).map_or_else(|| "?".to_string(), |c| c.name.clone()),
        RowExpr::Neg(e) => format!("-{}", sub(e)),
        RowExpr::Not(e) => format!("not {}", sub(e)),
        RowExpr::Arith { op, lhs, rhs, .. } => wrap(format!("{} {} {}", sub(lhs), arith(*op), sub(rhs)), top),
        RowExpr::Compare { op, lhs, rhs } => wrap(format!("{} {} {}", sub(lhs), op.as_str(), sub(rhs)), top),
        RowExpr::And(a, b) => wrap(format!("{} and {}", sub(a), sub(b)), top),
        RowExpr::Or(a, b) => wrap(format!("{} or {}", sub(a), sub(b)), top),
        RowExpr::In(e, values) => {
            let values: Vec<String> = values.iter().map(literal).collect();
            wrap(format!("{} in [{}]", sub(e), values.join(", ")), top)
        }
        RowExpr::BusinessTime(a, b, c) => format!("business_time({}, {}, {})", arg(a), arg(b), calendar(program, *c)),
        RowExpr::Overlap(a, b, c) => format!("overlap({}, {}, {})", arg(a), arg(b), calendar(program, *c)),
        RowExpr::Call(f, args) => {
            let args: Vec<String> = args.iter().map(arg).collect();
            format!("{}({})", row_func(*f), args.join(", "))
        }
    }
}

fn wrap(text: String, top: bool) -> String {
    if top {
        text
    } else {
        format!("({text})")
    }
}

fn arith(op: ArithOp) -> &'static str {
    match op {
        ArithOp::Add => "+",
        ArithOp::Sub => "-",
        ArithOp::Mul => "*",
        ArithOp::Div => "/",
    }
}

fn row_func(f: RowFunc) -> &'static str {
    match f {
        RowFunc::Coalesce => "coalesce",
        RowFunc::Lower => "lower",
        RowFunc::Contains => "contains",
        RowFunc::Date => "date",
        RowFunc::Hour => "hour",
        RowFunc::Weekday => "weekday",
    }
}

fn calendar(program: &Program, id: usize) -> String {
    program.calendars.get(id).map_or_else(|| "?".to_string(), |c| c.name.clone())
}

/// A literal as written: text quoted, other values in their units.
pub fn literal(v: &Value) -> String {
    match v {
        Value::Text(t) => format!("{:?}", t.as_str()),
        Value::None => "none".to_string(),
        other => human::value(other, None),
    }
}

/// A threshold in the metric's unit: `>= 95%`.
pub fn threshold(t: Threshold, ty: &Type) -> String {
    human::threshold(t, ty)
}

/// A target rule without its review: `>= 95%`, `>= baseline + 2`.
pub fn target(rule: &TargetRule, ty: &Type) -> String {
    match rule {
        TargetRule::Fixed(t) => threshold(*t, ty),
        TargetRule::Baseline { op, step, .. } => format!("{} {}", op.as_str(), offset("baseline", *step, ty)),
    }
}

/// How a baseline target is reviewed: `every 6 months, ratchet`; `none`.
pub fn review(rule: &TargetRule) -> String {
    match rule {
        TargetRule::Baseline { review_months: Some(n), ratchet, .. } => {
            format!("every {n} months{}", if *ratchet { ", ratchet" } else { "" })
        }
        TargetRule::Baseline { review_months: None, .. } => "none (the baseline holds for the whole term)".to_string(),
        TargetRule::Fixed(_) => "none".to_string(),
    }
}

/// `base`, `base + d` or `base - |d|`, `d` in the unit of `ty`.
fn offset(base: &str, d: Decimal, ty: &Type) -> String {
    if d.is_zero() {
        base.to_string()
    } else if d.is_sign_negative() {
        format!("{base} - {}", human::in_unit(d.abs(), ty))
    } else {
        format!("{base} + {}", human::in_unit(d, ty))
    }
}

/// Bands, in order: `below target: 1% of monthly_fee; below target - 5: …`;
/// fixed amounts in `currency`.
pub fn bands(bands: &[Band], ty: &Type, currency: Currency) -> String {
    if bands.is_empty() {
        return "none".to_string();
    }
    let one = |b: &Band| {
        let (side, level) = (b.side.keyword(), level(b.level, ty));
        let amount = match b.amount {
            BandAmount::Money(m) => human::money(m, currency),
            BandAmount::OfFee(p) => format!("{p} of monthly_fee"),
        };
        format!("{side} {level}: {amount}")
    };
    bands.iter().map(one).collect::<Vec<_>>().join("; ")
}

/// A credit rule: `allocation 40%`, the bands, the expression, the service
/// points, or `none`.
pub fn credit(program: &Program, rule: &CreditRule, ty: &Type) -> String {
    let currency = program.contract.currency;
    match rule {
        CreditRule::None => "none".to_string(),
        CreditRule::Allocation(p) => format!("allocation {p}"),
        CreditRule::Bands(b) => format!("bands: {}", bands(b, ty, currency)),
        CreditRule::Expression(e) => format!("expression: {}", metric_expr(program, e, true)),
        CreditRule::Points(b) => format!("service points: {}", points(b, ty)),
    }
}

/// A bonus rule: the bands or the expression.
pub fn bonus(program: &Program, rule: &BonusRule, ty: &Type) -> String {
    match rule {
        BonusRule::Bands(b) => bands(b, ty, program.contract.currency),
        BonusRule::Expression(e) => format!("expression: {}", metric_expr(program, e, true)),
    }
}

/// Points bands: `below 99%: 1 point; below 97%: 3 points`.
fn points(bands: &[PointsBand], ty: &Type) -> String {
    let one = |b: &PointsBand| {
        let plural = if b.points == 1 { "point" } else { "points" };
        format!("{} {}: {} {plural}", b.side.keyword(), level(b.level, ty), b.points)
    };
    bands.iter().map(one).collect::<Vec<_>>().join("; ")
}

fn level(level: BandLevel, ty: &Type) -> String {
    match level {
        BandLevel::Value(v) => human::in_unit(v, ty),
        BandLevel::Target(d) => offset("target", d, ty),
    }
}

/// The `when` rules that have an action of one sort, as `condition: action`.
pub fn rules(rules: &[crate::ir::WhenRule], ty: &Type, pick: fn(&Action) -> Option<String>) -> String {
    let lines: Vec<String> = rules
        .iter()
        .flat_map(|r| {
            r.actions.iter().filter_map(pick).map(move |a| format!("when {}: {a}", condition(&r.condition, ty)))
        })
        .collect();
    if lines.is_empty() {
        "none".to_string()
    } else {
        lines.join("; ")
    }
}

fn condition(c: &crate::ir::Condition, ty: &Type) -> String {
    let test = match c.test {
        StatusTest::Missed => "missed".to_string(),
        StatusTest::Failed => "failed".to_string(),
        StatusTest::Met => "met".to_string(),
        StatusTest::Value(v) => format!("value {} {}", v.op.as_str(), level(v.level, ty)),
    };
    match c.window {
        Window::ThisMonth => test,
        Window::Consecutive(n) => format!("{test} {n} consecutive months"),
        Window::OfLast(n, m) => format!("{test} {n} of {m} months"),
    }
}

/// A dataset column: `priority text in ["P1", "P2"] = "priority"`.
pub fn column(c: &crate::ir::DatasetColumn) -> String {
    let kind = match &c.kind {
        ColumnKind::Text => "text".to_string(),
        ColumnKind::TextIn(values) => {
            let values: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
            format!("text in [{}]", values.join(", "))
        }
        ColumnKind::Number => "number".to_string(),
        ColumnKind::Count => "count".to_string(),
        ColumnKind::Percent => "percent".to_string(),
        ColumnKind::Bool => "bool".to_string(),
        ColumnKind::Date { format } => with_format("date", format),
        ColumnKind::Timestamp { format } => with_format("timestamp", format),
        ColumnKind::Duration { unit } => format!(
            "duration unit {}",
            match unit {
                DurationUnit::Seconds => "seconds",
                DurationUnit::Minutes => "minutes",
                DurationUnit::Hours => "hours",
            }
        ),
    };
    let optional = if c.optional { "?" } else { "" };
    format!("{} {kind}{optional} = {:?}", c.name, c.source)
}

fn with_format(kind: &str, format: &Option<String>) -> String {
    match format {
        Some(f) => format!("{kind} format {f:?}"),
        None => kind.to_string(),
    }
}

/// How a dataset's rows are placed in months: `period by resolved`.
pub fn period_by(dataset: &Dataset) -> String {
    let name = |i: usize| dataset.columns.get(i).map_or("?", |c| c.name.as_str());
    match dataset.period {
        PeriodBy::Instant(c) => format!("period by {}", name(c)),
        PeriodBy::Interval { start, end } => format!("period by {} to {}", name(start), name(end)),
    }
}
