//! Slips that people coming from spreadsheets and other languages make,
//! recognised where a syntax error occurs, so the message names the fix
//! (`01/05/2026` → "dates are written `2026-05-01`") rather than what the
//! grammar happened to expect at that character.
//!
//! Each recogniser looks at the error's place: the token found, the token
//! before it, what the grammar expected, and the text around them. The
//! first that matches wins; when none does, the general message stands.

use super::parser::Rule;
use crate::source::{FileId, Span};

/// A token of the source text: its byte offset and its text.
#[derive(Clone, Copy, Debug)]
pub struct Token<'t> {
    /// Byte offset in the file.
    pub start: usize,
    /// The text (empty at the end of the file).
    pub text: &'t str,
}

impl Token<'_> {
    /// The byte offset just after the token.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// The token's span in `file`.
    pub fn span(&self, file: FileId) -> Span {
        Span::new(file, self.start, self.end())
    }
}

/// Where a syntax error occurred, as the recognisers see it.
pub struct Place<'t> {
    /// The whole file.
    pub text: &'t str,
    /// The token where parsing stopped.
    pub found: Token<'t>,
    /// The token before it, if any.
    pub previous: Option<Token<'t>>,
    /// The grammar rules expected at `found`.
    pub expected: &'t [Rule],
}

/// A recognised slip: what to say, where, and the replacement if there is
/// one sure fix.
#[derive(Debug, PartialEq, Eq)]
pub struct Slip {
    /// The bytes the message is about (and the fix replaces).
    pub range: (usize, usize),
    /// The message, which says what is wrong in the reader's terms.
    pub message: String,
    /// The label under the span.
    pub label: &'static str,
    /// How to write it.
    pub help: String,
    /// The replacement for `range`, when there is exactly one.
    pub fix: Option<String>,
}

impl Slip {
    /// The slip's span in `file`.
    pub fn span(&self, file: FileId) -> Span {
        Span::new(file, self.range.0, self.range.1)
    }
}

/// The recognisers, tried in order.
const RECOGNISERS: &[fn(&Place) -> Option<Slip>] = &[
    missing_comma_in_list,
    missing_comma_between_actions,
    slashed_date,
    unpadded_date,
    unpadded_time,
    thousands_separator,
    currency_before_amount,
    spelled_out_percent,
    spaced_duration,
    money_without_currency,
    single_equals,
    symbol_logic,
    single_quotes,
    parenthesised_list,
    credit_multiplier,
    window_without_consecutive,
    days_without_business,
];

/// The slip at this place, if it is one of the known ones.
pub fn recognise(place: &Place) -> Option<Slip> {
    RECOGNISERS.iter().find_map(|r| r(place))
}

fn expects(place: &Place, rule: Rule) -> bool {
    place.expected.contains(&rule)
}

/// A literal value: a string, or a number with or without a unit.
fn is_value(token: &str) -> bool {
    token.starts_with('"') || token.starts_with(|c: char| c.is_ascii_digit())
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    s.starts_with(|c: char| c.is_ascii_digit()) && s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'_')
}

/// The text after `pos` up to the end of its line.
fn rest_of_line(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

/// The text of `pos`'s line before `pos`.
fn line_before(text: &str, pos: usize) -> &str {
    let before = text.get(..pos).unwrap_or("");
    &before[before.rfind('\n').map_or(0, |i| i + 1)..]
}

fn missing_comma(gap: (usize, usize), before: &str, after: &str) -> Slip {
    Slip {
        range: gap,
        message: format!("a comma is missing between `{before}` and `{after}`"),
        label: "a comma is missing here",
        help: "separate the items of a list with commas: `[\"P1\", \"P2\", \"P3\"]`".to_string(),
        fix: Some(", ".to_string()),
    }
}

/// `["P1", "P2" "P3"]`: two values inside brackets with only space between.
fn missing_comma_in_list(place: &Place) -> Option<Slip> {
    if place.found.text == "[" {
        // A closed text set (`text in [..]`) fails as a whole at its `[`:
        // look inside it for the two strings that touch.
        let line = rest_of_line(place.text, place.found.start);
        let inside = &line[..line.find(']')?];
        let mut last_string_end = None;
        let mut i = 1;
        while i < inside.len() {
            let c = inside.as_bytes()[i];
            if c == b'"' {
                let close = i + 1 + inside[i + 1..].find('"')?;
                if let Some(end) = last_string_end {
                    let start = place.found.start;
                    let (prev, next) = (&inside[prev_string_start(inside, end)..end], &inside[i..=close]);
                    return Some(missing_comma((start + end, start + i), prev, next));
                }
                last_string_end = Some(close + 1);
                i = close + 1;
            } else {
                if c == b',' {
                    last_string_end = None;
                }
                i += 1;
            }
        }
        return None;
    }
    let previous = place.previous?;
    let open = line_before(place.text, previous.start);
    let in_brackets = open.rfind('[').is_some_and(|b| !open[b..].contains(']'));
    let gap_is_blank = place.text.get(previous.end()..place.found.start)?.trim().is_empty();
    (in_brackets && gap_is_blank && is_value(previous.text) && is_value(place.found.text))
        .then(|| missing_comma((previous.end(), place.found.start), previous.text, place.found.text))
}

/// Where the string that ends (exclusive) at `end` in `s` starts.
fn prev_string_start(s: &str, end: usize) -> usize {
    s[..end - 1].rfind('"').unwrap_or(0)
}

/// `when missed escalate level 1 credit x 1.5`: actions without a comma.
/// The parser may stop at the second action's first word or, where that
/// word can also start a clause field (`credit x …` reads as a credit
/// expression), further on: so the `when` line of the error is searched for
/// an action that follows another without a comma.
fn missing_comma_between_actions(place: &Place) -> Option<Slip> {
    const ACTIONS: [&str; 4] = ["escalate level", "credit x", "points x", "chronic failure"];
    let line_start = place.found.start - line_before(place.text, place.found.start).len();
    let line = rest_of_line(place.text, line_start);
    let when = line.find("when ")?;
    line[..when].trim().is_empty().then_some(())?;
    let starts_action = |at: usize| {
        ACTIONS.iter().find(|a| {
            let mut words = a.split(' ');
            let (first, second) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            let rest = &line[at..];
            rest.starts_with(first)
                && rest[first.len()..].starts_with(' ')
                && rest[first.len()..].trim_start().starts_with(second)
        })
    };
    let word_starts =
        (when..line.len()).filter(|&i| i > 0 && line.as_bytes()[i - 1] == b' ' && line.as_bytes()[i] != b' ');
    let mut actions = word_starts.filter(|&i| starts_action(i).is_some());
    actions.next()?;
    let second = actions.find(|&i| !line[..i].trim_end().ends_with(','))?;
    let gap_start = line[..second].trim_end().len();
    let word = starts_action(second)?.split(' ').next().unwrap_or("");
    Some(Slip {
        range: (line_start + gap_start, line_start + second),
        message: format!("a comma is missing between the actions before `{word}`"),
        label: "a comma is missing here",
        help: "separate the actions of a `when` rule with commas: `when missed escalate level 1, credit x 1.5`"
            .to_string(),
        fix: Some(", ".to_string()),
    })
}

/// The date slip `01/05/2026` (or `01.05.2026`) starting at `start`: its
/// end and its day, month and year as written.
fn day_month_year(text: &str, start: usize) -> Option<(usize, &str, &str, &str)> {
    let rest = text.get(start..)?;
    let sep = rest.find(|c: char| !c.is_ascii_digit())?;
    let separator = rest[sep..].chars().next()?;
    if !matches!(separator, '/' | '.') {
        return None;
    }
    let mut parts = rest.splitn(3, separator);
    let (a, b) = (parts.next()?, parts.next()?);
    let tail = parts.next()?;
    let c = &tail[..tail.find(|ch: char| !ch.is_ascii_digit()).unwrap_or(tail.len())];
    let fits = (1..=2).contains(&a.len()) && (1..=2).contains(&b.len()) && c.len() == 4;
    (fits && is_digits(a) && is_digits(b) && is_digits(c)).then(|| (start + a.len() + b.len() + c.len() + 2, a, b, c))
}

/// `01/05/2026`: dates are written year-month-day.
fn slashed_date(place: &Place) -> Option<Slip> {
    let start = [place.previous.map(|p| p.start), Some(place.found.start)]
        .into_iter()
        .flatten()
        .find(|&s| day_month_year(place.text, s).is_some())?;
    let (end, first, second, year) = day_month_year(place.text, start)?;
    let (first_n, second_n) = (first.parse::<u32>().ok()?, second.parse::<u32>().ok()?);
    let day_first = format!("{year}-{second:0>2}-{first:0>2}");
    let month_first = format!("{year}-{first:0>2}-{second:0>2}");
    let written = &place.text[start..end];
    let (help, fix) = if first_n > 12 || first_n == second_n {
        (format!("write `{day_first}`"), Some(day_first))
    } else if second_n > 12 {
        (format!("write `{month_first}`"), Some(month_first))
    } else {
        (format!("write `{day_first}` if `{written}` is day first, or `{month_first}` if it is month first"), None)
    };
    Some(Slip {
        range: (start, end),
        message: format!("dates are written year-month-day, such as `2026-05-01`, not `{written}`"),
        label: "not a date in this language",
        help,
        fix,
    })
}

/// `2026-1-5`: months and days take two digits.
fn unpadded_date(place: &Place) -> Option<Slip> {
    let previous = place.previous.filter(|p| p.text.len() == 4 && is_digits(p.text))?;
    let rest = place.text.get(previous.end()..)?;
    let (month, tail) = rest.strip_prefix('-')?.split_once('-')?;
    let day = &tail[..tail.find(|c: char| !c.is_ascii_digit()).unwrap_or(tail.len())];
    let fits = (1..=2).contains(&month.len()) && (1..=2).contains(&day.len()) && is_digits(month) && is_digits(day);
    let fixed = format!("{}-{month:0>2}-{day:0>2}", previous.text);
    let end = previous.end() + month.len() + day.len() + 2;
    fits.then(|| Slip {
        range: (previous.start, end),
        message: format!("dates are written with a two-digit month and day: `{fixed}`"),
        label: "month and day need two digits",
        help: format!("write `{fixed}`"),
        fix: Some(fixed),
    })
}

/// `8:00`: times of day take two-digit hours.
fn unpadded_time(place: &Place) -> Option<Slip> {
    if !expects(place, Rule::time) {
        return None;
    }
    let rest = rest_of_line(place.text, place.found.start);
    let (hour, after) = rest.split_once(':')?;
    let minutes = after.get(..2).filter(|m| is_digits(m))?;
    (hour.len() == 1 && is_digits(hour)).then(|| {
        let fixed = format!("0{hour}:{minutes}");
        Slip {
            range: (place.found.start, place.found.start + hour.len() + 3),
            message: format!("times of day are written with two-digit hours: `{fixed}`"),
            label: "the hour needs two digits",
            help: format!("write `{fixed}`"),
            fix: Some(fixed),
        }
    })
}

/// `100,000.00 EUR`: no thousands separators.
fn thousands_separator(place: &Place) -> Option<Slip> {
    let previous = place.previous.filter(|p| is_digits(p.text) && p.text.len() <= 3)?;
    if place.found.text != "," {
        return None;
    }
    let rest = rest_of_line(place.text, previous.start);
    let number_end = rest
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || c == '.' || (c == ',' && rest.get(i + 1..i + 4).is_some_and(is_digits)))
        })
        .map_or(rest.len(), |(i, _)| i);
    let written = &rest[..number_end];
    let groups: Vec<&str> = written.split('.').next()?.split(',').collect();
    if groups.len() < 2 || groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    let fixed = written.replace(',', "_");
    Some(Slip {
        range: (previous.start, previous.start + number_end),
        message: format!("numbers are written without thousands separators, not `{written}`"),
        label: "a comma separates values here",
        help: format!("write `{}` or, grouped with underscores, `{fixed}`", written.replace(',', "")),
        fix: Some(fixed),
    })
}

fn is_currency(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// `EUR 100000.00`: the amount comes first.
fn currency_before_amount(place: &Place) -> Option<Slip> {
    let previous = place.previous.filter(|p| is_currency(p.text))?;
    let between = place.text.get(previous.end()..place.found.start)?;
    (is_number(place.found.text) && between.chars().all(|c| c == ' ' || c == '\t')).then(|| {
        let fixed = format!("{} {}", place.found.text, previous.text);
        Slip {
            range: (previous.start, place.found.end()),
            message: format!("an amount of money is written number first: `{fixed}`"),
            label: "currency before the amount",
            help: format!("write `{fixed}`"),
            fix: Some(fixed),
        }
    })
}

/// The contract's currency, read from its `currency` field, if the file has one.
fn contract_currency(text: &str) -> Option<&str> {
    text.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("currency")?;
        let code = rest.trim_start().get(..3)?;
        (rest.starts_with([' ', '\t']) && is_currency(code)).then_some(code)
    })
}

/// `below target : 500.00`: an amount of money without its currency.
fn money_without_currency(place: &Place) -> Option<Slip> {
    let number = if (expects(place, Rule::money) || expects(place, Rule::amount)) && is_number(place.found.text) {
        if expects(place, Rule::percent) && !expects(place, Rule::amount) {
            return None; // a percentage is at least as likely; the general help covers it
        }
        place.found
    } else if expects(place, Rule::currency_code) && !place.found.text.starts_with(|c: char| c.is_alphabetic()) {
        // The amount and the spaces after it were read; the code is missing.
        place.previous.filter(|p| is_number(p.text))?
    } else {
        return None;
    };
    let currency = contract_currency(place.text);
    let fixed = format!("{} {}", number.text, currency.unwrap_or("EUR"));
    Some(Slip {
        range: (number.start, number.end()),
        message: format!("an amount of money needs its currency, such as `{fixed}`"),
        label: "no currency",
        help: match currency {
            Some(_) => format!("write `{fixed}`, or a share of the fee such as `2% of monthly_fee`"),
            None => format!("write the amount with the contract's currency code, such as `{fixed}`"),
        },
        fix: currency.map(|_| fixed),
    })
}

/// `95 percent`: percentages are written with `%`.
fn spelled_out_percent(place: &Place) -> Option<Slip> {
    let previous = place.previous.filter(|p| is_number(p.text))?;
    matches!(place.found.text, "percent" | "pct" | "per").then(|| {
        let fixed = format!("{}%", previous.text);
        Slip {
            range: (previous.start, place.found.end()),
            message: format!("a percentage is written with `%`: `{fixed}`"),
            label: "write `%`",
            help: format!("write `{fixed}`"),
            fix: Some(fixed),
        }
    })
}

/// The one-letter unit for a unit word, as durations write it.
fn duration_unit(word: &str) -> Option<&'static str> {
    match word {
        "d" | "day" | "days" => Some("d"),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some("h"),
        "m" | "min" | "mins" | "minute" | "minutes" => Some("m"),
        "s" | "sec" | "secs" | "second" | "seconds" => Some("s"),
        _ => None,
    }
}

/// `4 hours` or `4 h`: durations are one word with a one-letter unit.
fn spaced_duration(place: &Place) -> Option<Slip> {
    if expects(place, Rule::kw_business) || expects(place, Rule::kw_days) || expects(place, Rule::kw_months) {
        return None; // `within 5 days` lacks `business`, not a unit
    }
    let previous = place.previous.filter(|p| is_number(p.text))?;
    let unit = duration_unit(place.found.text)?;
    let fixed = format!("{}{unit}", previous.text);
    Some(Slip {
        range: (previous.start, place.found.end()),
        message: format!("durations are written as one word with a one-letter unit: `{fixed}`"),
        label: "not a duration",
        help: format!("write `{fixed}`; units are `d`, `h`, `m`, `s`, combined as in `1h30m`"),
        fix: Some(fixed),
    })
}

/// `priority = "P1"`: equality is `==`.
fn single_equals(place: &Place) -> Option<Slip> {
    let rest = rest_of_line(place.text, place.found.start);
    let single = rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>") && !rest.starts_with("=<");
    (single && expects(place, Rule::cmp_op)).then(|| Slip {
        range: (place.found.start, place.found.start + 1),
        message: "a comparison for equality is written `==`".to_string(),
        label: "`=` is not a comparison",
        help: "write `==` (and `!=` for not equal)".to_string(),
        fix: Some("==".to_string()),
    })
}

/// `&&`, `||`, `!`: conditions use words.
fn symbol_logic(place: &Place) -> Option<Slip> {
    let rest = rest_of_line(place.text, place.found.start);
    let (symbol, word) =
        [("&&", "and"), ("||", "or"), ("&", "and"), ("|", "or")].into_iter().find(|(s, _)| rest.starts_with(s))?;
    Some(Slip {
        range: (place.found.start, place.found.start + symbol.len()),
        message: format!("conditions are joined with `{word}`, not `{symbol}`"),
        label: "not an operator",
        help: format!("write `{word}`; the logical words are `and`, `or` and `not`"),
        fix: Some(word.to_string()),
    })
}

/// `'P1'`: strings are in double quotes.
fn single_quotes(place: &Place) -> Option<Slip> {
    let rest = rest_of_line(place.text, place.found.start);
    let inner = rest.strip_prefix('\'')?;
    let close = inner.find('\'')?;
    let fixed = format!("\"{}\"", &inner[..close]);
    Some(Slip {
        range: (place.found.start, place.found.start + close + 2),
        message: format!("strings are written in double quotes: `{fixed}`"),
        label: "single quotes",
        help: format!("write `{fixed}`"),
        fix: Some(fixed),
    })
}

/// `in ("P1", "P2")`: lists are in square brackets.
fn parenthesised_list(place: &Place) -> Option<Slip> {
    (place.found.text == "(" && (expects(place, Rule::list) || expects(place, Rule::string_list))).then(|| Slip {
        range: (place.found.start, place.found.end()),
        message: "a list is written in square brackets, such as `[\"P1\", \"P2\"]`".to_string(),
        label: "a list starts with `[`",
        help: "write the list in `[` and `]`".to_string(),
        fix: None,
    })
}

/// `credit * 1.5` or `credit x1.5`: the multiplier is `credit x 1.5`.
fn credit_multiplier(place: &Place) -> Option<Slip> {
    if !expects(place, Rule::kw_x) {
        return None;
    }
    let rest = rest_of_line(place.text, place.found.start);
    let factor = rest.trim_start_matches(['*', 'x', 'X', '×']).trim_start();
    let factor = &factor[..factor.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(factor.len())];
    let fixed = format!("x {factor}");
    (!factor.is_empty()).then(|| Slip {
        range: (place.found.start, place.found.start + rest.find(factor).unwrap_or(0) + factor.len()),
        message: format!("a credit multiplier is written `credit {fixed}`"),
        label: "write `x`, a space, then the factor",
        help: format!("write `credit {fixed}`"),
        fix: Some(fixed),
    })
}

/// `when missed 2 months`: a window is `2 consecutive months` or `2 of 6 months`.
fn window_without_consecutive(place: &Place) -> Option<Slip> {
    let previous = place.previous.filter(|p| is_digits(p.text))?;
    (expects(place, Rule::kw_consecutive) && matches!(place.found.text, "months" | "month")).then(|| Slip {
        range: (previous.start, place.found.end()),
        message: "a window of months says whether they are in a row".to_string(),
        label: "which months?",
        help: format!(
            "write `{n} consecutive months` (in a row) or `{n} of 6 months` (any {n} of the last 6)",
            n = previous.text
        ),
        fix: Some(format!("{} consecutive months", previous.text)),
    })
}

/// `within 5 days` in an escalation level: deadlines are in business days.
fn days_without_business(place: &Place) -> Option<Slip> {
    let previous = place.previous.filter(|p| is_digits(p.text))?;
    (expects(place, Rule::kw_business) && matches!(place.found.text, "days" | "day")).then(|| Slip {
        range: (previous.start, place.found.end()),
        message: "an escalation deadline is counted in business days".to_string(),
        label: "business days",
        help: format!("write `{} business days`", previous.text),
        fix: Some(format!("{} business days", previous.text)),
    })
}

#[cfg(test)]
mod tests {
    use crate::source::FileId;
    use crate::syntax::parse;

    /// Applies the fix of the first diagnostic of `text`, which must be a
    /// syntax error with a fix.
    fn fixed(text: &str) -> String {
        let parsed = parse(text, FileId(0));
        let d = parsed.diagnostics.first().unwrap_or_else(|| panic!("no diagnostic for {text:?}"));
        let fix = d.fix.as_ref().unwrap_or_else(|| panic!("no fix for {text:?}: {}", d.message));
        let (start, end) = (fix.span.start as usize, fix.span.end as usize);
        format!("{}{}{}", &text[..start], fix.replacement, &text[end..])
    }

    const CONTRACT: &str = "contract \"C\" {\n  currency EUR\n  start    2026-01-01\n}\n";

    #[test]
    fn each_fix_gives_text_that_parses_and_says_what_was_meant() {
        let cases = [
            (
                "dataset t from csv \"t.csv\" {\n  p text in [\"P1\", \"P2\" \"P3\"] = \"p\"\n}\n",
                "[\"P1\", \"P2\", \"P3\"]",
            ),
            ("metric m = count(t where p in [\"P1\" \"P2\"])\n", "[\"P1\", \"P2\"]"),
            ("sla s {\n  when missed escalate level 1 credit x 1.5\n}\n", "level 1, credit x 1.5"),
            ("contract \"C\" {\n  start 13/05/2026\n}\n", "start 2026-05-13"),
            ("contract \"C\" {\n  start 2026-5-1\n}\n", "start 2026-05-01"),
            ("calendar c {\n  hours mon-fri 8:00-18:00\n}\n", "08:00-18:00"),
            ("contract \"C\" {\n  monthly_fee 1,250,000.00 EUR\n}\n", "1_250_000.00 EUR"),
            ("contract \"C\" {\n  monthly_fee EUR 100.00\n}\n", "100.00 EUR"),
            ("sla s {\n  target >= 95 percent\n}\n", ">= 95%"),
            ("metric m = percent(t meeting a - b <= 4 hours)\n", "<= 4h)"),
            ("metric m = percent(t meeting a - b <= 90 mins)\n", "<= 90m)"),
            ("metric m = count(t where p = \"P1\")\n", "p == \"P1\""),
            ("metric m = count(t where a || b)\n", "a or b"),
            ("metric m = count(t where p == 'P1')\n", "p == \"P1\""),
            ("sla s {\n  when missed credit x1.5\n}\n", "credit x 1.5"),
            ("sla s {\n  when missed 3 months escalate level 1\n}\n", "3 consecutive months"),
            ("escalation {\n  level 1 \"R\" within 5 days\n}\n", "5 business days"),
        ];
        for (broken, want) in cases {
            let text = fixed(broken);
            assert!(text.contains(want), "{broken:?} became {text:?}");
            assert!(parse(&text, FileId(0)).diagnostics.is_empty(), "{text:?} still has errors");
        }
        let money = format!("{CONTRACT}sla s {{\n  credit {{\n    below target : 500.00\n  }}\n}}\n");
        assert!(fixed(&money).contains(": 500.00 EUR\n"), "{}", fixed(&money));
    }

    #[test]
    fn an_ambiguous_date_has_no_fix_but_names_both_readings() {
        let parsed = parse("contract \"C\" {\n  start 01/05/2026\n}\n", FileId(0));
        let d = &parsed.diagnostics[0];
        assert!(d.fix.is_none());
        assert_eq!(
            d.help.as_deref(),
            Some("write `2026-05-01` if `01/05/2026` is day first, or `2026-01-05` if it is month first")
        );
    }
}
