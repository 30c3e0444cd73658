//! The money lines of a clause in a month: how the credit was priced,
//! multiplied and capped, the bonus, and earnbacks (LANGUAGE.md §7.2,
//! §7.5, §7.6).

use super::Section;
use crate::ir::BonusRule;
use crate::report::pricing::{band_text, expression_text};
use crate::report::standing::open_credits;
use crate::report::{human, Inputs};
use crate::settle::{furthest_band, Status};
use crate::value::Decimal;

/// The "Money" section.
pub fn section(inputs: Inputs, ci: usize, m: usize) -> Section {
    let program = inputs.eval.program;
    let contract = &program.contract;
    let currency = contract.currency;
    let clause = &program.clauses[ci];
    let ty = &program.metrics[clause.metric].ty;
    let track = &inputs.settlement.tracks[ci];
    let month = &inputs.settlement.months[m];
    let cm = &month.clauses[ci];
    let status = track.statuses[m];
    let money = |d: Decimal| human::money(d, currency);
    let mut lines = Vec::new();

    lines.extend(crate::report::pricing::credit_lines(inputs, ci, m));

    // The bonus.
    match &clause.bonus {
        bonus if bonus.is_empty() => {
            lines.push("bonus: none — the clause has no bonus bands or bonus expression".to_string())
        }
        _ if status != Status::Met => {
            lines.push(format!("bonus: none — bonuses pay only in a met month, and this one is {}", status.as_str()))
        }
        BonusRule::Bands(bands) => {
            let v = track.values[m].value.decimal();
            match v.and_then(|v| furthest_band(bands, v, track.targets[m]).ok().flatten()) {
                Some(b) => lines.push(format!(
                    "bonus: band `{}` reached = {}; after the gain cap {}",
                    band_text(b, ty, track.targets[m], currency),
                    money(cm.bonus_before_cap),
                    money(cm.bonus)
                )),
                None => lines.push("bonus: none — the value reaches no bonus band".to_string()),
            }
        }
        BonusRule::Expression(e) => lines.push(format!(
            "bonus: {} = {}; after the gain cap {}",
            expression_text(inputs.eval, e, clause, track, m),
            money(cm.bonus_before_cap),
            money(cm.bonus)
        )),
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
