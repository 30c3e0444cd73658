//! The cover: the contract, its parties and the months reviewed; what is
//! payable month by month and in total; the caps (the monthly cap's use,
//! the contract year against the annual cap); and the credits that can
//! still be earned back.

use super::chart::{Chart, Series, Stroke};
use super::table::{write_figure, write_table, Cell, Table};
use super::{clause_name, escape, Review};
use crate::report::standing::{monthly_cap_use, open_credits, year_to_date};
use crate::report::{human, text};
use crate::settle::{gain_cap, monthly_cap, Totals};
use crate::value::{canonical, Decimal};
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write as _;

/// Writes the cover section.
pub fn section(out: &mut String, review: Review) {
    let inputs = review.inputs;
    let program = review.program();
    let c = &program.contract;
    let currency = c.currency;
    let months = review.months();
    let (from, through) = (months[0], months[months.len() - 1]);
    out.push_str("<section id=\"cover\">\n");
    let _ = writeln!(out, "<h1>Service review: {}</h1>", escape(&c.name));
    let _ = writeln!(
        out,
        "<p class=\"lede\">Client <strong>{}</strong>, provider <strong>{}</strong>. Months reviewed: \
         <strong>{from}</strong> to <strong>{through}</strong> ({} month{}). Contract term {} to {}; monthly fee {}; \
         all amounts in {}.</p>",
        escape(&c.client),
        escape(&c.provider),
        months.len(),
        if months.len() == 1 { "" } else { "s" },
        c.start.format("%Y-%m-%d"),
        c.end.format("%Y-%m-%d"),
        escape(&human::money(c.monthly_fee.amount, currency)),
        currency
    );
    let _ = writeln!(
        out,
        "<p class=\"small\">Contract file <code>{}</code>, SHA-256 <code>{}</code>.</p>",
        escape(&inputs.contract.root.path),
        escape(&inputs.contract.root.sha256)
    );

    // Money by month, with a total line.
    let money = |d: Decimal| Cell::figure(human::amount(d, currency), Some(text::money(d, currency)));
    let totals: Vec<&Totals> = review.indices().map(|m| &inputs.settlement.months[m].totals).collect();
    let sum = |f: fn(&Totals) -> Decimal| totals.iter().fold(Decimal::ZERO, |acc, t| acc.saturating_add(f(t)));
    let cap_use = |m: usize| {
        monthly_cap_use(inputs, m).map_or_else(|| "—".to_string(), |p| format!("{}%", canonical(p.round_dp(1))))
    };
    let table = Table {
        caption: format!("Money by month ({currency})"),
        head: std::iter::once("Month".to_string())
            .chain(
                ["Fee", "Credits", "Earnbacks", "Bonuses, gains", "Net payable"].map(|h| format!("{h} ({currency})")),
            )
            .chain(["Cap used".to_string()])
            .collect(),
        rows: review
            .indices()
            .map(|m| {
                let t = &inputs.settlement.months[m].totals;
                vec![
                    Cell::text(inputs.eval.term.months[m].to_string()),
                    money(t.monthly_fee),
                    money(t.credits),
                    money(t.earnbacks),
                    money(t.bonuses_and_gains),
                    money(t.net),
                    Cell::figure(cap_use(m), None),
                ]
            })
            .collect(),
        foot: vec![vec![
            Cell::text("Total"),
            money(sum(|t| t.monthly_fee)),
            money(sum(|t| t.credits)),
            money(sum(|t| t.earnbacks)),
            money(sum(|t| t.bonuses_and_gains)),
            money(sum(|t| t.net)),
            Cell::text(""),
        ]],
    };
    let _ = writeln!(
        out,
        "<p class=\"headline\">Net payable over the months reviewed: <strong data-figure=\"net-total\" data-value=\"{}\">{}</strong> \
         (service credits {}, earnbacks {}, bonuses and gains {}).</p>",
        escape(&text::money(sum(|t| t.net), currency)),
        escape(&human::money(sum(|t| t.net), currency)),
        escape(&human::money(sum(|t| t.credits), currency)),
        escape(&human::money(sum(|t| t.earnbacks), currency)),
        escape(&human::money(sum(|t| t.bonuses_and_gains), currency)),
    );
    let monthly = monthly_cap(c).unwrap_or(Decimal::ZERO);
    let gain = gain_cap(c).unwrap_or(Decimal::ZERO);
    let amounts = |f: fn(&Totals) -> Decimal| totals.iter().map(|t| f(t).to_f64()).collect::<Vec<_>>();
    let chart = Chart {
        limits: Some((0.0, f64::INFINITY)),
        id: "chart-money".to_string(),
        title: "Credits, earnbacks and bonuses by month".to_string(),
        y_label: format!("Amount ({currency})"),
        months,
        series: vec![
            Series { name: "Service credits".to_string(), stroke: Stroke::Solid, points: amounts(|t| t.credits) },
            Series { name: "Earnbacks".to_string(), stroke: Stroke::Solid, points: amounts(|t| t.earnbacks) },
            Series {
                name: "Bonuses and gains".to_string(),
                stroke: Stroke::Solid,
                points: amounts(|t| t.bonuses_and_gains),
            },
            Series {
                name: format!("Monthly cap ({} of the fee)", c.at_risk),
                stroke: Stroke::DashedSteps,
                points: vec![monthly.to_f64(); months.len()],
            },
        ],
        description: format!(
            "Service credits, earnbacks and bonuses and gains in {currency} for each month from {from} to {through}, \
             against the monthly cap of {}. The table beside the chart lists the same figures and the net payable.",
            human::money(monthly, currency)
        ),
    };
    out.push_str("<h2>What is payable</h2>\n");
    write_figure(
        out,
        "figure-money",
        &[chart],
        &table,
        "Net payable = monthly fee − service credits + earnbacks + bonuses and gains. “Cap used” is the month's \
         service credits as a share of the monthly cap.",
    );

    // The contract year against the annual cap.
    let ytd = year_to_date(inputs, review.last);
    out.push_str("<h2>The contract year so far</h2>\n");
    let headroom = match &ytd.annual {
        Some(annual) => format!(
            "The annual cap ({}) is {}: {} of it is used and <strong data-figure=\"annual-headroom\" \
             data-value=\"{}\">{}</strong> is left. Earnbacks do not restore it.",
            escape(&annual.written),
            escape(&human::money(annual.cap, currency)),
            escape(&human::money(annual.used, currency)),
            escape(&text::money(annual.left, currency)),
            escape(&human::money(annual.left, currency)),
        ),
        None => "The contract has no annual cap: only the monthly cap limits credits.".to_string(),
    };
    let _ = writeln!(
        out,
        "<p>Contract year from {} through {}: service credits <strong data-figure=\"ytd-credits\" data-value=\"{}\">{}</strong>, \
         earnbacks {}, bonuses and gains {}, net payable {}. {headroom}</p>",
        ytd.first,
        ytd.last,
        escape(&text::money(ytd.credits, currency)),
        escape(&human::money(ytd.credits, currency)),
        escape(&human::money(ytd.earnbacks, currency)),
        escape(&human::money(ytd.bonuses_and_gains, currency)),
        escape(&human::money(ytd.net, currency)),
    );
    let _ = writeln!(
        out,
        "<p>The monthly cap is {} of the monthly fee, {}; bonuses and gains are capped at {} of the fee, {}, a month.</p>",
        c.at_risk,
        escape(&human::money(monthly, currency)),
        c.gain_cap,
        escape(&human::money(gain, currency)),
    );

    // Credits still open to earnback.
    out.push_str("<h2>Credits that can still be earned back</h2>\n");
    let open = open_credits(inputs, review.last);
    if open.is_empty() {
        out.push_str("<p>None: no clause with an earnback has a credit outstanding.</p>\n");
    } else {
        let total = open.iter().fold(Decimal::ZERO, |acc, o| acc.saturating_add(o.amount));
        write_table(
            out,
            &Table {
                caption: format!("Credits open to earnback at the end of {through} ({currency})"),
                head: vec![
                    "Clause".to_string(),
                    "Charged in".to_string(),
                    format!("Amount ({currency})"),
                    "Returned after".to_string(),
                    "Met months in a row so far".to_string(),
                ],
                rows: open
                    .iter()
                    .map(|o| {
                        vec![
                            Cell::text(clause_name(program, o.clause)),
                            Cell::text(o.charged_in.to_string()),
                            money(o.amount),
                            Cell::text(format!("{} consecutive months met", o.after)),
                            Cell::figure(o.met_so_far.to_string(), None),
                        ]
                    })
                    .collect(),
                foot: vec![vec![Cell::text("Total"), Cell::text(""), money(total), Cell::text(""), Cell::text("")]],
            },
        );
    }
    out.push_str("</section>\n");
}
