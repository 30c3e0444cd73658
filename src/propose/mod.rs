//! Targets that history supports (issue 16, `xla propose`): per clause,
//! the monthly values over a run of months, the strictest targets met in
//! 50%, 80% and 95% of them, and for each such target what the contract
//! would have produced under its current money rules.
//!
//! It only advises. Each candidate is priced by settling the contract
//! again with the clause's target replaced by the candidate in the IR
//! (aggregates are the same: a target changes no metric value), so caps,
//! multipliers, bands relative to the target and earnbacks all apply as
//! written. A candidate uses the inclusive operator of the clause's
//! direction (`>=` when higher is better, `<=` when lower is).
//!
//! A month counts in the history when the metric has a value with at
//! least the clause's `min_volume`, whatever the clause's status (months
//! in a baseline window are history too).
//!
//! The layout: `stats` (spread, histogram, targets met in a share of
//! months), `render` (the advice in words and as JSON).

mod render;
pub mod stats;

pub use render::{human, json};
pub use stats::{Bin, Spread};

use crate::eval::Evaluation;
use crate::ir::{Clause, Direction, TargetRule, Threshold};
use crate::report::human as words;
use crate::settle::{self, Settlement, Status};
use crate::syntax::ast::CmpOp;
use crate::value::Type;
use rust_decimal::Decimal;
use serde::Serialize;

/// Fewer months than this, and the advice says it rests on too little.
pub const ENOUGH_MONTHS: usize = 6;

/// What a target would have produced over the months.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// `current`, or `met in P% of months`.
    pub label: String,
    /// The target in words (`>= 95%`, `>= baseline + 2`).
    pub target: String,
    /// The candidate's operator and value in the metric's unit (none for
    /// the contract's own target when it follows a baseline).
    pub threshold: Option<(&'static str, Decimal)>,
    /// Months met.
    pub met: usize,
    /// Months missed (minimum met).
    pub missed: usize,
    /// Months failed.
    pub failed: usize,
    /// The clause's credits after the caps, summed over the months.
    pub credits: Decimal,
    /// The clause's bonuses after the gain cap, summed.
    pub bonuses: Decimal,
    /// Escalations of the clause recorded over the months.
    pub escalations: usize,
    /// The contract's net payable, summed over the months.
    pub net_payable: Decimal,
}

/// The advice for one clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The clause id.
    pub clause: String,
    /// Its title.
    pub title: String,
    /// The metric's name.
    pub metric: String,
    /// The metric's unit (`percent`, `duration`, …).
    pub unit: &'static str,
    /// The metric's type, for showing values in its unit.
    #[serde(skip)]
    pub ty: Type,
    /// Months in the run.
    pub months: usize,
    /// Months with a value (the history the advice rests on).
    pub measured: usize,
    /// The spread of those values.
    pub spread: Option<Spread>,
    /// The contract as written, then one outcome per share of [`stats::MET_IN`].
    pub outcomes: Vec<Outcome>,
}

impl Proposal {
    /// Whether the history is long enough to say much ([`ENOUGH_MONTHS`]).
    pub fn enough_history(&self) -> bool {
        self.measured >= ENOUGH_MONTHS
    }
}

/// The advice for the clauses `clauses` (indices into the program) over
/// the months `from..=through` (indices into the settled months).
/// `settlement` is the settlement of `eval` as the contract is written.
pub fn propose(
    eval: &Evaluation,
    settlement: &Settlement,
    clauses: &[usize],
    from: usize,
    through: usize,
) -> Vec<Proposal> {
    let program = eval.program;
    let months = from..through.saturating_add(1).min(settlement.months.len());
    clauses
        .iter()
        .filter_map(|&ci| {
            let clause = program.clauses.get(ci)?;
            let metric = program.metrics.get(clause.metric)?;
            let track = settlement.tracks.get(ci)?;
            let values: Vec<Decimal> = months
                .clone()
                .filter_map(|m| track.values.get(m))
                .filter(|v| v.volume.is_none_or(|vol| vol >= clause.min_volume))
                .filter_map(|v| v.value.decimal())
                .collect();
            let current = outcome(
                settlement,
                clause,
                ci,
                months.clone(),
                "current".to_string(),
                current_target(clause, &metric.ty),
                None,
            );
            let (op, op_text) = match clause.direction {
                Direction::HigherIsBetter => (CmpOp::Ge, ">="),
                Direction::LowerIsBetter => (CmpOp::Le, "<="),
            };
            let candidates = stats::MET_IN.iter().filter_map(|&share| {
                let value = stats::met_in(&values, share, clause.direction)?;
                let threshold = Threshold { op, value };
                let mut amended = program.clone();
                amended.clauses[ci].target = TargetRule::Fixed(threshold);
                let view = Evaluation {
                    program: &amended,
                    term: eval.term.clone(),
                    aggregates: eval.aggregates.clone(),
                    windows: eval.windows.clone(),
                    inputs: Vec::new(),
                    rejections: Vec::new(),
                    rejected_total: 0,
                };
                // A candidate whose figures leave the decimal range is not offered.
                let resettled = settle::settle(&view).ok()?;
                let label = format!("met in {share}% of months");
                let target = words::threshold(threshold, &metric.ty);
                Some(outcome(&resettled, clause, ci, months.clone(), label, target, Some((op_text, value))))
            });
            let outcomes = std::iter::once(current).chain(candidates).collect();
            Some(Proposal {
                clause: clause.id.clone(),
                title: clause.title.clone(),
                metric: metric.name.clone(),
                unit: metric.ty.unit_name(),
                ty: metric.ty.clone(),
                months: months.len(),
                measured: values.len(),
                spread: stats::spread(&values),
                outcomes,
            })
        })
        .collect()
}

/// The contract's own target in words.
fn current_target(clause: &Clause, ty: &Type) -> String {
    let rule = crate::diff::describe::target(&clause.target, ty);
    match clause.target {
        TargetRule::Fixed(_) => rule,
        TargetRule::Baseline { .. } => format!("{rule}, reviewed {}", crate::diff::describe::review(&clause.target)),
    }
}

fn outcome(
    settlement: &Settlement,
    clause: &Clause,
    ci: usize,
    months: std::ops::Range<usize>,
    label: String,
    target: String,
    threshold: Option<(&'static str, Decimal)>,
) -> Outcome {
    let mut o = Outcome {
        label,
        target,
        threshold,
        met: 0,
        missed: 0,
        failed: 0,
        credits: Decimal::ZERO,
        bonuses: Decimal::ZERO,
        escalations: 0,
        net_payable: Decimal::ZERO,
    };
    for month in months.filter_map(|m| settlement.months.get(m)) {
        if let Some(cm) = month.clauses.iter().find(|cm| cm.clause == ci) {
            match cm.status {
                Status::Met => o.met += 1,
                Status::Missed => o.missed += 1,
                Status::Failed => o.failed += 1,
                Status::NotStarted | Status::NotAssessed | Status::Baselining | Status::NotMeasured => {}
            }
            o.credits = o.credits.saturating_add(cm.credit);
            o.bonuses = o.bonuses.saturating_add(cm.bonus);
        }
        o.escalations += month.escalations.iter().filter(|e| e.clause == clause.id).count();
        o.net_payable = o.net_payable.saturating_add(month.totals.net);
    }
    o
}
