//! Turning pest's "expected rule X" into plain words.
//!
//! A contract manager should read "expected a whole number of days after
//! `within`", never `expected whole`. Each grammar rule that can appear in an
//! error has a description here; groups of rules that always appear together
//! (the start of an expression, the fields of a clause) are summarised.

use super::parser::Rule;

/// Describes what pest expected (rules, plus punctuation tokens such as
/// `)`) as one phrase such as "a name or `}`".
pub fn describe(positives: &[Rule], tokens: &[String]) -> String {
    let mut phrases: Vec<String> = Vec::new();
    let mut push = |p: String| {
        if !phrases.contains(&p) {
            phrases.push(p);
        }
    };
    let has = |r: Rule| positives.contains(&r);
    let expression_start = has(Rule::number) && has(Rule::ident) && has(Rule::string);
    let item_start = has(Rule::kw_metric) && has(Rule::kw_dataset);
    let clause_field = has(Rule::kw_target) && has(Rule::kw_allocation);
    let dataset_entry = has(Rule::kw_period) && has(Rule::kw_unique);
    if item_start {
        push(
            "an item (`contract`, `calendar`, `dataset`, `metric`, `escalation`, `sla`, `xla`, `gain` or `include`)"
                .into(),
        );
    }
    if clause_field {
        push("a clause field (`metric`, `target`, `minimum`, `from`, `min_volume`, `allocation`, `credit`, `bonus`, `baseline`, `when` or `earnback`)".into());
    }
    if dataset_entry {
        push("a column (`name type = \"source column\"`) or a dataset option (`period by`, `timezone`, `reject up to`, `skip`, `missing`, `unique by`)".into());
    }
    if expression_start {
        push("a value or an expression".into());
    }
    let operator = has(Rule::add_op) || has(Rule::mul_op);
    if operator {
        push("an operator".into());
    }
    for &rule in positives {
        let grouped = (item_start && is_item_keyword(rule))
            || (clause_field && is_clause_keyword(rule))
            || (dataset_entry && is_dataset_keyword(rule))
            || (expression_start && is_expression_start(rule))
            || (operator && matches!(rule, Rule::add_op | Rule::mul_op | Rule::cmp_op));
        if grouped {
            continue;
        }
        if let Some(p) = phrase(rule) {
            push(p);
        }
    }
    for token in tokens {
        if matches!(token.as_str(), ")" | "}" | "]" | "{" | "=" | ":") {
            push(format!("`{token}`"));
        }
    }
    match phrases.len() {
        0 => "something else".to_string(),
        1 => phrases.remove(0),
        n => {
            let last = phrases.remove(n - 1);
            format!("{} or {}", phrases.join(", "), last)
        }
    }
}

fn is_item_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_include
            | Rule::kw_contract
            | Rule::kw_calendar
            | Rule::kw_dataset
            | Rule::kw_metric
            | Rule::kw_escalation
            | Rule::kw_sla
            | Rule::kw_xla
            | Rule::kw_gain
            | Rule::EOI
    )
}

fn is_clause_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_metric
            | Rule::kw_target
            | Rule::kw_minimum
            | Rule::kw_from
            | Rule::kw_min_volume
            | Rule::kw_allocation
            | Rule::kw_credit
            | Rule::kw_bonus
            | Rule::kw_points
            | Rule::kw_baseline
            | Rule::kw_when
            | Rule::kw_earnback
    )
}

fn is_dataset_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_period
            | Rule::kw_timezone
            | Rule::kw_reject
            | Rule::kw_skip
            | Rule::kw_missing
            | Rule::kw_unique
            | Rule::ident
    )
}

fn is_expression_start(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::date
            | Rule::rate
            | Rule::money
            | Rule::duration
            | Rule::percent
            | Rule::number
            | Rule::string
            | Rule::bool
            | Rule::none
            | Rule::ident
            | Rule::neg_op
            | Rule::kw_not
            | Rule::call
            | Rule::name
            | Rule::paren
            | Rule::unary
    )
}

/// The phrase for one rule, or `None` for rules never worth naming.
fn phrase(rule: Rule) -> Option<String> {
    let text = match rule {
        Rule::EOI => "the end of the file",
        Rule::ident | Rule::name => "a name",
        Rule::string => "a string in double quotes",
        Rule::number => "a number",
        Rule::whole => "a whole number",
        Rule::percent => "a percentage such as `95%`",
        Rule::duration => "a duration such as `4h` or `1h30m`",
        Rule::money => "an amount of money such as `250.00 EUR`",
        Rule::rate => "a rate such as `55.00 EUR/h`",
        Rule::date => "a date such as `2026-01-01`",
        Rule::time => "a time of day such as `08:00`",
        Rule::weekday => "a day such as `mon` or a range such as `mon-fri`",
        Rule::bool => "`true` or `false`",
        Rule::none => "`none`",
        Rule::currency_code => "a currency code such as `EUR`",
        Rule::cmp_op => "a comparison such as `>=` or `<=`",
        Rule::add_op => "`+` or `-`",
        Rule::mul_op => "`*` or `/`",
        Rule::optional => "`?`",
        Rule::step => "`+` or `-` and a step",
        Rule::review => "`reviewed every N months`",
        Rule::ratchet => "`ratchet`",
        Rule::band => "a band such as `below 90% : 2% of monthly_fee`",
        Rule::band_side => "`below` or `above`",
        Rule::amount => "an amount such as `2% of monthly_fee` or `500.00 EUR`",
        Rule::cond_status => "`missed`, `failed` or `met`",
        Rule::consecutive | Rule::of_last => "a window such as `3 consecutive months` or `4 of 6 months`",
        Rule::action | Rule::escalate | Rule::credit_multiplier | Rule::points_multiplier | Rule::chronic_failure => {
            "an action (`escalate level N`, `credit x F`, `points x F` or `chronic failure`)"
        }
        Rule::points_band => "a band such as `below 99% : 1`",
        Rule::value_condition => "a value condition such as `value < 90%`",
        Rule::value_op => "`<`, `<=`, `>` or `>=`",
        Rule::fee_share => "a share of the fee such as `0.5% of monthly_fee`",
        Rule::money_expr => "an amount of money or a money expression",
        Rule::string_list => "a list of strings such as `[\"P1\", \"P2\"]`",
        Rule::list => "a list such as `[\"P1\", \"P2\"]`",
        Rule::level => "a level such as `level 1 \"Service managers\" within 5 business days`",
        Rule::hours | Rule::kw_hours => "`hours`",
        Rule::clause_kind => "`sla` or `xla`",
        Rule::column_format | Rule::kw_format => "`format`",
        Rule::column_unit | Rule::kw_unit => "`unit`",
        Rule::kw_days => "`days`",
        Rule::kw_rows => "`rows`",
        Rule::kw_months => "`months`",
        Rule::call_arg
        | Rule::expr
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::cmp_expr
        | Rule::sum_expr
        | Rule::prod_expr
        | Rule::unary
        | Rule::paren
        | Rule::call => "a value or an expression",
        other => return keyword(other),
    };
    Some(text.to_string())
}

/// `kw_within` → "`within`".
fn keyword(rule: Rule) -> Option<String> {
    let name = format!("{rule:?}");
    name.strip_prefix("kw_").map(|k| format!("`{k}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_rules_read_as_words() {
        assert_eq!(describe(&[Rule::whole], &[]), "a whole number");
        assert_eq!(describe(&[Rule::kw_within], &[]), "`within`");
        assert_eq!(describe(&[Rule::string, Rule::kw_within], &[]), "a string in double quotes or `within`");
        assert_eq!(describe(&[Rule::add_op, Rule::mul_op], &[")".to_string()]), "an operator or `)`");
    }
}
