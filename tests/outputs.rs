//! The settlement outputs of LANGUAGE.md §8.4, through the library: the
//! JSON fields and their exact text, the ledger, determinism and atomic
//! writes.

use serde_json::{json, Value};
use std::fs;
use std::path::Path;
use xla::check::{check_file, RealFs};
use xla::eval::{self, Period};
use xla::report::{self, explain, ContractFiles, Inputs, OutputFile};

/// Fee 10,000.00 EUR; credits capped at 1,000.00 a month, bonuses at 200.00.
///
/// | month | tickets (ok) | on_time | fast   | volume | busy              |
/// |-------|--------------|---------|--------|--------|-------------------|
/// | Jan   | 4 (1)        | 25%     | failed | 4      | met               |
/// | Feb   | 7 (3)        | 42.86%  | failed | 7      | failed: band 6%   |
/// | Mar   | 2 (2)        | 100%    | met    | 2      | met, bonus 3%     |
/// | Apr   | 0            | none    | n/m    | 0      | met, bonus 3%     |
///
/// `steady`: B = (4 + 7) / 2 = 5.5, target <= 6.5 from March. `climb`:
/// B = 4, target 3 in February; March's base is February's 7, but the
/// ratchet keeps 3 rather than 6; April's base is March's 2: target 1.
///
/// Feb: 700.00 + 600.00 = 1,300.00 over the 1,000.00 cap → 538.46 and
/// 461.54. Mar: `fast` met one month, so Jan's 700.00 and Feb's 538.46
/// come back. Mar and Apr: the 300.00 bonus is capped at 200.00.
const CONTRACT: &str = r#"
contract "Test Services" {
  client      "Client Co"
  provider    "Provider Co"
  start       2026-01-01
  end         2026-12-31
  timezone    "UTC"
  currency    EUR
  monthly_fee 10000.00 EUR
  at_risk     10%
  gain_cap    2%
}

dataset tickets from csv "tickets.csv" {
  id     text      = "id"
  ok     bool      = "ok"
  closed timestamp = "closed"
  period by closed
  reject up to 10%
}

metric on_time = percent(tickets meeting ok)
metric volume  = count(tickets)

escalation {
  level 1 "Service managers" within 3 business days
}

sla fast "Fast fixes" {
  metric     on_time
  target     >= 90%
  minimum    >= 50%
  allocation 70%
  when failed escalate level 1
  earnback after 1 consecutive months met
}

xla busy "Ticket volume" {
  metric volume
  target <= 5
  credit { above 5 : 6% of monthly_fee }
  bonus  { below 3 : 3% of monthly_fee }
}

xla steady "Steady volume" {
  metric   volume
  baseline first 2 months
  target   <= baseline + 1
  credit   { above target : 100.00 EUR }
}

xla climb "Falling volume" {
  metric   volume
  baseline first 1 months
  target   <= baseline - 1 reviewed every 1 months ratchet
  credit   { above target + 10 : 100.00 EUR }
}
"#;

const TICKETS: &str = "id,ok,closed
T0,true,2025-12-31T10:00:00Z
T1,true,2026-01-05T10:00:00Z
T2,false,2026-01-06T10:00:00Z
T3,false,2026-01-07T10:00:00Z
T4,false,2026-01-08T10:00:00Z
T5,true,2026-02-02T10:00:00Z
T6,true,2026-02-03T10:00:00Z
T7,true,2026-02-04T10:00:00Z
T8,false,2026-02-05T10:00:00Z
T9,false,2026-02-06T10:00:00Z
T10,false,2026-02-09T10:00:00Z
T11,false,2026-02-10T10:00:00Z
T12,maybe,2026-02-11T10:00:00Z
T13,true,2026-03-02T10:00:00Z
T14,true,2026-03-03T10:00:00Z
";

/// Writes the contract and its data into `dir`.
fn scenario(dir: &Path) {
    fs::write(dir.join("contract.xla"), CONTRACT).unwrap();
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("data/tickets.csv"), TICKETS).unwrap();
}

/// Checks, evaluates, settles and renders the outputs of `from` through `through`.
fn render(dir: &Path, from: &str, through: &str) -> Vec<OutputFile> {
    let checked = check_file(&dir.join("contract.xla"), &RealFs).unwrap();
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let program = checked.program.clone().unwrap();
    let through: Period = through.parse().unwrap();
    let evaluation = eval::evaluate(&program, &dir.join("data"), through, &mut |_: &str, _: u64| {}).unwrap();
    let settlement = xla::settle::settle(&evaluation).unwrap();
    let files = ContractFiles::new(&checked.sources);
    let inputs = Inputs { eval: &evaluation, settlement: &settlement, contract: &files };
    report::outputs(inputs, from.parse().unwrap(), through).unwrap()
}

fn file<'a>(outputs: &'a [OutputFile], name: &str) -> &'a [u8] {
    &outputs.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no {name}")).bytes
}

fn json_of(outputs: &[OutputFile], name: &str) -> Value {
    serde_json::from_slice(file(outputs, name)).unwrap()
}

#[test]
fn outputs_are_the_months_asked_for_and_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let names: Vec<String> = render(dir.path(), "2026-02", "2026-03").into_iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "settlement-2026-02.json",
            "settlement-2026-02.md",
            "settlement-2026-03.json",
            "settlement-2026-03.md",
            "ledger.csv"
        ]
    );
}

#[test]
fn json_has_the_fixed_fields_with_exact_text() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let outputs = render(dir.path(), "2026-02", "2026-04");
    let feb = json_of(&outputs, "settlement-2026-02.json");
    let keys: Vec<&str> = feb.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "schema",
            "period",
            "contract",
            "inputs",
            "metrics",
            "clauses",
            "escalations",
            "earnbacks",
            "gains",
            "flags",
            "totals",
            "rejected_rows"
        ]
    );
    assert_eq!(feb["schema"], "xla-settlement/1");
    assert_eq!(feb["period"], "2026-02");

    let contract = &feb["contract"];
    assert_eq!(contract["name"], "Test Services");
    assert_eq!(contract["client"], "Client Co");
    assert_eq!(contract["provider"], "Provider Co");
    assert_eq!(contract["currency"], "EUR");
    assert!(contract["file"].as_str().unwrap().ends_with("contract.xla"));
    let bytes = fs::read(dir.path().join("contract.xla")).unwrap();
    assert_eq!(contract["sha256"], report_sha256(&bytes));
    assert_eq!(contract["includes"], json!([]));

    let tickets = &feb["inputs"][0];
    assert_eq!(tickets["dataset"], "tickets");
    let f = &tickets["files"][0];
    assert_eq!(f["path"], "tickets.csv");
    assert_eq!(f["sha256"], report_sha256(TICKETS.as_bytes()));
    assert_eq!(f["rows_read"], 15);
    assert_eq!(f["rows_used"], 7);
    assert_eq!(f["rows_rejected"], 1);
    assert_eq!(f["rows_without_period"], 1);

    assert_eq!(
        feb["metrics"],
        json!([
            {"name": "on_time", "unit": "percent", "value": "42.8571428571428571", "volume": 7},
            {"name": "volume", "unit": "count", "value": "7", "volume": null}
        ])
    );

    let fast = &feb["clauses"][0];
    assert_eq!(
        fast,
        &json!({
            "id": "fast", "kind": "sla", "title": "Fast fixes", "metric": "on_time", "unit": "percent",
            "value": "42.8571428571428571",
            "target": {"op": ">=", "value": "90"}, "minimum": {"op": ">=", "value": "50"},
            "status": "failed", "credit_before_cap": "700.00", "credit": "538.46",
            "bonus_before_cap": "0.00", "bonus": "0.00", "chronic_failure": false, "points": null, "volume": 7
        })
    );
    let busy = &feb["clauses"][1];
    assert_eq!(busy["status"], "failed"); // no minimum: every miss is a failure
    assert_eq!(busy["minimum"], Value::Null);
    assert_eq!(busy["credit_before_cap"], "600.00");
    assert_eq!(busy["credit"], "461.54");
    // Inside the baseline window there is no target yet.
    let steady = &feb["clauses"][2];
    assert_eq!(steady["status"], "baselining");
    assert_eq!(steady["target"], Value::Null);
    assert_eq!(steady["value"], "7");

    assert_eq!(
        feb["escalations"],
        json!([{"clause": "fast", "level": 1, "role": "Service managers", "due": "2026-03-03", "condition": "failed"}])
    );
    assert_eq!(feb["earnbacks"], json!([]));
    assert_eq!(feb["gains"], json!([]));
    assert_eq!(feb["flags"], json!({"watermelon": false, "chronic_failure": []}));
    assert_eq!(
        feb["totals"],
        json!({"monthly_fee": "10000.00", "credits": "1000.00", "earnbacks": "0.00",
               "bonuses_and_gains": "0.00", "net": "9000.00", "points": "0"})
    );
    let rejected = &feb["rejected_rows"];
    assert_eq!(rejected["count"], 1);
    assert_eq!(rejected["first"][0]["file"], "tickets.csv");
    assert_eq!(rejected["first"][0]["line"], 14);
    assert_eq!(rejected["first"][0]["column"], "ok");
    assert!(rejected["first"][0]["reason"].as_str().unwrap().contains("maybe"));

    // March: earnbacks of both credits, the bonus capped, a baseline target.
    let mar = json_of(&outputs, "settlement-2026-03.json");
    assert_eq!(
        mar["earnbacks"],
        json!([{"clause": "fast", "charged_in": "2026-01", "amount": "700.00"},
               {"clause": "fast", "charged_in": "2026-02", "amount": "538.46"}])
    );
    assert_eq!(mar["clauses"][1]["bonus_before_cap"], "300.00");
    assert_eq!(mar["clauses"][1]["bonus"], "200.00");
    // B = (4 + 7) / 2 = 5.5, so the target is <= 6.5.
    assert_eq!(mar["clauses"][2]["target"], json!({"op": "<=", "value": "6.5"}));
    assert_eq!(mar["totals"]["net"], "11438.46");

    // April: no rows, so `on_time` is none and `fast` is not measured.
    let apr = json_of(&outputs, "settlement-2026-04.json");
    assert_eq!(apr["metrics"][0]["value"], Value::Null);
    assert_eq!(apr["metrics"][0]["volume"], 0);
    assert_eq!(apr["clauses"][0]["value"], Value::Null);
    assert_eq!(apr["clauses"][0]["status"], "not_measured");
    assert_eq!(apr["inputs"][0]["files"][0]["rows_used"], 0);
}

#[test]
fn ledger_lists_every_money_line_from_the_start_of_the_term() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    // Only April is asked for; the ledger still covers January to April.
    let outputs = render(dir.path(), "2026-04", "2026-04");
    assert_eq!(
        String::from_utf8(file(&outputs, "ledger.csv").to_vec()).unwrap(),
        "period,kind,id,amount_before_cap,amount
2026-01,credit,fast,700.00,700.00
2026-02,credit,fast,700.00,538.46
2026-02,credit,busy,600.00,461.54
2026-03,earnback,fast,700.00,700.00
2026-03,earnback,fast,538.46,538.46
2026-03,bonus,busy,300.00,200.00
2026-04,bonus,busy,300.00,200.00
"
    );
}

#[test]
fn the_same_inputs_give_byte_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let first = render(dir.path(), "2026-01", "2026-04");
    let second = render(dir.path(), "2026-01", "2026-04");
    assert_eq!(first, second);

    let out = dir.path().join("settlements");
    report::write_atomically(&out, &first).unwrap();
    let written: Vec<Vec<u8>> = first.iter().map(|f| fs::read(out.join(&f.name)).unwrap()).collect();
    report::write_atomically(&out, &second).unwrap();
    let rewritten: Vec<Vec<u8>> = first.iter().map(|f| fs::read(out.join(&f.name)).unwrap()).collect();
    assert_eq!(written, rewritten);
}

#[test]
fn writes_leave_no_temporary_files_and_a_failure_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let outputs = render(dir.path(), "2026-01", "2026-02");
    let out = dir.path().join("out");
    report::write_atomically(&out, &outputs).unwrap();
    let mut names: Vec<String> =
        fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "ledger.csv",
            "settlement-2026-01.json",
            "settlement-2026-01.md",
            "settlement-2026-02.json",
            "settlement-2026-02.md"
        ]
    );

    // An output path under a regular file cannot be created: nothing appears.
    let blocked = dir.path().join("blocker");
    fs::write(&blocked, "").unwrap();
    assert!(report::write_atomically(&blocked.join("out"), &outputs).is_err());
    assert!(!blocked.join("out").exists());
}

#[test]
fn months_outside_the_settlement_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let checked = check_file(&dir.path().join("contract.xla"), &RealFs).unwrap();
    let program = checked.program.clone().unwrap();
    let through: Period = "2026-02".parse().unwrap();
    let evaluation = eval::evaluate(&program, &dir.path().join("data"), through, &mut |_: &str, _: u64| {}).unwrap();
    let settlement = xla::settle::settle(&evaluation).unwrap();
    let files = ContractFiles::new(&checked.sources);
    let inputs = Inputs { eval: &evaluation, settlement: &settlement, contract: &files };
    let later = report::outputs(inputs, "2026-03".parse().unwrap(), "2026-03".parse().unwrap()).unwrap_err();
    assert_eq!(later.to_string(), "2026-03 was not settled (settled months: 2026-01 to 2026-02)");
    let backwards = report::outputs(inputs, "2026-02".parse().unwrap(), "2026-01".parse().unwrap()).unwrap_err();
    assert_eq!(backwards.to_string(), "--through 2026-01 is before --period 2026-02");
}

/// SHA-256 as the outputs write it.
fn report_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

#[test]
fn settling_before_the_term_gives_no_months_and_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let text = CONTRACT.replace("  metric     on_time\n", "  metric     on_time\n  from       2026-03-01\n");
    fs::write(dir.path().join("contract.xla"), text).unwrap();
    let checked = check_file(&dir.path().join("contract.xla"), &RealFs).unwrap();
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let program = checked.program.clone().unwrap();
    let before: Period = "2025-12".parse().unwrap();
    let evaluation = eval::evaluate(&program, &dir.path().join("data"), before, &mut |_: &str, _: u64| {}).unwrap();
    let settlement = xla::settle::settle(&evaluation).unwrap();
    assert!(settlement.months.is_empty());
}

/// Explains `clause` in `period` (settling through it) and returns the text.
fn explained(dir: &Path, clause: &str, period: &str) -> String {
    let checked = check_file(&dir.join("contract.xla"), &RealFs).unwrap();
    let program = checked.program.clone().unwrap();
    let period: Period = period.parse().unwrap();
    let evaluation = eval::evaluate(&program, &dir.join("data"), period, &mut |_: &str, _: u64| {}).unwrap();
    let settlement = xla::settle::settle(&evaluation).unwrap();
    let files = ContractFiles::new(&checked.sources);
    let inputs = Inputs { eval: &evaluation, settlement: &settlement, contract: &files };
    explain::explain(inputs, &checked, &dir.join("data"), clause, period).unwrap().to_string()
}

#[test]
fn explain_shows_how_a_baseline_target_was_set() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let steady = explained(dir.path(), "steady", "2026-03");
    for line in [
        "  <= 6.5: set from a baseline\n",
        "  baseline B = 5.5: the mean of the metric's values in 2026-01 to 2026-02 (4, 7)\n",
        "  no review: one base for the whole term; base 5.5 (B)\n",
        "  base + 1 = 6.5\n",
        "  met: rule 4: 2 satisfies the target <= 6.5\n",
    ] {
        assert!(steady.contains(line), "{line:?} not in\n{steady}");
    }
    let inside = explained(dir.path(), "steady", "2026-02");
    assert!(inside.contains("none yet: 2026-02 is inside the baseline window (2026-01 to 2026-02)"), "{inside}");

    let march = explained(dir.path(), "climb", "2026-03");
    for line in [
        "  <= 3: set from a baseline\n",
        "  baseline B = 4: the mean of the metric's values in 2026-01 to 2026-01 (4)\n",
        "  review period 1 (2026-03 to 2026-03, reviewed every 1 months); base 7 (the mean of review period 0 (2026-02 to 2026-02))\n",
        "  base - 1 = 6\n",
        "  ratchet: never less strict than the previous target, 3\n",
    ] {
        assert!(march.contains(line), "{line:?} not in\n{march}");
    }
    let april = explained(dir.path(), "climb", "2026-04");
    assert!(april.contains("  <= 1: set from a baseline\n"), "{april}");
    assert!(april.contains("  base - 1 = 1\n"), "{april}");
}

#[test]
fn explain_a_clause_whose_baseline_window_has_not_begun() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let text = CONTRACT.replace("  baseline first 2 months\n", "  baseline first 2 months\n  from     2026-06-01\n");
    fs::write(dir.path().join("contract.xla"), text).unwrap();
    let march = explained(dir.path(), "steady", "2026-03");
    assert!(march.contains("none yet: 2026-03 is before the baseline window (2026-06 to 2026-07)"), "{march}");
    assert!(march.contains("not_started: rule 1: the clause applies from 2026-06 on"), "{march}");
}

#[test]
fn explain_shows_the_rows_caps_and_earnbacks() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let feb = explained(dir.path(), "fast", "2026-02");
    assert!(feb.contains("  population: 7 rows of `tickets` in 2026-02\n"), "{feb}");
    assert!(feb.contains("  meeting: 3; not meeting: 4\n"), "{feb}");
    assert!(feb.contains("  first rows not meeting (by `id`): T8, T9, T10, T11\n"), "{feb}");
    assert!(feb.contains("  credit before the caps: 700.00 EUR\n"), "{feb}");
    assert!(
        feb.contains("  the monthly cap (at_risk 10% = 1,000.00 EUR) scaled the month's credit lines pro rata: this one by −161.54 EUR to 538.46 EUR\n"),
        "{feb}"
    );
    assert!(feb.contains("  credit after the caps: 538.46 EUR\n"), "{feb}");
    assert!(feb.contains("credits not yet earned back: 2026-01 (700.00 EUR), 2026-02 (538.46 EUR)"), "{feb}");
    let mar = explained(dir.path(), "fast", "2026-03");
    assert!(mar.contains("returned this month: 2026-01 (700.00 EUR), 2026-02 (538.46 EUR)"), "{mar}");
    let apr = explained(dir.path(), "fast", "2026-04");
    assert!(apr.contains("not_measured: rule 3: the metric has no value this month"), "{apr}");
}

#[test]
fn explain_refuses_an_unknown_clause() {
    let dir = tempfile::tempdir().unwrap();
    scenario(dir.path());
    let checked = check_file(&dir.path().join("contract.xla"), &RealFs).unwrap();
    let program = checked.program.clone().unwrap();
    let e = explain::find_subject(&program, "steddy").unwrap_err();
    assert_eq!(e.to_string(), "no clause or gain `steddy` in the contract; did you mean `steady`?");
    let e = explain::find_subject(&program, "zzz").unwrap_err();
    assert_eq!(
        e.to_string(),
        "no clause or gain `zzz` in the contract; its clauses and gains are `fast`, `busy`, `steady`, `climb`"
    );
}

#[test]
fn a_gain_without_a_line_is_listed_with_nulls() {
    // §8.4 (clarified): every gain is listed; one with no line this month
    // (baseline window, unknown baseline) has value and amounts null, in the
    // JSON and the Markdown, and no row in the ledger.
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/gain_no_line_in_window");
    let outputs = render(&case, "2026-01", "2026-03");
    let null_line = |id: &str| json!({"id": id, "value": null, "amount_before_cap": null, "amount": null});
    let jan = json_of(&outputs, "settlement-2026-01.json");
    assert_eq!(jan["gains"], json!([null_line("g"), null_line("h")]));
    let mar = json_of(&outputs, "settlement-2026-03.json");
    assert_eq!(mar["gains"][0]["amount"], "16.67");
    assert_eq!(mar["gains"][1], null_line("h"));
    let markdown = String::from_utf8(file(&outputs, "settlement-2026-03.md").to_vec()).unwrap();
    assert!(markdown.contains("| h — Productivity, late data | — | 30% | no line this month |"), "{markdown}");
    let ledger = String::from_utf8(file(&outputs, "ledger.csv").to_vec()).unwrap();
    assert_eq!(ledger, "period,kind,id,amount_before_cap,amount\n2026-03,gain,g,16.67,16.67\n");
}

/// Two gains, one with a baseline window: in January `early` has no line
/// (§7.6) and `flat` pays count × 10.00 EUR × 10% = 2 × 10.00 × 10% = 2.00.
/// In March `early` pays (baseline mean 40 − 30) × 100.00 EUR × 50% = 500.00.
const TWO_GAINS: &str = r#"
contract "Gain Services" {
  client      "Client Co"
  provider    "Provider Co"
  start       2026-01-01
  end         2026-12-31
  timezone    "UTC"
  currency    EUR
  monthly_fee 10000.00 EUR
  gain_cap    10%
}

dataset tickets from csv "tickets.csv" {
  minutes number    = "minutes"
  closed  timestamp = "closed"
  period by closed
}

metric mean_minutes = mean(minutes of tickets)

gain early "Early gain" {
  baseline first 2 months
  value    (baseline(mean_minutes) - mean_minutes) * 100.00 EUR
  share    50%
}

gain flat "Flat gain" {
  value count(tickets) * 10.00 EUR
  share 10%
}
"#;

#[test]
fn a_gain_in_its_baseline_window_is_listed_with_nulls_and_the_others_keep_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("contract.xla"), TWO_GAINS).unwrap();
    fs::create_dir_all(dir.path().join("data")).unwrap();
    let tickets = "minutes,closed\n30,2026-01-05T10:00:00Z\n50,2026-01-06T10:00:00Z\n\
                   40,2026-02-02T10:00:00Z\n40,2026-02-03T10:00:00Z\n\
                   20,2026-03-02T10:00:00Z\n40,2026-03-03T10:00:00Z\n";
    fs::write(dir.path().join("data/tickets.csv"), tickets).unwrap();
    let outputs = render(dir.path(), "2026-01", "2026-03");

    // LANGUAGE.md §8.4: a gain with no line this month is listed, with nulls.
    let jan = json_of(&outputs, "settlement-2026-01.json");
    assert_eq!(
        jan["gains"],
        json!([
            {"id": "early", "value": null, "amount_before_cap": null, "amount": null},
            {"id": "flat", "value": "20.00", "amount_before_cap": "2.00", "amount": "2.00"}
        ])
    );
    let mar = json_of(&outputs, "settlement-2026-03.json");
    assert_eq!(
        mar["gains"][0],
        json!({"id": "early", "value": "1000.00", "amount_before_cap": "500.00", "amount": "500.00"})
    );

    // The Markdown report shows January's one line under its own gain, and
    // the gain in its baseline window as having no line.
    let markdown = String::from_utf8(file(&outputs, "settlement-2026-01.md").to_vec()).unwrap();
    let rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| early") || l.starts_with("| flat")).collect();
    assert_eq!(rows.len(), 2, "{markdown}");
    assert!(rows[0].starts_with("| early — Early gain |") && rows[0].contains("no line this month"), "{}", rows[0]);
    assert!(rows[1].starts_with("| flat — Flat gain |") && rows[1].contains("| 10% |"), "{}", rows[1]);
}

#[test]
fn explain_walks_review_periods_past_an_unknown_baseline() {
    // §7.4 (clarified): the window (January) has no data; review period 0
    // has no target, period 1 takes its base from period 0's values.
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/baseline_unknown_review_periods");
    let february = explained(&case, "h", "2026-02");
    assert!(february.contains("none: the base of this review period is not known"), "{february}");
    assert!(february.contains("baseline B = none"), "{february}");
    let march = explained(&case, "h", "2026-03");
    assert!(march.contains(">= 71: set from a baseline"), "{march}");
    assert!(march.contains("base 70 (the mean of review period 0 (2026-02 to 2026-02))"), "{march}");
    let g_march = explained(&case, "g", "2026-03");
    assert!(
        g_march.contains("base none (kept: review period 0 had no value), so the target is not known"),
        "{g_march}"
    );
}
