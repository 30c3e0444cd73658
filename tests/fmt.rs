//! The formatter: it keeps the meaning (the AST, spans aside, and every
//! comment), it is idempotent, and its layout is the one of LANGUAGE.md §2.

use proptest::prelude::*;
use std::path::Path;
use xla::fmt::format;
use xla::source::FileId;
use xla::syntax::parse;

/// What formatting must not change: the items without their spans, and the
/// text of every comment in order.
fn meaning(text: &str) -> (String, Vec<String>) {
    let parsed = parse(text, FileId(0));
    assert!(parsed.diagnostics.is_empty(), "does not parse: {:?}\n{text}", parsed.diagnostics);
    let comments = parsed.ast.comments.iter().map(|c| c.text.clone()).collect();
    (strip_spans(&format!("{:?}", parsed.ast.items)), comments)
}

/// `{:?}` output with every `Span { file: .., start: .., end: .. }` replaced
/// by `Span`.
fn strip_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find("Span { file: ") {
        out.push_str(&rest[..at]);
        out.push_str("Span");
        let after = &rest[at..];
        rest = &after[after.find('}').map_or(after.len(), |n| n + 1)..];
    }
    out.push_str(rest);
    out
}

/// Formats `text`, checks that the result means the same, is a fixed point
/// and keeps the layout rules that hold for every file; returns it.
fn formats(name: &str, text: &str) -> String {
    let once = format(text).unwrap_or_else(|d| panic!("{name}: not formatted: {d:?}"));
    assert_eq!(meaning(&once), meaning(text), "{name}: the meaning changed:\n{once}");
    let twice = format(&once).unwrap_or_else(|d| panic!("{name}: output does not parse: {d:?}"));
    assert_eq!(twice, once, "{name}: formatting twice changes the text");
    for (n, line) in once.lines().enumerate() {
        assert_eq!(line, line.trim_end(), "{name}: trailing whitespace on line {}", n + 1);
    }
    if !once.is_empty() {
        assert!(once.ends_with('\n') && !once.ends_with("\n\n"), "{name}: bad end of file");
        assert!(!once.starts_with('\n'), "{name}: blank line at the start");
    }
    assert!(!once.contains("\n\n\n"), "{name}: two blank lines in a row");
    once
}

fn acme() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme/contract.xla");
    std::fs::read_to_string(path).expect("the acme example is part of the repository")
}

#[test]
fn every_example_and_ui_file_keeps_its_meaning_and_is_stable() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for pattern in ["examples/**/*.xla", "tests/ui/**/*.xla", "tests/warehouse/*.xla"] {
        let pattern = root.join(pattern);
        let paths = glob::glob(&pattern.to_string_lossy()).expect("a valid glob pattern");
        for path in paths.flatten() {
            let text = std::fs::read_to_string(&path).expect("readable file");
            if !parse(&text, FileId(0)).diagnostics.is_empty() {
                continue; // files that show syntax errors have nothing to format
            }
            formats(&path.display().to_string(), &text);
            checked += 1;
        }
    }
    assert!(checked > 0, "no .xla file found under examples/");
}

#[test]
fn acme_example() {
    insta::assert_snapshot!(formats("acme", &acme()));
}

const MESSY: &str = r#"// Header comment of the file.

// Second header paragraph.
include   "shared/calendars.xla"   // shared calendars
/// The contract.
/// Two lines of doc.
contract "Messy Corp"{client "Messy"
provider "Supplier"     // who delivers
  start 2026-01-01 end 2026-12-31
timezone "Europe/Paris" currency EUR monthly_fee 1000.00    EUR


  // credits
  at_risk 10%
annual_cap 5% pool 100% gain_cap 2%
  // before the closing brace
}
calendar  ops{hours mon , wed-fri  09:00 - 17:30 hours sat 10:00-12:00
holiday 2026-05-01
holiday 2026-12-24 "Eve"   holidays "h.toml"}
dataset tix from csv "t/*.csv"{   // the tickets
  id text="id"
 prio text in ["P1","P2",] ? = "p" timezone "UTC"
opened timestamp="o" format "%Y"
  mins duration ? = "m" unit minutes format "x"
  period by opened to mins
  skip 2 rows missing "?","N/A"
  unique by id latest by opened reject up to 1.5%
}
metric  long_one=percent(tix where prio == "P1" and opened != none and mins > 30m or prio in ["P2", "P1",] meeting mins<=4h)
metric m2 = -(1+2)*3 - -4 / (not(true))
metric m3 = sum( mins of tix where  prio=="P1" )/ count(tix)


escalation{level 1 "A" within 5 business days
level 10 "Longer role" within 10 business day}
sla s1 "Title" { metric long_one target >= 95% minimum >= 90%
  from 2026-03-01 min_volume 5 allocation 40% baseline first 1 month
when missed escalate level 1
 when failed 2 consecutive months escalate level 10, credit x 1.5 , chronic failure
 earnback after 2 consecutive months met
 when met 3 of 6 months escalate level 1 // odd
}
xla x1 { metric m2 target <= baseline - 5 reviewed every 3 months ratchet
credit { below target:1% of monthly_fee below target - 10 : 500.00 EUR }
bonus{}
}
gain g "G" { value (m2 - m3) * 2.00   EUR/h share 10% baseline first 2 months }
// trailing file comment
"#;

#[test]
fn messy_file_with_every_item_kind() {
    insta::assert_snapshot!(formats("messy", MESSY));
}

const ODD_COMMENTS: &str = r#"metric a = // after equals
  percent(tix // the data
    // own-line inside call
    where prio == "P1" // trailing inside
    meeting x <= 4h) // end
metric b = 1 +
// own line between operands
2
sla // after keyword
 s1 // after id
 { // after brace
  metric // after metric kw
  a
  when missed // after condition
     escalate level 1, // after comma
     chronic failure
  credit // before brace
  { below 5% // in band
  : 1% of monthly_fee
  // end of bands
  }
}
dataset d from csv "x" {
  c text in ["a", // after a
  "b" // after b
  ] = "c"
  d text // after type
  ? = "d"
  period by c
}
calendar k { hours mon - // inside a day range
fri 08:00-18:00 }
/// doc, with a blank line below it

metric c = 1
/// not a doc: a plain comment follows
// plain
metric d = 2 /// trailing, not a doc
"#;

#[test]
fn comments_in_odd_places_stay_next_to_their_tokens() {
    insta::assert_snapshot!(formats("odd comments", ODD_COMMENTS));
}

const LONG_EXPRESSIONS: &str = r#"metric short = percent(tickets where priority == "P1" meeting resolved - opened <= 4h)
metric a_rather_long_metric_name = percent(tickets where priority == "P1" and channel == "phone"
  meeting business_time(opened, resolved, business) <= 4h)
metric chain = count(tickets where channel == "phone" or channel == "chat" or channel == "walk-in" or channel == "email")
metric sums = happiness_score_for_the_month + lost_time_per_case_in_minutes * 2 - repeat_rate_for_the_month / 3
metric nested = 100% - 100% * (sum(overlap(start, end, always) of outages where service == "email" and not planned) / scheduled(always))
metric args = some_function_with_a_very_long_name(first_argument_name, second_argument_name, third_one)
gain g {
  value (baseline(lost_per_case) - lost_per_case) * count(surveys where answered != none and score > 0) * 55.00 EUR/h
  share 30%
}
"#;

#[test]
fn long_expressions_break_before_where_meeting_operators_and_after_commas() {
    let out = formats("long expressions", LONG_EXPRESSIONS);
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "too long: {line}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn rolling_windows_and_measurement_periods_are_laid_out() {
    let messy = "metric r = percent(tickets meeting reopens > 0)   over  3   months // rolling\n\
metric s = scheduled( office )over 2 month\n\
sla q \"Q\" {\n  metric r\n target >= 90%\n    measured   every  3  months\n\
  allocation 10%\n when missed 2 consecutive   periods escalate level 1\n\
  when missed 2 of 4 periods chronic failure\n  earnback after 2 consecutive  periods met\n}\n";
    let out = formats("periods", messy);
    let expected = r#"metric r = percent(tickets meeting reopens > 0) over 3 months  // rolling

metric s = scheduled(office) over 2 month

sla q "Q" {
  metric     r
  target     >= 90%
  measured   every 3 months
  allocation 10%
  when missed 2 consecutive periods   escalate level 1
  when missed 2 of 4 periods          chronic failure
  earnback after 2 consecutive periods met
}
"#;
    assert_eq!(out, expected);
}

#[test]
fn slashes_in_strings_are_not_comments() {
    let out = formats("slashes", "include \"http://x\"   // real\nmetric m = f(x, \"a//b\")\n");
    assert_eq!(out, "include \"http://x\"  // real\n\nmetric m = f(x, \"a//b\")\n");
}

/// The grammar lets `format` and `unit` repeat on a column and the AST
/// keeps the last of each: the formatter prints what the AST holds.
#[test]
fn a_repeated_column_format_keeps_the_one_that_counts() {
    let out = formats(
        "repeats",
        "dataset d from csv \"x\" {\n  a timestamp = \"a\" format \"%Y\" unit minutes format \"%d\"\n  period by a\n}\n",
    );
    assert_eq!(out, "dataset d from csv \"x\" {\n  a timestamp = \"a\" unit minutes format \"%d\"\n  period by a\n}\n");
}

#[test]
fn blank_lines_between_fields_are_kept_once() {
    let text =
        "contract \"C\" {\n\n\n  client \"a\"\n\n\n\n  provider \"b\"\n  start 2026-01-01\n\n}\n\n\n\nmetric m = 1\n";
    let out = formats("blank lines", text);
    assert_eq!(
        out,
        "contract \"C\" {\n  client   \"a\"\n\n  provider \"b\"\n  start    2026-01-01\n}\n\nmetric m = 1\n"
    );
}

#[test]
fn literals_and_strings_are_printed_as_written() {
    let out = formats(
        "literals",
        "contract \"Two  spaces\\t\\\"kept\\\"\" { monthly_fee 1_000.50\t  EUR start 2026-01-01 }\n\
         metric r = 55.00 EUR/h * 1h30m + -3.5 * 1_000\n",
    );
    assert_eq!(
        out,
        "contract \"Two  spaces\\t\\\"kept\\\"\" {\n  monthly_fee 1_000.50 EUR\n  start       2026-01-01\n}\n\n\
         metric r = 55.00 EUR/h * 1h30m + -3.5 * 1_000\n"
    );
}

#[test]
fn parentheses_are_neither_added_nor_dropped() {
    let out = formats("parens", "metric m = ((a + b)) * (c) - (-(d))\nmetric n = a + b * c\n");
    assert_eq!(out, "metric m = ((a + b)) * (c) - (-(d))\n\nmetric n = a + b * c\n");
}

#[test]
fn files_with_syntax_errors_are_not_formatted() {
    let errors = format("metric m = \ncontract \"C\" {}\n").expect_err("a syntax error");
    assert!(!errors.is_empty());
    let errors = format("contract \"C\" { start 2026-02-30 }\n").expect_err("an impossible date");
    assert!(!errors.is_empty());
}

#[test]
fn empty_files_and_files_of_comments() {
    assert_eq!(formats("empty", ""), "");
    assert_eq!(formats("blank", "\n\n  \n"), "");
    assert_eq!(formats("comments", "\n\n// one\n\n\n// two\n   // three   \n\n"), "// one\n\n// two\n// three\n");
}

/// The items of the acme example as text: each from the first `///` line
/// above it (or its keyword) to the start of the next one.
fn acme_items(text: &str) -> Vec<String> {
    let parsed = parse(text, FileId(0));
    let mut starts: Vec<usize> = parsed
        .ast
        .items
        .iter()
        .map(|item| {
            let mut start = item.span.start as usize;
            while item.doc.is_some() && start > 0 {
                let above = text[..start - 1].rfind('\n').map_or(0, |n| n + 1);
                if !text[above..start].trim_start().starts_with("///") {
                    break;
                }
                start = above;
            }
            start
        })
        .collect();
    starts.push(text.len());
    starts.windows(2).map(|w| text[w[0]..w[1]].trim_end().to_string()).collect()
}

/// Drops the lines of a block item's body picked by `drop` (never its head,
/// its `}`, or a line that opens or closes a nested block).
fn drop_lines(item: &str, drop: &[bool]) -> String {
    let lines: Vec<&str> = item.lines().collect();
    if !lines[0].contains('{') {
        return item.to_string();
    }
    let last = lines.len() - 1;
    lines
        .iter()
        .enumerate()
        .filter(|(i, line)| *i == 0 || *i == last || line.contains('{') || line.contains('}') || !drop[i % drop.len()])
        .map(|(_, line)| *line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces the whitespace between tokens by other whitespace picked by
/// `choices`, leaving strings and comments alone, and the blank between a
/// money amount and its currency on one line.
fn respace(text: &str, choices: &[u8]) -> String {
    const SPACES: [&str; 6] = [" ", "  ", "\t", "\n", "\n\n   ", " \n\t "];
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let (mut in_string, mut in_comment, mut pick) = (false, false, 0);
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if in_string || in_comment {
            out.push(ch);
            if in_string && ch == '\\' && i + 1 < chars.len() {
                out.push(chars[i + 1]);
                i += 1;
            } else if (in_string && ch == '"') || (in_comment && ch == '\n') {
                in_string = false;
                in_comment = false;
            }
            i += 1;
            continue;
        }
        match ch {
            '"' => in_string = true,
            '/' if chars.get(i + 1) == Some(&'/') => in_comment = true,
            _ => {}
        }
        if ch != ' ' && ch != '\n' {
            out.push(ch);
            i += 1;
            continue;
        }
        let end = (i..chars.len()).find(|&j| chars[j] != ' ' && chars[j] != '\n').unwrap_or(chars.len());
        let before_code =
            i > 0 && chars[i - 1].is_ascii_digit() && chars.get(end).is_some_and(char::is_ascii_uppercase);
        let choice = SPACES[usize::from(choices[pick % choices.len()]) % SPACES.len()];
        pick += 1;
        out.push_str(if before_code { " " } else { choice });
        i = end;
    }
    out
}

/// How many items the acme example has.
const ACME_ITEMS: usize = 17;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Shuffled, thinned and respaced variants of the acme example format to
    /// a fixed point with the same meaning.
    #[test]
    fn variants_of_acme_format_stably(
        order in Just((0..ACME_ITEMS).collect::<Vec<usize>>()).prop_shuffle(),
        keep in prop::collection::vec(prop::bool::weighted(0.8), ACME_ITEMS),
        drop in prop::collection::vec(prop::bool::weighted(0.3), 1..40),
        spaces in prop::collection::vec(0u8..6, 1..200),
    ) {
        let text = acme();
        let items = acme_items(&text);
        prop_assert_eq!(items.len(), ACME_ITEMS);
        let variant: Vec<String> = order
            .iter()
            .filter(|&&i| keep[i])
            .map(|&i| drop_lines(&items[i], &drop))
            .collect();
        let variant = respace(&variant.join("\n"), &spaces);
        let errors = parse(&variant, FileId(0)).diagnostics;
        prop_assert!(errors.is_empty(), "variant does not parse: {:?}\n{}", errors, variant);
        formats("variant", &variant);
    }
}

/// Expression text with its precedence level: 0 `or`, 1 `and`, 2 `not`,
/// 3 comparison, 4 `+ -`, 5 `* /`, 6 unary minus, 7 atom.
type Leveled = (u8, String);

/// `text` as an operand that needs at least precedence `need`: in
/// parentheses if it binds more loosely.
fn operand((level, text): Leveled, need: u8) -> String {
    if level >= need {
        text
    } else {
        format!("({text})")
    }
}

/// Random valid expressions, long ones included.
fn expression() -> impl Strategy<Value = Leveled> {
    let leaf = prop::sample::select(vec![
        "a",
        "tickets",
        "lost_time_of_the_month",
        "start",
        "1",
        "2.5",
        "95%",
        "1h30m",
        "1_000",
        "250.00 EUR",
        "55.00 EUR/h",
        "\"P1\"",
        "none",
        "true",
        "2026-01-01",
    ])
    .prop_map(|s| (7, s.to_string()));
    leaf.prop_recursive(5, 64, 4, |inner| {
        let binary = prop::sample::select(vec![
            ("or", 0, 0, 1),
            ("and", 1, 1, 2),
            ("==", 3, 4, 4),
            ("<=", 3, 4, 4),
            ("+", 4, 4, 5),
            ("-", 4, 4, 5),
            ("*", 5, 5, 6),
            ("/", 5, 5, 6),
        ]);
        let arg = (
            inner.clone(),
            prop::option::of(Just("surveys")),
            prop::option::of(inner.clone()),
            prop::option::of(inner.clone()),
        )
            .prop_map(|(value, of, filter, meeting)| {
                let mut text = operand(value, 0);
                if let Some(of) = of {
                    text += &format!(" of {of}");
                }
                if let Some(filter) = filter {
                    text += &format!(" where {}", operand(filter, 0));
                }
                if let Some(meeting) = meeting {
                    text += &format!(" meeting {}", operand(meeting, 0));
                }
                text
            });
        prop_oneof![
            3 => (inner.clone(), binary, inner.clone()).prop_map(|(l, (op, level, left, right), r)| {
                (level, format!("{} {op} {}", operand(l, left), operand(r, right)))
            }),
            1 => inner.clone().prop_map(|x| (2, format!("not {}", operand(x, 2)))),
            1 => inner.clone().prop_map(|x| (6, format!("-{}", operand(x, 6)))),
            1 => inner.clone().prop_map(|x| (7, format!("({})", x.1))),
            2 => (prop::sample::select(vec!["percent", "business_time", "f"]), prop::collection::vec(arg, 1..4))
                .prop_map(|(f, args)| (7, format!("{f}({})", args.join(", ")))),
            1 => (inner.clone(), prop::collection::vec(inner, 0..3)).prop_map(|(x, items)| {
                let items: Vec<String> = items.into_iter().map(|i| operand(i, 0)).collect();
                (3, format!("{} in [{}]", operand(x, 4), items.join(", ")))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Random expressions, respaced, format to a fixed point with the same
    /// AST, parentheses included.
    #[test]
    fn random_expressions_format_stably(
        e in expression(),
        spaces in prop::collection::vec(0u8..6, 1..50),
        name in prop::sample::select(vec!["m", "a_much_longer_metric_name_for_the_month"]),
    ) {
        let text = respace(&format!("metric {name} = {}\n", e.1), &spaces);
        let errors = parse(&text, FileId(0)).diagnostics;
        prop_assert!(errors.is_empty(), "does not parse: {:?}\n{}", errors, text);
        formats("expression", &text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The snapshot inputs, their whitespace replaced at random (which turns
    /// some trailing comments into own-line ones), still format to a fixed
    /// point with the same meaning.
    #[test]
    fn respaced_snapshot_inputs_format_stably(
        which in 0usize..3,
        spaces in prop::collection::vec(0u8..6, 1..300),
    ) {
        let text = respace([MESSY, ODD_COMMENTS, LONG_EXPRESSIONS][which], &spaces);
        let errors = parse(&text, FileId(0)).diagnostics;
        prop_assert!(errors.is_empty(), "does not parse: {:?}\n{}", errors, text);
        formats("respaced", &text);
    }
}

const MONEY_REGIMES: &str = r#"contract "Money" { client "C" provider "P" start 2026-01-01 end 2026-12-31 timezone "UTC" currency EUR
monthly_fee 100000.00 EUR at_risk 10% point_value   0.5%  of   monthly_fee annual_cap 50000.00 EUR   rolling }
sla per_unit { metric availability target >= 99%
credit 1000.00 EUR*floor((target-value)/0.1%)   // per whole 0.1 point
bonus 0.5%*monthly_fee*ceil((value - target) / 1%)
when value<90%  chronic failure
when failed 2 of 3 months credit x 1.5 }
sla kpi { metric availability target >= 99% points { below 99%:1 below 98% : 2 below target - 3% :3 // worst
}
when missed 2 consecutive months points x 2, escalate level 1 }
"#;

#[test]
fn money_regimes_align_like_the_other_fields() {
    insta::assert_snapshot!(formats("money regimes", MONEY_REGIMES));
}

#[test]
fn export_options_are_laid_out_one_per_line() {
    let text = "dataset d from csv \"x/*.csv\" { a timestamp = \"A\" period by a  delimiter   \";\"  decimal \",\"\nencoding \"latin1\" multiline }\n\
                dataset e from xlsx \"e.xlsx\" { a timestamp = \"A\"   sheet  \"Incidents\" period by a skip 1 rows }\n";
    assert_eq!(
        formats("options", text),
        "dataset d from csv \"x/*.csv\" {\n  a timestamp = \"A\"\n  period by a\n  delimiter \";\"\n  decimal \",\"\n  encoding \"latin1\"\n  multiline\n}\n\n\
         dataset e from xlsx \"e.xlsx\" {\n  a timestamp = \"A\"\n  sheet \"Incidents\"\n  period by a\n  skip 1 rows\n}\n"
    );
}

#[test]
fn table_datasets_are_laid_out_like_file_datasets() {
    let text =
        "dataset t   from   table\n\"itsm.incidents\" { id text = \"number\"  opened timestamp = \"opened_at\"\n\
                period by opened timezone \"UTC\"  missing \"N/A\" }\n";
    let formatted = "dataset t from table \"itsm.incidents\" {\n  id     text      = \"number\"\n  \
                     opened timestamp = \"opened_at\"\n  period by opened\n  timezone \"UTC\"\n  missing \"N/A\"\n}\n";
    assert_eq!(formats("table", text), formatted);
    assert_eq!(formats("table, formatted", formatted), formatted);
}
