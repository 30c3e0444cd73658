//! Settlement: statuses, money and flags for every month (LANGUAGE.md §7, §8).
//!
//! [`settle`] recomputes every month from the first through the last
//! evaluated one; it is a pure function of the evaluation. Per clause it
//! first derives what does not involve money (`status::track`); then,
//! month by month in order (caps and earnbacks depend on earlier months), it
//! fires `when` rules, prices credits, applies the monthly and annual caps,
//! returns earnbacks, prices bonuses and gains under the gain cap, and adds
//! up the totals.

mod caps;
mod money;
mod price;
mod rules;
mod status;

pub use caps::{contract_year_start, gain_cap, monthly_cap, AnnualLimit};
pub use money::{band_amount, furthest_band, furthest_points};
pub use price::{bind, point_value};
pub use rules::holds;
pub use status::{mean_of_known, Baselines, Status, Track};

use crate::eval::{Evaluation, MetricValue, Period};
use crate::ir::{Clause, Gain};
use crate::syntax::ast::ClauseKind;
use crate::value::{add, sub, Decimal, Value};
use chrono::NaiveDate;
use money::{cap_lines, round, total};
use price::Pricer;
use status::Window;

/// One clause in one month.
#[derive(Clone, Debug)]
pub struct ClauseMonth {
    /// The clause's index in the program.
    pub clause: usize,
    /// The metric's value and volume.
    pub value: MetricValue,
    /// The target in force.
    pub target: Option<crate::ir::Threshold>,
    /// The status.
    pub status: Status,
    /// The credit line before the caps.
    pub credit_before_cap: Decimal,
    /// The credit line after the monthly cap, before the annual cap.
    pub credit_after_monthly_cap: Decimal,
    /// Service points after multipliers (`None` without a points regime).
    pub points: Option<Decimal>,
    /// The credit line after the monthly and annual caps.
    pub credit: Decimal,
    /// The bonus line before the gain cap.
    pub bonus_before_cap: Decimal,
    /// The bonus line after the gain cap.
    pub bonus: Decimal,
    /// Whether a `chronic failure` rule fired.
    pub chronic_failure: bool,
}

/// An escalation recorded in a month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Escalation {
    /// The clause id.
    pub clause: String,
    /// The level.
    pub level: u32,
    /// The level's role.
    pub role: String,
    /// When it is due.
    pub due: NaiveDate,
    /// The condition that fired, as written.
    pub condition: String,
}

/// A credit returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Earnback {
    /// The clause id.
    pub clause: String,
    /// The month the credit was charged in.
    pub charged_in: Period,
    /// The amount returned (the charged amount).
    pub amount: Decimal,
}

/// A gain in a month. Every gain is listed every month; one with no line
/// (its baseline window, or a value that is none) has no amounts (§8.4).
#[derive(Clone, Debug, PartialEq)]
pub struct GainLine {
    /// The gain id.
    pub id: String,
    /// The value before the share (none in the baseline window).
    pub value: Value,
    /// `max(0, value) × share`, rounded, before the gain cap; none without a line.
    pub amount_before_cap: Option<Decimal>,
    /// After the gain cap; none without a line.
    pub amount: Option<Decimal>,
}

/// The totals of a month (§8.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    /// The monthly fee.
    pub monthly_fee: Decimal,
    /// Credits after the caps.
    pub credits: Decimal,
    /// Earnbacks.
    pub earnbacks: Decimal,
    /// Bonuses and gains after the gain cap.
    pub bonuses_and_gains: Decimal,
    /// Service points of every clause with a points regime.
    pub points: Decimal,
    /// `fee − credits + earnbacks + bonuses and gains`.
    pub net: Decimal,
}

/// The settlement of one month.
#[derive(Clone, Debug)]
pub struct MonthSettlement {
    /// The month.
    pub period: Period,
    /// Every metric's value (without a baseline context), in program order.
    pub metrics: Vec<MetricValue>,
    /// Every clause, in file order.
    pub clauses: Vec<ClauseMonth>,
    /// Escalations recorded.
    pub escalations: Vec<Escalation>,
    /// Earnbacks returned.
    pub earnbacks: Vec<Earnback>,
    /// Gain lines.
    pub gains: Vec<GainLine>,
    /// SLAs green, experience red (§8.6).
    pub watermelon: bool,
    /// Clauses flagged with chronic failure.
    pub chronic_failure: Vec<String>,
    /// Totals.
    pub totals: Totals,
}

/// Every month of a settlement, from the start of the term.
#[derive(Clone, Debug)]
pub struct Settlement {
    /// The months, first to last.
    pub months: Vec<MonthSettlement>,
    /// The per-clause tracks (values, targets, statuses across months).
    pub tracks: Vec<Track>,
}

/// What a figure that left the decimal range belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A clause: its metric, target or money.
    Clause {
        /// The clause id.
        id: String,
        /// The clause's metric.
        metric: String,
    },
    /// A metric, as listed in the settlement.
    Metric(String),
    /// A gain: its value or line.
    Gain(String),
    /// A cap of the contract (`at_risk`, `gain_cap`, `annual_cap`).
    Cap(&'static str),
    /// The month's totals.
    Totals,
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Clause { id, metric } => write!(f, "clause `{id}` (metric `{metric}`)"),
            Subject::Metric(name) => write!(f, "metric `{name}`"),
            Subject::Gain(id) => write!(f, "gain `{id}`"),
            Subject::Cap(field) => write!(f, "the contract's `{field}` cap"),
            Subject::Totals => f.write_str("the month's totals"),
        }
    }
}

/// §8.2 v2: a figure left the exact decimal range. Settlement stops; no
/// output may be written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{subject} in {period}: a figure leaves the exact decimal range (28 significant digits)")]
pub struct SettleError {
    /// What the figure belongs to.
    pub subject: Subject,
    /// The month.
    pub period: Period,
}

/// Settles every evaluated month; an error when a figure leaves the
/// decimal range (§8.2 v2), naming what it belongs to and the month.
pub fn settle(eval: &Evaluation) -> Result<Settlement, SettleError> {
    let program = eval.program;
    let contract = &program.contract;
    let currency = contract.currency;
    let fee = contract.monthly_fee.amount;
    let months_of_term = &eval.term.months;
    let clause_subject =
        |c: &Clause| Subject::Clause { id: c.id.clone(), metric: program.metrics[c.metric].name.clone() };
    let error = |subject: Subject, m: usize| SettleError { subject, period: months_of_term[m] };
    let mut tracks = Vec::with_capacity(program.clauses.len());
    for clause in &program.clauses {
        tracks.push(status::track(eval, clause).map_err(|(m, _)| error(clause_subject(clause), m))?);
    }
    if months_of_term.is_empty() {
        return Ok(Settlement { months: Vec::new(), tracks });
    }
    let at_risk_cap = caps::monthly_cap(contract).map_err(|_| error(Subject::Cap("at_risk"), 0))?;
    let gain_cap = caps::gain_cap(contract).map_err(|_| error(Subject::Cap("gain_cap"), 0))?;
    let mut annual = match contract.annual_cap {
        Some(cap) => Some(AnnualLimit::new(cap, fee, currency).map_err(|_| error(Subject::Cap("annual_cap"), 0))?),
        None => None,
    };
    let pricer = Pricer { eval };
    let gain_baselines: Vec<Baselines> = program.gains.iter().map(|g| gain_baselines(eval, g)).collect();
    let mut charged: Vec<Vec<Decimal>> = vec![Vec::new(); program.clauses.len()];
    let mut earned_back: Vec<Vec<bool>> = vec![Vec::new(); program.clauses.len()];
    let mut months = Vec::new();

    for (m, period) in months_of_term.iter().enumerate() {
        let mut clause_months = Vec::new();
        let mut escalations = Vec::new();
        let mut chronic = Vec::new();
        let mut lines = Vec::new();
        for (ci, (clause, track)) in program.clauses.iter().zip(&tracks).enumerate() {
            let fired = rules::fire(clause, track, m);
            if let Some((level, condition)) = fired.escalation.clone() {
                if let Some(e) = escalation(eval, clause, level, condition, *period) {
                    escalations.push(e);
                }
            }
            if fired.chronic_failure {
                chronic.push(clause.id.clone());
            }
            let out_of_range = |_| error(clause_subject(clause), m);
            let line = pricer.credit(clause, track, m, &fired).map_err(out_of_range)?;
            let bonus = pricer.bonus(clause, track, m).map_err(out_of_range)?;
            lines.push(line.amount);
            clause_months.push(ClauseMonth {
                clause: ci,
                value: track.values[m].clone(),
                target: track.targets[m],
                status: track.statuses[m],
                credit_before_cap: line.amount,
                credit_after_monthly_cap: Decimal::ZERO,
                points: line.points,
                credit: Decimal::ZERO,
                bonus_before_cap: bonus,
                bonus: Decimal::ZERO,
                chronic_failure: fired.chronic_failure,
            });
        }
        // Monthly cap, then what is left of the annual cap.
        let line_error = |i: usize| error(clause_subject(&program.clauses[clause_months[i].clause]), m);
        let after_monthly = cap_lines(&lines, at_risk_cap, currency).map_err(line_error)?;
        let credits = match annual.as_mut() {
            Some(limit) => {
                let left = limit.left(m).map_err(|_| error(Subject::Cap("annual_cap"), m))?;
                let capped = cap_lines(&after_monthly, left, currency).map_err(line_error)?;
                limit.charge(total(capped.iter().copied()).map_err(line_error)?);
                capped
            }
            None => after_monthly.clone(),
        };
        let credits_total = total(credits.iter().copied()).map_err(line_error)?;
        for ((cm, credit), monthly) in clause_months.iter_mut().zip(&credits).zip(&after_monthly) {
            cm.credit = *credit;
            cm.credit_after_monthly_cap = *monthly;
            charged[cm.clause].push(*credit);
            earned_back[cm.clause].push(false);
        }
        // Earnbacks: a line the caps reduced to zero was not charged (§7.5).
        let mut earnbacks = Vec::new();
        for (ci, clause) in program.clauses.iter().enumerate() {
            let Some(n) = clause.earnback_after else { continue };
            let Some(run_start) = rules::met_run(&tracks[ci].statuses, m, n) else { continue };
            for charged_in in 0..run_start {
                if charged[ci][charged_in] > Decimal::ZERO && !earned_back[ci][charged_in] {
                    earned_back[ci][charged_in] = true;
                    earnbacks.push(Earnback {
                        clause: clause.id.clone(),
                        charged_in: months_of_term[charged_in],
                        amount: charged[ci][charged_in],
                    });
                }
            }
        }
        // Bonuses and gains, under the gain cap. A gain has no line in its
        // baseline window, nor while its value is unknown (a baseline it
        // uses is not known yet, or a metric is none); it is listed anyway.
        let mut gains = Vec::with_capacity(program.gains.len());
        for (gain, baselines) in program.gains.iter().zip(&gain_baselines) {
            let out_of_range = |_| error(Subject::Gain(gain.id.clone()), m);
            let in_window = gain.baseline_months.is_some_and(|n| m < n as usize);
            let value = if in_window {
                Value::None
            } else {
                eval.expr(&gain.value, m, &|id| baselines.value(id, m)).map_err(out_of_range)?
            };
            let amount = match value.decimal() {
                Some(v) => Some(round(gain.share.of(v.max(Decimal::ZERO)).map_err(out_of_range)?, currency)),
                None => None,
            };
            gains.push(GainLine { id: gain.id.clone(), value, amount_before_cap: amount, amount: None });
        }
        let positive: Vec<Decimal> = clause_months
            .iter()
            .map(|c| c.bonus_before_cap)
            .chain(gains.iter().map(|g| g.amount_before_cap.unwrap_or(Decimal::ZERO)))
            .collect();
        let positive_error = |i: usize| match clause_months.get(i) {
            Some(cm) => error(clause_subject(&program.clauses[cm.clause]), m),
            None => error(Subject::Gain(program.gains[i - clause_months.len()].id.clone()), m),
        };
        let capped = cap_lines(&positive, gain_cap, currency).map_err(positive_error)?;
        let (bonus_caps, gain_caps) = capped.split_at(clause_months.len());
        for (cm, b) in clause_months.iter_mut().zip(bonus_caps) {
            cm.bonus = *b;
        }
        let gains: Vec<GainLine> = gains
            .into_iter()
            .zip(gain_caps)
            .map(|(g, a)| GainLine { amount: g.amount_before_cap.map(|_| *a), ..g })
            .collect();

        let totals_error = |_| error(Subject::Totals, m);
        let earnbacks_total = total(earnbacks.iter().map(|e| e.amount)).map_err(totals_error)?;
        let points_total = total(clause_months.iter().filter_map(|c| c.points)).map_err(totals_error)?;
        let positive_total = total(capped.iter().copied()).map_err(totals_error)?;
        let net = sub(round(fee, currency), credits_total)
            .and_then(|n| add(n, earnbacks_total))
            .and_then(|n| add(n, positive_total))
            .map_err(|_| error(Subject::Totals, m))?;
        let watermelon = watermelon(program.clauses.iter().zip(&clause_months).map(|(c, cm)| (c.kind, cm.status)));
        // All metrics in one pass, in dependency order; on an error, the
        // first metric out of range is found and named.
        let no_baseline = |_| Ok(Value::None);
        let metrics = eval.metrics(m, &no_baseline).map_err(|_| {
            let id = (0..program.metrics.len()).find(|&id| eval.metric(id, m, &no_baseline).is_err()).unwrap_or(0);
            error(Subject::Metric(program.metrics.get(id).map_or_else(String::new, |x| x.name.clone())), m)
        })?;
        months.push(MonthSettlement {
            period: *period,
            metrics,
            clauses: clause_months,
            escalations,
            earnbacks,
            gains,
            watermelon,
            chronic_failure: chronic,
            totals: Totals {
                monthly_fee: round(fee, currency),
                credits: credits_total,
                earnbacks: earnbacks_total,
                bonuses_and_gains: positive_total,
                points: points_total,
                net,
            },
        });
    }
    Ok(Settlement { months, tracks })
}

/// `baseline(m)` as a gain sees it: over the gain's baseline window, the
/// first months of the term.
pub fn gain_baselines<'e, 'p>(eval: &'e Evaluation<'p>, gain: &Gain) -> Baselines<'e, 'p> {
    Baselines::new(eval, gain.baseline_months.map(|n| Window { start: 0, end: n as usize }))
}

fn escalation(eval: &Evaluation, clause: &Clause, level: u32, condition: String, period: Period) -> Option<Escalation> {
    let ladder = eval.program.escalation.as_ref()?;
    let l = ladder.levels.iter().find(|l| l.number == level)?;
    let calendar = eval.program.calendars.get(ladder.calendar)?;
    let due = calendar.add_business_days(period.last_day(), l.within_days)?;
    Some(Escalation { clause: clause.id.clone(), level, role: l.role.clone(), due, condition })
}

/// §8.6: no SLA missed or failed, at least one SLA met, at least one XLA
/// missed or failed.
fn watermelon(statuses: impl Iterator<Item = (ClauseKind, Status)>) -> bool {
    let (mut sla_red, mut sla_green, mut xla_red) = (false, false, false);
    for (kind, status) in statuses {
        match kind {
            ClauseKind::Sla => {
                sla_red |= status.is_missed();
                sla_green |= status == Status::Met;
            }
            ClauseKind::Xla => xla_red |= status.is_missed(),
        }
    }
    !sla_red && sla_green && xla_red
}
