//! The `contract` item: terms, currency, fee and caps.

use super::words;
use super::Checker;
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::ir;
use crate::source::Span;
use crate::syntax::ast::{Field, LitKind, Literal};
use crate::value::{Currency, Money, Percent};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What is known of the contract's terms even when some fields are wrong,
/// so that later checks (currencies, windows, the pool) still run.
#[derive(Default)]
pub struct Facts {
    /// The contract currency.
    pub currency: Option<Currency>,
    /// First and last day of the term.
    pub term: Option<(NaiveDate, NaiveDate)>,
    /// The contract timezone.
    pub timezone: Option<Tz>,
    /// The monthly fee amount.
    pub fee: Option<Decimal>,
    /// The pool allocations must fit in.
    pub pool: Option<Percent>,
}

const FIELDS: &[(&str, &str)] = &[
    ("client", "a string such as `\"Acme Corp\"`"),
    ("provider", "a string such as `\"Northwind Managed Services\"`"),
    ("start", "a date such as `2026-01-01`"),
    ("end", "a date such as `2028-12-31`"),
    ("timezone", "an IANA timezone such as `\"Europe/London\"`"),
    ("currency", "an ISO 4217 code such as `EUR`"),
    ("monthly_fee", "an amount such as `250000.00 EUR`"),
    ("at_risk", "a percentage of the monthly fee such as `12%`"),
    ("annual_cap", "a percentage of 12 monthly fees such as `8%`, or an amount such as `120000.00 EUR`, optionally followed by `rolling`"),
    ("pool", "a percentage such as `200%`"),
    ("gain_cap", "a percentage of the monthly fee such as `4%`"),
    ("point_value", "an amount such as `500.00 EUR` or a share of the fee such as `0.5% of monthly_fee`"),
];
const REQUIRED: &[&str] = &["client", "provider", "start", "end", "timezone", "currency", "monthly_fee"];

impl Checker<'_> {
    /// Checks the contract's fields and records the contract terms.
    pub(super) fn check_contract(&mut self) {
        let Some(entry) = self.scope.contract else {
            return;
        };
        let contract = entry.node;
        let mut fields: HashMap<&str, &Field> = HashMap::new();
        for field in &contract.fields {
            let key = field.key.name.as_str();
            if !FIELDS.iter().any(|(k, _)| *k == key) {
                let mut d =
                    Diagnostic::new(Code::UnknownField, field.key.span, format!("a contract has no field `{key}`"))
                        .with_label("unknown field");
                d = match did_you_mean(key, FIELDS.iter().map(|(k, _)| *k)) {
                    Some(best) => d.with_help(format!("did you mean `{best}`?")).with_fix(best),
                    None => d.with_help(format!(
                        "the fields are {}",
                        FIELDS.iter().map(|(k, _)| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    )),
                };
                self.report(d);
            } else if let Some(first) = fields.insert(key, field) {
                let first_span = first.key.span;
                self.report(
                    Diagnostic::new(Code::DuplicateField, field.key.span, format!("`{key}` is given twice"))
                        .with_label("second value")
                        .with_secondary(first_span, "first given here")
                        .with_help("keep one of them"),
                );
            }
        }
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|k| !fields.contains_key(k)).collect();
        if !missing.is_empty() {
            let list = words::list(&missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>());
            self.report(
                Diagnostic::new(Code::MissingField, contract.name.span, format!("the contract is missing {list}"))
                    .with_label("in this contract")
                    .with_help(
                        missing
                            .iter()
                            .map(|k| format!("add `{k}` with {}", expectation(k)))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
            );
        }

        let text = |c: &mut Self, key: &str| c.field_text(fields.get(key).copied());
        let client = text(self, "client");
        let provider = text(self, "provider");
        let start = self.field_date(fields.get("start").copied());
        let end = self.field_date(fields.get("end").copied());
        let timezone = self.field_timezone(fields.get("timezone").copied());
        let currency = self.field_currency(fields.get("currency").copied());
        let monthly_fee = self.field_fee(fields.get("monthly_fee").copied(), currency);
        let at_risk = self.field_percent(fields.get("at_risk").copied(), true);
        for field in fields.values() {
            self.field_suffixes(field);
        }
        let annual_cap = self.field_annual_cap(fields.get("annual_cap").copied(), currency);
        let point_value = self.field_point_value(fields.get("point_value").copied(), currency);
        let pool = self.field_percent(fields.get("pool").copied(), false);
        let gain_cap = self.field_percent(fields.get("gain_cap").copied(), false);

        self.facts = Facts {
            currency,
            term: start.zip(end).filter(|(s, e)| s <= e),
            timezone,
            fee: monthly_fee.map(|m| m.amount),
            pool: Some(pool.unwrap_or(Percent(Decimal::ONE_HUNDRED))),
        };
        if let (Some(s), Some(e), Some(end_field)) = (start, end, fields.get("end")) {
            if e < s {
                let start_span = fields.get("start").map_or(end_field.value.span, |f| f.value.span);
                self.report(
                    Diagnostic::new(
                        Code::TermOrder,
                        end_field.value.span,
                        format!("the contract ends ({e}) before it starts ({s})"),
                    )
                    .with_label("end")
                    .with_secondary(start_span, "start")
                    .with_help("`end` is the last day of the term and must not be before `start`"),
                );
            }
        }
        let (Some(client), Some(provider), Some(start), Some(end), Some(timezone), Some(currency), Some(monthly_fee)) =
            (client, provider, start, end, timezone, currency, monthly_fee)
        else {
            return;
        };
        let file = self.files.sources.get(entry.span.file).path.clone();
        self.contract = Some(ir::Contract {
            name: contract.name.value.clone(),
            client,
            provider,
            start,
            end,
            timezone,
            currency,
            monthly_fee,
            at_risk: at_risk.unwrap_or_default(),
            annual_cap,
            point_value,
            pool: pool.unwrap_or(Percent(Decimal::ONE_HUNDRED)),
            gain_cap: gain_cap.unwrap_or_default(),
            file,
        });
    }

    fn wrong_value(&mut self, field: &Field) {
        let key = field.key.name.as_str();
        let mut d = Diagnostic::new(Code::FieldValue, field.value.span, format!("`{key}` takes {}", expectation(key)))
            .with_label("not a valid value here");
        // Quotes around a date or a currency code are the usual slip.
        if let LitKind::Text(inner) = &field.value.kind {
            let unquoted = match key {
                "start" | "end" => NaiveDate::parse_from_str(inner, "%Y-%m-%d").is_ok(),
                "currency" => Currency::from_code(inner).is_some(),
                _ => false,
            };
            if unquoted {
                d = d.with_help(format!("write it without quotes: `{inner}`")).with_fix(inner.clone());
            }
        }
        self.report(d);
    }

    fn field_text(&mut self, field: Option<&Field>) -> Option<String> {
        let field = field?;
        match &field.value.kind {
            LitKind::Text(s) => Some(s.clone()),
            _ => {
                self.wrong_value(field);
                None
            }
        }
    }

    fn field_date(&mut self, field: Option<&Field>) -> Option<NaiveDate> {
        let field = field?;
        match field.value.kind {
            LitKind::Date(d) => Some(d),
            _ => {
                self.wrong_value(field);
                None
            }
        }
    }

    fn field_timezone(&mut self, field: Option<&Field>) -> Option<Tz> {
        let field = field?;
        let LitKind::Text(name) = &field.value.kind else {
            self.wrong_value(field);
            return None;
        };
        self.timezone(name, field.value.span)
    }

    /// Parses an IANA timezone name, reporting unknown ones.
    pub(super) fn timezone(&mut self, name: &str, span: Span) -> Option<Tz> {
        if let Ok(tz) = name.parse::<Tz>() {
            return Some(tz);
        }
        let mut d = Diagnostic::new(Code::UnknownTimezone, span, format!("`{name}` is not an IANA timezone"))
            .with_label("unknown timezone");
        let exact = chrono_tz::TZ_VARIANTS.iter().find(|tz| tz.name().eq_ignore_ascii_case(name));
        let close =
            exact.map(|tz| tz.name()).or_else(|| did_you_mean(name, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())));
        d = match close {
            Some(best) => d.with_help(format!("did you mean `\"{best}\"`?")).with_fix(format!("\"{best}\"")),
            None => d.with_help(
                "use a name from the IANA timezone database, such as \"Europe/London\" or \"America/New_York\"",
            ),
        };
        self.report(d);
        None
    }

    fn field_currency(&mut self, field: Option<&Field>) -> Option<Currency> {
        let field = field?;
        match &field.value.kind {
            LitKind::Code(code) => self.currency(code, field.value.span),
            _ => {
                self.wrong_value(field);
                None
            }
        }
    }

    /// Looks up an ISO 4217 code, reporting unknown ones.
    pub(super) fn currency(&mut self, code: &str, span: Span) -> Option<Currency> {
        let found = Currency::from_code(code);
        if found.is_none() {
            self.report(
                Diagnostic::new(Code::UnknownCurrency, span, format!("`{code}` is not an ISO 4217 currency code"))
                    .with_label("unknown currency")
                    .with_help("use a three-letter code such as EUR, USD, GBP or JPY"),
            );
        }
        found
    }

    fn field_fee(&mut self, field: Option<&Field>, currency: Option<Currency>) -> Option<Money> {
        let field = field?;
        let LitKind::Money { amount, currency: code } = &field.value.kind else {
            self.wrong_value(field);
            return None;
        };
        let contract_code = self
            .scope
            .contract
            .and_then(|c| c.node.fields.iter().find(|f| f.key.name == "currency").map(|f| f.value.kind.clone()));
        if currency.is_none() && contract_code == Some(LitKind::Code(code.clone())) {
            return None; // the same unknown code as `currency`, reported there
        }
        let fee_currency = self.currency(code, field.value.span)?;
        if let Some(contract_currency) = currency {
            if fee_currency != contract_currency {
                self.report(
                    Diagnostic::new(
                        Code::Currency,
                        field.value.span,
                        format!(
                            "the monthly fee is in {fee_currency} but the contract currency is {contract_currency}"
                        ),
                    )
                    .with_label(format!("in {fee_currency}"))
                    .with_help(format!("write the fee in {contract_currency}")),
                );
                return None;
            }
        }
        if !self.money_precision(*amount, fee_currency, field.value.span) {
            return None;
        }
        if *amount <= Decimal::ZERO {
            self.report(
                Diagnostic::new(Code::FeeNotPositive, field.value.span, "the monthly fee must be positive")
                    .with_label("zero or negative")
                    .with_help("credits, caps and gains are shares of the monthly fee; write the fee the client pays, such as `250000.00 EUR`"),
            );
            return None;
        }
        Some(Money::new(*amount, fee_currency))
    }

    /// Reports `of monthly_fee` or `rolling` after a field that does not take it.
    fn field_suffixes(&mut self, field: &Field) {
        let key = field.key.name.as_str();
        let misplaced = [
            (field.of_monthly_fee.filter(|_| key != "point_value"), "`of monthly_fee`"),
            (field.rolling.filter(|_| key != "annual_cap"), "`rolling`"),
        ];
        for (span, what) in misplaced {
            if let Some(span) = span {
                self.report(
                    Diagnostic::new(Code::FieldValue, span, format!("{what} does not apply to `{key}`"))
                        .with_label("not for this field")
                        .with_help(format!("`{key}` takes {}", expectation(key))),
                );
            }
        }
    }

    /// `annual_cap P%` or `annual_cap AMOUNT`, either optionally `rolling`.
    fn field_annual_cap(&mut self, field: Option<&Field>, currency: Option<Currency>) -> Option<ir::AnnualCap> {
        let field = field?;
        let amount = match &field.value.kind {
            LitKind::Percent(_) => self.field_percent(Some(field), true).map(ir::CapAmount::OfTwelveFees)?,
            LitKind::Money { .. } => ir::CapAmount::Money(self.field_amount(field, currency)?),
            _ => {
                self.wrong_value(field);
                return None;
            }
        };
        Some(ir::AnnualCap { amount, rolling: field.rolling.is_some() })
    }

    /// `point_value AMOUNT` or `point_value P% of monthly_fee`.
    fn field_point_value(&mut self, field: Option<&Field>, currency: Option<Currency>) -> Option<ir::BandAmount> {
        let field = field?;
        match (&field.value.kind, field.of_monthly_fee) {
            (LitKind::Percent(_), Some(_)) => self.field_percent(Some(field), false).map(ir::BandAmount::OfFee),
            (LitKind::Money { .. }, None) => self.field_amount(field, currency).map(ir::BandAmount::Money),
            _ => {
                self.wrong_value(field);
                None
            }
        }
    }

    /// A money field in the contract currency, not negative.
    fn field_amount(&mut self, field: &Field, currency: Option<Currency>) -> Option<Decimal> {
        let LitKind::Money { amount, currency: code } = &field.value.kind else {
            self.wrong_value(field);
            return None;
        };
        let c = self.money_currency(&field.value, code)?;
        if currency.is_some_and(|contract| contract != c) || amount.is_sign_negative() && !amount.is_zero() {
            let key = field.key.name.as_str();
            self.report(
                Diagnostic::new(Code::FieldValue, field.value.span, format!("`{key}` cannot be negative"))
                    .with_label("negative")
                    .with_help(format!("`{key}` takes {}", expectation(key))),
            );
            return None;
        }
        Some(*amount)
    }

    fn field_percent(&mut self, field: Option<&Field>, at_most_hundred: bool) -> Option<Percent> {
        let field = field?;
        let LitKind::Percent(p) = field.value.kind else {
            self.wrong_value(field);
            return None;
        };
        if p.is_sign_negative() || (at_most_hundred && p > Decimal::ONE_HUNDRED) {
            let key = field.key.name.as_str();
            let range = if at_most_hundred { "between 0% and 100%" } else { "0% or more" };
            self.report(
                Diagnostic::new(Code::FieldValue, field.value.span, format!("`{key}` must be {range}"))
                    .with_label("out of range")
                    .with_help(format!("`{key}` is {}", expectation(key))),
            );
            return None;
        }
        Some(Percent(p))
    }

    /// The contract currency, once known.
    pub(super) fn contract_currency(&self) -> Option<Currency> {
        self.facts.currency
    }

    /// Number of months in the term, once known.
    pub(super) fn term_months(&self) -> Option<u32> {
        use chrono::Datelike;
        let (start, end) = self.facts.term?;
        let months = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1;
        u32::try_from(months).ok()
    }

    /// Checks that money written in a literal is in the contract currency.
    pub(super) fn money_currency(&mut self, literal: &Literal, code: &str) -> Option<Currency> {
        let currency = self.currency(code, literal.span)?;
        match self.contract_currency() {
            Some(contract) if contract != currency => {
                self.report(
                    Diagnostic::new(
                        Code::Currency,
                        literal.span,
                        format!("this amount is in {currency} but the contract currency is {contract}"),
                    )
                    .with_label(format!("in {currency}"))
                    .with_help(format!("all money in a contract is in its currency; write the amount in {contract}")),
                );
                None
            }
            _ => {
                if let LitKind::Money { amount, .. } = &literal.kind {
                    if !self.money_precision(*amount, currency, literal.span) {
                        return None;
                    }
                }
                Some(currency)
            }
        }
    }

    /// §9 v2: a money amount is written with at most its currency's minor
    /// units (`100.005 EUR` and `1000.50 JPY` are errors, never rounded).
    fn money_precision(&mut self, amount: Decimal, currency: Currency, span: Span) -> bool {
        let minor = currency.minor_units();
        if amount.scale() <= minor {
            return true;
        }
        let places = match minor {
            0 => "no decimals".to_string(),
            1 => "1 decimal".to_string(),
            n => format!("{n} decimals"),
        };
        self.report(
            Diagnostic::new(
                Code::MoneyPrecision,
                span,
                format!("{currency} amounts have {places}, but this one is written with {}", amount.scale()),
            )
            .with_label(format!("finer than {currency} allows"))
            .with_help(format!(
                "write the amount in whole minor units of {currency}; an amount that cannot be paid is never rounded silently"
            )),
        );
        false
    }
}

fn expectation(key: &str) -> &'static str {
    FIELDS.iter().find(|(k, _)| *k == key).map_or("a value", |(_, e)| e)
}
