//! The money lines of a clause in a month: how the credit was priced,
//! multiplied and capped, the bonus, and earnbacks (LANGUAGE.md §7.2,
//! §7.5, §7.6).

use super::Section;
use crate::ir::{Action, Band, BandAmount, BandLevel, CreditRule, Threshold};
use crate::report::standing::open_credits;
use crate::report::{human, Inputs};
use crate::settle::{band_amount, furthest_band, holds, Status};
use crate::syntax::ast::BandSide;
use crate::value::{Currency, Decimal, Type};

/// The "Money" section.
pub fn section(inputs: Inputs, ci: usize, m: usize) -> Section {
    let program = inputs.eval.program;
    let contract = &program.contract;
    let currency = contract.currency;
    let fee = contract.monthly_fee.amount;
    let clause = &program.clauses[ci];
    let ty = &program.metrics[clause.metric].ty;
    let track = &inputs.settlement.tracks[ci];
    let month = &inputs.settlement.months[m];
    let cm = &month.clauses[ci];
    let status = track.statuses[m];
    let money = |d: Decimal| human::money(d, currency);
    let mut lines = Vec::new();

    // The credit line, before multipliers.
    lines.push(match &clause.credit {
        CreditRule::None => "credit: none — the clause has neither an allocation nor credit bands".to_string(),
        CreditRule::Allocation(p) if status == Status::Failed => {
            let at_risk = contract.at_risk.of(fee);
            format!(
                "credit: allocation {p} of the amount at risk ({} of the monthly fee {} = {}) = {}, \
                 because the month is failed",
                contract.at_risk,
                money(fee),
                money(at_risk),
                money(p.of(at_risk))
            )
        }
        CreditRule::Allocation(p) => {
            format!("credit: none — allocation {p} pays only in a failed month, and this one is {}", status.as_str())
        }
        CreditRule::Bands(bands) => {
            let value = track.values[m].value.decimal().filter(|_| status.is_measured());
            match value {
                None => format!("credit: none — credit bands do not apply when the status is {}", status.as_str()),
                Some(v) => match furthest_band(bands, v, track.targets[m]) {
                    Some(b) => format!(
                        "credit: band `{}` reached = {}",
                        band_text(b, ty, track.targets[m], currency),
                        money(band_amount(b.amount, fee))
                    ),
                    None => "credit: none — the value is past no credit band".to_string(),
                },
            }
        }
    });
    for rule in clause.rules.iter().filter(|r| holds(r.condition.test, r.condition.window, &track.statuses, m)) {
        for action in &rule.actions {
            if let Action::CreditMultiplier(f) = action {
                lines.push(format!("  × {} (when {})", crate::value::canonical(*f), rule.condition.text));
            }
        }
    }
    lines.push(format!("credit before the caps: {}", money(cm.credit_before_cap)));
    if cm.credit != cm.credit_before_cap {
        let cap = contract.at_risk.of(fee);
        lines.push(format!(
            "credit after the caps: {} — the month's credits exceeded what the caps allow (at_risk {} = {} a \
             month{}), so every line was scaled down pro rata",
            money(cm.credit),
            contract.at_risk,
            money(cap),
            contract.annual_cap.map_or_else(String::new, |p| format!(", annual_cap {p} of 12 monthly fees a year"))
        ));
    } else {
        lines.push(format!("credit after the caps: {}", money(cm.credit)));
    }

    // The bonus.
    if clause.bonus.is_empty() {
        lines.push("bonus: none — the clause has no bonus bands".to_string());
    } else if status != Status::Met {
        lines.push(format!("bonus: none — bonuses pay only in a met month, and this one is {}", status.as_str()));
    } else {
        let v = track.values[m].value.decimal();
        match v.and_then(|v| furthest_band(&clause.bonus, v, track.targets[m])) {
            Some(b) => lines.push(format!(
                "bonus: band `{}` reached = {}; after the gain cap {}",
                band_text(b, ty, track.targets[m], currency),
                money(cm.bonus_before_cap),
                money(cm.bonus)
            )),
            None => lines.push("bonus: none — the value reaches no bonus band".to_string()),
        }
    }

    earnbacks(inputs, ci, m, &mut lines);
    Section { heading: "Money", lines }
}

/// Earnbacks returned this month, and credits still outstanding.
fn earnbacks(inputs: Inputs, ci: usize, m: usize, lines: &mut Vec<String>) {
    let currency = inputs.eval.program.contract.currency;
    let clause = &inputs.eval.program.clauses[ci];
    let Some(n) = clause.earnback_after else {
        return;
    };
    let returned: Vec<String> = inputs.settlement.months[m]
        .earnbacks
        .iter()
        .filter(|e| e.clause == clause.id)
        .map(|e| format!("{} ({})", e.charged_in, human::money(e.amount, currency)))
        .collect();
    let outstanding: Vec<String> = open_credits(inputs, m)
        .into_iter()
        .filter(|o| o.clause == ci)
        .map(|o| format!("{} ({})", o.charged_in, human::money(o.amount, currency)))
        .collect();
    let list = |items: &[String]| if items.is_empty() { "none".to_string() } else { items.join(", ") };
    lines.push(format!("earnback after {n} consecutive months met: returned this month: {}", list(&returned)));
    lines.push(format!("  credits not yet earned back: {}", list(&outstanding)));
}

/// A band as written: `below target - 5 : 3% of monthly_fee`, with the level resolved.
fn band_text(band: &Band, ty: &Type, target: Option<Threshold>, currency: Currency) -> String {
    let side = match band.side {
        BandSide::Below => "below",
        BandSide::Above => "above",
    };
    let level = match band.level {
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
    };
    let amount = match band.amount {
        BandAmount::Money(d) => human::money(d, currency),
        BandAmount::OfFee(p) => format!("{p} of monthly_fee"),
    };
    format!("{side} {level} : {amount}")
}
