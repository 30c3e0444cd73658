//! The explanation of a gain in a month (LANGUAGE.md §7.6): its value with
//! the month's figures substituted, the share, and the gain cap.

use super::Section;
use crate::report::pricing::render_expr;
use crate::report::{human, Inputs};
use crate::value::{Decimal, Value};

/// The sections of gain `gi` in month `m`.
pub fn sections(inputs: Inputs, gi: usize, m: usize) -> Vec<Section> {
    let program = inputs.eval.program;
    let currency = program.contract.currency;
    let gain = &program.gains[gi];
    let month = &inputs.settlement.months[m];
    // A gain is listed every month; it has a line only when both amounts are known.
    let line = month.gains.iter().find(|g| g.id == gain.id).and_then(|g| Some((g, g.amount_before_cap?, g.amount?)));
    let money = |d: Decimal| human::money(d, currency);
    let baselines = crate::settle::gain_baselines(inputs.eval, gain);
    let mut value = Vec::new();
    match (gain.baseline_months, line) {
        (Some(n), None) if m < n as usize => {
            value.push(format!("none: {} is inside the gain's baseline window (its first {n} months)", month.period));
        }
        (_, None) => value.push("none: a value it uses is not known this month".to_string()),
        (_, Some((line, _, _))) => {
            value.push(format!(
                "{} = {}",
                render_expr(inputs.eval, &gain.value, m, &|id| baselines.value(id, m)),
                human::value(&line.value, None)
            ));
        }
    }
    let mut lines = Vec::new();
    if let Some((line, before_cap, after_cap)) = line {
        let positive = line.value.decimal().unwrap_or_default().max(Decimal::ZERO);
        lines.push(format!(
            "gain: max(0, {}) × share {} = {}",
            human::value(&Value::Money(crate::value::Money::new(positive, currency)), None),
            gain.share,
            money(before_cap)
        ));
        if after_cap != before_cap {
            lines.push(format!(
                "  the gain cap (gain_cap {} = {}) scaled the month's bonuses and gains pro rata: this one by {} to {}",
                program.contract.gain_cap,
                program
                    .contract
                    .gain_cap
                    .of(program.contract.monthly_fee.amount)
                    .map_or_else(|_| "out of range".to_string(), money),
                human::signed_money('−', before_cap - after_cap, currency),
                money(after_cap)
            ));
        }
        lines.push(format!("gain after the cap: {}", money(after_cap)));
    } else {
        lines.push("gain: none this month".to_string());
    }
    vec![Section { heading: "Value", lines: value }, Section { heading: "Money", lines }]
}
