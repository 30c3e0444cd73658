//! Pricing one clause's credit and bonus lines in a month, before the caps
//! (LANGUAGE.md §7.2, §7.2a, §7.2b, §7.6).

use super::money::{band_amount, furthest_band, furthest_points, round};
use super::rules::Fired;
use super::{Status, Track};
use crate::eval::{typed, Evaluation};
use crate::ir::{BandAmount, BonusRule, Clause, CreditRule, MetricExpr};
use crate::value::{mul, Decimal, OutOfRange, Value};

/// A clause's credit line in a month, before the caps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CreditLine {
    /// The line after multipliers, rounded once to minor units (never negative).
    pub amount: Decimal,
    /// The service points after `points x F` (`None` without a points regime).
    pub points: Option<Decimal>,
}

/// What pricing needs to know of the contract.
pub struct Pricer<'e, 'p> {
    /// The evaluation (metric values, the program).
    pub eval: &'e Evaluation<'p>,
}

impl Pricer<'_, '_> {
    /// The credit line of `clause` in month `m`, with the multipliers the
    /// month's rules fired: they apply to the unrounded line, rounded once;
    /// a negative line is 0. An error when a figure leaves the decimal
    /// range (§8.2).
    pub fn credit(&self, clause: &Clause, track: &Track, m: usize, fired: &Fired) -> Result<CreditLine, OutOfRange> {
        let contract = &self.eval.program.contract;
        let fee = contract.monthly_fee.amount;
        let status = track.statuses[m];
        let measured = track.values[m].value.decimal().filter(|_| status.is_measured());
        let mut points = None;
        let base = match &clause.credit {
            CreditRule::None => Decimal::ZERO,
            CreditRule::Allocation(p) if status == Status::Failed => p.of(contract.at_risk.of(fee)?)?,
            CreditRule::Allocation(_) => Decimal::ZERO,
            CreditRule::Bands(bands) => match measured {
                Some(v) => furthest_band(bands, v, track.targets[m])?
                    .map_or(Ok(Decimal::ZERO), |b| band_amount(b.amount, fee))?,
                None => Decimal::ZERO,
            },
            CreditRule::Expression(e) if status.is_missed() => self.expression(e, clause, track, m)?,
            CreditRule::Expression(_) => Decimal::ZERO,
            CreditRule::Points(bands) => {
                let base = match measured.filter(|_| status.is_missed()) {
                    Some(v) => furthest_points(bands, v, track.targets[m])?.map_or(0, |b| b.points),
                    None => 0,
                };
                let n = fired
                    .points_multipliers
                    .iter()
                    .try_fold(Decimal::from(base), |acc, f| mul(acc, Decimal::from(*f)))?;
                points = Some(n);
                mul(n, point_value(self.eval)?.unwrap_or(Decimal::ZERO))?
            }
        };
        let multiplied = fired.multipliers.iter().try_fold(base, |acc, f| mul(acc, *f))?;
        Ok(CreditLine { amount: round(multiplied, contract.currency).max(Decimal::ZERO), points })
    }

    /// The bonus line of `clause` in month `m`, before the gain cap: in met
    /// months only, rounded, never negative.
    pub fn bonus(&self, clause: &Clause, track: &Track, m: usize) -> Result<Decimal, OutOfRange> {
        let contract = &self.eval.program.contract;
        if track.statuses[m] != Status::Met {
            return Ok(Decimal::ZERO);
        }
        let line = match &clause.bonus {
            BonusRule::Bands(bands) => match track.values[m].value.decimal() {
                Some(v) => furthest_band(bands, v, track.targets[m])?
                    .map_or(Ok(Decimal::ZERO), |b| band_amount(b.amount, contract.monthly_fee.amount))?,
                None => Decimal::ZERO,
            },
            BonusRule::Expression(e) => self.expression(e, clause, track, m)?,
        };
        Ok(round(line, contract.currency).max(Decimal::ZERO))
    }

    /// A money expression with `value` and `target` bound to the month's
    /// figures, unrounded; 0 when it has no value.
    fn expression(&self, e: &MetricExpr, clause: &Clause, track: &Track, m: usize) -> Result<Decimal, OutOfRange> {
        let bound = bind(self.eval, e, clause, track, m);
        Ok(self.eval.expr(&bound, m, &|_| Ok(Value::None))?.decimal().unwrap_or(Decimal::ZERO))
    }
}

/// A clause's money expression with `value` and `target` replaced by the
/// figures of month `m` (the explanation prints it so).
pub fn bind(eval: &Evaluation, e: &MetricExpr, clause: &Clause, track: &Track, m: usize) -> MetricExpr {
    let ty = &eval.program.metrics[clause.metric].ty;
    let target = track.targets[m].map_or(Value::None, |t| typed(ty, t.value));
    e.bind(&track.values[m].value, &target)
}

/// What one service point costs, unrounded (`None` without `point_value`).
pub fn point_value(eval: &Evaluation) -> Result<Option<Decimal>, OutOfRange> {
    let contract = &eval.program.contract;
    contract.point_value.map(|pv: BandAmount| band_amount(pv, contract.monthly_fee.amount)).transpose()
}
