//! The aspects of each item that a contract lawyer reads, compared between
//! two versions: items are matched by name (clauses and gains by id), and
//! an aspect changed when its canonical text differs.

use super::describe;
use super::{Change, Subject};
use crate::calendar::Calendar;
use crate::ir::{Action, AnnualCap, BandAmount, CapAmount, Clause, Dataset, Gain, Program};
use crate::report::human;
use crate::syntax::ast::ClauseKind;
use crate::value::Currency;

/// One aspect of an item: its name and its canonical text.
type Aspect = (String, String);

/// Every difference between `old` and `new`: contract terms, calendars,
/// datasets, the escalation ladder, clauses, gains, in that order.
pub fn changes(old: &Program, new: &Program) -> Vec<Change> {
    let mut out = Vec::new();
    compare(Subject::Contract, &contract(old), &contract(new), &mut out);
    let user_calendars = |p: &Program| p.calendars.iter().skip(1).cloned().collect::<Vec<Calendar>>();
    items(&user_calendars(old), &user_calendars(new), |c| c.name.clone(), Subject::Calendar, calendar, &mut out);
    items(&old.datasets, &new.datasets, |d| d.name.clone(), Subject::Dataset, dataset, &mut out);
    compare(Subject::Escalation, &escalation(old), &escalation(new), &mut out);
    items(
        &paired(old, &old.clauses),
        &paired(new, &new.clauses),
        |(_, c)| c.id.clone(),
        Subject::Clause,
        |(p, c)| clause(p, c),
        &mut out,
    );
    items(
        &paired(old, &old.gains),
        &paired(new, &new.gains),
        |(_, g)| g.id.clone(),
        Subject::Gain,
        |(p, g)| gain(p, g),
        &mut out,
    );
    out
}

/// Each item with the program it belongs to.
fn paired<'a, T>(program: &'a Program, items: &'a [T]) -> Vec<(&'a Program, &'a T)> {
    items.iter().map(|i| (program, i)).collect()
}

/// Matches the items of both versions by `key`: removed ones first (in the
/// old order), then, in the new order, added ones and the changes of those
/// kept. An item added or removed as a whole gives a change without an
/// aspect, then one per aspect that says something (not `none`).
fn items<T>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> String,
    subject: fn(String) -> Subject,
    aspects: impl Fn(&T) -> Vec<Aspect>,
    out: &mut Vec<Change>,
) {
    let whole = |item: &T, added: bool, out: &mut Vec<Change>| {
        let side = |text: String| if added { (None, Some(text)) } else { (Some(text), None) };
        let (old, new) = side(key(item));
        out.push(Change { subject: subject(key(item)), aspect: String::new(), old, new });
        for (name, text) in aspects(item).into_iter().filter(|(_, text)| text != "none") {
            let (old, new) = side(text);
            out.push(Change { subject: subject(key(item)), aspect: name, old, new });
        }
    };
    for o in old {
        if !new.iter().any(|n| key(n) == key(o)) {
            whole(o, false, out);
        }
    }
    for n in new {
        match old.iter().find(|o| key(o) == key(n)) {
            Some(o) => compare(subject(key(n)), &aspects(o), &aspects(n), out),
            None => whole(n, true, out),
        }
    }
}

/// The aspects whose texts differ, in the new version's order, then those
/// only the old version has.
fn compare(subject: Subject, old: &[Aspect], new: &[Aspect], out: &mut Vec<Change>) {
    let text = |side: &[Aspect], name: &str| side.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone());
    let names = new.iter().map(|(n, _)| n).chain(old.iter().map(|(n, _)| n).filter(|n| text(new, n).is_none()));
    for name in names {
        let (o, n) = (text(old, name), text(new, name));
        if o != n {
            out.push(Change { subject: subject.clone(), aspect: name.clone(), old: o, new: n });
        }
    }
}

fn aspect(name: &str, text: impl Into<String>) -> Aspect {
    (name.to_string(), text.into())
}

fn contract(p: &Program) -> Vec<Aspect> {
    let c = &p.contract;
    let percent_of_fee = |x: crate::value::Percent| format!("{x} of the monthly fee");
    vec![
        aspect("name", c.name.clone()),
        aspect("client", c.client.clone()),
        aspect("provider", c.provider.clone()),
        aspect("term", format!("{} to {}", c.start.format("%Y-%m-%d"), c.end.format("%Y-%m-%d"))),
        aspect("timezone", c.timezone.name()),
        aspect("currency", c.currency.code()),
        aspect("monthly fee", c.monthly_fee.to_string()),
        aspect("at risk", percent_of_fee(c.at_risk)),
        aspect("annual cap", c.annual_cap.map_or_else(|| "none".to_string(), |a| annual_cap(a, c.currency))),
        aspect(
            "point value",
            c.point_value.map_or_else(
                || "none".to_string(),
                |v| match v {
                    BandAmount::Money(m) => human::money(m, c.currency),
                    BandAmount::OfFee(p) => percent_of_fee(p),
                },
            ),
        ),
        aspect("pool", format!("{} (allocations may add up to at most this)", c.pool)),
        aspect("gain cap", percent_of_fee(c.gain_cap)),
    ]
}

/// `8% of 12 monthly fees a contract year`, `300,000.00 EUR in any 12 consecutive months`.
fn annual_cap(cap: AnnualCap, currency: Currency) -> String {
    let size = match cap.amount {
        CapAmount::OfTwelveFees(p) => format!("{p} of 12 monthly fees"),
        CapAmount::Money(m) => human::money(m, currency),
    };
    let window = if cap.rolling { "in any 12 consecutive months" } else { "a contract year" };
    format!("{size} {window}")
}

fn calendar(c: &Calendar) -> Vec<Aspect> {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let hours: Vec<String> = DAYS
        .iter()
        .zip(&c.week)
        .filter(|(_, intervals)| !intervals.is_empty())
        .map(|(day, intervals)| {
            let hm = |m: &u32| format!("{:02}:{:02}", m / 60, m % 60);
            let spans: Vec<String> = intervals.iter().map(|(a, b)| format!("{}-{}", hm(a), hm(b))).collect();
            format!("{day} {}", spans.join(", "))
        })
        .collect();
    let holidays: Vec<String> =
        c.holidays.iter().map(|(d, name)| format!("{} {name:?}", d.format("%Y-%m-%d"))).collect();
    vec![aspect("working hours", hours.join("; ")), aspect("holidays", holidays.join("; "))]
}

fn dataset(d: &Dataset) -> Vec<Aspect> {
    let format = match d.format {
        crate::ir::DataFormat::Csv => "csv",
        crate::ir::DataFormat::Jsonl => "jsonl",
        crate::ir::DataFormat::Xlsx => "xlsx",
        crate::ir::DataFormat::Table => "table",
    };
    let mut out = vec![aspect("source", format!("{format} {:?}", d.path))];
    out.extend(d.columns.iter().map(|c| aspect(&format!("column `{}`", c.name), describe::column(c))));
    let name = |i: usize| d.columns.get(i).map_or("?", |c| c.name.as_str()).to_string();
    out.push(aspect("period", describe::period_by(d)));
    out.push(aspect("timezone", d.timezone.name()));
    out.push(aspect("reject up to", format!("{}%", crate::value::canonical(d.reject_up_to))));
    out.push(aspect("skip rows", d.skip_rows.to_string()));
    out.push(aspect("missing values", format!("{:?}", d.missing)));
    let unique = d.unique_by.map_or_else(
        || "none".to_string(),
        |u| match u.latest {
            Some(l) => format!("{} latest by {}", name(u.key), name(l)),
            None => name(u.key),
        },
    );
    out.push(aspect("unique by", unique));
    let csv = &d.csv;
    out.push(aspect("delimiter", format!("{:?}", char::from(csv.delimiter))));
    out.push(aspect("decimal mark", if csv.decimal_comma { "\",\"" } else { "\".\"" }));
    out.push(aspect("encoding", format!("{:?}", csv.encoding)));
    out.push(aspect("records", if csv.multiline { "may span lines (multiline)" } else { "one per line" }));
    out.push(aspect("sheet", d.sheet.clone().unwrap_or_else(|| "the first".to_string())));
    out
}

fn escalation(p: &Program) -> Vec<Aspect> {
    let Some(e) = &p.escalation else { return Vec::new() };
    let calendar = p.calendars.get(e.calendar).map_or("?", |c| c.name.as_str());
    let mut out = vec![aspect("business days counted on", calendar)];
    out.extend(e.levels.iter().map(|l| {
        aspect(&format!("level {}", l.number), format!("{:?} within {} business days", l.role, l.within_days))
    }));
    out
}

fn clause(p: &Program, c: &Clause) -> Vec<Aspect> {
    let ty = p.metrics.get(c.metric).map(|m| m.ty.clone()).unwrap_or(crate::value::Type::Number);
    let kind = match c.kind {
        ClauseKind::Sla => "sla",
        ClauseKind::Xla => "xla",
    };
    let escalate = |a: &Action| match a {
        Action::Escalate(level) => Some(format!("escalate level {level}")),
        _ => None,
    };
    let multiply = |a: &Action| match a {
        Action::CreditMultiplier(f) => Some(format!("credit x {}", crate::value::canonical(*f))),
        Action::PointsMultiplier(f) => Some(format!("points x {f}")),
        _ => None,
    };
    let chronic = |a: &Action| matches!(a, Action::ChronicFailure).then(|| "chronic failure".to_string());
    vec![
        aspect("kind", kind),
        aspect("title", c.title.clone()),
        aspect("metric", describe::metric_definition(p, c.metric)),
        aspect("target", describe::target(&c.target, &ty)),
        aspect("review", describe::review(&c.target)),
        aspect("minimum", c.minimum.map_or_else(|| "none".to_string(), |t| describe::threshold(t, &ty))),
        aspect(
            "applies from",
            c.from.map_or_else(|| "the start of the term".to_string(), |d| d.format("%Y-%m").to_string()),
        ),
        aspect("min volume", c.min_volume.to_string()),
        aspect("credit", describe::credit(p, &c.credit, &ty)),
        aspect("bonus", describe::bonus(p, &c.bonus, &ty)),
        aspect("baseline", c.baseline_months.map_or_else(|| "none".to_string(), |n| format!("first {n} months"))),
        aspect("escalation rules", describe::rules(&c.rules, &ty, escalate)),
        aspect("credit multipliers", describe::rules(&c.rules, &ty, multiply)),
        aspect("chronic failure", describe::rules(&c.rules, &ty, chronic)),
        aspect(
            "earnback",
            c.earnback_after.map_or_else(|| "none".to_string(), |n| format!("after {n} consecutive months met")),
        ),
    ]
}

fn gain(p: &Program, g: &Gain) -> Vec<Aspect> {
    vec![
        aspect("title", g.title.clone()),
        aspect("baseline", g.baseline_months.map_or_else(|| "none".to_string(), |n| format!("first {n} months"))),
        aspect("value", describe::metric_expr(p, &g.value, true)),
        aspect("share", g.share.to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_text, RealFs};
    use std::path::Path;

    const BASE: &str = r#"
contract "C" {
  client "A" provider "B" start 2026-01-01 end 2026-12-31
  timezone "UTC" currency EUR monthly_fee 1000.00 EUR at_risk 10% pool 100% gain_cap 5%
}
dataset t from csv "t.csv" {
  id text = "id"
  score number = "score"
  at timestamp = "at"
  period by at
}
metric m = mean(score of t where id != "x")
xla q "Quality" {
  metric m
  target >= 80
  credit {
    below target : 1% of monthly_fee
    below target - 5 : 50.00 EUR
  }
}
"#;

    fn program(text: &str) -> Program {
        let checked = check_text(Path::new("c.xla"), text.to_string(), &RealFs);
        checked.program.unwrap_or_else(|| panic!("{:?}", checked.diagnostics))
    }

    #[test]
    fn layout_and_comments_are_no_change() {
        let relaid = BASE.replace(
            "metric m = mean(score of t where id != \"x\")",
            "// why\nmetric m =\n  mean( score of t\n    where id != \"x\" ) // same",
        );
        assert_eq!(changes(&program(BASE), &program(&relaid)), []);
    }

    #[test]
    fn a_band_and_a_metric_definition_change_in_words() {
        let amended = BASE
            .replace("below target - 5 : 50.00 EUR", "below target - 5 : 75.00 EUR")
            .replace("!= \"x\"", "!= \"y\"");
        let found = changes(&program(BASE), &program(&amended));
        let words: Vec<(String, String, String)> = found
            .iter()
            .map(|c| (c.aspect.clone(), c.old.clone().unwrap_or_default(), c.new.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            words,
            [
                (
                    "metric".to_string(),
                    "m = mean(score of t where id != \"x\")".to_string(),
                    "m = mean(score of t where id != \"y\")".to_string()
                ),
                (
                    "credit".to_string(),
                    "bands: below target: 1% of monthly_fee; below target - 5: 50.00 EUR".to_string(),
                    "bands: below target: 1% of monthly_fee; below target - 5: 75.00 EUR".to_string()
                ),
            ]
        );
        assert!(found.iter().all(|c| c.subject == Subject::Clause("q".to_string())));
    }

    #[test]
    fn a_column_mapped_to_another_source_is_a_dataset_change() {
        let amended = BASE.replace("score number = \"score\"", "score number = \"points\"");
        let found = changes(&program(BASE), &program(&amended));
        assert_eq!(
            found,
            [Change {
                subject: Subject::Dataset("t".to_string()),
                aspect: "column `score`".to_string(),
                old: Some("score number = \"score\"".to_string()),
                new: Some("score number = \"points\"".to_string()),
            }]
        );
    }
}
