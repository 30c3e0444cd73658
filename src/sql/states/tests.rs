//! States files read back against the conformance cases they were worked
//! out for by hand (`tests/states/CASE.csv`; `tests/cli_states.rs` says how
//! each figure was worked out), and every way a file can be wrong.

use super::{fingerprint, EngineStates, StatesFile};
use crate::check::{check_file, RealFs};
use crate::eval::{evaluate_with_states, evaluate_with_threads, Evaluation, Period};
use crate::ir::Program;
use crate::report::ContractFiles;
use std::path::{Path, PathBuf};

/// A conformance case: its program, fingerprint and data directory.
struct Case {
    program: Program,
    fingerprint: String,
    data: PathBuf,
    fixture: String,
}

fn case(name: &str) -> Case {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/conformance").join(name);
    let checked = check_file(&dir.join("contract.xla"), &RealFs).unwrap();
    let fingerprint = fingerprint(&ContractFiles::new(&checked.sources));
    let fixture = std::fs::read_to_string(root.join("tests/states").join(format!("{name}.csv"))).unwrap();
    let fixture = fixture.replace("CONTRACT_SHA256", &fingerprint);
    Case { program: checked.program.unwrap(), fingerprint, data: dir.join("data"), fixture }
}

impl Case {
    fn states(&self, text: &str, through: Period) -> Result<EngineStates, super::StatesError> {
        let file = StatesFile::parse("states.csv", text.as_bytes())?;
        EngineStates::build(&self.program, through, &self.fingerprint, &[file])
    }

    fn local(&self, through: Period) -> Evaluation<'_> {
        evaluate_with_threads(&self.program, &self.data, through, &mut |_: &str, _: u64| {}, 1).unwrap()
    }

    fn settled_from(&self, text: &str, through: Period) -> Result<Evaluation<'_>, crate::eval::EvalError> {
        let states = self.states(text, through).unwrap();
        let nowhere = Path::new("/nonexistent");
        evaluate_with_states(&self.program, nowhere, through, &mut |_: &str, _: u64| {}, 1, states)
    }
}

const CASES: [(&str, &str); 4] = [
    ("aggregates", "2026-02"),
    ("rolling_interval_overlap", "2026-02"),
    ("rolling_percent", "2026-03"),
    ("rejected_rows_within_limit", "2026-01"),
];

/// The accumulators built from a states file give the month and window
/// values the local evaluator gives: month states, window states of an
/// interval dataset given by the file, windows of an instant dataset merged
/// from month states.
#[test]
fn states_evaluate_as_the_files_do() {
    for (name, through) in CASES {
        let c = case(name);
        let through = through.parse().unwrap();
        let local = c.local(through);
        let engine = c.settled_from(&c.fixture, through).unwrap();
        assert_eq!(engine.aggregates, local.aggregates, "{name}");
        assert_eq!(engine.windows, local.windows, "{name}");
        assert_eq!(engine.rejected_total, local.rejected_total, "{name}");
        for (e, l) in engine.inputs.iter().zip(&local.inputs) {
            assert_eq!((e.engine.as_str(), l.engine.as_str()), (name_engine(&c.fixture), "local"), "{name}");
            let (ef, lf) = (&e.files[0], &l.files[0]);
            assert_eq!(ef.path, format!("file:{}", lf.path), "{name}");
            assert_eq!(ef.sha256, crate::report::sha256_hex(c.fixture.as_bytes()), "{name}");
            let counts = |f: &crate::eval::FileInput| {
                (f.rows_read, f.lines, f.rows_rejected, f.rows_collapsed, f.rows_without_period, f.rows_used.clone())
            };
            assert_eq!(counts(ef), counts(lf), "{name}");
        }
    }
}

fn name_engine(fixture: &str) -> &str {
    fixture.lines().find_map(|l| l.strip_prefix("header,,,,,engine,")).map_or("", |e| e.trim_end_matches(','))
}

#[test]
fn windows_of_an_interval_dataset_come_from_the_file_not_from_months() {
    // Without its window records, the two-month count of outages would be
    // the empty state (0), where merging months would give 4 (O1 twice).
    let c = case("rolling_interval_overlap");
    let through = "2026-02".parse().unwrap();
    let text: String = c
        .fixture
        .lines()
        .filter(|l| !(l.starts_with("state,") && l.contains("2026-01,2026-02,")))
        .map(|l| format!("{l}\n"))
        .collect();
    let engine = c.settled_from(&text, through).unwrap();
    assert_eq!(engine.aggregates[0][1].value, crate::value::Value::Number(0.into()));
    assert_eq!(c.local(through).aggregates[0][1].value, crate::value::Value::Number(3.into()));
}

#[test]
fn the_fingerprint_hashes_path_nul_sha256_lines_in_order() {
    let files = ContractFiles {
        root: crate::report::FileDigest { path: "contract.xla".into(), sha256: "aa".into() },
        includes: vec![crate::report::FileDigest { path: "lib/x.xla".into(), sha256: "bb".into() }],
    };
    assert_eq!(fingerprint(&files), crate::report::sha256_hex(b"contract.xla\0aa\nlib/x.xla\0bb\n"));
}

#[test]
fn reject_up_to_is_enforced_on_the_rows_the_engine_read() {
    let c = case("rejected_rows_within_limit");
    let through = "2026-01".parse().unwrap();
    let text = c.fixture.replace("rows_read,,12", "rows_read,,8");
    let e = c.settled_from(&text, through).unwrap_err().to_string();
    assert_eq!(
        e,
        "dataset `tickets`: 5 of 8 rows rejected (62.5%), more than the 50% allowed by `reject up to`\n  \
         file:tickets.csv, row with key `C`: column `priority`: not one of P1 and P2\n  \
         file:tickets.csv, row with key `D`: column `hours`: not a number\n  \
         file:tickets.csv, row with key `F`: column `hours`: empty\n  \
         file:tickets.csv, row with key `K`: column `reopens`: not a whole number ≥ 0\n  \
         file:tickets.csv, row with key `L`: column `reopens`: not a whole number ≥ 0"
    );
}

#[test]
fn rows_rejected_for_one_reason_may_share_a_key() {
    // Two telemetry rows of one day with the same bad value: without
    // `unique by` a row's key is its first column, here the same for both.
    let c = case("rejected_rows_within_limit");
    let through = "2026-01".parse().unwrap();
    let text = c.fixture.replace("reject_key,tickets,4,,,reopens,L,", "reject_key,tickets,4,,,reopens,K,");
    let e = c.settled_from(&text.replace("rows_read,,12", "rows_read,,8"), through).unwrap_err().to_string();
    assert!(
        e.ends_with(
            "file:tickets.csv, row with key `K`: column `reopens`: not a whole number ≥ 0\n  \
             file:tickets.csv, row with key `K`: column `reopens`: not a whole number ≥ 0"
        ),
        "{e}"
    );
    assert!(c.settled_from(&text, through).is_ok());
}

/// Every way a states file can be wrong, as a change to a good file (the
/// `rolling_interval_overlap` one: `from` replaced by `to`, or `to`
/// appended when `from` is empty), with the line and message expected.
#[test]
fn malformed_files_are_errors_naming_the_line() {
    let cases: &[(&str, &str, &str)] = &[
        // CSV and records.
        ("record,dataset", "rec,dataset", "states.csv:1: the header is `rec,dataset,aggregate"),
        ("header,,,,,engine,duckdb,", "header,,,,,engine,duckdb", "states.csv:4: a record has 7 fields"),
        ("", "footer,,,,,x,,", "states.csv:29: unknown record `footer`"),
        ("", "header,,,,,version,1,", "states.csv:29: unknown `header` field `version`"),
        ("", "input,outages,,,,rows_lost,,1", "states.csv:29: unknown `input` field `rows_lost`"),
        ("", "state,outages,1,2026-01,2026-01,average,1,", "states.csv:29: unknown `state` field `average`"),
        ("state,outages,1,2026-01,2026-01,rows,,2", "state,outages,1,2026-1,2026-01,rows,,2", "states.csv:15: `first_month`: `2026-1` is not a month"),
        ("state,outages,1,2026-01,2026-01,rows,,2", "state,outages,1,2026-13,2026-13,rows,,2", "states.csv:15: `first_month`: `2026-13` is not a month"),
        ("state,outages,1,2026-01,2026-01,rows,,2", "state,outages,1,2026-01,2026-01,rows,,2.0", "states.csv:15: the weight `2.0` is not a whole number"),
        ("state,outages,1,2026-01,2026-01,rows,,2", "state,outages,1,2026-01,2026-01,rows,,-2", "states.csv:15: the weight `-2` is not a whole number"),
        ("state,outages,2,2026-01,2026-01,total,10800,", "state,outages,2,2026-01,2026-01,total,1.08E4,", "states.csv:17: the value `1.08E4` is not a decimal in plain notation"),
        ("state,outages,1,2026-01,2026-01,rows,,2", "state,outages,1,2026-01,2026-01,rows,3,2", "states.csv:15: a `state` record has no `value`"),
        ("state,outages,1,2026-01,2026-01,rows,,2", "state,outages,1,2026-01,2026-01,rows,,", "states.csv:15: a `state` record needs a `weight`"),
        // Headers.
        ("header,,,,,format,xla-states/1,", "header,,,,,format,xla-states/2,", "states.csv:2: the format is `xla-states/2`; this xla reads `xla-states/1`"),
        ("header,,,,,format,xla-states/1,\n", "", "states.csv: there is no `header` record with the field `format`"),
        ("header,,,,,engine,duckdb,", "header,,,,,engine,DuckDB,", "states.csv:4: the engine `DuckDB` is not a name"),
        ("", "header,,,,,engine,spark,", "states.csv:29: a second `header` `engine` (the first is on line 4)"),
        ("header,,,2026-01,2026-02,term,,", "header,,,2026-01,2026-03,term,,", "states.csv:5: the states cover 2026-01 to 2026-03, but settling through 2026-02 needs 2026-01 to 2026-02"),
        ("header,,,2026-01,2026-02,term,,", "header,,,2025-12,2026-02,term,,", "states.csv:5: the states cover 2025-12 to 2026-02"),
        // Inputs.
        ("file:outages.csv", "table:ops.outages", "states.csv:6: dataset `outages`: the source is `table:ops.outages`, but the contract reads it from `file:outages.csv`"),
        ("input,outages,,,,source,file:outages.csv,\n", "", "states.csv:6: dataset `outages`: there is no `input` `source` record"),
        ("input,outages,,,,rows_read,,4\n", "", "states.csv:6: dataset `outages`: there is no `input` `rows_read` record"),
        ("", "input,outages,,,,rows_read,,4", "states.csv:29: dataset `outages`: a second `rows_read` (the first is on line 7)"),
        ("", "input,outages,,,,source,file:outages.csv,", "states.csv:29: dataset `outages`: a second `source` (the first is on line 6)"),
        ("rows_rejected,,0", "rows_rejected,,2", "states.csv:8: dataset `outages`: the `reject` records count 0 rows, but `rows_rejected` is 2"),
        ("", "input,outages,,2026-03,2026-03,rows_used,,1", "states.csv:29: dataset `outages`: 2026-03 is not a settled month (2026-01 to 2026-02)"),
        ("", "input,incidents,,,,rows_read,,4", "states.csv:29: the contract has no dataset `incidents`"),
        // Rejections.
        ("", "reject,outages,1,,,start,not a timestamp,1", "states.csv:29: dataset `outages`: the `reject` records count 1 rows, but `rows_rejected` is 0"),
        ("", "reject_key,outages,7,,,start,O9,", "states.csv:29: dataset `outages`: no `reject` record is numbered 7"),
        ("rows_rejected,,0", "rows_rejected,,1\nreject,outages,1,,,start,not a timestamp,1", "states.csv:9: dataset `outages`: reason 1 lists no key of a rejected row"),
        ("rows_rejected,,0", "rows_rejected,,1\nreject,outages,1,,,start,not a timestamp,1\nreject_key,outages,1,,,end,O9,", "states.csv:10: dataset `outages`: reason 1 is about column `start`, but this key names column `end`"),
        ("rows_rejected,,0", "rows_rejected,,1\nreject,outages,1,,,start,not a timestamp,1\nreject_key,outages,1,,,start,O8,\nreject_key,outages,1,,,start,O9,", "states.csv:11: dataset `outages`: reason 1 lists more keys than it has rows"),
        ("rows_rejected,,0", "rows_rejected,,0\nreject,outages,1,,,start,not a timestamp,0", "states.csv:9: a `reject` record counts at least one row"),
        // States.
        ("state,outages,1,2026-01,2026-01,rows,,2", "state,outages,9,2026-01,2026-01,rows,,2", "states.csv:15: dataset `outages`: there is no aggregate 9: the contract has 4 (0 to 3)"),
        ("state,outages,1,2026-01,2026-01,rows,,2", "state,outages,1,2026-01,2026-01,total,2,", "states.csv:15: dataset `outages`: aggregate 1 is `count(outages)`: its states have no field `total`"),
        ("", "state,outages,1,2026-01,2026-01,rows,,2", "states.csv:29: dataset `outages`: a second `rows` in this state (the first is on line 15)"),
        ("", "state,outages,1,2026-01,2026-02,rows,,2", "states.csv:29: dataset `outages`: aggregate 1 (`count(outages)`) is not needed over 2026-01 to 2026-02"),
        ("state,outages,1,2026-01,2026-01,rows,,2", "state,outages,1,2026-01,2026-01,rows,,5", "states.csv:15: dataset `outages`: the state counts 5 rows, but only 4 were read"),
        ("state,outages,2,2026-01,2026-01,n,,2\n", "", "states.csv:17: dataset `outages`: a `total` and an `n` go together"),
        ("", "state,outages,1,2026-02,2026-01,rows,,2", "states.csv:29: the span 2026-02 to 2026-01 ends before it starts"),
    ];
    let c = case("rolling_interval_overlap");
    let through = "2026-02".parse().unwrap();
    for (from, to, expected) in cases {
        let text = if from.is_empty() { format!("{}{to}\n", c.fixture) } else { c.fixture.replacen(from, to, 1) };
        assert_ne!(text, c.fixture, "{expected}: the change does not apply");
        let e = c.states(&text, through).map(|_| ()).unwrap_err().to_string();
        assert!(e.starts_with(expected), "expected `{expected}`, got `{e}`");
    }
}

#[test]
fn a_fingerprint_of_another_contract_is_an_error() {
    let c = case("rolling_interval_overlap");
    let text = c.fixture.replace(&c.fingerprint, &"0".repeat(64));
    let e = c.states(&text, "2026-02".parse().unwrap()).unwrap_err().to_string();
    assert!(e.starts_with("states.csv:3: the states were computed for the contract with fingerprint 0000"), "{e}");
}

#[test]
fn a_dataset_in_two_files_is_an_error() {
    let c = case("rolling_interval_overlap");
    let files: Vec<StatesFile> =
        ["a.csv", "b.csv"].iter().map(|n| StatesFile::parse(n, c.fixture.as_bytes()).unwrap()).collect();
    let e = EngineStates::build(&c.program, "2026-02".parse().unwrap(), &c.fingerprint, &files).unwrap_err();
    assert_eq!(e.to_string(), "b.csv:6: dataset `outages` is also in the states file a.csv");
}

#[test]
fn more_aggregate_errors() {
    let c = case("aggregates");
    let through = "2026-02".parse().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        (
            "state,samples,10,2026-01,2026-01,key,a,1",
            "state,samples,11,2026-01,2026-01,key,a,1",
            "dataset `samples`: the key `a` is not a decimal in plain notation",
        ),
        (
            "state,samples,11,2026-01,2026-01,key,4,1",
            "state,samples,11,2026-01,2026-01,key,4,1\nstate,samples,11,2026-01,2026-01,key,4.0,1",
            "dataset `samples`: the key `4.0` is listed twice",
        ),
        (
            "state,samples,10,2026-01,2026-01,key,a,1",
            "state,samples,10,2026-01,2026-01,key,a,2",
            "a `key` record has weight 1",
        ),
        (
            "state,samples,3,2026-01,2026-01,value,1,1",
            "state,samples,3,2026-01,2026-01,value,10.0,1",
            "dataset `samples`: the value 10 is listed twice",
        ),
        (
            "state,samples,3,2026-01,2026-01,value,1,1",
            "state,samples,3,2026-01,2026-01,value,1,0",
            "a `value` record gives how many rows hold the value",
        ),
        (
            "state,samples,3,2026-01,2026-01,value,1,1",
            "state,samples,3,2026-01,2026-01,value,1,99",
            "dataset `samples`: the state counts 104 rows, but only 18 were read",
        ),
        (
            "state,samples,4,2026-01,2026-01,best,1,",
            "state,samples,4,2026-01,2026-01,best,99999999999999999999999999999999,",
            "dataset `samples`: the value 99999999999999999999999999999999 does not fit a decimal",
        ),
        (
            "state,samples,0,2026-01,2026-01,rows,,7",
            "state,samples,0,2026-01,2026-02,rows,,7",
            "dataset `samples`: aggregate 0 (`count(samples)`) is over an instant dataset",
        ),
    ];
    for (from, to, expected) in cases {
        let text = c.fixture.replacen(from, to, 1);
        assert_ne!(text, c.fixture, "{expected}: the change does not apply");
        let e = c.states(&text, through).map(|_| ()).expect_err(expected).to_string();
        assert!(e.contains(expected), "expected `{expected}`, got `{e}`");
    }
}

#[test]
fn a_total_beyond_the_decimal_range_is_out_of_range() {
    let c = case("aggregates");
    let through = "2026-02".parse().unwrap();
    let text = c.fixture.replacen(
        "state,samples,1,2026-01,2026-01,total,30,",
        "state,samples,1,2026-01,2026-01,total,99999999999999999999999999999999,",
        1,
    );
    let engine = c.settled_from(&text, through).unwrap();
    assert!(engine.aggregates[1][0].out_of_range);
    assert!(!engine.aggregates[1][1].out_of_range);
}

#[test]
fn an_aggregate_of_another_dataset_is_an_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = check_file(&root.join("tests/conformance/credit_expression/contract.xla"), &RealFs).unwrap();
    let print = fingerprint(&ContractFiles::new(&checked.sources));
    let program = checked.program.unwrap();
    let first = Period::of(program.contract.start);
    let text = format!(
        "record,dataset,aggregate,first_month,last_month,field,value,weight\n\
         header,,,,,format,xla-states/1,\n\
         header,,,,,contract_sha256,{print},\n\
         header,,,,,engine,duckdb,\n\
         header,,,{first},{first},term,,\n\
         state,tickets,1,{first},{first},total,1,\n"
    );
    let file = StatesFile::parse("states.csv", text.as_bytes()).unwrap();
    let e = EngineStates::build(&program, first, &print, &[file]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "states.csv:6: dataset `tickets`: aggregate 1 is `mean(avail of readings)`, over dataset `readings`"
    );
}
