//! How a clause's credit line in a month was priced, in words: the regime
//! (allocation, band, credit expression with its values substituted, or
//! service points with band and multipliers), the `credit x` multipliers,
//! and which cap scaled it and by how much (LANGUAGE.md §7.2–§7.2b).
//! `xla explain` and the Markdown report both print these lines.

use super::{human, Inputs};
use crate::eval::{Baseline, Evaluation};
use crate::ir::{Action, ArithOp, Band, BandAmount, BandLevel, CapAmount, Clause, CreditRule, MetricExpr, Threshold};
use crate::settle::{band_amount, bind, furthest_band, furthest_points, holds, point_value, Status, Track};
use crate::value::{canonical, Currency, Decimal, OutOfRange, Type, Value};

/// The lines that say how clause `ci`'s credit in month `m` was priced.
pub fn credit_lines(inputs: Inputs, ci: usize, m: usize) -> Vec<String> {
    let clause = &inputs.eval.program.clauses[ci];
    let track = &inputs.settlement.tracks[ci];
    let mut lines = vec![regime_text(inputs, ci, m)];
    for rule in clause.rules.iter().filter(|r| holds(&r.condition, track, m)) {
        for action in &rule.actions {
            if let Action::CreditMultiplier(f) = action {
                lines.push(format!("  × {} (when {})", canonical(*f), rule.condition.text));
            }
        }
    }
    lines.extend(caps_text(inputs, ci, m));
    lines
}

/// The first line: the line the regime gives, before multipliers.
fn regime_text(inputs: Inputs, ci: usize, m: usize) -> String {
    let eval = inputs.eval;
    let contract = &eval.program.contract;
    let currency = contract.currency;
    let fee = contract.monthly_fee.amount;
    let clause = &eval.program.clauses[ci];
    let ty = &eval.program.metrics[clause.metric].ty;
    let track = &inputs.settlement.tracks[ci];
    let status = track.statuses[m];
    let money = |d: Decimal| human::money(d, currency);
    let figure = |r: Result<Decimal, OutOfRange>| human::figure(r, currency);
    let measured = track.values[m].value.decimal().filter(|_| status.is_measured());
    match &clause.credit {
        CreditRule::None => {
            "credit: none — the clause has no credit regime (allocation, credit bands, credit expression or points)"
                .to_string()
        }
        CreditRule::Allocation(p) if status == Status::Failed => {
            let at_risk = contract.at_risk.of(fee);
            format!(
                "credit: allocation {p} of the amount at risk ({} of the monthly fee {} = {}) = {}, \
                 because the month is failed",
                contract.at_risk,
                money(fee),
                figure(at_risk),
                figure(at_risk.and_then(|a| p.of(a)))
            )
        }
        CreditRule::Allocation(p) => {
            format!("credit: none — allocation {p} pays only in a failed month, and this one is {}", status.as_str())
        }
        CreditRule::Bands(bands) => match measured {
            None => format!("credit: none — credit bands do not apply when the status is {}", status.as_str()),
            Some(v) => match furthest_band(bands, v, track.targets[m]).ok().flatten() {
                Some(b) => format!(
                    "credit: band `{}` reached = {}",
                    band_text(b, ty, track.targets[m], currency),
                    figure(band_amount(b.amount, fee))
                ),
                None => "credit: none — the value is past no credit band".to_string(),
            },
        },
        CreditRule::Expression(e) if status.is_missed() => {
            let result = eval.expr(&bind(eval, e, clause, track, m), m, &|_| Ok(Value::None)).unwrap_or(Value::None);
            format!("credit: {} = {}", expression_text(eval, e, clause, track, m), human::value(&result, None))
        }
        CreditRule::Expression(_) => {
            format!(
                "credit: none — a credit expression pays only in a missed or failed month, and this one is {}",
                status.as_str()
            )
        }
        CreditRule::Points(bands) => {
            points_text(inputs, clause, track, m, bands, inputs.settlement.months[m].clauses[ci].points)
        }
    }
}

/// The line before the caps, which caps scaled it and by how much, and the
/// line after them.
fn caps_text(inputs: Inputs, ci: usize, m: usize) -> Vec<String> {
    let contract = &inputs.eval.program.contract;
    let currency = contract.currency;
    let money = |d: Decimal| human::money(d, currency);
    let cm = &inputs.settlement.months[m].clauses[ci];
    let mut lines = vec![format!("credit before the caps: {}", money(cm.credit_before_cap))];
    if cm.credit_after_monthly_cap != cm.credit_before_cap {
        lines.push(format!(
            "  the monthly cap (at_risk {} = {}) scaled the month's credit lines pro rata: this one by {} to {}",
            contract.at_risk,
            human::figure(contract.at_risk.of(contract.monthly_fee.amount), currency),
            human::signed_money('−', cm.credit_before_cap - cm.credit_after_monthly_cap, currency),
            money(cm.credit_after_monthly_cap)
        ));
    }
    if let (Some(cap), true) = (contract.annual_cap, cm.credit != cm.credit_after_monthly_cap) {
        let size = match cap.amount {
            CapAmount::OfTwelveFees(p) => format!("{p} of 12 monthly fees"),
            CapAmount::Money(a) => money(a),
        };
        let window = if cap.rolling { "in any 12 consecutive months" } else { "a contract year" };
        lines.push(format!(
            "  the annual cap ({size} {window}) scaled the month's credit lines pro rata again: this one by {} to {}",
            human::signed_money('−', cm.credit_after_monthly_cap - cm.credit, currency),
            money(cm.credit)
        ));
    }
    lines.push(format!("credit after the caps: {}", money(cm.credit)));
    lines
}

/// Service points: the band reached, the `points x` multipliers, and the price.
fn points_text(
    inputs: Inputs,
    clause: &Clause,
    track: &Track,
    m: usize,
    bands: &[crate::ir::PointsBand],
    points: Option<Decimal>,
) -> String {
    let program = inputs.eval.program;
    let currency = program.contract.currency;
    let ty = &program.metrics[clause.metric].ty;
    let status = track.statuses[m];
    let band = track.values[m]
        .value
        .decimal()
        .filter(|_| status.is_missed())
        .and_then(|v| furthest_points(bands, v, track.targets[m]).ok().flatten());
    let Some(band) = band else {
        return if status.is_missed() {
            "credit: 0 points — the value is past no points band".to_string()
        } else {
            format!(
                "credit: 0 points — points accrue only in a missed or failed month, and this one is {}",
                status.as_str()
            )
        };
    };
    let mut text = format!(
        "credit: band `{} {} : {}` reached = {} point{}",
        band.side.keyword(),
        level_text(band.level, ty, track.targets[m]),
        band.points,
        band.points,
        if band.points == 1 { "" } else { "s" }
    );
    for rule in clause.rules.iter().filter(|r| holds(&r.condition, track, m)) {
        for action in &rule.actions {
            if let Action::PointsMultiplier(f) = action {
                text.push_str(&format!(" × {f} (when {})", rule.condition.text));
            }
        }
    }
    let points = points.unwrap_or_default();
    let price = point_value(inputs.eval).ok().flatten().unwrap_or_default();
    text.push_str(&format!(
        " = {} points × point_value {} = {}",
        canonical(points),
        human::money(price, currency),
        human::money(points.checked_mul(price).unwrap_or_default(), currency)
    ));
    text
}

/// A money expression as written, with `value`, `target`, metrics and
/// aggregates replaced by this month's figures.
pub fn expression_text(eval: &Evaluation, e: &MetricExpr, clause: &Clause, track: &Track, m: usize) -> String {
    render(eval, &bind(eval, e, clause, track, m), m, &|_| Ok(Value::None))
}

/// A metric-level expression with metrics, aggregates and baselines
/// replaced by their values in month `m` (a gain's value).
pub fn render_expr(eval: &Evaluation, e: &MetricExpr, m: usize, baseline: &Baseline) -> String {
    render(eval, e, m, baseline)
}

fn precedence(e: &MetricExpr) -> u8 {
    match e {
        MetricExpr::Arith { op: ArithOp::Add | ArithOp::Sub, .. } => 1,
        MetricExpr::Arith { .. } => 2,
        _ => 3,
    }
}

fn render(eval: &Evaluation, e: &MetricExpr, m: usize, baseline: &Baseline) -> String {
    let r = |x: &MetricExpr| render(eval, x, m, baseline);
    let wrap = |x: &MetricExpr, at_least: u8| {
        let text = r(x);
        if precedence(x) < at_least {
            format!("({text})")
        } else {
            text
        }
    };
    let shown = |v: Value| human::value(&v, None);
    match e {
        MetricExpr::Literal(v) => shown(v.clone()),
        MetricExpr::Metric(_)
        | MetricExpr::Aggregate(_)
        | MetricExpr::Scheduled(_)
        | MetricExpr::ScheduledOver(..)
        | MetricExpr::Baseline(_) => eval.expr(e, m, baseline).map_or_else(|_| "out of range".to_string(), shown),
        MetricExpr::ClauseValue => "value".to_string(),
        MetricExpr::ClauseTarget => "target".to_string(),
        MetricExpr::Neg(x) => format!("-{}", wrap(x, 3)),
        MetricExpr::Floor(x) => format!("floor({})", r(x)),
        MetricExpr::Ceil(x) => format!("ceil({})", r(x)),
        MetricExpr::Min(a, b) => format!("min({}, {})", r(a), r(b)),
        MetricExpr::Max(a, b) => format!("max({}, {})", r(a), r(b)),
        MetricExpr::Clamp(x, lo, hi) => format!("clamp({}, {}, {})", r(x), r(lo), r(hi)),
        MetricExpr::Arith { op, lhs, rhs, .. } => {
            let p = precedence(e);
            let sym = match op {
                ArithOp::Add => "+",
                ArithOp::Sub => "-",
                ArithOp::Mul => "*",
                ArithOp::Div => "/",
            };
            // The right side of `-` and `/` needs parentheses at equal precedence.
            let right = if matches!(op, ArithOp::Sub | ArithOp::Div) { p + 1 } else { p };
            format!("{} {sym} {}", wrap(lhs, p), wrap(rhs, right))
        }
    }
}

/// A band level as written, with a level relative to the target resolved.
fn level_text(level: BandLevel, ty: &Type, target: Option<Threshold>) -> String {
    match level {
        BandLevel::Value(v) => human::in_unit(v, ty),
        BandLevel::Target(offset) => {
            let written = if offset.is_zero() {
                "target".to_string()
            } else {
                let sign = if offset.is_sign_negative() { '-' } else { '+' };
                format!("target {sign} {}", human::in_unit(offset.abs(), ty))
            };
            match target {
                Some(t) => format!("{written} (= {})", human::in_unit(t.value + offset, ty)),
                None => written,
            }
        }
    }
}

/// A band as written: `below target - 5 : 3% of monthly_fee`, with the level resolved.
pub fn band_text(band: &Band, ty: &Type, target: Option<Threshold>, currency: Currency) -> String {
    let amount = match band.amount {
        BandAmount::Money(d) => human::money(d, currency),
        BandAmount::OfFee(p) => format!("{p} of monthly_fee"),
    };
    format!("{} {} : {amount}", band.side.keyword(), level_text(band.level, ty, target))
}
