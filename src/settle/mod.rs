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
mod rules;
mod status;

pub use caps::{caps, contract_year_start, Caps};
pub use money::{band_amount, furthest_band};
pub use rules::holds;
pub use status::{Status, Track};

use crate::eval::{Evaluation, MetricValue, Period};
use crate::ir::{Clause, CreditRule};
use crate::syntax::ast::ClauseKind;
use crate::value::{Decimal, Value};
use chrono::NaiveDate;
use money::{cap_lines, round, total};
use status::{Baselines, Window};

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

/// Settles every evaluated month.
pub fn settle(eval: &Evaluation) -> Settlement {
    let program = eval.program;
    let contract = &program.contract;
    let currency = contract.currency;
    let fee = contract.monthly_fee.amount;
    let Caps { monthly: at_risk_cap, annual: annual_limit, gain: gain_cap } = caps(contract);
    let tracks: Vec<Track> = program.clauses.iter().map(|c| status::track(eval, c)).collect();
    let gain_baselines: Vec<Baselines> = program
        .gains
        .iter()
        .map(|g| Baselines::new(eval, g.baseline_months.map(|n| Window { start: 0, end: n as usize })))
        .collect();
    let mut charged: Vec<Vec<Decimal>> = vec![Vec::new(); program.clauses.len()];
    let mut earned_back: Vec<Vec<bool>> = vec![Vec::new(); program.clauses.len()];
    let mut year_credits = Decimal::ZERO;
    let mut months = Vec::new();

    for (m, period) in eval.term.months.iter().enumerate() {
        if contract_year_start(m) == m {
            year_credits = Decimal::ZERO; // a new contract year
        }
        let mut clause_months = Vec::new();
        let mut escalations = Vec::new();
        let mut chronic = Vec::new();
        let mut lines = Vec::new();
        for (ci, (clause, track)) in program.clauses.iter().zip(&tracks).enumerate() {
            let fired = rules::fire(clause, &track.statuses, m);
            if let Some((level, condition)) = fired.escalation {
                if let Some(e) = escalation(eval, clause, level, condition, *period) {
                    escalations.push(e);
                }
            }
            if fired.chronic_failure {
                chronic.push(clause.id.clone());
            }
            let status = track.statuses[m];
            let base = credit_line(clause, track, m, fee, contract.at_risk.of(fee));
            let multiplied = fired.multipliers.iter().fold(base, |acc, f| acc.saturating_mul(*f));
            lines.push(round(multiplied, currency));
            clause_months.push(ClauseMonth {
                clause: ci,
                value: track.values[m].clone(),
                target: track.targets[m],
                status,
                credit_before_cap: round(multiplied, currency),
                credit: Decimal::ZERO,
                bonus_before_cap: round(bonus_line(clause, track, m, fee), currency),
                bonus: Decimal::ZERO,
                chronic_failure: fired.chronic_failure,
            });
        }
        // Monthly cap, then what is left of the annual cap.
        let mut credits = cap_lines(&lines, at_risk_cap, currency);
        if let Some(limit) = annual_limit {
            credits = cap_lines(&credits, limit.saturating_sub(year_credits), currency);
        }
        year_credits = year_credits.saturating_add(total(credits.iter().copied()));
        for (cm, credit) in clause_months.iter_mut().zip(&credits) {
            cm.credit = *credit;
            charged[cm.clause].push(*credit);
            earned_back[cm.clause].push(false);
        }
        // Earnbacks.
        let mut earnbacks = Vec::new();
        for (ci, clause) in program.clauses.iter().enumerate() {
            let Some(n) = clause.earnback_after else { continue };
            let n = n as usize;
            if m + 1 < n || !(m + 1 - n..=m).all(|t| tracks[ci].statuses[t] == Status::Met) {
                continue;
            }
            for charged_in in 0..(m + 1 - n) {
                if charged[ci][charged_in] > Decimal::ZERO && !earned_back[ci][charged_in] {
                    earned_back[ci][charged_in] = true;
                    earnbacks.push(Earnback {
                        clause: clause.id.clone(),
                        charged_in: eval.term.months[charged_in],
                        amount: charged[ci][charged_in],
                    });
                }
            }
        }
        // Bonuses and gains, under the gain cap. A gain has no line in its
        // baseline window, nor while its value is unknown (a baseline it
        // uses is not known yet, or a metric is none); it is listed anyway.
        let gains: Vec<GainLine> = program
            .gains
            .iter()
            .zip(&gain_baselines)
            .map(|(gain, baselines)| {
                let in_window = gain.baseline_months.is_some_and(|n| m < n as usize);
                let value =
                    if in_window { Value::None } else { eval.expr(&gain.value, m, &|id| baselines.value(id, m)) };
                let amount = value.decimal().map(|v| round(gain.share.of(v.max(Decimal::ZERO)), currency));
                GainLine { id: gain.id.clone(), value, amount_before_cap: amount, amount: None }
            })
            .collect();
        let positive: Vec<Decimal> = clause_months
            .iter()
            .map(|c| c.bonus_before_cap)
            .chain(gains.iter().map(|g| g.amount_before_cap.unwrap_or(Decimal::ZERO)))
            .collect();
        let capped = cap_lines(&positive, gain_cap, currency);
        let (bonus_caps, gain_caps) = capped.split_at(clause_months.len());
        for (cm, b) in clause_months.iter_mut().zip(bonus_caps) {
            cm.bonus = *b;
        }
        let gains: Vec<GainLine> = gains
            .into_iter()
            .zip(gain_caps)
            .map(|(g, a)| GainLine { amount: g.amount_before_cap.map(|_| *a), ..g })
            .collect();

        let credits_total = total(clause_months.iter().map(|c| c.credit));
        let earnbacks_total = total(earnbacks.iter().map(|e| e.amount));
        let positive_total: Decimal =
            total(clause_months.iter().map(|c| c.bonus).chain(gains.iter().filter_map(|g| g.amount)));
        let watermelon = watermelon(program.clauses.iter().zip(&clause_months).map(|(c, cm)| (c.kind, cm.status)));
        months.push(MonthSettlement {
            period: *period,
            metrics: eval.metrics(m, &|_| Value::None),
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
                net: round(fee, currency)
                    .saturating_sub(credits_total)
                    .saturating_add(earnbacks_total)
                    .saturating_add(positive_total),
            },
        });
    }
    Settlement { months, tracks }
}

/// The credit line of a clause in a month, before multipliers and caps.
/// `at_risk` is the contract's `at_risk × monthly_fee`, unrounded.
fn credit_line(clause: &Clause, track: &Track, m: usize, fee: Decimal, at_risk: Decimal) -> Decimal {
    let status = track.statuses[m];
    match &clause.credit {
        CreditRule::None => Decimal::ZERO,
        CreditRule::Allocation(p) if status == Status::Failed => p.of(at_risk),
        CreditRule::Allocation(_) => Decimal::ZERO,
        CreditRule::Bands(bands) => {
            let Some(v) = track.values[m].value.decimal().filter(|_| status.is_measured()) else {
                return Decimal::ZERO;
            };
            furthest_band(bands, v, track.targets[m]).map_or(Decimal::ZERO, |b| band_amount(b.amount, fee))
        }
    }
}

/// The bonus line of a clause in a month: the best band reached in a met month.
fn bonus_line(clause: &Clause, track: &Track, m: usize, fee: Decimal) -> Decimal {
    if track.statuses[m] != Status::Met {
        return Decimal::ZERO;
    }
    let Some(v) = track.values[m].value.decimal() else {
        return Decimal::ZERO;
    };
    furthest_band(&clause.bonus, v, track.targets[m]).map_or(Decimal::ZERO, |b| band_amount(b.amount, fee))
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
